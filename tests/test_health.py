"""The one health classifier, the wording `claimwatch sources` gives each class, and the shared
relative-time formatter."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from monitor.cli import _source_status
from monitor.durations import format_ago, format_span
from monitor.health import Health, classify, count

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
EARLIER = "2025-06-01T11:57:00+00:00"  # 3m before NOW


@pytest.mark.parametrize(
    ("st", "expected"),
    [
        # each branch, in the order they are checked
        ({"enabled": False, "gone": True, "consecutive_errors": 3}, Health.DISABLED),
        ({"gone": True, "consecutive_errors": 5, "last_success": EARLIER}, Health.GONE),
        ({"consecutive_errors": 1, "last_success": EARLIER}, Health.FAILING),
        ({"streaming": True, "consecutive_errors": 2, "connected": False}, Health.FAILING),
        ({"streaming": True, "connected": True, "last_success": EARLIER}, Health.OK),
        ({"streaming": True, "connected": False, "last_success": EARLIER}, Health.WAITING),
        ({"streaming": True, "connected": False}, Health.WAITING),
        ({"streaming": True, "connected": True, "stale": True}, Health.OK),  # never stale
        ({"stale": True, "last_success": EARLIER}, Health.STALE),
        ({"last_success": None, "consecutive_errors": 0}, Health.WAITING),
        ({"last_success": EARLIER, "consecutive_errors": 0}, Health.OK),
        # a status row without "enabled" is a running source (the daemon runs enabled ones only)
        ({"enabled": True, "last_success": EARLIER}, Health.OK),
    ],
)
def test_classify(st: dict[str, Any], expected: Health) -> None:
    assert classify(st) is expected


def test_count_lists_every_class() -> None:
    rows = [{"last_success": EARLIER}, {"consecutive_errors": 2}, {"enabled": False}, {}]
    assert count(rows) == {
        "disabled": 1,
        "gone": 0,
        "failing": 1,
        "ok": 1,
        "waiting": 1,
        "stale": 0,
    }


def row(streaming: bool = False, **health: Any) -> dict[str, Any]:
    """A `claimwatch sources` row: the config's fields and the saved health."""
    return {"name": "s", "kind": "rss", "enabled": True, "streaming": streaming, **health}


@pytest.mark.parametrize(
    ("r", "text"),
    [
        (row(enabled=False, gone=True), "disabled in config"),
        (row(gone=True, consecutive_errors=4), "GONE (410)"),
        (row(consecutive_errors=3), "FAILING x3"),
        (row(True, connected=True, connected_since=EARLIER), "ok (streaming, connected 3m ago)"),
        (row(True, connected=False, last_success=EARLIER), "not connected"),
        (row(True, connected=False), "not connected yet"),
        (row(stale=True, last_success=EARLIER), "stale"),
        (row(last_success=EARLIER), "ok"),
        (row(), "not polled yet"),
    ],
)
def test_claimwatch_sources_wording(r: dict[str, Any], text: str) -> None:
    assert _source_status(r, NOW) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0s"), (59.9, "59s"), (60, "1m"), (90, "1m"), (3599, "59m"), (7200, "2h"), (90000, "1d")],
)
def test_format_span_keeps_the_largest_whole_unit(seconds: float, text: str) -> None:
    assert format_span(seconds) == text


def test_format_ago_past_and_future() -> None:
    now = NOW.timestamp()
    assert format_ago(now - 180, now) == "3m ago"
    assert format_ago(now, now) == "0s ago"
    assert format_ago(now + 7200, now) == "in 2h"
