"""Hand-written story scenarios through the whole pipeline: one story per claim, no more, no less.

A false merge (a new claim hidden in an old story) is the worst failure, so every pair of
different stories is checked, not only the total count.
"""

from __future__ import annotations

import json
from itertools import combinations
from pathlib import Path

import pytest

from monitor.cli import read_posts
from monitor.config import MonitorSettings, Settings, TopicConfig
from monitor.pipeline.process import Pipeline
from monitor.store import Store

SCENARIOS = Path(__file__).parent / "fixtures" / "scenarios"
TOPICS = [
    TopicConfig(name="militias", query="militia* OR ميليشيات"),
    TopicConfig(name="bases", query="(base OR bases OR قاعدة) AND (Iraq OR Syria OR سوريا)"),
]


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.jsonl")), ids=lambda p: p.stem)
def test_scenario(path: Path, tmp_path: Path) -> None:
    labels = {
        json.loads(line)["id"]: json.loads(line)["story"]
        for line in path.read_text().splitlines()
        if line.strip()
    }
    settings = Settings(
        monitor=MonitorSettings(state=tmp_path / "s.db", max_age="3650d"), topics=TOPICS
    )
    store = Store(tmp_path / "s.db")
    pipeline = Pipeline(settings, store, post_clock=True)
    posts = list(read_posts(path))
    with store.transaction():
        alerts = pipeline.process(posts)
    story_of = {}
    for row in store.db.execute("SELECT story_id, post_key FROM story_posts"):
        story_of[row["post_key"].split("\x1f", 1)[1]] = row["story_id"]
    assert set(story_of) == set(labels), "every post is a candidate and lands in a story"
    problems = []
    for a, b in combinations(sorted(labels), 2):
        same = labels[a] == labels[b]
        if same and story_of[a] != story_of[b]:
            problems.append(f"split: {a} and {b} ({labels[a]})")
        if not same and story_of[a] == story_of[b]:
            problems.append(f"MERGED: {a} ({labels[a]}) with {b} ({labels[b]})")
    assert not problems, "\n".join(problems)
    # one new alert per story, linking its earliest post
    new = [a for a in alerts if a.kind in ("new", "update")]
    assert len(new) == len(set(labels.values()))
    first = {}
    for p in sorted(posts, key=lambda p: p.published):
        first.setdefault(labels[p.id], p.id)
    assert {a.url for a in new} == {
        next(p.url for p in posts if p.id == pid) for pid in first.values()
    }
