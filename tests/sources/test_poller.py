"""Poller: backoff, Retry-After, gone, health alerts, staleness, and concurrent sources."""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import datetime, timedelta
from email.utils import format_datetime

import pytest
from aiohttp import web

from monitor.models import Post, utcnow
from monitor.sources.base import Source, SourceError
from monitor.sources.feed import FeedSource
from monitor.sources.http import Fetcher
from monitor.sources.poller import Poller
from monitor.store import Store

from .conftest import FeedServer, fixture_bytes, http_settings, rss_config

HOUR = timedelta(hours=1)


class Health:
    def __init__(self) -> None:
        self.messages: list[str] = []

    def __call__(self, source: str, message: str) -> None:
        assert source in message
        self.messages.append(message)


def switchable(feed_server: FeedServer, path: str) -> dict[str, object]:
    """A route whose answer the test changes between polls: state['status'], ['body'], ..."""
    state: dict[str, object] = {"status": 200, "body": fixture_bytes("atom.xml"), "headers": {}}

    async def handler(request: web.Request) -> web.Response:
        status, body, headers = state["status"], state["body"], state["headers"]
        assert isinstance(status, int) and isinstance(body, bytes) and isinstance(headers, dict)
        return web.Response(status=status, body=body, headers=headers)

    feed_server.route(path, handler)
    return state


def warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


