"""The daemon's HTTP server against a real Daemon, a real feed server and a real SQLite store."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from prometheus_client.parser import text_string_to_metric_families

from monitor.config import NotifierConfig, Settings
from monitor.daemon import Daemon
from monitor.models import Post, utcnow
from monitor.server import bound_port, safe_url, start_server
from monitor.sources.jetstream import HandleResolver
from tests.sources.apiserver import PROFILES_PATH, GetProfiles, JetstreamServer
from tests.sources.test_jetstream import LogLines

HOSTILE = "<script>alert(1)</script>"
TOPIC = "Iran AND (militia* OR proxies) AND (base OR bases OR troops)"
DESK_URL = "https://desk.example/items/1"


def _rss(now: datetime) -> str:
    when, earlier = (format_datetime(now - timedelta(minutes=m)) for m in (5, 10))
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>desk</title><link>https://desk.example/</link>
<item><guid>desk-1</guid><link>{DESK_URL}</link><pubDate>{when}</pubDate>
<title>JUST IN: Iran-backed militias are preparing to attack US bases in Iraq, officials say</title>
</item>
<item><guid>desk-2</guid><link>https://desk.example/items/2</link><pubDate>{earlier}</pubDate>
<title>Weather: a mild week ahead</title></item>
</channel></rss>"""


@pytest.fixture
async def feeds() -> AsyncIterator[str]:
    """A real HTTP feed server: /desk.xml serves two items, getProfiles answers as the
    AppView does, anything else is a 404."""
    body = _rss(datetime.now(UTC))

    async def desk(_: web.Request) -> web.Response:
        return web.Response(text=body, content_type="application/rss+xml")

    app = web.Application()
    app.router.add_get("/desk.xml", desk)
    app.router.add_get(PROFILES_PATH, GetProfiles().__call__)  # the AppView, for stream sources
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    await runner.cleanup()


def _settings(tmp_path: Path, feeds: str, *more: dict[str, Any]) -> Settings:
    return Settings(
        monitor={"state": str(tmp_path / "state.db")},
        server={"host": "127.0.0.1", "port": 0},
        sources=[
            {"name": "desk", "url": f"{feeds}/desk.xml"},
            {"name": "broken", "url": f"{feeds}/missing.xml"},
            *more,
        ],
        topics=[{"name": "iran-militias", "query": TOPIC}],
        # Never delivered here: the outbox worker is not started, so rows stay pending.
        notifiers=[{"name": "hook", "url": "json://127.0.0.1:9/alerts"}],
    )


@dataclass
class Served:
    daemon: Daemon
    http: aiohttp.ClientSession  # with base_url set: http.get("/healthz")
    base: str


@pytest.fixture
async def served(tmp_path: Path, feeds: str) -> AsyncIterator[Served]:
    async with serving(Daemon(_settings(tmp_path, feeds))) as served:
        yield served


@contextlib.asynccontextmanager
async def serving(daemon: Daemon) -> AsyncIterator[Served]:
    """A Daemon with its scheduler running and the server on a free port, as run() wires them."""
    daemon.scheduler = AsyncIOScheduler(timezone=UTC)
    daemon.scheduler.start()
    runner = await start_server(daemon)
    base = f"http://127.0.0.1:{bound_port(runner)}"
    try:
        async with daemon.fetcher, aiohttp.ClientSession(base_url=base) as http:
            yield Served(daemon, http, base)
    finally:
        await runner.cleanup()
        if daemon.scheduler.running:
            daemon.scheduler.shutdown(wait=False)
        await daemon.outbox.aclose()
        daemon.store.close()


def hostile_post(
    source: str = "tg<b>mirror</b>", post_id: str = "h1", url: str = "javascript:alert(3)"
) -> Post:
    return Post(
        id=post_id,
        source=source,
        author='"><img src=x onerror=alert(2)>',
        text=f"BREAKING: {HOSTILE} Iran proxies fire rockets at US troops base in Syria",
        published=utcnow() - timedelta(minutes=1),
        url=url,
    )


def samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def value(
    found: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str
) -> float:
    return found[(name, frozenset(labels.items()))]


# -- probes -------------------------------------------------------------------------------------
async def test_healthz_follows_the_scheduler(served: Served) -> None:
    daemon, http = served.daemon, served.http
    async with http.get("/healthz") as r:
        assert r.status == 200
        body = await r.json()
    assert body["status"] == "ok" and body["scheduler"] == "running"

    daemon.scheduler.shutdown(wait=False)  # type: ignore[union-attr]
    async with http.get("/healthz") as r:
        assert r.status == 503
        assert (await r.json())["scheduler"] == "stopped"


async def test_healthz_stays_ok_while_sources_fail(
    served: Served,
) -> None:
    daemon, http = served.daemon, served.http
    await daemon.poll_one("broken")  # 404: a failing feed is the source's problem, not liveness
    assert daemon.pollers["broken"].status()["consecutive_errors"] == 1
    async with http.get("/healthz") as r:
        assert r.status == 200


NO_SOURCES = {"disabled": 0, "gone": 0, "failing": 0, "ok": 0, "waiting": 0, "stale": 0}


async def test_readyz_needs_an_open_store(served: Served) -> None:
    daemon, http = served.daemon, served.http
    async with http.get("/readyz") as r:
        assert r.status == 200
        assert await r.json() == {
            "status": "ready",
            "config": "ok",
            "store": "ok",
            "sources": NO_SOURCES | {"waiting": 2},  # desk and broken, not polled yet
        }

    daemon.store.close()
    async with http.get("/readyz") as r:
        assert r.status == 503
        body = await r.json()
    assert body["status"] == "not ready" and body["store"].startswith("error")


async def test_readyz_counts_sources_by_health_but_stays_ready_when_one_fails(
    tmp_path: Path, feeds: str
) -> None:
    off = {"name": "off", "url": f"{feeds}/desk.xml", "enabled": False}
    async with serving(Daemon(_settings(tmp_path, feeds, off))) as served:
        daemon, http = served.daemon, served.http
        await daemon.poll_one("desk")  # 200: ok
        await daemon.poll_one("broken")  # 404: failing
        async with http.get("/readyz") as r:
            assert r.status == 200  # a failing feed is the source's problem, not readiness
            body = await r.json()
        async with http.get("/") as r:
            html = await r.text()

    assert body["status"] == "ready"
    assert body["sources"] == NO_SOURCES | {"ok": 1, "failing": 1, "disabled": 1}
    # the same classes as the status page's health cells (which lists running sources only)
    assert '<td>desk</td><td>rss</td><td class="ok">ok</td>' in html
    assert '<td>broken</td><td>rss</td><td class="failing">failing</td>' in html
    assert "<td>off</td>" not in html


# -- metrics ------------------------------------------------------------------------------------
async def test_metrics_after_a_poll_and_ingest(
    served: Served,
) -> None:
    daemon, http = served.daemon, served.http
    await daemon.poll_one("desk")  # one JUST IN item that matches, one weather item
    await daemon.poll_one("broken")
    await daemon.ingest([hostile_post()])
    repost = hostile_post(source="another-mirror", post_id="h2", url="https://m.example/2")
    await daemon.ingest([repost])  # the same claim, another source and URL: an exact merge

    async with http.get("/metrics") as r:
        assert r.status == 200
        assert r.headers["Content-Type"].startswith("text/plain")
        text = await r.text()
    found = samples(text)

    assert value(found, "claimwatch_build_info", version="0.1.0") == 1
    assert value(found, "claimwatch_scheduler_running") == 1
    assert value(found, "claimwatch_source_items_total", source="desk") == 2
    assert value(found, "claimwatch_source_consecutive_errors", source="desk") == 0
    assert value(found, "claimwatch_source_consecutive_errors", source="broken") == 1
    assert value(found, "claimwatch_source_fetch_latency_seconds", source="desk") >= 0
    last_ok = value(found, "claimwatch_source_last_success_timestamp_seconds", source="desk")
    assert abs(last_ok - utcnow().timestamp()) < 60
    assert (
        "claimwatch_source_last_success_timestamp_seconds",
        frozenset({("source", "broken")}),
    ) not in found  # never succeeded: no fake zero

    assert value(found, "claimwatch_posts_total") == 4
    assert value(found, "claimwatch_claims_detected_total") == 3
    assert value(found, "claimwatch_posts_rejected_total") == 1  # the weather item
    assert value(found, "claimwatch_topic_matches_total") == 3
    assert value(found, "claimwatch_stories_created_total") == 2
    assert value(found, "claimwatch_story_merges_total", tier="exact") == 1
    assert value(found, "claimwatch_stories_open") == 2

    # Two new stories and one corroboration, all waiting for the (unstarted) worker.
    pending = value(found, "claimwatch_outbox_messages", notifier="hook", status="pending")
    assert pending == value(found, "claimwatch_outbox_depth") == daemon.outbox.rows.depth()
    assert pending >= 2
    assert 0 <= value(found, "claimwatch_outbox_oldest_pending_age_seconds") < 60
    assert value(found, "process_resident_memory_bytes") > 0  # process metrics for long runs


