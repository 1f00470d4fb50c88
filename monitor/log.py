"""Logging: one event a line, text or JSON; secrets in URLs are scrubbed on the way out."""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime

# userinfo in URLs and token-looking path segments of webhook URLs
_SECRETS = [
    (re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^\s/@:]+:[^\s/@]+@"), r"\1***:***@"),
    (re.compile(r"(?i)(hooks\.slack\.com/services/)[^\s\"']+"), r"\1***"),
    (re.compile(r"(?i)\b(slack|discord|tgram|msteams|pover|ntfys?)://[^\s\"']+"), r"\1://***"),
    (
        re.compile(r"(?i)([?&](?:token|key|apikey|api_key|password|pass|secret)=)[^&\s\"']+"),
        r"\1***",
    ),
]


def scrub(text: str) -> str:
    for pat, repl in _SECRETS:
        text = pat.sub(repl, text)
    return text


class _Text(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        ts = datetime.fromtimestamp(record.created, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        msg = record.getMessage()
        ctx = "".join(
            f" {k}={getattr(record, k)}" for k in ("source", "story") if hasattr(record, k)
        )
        line = f"{ts} {record.levelname:<7} {record.name}: {msg}{ctx}"
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return scrub(line)


class _Json(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        event = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for k in ("source", "story", "notifier"):
            if hasattr(record, k):
                event[k] = getattr(record, k)
        if record.exc_info:
            event["exc"] = self.formatException(record.exc_info)
        return scrub(json.dumps(event, ensure_ascii=False))


def setup_logging(fmt: str = "text", level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Json() if fmt == "json" else _Text())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # third-party chatter: apprise logs every send at INFO, apscheduler every job run
    for name in ("apprise", "apscheduler", "aiohttp.access"):
        logging.getLogger(name).setLevel(logging.WARNING)
