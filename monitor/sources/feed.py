"""Kind "rss": RSS 0.9x/1.0/2.0, RDF and Atom through feedparser, and JSON Feed parsed here.

`parse_feed` is a pure function of the bytes (used by `claimwatch replay` too). `fetch_changed` is
the conditional GET and unchanged-body shortcut that every RSS path shares (FeedSource, the X
bridges, the Reddit and Mastodon RSS fallbacks); FeedSource adds permanent-redirect bookkeeping.
"""

from __future__ import annotations

import asyncio
import calendar
import hashlib
import json
import logging
import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit
from xml.parsers import expat

import feedparser

from monitor.models import Post, utcnow
from monitor.sources.base import Source, SourceError
from monitor.sources.http import FEED_ACCEPT, Fetcher, Response
from monitor.sources.markup import EndTag, StartTag, attributes, tokens

log = logging.getLogger(__name__)

MAX_ITEMS = 500  # newest items kept per poll; a 20,000-item archive feed is not news
FUTURE_SKEW = timedelta(minutes=10)  # clocks drift; later than this is a wrong date, not news
_MAX_ENTITY_DECLS = 64


class FeedError(SourceError):
    """The body is not a usable feed."""


# -- plain text ------------------------------------------------------------------------------------
# Elements whose text is not the item's. applet: as feedparser's sanitizer, which we switch off.
_SKIP = {"script", "style", "template", "noscript", "head", "title", "applet"}
# Tags that sit inside a word or sentence ("#<span>tag</span>"): no space is added around them.
_INLINE = {
    "a",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "cite",
    "code",
    "data",
    "dfn",
    "em",
    "font",
    "i",
    "kbd",
    "mark",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "time",
    "u",
    "var",
}
# Markup in a field typed as plain text. [^<>], not [^>]: with no ">" after it, each "<" would
# scan to the end of the field, and "<a <a <a ..." cost quadratic time.
_TAG = re.compile(r"<[A-Za-z!/][^<>]*>|&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]+\d*);")
# Each field is cut to this many characters before any HTML processing: a claim is in its first
# lines, and a 9 MB description of markup is an attack, not news.
MAX_FIELD = 64 * 1024
# Links kept from one field: an item cites a few; resolving thousands costs ~10 us each.
MAX_LINKS = 64


def collapse(text: str) -> str:
    return " ".join(text.split())


def _href(tag: StartTag, base: str | None) -> str | None:
    """The http(s) link of an <a> tag, resolved against base; None if none."""
    href = attributes(tag.attr_text).get("href")
    if href is None:
        return None
    href = href.strip()
    if base and not href.lower().startswith(("http://", "https://")):
        try:
            href = urljoin(base, href)
        except ValueError:  # "http://[::1" and other unparseable hrefs
            return None
    return href if href.lower().startswith(("http://", "https://")) else None


def html_to_text(markup: str, base: str | None = None) -> tuple[str, tuple[str, ...]]:
    """Plain text (tags stripped, entities decoded, whitespace collapsed) and the http(s) hrefs in
    it, relative ones resolved against base. Linear in the markup: see monitor.sources.markup."""
    parts: list[str] = []
    links: list[str] = []
    skip = 0  # inside elements whose text is not the item's (script, style, head, ...)
    for token in tokens(markup):
        if isinstance(token, str):
            if not skip:
                parts.append(token)
            continue
        if isinstance(token, EndTag):
            if token.name in _SKIP and skip:
                skip -= 1
        else:
            if token.name in _SKIP and not token.self_closing:  # <title/> opens nothing
                skip += 1
            wanted = token.name == "a" and len(links) < MAX_LINKS
            if wanted and (href := _href(token, base)):
                links.append(href)
        if token.name not in _INLINE:  # block boundaries must not glue words ("end.<p>Next")
            parts.append(" ")
    return collapse("".join(parts)), tuple(dict.fromkeys(links))


def _detail_text(
    value: str | None, mime: str | None, base: str | None = None
) -> tuple[str, tuple[str, ...]]:
    if not value:
        return "", ()
    if len(value) > MAX_FIELD:
        value = value[:MAX_FIELD]
        if (lt := value.rfind("<")) > value.rfind(">"):
            value = value[:lt]  # no half tag left by the cut
    if mime and "html" not in mime and not _TAG.search(value):
        return collapse(value), ()  # real plain text: a "<" is a character, not a tag
    return html_to_text(value, base)


# -- ids and dates ---------------------------------------------------------------------------------
def canonical_link(url: str | None) -> str | None:
    if not url or not url.strip():
        return None
    parts = urlsplit(url.strip())
    if not parts.scheme or not parts.netloc:
        return url.strip()
    return urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, "")
    )


