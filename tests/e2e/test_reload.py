"""SIGHUP reloads the config: sources and topics change live, a broken config is refused."""

from __future__ import annotations

import json
import signal
from pathlib import Path

from tests.configs import write_config
from tests.e2e.daemon import DaemonProcess
from tests.e2e.feedserver import FeedServer
from tests.notify.servers import WebhookReceiver

RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>{name}</title>
<link>https://{name}.example/</link><description>x</description>
<item><title>{title}</title><link>https://{name}.example/1</link><guid>{name}-1</guid>
<pubDate>{{rfc822:3}}</pubDate></item></channel></rss>"""


def write_watch_config(
    tmp: Path,
    feeds: FeedServer,
    hook: WebhookReceiver,
    *,
    sources: list[str],
    query: str,
    interval: str = "1s",
) -> Path:
    srcs = "".join(
        f'[[sources]]\nname = "{s}"\nurl = "{feeds.base}/{s}.xml"\ninterval = "{interval}"\n\n'
        for s in sources
    )
    return write_config(
        tmp,
        f"""{srcs}
[[topics]]
name = "watch"
query = '{query}'

[[notifiers]]
name = "hook"
url = "json://127.0.0.1:{hook.port}/alerts"
""",
    )


def claims(hook: WebhookReceiver) -> list[str]:
    return [json.loads(b["message"])["claim"] for b in hook.bodies]


def test_sighup_adds_a_source_changes_a_topic_and_refuses_a_broken_config(tmp_path: Path) -> None:
    with FeedServer() as feeds, WebhookReceiver() as hook:
        fixtures = tmp_path / "feeds"
        fixtures.mkdir()
        for name, title in (
            ("alpha", "JUST IN: Iran-backed militia fighters seen near Erbil"),
            ("beta", "BREAKING: Drone strike reported at Erbil airport"),
        ):
            (fixtures / f"{name}.xml").write_text(RSS.format(name=name, title=title))
            feeds.serve_fixture(fixtures / f"{name}.xml")
        cfg = write_watch_config(tmp_path, feeds, hook, sources=["alpha"], query="militia*")
        daemon = DaemonProcess(cfg)
        try:
            daemon.wait_log("claimwatch running")
            hook.wait_for(1, timeout=20)
            assert claims(hook) == ["Iran-backed militia fighters seen near Erbil"]
            assert "/beta.xml" not in feeds.hits

            # add a source and widen the topic: the new source's claim alerts, the old one not again
            write_watch_config(
                tmp_path, feeds, hook, sources=["alpha", "beta"], query="militia* OR drone*"
            )
            mark = len(daemon.lines)
            daemon.signal(signal.SIGHUP)
            daemon.wait_log("config reloaded", after=mark)
            hook.wait_for(2, timeout=20)
            feeds.wait_hits("beta.xml", 3)
            assert sorted(claims(hook)) == sorted(
                [
                    "Iran-backed militia fighters seen near Erbil",
                    "Drone strike reported at Erbil airport",
                ]
            )

            # a broken config is refused and the running one stays in force
            cfg.write_text(cfg.read_text().replace('interval = "1s"', 'interval = "soon"', 1))
            mark = len(daemon.lines)
            daemon.signal(signal.SIGHUP)
            refused = daemon.wait_log("reload refused", after=mark)
            assert "sources[0].interval" in refused
            before = feeds.hits["/beta.xml"]
            feeds.wait_hits("beta.xml", before + 2)  # still polling on the old config
            assert daemon.proc.poll() is None
            assert len(hook.bodies) == 2
        finally:
            code = daemon.stop()
        assert code == 0, "\n".join(daemon.lines)
