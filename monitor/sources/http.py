"""The one HTTP client every source shares: timeouts, a body cap, per-host limits, conditional GET.

Redirects are followed by hand, one hop at a time, so that each hop counts against the host it goes
to, a loop ends in one clear error, and a permanent move (301/308) can be reported to the source.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import time
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from datetime import UTC
from http import HTTPStatus
from types import TracebackType

import aiohttp
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from monitor.config import HttpSettings
from monitor.sources.base import SourceError

# What FeedSource asks for; adapters of JSON APIs pass their own Accept.
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml, application/feed+json, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
)
_CHUNK = 64 * 1024
_REDIRECTS = {301, 302, 303, 307, 308}
_PERMANENT = {301, 308}


class FetchError(SourceError):
    """A request that failed: transport error, timeout, oversized body or a non-2xx/304 status."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        url: str | None = None,
        retry_after: float | None = None,
        gone: bool = False,
    ) -> None:
        # an HTTP error says the wait its server asked for (capped by SourceError)
        super().__init__(message, retry_after=retry_after, gone=gone, say_wait=True)
        self.status = status  # HTTP status when the server answered, else None
        self.url = url


@dataclass(slots=True)
class Response:
    status: int
    url: str  # final URL, after redirects
    headers: Mapping[str, str]
    body: bytes  # decoded (Content-Encoding undone); empty for 304
    not_modified: bool  # 304: the stored ETag/Last-Modified still hold
    elapsed: float  # seconds, all hops included
    permanent_redirect: str | None = None  # where a 301/308 chain from the requested URL ends

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for part in self.headers.get("Content-Type", "").split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'")
        return None


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Retry-After as delta-seconds or an HTTP-date; seconds from now, never negative."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():  # "²".isdigit() too, and float() refuses it
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # HTTP-dates are GMT by definition
        when = when.replace(tzinfo=UTC)
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


def _size(n: int) -> str:
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= size:
            return f"{n / size:g} {unit}"
    return f"{n} bytes"


def _status_error(resp: aiohttp.ClientResponse, url: str) -> FetchError:
    status = resp.status
    reason = resp.reason or (
        HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else ""
    )
    message = f"HTTP {status} {reason}".strip()
    retry_after = (
        parse_retry_after(resp.headers.get("Retry-After")) if status in (429, 503) else None
    )
    return FetchError(message, status=status, url=url, retry_after=retry_after, gone=status == 410)


def _redirect_target(base: URL, location: str, url: str) -> str:
    """The absolute URL a Location header points to; a FetchError saying it was a redirect when it
    is not a usable http(s) URL (yarl raises a bare ValueError for "http://[::1" or port 99999)."""
    try:
        target = base.join(URL(location))
    except (TypeError, ValueError) as e:
        raise FetchError(f"redirect to an invalid URL {location!r}: {e}", url=url) from None
    if target.scheme not in ("http", "https"):
        raise FetchError(f"redirect to a non-http(s) URL: {target}", url=url)
    return str(target)


