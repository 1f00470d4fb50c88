"""Per-notifier pacing: a token bucket from `rate` ("5/1m") and UTC quiet hours ("22:00-07:00")."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from monitor.config import parse_rate


class TokenBucket:
    """`capacity` messages at once, refilled at capacity/period. None rate: unlimited."""

    def __init__(self, rate: str | None, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        if rate is None:
            self.capacity, self.per_second = float("inf"), float("inf")
        else:
            count, period = parse_rate(rate)
            self.capacity = float(count)
            self.per_second = count / max(period.total_seconds(), 1e-9)
        self.tokens = self.capacity
        self.stamp = clock()

    @property
    def unlimited(self) -> bool:
        return self.capacity == float("inf")

    def available(self) -> float:
        if self.unlimited:
            return self.capacity
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.per_second)
        self.stamp = now
        return self.tokens

    def take(self) -> None:
        if not self.unlimited:
            self.available()
            self.tokens -= 1

    def wait_time(self) -> float:
        """Seconds until one whole token is available."""
        missing = 1 - self.available()
        return 0.0 if missing <= 0 else missing / self.per_second


_HHMM = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


class QuietHours:
    """A daily UTC window; it may wrap midnight ("22:00-07:00")."""

    def __init__(self, spec: str) -> None:
        m = _HHMM.match(spec)
        if not m:
            raise ValueError(f"quiet_hours must look like '22:00-07:00' (UTC), got {spec!r}")
        h1, m1, h2, m2 = (int(g) for g in m.groups())
        if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59:
            raise ValueError(f"quiet_hours has an invalid time: {spec!r}")
        self.start = h1 * 60 + m1
        self.end = h2 * 60 + m2
        self.spec = spec.strip()

    def active(self, now: datetime) -> bool:
        minute = now.astimezone(UTC).hour * 60 + now.astimezone(UTC).minute
        if self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= minute < self.end
        return minute >= self.start or minute < self.end

    def ends_after(self, now: datetime) -> datetime:
        """When the current quiet window ends (now if not quiet)."""
        if not self.active(now):
            return now
        now = now.astimezone(UTC)
        end = now.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(minutes=self.end)
        while end <= now:
            end += timedelta(days=1)
        return end
