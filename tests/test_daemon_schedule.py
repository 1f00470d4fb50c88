"""Daemon scheduling in process: a poll that outlasts its interval is one problem, one line."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest
from aiohttp import web

from monitor.config import load_settings
from monitor.daemon import Daemon
from tests.configs import write_config
from tests.sources.conftest import FeedServer


class _Seen(logging.Handler):
    """Sets an event when a record whose message contains `text` is logged."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self.event = asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        if self.text in record.getMessage():
            self.event.set()


async def test_hanging_source_is_one_line_not_also_a_scheduler_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    server = FeedServer()
    await server.start()
    never = asyncio.Event()
    polled_again = asyncio.Event()
    polls = 0

    async def hang(request: web.Request) -> web.Response:
        nonlocal polls
        polls += 1
        if polls == 2:
            polled_again.set()
        await never.wait()  # accepts, never answers
        return web.Response()

    url = server.route("/feed.xml", hang)
    # The interval (1s) is far shorter than the read timeout (3s): the scheduler ticks twice
    # while the one poll hangs.
    cfg = write_config(
        tmp_path,
        f"""
[http]
timeout = "5s"
connect_timeout = "3s"

[[sources]]
name = "hanging"
url = "{url}"
interval = "1s"
""",
    )
    daemon = Daemon(load_settings(cfg), cfg)
    timed_out = _Seen("source hanging: timed out")
    logging.getLogger().addHandler(timed_out)
    caplog.set_level(logging.WARNING)
    run = asyncio.create_task(daemon.run())
    try:
        await asyncio.wait_for(timed_out.event.wait(), timeout=20)
        lines = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
        # ...and the source, paused while its poll ran, is polled again after it (backoff: 2s).
        await asyncio.wait_for(polled_again.wait(), timeout=20)
    finally:
        daemon.stop_event.set()
        await asyncio.wait_for(run, timeout=10)
        logging.getLogger().removeHandler(timed_out)
        await server.close()
    assert lines == ["source hanging: timed out: no data from the server for 3s"]
