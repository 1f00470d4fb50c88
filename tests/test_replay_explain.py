"""`claimwatch replay` prints the alerts that would fire; `explain` says why, step by step."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from monitor.cli import main

CLAIM = (
    "US intelligence officials have detected signs that Iran-backed militias are preparing to "
    "attack US bases in Iraq, and possibly Syria."
)
POSTS = [
    ("1", "agg", f"JUST IN: {CLAIM}", "2026-11-24T00:43:00Z"),
    ("2", "osint", f"🚨 BREAKING: {CLAIM} #Iran https://t.co/x", "2026-11-24T00:46:00Z"),
    ("3", "ww", f"RT @agg: JUST IN: {CLAIM}", "2026-11-24T00:47:00Z"),
    (
        "4",
        "osint",
        "🚨 Iran-backed militias launch drone attack on US base in Syria",
        "2026-11-24T01:10:00Z",
    ),
    ("5", "quake", "BREAKING: Earthquake strikes off the coast of Japan", "2026-11-24T01:11:00Z"),
]


@pytest.fixture
def config(tmp_path: Path) -> Path:
    cfg = tmp_path / "c.toml"
    cfg.write_text(f"""
[monitor]
state = "{tmp_path / "state.db"}"
[[topics]]
name = "iran-militias"
query = 'Iran AND (militia* OR proxies) AND (base OR bases)'
""")
    return cfg


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("sys.stderr", io.StringIO())
        code = main(list(argv), out=out)
    return code, out.getvalue()


def write_posts(path: Path) -> Path:
    path.write_text(
        "".join(
            json.dumps(
                {
                    "id": i,
                    "source": s,
                    "author": s,
                    "url": f"https://{s}.example/{i}",
                    "text": t,
                    "published": p,
                }
            )
            + "\n"
            for i, s, t, p in POSTS
        )
    )
    return path


def test_replay_prints_one_alert_per_story_with_the_earliest_post(
    config: Path, tmp_path: Path
) -> None:
    posts = write_posts(tmp_path / "posts.jsonl")
    code, out = run("replay", str(posts), "--json", "--config", str(config))
    assert code == 0
    alerts = [json.loads(line) for line in out.splitlines()]
    assert [(a["kind"], a["url"]) for a in alerts] == [
        ("new", "https://agg.example/1"),
        ("new", "https://osint.example/4"),
    ]
    assert alerts[0]["marker"] == "JUST IN" and alerts[0]["topic"] == "iran-militias"
    code, text = run("replay", str(posts), "--config", str(config))
    assert code == 0 and text.count("Original:") == 2 and "https://agg.example/1" in text
    assert not (tmp_path / "state.db").exists()  # replay leaves the daemon's state alone


def test_explain_shows_the_topic_terms_and_the_story_it_joins(config: Path, tmp_path: Path) -> None:
    posts = write_posts(tmp_path / "posts.jsonl")
    assert run("replay", str(posts), "--deliver", "--config", str(config))[0] == 0  # fills state
    code, out = run("explain", f"⚡ JUST IN - {CLAIM} #Iraq", "--config", str(config))
    assert code == 0
    assert "marker:     JUST IN" in out
    assert "iran-militias: matched (iran, militia*→militias, bases)" in out
    assert "verdict:    would alert" in out
    assert "story:      joins #1" in out
    assert "dedup:      tier exact" in out or "dedup:      tier near" in out


def test_explain_says_why_a_text_is_rejected(config: Path) -> None:
    code, out = run(
        "explain",
        "Iran-backed militias launch drone attack on US base in Syria",
        "--config",
        str(config),
    )
    assert code == 0
    assert "marker:     (none)" in out
    assert "rejected: no breaking-news marker" in out
    code, out = run("explain", "BREAKING: Earthquake strikes off Japan", "--config", str(config))
    assert "iran-militias: no match" in out and "rejected: matches no topic" in out