def text_id(title: str, text: str) -> str:
    return "sha256:" + hashlib.sha256(f"{title}\n{text}".encode()).hexdigest()[:32]


def clamp_time(when: datetime | None, now: datetime) -> datetime:
    """UTC; missing -> now; a date in the future beyond a small skew -> now."""
    if when is None:
        return now
    when = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    return now if when > now + FUTURE_SKEW else when


def _struct_time(st: time.struct_time | None) -> datetime | None:
    if not st:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(st), UTC)  # feedparser's tuples are UTC
    except (OverflowError, OSError, ValueError):
        return None


def _iso_time(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        st = feedparser.datetimes._parse_date(value)  # RFC 822 and friends, as in XML feeds
        return _struct_time(st)


# -- XML safety ------------------------------------------------------------------------------------
class _Prolog(Exception):
    """Raised at the root element: entities can only be declared before it."""


def check_xml_entities(data: bytes, headers: Mapping[str, str] | None = None) -> None:
    """Refuse external entities and entities that expand other entities (billion laughs).

    headers are the ones feedparser gets (their charset counts). The check reads the document as
    feedparser will: transcoded to UTF-8 by feedparser's own encoding detection, XML declaration
    rewritten. So it sees the same entity declarations, and expat never meets an encoding it
    cannot read (it has no multi-byte codecs: Shift_JIS, GB2312, Big5, EUC-KR raised ValueError;
    an unknown declared name raised LookupError).

    Only the prolog is parsed (expat stops at the root element), so this costs nothing on big
    feeds. Plain entities such as `<!ENTITY nbsp "&#160;">`, which old feeds declare, pass.
    Behind this, feedparser strips unsafe declarations itself, never resolves external entities
    (feature_external_ges is off), and expat >= 2.4 caps entity amplification.
    """
    utf8 = feedparser.encodings.convert_to_utf8(dict(headers or {}), data, {})
    p = expat.ParserCreate()
    count = 0

    def entity(
        name: str,
        is_param: bool,
        value: str | None,
        base: Any,
        system_id: str | None,
        public_id: str | None,
        notation: str | None,
    ) -> None:
        nonlocal count
        count += 1
        if system_id or public_id or notation or value is None:
            where = system_id or public_id or notation or "?"
            raise FeedError(f"refused: the feed declares an external XML entity {name!r} ({where})")
        if is_param or "&" in value or "%" in value:
            raise FeedError(
                f"refused: the feed declares XML entity {name!r} that expands other entities "
                "(entity-expansion attack)"
            )
        if count > _MAX_ENTITY_DECLS:
            raise FeedError(
                f"refused: the feed declares more than {_MAX_ENTITY_DECLS} XML entities"
            )

    def root(name: str, attrs: Any) -> None:
        raise _Prolog

    p.EntityDeclHandler = entity
    p.StartElementHandler = root
    try:
        p.Parse(utf8, True)
    except _Prolog:
        pass
    except expat.ExpatError:
        pass  # not well-formed: feedparser's lenient parser copes, and drops unsafe entities
    except (ValueError, LookupError) as e:
        # Not expected once transcoded; but a check that cannot run must not let the feed through.
        raise FeedError(f"cannot read the feed's character encoding: {e}") from None


# -- parsing ---------------------------------------------------------------------------------------
_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)


def looks_like_html(data: bytes) -> bool:
    return bool(_HTML_START.match(data[:4096].removeprefix(b"\xef\xbb\xbf")))


def _looks_like_json(data: bytes, content_type: str) -> bool:
    if "json" in content_type:
        return True
    return data[:256].removeprefix(b"\xef\xbb\xbf").lstrip()[:1] == b"{"


def parse_feed(
    data: bytes,
    source: str,
    *,
    url: str | None = None,
    content_type: str | None = None,
    now: datetime | None = None,
) -> list[Post]:
    """Every usable item of a feed body as a Post, oldest first (at most MAX_ITEMS, the newest).

    content_type is the full header value (its charset counts); url is the base for relative links.
    Raises FeedError when the body is not a feed.
    """
    now = now or utcnow()
    ctype = (content_type or "").lower()
    if not data.strip():
        raise FeedError("not a feed: empty response")
    if _looks_like_json(data, ctype):
        posts, total = _parse_json_feed(data, source, now)
    else:
        posts, total = _parse_xml_feed(data, source, url, content_type, now)
    return _finish(posts, source, total)