async def test_each_daemon_has_its_own_registry(
    served: Served,
    tmp_path: Path,
    feeds: str,
) -> None:
    daemon = served.daemon
    await daemon.ingest([hostile_post()])
    other = Daemon(_settings(tmp_path / "other", feeds))
    runner = await start_server(other)  # no "Duplicated timeseries" from a shared registry
    try:
        async with (
            aiohttp.ClientSession() as s,
            s.get(f"http://127.0.0.1:{bound_port(runner)}/metrics") as r,
        ):
            found = samples(await r.text())
    finally:
        await runner.cleanup()
        await other.outbox.aclose()
        other.store.close()
    assert value(found, "claimwatch_posts_total") == 0
    assert value(found, "claimwatch_scheduler_running") == 0


# -- status page --------------------------------------------------------------------------------
async def test_status_page_shows_sources_stories_and_outbox_escaped(
    served: Served,
) -> None:
    daemon, http = served.daemon, served.http
    await daemon.poll_one("desk")
    await daemon.poll_one("broken")
    await daemon.ingest([hostile_post()])

    async with http.get("/") as r:
        assert r.status == 200
        assert r.content_type == "text/html"
        assert "script-src" not in r.headers["Content-Security-Policy"]  # default-src 'none'
        html = await r.text()

    # sources and their health
    assert 'id="sources-table"' in html
    assert "desk" in html and "broken" in html and "failing" in html and "404" in html
    # the feed's story, linked to its original post
    assert "Iran-backed militias are preparing to attack US bases in Iraq" in html
    assert f'href="{DESK_URL}"' in html
    # the hostile post: shown, escaped, and its javascript: URL is no link
    assert HOSTILE not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img" not in html and "<b>mirror" not in html
    assert "tg&lt;b&gt;mirror&lt;/b&gt;" in html
    assert 'href="javascript' not in html
    # the outbox: pending rows for the notifier
    assert 'id="outbox-table"' in html and "hook" in html and "pending" in html


# -- feed URL secrets ---------------------------------------------------------------------------
FEED_PASSWORD, FEED_TOKEN = "FEEDPASSWORD99", "FEEDSECRETtok77"


