"""Kind "reddit": a subreddit's or a user's newest submissions through Reddit's JSON listings.

`r/<sub>` -> `/r/<sub>/new.json`, `u/<user>` -> `/user/<user>/submitted.json?sort=new`. Pages
follow `after` until an already-seen submission. Reddit's rate-limit headers are honoured: when
`x-ratelimit-remaining` reaches 0 the posts in hand are returned and the next poll before
`x-ratelimit-reset` raises SourceError with that retry_after, without a request. A 403 on the JSON
listing (Reddit blocks some clients from JSON) falls back to the `.rss` (Atom) listing.
"""

from __future__ import annotations

import dataclasses
import html
import math
import re
import time
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlsplit

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
from monitor.sources.base import RETRY_AFTER_MAX, SourceError
from monitor.sources.feed import fetch_changed, html_to_text, parse_response
from monitor.sources.http import FetchError, Response

REDDIT = "https://www.reddit.com"
PAGE_SIZE = 100  # the listing maximum
JSON_RETRY = 3600.0  # seconds on RSS after a 403 before JSON is tried again
_FULLNAME = re.compile(r"\bt3_[a-z0-9]+$")
_RSS_FOOTER = re.compile(r"\s*submitted by\s+/u/\S+(?:\s*\[link\])?(?:\s*\[comments\])?\s*$")


def parse_account(account: str) -> tuple[str, str]:
    """'r/worldnews', '/r/worldnews', 'u/someone', 'user/someone' -> ('r', 'worldnews') etc."""
    text = account.strip()
    for prefix in ("https://www.reddit.com/", "https://reddit.com/", "https://old.reddit.com/"):
        text = text.removeprefix(prefix)
    parts = [p for p in text.strip("/").split("/") if p]
    if len(parts) >= 2 and parts[0].lower() in ("r", "u", "user"):
        return ("r" if parts[0].lower() == "r" else "u"), parts[1]
    return "", text


def _absolute(url: Any) -> str | None:
    """Reddit gives a crosspost's url as a path ("/r/energy/comments/…")."""
    if not isinstance(url, str) or not url:
        return None
    return REDDIT + url if url.startswith("/") else url


