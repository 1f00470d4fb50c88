"""Real local servers for notifier tests: a webhook receiver (aiohttp) and an SMTP sink (aiosmtpd).

Both run on their own thread and event loop, so they answer while the test's loop is busy and
apprise's blocking `requests`/`smtplib` calls (in an executor) can reach them. Tests wait for
messages with `wait_for`/`await_count` (condition variables), never with sleeps.
"""

from __future__ import annotations

import asyncio
import contextlib
import email
import email.policy
import json
import threading
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from aiohttp import web

from monitor.testing import ThreadedApp, free_port


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    body: bytes
    status: int  # what the receiver answered

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class _Behaviour:
    fail_next: int = 0  # answer the next N requests with fail_status
    fail_always: bool = False
    fail_status: int = 500
    gate: threading.Event = field(default_factory=threading.Event)  # cleared: hold requests


class _Recorder:
    """Items recorded by a server thread; waiters block on a condition, not a sleep."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._items: list[Any] = []

    def add(self, item: Any) -> None:
        with self._cond:
            self._items.append(item)
            self._cond.notify_all()

    def snapshot(self) -> list[Any]:
        with self._cond:
            return list(self._items)

    def clear(self) -> None:
        with self._cond:
            self._items.clear()

    def wait_for(self, n: int, timeout: float = 10.0) -> list[Any]:
        with self._cond:
            if not self._cond.wait_for(lambda: len(self._items) >= n, timeout):
                raise TimeoutError(f"expected {n} items, got {len(self._items)}")
            return list(self._items)

    async def await_count(self, n: int, timeout: float = 10.0) -> list[Any]:
        return await asyncio.to_thread(self.wait_for, n, timeout)


class WebhookReceiver:
    """Records every POST/PUT. `fail(n)` makes the next n answer 500; `hold()` stalls answers.

    `requests` holds every request, `ok` only those answered 2xx (the delivered messages).
    """

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.requests = _Recorder()
        self.ok = _Recorder()
        self.behaviour = _Behaviour()
        self.behaviour.gate.set()
        self._server: ThreadedApp | None = None
        self._arrived = (
            _Recorder()
        )  # requests seen (before gate/answer): lets tests sync on "in flight"

    # -- behaviour -----------------------------------------------------------------------------
    def fail(self, n: int = 1, status: int = 500) -> None:
        self.behaviour.fail_next, self.behaviour.fail_status = n, status

    def fail_forever(self, status: int = 500) -> None:
        self.behaviour.fail_always, self.behaviour.fail_status = True, status

    def recover(self) -> None:
        self.behaviour.fail_always, self.behaviour.fail_next = False, 0

    def hold(self) -> None:
        """Stall every answer until release(): a slow or hung service."""
        self.behaviour.gate.clear()

    def release(self) -> None:
        self.behaviour.gate.set()

    def wait_arrived(self, n: int, timeout: float = 10.0) -> None:
        self._arrived.wait_for(n, timeout)

    async def await_arrived(self, n: int, timeout: float = 10.0) -> None:
        await self._arrived.await_count(n, timeout)

    # -- recorded ------------------------------------------------------------------------------
    @property
    def bodies(self) -> list[Any]:
        """JSON bodies of the requests answered 2xx, in arrival order."""
        return [r.json for r in self.ok.snapshot()]

    def wait_for(self, n: int, timeout: float = 10.0) -> list[Any]:
        return [r.json for r in self.ok.wait_for(n, timeout)]

    async def await_count(self, n: int, timeout: float = 10.0) -> list[Any]:
        return [r.json for r in await self.ok.await_count(n, timeout)]

    # -- server --------------------------------------------------------------------------------
    async def _handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        self._arrived.add(request.path)
        gate = self.behaviour.gate
        if not gate.is_set():
            await asyncio.to_thread(gate.wait)
        b = self.behaviour
        status = 200
        if b.fail_always or b.fail_next > 0:
            b.fail_next = max(0, b.fail_next - 1)
            status = b.fail_status
        rec = Request(request.path, dict(request.headers), body, status)
        self.requests.add(rec)
        if status < 300:
            self.ok.add(rec)
            return web.Response(text="ok", status=status)
        return web.Response(text="failing on purpose", status=status)

    def start(self) -> WebhookReceiver:
        app = web.Application(client_max_size=16 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._server = ThreadedApp(app, self.port, name="webhook-receiver").start()
        return self

    def stop(self) -> None:
        self.release()
        if self._server is not None:
            self._server.stop()

    def __enter__(self) -> WebhookReceiver:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class _SinkHandler:
    def __init__(self, sink: SmtpSink) -> None:
        self.sink = sink

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.sink.fail_next > 0:
            self.sink.fail_next -= 1
            return "451 try again later"
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(msg, EmailMessage)
        self.sink.messages.add(msg)
        self.sink.envelopes.add((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 OK"


class SmtpSink:
    """aiosmtpd on a free local port; `messages` holds parsed EmailMessage objects."""

    def __init__(self) -> None:
        self.port = free_port()
        self.messages = _Recorder()
        self.envelopes = _Recorder()
        self.fail_next = 0
        self._controller: Any = None

    def apprise_url(
        self,
        to: str = "desk@example.org",
        sender: str = "claimwatch@example.org",
    ) -> str:
        """Plain SMTP to localhost: `mailto://` without credentials defaults to mode=insecure."""
        return f"mailto://127.0.0.1:{self.port}?from={sender}&to={to}&mode=insecure"

    def start(self) -> SmtpSink:
        from aiosmtpd.controller import Controller

        self._controller = Controller(_SinkHandler(self), hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            with contextlib.suppress(Exception):
                self._controller.stop()

    def wait_for(self, n: int, timeout: float = 10.0) -> list[EmailMessage]:
        return self.messages.wait_for(n, timeout)

    async def await_count(self, n: int, timeout: float = 10.0) -> list[EmailMessage]:
        return await self.messages.await_count(n, timeout)

    def __enter__(self) -> SmtpSink:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
