"""JetstreamSource against a local WebSocket server that replays from a cursor like Jetstream."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import io
import json
import logging
import re
import time
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from monitor.cli import main
from monitor.config import load_settings
from monitor.models import Post
from monitor.sources.http import Fetcher
from monitor.sources.jetstream import (
    REWIND_US,
    HandleResolver,
    JetstreamSource,
    StreamSource,
    jetstream_url,
)
from monitor.store import Store

from .apiserver import PROFILES_PATH, GetProfiles, JetstreamServer, jetstream_events, make_source
from .conftest import FeedServer

WATCHED = "did:plc:w4xbfzo7kqfes5zb7r6qv3rw"
OTHER = "did:plc:p7gxyfr5vii5ntpwo7f6dhe2"
WATCHED_HANDLE = "wirewatch.bsky.social"  # in tests/fixtures/bluesky/profiles.json
OTHER_HANDLE = "newsdesk.example.com"


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


@pytest.fixture
def appview(feed_server: FeedServer) -> GetProfiles:
    """A local AppView answering getProfiles from the fixture: no test asks the real one."""
    view = GetProfiles()
    feed_server.route(PROFILES_PATH, view)
    return view


def jetstream(
    fetcher: Fetcher, store: Store, server: JetstreamServer, view: FeedServer, **config: Any
) -> JetstreamSource:
    """A source on the local Jetstream that looks handles up on the local AppView."""
    config.setdefault("appview", view.url(""))
    return make_source(JetstreamSource, fetcher, store, instance=server.url, **config)


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
    fetcher: Fetcher,
    store: Store,
    events: list[dict[str, Any]],
    feed_server: FeedServer,
    appview: GetProfiles,
) -> None:
    # The first connection is cut (no close frame) after three events: post, identity, post.
    server = await JetstreamServer(events, drop_after=3).start()
    try:
        src = jetstream(fetcher, store, server, feed_server, dids=[WATCHED])
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
        assert (first.author, first.kind) == (WATCHED_HANDLE, "jetstream")  # not the DID
        # One getProfiles for the followed DIDs when the stream starts; every post after it,
        # across the reconnect, is answered from the cache.
        assert appview.asked == [[WATCHED]]
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
    fetcher: Fetcher,
    store: Store,
    events: list[dict[str, Any]],
    feed_server: FeedServer,
    appview: GetProfiles,
) -> None:
    server = await JetstreamServer(events).start()
    try:
        got = Collector()
        src = jetstream(fetcher, store, server, feed_server, dids=[WATCHED])
        async with streaming(src, got):
            await got.wait_for(3)
            await server.wait_connections(1)
        # While the daemon is down, one more post; on restart it is the only one emitted.
        await server.push(live_post(events, WATCHED, "3lbqzz3cccc2c", "BREAKING: while down"))
        again = Collector()
        src = jetstream(fetcher, store, server, feed_server, dids=[WATCHED])
        async with streaming(src, again):
            posts = await again.wait_for(1)
            await server.wait_connections(2)
        assert [p.text for p in posts] == ["BREAKING: while down"]
        assert "cursor" in server.connections[1]
    finally:
        await server.close()


async def test_the_did_filter_holds_even_if_the_server_ignores_wanted_dids(
    fetcher: Fetcher,
    store: Store,
    events: list[dict[str, Any]],
    feed_server: FeedServer,
    appview: GetProfiles,
) -> None:
    server = await JetstreamServer(events, honour_dids=False).start()
    try:
        got = Collector()
        src = jetstream(fetcher, store, server, feed_server, dids=[WATCHED])
        async with streaming(src, got):
            await got.wait_for(3)
            # A marker event after the others: once it is in, every earlier event was handled.
            await server.push(live_post(events, WATCHED, "3lbqzz4dddd2c", "end"))
            posts = await got.wait_for(4)
        # wants() compared the DID; the posts that passed carry the handle
        assert {p.author for p in posts} == {WATCHED_HANDLE}
    finally:
        await server.close()


async def test_keywords_prefilter_any_account(
    fetcher: Fetcher,
    store: Store,
    events: list[dict[str, Any]],
    feed_server: FeedServer,
    appview: GetProfiles,
) -> None:
    server = await JetstreamServer(events).start()
    try:
        got = Collector()
        src = jetstream(fetcher, store, server, feed_server, keywords=["AQABA", "  "])
        async with streaming(src, got):
            await got.wait_for(2)
            await server.push(live_post(events, OTHER, "3lbqzz5eeee2f", "aqaba: end marker"))
            posts = await got.wait_for(3)
        assert [(p.author, p.text[:22]) for p in posts] == [
            (WATCHED_HANDLE, "JUST IN: Authorities c"),
            (OTHER_HANDLE, "Aqaba port closure: sh"),
            (OTHER_HANDLE, "aqaba: end marker"),
        ]
        assert "wantedDids" not in server.connections[0]
        assert appview.asked == [[WATCHED], [OTHER]]  # no DIDs to warm up; then the cache
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
    with pytest.raises(ValueError, match=r"appview\n.*must start with http"):
        make_source(JetstreamSource, fetcher, store, dids=[WATCHED], appview="bsky.social")


async def test_an_empty_appview_turns_handle_lookups_off(
    fetcher: Fetcher,
    store: Store,
    events: list[dict[str, Any]],
    feed_server: FeedServer,
    appview: GetProfiles,
) -> None:
    server = await JetstreamServer(events).start()
    try:
        src = jetstream(fetcher, store, server, feed_server, dids=[WATCHED], appview="")
        got = Collector()
        async with streaming(src, got):
            posts = await got.wait_for(2)
        assert {p.author for p in posts} == {WATCHED}  # the DID, as Jetstream sent it
        assert appview.asked == []  # nobody was asked who the author is
    finally:
        await server.close()


def test_url() -> None:
    assert jetstream_url(None, [WATCHED], 5) == (
        "wss://jetstream2.us-east.bsky.network/subscribe?wantedCollections=app.bsky.feed.post"
        "&wantedDids=did%3Aplc%3Aw4xbfzo7kqfes5zb7r6qv3rw&cursor=5"
    )
    assert jetstream_url("ws://127.0.0.1:1234/", [], None) == (
        "ws://127.0.0.1:1234/subscribe?wantedCollections=app.bsky.feed.post"
    )
    assert jetstream_url("wss://proxy.example/?token=abc", [], 7) == (
        "wss://proxy.example/subscribe?token=abc&wantedCollections=app.bsky.feed.post&cursor=7"
    )


async def test_a_refused_connection_backs_off_and_stop_ends_the_wait(
    fetcher: Fetcher,
    store: Store,
    events: list[dict[str, Any]],
    feed_server: FeedServer,
    appview: GetProfiles,
) -> None:
    server = await JetstreamServer(events, refuse=True).start()
    try:
        src = jetstream(fetcher, store, server, feed_server, dids=[WATCHED])
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
    fetcher: Fetcher,
    store: Store,
    events: list[dict[str, Any]],
    feed_server: FeedServer,
    appview: GetProfiles,
) -> None:
    server = await JetstreamServer(events, preamble=("not json", '["a list"]')).start()
    try:
        got = Collector()
        src = jetstream(fetcher, store, server, feed_server, dids=[WATCHED])
        async with streaming(src, got):
            posts = await got.wait_for(3)
        assert len(posts) == 3
    finally:
        await server.close()


async def test_a_cursor_older_than_max_replay_starts_live(
    fetcher: Fetcher,
    store: Store,
    events: list[dict[str, Any]],
    feed_server: FeedServer,
    appview: GetProfiles,
) -> None:
    old = events[0]["time_us"] - 3 * 3600 * 1_000_000
    store.save_fetch_state("test-jetstream", {"jetstream": {"cursor": old, "recent": {}}})
    server = await JetstreamServer(events).start()
    try:
        got = Collector()
        src = jetstream(fetcher, store, server, feed_server, dids=[WATCHED])
        async with streaming(src, got):
            await server.wait_connections(1)
            await got.wait_for(1)
        assert "cursor" not in server.connections[0]
    finally:
        await server.close()


# -- handles --------------------------------------------------------------------------------------
async def test_handles_are_looked_up_25_at_a_time_then_cached(
    fetcher: Fetcher, feed_server: FeedServer
) -> None:
    dids = [f"did:plc:{i:024d}" for i in range(30)]
    view = GetProfiles(extra={d: f"user{i}.bsky.social" for i, d in enumerate(dids)})
    feed_server.route(PROFILES_PATH, view)
    resolver = HandleResolver(fetcher, feed_server.url(""))
    unknown, invalid = "did:plc:nobodyhere000000000000000", "did:plc:x3kz5qzqk2lmvq7lm7bdnwoy"

    found = await resolver.handles([*dids, unknown, invalid, dids[0]])
    assert found == {d: f"user{i}.bsky.social" for i, d in enumerate(dids)}
    assert [len(a) for a in view.asked] == [25, 7]  # the AppView refuses more than 25
    # An unknown DID and one whose handle no longer verifies are remembered as "no handle".
    assert await resolver.handles([dids[29], unknown, invalid]) == {dids[29]: "user29.bsky.social"}
    assert len(view.asked) == 2


async def test_the_handle_cache_is_bounded_and_entries_expire(
    fetcher: Fetcher, feed_server: FeedServer, appview: GetProfiles
) -> None:
    small = HandleResolver(fetcher, feed_server.url(""), size=1)
    assert await small.handles([WATCHED]) == {WATCHED: WATCHED_HANDLE}
    assert await small.handles([OTHER]) == {OTHER: OTHER_HANDLE}  # evicts WATCHED
    assert len(small) == 1
    assert await small.handles([WATCHED]) == {WATCHED: WATCHED_HANDLE}
    assert appview.asked == [[WATCHED], [OTHER], [WATCHED]]

    expired = HandleResolver(fetcher, feed_server.url(""), ttl=0)
    await expired.handles([WATCHED])
    await expired.handles([WATCHED])
    assert appview.asked[3:] == [[WATCHED], [WATCHED]]  # asked again: the entry had expired


async def test_an_appview_error_keeps_the_did_and_logs_one_line(
    fetcher: Fetcher,
    store: Store,
    events: list[dict[str, Any]],
    feed_server: FeedServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    view = GetProfiles(status=500)
    feed_server.route(PROFILES_PATH, view)
    server = await JetstreamServer(events).start()
    try:
        got = Collector()
        src = jetstream(fetcher, store, server, feed_server, dids=[WATCHED])
        with caplog.at_level(logging.INFO, logger="monitor.sources.jetstream"):
            async with streaming(src, got):
                await got.wait_for(3)
                await server.push(live_post(events, WATCHED, "3lbqzz6ffff2c", "JUST IN: more"))
                posts = await got.wait_for(4)
    finally:
        await server.close()
    assert [p.author for p in posts] == [WATCHED] * 4  # every post emitted, with the DID
    assert posts[0].url == f"https://bsky.app/profile/{WATCHED}/post/3lbqzyq2xls2c"
    failed = [r for r in caplog.records if "handle lookup failed" in r.getMessage()]
    assert len(failed) == 1, caplog.text
    assert "500" in failed[0].getMessage()
    assert view.asked == [[WATCHED]]  # the cooldown spared the AppView a request per post


async def test_a_slow_appview_delays_a_post_by_the_timeout_at_most(
    fetcher: Fetcher,
    store: Store,
    events: list[dict[str, Any]],
    feed_server: FeedServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    view = GetProfiles(hang=True)
    feed_server.route(PROFILES_PATH, view)
    server = await JetstreamServer(events).start()
    try:
        got = Collector()
        src = jetstream(fetcher, store, server, feed_server, keywords=["aqaba"])
        src.handles.timeout = 0.3
        started = time.monotonic()
        with caplog.at_level(logging.INFO, logger="monitor.sources.jetstream"):
            async with streaming(src, got):
                posts = await got.wait_for(2)
        elapsed = time.monotonic() - started
    finally:
        await server.close()
    assert [p.author for p in posts] == [WATCHED, OTHER]
    assert elapsed < 2.0  # one 0.3 s wait, then the cooldown: no wait per post
    assert len(view.asked) == 1
    failed = [r.getMessage() for r in caplog.records if "handle lookup failed" in r.getMessage()]
    assert len(failed) == 1 and "no answer within 0.3s" in failed[0]


# -- health ---------------------------------------------------------------------------------------
class LogLines(logging.Handler):
    """The messages of one logger that contain `needle`, as they come: tests await a count."""

    def __init__(self, needle: str) -> None:
        super().__init__(logging.DEBUG)
        self.needle = needle
        self.lines: list[str] = []
        self._event = asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        if self.needle in record.getMessage():
            self.lines.append(record.getMessage())
            self._event.set()

    async def wait_for(self, n: int, timeout: float = 10) -> None:
        async with asyncio.timeout(timeout):
            while len(self.lines) < n:
                self._event.clear()
                await self._event.wait()


@pytest.fixture
def failures() -> Iterator[LogLines]:
    """Failed connections, logged by the source once their health is saved."""
    handler = LogLines("jetstream connection failed")
    logger = logging.getLogger("monitor.sources.jetstream")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(level)


def claimwatch_sources(cfg: Path) -> tuple[str, dict[str, dict[str, Any]]]:
    """`claimwatch sources` as text, and its --json rows by name."""
    text, rows = io.StringIO(), io.StringIO()
    assert main(["sources", "--config", str(cfg)], out=text) == 0
    assert main(["sources", "--json", "--config", str(cfg)], out=rows) == 0
    by_name = {r["name"]: r for r in map(json.loads, rows.getvalue().splitlines())}
    return text.getvalue(), by_name


async def test_stream_health_is_saved_for_claimwatch_sources_ok_then_failing(
    tmp_path: Path,
    fetcher: Fetcher,
    events: list[dict[str, Any]],
    feed_server: FeedServer,
    appview: GetProfiles,
    failures: LogLines,
) -> None:
    server = await JetstreamServer(events).start()
    cfg = tmp_path / "claimwatch.toml"
    # A token in the instance URL: error messages quote the URL, the saved ones must not.
    instance = f"{server.url}/subscribe?token=s3cret"
    cfg.write_text(f"""
