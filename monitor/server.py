"""The daemon's small HTTP server: /healthz, /readyz, /metrics and a read-only status page.

It runs on the daemon's own event loop, so a /healthz answer also proves the loop is not stuck.
The status page is plain HTML (no JavaScript): every piece of post text, URL or source name is
untrusted, so Jinja2 autoescapes all of it and only http(s) URLs become links.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from aiohttp import web
from jinja2 import DictLoader, Environment, select_autoescape
from prometheus_client import CollectorRegistry
from prometheus_client.exposition import choose_encoder

from monitor import __version__
from monitor.durations import format_ago, format_span
from monitor.health import classify, count
from monitor.metrics import build_registry, timestamp
from monitor.redact import scrub, scrub_sent

if TYPE_CHECKING:
    from monitor.daemon import Daemon

log = logging.getLogger("monitor.server")

# Typed by annotation only: the Daemon class at run time would make this module import daemon.py
DAEMON: web.AppKey[Daemon] = web.AppKey("daemon")
REGISTRY = web.AppKey("registry", CollectorRegistry)

# No script may run and nothing may be loaded from elsewhere, whatever a post's text holds.
_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
_PAGE_HEADERS = {
    "Content-Security-Policy": _CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


# -- app ----------------------------------------------------------------------------------------
def create_app(daemon: Daemon) -> web.Application:
    app = web.Application()
    app[DAEMON] = daemon
    app[REGISTRY] = build_registry(daemon)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", metrics)
    app.router.add_get("/", status_page)
    return app


async def start_server(daemon: Daemon) -> web.AppRunner:
    """Bind settings.server.host:port and serve; the caller awaits runner.cleanup() on shutdown."""
    cfg = daemon.settings.server
    # No access log: a Docker healthcheck and a Prometheus scrape would fill it within a day.
    runner = web.AppRunner(create_app(daemon), access_log=None, shutdown_timeout=1.0)
    await runner.setup()
    site = web.TCPSite(runner, cfg.host, cfg.port)
    try:
        await site.start()
    except OSError as e:
        await runner.cleanup()
        raise OSError(e.errno, f"cannot listen on {cfg.host}:{cfg.port}: {e.strerror}") from e
    log.info("status page on http://%s:%d/", cfg.host, bound_port(runner))
    return runner


def bound_port(runner: web.AppRunner) -> int:
    """The port actually bound (settings.server.port may be 0: any free port)."""
    return int(runner.addresses[0][1])


# -- probes -------------------------------------------------------------------------------------
def _json(body: dict[str, Any], status: int) -> web.Response:
    return web.json_response(body, status=status, headers={"Cache-Control": "no-store"})


async def healthz(request: web.Request) -> web.Response:
    """Alive: the loop answered this request and the poll clock runs. Failing feeds stay healthy."""
    daemon = request.app[DAEMON]
    sched = daemon.scheduler
    state = "not started" if sched is None else ("running" if sched.running else "stopped")
    ok = state == "running"
    body = {
        "status": "ok" if ok else "unavailable",
        "scheduler": state,
        "uptime_seconds": round(time.time() - daemon.started.timestamp(), 1),
        "version": __version__,
    }
    return _json(body, 200 if ok else 503)


async def readyz(request: web.Request) -> web.Response:
    """Ready: the config is loaded and the SQLite store answers. Failing feeds do not make the
    daemon unready (restarting it would not fix them); "sources" counts them for a glance."""
    daemon = request.app[DAEMON]
    checks: dict[str, str] = {"config": "ok" if daemon.settings is not None else "missing"}
    try:
        daemon.store.db.execute("SELECT 1").fetchone()
        checks["store"] = "ok"
    except sqlite3.Error as e:  # closed or broken: ProgrammingError / OperationalError
        checks["store"] = f"error: {e}"
    ok = all(v == "ok" for v in checks.values())
    body = {"status": "ready" if ok else "not ready", **checks, "sources": _source_counts(daemon)}
    return _json(body, 200 if ok else 503)


def _source_counts(daemon: Daemon) -> dict[str, int]:
    """Sources per health class: the running ones, plus those the config disables (the daemon
    does not run them), so the total is the configured count `claimwatch sources` lists."""
    configured = daemon.settings.sources if daemon.settings is not None else []
    disabled = [{"enabled": False} for src in configured if not src.enabled]
    return count([*daemon.source_statuses(), *disabled])


async def metrics(request: web.Request) -> web.Response:
    encoder, content_type = choose_encoder(request.headers.get("Accept", ""))
    body = encoder(request.app[REGISTRY])
    return web.Response(body=body, headers={"Content-Type": content_type})


# -- status page --------------------------------------------------------------------------------
def safe_url(value: Any) -> str | None:
    """The URL when it is an absolute http(s) URL, else None: no javascript:, data: or relative."""
    if not isinstance(value, str):
        return None
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return None
    return value.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def _when(value: Any) -> str:
    ts = timestamp(value)
    if ts is None:
        return "—"
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d %H:%M:%SZ")


def _ago(value: Any) -> str:
    ts = timestamp(value)
    return "" if ts is None else format_ago(ts, time.time())


def _until(value: Any) -> str:
    """When a scheduled thing happens: "in 3m", or "due" once its time has passed."""
    ts = timestamp(value)
    if ts is None:
        return ""
    return "due" if ts <= time.time() else _ago(ts)


def _schedule(st: dict[str, Any]) -> str:
    """The "next poll" cell: when a poller polls next; how a stream is doing."""
    if not st.get("streaming"):
        return _until(st.get("next_poll"))
    parts = [f"streaming, connected {_ago(st.get('connected_since'))}" if st.get("connected")
             else "not connected"]  # fmt: skip
    parts.append(f"{st.get('events') or 0} events")
    if st.get("reconnects"):
        parts.append(f"{st['reconnects']} reconnects")
    if st.get("cursor_lag_seconds") is not None:
        parts.append(f"cursor lag {format_span(st['cursor_lag_seconds'])}")
    return " · ".join(parts)


def _sources(daemon: Daemon) -> list[dict[str, Any]]:
    rows = []
    for st in daemon.source_statuses():
        # Error text may quote a feed URL with a token in its query: scrub it like the logs do.
        error = scrub(str(st["last_error"])) if st.get("last_error") else ""
        rows.append({**st, "health": classify(st).value, "schedule": _schedule(st), "error": error})
    return rows


def _outbox(daemon: Daemon) -> list[dict[str, Any]]:
    rows = []
    for r in daemon.outbox.rows.by_status(("pending", "sending", "failed"))[-100:]:
        try:
            claim = str(json.loads(r["payload"]).get("claim") or "")
        except (ValueError, AttributeError):
            claim = ""
        rows.append(
            {
                "id": r["id"],
                "notifier": r["notifier"],
                "kind": r["kind"],
                "story": r["story_id"],
                "status": r["status"],
                "attempts": r["attempts"],
                "next": r["next_attempt"],
                "created": r["created"],
                "claim": claim[:200],
                "error": scrub_sent(r["last_error"] or ""),
            }
        )
    return rows


_TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="30">
<title>claimwatch status</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em auto;max-width:72em;padding:0 1em;color:#222}
h1{font-size:1.4em;margin:0 0 .2em}h2{font-size:1.1em;margin:1.6em 0 .4em}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3em .5em;
vertical-align:top;border-bottom:1px solid #ddd}th{background:#f4f4f4;font-weight:600}
.meta{color:#666}.claim{font-weight:600}.small{font-size:.9em;color:#555}
.ok{color:#17702c}.failing,.gone,.failed{color:#b00020;font-weight:600}
.stale,.waiting,.pending,.sending{color:#8a5a00}
.err{color:#b00020;font-size:.9em;word-break:break-word}ul{margin:.2em 0;padding-left:1.2em}
</style></head><body>
<h1>claimwatch</h1>
<p class="meta">version {{ version }} · started {{ started|when }} ({{ started|ago }})
 · scheduler <span class="{{ 'ok' if scheduler == 'running' else 'failed' }}">{{ scheduler }}</span>
 · {{ sources|length }} sources · {{ open_stories }} open stories
 · outbox {{ depth }} pending · page generated {{ now|when }}</p>

<h2 id="sources">Sources</h2>
<table id="sources-table">
<thead><tr><th>source</th><th>kind</th><th>health</th><th>last success</th><th>errors</th>
<th>items</th><th>latency</th><th>next poll / stream</th><th>last error</th></tr></thead>
<tbody>
{% for s in sources %}<tr>
<td>{{ s.name }}</td><td>{{ s.kind }}</td><td class="{{ s.health }}">{{ s.health }}</td>
<td>{{ s.last_success|when }}<br><span class="small">{{ s.last_success|ago }}</span></td>
<td>{{ s.consecutive_errors or 0 }}</td><td>{{ s.items_seen or 0 }}</td>
<td>{% if s.latency_ms is not none %}{{ s.latency_ms|round|int }} ms{% endif %}</td>
<td>{{ s.schedule }}</td><td class="err">{{ s.error }}</td>
</tr>{% else %}<tr><td colspan="9">No sources configured.</td></tr>{% endfor %}
</tbody></table>

<h2 id="stories">Latest stories</h2>
<table id="stories-table">
<thead><tr><th>#</th><th>claim</th><th>original</th><th>sources</th><th>first seen</th></tr></thead>
<tbody>
{% for st in stories %}<tr>
<td>{{ st.id }}</td>
<td><span class="claim">{% if st.marker %}{{ st.marker }}: {% endif %}{{ st.claim }}</span>
{% if st.topics %}<br><span class="small">topics: {{ st.topics|join(", ") }}</span>{% endif %}
{% if st.cited_url|safe_url %}<br><span class="small">cites
<a href="{{ st.cited_url|safe_url }}" rel="noopener noreferrer nofollow">{{ st.cited_url }}</a></span>{% endif %}
</td>
<td>{% set o = st.original %}{{ o.source }}{% if o.author %} · {{ o.author }}{% endif %}
{% if o.url|safe_url %}<br><a href="{{ o.url|safe_url }}" rel="noopener noreferrer nofollow">original post</a>
{% elif o.url %}<br><span class="small">{{ o.url }}</span>{% endif %}</td>
<td>{{ st.source_count }}<ul class="small">
{% for p in st.sources[1:9] %}<li>{% if p.url|safe_url %}<a href="{{ p.url|safe_url }}" rel="noopener noreferrer nofollow">{{ p.source }}{% if p.author %} · {{ p.author }}{% endif %}</a>{% else %}{{ p.source }}{% if p.author %} · {{ p.author }}{% endif %}{% endif %}</li>
{% endfor %}{% if st.sources|length > 9 %}<li>and {{ st.sources|length - 9 }} more</li>{% endif %}
</ul></td>
<td>{{ st.first_seen|when }}<br><span class="small">{{ st.first_seen|ago }}</span></td>
</tr>{% else %}<tr><td colspan="5">No stories yet.</td></tr>{% endfor %}
</tbody></table>

<h2 id="outbox">Outbox (undelivered)</h2>
<table id="outbox-table">
<thead><tr><th>#</th><th>notifier</th><th>kind</th><th>status</th><th>attempts</th>
<th>next attempt</th><th>story / claim</th><th>last error</th></tr></thead>
<tbody>
{% for m in outbox %}<tr>
<td>{{ m.id }}</td><td>{{ m.notifier }}</td><td>{{ m.kind }}</td>
<td class="{{ m.status }}">{{ m.status }}</td><td>{{ m.attempts }}</td>
<td>{% if m.status == "pending" %}{{ m.next|until }}{% endif %}</td>
<td>{% if m.story %}#{{ m.story }} {% endif %}{{ m.claim }}</td><td class="err">{{ m.error }}</td>
</tr>{% else %}<tr><td colspan="8">Nothing waiting: every alert was delivered.</td></tr>{% endfor %}
</tbody></table>
</body></html>
"""

_env = Environment(
    loader=DictLoader({"status.html": _TEMPLATE}),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.filters |= {"safe_url": safe_url, "when": _when, "ago": _ago, "until": _until}


async def status_page(request: web.Request) -> web.Response:
    daemon = request.app[DAEMON]
    sched = daemon.scheduler
    html = _env.get_template("status.html").render(
        version=__version__,
        started=daemon.started,
        now=time.time(),
        scheduler="not started" if sched is None else ("running" if sched.running else "stopped"),
        sources=_sources(daemon),
        open_stories=len(daemon.pipeline.deduper),
        depth=daemon.outbox.rows.depth(),
        stories=daemon.store.recent_stories(20),
        outbox=_outbox(daemon),
    )
    return web.Response(text=html, content_type="text/html", headers=_PAGE_HEADERS)
