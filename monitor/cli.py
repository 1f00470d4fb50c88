"""The `claimwatch` command: run, once, check, test-notify, replay, explain, stories, sources, outbox."""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import logging
import os
import sqlite3
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from monitor import __version__
from monitor.config import (
    ConfigError,
    Settings,
    SourceConfig,
    check_state_path,
    load_settings,
    resolve_config_path,
)
from monitor.durations import format_ago, format_duration
from monitor.health import Health, classify
from monitor.log import setup_logging
from monitor.models import Alert, Post, utcnow
from monitor.redact import redact_url, scrub, scrub_sent
from monitor.text import inert_json

if TYPE_CHECKING:
    from monitor.notify import Outbox
    from monitor.notify.outbox_store import OutboxStore
    from monitor.store import Store

EXIT_CONFIG = 2


def _settings(args: argparse.Namespace) -> Settings:
    settings = load_settings(args.config)
    fmt = getattr(args, "log_format", None) or settings.monitor.log_format
    setup_logging(fmt, settings.monitor.log_level)
    return settings


def _settings_for_state(args: argparse.Namespace, *, logs: bool = True) -> tuple[Settings, Path]:
    """The settings and the config file's path, for `check` and the commands that write the
    state: a state path the store could not write is a ConfigError naming the key. With `logs`
    off (`check`), logging is not set up."""
    cfg = resolve_config_path(args.config)
    settings = _settings(args) if logs else load_settings(cfg)
    check_state_path(settings, cfg)
    return settings, cfg


# -- check ------------------------------------------------------------------------------------
def cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    s, cfg = _settings_for_state(args, logs=False)
    m = s.monitor
    print(f"config ok: {cfg}", file=out)
    print(
        f"  state {m.state}  interval {format_duration(m.interval)}  max_age "
        f"{format_duration(m.max_age)}  dedup_window {format_duration(m.dedup_window)}  "
        f"require_marker {str(m.require_marker).lower()}",
        file=out,
    )
    print(f"  sources ({len(s.sources)}):", file=out)
    for src in s.sources:
        where = _where(src)
        every = format_duration(src.interval or m.interval)
        off = "" if src.enabled else "  (disabled)"
        print(f"    - {src.name}  [{src.kind}] {where}  every {every}{off}", file=out)
    print(f"  topics ({len(s.topics)}):", file=out)
    for t in s.topics:
        print(f"    - {t.name}: {t.query}", file=out)
    print(f"  notifiers ({len(s.notifiers)}):", file=out)
    if not s.notifiers:
        print("    (none: alerts print to stdout)", file=out)
    for n in s.notifiers:
        route = ", ".join(n.topics) if n.topics is not None else "all topics"
        extra = f"  min_sources {n.min_sources}" if n.min_sources > 1 else ""
        extra += f"  rate {n.rate}" if n.rate else ""
        extra += "  ops" if n.ops else ""
        print(f"    - {n.name}: {redact_url(n.url or '')}  ({route}){extra}", file=out)
    return 0


def _where(src: SourceConfig) -> str | None:
    """What a source reads, fit to show: a feed URL may hold a password or a token."""
    where = src.url or src.account
    return scrub(where) if where else None


def _plain(value: object) -> str:
    """Post text, server text or anything else a stranger wrote, fit for a terminal: one line,
    no control characters (no escape sequences: colours, spoofed links, a cleared screen)."""
    from monitor.notify.escape import one_line

    return one_line(str(value)) if value else ""


def _json_line(value: object) -> str:
    """One --json line: UTF-8 stays readable, control and bidi characters become \\u escapes
    (the parsed data keeps them; the terminal never sees them raw)."""
    return inert_json(json.dumps(value, ensure_ascii=False, default=str))


# -- run / once -------------------------------------------------------------------------------
def cmd_run(args: argparse.Namespace, out: TextIO) -> int:
    from monitor.daemon import Daemon

    settings, cfg = _settings_for_state(args)
    asyncio.run(Daemon(settings, cfg).run())
    # The state is committed and closed. An apprise send stuck on a hung service holds a thread
    # of apprise's own pool until its read timeout; don't let that delay `docker stop`. The
    # row it was sending is still pending and goes out after the restart.
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def cmd_once(args: argparse.Namespace, out: TextIO) -> int:
    from monitor.daemon import Daemon

    settings, cfg = _settings_for_state(args)

    async def main() -> list[Alert]:
        daemon = Daemon(settings, cfg)
        try:
            return await daemon.once(drain_timeout=args.timeout)
        finally:
            daemon.store.close()

    alerts = asyncio.run(main())
    new = sum(a.kind in ("new", "update") for a in alerts)
    print(f"once: {new} new alerts, {len(alerts)} events", file=sys.stderr)
    return 0


