"""Latency bench: from a post appearing on a local server to its alert reaching a local webhook.

`python -m bench.latency [--samples 40] [--interval 1s] [--quick]`

A real daemon (`claimwatch run`, a subprocess) with a json:// notifier pointed at a receiver in
this process. Each sample is a distinct breaking claim on a benchmark topic, published at a random
moment; latency = receiver's clock at the webhook POST - the server's clock when the post appeared
(one machine, one clock).

* polling: 20 RSS sources on the feed farm (bench/feedfarm.py), all polled every `interval`; the
  expected latency is about interval/2 (waiting for the next poll) plus processing and delivery.
* streaming: one `kind = "jetstream"` source on the farm's Jetstream-like WebSocket; reported as
  n/a, with the reason, when the daemon does not run that kind.

Samples are spaced 0.6-1.4 s apart, so they fall at every phase of the poll interval. Each mode is
bounded to about two minutes; alerts that never arrive are counted as missing, not waited for.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from aiohttp import web

from bench.feedfarm import FeedFarm
from bench.report import Row, machine, render
from bench.stream import TOPICS_TOML
from monitor.durations import parse_duration
from monitor.pipeline.dedup import Deduper
from monitor.testing import ThreadedApp, free_port

MODE_LIMIT = 110.0  # seconds per mode, warm-up included
DID = "did:plc:claimwatchbench0000000"
_CODE = re.compile(rb"zq([a-z]{3})")
_SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ru",
    "te",
    "zan",
    "vor",
    "pel",
    "dun",
    "sira",
    "bex",
    "tol",
    "gam",
    "nue",
    "ost",
    "rik",
]


def _code(k: int) -> str:
    return "zq" + "".join(chr(97 + (k // 26**p) % 26) for p in (2, 1, 0))


def _decode(letters: bytes) -> int:
    a, b, c = (x - 97 for x in letters)
    return a * 676 + b * 26 + c


def claims(n: int, seed: int = 1) -> list[str]:
    """n breaking claims on a bench topic that the real Deduper keeps in n separate stories."""
    rng = random.Random(seed)
    dd = Deduper(timedelta(hours=48))
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    out: list[str] = []
    while len(out) < n:
        words = [
            "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))) for _ in range(7)
        ]
        target = rng.choice(["Syria", "Iraq"])
        text = (
            f"JUST IN: {words[0].title()} officials say rockets struck the {words[1]} {words[2]} "
            f"depot in {target}, {words[3]} {words[4]} {words[5]} {words[6]} {_code(len(out))}"
        )
        if dd.find(text, t0).story_id is None:  # a merge would be one alert for two samples
            dd.add(len(out) + 1, text, t0)
            out.append(text)
    return out


class Receiver:
    """A webhook receiver on its own thread: records (arrival time, sample number)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.arrived: dict[int, float] = {}
        self._cond = threading.Condition()
        self._server: ThreadedApp | None = None

    async def _handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        now = time.time()
        with self._cond:
            for m in _CODE.finditer(body):
                self.arrived.setdefault(_decode(m.group(1)), now)
            self._cond.notify_all()
        return web.Response(text="ok")

    def wait(self, keys: set[int], timeout: float) -> None:
        with self._cond:
            self._cond.wait_for(lambda: keys <= self.arrived.keys(), timeout)

    def __enter__(self) -> Receiver:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._server = ThreadedApp(app, self.port, name="webhook-receiver").start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.stop()


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)  # seconds
    sent: int = 0
    error: str = ""


def _config(tmp: Path, sources: str, hook: str) -> Path:
    cfg = tmp / "claimwatch.toml"
    cfg.write_text(
        f'[monitor]\nstate = "{tmp / "state.db"}"\nlog_level = "WARNING"\n\n'
        f"[server]\nenabled = false\n\n{TOPICS_TOML}\n{sources}\n"
        f'[[notifiers]]\nname = "bench"\nurl = "{hook}"\n',
        encoding="utf-8",
    )
    return cfg


@contextlib.contextmanager
def daemon(cfg: Path, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    exe = Path(sys.executable).with_name("claimwatch")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "monitor"]
    with log.open("wb") as fh:
        proc = subprocess.Popen([*cmd, "run", "--config", str(cfg)], stdout=fh, stderr=fh)
        try:
            yield proc
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)


def _why_dead(proc: subprocess.Popen[bytes], log: Path) -> str:
    if proc.poll() is None:
        return ""
    tail = log.read_text(errors="replace").strip().splitlines()[-1:] or ["no output"]
    return f"daemon exited with {proc.returncode}: {tail[0][:160]}"


def _sample(
    texts: list[str], publish: Callable[[int, str], float], receiver: Receiver, deadline: float
) -> tuple[dict[int, float], int]:
    """Publish each text at a random moment; returns (sample -> publish time, samples sent)."""
    rng = random.Random(2)
    published: dict[int, float] = {}
    for k, text in enumerate(texts):
        if time.monotonic() > deadline - 10:
            break
        published[k] = publish(k, text)
        time.sleep(rng.uniform(0.6, 1.4))
    receiver.wait(set(published), max(1.0, min(15.0, deadline - time.monotonic())))
    return published, len(published)


