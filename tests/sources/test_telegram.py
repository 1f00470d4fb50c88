"""TelegramSource against a local server serving t.me/s web-preview pages."""

from __future__ import annotations

import pytest
from aiohttp import web

from monitor.sources.base import SourceError
from monitor.sources.http import Fetcher
from monitor.sources.telegram import MAX_DEPTH, Node, TelegramSource, parse_html
from monitor.store import Store

from .apiserver import fixture_text, make_source
from .conftest import FeedServer

PAGE = "/s/osintwire"
HTML = "text/html; charset=utf-8"


class Channel:
    """/s/<channel> serves the newest page; ?before=101 the older one, like t.me."""

    def __init__(self, newest: str) -> None:
        self.newest = newest

    async def __call__(self, request: web.Request) -> web.Response:
        name = {None: self.newest, "101": "osintwire_before_101.html"}.get(
            request.query.get("before")
        )
        if name is None:
            return web.Response(status=404)
        return web.Response(text=fixture_text("telegram", name), content_type="text/html")


def source(
    server: FeedServer, fetcher: Fetcher, store: Store, account: str = "@osintwire"
) -> TelegramSource:
    return make_source(TelegramSource, fetcher, store, account=account, instance=server.url(""))


async def test_parses_messages_forwards_replies_and_permalinks(
    feed_server: FeedServer, fetcher: Fetcher, store: Store
) -> None:
    feed_server.route(PAGE, Channel("osintwire.html"))
    posts = await source(feed_server, fetcher, store).poll()
    assert [p.id for p in posts] == [f"https://t.me/osintwire/{n}" for n in (101, 102, 103, 104)]
    first, fwd, reply, hidden = posts  # the photo-only 105 has no words

    assert first.text == (
        "🚨 JUST IN: Authorities close the port of Aqaba to all shipping until "
        "further notice #Jordan #shipping "
        "example-news.com/2024/11/05/port-closure"
    )
    assert first.url == "https://t.me/osintwire/101"
    assert first.links == ("https://www.example-news.com/2024/11/05/port-closure",)  # no #tags
    assert (first.author, first.reposted_by, first.kind) == ("OSINT Wire", None, "telegram")
    assert first.published.isoformat() == "2024-11-05T14:29:55+00:00"

    # A forward: the origin is the author and the link; the channel reposted it.
    assert fwd.author == "Newsdesk International" and fwd.reposted_by == "OSINT Wire"
    assert fwd.url == "https://t.me/newsdesk_int/5521"
    assert fwd.text == (
        "BREAKING: Tankers are queuing outside the Red Sea ports & waiting for clearance"
    )

    # A reply's own text only (not the quoted message), and its link preview as a link.
    assert reply.text == "Update: the closure applies to tankers only, port authority says."
    assert reply.links == ("https://portauthority.example.jo/notices/2024-118",)

    # A forward whose origin is hidden keeps the channel's own permalink.
    assert hidden.author == "Hidden Source" and hidden.url == "https://t.me/osintwire/104"


async def test_walks_back_with_before_until_the_last_seen_message(
    feed_server: FeedServer, fetcher: Fetcher, store: Store
) -> None:
    channel = Channel("osintwire_before_101.html")
    feed_server.route(PAGE, channel)
    src = source(feed_server, fetcher, store)
    assert len(await src.poll()) == 5  # the first poll: one page, messages 96-100

    channel.newest = "osintwire.html"  # 101-105 posted; the whole page is new
    feed_server.requests.clear()
    posts = await src.poll()
    assert [r.query.get("before") for r in feed_server.hits(PAGE)] == [None, "101"]
    assert [p.id.rsplit("/", 1)[1] for p in posts] == ["101", "102", "103", "104"]

    feed_server.requests.clear()
    assert await src.poll() == []
    assert len(feed_server.hits(PAGE)) == 1  # the page holds the mark: no walking back


