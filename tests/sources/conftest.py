"""A real local HTTP server for source tests, and a Fetcher and Store to go with it.

    async def test_x(feed_server, fetcher):
        feed_server.file("/feed.xml", "rss20.xml")
        resp = await fetcher.get(feed_server.url("/feed.xml"))

Routes can be added while the server runs; every request is recorded in `feed_server.requests`.
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from aiohttp import web

from monitor.config import HttpSettings, SourceConfig
from monitor.sources.http import Fetcher
from monitor.store import Store

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "feeds"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

CONTENT_TYPES = {
    ".xml": "application/rss+xml",
    ".json": "application/feed+json",
    ".html": "text/html; charset=utf-8",
}


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Handler] = {}
        self.requests: list[web.Request] = []
        self.host = "127.0.0.1"
        self.port = 0
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        # handler_cancellation: a client that gives up must stop our slow handlers, too.
        self._runner = web.AppRunner(app, handler_cancellation=True, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def url(self, path: str, host: str | None = None) -> str:
        return f"http://{host or self.host}:{self.port}{path}"

    def route(self, path: str, handler: Handler) -> str:
        self.routes[path] = handler
        return self.url(path)

    def serve(
        self,
        path: str,
        body: bytes | str,
        *,
        status: int = 200,
        content_type: str = "application/rss+xml",
        headers: dict[str, str] | None = None,
    ) -> str:
        data = body.encode() if isinstance(body, str) else body

        async def handler(request: web.Request) -> web.Response:
            return web.Response(
                body=data, status=status, headers={"Content-Type": content_type, **(headers or {})}
            )

        return self.route(path, handler)

    def file(self, path: str, name: str, **kw: object) -> str:
        kw.setdefault("content_type", CONTENT_TYPES.get(Path(name).suffix, "application/xml"))
        return self.serve(path, fixture_bytes(name), **kw)  # type: ignore[arg-type]

    def hits(self, path: str) -> list[web.Request]:
        return [r for r in self.requests if r.path == path]

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        self.requests.append(request)
        handler = self.routes.get(request.path)
        if handler is None:
            return web.Response(status=404, text="no such route")
        return await handler(request)


@pytest.fixture
async def feed_server() -> AsyncIterator[FeedServer]:
    server = FeedServer()
    await server.start()
    yield server
    await server.close()


@pytest.fixture
def dead_url() -> str:
    """A URL on a local port where nothing listens: connection refused."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/feed.xml"


def http_settings(**kw: object) -> HttpSettings:
    base: dict[str, object] = {
        "timeout": timedelta(seconds=2),
        "connect_timeout": timedelta(seconds=2),
    }
    return HttpSettings(**{**base, **kw})


@pytest.fixture
async def fetcher() -> AsyncIterator[Fetcher]:
    async with Fetcher(http_settings()) as f:
        yield f


@pytest.fixture
def store() -> Iterator[Store]:
    s = Store(":memory:")
    yield s
    s.close()


def rss_config(url: str, name: str = "test-feed", **kw: object) -> SourceConfig:
    return SourceConfig(kind="rss", url=url, name=name, **kw)  # type: ignore[arg-type]
