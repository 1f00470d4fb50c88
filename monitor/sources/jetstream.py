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
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from abc import abstractmethod
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode, urlsplit

import aiohttp

from monitor.models import Post, utcnow
from monitor.sources.accounts import parse_time, unique
from monitor.sources.base import Source
from monitor.sources.bluesky import external_uri, facet_links, post_url

log = logging.getLogger(__name__)

Emit = Callable[[list[Post]], Awaitable[None]]

JETSTREAM = "wss://jetstream2.us-east.bsky.network/subscribe"
POST_COLLECTION = "app.bsky.feed.post"
REWIND_US = 5_000_000  # reconnect this far before the cursor (Jetstream: "subtract a few seconds")
MAX_REPLAY = timedelta(hours=2)  # a cursor older than this is dropped: old posts never alert anyway
SAVE_EVERY = 5.0  # seconds between cursor saves while nothing matches
RECONNECT_MAX = 60.0
HEARTBEAT = 30.0  # ping interval; a dead connection is noticed within about this


class StreamSource(Source):
    """A source that pushes posts as they happen instead of being polled."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.connected = False
        self.last_error: str | None = None
        self.last_event: datetime | None = None  # for /healthz: when the stream last spoke

    @abstractmethod
    async def stream(self, emit: Emit, stop: asyncio.Event) -> None:
        """Deliver posts through emit until stop is set; reconnects on its own, never raises
        for network trouble (CancelledError aside)."""

    async def poll(self) -> list[Post]:
        """Nothing: a stream source delivers through stream(). Returns [] rather than raising so
        that polling every source (`claimwatch once`) neither fails nor alerts ops about it."""
        log.debug("source %s: a stream source; poll() returns nothing", self.name)
        return []


def jetstream_url(base: str | None, dids: list[str], cursor: int | None) -> str:
    url = (base or JETSTREAM).rstrip("/")
    if urlsplit(url).path in ("", "/"):
        url += "/subscribe"
    params: list[tuple[str, str]] = [("wantedCollections", POST_COLLECTION)]
    params += [("wantedDids", d) for d in dids]
    if cursor is not None:
        params.append(("cursor", str(cursor)))
    return f"{url}?{urlencode(params)}"


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
    embed = record.get("embed") if isinstance(record.get("embed"), dict) else {}
    links = [*facet_links(record), external_uri(embed)]
    quoted = embed.get("record") if isinstance(embed.get("record"), dict) else {}
    quoted = quoted.get("record") if isinstance(quoted.get("record"), dict) else quoted
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
        author=did,  # Jetstream carries no handle; bsky.app resolves the DID in the url
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
        self._saved_at = 0.0

    def wants(self, post: Post) -> bool:
        if self.dids and post.author not in self.dids:
            return False  # the server filters by wantedDids too; a proxy or replay may not
        if self.keywords:
            text = post.text.casefold()
            return any(k in text for k in self.keywords)
        return True

    def _save(self) -> None:
        floor = (self.cursor or 0) - 2 * REWIND_US
        self._recent = {k: t for k, t in self._recent.items() if t >= floor}
        self.save_state("jetstream", {"cursor": self.cursor, "recent": self._recent})
        self._saved_at = time.monotonic()

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
        attempt = 0
        async with aiohttp.ClientSession(
            headers={"User-Agent": settings.user_agent},
            trust_env=True,
            timeout=aiohttp.ClientTimeout(sock_connect=settings.connect_timeout.total_seconds()),
        ) as session:
            while not stop.is_set():
                before = self.cursor
                url = jetstream_url(self.config.instance, self.dids, self._start_cursor())
                try:
                    await self._connection(session, url, emit, stop)
                except (aiohttp.ClientError, OSError, TimeoutError) as e:
                    self.last_error = f"{type(e).__name__}: {e}"
                    log.warning(
                        "source %s: jetstream connection failed: %s", self.name, self.last_error
                    )
                finally:
                    self.connected = False
                    self._save()
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
    ) -> None:
        async with session.ws_connect(url, heartbeat=HEARTBEAT) as ws:
            self.connected = True
            log.info("source %s: jetstream connected", self.name)

            async def close_on_stop() -> None:
                await stop.wait()
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
            if not stop.is_set():
                self.last_error = f"closed by the server (code {ws.close_code})"
                log.info("source %s: jetstream %s; reconnecting", self.name, self.last_error)

    async def _event(self, data: str, emit: Emit) -> None:
        try:
            event = json.loads(data)
        except ValueError:
            log.debug("source %s: skipped a message that is not JSON", self.name)
            return
        if not isinstance(event, dict) or not isinstance(event.get("time_us"), int):
            return
        time_us: int = event["time_us"]
        self.last_event = utcnow()
        post = event_post(event, self.name, self.last_event)
        if post is not None and post.id not in self._recent and self.wants(post):
            await emit([post])
            self._recent[post.id] = time_us
            self.cursor = max(self.cursor or 0, time_us)
            self._save()  # emitted: the cursor may now pass it
            return
        # Replayed events (after the rewind) are older than the cursor: it never moves back.
        self.cursor = max(self.cursor or 0, time_us)
        if time.monotonic() - self._saved_at >= SAVE_EVERY:
            self._save()