async def test_channel_without_public_preview_redirects_and_is_named(
    feed_server: FeedServer, fetcher: Fetcher, store: Store
) -> None:
    # t.me answers /s/<channel> of a channel without a preview with a redirect to its contact page.
    feed_server.serve("/s/closedchan", b"", status=302, headers={"Location": "/closedchan"})
    feed_server.serve("/closedchan", fixture_text("telegram", "no_preview.html"), content_type=HTML)
    with pytest.raises(SourceError, match="telegram channel closedchan has no public web preview"):
        await source(feed_server, fetcher, store, account="https://t.me/closedchan").poll()


async def test_a_page_without_message_history_is_the_same_error(
    feed_server: FeedServer, fetcher: Fetcher, store: Store
) -> None:
    feed_server.serve(PAGE, fixture_text("telegram", "no_preview.html"), content_type=HTML)
    with pytest.raises(SourceError, match="telegram channel osintwire has no public web preview"):
        await source(feed_server, fetcher, store).poll()
    assert store.get_fetch_state("test-telegram") == {}


async def test_not_a_channel_name(fetcher: Fetcher, store: Store) -> None:
    src = make_source(TelegramSource, fetcher, store, account="@a b")
    with pytest.raises(SourceError, match="is not a channel name"):
        await src.poll()


async def test_http_errors_propagate_as_source_errors(
    feed_server: FeedServer, fetcher: Fetcher, store: Store
) -> None:
    feed_server.serve(
        PAGE,
        "Too Many Requests",
        status=429,
        content_type="text/plain",
        headers={"Retry-After": "17"},
    )
    with pytest.raises(SourceError, match="HTTP 429") as e:
        await source(feed_server, fetcher, store).poll()
    assert e.value.retry_after == 17


def test_hostile_markup_is_read_as_text_with_a_bounded_tree() -> None:
    # 64 KB of unclosed "<a " took the stdlib HTMLParser 37 s (quadratic); here each "<" that
    # starts no complete tag is text, and nesting past MAX_DEPTH stops deepening the tree
    root = parse_html("<div class='x'>" + "<a " * 20_000 + "</div>")
    assert root.find("x") is not None and root.text().startswith("<a <a <a")
    deep = parse_html("<div>" * (MAX_DEPTH * 4) + "end")
    depth, node = 0, deep
    while node.children and isinstance(node.children[0], Node):
        node, depth = node.children[0], depth + 1
    assert depth == MAX_DEPTH and "end" in deep.text()
    # a script body is not markup, a comment is skipped, entities are read in text and attributes
    page = parse_html(
        '<script>if (a<b) { x = "</div>"; }</script><!-- <p class="no"> -->'
        '<p class="yes" title="a &amp; b">1 &lt; 2</p>'
    )
    assert page.find("no") is None
    found = page.find("yes")
    assert found is not None and found.attrs["title"] == "a & b" and found.text() == "1 < 2"


def test_the_channel_page_tree() -> None:
    """Pins the tree of a fixture page, node for node as the HTMLParser-era builder made it."""
    root = parse_html(fixture_text("telegram", "osintwire.html"))
    elements = list(root.iter())
    texts = [c for n in [root, *elements] for c in n.children if isinstance(c, str)]
    assert (len(elements), len(texts)) == (169, 165)
    assert [c if isinstance(c, str) else c.tag for c in root.children] == ["\n", "html", "\n"]
    depth, stack = 0, [(root, 0)]
    while stack:
        node, d = stack.pop()
        depth = max(depth, d)
        stack += [(c, d + 1) for c in node.children if isinstance(c, Node)]
    assert depth == 13
    posts = [n.attrs["data-post"] for n in elements if "tgme_widget_message" in n.classes]
    assert posts == [f"osintwire/{n}" for n in range(101, 106)]
    # a script holds its body as one text; <br/> and void elements have no children
    assert [n.children for n in elements if n.tag == "script"] == [[""]] * 3 + [["TWeb.init();"]]
    assert all(not n.children for n in elements if n.tag in ("br", "meta", "img", "link"))
    body = root.find("tgme_widget_message_text")
    assert body is not None and [c.tag for c in body.children if isinstance(c, Node)] == [
        "i",
        "b",
        "br",
        "br",
        "a",
        "a",
        "br",
        "a",
    ]