def measure_poll(samples: int, interval: timedelta, feeds: int = 20) -> Result:
    deadline = time.monotonic() + MODE_LIMIT
    every = f"{interval.total_seconds():g}s"
    texts = claims(samples)
    with (
        tempfile.TemporaryDirectory(prefix="cw-latency-") as d,
        FeedFarm(feeds, hosts=2) as farm,
        Receiver() as rx,
    ):
        tmp = Path(d)
        sources = "".join(
            f'[[sources]]\nurl = "{u}"\nname = "feed{i}"\ninterval = "{every}"\n\n'
            for i, u in enumerate(farm.urls)
        )
        cfg = _config(tmp, sources, f"json://127.0.0.1:{rx.port}/hook")
        with daemon(cfg, tmp / "daemon.log") as proc:
            while sum(v for k, v in farm.stats().items() if k[0].isdigit()) < 3 * feeds:
                if (why := _why_dead(proc, tmp / "daemon.log")) or time.monotonic() > deadline - 60:
                    return Result(error=why or "warm-up: the daemon did not poll every feed")
                time.sleep(0.2)
            published, sent = _sample(texts, lambda k, t: farm.publish(k % feeds, t), rx, deadline)
            lat = [rx.arrived[k] - t for k, t in published.items() if k in rx.arrived]
            return Result(lat, sent, _why_dead(proc, tmp / "daemon.log"))


def measure_stream(samples: int) -> Result:
    from monitor.sources import KINDS

    if "jetstream" not in KINDS:
        return Result(error="kind 'jetstream' is not registered in monitor.sources.KINDS yet")
    deadline = time.monotonic() + MODE_LIMIT
    texts = claims(samples, seed=2)
    with (
        tempfile.TemporaryDirectory(prefix="cw-latency-") as d,
        FeedFarm(1, hosts=1) as farm,
        Receiver() as rx,
    ):
        tmp = Path(d)
        source = (
            f'[[sources]]\nkind = "jetstream"\nname = "jetstream"\n'
            f'instance = "{farm.ws_base}"\ndids = ["{DID}"]\n'
            'appview = ""\n\n'  # no handle lookups: the public AppView is not reachable here
        )
        cfg = _config(tmp, source, f"json://127.0.0.1:{rx.port}/hook")
        with daemon(cfg, tmp / "daemon.log") as proc:
            while farm.push(DID, "warmup", "warm-up, not a claim")[1] < 1:
                if why := _why_dead(proc, tmp / "daemon.log"):
                    return Result(error=why)
                if time.monotonic() > deadline - 80:
                    return Result(error="the daemon never connected to the Jetstream server")
                time.sleep(0.5)

            def push(k: int, text: str) -> float:
                return farm.push(DID, f"bench{k}", text)[0]

            published, sent = _sample(texts, push, rx, deadline)
            lat = [rx.arrived[k] - t for k, t in published.items() if k in rx.arrived]
            return Result(lat, sent, _why_dead(proc, tmp / "daemon.log"))


def _row(what: str, r: Result, expected: float | None) -> Row:
    if not r.latencies:
        return Row("latency", what, "n/a", note=r.error or f"no alert arrived of {r.sent} sent")
    ms = sorted(x * 1000 for x in r.latencies)
    p50 = statistics.median(ms)
    p99 = statistics.quantiles(ms, n=100, method="inclusive")[98] if len(ms) > 1 else ms[0]
    got = f"{len(ms)}/{r.sent} alerts arrived"
    note = f"{got}; min {ms[0]:.0f} ms, max {ms[-1]:.0f} ms" + (f"; {r.error}" if r.error else "")
    row = Row("latency", what, f"p50 {p50:,.0f} ms, p99 {p99:,.0f} ms", note=note)
    if expected is not None:
        row.baseline = f"interval/2 = {expected:,.0f} ms (expected wait for the next poll)"
        row.ratio = f"p50 {p50 / expected:.2f}× of it; p50 - interval/2 = {p50 - expected:,.0f} ms"
        row.goal = "≈ interval/2 + processing"
    return row


def run(samples: int, interval: timedelta) -> list[Row]:
    every = f"{interval.total_seconds():g} s"
    poll = measure_poll(samples, interval)
    rows = [_row(f"post → webhook, polling (`claimwatch run`, 20 feeds every {every})",
                 poll, interval.total_seconds() * 500)]  # fmt: skip
    stream = measure_stream(samples)
    rows.append(_row("post → webhook, streaming (Jetstream WebSocket)", stream, None))
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--samples", type=int, default=40)
    ap.add_argument("--interval", type=parse_duration, default=timedelta(seconds=1))
    ap.add_argument("--quick", action="store_true", help="8 samples")
    a = ap.parse_args()
    info = machine()
    rows = run(8 if a.quick else a.samples, a.interval)
    print(render(rows, "claimwatch latency bench", info))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
