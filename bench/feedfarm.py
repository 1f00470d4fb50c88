"""A local feed farm in its own process, shared by the poll, peer and latency benches.

`FeedFarm(n)` serves n RSS 2.0 feeds of `items` items (about 10 KB each) at
`http://127.0.0.{1..hosts}:PORT/f/<i>`, so a client sees several hosts as it would in production.
Every feed has one of three behaviours, by index (i % 20):

* 0, 10 -> "changed" (10%): every request gets a new body with one new item and a new ETag.
* 1..9  -> "etag" (45%): a fixed body with ETag and Last-Modified; a matching conditional GET
  gets 304.
* 11..19 -> "static" (45%): the same body every time, no validators (the client must notice by
  itself that nothing changed).

Control endpoints (for the latency bench): POST /_publish {"feed", "text"} adds an item to a feed
at once and answers the server's clock; GET /subscribe is a Jetstream-like WebSocket and POST
/_stream {"did", "rkey", "text"} pushes one post-creation event to every subscriber. GET /_stats
and POST /_reset count the answers by kind and report the server process's CPU time.

The server runs in a separate process (`python -m bench.feedfarm`, so its CPU does not count
against the client being measured) and stops when the parent says so, when the parent dies (EOF
on its stdin) or after `lifetime` seconds, whichever comes first.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import resource
import select
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from email.utils import formatdate
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from aiohttp import WSMsgType, web

MODES = ("changed", "etag", "static")
_WORDS = [
    "council",
    "market",
    "harbour",
    "rail",
    "budget",
    "festival",
    "river",
    "museum",
    "bridge",
    "school",
    "library",
    "weather",
    "league",
    "startup",
    "farmers",
    "energy",
    "transit",
    "housing",
    "hospital",
    "airport",
    "election",
    "tourism",
    "garden",
    "orchestra",
    "bakery",
    "stadium",
    "factory",
    "coast",
    "valley",
    "research",
    "vaccine",
    "satellite",
    "robot",
]
# Peers and claimwatch use the same loopback addresses; a proxy from the environment must not.
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def mode(i: int) -> str:
    k = i % 20
    return "changed" if k in (0, 10) else "etag" if k < 10 else "static"


def _filler(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(words))


def _item(feed: int, key: str, title: str, text: str, ts: float) -> str:
    return (
        f"<item><title>{escape(title)}</title>"
        f"<link>http://news{feed}.example/a/{key}</link>"
        f'<guid isPermaLink="false">f{feed}-{key}</guid>'
        f"<pubDate>{formatdate(ts, usegmt=True)}</pubDate>"
        f"<description>{escape(text)}</description></item>"
    )


class _Farm:
    """The server side; lives in the child process."""

    def __init__(self, n: int, items: int) -> None:
        self.n, self.items = n, items
        self.t0 = time.time()
        self.gen = [0] * n  # "changed" feeds: requests served so far
        self.version = [0] * n  # bumped by /_publish
        self.published: dict[int, list[str]] = {}  # feed -> rendered items, newest first
        self.modified = [formatdate(self.t0 - 3600, usegmt=True)] * n
        self.cache: dict[int, bytes] = {}
        self.stats: Counter[str] = Counter()
        self.sockets: set[web.WebSocketResponse] = set()

    def _base_item(self, feed: int, key: int, ts: float) -> str:
        rng = random.Random(feed * 1_000_003 + key)
        return _item(feed, str(key), _filler(rng, 8).capitalize(), _filler(rng, 40) + ".", ts)

    def _body(self, feed: int, newest: int, ts_of: Any) -> bytes:
        keys = range(newest, max(newest - self.items, -1), -1)
        items = [*self.published.get(feed, ()), *(self._base_item(feed, k, ts_of(k)) for k in keys)]
        return (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Bench feed {feed}</title><link>http://news{feed}.example/</link>"
            f"<description>feed {feed} of the bench farm</description>"
            + "".join(items[: self.items])
            + "</channel></rss>"
        ).encode()

    def feed(self, request: web.Request) -> web.Response:
        try:
            i = int(request.match_info["i"])
        except ValueError:
            raise web.HTTPNotFound() from None
        if not 0 <= i < self.n:
            raise web.HTTPNotFound()
        m = mode(i)
        headers = {"Content-Type": "application/rss+xml; charset=utf-8"}
        if m == "changed":
            self.gen[i] += 1
            g = self.gen[i] + self.items
            body = self._body(i, g, lambda k: self.t0 + k)
            headers["ETag"] = f'"{i}-g{self.gen[i]}-v{self.version[i]}"'
            self.stats["200 changed"] += 1
        else:
            body = self.cache.get(i) or self.cache.setdefault(
                i, self._body(i, self.items - 1, lambda k: self.t0 - 60 * (self.items - k))
            )
            if m == "etag":
                etag = f'"{i}-v{self.version[i]}"'
                headers |= {"ETag": etag, "Last-Modified": self.modified[i]}
                inm = request.headers.get("If-None-Match")
                ims = request.headers.get("If-Modified-Since")
                if inm == etag or (inm is None and ims == self.modified[i]):
                    self.stats["304"] += 1
                    return web.Response(status=304, headers={"ETag": etag})
                self.stats["200 etag"] += 1
            else:
                self.stats["200 static"] += 1
        self.stats["bytes"] += len(body)
        return web.Response(body=body, headers=headers)

    async def publish(self, request: web.Request) -> web.Response:
        d = await request.json()
        i, text = int(d["feed"]), str(d["text"])
        now = time.time()
        key = f"pub{sum(map(len, self.published.values()))}"
        self.published.setdefault(i, []).insert(0, _item(i, key, text, text, now))
        self.version[i] += 1
        self.modified[i] = formatdate(now, usegmt=True)
        self.cache.pop(i, None)
        return web.json_response({"t": now})

    async def subscribe(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(heartbeat=30)
        await ws.prepare(request)
        self.sockets.add(ws)
        try:
            async for msg in ws:  # nothing is expected from the client; wait for it to leave
                if msg.type == WSMsgType.ERROR:
                    break
        finally:
            self.sockets.discard(ws)
        return ws

    async def stream(self, request: web.Request) -> web.Response:
        d = await request.json()
        now = time.time()
        event = {
            "did": d["did"],
            "time_us": int(now * 1_000_000),
            "kind": "commit",
            "commit": {
                "rev": f"r{int(now * 1000)}",
                "operation": "create",
                "collection": "app.bsky.feed.post",
                "rkey": d["rkey"],
                "cid": f"bafy{d['rkey']}",
                "record": {
                    "$type": "app.bsky.feed.post",
                    "text": d["text"],
                    "createdAt": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(now)),
                },
            },
        }
        data = json.dumps(event)
        sent = 0
        for ws in list(self.sockets):
            if not ws.closed:
                await ws.send_str(data)
                sent += 1
        return web.json_response({"t": now, "clients": sent})

    async def get_stats(self, request: web.Request) -> web.Response:
        r = resource.getrusage(resource.RUSAGE_SELF)
        return web.json_response({**self.stats, "cpu": r.ru_utime + r.ru_stime})

    async def reset(self, request: web.Request) -> web.Response:
        self.stats.clear()
        return web.json_response({})

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/f/{i}", self.feed)
        app.router.add_post("/_publish", self.publish)
        app.router.add_post("/_stream", self.stream)
        app.router.add_get("/subscribe", self.subscribe)
        app.router.add_get("/_stats", self.get_stats)
        app.router.add_post("/_reset", self.reset)
        return app


async def _bind(runner: web.AppRunner, hosts: int) -> int:
    """One port on 127.0.0.1..127.0.0.<hosts>; another port if one of them is taken."""
    for _ in range(10):
        first = web.TCPSite(runner, "127.0.0.1", 0, backlog=1024)
        await first.start()
        port = first._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        try:
            for h in range(2, hosts + 1):
                await web.TCPSite(runner, f"127.0.0.{h}", port, backlog=1024).start()
            return port
        except OSError:
            for site in list(runner.sites):
                await site.stop()
    raise OSError("no free port on all loopback addresses")


def _serve(n: int, hosts: int, items: int, lifetime: float) -> None:
    async def main() -> None:
        farm = _Farm(n, items)
        runner = web.AppRunner(farm.app(), access_log=None)
        await runner.setup()
        port = await _bind(runner, hosts)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()

        def wait_parent() -> None:  # a line, or EOF when the parent dies, means stop
            sys.stdin.readline()
            loop.call_soon_threadsafe(stop.set)

        threading.Thread(target=wait_parent, daemon=True).start()
        print(port, flush=True)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), lifetime)
        for ws in list(farm.sockets):
            await ws.close()
        await runner.cleanup()

    asyncio.run(main())


class FeedFarm:
    """Parent-side handle: `with FeedFarm(1000) as farm: farm.urls ...`."""

    def __init__(self, n: int, hosts: int = 8, items: int = 20, lifetime: float = 900.0) -> None:
        self.n, self.hosts, self.items, self.lifetime = n, hosts, items, lifetime
        self.port = 0
        self._proc: subprocess.Popen[str] | None = None

    def start(self) -> FeedFarm:
        # A plain subprocess rather than multiprocessing: no re-import of the caller's __main__.
        root = str(Path(__file__).resolve().parent.parent)
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([root, os.environ.get("PYTHONPATH", "")]),
        }
        args = {
            "--n": self.n,
            "--hosts": self.hosts,
            "--items": self.items,
            "--lifetime": self.lifetime,
        }
        cmd = [sys.executable, "-m", "bench.feedfarm", *(str(x) for kv in args.items() for x in kv)]
        self._proc = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env, cwd=root
        )
        assert self._proc.stdout is not None
        ready, _, _ = select.select([self._proc.stdout], [], [], 30)
        line = self._proc.stdout.readline() if ready else ""
        if not line.strip().isdigit():
            self.stop()
            raise RuntimeError("feed farm did not start")
        self.port = int(line)
        return self

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        try:
            assert proc.stdin is not None
            proc.stdin.write("stop\n")
            proc.stdin.close()
        except OSError:
            pass
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        if proc.stdout is not None:
            proc.stdout.close()

    def __enter__(self) -> FeedFarm:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- addresses -----------------------------------------------------------------------------
    def url(self, i: int) -> str:
        return f"http://127.0.0.{1 + i % self.hosts}:{self.port}/f/{i}"

    @property
    def urls(self) -> list[str]:
        return [self.url(i) for i in range(self.n)]

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_base(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    # -- control -------------------------------------------------------------------------------
    def _call(self, path: str, data: dict[str, Any] | None = None) -> dict[str, Any]:
        body = None if data is None else json.dumps(data).encode()
        method = "GET" if data is None and path == "/_stats" else "POST"
        req = urllib.request.Request(self.base + path, data=body, method=method)
        req.add_header("Content-Type", "application/json")
        with _DIRECT.open(req, timeout=10) as resp:
            return dict(json.load(resp))

    def publish(self, feed: int, text: str) -> float:
        """Add an item to a feed now; returns the server's time.time() of the change."""
        return float(self._call("/_publish", {"feed": feed, "text": text})["t"])

    def push(self, did: str, rkey: str, text: str) -> tuple[float, int]:
        """Push a Jetstream post event; (server time, subscribers reached)."""
        r = self._call("/_stream", {"did": did, "rkey": rkey, "text": text})
        return float(r["t"]), int(r["clients"])

    def stats(self) -> dict[str, float]:
        return {k: float(v) for k, v in self._call("/_stats").items()}

    def reset_stats(self) -> None:
        self._call("/_reset", {})


def main() -> int:
    ap = argparse.ArgumentParser(description="serve the bench feed farm until stdin closes")
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--hosts", type=int, default=8)
    ap.add_argument("--items", type=int, default=20)
    ap.add_argument("--lifetime", type=float, default=900.0)
    a = ap.parse_args()
    _serve(a.n, a.hosts, a.items, a.lifetime)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
