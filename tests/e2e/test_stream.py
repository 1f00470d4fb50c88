"""A Jetstream source inside `claimwatch run`: a live post becomes an alert within seconds."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from tests.configs import write_config
from tests.notify.servers import WebhookReceiver
from tests.sources.apiserver import JetstreamServer

WATCHED = "did:plc:w4xbfzo7kqfes5zb7r6qv3rw"
OTHER = "did:plc:p7gxyfr5vii5ntpwo7f6dhe2"


def event(did: str, rkey: str, text: str) -> dict:
    now = datetime.now(UTC)
    return {
        "did": did,
        "time_us": int(now.timestamp() * 1_000_000),
        "kind": "commit",
        "commit": {
            "rev": rkey,
            "operation": "create",
            "collection": "app.bsky.feed.post",
            "rkey": rkey,
            "cid": f"cid{rkey}",
            "record": {
                "$type": "app.bsky.feed.post",
                "text": text,
                "langs": ["en"],
                "createdAt": now.isoformat().replace("+00:00", "Z"),
            },
        },
    }


def unreachable_https() -> dict[str, str]:
    """An environment whose HTTPS goes to a closed local port: the daemon's handle lookups on the
    public AppView fail at once (and never leave the machine); local URLs go direct."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        proxy = f"http://127.0.0.1:{s.getsockname()[1]}"
    env = dict(os.environ)
    for name in ("HTTPS_PROXY", "https_proxy"):
        env[name] = proxy
    for name in ("NO_PROXY", "no_proxy"):
        env[name] = "127.0.0.1,localhost"
    return env


async def claimwatch(*args: str) -> str:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "monitor", *args,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(proc.communicate(), 30)
    assert proc.returncode == 0, err.decode()[-2000:]
    return out.decode()


async def test_daemon_streams_jetstream_posts_to_alerts(tmp_path: Path) -> None:
    server = await JetstreamServer([], honour_dids=False).start()
    with WebhookReceiver() as hook:
        cfg = write_config(
            tmp_path,
            f"""
[[sources]]
kind = "jetstream"
name = "jetstream-militias"
instance = "{server.url}"
dids = ["{WATCHED}"]
[[topics]]
name = "militias"
query = "militia* AND (base OR bases)"
[[notifiers]]
name = "hook"
url = "json://127.0.0.1:{hook.port}/a"
""",
            "c.toml",
        )
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "monitor",
            "run",
            "--config",
            str(cfg),
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
            env=unreachable_https(),
        )
        try:
            await server.wait_connections(1, timeout=20)
            # another account's post: the DID filter keeps it out, even if the server sent it
            await server.push(event(OTHER, "x1", "JUST IN: militia attack on US bases in Iraq"))
            sent = time.monotonic()
            await server.push(
                event(
                    WATCHED, "w1", "BREAKING: Iran-backed militia drones hit a US base near Erbil"
                )
            )
            (body,) = await hook.await_count(1, timeout=20)
            latency = time.monotonic() - sent
            alert = json.loads(body["message"])
            assert alert["claim"] == "Iran-backed militia drones hit a US base near Erbil"
            assert alert["original"]["url"].startswith("https://bsky.app/profile/")
            assert alert["original"]["author"] == WATCHED  # no AppView: the DID, not a delay
            assert latency < 10  # streaming: seconds, not a poll interval

            # The stream's health, saved by the daemon, read by another process.
            listed = await claimwatch("sources", "--config", str(cfg))
            assert "jetstream-militias  [jetstream]  ok (streaming, connected " in listed
            assert "posts 1," in listed
        finally:
            proc.terminate()
            _, err = await asyncio.wait_for(proc.communicate(), 10)
            await server.close()
        assert proc.returncode == 0, err.decode()[-2000:]
        assert len(hook.bodies) == 1
        assert err.decode().count("handle lookup failed") == 1  # one line for the whole burst
