"""XSource against local bridges serving Nitter and RSSHub feeds: rewriting, failover, health."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from aiohttp import web

from monitor.config import SourceConfig
from monitor.sources.base import SourceError
from monitor.sources.http import Fetcher
from monitor.sources.xbridge import XSource, bridge_floor
from monitor.store import Store

from .apiserver import fixture_text, make_source
from .conftest import FeedServer

VALIDATORS = ("If-None-Match", "If-Modified-Since")

NITTER = "/BreakingWire/rss"
RSSHUB = "/twitter/user/BreakingWire"


def nitter_body(server: FeedServer) -> str:
    base = server.url("")
    body = fixture_text("x", "nitter_user.rss").replace("{base}", base)
    return body.replace("{host}", base.split("://", 1)[1])


def rsshub_body(server: FeedServer) -> str:
    return fixture_text("x", "rsshub_user.rss").replace("{base}", server.url(""))


def serve_nitter(server: FeedServer) -> str:
    server.serve(NITTER, nitter_body(server))
    return server.url("/{account}/rss")


def serve_rsshub(server: FeedServer) -> str:
    server.serve(RSSHUB, rsshub_body(server))
    return server.url("/twitter/user/{account}", host="localhost")


def source(fetcher: Fetcher, store: Store, bridges: list[str]) -> XSource:
    return make_source(XSource, fetcher, store, account="@BreakingWire", bridges=bridges)


async def test_nitter_items_become_x_posts(
    feed_server: FeedServer, fetcher: Fetcher, store: Store
) -> None:
    src = source(fetcher, store, [serve_nitter(feed_server)])
    own, rt, quote = await src.poll()  # oldest first

    assert own.id == own.url == "https://x.com/BreakingWire/status/1853805555555555555"
    assert own.text == "🚨 BREAKING: Tankers are queuing outside the Red Sea ports"
    assert (own.author, own.reposted_by, own.title, own.kind) == ("BreakingWire", None, None, "x")
    assert own.links == ()  # the bridge's image proxy is not a citation

    assert rt.url == "https://x.com/NewsDeskIntl/status/1853811111111111111"
    assert rt.author == "NewsDeskIntl" and rt.reposted_by == "BreakingWire"
    assert rt.links == ("https://www.example-news.com/2024/11/05/port-closure",)  # no #tag search

    assert quote.links == ("https://x.com/NewsDeskIntl/status/1853811111111111111",)
    assert src.min_interval == timedelta(minutes=1)


async def test_failover_to_the_next_bridge_gives_the_same_ids_and_is_remembered(
    feed_server: FeedServer, fetcher: Fetcher, store: Store
) -> None:
    nitter = serve_nitter(feed_server)
    healthy = {p.id for p in await source(fetcher, Store(":memory:"), [nitter]).poll()}
    feed_server.serve(NITTER, "upstream down", status=503, content_type="text/plain")
    rsshub = serve_rsshub(feed_server)
    src = source(fetcher, store, [nitter, rsshub])

    posts = await src.poll()
    assert {p.id for p in posts} == healthy  # a failover is not a flood of "new" tweets
    rt = next(p for p in posts if p.author == "NewsDeskIntl")
    assert rt.reposted_by == "BreakingWire"
    assert src.min_interval == timedelta(minutes=5)  # RSSHub's cache now sets the floor
    state = store.get_fetch_state("test-x")["x"]
    assert state["last_good"] == rsshub
    assert state["bridges"][nitter]["failures"] == 1
    assert "HTTP 503" in state["bridges"][nitter]["error"]

    feed_server.requests.clear()
    await src.poll()  # the failed bridge cools down; the last good one goes first
    assert [r.path for r in feed_server.requests] == [RSSHUB]

    # A restarted daemon remembers the bridge health too.
    feed_server.requests.clear()
    await source(fetcher, store, [nitter, rsshub]).poll()
    assert [r.path for r in feed_server.requests] == [RSSHUB]


async def test_every_bridge_failing_names_each_and_backs_off(
    feed_server: FeedServer, fetcher: Fetcher, store: Store
) -> None:
    feed_server.serve(
        NITTER,
        fixture_text("x", "nitter_rate_limited.html"),
        content_type="text/html; charset=utf-8",
    )
    feed_server.serve(RSSHUB, "Internal Server Error", status=500, content_type="text/plain")
    nitter = feed_server.url("/{account}/rss")
    rsshub = feed_server.url("/twitter/user/{account}", host="localhost")
    src = source(fetcher, store, [nitter, rsshub])
    with pytest.raises(SourceError) as e:
        await src.poll()
    message = str(e.value)
    assert message.startswith("x @BreakingWire: every bridge failed: ")
    assert "127.0.0.1: not a feed: got an HTML page" in message  # a 200 error page is a failure
    assert "localhost: HTTP 500" in message
    assert e.value.retry_after is not None and 0 < e.value.retry_after <= 60

    feed_server.requests.clear()
    with pytest.raises(SourceError, match=r"\(1 more cooling down\)"):
        await src.poll()  # all cooling: only the one ready soonest is tried
    assert len(feed_server.requests) == 1


def honour_etag(server: FeedServer, path: str, body: str, etag: str) -> None:
    """Serve body with an ETag and Last-Modified, and 304 to a request that names that ETag."""

    async def handler(request: web.Request) -> web.Response:
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        return web.Response(
            text=body,
            headers={
                "Content-Type": "application/rss+xml",
                "ETag": etag,
                "Last-Modified": "Tue, 05 Nov 2024 12:00:00 GMT",
            },
        )

    server.route(path, handler)


async def test_a_bridge_that_honours_etag_answers_304_with_no_posts(
    feed_server: FeedServer, fetcher: Fetcher, store: Store
) -> None:
    honour_etag(feed_server, NITTER, nitter_body(feed_server), '"n1"')
    src = source(fetcher, store, [feed_server.url("/{account}/rss")])
    assert len(await src.poll()) == 3
    assert await src.poll() == []  # 304: no posts and no error
    second = feed_server.hits(NITTER)[1].headers
    assert second["If-None-Match"] == '"n1"'
    assert second["If-Modified-Since"] == "Tue, 05 Nov 2024 12:00:00 GMT"
    health = store.get_fetch_state("test-x")["x"]["bridges"][feed_server.url("/{account}/rss")]
    assert (health["failures"], health["validators"]["etag"]) == (0, '"n1"')


async def test_an_unchanged_body_is_not_parsed_again(
    feed_server: FeedServer, fetcher: Fetcher, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    src = source(fetcher, store, [serve_nitter(feed_server)])  # no ETag, no Last-Modified
    assert len(await src.poll()) == 3
    with caplog.at_level(logging.DEBUG, logger="monitor.sources.feed"):
        assert await src.poll() == []  # no duplicate posts
    assert "source test-x: body unchanged, not parsed" in caplog.messages
    assert not any(h in feed_server.hits(NITTER)[1].headers for h in VALIDATORS)


async def test_failover_sends_no_validator_of_the_other_bridge(
    feed_server: FeedServer, fetcher: Fetcher, store: Store
) -> None:
    nitter, rsshub = feed_server.url("/{account}/rss"), serve_rsshub(feed_server)
    honour_etag(feed_server, NITTER, nitter_body(feed_server), '"n1"')
    src = source(fetcher, store, [nitter, rsshub])
    assert len(await src.poll()) == 3
    assert not feed_server.hits(RSSHUB)

    feed_server.serve(NITTER, "upstream down", status=503, content_type="text/plain")
    honour_etag(feed_server, RSSHUB, rsshub_body(feed_server), '"r1"')
    assert len(await src.poll()) == 3  # the same tweets, new to this bridge's validators
    first_b = feed_server.hits(RSSHUB)[0].headers
    assert not any(h in first_b for h in VALIDATORS)

    assert await src.poll() == []  # B now answers 304 to its own ETag
    assert feed_server.hits(RSSHUB)[1].headers["If-None-Match"] == '"r1"'
    state = store.get_fetch_state("test-x")["x"]
    assert state["last_good"] == rsshub and state["bridges"][rsshub]["failures"] == 0


async def test_a_body_that_failed_to_parse_is_fetched_again_without_validators(
    feed_server: FeedServer, fetcher: Fetcher, store: Store
) -> None:
    page = fixture_text("x", "nitter_rate_limited.html")
    honour_etag(feed_server, NITTER, page, '"p1"')  # an error page with validators of its own
    src = source(fetcher, store, [feed_server.url("/{account}/rss")])
    for _ in range(2):  # the second poll must fail again, not be skipped as 304/unchanged
        with pytest.raises(SourceError, match="not a feed: got an HTML page"):
            await src.poll()
    assert not any(h in feed_server.hits(NITTER)[1].headers for h in VALIDATORS)

    feed_server.serve(NITTER, page)  # no ETag: only the body hash could wrongly skip it
    with pytest.raises(SourceError, match="not a feed: got an HTML page"):
        await src.poll()


def test_no_bridges_explains_why() -> None:
    # refused when the config loads, so `claimwatch check` says it before the daemon starts
    with pytest.raises(ValueError, match=r"needs 'bridges' \(X has no free API\)"):
        SourceConfig(kind="x", account="someone")


@pytest.mark.parametrize(
    ("template", "floor"),
    [
        ("https://nitter.example.net/{account}/rss", timedelta(minutes=1)),
        ("http://10.0.0.5:8080/{account}/rss", timedelta(minutes=1)),
        ("https://rsshub.example/twitter/user/{account}", timedelta(minutes=5)),
        (
            "https://bridge.example/?action=display&bridge=TwitterBridge&u={account}&format=Atom",
            timedelta(minutes=15),
        ),
        (
            "https://bridge.example/?action=display&bridge=XcancelBridge&u={account}&format=Atom",
            timedelta(hours=1),
        ),
        ("https://feeds.example/x/{account}.xml", timedelta(0)),
    ],
)
def test_bridge_cache_floors(template: str, floor: timedelta) -> None:
    assert bridge_floor(template) == floor