def _selftext(data: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    body = data.get("selftext_html")
    if isinstance(body, str) and body.strip():
        if body.lstrip().startswith("&lt;"):  # without raw_json=1 the HTML comes escaped
            body = html.unescape(body)
        return html_to_text(body)
    return " ".join(str(data.get("selftext") or "").split()), ()


def parse_submission(data: dict[str, Any], source: str, now: datetime) -> Post | None:
    name, permalink = data.get("name"), data.get("permalink")
    if not isinstance(name, str) or not isinstance(permalink, str):
        return None
    url = REDDIT + permalink
    title = " ".join(str(data.get("title") or "").split())
    text, links = _selftext(data)
    outbound: list[str | None] = list(links)
    if not data.get("is_self"):
        outbound.insert(0, _absolute(data.get("url_overridden_by_dest") or data.get("url")))
    for parent in data.get("crosspost_parent_list") or ():  # a crosspost cites the original
        if isinstance(parent, dict) and isinstance(parent.get("permalink"), str):
            outbound.append(REDDIT + parent["permalink"])
            if not parent.get("is_self"):
                target = parent.get("url_overridden_by_dest") or parent.get("url")
                outbound.append(_absolute(target))
    author = data.get("author")
    return Post(
        id=name,  # the fullname, t3_<id>: the RSS listing uses it as the entry id too
        source=source,
        text=text or title,
        published=parse_time(data.get("created_utc"), now),
        url=url,
        author=f"u/{author}" if isinstance(author, str) and author != "[deleted]" else None,
        title=title or None,
        links=tuple(u for u in unique(outbound) if u.rstrip("/") != url.rstrip("/")),
        kind="reddit",
    )


def _header_float(resp: Response, name: str) -> float | None:
    try:
        return float(resp.headers.get(name, ""))
    except ValueError:
        return None


class RedditSource(AccountSource):
    kind = "reddit"
    account_form = ("a subreddit or user", "r/<subreddit> or u/<user>")

    @classmethod
    def account_ok(cls, account: str, instance: str | None) -> bool:
        return bool(parse_account(account)[0])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.prefix, self.target = parse_account(self.config.account or "")
        self.label = f"{self.prefix}/{self.target}"
        self.base = (self.config.instance or REDDIT).rstrip("/")

    def _json_url(self, after: str | None) -> str:
        # raw_json=1: text fields come unescaped ("&" rather than "&amp;").
        if self.prefix == "r":
            url = f"{self.base}/r/{quote(self.target)}/new.json?limit={PAGE_SIZE}&raw_json=1"
        else:
            url = (
                f"{self.base}/user/{quote(self.target)}/submitted.json?sort=new"
                f"&limit={PAGE_SIZE}&raw_json=1"
            )
        return url + (f"&after={quote(after)}" if after else "")

    def _rss_url(self) -> str:
        if self.prefix == "r":
            return f"{self.base}/r/{quote(self.target)}/new/.rss"
        return f"{self.base}/user/{quote(self.target)}/submitted/.rss?sort=new"

    async def poll(self) -> list[Post]:
        self.check_account()
        state = self.load_state("reddit")
        if state.get("account") != self.label:
            state = {"account": self.label}
        wait = state.get("limited_until", 0) - time.time()
        if wait > 0:
            raise SourceError(
                f"reddit {self.label}: rate limit used up; resets in {wait:.0f}s", retry_after=wait
            )
        if state.get("json_closed_until", 0) > time.time():
            return await self._poll_rss(state, reason=None)
        try:
            return await self._poll_json(state)
        except FetchError as e:
            if e.status == 403:
                return await self._poll_rss(state, reason=e)
            if e.status in (404, 410):
                raise SourceError(
                    f"reddit {self.label} not found ({e})", gone=e.status == 410
                ) from None
            if e.status == 429:
                raise SourceError(
                    f"reddit {self.label}: rate limited ({e})", retry_after=e.retry_after
                ) from None
            raise

    async def _poll_json(self, state: dict[str, Any]) -> list[Post]:
        seen = RecentIds(state.get("seen", ()))
        high = float(state.get("high") or 0)  # newest created_utc seen
        what = f"reddit {self.label}"
        items: list[dict[str, Any]] = []
        after: str | None = None
        for _ in range(MAX_PAGES):
            resp, doc = await self.get_json(self._json_url(after), what=what, expect="data")
            if "/subreddits/search" in urlsplit(resp.url).path:
                # Reddit redirects an unknown subreddit to its search page.
                raise SourceError(f"reddit {self.label} not found (redirected to search)")
            data = json_object(doc.get("data"))
            children = data.get("children")
            if doc.get("kind") != "Listing" or not isinstance(children, list):
                raise SourceError(f"{what}: unexpected answer (not a Listing)")
            reached = False
            for child in children:
                sub = child.get("data") if isinstance(child, dict) else None
                if not isinstance(sub, dict) or child.get("kind") != "t3":
                    continue
                created = float(sub.get("created_utc") or 0)
                if sub.get("name") in seen or (high and created < high):
                    reached = True
                    break
                items.append(sub)
            after = data.get("after") if isinstance(data.get("after"), str) else None
            remaining = _header_float(resp, "x-ratelimit-remaining")
            if remaining is not None and remaining <= 0:
                reset = _header_float(resp, "x-ratelimit-reset") or 60.0
                if not math.isfinite(reset):  # "inf", "nan": no usable number
                    reset = 60.0
                # A reset of 1e30 s would silence the source for good: no longer than a Retry-After.
                reset = min(max(reset, 0.0), RETRY_AFTER_MAX.total_seconds())
                state["limited_until"] = time.time() + reset
                break  # keep what we have; the next poll waits for the reset
            if reached or not seen or not after:
                break
        now = utcnow()
        posts = [p for sub in items if (p := parse_submission(sub, self.name, now))]
        seen.remember(str(sub.get("name")) for sub in items)
        stamps = [float(sub.get("created_utc") or 0) for sub in items]
        state.update(seen=seen.ids, high=max([high, *stamps]), json_closed_until=0)
        self.save_state("reddit", state)
        return by_published(posts)

    async def _poll_rss(self, state: dict[str, Any], reason: FetchError | None) -> list[Post]:
        try:
            changed = await fetch_changed(
                self.fetcher, self._rss_url(), state.get("rss") or {}, self.name
            )
        except FetchError as e:
            json_part = f"JSON: {reason}; " if reason else ""
            if e.status in (403, 404):
                raise SourceError(
                    f"reddit {self.label}: private, banned or blocking this client "
                    f"({json_part}RSS: {e})"
                ) from None
            raise SourceError(f"reddit {self.label}: {json_part}RSS fallback: {e}") from None
        if reason is not None:
            state["json_closed_until"] = time.time() + JSON_RETRY
        self.save_state("reddit", state)
        if changed is None:  # 304 or the same feed as last time: its posts were returned then
            return []
        posts = await parse_response(changed.response, self.name)
        state["rss"] = changed.validators  # only after the parse, so a broken feed is retried
        self.save_state("reddit", state)
        return [_from_rss(p) for p in posts]


def _from_rss(post: Post) -> Post:
    """Reddit's Atom entries end with 'submitted by /u/x [link] [comments]': keep the post."""
    text = _RSS_FOOTER.sub("", post.text).strip()
    own = (post.url or "").rstrip("/")
    links = tuple(u for u in post.links if u.rstrip("/") != own and "reddit.com/user/" not in u)
    author = (post.author or "").strip().lstrip("/") or None
    # The entry id is the fullname ("t3_1gk0f3x"), which feedparser resolves against the feed URL.
    fullname = _FULLNAME.search(post.id)
    return dataclasses.replace(
        post,
        id=fullname.group(0) if fullname else post.id,
        text=text or post.title or post.text,
        links=links,
        author=author,
        kind="reddit",
    )