# An item or entry start tag, any namespace prefix. Used only to cut huge feeds down cheaply.
_ITEM_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:item|entry)[\s/>]")


def _head_and_tail(data: bytes) -> tuple[bytes, int]:
    """Drop all but the first and last MAX_ITEMS items of a huge feed before feedparser sees it.

    feedparser needs ~0.2 ms an item, so a 20,000-item archive would take seconds of CPU every
    poll. Feeds list newest first (sometimes oldest first), so the newest items are at one end.
    """
    starts = [m.start() for m in _ITEM_START.finditer(data)]
    total = len(starts)
    if total <= 2 * MAX_ITEMS:
        return data, total
    return data[: starts[MAX_ITEMS]] + data[starts[total - MAX_ITEMS] :], total


def _finish(posts: Iterable[Post], source: str, total: int) -> list[Post]:
    unique: dict[str, Post] = {}
    for post in posts:
        unique.setdefault(post.id, post)  # duplicate GUIDs: the first in the document wins
    result = list(unique.values())
    if total > MAX_ITEMS:
        log.info("source %s: feed has %d items, keeping the newest %d", source, total, MAX_ITEMS)
    if len(result) > MAX_ITEMS:
        result.sort(key=lambda p: p.published, reverse=True)
        result = result[:MAX_ITEMS]
    result.sort(key=lambda p: p.published)  # stable: same-time items keep document order
    return result


def _make_post(
    source: str,
    *,
    guid: Any,
    link: str | None,
    title: str,
    text: str,
    links: tuple[str, ...],
    author: str | None,
    published: datetime,
    kind: str = "rss",
) -> Post | None:
    if not (title or text or link):
        return None
    url = canonical_link(link)
    guid = str(guid).strip() if guid is not None else ""
    return Post(
        id=guid or url or text_id(title, text),
        source=source,
        text=text or title or (link or ""),
        published=published,
        url=link.strip() if link else None,
        author=author or None,
        title=title or None,
        links=links,
        kind=kind,
    )


def _parse_xml_feed(
    data: bytes, source: str, url: str | None, content_type: str | None, now: datetime
) -> tuple[list[Post], int]:
    data, total = _head_and_tail(data)
    headers = {"content-type": content_type} if content_type else {}
    if url and url.startswith(("http://", "https://")):
        headers["content-location"] = url  # base for relative links in the items
    # Checked after the cut: the bytes feedparser gets are the ones that must be safe.
    # The check transcodes the body and feedparser does again; handing it our UTF-8 would not
    # save that: parse() runs convert_to_utf8 on all it gets (a str is made bytes first), and a
    # utf-8 charset hint only spares the choice of codec, the cheap part. One pass costs ~1.4 ms
    # a MB, under 1% of parsing that MB.
    check_xml_entities(data, headers)
    # Without feedparser's sanitizer and URI resolver: each ran an sgmllib pass over every HTML
    # field (quadratic on some markup, 1.3 GB for a 9 MB tag), for HTML that html_to_text reduces
    # to plain text anyway, resolving links itself. Post text is escaped per channel on delivery.
    d = feedparser.parse(
        data, response_headers=headers, sanitize_html=False, resolve_relative_uris=False
    )
    if not d.entries and not d.version:
        if looks_like_html(data):
            raise FeedError("not a feed: got an HTML page")
        why = d.get("bozo_exception")
        raise FeedError(f"not a feed: {why}" if why else "not a feed: no RSS, Atom or RDF found")
    feed_author = (d.feed.get("author_detail") or {}).get("name") or d.feed.get("author")
    posts = []
    for e in d.entries:
        title, _ = _detail_text(e.get("title"), (e.get("title_detail") or {}).get("type"))
        # The longest of content and summary: feedparser files a <media:description> (a photo
        # caption) under content when a <description> came first.
        text = ""
        links: tuple[str, ...] = ()
        for c in (*e.get("content", ()), e.get("summary_detail")):
            if c and c.get("value"):
                t, ls = _detail_text(c.get("value"), c.get("type"), c.get("base"))
                if len(t) > len(text):
                    text, links = t, ls
        published = _struct_time(e.get("published_parsed")) or _struct_time(e.get("updated_parsed"))
        author = (e.get("author_detail") or {}).get("name") or e.get("author") or feed_author
        post = _make_post(
            source,
            guid=e.get("id"),
            link=e.get("link"),
            title=title,
            text=text,
            links=links,
            author=collapse(author) if author else None,
            published=clamp_time(published, now),
        )
        if post is not None:
            posts.append(post)
    return posts, total


