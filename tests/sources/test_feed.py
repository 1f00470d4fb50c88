"""FeedSource and parse_feed: every format, item edge cases, conditional GET state, hostile input.

Hostile cases run through a Poller, as in the daemon, and must give exactly one warning line that
names the source, in bounded time, without raising.
"""

from __future__ import annotations

import logging
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from aiohttp import web

from monitor.config import SourceConfig
from monitor.models import Post
from monitor.sources import KINDS, build_source
from monitor.sources.feed import (
    MAX_FIELD,
    MAX_LINKS,
    FeedError,
    FeedSource,
    html_to_text,
    parse_feed,
)
from monitor.sources.http import Fetcher
from monitor.sources.poller import Poller
from monitor.store import Store

from .conftest import FIXTURES, FeedServer, fixture_bytes, http_settings, rss_config
from .test_http import gzip_bomb

NOW = datetime(2024, 6, 1, tzinfo=UTC)


def parse(name: str, content_type: str | None = None, url: str | None = None) -> list[Post]:
    return parse_feed(fixture_bytes(name), "s", url=url, content_type=content_type, now=NOW)


# -- formats ---------------------------------------------------------------------------------------
def test_rss20_edge_cases() -> None:
    posts = parse("rss20.xml", "application/rss+xml", url="https://wire.example/feed.xml")
    by_title = {p.title: p for p in posts}
    assert "Duplicate of wire-1 (must be dropped)" not in by_title  # duplicate GUID: first wins
    assert [p.published for p in posts] == sorted(p.published for p in posts)
    first = by_title["BREAKING: Explosion reported near port"]
    assert first.id == "wire-1" and first.author == "Jane Reporter"
    assert first.published == datetime(2024, 1, 2, 9, tzinfo=UTC)  # +0100 converted to UTC
    # content:encoded preferred over the teaser; tags, script and entities gone; one line
    assert first.text == (
        "Officials said an explosion hit the port & docks. More at the source and here."
    )
    assert first.links == ("https://other.example/story", "https://wire.example/local/path")
    assert by_title["No guid, has link"].id == "https://wire.example/news/no-guid"  # canonical
    no_id = by_title["No guid, no link"]
    assert no_id.id.startswith("sha256:") and no_id.text == "Only text here." and no_id.url is None
    assert by_title["No date at all"].published == NOW  # missing date -> fetch time
    assert by_title["From the future"].published == NOW  # year 2100 -> clamped to fetch time
    assert by_title["Only updated"].published == datetime(2024, 1, 2, 6, tzinfo=UTC)
    assert all(p.kind == "rss" and p.source == "s" for p in posts)


def test_rss091_with_netscape_doctype() -> None:
    posts = parse("rss091.xml")
    assert [p.title for p in posts] == ["JUST IN: Bridge closed after collision", "Second item"]
    assert posts[0].id == "http://oldwire.example/2024/bridge.html"


def test_rdf() -> None:
    posts = parse("rdf.xml")
    assert [p.id for p in posts] == ["https://rdf.example/b", "https://rdf.example/a"]
    assert (
        posts[1].published == datetime(2024, 3, 1, 10, tzinfo=UTC) and posts[1].author == "RDF Desk"
    )


def test_atom() -> None:
    old, new = parse("atom.xml")
    assert new.id == "tag:atom.example,2024:minister"
    assert new.title == "JUST IN: Minister resigns" and new.author == "Ann Author"
    assert new.published == datetime(2024, 2, 1, 22, tzinfo=UTC)  # published wins over updated
    assert new.links == ("https://gov.example/statement",)
    assert old.published == datetime(2024, 2, 1, 12, tzinfo=UTC) and old.author == "Atom Desk"


def test_json_feed() -> None:
    posts = parse("jsonfeed.json", "application/feed+json")
    assert [p.id for p in posts] == ["https://json.example/no-id", "1", "2"]  # dup "2" dropped
    second = posts[2]
    assert second.text == "JUST IN: Markets fall & more" and second.author == "Pat Poster"
    assert second.links == ("https://markets.example/x",)
    assert posts[1].text == "First item, plain text" and posts[1].author == "JSON Desk"
    assert posts[1].published == datetime(2024, 4, 1, 7, tzinfo=UTC)


