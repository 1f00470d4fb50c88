"""Smoke runs of every bench with tiny sizes, so they can't rot. No timing asserts, by design."""

from __future__ import annotations

import asyncio
import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from bench import latency, peer, pipeline, poll
from bench.feedfarm import FeedFarm, mode
from bench.report import Row, render


def _check(rows: list[Row], bench: str) -> None:
    assert rows and all(r.bench == bench for r in rows)
    assert "| bench |" in render(rows)


def test_pipeline_small() -> None:
    rows = pipeline.run(2_000, 200, 1_000, 200, None)
    _check(rows, "pipeline")
    assert all(r.result != "n/a" for r in rows)
    assert "matched" in rows[0].note
    assert any("replay: 1000 posts" in r.note for r in rows)  # the CLI ran to the end
    assert "bytes/story" in rows[-1].result


def test_poll_cycle_skips_unchanged(tmp_path: Path) -> None:
    n = 40
    with FeedFarm(n, hosts=4) as farm:
        warm, timed = asyncio.run(poll.claimwatch_cycles(farm, tmp_path / "state.db"))
        _, raw = asyncio.run(poll.raw_cycles(farm))
    changed = sum(mode(i) == "changed" for i in range(n))
    etag = sum(mode(i) == "etag" for i in range(n))
    assert warm.errors == timed.errors == raw.errors == 0
    assert warm.parsed == n  # first sight: every body is parsed
    assert timed.parsed == changed  # then 304s and same-hash bodies are not
    assert timed.server["304"] == etag
    assert timed.posts > 0


def test_poll_row() -> None:
    _check(poll.run([20]), "poll")


@pytest.mark.skipif(
    not (shutil.which("r2e") or shutil.which("feed2exec")), reason="rss2email/feed2exec absent"
)
def test_peer_small() -> None:
    rows = peer.run(20)
    _check(rows, "peer")
    assert rows[0].result != "n/a", rows[0].note  # claimwatch itself must always run
    for row in rows[1:]:
        assert row.result != "n/a" or "not installed" in row.note


def test_latency_claims_stay_apart() -> None:
    texts = latency.claims(30)
    assert len(set(texts)) == 30
    assert [latency._decode(latency._CODE.search(t.encode()).group(1)) for t in texts] == list(
        range(30)
    )


def test_latency_polling_small() -> None:
    r = latency.measure_poll(3, timedelta(seconds=0.5), feeds=4)
    assert not r.error and r.sent == 3
    assert len(r.latencies) == 3  # every alert arrived (how fast is the bench's business)


def test_latency_streaming_reports_or_measures() -> None:
    r = latency.measure_stream(2)
    assert r.latencies or r.error  # measured, or n/a with a reason for the table
