"""Logging: one event a line, text or JSON; configured secrets are scrubbed on the way out."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

from monitor.redact import scrub
from monitor.text import clean, inert_json


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


def no_apprise_warnings(record: logging.LogRecord) -> bool:
    """For the log handler: apprise's WARNING for a failed send is repeated by our own line
    ("send failed", scrubbed; monitor.notify.deliver), which takes it from the send's result: one
    line a failure. Dropped there, not by raising apprise's level: the result only holds what its
    logger lets through."""
    apprise = record.name == "apprise" or record.name.startswith("apprise.")
    return not apprise or record.levelno >= logging.ERROR


def setup_logging(fmt: str = "text", level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Json() if fmt == "json" else _Text())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    handler.addFilter(no_apprise_warnings)
    # third-party chatter: apprise logs every send at INFO, apscheduler every job run
    for name in ("apprise", "apscheduler", "aiohttp.access"):
        logging.getLogger(name).setLevel(logging.WARNING)
