"""SQLite (WAL) state: source fetch state, seen posts, stories and their posts, and the outbox.

Whatever the daemon knew before a crash it knows after a restart: every pipeline decision is
committed before the alert it causes is handed to a notifier.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from monitor.models import Alert, Story, StorySource

SCHEMA = """
CREATE TABLE IF NOT EXISTS fetch_state (
    source TEXT PRIMARY KEY,
    data TEXT NOT NULL               -- JSON owned by the source adapter (etag, cursor, health...)
);
CREATE TABLE IF NOT EXISTS seen (
    key TEXT PRIMARY KEY,            -- "post:<source>\x1f<id>" or "url:<canonical url>"
    story_id INTEGER,
    seen_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS seen_at ON seen(seen_at);
CREATE TABLE IF NOT EXISTS stories (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    claim TEXT NOT NULL,
    marker TEXT,
    topics TEXT NOT NULL,            -- JSON list
    first_seen REAL NOT NULL,        -- published time of the original
    last_seen REAL NOT NULL,
    opened_at REAL NOT NULL,         -- wall clock when the story was created (window anchor)
    cited_url TEXT,
    alerted_sources INTEGER NOT NULL DEFAULT 0,   -- highest follow-up threshold already sent
    facts TEXT,                       -- JSON: numbers/stance seen, for update alerts
    parent_id INTEGER,                -- an update story: the story whose claim it develops
    source_count INTEGER NOT NULL DEFAULT 0   -- distinct (source, author) pairs among its posts
);
CREATE INDEX IF NOT EXISTS stories_opened ON stories(opened_at);
CREATE TABLE IF NOT EXISTS story_posts (
    story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    post_key TEXT NOT NULL,
    source TEXT NOT NULL,
    author TEXT,
    url TEXT,
    published REAL NOT NULL,
    text TEXT NOT NULL,              -- claim text, the dedup index is rebuilt from it
    tier TEXT NOT NULL,
    score REAL NOT NULL,
    PRIMARY KEY (story_id, post_key)
);
CREATE INDEX IF NOT EXISTS story_posts_pub ON story_posts(story_id, published);
CREATE INDEX IF NOT EXISTS story_posts_src ON story_posts(story_id, source, author);
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    notifier TEXT NOT NULL,
    kind TEXT NOT NULL,
    story_id INTEGER,
    payload TEXT NOT NULL,           -- JSON of the Alert
    status TEXT NOT NULL DEFAULT 'pending',   -- pending | sending | sent | failed | dropped
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt REAL NOT NULL,
    created REAL NOT NULL,
    sent_at REAL,
    last_error TEXT
);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox(status, notifier, next_attempt, id);
CREATE INDEX IF NOT EXISTS outbox_story ON outbox(notifier, story_id);  -- routing: heard of it?
"""


def _ts(dt: datetime) -> float:
    return dt.timestamp()


def _dt(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, UTC)


def alert_to_json(alert: Alert) -> str:
    def default(o: Any) -> Any:
        if isinstance(o, datetime):
            return o.isoformat()
        raise TypeError(type(o))

    return json.dumps(asdict(alert), default=default, ensure_ascii=False)


def alert_from_json(text: str) -> Alert:
    d = json.loads(text)
    for k in ("published", "created"):
        if d.get(k):
            d[k] = datetime.fromisoformat(d[k])
    d["sources"] = [
        StorySource(**{**s, "published": datetime.fromisoformat(s["published"])})
        for s in d.get("sources", [])
    ]
    return Alert(**d)


class Store:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.execute("PRAGMA busy_timeout=5000")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # -- fetch state (owned by sources) --------------------------------------------------------
    def get_fetch_state(self, source: str) -> dict[str, Any]:
        row = self.db.execute("SELECT data FROM fetch_state WHERE source=?", (source,)).fetchone()
        return json.loads(row["data"]) if row else {}

    def save_fetch_state(self, source: str, data: dict[str, Any]) -> None:
        self.db.execute(
            "INSERT INTO fetch_state(source, data) VALUES(?, ?) "
            "ON CONFLICT(source) DO UPDATE SET data=excluded.data",
            (source, json.dumps(data, default=str)),
        )

    def all_fetch_states(self) -> dict[str, dict[str, Any]]:
        rows = self.db.execute("SELECT source, data FROM fetch_state ORDER BY source")
        return {r["source"]: json.loads(r["data"]) for r in rows}

    # -- seen posts ----------------------------------------------------------------------------
    def seen_story(self, key: str) -> int | None:
        """The story a post key (or canonical URL key) was assigned to; -1 if seen but no story."""
        row = self.db.execute("SELECT story_id FROM seen WHERE key=?", (key,)).fetchone()
        if row is None:
            return None
        return row["story_id"] if row["story_id"] is not None else -1

    def mark_seen(self, keys: list[str], story_id: int | None, now: datetime) -> None:
        self.db.executemany(
            "INSERT OR IGNORE INTO seen(key, story_id, seen_at) VALUES(?, ?, ?)",
            [(k, story_id, _ts(now)) for k in keys],
        )

    # -- stories -------------------------------------------------------------------------------
    def create_story(
        self,
        claim: str,
        marker: str | None,
        topics: list[str],
        first: StorySource,
        cited_url: str | None,
        now: datetime,
        parent_id: int | None = None,
    ) -> int:
        cur = self.db.execute(
            "INSERT INTO stories(claim, marker, topics, first_seen, last_seen, opened_at, cited_url,"
            " parent_id) VALUES(?, ?, ?, ?, ?, ?, ?, ?)",
            (
                claim,
                marker,
                json.dumps(topics),
                _ts(first.published),
                _ts(first.published),
                _ts(now),
                cited_url,
                parent_id,
            ),
        )
        return int(cur.lastrowid or 0)

    def add_story_post(
        self, story_id: int, src: StorySource, text: str, tier: str, score: float
    ) -> bool:
        known_source = self.db.execute(
            "SELECT 1 FROM story_posts WHERE story_id=? AND source=? AND author IS ? LIMIT 1",
            (story_id, src.source, src.author),
        ).fetchone()
        cur = self.db.execute(
            "INSERT OR IGNORE INTO story_posts VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                story_id,
                src.post_id,
                src.source,
                src.author,
                src.url,
                _ts(src.published),
                text,
                tier,
                score,
            ),
        )
        if cur.rowcount:
            self.db.execute(
                "UPDATE stories SET last_seen=max(last_seen, ?), first_seen=min(first_seen, ?), "
                "source_count=source_count+? WHERE id=?",
                (_ts(src.published), _ts(src.published), 0 if known_source else 1, story_id),
            )
        return bool(cur.rowcount)

    def update_story(self, story_id: int, **fields: Any) -> None:
        allowed = {"claim", "marker", "topics", "cited_url", "alerted_sources", "facts"}
        sets = {
            k: (json.dumps(v) if k in {"topics", "facts"} else v)
            for k, v in fields.items()
            if k in allowed
        }
        if sets:
            cols = ", ".join(f"{k}=?" for k in sets)
            self.db.execute(f"UPDATE stories SET {cols} WHERE id=?", (*sets.values(), story_id))

    def story_source_count(self, story_id: int) -> int:
        """Distinct (source, author) pairs: an aggregator feed carries many outlets."""
        row = self.db.execute("SELECT source_count FROM stories WHERE id=?", (story_id,)).fetchone()
        return int(row[0]) if row else 0

    def story_row(self, story_id: int) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self.db.execute(
            "SELECT * FROM stories WHERE id=?", (story_id,)
        ).fetchone()
        return row

    def story_sources(self, story_id: int, limit: int | None = None) -> list[StorySource]:
        """The story's posts, earliest first: the first is the original."""
        rows = self.db.execute(
            "SELECT source, author, url, published, post_key FROM story_posts WHERE story_id=? "
            "ORDER BY published, rowid LIMIT ?",
            (story_id, -1 if limit is None else limit),
        )
        return [
            StorySource(r["source"], r["author"], r["url"], _dt(r["published"]), r["post_key"])
            for r in rows
        ]

    def story_original(self, story_id: int) -> StorySource | None:
        first = self.story_sources(story_id, limit=1)
        return first[0] if first else None

    def get_story(self, story_id: int) -> Story | None:
        row = self.story_row(story_id)
        if row is None:
            return None
        posts = self.story_sources(story_id)
        original = posts[0] if posts else StorySource("", None, None, _dt(row["first_seen"]), "")
        return Story(
            id=row["id"],
            claim=row["claim"],
            marker=row["marker"],
            topics=json.loads(row["topics"]),
            original=original,
            first_seen=_dt(row["first_seen"]),
            last_seen=_dt(row["last_seen"]),
            sources=posts,
            cited_url=row["cited_url"],
            source_count=row["source_count"],
        )

    def open_story_posts(self, opened_after: datetime) -> Iterator[sqlite3.Row]:
        """Posts of stories still open, oldest first: the dedup index is rebuilt from these."""
        return self.db.execute(
            "SELECT sp.story_id, sp.text, sp.published, s.opened_at FROM story_posts sp "
            "JOIN stories s ON s.id = sp.story_id WHERE s.opened_at >= ? "
            "ORDER BY sp.published, sp.rowid",
            (_ts(opened_after),),
        )

    def recent_stories(self, limit: int = 20) -> list[Story]:
        rows = self.db.execute(
            "SELECT id FROM stories ORDER BY opened_at DESC, id DESC LIMIT ?", (limit,)
        ).fetchall()
        return [s for r in rows if (s := self.get_story(r["id"])) is not None]

    def prune(self, stories_before: datetime, seen_before: datetime) -> tuple[int, int]:
        """Drop closed stories and old seen keys; the outbox keeps its own rows."""
        with self.transaction() as db:
            n_st = db.execute(
                "DELETE FROM stories WHERE opened_at < ?", (_ts(stories_before),)
            ).rowcount
            n_seen = db.execute("DELETE FROM seen WHERE seen_at < ?", (_ts(seen_before),)).rowcount
        return n_st, n_seen
