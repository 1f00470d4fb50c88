"""Fixtures for notifier tests: real local servers, a fresh store, apprise plugins aimed locally.

The servers live in tests/notify/servers.py so other tests can import them:
`from tests.notify.servers import WebhookReceiver, SmtpSink`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from apprise.plugins.discord import NotifyDiscord
from apprise.plugins.slack import NotifySlack
from apprise.plugins.telegram import NotifyTelegram

from monitor.store import Store
from tests.notify.servers import SmtpSink, TLSUnavailable, WebhookReceiver


@pytest.fixture
def webhook_receiver() -> Iterator[WebhookReceiver]:
    with WebhookReceiver() as receiver:
        yield receiver


@pytest.fixture
def smtp_server() -> Iterator[SmtpSink]:
    with SmtpSink() as sink:
        yield sink


@pytest.fixture
def slack_receiver(monkeypatch: pytest.MonkeyPatch) -> Iterator[WebhookReceiver]:
    """A receiver that apprise's own Slack plugin posts to (slack://T/B/C URLs)."""
    with WebhookReceiver() as receiver:
        monkeypatch.setattr(NotifySlack, "webhook_url", receiver.url + "/services")
        yield receiver


@pytest.fixture
def discord_receiver(monkeypatch: pytest.MonkeyPatch) -> Iterator[WebhookReceiver]:
    with WebhookReceiver() as receiver:
        monkeypatch.setattr(NotifyDiscord, "notify_url", receiver.url + "/api/webhooks")
        yield receiver


@pytest.fixture
def telegram_receiver(monkeypatch: pytest.MonkeyPatch) -> Iterator[WebhookReceiver]:
    with WebhookReceiver() as receiver:
        monkeypatch.setattr(NotifyTelegram, "notify_url", receiver.url + "/bot")
        yield receiver


@pytest.fixture
def teams_receiver() -> Iterator[WebhookReceiver]:
    """An HTTPS receiver for apprise's Teams plugin (workflows://), which only speaks https:
    nothing to patch, its URL names host and port; add `verify=no` for the self-signed cert."""
    try:
        receiver = WebhookReceiver(tls=True)
    except TLSUnavailable as e:
        pytest.skip(str(e))
    with receiver:
        yield receiver


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "state.db")
    yield s
    s.close()