[monitor]
state = "{tmp_path / "state.db"}"
[[sources]]
kind = "jetstream"
name = "jetstream-militias"
instance = "{instance}"
appview = "{feed_server.url("")}"
dids = ["{WATCHED}"]
""")
    settings = load_settings(cfg)
    store = Store(settings.monitor.state)
    try:
        src = JetstreamSource(settings.sources[0], fetcher, store)
        text, rows = claimwatch_sources(cfg)
        assert "jetstream-militias  [jetstream]  not connected yet" in text

        got = Collector()
        async with streaming(src, got):
            await got.wait_for(3)
            text, rows = claimwatch_sources(cfg)  # another Store on the file, as another process
            assert "jetstream-militias  [jetstream]  ok (streaming, connected " in text
            assert "posts 3, reconnects 0" in text
            row = rows["jetstream-militias"]
            assert row["streaming"] and row["connected"] and row["consecutive_errors"] == 0
            assert row["items_seen"] == 3 and row["events"] >= 3
            # Saved with the last post; the events after it are not written one by one.
            rkey = got.posts[2].id.rsplit("/", 1)[1]
            (last,) = [e for e in events if (e.get("commit") or {}).get("rkey") == rkey]
            saved = datetime.fromisoformat(row["cursor_time"]).timestamp()
            assert saved == pytest.approx(last["time_us"] / 1e6, abs=1e-3)

            server.drop()  # the connection is cut, and the reconnect refused with 503
            await failures.wait_for(1)
            text, rows = claimwatch_sources(cfg)
    finally:
        store.close()
        await server.close()

    assert re.search(r"jetstream-militias  \[jetstream\]  FAILING x[2-9]\n", text), text
    assert "connection failed: WSServerHandshakeError: 503" in text
    row = rows["jetstream-militias"]
    assert not row["connected"] and row["last_error_at"]
    assert "token=***" in text  # scrubbed as the logs are
    assert "s3cret" not in text and "s3cret" not in json.dumps(rows)
    assert server.connections[0]["token"] == ["s3cret"]  # while the URL itself kept it
    assert "s3cret" not in (tmp_path / "state.db").read_bytes().decode("utf-8", "replace")


async def test_failing_connections_tell_ops_once_then_that_it_recovered(
    fetcher: Fetcher,
    store: Store,
    events: list[dict[str, Any]],
    feed_server: FeedServer,
    appview: GetProfiles,
) -> None:
    server = await JetstreamServer(events, refuse=True).start()
    told: list[tuple[str, str]] = []
    news = asyncio.Queue[None]()

    def on_health(name: str, message: str) -> None:
        told.append((name, message))
        news.put_nowait(None)

    try:
        src = jetstream(fetcher, store, server, feed_server, dids=[WATCHED])
        src.on_health = on_health
        async with streaming(src, Collector()):
            await asyncio.wait_for(news.get(), 10)  # 3 refusals: after 1 s + 2 s of backoff
            assert len(server.connections) == 3
            assert store.get_fetch_state("test-jetstream")["health"]["failing_alerted"] is True
            server.refuse = False  # the instance is back: the next attempt connects
            await asyncio.wait_for(news.get(), 10)
            assert src.connected
    finally:
        await server.close()
    assert [name for name, _ in told] == ["test-jetstream", "test-jetstream"]
    failing, recovered = (message for _, message in told)
    assert failing.startswith("source test-jetstream failing: connection failed: ")
    assert "503" in failing and "(3 connections in a row)" in failing
    assert recovered == "source test-jetstream recovered after 3 failed connections"
    health = store.get_fetch_state("test-jetstream")["health"]
    assert health["failing_alerted"] is False and health["consecutive_errors"] == 0
