"""What each kind of service accepts: body format, length limits, how the title is shown.

A channel is derived from the apprise URL's scheme. Limits count characters *after* escaping
(and, for Slack, after apprise turns CommonMark into mrkdwn), with a little headroom.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit


@dataclass(frozen=True, slots=True)
class Channel:
    name: str  # a key of CHANNELS: slack, email, telegram, discord, mattermost, ..., text
    body_format: str  # what we hand apprise: "text" | "markdown" | "html"
    body_limit: int  # the most the service takes in one message
    title_limit: int
    title_in_body: bool = False  # the service has no title field: we put a heading in the body
    utf8_limit: bool = False  # the limit counts bytes (ntfy), not characters
    # The service reads Markdown and mentions in any body (apprise passes text on as it is and
    # decodes HTML entities), so it always gets Markdown, whatever the notifier's `format`.
    markdown_only: bool = False
    mentions: bool = False  # the service pings on @here/@everyone/@all or <@id> in plain text


CHANNELS: dict[str, Channel] = {
    # Block Kit section text is capped at 3,000 characters; the header at 150.
    "slack": Channel("slack", "markdown", 2900, 150, mentions=True),
    # No hard body limit, but a mail client choking on 50 KB of claim helps nobody.
    "email": Channel("email", "html", 20000, 200),
    # Telegram counts the title apprise blends into the body against its 4,096.
    "telegram": Channel("telegram", "markdown", 4000, 0, title_in_body=True),
    "discord": Channel("discord", "markdown", 1900, 250, markdown_only=True, mentions=True),
    # apprise caps Mattermost at 4,000 with the title blended in.
    "mattermost": Channel(
        "mattermost", "markdown", 3900, 0, title_in_body=True, markdown_only=True, mentions=True
    ),
    # apprise turns text and HTML into escaped Markdown itself; @all and @here still ping.
    "rocketchat": Channel("rocketchat", "text", 900, 0, title_in_body=True, mentions=True),
    # ntfy turns a body above 4,096 bytes into an attachment.
    "ntfy": Channel("ntfy", "markdown", 3900, 200, utf8_limit=True),
    # Power Automate workflows (Teams): apprise caps the body at 1,000.
    "teams": Channel("teams", "markdown", 1000, 200, mentions=True),
    "json": Channel("json", "text", 30000, 250),
    # Any other apprise service (Matrix, Zulip, Google Chat, ...): its mentions are unknown, so
    # the common mass mentions are broken in every format.
    "markdown": Channel("markdown", "markdown", 4000, 250, mentions=True),
    "html": Channel("html", "html", 20000, 250, mentions=True),
    "text": Channel("text", "text", 4000, 250, mentions=True),
}

_SCHEMES = {
    "slack": "slack",
    "mailto": "email",
    "mailtos": "email",
    "email": "email",
    "tgram": "telegram",
    "telegram": "telegram",
    "discord": "discord",
    "mmost": "mattermost",
    "mmosts": "mattermost",
    "rocket": "rocketchat",
    "rockets": "rocketchat",
    "ntfy": "ntfy",
    "ntfys": "ntfy",
    "workflow": "teams",
    "workflows": "teams",
    "json": "json",
    "jsons": "json",
}

# Native webhook URLs apprise also accepts.
_NATIVE = (
    (re.compile(r"^https://hooks\.slack\.com/", re.I), "slack"),
    (
        re.compile(r"^https://(?:canary\.|ptb\.)?discord(?:app)?\.com/api/webhooks/", re.I),
        "discord",
    ),
    (re.compile(r"^https://api\.telegram\.org/bot", re.I), "telegram"),
)


def channel_name(url: str) -> str:
    """The channel for an apprise URL (its scheme, or a native webhook URL); "text" if unknown."""
    for pattern, name in _NATIVE:
        if pattern.match(url):
            return name
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    return _SCHEMES.get(scheme, "text")


def get_channel(name: str) -> Channel:
    """A channel by name, by apprise scheme ("mailto", "tgram") or from a whole apprise URL."""
    if name in CHANNELS:
        return CHANNELS[name]
    if "://" in name:
        return CHANNELS[channel_name(name)]
    return CHANNELS[_SCHEMES.get(name.lower(), "text")]


def with_params(url: str, params: dict[str, str], *, only_missing: bool = False) -> str:
    """Add query parameters to an apprise URL (e.g. ntfy's per-message click link)."""
    if not params:
        return url
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    have = {k.lower() for k, _ in query}
    for key, value in params.items():
        if key.lower() in have:
            if only_missing:
                continue
            query = [(k, v) for k, v in query if k.lower() != key.lower()]
        query.append((key, value))
    return urlunsplit(parts._replace(query=urlencode(query)))


def service_url(url: str, channel: str) -> str:
    """The URL as we hand it to apprise: Slack in Block Kit mode unless the user chose otherwise."""
    if channel == "slack" and url.lower().startswith("slack://"):
        return with_params(url, {"blocks": "yes", "footer": "no"}, only_missing=True)
    return url
