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
from monitor.sources import build_source
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
        self.scheduler: AsyncIOScheduler | None = None
        self.stop_event = asyncio.Event()
        self.wake = asyncio.Event()
        self.started = utcnow()
        self._lock = asyncio.Lock()  # one batch at a time through the pipeline and its transaction
        self._tasks: list[asyncio.Task[Any]] = []
        for cfg in settings.sources:
            if cfg.enabled:
                self._add_poller(cfg)

    def _add_poller(self, cfg: SourceConfig) -> Poller:
        source = build_source(
            cfg, self.fetcher, self.store, default_interval=self.settings.monitor.interval
        )
        backoff_max = self.settings.http.backoff_max
        poller = Poller(source, self.store, backoff_max=backoff_max, on_health=self.health_alert)
        self.pollers[source.name] = poller
        return poller

    def _schedule(self, name: str, delay: float = 0.0) -> None:
        assert self.scheduler is not None
        poller = self.pollers[name]
        self.scheduler.add_job(
            self.poll_one,
            "interval",
            args=[name],
            id=name,
            name=f"poll {name}",
            seconds=poller.source.interval.total_seconds(),
            max_instances=1,
            coalesce=True,
            misfire_grace_time=None,
            replace_existing=True,
            next_run_time=datetime.now(UTC) + timedelta(seconds=delay),
        )

    async def reload(self) -> bool:
        """SIGHUP: apply a new config without a restart; a broken one is refused whole."""
        try:
            new = load_settings(self.config_path)
        except ConfigError as e:
            log.error("reload refused, the running config stays in force: %s", e)
            return False
        async with self._lock:
            old = {n: p.source.config for n, p in self.pollers.items()}
            wanted = {c.name: c for c in new.sources if c.enabled}
            for name in old.keys() - wanted.keys():
                self.pollers.pop(name)
                if self.scheduler and self.scheduler.get_job(name):
                    self.scheduler.remove_job(name)
            changed = [n for n, c in wanted.items() if n not in old or old[n] != c]
            self.settings = new
            for name in changed:
                self._add_poller(wanted[name])
                if self.scheduler is not None:
                    self._schedule(name, random.uniform(0, 2))
            self.pipeline.configure(new)
            self.outbox.configure(new.notifiers)
        log.info(
            "config reloaded: %d sources (%d added or changed, %d removed), %d topics, "
            "%d notifiers",
            len(self.pollers),
            len(changed),
            len(old.keys() - wanted.keys()),
            len(new.topics),
            len(new.notifiers),
        )
        return True

    def health_alert(self, source: str, message: str) -> None:
        log.warning("%s", message, extra={"source": source})
        alert = Alert(
            kind="ops",
            story_id=None,
            topic=None,
            marker=None,
            claim=message,
            url=None,
            author=None,
            source=source,
            published=utcnow(),
        )
        self.outbox.submit(alert)

    # -- the pipeline step shared by `run` and `once` ------------------------------------------
    async def ingest(self, posts: list[Post]) -> list[Alert]:
        if not posts:
            return []
        async with self._lock:
            with self.store.transaction():
                alerts = self.pipeline.process(posts)
                for alert in alerts:
                    self.outbox.submit(alert)
        self.wake.set()
        return alerts

    async def poll_one(self, name: str) -> None:
        poller = self.pollers[name]
        posts = await poller.poll()
        try:
            await self.ingest(posts)
        except Exception:
            log.exception(
                "pipeline failed on a batch of %d posts", len(posts), extra={"source": name}
            )
        if self.scheduler is not None:
            delay = poller.next_delay()
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
            for name in self.pollers:
                self._schedule(name, random.uniform(0, spread))
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
                len(self.pollers),
                len(self.settings.topics),
                len(self.settings.notifiers),
                self.settings.monitor.state,
            )
            await self.stop_event.wait()
            log.info("shutting down")
            self.scheduler.shutdown(wait=False)
            if server is not None:
                await server.cleanup()
            for task in list(self._tasks):
                task.cancel()
            # the outbox finishes the send in flight; what is still pending stays in the store
            await asyncio.wait([outbox, *self._tasks], timeout=1.5)  # Docker stop: < 2 s
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
        n_stories, n_seen = self.store.prune(
            cutoff, now - max(self.pipeline.window * 2, timedelta(days=7))
        )
        n_index = self.pipeline.deduper.prune(cutoff)
        if n_stories or n_seen or n_index:
            log.info(
                "pruned %d closed stories, %d seen keys, %d index entries",
                n_stories,
                n_seen,
                n_index,
            )