# -- test-notify ------------------------------------------------------------------------------
def cmd_test_notify(args: argparse.Namespace, out: TextIO) -> int:
    from monitor.notify import test_notify

    settings = _settings(args)
    if not settings.notifiers:
        print("no notifiers configured: alerts print to stdout", file=out)
        return 0
    results = asyncio.run(test_notify(settings.notifiers))
    for name, ok, message in results:
        print(f"{name}: {'ok' if ok else 'FAILED'}  {_plain(message)}", file=out)
    return 0 if all(ok for _, ok, _ in results) else 1


# -- replay -----------------------------------------------------------------------------------
def _parse_time(value: object) -> datetime:
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, UTC)
    dt = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def read_posts(path: Path) -> Iterator[Post]:
    """Posts from a JSONL file (one post a line) or a feed file (RSS, Atom, RDF, JSON Feed)."""
    with path.open("rb") as fh:
        head = fh.read(1 << 16)
    # a JSON Feed is one document; JSONL has an object per line
    if path.suffix in (".jsonl", ".ndjson") or (head.lstrip().startswith(b"{") and b"\n{" in head):
        with path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    d = json.loads(line)
                    text = str(d["text"])
                    published = _parse_time(d["published"])
                except (ValueError, KeyError, TypeError) as e:
                    raise ValueError(f"{path}:{n}: not a post ({e!s})") from None
                pid = str(d.get("id") or hashlib.sha1(text.encode()).hexdigest()[:16])
                yield Post(
                    id=pid,
                    source=str(d.get("source") or path.stem),
                    text=text,
                    published=published,
                    url=d.get("url"),
                    author=d.get("author"),
                    title=d.get("title"),
                )
        return
    from monitor.sources.feed import parse_feed

    yield from parse_feed(
        path.read_bytes(),
        source=path.stem,
        url=path.resolve().as_uri(),
        content_type=None,
        now=utcnow(),
    )


def cmd_replay(args: argparse.Namespace, out: TextIO) -> int:
    from monitor.notify import Outbox
    from monitor.notify.render import render
    from monitor.pipeline.process import Pipeline
    from monitor.store import Store, alert_to_json

    settings = _settings(args)
    state = args.state or (settings.monitor.state if args.deliver else ":memory:")
    store = Store(state)
    pipeline = Pipeline(settings, store, post_clock=True)
    if args.max_age is None:
        pipeline.max_age = None  # replayed posts are old
    posts: list[Post] = []
    for f in args.files:
        posts.extend(read_posts(Path(f)))
    outbox = Outbox(store, settings.notifiers if args.deliver else [], stdout=out)
    fired = 0
    with store.transaction():
        alerts = pipeline.process(posts)
        for alert in alerts:
            if args.deliver:
                fired += len(outbox.submit(alert))  # the router decides, corroboration included
            elif alert.kind == "corroboration":
                continue  # bookkeeping for min_sources routing, not a message
            elif args.json:
                fired += 1
                print(inert_json(alert_to_json(alert)), file=out)
            else:
                fired += 1
                print(render(alert, "text").body + "\n", file=out)
    if args.deliver:
        asyncio.run(_drain(outbox, args.timeout))
    st = pipeline.stats
    print(
        f"replay: {len(posts)} posts, {st['matched']} matched, {fired} alerts "
        f"({st['tier_new']} stories)",
        file=sys.stderr,
    )
    store.close()
    return 0


async def _drain(outbox: Outbox, timeout: float) -> None:
    ok = await outbox.drain(timeout)
    await outbox.aclose()
    if not ok:
        print("some alerts are still pending in the outbox", file=sys.stderr)