async def test_feed_url_secrets_reach_no_log_ops_message_metric_or_page(
    tmp_path: Path, feeds: str, caplog: pytest.LogCaptureFixture
) -> None:
    """A feed with a password and a token in its URL, failing with an error that quotes a URL
    holding both: its name, logs, ops message, metrics and status page show neither."""
    asked: list[tuple[str | None, str | None]] = []

    async def moved(request: web.Request) -> web.Response:
        asked.append((request.headers.get("Authorization"), request.query.get("token")))
        leak = f"ftp://feeduser:{FEED_PASSWORD}@mirror.example/feed.xml?token={FEED_TOKEN}"
        raise web.HTTPFound(leak)

    app = web.Application()
    app.router.add_get("/feed.xml", moved)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    port = runner.addresses[0][1]
    private = {
        "url": f"http://feeduser:{FEED_PASSWORD}@127.0.0.1:{port}/feed.xml?token={FEED_TOKEN}"
    }
    settings = _settings(tmp_path, feeds, private)
    settings.notifiers.append(NotifierConfig(name="ops", url="json://127.0.0.1:9/ops", ops=True))
    name = f"127.0.0.1:{port}/feed.xml"
    try:
        with caplog.at_level(logging.DEBUG):
            async with serving(Daemon(settings)) as served:
                daemon, http = served.daemon, served.http
                assert list(daemon.pollers) == ["desk", "broken", name]
                for _ in range(3):  # the third failure in a row tells ops
                    await daemon.poll_one(name)
                async with http.get("/") as r:
                    html = await r.text()
                async with http.get("/metrics") as r:
                    metrics_text = await r.text()
                ops = [
                    row["payload"]
                    for row in daemon.outbox.rows.by_status(("pending",))
                    if row["notifier"] == "ops"
                ]
    finally:
        await runner.cleanup()

    # the request itself carried both: basic auth and the query
    assert asked[0][0] is not None and asked[0][0].startswith("Basic ")
    assert asked[0][1] == FEED_TOKEN
    [payload] = ops
    assert f"source {name} failing: redirect to a non-http(s) URL: ftp://***@mirror" in payload
    assert "token=***" in payload
    assert f"<td>{name}</td>" in html and "redirect to a non-http(s) URL" in html
    assert value(samples(metrics_text), "claimwatch_source_consecutive_errors", source=name) == 3
    assert f"source {name}: redirect to a non-http(s) URL" in caplog.text
    for text in (caplog.text, *ops, html, metrics_text):
        assert FEED_PASSWORD not in text and FEED_TOKEN not in text


# -- stream sources -------------------------------------------------------------------------------
WATCHED = "did:plc:w4xbfzo7kqfes5zb7r6qv3rw"  # wirewatch.bsky.social in the AppView's fixture


def jetstream_post(did: str, rkey: str, text: str) -> dict[str, Any]:
    now = datetime.now(UTC)
    record = {"$type": "app.bsky.feed.post", "text": text, "createdAt": now.isoformat()}
    commit = {"operation": "create", "collection": "app.bsky.feed.post", "rkey": rkey,
              "record": record}  # fmt: skip
    return {"did": did, "time_us": int(now.timestamp() * 1e6), "kind": "commit", "commit": commit}


