"""`claimwatch once` as a user runs it: a subprocess, real feeds, real webhook and SMTP servers."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.feedserver import FIXTURES, FeedServer
from tests.notify.servers import SmtpSink, WebhookReceiver

E2E = FIXTURES / "e2e"
ORIGINAL = "https://aggregator.example/posts/1001"  # the aggregator's JUST IN post
DRONE = "https://osint.example/p/5502"  # the different claim, earliest of its two posts


@pytest.fixture
def world(tmp_path: Path) -> Iterator[dict]:
    with FeedServer() as feeds, WebhookReceiver() as hook, SmtpSink() as smtp:
        urls = [
            feeds.serve_fixture(E2E / name)
            for name in ("aggregator.xml", "osint-desk.atom", "reposts.json", "contentfarm.rdf")
        ]
        sources = "".join(f'[[sources]]\nurl = "{u}"\n\n' for u in urls)
        sources += f'[[sources]]\nname = "late"\nurl = "{feeds.base}/late-repost.xml"\n\n'
        config = tmp_path / "claimwatch.toml"
        config.write_text(f"""
[monitor]
state = "{tmp_path / "state.db"}"
max_age = "2h"

[http]
timeout = "10s"

{sources}
[[topics]]
name = "iran-militias"
query = 'Iran AND (militia* OR proxies) AND (base OR bases OR troops)'

[[notifiers]]
name = "webhook"
url = "json://127.0.0.1:{hook.port}/alerts"

[[notifiers]]
name = "desk-email"
url = "{smtp.apprise_url()}"
""")
        yield {"config": config, "feeds": feeds, "hook": hook, "smtp": smtp, "tmp": tmp_path}


def claimwatch(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "monitor", *args], capture_output=True, text=True, timeout=120
    )


def payloads(hook: WebhookReceiver) -> list[dict]:
    return [json.loads(body["message"]) for body in hook.bodies]


def test_once_alerts_once_per_story_with_the_original_link(world: dict) -> None:
    hook, smtp, config = world["hook"], world["smtp"], str(world["config"])

    run = claimwatch("once", "--config", config)
    assert run.returncode == 0, run.stderr
    assert "late" in run.stderr and "404" in run.stderr  # the missing feed: one line, not a crash

    alerts = payloads(hook)
    assert sorted(a["original"]["url"] for a in alerts) == sorted([ORIGINAL, DRONE])
    assert {a["kind"] for a in alerts} == {"new"}
    militia = next(a for a in alerts if a["original"]["url"] == ORIGINAL)
    assert militia["topic"] == "iran-militias"
    assert militia["marker"] == "JUST IN"
    assert "preparing to attack US bases in Iraq" in militia["claim"]
    assert not militia["claim"].upper().startswith("JUST IN")
    assert militia["original"]["published"].endswith(("Z", "+00:00"))

    mails = smtp.messages.snapshot()
    assert len(mails) == 2
    bodies = [m.get_body(("plain", "html")).get_content() for m in mails]
    assert sum(ORIGINAL in b for b in bodies) == 1
    assert sum(DRONE in b for b in bodies) == 1
    assert all("\n" not in str(m["Subject"]) for m in mails)

    # the same state, polled again: nothing new
    again = claimwatch("once", "--config", config)
    assert again.returncode == 0, again.stderr
    assert len(hook.bodies) == 2 and len(smtp.messages.snapshot()) == 2

    # a repost that appears later joins the story as corroboration, not a new alert
    world["feeds"].serve_fixture(E2E / "late-repost.xml")
    late = claimwatch("once", "--config", config)
    assert late.returncode == 0, late.stderr
    assert world["feeds"].hits["/late-repost.xml"] >= 1
    assert len(hook.bodies) == 2 and len(smtp.messages.snapshot()) == 2

    listed = claimwatch("stories", "--json", "--config", config)
    stories = [json.loads(line) for line in listed.stdout.splitlines()]
    assert len(stories) == 2
    by_url = {s["original"]["url"]: s for s in stories}
    assert by_url[ORIGINAL]["sources"] >= 5  # aggregator, osint, reposts, content farm, late
    assert by_url[DRONE]["sources"] == 2
