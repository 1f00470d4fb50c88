"""What every source adapter is: a named thing that, when polled, returns Posts or raises SourceError.

Adapters keep their own state in the store's per-source fetch-state dict, each under its own key
("http" for conditional-GET state, "health" for the poller, anything else for the adapter).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from monitor.config import SourceConfig
from monitor.models import Post
from monitor.redact import scrub

if TYPE_CHECKING:
    from monitor.sources.http import Fetcher
    from monitor.store import Store

# The contract's default `[monitor] interval`; build_source passes the configured one.
DEFAULT_INTERVAL = timedelta(minutes=2)
# The longest wait a server's Retry-After gets: a server asking for a week must not disable a source.
RETRY_AFTER_MAX = timedelta(hours=24)


def clean_error(message: str) -> str:
    """One line with URL credentials and tokens scrubbed, as the logs have it: it is stored,
    shown on the status page and sent to ops notifiers."""
    return " ".join(scrub(message).split())[:500]


class SourceError(Exception):
    """An expected failure of one poll. str(e) is one readable line for logs and ops alerts."""

    def __init__(
        self,
        message: str,
        *,
        retry_after: float | None = None,
        gone: bool = False,
        say_wait: bool = False,
    ) -> None:
        # One line, always: messages may embed server text or exception reprs with newlines.
        message = " ".join(str(message).split())
        cap = RETRY_AFTER_MAX.total_seconds()
        if retry_after is not None and retry_after > cap:
            # Here, so every kind of source gets it: the wait the poller keeps, not the server's
            # 1e30 seconds or year 9999.
            retry_after = cap
            message += f" (retry after {cap / 3600:g}h, capped: the server asked for longer)"
        elif retry_after is not None and say_wait:
            message += f" (retry after {retry_after:.0f}s)"
        super().__init__(message)
        self.retry_after = retry_after  # seconds the server asked us to wait (Retry-After)
        self.gone = gone  # the server says the resource is gone for good (HTTP 410)


class Source(ABC):
    """One configured feed or account. Subclasses set `kind` and implement `poll`."""

    kind: ClassVar[str]
    # How often the upstream refreshes at best (a bridge's cache): polling faster gains nothing.
    min_interval: timedelta = timedelta(0)

    def __init__(
        self,
        config: SourceConfig,
        fetcher: Fetcher,
        store: Store,
        *,
        default_interval: timedelta = DEFAULT_INTERVAL,
    ) -> None:
        self.config = config  # its secrets were registered for scrubbing as it validated
        self.fetcher = fetcher
        self.store = store
        self.name: str = config.name
        self.interval: timedelta = config.interval or default_interval

    @abstractmethod
    async def poll(self) -> list[Post]:
        """New or changed items, sorted by published ascending. Raises SourceError on failure."""

    # -- state: one namespaced entry of the shared fetch-state dict ------------------------------
    def load_state(self, key: str) -> dict[str, Any]:
        value = self.store.get_fetch_state(self.name).get(key)
        return dict(value) if isinstance(value, dict) else {}

    def save_state(self, key: str, value: dict[str, Any]) -> None:
        self.save_states({key: value})

    def save_states(self, values: dict[str, dict[str, Any]]) -> None:
        """Several keys in one write (a stream saves its cursor and its health together)."""
        # Read-modify-write of the whole dict; safe because the store is synchronous and nothing
        # awaits between the read and the write.
        data = self.store.get_fetch_state(self.name)
        data.update(values)
        self.store.save_fetch_state(self.name, data)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"
