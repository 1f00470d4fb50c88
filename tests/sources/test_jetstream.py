"""JetstreamSource against a local WebSocket server that replays from a cursor like Jetstream."""

from __future__ import annotations

import asyncio
import contextlib
import copy
from collections.abc import AsyncIterator
from typing import Any

import pytest

from monitor.models import Post
from monitor.sources.http import Fetcher
from monitor.sources.jetstream import REWIND_US, JetstreamSource, StreamSource, jetstream_url
from monitor.store import Store

from .apiserver import JetstreamServer, jetstream_events, make_source

WATCHED = "did:plc:w4xbfzo7kqfes5zb7r6qv3rw"
OTHER = "did:plc:p7gxyfr5vii5ntpwo7f6dhe2"


class Collector:
    """The emit callback: records batches; tests wait on a condition, not a sleep."""

    def __init__(self) -> None:
        self.posts: list[Post] = []
        self._cond = asyncio.Condition()

    async def __call__(self, posts: list[Post]) -> None:
        async with self._cond:
            self.posts.extend(posts)
            self._cond.notify_all()

    async def wait_for(self, n: int, timeout: float = 10) -> list[Post]:
        async with asyncio.timeout(timeout), self._cond:
            await self._cond.wait_for(lambda: len(self.posts) >= n)
        return self.posts


@contextlib.asynccontextmanager
async def streaming(src: JetstreamSource, emit: Collector) -> AsyncIterator[asyncio.Event]:
    stop = asyncio.Event()
    task = asyncio.create_task(src.stream(emit, stop))
    try:
        yield stop
    finally:
        stop.set()
        async with asyncio.timeout(10):
            await task  # stream() returns once stop is set


@pytest.fixture
async def events() -> list[dict[str, Any]]:
    return jetstream_events()


def live_post(events: list[dict[str, Any]], did: str, rkey: str, text: str) -> dict[str, Any]:
    event = copy.deepcopy(events[0])
    event.update(did=did, time_us=events[-1]["time_us"] + 1_000_000)
    event["commit"].update(
        rkey=rkey,
        record={
            "$type": "app.bsky.feed.post",
            "text": text,
            "createdAt": "2024-11-05T14:30:07.000Z",
        },
    )
    return event


async def test_posts_arrive_and_a_dropped_connection_resumes_without_loss_or_duplicate(
    fetcher: Fetcher, store: Store, events: list[dict[str, Any]]
) -> None:
    # The first connection is cut (no close frame) after three events: post, identity, post.
    server = await JetstreamServer(events, drop_after=3).start()
    try:
        src = make_source(JetstreamSource, fetcher, store, instance=server.url, dids=[WATCHED])
        got = Collector()
        async with streaming(src, got):
            await server.wait_connections(2)
            await got.wait_for(3)
            await server.push(live_post(events, WATCHED, "3lbqzz2aaaa2c", "JUST IN: live one"))
            await server.push(live_post(events, OTHER, "3lbqzz2bbbb2f", "JUST IN: not watched"))
            posts = await got.wait_for(4)

        assert [p.id.rsplit("/", 1)[1] for p in posts] == [
            "3lbqzyq2xls2c",
            "3lbqzyu45wk2c",
            "3lbqzyw2fh22c",
            "3lbqzz2aaaa2c",
        ]
        assert len({p.id for p in posts}) == len(posts)  # the replayed window emitted nothing twice

        first, card, quote, _live = posts
        assert first.id == f"at://{WATCHED}/app.bsky.feed.post/3lbqzyq2xls2c"
        assert first.url == f"https://bsky.app/profile/{WATCHED}/post/3lbqzyq2xls2c"
        assert first.links == ("https://www.example-news.com/2024/11/05/port-closure",)
        assert (first.author, first.kind) == (WATCHED, "jetstream")
        assert first.published.isoformat() == "2024-11-05T14:29:59.912000+00:00"
        assert card.links == ("https://shipping.example.org/red-sea-queue",)
        assert quote.links == (f"https://bsky.app/profile/{OTHER}/post/3lbqzysl6ok2f",)

        one, two = server.connections[:2]
        assert one["wantedCollections"] == ["app.bsky.feed.post"]
        assert one["wantedDids"] == [WATCHED] and "cursor" not in one  # live tail at first
        # The reconnect rewinds a few seconds before the last event the source handled.
        sent = [
            e
            for e in events
            if e["did"] == WATCHED
            and (e["kind"] != "commit" or e["commit"]["collection"] == "app.bsky.feed.post")
        ][:3]
        last_seen = sent[-1]["time_us"]
        assert two["cursor"] == [str(last_seen - REWIND_US)]
        assert store.get_fetch_state("test-jetstream")["jetstream"]["cursor"] == (
            events[-1]["time_us"] + 1_000_000
        )
    finally:
        await server.close()


