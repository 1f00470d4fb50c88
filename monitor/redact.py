"""Secrets of the configured URLs, and scrubbing them from whatever is logged, printed or stored.

One registry for the process, filled as the config validates each source and notifier: at
start, in `check` and at every reload. It only grows: a removed source's or notifier's secrets
stay registered, and scrubbed.

Two strengths. scrub(), for every output, hides credentials: a URL's password, a token by its
position or its parameter's name. A notifier URL may hold a token in any slot, so scrub_sent(),
for what quotes a send (apprise's and urllib3's lines, a send's error), hides every part of it
too; every line would lose a path that is also the notifier's name ("json://host/desk").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from urllib.parse import parse_qsl, unquote, unquote_plus, urlsplit

# Query parameters that hold a credential, by a part of their name (api_key, access_token,
# X-Amz-Signature, -token): feed URLs keep the others (q=, hl=) readable.
_SECRET_PARTS = {"pass", "passwd", "pwd", "passphrase", "sig", "auth", "authorization"}
_SECRET_PARTS |= {"credential", "credentials", "session", "jwt", "hmac"}
_SECRET_ENDINGS = ("token", "key", "secret", "password", "signature")
# Registered literals shorter than this would garble every log line they happen to occur in.
MIN_SECRET = 4


def secret_param(name: str) -> bool:
    """Whether a query parameter of this name holds a credential."""
    parts = re.split(r"[^a-z0-9]+", unquote_plus(name).lower())
    return any(p in _SECRET_PARTS or p.endswith(_SECRET_ENDINGS) for p in parts if p)


def _param(m: re.Match[str]) -> str:
    return f"{m.group(1)}***" if secret_param(m.group(2)) else m.group(0)


# userinfo in URLs, token-looking path segments of webhook URLs, secret query values
_PATTERNS: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    (re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^\s/?#@\"'<>]+@"), r"\1***@"),
    (re.compile(r"(?i)(hooks\.slack\.com/services/)[^\s\"']+"), r"\1***"),
    (re.compile(r"(?i)\b(slack|discord|tgram|msteams|pover|ntfys?)://[^\s\"']+"), r"\1://***"),
    # no backslash in a value: in a JSON line it escapes the quote that ends the string
    (re.compile(r"([?&]([^=&\s\"'#?\\]+)=)[^&\s\"'#\\<>]+"), _param),
]


def url_secrets(url: str) -> list[str]:
    """The credentials in a URL, as written and decoded: the userinfo's password (its user when
    there is none: a token then) and the values of query parameters that hold one."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return []
    found: list[str] = []
    userinfo = parts.netloc.rpartition("@")[0]
    if userinfo:
        user, _, password = userinfo.partition(":")
        found.append(password or user)
    for pair in parts.query.split("&"):
        name, _, value = pair.partition("=")
        if value and secret_param(name):
            found.append(value)
    return [*found, *(unquote_plus(s) for s in found)]


# Query parameters of apprise URLs that never hold a secret; every other value is treated as one.
_PUBLIC_PARAMS = {
    "format",
    "overflow",
    "mode",
    "blocks",
    "footer",
    "image",
    "from",
    "to",
    "cc",
    "bcc",
    "name",
    "smtp",
    "click",
    "priority",
    "tags",
    "avatar",
    "tts",
    "verify",
    "cto",
    "rto",
    "method",
    "markdown",
    "title",
    "emojis",
    "interpret",
    "lang",
    "store",
}


# Apprise schemes whose host slot names a server; in every other scheme it may hold a token.
_SERVER_SCHEMES = {
    "json",
    "jsons",
    "xml",
    "xmls",
    "form",
    "forms",
    "mailto",
    "mailtos",
    "ntfy",
    "ntfys",
}


def _host_port(hostport: str) -> tuple[str, str]:
    """Host and whatever follows its colon: a port, or in apprise URLs often a token."""
    if hostport.startswith("["):  # an IPv6 literal holds colons of its own
        host, _, rest = hostport.partition("]")
        return host + "]", rest.removeprefix(":")
    host, _, port = hostport.partition(":")
    return host, port