# -- explain ----------------------------------------------------------------------------------
def cmd_explain(args: argparse.Namespace, out: TextIO) -> int:
    from monitor.pipeline.process import Pipeline
    from monitor.store import Store

    settings = _settings(args)
    state = settings.monitor.state
    store = Store(state if Path(state).exists() else ":memory:")
    pipeline = Pipeline(settings, store)
    now = utcnow()
    post = Post(
        id="explain",
        source=args.source or "explain",
        text=args.text,
        published=now,
        title=args.title,
        author=args.author,
    )
    ev = pipeline.explain(post, now)
    c = ev.claim
    assert c is not None  # explain() detects the claim even for a post rejected before that
    print(f"normalized: {_plain(ev.normalized)}", file=out)
    print(f"marker:     {_plain(c.marker) or '(none)'}", file=out)
    print(f"claim:      {_plain(c.text)}", file=out)
    if c.attribution:
        print(f"attributed: {_plain(c.attribution)}", file=out)
    if c.origin_hint:
        print(f"origin:     @{_plain(c.origin_hint.lstrip('@'))}", file=out)
    matched = {m.topic: m for m in ev.matches}  # evaluate() matches topics before the marker
    print("topics:", file=out)
    for t in settings.topics:
        m = matched.get(t.name)
        why = f"matched ({_plain(', '.join(m.why))})" if m else "no match"
        print(f"  {t.name}: {why}    query: {t.query}", file=out)
    print(
        f"verdict:    {'would alert' if ev.rejected is None else 'rejected: ' + ev.rejected}",
        file=out,
    )
    d = ev.decision
    if d is not None:
        if d.story_id is not None:
            story = store.get_story(d.story_id)
            desc = f"“{_plain(story.claim)}”" if story else ""
            print(f"story:      joins #{d.story_id} {desc}", file=out)
        elif d.related_story is not None:
            print(
                f"story:      new story, an update ({d.relation}) to #{d.related_story}", file=out
            )
        else:
            print("story:      new story", file=out)
        print(f"dedup:      tier {d.tier}, score {d.score:.2f} ({d.reason})", file=out)
    store.close()
    return 0


# -- stories ----------------------------------------------------------------------------------
def cmd_stories(args: argparse.Namespace, out: TextIO) -> int:
    from monitor.store import Store

    settings = _settings(args)
    if not Path(settings.monitor.state).exists():
        print(f"no state yet at {settings.monitor.state}", file=out)
        return 0
    store = Store(settings.monitor.state)
    stories = store.recent_stories(args.limit)
    if args.json:
        for s in stories:
            print(
                _json_line(
                    {
                        "id": s.id,
                        "claim": s.claim,
                        "marker": s.marker,
                        "topics": s.topics,
                        "original": {
                            "url": s.original.url,
                            "author": s.original.author,
                            "source": s.original.source,
                            "published": s.original.published.isoformat(),
                        },
                        "sources": s.source_count,
                        "posts": len(s.sources),
                        "cited_url": s.cited_url,
                    }
                ),
                file=out,
            )
    for s in [] if args.json else stories:  # every text field came from a post
        o = s.original
        topics = _plain(", ".join(s.topics))
        print(f"#{s.id}  [{topics}]  {_plain(s.marker)}: {_plain(s.claim)}", file=out)
        print(
            f"    original: {_plain(o.url) or '(no link)'}  by {_plain(o.author or o.source)}  "
            f"{o.published:%Y-%m-%d %H:%M} UTC",
            file=out,
        )
        print(
            f"    {s.source_count} sources, {len(s.sources)} posts"
            + (f", cites {_plain(s.cited_url)}" if s.cited_url else ""),
            file=out,
        )
        if args.verbose:
            for p in s.sources:
                print(
                    f"      {p.published:%H:%M:%S}  {_plain(p.source)}  {_plain(p.author)}  "
                    f"{_plain(p.url)}",
                    file=out,
                )
    if not stories:
        print("no stories yet", file=out)
    store.close()
    return 0


# -- sources ----------------------------------------------------------------------------------
def _ago(iso: str | None, now: datetime) -> str:
    if not iso:
        return "never"
    return format_ago(datetime.fromisoformat(iso).timestamp(), now.timestamp())


