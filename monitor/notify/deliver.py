"""One configured channel and its blocking apprise send (always called from an executor).

Errors are reported without secrets: apprise's own log lines and exception texts can quote the
URL (tokens in the path, passwords in the userinfo), so every message we keep is scrubbed of
the URL's secret parts before it is logged, stored or printed.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

import apprise

from monitor.config import NotifierConfig, redact_url
from monitor.models import Alert
from monitor.notify.channels import channel_name, service_url, with_params
from monitor.notify.ratelimit import QuietHours, RateLimit
from monitor.notify.render import Rendered, render, render_digest

log = logging.getLogger("monitor.notify")

SEND_TIMEOUT = 60.0  # seconds for one apprise call; unfinished counts as failed (and is retried)

# Query parameters that never hold a secret; every other value is treated as one.
_PUBLIC_PARAMS = {
    "format",
    "overflow",
    "mode",
    "blocks",
    "footer",
    "image",
    "from",
    "to",
    "cc",
    "bcc",
    "name",
    "smtp",
    "click",
    "priority",
    "tags",
    "avatar",
    "tts",
    "verify",
    "cto",
    "rto",
    "method",
    "markdown",
    "title",
    "emojis",
    "interpret",
    "lang",
    "store",
}


# Schemes whose host slot names a server; in every other scheme it may hold a token.
_HOST_SCHEMES = {
    "json",
    "jsons",
    "xml",
    "xmls",
    "form",
    "forms",
    "mailto",
    "mailtos",
    "ntfy",
    "ntfys",
}


def _host_port(hostport: str) -> tuple[str, str]:
    """Host and whatever follows its colon: a port, or in apprise URLs often a token."""
    if hostport.startswith("["):  # an IPv6 literal holds colons of its own
        host, _, rest = hostport.partition("]")
        return host + "]", rest.removeprefix(":")
    host, _, port = hostport.partition(":")
    return host, port


def secrets_of(url: str) -> list[str]:
    """Substrings of an apprise URL that might be credentials, longest first."""
    found: set[str] = {url}
    try:
        parts = urlsplit(url)
    except ValueError:
        return [url]
    userinfo, _, hostport = parts.netloc.rpartition("@")
    if userinfo:
        found.update([userinfo, *userinfo.split(":")])
    found.update(seg for seg in parts.path.split("/") if seg)
    host, port = _host_port(hostport)
    if port and not port.isdigit():  # tgram://<bot id>:<token>/: a token in the port slot
        found.update([hostport, port])
    if parts.scheme.lower() not in _HOST_SCHEMES:
        found.add(host)  # tokens often sit in the host slot
    for key, value in parse_qsl(parts.query, keep_blank_values=False):
        if key.lower() not in _PUBLIC_PARAMS:
            found.add(value)
    found.update(unquote(s) for s in list(found))
    return sorted((s for s in found if len(s) >= 4), key=len, reverse=True)


def scrub(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, "***")
    # Whatever URL is left (a redirect target, a resolved host) loses its path and userinfo.
    return re.sub(r"\b[a-z][a-z0-9+.-]*://[^\s'\"()<>]+", lambda m: redact_url(m.group(0)), text)


class _SecretFilter(logging.Filter):
    """Scrubs configured notifier secrets from apprise's and urllib3's own log records (at DEBUG
    urllib3 logs request paths, which hold Slack/Discord/Telegram tokens)."""

    def __init__(self) -> None:
        super().__init__()
        self.secrets: list[str] = []

    def add(self, secrets: list[str]) -> None:
        self.secrets = sorted(set(self.secrets) | set(secrets), key=len, reverse=True)

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secrets:
            try:
                message = record.getMessage()
            except Exception:  # a malformed record is not ours to fix
                return True
            clean = scrub(message, self.secrets)
            if clean != message:
                record.msg, record.args = clean, None
        return True


_FILTER = _SecretFilter()
for _name in ("apprise", "urllib3.connectionpool", "requests"):
    logging.getLogger(_name).addFilter(_FILTER)


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
    _secrets: list[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.name = self.config.name
        self.channel = channel_name(self.url)
        self.bucket = RateLimit(self.config.rate)
        self.quiet = QuietHours(self.config.quiet_hours) if self.config.quiet_hours else None
        self._secrets = secrets_of(self.url)
        _FILTER.add(self._secrets)

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

    def scrub(self, text: str) -> str:
        return scrub(text, self._secrets)

    def send(self, message: Rendered) -> SendResult:
        """Blocking: deliver one message through apprise. Never raises."""
        try:
            return self._send(message)
        except Exception as e:  # a plugin bug must not kill the worker; the row is retried
            return SendResult(False, self.scrub(f"{type(e).__name__}: {e}"))

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
        return SendResult(False, self.scrub(reason)[:500])
