"""Canonical forms: URLs for identity, text for hashing and shingling."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

from monitor.pipeline.markers import DEFAULT_SCANNER

# -- URLs ------------------------------------------------------------------------------------

_TRACKING_EXACT = {
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "igsh",
    "mc_cid", "mc_eid", "ref_src", "ref_url", "cmpid", "cmp", "_ga", "_gl", "ocid", "smid",
    "smtyp", "spm", "soc_src", "soc_trk", "sr_share", "mkt_tok", "trk", "trkid", "share",
    "xtor", "at_medium", "at_campaign", "ito", "ns_mchannel", "ns_campaign", "ns_source",
    "ns_linkname", "ns_fee", "__twitter_impression", "rss", "taid", "ftag", "cid",
}  # fmt: skip
_TRACKING_PREFIX = ("utm_", "hsa_", "pk_", "mtm_", "__hs", "oly_")
_TWITTER_HOSTS = {"twitter.com", "x.com", "mobile.twitter.com", "mobile.x.com", "www.twitter.com"}
_TWITTER_ONLY = {"s", "t", "ref_src", "src"}
# Redirectors whose target sits in a query parameter: host -> parameter names.
_REDIRECTORS: dict[str, tuple[str, ...]] = {
    "www.google.com": ("url", "q"),
    "google.com": ("url", "q"),
    "news.google.com": ("url",),
    "l.facebook.com": ("u",),
    "lm.facebook.com": ("u",),
    "out.reddit.com": ("url",),
    "t.umblr.com": ("z",),
    "l.instagram.com": ("u",),
    "www.linkedin.com": ("url",),
    "href.li": (),
}
_DEFAULT_PORTS = {"http": "80", "https": "443"}


def _unwrap(host: str, path: str, query: str) -> str | None:
    names = _REDIRECTORS.get(host)
    if names is None:
        return None
    if host == "href.li":
        return query or None
    if host.endswith("google.com") and host != "news.google.com" and path != "/url":
        return None
    params = dict(parse_qsl(query, keep_blank_values=True))
    for name in names:
        target = params.get(name, "")
        if target.startswith(("http://", "https://")):
            return target
    return None


def canonical_url(url: str) -> str:
    """The URL as an identity key: tracking, fragment and default port dropped, query sorted."""
    try:
        for _ in range(3):  # nested redirectors
            parts = urlsplit(url.strip())
            scheme = parts.scheme.lower()
            host = (parts.hostname or "").rstrip(".")
            target = _unwrap(host, parts.path, parts.query)
            if target is None:
                break
            url = unquote(target) if "%3a" in target.lower()[:12] else target
        if not scheme or not host:
            return url.strip()
        netloc = host
        if parts.username:  # keep credentials as given; rare and meaningful
            netloc = f"{parts.username}{':' + parts.password if parts.password else ''}@{host}"
        if parts.port is not None and str(parts.port) != _DEFAULT_PORTS.get(scheme):
            netloc += f":{parts.port}"
        twitter = host in _TWITTER_HOSTS
        query = [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not (
                k.lower() in _TRACKING_EXACT
                or k.lower().startswith(_TRACKING_PREFIX)
                or (twitter and k.lower() in _TWITTER_ONLY)
            )
        ]
        query.sort()
        path = parts.path or "/"
        return urlunsplit((scheme, netloc, path, urlencode(query), ""))
    except (ValueError, TypeError, AttributeError):
        return url.strip() if isinstance(url, str) else ""


_URL = re.compile(r"\bhttps?://[^\s<>\"'`{}|\\^\u2026]+", re.I)
_URL_TRAIL = ".,;:!?'\")]}»”’*"


def extract_urls(text: str) -> list[str]:
    """http(s) URLs in the order they appear; trailing punctuation is not part of them."""
    out: list[str] = []
    for m in _URL.finditer(text):
        u = m.group(0)
        while u and u[-1] in _URL_TRAIL:
            if u[-1] == ")" and u.count("(") >= u.count(")"):
                break  # balanced: Wikipedia-style URLs end in ")"
            u = u[:-1]
        if len(u) > len("https://"):
            out.append(u)
    return out


# -- text ------------------------------------------------------------------------------------

_URL_LOOSE = re.compile(r"\bhttps?://\S+|\bpic\.twitter\.com/\S+|\bwww\.\S+", re.I)
_TRAILING_TAGS = re.compile(r"(?:\s*#[\w\u200c]+[\s.,;:!]*)+$")
# One pass for everything that is not claim text: links, "RT @x:", "(via X)", "via @x", @handles.
_NOISE = re.compile(
    r"\bhttps?://\S+|\bpic\.twitter\.com/\S+|\bwww\.\S+|\bRT\s+(?:by\s+)?@\w+\s*:?"
    r"|\(\s*(?:via|h/t|ht)\b[^)]*\)|\b(?:via|h/t)\s+@\w+|(?<!\w)@\w+",
    re.I,
)
_THOUSANDS = re.compile(r"(?<=\d)[,\u00a0\u202f'](?=\d{3}(?!\d))")
_APOS = re.compile(r"(?<=\w)['’ʼ`´](?=\w)")
_DECIMAL = re.compile(r"(?<=\d)[.,](?=\d)")
_NONWORD = re.compile(r"[\W_]+")
_HAS_DIGIT = re.compile(r"\d").search  # faster than any() over the characters
_HAS_ALNUM = re.compile(r"[^\W_]").search
# Combining marks that are accents (Latin/Greek/Cyrillic) or Arabic harakat; other scripts'
# marks (Devanagari vowel signs...) are letters in all but name and are kept by NFC below.
_ACCENTS = re.compile("[\u0300-\u036f\u064b-\u065f\u0670\u05b0-\u05c7]")


_TRAIL_DECOR = re.compile(
    r"(?:\s*(?:https?://\S+|pic\.twitter\.com/\S+|#[\w\u200c]+|[\U0001F000-\U0001FAFF\u2600-\u27BF"
    r"\u2B00-\u2BFF\ufe0f\u200d]+|[|:;,.!–—-]+(?=\s*$)))+\s*$",
    re.I,
)


def strip_decorations(text: str) -> str:
    """Drop trailing links, hashtag clusters and emoji; a text that is nothing else is kept
    whole (without its links) so "#PrayForBoston 🙏" still has something to compare."""
    last = text.rstrip()[-1:]
    if last.isalnum() and "#" not in text and "http" not in text:
        return text  # the common case, without the regex
    stripped = _strip_tail(text)
    if _HAS_ALNUM(stripped):
        return stripped
    return _URL_LOOSE.sub(" ", text).strip()


def _strip_tail(text: str) -> str:
    """_TRAIL_DECOR.sub("", text), searching only the tail: a decoration never spans
    whitespace, so a match that starts after a space near the end is the leftmost one."""
    w = max(text.rfind(" ", 0, len(text) - 16), text.rfind("\n", 0, len(text) - 16))
    if w > 0:
        m = _TRAIL_DECOR.search(text, w)
        if m is None:
            return text
        if m.start() > w:
            return text[: m.start()] + text[m.end() :]
    return _TRAIL_DECOR.sub("", text)  # short text, or the decoration reaches further left


_HASHTAG = re.compile(r"#(\w+)")


def hashtags(text: str) -> list[str]:
    """The words of a text's hashtags as written: "#BostonMarathon" -> "BostonMarathon"."""
    return _HASHTAG.findall(text) if "#" in text else []


