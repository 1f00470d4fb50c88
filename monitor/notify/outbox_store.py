"""Every query on the outbox table (same connection as the Store, same loop); the schema stays
in store.py."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from monitor.models import Alert
from monitor.store import Store, alert_to_json

# Kinds that tell a notifier about a story for the first time.
OPENING_KINDS = ("new", "update")


class OutboxStore:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.db = store.db

    def enqueue(self, notifier: str, alert: Alert, now: datetime) -> int:
        ts = now.timestamp()
        cur = self.db.execute(
            "INSERT INTO outbox(notifier, kind, story_id, payload, next_attempt, created)"
            " VALUES(?, ?, ?, ?, ?, ?)",
            (notifier, alert.kind, alert.story_id, alert_to_json(alert), ts, ts),
        )
        return int(cur.lastrowid or 0)

    def mark_sent(self, ids: list[int], now: datetime) -> None:
        self.db.executemany(
            "UPDATE outbox SET status='sent', sent_at=?, attempts=attempts+1 WHERE id=?",
            [(now.timestamp(), i) for i in ids],
        )

    def mark_retry(self, ids: list[int], error: str, next_attempt: datetime) -> None:
        self.db.executemany(
            "UPDATE outbox SET attempts=attempts+1, last_error=?, next_attempt=? WHERE id=?",
            [(error[:500], next_attempt.timestamp(), i) for i in ids],
        )

    def set_status(self, ids: list[int], status: str) -> None:
        self.db.executemany("UPDATE outbox SET status=? WHERE id=?", [(status, i) for i in ids])

    def by_status(self, statuses: tuple[str, ...] = ("pending", "failed")) -> list[sqlite3.Row]:
        """Rows of every notifier with one of these statuses, oldest first."""
        marks = ",".join("?" * len(statuses))
        return self.db.execute(
            f"SELECT * FROM outbox WHERE status IN ({marks}) ORDER BY id", statuses
        ).fetchall()

    def depth(self) -> int:
        """Pending rows of every notifier."""
        return int(
            self.db.execute("SELECT count(*) FROM outbox WHERE status='pending'").fetchone()[0]
        )

    def by_ids(self, ids: list[int]) -> dict[int, sqlite3.Row]:
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(f"SELECT * FROM outbox WHERE id IN ({marks})", ids)
        return {int(r["id"]): r for r in rows}

    def failing(self) -> list[sqlite3.Row]:
        """Failed rows, and pending ones that have failed at least once."""
        return self.db.execute(
            "SELECT * FROM outbox WHERE status='failed' OR "
            "(status='pending' AND last_error IS NOT NULL) ORDER BY id"
        ).fetchall()

    def requeue(self, ids: list[int], now: datetime) -> None:
        """Back to pending, due at `now`."""
        ts = now.timestamp()
        self.db.executemany(
            "UPDATE outbox SET status='pending', next_attempt=? WHERE id=?", [(ts, i) for i in ids]
        )

    def counts(self) -> list[tuple[str, str, int]]:
        """(notifier, status, rows) for every pair present in the outbox."""
        rows = self.db.execute(
            "SELECT notifier, status, count(*) AS n FROM outbox GROUP BY notifier, status"
        )
        return [(r["notifier"], r["status"], int(r["n"])) for r in rows]

    def oldest_pending(self) -> float | None:
        """Creation time (epoch seconds) of the oldest undelivered row."""
        row = self.db.execute("SELECT min(created) FROM outbox WHERE status='pending'").fetchone()
        return float(row[0]) if row and row[0] is not None else None

    def pending(self, notifier: str, limit: int = 200) -> list[sqlite3.Row]:
        """Pending rows of one notifier in order, whether due or not: the head decides."""
        return self.db.execute(
            "SELECT * FROM outbox WHERE notifier=? AND status='pending' ORDER BY id LIMIT ?",
            (notifier, limit),
        ).fetchall()

    def pending_count(self, notifier: str | None = None) -> int:
        if notifier is None:
            return self.depth()
        return int(
            self.db.execute(
                "SELECT count(*) FROM outbox WHERE notifier=? AND status='pending'", (notifier,)
            ).fetchone()[0]
        )

    def heard(self, notifier: str, story_id: int) -> int | None:
        """The highest source count this notifier was told for a story; None: never told.

        Read from the outbox, so it survives restarts. Rows dropped by an operator don't count.
        """
        row = self.db.execute(
            "SELECT max(coalesce(json_extract(payload, '$.source_count'), 1)) AS n, count(*) AS c "
            "FROM outbox WHERE notifier=? AND story_id=? AND status!='dropped'",
            (notifier, story_id),
        ).fetchone()
        return int(row["n"]) if row and row["c"] else None

    def parent_story(self, story_id: int) -> int | None:
        row = self.db.execute("SELECT parent_id FROM stories WHERE id=?", (story_id,)).fetchone()
        return int(row["parent_id"]) if row and row["parent_id"] is not None else None

    def failing_since(self, notifier: str) -> tuple[int, str | None, float] | None:
        """(attempts, last error, created) of the head row if it has failed at least once."""
        row = self.db.execute(
            "SELECT attempts, last_error, created FROM outbox WHERE notifier=? AND "
            "status='pending' ORDER BY id LIMIT 1",
            (notifier,),
        ).fetchone()
        if row is None or not row["attempts"]:
            return None
        return int(row["attempts"]), row["last_error"], float(row["created"])

    def sent_since(self, notifier: str, since: datetime) -> int:
        return int(
            self.db.execute(
                "SELECT count(*) FROM outbox WHERE notifier=? AND status='sent' AND sent_at>=?",
                (notifier, since.timestamp()),
            ).fetchone()[0]
        )

    def sent_times(self, notifier: str, since: datetime) -> list[float]:
        """When each message went out since `since`: rows sent together (a digest) share a
        sent_at, so distinct times count messages, as a rate limit does."""
        rows = self.db.execute(
            "SELECT DISTINCT sent_at FROM outbox WHERE notifier=? AND status='sent' "
            "AND sent_at>=? ORDER BY sent_at",
            (notifier, since.timestamp()),
        ).fetchall()
        return [float(r[0]) for r in rows]

    def prune(self, before: datetime) -> int:
        """Delete rows sent before `before`, and rows an operator dropped that were created
        before it. Keep it older than the dedup window: routing reads what a notifier heard of
        an open story from the sent rows."""
        ts = before.timestamp()
        return int(
            self.db.execute(
                "DELETE FROM outbox WHERE (status='sent' AND sent_at<?) "
                "OR (status='dropped' AND created<?)",
                (ts, ts),
            ).rowcount
        )
