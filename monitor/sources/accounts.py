"""What the account adapters (bluesky, mastodon, reddit, telegram, x) share.

JSON fetching with errors that name the account, a bounded memory of the newest item ids (the
high-water mark that stops pagination), tolerant time parsing, and `min_interval`: the floor below
which polling gains nothing because the server or bridge caches its answer that long.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, ClassVar

from monitor.models import Post
from monitor.sources.base import Source, SourceError
from monitor.sources.feed import clamp_time
from monitor.sources.http import Response

JSON_ACCEPT = "application/json"
MAX_PAGES = 5  # a poll follows cursors at most this far back; older gaps are not news any more
SEEN_LIMIT = 400  # ids remembered per source: several pages, so a deleted post can't hide the mark


class AccountSource(Source):
    """A Source for one account on a social service."""

    # What `account` must be, as (what it names, how to write it): `check` refuses the config
    # with it, and a poll of a source built in code fails with it.
    account_form: ClassVar[tuple[str, str]]
    # What the account must match once normalise_account() took off "@" and URL parts.
    account_pattern: ClassVar[re.Pattern[str] | None] = None

    @staticmethod
    def normalise_account(account: str) -> str:
        return account

    @classmethod
    def account_ok(cls, account: str, instance: str | None) -> bool:
        """Whether the account names something this kind can read; `instance` may supply a host."""
        pattern = cls.account_pattern
        return pattern is None or bool(pattern.match(cls.normalise_account(account)))

    @classmethod
    def account_error(cls, account: str, instance: str | None) -> str | None:
        if cls.account_ok(account, instance):
            return None
        what, form = cls.account_form
        return f"{cls.kind} account {account!r} is not {what}: write it as {form}"

    def check_account(self) -> None:
        error = self.account_error(self.config.account or "", self.config.instance)
        if error:
            raise SourceError(error)

    async def get_json(
        self, url: str, *, what: str, expect: type | str, accept: str = JSON_ACCEPT
    ) -> tuple[Response, Any]:
        resp = await self.fetcher.get(url, headers={"Accept": accept})
        return resp, decode_json(resp.body, what=what, expect=expect)


def decode_json(body: bytes, *, what: str, expect: type | str) -> Any:
    """Parse a JSON API answer; raise SourceError for invalid JSON or an error body.

    expect is the type of the document (list) or a key a good answer has ("feed"). Some APIs answer
    200 with {"error": "InvalidRequest", "message": "..."}; that is an error, not an empty result.
    """
    try:
        doc = json.loads(body)
    except (ValueError, RecursionError) as e:  # UnicodeDecodeError is a ValueError
        snippet = body[:80].decode("utf-8", "replace")
        raise SourceError(f"{what}: invalid JSON ({e}); the answer starts {snippet!r}") from None
    error = api_error(doc)
    if isinstance(expect, str):
        ok = isinstance(doc, dict) and expect in doc
    else:
        ok = isinstance(doc, expect)
    if not ok:
        if error:
            raise SourceError(f"{what}: the API answered with an error: {error}")
        wanted = expect if isinstance(expect, str) else expect.__name__
        raise SourceError(f"{what}: unexpected answer (no {wanted})")
    return doc


def api_error(doc: Any) -> str | None:
    """'InvalidRequest: Profile not found' from the error bodies of XRPC, Mastodon and Reddit."""
    if not isinstance(doc, dict) or "error" not in doc:
        return None
    error, message = doc.get("error"), doc.get("message") or doc.get("error_description")
    parts = [str(p) for p in (error, message) if p not in (None, "") and not isinstance(p, dict)]
    if doc.get("reason"):  # reddit: {"reason": "private", "message": "Forbidden", "error": 403}
        parts.append(f"reason: {doc['reason']}")
    return ": ".join(parts) or "unknown error"


def parse_time(value: Any, now: datetime) -> datetime:
    """ISO 8601 (with Z) or epoch seconds -> aware UTC, clamped like feed dates; bad -> now."""
    when: datetime | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            when = datetime.fromtimestamp(value, UTC)
        except (OverflowError, OSError, ValueError):
            when = None
    elif isinstance(value, str) and value.strip():
        try:
            when = datetime.fromisoformat(value.strip())
        except ValueError:
            when = None
    return clamp_time(when, now)


def json_object(value: Any) -> dict[str, Any]:
    """A JSON object field as a dict: {} when it is missing, null or not an object."""
    return value if isinstance(value, dict) else {}


def unique(items: Iterable[str | None]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for i in items if i))


class RecentIds:
    """The ids of the newest items seen, newest first, bounded: where pagination stops."""

    def __init__(self, ids: Iterable[Any] = (), limit: int = SEEN_LIMIT) -> None:
        self.limit = limit
        self.ids = [str(i) for i in ids][:limit]
        self._set = set(self.ids)

    def __contains__(self, key: object) -> bool:
        return key in self._set

    def __bool__(self) -> bool:
        return bool(self.ids)

    def remember(self, newest_first: Iterable[str]) -> None:
        fresh = [k for k in dict.fromkeys(newest_first) if k not in self._set]
        self.ids = (fresh + self.ids)[: self.limit]
        self._set = set(self.ids)


def by_published(posts: Iterable[Post]) -> list[Post]:
    """Oldest first, as Source.poll promises; a post seen twice in one poll (pages overlap) once."""
    unique_posts: dict[str, Post] = {}
    for p in posts:
        unique_posts.setdefault(p.id, p)
    return sorted(unique_posts.values(), key=lambda p: p.published)
