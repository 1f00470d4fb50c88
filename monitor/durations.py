"""Durations as users write them: "90s", "5m", "2h", "2d" (also "1h30m", or a bare number of seconds)."""

from __future__ import annotations

import re
from datetime import timedelta

_UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_PART = re.compile(r"(\d+(?:\.\d+)?)(ms|s|m|h|d|w)")
# A century: max_age = "36500d" still reads "no age limit" (a replay of a 2013 archive); near
# timedelta's limit a duration would overflow (a traceback).
MAX_DURATION = timedelta(days=36500)


def parse_duration(value: str | int | float | timedelta) -> timedelta:
    """Parse a duration; raise ValueError with a message users can act on."""
    if isinstance(value, timedelta):
        return value
    seconds: int | float
    if isinstance(value, bool):
        raise ValueError(f"expected a duration like '90s', '5m', '2h' or '2d', got {value!r}")
    elif isinstance(value, int | float):
        if value < 0:
            raise ValueError(f"duration must not be negative, got {value!r}")
        seconds = value
    else:
        text = str(value).strip().lower().replace(" ", "")
        if re.fullmatch(r"\d+(\.\d+)?", text):
            seconds = float(text)
        elif not text or _PART.sub("", text):
            raise ValueError(f"expected a duration like '90s', '5m', '2h' or '2d', got {value!r}")
        else:
            seconds = sum(float(n) * _UNITS[u] for n, u in _PART.findall(text))
    # checked before timedelta() sees it: 999999999999d, or TOML's inf and nan, would not fit
    if not seconds <= MAX_DURATION.total_seconds():  # nan compares false
        raise ValueError(f"duration must be at most {format_duration(MAX_DURATION)}, got {value!r}")
    return timedelta(seconds=seconds)


def format_duration(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def format_span(seconds: float) -> str:
    """A length of time as people read it: its largest whole unit ("59s", "1m", "3h", "2d")."""
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{int(seconds // size)}{unit}"
    return f"{int(seconds)}s"


def format_ago(then: float, now: float) -> str:
    """How far `then` is from `now` (epoch seconds): "3m ago", or "in 3m" for a future time.

    `now` is passed in, not read here, so one page or listing shares one clock (and tests fix it).
    """
    seconds = now - then
    return f"in {format_span(-seconds)}" if seconds < 0 else f"{format_span(seconds)} ago"
