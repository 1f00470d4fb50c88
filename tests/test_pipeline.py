"""The pipeline stage end to end on a real SQLite file: original, joins, follow-ups, restarts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from monitor.config import MonitorSettings, Settings, TopicConfig
from monitor.models import Post
from monitor.pipeline.process import Pipeline
from monitor.store import Store

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
CLAIM = (
    "US intelligence officials have detected signs that Iran-backed militias are preparing "
    "to attack US bases in Iraq, and possibly Syria."
)
DRONE = "Iran-backed militias launch drone attack on US base in Syria"


def settings(tmp_path: Path, **monitor: object) -> Settings:
    return Settings(
        monitor=MonitorSettings(state=tmp_path / "s.db", **monitor),
        topics=[
            TopicConfig(
                name="iran-militias", query="Iran AND (militia* OR proxies) AND (base OR bases)"
            )
        ],
    )


def post(pid: str, text: str, minutes_ago: float, source: str = "feed", **kw: object) -> Post:
    return Post(
        id=pid,
        source=source,
        text=text,
        published=NOW - timedelta(minutes=minutes_ago),
        url=kw.pop("url", f"https://{source}.example/{pid}"),
        **kw,
    )  # type: ignore[arg-type]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "s.db")


def run(p: Pipeline, posts: list[Post], now: datetime = NOW):
    with p.store.transaction():
        return p.process(posts, now)


def kinds(alerts) -> list[str]:
    return [a.kind for a in alerts]


def test_batch_in_any_order_links_the_earliest_post(tmp_path: Path, store: Store) -> None:
    p = Pipeline(settings(tmp_path), store)
    alerts = run(
        p,
        [
            post("3", f"RT @agg: JUST IN: {CLAIM}", 20, source="c"),
            post("1", f"JUST IN: {CLAIM}", 40, source="agg", author="agg"),
            post("2", f"🚨 BREAKING: {CLAIM} #Iran", 30, source="b"),
        ],
    )
    new = [a for a in alerts if a.kind == "new"]
    assert len(new) == 1
    assert new[0].url == "https://agg.example/1"
    assert new[0].marker == "JUST IN" and new[0].topic == "iran-militias"
    assert new[0].published == NOW - timedelta(minutes=40)
    corroborations = [a.source_count for a in alerts if a.kind == "corroboration"]
    assert corroborations == [2, 3]


def test_different_claim_is_a_new_story(tmp_path: Path, store: Store) -> None:
    p = Pipeline(settings(tmp_path), store)
    alerts = run(p, [post("1", f"JUST IN: {CLAIM}", 40), post("2", f"BREAKING: {DRONE}", 10)])
    assert kinds(alerts) == ["new", "new"]
    assert alerts[0].story_id != alerts[1].story_id


def test_rejections(tmp_path: Path, store: Store) -> None:
    p = Pipeline(settings(tmp_path), store)
    alerts = run(
        p,
        [
            post("old", f"JUST IN: {CLAIM}", 300),  # older than max_age (2h)
            post("nomarker", CLAIM, 10),
            post("offtopic", "BREAKING: Earthquake strikes off the coast of Japan", 10),
        ],
    )
    assert alerts == []
    assert p.stats["rejected"] == 3
    # require_marker = false: the same topic post now alerts
    p2 = Pipeline(settings(tmp_path, require_marker=False), Store(tmp_path / "other.db"))
    assert kinds(run(p2, [post("nomarker", CLAIM, 10)])) == ["new"]


def test_seen_posts_and_restarts_alert_nothing_new(tmp_path: Path) -> None:
    first = Store(tmp_path / "s.db")
    p = Pipeline(settings(tmp_path), first)
    assert kinds(run(p, [post("1", f"JUST IN: {CLAIM}", 40, source="agg")])) == ["new"]
    assert run(p, [post("1", f"JUST IN: {CLAIM}", 40, source="agg")]) == []
    first.close()
    # a new process on the same file: the dedup index is rebuilt from the store
    again = Pipeline(settings(tmp_path), Store(tmp_path / "s.db"))
    alerts = run(again, [post("9", f"🚨 BREAKING: {CLAIM} https://t.co/x", 5, source="late")])
    assert "new" not in kinds(alerts)
    assert [a.source_count for a in alerts if a.kind == "corroboration"] == [2]


def test_late_arrival_published_earlier_becomes_the_original(tmp_path: Path, store: Store) -> None:
    p = Pipeline(settings(tmp_path), store)
    (opened,) = run(p, [post("2", f"BREAKING: {CLAIM}", 30, source="b")])
    alerts = run(p, [post("1", f"JUST IN: {CLAIM}", 45, source="agg")])
    changed = [a for a in alerts if a.kind == "original_changed"]
    assert len(changed) == 1 and changed[0].url == "https://agg.example/1"
    story = store.get_story(opened.story_id)
    assert story is not None and story.original.url == "https://agg.example/1"


def test_followups_at_thresholds(tmp_path: Path, store: Store) -> None:
    p = Pipeline(settings(tmp_path, followups=[3, 5]), store)
    posts = [post(str(i), f"BREAKING: {CLAIM}", 60 - i, source=f"s{i}") for i in range(6)]
    alerts = run(p, posts)
    followups = [a for a in alerts if a.kind == "followup"]
    assert [a.source_count for a in followups] == [3, 5]
    assert all(a.url == "https://s0.example/0" for a in followups)  # they link the original
    assert len(followups[-1].sources) == 5
    # the same source again does not count twice
    assert "followup" not in kinds(run(p, [post("x", f"JUST IN: {CLAIM}", 1, source="s0")]))


def test_same_article_url_in_two_feeds_is_one_story(tmp_path: Path, store: Store) -> None:
    p = Pipeline(settings(tmp_path), store)
    url = "https://news.example/a/iran-militias?utm_source=x"
    alerts = run(
        p,
        [
            post("a", f"BREAKING: {CLAIM}", 30, source="one", url=url),
            post(
                "b",
                "JUST IN: Officials: militias backed by Iran could target US bases",
                20,
                source="two",
                url="https://news.example/a/iran-militias",
            ),
        ],
    )
    assert kinds(alerts) == ["new", "corroboration"]


def test_different_numbers_are_an_update_linked_to_the_first_story(
    tmp_path: Path, store: Store
) -> None:
    p = Pipeline(settings(tmp_path), store)
    base = "Iran-backed militia drone strike on US base in Syria kills {} soldiers"
    first = run(p, [post("1", "BREAKING: " + base.format(2), 30)])
    second = run(p, [post("2", "BREAKING: " + base.format(5), 10, source="other")])
    assert kinds(first) == ["new"]
    assert len(second) == 1 and second[0].kind in ("update", "new")
    assert second[0].story_id != first[0].story_id
    if second[0].kind == "update":
        assert second[0].parent_story_id == first[0].story_id


def test_a_contradiction_is_an_update_linked_to_the_story(tmp_path: Path, store: Store) -> None:
    p = Pipeline(settings(tmp_path), store)
    base = "Iran-backed militias {} US base in Erbil, Pentagon says"
    first = run(p, [post("1", "BREAKING: " + base.format("attacked"), 30)])
    second = run(p, [post("2", "BREAKING: " + base.format("did not attack"), 10, source="b")])
    assert kinds(first) == ["new"] and kinds(second) == ["update"]
    assert second[0].parent_story_id == first[0].story_id
    assert second[0].note == (
        f"story #{first[0].story_id} has been contradicted: was "
        "“Iran-backed militias attacked US base in Erbil, Pentagon says”"
    )


def test_dedup_window_closes_stories(tmp_path: Path, store: Store) -> None:
    p = Pipeline(settings(tmp_path, dedup_window="1h", max_age="1d"), store)
    run(p, [post("1", f"JUST IN: {CLAIM}", 200)], now=NOW - timedelta(minutes=190))
    alerts = run(p, [post("2", f"BREAKING: {CLAIM}", 5, source="other")])
    assert kinds(alerts) == ["new"]  # the old story closed; this is news again


def test_cited_source_is_the_article_not_a_hashtag_or_profile(tmp_path: Path, store: Store) -> None:
    p = Pipeline(settings(tmp_path), store)
    links = (
        "https://mastodon.example/tags/Iran",
        "https://mastodon.example/@warwatch",
        "https://www.reuters.com/world/iran-militias/?utm_source=x&utm_medium=social",
    )
    (alert,) = run(p, [post("1", f"🚨 BREAKING: {CLAIM} #Iran", 5, links=links)])
    assert alert.cited_url == "https://www.reuters.com/world/iran-militias/"
