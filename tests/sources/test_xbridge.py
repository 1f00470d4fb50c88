"""XSource against local bridges serving Nitter and RSSHub feeds: rewriting, failover, health."""

from __future__ import annotations

from datetime import timedelta

import pytest

from monitor.config import SourceConfig
from monitor.sources.base import SourceError
from monitor.sources.http import Fetcher
from monitor.sources.xbridge import XSource, bridge_floor
from monitor.store import Store

from .apiserver import fixture_text, make_source
from .conftest import FeedServer

NITTER = "/BreakingWire/rss"
RSSHUB = "/twitter/user/BreakingWire"


def serve_nitter(server: FeedServer) -> str:
    base = server.url("")
    body = fixture_text("x", "nitter_user.rss").replace("{base}", base)
    server.serve(NITTER, body.replace("{host}", base.split("://", 1)[1]))
    return server.url("/{account}/rss")


def serve_rsshub(server: FeedServer) -> str:
    server.serve(RSSHUB, fixture_text("x", "rsshub_user.rss").replace("{base}", server.url("")))
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
