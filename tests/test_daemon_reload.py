"""Daemon.reload() in process: a source keeps one name, the config's, through a reload."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from monitor.config import load_settings
from monitor.daemon import Daemon
from tests.configs import write_config


async def test_reload_keeps_a_source_whose_name_is_left_empty(tmp_path: Path) -> None:
    # `name = ""` used to name the running source "rss" (its kind) while reload() looked it up
    # as "": every SIGHUP removed the source, then failed with KeyError half way through.
    cfg = write_config(tmp_path, '[[sources]]\nname = ""\nurl = "https://desk.example/feed.xml"\n')
    daemon = Daemon(load_settings(cfg), cfg)
    daemon.scheduler = AsyncIOScheduler(timezone=UTC)  # as run() sets it; never started: no polls
    try:
        assert await daemon.reload()
        # named as if no name were given, by the config and the running source alike
        assert daemon.settings.sources[0].name == "desk.example/feed.xml"
        assert list(daemon.pollers) == ["desk.example/feed.xml"]
    finally:
        await daemon.outbox.aclose()
        daemon.store.close()
