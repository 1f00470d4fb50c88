"""The durable outbox and its worker: at-least-once delivery, in order, per notifier.

A row is written before anything is sent and marked sent only after apprise confirms. A failed
send is retried with capped exponential backoff; the failing row stays at the head, so its
notifier waits (in order) while every other notifier carries on in its own task. A head that has
failed POISON_AFTER times is tried against the row behind it: if that one goes through, the
service works and the head is what it refuses (too long, malformed), so the head is set aside as
failed (kept, listed by `claimwatch outbox`, sent again by `outbox retry`) instead of holding
every later alert back. A digest head keeps to the rows it failed with from then on (a new
alert waits behind it), and after each failure its alerts are sent one at a time, in order: those
that go through are sent, and only those refused alone while a later message goes through are
set aside. A service down for every message takes none, so nothing is set aside. Sends block
(apprise uses `requests` and sleeps to throttle), so they run in a thread pool with one thread
per notifier: the event loop never stalls, and one hung service holds only its own thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import TextIO

from monitor.config import NotifierConfig
from monitor.models import Alert, utcnow
from monitor.notify.deliver import Notifier, SendResult
from monitor.notify.outbox_store import OutboxStore
from monitor.notify.render import Rendered, render
from monitor.notify.routing import Router
from monitor.redact import scrub_sent
from monitor.store import Store, alert_from_json

log = logging.getLogger("monitor.notify")

BACKOFF_START = 5.0  # seconds before the first retry
BACKOFF_CAP = 600.0  # retries never wait longer than this; they never stop either
IDLE_WAIT = 60.0  # a worker with nothing to do re-checks this often (submit() wakes it sooner)
REPORT_AFTER = 3  # failed attempts before a delivery problem is reported to ops notifiers
POISON_AFTER = 5  # failed attempts (~75 s of backoff) before the row behind the head is tried
# Seconds a send in flight may finish after stop. The whole stop must take < 2 s (Docker), on a
# loaded machine too: at 1.0 s it sometimes did not.
STOP_GRACE = 0.5
PRINTED_KINDS = {"new", "followup", "update", "original_changed", "ops", "test"}


def backoff(attempts: int, start: float = BACKOFF_START, cap: float = BACKOFF_CAP) -> float:
    """Seconds to wait after `attempts` failures: 5, 10, 20, ... capped."""
    return min(cap, start * 2.0 ** max(0, attempts - 1))


class Outbox:
    def __init__(
        self,
        store: Store,
        notifiers: list[NotifierConfig],
        *,
        stdout: TextIO | None = None,
        backoff_start: float = BACKOFF_START,
        backoff_cap: float = BACKOFF_CAP,
    ) -> None:
        self.store = store
        self.rows = OutboxStore(store)
        self.notifiers: dict[str, Notifier] = {cfg.name: self._notifier(cfg) for cfg in notifiers}
        self.router = Router(list(notifiers), self.rows)
        self.stdout = stdout
        self.backoff_start, self.backoff_cap = backoff_start, backoff_cap
        self._wake: dict[str, asyncio.Event] = {n: asyncio.Event() for n in self.notifiers}
        self._locks: dict[str, asyncio.Lock] = {n: asyncio.Lock() for n in self.notifiers}
        self._reported: set[str] = set()  # notifiers whose failure was reported to ops
        self._reconfigured = asyncio.Event()
        # One thread per notifier: a hung service can't starve the others.
        self._executor = self._new_executor()
        self._warn_orphans()

    def _notifier(self, cfg: NotifierConfig) -> Notifier:
        """A notifier whose rate window already holds what it sent before a restart."""
        n = Notifier(cfg)
        if not n.bucket.unlimited:
            now = utcnow()
            since = now - timedelta(seconds=n.bucket.period)
            n.bucket.prime(self.rows.sent_times(n.name, since), now.timestamp())
        return n

    def _new_executor(self) -> ThreadPoolExecutor:
        return ThreadPoolExecutor(
            max_workers=max(1, len(self.notifiers)), thread_name_prefix="claimwatch-notify"
        )

    def configure(self, notifiers: list[NotifierConfig]) -> None:
        """Apply a reloaded config. Unchanged notifiers keep their pacing state; a running
        worker starts and stops notifier tasks to match. Queued rows are kept either way."""
        old = self.notifiers
        self.notifiers = {
            cfg.name: old[cfg.name]
            if cfg.name in old and old[cfg.name].config == cfg
            else self._notifier(cfg)
            for cfg in notifiers
        }
        self.router = Router(list(notifiers), self.rows)
        for name in self.notifiers:
            self._wake.setdefault(name, asyncio.Event())
            self._locks.setdefault(name, asyncio.Lock())
        if len(self.notifiers) > self._executor._max_workers:
            previous, self._executor = self._executor, self._new_executor()
            previous.shutdown(wait=False)  # sends in flight there finish on their own
        self._reconfigured.set()
        self._warn_orphans()

    # -- routing and queueing --------------------------------------------------------------------
    def route(self, alert: Alert) -> list[str]:
        return [cfg.name for cfg, _ in self.router.plan(alert)]

    def submit(self, alert: Alert, now: datetime | None = None) -> list[int]:
        """Queue the alert for every notifier that should get it; return the outbox ids.

        With no notifiers configured the alert is printed instead (nothing is queued).
        """
        now = now or utcnow()
        if not self.notifiers:
            if alert.kind in PRINTED_KINDS:
                self._print(alert)
            return []
        plan = self.router.plan(alert)
        if not plan:
            if alert.kind == "ops":  # nobody to tell: the log is the ops channel
                log.warning("ops: %s%s", alert.claim, f" ({alert.note})" if alert.note else "")
            return []
        ids: list[int] = []
        own = not self.store.db.in_transaction  # inside the pipeline's transaction: join it
        if own:
            self.store.db.execute("BEGIN IMMEDIATE")
        try:
            for cfg, delivered in plan:
                ids.append(self.rows.enqueue(cfg.name, delivered, now))
        except BaseException:
            if own:
                self.store.db.execute("ROLLBACK")
            raise
        if own:
            self.store.db.execute("COMMIT")
        for cfg, _ in plan:
            self._wake[cfg.name].set()
        return ids

    def _print(self, alert: Alert) -> None:
        msg = render(alert, "text")
        out = self.stdout or sys.stdout
        print(f"── {msg.title}\n{msg.body}\n", file=out, flush=True)

    def _warn_orphans(self) -> None:
        names = {r["notifier"] for r in self.rows.by_status(("pending",))}
        for name in sorted(names - set(self.notifiers)):
            log.warning(
                "outbox has pending rows for notifier %r, which is not configured; "
                "they stay queued until it is",
                name,
            )

    def pending(self) -> int:
        """Rows still to deliver for the configured notifiers."""
        return sum(self.rows.pending_count(name) for name in self.notifiers)

    # -- the worker --------------------------------------------------------------------------------
    async def run(self, stop: asyncio.Event) -> None:
        """Deliver until `stop` is set; each notifier in its own task."""
        tasks: dict[str, asyncio.Task[None]] = {}
        served: dict[str, Notifier] = {}
        try:
            while not stop.is_set():
                self._reconfigured.clear()
                for name in tasks.keys() - self.notifiers.keys():  # removed by configure()
                    tasks.pop(name).cancel()
                for name, n in self.notifiers.items():
                    if name in tasks and not tasks[name].done() and served[name] is n:
                        continue
                    if name in tasks:  # its config changed: serve the new one
                        tasks[name].cancel()
                    tasks[name], served[name] = (
                        asyncio.create_task(self._serve(n, stop=stop), name=f"notify:{name}"),
                        n,
                    )
                await self._wait(self._reconfigured, stop, IDLE_WAIT)
            for event in self._wake.values():
                event.set()
            if tasks:
                _, still = await asyncio.wait(tasks.values(), timeout=STOP_GRACE)
                for t in still:  # a send in flight: its row stays pending, sent again later
                    t.cancel()
        finally:
            for t in tasks.values():
                t.cancel()
            await asyncio.gather(*tasks.values(), return_exceptions=True)

    async def drain(self, timeout: float) -> bool:
        """Deliver everything deliverable within `timeout` seconds (retries included).

        Returns True if nothing is left pending. Notifiers in quiet hours keep their rows.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        tasks = [
            asyncio.create_task(self._serve(n, deadline=deadline)) for n in self.notifiers.values()
        ]
        if tasks:
            _, still = await asyncio.wait(tasks, timeout=max(0.0, timeout))
            for t in still:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        return self.pending() == 0

    async def aclose(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)

    async def _serve(
        self, n: Notifier, *, stop: asyncio.Event | None = None, deadline: float | None = None
    ) -> None:
        """One notifier's loop. With `deadline` (drain) it returns when nothing more can be done
        before then; with `stop` (run) it returns when stop is set."""
        loop = asyncio.get_running_loop()
        wake = self._wake[n.name]
        while stop is None or not stop.is_set():
            wake.clear()
            try:
                async with self._locks[n.name]:
                    delay, quiet = await self._step(n)
            except (sqlite3.Error, OSError) as e:
                log.error("notifier %s: outbox error: %s", n.name, e)
                delay, quiet = BACKOFF_START, False
            except Exception:  # a bug must not silence a notifier: log it and try again
                log.exception("notifier %s: unexpected error in the outbox worker", n.name)
                delay, quiet = BACKOFF_START, False
            if delay == 0:
                continue
            if deadline is not None and (delay is None or quiet or loop.time() + delay > deadline):
                return
            await self._wait(wake, stop, IDLE_WAIT if delay is None else delay)

    @staticmethod
    async def _wait(wake: asyncio.Event, stop: asyncio.Event | None, timeout: float) -> None:
        waiters = [asyncio.create_task(wake.wait())]
        if stop is not None:
            waiters.append(asyncio.create_task(stop.wait()))
        try:
            await asyncio.wait(waiters, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for w in waiters:
                w.cancel()

    async def _step(self, n: Notifier) -> tuple[float | None, bool]:
        """Send the next message of one notifier if it may go now.

        Returns (seconds until something could be done, held by quiet hours): 0 after a send
        (look again at once), None when the queue is empty.
        """
        rows = self.rows.pending(n.name)
        if not rows:
            return None, False
        now = utcnow()
        head = rows[0]
        if head["next_attempt"] > now.timestamp():  # backoff: the head waits, so all wait
            return head["next_attempt"] - now.timestamp(), False
        if n.quiet is not None and n.quiet.active(now):
            return max(1.0, (n.quiet.ends_after(now) - now).total_seconds()), True
        tokens = n.bucket.available()
        if tokens < 1:
            return max(0.05, n.bucket.wait_time()), False

        poisoned = int(head["attempts"]) + 1 >= POISON_AFTER
        alerts: list[Alert] = []
        for row in rows:
            if poisoned and alerts and not row["attempts"]:
                # Only what failed before: a digest would take in every new row, so none would
                # ever be left behind it to show whether the service takes other messages.
                break
            try:
                alerts.append(alert_from_json(row["payload"]))
            except (ValueError, TypeError, KeyError) as e:
                if not alerts:  # an unreadable head would block forever: set it aside, loudly
                    log.error(
                        "notifier %s: outbox row %d is unreadable (%s); marked failed",
                        n.name,
                        row["id"],
                        e,
                    )
                    self.rows.set_status([row["id"]], "failed")
                    return 0, False
                break
        held = n.quiet is not None and n.quiet.active(_dt(head["created"]))
        # A burst bigger than the tokens left (keeping one for the digest itself), or what
        # piled up during quiet hours, goes out as one digest instead of being dropped.
        if len(alerts) == 1 or (len(alerts) <= tokens - 1 and not held):
            message = self._render(n, alerts[:1])
        else:
            message = self._render(n, alerts)
        batch = [int(r["id"]) for r in rows[: message.count]]
        result = await self._send(n, message)
        delay = self._record(n, head, batch, result)
        progressed = (
            not result.ok
            and poisoned
            and await self._set_aside_if_refused(
                n,
                head,
                alerts[: len(batch)],
                batch,
                rows[len(batch) : len(batch) + 1],
                result.error,
            )
        )
        return (0 if progressed else delay), False

    async def _set_aside_if_refused(
        self,
        n: Notifier,
        head: sqlite3.Row,
        alerts: list[Alert],
        batch: list[int],
        behind: list[sqlite3.Row],
        error: str,
    ) -> bool:
        """A head (one alert or a digest) keeps failing: find what the service refuses.

        A digest's alerts are sent one at a time first, in order, each as the rate allows; those
        that go through are sent. An alert refused (alone, or the single head) is set aside as
        failed (kept, retryable) only once a message after it goes through: a later alert of the
        digest, or else the row behind the head. A service down for every message takes none,
        so nothing is set aside. Returns whether anything was sent or set aside."""
        sent: list[int] = []
        refused: list[int] = []  # refused while a later message went through
        waiting: list[int] = []  # refused; is the service up at all?

        def went_through(row_id: int) -> None:
            self.rows.mark_sent([row_id], utcnow())
            sent.append(row_id)
            refused.extend(waiting)
            waiting.clear()

        if len(batch) == 1:
            waiting.append(batch[0])  # just refused alone: not sent again
        else:
            for row_id, alert in zip(batch, alerts, strict=True):
                result = await self._send_one(n, alert)
                if result is None:
                    break  # the rate window is full: the rest wait at the head
                if result.ok:
                    went_through(row_id)
                else:
                    waiting.append(row_id)
                    error = result.error
        if waiting and behind:
            probe: Alert | None = None
            # an unreadable row is not sent: the next step sets it aside itself
            with contextlib.suppress(ValueError, TypeError, KeyError):
                probe = alert_from_json(behind[0]["payload"])
            result = None if probe is None else await self._send_one(n, probe)
            if result is not None and result.ok:
                went_through(int(behind[0]["id"]))
        if refused:
            self.rows.set_status(refused, "failed")
            self._report_set_aside(n, head, batch, refused, sent, error)
        return bool(sent or refused)

    def _report_set_aside(
        self,
        n: Notifier,
        head: sqlite3.Row,
        batch: list[int],
        refused: list[int],
        sent: list[int],
        error: str,
    ) -> None:
        """One log line and one ops message naming the rows set aside."""
        tries = int(head["attempts"]) + 1
        one = len(refused) == 1
        if len(batch) == 1:
            what = f"outbox row {batch[0]} failed {tries} times while the next alert went through"
            refused_what = "one alert"
        else:
            what = (
                f"outbox {_rows(refused)}, refused alone after a digest of {len(batch)} "
                f"({_rows(batch)}) failed {tries} times, while {_rows(sent)} went through"
            )
            refused_what = (
                f"{'one alert' if one else f'{len(refused)} alerts'} of a digest of {len(batch)}"
            )
        text = (
            f"notifier {n.name}: {what}; marked failed so {'it holds' if one else 'they hold'} "
            f"back no more (`claimwatch outbox retry {' '.join(map(str, refused))}` sends "
            f"{'it' if one else 'them'} again): {error or 'send failed'}"
        )
        log.error("%s", text)
        self._ops(f"delivery to notifier {n.name} refused {refused_what}", n.name, note=text)

    async def _send_one(self, n: Notifier, alert: Alert) -> SendResult | None:
        """Send one alert as its own message if the rate allows one now (None if not)."""
        if n.bucket.available() < 1:
            return None
        return await self._send(n, self._render(n, [alert]))

    async def _send(self, n: Notifier, message: Rendered) -> SendResult:
        n.bucket.take()
        return await asyncio.get_running_loop().run_in_executor(self._executor, n.send, message)

    def _render(self, n: Notifier, alerts: list[Alert]) -> Rendered:
        if len(alerts) == 1:
            try:
                return n.render(alerts[0])
            except Exception as e:  # a broken user template must not stop delivery
                log.error(
                    "notifier %s: template failed (%s); using the default template",
                    n.name,
                    scrub_sent(str(e)),
                )
                return render(alerts[0], n.channel, fmt=n.fmt)
        return n.render_digest(alerts)

    def _record(
        self, n: Notifier, head: sqlite3.Row, batch: list[int], result: SendResult
    ) -> float:
        now = utcnow()
        if result.ok:
            self.rows.mark_sent(batch, now)
            if n.name in self._reported:
                self._reported.discard(n.name)
                self._ops(f"delivery to notifier {n.name} recovered", n.name)
            return 0
        attempts = int(head["attempts"]) + 1
        delay = backoff(attempts, self.backoff_start, self.backoff_cap)
        self.rows.mark_retry(batch, result.error or "send failed", now + timedelta(seconds=delay))
        log.warning(
            "notifier %s: send failed (attempt %d, %d message(s), retry in %.0fs): %s",
            n.name,
            attempts,
            len(batch),
            delay,
            result.error or "send failed",
        )
        if attempts >= REPORT_AFTER and n.name not in self._reported:
            self._reported.add(n.name)
            self._ops(
                f"delivery to notifier {n.name} is failing",
                n.name,
                note=f"{attempts} attempts, {self.rows.pending_count(n.name)} waiting; "
                f"last error: {result.error}",
            )
        return delay

    def _ops(self, text: str, failing: str, note: str | None = None) -> None:
        """Tell the ops notifiers (except the one in trouble), or the log if there are none."""
        alert = Alert.ops(text, note=note)
        targets = [c for c, _ in self.router.plan(alert) if c.name != failing]
        if not targets:
            log.warning("ops: %s%s", text, f" ({note})" if note else "")
            return
        now = utcnow()
        for cfg in targets:
            self.rows.enqueue(cfg.name, alert, now)
            self._wake[cfg.name].set()


def _rows(ids: list[int]) -> str:
    """ "row 2" or "rows 1, 3"."""
    return f"row {ids[0]}" if len(ids) == 1 else f"rows {', '.join(map(str, ids))}"


def _dt(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, UTC)
