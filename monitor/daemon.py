"""Wiring: sources -> pipeline -> outbox, on an APScheduler clock, until SIGTERM/SIGINT."""

from __future__ import annotations

import asyncio
import logging
import random
import signal
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from monitor.config import ConfigError, Settings, SourceConfig, load_settings
from monitor.models import Alert, Post, utcnow
from monitor.notify import Outbox
from monitor.pipeline.process import Pipeline
from monitor.server import start_server
from monitor.sources import StreamSource, build_source, poll_interval
from monitor.sources.http import Fetcher
from monitor.sources.poller import Poller
from monitor.store import Store

log = logging.getLogger("monitor.daemon")


class Daemon:
    """One process: a shared fetcher, one poller per source, one pipeline, one outbox."""

    def __init__(self, settings: Settings, config_path: Path | None = None) -> None:
        self.settings = settings
        self.config_path = config_path
        self.store = Store(settings.monitor.state)
        self.pipeline = Pipeline(settings, self.store)
        self.outbox = Outbox(self.store, settings.notifiers)
        self.fetcher = Fetcher(settings.http)
        self.pollers: dict[str, Poller] = {}
        self.streams: dict[str, StreamSource] = {}  # push sources: a task each, no schedule
        self._stream_tasks: dict[str, asyncio.Task[None]] = {}
        self.scheduler: AsyncIOScheduler | None = None
        self.stop_event = asyncio.Event()
        self.started = utcnow()
        self._lock = asyncio.Lock()  # one batch at a time through the pipeline and its transaction
        self._tasks: list[asyncio.Task[Any]] = []
        for cfg in settings.sources:
            if cfg.enabled:
                self._add_source(cfg)

    # -- sources -------------------------------------------------------------------------------
    def _add_source(self, cfg: SourceConfig) -> None:
        source = build_source(
            cfg, self.fetcher, self.store, default_interval=self.settings.monitor.interval
        )
        if isinstance(source, StreamSource):
            source.on_health = self.health_alert  # failing/recovered reach ops, as for pollers
            self.streams[source.name] = source
            return
        backoff_max = self.settings.http.backoff_max
        poller = Poller(source, self.store, backoff_max=backoff_max, on_health=self.health_alert)
        self.pollers[source.name] = poller

    def _start_source(self, name: str, delay: float) -> None:
        """Schedule a poller, or start a stream's task; only once the daemon runs."""
        if self.scheduler is None:
            return
        if name in self.streams:
            emit = self._emit
            task = asyncio.create_task(self.streams[name].stream(emit, self.stop_event), name=name)
            self._stream_tasks[name] = task
            return
        self.scheduler.add_job(
            self.poll_one,
            "interval",
            args=[name],
            id=name,
            name=f"poll {name}",
            seconds=poll_interval(self.pollers[name].source).total_seconds(),
            max_instances=1,
            coalesce=True,
            misfire_grace_time=None,
            replace_existing=True,
            next_run_time=datetime.now(UTC) + timedelta(seconds=delay),
        )

    def _remove_source(self, name: str) -> None:
        self.pollers.pop(name, None)
        self.streams.pop(name, None)
        if (task := self._stream_tasks.pop(name, None)) is not None:
            task.cancel()
        if self.scheduler is not None and self.scheduler.get_job(name):
            self.scheduler.remove_job(name)

    def source_statuses(self) -> list[dict[str, Any]]:
        """Every source's health, polled and streaming alike, by name: for the page and metrics."""
        statuses = [p.status() for p in self.pollers.values()]
        statuses += [s.status() for s in self.streams.values()]
        return sorted(statuses, key=lambda st: st["name"])

    def _configured(self) -> dict[str, SourceConfig]:
        running = [p.source for p in self.pollers.values()] + list(self.streams.values())
        return {src.name: src.config for src in running}

    async def _emit(self, posts: list[Post]) -> None:
        await self.ingest(posts)

    async def reload(self) -> bool:
        """SIGHUP: apply a new config without a restart; a broken one is refused whole."""
        try:
            new = load_settings(self.config_path)
        except ConfigError as e:
            log.error("reload refused, the running config stays in force: %s", e)
            return False
        async with self._lock:
            old = self._configured()
            wanted = {c.name: c for c in new.sources if c.enabled}
            removed = old.keys() - wanted.keys()
            changed = [n for n, c in wanted.items() if n not in old or old[n] != c]
            self.settings = new
            for name in [*removed, *changed]:
                self._remove_source(name)
            for name in changed:
                self._add_source(wanted[name])
                self._start_source(name, random.uniform(0, 2))
            self.pipeline.configure(new)
            self.outbox.configure(new.notifiers)
        log.info(
            "config reloaded: %d sources (%d added or changed, %d removed), %d topics, "
            "%d notifiers",
            len(wanted),
            len(changed),
            len(removed),
            len(new.topics),
            len(new.notifiers),
        )
        return True

    def health_alert(self, source: str, message: str) -> None:
        log.warning("%s", message, extra={"source": source})
        self.outbox.submit(Alert.ops(message, source=source))

    # -- the pipeline step shared by `run` and `once` ------------------------------------------
    async def ingest(self, posts: list[Post]) -> list[Alert]:
        if not posts:
            return []
        async with self._lock:
            with self.store.transaction():
                alerts = self.pipeline.process(posts)
                for alert in alerts:
                    self.outbox.submit(alert)
        return alerts

    async def poll_one(self, name: str) -> None:
        poller = self.pollers[name]
        if self.scheduler is not None and (job := self.scheduler.get_job(name)) is not None:
            # Paused while it runs, resumed below: a poll that outlasts the interval (a hanging
            # server) is the poller's one line, not also apscheduler's "skipped: maximum number
            # of running instances reached" at every tick.
            job.pause()
        posts = await poller.poll()  # never raises, but CancelledError at shutdown
        try:
            await self.ingest(posts)
        except Exception:
            log.exception(
                "pipeline failed on a batch of %d posts", len(posts), extra={"source": name}
            )
        if self.scheduler is not None:
            # backoff and Retry-After decide, but never poll faster than a bridge refreshes
            delay = max(poller.next_delay(), poller.source.min_interval.total_seconds())
            job = self.scheduler.get_job(name)
            if job is not None:
                job.modify(next_run_time=datetime.now(UTC) + timedelta(seconds=delay))

    # -- `once` --------------------------------------------------------------------------------
    async def once(self, drain_timeout: float = 60.0) -> list[Alert]:
        """Poll every source once, process all posts together in published order, drain."""
        async with self.fetcher:
            results = await asyncio.gather(*(p.poll() for p in self.pollers.values()))
        posts = [post for batch in results for post in batch]
        alerts = await self.ingest(posts)
        if not await self.outbox.drain(drain_timeout):
            log.warning(
                "outbox not empty after %.0fs; pending alerts stay queued for the next run",
                drain_timeout,
            )
        await self.outbox.aclose()
        return alerts

    # -- `run` ---------------------------------------------------------------------------------
    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self.stop_event.set)
        loop.add_signal_handler(signal.SIGHUP, lambda: self._spawn(self.reload()))
        async with self.fetcher:
            self.scheduler = AsyncIOScheduler(timezone=UTC)
            spread = min(10.0, max(1.0, len(self.pollers) / 50))  # don't start 1,000 polls at once
            for name in [*self.pollers, *self.streams]:
                self._start_source(name, random.uniform(0, spread))
            self.scheduler.add_job(
                self.prune,
                "interval",
                minutes=10,
                id="prune",
                next_run_time=datetime.now(UTC) + timedelta(seconds=30),
            )
            self.scheduler.start()
            server = await start_server(self) if self.settings.server.enabled else None
            outbox = asyncio.create_task(self.outbox.run(self.stop_event), name="outbox")
            log.info(
                "claimwatch running: %d sources, %d topics, %d notifiers, state %s",
                len(self.pollers) + len(self.streams),
                len(self.settings.topics),
                len(self.settings.notifiers),
                self.settings.monitor.state,
            )
            await self.stop_event.wait()
            log.info("shutting down")
            self.scheduler.shutdown(wait=False)
            if server is not None:
                await server.cleanup()
            streams = list(self._stream_tasks.values())
            for task in [*self._tasks, *streams]:
                task.cancel()
            # the outbox finishes the send in flight; what is still pending stays in the store
            await asyncio.wait([outbox, *self._tasks, *streams], timeout=1.5)  # Docker stop: < 2 s
        await self.outbox.aclose()
        self.store.close()
        log.info("stopped")

    def _spawn(self, coro: Any) -> None:
        task = asyncio.create_task(coro)
        self._tasks.append(task)
        task.add_done_callback(self._tasks.remove)

    async def prune(self) -> None:
        now = utcnow()
        cutoff = now - self.pipeline.window
        keep = now - max(self.pipeline.window * 2, timedelta(days=7))
        n_stories, n_seen = self.store.prune(cutoff, keep)
        n_index = self.pipeline.deduper.prune(cutoff)
        # Outbox history: routing reads what a notifier heard of an open story from sent rows,
        # so they outlive the dedup window twice over.
        n_outbox = self.outbox.rows.prune(keep)
        if n_stories or n_seen or n_index or n_outbox:
            log.info(
                "pruned %d closed stories, %d seen keys, %d index entries, %d outbox rows",
                n_stories,
                n_seen,
                n_index,
                n_outbox,
            )