def cmd_sources(args: argparse.Namespace, out: TextIO) -> int:
    """Per-source health as the daemon last saved it: works while `run` is running."""
    from monitor.store import Store

    settings = _settings(args)
    state = settings.monitor.state
    saved = Store(state).all_fetch_states() if Path(state).exists() else {}
    now = utcnow()
    rows = []
    for src in settings.sources:
        h = dict(saved.get(src.name, {}).get("health", {}))
        if h.get("last_error"):  # saved by an older version, or a URL that changed since
            h["last_error"] = scrub(str(h["last_error"]))
        rows.append(
            {
                "name": src.name,
                "kind": src.kind,
                "where": _where(src),
                "enabled": src.enabled,
                "streaming": _is_stream(src.kind),
                **h,
            }
        )
    if args.json:
        for row in rows:
            print(_json_line(row), file=out)
        return 0
    for r in rows:
        print(f"{r['name']}  [{r['kind']}]  {_source_status(r, now)}", file=out)
        if r["streaming"]:
            lag = _ago(r.get("cursor_time"), now).removesuffix(" ago")
            print(
                f"    last event {_ago(r.get('last_event'), now)}, events {r.get('events', 0)}, "
                f"posts {r.get('items_seen', 0)}, reconnects {r.get('reconnects', 0)}, "
                f"cursor lag {lag if r.get('cursor_time') else '-'}, "
                f"saved {_ago(r.get('updated'), now)}",
                file=out,
            )
        else:
            print(
                f"    last success {_ago(r.get('last_success'), now)}, next poll "
                f"{_ago(r.get('next_poll'), now)}, items seen {r.get('items_seen', 0)}, "
                f"latency {r.get('latency_ms') or '-'} ms",
                file=out,
            )
        if r.get("last_error"):
            error = _plain(r["last_error"])  # may quote what a server said
            print(f"    last error {_ago(r.get('last_error_at'), now)}: {error}", file=out)
    return 0


def _is_stream(kind: str) -> bool:
    from monitor.sources import KINDS, StreamSource

    cls = KINDS.get(kind)
    return cls is not None and issubclass(cls, StreamSource)


_STATUS_TEXT = {
    Health.DISABLED: "disabled in config",
    Health.GONE: "GONE (410)",
    Health.OK: "ok",
    Health.WAITING: "not polled yet",
    Health.STALE: "stale",
}


def _source_status(r: dict[str, Any], now: datetime) -> str:
    """The status after the kind: "ok", "FAILING x3", "ok (streaming, connected 3m ago)"…"""
    health = classify(r)
    if health is Health.FAILING:
        return f"FAILING x{r['consecutive_errors']}"
    if r["streaming"] and health is Health.OK:
        return f"ok (streaming, connected {_ago(r.get('connected_since'), now)})"
    if r["streaming"] and health is Health.WAITING:  # it had connected before: reconnecting
        return "not connected" if r.get("last_success") else "not connected yet"
    return _STATUS_TEXT[health]


# -- outbox -----------------------------------------------------------------------------------
CLAIM_WIDTH = 60  # characters of claim text in the table; --json has it whole
OUTBOX_OPEN = ("pending", "failed")
OUTBOX_ALL = ("pending", "failed", "sent", "dropped")
Change = tuple[sqlite3.Row, str, str]  # the row as it is now, what was done, status before


class OutboxCommandError(Exception):
    """An outbox action that cannot be done as asked (unknown id, already sent)."""


def cmd_outbox(args: argparse.Namespace, out: TextIO) -> int:
    """List the outbox, or retry or drop rows: works while `run` is running (SQLite WAL)."""
    from monitor.store import Store

    settings = _settings(args)
    state = Path(settings.monitor.state)
    action = getattr(args, "outbox_action", None)
    if not state.exists():  # looking must not create a state file
        if action is None:
            print(f"no state yet at {state}", file=out)
            return 0
        print(f"claimwatch outbox: no state yet at {state}, so no outbox rows", file=sys.stderr)
        return 1
    store = Store(state)
    configured = {n.name for n in settings.notifiers}
    try:
        if action is None:
            _outbox_list(store, configured, args, out)
            return 0
        changed = _outbox_retry(store, args) if action == "retry" else _outbox_drop(store, args)
    except OutboxCommandError as e:
        print(f"claimwatch outbox {action}: {e}", file=sys.stderr)
        return 1
    finally:
        store.close()
    _print_changes(changed, configured, args, out)
    if action == "retry" and changed:
        # The CLI can't wake a running daemon: it sees the rows when its current wait ends.
        print(
            "a running daemon sends them when its current backoff wait ends "
            "(at most 10 min; a restart sends them at once)",
            file=sys.stderr,
        )
    return 0


