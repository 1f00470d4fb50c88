"""Kind "x": an X (Twitter) account through RSS bridges that the user runs or trusts.

X has no free read API, so claimwatch reads what a bridge (Nitter, RSSHub, RSS-Bridge) renders as
RSS. `bridges` is a failover chain of URL templates with `{account}`. Each bridge has a health
record in state: one that failed is skipped for a cooldown that doubles with each failure (capped),
the last bridge that worked is tried first, and a poll fails only when every bridge it tried fails.
Next to its health each bridge keeps its own conditional-GET validators (an ETag from one bridge
means nothing to another); a 304 or an unchanged body is a success that brings no posts.

Items are made bridge-independent: the id and url become `https://x.com/<user>/status/<id>`
whatever bridge served them, so a failover never turns old tweets into new posts.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import time
from datetime import timedelta
from typing import Any
from urllib.parse import quote, urlsplit

from monitor.models import Post
from monitor.sources.accounts import AccountSource, by_published
from monitor.sources.base import SourceError
from monitor.sources.feed import fetch_changed, parse_response

log = logging.getLogger(__name__)

COOLDOWN = 60.0  # seconds a bridge is skipped after its first failure; doubles per failure
COOLDOWN_MAX = 1800.0
_HANDLE = re.compile(r"^[A-Za-z0-9_]{1,15}$")
_STATUS = re.compile(r"^https?://([^/]+)/([A-Za-z0-9_]{1,15})/status(?:es)?/(\d+)", re.I)
_RT_BY = re.compile(r"^RT by @([A-Za-z0-9_]{1,15}):\s*", re.I)  # Nitter's title for a retweet
_X_HOSTS = {"x.com", "twitter.com", "www.x.com", "www.twitter.com", "mobile.twitter.com"}


def bridge_floor(template: str) -> timedelta:
    """How long a bridge caches a timeline by default; polling faster returns the same feed.

    Nitter: `rssMinutes` in nitter.conf (10 in the example config; instances run for monitoring
    set it far lower, so 1 minute is assumed). RSSHub: CACHE_EXPIRE, 5 minutes by default.
    RSS-Bridge: each bridge's CACHE_TIMEOUT (TwitterBridge 15 minutes, the default 1 hour).
    """
    t = template.lower()
    parts = urlsplit(t)
    if "action=display" in parts.query and "bridge=" in parts.query:
        return timedelta(minutes=15) if "bridge=twitter" in parts.query else timedelta(hours=1)
    if "/twitter/user/" in parts.path:
        return timedelta(minutes=5)
    if "nitter" in (parts.hostname or "") or parts.path.endswith("/{account}/rss"):
        return timedelta(minutes=1)
    return timedelta(0)


def expand(template: str, account: str) -> str:
    # str.replace, not str.format: a template may carry other braces (RSS-Bridge query strings).
    return template.replace("{account}", quote(account))


def to_x_post(post: Post, account: str, bridge_host: str) -> Post:
    """A bridge's item with x.com ids and links, the tweet's author, and reposted_by for RTs."""
    m = _STATUS.match(post.url or "") or _STATUS.match(post.id)
    author = (post.author or "").strip().lstrip("@") or None
    url, pid = post.url, post.id
    if m:
        author = m.group(2)
        url = pid = f"https://x.com/{m.group(2)}/status/{m.group(3)}"
    reposted_by = None
    rt = _RT_BY.match(post.title or "")
    if rt:
        reposted_by = rt.group(1)
    elif author and author.lower() != account.lower():
        reposted_by = account  # the account's timeline shows someone else's tweet: a retweet
    links = []
    for link in post.links:
        s = _STATUS.match(link)
        host = (urlsplit(link).hostname or "").lower()
        if s and (host == bridge_host or host in _X_HOSTS):
            links.append(f"https://x.com/{s.group(2)}/status/{s.group(3)}")  # a quoted tweet
        elif host != bridge_host:  # the bridge's own hashtag searches and image proxies
            links.append(link)
    text = post.text
    if rt and text == post.title:  # no description: the title is all there is
        text = text[rt.end() :]
    return dataclasses.replace(
        post,
        id=pid,
        url=url,
        author=author,
        reposted_by=reposted_by,
        links=tuple(dict.fromkeys(links)),
        title=None,
        kind="x",
        text=text,
    )


def normalise_handle(account: str) -> str:
    """'@BreakingWire', 'https://x.com/BreakingWire' -> 'BreakingWire'."""
    account = account.strip()
    for prefix in ("https://x.com/", "https://twitter.com/"):
        account = account.removeprefix(prefix)
    return account.lstrip("@").split("/", 1)[0]


class XSource(AccountSource):
    kind = "x"
    account_form = (
        "an X handle",
        "BreakingWire, @BreakingWire or https://x.com/BreakingWire (1-15 letters, digits, _)",
    )
    account_pattern = _HANDLE
    normalise_account = staticmethod(normalise_handle)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.account = normalise_handle(self.config.account or "")
        self.bridges = list(dict.fromkeys(self.config.bridges))
        self.min_interval = self._floor(self.load_state("x").get("last_good"))

    def _floor(self, preferred: str | None) -> timedelta:
        bridge = preferred if preferred in self.bridges else (self.bridges or [""])[0]
        return bridge_floor(bridge)

    def _order(self, health: dict[str, Any], last_good: str | None, now: float) -> list[str]:
        """Bridges to try: the last good one first, then the rest in the configured order, minus
        those cooling down after a failure; if every one is cooling, the one that is ready soonest.
        """
        order = sorted(self.bridges, key=lambda b: b != last_good)  # stable: config order kept
        ready = [b for b in order if health.get(b, {}).get("until", 0) <= now]
        return ready or [min(order, key=lambda b: health.get(b, {}).get("until", 0))]

    async def poll(self) -> list[Post]:
        if not self.bridges:
            raise SourceError(
                f"x @{self.account}: X has no free API; configure bridges = [...] with Nitter, "
                "RSSHub or RSS-Bridge URL templates containing {account}"
            )
        self.check_account()
        state = self.load_state("x")
        if state.get("account") != self.account:
            state = {"account": self.account}
        health: dict[str, Any] = {
            b: h for b, h in (state.get("bridges") or {}).items() if b in self.bridges
        }
        errors = []
        now = time.time()
        for bridge in self._order(health, state.get("last_good"), now):
            url = expand(bridge, self.account)
            host = (urlsplit(url).hostname or "").lower()
            validators = health.get(bridge, {}).get("validators") or {}
            try:
                changed = await fetch_changed(self.fetcher, url, validators, self.name)
                posts = await parse_response(changed.response, self.name) if changed else []
            except SourceError as e:  # FetchError and FeedError (an HTML error page) alike
                # The failure record replaces the bridge's validators too: once it recovers, its
                # first answer is parsed in full rather than trusted as "unchanged".
                failures = int(health.get(bridge, {}).get("failures", 0)) + 1
                wait = min(COOLDOWN * 2 ** (failures - 1), COOLDOWN_MAX)
                wait = max(wait, e.retry_after or 0)
                health[bridge] = {"failures": failures, "until": now + wait, "error": str(e)}
                errors.append(f"{host}: {e}")
                log.info(
                    "source %s: bridge %s failed (%s); skipped for %.0fs", self.name, host, e, wait
                )
                continue
            if state.get("last_good") != bridge:
                log.info("source %s: reading through %s", self.name, host)
            # A 304 or an unchanged body counts as a success too: the bridge answered. New
            # validators are stored only now that the body parsed.
            if changed:
                validators = changed.validators
            health[bridge] = {"failures": 0, "until": 0, "validators": validators}
            state.update(bridges=health, last_good=bridge)
            self.save_state("x", state)
            self.min_interval = self._floor(bridge)
            return by_published(to_x_post(p, self.account, host) for p in posts)
        state["bridges"] = health
        self.save_state("x", state)
        soonest = min(h.get("until", now) for h in health.values()) - now if health else None
        skipped = len(self.bridges) - len(errors)
        note = f" ({skipped} more cooling down)" if skipped else ""
        raise SourceError(
            f"x @{self.account}: every bridge failed{note}: " + "; ".join(errors),
            retry_after=max(soonest, 0) if soonest is not None else None,
        )
