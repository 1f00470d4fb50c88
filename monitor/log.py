"""Logging: one event a line, text or JSON; secrets in URLs are scrubbed on the way out."""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from urllib.parse import unquote_plus, urlsplit

from monitor.text import clean, inert_json

# Query parameters that hold a credential, by a part of their name (api_key, access_token,
# X-Amz-Signature, -token): feed URLs keep the others (q=, hl=) readable.
_SECRET_PARTS = {"pass", "passwd", "pwd", "passphrase", "sig", "auth", "authorization"}
_SECRET_PARTS |= {"credential", "credentials", "session", "jwt", "hmac"}
_SECRET_ENDINGS = ("token", "key", "secret", "password", "signature")
# Registered literals shorter than this would garble every log line they happen to occur in.
MIN_SECRET = 4


def secret_param(name: str) -> bool:
    """Whether a query parameter of this name holds a credential."""
    parts = re.split(r"[^a-z0-9]+", unquote_plus(name).lower())
    return any(p in _SECRET_PARTS or p.endswith(_SECRET_ENDINGS) for p in parts if p)


def _param(m: re.Match[str]) -> str:
    return f"{m.group(1)}***" if secret_param(m.group(2)) else m.group(0)


# userinfo in URLs, token-looking path segments of webhook URLs, secret query values
_SECRETS: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    (re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^\s/?#@\"'<>]+@"), r"\1***@"),
    (re.compile(r"(?i)(hooks\.slack\.com/services/)[^\s\"']+"), r"\1***"),
    (re.compile(r"(?i)\b(slack|discord|tgram|msteams|pover|ntfys?)://[^\s\"']+"), r"\1://***"),
    # no backslash in a value: in a JSON line it escapes the quote that ends the string
    (re.compile(r"([?&]([^=&\s\"'#?\\]+)=)[^&\s\"'#\\<>]+"), _param),
]


# Literal secrets of configured URLs, longest first: scrubbed from every line in whatever form a
# library prints them (a decoded password, a query dict), not only where they sit in a URL.
# Rebound whole, never changed in place, so a thread reading it needs no lock.
_registered: tuple[str, ...] = ()


def add_secrets(values: Iterable[str]) -> None:
    global _registered
    new = {v for v in values if len(v) >= MIN_SECRET}
    if not new <= set(_registered):
        _registered = tuple(sorted(set(_registered) | new, key=len, reverse=True))


def url_secrets(url: str) -> list[str]:
    """The credentials in a URL, as written and decoded: the userinfo's password (its user when
    there is none: a token then) and the values of query parameters that hold one."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return []
    found: list[str] = []
    userinfo = parts.netloc.rpartition("@")[0]
    if userinfo:
        user, _, password = userinfo.partition(":")
        found.append(password or user)
    for pair in parts.query.split("&"):
        name, _, value = pair.partition("=")
        if value and secret_param(name):
            found.append(value)
    return [*found, *(unquote_plus(s) for s in found)]


def scrub(text: str) -> str:
    for secret in _registered:
        text = text.replace(secret, "***")
    for pat, repl in _SECRETS:
        text = pat.sub(repl, text)
    return text


class _Text(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        ts = datetime.fromtimestamp(record.created, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        # one line a record, whatever a server or a post put in the message
        msg = clean(record.getMessage()).replace("\n", "\\n").replace("\t", " ")
        ctx = "".join(
            f" {k}={clean(str(getattr(record, k)))}"
            for k in ("source", "story")
            if hasattr(record, k)
        )
        line = f"{ts} {record.levelname:<7} {record.name}: {msg}{ctx}"
        if record.exc_info:
            line += "\n" + clean(self.formatException(record.exc_info))
        return scrub(line)


class _Json(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        event = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": clean(record.getMessage()),
        }
        for k in ("source", "story", "notifier"):
            if hasattr(record, k):
                event[k] = getattr(record, k)
        if record.exc_info:
            event["exc"] = self.formatException(record.exc_info)
        # every field, not only msg: an exception quotes what a server sent
        return scrub(inert_json(json.dumps(event, ensure_ascii=False)))


def setup_logging(fmt: str = "text", level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Json() if fmt == "json" else _Text())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    handler.addFilter(_no_apprise_warnings)
    # third-party chatter: apprise logs every send at INFO, apscheduler every job run
    for name in ("apprise", "apscheduler", "aiohttp.access"):
        logging.getLogger(name).setLevel(logging.WARNING)


def _no_apprise_warnings(record: logging.LogRecord) -> bool:
    """apprise's WARNING for a failed send is repeated by our own line (monitor.notify, "send
    failed", scrubbed), which takes it from the send's result: one line a failure. Dropped
    here, not by raising apprise's level: the result only holds what its logger lets through."""
    apprise = record.name == "apprise" or record.name.startswith("apprise.")
    return not apprise or record.levelno >= logging.ERROR