def _parse_json_feed(data: bytes, source: str, now: datetime) -> tuple[list[Post], int]:
    try:
        doc = json.loads(data)
    except (ValueError, RecursionError) as e:  # UnicodeDecodeError is a ValueError
        raise FeedError(f"invalid JSON Feed: {e}") from None
    version = doc.get("version") if isinstance(doc, dict) else None
    if not isinstance(version, str) or not version.startswith("https://jsonfeed.org/version/"):
        raise FeedError("not a feed: JSON without a JSON Feed version")
    items = doc.get("items")
    if not isinstance(items, list):
        raise FeedError("invalid JSON Feed: 'items' is not a list")
    total = len(items)
    if total > 2 * MAX_ITEMS:  # as for XML: the newest are at one end
        items = items[:MAX_ITEMS] + items[-MAX_ITEMS:]
    feed_author = _json_author(doc)
    posts = []
    for item in items:
        if not isinstance(item, dict):
            continue
        if isinstance(item.get("content_html"), str) and item["content_html"].strip():
            text, links = _detail_text(item["content_html"], "text/html")
        else:
            plain = _str(item.get("content_text")) or _str(item.get("summary"))
            text, links = collapse(plain[:MAX_FIELD]), ()
        title = collapse(_str(item.get("title"))[:MAX_FIELD])
        link = _str(item.get("url")) or _str(item.get("external_url")) or None
        published = _iso_time(item.get("date_published")) or _iso_time(item.get("date_modified"))
        post = _make_post(
            source,
            guid=item.get("id"),
            link=link,
            title=title,
            text=text,
            links=links,
            author=_json_author(item) or feed_author,
            published=clamp_time(published, now),
        )
        if post is not None:
            posts.append(post)
    return posts, total


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _json_author(obj: Mapping[str, Any]) -> str | None:
    authors = obj.get("authors")  # 1.1
    if not isinstance(authors, list):
        authors = [obj.get("author")]  # 1.0
    for a in authors:
        if isinstance(a, dict) and isinstance(a.get("name"), str) and a["name"].strip():
            return collapse(a["name"])
    return None


# -- the source ------------------------------------------------------------------------------------
async def parse_response(resp: Response, source: str) -> list[Post]:
    """parse_feed of a fetched body, off the event loop: parsing a big feed takes a while, and
    other sources keep polling meanwhile."""
    return await asyncio.to_thread(
        parse_feed,
        resp.body,
        source,
        url=resp.url,
        content_type=resp.headers.get("Content-Type"),
        now=utcnow(),
    )


@dataclass(frozen=True, slots=True)
class Changed:
    """A body that differs from the last one parsed, and the validators to store once it parses."""

    response: Response
    validators: dict[str, str | None]  # etag, last_modified, body_hash


async def fetch_changed(
    fetcher: Fetcher, url: str, validators: Mapping[str, Any], source: str
) -> Changed | None:
    """GET url as a feed, conditional on the stored validators; None when nothing changed (304, or
    the same body as the last one parsed, for servers that send no ETag/Last-Modified).

    The caller stores `Changed.validators` only after the body parsed: a body that failed to parse
    must not be skipped as unchanged (or 304) next time, which would hide the error.
    """
    resp = await fetcher.get(
        url,
        etag=validators.get("etag"),
        last_modified=validators.get("last_modified"),
        headers={"Accept": FEED_ACCEPT},
    )
    if resp.not_modified:
        return None
    digest = hashlib.sha256(resp.body).hexdigest()
    if digest == validators.get("body_hash"):
        log.debug("source %s: body unchanged, not parsed", source)
        return None
    return Changed(
        resp,
        {
            "etag": resp.headers.get("ETag"),
            "last_modified": resp.headers.get("Last-Modified"),
            "body_hash": digest,
        },
    )


class FeedSource(Source):
    """One feed URL, fetched with conditional GET; unchanged bodies are not parsed again."""

    kind = "rss"

    async def poll(self) -> list[Post]:
        http = self.load_state("http")
        if http.get("config_url") != self.config.url:
            http = {"config_url": self.config.url}  # the user changed the URL: forget old state
        url = http.get("url") or self.config.url
        assert url is not None  # SourceConfig requires a url for kind "rss"
        changed = await fetch_changed(self.fetcher, url, http, self.name)
        if changed is None:
            return []
        posts = await parse_response(changed.response, self.name)
        http.update(changed.validators)
        redirect = changed.response.permanent_redirect
        if redirect and redirect != http.get("url"):
            log.info("source %s: moved permanently to %s", self.name, redirect)
            http["url"] = redirect
        self.save_state("http", http)
        return posts
