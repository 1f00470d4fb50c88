"""Story life cycle through the real CLI and a local webhook: follow-ups, min_sources routing,
a late original, and updates that develop an earlier claim."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.notify.servers import WebhookReceiver

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
CLAIM = (
    "US intelligence officials have detected signs that Iran-backed militias are preparing "
    "to attack US bases in Iraq, and possibly Syria"
)
STRIKE = "Iran-backed militia drone strike on US base in Syria kills {} American soldiers"


def jsonl(path: Path, posts: list[tuple[str, str, str, int]]) -> Path:
    """posts: (id, source, text, minutes after T0)"""
    path.write_text(
        "".join(
            json.dumps(
                {
                    "id": pid,
                    "source": src,
                    "author": src,
                    "url": f"https://{src}.example/{pid}",
                    "text": text,
                    "published": (T0 + timedelta(minutes=m)).isoformat(),
                }
            )
            + "\n"
            for pid, src, text, m in posts
        )
    )
    return path


def replay(cfg: Path, state: Path, posts: Path) -> None:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "monitor",
            "replay",
            str(posts),
            "--deliver",
            "--state",
            str(state),
            "--config",
            str(cfg),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr


def received(hook: WebhookReceiver, path: str) -> list[dict]:
    return [json.loads(r.json["message"]) for r in hook.ok.snapshot() if r.path == path]


def test_followups_min_sources_late_original_and_updates(tmp_path: Path) -> None:
    state = tmp_path / "state.db"
    with WebhookReceiver() as hook:
        cfg = tmp_path / "c.toml"
        cfg.write_text(f"""
[monitor]
state = "{state}"
followups = [3]

[[topics]]
name = "iran-militias"
query = 'Iran AND (militia* OR proxies) AND (base OR bases)'

[[notifiers]]
name = "desk"
url = "json://127.0.0.1:{hook.port}/desk"

[[notifiers]]
name = "duty"
url = "json://127.0.0.1:{hook.port}/duty"
min_sources = 3
""")
        # 1) one source, then two more: the desk hears at once, the duty officer at three
        replay(
            cfg,
            state,
            jsonl(
                tmp_path / "a.jsonl",
                [
                    ("b1", "bee", f"BREAKING: {CLAIM}", 30),
                    ("c1", "sea", f"🚨 {CLAIM} #Iran", 35),
                    ("d1", "dee", f"RT @bee: BREAKING: {CLAIM}", 38),
                ],
            ),
        )
        desk, duty = received(hook, "/desk"), received(hook, "/duty")
        assert [(a["kind"], a["source_count"]) for a in desk] == [("new", 1), ("followup", 3)]
        assert [(a["kind"], a["source_count"]) for a in duty] == [("new", 3)]
        assert {a["original"]["url"] for a in desk + duty} == {"https://bee.example/b1"}
        story = desk[0]["story_id"]

        # 2) a post published earlier arrives late: it becomes the original, both hear of it
        replay(cfg, state, jsonl(tmp_path / "b.jsonl", [("a1", "agg", f"JUST IN: {CLAIM}", 10)]))
        changed = [
            a
            for a in received(hook, "/desk") + received(hook, "/duty")
            if a["kind"] == "original_changed"
        ]
        assert len(changed) == 2
        assert all(a["story_id"] == story for a in changed)
        assert all(a["original"]["url"] == "https://agg.example/a1" for a in changed)

        # 3) a new figure for an earlier claim: an update linked to that story, not a new story
        replay(
            cfg,
            state,
            jsonl(
                tmp_path / "c.jsonl",
                [
                    ("s1", "bee", "BREAKING: " + STRIKE.format(2), 60),
                ],
            ),
        )
        replay(
            cfg,
            state,
            jsonl(
                tmp_path / "d.jsonl",
                [
                    ("s2", "sea", "BREAKING: " + STRIKE.format(5), 90),
                ],
            ),
        )
        desk = received(hook, "/desk")
        first = next(a for a in desk if a["claim"].endswith("kills 2 American soldiers"))
        update = next(a for a in desk if a["claim"].endswith("kills 5 American soldiers"))
        assert first["kind"] == "new"
        assert update["kind"] == "update"
        assert update["story_id"] != first["story_id"]
        assert f"story #{first['story_id']} has new figures" in (update.get("note") or "")
        # the duty officer (min_sources 3) never heard of the strike story: no update for it
        assert not [a for a in received(hook, "/duty") if "kills" in a["claim"]]

        # 4) a named party denies it: an update that says who
        denial = (
            "Iran's Foreign Ministry denies " + STRIKE.format(5)[0].lower() + STRIKE.format(5)[1:]
        )
        replay(cfg, state, jsonl(tmp_path / "e.jsonl", [("s3", "dee", "BREAKING: " + denial, 120)]))
        denied = next(a for a in received(hook, "/desk") if a["claim"] == denial)
        assert denied["kind"] == "update"
        assert f"story #{update['story_id']} has been denied by Iran's Foreign Ministry" in (
            denied.get("note") or ""
        )


def _militia_desk(tmp_path: Path, state: Path, port: int) -> Path:
    """A config with one topic, Iran-backed militias and a base, and one webhook: /desk."""
    cfg = tmp_path / "c.toml"
    cfg.write_text(f"""
[monitor]
state = "{state}"

[[topics]]
name = "iran-militias"
query = 'Iran AND militia* AND base'

[[notifiers]]
name = "desk"
url = "json://127.0.0.1:{port}/desk"
""")
    return cfg


def test_another_party_saying_it_is_an_update_and_a_bare_repost_joins(tmp_path: Path) -> None:
    state = tmp_path / "state.db"
    said = "BREAKING: Iran-backed militias attack US base near Erbil, {} says"
    with WebhookReceiver() as hook:
        cfg = _militia_desk(tmp_path, state, hook.port)
        posts = [
            ("b1", "bee", said.format("Baghdad"), 10),
            ("t1", "tee", said.format("Tehran"), 20),
            ("r1", "arr", "Iran-backed militias attack US base near Erbil", 30),
        ]
        replay(cfg, state, jsonl(tmp_path / "a.jsonl", posts))
        desk = received(hook, "/desk")
        assert [a["kind"] for a in desk] == ["new", "update"]
        first, update = desk
        assert update["story_id"] != first["story_id"]
        assert update["note"] == (
            f"story #{first['story_id']} has been said by Tehran as well: was "
            "“Iran-backed militias attack US base near Erbil, Baghdad says”"
        )


def test_a_party_claiming_it_is_an_update_and_its_reposts_join_the_claim(tmp_path: Path) -> None:
    state = tmp_path / "state.db"
    with WebhookReceiver() as hook:
        cfg = _militia_desk(tmp_path, state, hook.port)
        claimed = (
            "Iran-backed militia Kataib Hezbollah claims responsibility for attack on US base "
            "near Erbil"
        )
        posts = [
            ("a1", "aye", "BREAKING: Iran-backed militias attack US base near Erbil", 10),
            ("k1", "kay", "JUST IN: " + claimed, 20),
            ("r1", "arr", claimed + " 🚨", 30),
        ]
        replay(cfg, state, jsonl(tmp_path / "a.jsonl", posts))
        desk = received(hook, "/desk")
        assert [a["kind"] for a in desk] == ["new", "update"]
        first, update = desk
        assert update["note"] == (
            f"story #{first['story_id']} has been claimed by Kataib Hezbollah: was "
            "“Iran-backed militias attack US base near Erbil”"
        )
