"""Turn an Alert (or a burst of them) into one message for one channel.

Every channel shows the same facts: topic, marker, claim, a link to the original post with its
author, source and UTC time, the source count and the matched query. Bodies come from Jinja2
templates in a sandbox; every value that reaches a template is escaped for the output format
unless it is already `Markup` (made by our own helpers).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from jinja2 import FileSystemLoader, StrictUndefined, Template
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from monitor.models import Alert, StorySource
from monitor.notify import escape
from monitor.notify.channels import Channel, get_channel
from monitor.notify.payload import alert_payload, digest_payload, dumps

TEMPLATES = Path(__file__).parent / "templates"
MAX_LISTED_SOURCES = 10
DIGEST_CLAIM = 160  # characters of each claim in a digest line

KIND_LABELS = {
    "new": "New story",
    "followup": "Follow-up",
    "update": "Update",
    "original_changed": "Earlier original",
    "corroboration": "Corroborated",
    "ops": "claimwatch ops",
    "test": "claimwatch test",
}


@dataclass(slots=True)
class Rendered:
    title: str
    body: str
    body_format: str  # "text" | "markdown" | "html": what apprise is told the body is
    channel: str = "text"
    url_params: dict[str, str] = field(default_factory=dict)  # per-message URL options (ntfy click)
    count: int = 1  # alerts in this message; a digest may hold fewer than it was offered


@dataclass(frozen=True, slots=True)
class _Style:
    """How one (channel, format) pair escapes text and measures length."""

    fmt: str  # text | markdown | html
    esc: escape.Escaper
    cost: Callable[[str], int]
    bare_links: bool = False  # [label](url): Adaptive Cards don't read CommonMark's (<url>)


def _format(channel: Channel, fmt: str | None) -> str | None:
    """The format asked for; None for the channel's own ("auto", or a Markdown-only service)."""
    return None if fmt == "auto" or channel.markdown_only else fmt


def style_for(channel: Channel, fmt: str | None = None) -> _Style:
    fmt = _format(channel, fmt) or channel.body_format
    if fmt == "json":
        fmt = "text"
    cost: Callable[[str], int] = escape.utf8_cost if channel.utf8_limit else len
    if fmt == "markdown":
        if channel.name == "slack":
            return _Style(fmt, escape.slack, escape.slack_cost)
        if channel.name == "discord":
            return _Style(fmt, escape.discord, cost)
        if channel.name == "teams":
            return _Style(fmt, escape.teams, cost, bare_links=True)
        # Mattermost's Markdown may not read CommonMark's (<url>); safe_url() makes bare safe.
        return _Style(fmt, escape.markdown, cost, bare_links=channel.name == "mattermost")
    if fmt == "html":
        return _Style(fmt, escape.html_mentions if channel.mentions else escape.html_text, cost)
    return _Style(
        "text",
        escape.text_mentions if channel.mentions else escape.plain,
        escape.slack_cost if channel.name == "slack" else cost,
    )


# -- small formatting helpers -------------------------------------------------------------------
def utc(dt: datetime | None, *, with_date: bool = True) -> str:
    if dt is None:
        return "unknown time"
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC" if with_date else "%H:%M UTC")


def sources_so_far(n: int) -> str:
    return f"{n} source so far" if n == 1 else f"{n} sources so far"


_URL_SAFE = ":/?#@!$&'*+,;=%~-._"  # encodes space < > ( ) [ ] " ` | ^ { }


def safe_url(url: str | None) -> str | None:
    """Only http(s) links, with characters that could end a Markdown/HTML link percent-encoded."""
    if not url:
        return None
    url = escape.one_line(url)
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return None
    start = len(parts.scheme) + 3  # "https://"; urlsplit's netloc is the text that follows
    host = quote(parts.netloc, safe=_URL_SAFE + "[]")  # brackets only around an IPv6 address
    return url[:start] + host + quote(url[start + len(parts.netloc) :], safe=_URL_SAFE)


def author_label(author: str | None, source: str | None) -> str:
    author, source = escape.one_line(author), escape.one_line(source)
    if author and source and author.lstrip("@").lower() not in source.lower():
        return f"{author} · {source}"
    return author or source or "source"


def _make_link(style: _Style) -> Callable[[str | None, Any], Markup]:
    def link(url: str | None, label: Any) -> Markup:
        text = (
            label if isinstance(label, Markup) else Markup(style.esc(escape.one_line(str(label))))
        )
        target = safe_url(url)
        if target is None:
            return text
        if style.fmt == "markdown":  # safe_url() encoded spaces, brackets, parens: bare is safe
            text = Markup(escape.link_label(str(text)))
            return Markup(f"[{text}]({target})" if style.bare_links else f"[{text}](<{target}>)")
        if style.fmt == "html":
            return Markup(f'<a href="{escape.html_text(target)}">{text}</a>')
        return Markup(f"{text} <{target}>")

    return link


