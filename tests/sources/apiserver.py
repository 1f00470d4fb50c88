"""Helpers for account-source tests: fixtures of each service's real answers, a Jetstream server.

HTTP services are served by conftest's `feed_server` (a real aiohttp server); these helpers add the
per-service behaviour on top (pagination by cursor, since_id, after, before). The Jetstream
server is a real aiohttp WebSocket endpoint that replays from a `cursor` the way Jetstream does.
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any, TypeVar

from aiohttp import WSMsgType, web

from monitor.config import SourceConfig
from monitor.sources.base import Source
from monitor.sources.http import Fetcher
from monitor.store import Store

S = TypeVar("S", bound=Source)
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def fixture_text(kind: str, name: str) -> str:
    return (FIXTURES / kind / name).read_text(encoding="utf-8")


def fixture_json(kind: str, name: str) -> Any:
    return json.loads(fixture_text(kind, name))


def json_response(
    doc: Any, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    return web.Response(
        body=json.dumps(doc).encode(),
        status=status,
        headers={"Content-Type": "application/json; charset=utf-8", **(headers or {})},
    )


def make_source(cls: type[S], fetcher: Fetcher, store: Store, **config: Any) -> S:
    config.setdefault("name", f"test-{cls.kind}")
    return cls(SourceConfig(kind=cls.kind, **config), fetcher, store)


class JetstreamServer:
    """A local Jetstream: `/subscribe` replays stored events from `cursor` (all of them without
    one), then sends events pushed live. `drop_after` cuts the TCP connection of the first
    connection after that many events, with no close frame, as a network failure would."""

    def __init__(
        self,
        events: list[dict[str, Any]],
        drop_after: int | None = None,
        honour_dids: bool = True,
        refuse: bool = False,
        preamble: tuple[str, ...] = (),
    ) -> None:
        self.events = list(events)
        self.drop_after = drop_after
        self.honour_dids = honour_dids  # False: a proxy or replay that ignores wantedDids
        self.refuse = refuse  # answer the upgrade with 503, as an overloaded instance does
        self.preamble = preamble  # raw messages sent before the events
        self.connections: list[dict[str, list[str]]] = []  # query of each connection
        self._transports: list[asyncio.BaseTransport] = []  # of the open WebSocket connections
        self._live: list[asyncio.Queue[dict[str, Any]]] = []
        self._runner: web.AppRunner | None = None
        self._changed = asyncio.Condition()
        self.url = ""

    async def start(self) -> JetstreamServer:
        app = web.Application()
        app.router.add_get("/subscribe", self._subscribe)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"ws://127.0.0.1:{port}"
        return self

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def push(self, event: dict[str, Any]) -> None:
        self.events.append(event)
        for queue in self._live:
            await queue.put(event)

    def drop(self) -> None:
        """Cut every open connection (no close frame, as a network failure) and from now on
        refuse new ones (HTTP 503), as an instance going down does."""
        self.refuse = True
        for transport in self._transports:
            transport.close()

    async def wait_connections(self, n: int, timeout: float = 10) -> None:
        async with asyncio.timeout(timeout), self._changed:
            await self._changed.wait_for(lambda: len(self.connections) >= n)

    async def _subscribe(self, request: web.Request) -> web.StreamResponse:
        query = {k: request.query.getall(k) for k in request.query}
        if self.refuse:
            async with self._changed:
                self.connections.append(query)
                self._changed.notify_all()
            return web.Response(status=503, text="over capacity")
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        number = len(self.connections)
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._live.append(queue)
        transport = request.transport
        assert transport is not None
        self._transports.append(transport)
        async with self._changed:
            self.connections.append(query)
            self._changed.notify_all()
        cursor = int(query["cursor"][0]) if "cursor" in query else None

        def wanted(event: dict[str, Any]) -> bool:
            # As Jetstream: commits of wantedCollections only (identity and account events
            # always), of wantedDids only.
            collections = query.get("wantedCollections")
            collection = (event.get("commit") or {}).get("collection")
            if event["kind"] == "commit" and collections and collection not in collections:
                return False
            dids = query.get("wantedDids")
            return not (self.honour_dids and dids and event["did"] not in dids)

        sent = 0
        try:
            for raw in self.preamble:
                await ws.send_str(raw)
            for event in [
                e for e in self.events if (cursor is None or e["time_us"] >= cursor) and wanted(e)
            ]:
                if number == 0 and self.drop_after is not None and sent == self.drop_after:
                    request.transport.close()  # type: ignore[union-attr]
                    return ws
                await ws.send_str(json.dumps(event))
                sent += 1
            reader = asyncio.ensure_future(ws.receive())
            while True:
                getter = asyncio.ensure_future(queue.get())
                done, _ = await asyncio.wait({reader, getter}, return_when=asyncio.FIRST_COMPLETED)
                if reader in done:  # the client closed
                    getter.cancel()
                    msg = reader.result()
                    if msg.type in (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED):
                        return ws
                    reader = asyncio.ensure_future(ws.receive())
                    continue
                if wanted(event := getter.result()):
                    await ws.send_str(json.dumps(event))
        finally:
            self._live.remove(queue)
            self._transports.remove(transport)


def jetstream_events() -> list[dict[str, Any]]:
    """The fixture's events with time_us moved so that the last one is now, spacing kept."""
    events = [
        json.loads(line)
        for line in fixture_text("jetstream", "events.jsonl").splitlines()
        if line.strip()
    ]
    shift = int(time.time() * 1_000_000) - events[-1]["time_us"]
    for event in events:
        event["time_us"] += shift
    return events


PROFILES_PATH = "/xrpc/app.bsky.actor.getProfiles"


class GetProfiles:
    """A local AppView's `app.bsky.actor.getProfiles` (route it on `feed_server`), answering from
    tests/fixtures/bluesky/profiles.json (plus `extra` DID -> handle) as the AppView does: the
    profiles of the actors asked for, unknown actors left out, more than 25 refused with 400.
    `status` other than 200 answers an XRPC error with it; `hang` never answers."""

    def __init__(
        self, status: int = 200, hang: bool = False, extra: dict[str, str] | None = None
    ) -> None:
        doc = fixture_json("bluesky", "profiles.json")
        self.profiles: dict[str, dict[str, Any]] = {p["did"]: p for p in doc["profiles"]}
        for did, handle in (extra or {}).items():
            self.profiles[did] = {"did": did, "handle": handle, "labels": []}
        self.status = status
        self.hang = hang
        self.asked: list[list[str]] = []  # the actors of each request, in order

    async def __call__(self, request: web.Request) -> web.Response:
        actors = request.query.getall("actors", [])
        self.asked.append(actors)
        if self.hang:
            await asyncio.Event().wait()  # until the client gives up (handler cancellation)
        if self.status != 200:
            error = {"error": "InternalServerError", "message": "Internal Server Error"}
            return json_response(error, status=self.status)
        if len(actors) > 25:
            error = {"error": "InvalidRequest", "message": "actors must not have more than 25"}
            return json_response(error, status=400)
        return json_response({"profiles": [self.profiles[a] for a in actors if a in self.profiles]})
