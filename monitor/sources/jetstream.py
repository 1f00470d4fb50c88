"""Kind "jetstream": Bluesky posts pushed within seconds over Bluesky's Jetstream WebSocket.

Jetstream turns the network's firehose into JSON events (`{"did", "time_us", "kind": "commit",
"commit": {"operation": "create", "collection": "app.bsky.feed.post", "rkey", "record"}}`). The
source asks for posts only, of the configured `dids` (server-side `wantedDids`, checked again here),
and/or keeps posts whose text contains one of `keywords` (case-insensitive substring).

No loss, no duplicate: the cursor is the `time_us` of the last event handled, saved in state after
every emitted batch (and every few seconds otherwise). A reconnect asks for `cursor` minus a few
seconds, as Jetstream's docs advise for gapless playback, and the posts it emitted in that window
(kept by id, in state too) are not emitted again.

`StreamSource` is the interface the daemon runs as a task: `await source.stream(emit, stop)`.
`poll()` returns [] by design, so a poll-everything command (`claimwatch once`) skips it quietly
instead of reporting a failure; the daemon runs every `StreamSource` as a task instead of scheduling polls.

A stream has no polls to count, so it keeps its own health (connected since, last event, events,
posts, reconnects, consecutive failed connections, last error) under the "health" key of its fetch
state, the key pollers use, so `claimwatch sources` (another process) reads both alike. It is
written with the cursor (throttled), on every connect and disconnect, and once a minute while
connected and quiet.

Jetstream events name the author by DID only; `HandleResolver` turns DIDs into handles through the
AppView's `app.bsky.actor.getProfiles`, cached, and never holds a post back for long: a failed or
slow lookup leaves the DID in place.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import logging
import time
from abc import abstractmethod
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import aiohttp

from monitor.models import Post, utcnow
from monitor.sources.accounts import JSON_ACCEPT, decode_json, json_object, parse_time, unique
from monitor.sources.base import Source, SourceError, clean_error
from monitor.sources.bluesky import PUBLIC_APPVIEW, external_uri, facet_links, post_url
from monitor.sources.http import Fetcher
from monitor.sources.poller import FAILING_AFTER

log = logging.getLogger(__name__)

Emit = Callable[[list[Post]], Awaitable[None]]

JETSTREAM = "wss://jetstream2.us-east.bsky.network/subscribe"
POST_COLLECTION = "app.bsky.feed.post"
REWIND_US = 5_000_000  # reconnect this far before the cursor (Jetstream: "subtract a few seconds")
MAX_REPLAY = timedelta(hours=2)  # a cursor older than this is dropped: old posts never alert anyway
SAVE_EVERY = 5.0  # seconds between cursor saves while nothing matches
RECONNECT_MAX = 60.0
HEARTBEAT = 30.0  # ping interval; a dead connection is noticed within about this
HEALTH_EVERY = 60.0  # seconds between health saves while connected and quiet: shows it is alive

PROFILES_BATCH = 25  # getProfiles takes at most 25 actors a request
HANDLE_CACHE = 10_000  # DIDs remembered (LRU)
HANDLE_TTL = 24 * 3600.0  # handles rarely change; a day keeps a renamed account right-ish
HANDLE_MISS_TTL = 3600.0  # a DID the AppView does not know: ask again later, not on every post
LOOKUP_TIMEOUT = 2.0  # a post waits at most this for its author's handle
LOOKUP_COOLDOWN = 30.0  # after a failed lookup, skip lookups this long (doubling, capped)
LOOKUP_COOLDOWN_MAX = 300.0
INVALID_HANDLE = "handle.invalid"  # what the AppView shows when a handle no longer verifies


def _iso(dt: datetime | None) -> str | None:
    return dt.isoformat() if dt else None


def _dt(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


class HandleResolver:
    """DID -> handle through the AppView's getProfiles, batched and cached (bounded LRU, TTL).

    Lookups are best effort: a failure or an answer slower than `timeout` returns what is known
    (the caller keeps the DID), logs one line for the whole failure burst, and skips lookups for
    a cooldown so that a dead AppView does not make every post wait `timeout`.
    """

    def __init__(
        self,
        fetcher: Fetcher,
        base: str = PUBLIC_APPVIEW,
        *,
        size: int = HANDLE_CACHE,
        ttl: float = HANDLE_TTL,
        timeout: float = LOOKUP_TIMEOUT,
    ) -> None:
        self.fetcher = fetcher
        self.base = base.rstrip("/")
        self.size = size
        self.ttl = ttl
        self.timeout = timeout
        self._cache: OrderedDict[str, tuple[str | None, float]] = OrderedDict()
        self._failures = 0  # failed lookups in a row: only the first of a burst is logged
        self._skip_until = 0.0

    def __len__(self) -> int:
        return len(self._cache)

    async def handles(self, dids: Iterable[str]) -> dict[str, str]:
        """The handles known or found for dids; DIDs without one are left out. Never raises
        (CancelledError aside) and returns within about `timeout`."""
        now = time.monotonic()
        found: dict[str, str] = {}
        missing: list[str] = []
        for did in dict.fromkeys(dids):
            hit = self._cache.get(did)
            if hit is not None and hit[1] > now:
                self._cache.move_to_end(did)
                if hit[0]:
                    found[did] = hit[0]
            else:
                missing.append(did)
        if not missing or now < self._skip_until:
            return found
        try:
            async with asyncio.timeout(self.timeout):
                for i in range(0, len(missing), PROFILES_BATCH):
                    found.update(await self._lookup(missing[i : i + PROFILES_BATCH]))
        except TimeoutError:
            self._failed(f"no answer within {self.timeout:g}s")
        except SourceError as e:  # FetchError too: HTTP status, connection refused, bad JSON
            self._failed(str(e))
        else:
            if self._failures:
                log.info("bluesky handle lookups work again (after %d failures)", self._failures)
            self._failures = 0
            self._skip_until = 0.0
        return found

    async def _lookup(self, dids: list[str]) -> dict[str, str]:
        query = urlencode([("actors", d) for d in dids])
        url = f"{self.base}/xrpc/app.bsky.actor.getProfiles?{query}"
        resp = await self.fetcher.get(url, headers={"Accept": JSON_ACCEPT})
        doc = decode_json(resp.body, what="bluesky getProfiles", expect="profiles")
        if not isinstance(doc["profiles"], list):
            raise SourceError("bluesky getProfiles: unexpected answer ('profiles' is not a list)")
        got: dict[str, str] = {}
        for profile in doc["profiles"]:
            if not isinstance(profile, dict):
                continue
            did, handle = profile.get("did"), profile.get("handle")
            if did in dids and isinstance(handle, str) and handle and handle != INVALID_HANDLE:
                got[did] = handle
        # The AppView leaves out actors it does not know; remember those too, for less long.
        expires = time.monotonic()
        for did in dids:
            handle = got.get(did)
            self._remember(did, handle, expires + (self.ttl if handle else HANDLE_MISS_TTL))
        return got

    def _remember(self, did: str, handle: str | None, expires: float) -> None:
        self._cache[did] = (handle, expires)
        self._cache.move_to_end(did)
        while len(self._cache) > self.size:
            self._cache.popitem(last=False)

    def _failed(self, reason: str) -> None:
        self._failures += 1
        cooldown = min(LOOKUP_COOLDOWN * 2 ** (self._failures - 1), LOOKUP_COOLDOWN_MAX)
        self._skip_until = time.monotonic() + cooldown
        if self._failures == 1:
            log.warning(
                "bluesky handle lookup failed (%s); posts keep the author's DID until it works",
                clean_error(reason),
            )


class StreamSource(Source):
    """A source that pushes posts as they happen instead of being polled.

    Subclasses call `_connected()`, `_disconnected(error)`, `_event_seen()` and `_posted(n)`;
    this class keeps the health those imply and saves it (`save()`), throttled by the caller.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Called with (source name, message) when the stream starts failing or recovers; the
        # daemon sends it to ops, as it does for pollers.
        self.on_health: Callable[[str, str], None] | None = None
        h = self.load_state("health")
        # Health survives restarts (counts, the last error, whether ops were told), like a
        # poller's; being connected does not.
        self.connected = False
        self.connected_since: datetime | None = None
        self.last_event: datetime | None = _dt(h.get("last_event"))
        self.last_success: datetime | None = _dt(h.get("last_success"))
        self.last_error: str | None = h.get("last_error")
        self.last_error_at: datetime | None = _dt(h.get("last_error_at"))
        self.consecutive_errors = int(h.get("consecutive_errors") or 0)
        self.failing_alerted = bool(h.get("failing_alerted", False))
        self.events = int(h.get("events") or 0)
        self.posts = int(h.get("items_seen") or 0)
        self.reconnects = int(h.get("reconnects") or 0)
        self._was_connected = False  # in this process: the next connection is a reconnect
        self._saved_at = 0.0

    @abstractmethod
    async def stream(self, emit: Emit, stop: asyncio.Event) -> None:
        """Deliver posts through emit until stop is set; reconnects on its own, never raises
        for network trouble (CancelledError aside)."""

    async def poll(self) -> list[Post]:
        """Nothing: a stream source delivers through stream(). Returns [] rather than raising so
        that polling every source (`claimwatch once`) neither fails nor alerts ops about it."""
        log.debug("source %s: a stream source; poll() returns nothing", self.name)
        return []

    # -- health -----------------------------------------------------------------------------------
    def cursor_time(self) -> datetime | None:
        """When the last event handled happened, by the server's clock; None without a cursor."""
        return None

    def _connected(self) -> None:
        now = utcnow()
        if self.failing_alerted:
            self._health(
                f"source {self.name} recovered after {self.consecutive_errors} failed connections"
            )
        self.connected, self.connected_since, self.last_success = True, now, now
        self.reconnects += self._was_connected
        self._was_connected = True
        self.consecutive_errors = 0
        self.failing_alerted = False
        self.save()

    def _disconnected(self, error: str | None) -> None:
        """The connection ended (or never opened); error is None when we closed it (stop)."""
        self.connected = False
        self.connected_since = None
        if error is not None:
            self.consecutive_errors += 1
            self.last_error = clean_error(error)
            self.last_error_at = utcnow()
            if self.consecutive_errors >= FAILING_AFTER and not self.failing_alerted:
                self.failing_alerted = True
                self._health(
                    f"source {self.name} failing: {self.last_error} "
                    f"({self.consecutive_errors} connections in a row)"
                )
        self.save()

    def _event_seen(self) -> datetime:
        self.events += 1
        self.last_event = self.last_success = utcnow()
        return self.last_event

    def _posted(self, n: int) -> None:
        self.posts += n

    def _health(self, message: str) -> None:
        if self.on_health is None:
            log.warning("%s", message)
            return
        try:
            self.on_health(self.name, message)
        except Exception as e:  # an ops channel failing must not break the stream
            log.warning("source %s: health callback failed: %s", self.name, e)

    def status(self) -> dict[str, Any]:
        """The keys of Poller.status() (so pages and metrics read both alike) plus the stream's."""
        cursor = self.cursor_time()
        lag = (utcnow() - cursor).total_seconds() if cursor else None
        return {
            "name": self.name,
            "kind": self.kind,
            "interval": None,
            "last_success": _iso(self.last_success),
            "last_error": self.last_error,
            "last_error_at": _iso(self.last_error_at),
            "consecutive_errors": self.consecutive_errors,
            "next_poll": None,
            "items_seen": self.posts,
            "latency_ms": None,
            "gone": False,
            "stale": False,
            "newest": None,
            "polls": {},
            "streaming": True,
            "connected": self.connected,
            "connected_since": _iso(self.connected_since),
            "last_event": _iso(self.last_event),
            "events": self.events,
            "reconnects": self.reconnects,
            "cursor_time": _iso(cursor),
            "cursor_lag_seconds": None if lag is None else round(max(lag, 0.0), 3),
        }

    def extra_state(self) -> dict[str, dict[str, Any]]:
        """Other fetch-state keys to write along with the health (a subclass's cursor)."""
        return {}

    def save(self) -> None:
        health = self.status()
        for key in ("name", "kind", "interval", "cursor_lag_seconds"):  # config, or stale at once
            health.pop(key)
        health.update(failing_alerted=self.failing_alerted, updated=_iso(utcnow()))
        self.save_states({**self.extra_state(), "health": health})
        self._saved_at = time.monotonic()


