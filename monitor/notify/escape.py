"""Make untrusted post text inert for each output format, and cut it to fit without breaking it.

Post text comes from strangers. In Slack `<!channel>` pings a whole workspace, in Discord
`@everyone` does, in Markdown `[bank](http://evil)` is a disguised link, in HTML `<script>` is
markup, and in an email subject a newline starts a new header. Every value from a post passes
through exactly one escaper for the format it ends up in.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from email import base64mime, quoprimime

from monitor.text import clean as clean  # re-exported: escape.clean is the plain-text escaper

ELLIPSIS = "…"

_WS = re.compile(r"\s+")
# Mass mentions, broken for every channel with Channel.mentions and by the Markdown escapers. A
# zero-width joiner after "@" keeps the text readable while the service no longer sees a mention.
# Matrix pings a room on @room, Zulip on @**all**, @**stream**, @**topic**.
_MASS_MENTION = re.compile(r"@(?=\*{0,2}(?:here|channel|everyone|all|room|stream|topic)\b)", re.I)
_ZWJ = "\u200d"
# "=?utf-8?b?...?=" in a header is an RFC 2047 encoded-word that mail clients decode, which would
# bring back the CR/LF or bidi override clean() removed; a joiner after "=" leaves it text.
_ENCODED_WORD = re.compile(r"=(?=\?)")

# CommonMark inline syntax. Block syntax (headings, lists, quotes) cannot start mid-line, and
# one_line() removes line starts from claims.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#!|~&])")
# Slack: apprise's CommonMark -> mrkdwn conversion turns \< and \> into &lt; &gt;, drops the
# backslash of \[ \] \( \) and escapes & itself, so & is left alone here (escaping it twice
# would show "&amp;"). Slack mrkdwn has no escape for * _ ~ ` and shows "\*" as typed, so those
# become look-alikes that carry no markup; a backslash likewise, so none can pair with our "\<".
_SLACK_SPECIAL = re.compile(r"([\[\]()<>])")
_LOOKALIKE = {"*": "∗", "_": "＿", "~": "∼", "`": "ˋ", "\\": "⧵"}
_SLACK_LOOKALIKE = str.maketrans(_LOOKALIKE)
_BRACKETS = {"[": "［", "]": "］"}
# Teams: Adaptive Card markdown. Some Teams clients (mobile) show backslash escapes as typed,
# so every character that could start markup, a link or an <at> mention becomes a look-alike.
_TEAMS_LOOKALIKE = str.maketrans(_LOOKALIKE | _BRACKETS | {"<": "‹", ">": "›"})
# Telegram's legacy Markdown ends a link label at the first "]", even an escaped "\]", and reads
# a "(...)" after it as the target: a label keeps no bracket, escaped or not.
_LABEL_BRACKET = re.compile(r"\\?([\[\]])")


def one_line(text: str | None) -> str:
    """A single line: any run of whitespace (newlines included) becomes one space."""
    return _WS.sub(" ", clean(text)).strip()


def header(text: str | None) -> str:
    """Safe for a mail header or any title: no CR, LF, NUL or other control, one line, and no
    RFC 2047 encoded-word."""
    return _ENCODED_WORD.sub("=" + _ZWJ, one_line((text or "").replace("\x00", " ")))


def break_mentions(text: str) -> str:
    return _MASS_MENTION.sub("@" + _ZWJ, text)


def plain(text: str | None) -> str:
    return clean(text)


def markdown(text: str | None) -> str:
    """CommonMark: backslash-escape every character that could start inline markup."""
    return _MD_SPECIAL.sub(r"\\\1", break_mentions(clean(text)))


def slack(text: str | None) -> str:
    """CommonMark that apprise converts to inert Slack mrkdwn: no <!here>, <@U..>, <url|label>."""
    text = break_mentions(clean(text)).translate(_SLACK_LOOKALIKE)
    return _SLACK_SPECIAL.sub(r"\\\1", text)


def teams(text: str | None) -> str:
    """Adaptive Card markdown with nothing to escape: no markup, links or <at> mentions left."""
    return break_mentions(clean(text)).translate(_TEAMS_LOOKALIKE)


def link_label(escaped: str) -> str:
    """An escaped Markdown link label with its brackets as look-alikes."""
    return _LABEL_BRACKET.sub(lambda m: _BRACKETS[m.group(1)], escaped)


def discord(text: str | None) -> str:
    """Discord markdown: also break <@id>, <@&role> and <#channel> mentions."""
    return markdown(text).replace("\\<@", "\\<" + _ZWJ + "@").replace("\\<#", "\\<" + _ZWJ + "#")