@lru_cache(maxsize=32)
def _environment(style: _Style) -> SandboxedEnvironment:
    def finalize(value: Any) -> Any:
        if value is None:
            return ""
        if isinstance(value, Markup):
            return value
        return Markup(style.esc(str(value)))

    env = SandboxedEnvironment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=style.fmt == "html",  # HTML: Jinja's own escaping; others: finalize above
        finalize=finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.globals["link"] = _make_link(style)
    env.filters["utc"] = utc
    return env


@lru_cache(maxsize=64)
def _user_template(path: str, mtime: float, style: _Style) -> Template:
    return _environment(style).from_string(Path(path).read_text(encoding="utf-8"))


def _template(style: _Style, name: str, user: Path | None) -> Template:
    if user is not None:
        return _user_template(str(user), user.stat().st_mtime, style)
    ext = {"markdown": "md", "html": "html", "text": "txt"}[style.fmt]
    return _environment(style).get_template(f"{name}.{ext}.j2")


# -- titles ---------------------------------------------------------------------------------------
def _label(alert: Alert) -> str:
    if alert.kind == "new" and alert.marker:
        return escape.one_line(alert.marker)[:40]
    return KIND_LABELS.get(alert.kind, alert.kind)


def chat_title(alert: Alert) -> str:
    parts = [_label(alert)]
    if alert.topic:
        parts.append(escape.one_line(alert.topic))
    title = " · ".join(parts)
    if alert.kind == "followup":
        title += f" ({sources_so_far(alert.source_count)})"
    return title


def email_subject(alert: Alert) -> str:
    claim = escape.one_line(alert.claim)
    if alert.kind == "test":
        return "[claimwatch] test: " + claim if claim else "[claimwatch] test"
    if alert.kind == "ops":
        return "[claimwatch] ops: " + claim
    head = f"[claimwatch] {escape.one_line(alert.topic)}: " if alert.topic else "[claimwatch] "
    if alert.kind != "new":
        head += KIND_LABELS.get(alert.kind, alert.kind) + ": "
    return head + claim


def _fit_title(channel: Channel, title: str) -> str:
    title = escape.cut_plain(title, channel.title_limit or 250)
    if channel.name == "email":  # 200 characters of CJK or emoji encode to over 998 bytes
        title = escape.cut_plain(title, escape.SUBJECT_LINE, escape.subject_cost)
    return title


def _title(channel: Channel, alert: Alert) -> str:
    raw = email_subject(alert) if channel.name == "email" else chat_title(alert)
    safe = escape.header(raw)
    if channel.name != "email":  # a chat title can ping as well as a body can
        safe = escape.text_mentions(safe)
    return _fit_title(channel, safe)


# -- context --------------------------------------------------------------------------------------
def _source_ctx(s: StorySource) -> dict[str, Any]:
    return {
        "source": s.source,
        "author": s.author,
        "url": s.url,
        "published": utc(s.published),
        "time": utc(s.published, with_date=False),
        "label": author_label(s.author, s.source),
    }


def _context(alert: Alert, claim: Markup) -> dict[str, Any]:
    listed = alert.sources[:MAX_LISTED_SOURCES]
    return {
        "kind": alert.kind,
        "kind_label": KIND_LABELS.get(alert.kind, alert.kind),
        "story_id": alert.story_id,
        "topic": escape.one_line(alert.topic) or None,
        "marker": escape.one_line(alert.marker) or None,
        "marker_is_word": any(ch.isalpha() for ch in alert.marker or ""),  # "🚨 x", "JUST IN: x"
        "claim": claim,
        "url": alert.url,
        "author": alert.author,
        "source": alert.source,
        "original_label": author_label(alert.author, alert.source),
        "published": utc(alert.published) if alert.published else None,
        "source_count": alert.source_count,
        "sources_line": sources_so_far(alert.source_count),
        "sources": [_source_ctx(s) for s in listed],
        "more_sources": max(0, len(alert.sources) - len(listed)),
        "cited_url": alert.cited_url,
        "note": escape.one_line(alert.note) or None,
        "query": escape.one_line(alert.query) or None,
        "created": utc(alert.created),
    }


