"""Alert factories for notifier tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from monitor.models import Alert, StorySource

PUBLISHED = datetime(2026, 11, 24, 1, 23, 45, tzinfo=UTC)


def make_alert(story_id: int = 1, kind: str = "new", **kw: Any) -> Alert:
    base: dict[str, Any] = dict(
        kind=kind,
        story_id=story_id,
        topic="iran-militias",
        marker="JUST IN",
        claim=f"Iran-backed militias attack US base in eastern Syria (story {story_id})",
        url=f"https://x.com/osint{story_id}/status/{1000 + (story_id or 0)}",
        author=f"@osint{story_id}",
        source="x:osint",
        published=PUBLISHED,
        source_count=1,
        query="Iran AND (militia* OR proxies) AND (base OR bases)",
    )
    base.update(kw)
    return Alert(**base)


def sources(n: int) -> list[StorySource]:
    return [
        StorySource(
            f"feed{i}",
            f"@acct{i}",
            f"https://example.org/{i}",
            PUBLISHED + timedelta(minutes=i),
            f"p{i}",
        )
        for i in range(n)
    ]
