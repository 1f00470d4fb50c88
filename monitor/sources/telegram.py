"""Kind "telegram": a public channel through its web preview, https://t.me/s/<channel>.

The preview is HTML: one `.tgme_widget_message` block per message (`data-post="channel/123"`,
the text in `.tgme_widget_message_text`, the time in `<time datetime=…>`, a forward's origin in
`.tgme_widget_message_forwarded_from_name`), oldest first, about twenty per page, with a
"more" link (`?before=<id>`) to older ones. It is parsed into a small tree from the linear tokens
of monitor.sources.markup: no browser, no extra dependency, and no quadratic blow-up on hostile
markup (the stdlib HTMLParser took 37 s on 64 KB of unclosed "<a "). Message ids only grow, so the
newest id seen is the mark.

A channel whose owner turned the preview off (or no channel at all) redirects from /s/<channel> to
t.me/<channel>, a page without a message history: that is an error naming the channel.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlsplit

from monitor.models import Post, utcnow
from monitor.sources.accounts import MAX_PAGES, AccountSource, by_published, parse_time, unique
from monitor.sources.base import SourceError
from monitor.sources.markup import EndTag, attributes, tokens

TELEGRAM = "https://t.me"
HTML_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"
_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "param",
    "source",
    "track",
    "wbr",
}
_BLOCK = {"p", "div", "blockquote", "pre", "li", "tr"}
_POST_LINK = re.compile(r"^https?://t\.me/(?:s/)?[\w]{4,}/\d+/?$", re.I)
_CHANNEL = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,31}$")


# -- a small, tolerant HTML tree -------------------------------------------------------------------
@dataclasses.dataclass(slots=True, eq=False)
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = dataclasses.field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def iter(self, skip: frozenset[str] = frozenset()) -> Iterator[Node]:
        """Descendants in document order, not entering nodes that have a class in skip."""
        for child in self.children:
            if isinstance(child, Node):
                yield child
                if not (skip and child.classes & skip):
                    yield from child.iter(skip)

    def find(self, cls: str, skip: frozenset[str] = frozenset()) -> Node | None:
        return next((n for n in self.iter(skip) if cls in n.classes), None)

    def text(self) -> str:
        parts: list[str] = []
        self._text(parts)
        return " ".join("".join(parts).split())

    def _text(self, parts: list[str]) -> None:
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag == "br" or child.tag in _BLOCK:
                parts.append(" ")
                child._text(parts)
                parts.append(" ")
            elif child.tag not in ("script", "style"):
                child._text(parts)

    def hrefs(self) -> list[str]:
        return [n.attrs["href"] for n in self.iter() if n.tag == "a" and "href" in n.attrs]


MAX_DEPTH = 256  # deeper elements still join the tree, as children of the 256th


class _TreeBuilder:
    """A tree from tokens: each node is a child of the innermost element still open."""

    def __init__(self) -> None:
        self.root = Node("#document", {})
        self._stack = [self.root]

    def add(self, child: Node | str) -> None:
        self._stack[-1].children.append(child)

    def open(self, node: Node) -> None:
        """Add node and put what follows inside it, up to its end tag."""
        self.add(node)
        # bounded, so that closing a tag (a walk down the stack) costs a bounded time too
        if len(self._stack) < MAX_DEPTH:
            self._stack.append(node)

    def close(self, tag: str) -> None:
        """Close up to the innermost open tag of that name; a stray end tag closes nothing."""
        for i in range(len(self._stack) - 1, 0, -1):
            if self._stack[i].tag == tag:
                del self._stack[i:]
                return


def parse_html(text: str) -> Node:
    """A tolerant tree (see monitor.sources.markup): unclosed elements end with the page, a stray
    end tag closes nothing, a self-closed or void element has no children, and a script or style
    holds its body as one text."""
    builder = _TreeBuilder()
    for token in tokens(text):
        if isinstance(token, str):
            builder.add(token)
        elif isinstance(token, EndTag):
            builder.close(token.name)
        elif token.self_closing or token.name in _VOID:
            builder.add(Node(token.name, attributes(token.attr_text)))
        else:
            builder.open(Node(token.name, attributes(token.attr_text)))
    return builder.root


# -- the channel page ------------------------------------------------------------------------------
@dataclasses.dataclass(slots=True)
class Page:
    posts: list[tuple[int, Post]]  # (message id, post), oldest first
    has_older: bool  # the page links to older messages


_NOT_OWN_TEXT = frozenset({"tgme_widget_message_reply", "tgme_widget_message_link_preview"})


def parse_message(node: Node, source: str, now: datetime) -> tuple[int, Post] | None:
    data_post = node.attrs.get("data-post", "")
    channel, _, number = data_post.partition("/")
    if not number.isdigit() or "service_message" in node.classes:
        return None
    own_url = f"https://t.me/{channel}/{number}"
    body = node.find("tgme_widget_message_text", skip=_NOT_OWN_TEXT)
    text = body.text() if body else ""
    hrefs = body.hrefs() if body else []
    preview = node.find("tgme_widget_message_link_preview")
    if preview is not None:
        hrefs.append(preview.attrs.get("href", ""))
    # Relative hrefs are the preview's own hashtag searches ("?q=%23tag"), not citations.
    links = unique(u for u in hrefs if u.lower().startswith(("http://", "https://")))
    if not text and not links:
        return None  # a photo, sticker or poll with no words
    times = (n for n in node.iter(_NOT_OWN_TEXT) if n.tag == "time" and n.attrs.get("datetime"))
    stamp = next(times, None)
    owner = node.find("tgme_widget_message_owner_name")
    channel_name = (owner.text() if owner else "") or channel
    author: str | None = channel_name
    reposted_by, url = None, own_url
    forwarded = node.find("tgme_widget_message_forwarded_from_name")
    if forwarded is not None:
        # A forward keeps its origin as author; it links to the original when the origin is public.
        author, reposted_by = forwarded.text() or None, channel_name
        origin = forwarded.attrs.get("href", "")
        if _POST_LINK.match(origin):
            url = origin
    return int(number), Post(
        id=own_url,
        source=source,
        text=text or " ".join(links),
        published=parse_time(stamp.attrs["datetime"] if stamp else None, now),
        url=url,
        author=author,
        links=links,
        kind="telegram",
        reposted_by=reposted_by,
    )


def parse_channel_page(html: str, channel: str, source: str, now: datetime) -> Page:
    root = parse_html(html)
    history = root.find("tgme_channel_history")
    if history is None:
        raise SourceError(f"telegram channel {channel} has no public web preview")
    posts = []
    for node in history.iter():
        if "tgme_widget_message" in node.classes:
            parsed = parse_message(node, source, now)
            if parsed is not None:
                posts.append(parsed)
    more = history.find("tme_messages_more")
    has_older = more is not None and "data-before" in more.attrs
    return Page(sorted(posts, key=lambda p: p[0]), has_older)


def normalise_channel(account: str) -> str:
    """'@bnonews', 't.me/bnonews', 'https://t.me/s/bnonews' -> 'bnonews'."""
    text = account.strip()
    if "t.me/" in text:
        text = text.split("t.me/", 1)[1].removeprefix("s/")
    return text.lstrip("@").split("/", 1)[0].split("?", 1)[0]


class TelegramSource(AccountSource):
    kind = "telegram"
    account_form = (
        "a channel name",
        "osintwire, @osintwire or https://t.me/osintwire (a letter, then 3-31 letters, digits, _)",
    )
    account_pattern = _CHANNEL
    normalise_account = staticmethod(normalise_channel)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.channel = normalise_channel(self.config.account or "")
        self.base = (self.config.instance or TELEGRAM).rstrip("/")

    async def _page(self, before: int | None) -> Page:
        url = f"{self.base}/s/{quote(self.channel)}" + (f"?before={before}" if before else "")
        resp = await self.fetcher.get(url, headers={"Accept": HTML_ACCEPT})
        if not urlsplit(resp.url).path.startswith("/s/"):
            # t.me answers /s/<channel> with a redirect to t.me/<channel> when there is no preview.
            raise SourceError(f"telegram channel {self.channel} has no public web preview")
        html = resp.body.decode(resp.charset or "utf-8", "replace")
        return parse_channel_page(html, self.channel, self.name, utcnow())

    async def poll(self) -> list[Post]:
        self.check_account()
        state = self.load_state("telegram")
        if state.get("channel") != self.channel:
            state = {"channel": self.channel}
        last = state.get("last_id")
        found: dict[int, Post] = {}
        before: int | None = None
        for _ in range(MAX_PAGES):
            page = await self._page(before)
            found.update(page.posts)
            ids = [i for i, _ in page.posts]
            # Walk back only while the whole page is new: the mark lies further back.
            if last is None or not ids or min(ids) <= last or not page.has_older:
                break
            before = min(ids)
        new = {i: p for i, p in found.items() if last is None or i > last}
        state["last_id"] = max([*new, *([last] if last is not None else [])], default=None)
        self.save_state("telegram", state)
        return by_published(new.values())
