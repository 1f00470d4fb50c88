"""The values that flow one way through the pipeline: Post -> Claim and Match -> Story -> Alert."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(slots=True)
class Post:
    """One item from a source, as the adapter saw it. Text is plain (HTML already stripped)."""

    id: str  # stable id within the source: GUID, at:// URI, status id; falls back to URL or text hash
    source: str  # the source's name from the config
    text: str
    published: datetime  # timezone-aware UTC; adapters use fetch time when the item has no date
    url: str | None = None
    author: str | None = None
    title: str | None = None
    links: tuple[str, ...] = ()  # outbound links found in the post (article URLs, facets)
    kind: str = "rss"
    reposted_by: str | None = None  # a repost/boost: who reposted it

    @property
    def key(self) -> str:
        return f"{self.source}\x1f{self.id}"


@dataclass(slots=True)
class Claim:
    """What the claim detector found in a post."""

    marker: (
        str | None
    )  # the JUST-IN-style marker as written ("JUST IN", "🚨", "عاجل"); None if absent
    text: str  # the claim without marker, RT prefix or trailing links: for display
    attribution: str | None = None  # "US intelligence officials"
    origin_hint: str | None = None  # handle from "RT @x:" or "via @x"


@dataclass(slots=True)
class Match:
    topic: str
    query: str
    why: list[str] = field(default_factory=list)  # the terms that matched, for explain and alerts


@dataclass(slots=True)
class StorySource:
    source: str
    author: str | None
    url: str | None
    published: datetime
    post_id: str


@dataclass(slots=True)
class Story:
    id: int
    claim: str  # display text of the original's claim
    marker: str | None
    topics: list[str]
    original: StorySource
    first_seen: datetime
    last_seen: datetime
    sources: list[StorySource] = field(default_factory=list)
    cited_url: str | None = None
    source_count: int = 1  # distinct (source, author) pairs, kept by the store


@dataclass(slots=True)
class Alert:
    """A message to deliver. kind: new | followup | update | original_changed | ops | test."""

    kind: str
    story_id: int | None
    topic: str | None
    marker: str | None
    claim: str
    url: str | None  # link to the original post
    author: str | None
    source: str | None
    published: datetime | None
    source_count: int = 1
    query: str | None = None
    sources: list[StorySource] = field(default_factory=list)
    cited_url: str | None = None
    note: str | None = None  # e.g. "original changed: earlier post from @x"
    created: datetime = field(default_factory=utcnow)
    topics: list[str] = field(
        default_factory=list
    )  # every topic the story matched; routing uses it
    parent_story_id: int | None = None  # kind "update": the story whose claim this develops
    why: list[str] = field(default_factory=list)  # the query terms that matched

    @classmethod
    def ops(cls, text: str, *, source: str | None = None, note: str | None = None) -> Alert:
        """An operational message (a source failing, delivery failing): no story, no topic."""
        return cls(
            kind="ops", story_id=None, topic=None, marker=None, claim=text, url=None, author=None,
            source=source, published=utcnow() if source else None, note=note,
        )  # fmt: skip
