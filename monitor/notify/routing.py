"""Which notifiers get an alert, and as what.

Rules (per notifier):
- `topics` (None: all; []: none) and `markers` (None: any) filter stories.
- `min_sources = N`: the notifier first hears of a story when it has N distinct sources, as a
  "new" alert carrying the count. A "corroboration" alert is never delivered as such; it is
  how a story reaches such notifiers.
- "followup", "original_changed": only to notifiers that already heard of the story, and a
  follow-up only if it says more than they were told (its source count is higher).
- "update" (a development of a parent story): to notifiers that heard of the parent, and to any
  other notifier whose filters and min_sources the update passes by itself.
- "ops": only to notifiers with ops = true. "test": to every notifier.
What a notifier heard is read from the outbox, so it survives restarts.
"""

from __future__ import annotations

import dataclasses

from monitor.config import NotifierConfig
from monitor.models import Alert
from monitor.notify.outbox_store import OutboxStore


def _casefold(values: list[str] | None) -> set[str] | None:
    return None if values is None else {v.casefold() for v in values}


class Router:
    def __init__(self, notifiers: list[NotifierConfig], outbox: OutboxStore) -> None:
        self.notifiers = notifiers
        self.outbox = outbox

    def _matches(self, cfg: NotifierConfig, alert: Alert) -> bool:
        if cfg.topics is not None and alert.topic not in cfg.topics:
            return False
        markers = _casefold(cfg.markers)
        return markers is None or (alert.marker or "").casefold() in markers

    def plan(self, alert: Alert) -> list[tuple[NotifierConfig, Alert]]:
        """(notifier, the alert as that notifier should receive it) for every recipient."""
        out: list[tuple[NotifierConfig, Alert]] = []
        for cfg in self.notifiers:
            delivered = self._for(cfg, alert)
            if delivered is not None:
                out.append((cfg, delivered))
        return out

    def _for(self, cfg: NotifierConfig, alert: Alert) -> Alert | None:
        kind = alert.kind
        if kind == "test":
            return alert
        if kind == "ops":
            return alert if cfg.ops else None
        if not self._matches(cfg, alert):
            return None
        heard = self.outbox.heard(cfg.name, alert.story_id) if alert.story_id is not None else None
        enough = alert.source_count >= cfg.min_sources
        if kind == "new":
            return alert if enough and heard is None else None
        if kind == "corroboration":
            if heard is None and enough:
                return dataclasses.replace(alert, kind="new")  # first news of it for this one
            return None
        if kind == "followup":
            return alert if heard is not None and alert.source_count > heard else None
        if kind == "original_changed":
            return alert if heard is not None else None
        if kind == "update":
            if heard is not None:
                return None  # already told about this very update story
            parent = (
                self.outbox.parent_story(alert.story_id) if alert.story_id is not None else None
            )
            if parent is not None and self.outbox.heard(cfg.name, parent) is not None:
                return alert
            return alert if enough else None
        return alert if heard is not None else None  # unknown kinds: only about known stories
