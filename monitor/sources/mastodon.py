"""Kind "mastodon": an account's public statuses through the Mastodon API, or its RSS feed.

`@user@instance` is looked up once (`/api/v1/accounts/lookup`, id cached in state), then
`/api/v1/accounts/:id/statuses?since_id=` returns what is new. Servers that close the public API
(401/403, or 404 from an API that is not there) still publish `https://instance/@user.rss`, so the
source falls back to it and tries the API again an hour later. Any server that speaks the Mastodon
API works (Truth Social, Pleroma/Akkoma, GoToSocial with public access).
"""

from __future__ import annotations

import dataclasses
import logging
import time
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlsplit

from monitor.models import Post, utcnow
from monitor.sources.accounts import (
    MAX_PAGES,
    AccountSource,
    by_published,
    json_object,
    parse_time,
    unique,
)
from monitor.sources.base import SourceError
from monitor.sources.feed import fetch_changed, html_to_text, parse_response
from monitor.sources.http import FetchError

log = logging.getLogger(__name__)

PAGE_SIZE = 40  # the API's maximum for account statuses
API_RETRY = 3600.0  # seconds on RSS before the API is tried again
_API_CLOSED = {401, 403}


def parse_account(account: str, instance: str | None) -> tuple[str, str]:
    """'@user@mastodon.social' -> ('user', 'mastodon.social'); the host may come from `instance`."""
    text = account.strip()
    if text.startswith(("https://", "http://")):  # https://mastodon.social/@user
        parts = urlsplit(text)
        return parts.path.strip("/").lstrip("@").split("/", 1)[0], parts.hostname or ""
    user, _, host = text.lstrip("@").partition("@")
    if not host and instance:
        host = urlsplit(instance).hostname or ""
    return user, host


def _id_key(status_id: str) -> tuple[int, str]:
    # Snowflake-like numeric strings: longer is newer; the same length compares as text.
    return len(status_id), status_id


def full_acct(account: dict[str, Any], default_host: str) -> str | None:
    acct = account.get("acct") or account.get("username")
    if not isinstance(acct, str) or not acct:
        return None
    if "@" in acct:
        return acct
    return f"{acct}@{urlsplit(str(account.get('url') or '')).hostname or default_host}"


def parse_status(status: dict[str, Any], source: str, host: str, now: datetime) -> Post | None:
    """A status (or the boosted original, with reposted_by) as a Post; None if it has no words."""
    inner = status.get("reblog") if isinstance(status.get("reblog"), dict) else None
    s = inner or status
    url = s.get("url") or s.get("uri")
    if not isinstance(url, str):
        return None
    text, hrefs = html_to_text(str(s.get("content") or ""))
    spoiler = " ".join(str(s.get("spoiler_text") or "").split())
    if spoiler:  # a content warning is often the headline ("BREAKING: …")
        text = f"{spoiler}\n\n{text}" if text else spoiler
    # Mention and hashtag links point back into the fediverse; they are not what the post cites.
    internal = {m.get("url") for m in s.get("mentions") or () if isinstance(m, dict)}
    internal |= {t.get("url") for t in s.get("tags") or () if isinstance(t, dict)}
    card = json_object(s.get("card"))
    links = unique([*(h for h in hrefs if h not in internal), card.get("url")])
    if not text and not links:
        return None
    account = json_object(s.get("account"))
    booster = json_object(status.get("account"))
    return Post(
        id=url,  # the status page, as the account's RSS feed uses for its GUIDs: RSS<->API agree
        source=source,
        text=text,
        published=parse_time(s.get("created_at"), now),
        url=url,
        author=full_acct(account, host),
        links=links,
        kind="mastodon",
        reposted_by=full_acct(booster, host) if inner else None,
    )


