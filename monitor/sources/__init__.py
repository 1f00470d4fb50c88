"""Source adapters: one per kind, all on one shared Fetcher. Add a kind by adding it to KINDS."""

from __future__ import annotations

from datetime import timedelta

from monitor.config import SourceConfig
from monitor.sources.base import DEFAULT_INTERVAL, Source, SourceError
from monitor.sources.bluesky import BlueskySource
from monitor.sources.feed import FeedSource
from monitor.sources.http import Fetcher, FetchError, Response
from monitor.sources.jetstream import JetstreamSource, StreamSource
from monitor.sources.mastodon import MastodonSource
from monitor.sources.poller import Poller
from monitor.sources.reddit import RedditSource
from monitor.sources.telegram import TelegramSource
from monitor.sources.xbridge import XSource
from monitor.store import Store

KINDS: dict[str, type[Source]] = {
    "rss": FeedSource,
    "bluesky": BlueskySource,
    "mastodon": MastodonSource,
    "reddit": RedditSource,
    "telegram": TelegramSource,
    "x": XSource,
    "jetstream": JetstreamSource,
}

__all__ = [
    "KINDS",
    "FeedSource",
    "FetchError",
    "Fetcher",
    "Poller",
    "Response",
    "Source",
    "SourceError",
    "StreamSource",
    "build_source",
    "poll_interval",
]


def build_source(
    cfg: SourceConfig,
    fetcher: Fetcher,
    store: Store,
    *,
    default_interval: timedelta = DEFAULT_INTERVAL,
) -> Source:
    """The adapter for a configured source; default_interval is `[monitor] interval`."""
    cls = KINDS.get(cfg.kind)
    if cls is None:
        raise NotImplementedError(
            f"source {cfg.name!r}: kind {cfg.kind!r} is not implemented yet "
            f"(available: {', '.join(sorted(KINDS))})"
        )
    return cls(cfg, fetcher, store, default_interval=default_interval)


def poll_interval(source: Source) -> timedelta:
    """The configured interval, but never faster than a bridge refreshes (its cache floor)."""
    return max(source.interval, source.min_interval)