async def test_stream_sources_show_on_the_status_page_and_in_metrics(
    tmp_path: Path, feeds: str
) -> None:
    jet = await JetstreamServer([]).start()
    live = {"name": "bsky-live", "kind": "jetstream", "instance": jet.url, "dids": [WATCHED]}
    failures = LogLines("jetstream connection failed")
    logging.getLogger("monitor.sources.jetstream").addHandler(failures)
    try:
        async with serving(Daemon(_settings(tmp_path, feeds, live))) as served:
            daemon, http = served.daemon, served.http
            src = daemon.streams["bsky-live"]
            src.handles = HandleResolver(daemon.fetcher, feeds)
            ingested: asyncio.Queue[list[Post]] = asyncio.Queue()

            async def emit(posts: list[Post]) -> None:  # the daemon's own ingest, observed
                await daemon.ingest(posts)
                ingested.put_nowait(posts)

            task = asyncio.create_task(src.stream(emit, daemon.stop_event))
            await jet.wait_connections(1)
            text = "BREAKING: Iran-backed militia drones hit a US base near Erbil"
            await jet.push(jetstream_post(WATCHED, "3lbzzzaaaa22c", text))
            await asyncio.wait_for(ingested.get(), 10)

            async with http.get("/") as r:
                html = await r.text()
            async with http.get("/metrics") as r:
                found = samples(await r.text())

            jet.drop()  # cut, and every reconnect refused
            await failures.wait_for(1)
            async with http.get("/") as r:
                failing_html = await r.text()
            async with http.get("/metrics") as r:
                failing = samples(await r.text())
            daemon.stop_event.set()
            await asyncio.wait_for(task, 10)
    finally:
        logging.getLogger("monitor.sources.jetstream").removeHandler(failures)
        await jet.close()

    # one table, pollers and the stream alike
    row = html.split("<td>bsky-live</td>", 1)[1].split("</tr>", 1)[0]
    assert "<td>jetstream</td>" in row and '<td class="ok">ok</td>' in row
    assert "streaming, connected 0s ago · 1 events · cursor lag" in row
    assert "<td>desk</td>" in html and "<td>broken</td>" in html
    assert "bsky-live · wirewatch.bsky.social" in html  # the story's original, by handle

    assert value(found, "claimwatch_source_connected", source="bsky-live") == 1
    assert value(found, "claimwatch_source_stream_events_total", source="bsky-live") == 1
    assert value(found, "claimwatch_source_items_total", source="bsky-live") == 1
    assert value(found, "claimwatch_source_consecutive_errors", source="bsky-live") == 0
    assert value(found, "claimwatch_source_reconnects_total", source="bsky-live") == 0
    assert 0 <= value(found, "claimwatch_source_cursor_lag_seconds", source="bsky-live") < 60
    last_event = value(found, "claimwatch_source_last_event_timestamp_seconds", source="bsky-live")
    assert abs(last_event - utcnow().timestamp()) < 60
    assert value(found, "claimwatch_source_items_total", source="desk") == 0  # pollers too
    assert ("claimwatch_source_connected", frozenset({("source", "desk")})) not in found

    row = failing_html.split("<td>bsky-live</td>", 1)[1].split("</tr>", 1)[0]
    assert '<td class="failing">failing</td>' in row and "not connected" in row
    assert "connection failed: WSServerHandshakeError: 503" in row
    assert value(failing, "claimwatch_source_connected", source="bsky-live") == 0
    assert value(failing, "claimwatch_source_consecutive_errors", source="bsky-live") >= 2


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a?b=1", "https://example.org/a?b=1"),
        ("HTTP://example.org/", "HTTP://example.org/"),
        ("javascript:alert(1)", None),
        (" JavaScript:alert(1)", None),
        ("data:text/html,<script>", None),
        ("//example.org/x", None),
        ("/relative", None),
        ("http://[broken", None),
        (None, None),
    ],
)
def test_only_http_urls_become_links(url: str | None, expected: str | None) -> None:
    assert safe_url(url) == expected


# -- wired into Daemon.run() --------------------------------------------------------------------
class _Started(logging.Handler):
    """Sets an event when the server logs its address: no polling for the port."""

    def __init__(self) -> None:
        super().__init__()
        self.event = asyncio.Event()
        self.port = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith("status page on"):
            self.port = int(record.args[-1])  # type: ignore[index]
            self.event.set()


@pytest.fixture
def started() -> Iterator[_Started]:
    handler = _Started()
    logger = logging.getLogger("monitor.server")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(level)


async def test_run_serves_until_stopped(tmp_path: Path, started: _Started) -> None:
    import inspect

    import monitor.daemon

    if "start_server" not in inspect.getsource(monitor.daemon):
        pytest.skip("Daemon.run() does not start the server yet")
    settings = Settings(monitor={"state": str(tmp_path / "state.db")}, server={"port": 0})
    daemon = Daemon(settings)
    run: asyncio.Task[Any] = asyncio.create_task(daemon.run())
    await asyncio.wait_for(started.event.wait(), 10)
    url = f"http://127.0.0.1:{started.port}/healthz"
    async with aiohttp.ClientSession() as http:
        async with http.get(url) as r:
            assert r.status == 200
        daemon.stop_event.set()
        await asyncio.wait_for(run, 10)
        with pytest.raises(aiohttp.ClientConnectionError):
            async with http.get(url):
                pass
