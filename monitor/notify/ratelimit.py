"""Per-notifier pacing: a sliding-window limit from `rate` ("5/1m") and UTC quiet hours."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from monitor.config import parse_quiet_hours, parse_rate


class RateLimit:
    """At most `count` messages in any window of `period` ("5/1m"); None rate: unlimited.

    A sliding window, not a token bucket: a bucket refills a token every period/count, so a
    burst that lasts longer than that gets one message more than the user allowed per period.
    """

    def __init__(self, rate: str | None, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.sent: deque[float] = deque()
        if rate is None:
            self.count, self.period = None, 0.0
        else:
            count, period = parse_rate(rate)
            self.count, self.period = count, period.total_seconds()

    @property
    def unlimited(self) -> bool:
        return self.count is None

    def available(self) -> float:
        """Messages that may go out now."""
        if self.count is None:
            return float("inf")
        horizon = self.clock() - self.period
        while self.sent and self.sent[0] <= horizon:
            self.sent.popleft()
        return float(self.count - len(self.sent))

    def prime(self, sent_at: list[float], now: float) -> None:
        """Count messages sent before a restart (wall-clock `sent_at` seconds, oldest first),
        so a restart does not reopen a window the user limited."""
        if self.count is None:
            return
        mono = self.clock()
        self.sent.extend(mono - (now - t) for t in sent_at if now - t < self.period)

    def take(self) -> None:
        if self.count is not None:
            self.sent.append(self.clock())

    def wait_time(self) -> float:
        """Seconds until one more message may go out."""
        if self.available() >= 1:
            return 0.0
        return max(0.0, self.sent[0] + self.period - self.clock())


class QuietHours:
    """A daily UTC window; it may wrap midnight ("22:00-07:00")."""

    def __init__(self, spec: str) -> None:
        self.start, self.end = parse_quiet_hours(spec)  # the config has checked it
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