async def test_a_restart_resumes_from_the_saved_cursor(
    fetcher: Fetcher, store: Store, events: list[dict[str, Any]]
) -> None:
    server = await JetstreamServer(events).start()
    try:
        got = Collector()
        src = make_source(JetstreamSource, fetcher, store, instance=server.url, dids=[WATCHED])
        async with streaming(src, got):
            await got.wait_for(3)
            await server.wait_connections(1)
        # While the daemon is down, one more post; on restart it is the only one emitted.
        await server.push(live_post(events, WATCHED, "3lbqzz3cccc2c", "BREAKING: while down"))
        again = Collector()
        src = make_source(JetstreamSource, fetcher, store, instance=server.url, dids=[WATCHED])
        async with streaming(src, again):
            posts = await again.wait_for(1)
            await server.wait_connections(2)
        assert [p.text for p in posts] == ["BREAKING: while down"]
        assert "cursor" in server.connections[1]
    finally:
        await server.close()


async def test_the_did_filter_holds_even_if_the_server_ignores_wanted_dids(
    fetcher: Fetcher, store: Store, events: list[dict[str, Any]]
) -> None:
    server = await JetstreamServer(events, honour_dids=False).start()
    try:
        got = Collector()
        src = make_source(JetstreamSource, fetcher, store, instance=server.url, dids=[WATCHED])
        async with streaming(src, got):
            await got.wait_for(3)
            # A marker event after the others: once it is in, every earlier event was handled.
            await server.push(live_post(events, WATCHED, "3lbqzz4dddd2c", "end"))
            posts = await got.wait_for(4)
        assert {p.author for p in posts} == {WATCHED}
    finally:
        await server.close()


async def test_keywords_prefilter_any_account(
    fetcher: Fetcher, store: Store, events: list[dict[str, Any]]
) -> None:
    server = await JetstreamServer(events).start()
    try:
        got = Collector()
        src = make_source(
            JetstreamSource, fetcher, store, instance=server.url, keywords=["AQABA", "  "]
        )
        async with streaming(src, got):
            await got.wait_for(2)
            await server.push(live_post(events, OTHER, "3lbqzz5eeee2f", "aqaba: end marker"))
            posts = await got.wait_for(3)
        assert [(p.author, p.text[:22]) for p in posts] == [
            (WATCHED, "JUST IN: Authorities c"),
            (OTHER, "Aqaba port closure: sh"),
            (OTHER, "aqaba: end marker"),
        ]
        assert "wantedDids" not in server.connections[0]
    finally:
        await server.close()


async def test_poll_returns_nothing(fetcher: Fetcher, store: Store) -> None:
    src = make_source(JetstreamSource, fetcher, store, dids=[WATCHED])
    assert await src.poll() == []
    assert isinstance(src, StreamSource)  # the daemon runs it as a task, not a poll


def test_config_errors(fetcher: Fetcher, store: Store) -> None:
    with pytest.raises(ValueError, match=r"needs .?dids.? or .?keywords"):
        make_source(JetstreamSource, fetcher, store)
    with pytest.raises(ValueError, match="dids must"):
        make_source(JetstreamSource, fetcher, store, dids=["wirewatch.bsky.social"])


def test_url() -> None:
    assert jetstream_url(None, [WATCHED], 5) == (
        "wss://jetstream2.us-east.bsky.network/subscribe?wantedCollections=app.bsky.feed.post"
        "&wantedDids=did%3Aplc%3Aw4xbfzo7kqfes5zb7r6qv3rw&cursor=5"
    )
    assert jetstream_url("ws://127.0.0.1:1234/", [], None) == (
        "ws://127.0.0.1:1234/subscribe?wantedCollections=app.bsky.feed.post"
    )


async def test_a_refused_connection_backs_off_and_stop_ends_the_wait(
    fetcher: Fetcher, store: Store, events: list[dict[str, Any]]
) -> None:
    server = await JetstreamServer(events, refuse=True).start()
    try:
        src = make_source(JetstreamSource, fetcher, store, instance=server.url, dids=[WATCHED])
        stop = asyncio.Event()
        task = asyncio.create_task(src.stream(Collector(), stop))
        await server.wait_connections(1)
        stop.set()  # connecting or waiting out its backoff, the source must stop at once
        async with asyncio.timeout(0.5):
            await task
        assert len(server.connections) == 1
        assert src.last_error is not None and "503" in src.last_error
        assert not src.connected
    finally:
        await server.close()


async def test_messages_that_are_not_json_are_skipped(
    fetcher: Fetcher, store: Store, events: list[dict[str, Any]]
) -> None:
    server = await JetstreamServer(events, preamble=("not json", '["a list"]')).start()
    try:
        got = Collector()
        src = make_source(JetstreamSource, fetcher, store, instance=server.url, dids=[WATCHED])
        async with streaming(src, got):
            posts = await got.wait_for(3)
        assert len(posts) == 3
    finally:
        await server.close()


async def test_a_cursor_older_than_max_replay_starts_live(
    fetcher: Fetcher, store: Store, events: list[dict[str, Any]]
) -> None:
    old = events[0]["time_us"] - 3 * 3600 * 1_000_000
    store.save_fetch_state("test-jetstream", {"jetstream": {"cursor": old, "recent": {}}})
    server = await JetstreamServer(events).start()
    try:
        got = Collector()
        src = make_source(JetstreamSource, fetcher, store, instance=server.url, dids=[WATCHED])
        async with streaming(src, got):
            await server.wait_connections(1)
            await got.wait_for(1)
        assert "cursor" not in server.connections[0]
    finally:
        await server.close()
