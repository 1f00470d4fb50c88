"""Delivery survives crashes, outages and shutdowns: the real `claimwatch run` in a subprocess.

The alerts are put in the outbox with the project's own `OutboxStore.enqueue` (a real SQLite
file); the daemon runs with no sources, so all it does is deliver them to a local webhook receiver.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from monitor.notify.outbox_store import OutboxStore
from monitor.store import Store
from tests import configs
from tests.notify.alerts import make_alert
from tests.notify.servers import WebhookReceiver

ALERTS = 500
KILLS = 24
SEED = int(os.environ.get("CLAIMWATCH_CRASH_SEED", "20261124"))
SECRET = "hunter2topsecret"
STARTUP = 30.0  # seconds a (re)started daemon may take to send its first request, backoff included


class SlowReceiver(WebhookReceiver):
    """A webhook receiver that answers late: mostly a few ms, sometimes a quarter second.

    `wait_idle` waits until no request is being handled, so a request still in flight from a
    killed daemon can't be mistaken for the next daemon's first one.
    """

    def __init__(self, seed: int) -> None:
        super().__init__()
        self._rng = random.Random(seed)  # used on the receiver's own thread only
        self._idle = threading.Condition()
        self._busy = 0

    @property
    def arrived(self) -> int:
        return len(self._arrived.snapshot())

    def wait_idle(self, timeout: float = 10.0) -> None:
        with self._idle:
            if not self._idle.wait_for(lambda: self._busy == 0, timeout):
                raise TimeoutError(f"{self._busy} requests still being handled")

    async def _handle(self, request: web.Request) -> web.Response:
        with self._idle:
            self._busy += 1
        try:
            return await self._answer_late(request)
        finally:
            with self._idle:
                self._busy -= 1
                self._idle.notify_all()

    async def _answer_late(self, request: web.Request) -> web.Response:
        try:
            await request.read()  # the whole request first (cached for the base handler)
        except ConnectionResetError:  # the daemon was killed mid-request: nothing arrived
            return web.Response(status=499)
        slow = self._rng.random() < 0.1
        # Service latency, not synchronisation: it widens the window in which a kill finds a
        # send in flight. Well under apprise's 4 s read timeout, so no send times out.
        await asyncio.sleep(self._rng.uniform(0.05, 0.25) if slow else self._rng.uniform(0, 0.01))
        return await super()._handle(request)


# -- helpers --------------------------------------------------------------------------------------
def write_config(tmp_path: Path, url: str) -> Path:
    return configs.write_config(tmp_path, f'[[notifiers]]\nname = "hook"\nurl = "{url}"\n')


def enqueue(state: Path, n: int) -> None:
    store = Store(state)
    outbox = OutboxStore(store)
    now = datetime.now(UTC)
    with store.transaction():
        for story in range(1, n + 1):
            outbox.enqueue("hook", make_alert(story), now)
    store.close()


def start(config: Path, log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:  # the child keeps its own handle
        return subprocess.Popen(
            [sys.executable, "-m", "monitor", "run", "--config", str(config)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def statuses(state: Path) -> Counter[str]:
    db = sqlite3.connect(f"file:{state}?mode=ro", uri=True)
    try:
        return Counter(dict(db.execute("SELECT status, count(*) FROM outbox GROUP BY status")))
    finally:
        db.close()


def head(state: Path) -> sqlite3.Row | None:
    db = sqlite3.connect(f"file:{state}?mode=ro", uri=True)
    db.row_factory = sqlite3.Row
    try:
        return db.execute(
            "SELECT * FROM outbox WHERE status='pending' ORDER BY id LIMIT 1"
        ).fetchone()
    finally:
        db.close()


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll an observable condition (the daemon is another process: no event to wait on)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(0.05)


def story_ids(bodies: list[Any]) -> list[int]:
    """Story ids of apprise JSON bodies, in arrival order (the alert is in `message`)."""
    return [json.loads(b["message"])["story_id"] for b in bodies]


def stop(proc: subprocess.Popen[bytes], timeout: float = 10.0) -> float:
    """SIGTERM; seconds until the process exited."""
    began = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout)
    return time.monotonic() - began


@pytest.fixture
def procs() -> Iterator[list[subprocess.Popen[bytes]]]:
    """Every daemon a test starts; whatever is still alive at the end is killed."""
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for p in started:
        if p.poll() is None:
            p.kill()
            p.wait(10)


# -- crash ----------------------------------------------------------------------------------------
def test_sigkill_at_random_points_loses_nothing_and_duplicates_at_most_one_per_kill(
    tmp_path: Path,
    procs: list[subprocess.Popen[bytes]],
    record_property: Callable[[str, object], None],
) -> None:
    rng = random.Random(SEED)
    state, log = tmp_path / "state.db", tmp_path / "daemon.log"
    enqueue(state, ALERTS)
    # Two rounds start with a 500: the head backs off 5 s, and the kill lands in that backoff.
    failing_rounds = set(rng.sample(range(KILLS), 2))
    kills = held_kills = 0
    with SlowReceiver(SEED) as hook:
        config = write_config(tmp_path, f"json://127.0.0.1:{hook.port}/crash")
        for n in range(KILLS):
            held = n not in failing_rounds and rng.random() < 0.25
            if n in failing_rounds:
                hook.fail(1)
            if held:
                hook.hold()  # a hung service: the first send stays in flight until the kill
            seen = hook.arrived
            procs.append(proc := start(config, log))
            hook.wait_arrived(seen + 1, timeout=STARTUP)
            # The random kill point, drawn from the seeded RNG (not a wait for anything).
            time.sleep(rng.uniform(0.0, 0.3) if held else rng.uniform(0.05, 0.6))
            proc.kill()
            proc.wait(10)
            kills += 1
            held_kills += held
            hook.release()
            hook.wait_idle()  # what the killed daemon had in flight is answered (or dropped)
            assert statuses(state)["pending"] > 0, "delivered everything before the last kill"

        left = statuses(state)["pending"]
        procs.append(proc := start(config, log))
        wait_until(lambda: statuses(state)["pending"] == 0, 60, "the outbox to drain")
        assert stop(proc) < 5 and proc.returncode == 0
        delivered = story_ids(hook.bodies)

    counts = Counter(delivered)
    duplicates = sum(c - 1 for c in counts.values())
    print(
        f"\ncrash test (seed {SEED}): {kills} kills ({held_kills} mid-send by design), "
        f"{len(delivered)} deliveries of {ALERTS} alerts, {duplicates} duplicates; "
        f"{left} alerts were left for the last run"
    )
    record_property("kills", kills)
    record_property("duplicates", duplicates)

    assert kills >= 20
    assert set(counts) == set(range(1, ALERTS + 1))  # every alert arrived, nothing else did
    # The bound. One notifier, no `rate`: every message is one row. The notifier's task sends
    # one message at a time and marks its row sent (an autocommitted UPDATE) before it reads the
    # next, so at any instant at most one row is delivered-but-not-marked. A SIGKILL loses that
    # one mark and the restart sends the row again: at most one duplicate per kill (per
    # notifier; a digest would repeat its whole batch). A 500 is not a delivery, no send nears
    # apprise's 4 s timeout, and the final SIGTERM finds nothing in flight: no other duplicates.
    assert duplicates <= kills
    # A kill while the receiver holds the first send always repeats that one: the count is
    # really measured, not vacuously zero.
    assert duplicates >= held_kills
    firsts = list(dict.fromkeys(delivered))
    assert firsts == sorted(firsts)  # in order, per notifier, across every restart
    assert statuses(state) == Counter(sent=ALERTS)


# -- outage ---------------------------------------------------------------------------------------
def test_outage_then_recovery_delivers_everything_in_order(
    tmp_path: Path, procs: list[subprocess.Popen[bytes]]
) -> None:
    state, log = tmp_path / "state.db", tmp_path / "daemon.log"
    enqueue(state, 12)
    with WebhookReceiver() as hook:
        config = write_config(tmp_path, f"json://desk:{SECRET}@127.0.0.1:{hook.port}/outage")
        hook.fail_forever()
        procs.append(proc := start(config, log))
        hook.requests.wait_for(2, timeout=STARTUP)  # the head, then its retry 5 s later
        wait_until(lambda: (h := head(state)) is not None and h["attempts"] == 2, 10, "retry")

        assert statuses(state) == Counter(pending=12)  # nothing dropped, nothing overtook
        listing = subprocess.run(
            [sys.executable, "-m", "monitor", "outbox", "--config", str(config)],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert listing.returncode == 0, listing.stderr
        first = listing.stdout.splitlines()[1].split()
        assert first[1:6] == ["hook", "new", "1", "pending", "2"]
        assert "last error:" in listing.stdout
        assert SECRET not in listing.stdout + listing.stderr

        hook.recover()  # the next retry (10 s after the second failure) gets through
        delivered = story_ids(hook.wait_for(12, timeout=40))
        wait_until(lambda: statuses(state) == Counter(sent=12), 10, "rows marked sent")
        assert stop(proc) < 2 and proc.returncode == 0

    assert delivered == list(range(1, 13))
    attempts = story_ids([r.json for r in hook.requests.snapshot()])
    assert attempts == [1, 1, *range(1, 13)]
    assert SECRET not in log.read_text()


# -- shutdown -------------------------------------------------------------------------------------
class SlowShutdown(AssertionError):
    """The process outlived the 2 s budget after SIGTERM."""


def test_sigterm_during_a_hung_send_exits_within_2s_and_keeps_the_row(
    tmp_path: Path, procs: list[subprocess.Popen[bytes]]
) -> None:
    state, log = tmp_path / "state.db", tmp_path / "daemon.log"
    enqueue(state, 1)
    with WebhookReceiver() as hook:
        config = write_config(tmp_path, f"json://127.0.0.1:{hook.port}/hung")
        hook.hold()
        procs.append(proc := start(config, log))
        hook.wait_arrived(1, timeout=STARTUP)  # the send is in flight, the service hangs
        took = stop(proc)
        hook.release()
    assert proc.returncode == 0, log.read_text()
    assert "stopped" in log.read_text()  # a graceful stop, not a crash
    # The interrupted send was not confirmed: its row stays pending, to be sent after a restart.
    assert statuses(state) == Counter(pending=1)
    if took >= 2.0:
        raise SlowShutdown(f"shutdown took {took:.1f}s with a send in flight")
