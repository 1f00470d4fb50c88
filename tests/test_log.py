"""Log lines, text and JSON, as the CLI sets them up: never a configured source's or notifier's
secrets, registered as the config loads (at start, in `check`, after a reload)."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from yarl import URL

from monitor.cli import main
from monitor.config import SourceConfig, load_settings
from monitor.daemon import Daemon
from monitor.log import setup_logging
from monitor.sources import build_source
from monitor.sources.http import Fetcher
from monitor.store import Store
from tests.configs import write_config
from tests.notify.servers import WebhookReceiver
from tests.sources.conftest import http_settings

PASSWORD, TOKEN = "p@ss-FEED99", "FEEDSECRETtok77"
URL_WITH_SECRETS = f"http://feeduser:p%40ss-FEED99@127.0.0.1:1/feed.xml?q=iran&api_key={TOKEN}"


@pytest.fixture(autouse=True)
def _root_logger_put_back() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def test_a_feeds_secrets_are_scrubbed_from_third_party_debug_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    setup_logging("text", "DEBUG")
    store = Store(tmp_path / "state.db")
    try:
        build_source(SourceConfig(url=URL_WITH_SECRETS), Fetcher(http_settings()), store)
    finally:
        store.close()
    url = URL(URL_WITH_SECRETS)
    # What a library may print of a request: the decoded password, the query as a mapping.
    logging.getLogger("aiohttp.client").debug("auth for %s: %r", url.host, url.password)
    logging.getLogger("aiohttp.client").debug("query %s", dict(url.query))
    out = capsys.readouterr().err
    assert "aiohttp.client: auth for 127.0.0.1: '***'" in out
    assert "'q': 'iran'" in out  # what is no secret stays
    assert PASSWORD not in out and TOKEN not in out


def test_a_json_line_quoting_a_url_with_a_token_stays_json(
    capsys: pytest.CaptureFixture[str],
) -> None:
    setup_logging("json", "INFO")
    logging.getLogger("monitor.test").warning('fetch "https://h.example/f?token=abc123" failed')
    [line] = capsys.readouterr().err.splitlines()
    event = json.loads(line)  # the scrubbing must not eat the backslash of an escaped quote
    assert event["msg"] == 'fetch "https://h.example/f?token=***" failed'


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_message_from_a_server_is_one_line_without_terminal_escapes(
    fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # an API error body quoted in a warning: a colour code, a bell, a forged second line
    setup_logging(fmt, "INFO")
    body = (
        "oops \x1b[31mred\x1b[0m\x07\n2026-11-24T00:00:00Z ERROR    monitor: forged \u202egnp.exe"
    )
    logging.getLogger("monitor.sources").warning("source api: HTTP 500: %s", body)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.endswith("\n")
    assert not any(c in err for c in "\x1b\x07\u202e")
    msg = json.loads(err)["msg"] if fmt == "json" else err
    assert "redforged" not in msg and "red" in msg and "forged" in msg


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_an_exception_and_a_source_name_carry_no_terminal_escapes(
    fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    setup_logging(fmt, "INFO")
    try:
        raise ValueError("server said \x9b31m\u202eevil")  # an 8-bit CSI and a bidi override
    except ValueError:
        logging.getLogger("monitor.sources").exception(
            "poll failed", extra={"source": "feed\x9b2J"}
        )
    err = capsys.readouterr().err
    assert not any(c in err for c in "\x9b\u202e")
    if fmt == "json":
        event = json.loads(err)
        assert "\u202eevil" in event["exc"] and event["source"] == "feed\x9b2J"  # data kept
    else:
        assert "server said 31mevil" in err and "source=feed2J" in err


def test_a_failed_send_logs_one_line_with_apprises_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    posts = tmp_path / "posts.jsonl"
    post = {"id": "1", "text": "JUST IN: Iran test", "published": "2026-11-24T00:43:00Z"}
    posts.write_text(json.dumps(post) + "\n")
    with WebhookReceiver() as hook:
        hook.fail_forever()
        cfg = tmp_path / "c.toml"
        cfg.write_text(
            f'[monitor]\nstate = "{tmp_path / "s.db"}"\n'
            "[[topics]]\nname = \"iran\"\nquery = 'Iran'\n"
            f'[[notifiers]]\nname = "desk"\nurl = "json://127.0.0.1:{hook.port}/desk"\n'
        )
        # one attempt: the retry waits longer than the drain
        code = main(["replay", str(posts), "--deliver", "--timeout", "2", "--config", str(cfg)])
    assert code == 0
    failures = [line for line in capsys.readouterr().err.splitlines() if "error=500" in line]
    # apprise's own WARNING said the same; its reason reaches our line through the result
    assert len(failures) == 1, failures
    assert "WARNING monitor.notify: notifier desk: send failed (attempt 1" in failures[0]
    assert "Failed to send JSON POST notification: Internal server error., error=500" in failures[0]


# Unique to these tests: nothing registers them before they load their config.
FEED_PASSWORD = "FEEDpass-REDACT71"
SMTP_PASSWORD = "SMTPpass-REDACT72"
# A notifier's token also in a feed's path (a self-hosted bridge behind the same secret).
SHARED_TOKEN = "SHAREDtok-REDACT73"
RELOAD_FEED, RELOAD_SMTP = "FEEDpass-REDACT74", "SMTPpass-REDACT75"


def write_secrets_config(tmp_path: Path, feed_password: str, smtp_password: str) -> Path:
    return write_config(
        tmp_path,
        f"""