class Fetcher:
    """One aiohttp session for all sources. Use as `async with Fetcher(settings) as f:`."""

    def __init__(self, settings: HttpSettings) -> None:
        self.settings = settings
        self._session: aiohttp.ClientSession | None = None
        self._global = asyncio.Semaphore(settings.max_concurrency)
        self._hosts: dict[str, asyncio.Semaphore] = {}

    async def __aenter__(self) -> Fetcher:
        self._open()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _open(self) -> aiohttp.ClientSession:
        # Created lazily: a session must be made inside the running event loop.
        if self._session is None or self._session.closed:
            s = self.settings
            connector = aiohttp.TCPConnector(
                limit=s.max_concurrency, limit_per_host=s.per_host, ttl_dns_cache=300
            )
            self._session = aiohttp.ClientSession(
                connector=connector,
                headers={"User-Agent": s.user_agent},
                auto_decompress=True,
                cookie_jar=aiohttp.DummyCookieJar(),  # sources must not leak cookies to each other
                trust_env=True,  # HTTP(S)_PROXY / NO_PROXY, as Docker deployments expect
                timeout=aiohttp.ClientTimeout(
                    total=None,  # enforced around each hop by asyncio.timeout, body read included
                    sock_connect=s.connect_timeout.total_seconds(),
                    # No byte for this long means a stalled server; HttpSettings has no separate
                    # read timeout, so the connect timeout doubles as one. A trickle that keeps
                    # sending is cut off by the total timeout instead.
                    sock_read=s.connect_timeout.total_seconds(),
                ),
            )
        return self._session

    @contextlib.asynccontextmanager
    async def _slot(self, host: str) -> AsyncIterator[None]:
        sem = self._hosts.setdefault(host, asyncio.Semaphore(self.settings.per_host))
        async with self._global, sem:
            yield

    async def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        """GET url. Returns 2xx and 304 responses; raises FetchError for everything else."""
        session = self._open()
        hdrs: CIMultiDict[str] = CIMultiDict(headers or {})
        if etag:
            hdrs["If-None-Match"] = etag
        if last_modified:
            hdrs["If-Modified-Since"] = last_modified
        started = time.monotonic()
        current = url
        permanent: str | None = None
        still_permanent = True  # only a chain of 301/308 from the start is a move of this URL
        seen = {url}
        for _hop in range(self.settings.max_redirects + 1):
            status, final, resp_headers, body, location = await self._hop(session, current, hdrs)
            if location is None:
                return Response(
                    status=status,
                    url=final,
                    headers=resp_headers,
                    body=body,
                    not_modified=status == 304,
                    elapsed=time.monotonic() - started,
                    permanent_redirect=permanent,
                )
            if still_permanent and status in _PERMANENT:
                permanent = location
            else:
                still_permanent = False
            if location in seen:
                raise FetchError(f"redirect loop: {current} redirects back to {location}", url=url)
            seen.add(location)
            current = location
        raise FetchError(
            f"too many redirects (more than {self.settings.max_redirects}), last to {current}",
            url=url,
        )

    async def _hop(
        self, session: aiohttp.ClientSession, url: str, headers: CIMultiDict[str]
    ) -> tuple[int, str, CIMultiDictProxy[str], bytes, str | None]:
        """One request. Returns (status, url, headers, body, redirect location or None)."""
        try:
            target = URL(url)
        except (TypeError, ValueError) as e:
            raise FetchError(f"invalid URL {url!r}: {e}", url=url) from None
        if target.scheme not in ("http", "https") or not target.host:
            raise FetchError(f"not an http(s) URL: {url}", url=url)
        total = self.settings.timeout.total_seconds()
        connect = self.settings.connect_timeout.total_seconds()  # also the read timeout, see _open
        conditional = "If-None-Match" in headers or "If-Modified-Since" in headers
        async with self._slot(target.host):
            try:
                async with asyncio.timeout(total):
                    async with session.get(target, headers=headers, allow_redirects=False) as resp:
                        if resp.status in _REDIRECTS and "Location" in resp.headers:
                            location = _redirect_target(target, resp.headers["Location"], url)
                            return resp.status, url, resp.headers, b"", location
                        if resp.status == 304:
                            if not conditional:
                                # Nothing to be "not modified" from: taken as success, the source
                                # would look healthy with no items for ever.
                                raise FetchError(
                                    "answered 304 Not Modified to a request that had no validator",
                                    status=304,
                                    url=url,
                                )
                            return 304, url, resp.headers, b"", None
                        if not 200 <= resp.status < 300:
                            raise _status_error(resp, url)
                        body = await self._read(resp, url)
                        return resp.status, str(resp.url), resp.headers, body, None
            except FetchError:
                raise
            # aiohttp's own timeouts are TimeoutErrors too: name the limit that fired, not `total`.
            except aiohttp.ConnectionTimeoutError:
                raise FetchError(
                    f"cannot connect to {target.host}:{target.port}: timed out after {connect:g}s",
                    url=url,
                ) from None
            except aiohttp.SocketTimeoutError:
                raise FetchError(
                    f"timed out: no data from the server for {connect:g}s", url=url
                ) from None
            except TimeoutError:
                raise FetchError(f"timed out after {total:g}s", url=url) from None
            except aiohttp.ClientConnectorDNSError:
                raise FetchError(f"cannot resolve host {target.host}", url=url) from None
            except aiohttp.ClientConnectorCertificateError as e:
                raise FetchError(f"TLS certificate error: {e.certificate_error}", url=url) from None
            except aiohttp.ClientConnectorError as e:
                why = e.os_error.strerror or str(e.os_error)
                raise FetchError(
                    f"cannot connect to {target.host}:{e.port}: {why}", url=url
                ) from None
            except aiohttp.ContentTypeError as e:
                raise FetchError(f"bad response: {e.message}", url=url) from None
            except aiohttp.ClientPayloadError as e:
                raise FetchError(f"broken response body: {e}", url=url) from None
            except aiohttp.ClientResponseError as e:
                raise FetchError(f"bad response: {e.message}", url=url) from None
            except aiohttp.ClientError as e:
                raise FetchError(f"request failed: {type(e).__name__}: {e}", url=url) from None

    async def _read(self, resp: aiohttp.ClientResponse, url: str) -> bytes:
        """The decoded body, read in chunks and abandoned as soon as it passes max_body.

        aiohttp inflates gzip/deflate/br in bounded steps as we read, so a decompression bomb is
        cut off at the cap without ever being inflated whole.
        """
        cap = self.settings.max_body
        if resp.content_length is not None and resp.content_length > cap:
            raise FetchError(
                f"response too large: Content-Length {_size(resp.content_length)} is over the "
                f"{_size(cap)} limit",
                url=url,
            )
        chunks: list[bytes] = []
        size = 0
        async for chunk in resp.content.iter_chunked(_CHUNK):
            size += len(chunk)
            if size > cap:
                resp.close()  # drop the connection rather than drain the rest
                raise FetchError(f"response body over the {_size(cap)} limit", url=url)
            chunks.append(chunk)
        return b"".join(chunks)
