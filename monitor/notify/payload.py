"""The versioned JSON payload for generic webhooks (json://, jsons://); see SCHEMA.md."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from monitor.models import Alert, StorySource
from monitor.notify import escape

ALERT_SCHEMA = "claimwatch.alert/1"
DIGEST_SCHEMA = "claimwatch.digest/1"
CLAIM_LIMIT = 10_000  # characters; a longer claim is cut and ends in "…"


def iso(dt: datetime | None) -> str | None:
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _source(s: StorySource) -> dict[str, Any]:
    return {"source": s.source, "author": s.author, "url": s.url, "published": iso(s.published)}


def alert_payload(alert: Alert) -> dict[str, Any]:
    """Plain data: text is not escaped for any markup (integrators escape for their output)."""
    return {
        "schema": ALERT_SCHEMA,
        "kind": alert.kind,
        "story_id": alert.story_id,
        "topic": alert.topic,
        "marker": alert.marker,
        "claim": escape.fit(alert.claim, escape.clean, CLAIM_LIMIT),
        "original": {
            "url": alert.url,
            "author": alert.author,
            "source": alert.source,
            "published": iso(alert.published),
        },
        "source_count": alert.source_count,
        "sources": [_source(s) for s in alert.sources],
        "cited_url": alert.cited_url,
        "note": alert.note,
        "query": alert.query,
        "created": iso(alert.created),
    }


def digest_payload(alerts: list[Alert], title: str) -> dict[str, Any]:
    return {
        "schema": DIGEST_SCHEMA,
        "title": title,
        "count": len(alerts),
        "alerts": [alert_payload(a) for a in alerts],
    }


def dumps(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
