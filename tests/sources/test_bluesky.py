"""BlueskySource against a local AppView that answers getAuthorFeed in the real response format."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest
from aiohttp import web

from monitor.sources.base import SourceError
from monitor.sources.bluesky import BlueskySource, sort_time
from monitor.sources.http import Fetcher
from monitor.store import Store

from .apiserver import fixture_json, fixture_text, json_response, make_source
from .conftest import FeedServer

PATH = "/xrpc/app.bsky.feed.getAuthorFeed"
ACCOUNT = "wirewatch.bsky.social"


class AppView:
    """getAuthorFeed over a list of feed items, newest first, `page` at a time. The cursor is the
    sort time of a page's last item, as the real AppView's is."""

    def __init__(self, items: list[dict[str, Any]], page: int = 50) -> None:
        self.items = items
        self.page = page

    async def __call__(self, request: web.Request) -> web.Response:
        items = self.items
        if "cursor" in request.query:
            cursor = datetime.fromisoformat(request.query["cursor"])
            items = [i for i in items if (t := sort_time(i)) is not None and t < cursor]
        page = items[: min(self.page, int(request.query.get("limit", 50)))]
        doc: dict[str, Any] = {"feed": page}
        if len(items) > len(page):
            doc["cursor"] = (sort_time(page[-1]) or datetime.now(UTC)).isoformat()
        return json_response(doc)


def source(server: FeedServer, fetcher: Fetcher, store: Store, **kw: Any) -> BlueskySource:
    return make_source(
        BlueskySource, fetcher, store, account=ACCOUNT, instance=server.url(""), **kw
    )


async def test_parses_posts_reposts_quotes_links_and_permalinks(
    feed_server: FeedServer, fetcher: Fetcher, store: Store
) -> None:
    feed_server.route(PATH, AppView(fixture_json("bluesky", "author_feed.json")["feed"]))
    posts = await source(feed_server, fetcher, store).poll()

    req = feed_server.hits(PATH)[0]
    assert req.query["actor"] == ACCOUNT
    assert req.query["filter"] == "posts_and_author_threads"
    assert req.query["limit"] == "50"
    # Oldest first; the image-only post (no words) is left out.
    assert [p.published.isoformat() for p in posts] == [
        "2024-11-05T12:40:13.301000+00:00",
        "2024-11-05T13:10:27.644000+00:00",
        "2024-11-05T14:05:40.777000+00:00",
        "2024-11-05T14:29:51.004000+00:00",
        "2024-11-05T14:31:07.512000+00:00",
    ]
    card, repost, quote = posts[2], posts[3], posts[4]

    assert card.id == "at://did:plc:w4xbfzo7kqfes5zb7r6qv3rw/app.bsky.feed.post/3lbqyj4ofsc2t"
    assert card.url == "https://bsky.app/profile/wirewatch.bsky.social/post/3lbqyj4ofsc2t"
    assert card.text.startswith("🚨 BREAKING: Tankers are queuing")
    assert card.links == ("https://shipping.example.org/red-sea-queue",)  # tags, mentions: no
    assert (card.author, card.reposted_by, card.kind) == (ACCOUNT, None, "bluesky")

    # A repost keeps the original author, post and permalink; the account is who reposted it.
    assert repost.id == "at://did:plc:p7gxyfr5vii5ntpwo7f6dhe2/app.bsky.feed.post/3lbqzw7o6mk2f"
    assert repost.author == "newsdesk.example.com" and repost.reposted_by == ACCOUNT
    assert repost.url == "https://bsky.app/profile/newsdesk.example.com/post/3lbqzw7o6mk2f"
    assert repost.links == ("https://www.example-news.com/2024/11/05/port-closure",)
    assert repost.text.startswith("JUST IN: Authorities close the port of Aqaba")

    # A quote carries the quoted words (and their links) so topics and dedup can see them.
    assert quote.text == (
        "Confirmed by two officials.\n\n“JUST IN: Authorities close the port of Aqaba to all "
        "shipping until further notice example-news.com/2024/11/...” — @newsdesk.example.com"
    )
    assert quote.links == (
        "https://www.example-news.com/2024/11/05/port-closure",
        "https://bsky.app/profile/newsdesk.example.com/post/3lbqzw7o6mk2f",
    )


async def test_pages_back_with_the_cursor_until_a_post_already_seen(
    feed_server: FeedServer, fetcher: Fetcher, store: Store
) -> None:
    items = fixture_json("bluesky", "author_feed.json")["feed"]
    view = AppView(items[3:], page=2)  # the three oldest exist at first
    feed_server.route(PATH, view)
    src = source(feed_server, fetcher, store)

    first = await src.poll()
    assert len(feed_server.hits(PATH)) == 1  # a first poll reads one page: older is not news
    assert [p.text[:7] for p in first] == ["Morning"]  # the page's other post is an image

    view.items = items  # three more arrive; a page holds two, so the mark is on page two
    feed_server.requests.clear()
    posts = await src.poll()
    cursors = [r.query.get("cursor") for r in feed_server.hits(PATH)]
    # The second page starts after the repost (sorted by repost time) and holds the mark.
    assert cursors == [None, "2024-11-05T14:30:14.879000+00:00"]
    assert [p.id.rsplit("/", 1)[1] for p in posts] == [
        "3lbqyj4ofsc2t",
        "3lbqzw7o6mk2f",
        "3lbqzyq2xls2c",
    ]
    feed_server.requests.clear()
    assert await src.poll() == []  # nothing new: one request, nothing again
    assert len(feed_server.hits(PATH)) == 1


async def test_a_deleted_mark_still_stops_pagination_by_time(
    feed_server: FeedServer, fetcher: Fetcher, store: Store
) -> None:
    items = fixture_json("bluesky", "author_feed.json")["feed"]
    view = AppView(items[4:5], page=2)
    feed_server.route(PATH, view)
    src = source(feed_server, fetcher, store)
    await src.poll()
    # The one post seen was deleted; four newer arrived. The oldest post never was new to us:
    # it is older than the high-water mark, so it is not returned, whatever the ids say.
    view.items = items[:4] + items[5:]
    posts = await src.poll()
    assert len(posts) == 3  # the image-only post has no words
    assert "Overnight" not in " ".join(p.text for p in posts)


async def test_pinned_post_on_top_is_not_a_mark(
    feed_server: FeedServer, fetcher: Fetcher, store: Store
) -> None:
    items = fixture_json("bluesky", "author_feed.json")["feed"]
    view = AppView(items[4:])
    feed_server.route(PATH, view)
    src = source(feed_server, fetcher, store)
    await src.poll()
    pinned = copy.deepcopy(items[5])
    pinned["reason"] = {"$type": "app.bsky.feed.defs#reasonPin"}
    view.items = [pinned, *items[:5]]
    posts = await src.poll()
    assert len(posts) == 3


async def test_unknown_account_is_a_clear_error(
    feed_server: FeedServer, fetcher: Fetcher, store: Store
) -> None:
    feed_server.serve(
        PATH,
        fixture_text("bluesky", "profile_not_found.json"),
        status=400,
        content_type="application/json",
    )
    with pytest.raises(
        SourceError, match=r"bluesky account 'wirewatch.bsky.social': not found.*400"
    ):
        await source(feed_server, fetcher, store).poll()


async def test_a_name_that_is_no_handle_fails_without_a_request(
    feed_server: FeedServer, fetcher: Fetcher, store: Store
) -> None:
    # a source built in code skips `check`: the adapter refuses the account the same way
    src = make_source(
        BlueskySource, fetcher, store, account="justaname", instance=feed_server.url("")
    )
    with pytest.raises(SourceError, match=r"bluesky account 'justaname' is not a handle or DID"):
        await src.poll()
    assert feed_server.hits(PATH) == []


async def test_error_body_with_status_200_is_an_error_not_an_empty_feed(
    feed_server: FeedServer, fetcher: Fetcher, store: Store
) -> None:
    body = '{"error": "InvalidRequest", "message": "Error: actor must be a valid did or a handle"}'
    feed_server.serve(PATH, body, content_type="application/json")
    with pytest.raises(SourceError, match="InvalidRequest: Error: actor must be a valid did"):
        await source(feed_server, fetcher, store).poll()
    assert store.get_fetch_state("test-bluesky") == {}  # a failed poll moves no mark


async def test_invalid_json_is_an_error(
    feed_server: FeedServer, fetcher: Fetcher, store: Store
) -> None:
    feed_server.serve(PATH, "<html><body>502 Bad Gateway</body></html>", content_type="text/html")
    with pytest.raises(SourceError, match=r"invalid JSON.*502 Bad Gateway"):
        await source(feed_server, fetcher, store).poll()


@pytest.mark.parametrize(
    "account", ["@wirewatch.bsky.social", "https://bsky.app/profile/wirewatch.bsky.social"]
)
async def test_handles_and_profile_urls_name_the_same_actor(
    feed_server: FeedServer, fetcher: Fetcher, store: Store, account: str
) -> None:
    feed_server.route(PATH, AppView([]))
    src = make_source(BlueskySource, fetcher, store, account=account, instance=feed_server.url("/"))
    assert await src.poll() == []
    assert feed_server.hits(PATH)[0].query["actor"] == ACCOUNT
