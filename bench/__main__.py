"""`python -m bench [--data ../shared/data] [--quick] [--only poll,...]`: one markdown table.

Runs the pipeline, poll, peer and latency benches in that order (each is also runnable alone:
`python -m bench.poll --n 1000`, ...) and prints their rows as one table with the machine and date.
A bench that fails becomes a row saying so; the others still run.
"""

from __future__ import annotations

import argparse
import time
import traceback
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from bench import latency, peer, pipeline, poll
from bench.report import Row, machine, render

BENCHES = ("pipeline", "poll", "peer", "latency")


def plan(quick: bool, data: Path | None) -> dict[str, Callable[[], list[Row]]]:
    if quick:
        return {
            "pipeline": lambda: pipeline.run(20_000, 2_000, 10_000, 2_000, data),
            "poll": lambda: poll.run([200]),
            "peer": lambda: peer.run(100),
            "latency": lambda: latency.run(8, timedelta(seconds=1)),
        }
    return {
        "pipeline": lambda: pipeline.run(200_000, 20_000, 100_000, 20_000, data),
        "poll": lambda: poll.run([1000, 5000]),
        "peer": lambda: peer.run(1000),
        "latency": lambda: latency.run(40, timedelta(seconds=1)),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, help="../shared/data (optional: real tweets)")
    ap.add_argument("--quick", action="store_true", help="small sizes, about a minute")
    ap.add_argument("--only", help=f"comma-separated subset of {','.join(BENCHES)}")
    ap.add_argument("--out", type=Path, help="also write the table to this file")
    args = ap.parse_args()
    data = args.data if args.data and args.data.is_dir() else None
    wanted = args.only.split(",") if args.only else list(BENCHES)
    rows: list[Row] = []
    took: list[str] = []
    started, info = time.monotonic(), machine()
    for name, bench in plan(args.quick, data).items():
        if name not in wanted:
            continue
        t = time.monotonic()
        try:
            rows += bench()
        except Exception as e:  # one broken bench must not hide the others' numbers
            traceback.print_exc()
            rows.append(Row(name, "(bench failed)", "n/a", note=f"{type(e).__name__}: {e}"))
        took.append(f"{name} {time.monotonic() - t:.0f} s")
    title = "claimwatch benchmarks" + (" (--quick)" if args.quick else "")
    text = render(rows, title, info)
    text += f"\nData: {data or 'none (synthetic only)'}. Took {time.monotonic() - started:.0f} s"
    text += f" ({', '.join(took)}).\n"
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