def jetstream_url(base: str | None, dids: list[str], cursor: int | None) -> str:
    parts = urlsplit((base or JETSTREAM).strip())
    # A query in the configured URL (a proxy's ?token=) is kept, ahead of ours.
    params = parse_qsl(parts.query, keep_blank_values=True)
    params.append(("wantedCollections", POST_COLLECTION))
    params += [("wantedDids", d) for d in dids]
    if cursor is not None:
        params.append(("cursor", str(cursor)))
    path = parts.path.rstrip("/") or "/subscribe"
    return urlunsplit(parts._replace(path=path, query=urlencode(params)))


def event_post(event: dict[str, Any], source: str, now: datetime) -> Post | None:
    """The Post of a post-creation commit event; None for anything else."""
    commit = event.get("commit")
    did = event.get("did")
    if event.get("kind") != "commit" or not isinstance(commit, dict) or not isinstance(did, str):
        return None
    if commit.get("operation") != "create" or commit.get("collection") != POST_COLLECTION:
        return None
    record = commit.get("record")
    rkey = commit.get("rkey")
    if not isinstance(record, dict) or not isinstance(rkey, str):
        return None
    uri = f"at://{did}/{POST_COLLECTION}/{rkey}"
    text = " ".join(str(record.get("text") or "").split())
    embed = json_object(record.get("embed"))
    links = [*facet_links(record), external_uri(embed)]
    quoted = json_object(embed.get("record"))
    inner = quoted.get("record")
    quoted = inner if isinstance(inner, dict) else quoted
    if isinstance(quoted.get("uri"), str):  # a quote: the event carries only the quoted post's uri
        links.append(post_url(quoted["uri"], {}))
    if not text and not any(links):
        return None
    return Post(
        id=uri,
        source=source,
        text=text,
        published=parse_time(record.get("createdAt"), now),
        url=post_url(uri, {"did": did}),
        author=did,  # Jetstream carries no handle: JetstreamSource swaps in the resolved one
        links=unique(links),
        kind="jetstream",
    )


