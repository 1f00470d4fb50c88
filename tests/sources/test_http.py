"""Fetcher against a real local server: conditional GET, redirects, status errors, limits."""

from __future__ import annotations

import asyncio
import email.utils
import functools
import socket
import time
import tracemalloc
import zlib

import pytest
from aiohttp import web

from monitor.sources.http import Fetcher, FetchError, parse_retry_after

from .conftest import FeedServer, http_settings


async def test_get_returns_body_final_url_and_sends_user_agent(
    feed_server: FeedServer, fetcher: Fetcher
) -> None:
    url = feed_server.serve("/feed.xml", "<rss/>", headers={"ETag": '"v1"'})
    resp = await fetcher.get(url, headers={"Accept": "application/rss+xml"})
    assert (resp.status, resp.body, resp.url, resp.not_modified) == (200, b"<rss/>", url, False)
    assert resp.headers["ETag"] == '"v1"' and resp.elapsed >= 0
    req = feed_server.hits("/feed.xml")[0]
    assert req.headers["User-Agent"].startswith("claimwatch/")
    assert req.headers["Accept"] == "application/rss+xml"
    assert "If-None-Match" not in req.headers


async def test_conditional_get_304(feed_server: FeedServer, fetcher: Fetcher) -> None:
    async def handler(request: web.Request) -> web.Response:
        if request.headers.get("If-None-Match") == '"v1"':
            return web.Response(status=304)
        return web.Response(body=b"<rss/>", headers={"ETag": '"v1"'})

    url = feed_server.route("/feed.xml", handler)
    resp = await fetcher.get(url, etag='"v1"', last_modified="Mon, 01 Jan 2024 00:00:00 GMT")
    assert resp.status == 304 and resp.not_modified and resp.body == b""
    req = feed_server.hits("/feed.xml")[0]
    assert req.headers["If-Modified-Since"] == "Mon, 01 Jan 2024 00:00:00 GMT"


async def test_304_to_an_unconditional_request_is_an_error(
    feed_server: FeedServer, fetcher: Fetcher
) -> None:
    url = feed_server.serve("/feed.xml", b"", status=304)
    with pytest.raises(FetchError) as info:
        await fetcher.get(url)
    assert str(info.value) == "answered 304 Not Modified to a request that had no validator"
    assert info.value.status == 304


@pytest.mark.parametrize(
    ("codes", "permanent"),
    [
        ((301,), "/c"),
        ((308,), "/c"),
        ((302,), None),
        ((307,), None),
        ((301, 302), "/b"),  # only the leading run of permanent hops is a move of this URL
        ((302, 301), None),
    ],
)
async def test_redirects_report_permanent_moves(
    feed_server: FeedServer, fetcher: Fetcher, codes: tuple[int, ...], permanent: str | None
) -> None:
    paths = ["/a", "/b", "/c"][: len(codes) + 1]
    for src, dst, code in zip(paths, paths[1:], codes, strict=False):
        feed_server.serve(src, b"", status=code, headers={"Location": dst})
    feed_server.serve(paths[-1], b"<rss/>")
    resp = await fetcher.get(feed_server.url("/a"))
    assert resp.body == b"<rss/>" and resp.url == feed_server.url(paths[-1])
    expected = feed_server.url(paths[-1] if permanent == "/c" else permanent) if permanent else None
    assert resp.permanent_redirect == expected


async def test_redirect_loop_is_one_clear_error(feed_server: FeedServer, fetcher: Fetcher) -> None:
    feed_server.serve("/a", b"", status=302, headers={"Location": "/b"})
    feed_server.serve("/b", b"", status=302, headers={"Location": "/a"})
    with pytest.raises(FetchError, match=r"^redirect loop: .*/b redirects back to .*/a$"):
        await fetcher.get(feed_server.url("/a"))


async def test_endless_redirect_chain_is_capped(feed_server: FeedServer) -> None:
    async def handler(request: web.Request) -> web.Response:
        n = int(request.query.get("n", "0"))
        return web.Response(status=302, headers={"Location": f"/r?n={n + 1}"})

    url = feed_server.route("/r", handler)
    async with Fetcher(http_settings(max_redirects=3)) as f:
        with pytest.raises(FetchError, match=r"^too many redirects \(more than 3\)"):
            await f.get(url)
    assert len(feed_server.hits("/r")) == 4


