"""`make eval` on a tiny invented data directory, so the harness can't rot without the corpus.

The texts below are written for this test; nothing comes from ../shared/data.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import eval as ev

SAME = [
    (
        "militias prepare attack on us bases in iraq",
        "militias preparing an attack on us bases in iraq",
    ),
    ("quake of magnitude 6 hits northern chile", "magnitude 6 quake hits northern chile"),
    (
        "senate passes the budget bill late on friday",
        "the senate passed the budget bill friday night",
    ),
]
OTHER = [
    (
        "militias prepare attack on us bases in iraq",
        "football club signs new striker for record fee",
    ),
    ("quake of magnitude 6 hits northern chile", "chile wins the football match against peru"),
    ("senate passes the budget bill late on friday", "new phone goes on sale in stores on friday"),
]
TWEETS = [
    (100_000_000_000_000_000, "Explosion reported near the finish line of the marathon"),
    (100_000_000_000_000_001, "RT @wire: Explosion reported near the finish line of the marathon"),
    (100_000_000_000_000_002, "Police ask people to stay away from downtown tonight"),
    (100_000_000_000_000_003, "RT @city: Police ask people to stay away from downtown tonight"),
]


def _write_pairs(base: Path, pairs: list[tuple[str, str, bool]]) -> None:
    base.mkdir(parents=True)
    (base / "a.toks").write_text("\n".join(a for a, _, _ in pairs) + "\n", encoding="utf-8")
    (base / "b.toks").write_text("\n".join(b for _, b, _ in pairs) + "\n", encoding="utf-8")
    (base / "sim.txt").write_text("\n".join(str(int(g)) for *_, g in pairs) + "\n")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    pairs = [(a, b, True) for a, b in SAME] + [(a, b, False) for a, b in OTHER]
    for split in ("train", "test"):
        _write_pairs(tmp_path / ev.TURL / split, pairs)
    event = tmp_path / ev.CRISIS / "2099_Test_event"
    event.mkdir(parents=True)
    rows = ["tweet id,tweet text,source,informativeness"]
    rows += [f'"{tid}","{text}",x,y' for tid, text in TWEETS]
    (event / "2099_Test_event-tweets_labeled.csv").write_text("\n".join(rows) + "\n")
    return tmp_path


def test_eval_prints_every_table_row(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = ev.main(["--data", str(data), "--no-semantic", "--only", "turl", "--only", "crisis",
                    "--only", "fixture"])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    lines = {line.split("  ")[0]: line for line in out.splitlines()}
    # These invented pairs are easy: the tuned lexical path and the baseline separate them.
    lexical = next(v for k, v in lines.items() if k.startswith("TURL test lexical (tuned"))
    assert "F1 1.000" in lexical
    assert any(k.startswith("TURL test reference: char-4-gram Jaccard") for k in lines)
    assert any(k.startswith("TURL test lexical, guards off") for k in lines)
    crisis = next(v for k, v in lines.items() if k.startswith("CrisisLex 2099_Test_event"))
    assert "4 posts -> 2 stories" in crisis and "violations 0" in crisis
    assert "false merges 0" in lines["hard negatives (fixture)"]


def test_eval_without_data_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert ev.main(["--data", str(tmp_path), "--no-semantic", "--only", "turl"]) == 2
    assert "missing" in capsys.readouterr().err


def test_blind_probe_counts_merges_and_splits_by_kind(tmp_path: Path) -> None:
    # an identical pair labelled as two claims must count as merged, a pair with nothing in
    # common labelled as a repost as not joined; the other two are handled as the guards say
    rows = [
        {"a": "2 killed in strike on base in Iraq", "b": "5 killed in strike on base in Iraq",
         "same": False, "kind": "number"},
        # a story with a toll takes the bare report; the report's story does not take the toll
        {"a": "3 dead in explosion at Texas fertilizer plant",
         "b": "Explosion at Texas fertilizer plant", "same": False, "kind": "toll"},
        {"a": "Ferry sinks off Bali", "b": "Ferry sinks off Bali", "same": False, "kind": "bad"},
        {"a": "BREAKING: Ferry sinks off Bali", "b": "Ferry sinks off Bali #news",
         "same": True, "kind": "decor"},
        {"a": "Ferry sinks off Bali", "b": "Chile wins the final", "same": True, "kind": "odd"},
    ]  # fmt: skip
    probe = tmp_path / "probe.jsonl"
    probe.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    assert ev.eval_probe(probe) == [
        (
            "blind probe, different claims",
            "2 of 3 merged (bad 1, toll 1); 1 of them in one order only",
        ),
        ("blind probe, reposts", "1 of 2 not joined (odd 1)"),
    ]


def test_the_shipped_blind_probes_are_read() -> None:
    (_, merged), (_, split) = ev.eval_probe()
    assert " of 240 merged" in merged and " of 160 not joined" in split
    for path, name in (
        (ev.PROBE_2, "blind probe 2"),
        (ev.PROBE_3, "blind probe 3"),
        (ev.PROBE_4, "blind probe 4"),
        (ev.PROBE_5, "blind probe 5"),
    ):
        (row, merged), (_, split) = ev.eval_probe(path, name)
        assert row == f"{name}, different claims"
        assert " of 200 merged" in merged and " of 120 not joined" in split
