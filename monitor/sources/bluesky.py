"""Kind "bluesky": an account's public posts through the public AppView (no login needed).

`app.bsky.feed.getAuthorFeed` pages newest first with an opaque `cursor`. A poll walks pages until
it reaches an item seen before (or the first poll's single page), so a burst of posts between two
polls is not lost. Reposts keep the original author and set `reposted_by`; a quote post carries the
quoted text in its own text (see `quote_suffix`).
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlencode

from monitor.models import Post, utcnow
from monitor.sources.accounts import (
    MAX_PAGES,
    AccountSource,
    RecentIds,
    by_published,
    json_object,
    parse_time,
    unique,
)
from monitor.sources.base import SourceError
from monitor.sources.http import FetchError

log = logging.getLogger(__name__)

PUBLIC_APPVIEW = "https://public.api.bsky.app"
PAGE_SIZE = 50
REPOST = "app.bsky.feed.defs#reasonRepost"
PIN = "app.bsky.feed.defs#reasonPin"
LINK_FACET = "app.bsky.richtext.facet#link"
WITH_MEDIA = "app.bsky.embed.recordWithMedia"
# The AppView's `actor` is an at-identifier, in the AT Protocol's syntax: a handle (a domain
# name of at most 253 characters; a name without a dot is none) or a DID.
_ACTOR = re.compile(
    r"^(?:(?=.{1,253}$)(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+"
    r"[a-zA-Z](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
    r"|did:[a-z]+:[a-zA-Z0-9._:%-]*[a-zA-Z0-9._-])$"
)


def normalise_actor(account: str) -> str:
    """'@alice.bsky.social', 'https://bsky.app/profile/alice.bsky.social' -> 'alice.bsky.social'."""
    actor = account.strip()
    for prefix in ("https://bsky.app/profile/", "http://bsky.app/profile/", "at://"):
        if actor.startswith(prefix):
            actor = actor[len(prefix) :]
    return actor.split("/", 1)[0].lstrip("@")


def post_url(uri: str, author: dict[str, Any]) -> str:
    """https://bsky.app/profile/<handle>/post/<rkey> for at://<did>/app.bsky.feed.post/<rkey>."""
    handle = author.get("handle")
    who = handle if isinstance(handle, str) and handle and handle != "handle.invalid" else None
    who = who or author.get("did") or uri.removeprefix("at://").split("/", 1)[0]
    return f"https://bsky.app/profile/{who}/post/{uri.rsplit('/', 1)[-1]}"


def facet_links(record: dict[str, Any]) -> list[str]:
    links = []
    for facet in record.get("facets") or ():
        for feature in (facet or {}).get("features") or ():
            if isinstance(feature, dict) and feature.get("$type") == LINK_FACET:
                links.append(feature.get("uri"))
    return [u for u in links if isinstance(u, str)]


def external_uri(embed: Any) -> str | None:
    if not isinstance(embed, dict):
        return None
    external = embed.get("external")
    uri = external.get("uri") if isinstance(external, dict) else None
    if isinstance(uri, str):
        return uri
    return external_uri(embed.get("media"))  # recordWithMedia: the link card sits in media


def _quoted(embed: Any) -> dict[str, Any] | None:
    """The viewRecord of a quote (embed.record#view or recordWithMedia#view), if visible."""
    if not isinstance(embed, dict):
        return None
    record = embed.get("record")
    if isinstance(record, dict) and str(embed.get("$type")).startswith(WITH_MEDIA):
        record = record.get("record")
    if isinstance(record, dict) and record.get("$type") == "app.bsky.embed.record#viewRecord":
        return record
    return None  # viewNotFound, viewBlocked, viewDetached, or a quoted feed/list


def quote_suffix(view: dict[str, Any]) -> str:
    """'“quoted text” — @author', appended to the quoting post's text.

    Appended to `text` rather than put in `title`: topics and dedup read the text, and the claim
    detector treats a marked title as the headline, which would make the quoter the apparent
    source of the quoted claim whenever the quoted account is not watched.
    """
    value = json_object(view.get("value"))
    text = " ".join(str(value.get("text") or "").split())
    handle = (view.get("author") or {}).get("handle") or (view.get("author") or {}).get("did")
    return f"“{text}” — @{handle}" if text else ""


def item_key(item: dict[str, Any]) -> str:
    """Identity of a feed entry: the post, or this repost of it."""
    post = item.get("post") or {}
    reason = item.get("reason") or {}
    if reason.get("$type") == REPOST:
        by = (reason.get("by") or {}).get("did", "")
        return reason.get("uri") or f"{post.get('uri')}#repost:{by}"
    return str(post.get("uri"))


