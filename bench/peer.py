"""Peer bench: the same local feed set polled by `claimwatch once`, rss2email and feed2exec.

`python -m bench.peer --n 1000` (or `--quick`). One feed farm (bench/feedfarm.py: 10% changed,
45% 304, 45% unchanged 200) serves all three; each tool gets its own config and state directory,
runs once to warm up (first fetch, conditional-GET state) and is then timed for one full pass as a
subprocess: wall time and CPU seconds (user+sys of the process and its children).

* claimwatch: `claimwatch once` with N [[sources]] (startup, all polls, pipeline, exit).
* rss2email: `r2e run --no-send`. Feeds are written into its config file in the format `r2e add`
  writes (one `r2e add` per feed costs ~0.1 s of startup each, i.e. minutes for 1,000 feeds).
* feed2exec: `feed2exec fetch` with `output = feed2exec.plugins.null` for every feed (the config
  `feed2exec add NAME URL --output null` writes).

All state directories are on tmpfs (/dev/shm) when there is one: feed2exec commits and fsyncs
once per item, which on this machine's ext4 made its warm-up pass ~5x slower, longer than the
whole bench budget; on tmpfs the comparison is about fetching and parsing. A missing tool is
reported in the table, not an error.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from bench.feedfarm import FeedFarm
from bench.report import Clock, Row, machine, render
from bench.stream import TOPICS_TOML

RUN_LIMIT = 240.0  # seconds per pass; a tool slower than this is reported as timed out


@dataclass
class Pass:
    wall: float = 0.0
    cpu: float = 0.0
    ok: bool = True
    error: str = ""
    served: dict[str, float] = field(default_factory=dict)


def _env(home: Path) -> dict[str, str]:
    # HOME and XDG dirs in the temp dir: the peers must not read or write the user's own config.
    return {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local/share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "NO_PROXY": "127.0.0.0/8,localhost",
        "no_proxy": "127.0.0.0/8,localhost",
    }


def timed(cmd: list[str], farm: FeedFarm, home: Path) -> Pass:
    farm.reset_stats()
    with Clock(children=True) as c:
        try:
            p = subprocess.run(
                cmd, capture_output=True, text=True, env=_env(home), timeout=RUN_LIMIT
            )
            ok, err = p.returncode == 0, (p.stderr.strip().splitlines() or [""])[-1][:160]
        except subprocess.TimeoutExpired:
            ok, err = False, f"timed out after {RUN_LIMIT:.0f} s"
    served = {k: v for k, v in farm.stats().items() if k != "cpu"}
    return Pass(c.wall, c.cpu, ok, "" if ok else err, served)


def claimwatch_cmd(farm: FeedFarm, home: Path) -> list[str]:
    cfg = home / "claimwatch.toml"
    sources = "".join(
        f'[[sources]]\nurl = "{u}"\nname = "feed{i}"\n\n' for i, u in enumerate(farm.urls)
    )
    cfg.write_text(
        f'[monitor]\nstate = "{home / "claimwatch.db"}"\nlog_level = "WARNING"\n\n'
        f"[http]\nper_host = 64\nmax_concurrency = 128\n\n[server]\nenabled = false\n\n"
        f"{TOPICS_TOML}\n{sources}",
        encoding="utf-8",
    )
    exe = Path(sys.executable).with_name("claimwatch")
    base = [str(exe)] if exe.exists() else [sys.executable, "-m", "monitor"]
    return [*base, "once", "--config", str(cfg), "--timeout", "10"]


def r2e_cmd(farm: FeedFarm, home: Path) -> list[str]:
    cfg, data = home / "r2e.cfg", home / "r2e.json"
    base = ["r2e", "-c", str(cfg), "-d", str(data)]
    subprocess.run(
        [*base, "new", "bench@example.invalid"], check=True, capture_output=True, env=_env(home)
    )
    with cfg.open("a", encoding="utf-8") as fh:  # what `r2e add feedI URL` appends
        for i, u in enumerate(farm.urls):
            fh.write(f"\n[feed.feed{i}]\nurl = {u}\n")
    return [*base, "run", "--no-send"]


def feed2exec_cmd(farm: FeedFarm, home: Path) -> list[str]:
    cfg = home / "feed2exec.ini"
    cfg.write_text(  # what `feed2exec add feedI URL --output null` writes
        "".join(
            f"[feed{i}]\nurl = {u}\noutput = feed2exec.plugins.null\n\n"
            for i, u in enumerate(farm.urls)
        ),
        encoding="utf-8",
    )
    return ["feed2exec", "--config", str(cfg), "--database", str(home / "f2e.db"), "fetch"]


def version(cmd: str) -> str:
    if cmd == "claimwatch":
        from monitor import __version__

        return f"claimwatch {__version__}"
    try:
        p = subprocess.run([cmd, "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return cmd
    return (p.stdout or p.stderr).strip().splitlines()[0] if (p.stdout or p.stderr) else cmd


def _served(p: Pass) -> str:
    s = p.served
    unchanged = s.get("200 static", 0) + s.get("200 etag", 0)
    return f"{s.get('304', 0):.0f}×304, {unchanged:.0f} unchanged 200"


def run(n: int) -> list[Row]:
    tools = {
        "claimwatch": ("`claimwatch once`", claimwatch_cmd),
        "r2e": ("`r2e run --no-send`", r2e_cmd),
        "feed2exec": ("`feed2exec fetch` (null output)", feed2exec_cmd),
    }
    shm = Path("/dev/shm")
    where = str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None
    results: dict[str, Pass | str] = {}
    with tempfile.TemporaryDirectory(prefix="cw-peer-", dir=where) as d, FeedFarm(n) as farm:
        for key, (_, make) in tools.items():
            if key != "claimwatch" and shutil.which(key) is None:
                results[key] = (
                    f"not installed (`apt-get install {'rss2email' if key == 'r2e' else key}`)"
                )
                continue
            home = Path(d) / key
            home.mkdir()
            cmd = make(farm, home)
            warm = timed(cmd, farm, home)
            results[key] = timed(cmd, farm, home) if warm.ok else f"warm-up failed: {warm.error}"
    cw = results["claimwatch"]
    rows: list[Row] = []
    for key, (label, _) in tools.items():
        r = results[key]
        what = f"{version(key)}: {label}, {n:,} feeds, one warm pass"
        if isinstance(r, str) or not r.ok:
            why = r if isinstance(r, str) else r.error
            rows.append(Row("peer", what, "n/a", note=why))
            continue
        row = Row(
            "peer",
            what,
            f"{r.wall:.2f} s wall, {r.cpu:.2f} s CPU ({n / r.wall:,.0f} feeds/s)",
            note=f"server answered {_served(r)}",
        )
        if key != "claimwatch" and isinstance(cw, Pass) and cw.ok:
            row.baseline = f"claimwatch once: {cw.wall:.2f} s wall, {cw.cpu:.2f} s CPU"
            row.ratio = f"claimwatch/peer: wall {cw.wall / r.wall:.2f}, CPU {cw.cpu / r.cpu:.2f}"
        rows.append(row)
    rows[0].note += f"; state on {'tmpfs' if where else 'the temp dir'}"
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--quick", action="store_true", help="100 feeds")
    args = ap.parse_args()
    info = machine()
    print(render(run(100 if args.quick else args.n), "claimwatch vs peers", info))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
