"""Real local servers for notifier tests: a webhook receiver (aiohttp) and an SMTP sink (aiosmtpd).

Both run on their own thread and event loop, so they answer while the test's loop is busy and
apprise's blocking `requests`/`smtplib` calls (in an executor) can reach them. Tests wait for
messages with `wait_for`/`await_count` (condition variables), never with sleeps.

The webhook receiver can also speak HTTPS with a throwaway self-signed certificate, for plugins
that only ever post to `https://` (apprise's Teams "workflows").
"""

from __future__ import annotations

import asyncio
import contextlib
import email
import email.policy
import json
import shlex
import shutil
import ssl
import subprocess
import tempfile
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiohttp import web

from monitor.testing import ThreadedApp, free_port


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    body: bytes
    status: int  # what the receiver answered
    query: dict[str, str] = field(default_factory=dict)  # URL parameters (Teams signs with ?sig=)

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class _Behaviour:
    fail_next: int = 0  # answer the next N requests with fail_status
    fail_always: bool = False
    fail_status: int = 500
    refuse: bytes = b""  # answer 400 to any body that contains this
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


# A one-day self-signed certificate for 127.0.0.1. An EC key is made in milliseconds; RSA would
# slow every TLS test down.
_OPENSSL_REQ = shlex.split(
    "req -x509 -nodes -days 1 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 "
    "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1"
)


class TLSUnavailable(RuntimeError):
    """No way to make a certificate here; tests needing TLS skip with this reason."""


def self_signed_context() -> ssl.SSLContext:
    """A server context with a fresh self-signed certificate for 127.0.0.1.

    Made with the openssl CLI: neither `cryptography` nor `trustme` is a dependency, and the
    certificate only has to exist (clients under test connect with verification off).
    """
    openssl = shutil.which("openssl")
    if openssl is None:
        raise TLSUnavailable("TLS receiver needs the openssl CLI to make a test certificate")
    with tempfile.TemporaryDirectory(prefix="claimwatch-tls-") as tmp:
        cert, key = Path(tmp, "cert.pem"), Path(tmp, "key.pem")
        subprocess.run(
            [openssl, *_OPENSSL_REQ, "-keyout", str(key), "-out", str(cert)],
            check=True,
            capture_output=True,
            timeout=30,
        )
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)  # loaded into memory: the files can go
    return context


class WebhookReceiver:
    """Records every POST/PUT. `fail(n)` makes the next n answer 500; `hold()` stalls answers.

    `requests` holds every request, `ok` only those answered 2xx (the delivered messages).
    With `tls=True` it answers HTTPS on `port` (self-signed: clients must skip verification)
    and raises TLSUnavailable when no certificate can be made.
    """

    def __init__(self, *, tls: bool = False) -> None:
        self.port = free_port()
        self._tls = self_signed_context() if tls else None
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}"
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
        self.behaviour.refuse = b""

    def refuse(self, marker: str) -> None:
        """Answer 400 to every message containing `marker`: a service that takes the others."""
        self.behaviour.refuse = marker.encode()

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
        elif b.refuse and b.refuse in body:
            status = 400
        rec = Request(request.path, dict(request.headers), body, status, dict(request.query))
        self.requests.add(rec)
        if status < 300:
            self.ok.add(rec)
            return web.Response(text="ok", status=status)
        return web.Response(text="failing on purpose", status=status)

    def _app(self) -> web.Application:
        app = web.Application(client_max_size=16 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        return app

    async def _tls_site(self, _outer: web.Application) -> AsyncIterator[None]:
        """Serve the receiver over TLS on `port` for as long as the outer app runs."""
        runner = web.AppRunner(self._app(), access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", self.port, ssl_context=self._tls).start()
        yield
        await runner.cleanup()

    def start(self) -> WebhookReceiver:
        if self._tls is None:
            self._server = ThreadedApp(self._app(), self.port, name="webhook-receiver").start()
            return self
        # ThreadedApp serves plain HTTP only. It runs a route-less app on a spare port whose
        # startup opens the TLS site on `port`, so thread, loop and shutdown stay ThreadedApp's.
        outer = web.Application()
        outer.cleanup_ctx.append(self._tls_site)
        self._server = ThreadedApp(outer, name="webhook-receiver-tls").start()
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
