"""`claimwatch run` as a subprocess, with its log lines collected as they arrive."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
from pathlib import Path


class DaemonProcess:
    def __init__(self, config: Path, *extra: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "monitor", "run", "--config", str(config), *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: list[str] = []
        self._cond = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            with self._cond:
                self.lines.append(line.rstrip("\n"))
                self._cond.notify_all()

    def wait_log(self, needle: str, timeout: float = 20.0, after: int = 0) -> str:
        """The first log line (from index `after`) containing needle."""

        def found() -> str | None:
            return next((ln for ln in self.lines[after:] if needle in ln), None)

        with self._cond:
            if (
                not self._cond.wait_for(
                    lambda: found() is not None or self.proc.poll() is not None, timeout
                )
                or found() is None
            ):
                raise TimeoutError(f"no log line with {needle!r}; got:\n" + "\n".join(self.lines))
            return found() or ""

    def signal(self, sig: signal.Signals) -> None:
        self.proc.send_signal(sig)

    def stop(self, timeout: float = 10.0) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
            self._reader.join(5)