@pytest.mark.parametrize("path", sorted((FIXTURES / "real").glob("*.xml")), ids=lambda p: p.name)
def test_real_samples(path: Path) -> None:
    posts = parse_feed(path.read_bytes(), "real", now=NOW)
    assert posts and len({p.id for p in posts}) == len(posts)
    assert all(p.text and "<" not in p.text and p.published.tzinfo is UTC for p in posts)


def test_media_description_does_not_replace_the_description() -> None:
    posts = parse("real/rss_responseNYT.xml")
    assert any(p.text.startswith("A missile hit a tanker") for p in posts)


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("<p>ok</p><script>" + "if (a<b) f();" * 5_000, "ok"),
        ('<img alt="a > b" src="x">after', "after"),  # a quoted ">" does not end the tag
        ("<![CDATA[<b>double</b> wrapped]]> end", "double wrapped end"),
        ("&lt;b&gt;escaped&lt;/b&gt; 1 < 2", "<b>escaped</b> 1 < 2"),
    ],
    ids=["unclosed-script", "quoted-gt", "cdata", "escaped-markup"],
)
def test_html_to_text(markup: str, text: str) -> None:
    assert html_to_text(
        '<p>a&amp;b</p><p>c #<span>tag</span> <a href="https://x.example/">'
        "x</a><style>p{}</style></p>"
    ) == ("a&b c #tag x", ("https://x.example/",))
    assert html_to_text(markup) == (text, ())


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("<p>ok</p>" + "<a " * 20_000, "ok"),  # html.parser: quadratic, 9 s, and "ok <a <a <a ..."
        ('<p>ok</p><a x="1' + '" x="1' * 20_000, "ok"),
        ("<p>ok</p><!-- " + "x " * 20_000, "ok"),
        ("a<!-->b<? pi ?>c<!DOCTYPE html>d", "abcd"),
        ("<applet>fallback</applet><template>t</template><noscript>n</noscript>shown", "shown"),
    ],
    ids=[
        "unclosed-tags",
        "unbalanced-quotes",
        "unclosed-comment",
        "bogus-comments",
        "skipped-elements",
    ],
)
def test_html_to_text_reads_each_character_once(markup: str, text: str) -> None:
    """What is left unclosed is dropped (as browsers do), not scanned again from every "<"."""
    assert html_to_text(markup) == (text, ())


def test_html_to_text_links() -> None:
    markup = (
        '<a href="/local/a?x=1&amp;y=2">rel</a> <A HREF=https://abs.example/b>abs</A> '
        '<a title="href=https://no.example/" href="https://yes.example/">t</a> '
        '<a href="javascript:alert(1)">js</a> <a href="//[::1">bad</a>'
    )
    text, links = html_to_text(markup, "https://wire.example/feed/")
    assert text == "rel abs t js bad"
    assert links == (
        "https://wire.example/local/a?x=1&y=2",
        "https://abs.example/b",
        "https://yes.example/",
    )
    assert html_to_text(markup)[1] == ("https://abs.example/b", "https://yes.example/")
    many = "".join(f'<a href="/{i}">{i}</a>' for i in range(1000))
    assert len(html_to_text(many, "https://wire.example/")[1]) == MAX_LINKS


