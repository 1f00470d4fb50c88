"""One reading of a source's health, shared by the status page, /readyz and `claimwatch sources`.

Each of them words a class its own way; the order of the checks below is the one place that
decides which class wins when several apply (a gone feed also has errors, a stream's
`last_success` says nothing about whether it is connected now).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any


class Health(StrEnum):
    """A source's health class; the value is the status page's wording and /readyz's key."""

    DISABLED = "disabled"
    GONE = "gone"
    FAILING = "failing"
    OK = "ok"
    WAITING = "waiting"
    STALE = "stale"


def classify(st: Mapping[str, Any]) -> Health:
    """The class of one source status: a Poller's or stream's status(), or a saved health row.

    A row without "enabled" is a running source: the daemon builds enabled sources only, so
    only `claimwatch sources`, which lists the whole config, passes disabled ones.
    """
    if not st.get("enabled", True):
        return Health.DISABLED
    if st.get("gone"):
        return Health.GONE
    if st.get("consecutive_errors"):
        return Health.FAILING
    if st.get("streaming"):  # a stream is as good as its connection; it is never stale
        return Health.OK if st.get("connected") else Health.WAITING
    if st.get("stale"):
        return Health.STALE
    if not st.get("last_success"):
        return Health.WAITING
    return Health.OK


def count(statuses: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """How many sources are in each class, every class present (zeros included)."""
    found = Counter(classify(st) for st in statuses)
    return {h.value: found[h] for h in Health}