def _outbox_list(store: Store, configured: set[str], args: argparse.Namespace, out: TextIO) -> None:
    from monitor.notify.outbox_store import OutboxStore

    rows = OutboxStore(store).by_status(OUTBOX_ALL if args.all else OUTBOX_OPEN)
    if args.json:
        for row in rows:
            print(_json_line(_outbox_json(row, configured)), file=out)
        return
    if not rows:
        hint = "" if args.all else " (--all also lists sent and dropped rows)"
        print(f"outbox empty: nothing pending or failed{hint}", file=out)
        return
    _print_outbox_table(rows, configured, out)
    counts = {s: sum(r["status"] == s for r in rows) for s in OUTBOX_ALL}
    print(", ".join(f"{n} {s}" for s, n in counts.items() if n), file=out)


def _outbox_retry(store: Store, args: argparse.Namespace) -> list[Change]:
    """Back to pending, due now: failed, failing and dropped rows; never a sent one."""
    from monitor.notify.outbox_store import OutboxStore

    outbox = OutboxStore(store)
    with store.transaction():  # check and change in one step, even beside the daemon
        if args.all_failed:
            rows = outbox.failing()
        else:
            rows = _rows_by_id(outbox, args.ids)
            _refuse_sent(rows, "not retried")
        outbox.requeue([int(r["id"]) for r in rows], utcnow())
        after = _rows_by_id(outbox, [int(r["id"]) for r in rows]) if rows else []
    return [(a, "retried", r["status"]) for a, r in zip(after, rows, strict=True)]


def _outbox_drop(store: Store, args: argparse.Namespace) -> list[Change]:
    from monitor.notify.outbox_store import OutboxStore

    outbox = OutboxStore(store)
    with store.transaction():
        rows = _rows_by_id(outbox, args.ids)
        _refuse_sent(rows, "nothing to drop")
        outbox.set_status([int(r["id"]) for r in rows if r["status"] != "dropped"], "dropped")
        after = _rows_by_id(outbox, args.ids)
    return [
        (a, "already dropped" if r["status"] == "dropped" else "dropped", r["status"])
        for a, r in zip(after, rows, strict=True)
    ]


def _rows_by_id(outbox: OutboxStore, ids: list[int]) -> list[sqlite3.Row]:
    """The rows asked for, in the order asked; one unknown id fails the whole command."""
    wanted = list(dict.fromkeys(ids))
    found = outbox.by_ids(wanted)
    unknown = [i for i in wanted if i not in found]
    if unknown:
        raise OutboxCommandError(
            f"no outbox row with id {_ids(unknown)}; nothing changed "
            "(`claimwatch outbox --all` lists the ids)"
        )
    return [found[i] for i in wanted]


def _refuse_sent(rows: list[sqlite3.Row], what: str) -> None:
    sent = [int(r["id"]) for r in rows if r["status"] == "sent"]
    if sent:
        raise OutboxCommandError(f"already sent, {what}: {_ids(sent)}; nothing changed")


def _ids(ids: list[int]) -> str:
    return ", ".join(str(i) for i in ids)


def _print_changes(
    changed: list[Change], configured: set[str], args: argparse.Namespace, out: TextIO
) -> None:
    if not changed:
        print("nothing to retry: no failed or failing rows", file=out)
    for row, action, was in changed:
        if args.json:
            line = {"action": action, "was": was, **_outbox_json(row, configured)}
            print(_json_line(line), file=out)
        else:
            print(
                f"{action} {row['id']} (was {was})  {row['notifier']}  {row['kind']}  "
                f"story {_story(row)}  {_short_claim(row)}",
                file=out,
            )


def _print_outbox_table(rows: list[sqlite3.Row], configured: set[str], out: TextIO) -> None:
    now = utcnow().timestamp()
    head = ("ID", "NOTIFIER", "KIND", "STORY", "STATUS", "TRIES", "NEXT ATTEMPT")
    cells = [
        (
            str(r["id"]),
            r["notifier"] if r["notifier"] in configured else f"{r['notifier']} (not configured)",
            r["kind"],
            _story(r),
            r["status"],
            str(r["attempts"]),
            _next_attempt(r, now),
        )
        for r in rows
    ]
    widths = [max(len(c[i]) for c in [head, *cells]) for i in range(len(head))]

    def line(values: tuple[str, ...], claim: str) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)) + "  " + claim

    print(line(head, "CLAIM"), file=out)
    for row, values in zip(rows, cells, strict=True):
        print(line(values, _short_claim(row)), file=out)
        error = _clean_error(row)
        if error and row["status"] in OUTBOX_OPEN:
            print(f"{'':{widths[0]}}  last error: {error}", file=out)


