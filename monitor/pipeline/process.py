"""The pipeline stage that turns posts into alerts: detect, match, assign to a story.

Posts are handled in published order so that a story's original is its earliest post. Every
decision is written to the store in the caller's transaction, together with the outbox rows of the
alerts it causes, so a crash never leaves an alert without its story or a story without its alert.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from monitor.config import Settings
from monitor.models import Alert, Claim, Match, Post, StorySource, utcnow
from monitor.pipeline.claims import ClaimDetector
from monitor.pipeline.dedup import Decision, Deduper
from monitor.pipeline.guards import stance_of
from monitor.pipeline.normalize import canonical_url, extract_urls, normalize
from monitor.pipeline.topics import Document, TopicMatcher
from monitor.store import Store

log = logging.getLogger(__name__)

# Hosts whose links are posts, not articles: they are never a story's "cited source".
_SOCIAL = (
    "twitter.com",
    "x.com",
    "t.co",
    "bsky.app",
    "t.me",
    "reddit.com",
    "redd.it",
    "instagram.com",
    "facebook.com",
    "youtube.com",
    "youtu.be",
    "tiktok.com",
)


@dataclass(slots=True)
class Evaluation:
    """Why a post would or would not alert; shared by process() and `claimwatch explain`."""

    post: Post
    claim: Claim | None  # None when rejected before claim extraction
    matches: list[Match]
    rejected: str | None  # None: it is a candidate; else the reason
    normalized: str = ""
    decision: Decision | None = None
    cited_url: str | None = None  # the article the post links, once it is a candidate


# Hashtag, tag and profile pages (Mastodon's "#Iran" links, "/@user"): navigation, not sources.
_NOT_ARTICLE = re.compile(r"^https?://[^/]+/(?:tags?/|hashtag/|@[^/]+/?$|users/[^/]+/?$)", re.I)


def _cited_url(post: Post) -> str | None:
    for url in (*post.links, *extract_urls(post.text)):
        canon = canonical_url(url)
        host = canon.split("://", 1)[-1].split("/", 1)[0]
        social = any(host == h or host.endswith("." + h) for h in _SOCIAL)
        if not social and not _NOT_ARTICLE.match(canon) and canon != post.url:
            return canon
    return None


class Pipeline:
    def __init__(self, settings: Settings, store: Store, *, post_clock: bool = False) -> None:
        self.store = store
        self.post_clock = post_clock  # replay: "now" is each post's own time
        self.window: timedelta = settings.monitor.dedup_window
        self.deduper = Deduper(self.window, semantic=settings.monitor.semantic)
        self.stats: Counter[str] = Counter()
        self.configure(settings)
        # replay runs on the posts' clock: load every stored story, find() applies the window
        self.rebuild(None if post_clock else utcnow())

    def configure(self, settings: Settings) -> None:
        """Apply (re)loaded settings; the dedup index and the store are kept."""
        m = settings.monitor
        self.max_age: timedelta | None = m.max_age
        self.require_marker = m.require_marker
        self.followups = list(m.followups)
        self.detector = ClaimDetector(m.markers, m.extra_markers)
        self.matcher = TopicMatcher([(t.name, t.query) for t in settings.topics])
        self.queries = {t.name: t.query for t in settings.topics}

    def rebuild(self, now: datetime | None) -> None:
        """Load open stories into the in-memory dedup index (after a restart)."""
        since = now - self.window if now else datetime.fromtimestamp(0, UTC)
        for row in self.store.open_story_posts(since):
            anchor = datetime.fromtimestamp(row["opened_at"], UTC)
            self.deduper.add(row["story_id"], row["text"], anchor)

    # -- evaluation (no side effects) ----------------------------------------------------------
    def evaluate(self, post: Post, now: datetime) -> Evaluation:
        """Cheapest test first: most posts match no topic and never reach claim extraction."""
        if self.max_age is not None and post.published < now - self.max_age:
            return Evaluation(post, None, [], f"older than max_age ({self.max_age})")
        matches = self.matcher.match(Document.from_post(post))
        if not matches:
            return Evaluation(post, None, [], "matches no topic")
        claim = self.detector.detect(post.text, post.title)
        if self.require_marker and claim.marker is None:
            return Evaluation(
                post, claim, matches, "no breaking-news marker (require_marker = true)"
            )
        if not claim.text.strip():
            return Evaluation(post, claim, matches, "marker without a claim")
        return Evaluation(post, claim, matches, None)

    def explain(self, post: Post, now: datetime | None = None) -> Evaluation:
        now = now or utcnow()
        ev = self.evaluate(post, now)
        if ev.claim is None:
            ev.claim = self.detector.detect(post.text, post.title)
        ev.normalized = normalize(ev.claim.text or post.text)
        ev.decision = self.deduper.find(ev.claim.text or post.text, now)
        return ev

    # -- processing ----------------------------------------------------------------------------
    def process(self, posts: Iterable[Post], now: datetime | None = None) -> list[Alert]:
        alerts: list[Alert] = []
        for post in sorted(posts, key=lambda p: p.published):
            clock = post.published if self.post_clock else (now or utcnow())
            alerts.extend(self.process_one(post, clock))
        return alerts

    def process_one(self, post: Post, now: datetime) -> list[Alert]:
        self.stats["posts"] += 1
        ev = self.evaluate(post, now)
        if ev.matches:
            self.stats["matched"] += 1
        if ev.claim is not None and ev.claim.marker:
            self.stats["claims"] += 1
        if ev.rejected is not None:
            # rejections are a pure function of the post and the config: nothing to remember,
            # and a reloaded topic may still catch the post while it is younger than max_age
            self.stats["rejected"] += 1
            return []
        key = "post:" + post.key
        if self.store.seen_story(key) is not None:
            self.stats["seen"] += 1
            return []
        self.stats["candidates"] += 1
        url_key = "url:" + canonical_url(post.url) if post.url else None
        ev.cited_url = _cited_url(post)
        story_id, tier, alerts = self._assign(post, ev, url_key, now)
        self.stats[f"tier_{tier}"] += 1
        self.store.mark_seen([key, url_key] if url_key else [key], story_id, now)
        return alerts

    def _assign(
        self, post: Post, ev: Evaluation, url_key: str | None, now: datetime
    ) -> tuple[int, str, list[Alert]]:
        """(story id, dedup tier, alerts) for a candidate post."""
        claim = ev.claim
        assert claim is not None
        src = StorySource(post.source, post.author, post.url, post.published, post.key)
        # identity: the same article URL seen before (another feed carrying the same item)
        if url_key:
            sid = self.store.seen_story(url_key)
            row = self.store.story_row(sid) if sid is not None and sid > 0 else None
            if sid is not None and row is not None:
                return self._join(sid, post, ev, src, "identity", 1.0, now, row)
        decision = self.deduper.find(claim.text, now)
        ev.decision = decision
        if decision.story_id is not None:
            return self._join(decision.story_id, post, ev, src, decision.tier, decision.score, now)
        topics = [m.topic for m in ev.matches]
        sid = self.store.create_story(
            claim.text,
            claim.marker,
            topics,
            src,
            ev.cited_url,
            now,
            parent_id=decision.related_story,
        )
        self.store.add_story_post(sid, src, claim.text, "new", 1.0)
        self.deduper.add(sid, claim.text, now)
        alert = self._alert("new", sid, post, ev, source_count=1)
        if decision.related_story is not None:
            parent = self.store.get_story(decision.related_story)
            alert.kind = "update"
            alert.parent_story_id = decision.related_story
            what = {
                "numbers": "new figures",
                "toll": "news of deaths or injuries",
                "stance": "a confirmation, denial or claim",
                "negation": "been contradicted",
                "source": "been said by another source as well",
            }.get(decision.relation or "", "news")
            said = stance_of(claim.text) if decision.relation == "stance" else None
            if said is not None:  # "has been denied by Iran's Foreign Ministry"
                what = f"been {said[0]}" + (f" by {said[1]}" if said[1] else "")
            if decision.relation == "source" and claim.attribution:
                what = f"been said by {claim.attribution} as well"  # "... by Moscow as well"
            alert.note = f"story #{decision.related_story} has {what}" + (
                f": was “{parent.claim}”" if parent else ""
            )
        return sid, "new", [alert]

    def _join(
        self,
        sid: int,
        post: Post,
        ev: Evaluation,
        src: StorySource,
        tier: str,
        score: float,
        now: datetime,
        row: sqlite3.Row | None = None,
    ) -> tuple[int, str, list[Alert]]:
        row = row if row is not None else self.store.story_row(sid)
        claim = ev.claim
        assert row is not None and claim is not None
        before = self.store.story_source_count(sid)
        earlier = post.published.timestamp() < row["first_seen"]
        if not self.store.add_story_post(sid, src, claim.text, tier, score):
            return sid, tier, []  # this very post is in the story already
        if tier not in ("exact", "identity"):
            self.deduper.add(sid, claim.text, now)
        topics = sorted(set(_json_list(row["topics"])) | {m.topic for m in ev.matches})
        updates: dict[str, object] = {"topics": topics}
        if not row["cited_url"] and ev.cited_url:
            updates["cited_url"] = ev.cited_url
        alerts: list[Alert] = []
        if earlier:
            updates |= {"claim": claim.text, "marker": claim.marker or row["marker"]}
            self.store.update_story(sid, **updates)
            alert = self._alert("original_changed", sid, post, ev, before + 1)
            alert.note = "an earlier post is now the original"
            alerts.append(alert)
        else:
            self.store.update_story(sid, **updates)
        count = self.store.story_source_count(sid)
        if count > before:
            alerts.append(self._story_alert("corroboration", sid, ev, count))
            reached = [n for n in self.followups if before < n <= count]
            if reached and reached[-1] > row["alerted_sources"]:
                self.store.update_story(sid, alerted_sources=reached[-1])
                fu = self._story_alert("followup", sid, ev, count)
                fu.note = f"now carried by {count} sources"
                alerts.append(fu)
        return sid, tier, alerts

    def _alert(self, kind: str, sid: int, post: Post, ev: Evaluation, source_count: int) -> Alert:
        first = ev.matches[0] if ev.matches else None
        assert ev.claim is not None
        return Alert(
            kind=kind,
            story_id=sid,
            topic=first.topic if first else None,
            marker=ev.claim.marker,
            claim=ev.claim.text,
            url=post.url,
            author=post.author,
            source=post.source,
            published=post.published,
            source_count=source_count,
            query=first.query if first else None,
            cited_url=ev.cited_url,
            topics=[m.topic for m in ev.matches],
            why=[w for m in ev.matches for w in m.why],
            sources=[StorySource(post.source, post.author, post.url, post.published, post.key)],
        )

    def _story_alert(self, kind: str, sid: int, ev: Evaluation, count: int) -> Alert:
        """An alert about the story as a whole: it links the story's original, not this post.

        Only a follow-up lists every source; a corroboration event is bookkeeping for routing
        and must stay cheap on a story with thousands of reposts.
        """
        row = self.store.story_row(sid)
        o = self.store.story_original(sid)
        assert row is not None and o is not None
        topics = _json_list(row["topics"])
        topic = topics[0] if topics else None
        return Alert(
            kind=kind,
            story_id=sid,
            topic=topic,
            marker=row["marker"],
            claim=row["claim"],
            url=o.url,
            author=o.author,
            source=o.source,
            published=o.published,
            source_count=count,
            query=self.queries.get(topic or ""),
            sources=self.store.story_sources(sid) if kind == "followup" else [],
            cited_url=row["cited_url"],
            topics=topics,
            why=[w for m in ev.matches for w in m.why],
        )


def _json_list(text: str) -> list[str]:
    return list(json.loads(text or "[]"))
