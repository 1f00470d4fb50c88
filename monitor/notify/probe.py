"""`claimwatch test-notify`: one test message to every notifier, a result per notifier."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from monitor.config import NotifierConfig
from monitor.models import Alert, utcnow
from monitor.notify.deliver import Notifier, SendResult
from monitor.redact import scrub_sent


def test_alert() -> Alert:
    now = utcnow()
    return Alert(
        kind="test",
        story_id=None,
        topic=None,
        marker=None,
        claim="claimwatch test: if you can read this, this notifier works.",
        url=None,
        author=None,
        source="claimwatch",
        published=now,
        created=now,
    )


async def test_notify(notifiers: list[NotifierConfig]) -> list[tuple[str, bool, str]]:
    """(name, ok, message) per notifier, in config order. Messages never contain a secret."""
    if not notifiers:
        return []
    targets = [Notifier(cfg) for cfg in notifiers]
    alert = test_alert()
    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor(
        max_workers=len(targets), thread_name_prefix="claimwatch-test-notify"
    ) as pool:

        async def one(n: Notifier) -> tuple[str, bool, str]:
            try:
                result = await loop.run_in_executor(pool, n.send, n.render(alert))
            except Exception as e:  # rendering (a user template) failed
                # scrubbed as Notifier.send scrubs the errors it returns
                result = SendResult(False, scrub_sent(f"{type(e).__name__}: {e}"))
            if result.ok:
                return n.name, True, f"sent to {n.redacted}"
            return n.name, False, f"failed ({n.redacted}): {result.error or 'not sent'}"

        return list(await asyncio.gather(*(one(n) for n in targets)))


test_notify.__test__ = False  # type: ignore[attr-defined]  # not a pytest test
