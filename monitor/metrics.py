"""Prometheus metrics, read from the daemon's own state at scrape time.

Nothing else in the daemon imports prometheus_client: pollers, the pipeline and the outbox keep
plain counters and the collector here turns them into metric families when /metrics is scraped.
Each daemon gets its own CollectorRegistry (never the global one), so tests can run several.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from prometheus_client import CollectorRegistry, PlatformCollector, ProcessCollector
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, InfoMetricFamily
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector

from monitor import __version__

if TYPE_CHECKING:
    from monitor.daemon import Daemon

# Pipeline.stats keys that are not tiers, with the metric each one feeds.
_PIPELINE = {
    "posts": ("claimwatch_posts", "Posts handed to the pipeline."),
    "seen": ("claimwatch_posts_already_seen", "Posts skipped because they were seen before."),
    "claims": ("claimwatch_claims_detected", "Posts carrying a breaking-news marker."),
    "rejected": (
        "claimwatch_posts_rejected",
        "Posts that cannot alert (old, no marker, no topic).",
    ),
    "matched": ("claimwatch_topic_matches", "Candidate posts that matched at least one topic."),
}


def timestamp(value: Any) -> float | None:
    """Poller status times may be datetimes, epoch seconds or ISO strings; None when unknown."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.timestamp()
    if isinstance(value, int | float):
        return float(value)
    try:
        return datetime.fromisoformat(str(value)).timestamp()
    except ValueError:
        return None