def _heading(style: _Style, title: str) -> str:
    if style.fmt == "markdown":
        return f"**{style.esc(title)}**\n"
    if style.fmt == "html":
        return f"<p><b>{style.esc(title)}</b></p>\n"
    return f"{title}\n"


def _trim(body: str, style: _Style, budget: int) -> str:
    """Last resort for bodies still too long (a user template): cut at a line boundary."""
    if style.cost(body) <= budget:
        return body
    lines = body.split("\n")
    while len(lines) > 1 and style.cost("\n".join(lines) + "\n" + escape.ELLIPSIS) > budget:
        lines.pop()
    kept = "\n".join(lines)
    if style.cost(kept) > budget:  # a single huge line: only safe to cut as plain text
        return escape.fit(kept, lambda t: t or "", budget, style.cost)
    return kept + "\n" + escape.ELLIPSIS


def render(
    alert: Alert, channel: str, *, fmt: str | None = None, template: Path | None = None
) -> Rendered:
    """One alert as a message for `channel` (see channels.py); `fmt` overrides the format."""
    ch = get_channel(channel)
    fmt = _format(ch, fmt)
    title = _title(ch, alert)
    url_params = {"click": u} if ch.name == "ntfy" and (u := safe_url(alert.url)) else {}
    if fmt == "json" or (ch.name == "json" and fmt is None):
        body = dumps(alert_payload(alert))
        return Rendered(title, body, "text", ch.name, url_params)
    style = style_for(ch, fmt)
    tpl = _template(style, "alert", template)
    heading = _heading(style, title) if ch.title_in_body else ""
    overhead = style.cost(heading + tpl.render(_context(alert, Markup(""))))
    budget = max(200, ch.body_limit - overhead - 8)
    claim = Markup(escape.fit(escape.one_line(alert.claim), style.esc, budget, style.cost))
    body = heading + tpl.render(_context(alert, claim)).strip()
    body = _trim(body, style, ch.body_limit)
    return Rendered("" if ch.title_in_body else title, body, style.fmt, ch.name, url_params)


def digest_title(alerts: list[Alert]) -> str:
    n = len(alerts)
    kinds = {a.kind for a in alerts}
    what = (
        ("new stories" if n > 1 else "new story")
        if kinds == {"new"}
        else ("alerts" if n > 1 else "alert")
    )
    topics = sorted({a.topic for a in alerts if a.topic})
    where = (
        f" on {topics[0]}" if len(topics) == 1 else (f" on {len(topics)} topics" if topics else "")
    )
    times = [a.created for a in alerts]
    minutes = max(1, math.ceil((max(times) - min(times)).total_seconds() / 60))
    return escape.header(f"{n} {what}{where} in {minutes} min")


def render_digest(alerts: list[Alert], channel: str, *, fmt: str | None = None) -> Rendered:
    """Several alerts as one message. Includes as many (in order) as fit the channel's limit;
    `count` says how many. Always at least one."""
    if not alerts:
        raise ValueError("a digest needs at least one alert")
    ch = get_channel(channel)
    fmt = _format(ch, fmt)
    if fmt == "json" or (ch.name == "json" and fmt is None):
        n = len(alerts)
        while True:
            title = digest_title(alerts[:n])
            body = dumps(digest_payload(alerts[:n], title))
            if n == 1 or len(body) <= ch.body_limit:
                break
            n = (
                max(1, n * ch.body_limit // len(body) - 1)
                if len(body) > 2 * ch.body_limit
                else n - 1
            )
        return Rendered(_fit_title(ch, title), body, "text", ch.name, count=n)
    style = style_for(ch, fmt)
    tpl = _template(style, "digest", None)

    def build(items: list[Alert]) -> tuple[str, str]:
        title = digest_title(items)
        title = _fit_title(ch, "[claimwatch] " + title if ch.name == "email" else title)
        ctx_items = [
            _context(
                a, Markup(escape.fit(escape.one_line(a.claim), style.esc, DIGEST_CLAIM, style.cost))
            )
            for a in items
        ]
        heading = _heading(style, title) if ch.title_in_body else ""
        return title, heading + tpl.render(title=title, items=ctx_items).strip()

    n = len(alerts)
    title, body = build(alerts)
    while n > 1 and style.cost(body) > ch.body_limit:
        # Shrink in proportion first (a 30-item burst on Discord), then one at a time.
        guess = n * ch.body_limit // max(1, style.cost(body))
        n = max(1, min(n - 1, guess))
        title, body = build(alerts[:n])
    body = _trim(body, style, ch.body_limit)
    return Rendered("" if ch.title_in_body else title, body, style.fmt, ch.name, count=n)
