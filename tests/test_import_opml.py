"""`claimwatch import-opml`: feeds from an OPML file into a config that still passes `check`."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from monitor.cli import main
from monitor.config import load_settings

OPML = Path(__file__).parent / "fixtures" / "opml" / "subscriptions.opml"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("sys.stderr", err)
        code = main(list(argv), out=out)
    return code, out.getvalue(), err.getvalue()


def test_prints_sources_toml() -> None:
    code, out, _ = run("import-opml", str(OPML))
    assert code == 0
    assert out.count("[[sources]]") >= 2 and 'url = "http' in out


def test_write_appends_only_new_feeds_and_keeps_the_config_valid(tmp_path: Path) -> None:
    cfg = tmp_path / "claimwatch.toml"
    cfg.write_text(f'[monitor]\nstate = "{tmp_path / "s.db"}"\n')
    code, out, _ = run("import-opml", str(OPML), "--write", str(cfg))
    assert code == 0, out
    first = load_settings(cfg).sources
    assert len(first) >= 2 and f"added {len(first)} sources" in out
    code, out, _ = run("import-opml", str(OPML), "--write", str(cfg))
    assert code == 0 and "added 0 sources" in out
    assert len(load_settings(cfg).sources) == len(first)  # nothing twice


def test_broken_opml_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.opml"
    bad.write_text("<opml><body><outline")
    code, _, err = run("import-opml", str(bad))
    assert code == 2 and "bad.opml" in err


def test_feeds_the_config_would_refuse_are_skipped(tmp_path: Path) -> None:
    opml = tmp_path / "feeds.opml"
    opml.write_text(
        '<opml version="2.0"><body>'
        '<outline type="rss" xmlUrl="http://exa mple.org/feed"/>'  # no title: named from the URL
        '<outline type="rss" xmlUrl="http://127.0.0.1:99999/feed" title="bad port"/>'
        '<outline type="rss" xmlUrl="https://good.example/feed" title="good"/>'
        "</body></opml>"
    )
    cfg = tmp_path / "claimwatch.toml"
    cfg.write_text(f'[monitor]\nstate = "{tmp_path / "s.db"}"\n')
    code, out, err = run("import-opml", str(opml), "--write", str(cfg))
    assert code == 0, err
    assert "added 1 sources" in out
    assert [s.url for s in load_settings(cfg).sources] == ["https://good.example/feed"]