[[sources]]
name = "private"
url = "http://feeduser:{feed_password}@127.0.0.1:1/feed.xml"

[[sources]]
name = "bridge"
url = "https://bridge.example.org/{SHARED_TOKEN}/feed.xml"

[[notifiers]]
name = "mail"
url = "mailtos://alice:{smtp_password}@mail.example.org?to=desk@example.org"

[[notifiers]]
name = "desk"
url = "json://hooks.example.org/desk?token={SHARED_TOKEN}"
""",
        "c.toml",
    )


def logged(fmt: str, capsys: pytest.CaptureFixture[str], *secrets: str) -> str:
    """One line quoting the secrets as a library might: bare, outside any URL."""
    setup_logging(fmt, "INFO")
    logging.getLogger("aiohttp.client").warning("login refused: %s", " / ".join(secrets))
    return capsys.readouterr().err


def test_a_sources_and_a_notifiers_secret_leave_one_log_line_once_the_config_loads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = write_secrets_config(tmp_path, FEED_PASSWORD, SMTP_PASSWORD)
    before = logged("text", capsys, FEED_PASSWORD, SMTP_PASSWORD)
    assert FEED_PASSWORD in before and SMTP_PASSWORD in before  # nothing registered them yet
    load_settings(cfg)
    text = logged("text", capsys, FEED_PASSWORD, SMTP_PASSWORD, SHARED_TOKEN)
    assert "aiohttp.client: login refused: *** / *** / ***" in text
    [line] = logged("json", capsys, FEED_PASSWORD, SMTP_PASSWORD).splitlines()
    assert json.loads(line)["msg"] == "login refused: *** / ***"


def test_check_shows_neither_a_sources_nor_a_notifiers_secret(tmp_path: Path) -> None:
    cfg = write_secrets_config(tmp_path, FEED_PASSWORD, SMTP_PASSWORD)
    # a process of its own: only loading this config can have registered the secrets
    done = subprocess.run(
        [sys.executable, "-m", "monitor", "check", "--config", str(cfg)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "- private  [rss] http://***@127.0.0.1:1/feed.xml" in out
    # the notifier's token, known from the notifier, is hidden in the feed's path too
    assert "- bridge  [rss] https://bridge.example.org/***/feed.xml" in out
    assert "- mail: mailtos://***@mail.example.org" in out
    assert "- desk: json://hooks.example.org/***" in out
    for secret in (FEED_PASSWORD, SMTP_PASSWORD, SHARED_TOKEN):
        assert secret not in out + done.stderr


def test_a_notifier_urls_other_parts_leave_only_what_quotes_a_send(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a name of its own: the registry is the process's, and other tests' URLs are in it too
    name = "deskREDACT78"
    cfg = write_config(
        tmp_path, f'[[notifiers]]\nname = "{name}"\nurl = "json://hooks.example.org/{name}"\n'
    )
    load_settings(cfg)
    setup_logging("text", "DEBUG")
    # The json:// notifier's path could be a token: hidden where a request is quoted...
    logging.getLogger("urllib3.connectionpool").debug(f'"POST /{name} HTTP/1.1" 500 0')
    # ...but it is also the notifier's name, which our own lines keep.
    logging.getLogger("monitor.notify").warning(f"notifier {name}: send failed")
    err = capsys.readouterr().err
    assert 'urllib3.connectionpool: "POST /*** HTTP/1.1" 500 0' in err
    assert f"monitor.notify: notifier {name}: send failed" in err


async def test_a_reload_registers_the_secrets_of_what_it_adds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = write_config(tmp_path, name="c.toml")
    daemon = Daemon(load_settings(cfg), cfg)
    daemon.scheduler = AsyncIOScheduler(timezone=UTC)  # as run() sets it; never started: no polls
    try:
        assert RELOAD_SMTP in logged("text", capsys, RELOAD_FEED, RELOAD_SMTP)
        write_secrets_config(tmp_path, RELOAD_FEED, RELOAD_SMTP)
        assert await daemon.reload()
        assert list(daemon.pollers) == ["private", "bridge"]
    finally:
        await daemon.outbox.aclose()
        daemon.store.close()
    capsys.readouterr()
    assert "login refused: *** / ***" in logged("text", capsys, RELOAD_FEED, RELOAD_SMTP)