def sort_time(item: dict[str, Any]) -> datetime | None:
    """When the entry entered the feed (the AppView sorts by it): repost time or index time."""
    reason = item.get("reason") or {}
    value = reason.get("indexedAt") if reason.get("$type") == REPOST else None
    value = value or (item.get("post") or {}).get("indexedAt")
    try:
        when = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
    return when if when is None or when.tzinfo else when.replace(tzinfo=UTC)


def parse_item(item: dict[str, Any], source: str, now: datetime) -> Post | None:
    post = item.get("post")
    if not isinstance(post, dict) or not isinstance(post.get("uri"), str):
        return None
    record = json_object(post.get("record"))
    author = json_object(post.get("author"))
    text = " ".join(str(record.get("text") or "").split())
    links = [
        *facet_links(record),
        external_uri(post.get("embed")),
        external_uri(record.get("embed")),
    ]
    view = _quoted(post.get("embed"))
    if view is not None:
        suffix = quote_suffix(view)
        text = f"{text}\n\n{suffix}".strip() if suffix else text
        value = json_object(view.get("value"))
        links += [*facet_links(value), post_url(str(view.get("uri", "")), view.get("author") or {})]
    if not text and not any(links):
        return None  # an image with no words: nothing a claim detector can read
    reason = item.get("reason") or {}
    reposted_by = None
    if reason.get("$type") == REPOST:
        by = reason.get("by") or {}
        reposted_by = by.get("handle") or by.get("did")
    return Post(
        id=post["uri"],
        source=source,
        text=text,
        published=parse_time(record.get("createdAt") or post.get("indexedAt"), now),
        url=post_url(post["uri"], author),
        author=author.get("handle") or author.get("did"),
        links=unique(links),
        kind="bluesky",
        reposted_by=reposted_by,
    )


class BlueskySource(AccountSource):
    kind = "bluesky"
    account_form = (
        "a handle or DID",
        "a handle (wirewatch.bsky.social), a DID (did:plc:…) or https://bsky.app/profile/<handle>",
    )
    account_pattern = _ACTOR  # anything else, the AppView answers every poll with HTTP 400
    normalise_account = staticmethod(normalise_actor)

    @property
    def actor(self) -> str:
        return normalise_actor(self.config.account or "")

    @property
    def base(self) -> str:
        return (self.config.instance or PUBLIC_APPVIEW).rstrip("/")

    def _url(self, cursor: str | None) -> str:
        params = {"actor": self.actor, "limit": PAGE_SIZE, "filter": "posts_and_author_threads"}
        if cursor:
            params["cursor"] = cursor
        return f"{self.base}/xrpc/app.bsky.feed.getAuthorFeed?{urlencode(params, quote_via=quote)}"

    async def poll(self) -> list[Post]:
        self.check_account()
        state = self.load_state("bluesky")
        if state.get("actor") != self.actor:
            state = {"actor": self.actor}  # a different account: its old marks mean nothing
        seen = RecentIds(state.get("seen", ()))
        # The newest sort time seen: entries older than it were seen before, even if the entry that
        # was the mark has since been deleted.
        high = datetime.fromisoformat(state["high"]) if state.get("high") else None
        what = f"bluesky account {self.actor!r}"
        entries: list[dict[str, Any]] = []
        cursor: str | None = None
        for page in range(MAX_PAGES):
            try:
                _, doc = await self.get_json(self._url(cursor), what=what, expect="feed")
            except FetchError as e:
                if e.status == 400:  # XRPC answers 400 InvalidRequest for an unknown actor
                    raise SourceError(f"{what}: not found or not viewable ({e})") from None
                raise
            feed = doc.get("feed")
            if not isinstance(feed, list):
                raise SourceError(f"{what}: unexpected answer ('feed' is not a list)")
            reached = False
            for item in feed:
                if not isinstance(item, dict):
                    continue
                if (item.get("reason") or {}).get("$type") == PIN:
                    continue  # a pinned post sits on top whatever its age: not a mark
                at = sort_time(item)
                if item_key(item) in seen or (high and at and at < high):
                    reached = True
                    break
                entries.append(item)
            cursor = doc.get("cursor") if isinstance(doc.get("cursor"), str) else None
            if reached or not seen or not cursor or not feed:
                break
            if page == MAX_PAGES - 1:
                log.info(
                    "source %s: more than %d new pages; older new posts skipped",
                    self.name,
                    MAX_PAGES,
                )
        now = utcnow()
        posts = [p for item in entries if (p := parse_item(item, self.name, now)) is not None]
        seen.remember(item_key(item) for item in entries)
        times = [t for item in entries if (t := sort_time(item))] + ([high] if high else [])
        state.update(seen=seen.ids, high=max(times).isoformat() if times else None)
        self.save_state("bluesky", state)
        return by_published(posts)
