"""What strangers wrote (posts, a server's answers) reaches the terminal without its escapes.

`stories`, `explain`, `sources` and `test-notify` print stored or fetched text; a post, an API
error or a service's answer could otherwise spoof a hyperlink, recolour or clear the screen, or
ring the bell.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from apprise.plugins.telegram import NotifyTelegram

from monitor.models import utcnow
from monitor.notify.outbox_store import OutboxStore
from monitor.store import Store, alert_from_json
from monitor.testing import ThreadedApp
from tests import configs
from tests.test_replay_explain import run

# A post that would spoof a terminal hyperlink, colour the text, ring the bell, clear the screen
# and reorder what follows.
ESCAPES = (
    "BREAKING: Iran-backed militia attack on US base in Syria "
    "\x1b]8;;https://evil.example\x1b\\click me\x1b]8;;\x1b\\ \x1b[31mRED\x1b[0m \x07\x9b2J\u202e\u200f"
)
CONTROL = ("\x1b", "\x07", "\x9b", "\u202e", "\u200f")


TOPIC = """
[[topics]]
name = "iran-militias"
query = 'Iran AND (militia* OR proxies) AND (base OR bases)'
"""


def write_config(tmp_path: Path, sources: str = "") -> Path:
    return configs.write_config(tmp_path, sources + TOPIC, "c.toml")


def assert_inert(out: str) -> None:
    assert not any(c in out for c in CONTROL), repr(out)


def test_stories_and_explain_print_posts_without_terminal_escapes(tmp_path: Path) -> None:
    config = str(write_config(tmp_path))
    posts = tmp_path / "esc.jsonl"
    post = {
        "id": "e1",
        "source": "src\x1b[2J",
        "author": "au\x1b[31mthor",
        "url": "https://x.example/1\x1b[2J",
        "text": ESCAPES,
        "published": "2026-11-24T00:00:00Z",
    }
    posts.write_text(json.dumps(post) + "\n")
    state = str(tmp_path / "state.db")
    assert run("replay", "--state", state, str(posts), "--config", config)[0] == 0
    code, stories = run("stories", "-v", "--config", config)
    assert code == 0
    # the text stays, inert: only the control characters are gone
    assert "click me" in stories and "RED" in stories and "au[31mthor" in stories
    assert_inert(stories)
    code, explained = run("explain", ESCAPES, "--config", config)
    assert code == 0 and "story:      joins #1" in explained
    assert_inert(explained)


def test_sources_prints_an_api_error_without_terminal_escapes(tmp_path: Path) -> None:
    async def appview(_: web.Request) -> web.Response:
        # Some APIs answer 200 with an error body; its text is the server's to choose.
        message = "Profile \x1b]8;;https://evil.example\x1b\\not found\x1b]8;;\x1b\\\x07"
        return web.json_response({"error": "InvalidRequest", "message": message})

    app = web.Application()
    app.router.add_get("/xrpc/app.bsky.feed.getAuthorFeed", appview)
    with ThreadedApp(app) as server:
        config = write_config(
            tmp_path,
            f"""
[[sources]]
kind = "bluesky"
account = "wirewatch.bsky.social"
instance = "{server.url}"
""",
        )
        assert run("once", "--timeout", "5", "--config", str(config))[0] == 0
    code, listed = run("sources", "--config", str(config))
    assert code == 0
    assert "FAILING x1" in listed and "InvalidRequest: Profile" in listed
    assert_inert(listed)


def test_test_notify_prints_a_services_error_without_terminal_escapes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def telegram(_: web.Request) -> web.Response:
        # apprise quotes the API's "description", which is the server's to choose
        description = "Bad Request: chat \x1b[2Jnot found\x07"
        return web.json_response({"ok": False, "description": description}, status=400)

    app = web.Application()
    app.router.add_post("/{tail:.*}", telegram)
    with ThreadedApp(app) as server:
        monkeypatch.setattr(NotifyTelegram, "notify_url", server.url + "/bot")
        config = write_config(tmp_path)
        config.write_text(
            config.read_text()
            + '[[notifiers]]\nname = "tg"\nurl = "tgram://123456789:abcdTOKEN/-100"\n'
        )
        code, out = run("test-notify", "--config", str(config))
    assert code == 1 and "tg: FAILED" in out and "chat [2Jnot found" in out
    assert_inert(out)


# A claim a terminal would act on if printed raw: U+202E reverses what follows, U+009B is the
# 8-bit CSI, U+0085 a next-line, U+200F a bidi mark. JSON keeps them as data, escaped.
JSON_CLAIM = "Iran-backed militia attack on US base near Deir ez-Zor, café \u202elive\u009b2J\u0085\u200f 日本"
RAW = ("\u202e", "\u009b", "\u0085", "\u200f")


def json_lines(out: str) -> list[dict[str, Any]]:
    """Each line of a --json output, parsed, once its bytes were checked to be inert."""
    assert out.strip() and not any(c in out for c in RAW), repr(out)
    assert "é" in out and "\\u00e9" not in out  # readable UTF-8 stays as it is
    return [json.loads(line) for line in out.splitlines()]


def test_every_json_output_escapes_control_and_bidi_characters(tmp_path: Path) -> None:
    async def appview(_: web.Request) -> web.Response:
        return web.json_response({"error": "InvalidRequest", "message": JSON_CLAIM})

    app = web.Application()
    app.router.add_get("/xrpc/app.bsky.feed.getAuthorFeed", appview)
    with ThreadedApp(app) as server:
        source = f'kind = "bluesky"\naccount = "w.bsky.social"\ninstance = "{server.url}"'
        config = str(write_config(tmp_path, f"[[sources]]\n{source}\n"))
        assert run("once", "--timeout", "5", "--config", config)[0] == 0
    code, out = run("sources", "--json", "--config", config)
    # the source's error folds whitespace (U+0085 too) into one line; the rest is as served
    assert code == 0 and "café \u202elive\u009b2J" in json_lines(out)[0]["last_error"]

    posts = tmp_path / "posts.jsonl"
    post = {"id": "j1", "source": "wire", "author": "Zoë 🚨", "text": f"BREAKING: {JSON_CLAIM}"}
    posts.write_text(json.dumps({**post, "published": "2026-11-24T00:00:00Z"}) + "\n")
    state = str(tmp_path / "state.db")
    code, out = run("replay", "--json", "--state", state, str(posts), "--config", config)
    assert code == 0
    [alert] = json_lines(out)
    assert alert["claim"] == JSON_CLAIM and alert["author"] == "Zoë 🚨"
    code, out = run("stories", "--json", "--config", config)
    assert code == 0 and [s["claim"] for s in json_lines(out)] == [JSON_CLAIM]

    store = Store(state)  # a queued delivery of that alert, as the daemon would have made it
    row = OutboxStore(store).enqueue("hook", alert_from_json(json.dumps(alert)), utcnow())
    store.close()
    for command in (["outbox", "--json"], ["outbox", "retry", "--json", str(row)]):
        code, out = run(*command, "--config", config)
        assert code == 0 and [r["claim"] for r in json_lines(out)] == [JSON_CLAIM], command
    code, out = run("outbox", "drop", "--json", str(row), "--config", config)
    assert code == 0 and json_lines(out)[0]["action"] == "dropped"