class MastodonSource(AccountSource):
    kind = "mastodon"
    account_form = (
        "a user with their server",
        "@user@instance (@newsdesk@mastodon.social), https://instance/@user, "
        "or the user alone with 'instance' set",
    )

    @classmethod
    def account_ok(cls, account: str, instance: str | None) -> bool:
        # the lookup needs both: a user alone names no server to ask
        return all(parse_account(account, instance))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user, self.host = parse_account(self.config.account or "", self.config.instance)
        self.acct = f"{self.user}@{self.host}"
        self.base = (self.config.instance or f"https://{self.host}").rstrip("/")

    async def poll(self) -> list[Post]:
        self.check_account()
        state = self.load_state("mastodon")
        if state.get("acct") != self.acct:
            state = {"acct": self.acct}
        if state.get("api_closed_until", 0) > time.time():
            return await self._poll_rss(state, reason=None)
        try:
            return await self._poll_api(state)
        except FetchError as e:
            if e.status in _API_CLOSED or (e.status == 404 and not state.get("account_id")):
                # Public API closed, or not a Mastodon API at all: the RSS feed may still be open.
                return await self._poll_rss(state, reason=e)
            if e.status == 404:  # the cached id no longer exists (account deleted or moved)
                state.pop("account_id", None)
                self.save_state("mastodon", state)
                raise SourceError(
                    f"mastodon account @{self.acct}: statuses not found ({e}); "
                    "it will be looked up again"
                ) from None
            raise

    # -- API ---------------------------------------------------------------------------------
    async def _lookup(self) -> str:
        url = f"{self.base}/api/v1/accounts/lookup?acct={quote(self.user)}"
        _, doc = await self.get_json(url, what=f"mastodon account @{self.acct}", expect="id")
        return str(doc["id"])

    async def _poll_api(self, state: dict[str, Any]) -> list[Post]:
        account_id = state.get("account_id") or await self._lookup()
        state["account_id"] = account_id
        since = state.get("since_id")
        what = f"mastodon account @{self.acct}"
        statuses: list[dict[str, Any]] = []
        max_id: str | None = None
        for _ in range(MAX_PAGES):
            url = (
                f"{self.base}/api/v1/accounts/{quote(account_id)}/statuses"
                f"?limit={PAGE_SIZE}&exclude_replies=true"
            )
            url += f"&since_id={quote(since)}" if since else ""
            url += f"&max_id={quote(max_id)}" if max_id else ""
            _, page = await self.get_json(url, what=what, expect=list)
            page = [s for s in page if isinstance(s, dict) and isinstance(s.get("id"), str)]
            statuses += page
            # A full page after since_id may hide more new statuses behind it: page back to the
            # mark. The first poll (no since_id) takes one page; older posts are not news.
            if not since or len(page) < PAGE_SIZE:
                break
            max_id = min((s["id"] for s in page), key=_id_key)
        now = utcnow()
        statuses.sort(key=lambda s: _id_key(s["id"]))  # ids order statuses of the same second
        posts = [p for s in statuses if (p := parse_status(s, self.name, self.host, now))]
        ids = [s["id"] for s in statuses] + ([since] if since else [])
        state.update(since_id=max(ids, key=_id_key) if ids else None, api_closed_until=0)
        self.save_state("mastodon", state)
        return by_published(posts)

    # -- RSS fallback ------------------------------------------------------------------------
    async def _poll_rss(self, state: dict[str, Any], reason: FetchError | None) -> list[Post]:
        url = f"{self.base}/@{quote(self.user)}.rss"
        try:
            changed = await fetch_changed(self.fetcher, url, state.get("rss") or {}, self.name)
        except FetchError as e:
            api = f"API: {reason}; " if reason else ""
            if e.status in (404, 410) and (reason is None or reason.status == 404):
                raise SourceError(
                    f"mastodon account @{self.acct} not found ({api}RSS: {e})", gone=e.status == 410
                ) from None
            raise SourceError(f"mastodon account @{self.acct}: {api}RSS fallback: {e}") from None
        if reason is not None:
            log.info("source %s: API unavailable (%s), reading %s", self.name, reason, url)
            state["api_closed_until"] = time.time() + API_RETRY
        if changed is None:  # 304 or the same feed as last time: its posts were returned then
            self.save_state("mastodon", state)
            return []
        posts = await parse_response(changed.response, self.name)
        state["rss"] = changed.validators  # only after the parse, so a broken feed is retried
        state.pop("rss_hash", None)  # the body hash's old place, before ETags were kept
        self.save_state("mastodon", state)
        # The feed names no author per item: every item is the account's own (RSS has no boosts).
        return [
            dataclasses.replace(p, kind="mastodon", author=self.acct, title=None) for p in posts
        ]
