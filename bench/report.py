"""What every bench returns (Rows) and how `python -m bench` prints them: one markdown table."""

from __future__ import annotations

import os
import platform
import resource
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass
class Row:
    bench: str
    what: str
    result: str
    baseline: str = ""  # the same-run reference the ratio is taken against
    ratio: str = ""
    goal: str = ""
    met: bool | None = None  # None: no goal, or not measured
    note: str = ""


def mark(met: bool | None) -> str:
    return {True: "✅ met", False: "❌ missed", None: ""}[met]


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine() -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} CPUs (nproc), {cpu_model()}, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}; load average at start {load}; "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    )


def table(rows: Iterable[Row]) -> str:
    head = "| bench | measurement | result | baseline (same run) | ratio | goal | status | notes |"
    lines = [head, "|" + "---|" * 8]
    for r in rows:
        cells = (r.bench, r.what, r.result, r.baseline, r.ratio, r.goal, mark(r.met), r.note)
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


def render(rows: list[Row], title: str = "claimwatch benchmarks", info: str | None = None) -> str:
    """info: machine() taken when the run started (the load average then means something)."""
    return f"## {title}\n\nMachine: {info or machine()}\n\n{table(rows)}\n"


class Clock:
    """Wall time and CPU time (user+sys) of this process, or of waited-for children."""

    def __init__(self, children: bool = False) -> None:
        self.who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF

    def _cpu(self) -> float:
        r = resource.getrusage(self.who)
        return r.ru_utime + r.ru_stime

    def __enter__(self) -> Clock:
        self.wall = self.cpu = 0.0
        self._t, self._c = time.perf_counter(), self._cpu()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self._t
        self.cpu = self._cpu() - self._c


def rate(n: float, seconds: float) -> str:
    return f"{n / seconds:,.0f}" if seconds > 0 else "inf"
