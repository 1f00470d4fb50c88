"""The status page as a person sees it: rendered by headless Chromium (Debian's `chromium`)."""

from __future__ import annotations

import asyncio
import html
from pathlib import Path

import pytest

from tests import test_server as world
from tests.test_server import HOSTILE, Served, hostile_post

# The same daemon, feed server and store as tests/test_server.py (pytest finds fixtures by name).
feeds = world.feeds
served = world.served

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's chromium (apt-get install chromium)"
)


async def chromium(url: str, profile: Path, *args: str) -> str:
    """Run headless Chromium on `url` with a throwaway profile; return its stdout."""
    proc = await asyncio.create_subprocess_exec(
        str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-dev-shm-usage", f"--user-data-dir={profile}", *args, url,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(proc.communicate(), 90)  # the loop keeps serving meanwhile
    assert proc.returncode == 0, err.decode(errors="replace")[-2000:]
    return out.decode()


async def _page_url(served: Served) -> str:
    await served.daemon.poll_one("desk")
    await served.daemon.poll_one("broken")
    await served.daemon.ingest([hostile_post()])
    return served.base + "/"


async def test_chromium_renders_sources_and_stories(served: Served, tmp_path: Path) -> None:
    url = await _page_url(served)
    dom = await chromium(url, tmp_path / "profile", "--dump-dom")

    assert '<table id="sources-table">' in dom
    assert "<td>desk</td>" in dom and "<td>broken</td>" in dom
    assert "Iran-backed militias are preparing to attack US bases in Iraq" in dom
    assert 'href="https://desk.example/items/1"' in dom
    # The hostile claim is text in the DOM, never an element: no script ran or was parsed.
    assert html.escape(HOSTILE, quote=False) in dom
    assert "<script" not in dom.lower()
    assert "<img" not in dom.lower()


async def test_chromium_screenshot(served: Served, tmp_path: Path) -> None:
    url = await _page_url(served)
    shot = tmp_path / "status.png"
    await chromium(url, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1280,900")
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000  # a page, not a blank
