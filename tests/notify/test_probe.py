"""test_notify: one result per notifier, and never a secret in what it reports or logs."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest
from pydantic import ValidationError

from monitor.cli import main
from monitor.config import NotifierConfig
from monitor.notify import test_notify
from monitor.redact import apprise_secrets
from tests.notify.servers import WebhookReceiver, free_port

SECRET = "xoxbSECRETTOKEN123"


async def test_reports_each_notifier(webhook_receiver, slack_receiver, smtp_server):
    webhook_receiver.fail_forever(500)
    results = await test_notify(
        [
            NotifierConfig(name="slack", url=f"slack://T000/B000/{SECRET}"),
            NotifierConfig(name="hook", url=f"json://127.0.0.1:{webhook_receiver.port}/{SECRET}"),
            NotifierConfig(name="mail", url=smtp_server.apprise_url()),
            NotifierConfig(name="dead", url=f"json://user:{SECRET}@127.0.0.1:{free_port()}/x"),
        ]
    )
    by_name = {name: (ok, msg) for name, ok, msg in results}
    assert [r[0] for r in results] == ["slack", "hook", "mail", "dead"]
    assert by_name["slack"][0] and by_name["mail"][0]
    assert not by_name["hook"][0] and not by_name["dead"][0]
    assert "500" in by_name["hook"][1]
    for _, _, message in results:
        assert SECRET not in message
    [slack] = slack_receiver.bodies
    assert "claimwatch test" in str(slack)
    [mail] = smtp_server.messages.snapshot()
    assert "claimwatch" in mail["Subject"]


def test_a_url_apprise_refuses_is_a_config_error_that_hides_the_secret() -> None:
    with pytest.raises(ValidationError) as e:
        NotifierConfig(name="bogus", url=f"notascheme://{SECRET}")
    [error] = e.value.errors()
    assert "apprise does not accept a notascheme:// URL" in error["msg"]
    assert SECRET not in error["msg"]


async def test_no_secret_in_logs_even_at_debug(caplog, webhook_receiver):
    webhook_receiver.fail_forever(500)
    with caplog.at_level(logging.DEBUG):
        await test_notify(
            [
                NotifierConfig(
                    name="hook", url=f"json://127.0.0.1:{webhook_receiver.port}/{SECRET}"
                ),
                NotifierConfig(
                    name="dead", url=f"jsons://u:{SECRET}@127.0.0.1:{free_port()}/{SECRET}"
                ),
            ]
        )
    assert caplog.records
    assert SECRET not in caplog.text


TG_TOKEN = "TGSECRETbottokenABC"


def test_telegram_token_not_in_debug_logs_of_test_notify(
    tmp_path: Path, telegram_receiver: WebhookReceiver
) -> None:
    """The bot token sits where a URL has its port (tgram://<id>:<token>/<chat>); urllib3 logs
    the request path, which holds it, at DEBUG."""
    telegram_receiver.fail_forever(500)
    config = tmp_path / "c.toml"
    config.write_text(f"""
[monitor]
state = "{tmp_path / "state.db"}"
log_level = "DEBUG"

[[notifiers]]
name = "telegram"
url = "tgram://123456789:{TG_TOKEN}/-100998877"
""")
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("sys.stderr", err)
        code = main(["test-notify", "--config", str(config)], out=out)
    assert code == 1 and "telegram: FAILED" in out.getvalue()
    assert "/sendMessage HTTP/1.1" in err.getvalue()  # urllib3's line is there, scrubbed
    assert TG_TOKEN not in out.getvalue() + err.getvalue()


@pytest.mark.parametrize(
    ("url", "secret"),
    [
        ("tgram://123456789:TGSECRETbottoken/-100998877", "TGSECRETbottoken"),
        ("tgram://123456789:TGSECRETbottoken/-100998877", "123456789:TGSECRETbottoken"),
        ("json://hooks.example.org:PORTTOKEN9/x", "PORTTOKEN9"),
        ("ntfys://ntfy.example.org:TOKENPORT/alerts", "TOKENPORT"),
    ],
)
def test_a_token_in_the_port_slot_is_a_secret(url: str, secret: str) -> None:
    assert secret in apprise_secrets(url)
