"""A local HTTP server that serves feed files, on its own thread so subprocesses can reach it."""

from __future__ import annotations

import re
import threading
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

from aiohttp import web

from monitor.testing import ThreadedApp, free_port

FIXTURES = Path(__file__).parent.parent / "fixtures"
_TIME = re.compile(r"\{(rfc822|iso):(\d+)\}")
_TYPES = {
    ".xml": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".rdf": "application/rdf+xml",
    ".json": "application/feed+json",
}


def render_times(text: str, now: datetime) -> str:
    """Replace {rfc822:N} / {iso:N} with the time N minutes before now."""

    def sub(m: re.Match[str]) -> str:
        t = now - timedelta(minutes=int(m.group(2)))
        return format_datetime(t) if m.group(1) == "rfc822" else t.isoformat()

    return _TIME.sub(sub, text)


class FeedServer:
    def __init__(self) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.files: dict[str, tuple[bytes, str]] = {}
        self.hits: dict[str, int] = {}
        self._hit = threading.Condition()
        self._server: ThreadedApp | None = None

    def serve_fixture(self, path: Path, now: datetime | None = None) -> str:
        body = render_times(path.read_text(encoding="utf-8"), now or datetime.now(UTC))
        return self.serve(path.name, body.encode(), _TYPES.get(path.suffix, "application/xml"))

    def serve(self, name: str, body: bytes, content_type: str) -> str:
        self.files["/" + name] = (body, content_type)
        return f"{self.base}/{name}"

    def wait_hits(self, name: str, n: int, timeout: float = 20.0) -> int:
        """Block until /name has been fetched n times in all; returns the count."""
        path = "/" + name
        with self._hit:
            if not self._hit.wait_for(lambda: self.hits.get(path, 0) >= n, timeout):
                raise TimeoutError(f"{path}: {self.hits.get(path, 0)} hits, expected {n}")
            return self.hits[path]

    async def _handle(self, request: web.Request) -> web.Response:
        with self._hit:
            self.hits[request.path] = self.hits.get(request.path, 0) + 1
            self._hit.notify_all()
        if request.path not in self.files:
            return web.Response(status=404, text="no such feed")
        body, ctype = self.files[request.path]
        return web.Response(body=body, content_type=ctype, charset="utf-8")

    def start(self) -> FeedServer:
        app = web.Application()
        app.router.add_get("/{tail:.*}", self._handle)
        self._server = ThreadedApp(app, self.port, name="feed-server").start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()

    def __enter__(self) -> FeedServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