async def test_redirect_to_other_scheme_refused(feed_server: FeedServer, fetcher: Fetcher) -> None:
    url = feed_server.serve("/a", b"", status=301, headers={"Location": "file:///etc/passwd"})
    with pytest.raises(FetchError, match="non-http"):
        await fetcher.get(url)


@pytest.mark.parametrize(
    ("location", "why"),
    [("http://[::1", "Invalid IPv6 URL"), ("http://127.0.0.1:99999/x", "Port out of range")],
)
async def test_redirect_to_an_invalid_url_says_so(
    feed_server: FeedServer, fetcher: Fetcher, location: str, why: str
) -> None:
    url = feed_server.serve("/a", b"", status=302, headers={"Location": location})
    with pytest.raises(FetchError) as info:
        await fetcher.get(url)
    assert str(info.value).startswith(f"redirect to an invalid URL {location!r}: {why}")


async def test_retry_after_seconds_on_429(feed_server: FeedServer, fetcher: Fetcher) -> None:
    url = feed_server.serve("/f", b"slow down", status=429, headers={"Retry-After": "120"})
    with pytest.raises(FetchError) as info:
        await fetcher.get(url)
    assert str(info.value) == "HTTP 429 Too Many Requests (retry after 120s)"
    assert info.value.retry_after == 120 and info.value.status == 429 and not info.value.gone


async def test_retry_after_http_date_on_503(feed_server: FeedServer, fetcher: Fetcher) -> None:
    when = email.utils.formatdate(time.time() + 300, usegmt=True)
    url = feed_server.serve("/f", b"", status=503, headers={"Retry-After": when})
    with pytest.raises(FetchError) as info:
        await fetcher.get(url)
    assert info.value.retry_after is not None and 290 <= info.value.retry_after <= 300
    assert str(info.value).startswith("HTTP 503 Service Unavailable (retry after ")


@pytest.mark.parametrize(
    "value",
    ["9" * 400, "1" + "0" * 30, "Fri, 31 Dec 9999 23:59:59 GMT"],
    ids=["infinite", "1e30", "year-9999"],
)
async def test_huge_retry_after_is_logged_as_the_capped_wait(
    feed_server: FeedServer, fetcher: Fetcher, value: str
) -> None:
    url = feed_server.serve("/f", b"", status=429, headers={"Retry-After": value})
    with pytest.raises(FetchError) as info:
        await fetcher.get(url)
    assert str(info.value) == (
        "HTTP 429 Too Many Requests (retry after 24h, capped: the server asked for longer)"
    )
    assert info.value.retry_after == 24 * 3600


async def test_410_is_gone(feed_server: FeedServer, fetcher: Fetcher) -> None:
    url = feed_server.serve("/f", b"", status=410)
    with pytest.raises(FetchError) as info:
        await fetcher.get(url)
    assert info.value.gone and str(info.value) == "HTTP 410 Gone"


def test_parse_retry_after() -> None:
    now = 1_700_000_000.0
    assert parse_retry_after("30") == 30
    assert parse_retry_after(email.utils.formatdate(now + 60, usegmt=True), now) == 60
    assert parse_retry_after(email.utils.formatdate(now - 60, usegmt=True), now) == 0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None
    assert parse_retry_after("²") is None  # a digit to str.isdigit, not to float()


async def test_connection_refused(dead_url: str, fetcher: Fetcher) -> None:
    with pytest.raises(FetchError, match=r"^cannot connect to 127\.0\.0\.1:\d+: "):
        await fetcher.get(dead_url)


async def test_content_length_over_cap_is_refused_before_reading(feed_server: FeedServer) -> None:
    url = feed_server.serve("/big", b"x" * 300_000)
    async with Fetcher(http_settings(max_body=100_000)) as f:
        with pytest.raises(FetchError, match=r"^response too large: Content-Length .* over the"):
            await f.get(url)