async def test_backoff_alert_once_and_recovery(
    feed_server: FeedServer, fetcher: Fetcher, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    state = switchable(feed_server, "/f")
    state["status"], state["body"] = 500, b"oops"
    health = Health()
    source = FeedSource(rss_config(feed_server.url("/f"), interval="60s"), fetcher, store)
    poller = Poller(source, store, backoff_max=timedelta(minutes=10), on_health=health)
    assert poller.next_delay() == 60
    bounds = [(90, 120), (180, 240), (360, 480), (450, 600), (450, 600), (450, 600)]
    for n, (low, high) in enumerate(bounds, 1):
        caplog.clear()
        assert await poller.poll() == []
        assert low <= poller.next_delay() <= high, (n, poller.next_delay())
        assert warnings(caplog) == ["source test-feed: HTTP 500 Internal Server Error"]
    assert health.messages == [
        "source test-feed failing: HTTP 500 Internal Server Error (3 polls in a row)"
    ]
    st = poller.status()
    assert st["consecutive_errors"] == 6 and st["last_error"] == "HTTP 500 Internal Server Error"
    assert not st["gone"] and st["next_poll"] is not None

    state["status"], state["body"] = 200, fixture_bytes("atom.xml")
    assert len(await poller.poll()) == 2
    assert poller.next_delay() == 60
    assert health.messages[1:] == ["source test-feed recovered after 6 failed polls"]
    st = poller.status()
    assert st["consecutive_errors"] == 0 and st["last_success"] and st["items_seen"] == 2
    assert st["latency_ms"] is not None


async def test_retry_after_is_honoured_and_capped(
    feed_server: FeedServer, fetcher: Fetcher, store: Store
) -> None:
    state = switchable(feed_server, "/f")
    state["status"], state["headers"] = 429, {"Retry-After": "5400"}
    poller = Poller(
        FeedSource(rss_config(feed_server.url("/f")), fetcher, store), store, backoff_max=HOUR
    )
    await poller.poll()
    assert poller.next_delay() == 5400  # beyond backoff_max: the server asked for it
    state["headers"] = {"Retry-After": str(30 * 86400)}
    await poller.poll()
    assert poller.next_delay() == 86400  # a month would disable the source; a day is the most


async def test_gone_source_is_still_polled_at_backoff_max(
    feed_server: FeedServer, fetcher: Fetcher, store: Store
) -> None:
    state = switchable(feed_server, "/f")
    state["status"] = 410
    health = Health()
    poller = Poller(
        FeedSource(rss_config(feed_server.url("/f")), fetcher, store),
        store,
        backoff_max=HOUR,
        on_health=health,
    )
    for _ in range(4):
        assert await poller.poll() == []
        assert poller.next_delay() == 3600
    assert poller.status()["gone"] is True
    assert health.messages == ["source test-feed gone: HTTP 410 Gone; still polled every 1h"]
    state["status"] = 200
    assert len(await poller.poll()) == 2
    assert health.messages[1:] == ["source test-feed recovered after 4 failed polls"]
    assert poller.status()["gone"] is False


def dated_feed(times: list[datetime]) -> bytes:
    items = "".join(
        f"<item><title>t{i}</title><guid>g{i}</guid><description>x</description>"
        f"<pubDate>{format_datetime(t, usegmt=True)}</pubDate></item>"
        for i, t in enumerate(times)
    )
    return f'<rss version="2.0"><channel><title>s</title>{items}</channel></rss>'.encode()


async def test_stale_source_is_reported_once(
    feed_server: FeedServer, fetcher: Fetcher, store: Store
) -> None:
    last = utcnow().replace(microsecond=0) - timedelta(days=2)
    times = [last - timedelta(minutes=10 * i) for i in range(10)]
    state = switchable(feed_server, "/f")
    state["body"] = dated_feed(times)
    health = Health()
    poller = Poller(
        FeedSource(rss_config(feed_server.url("/f")), fetcher, store),
        store,
        backoff_max=HOUR,
        on_health=health,
    )
    assert len(await poller.poll()) == 10
    assert health.messages == [
        "source test-feed stale: no new items for 2d (usually one every 10m)"
    ]
    state["body"] = dated_feed([*times, last - timedelta(hours=5)])  # changed, but nothing new
    assert len(await poller.poll()) == 11
    assert len(health.messages) == 1 and poller.status()["stale"] is True
    state["body"] = dated_feed([utcnow().replace(microsecond=0), *times])
    await poller.poll()
    assert poller.status()["stale"] is False and poller.status()["items_seen"] == 11


class Broken(Source):
    kind = "rss"

    def __init__(self, store: Store, exc: BaseException) -> None:
        super().__init__(rss_config("http://127.0.0.1/", name="broken"), None, store)  # type: ignore[arg-type]
        self.exc = exc

    async def poll(self) -> list[Post]:
        raise self.exc


async def test_unexpected_errors_do_not_escape(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    poller = Poller(Broken(store, KeyError("title")), store, backoff_max=HOUR)
    with caplog.at_level(logging.INFO, logger="monitor"):
        assert await poller.poll() == []
    assert warnings(caplog) == ["source broken: unexpected KeyError: 'title'"]
    assert not any(r.exc_info for r in caplog.records if r.levelno >= logging.INFO)
    with pytest.raises(asyncio.CancelledError):
        await Poller(Broken(store, asyncio.CancelledError()), store, backoff_max=HOUR).poll()


async def test_a_huge_retry_after_from_any_source_kind_is_capped(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    # An adapter's own wait (an API's reset header), not an HTTP Retry-After read by http.py.
    error = SourceError("api: rate limit used up", retry_after=1e30)
    poller = Poller(Broken(store, error), store, backoff_max=HOUR)
    with caplog.at_level(logging.INFO, logger="monitor"):
        await poller.poll()
    assert poller.next_delay() == 86400
    assert warnings(caplog) == [
        "source broken: api: rate limit used up "
        "(retry after 24h, capped: the server asked for longer)"
    ]


async def test_health_survives_a_restart(
    feed_server: FeedServer, fetcher: Fetcher, store: Store
) -> None:
    state = switchable(feed_server, "/f")
    state["status"] = 503
    health = Health()
    source = FeedSource(rss_config(feed_server.url("/f")), fetcher, store)
    poller = Poller(source, store, backoff_max=HOUR, on_health=health)
    for _ in range(3):
        await poller.poll()
    assert len(health.messages) == 1
    again = Poller(source, store, backoff_max=HOUR, on_health=health)  # the daemon restarted
    assert again.status()["consecutive_errors"] == 3
    await again.poll()
    assert len(health.messages) == 1  # "failing" is not repeated after the restart
    state["status"] = 200
    await again.poll()
    assert health.messages[-1] == "source test-feed recovered after 4 failed polls"
    assert store.get_fetch_state("test-feed")["http"]["body_hash"]  # namespaces side by side


async def test_three_sources_concurrently(
    feed_server: FeedServer, dead_url: str, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    async def trickle(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse()
        await resp.prepare(request)
        while True:
            await resp.write(b" ")
            await asyncio.sleep(0.2)  # the server's pace, not synchronisation

    feed_server.route("/slow", trickle)
    feed_server.file("/ok", "rss20.xml")
    async with Fetcher(http_settings(timeout=1, connect_timeout=1)) as fetcher:
        pollers = [
            Poller(FeedSource(rss_config(url, name=name), fetcher, store), store, backoff_max=HOUR)
            for name, url in (
                ("dead", dead_url),
                ("slow", feed_server.url("/slow")),
                ("healthy", feed_server.url("/ok")),
            )
        ]
        started = time.monotonic()
        with caplog.at_level(logging.INFO, logger="monitor"):
            dead, slow, healthy = await asyncio.gather(*(p.poll() for p in pollers))
        elapsed = time.monotonic() - started
    assert dead == [] and slow == [] and len(healthy) == 6
    assert all(p.source == "healthy" for p in healthy)
    lines = sorted(warnings(caplog))
    assert len(lines) == 2, lines
    assert lines[0].startswith("source dead: cannot connect to 127.0.0.1:")
    assert lines[1] == "source slow: timed out after 1s"
    assert elapsed < 2.5  # concurrent: the slow one does not hold up the others
    assert pollers[2].status()["consecutive_errors"] == 0