class DaemonCollector(Collector):
    """Reads sources (polled and streaming), pipeline stats, the dedup index and the outbox table
    on every scrape."""

    def __init__(self, daemon: Daemon) -> None:
        self.daemon = daemon

    def collect(self) -> Iterator[Metric]:
        yield from self._process()
        yield from self._sources()
        yield from self._pipeline()
        yield from self._outbox()

    def _process(self) -> Iterator[Metric]:
        info = InfoMetricFamily("claimwatch_build", "claimwatch version.")
        info.add_metric([], {"version": __version__})
        yield info
        started = GaugeMetricFamily(
            "claimwatch_start_time_seconds", "When the daemon started (Unix time)."
        )
        started.add_metric([], self.daemon.started.timestamp())
        yield started
        sched = self.daemon.scheduler
        running = GaugeMetricFamily("claimwatch_scheduler_running", "1 while the poll clock runs.")
        running.add_metric([], 1.0 if sched is not None and sched.running else 0.0)
        yield running

    def _sources(self) -> Iterator[Metric]:
        lab = ["source"]
        polls = CounterMetricFamily(
            "claimwatch_source_polls", "Polls by source and result.", labels=["source", "result"]
        )
        items = CounterMetricFamily("claimwatch_source_items", "Items fetched.", labels=lab)
        latency = GaugeMetricFamily(
            "claimwatch_source_fetch_latency_seconds", "Duration of the last fetch.", labels=lab
        )
        errors = GaugeMetricFamily(
            "claimwatch_source_consecutive_errors",
            "Failed polls since the last success.",
            labels=lab,
        )
        last_ok = GaugeMetricFamily(
            "claimwatch_source_last_success_timestamp_seconds",
            "Unix time of the last successful poll (absent until one succeeds).",
            labels=lab,
        )
        next_poll = GaugeMetricFamily(
            "claimwatch_source_next_poll_timestamp_seconds",
            "Unix time of the next poll.",
            labels=lab,
        )
        stale = GaugeMetricFamily(
            "claimwatch_source_stale", "1 when a source has been quiet for too long.", labels=lab
        )
        gone = GaugeMetricFamily(
            "claimwatch_source_gone", "1 when the server said the feed is gone (410).", labels=lab
        )
        # Stream sources only: they have no polls, but a connection and a cursor.
        connected = GaugeMetricFamily(
            "claimwatch_source_connected", "1 while a stream source is connected.", labels=lab
        )
        events = CounterMetricFamily(
            "claimwatch_source_stream_events", "Events a stream source received.", labels=lab
        )
        reconnects = CounterMetricFamily(
            "claimwatch_source_reconnects",
            "Times a stream source connected again after losing its connection.",
            labels=lab,
        )
        last_event = GaugeMetricFamily(
            "claimwatch_source_last_event_timestamp_seconds",
            "Unix time of the last event a stream source received.",
            labels=lab,
        )
        lag = GaugeMetricFamily(
            "claimwatch_source_cursor_lag_seconds",
            "Now minus the time of the last event a stream source handled (its cursor).",
            labels=lab,
        )
        for st in self.daemon.source_statuses():
            name = str(st["name"])
            if st.get("streaming"):
                connected.add_metric([name], 1.0 if st.get("connected") else 0.0)
                events.add_metric([name], float(st.get("events") or 0))
                reconnects.add_metric([name], float(st.get("reconnects") or 0))
                if (ts := timestamp(st.get("last_event"))) is not None:
                    last_event.add_metric([name], ts)
                if st.get("cursor_lag_seconds") is not None:
                    lag.add_metric([name], float(st["cursor_lag_seconds"]))
            for result, n in _poll_results(st).items():
                polls.add_metric([name, result], n)
            items.add_metric([name], float(st.get("items_seen") or 0))
            if st.get("latency_ms") is not None:
                latency.add_metric([name], float(st["latency_ms"]) / 1000.0)
            errors.add_metric([name], float(st.get("consecutive_errors") or 0))
            if (ts := timestamp(st.get("last_success"))) is not None:
                last_ok.add_metric([name], ts)
            if (ts := timestamp(st.get("next_poll"))) is not None:
                next_poll.add_metric([name], ts)
            stale.add_metric([name], 1.0 if st.get("stale") else 0.0)
            gone.add_metric([name], 1.0 if st.get("gone") else 0.0)
        yield from (polls, items, latency, errors, last_ok, next_poll, stale, gone)
        yield from (connected, events, reconnects, last_event, lag)

    def _pipeline(self) -> Iterator[Metric]:
        pipeline = self.daemon.pipeline
        stats = pipeline.stats
        for key, (name, doc) in _PIPELINE.items():
            c = CounterMetricFamily(name, doc)
            c.add_metric([], float(stats.get(key, 0)))
            yield c
        created = CounterMetricFamily("claimwatch_stories_created", "Stories opened by a new post.")
        created.add_metric([], float(stats.get("tier_new", 0)))
        yield created
        merges = CounterMetricFamily(
            "claimwatch_story_merges",
            "Posts joined to an existing story, by the dedup tier that matched.",
            labels=["tier"],
        )
        for key, n in sorted(stats.items()):
            if key.startswith("tier_") and key != "tier_new":
                merges.add_metric([key.removeprefix("tier_")], float(n))
        yield merges
        open_ = GaugeMetricFamily("claimwatch_stories_open", "Stories open for reposts to join.")
        open_.add_metric([], float(len(pipeline.deduper)))
        yield open_

    def _outbox(self) -> Iterator[Metric]:
        rows = self.daemon.outbox.rows
        msgs = GaugeMetricFamily(
            "claimwatch_outbox_messages",
            "Outbox rows by notifier and status (pending, sending, sent, failed, dropped).",
            labels=["notifier", "status"],
        )
        for notifier, status, n in rows.counts():
            msgs.add_metric([notifier, status], float(n))
        yield msgs
        depth = GaugeMetricFamily("claimwatch_outbox_depth", "Messages waiting for delivery.")
        depth.add_metric([], float(rows.depth()))
        yield depth
        age = GaugeMetricFamily(
            "claimwatch_outbox_oldest_pending_age_seconds",
            "Age of the oldest undelivered message; 0 when the outbox is empty.",
        )
        oldest = rows.oldest_pending()
        age.add_metric([], max(0.0, time.time() - oldest) if oldest is not None else 0.0)
        yield age


def _poll_results(status: Mapping[str, Any]) -> dict[str, float]:
    """Poll counts by result from a poller's status: a `polls` mapping {result: count}."""
    polls = status.get("polls")
    if isinstance(polls, Mapping):
        return {str(k): float(v) for k, v in polls.items()}
    return {}


def build_registry(daemon: Daemon) -> CollectorRegistry:
    """A registry of its own per daemon, with process metrics (memory, fds) for long runs."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(DaemonCollector(daemon))
    ProcessCollector(registry=registry)
    PlatformCollector(registry=registry)
    return registry