def apprise_secrets(url: str) -> list[str]:
    """Substrings of an apprise URL that might be credentials, longest first."""
    found: set[str] = {url}
    try:
        parts = urlsplit(url)
    except ValueError:
        return [url]
    userinfo, _, hostport = parts.netloc.rpartition("@")
    if userinfo:
        found.update([userinfo, *userinfo.split(":")])
    found.update(seg for seg in parts.path.split("/") if seg)
    host, port = _host_port(hostport)
    if port and not port.isdigit():  # tgram://<bot id>:<token>/: a token in the port slot
        found.update([hostport, port])
    if parts.scheme.lower() not in _SERVER_SCHEMES:
        found.add(host)  # tokens often sit in the host slot
    for key, value in parse_qsl(parts.query, keep_blank_values=False):
        if key.lower() not in _PUBLIC_PARAMS:
            found.add(value)
    found.update(unquote(s) for s in list(found))
    return sorted((s for s in found if len(s) >= MIN_SECRET), key=len, reverse=True)


_SCHEME_REST = re.compile(r"^(?P<scheme>[a-z0-9+.-]+)://(?P<rest>.*)$", re.I)
# Schemes whose host redact_url shows: users tell notifiers apart by it. Those whose host names a
# server, except mailto (whose host it has never shown), and http(s) for the URLs scrub_sent()
# cuts down (a redirect target).
_SHOWN_HOST = (_SERVER_SCHEMES - {"mailto", "mailtos"}) | {"http", "https"}


def redact_url(url: str) -> str:
    """Keep the scheme and host so users can tell notifiers apart; hide tokens and passwords."""
    m = _SCHEME_REST.match(url)
    if not m:
        return "***"
    scheme, rest = m.group("scheme"), m.group("rest").split("?", 1)[0]
    authority, _, path = rest.partition("/")
    if "@" in authority:  # user:password@host
        return f"{scheme}://***@{authority.rsplit('@', 1)[1]}" + ("/***" if path else "")
    if scheme.lower() in _SHOWN_HOST:
        return f"{scheme}://{authority}" + ("/***" if path else "")
    return f"{scheme}://***"


# Longest first, so no part of a secret stays behind a shorter one inside it. Rebound whole,
# never changed in place, so a thread reading them (apprise's, a log handler's) needs no lock.
_credentials: tuple[str, ...] = ()
_sent_parts: tuple[str, ...] = ()  # the credentials and every part of a notifier URL


def _merged(old: tuple[str, ...], new: Iterable[str]) -> tuple[str, ...]:
    add = {v for v in new if len(v) >= MIN_SECRET}
    return old if add <= set(old) else tuple(sorted(set(old) | add, key=len, reverse=True))


def register_url(url: str, *, notifier: bool = False) -> None:
    """A configured URL: its credentials are scrubbed from every output from now on, even where
    a library quotes them outside the URL (a decoded password, a query dict); a notifier's other
    parts from what quotes a send."""
    global _credentials, _sent_parts
    credentials = url_secrets(url)
    _credentials = _merged(_credentials, credentials)
    _sent_parts = _merged(_sent_parts, [*credentials, *(apprise_secrets(url) if notifier else ())])


def _replace(text: str, secrets: tuple[str, ...]) -> str:
    for secret in secrets:
        text = text.replace(secret, "***")
    return text


def _by_position(text: str) -> str:
    """No credential that a URL holds by its position or its parameter's name."""
    for pat, repl in _PATTERNS:
        text = pat.sub(repl, text)
    return text


def scrub(text: str) -> str:
    """Fit for any output: no registered credential, none that a URL holds by its position."""
    return _by_position(_replace(text, _credentials))


def scrub_url(url: str) -> str:
    """scrub(), and the URL's own credentials wherever they occur in it, registered or not: for a
    URL quoted as it is refused, before anything registered it."""
    return _replace(scrub(url), tuple(sorted(set(url_secrets(url)), key=len, reverse=True)))


_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s'\"()<>]+")


def scrub_sent(text: str) -> str:
    """Fit for what may quote a notifier's request: scrub(), no part of a notifier URL, and
    whatever URL is left (a redirect target, a resolved host) cut to its scheme and host."""
    # _sent_parts holds every credential too: scrub() would replace them a second time
    text = _by_position(_replace(text, _sent_parts))
    return _URL.sub(lambda m: redact_url(m.group(0)), text)