def _story(row: sqlite3.Row) -> str:
    return "-" if row["story_id"] is None else str(row["story_id"])


def _next_attempt(row: sqlite3.Row, now: float) -> str:
    if row["status"] == "sent":
        return f"sent {_utc(row['sent_at'])}" if row["sent_at"] else "sent"
    if row["status"] == "failed":
        return "never (set aside; retry it)"
    if row["status"] != "pending":
        return "-"
    at = float(row["next_attempt"])
    return "due now" if at <= now else f"in {_span(at - now)} ({_utc(at)})"


def _span(seconds: float) -> str:
    s = round(seconds)
    return f"{s}s" if s < 120 else f"{s // 60}m" if s < 7200 else f"{s // 3600}h"


def _utc(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _iso(ts: float | None) -> str | None:
    if ts is None:
        return None
    return datetime.fromtimestamp(ts, UTC).isoformat().replace("+00:00", "Z")


def _payload(row: sqlite3.Row) -> dict[str, object]:
    try:
        data = json.loads(row["payload"])
    except (ValueError, TypeError):  # an unreadable row is listed all the same
        return {}
    return data if isinstance(data, dict) else {}


def _short_claim(row: sqlite3.Row) -> str:
    from monitor.notify.escape import cut_plain, one_line

    # Post text is untrusted: one line, no control or bidi characters (no terminal escapes).
    return cut_plain(one_line(str(_payload(row).get("claim") or "")), CLAIM_WIDTH) or "-"


def _clean_error(row: sqlite3.Row) -> str | None:
    """The stored error, scrubbed again: a row may predate a URL change or a scrubbing fix."""
    from monitor.notify.escape import one_line

    return one_line(scrub_sent(str(row["last_error"]))) if row["last_error"] else None


def _outbox_json(row: sqlite3.Row, configured: set[str]) -> dict[str, object]:
    payload = _payload(row)
    pending = row["status"] == "pending"
    return {
        "id": row["id"],
        "notifier": row["notifier"],
        "configured": row["notifier"] in configured,
        "kind": row["kind"],
        "story_id": row["story_id"],
        "topic": payload.get("topic"),
        "claim": payload.get("claim"),
        "status": row["status"],
        "attempts": row["attempts"],
        "next_attempt": _iso(row["next_attempt"]) if pending else None,
        "created": _iso(row["created"]),
        "sent_at": _iso(row["sent_at"]),
        "last_error": _clean_error(row),
    }


# -- import-opml ------------------------------------------------------------------------------
def cmd_import_opml(args: argparse.Namespace, out: TextIO) -> int:
    """Print the feeds of an OPML file as [[sources]], or append the new ones to a config."""
    from monitor.sources.opml import OpmlError, import_opml, render_sources_toml

    try:
        entries = import_opml(args.file)
    except OpmlError as e:
        print(f"claimwatch import-opml: {e}", file=sys.stderr)
        return EXIT_CONFIG
    if not args.write:
        print(render_sources_toml(entries), file=out)
        return 0
    target = Path(args.write)
    current = load_settings(target) if target.exists() else Settings()
    urls = {s.url for s in current.sources}
    names = {s.name for s in current.sources}
    new = []
    for entry in entries:
        if entry.get("url") in urls:
            continue
        base, n = entry.get("name") or "", 2
        while entry.get("name") in names:  # names are keys for state: keep them unique
            entry["name"], n = f"{base}-{n}", n + 1
        names.add(entry["name"])
        new.append(entry)
    text = (target.read_text() if target.exists() else "") + "\n" + render_sources_toml(new)
    candidate = target.with_suffix(".import.tmp")
    candidate.write_text(text)
    try:
        load_settings(candidate)  # never leave a config behind that `check` would refuse
    except ConfigError:
        candidate.unlink()
        raise
    candidate.replace(target)
    print(
        f"added {len(new)} sources to {target} ({len(entries) - len(new)} already there)", file=out
    )
    return 0


# -- argument parsing -------------------------------------------------------------------------
COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO], int]] = {
    "run": cmd_run,
    "once": cmd_once,
    "check": cmd_check,
    "test-notify": cmd_test_notify,
    "replay": cmd_replay,
    "explain": cmd_explain,
    "stories": cmd_stories,
    "sources": cmd_sources,
    "outbox": cmd_outbox,
    "import-opml": cmd_import_opml,
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="claimwatch", description=__doc__)
    parser.add_argument("--version", action="version", version=f"claimwatch {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--config",
        metavar="PATH",
        help="config file (default: $CLAIMWATCH_CONFIG, then config/claimwatch.toml)",
    )
    common.add_argument(
        "--log-format", choices=["text", "json"], help="overrides monitor.log_format"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub.add_parser("run", parents=[common], help="the daemon: poll, detect, dedup, notify")
    p = sub.add_parser("once", parents=[common], help="poll every source once and deliver")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for the outbox")
    sub.add_parser("check", parents=[common], help="validate the config and print a summary")
    sub.add_parser("test-notify", parents=[common], help="send a test message to every notifier")
    p = sub.add_parser("replay", parents=[common], help="run posts from files through the pipeline")
    p.add_argument("files", nargs="+", metavar="FILE", help="feed XML/JSON Feed, or JSONL posts")
    p.add_argument("--deliver", action="store_true", help="send the alerts to the notifiers")
    p.add_argument("--state", help="SQLite state to use (default: in memory; --deliver: config)")
    p.add_argument(
        "--max-age",
        action="store_const",
        const=True,
        help="apply monitor.max_age against the wall clock (off: replayed posts are old)",
    )
    p.add_argument("--json", action="store_true", help="print alerts as JSON lines")
    p.add_argument("--timeout", type=float, default=60.0)
    p = sub.add_parser("explain", parents=[common], help="why a text would (not) alert")
    p.add_argument("text")
    p.add_argument("--title")
    p.add_argument("--author")
    p.add_argument("--source")
    p = sub.add_parser("stories", parents=[common], help="list recent stories")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--json", action="store_true")
    p.add_argument("-v", "--verbose", action="store_true", help="list every post of each story")
    p = sub.add_parser("import-opml", parents=[common], help="feeds from an OPML file")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--write", metavar="CONFIG", help="append the new feeds to this config file")
    p = sub.add_parser("sources", parents=[common], help="per-source health and schedule")
    p.add_argument("--json", action="store_true")
    _add_outbox_parser(sub, common)
    return parser


def _add_outbox_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    p = sub.add_parser("outbox", parents=[common], help="list, retry or drop queued deliveries")
    p.add_argument("--all", action="store_true", help="include sent and dropped rows")
    p.add_argument("--json", action="store_true", help="one JSON object per row")
    # The actions repeat the options, suppressed: a subparser's defaults would overwrite the
    # values given before the action (`outbox --json retry 3`).
    shared = argparse.ArgumentParser(add_help=False, argument_default=argparse.SUPPRESS)
    shared.add_argument("--config", metavar="PATH", help="config file")
    shared.add_argument("--log-format", choices=["text", "json"])
    shared.add_argument("--json", action="store_true", help="one JSON object per row")
    actions = p.add_subparsers(dest="outbox_action", metavar="ACTION")
    r = actions.add_parser("retry", parents=[shared], help="send rows again now (pending)")
    which = r.add_mutually_exclusive_group(required=True)
    which.add_argument("ids", nargs="*", type=int, default=[], metavar="ID")
    which.add_argument("--all-failed", action="store_true", help="every failed or failing row")
    d = actions.add_parser("drop", parents=[shared], help="never send these rows")
    d.add_argument("ids", nargs="+", type=int, metavar="ID")


def main(argv: list[str] | None = None, out: TextIO | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args, out or sys.stdout)
    except ConfigError as e:
        print(f"config error: {e}", file=sys.stderr)
        return EXIT_CONFIG
    except KeyboardInterrupt:
        return 130
    except (OSError, ValueError) as e:
        print(f"claimwatch {args.command}: {e}", file=sys.stderr)
        return 1
