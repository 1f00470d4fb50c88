"""1,000 sources with every kind of trouble: one poll cycle finishes and no source is disabled."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

import pytest
from aiohttp import web

from monitor.testing import ThreadedApp

N = 1000
BEHAVIOURS = ["ok", "ok", "ok", "ok", "etag", "etag", "ratelimited", "error", "timeout", "ok"]


def behaviour(i: int) -> str:
    return BEHAVIOURS[i % len(BEHAVIOURS)]


def feed(i: int) -> bytes:
    now = format_datetime(datetime.now(UTC))
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>feed {i}</title>'
        f"<link>https://f{i}.example/</link><description>d</description><item>"
        f"<title>Local council approves budget item {i}</title><guid>f{i}-1</guid>"
        f"<link>https://f{i}.example/1</link><pubDate>{now}</pubDate></item>"
        "</channel></rss>"
    ).encode()


async def handle(request: web.Request) -> web.StreamResponse:
    i = int(request.match_info["i"])
    kind = behaviour(i)
    if kind == "ratelimited":
        return web.Response(status=429, headers={"Retry-After": "120"}, text="slow down")
    if kind == "error":
        return web.Response(status=500, text="boom")
    if kind == "timeout":
        await asyncio.sleep(30)
    if kind == "etag" and request.headers.get("If-None-Match") == f'"v{i}"':
        return web.Response(status=304)
    return web.Response(
        body=feed(i), content_type="application/rss+xml", headers={"ETag": f'"v{i}"'}
    )


@pytest.fixture
def farm() -> Iterator[str]:
    app = web.Application()
    app.router.add_get("/f/{i}", handle)
    with ThreadedApp(app, name="feed-farm") as server:
        yield server.url


def claimwatch(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "monitor", *args], capture_output=True, text=True, timeout=180
    )


def test_thousand_sources_one_cycle_none_disabled(farm: str, tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    sources = "".join(f'[[sources]]\nname = "s{i}"\nurl = "{farm}/f/{i}"\n\n' for i in range(N))
    cfg.write_text(f"""
[monitor]
state = "{tmp_path / "state.db"}"
[http]
timeout = "1s"
per_host = 64
max_concurrency = 256
{sources}
[[topics]]
name = "t"
query = "militia*"
""")
    for _ in range(2):  # the second cycle exercises 304s and unchanged bodies
        run = claimwatch("once", "--config", str(cfg))
        assert run.returncode == 0, run.stderr[-2000:]
    failures = [ln for ln in run.stderr.splitlines() if " s" in ln and "WARNING" in ln]
    assert len(failures) == N * 3 // 10  # one line per failing source, no more
    assert "Traceback" not in run.stderr

    listed = claimwatch("sources", "--json", "--config", str(cfg))
    rows = {r["name"]: r for r in map(json.loads, listed.stdout.splitlines())}
    assert len(rows) == N
    now = datetime.now(UTC)
    for i in range(N):
        r, kind = rows[f"s{i}"], behaviour(i)
        assert r["enabled"] and not r["gone"], r
        assert r["next_poll"], r  # every source is scheduled again: none is disabled
        next_poll = datetime.fromisoformat(r["next_poll"])
        if kind in ("ok", "etag"):
            assert r["last_success"] and r["consecutive_errors"] == 0, r
        else:
            assert r["consecutive_errors"] == 2 and r["last_error"], r
        if kind == "ratelimited":
            assert (next_poll - now).total_seconds() > 100, r  # Retry-After: 120 honoured
            assert "429" in r["last_error"]
        if kind == "error":
            assert "500" in r["last_error"]
        if kind == "timeout":
            assert "timed out" in r["last_error"] or "timeout" in r["last_error"].lower(), r

    text = claimwatch("sources", "--config", str(cfg)).stdout
    assert "s7  [rss]  FAILING x2" in text and "s0  [rss]  ok" in text