def strip_trailing_tags(text: str) -> str:
    """Drop a trailing cluster of hashtags ("... #Iran #Iraq"); mid-sentence tags are words."""
    return _TRAILING_TAGS.sub("", text)


def fold(text: str) -> str:
    """Case- and accent-fold (NFKC first): "ÚLTIMA" -> "ultima", "İ" -> "i", "Łódź" -> "lodz"."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    return unicodedata.normalize("NFC", _ACCENTS.sub("", text)).translate(_UNMARKED)


# Letters that carry their mark inside (no combining accent to drop), as English writes them
_UNMARKED = str.maketrans({
    "ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i", "ħ": "h",
})  # fmt: skip


# ASCII text (most posts) takes a path of cheap substring tests and one translate() instead of
# four regex passes; both paths give the same result (tests/test_normalize.py).
_ASCII_NONWORD = str.maketrans({chr(c): " " for c in range(128) if not chr(c).isalnum()})
_NOISE_HINTS = ("@", "http", "www.", "pic.", "(")  # every _NOISE match holds one of these


def normalize(text: str, *, marked: bool = True) -> str:
    """Canonical text for hashing and shingling; see the module docs for what is removed.
    marked=False: the caller has cut the leading marker already (an ASCII text cannot gain one
    here; a Unicode one can, under NFKC)."""
    if not text.isascii():
        return _normalize_unicode(text)
    if marked:
        text = text[DEFAULT_SCANNER.scan(text).end :]
    text = text.lower()
    if any(h in text for h in _NOISE_HINTS):
        text = _NOISE.sub(" ", text)
    if _HAS_DIGIT(text):
        text = _THOUSANDS.sub("", text)
        text = _DECIMAL.sub("ǂ", text)  # a letter: keeps "2.5" whole through the next pass
    if "'" in text or "`" in text:
        text = _APOS.sub("", text)
    return " ".join(text.translate(_ASCII_NONWORD).replace("ǂ", ".").split())


def _normalize_unicode(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = text[DEFAULT_SCANNER.scan(text).end :]
    text = fold(_NOISE.sub(" ", text))
    if _HAS_DIGIT(text):
        text = _THOUSANDS.sub("", text)
        text = _DECIMAL.sub("ǂ", text)
    text = _APOS.sub("", text)
    text = _NONWORD.sub(" ", text).replace("ǂ", ".")
    return " ".join(text.split())
