"""Poller: runs one Source and owns what happens around a poll: errors, backoff, health, staleness.

A source is never disabled: a failing one is polled less often (capped exponential backoff with
jitter, or what Retry-After asks), a gone one (410) at the cap, and ops hear about it once.
"""

from __future__ import annotations

import logging
import random
import sqlite3
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from monitor.models import Post, utcnow
from monitor.sources.base import Source, SourceError, clean_error
from monitor.store import Store

log = logging.getLogger(__name__)

FAILING_AFTER = 3  # consecutive failed polls before ops are told
STALE_FACTOR = 6.0  # "no new items in 6x the usual gap between items"
STALE_MIN = timedelta(hours=1)  # ...and never sooner than this, so busy feeds don't flap
STALE_MIN_GAPS = 3  # gaps observed before the usual gap means anything
_EWMA_ALPHA = 0.3
_JITTER = (0.75, 1.0)  # spread failing sources out; never later than the cap


def _iso(dt: datetime | None) -> str | None:
    return dt.isoformat() if dt else None


def _dt(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else None


def _human(seconds: float) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds / size:.0f}{unit}"
    return f"{seconds:.0f}s"


class Poller:
    def __init__(
        self,
        source: Source,
        store: Store,
        *,
        backoff_max: timedelta,
        on_health: Callable[[str, str], None] | None = None,
    ) -> None:
        self.source = source
        self.store = store
        self.backoff_max = backoff_max
        self.on_health = on_health
        self._delay = source.interval.total_seconds()
        self._retry_after: float | None = None
        self._polling = False
        self.polls: Counter[str] = Counter()  # by result, for /metrics; per process
        h = self._load()
        # Health survives restarts, so an alert already sent is not sent again.
        self.last_success: datetime | None = _dt(h.get("last_success"))
        self.last_error: str | None = h.get("last_error")
        self.last_error_at: datetime | None = _dt(h.get("last_error_at"))
        self.consecutive_errors: int = int(h.get("consecutive_errors", 0))
        self.failing_alerted: bool = bool(h.get("failing_alerted", False))
        self.gone: bool = bool(h.get("gone", False))
        self.stale: bool = bool(h.get("stale", False))
        self.items_seen: int = int(h.get("items_seen", 0))
        self.latency_ms: float | None = h.get("latency_ms")
        self.newest: datetime | None = _dt(h.get("newest"))
        self.gap_ewma: float | None = h.get("gap_ewma")
        self.gap_count: int = int(h.get("gap_count", 0))
        self.next_poll: datetime | None = _dt(h.get("next_poll"))

    @property
    def name(self) -> str:
        return self.source.name

    # -- polling ----------------------------------------------------------------------------------
    async def poll(self) -> list[Post]:
        """One poll. Never raises, except CancelledError; failures are logged as one line."""
        if self._polling:  # an overlapping call would only duplicate the work
            log.debug("source %s: poll already running, skipped", self.name)
            return []
        self._polling = True
        started = time.monotonic()
        try:
            posts = await self.source.poll()
        except SourceError as e:
            self._failed(str(e), e.retry_after, e.gone, started)
            return []
        except Exception as e:  # a bug in an adapter must not stop the other sources
            log.debug("source %s: traceback", self.name, exc_info=True)
            self._failed(f"unexpected {type(e).__name__}: {e}", None, False, started)
            return []
        finally:
            self._polling = False
        self._succeeded(posts, started)
        return posts

    def _succeeded(self, posts: list[Post], started: float) -> None:
        now = utcnow()
        self.latency_ms = round((time.monotonic() - started) * 1000, 1)
        self.polls["ok"] += 1
        if self.failing_alerted or self.gone:
            self._health(
                f"source {self.name} recovered after {self.consecutive_errors} failed polls"
            )
        self.last_success = now
        self.consecutive_errors = 0
        self.failing_alerted = False
        self.gone = False
        self._retry_after = None
        self._track_new(posts)
        self._check_stale(now)
        self._schedule(self.source.interval.total_seconds(), now)

    def _failed(self, message: str, retry_after: float | None, gone: bool, started: float) -> None:
        now = utcnow()
        message = clean_error(message)  # it may quote the feed's URL, token and all
        self.latency_ms = round((time.monotonic() - started) * 1000, 1)
        self.polls["gone" if gone else "error"] += 1
        self.consecutive_errors += 1
        self.last_error = message
        self.last_error_at = now
        self._retry_after = retry_after
        log.warning("source %s: %s", self.name, message)
        if gone and not self.gone:
            self.gone = True
            self.failing_alerted = True  # the gone message says it all; no "failing" on top
            every = _human(max(self.backoff_max, self.source.interval).total_seconds())
            self._health(f"source {self.name} gone: {message}; still polled every {every}")
        elif self.consecutive_errors >= FAILING_AFTER and not self.failing_alerted:
            self.failing_alerted = True
            self._health(
                f"source {self.name} failing: {message} ({self.consecutive_errors} polls in a row)"
            )
        self._schedule(self._backoff(), now)

    # -- scheduling -------------------------------------------------------------------------------
    def _backoff(self) -> float:
        interval = self.source.interval.total_seconds()
        cap = max(self.backoff_max.total_seconds(), interval)
        if self.gone:
            return cap
        delay = min(cap, interval * 2.0 ** min(self.consecutive_errors, 32))
        delay = max(interval, delay * random.uniform(*_JITTER))
        if self._retry_after is not None:
            delay = max(delay, self._retry_after)  # capped by SourceError
        return delay

    def _schedule(self, delay: float, now: datetime) -> None:
        self._delay = delay
        self.next_poll = now + timedelta(seconds=delay)
        self._save()

    def next_delay(self) -> float:
        """Seconds from the end of the last poll to the next one (the interval before any poll)."""
        return self._delay

    # -- staleness --------------------------------------------------------------------------------
    def _track_new(self, posts: list[Post]) -> None:
        # "New" means published after the newest item seen so far; the gaps between new items
        # feed an EWMA of how often this source usually publishes.
        for post in sorted(posts, key=lambda p: p.published):
            if self.newest is not None and post.published <= self.newest:
                continue
            if self.newest is not None:
                gap = (post.published - self.newest).total_seconds()
                self.gap_ewma = (
                    gap
                    if self.gap_ewma is None
                    else (_EWMA_ALPHA * gap + (1 - _EWMA_ALPHA) * self.gap_ewma)
                )
                self.gap_count += 1
            self.newest = post.published
            self.items_seen += 1
            self.stale = False

    def _check_stale(self, now: datetime) -> None:
        if self.stale or self.newest is None or self.gap_ewma is None:
            return
        if self.gap_count < STALE_MIN_GAPS:
            return
        quiet = (now - self.newest).total_seconds()
        limit = max(
            STALE_FACTOR * self.gap_ewma,
            STALE_MIN.total_seconds(),
            2 * self.source.interval.total_seconds(),
        )
        if quiet > limit:
            self.stale = True
            self._health(
                f"source {self.name} stale: no new items for {_human(quiet)} "
                f"(usually one every {_human(self.gap_ewma)})"
            )

    # -- health -----------------------------------------------------------------------------------
    def _health(self, message: str) -> None:
        if self.on_health is None:  # otherwise the callback reports it; one line is enough
            log.info("%s", message)
            return
        try:
            self.on_health(self.name, message)
        except Exception as e:  # an ops channel failing must not break polling
            log.warning("source %s: health callback failed: %s", self.name, e)

    def status(self) -> dict[str, Any]:
        """For `claimwatch sources` and /healthz."""
        return {
            "name": self.name,
            "kind": self.source.kind,
            "interval": self.source.interval.total_seconds(),
            "last_success": _iso(self.last_success),
            "last_error": self.last_error,
            "last_error_at": _iso(self.last_error_at),
            "consecutive_errors": self.consecutive_errors,
            "next_poll": _iso(self.next_poll),
            "items_seen": self.items_seen,
            "latency_ms": self.latency_ms,
            "gone": self.gone,
            "stale": self.stale,
            "newest": _iso(self.newest),
            "polls": dict(self.polls),
        }

    def _load(self) -> dict[str, Any]:
        try:
            h = self.store.get_fetch_state(self.name).get("health")
        except sqlite3.Error as e:
            log.warning("source %s: cannot read health state: %s", self.name, e)
            return {}
        return h if isinstance(h, dict) else {}

    def _save(self) -> None:
        state = self.status()
        state.update(
            failing_alerted=self.failing_alerted, gap_ewma=self.gap_ewma, gap_count=self.gap_count
        )
        for key in ("name", "kind", "interval"):
            state.pop(key)
        try:
            data = self.store.get_fetch_state(self.name)
            data["health"] = state
            self.store.save_fetch_state(self.name, data)
        except sqlite3.Error as e:
            log.warning("source %s: cannot save health state: %s", self.name, e)