# -- the source over HTTP -------------------------------------------------------------------------
async def test_conditional_get_and_unchanged_body(
    feed_server: FeedServer, fetcher: Fetcher, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    body = fixture_bytes("atom.xml")

    async def handler(request: web.Request) -> web.Response:
        if request.headers.get("If-None-Match") == '"e1"':
            return web.Response(status=304)
        return web.Response(
            body=body, headers={"ETag": '"e1"', "Content-Type": "application/atom+xml"}
        )

    url = feed_server.route("/atom", handler)
    feed_server.serve("/plain", body)  # no validators: only the body hash can tell
    source = build_source(rss_config(url), fetcher, store)
    assert isinstance(source, FeedSource)
    assert len(await source.poll()) == 2
    assert store.get_fetch_state("test-feed")["http"]["etag"] == '"e1"'
    assert await source.poll() == []  # 304
    assert feed_server.hits("/atom")[1].headers["If-None-Match"] == '"e1"'

    plain = FeedSource(rss_config(feed_server.url("/plain"), "plain"), fetcher, store)
    assert len(await plain.poll()) == 2
    with caplog.at_level(logging.DEBUG, logger="monitor.sources.feed"):
        assert await plain.poll() == []
    assert "source plain: body unchanged, not parsed" in caplog.messages


async def test_permanent_redirect_is_remembered(
    feed_server: FeedServer, fetcher: Fetcher, store: Store
) -> None:
    feed_server.serve("/old", b"", status=301, headers={"Location": "/new"})
    feed_server.file("/new", "rss20.xml")
    source = FeedSource(rss_config(feed_server.url("/old")), fetcher, store)
    assert await source.poll()
    assert store.get_fetch_state("test-feed")["http"]["url"] == feed_server.url("/new")
    feed_server.file("/new", "atom.xml")  # changed body, so it is fetched and parsed again
    assert await source.poll()
    assert len(feed_server.hits("/old")) == 1 and len(feed_server.hits("/new")) == 2
    # The user edits the URL in the config: the stored state belongs to the old one.
    feed_server.file("/other", "rdf.xml")
    moved = FeedSource(rss_config(feed_server.url("/other")), fetcher, store)
    assert [p.id for p in await moved.poll()] == ["https://rdf.example/b", "https://rdf.example/a"]


async def test_failed_parse_is_not_remembered_as_unchanged(
    feed_server: FeedServer, fetcher: Fetcher, store: Store
) -> None:
    url = feed_server.file("/page", "hostile/html_page.html", headers={"ETag": '"p"'})
    source = FeedSource(rss_config(url), fetcher, store)
    for _ in range(2):  # the second poll must fail again, not be skipped as 304/unchanged
        with pytest.raises(FeedError, match=r"^not a feed: got an HTML page$"):
            await source.poll()
    assert "If-None-Match" not in feed_server.hits("/page")[1].headers


@pytest.mark.parametrize(
    ("cfg", "expected"),
    [
        ({"kind": "rss", "url": "https://example.org/feed.xml"}, "rss"),
        ({"kind": "bluesky", "account": "someone.bsky.social"}, "bluesky"),
        ({"kind": "mastodon", "account": "@user@mastodon.social"}, "mastodon"),
        ({"kind": "reddit", "account": "r/worldnews"}, "reddit"),
        ({"kind": "telegram", "account": "somechannel"}, "telegram"),
        ({"kind": "x", "account": "someone", "bridges": ["https://n.example/{account}/rss"]}, "x"),
        ({"kind": "jetstream", "dids": ["did:plc:abc"]}, "jetstream"),
    ],
)
def test_every_kind_builds_its_adapter(
    fetcher: Fetcher, store: Store, cfg: dict, expected: str
) -> None:
    source = build_source(SourceConfig(**cfg), fetcher, store)
    assert source.kind == expected
    assert type(source) is KINDS[expected]


# -- hostile input ---------------------------------------------------------------------------------
async def poll_through_poller(
    url: str, fetcher: Fetcher, store: Store, caplog: pytest.LogCaptureFixture
) -> tuple[list[Post], list[str]]:
    source = FeedSource(rss_config(url, name="hostile"), fetcher, store)
    poller = Poller(source, store, backoff_max=timedelta(hours=1))
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="monitor"):
        posts = await poller.poll()
    return posts, [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


async def poll_traced(
    url: str, fetcher: Fetcher, store: Store, caplog: pytest.LogCaptureFixture
) -> tuple[list[Post], list[str], int]:
    """poll_through_poller, and the peak of memory allocated meanwhile (tracemalloc)."""
    tracemalloc.start()
    try:
        posts, lines = await poll_through_poller(url, fetcher, store, caplog)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return posts, lines, peak


async def poll_cleanly(
    name: str,
    content_type: str,
    feed_server: FeedServer,
    fetcher: Fetcher,
    store: Store,
    caplog: pytest.LogCaptureFixture,
) -> list[Post]:
    """A fixture polled through a Poller, which must log nothing at WARNING or above."""
    url = feed_server.file("/f", name, content_type=content_type)
    posts, lines = await poll_through_poller(url, fetcher, store, caplog)
    assert lines == []
    return posts


@pytest.mark.parametrize(
    ("name", "content_type", "error"),
    [
        (
            "hostile/billion_laughs.xml",
            "application/rss+xml",
            "refused: the feed declares XML entity 'lol1' that expands other entities",
        ),
        (
            "hostile/xxe.xml",
            "application/rss+xml",
            "refused: the feed declares an external XML entity 'xxe' (file:///etc/passwd)",
        ),
        ("hostile/html_page.html", "text/html; charset=utf-8", "not a feed: got an HTML page"),
        ("hostile/html_page.html", "application/rss+xml", "not a feed: got an HTML page"),
        ("hostile/invalid.json", "application/feed+json", "invalid JSON Feed: Unterminated string"),
    ],
)
async def test_hostile_bodies_fail_with_one_line(
    feed_server: FeedServer,
    fetcher: Fetcher,
    store: Store,
    caplog: pytest.LogCaptureFixture,
    name: str,
    content_type: str,
    error: str,
) -> None:
    url = feed_server.file("/f", name, content_type=content_type)
    started = time.monotonic()
    posts, lines = await poll_through_poller(url, fetcher, store, caplog)
    assert posts == [] and time.monotonic() - started < 2
    assert len(lines) == 1 and lines[0].startswith(f"source hostile: {error}"), lines
    assert "\n" not in lines[0] and "root:" not in lines[0]


def test_entity_expansion_is_also_safe_inside_feedparser() -> None:
    """Belt and braces: feedparser alone (our pre-check bypassed) neither expands nor reads files."""
    import feedparser

    d = feedparser.parse(fixture_bytes("hostile/billion_laughs.xml"))
    assert all(len(e.get("title", "")) < 1000 for e in d.entries)
    d = feedparser.parse(fixture_bytes("hostile/xxe.xml"))
    assert all("root:" not in e.get("title", "") for e in d.entries)


@pytest.mark.parametrize(
    ("name", "content_type", "expected"),
    [
        ("hostile/latin1_as_utf8.xml", "application/rss+xml; charset=utf-8", "Café crème brûlée"),
        (
            "hostile/cp1251_header_only.xml",
            "application/rss+xml; charset=windows-1251",
            "СРОЧНО: взрыв в Москве",
        ),
        (
            "hostile/cp1251_header_only.xml",
            "text/xml; charset=windows-1251",
            "СРОЧНО: взрыв в Москве",
        ),
    ],
)
async def test_wrong_or_missing_charset(
    feed_server: FeedServer,
    fetcher: Fetcher,
    store: Store,
    name: str,
    content_type: str,
    expected: str,
) -> None:
    url = feed_server.file("/f", name, content_type=content_type)
    [post] = await FeedSource(rss_config(url), fetcher, store).poll()
    assert post.title == expected and post.text == expected


CJK = {  # fixture: (charset, title, text)
    "rss_shift_jis.xml": (
        "shift_jis",
        "速報：東京湾で貨物船が座礁、乗組員は全員無事",
        "海上保安庁によると、午前６時ごろ東京湾でパナマ船籍の貨物船が座礁した。",
    ),
    "rss_gb2312.xml": (
        "gb2312",
        "快讯：北京地铁十号线因故障暂停运营",
        "北京地铁运营公司表示，十号线部分区段因信号故障暂停运营，预计一小时内恢复。",
    ),
}


@pytest.mark.parametrize("name", sorted(CJK))
@pytest.mark.parametrize("header_charset", [True, False], ids=["header", "declaration-only"])
async def test_multibyte_encodings(
    feed_server: FeedServer,
    fetcher: Fetcher,
    store: Store,
    caplog: pytest.LogCaptureFixture,
    name: str,
    header_charset: bool,
) -> None:
    """expat reads no multi-byte encoding: the entity check must not turn these feeds away."""
    charset, title, text = CJK[name]
    ctype = f"application/rss+xml; charset={charset}" if header_charset else "application/rss+xml"
    [post] = await poll_cleanly(name, ctype, feed_server, fetcher, store, caplog)
    assert (post.title, post.text) == (title, text)


@pytest.mark.parametrize("name", sorted(CJK))
@pytest.mark.parametrize(
    ("doctype", "error"),
    [
        ('<!ENTITY xxe SYSTEM "file:///etc/passwd">', "an external XML entity 'xxe'"),
        ('<!ENTITY a "aaaa"><!ENTITY xxe "&a;&a;&a;&a;">', "XML entity 'xxe' that expands"),
    ],
    ids=["external", "expanding"],
)
def test_multibyte_encodings_keep_the_entity_check(name: str, doctype: str, error: str) -> None:
    declaration, _, rest = fixture_bytes(name).partition(b"\n")
    body = b"\n".join(
        [
            declaration,
            f"<!DOCTYPE rss [{doctype}]>".encode(),
            rest.replace(b"</title>", b"&xxe;</title>"),
        ]
    )
    with pytest.raises(FeedError, match=f"^refused: the feed declares {error}"):
        parse_feed(body, "s", content_type="application/rss+xml")


def test_entity_check_sees_the_cut_feed() -> None:
    """A huge feed is cut to its first and last items before feedparser reads it; the cut must not
    splice a declaration hidden after the root element into the prolog unchecked."""
    items = "<item>" * 500
    body = (
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [<!-- {items}'
        f"<item> --> ]><rss version='2.0'><channel><description><![CDATA[{items}"
        '--> <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]]></description></channel></rss>'
    ).encode()
    with pytest.raises(FeedError, match=r"^refused: the feed declares an external XML entity"):
        parse_feed(body, "s", content_type="application/rss+xml")


async def test_unknown_declared_encoding_is_read_as_utf8(
    feed_server: FeedServer, fetcher: Fetcher, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    name = "hostile/unknown_encoding.xml"
    [post] = await poll_cleanly(name, "application/rss+xml", feed_server, fetcher, store, caplog)
    assert post.title == "JUST IN: Blast reported near Zürich station"


async def test_unclosed_markup_is_dropped(
    feed_server: FeedServer, fetcher: Fetcher, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    name = "hostile/unclosed_markup.xml"
    posts = await poll_cleanly(name, "application/rss+xml", feed_server, fetcher, store, caplog)
    assert {p.id.rsplit("/", 1)[-1]: p.text for p in posts} == {
        "unclosed-tag": "Port closed after the blast.",
        "unclosed-tags": "Rail line cut near Lviv.",
        "unclosed-comment": "Airport reopened at noon.",
        "unclosed-script": "Power is back in most districts.",
    }


def audit_markup_feed(description: str) -> bytes:
    """One item whose 9 MB description is markup, as in the audit's /slow/* cases."""
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
        "<item><title>JUST IN: Iran says Tehran</title><guid>slow</guid>"
        f"<description><![CDATA[{description}]]></description></item></channel></rss>"
    ).encode()


@pytest.mark.parametrize(
    "description",
    ["<a " + 'x="1" ' * 1_500_000, "<p>" * 3_000_000],
    ids=["tag-with-1.5M-attributes", "p-3M-times"],
)
async def test_huge_markup_item_is_bounded(
    feed_server: FeedServer,
    fetcher: Fetcher,
    store: Store,
    caplog: pytest.LogCaptureFixture,
    description: str,
) -> None:
    """These cost 1.3 GB / 10 s and 0.3 GB / 37 s in feedparser's sanitizer and html.parser.
    Memory is the bound asserted (tracemalloc peak): a few copies of the body, not hundreds."""
    body = audit_markup_feed(description)
    url = feed_server.serve("/slow", body)
    posts, lines, peak = await poll_traced(url, fetcher, store, caplog)
    assert lines == []
    [post] = posts
    assert post.text == "JUST IN: Iran says Tehran"  # the markup holds no text
    assert peak < 8 * len(body), f"peak {peak / 2**20:.1f} MiB for a {len(body) >> 20} MiB body"


def test_item_text_is_capped() -> None:
    words = "Officials said the port would stay closed. " * 10_000  # 430 KB
    body = audit_markup_feed(f"<p>{words}</p>").replace(b"<![CDATA[", b"").replace(b"]]>", b"")
    [post] = parse_feed(body, "s", now=NOW)
    assert post.text.startswith("Officials said the port") and len(post.text) <= MAX_FIELD


async def test_gzip_bomb_feed(
    feed_server: FeedServer, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    url = feed_server.serve("/bomb", gzip_bomb(), headers={"Content-Encoding": "gzip"})
    async with Fetcher(http_settings(max_body=2 << 20)) as fetcher:
        posts, lines, peak = await poll_traced(url, fetcher, store, caplog)
    assert posts == [] and lines == ["source hostile: response body over the 2 MiB limit"]
    # Memory bound (tracemalloc peak): 4x the 2 MiB cap; the bomb inflates to 1 GiB.
    assert peak < 8 << 20, f"peak {peak / 2**20:.1f} MiB"


async def test_body_over_cap(
    feed_server: FeedServer, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    url = feed_server.serve("/big", b"<rss>" + b" " * (3 << 20) + b"</rss>")
    async with Fetcher(http_settings(max_body=1 << 20)) as fetcher:
        posts, lines = await poll_through_poller(url, fetcher, store, caplog)
    assert posts == [] and len(lines) == 1
    assert lines[0].startswith("source hostile: response too large: Content-Length 3")


async def test_trickling_server(
    feed_server: FeedServer, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    import asyncio

    async def trickle(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse()
        await resp.prepare(request)
        while True:
            await resp.write(b" ")
            await asyncio.sleep(0.2)  # the server's pace (one byte at a time), not synchronisation

    url = feed_server.route("/slow", trickle)
    async with Fetcher(http_settings(timeout=1)) as fetcher:
        started = time.monotonic()
        posts, lines = await poll_through_poller(url, fetcher, store, caplog)
    assert posts == [] and lines == ["source hostile: timed out after 1s"]
    assert time.monotonic() - started < 3


async def test_redirect_loop(
    feed_server: FeedServer, fetcher: Fetcher, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    feed_server.serve("/a", b"", status=301, headers={"Location": "/b"})
    feed_server.serve("/b", b"", status=301, headers={"Location": "/a"})
    posts, lines = await poll_through_poller(feed_server.url("/a"), fetcher, store, caplog)
    assert posts == [] and len(lines) == 1
    assert lines[0].startswith("source hostile: redirect loop: ")


def huge_feed(n: int) -> bytes:
    base = datetime(2024, 1, 1, tzinfo=UTC)
    items = "".join(
        f'<item><title>Item {i}</title><guid isPermaLink="false">id-{i}</guid>'
        f"<link>https://big.example/{i}</link>"
        f"<pubDate>{format_datetime(base + timedelta(minutes=i), usegmt=True)}</pubDate>"
        f"<description>Body of item {i} &lt;b&gt;bold&lt;/b&gt;</description></item>\n"
        for i in range(n)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>big</title>'
        f"{items}</channel></rss>"
    ).encode()


@pytest.mark.parametrize("newest_first", [False, True])
async def test_feed_of_20000_items(
    feed_server: FeedServer,
    fetcher: Fetcher,
    store: Store,
    caplog: pytest.LogCaptureFixture,
    newest_first: bool,
) -> None:
    body = huge_feed(20_000)
    if newest_first:  # same items, reversed: the newest must be kept either way
        head, _, rest = body.partition(b"<item>")
        items, _, tail = (b"<item>" + rest).rpartition(b"</item>")
        body = head + b"\n".join(reversed((items + b"</item>").split(b"\n"))) + tail
    url = feed_server.serve("/big", body)
    tracemalloc.start()
    started = time.monotonic()
    try:
        with caplog.at_level(logging.INFO, logger="monitor"):
            posts = await FeedSource(rss_config(url, name="big"), fetcher, store).poll()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(posts) == 500
    assert [p.id for p in posts] == [f"id-{i}" for i in range(19_500, 20_000)]
    assert "source big: feed has 20000 items, keeping the newest 500" in caplog.messages
    # Bounds: feedparser only ever sees 1,000 of the items; the 4.5 MB body is copied a few times.
    assert time.monotonic() - started < 15  # ~2s under tracemalloc; ~0.3s without
    assert peak < 64 << 20, f"peak {peak / 2**20:.1f} MiB"


def test_json_feed_of_20000_items() -> None:
    import json

    items = [
        {
            "id": str(i),
            "content_text": f"item {i}",
            "date_published": f"2024-01-01T00:00:{i % 60:02d}Z",
        }
        for i in range(20_000)
    ]
    doc = json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": items}).encode()
    assert len(parse_feed(doc, "j", now=NOW)) == 500


def test_not_json_feed_json() -> None:
    with pytest.raises(FeedError, match=r"^not a feed: JSON without a JSON Feed version$"):
        parse_feed(b'{"hello": "world"}', "j")
    with pytest.raises(FeedError, match=r"^invalid JSON Feed: "):
        parse_feed(b"[" * 100_000 + b"]" * 100_000, "j", content_type="application/json")
