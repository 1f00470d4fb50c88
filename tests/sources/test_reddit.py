"""RedditSource against a local server answering with Reddit's listing JSON, Atom and errors."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from aiohttp import web

from monitor.sources.base import SourceError
from monitor.sources.http import Fetcher
from monitor.sources.reddit import RedditSource
from monitor.store import Store

from .apiserver import fixture_json, fixture_text, json_response, make_source
from .conftest import FeedServer
from .test_xbridge import honour_etag

NEW = "/r/worldnews/new.json"
RSS = "/r/worldnews/new/.rss"


class Listing:
    """/new.json over a list of t3 things, newest first, `page` at a time, `after` a fullname."""

    def __init__(
        self, children: list[dict[str, Any]], page: int = 100, headers: dict[str, str] | None = None
    ) -> None:
        self.children = children
        self.page = page
        self.headers = headers or {
            "x-ratelimit-used": "1",
            "x-ratelimit-remaining": "99.0",
            "x-ratelimit-reset": "420",
        }

    async def __call__(self, request: web.Request) -> web.Response:
        items = self.children
        if "after" in request.query:
            names = [c["data"]["name"] for c in items]
            items = items[names.index(request.query["after"]) + 1 :]
        page = items[: min(self.page, int(request.query.get("limit", 25)))]
        after = page[-1]["data"]["name"] if len(items) > len(page) else None
        doc = {
            "kind": "Listing",
            "data": {
                "after": after,
                "dist": len(page),
                "modhash": "",
                "geo_filter": "",
                "children": page,
                "before": None,
            },
        }
        return json_response(doc, headers=self.headers)


def children() -> list[dict[str, Any]]:
    return fixture_json("reddit", "new.json")["data"]["children"]


def newer(n: int) -> dict[str, Any]:
    child = copy.deepcopy(children()[1])
    child["data"].update(
        name=f"t3_new{n}",
        id=f"new{n}",
        title=f"Update {n}",
        created_utc=1730820000.0 + n,
        selftext_html=None,
        selftext="",
        permalink=f"/r/worldnews/comments/new{n}/update_{n}/",
    )
    return child


def source(
    server: FeedServer, fetcher: Fetcher, store: Store, account: str = "r/worldnews"
) -> RedditSource:
    return make_source(RedditSource, fetcher, store, account=account, instance=server.url(""))


async def test_parses_link_self_and_crossposts_with_permalinks(
    feed_server: FeedServer, fetcher: Fetcher, store: Store
) -> None:
    feed_server.route(NEW, Listing(children()))
    posts = await source(feed_server, fetcher, store).poll()
    req = feed_server.hits(NEW)[0]
    assert (req.query["limit"], req.query["raw_json"]) == ("100", "1")

    cross, selfpost, link = posts  # oldest first
    assert link.id == "t3_1gk0f3x"
    assert link.url == (
        "https://www.reddit.com/r/worldnews/comments/1gk0f3x/"
        "authorities_close_the_port_of_aqaba_to_all/"
    )
    assert (
        link.title
        == link.text
        == ("Authorities close the port of Aqaba to all shipping until further notice")
    )
    assert link.links == ("https://www.example-news.com/2024/11/05/port-closure",)
    assert (link.author, link.kind) == ("u/wire_reporter", "reddit")
    assert link.published.isoformat() == "2024-11-05T14:30:51+00:00"

    assert selfpost.title == (
        "JUST IN: Tankers queuing outside Red Sea ports & waiting for clearance"
    )
    assert selfpost.text == (
        "Multiple sources report tankers queuing outside the ports. Tracker "
        "shows 40+ vessels. More as it develops."
    )
    assert selfpost.links == ("https://shipping.example.org/red-sea-queue",)  # not its own page

    assert cross.author is None  # [deleted]
    assert cross.links == (
        "https://www.reddit.com/r/energy/comments/1gjzz01/oil_prices_jump_on_shipping_fears/",
        "https://markets.example.com/oil-jumps",
    )


async def test_user_submissions_url(
    feed_server: FeedServer, fetcher: Fetcher, store: Store
) -> None:
    path = "/user/seawatch_osint/submitted.json"
    feed_server.route(path, Listing(children()[1:2]))
    posts = await source(feed_server, fetcher, store, account="u/seawatch_osint").poll()
    assert [p.id for p in posts] == ["t3_1gk0c11"]
    assert feed_server.hits(path)[0].query["sort"] == "new"


async def test_pages_with_after_until_a_seen_submission(
    feed_server: FeedServer, fetcher: Fetcher, store: Store
) -> None:
    listing = Listing(children(), page=2)
    feed_server.route(NEW, listing)
    src = source(feed_server, fetcher, store)
    assert len(await src.poll()) == 2  # the first poll reads one page
    listing.children = [newer(n) for n in (4, 3, 2, 1)] + children()
    feed_server.requests.clear()
    posts = await src.poll()
    assert [p.title for p in posts] == ["Update 1", "Update 2", "Update 3", "Update 4"]
    assert [r.query.get("after") for r in feed_server.hits(NEW)] == [None, "t3_new3", "t3_new1"]


async def test_rate_limit_used_up_waits_for_the_reset_without_a_request(
    feed_server: FeedServer, fetcher: Fetcher, store: Store
) -> None:
    feed_server.route(
        NEW,
        Listing(
            children(),
            headers={
                "x-ratelimit-used": "100",
                "x-ratelimit-remaining": "0.0",
                "x-ratelimit-reset": "120",
            },
        ),
    )
    src = source(feed_server, fetcher, store)
    assert len(await src.poll()) == 3  # what came with the last allowed request is kept
    feed_server.requests.clear()
    with pytest.raises(SourceError, match="rate limit used up") as e:
        await src.poll()
    assert e.value.retry_after is not None and 110 < e.value.retry_after <= 120
    # The wait is in the source's state: a restarted daemon does not hammer a used-up limit.
    with pytest.raises(SourceError, match="rate limit used up"):
        await source(feed_server, fetcher, store).poll()
    assert feed_server.requests == []


@pytest.mark.parametrize(("reset", "wait"), [("1e30", 86400), ("inf", 60), ("nan", 60)])
async def test_rate_limit_reset_is_capped(
    feed_server: FeedServer, fetcher: Fetcher, store: Store, reset: str, wait: float
) -> None:
    headers = {"x-ratelimit-remaining": "0", "x-ratelimit-reset": reset}
    feed_server.route(NEW, Listing(children(), headers=headers))
    src = source(feed_server, fetcher, store)
    await src.poll()
    with pytest.raises(SourceError, match=r"rate limit used up; resets in \d+s$") as e:
        await src.poll()
    assert e.value.retry_after is not None and wait - 10 < e.value.retry_after <= wait


async def test_429_is_a_rate_limit_with_retry_after(
    feed_server: FeedServer, fetcher: Fetcher, store: Store
) -> None:
    feed_server.serve(
        NEW,
        '{"message": "Too Many Requests", "error": 429}',
        status=429,
        content_type="application/json",
        headers={"Retry-After": "30"},
    )
    with pytest.raises(SourceError, match="rate limited") as e:
        await source(feed_server, fetcher, store).poll()
    assert e.value.retry_after == 30


async def test_403_falls_back_to_rss(
    feed_server: FeedServer, fetcher: Fetcher, store: Store
) -> None:
    feed_server.serve(
        NEW, "<html><body>blocked</body></html>", status=403, content_type="text/html"
    )
    honour_etag(feed_server, RSS, fixture_text("reddit", "new.rss"), '"a1"')
    src = source(feed_server, fetcher, store)
    selfpost, link = await src.poll()
    assert link.id == "t3_1gk0f3x"  # the same id as from JSON
    assert (
        link.text
        == link.title
        == ("Authorities close the port of Aqaba to all shipping until further notice")
    )
    assert link.links == ("https://www.example-news.com/2024/11/05/port-closure",)
    assert (link.author, link.kind) == ("u/wire_reporter", "reddit")
    assert selfpost.text.endswith("shows 40+ vessels. More as it develops.")
    assert selfpost.links == ("https://shipping.example.org/red-sea-queue",)
    feed_server.requests.clear()
    assert await src.poll() == []  # 304 to a conditional GET
    assert [r.path for r in feed_server.requests] == [RSS]  # JSON is not retried for a while
    assert feed_server.requests[0].headers["If-None-Match"] == '"a1"'


async def test_private_subreddit_names_it(
    feed_server: FeedServer, fetcher: Fetcher, store: Store
) -> None:
    for path in (NEW, RSS):
        feed_server.serve(
            path,
            fixture_text("reddit", "private.json"),
            status=403,
            content_type="application/json",
        )
    with pytest.raises(SourceError, match=r"reddit r/worldnews: private, banned or blocking"):
        await source(feed_server, fetcher, store).poll()


async def test_banned_and_unknown_subreddits_are_not_found(
    feed_server: FeedServer, fetcher: Fetcher, store: Store
) -> None:
    feed_server.serve(
        NEW, fixture_text("reddit", "not_found.json"), status=404, content_type="application/json"
    )
    with pytest.raises(SourceError, match=r"reddit r/worldnews not found"):
        await source(feed_server, fetcher, store).poll()

    # Reddit redirects a subreddit that never existed to its search.
    feed_server.serve(
        "/r/nosuchsub/new.json",
        b"",
        status=302,
        headers={"Location": "/subreddits/search.json?q=nosuchsub"},
    )
    feed_server.route("/subreddits/search.json", Listing([]))
    with pytest.raises(SourceError, match=r"reddit r/nosuchsub not found \(redirected"):
        await source(feed_server, fetcher, store, account="r/nosuchsub").poll()


async def test_error_body_with_200_and_invalid_json(
    feed_server: FeedServer, fetcher: Fetcher, store: Store
) -> None:
    feed_server.serve(
        NEW, fixture_text("reddit", "not_found.json"), content_type="application/json"
    )
    with pytest.raises(SourceError, match=r"an error: 404: Not Found: reason: banned"):
        await source(feed_server, fetcher, store).poll()
    feed_server.serve(
        NEW, "<!doctype html><title>whoa there, pardner!</title>", content_type="text/html"
    )
    with pytest.raises(SourceError, match=r"invalid JSON.*whoa there"):
        await source(feed_server, fetcher, store).poll()


async def test_bad_account_form(fetcher: Fetcher, store: Store) -> None:
    src = make_source(RedditSource, fetcher, store, account="worldnews")
    with pytest.raises(SourceError, match="write it as r/<subreddit> or u/<user>"):
        await src.poll()
