"""One configured channel and its blocking apprise send (always called from an executor).

Errors are reported without secrets: apprise's own log lines and exception texts can quote the
URL (tokens in the path, passwords in the userinfo), so every message we keep is scrubbed of
the URL's secret parts before it is logged, stored or printed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import apprise

from monitor.config import NotifierConfig
from monitor.models import Alert
from monitor.notify.channels import channel_name, service_url, with_params
from monitor.notify.ratelimit import QuietHours, RateLimit
from monitor.notify.render import Rendered, render, render_digest
from monitor.redact import redact_url, scrub_sent

log = logging.getLogger("monitor.notify")

SEND_TIMEOUT = 60.0  # seconds for one apprise call; unfinished counts as failed (and is retried)


def _scrub_record(record: logging.LogRecord) -> bool:
    """apprise's, urllib3's and requests' own records, scrubbed in place for every handler: at
    DEBUG urllib3 logs request paths, which hold Slack/Discord/Telegram tokens."""
    try:
        message = record.getMessage()
    except Exception:  # a malformed record is not ours to fix
        return True
    clean = scrub_sent(message)
    if clean != message:
        record.msg, record.args = clean, None
    return True


for _name in ("apprise", "urllib3.connectionpool", "requests"):
    logging.getLogger(_name).addFilter(_scrub_record)


@dataclass
class SendResult:
    ok: bool
    error: str = ""  # scrubbed: safe to log, store and show


@dataclass
class Notifier:
    """One channel from the config, with its pacing state."""

    config: NotifierConfig
    name: str = field(init=False)
    channel: str = field(init=False)
    bucket: RateLimit = field(init=False)
    quiet: QuietHours | None = field(init=False)

    def __post_init__(self) -> None:
        self.name = self.config.name
        self.channel = channel_name(self.url)
        self.bucket = RateLimit(self.config.rate)
        self.quiet = QuietHours(self.config.quiet_hours) if self.config.quiet_hours else None

    @property
    def url(self) -> str:
        return self.config.url or ""

    @property
    def redacted(self) -> str:
        return redact_url(self.url)

    @property
    def fmt(self) -> str | None:
        return None if self.config.format == "auto" else self.config.format

    @property
    def template(self) -> Path | None:
        return self.config.template

    def render(self, alert: Alert) -> Rendered:
        return render(alert, self.channel, fmt=self.fmt, template=self.template)

    def render_digest(self, alerts: list[Alert]) -> Rendered:
        return render_digest(alerts, self.channel, fmt=self.fmt)

    def send(self, message: Rendered) -> SendResult:
        """Blocking: deliver one message through apprise. Never raises."""
        try:
            return self._send(message)
        except Exception as e:  # a plugin bug must not kill the worker; the row is retried
            return SendResult(False, scrub_sent(f"{type(e).__name__}: {e}"))

    def _send(self, message: Rendered) -> SendResult:
        url = with_params(service_url(self.url, self.channel), message.url_params)
        client = apprise.Apprise()
        if not client.add(url):
            return SendResult(False, "apprise does not accept this URL (check its scheme and form)")
        result = client.notify(
            title=message.title,
            body=message.body,
            body_format=message.body_format,
            timeout=SEND_TIMEOUT,
        )
        if result:
            return SendResult(True)
        # every reason apprise gave, once each: its own WARNING lines are not logged
        reasons = [e.message for e in result.logs() if e.level in {"WARNING", "ERROR", "CRITICAL"}]
        status = getattr(getattr(result, "status", None), "name", "FAILURE")
        reason = "; ".join(dict.fromkeys(reasons)) if reasons else status.lower()
        return SendResult(False, scrub_sent(reason)[:500])
