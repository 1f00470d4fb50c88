"""Routing: topics, markers, min_sources, ops, follow-ups only to those who heard of the story."""

from __future__ import annotations

import logging

from monitor.config import NotifierConfig
from monitor.models import StorySource
from monitor.notify import Outbox
from monitor.store import Store
from tests.notify.alerts import PUBLISHED, make_alert


def cfg(name: str, **kw: object) -> NotifierConfig:
    return NotifierConfig(name=name, url=f"json://127.0.0.1:9/{name}", **kw)


def kinds(store: Store, notifier: str) -> list[tuple[str, int | None]]:
    rows = store.db.execute(
        "SELECT kind, story_id FROM outbox WHERE notifier=? ORDER BY id", (notifier,)
    ).fetchall()
    return [(r["kind"], r["story_id"]) for r in rows]


async def test_topics_and_markers(store):
    outbox = Outbox(
        store,
        [
            cfg("all"),
            cfg("iran", topics=["iran-militias"]),
            cfg("other", topics=["earthquakes"]),
            cfg("breaking", markers=["breaking"]),
            cfg("none", topics=[]),
        ],
    )
    assert outbox.route(make_alert(1)) == ["all", "iran"]
    assert outbox.route(make_alert(2, marker="BREAKING")) == ["all", "iran", "breaking"]
    assert outbox.route(make_alert(3, topic="earthquakes", marker=None)) == ["all", "other"]
    await outbox.aclose()


async def test_min_sources_hears_first_at_threshold(store):
    outbox = Outbox(store, [cfg("desk"), cfg("wire", min_sources=3)])
    assert outbox.submit(make_alert(1))  # desk only
    assert outbox.route(make_alert(1, kind="corroboration", source_count=2)) == []
    outbox.submit(make_alert(1, kind="corroboration", source_count=3))
    assert kinds(store, "wire") == [("new", 1)]
    wire_alert = outbox.rows.by_status(("pending",))[-1]
    assert '"source_count": 3' in wire_alert["payload"]
    # Told once: more corroboration is no news to either.
    assert outbox.route(make_alert(1, kind="corroboration", source_count=4)) == []
    assert kinds(store, "desk") == [("new", 1)]
    await outbox.aclose()


async def test_followups_go_only_to_those_who_heard(store):
    outbox = Outbox(store, [cfg("desk"), cfg("wire", min_sources=3), cfg("late")])
    outbox.submit(make_alert(1))
    store.db.execute("DELETE FROM outbox WHERE notifier='late'")  # as if it never heard
    assert outbox.route(make_alert(1, kind="followup", source_count=3)) == ["desk"]
    assert outbox.route(make_alert(1, kind="original_changed")) == ["desk"]
    # wire (and late, which missed the opening) hear of it at 3 sources, as "new"; a
    # follow-up at the same count tells them nothing.
    outbox.submit(make_alert(1, kind="corroboration", source_count=3))
    assert kinds(store, "wire") == kinds(store, "late") == [("new", 1)]
    assert outbox.route(make_alert(1, kind="followup", source_count=3)) == ["desk"]
    assert outbox.route(make_alert(1, kind="followup", source_count=10)) == ["desk", "wire", "late"]
    await outbox.aclose()


async def test_update_reaches_who_heard_of_the_parent(store):
    first = StorySource("feed", "@a", "https://example.org/1", PUBLISHED, "p1")
    parent = store.create_story(
        "Militias attack base", "JUST IN", ["iran-militias"], first, None, PUBLISHED
    )
    child = store.create_story(
        "Militias attack base, 3 killed",
        "JUST IN",
        ["iran-militias"],
        first,
        None,
        PUBLISHED,
        parent_id=parent,
    )
    outbox = Outbox(store, [cfg("desk"), cfg("wire", min_sources=3)])
    outbox.submit(make_alert(parent))
    update = make_alert(child, kind="update", note=f"3 killed (update of story {parent})")
    assert outbox.route(update) == ["desk"]  # wire never heard of the parent, 1 source
    await outbox.aclose()


async def test_heard_state_survives_restart(tmp_path):
    db = tmp_path / "s.db"
    store = Store(db)
    outbox = Outbox(store, [cfg("desk")])
    outbox.submit(make_alert(1))
    store.close()
    store = Store(db)
    outbox = Outbox(store, [cfg("desk")])
    assert outbox.route(make_alert(1, kind="followup", source_count=3)) == ["desk"]
    assert outbox.route(make_alert(1)) == []  # no second "new" for the same story
    store.close()


async def test_ops_only_to_ops_notifiers(store, caplog):
    outbox = Outbox(store, [cfg("desk"), cfg("pager", ops=True, topics=[])])
    ops = make_alert(None, kind="ops", claim="source bluesky:x failing for 2h", topic=None)
    assert outbox.route(ops) == ["pager"]
    assert outbox.route(make_alert(1)) == ["desk"]  # topics=[]: no stories for pager
    await outbox.aclose()

    outbox = Outbox(store, [cfg("desk")])
    with caplog.at_level(logging.WARNING, "monitor.notify"):
        assert outbox.submit(ops) == []
    assert "source bluesky:x failing for 2h" in caplog.text
    await outbox.aclose()


async def test_ops_notifier_with_all_topics_gets_stories_too(store):
    outbox = Outbox(store, [cfg("pager", ops=True)])
    assert outbox.route(make_alert(1)) == ["pager"]
    await outbox.aclose()


async def test_test_alerts_go_everywhere(store):
    outbox = Outbox(store, [cfg("a", topics=[]), cfg("b", min_sources=5)])
    assert outbox.route(make_alert(None, kind="test", topic=None)) == ["a", "b"]
    await outbox.aclose()
