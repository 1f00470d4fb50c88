"""The config file a test writes for the CLI or the daemon."""

from __future__ import annotations

from pathlib import Path


def write_config(tmp_path: Path, body: str = "", name: str = "claimwatch.toml") -> Path:
    """tmp_path/name: state in tmp_path, the status server off (tests run side by side and must
    not fight over its port), then body (sources, topics, notifiers, other tables)."""
    cfg = tmp_path / name
    cfg.write_text(
        f'[monitor]\nstate = "{tmp_path / "state.db"}"\n\n[server]\nenabled = false\n\n{body}'
    )
    return cfg