class JetstreamSource(StreamSource):
    kind = "jetstream"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.dids = list(dict.fromkeys(d.strip() for d in self.config.dids if d.strip()))
        self.keywords = [k.casefold() for k in self.config.keywords if k.strip()]
        bad = [d for d in self.dids if not d.startswith("did:")]
        if bad:
            raise ValueError(f"source {self.name!r}: dids must be DIDs (did:plc:…), got {bad[0]!r}")
        if not self.dids and not self.keywords:
            raise ValueError(f"source {self.name!r}: kind 'jetstream' needs dids or keywords")
        state = self.load_state("jetstream")
        self.cursor: int | None = state.get("cursor")
        self._recent: dict[str, int] = dict(state.get("recent") or {})  # post id -> time_us
        # The public AppView, as the bluesky kind reads, unless `appview` names another (here
        # `instance` is the Jetstream URL) or is "" (no lookups: authors stay DIDs).
        appview = self.config.appview
        self.handles = (
            HandleResolver(self.fetcher, appview or PUBLIC_APPVIEW) if appview != "" else None
        )
        self._warming: asyncio.Task[dict[str, str]] | None = None

    def wants(self, post: Post) -> bool:
        if self.dids and post.author not in self.dids:
            return False  # the server filters by wantedDids too; a proxy or replay may not
        if self.keywords:
            text = post.text.casefold()
            return any(k in text for k in self.keywords)
        return True

    def cursor_time(self) -> datetime | None:
        return datetime.fromtimestamp(self.cursor / 1_000_000, UTC) if self.cursor else None

    def extra_state(self) -> dict[str, dict[str, Any]]:
        floor = (self.cursor or 0) - 2 * REWIND_US
        self._recent = {k: t for k, t in self._recent.items() if t >= floor}
        return {"jetstream": {"cursor": self.cursor, "recent": self._recent}}

    async def with_handle(self, post: Post) -> Post:
        """The post with its author's handle instead of the DID, when the AppView knows it soon."""
        if self._warming is not None and not self._warming.done():
            await asyncio.wait({self._warming})  # its answer lands in the cache; bounded by timeout
        did = post.author or ""
        if self.handles is None or not did:
            return post
        handle = (await self.handles.handles([did])).get(did)
        return dataclasses.replace(post, author=handle) if handle else post

    def _start_cursor(self) -> int | None:
        if self.cursor is None:
            return None  # live tail
        if self.cursor < (time.time() - MAX_REPLAY.total_seconds()) * 1_000_000:
            log.info(
                "source %s: saved cursor is older than %s; starting live", self.name, MAX_REPLAY
            )
            return None
        return max(self.cursor - REWIND_US, 0)

    async def stream(self, emit: Emit, stop: asyncio.Event) -> None:
        settings = self.fetcher.settings
        async with aiohttp.ClientSession(
            headers={"User-Agent": settings.user_agent},
            trust_env=True,
            timeout=aiohttp.ClientTimeout(sock_connect=settings.connect_timeout.total_seconds()),
        ) as session:
            if self.dids and self.handles is not None:  # in batches of 25, while connecting
                self._warming = asyncio.create_task(self.handles.handles(self.dids))
            try:
                await self._reconnecting(session, emit, stop)
            finally:
                if self._warming is not None:
                    self._warming.cancel()
                    await asyncio.wait({self._warming})  # wait() never raises its cancellation

    async def _reconnecting(
        self, session: aiohttp.ClientSession, emit: Emit, stop: asyncio.Event
    ) -> None:
        attempt = 0
        while not stop.is_set():
            before = self.cursor
            url = jetstream_url(self.config.instance, self.dids, self._start_cursor())
            error: str | None = None
            level = logging.INFO  # the server closed it: Jetstream instances restart
            try:
                error = await self._connection(session, url, emit, stop)
            except (aiohttp.ClientError, OSError, TimeoutError) as e:
                error = f"connection failed: {type(e).__name__}: {e}"
                level = logging.WARNING
            finally:
                # Stopped or cancelled (shutdown, reload): no error, only "not connected".
                self._disconnected(error)
            if error is not None:  # logged once saved: the log never runs ahead of state
                log.log(level, "source %s: jetstream %s", self.name, self.last_error)
            if stop.is_set():
                break
            # A connection that moved the cursor forward was healthy: reconnect at once. One
            # that failed or only replayed backs off, so a flapping server is not hammered.
            attempt = 0 if self.cursor != before else attempt + 1
            delay = min(2.0 ** (attempt - 1), RECONNECT_MAX) if attempt else 0.0
            if delay:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), delay)

    async def _connection(
        self, session: aiohttp.ClientSession, url: str, emit: Emit, stop: asyncio.Event
    ) -> str | None:
        """One connection until it ends; returns why it ended (None: stopped)."""
        async with session.ws_connect(url, heartbeat=HEARTBEAT) as ws:
            self._connected()
            log.info("source %s: jetstream connected", self.name)

            async def close_on_stop() -> None:
                # Quiet streams save their health now and then: "connected" stays fresh.
                while not stop.is_set():
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(stop.wait(), HEALTH_EVERY)
                    if time.monotonic() - self._saved_at >= HEALTH_EVERY:
                        self.save()
                await ws.close()  # ends the receive loop below between messages, not mid-emit

            closer = asyncio.create_task(close_on_stop())
            try:
                async for msg in ws:
                    if msg.type == aiohttp.WSMsgType.TEXT:
                        await self._event(msg.data, emit)
                    elif msg.type == aiohttp.WSMsgType.ERROR:
                        raise aiohttp.ClientError(f"websocket error: {ws.exception()}")
            finally:
                closer.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await closer
            return None if stop.is_set() else f"closed by the server (code {ws.close_code})"

    async def _event(self, data: str, emit: Emit) -> None:
        try:
            event = json.loads(data)
        except ValueError:
            log.debug("source %s: skipped a message that is not JSON", self.name)
            return
        if not isinstance(event, dict) or not isinstance(event.get("time_us"), int):
            return
        time_us: int = event["time_us"]
        post = event_post(event, self.name, self._event_seen())
        # wants() before the handle lookup: the dids filter compares DIDs, and only posts that
        # will be emitted are worth a lookup.
        if post is not None and post.id not in self._recent and self.wants(post):
            await emit([await self.with_handle(post)])
            self._posted(1)
            self._recent[post.id] = time_us
            self.cursor = max(self.cursor or 0, time_us)
            self.save()  # emitted: the cursor may now pass it
            return
        # Replayed events (after the rewind) are older than the cursor: it never moves back.
        self.cursor = max(self.cursor or 0, time_us)
        if time.monotonic() - self._saved_at >= SAVE_EVERY:
            self.save()