async def test_streamed_body_over_cap_is_cut_off(feed_server: FeedServer) -> None:
    async def endless(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse()  # chunked: no Content-Length to check up front
        await resp.prepare(request)
        block = b"<item>" * 10_000
        while True:
            await resp.write(block)

    url = feed_server.route("/endless", endless)
    async with Fetcher(http_settings(max_body=1 << 20)) as f:
        with pytest.raises(FetchError, match=r"^response body over the 1 MiB limit$"):
            await f.get(url)


@functools.cache
def gzip_bomb() -> bytes:
    """1 GiB of zeros, gzip-compressed to about 1 MiB."""
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(1 << 20)
    return b"".join([*(c.compress(block) for _ in range(1024)), c.flush()])


async def test_gzip_bomb_stops_at_cap_without_inflating(feed_server: FeedServer) -> None:
    bomb = gzip_bomb()
    assert len(bomb) < 2 << 20
    feed_server.serve("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    cap = 4 << 20
    async with Fetcher(http_settings(max_body=cap)) as f:
        tracemalloc.start()
        started = time.monotonic()
        try:
            with pytest.raises(FetchError, match=r"^response body over the 4 MiB limit$"):
                await f.get(feed_server.url("/bomb"))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    # Memory bound (tracemalloc peak): 3x the cap, i.e. the kept chunks plus aiohttp's bounded
    # inflate buffers (measured ~5.4 MiB). Inflating the bomb would take 1 GiB.
    assert peak < 3 * cap, f"peak {peak / 2**20:.1f} MiB"
    assert time.monotonic() - started < 5


async def test_trickling_server_is_cut_off_by_total_timeout(feed_server: FeedServer) -> None:
    async def trickle(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse(headers={"Content-Type": "application/rss+xml"})
        await resp.prepare(request)
        while True:  # one byte at a time: each read succeeds, the whole never ends
            await resp.write(b"<")
            await asyncio.sleep(0.1)  # the server's pace, not test synchronisation

    url = feed_server.route("/slow", trickle)
    async with Fetcher(http_settings(timeout=1, connect_timeout=5)) as f:
        started = time.monotonic()
        with pytest.raises(FetchError, match=r"^timed out after 1s$"):
            await f.get(url)
    assert time.monotonic() - started < 3


@pytest.mark.parametrize("stall", ["before-headers", "mid-body"])
async def test_silent_server_names_the_read_timeout(feed_server: FeedServer, stall: str) -> None:
    """A server that accepts and then sends nothing is cut off by the connect timeout, which
    doubles as the read timeout; the message must give that limit, not the total one."""
    never = asyncio.Event()

    async def silent(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse()
        if stall == "mid-body":
            await resp.prepare(request)
            await resp.write(b"<rss>")
        await never.wait()
        return resp

    url = feed_server.route("/silent", silent)
    async with Fetcher(http_settings(timeout=10, connect_timeout=1)) as f:
        started = time.monotonic()
        with pytest.raises(FetchError, match=r"^timed out: no data from the server for 1s$"):
            await f.get(url)
    assert time.monotonic() - started < 5


async def test_connect_timeout_names_the_connect_limit() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)  # never accepted: once its queue is full, new connections hang
        port = listener.getsockname()[1]
        queued: list[socket.socket] = []
        try:
            for _ in range(8):
                probe = socket.socket()
                queued.append(probe)
                probe.settimeout(0.5)
                try:
                    probe.connect(("127.0.0.1", port))
                except TimeoutError:
                    break  # the queue is full
            else:
                pytest.skip("this kernel queues every connection to a full listener")
            async with Fetcher(http_settings(timeout=10, connect_timeout=1)) as f:
                with pytest.raises(FetchError) as info:
                    await f.get(f"http://127.0.0.1:{port}/feed.xml")
        finally:
            for sock in queued:
                sock.close()
    assert str(info.value) == f"cannot connect to 127.0.0.1:{port}: timed out after 1s"


async def test_per_host_limit(feed_server: FeedServer) -> None:
    gate = asyncio.Event()
    two_in = asyncio.Event()
    in_flight = max_in_flight = 0

    async def held(request: web.Request) -> web.Response:
        nonlocal in_flight, max_in_flight
        in_flight += 1
        max_in_flight = max(max_in_flight, in_flight)
        if in_flight == 2:
            two_in.set()
        await gate.wait()
        in_flight -= 1
        return web.Response(body=b"ok")

    feed_server.route("/held", held)
    feed_server.serve("/free", b"free")
    async with Fetcher(http_settings(per_host=2, timeout=10)) as f:
        tasks = [asyncio.create_task(f.get(feed_server.url("/held"))) for _ in range(5)]
        await two_in.wait()
        # Another host name for the same server is another host: it is not queued behind them.
        other = await f.get(feed_server.url("/free", host="localhost"))
        assert other.body == b"free"
        assert in_flight == 2
        gate.set()
        results = await asyncio.gather(*tasks)
    assert [r.body for r in results] == [b"ok"] * 5
    assert max_in_flight == 2