def html_text(text: str | None) -> str:
    return html.escape(clean(text), quote=True)


def html_mentions(text: str | None) -> str:
    return html.escape(break_mentions(clean(text)), quote=True)


def text_mentions(text: str | None) -> str:
    """Plain text for services that parse mentions in plain text (Channel.mentions)."""
    return (
        break_mentions(clean(text)).replace("<@", "<" + _ZWJ + "@").replace("<!", "<" + _ZWJ + "!")
    )


Escaper = Callable[[str | None], str]


def slack_cost(escaped: str) -> int:
    """Length after apprise's mrkdwn conversion: \\< becomes &lt;, & becomes &amp;."""
    return len(escaped) + 4 * escaped.count("&") + 2 * (escaped.count("\\<") + escaped.count("\\>"))


def utf8_cost(escaped: str) -> int:
    return len(escaped.encode("utf-8"))


# apprise writes a non-ASCII subject as one RFC 2047 encoded-word on one unfolded line, and SMTP
# refuses a line over 998 bytes (aiosmtpd: "500 Line too long"); stay well under it.
SUBJECT_LINE = 900


def subject_cost(subject: str) -> int:
    """Bytes of the `Subject:` line apprise writes for `subject` (Q or B encoding, the longer)."""
    raw = subject.encode("utf-8")
    if raw.isascii():
        return len("Subject: ") + len(raw)
    encoded = max(quoprimime.header_length(raw), base64mime.header_length(raw))
    return len("Subject: =?utf-8?q??=") + encoded


def _safe_cut(text: str, n: int) -> int:
    """Move a cut point back so it splits no combining sequence or emoji ZWJ sequence."""
    while 0 < n < len(text) and (
        unicodedata.combining(text[n])
        or text[n] in "\u200d\ufe0f\ufe0e"
        or text[n - 1] == "\u200d"
        or "\udc00" <= text[n] <= "\udfff"
    ):
        n -= 1
    return n


def fit(text: str, escape: Escaper, budget: int, cost: Callable[[str], int] = len) -> str:
    """escape(text), cut so that its cost is at most `budget`, ending in an ellipsis.

    The raw text is cut and then escaped, so an escape sequence is never split. The cut prefers
    a word boundary near the limit.
    """
    full = escape(text)
    if cost(full) <= budget:
        return full
    if budget <= len(ELLIPSIS):
        return ELLIPSIS[: max(budget, 0)]
    lo, hi = 0, len(text)  # largest n with cost(escape(text[:n]) + "…") <= budget
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if cost(escape(text[:mid]) + ELLIPSIS) <= budget:
            lo = mid
        else:
            hi = mid - 1
    n = _safe_cut(text, lo)
    space = text.rfind(" ", 0, n)
    if space > 0 and n - space <= 30:
        n = space
    return escape(text[:n].rstrip()) + ELLIPSIS


def cut_plain(text: str, limit: int, cost: Callable[[str], int] = len) -> str:
    """Cut already-safe text (one line, such as a title) to a cost of `limit` (characters)."""
    if cost(text) <= limit:
        return text
    return fit(text, lambda t: t or "", limit, cost)
