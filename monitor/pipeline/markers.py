"""JUST-IN-style markers: the vocabulary and the prefix scanner shared by claims and normalize.

A marker only counts at the start of a post (after RT prefixes, leading emoji, bold, brackets,
'#'), so "Breaking Bad is great" or "Alert systems fail" are not claims: a letter marker needs a
delimiter after it (`:` `-` `—` `|`, a closing `]`/`**`) or to be written in capitals.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

DEFAULT_MARKERS: list[str] = [
    "JUST IN",
    "BREAKING NEWS",
    "BREAKING",
    "DEVELOPING",
    "URGENT",
    "URGENTE",
    "FLASH",
    "ALERT",
    "ALERTE",
    "DERNIÈRE MINUTE",
    "ÚLTIMA HORA",
    "EILMELDUNG",
    "СРОЧНО",
    "SON DAKİKA",
    "מבזק",  # Hebrew: "flash"
    "عاجل",  # Arabic: "urgent"
    "فوری",  # Persian: "urgent"
    "🚨",
    "🔴",
    "⚡",
]

# "Just in time", "just in case" are English, not markers.
_JUST_IN_FALSE = re.compile(r"\s*(?:time|case)\b", re.I)
# Emoji markers; VS16 (U+FE0F) often follows them.
_VS = "\ufe0f\ufe0e\u200d"
_RT = re.compile(r"RT\s+(?:by\s+)?@(\w{1,30})\s*:?\s*", re.I)
_DELIM = re.compile(r"\s*(?:[:\-—–|]+|\s*[\]\*\)»]+\s*[:\-—–|]?)\s*")
_SPACE = re.compile(r"\s+")


def _fold(ch: str) -> str:
    base = unicodedata.normalize("NFKD", ch)
    return "".join(c for c in base if not unicodedata.combining(c))


def _char_class(ch: str) -> str:
    if ch.isspace():
        return r"\s+"
    variants = {ch, ch.lower(), ch.upper()}
    base = _fold(ch)
    if len(base) == 1:
        variants |= {base, base.lower(), base.upper()}
    if base.lower() == "i":
        variants |= {"İ", "ı", "i", "I"}
    escaped = "".join(re.escape(v) for v in sorted(variants) if len(v) == 1)
    return f"[{escaped}]" if len(variants) > 1 else re.escape(ch)


def _is_cased_word(word: str) -> bool:
    return any(c.isalpha() and c.lower() != c.upper() for c in word)


def is_emoji(ch: str) -> bool:
    cp = ord(ch)
    if ch in _VS or 0x1F1E6 <= cp <= 0x1F1FF:  # joiners, regional indicators (flags)
        return True
    return unicodedata.category(ch) in ("So", "Sk") or 0x1F000 <= cp <= 0x1FAFF


@dataclass(slots=True)
class Prefix:
    marker: str | None  # the first letter marker as written, else the first emoji marker
    end: int  # index where the body starts
    rt_handles: list[str]  # handles from leading "RT @x:" prefixes, outermost first


class MarkerScanner:
    """Compiles a marker list once; scan() reads the prefix of a text."""

    def __init__(self, markers: list[str]) -> None:
        words: list[str] = []
        self.emoji: list[str] = []
        for m in markers:
            m = unicodedata.normalize("NFC", m.strip())
            if not m:
                continue
            if all(is_emoji(c) for c in m):
                self.emoji.append(m.rstrip(_VS))
            else:
                words.append(m)
        # Longest first so "BREAKING NEWS" wins over "BREAKING", "ALERTE" over "ALERT".
        words.sort(key=len, reverse=True)
        alts = "|".join("".join(_char_class(c) for c in w) for w in words)
        self._word = re.compile(rf"(?:{alts})(?!\w)") if alts else None
        self.emoji.sort(key=len, reverse=True)

    def _word_marker(self, text: str, pos: int) -> tuple[str, int] | None:
        if self._word is None:
            return None
        m = self._word.match(text, pos)
        if m is None:
            return None
        written = m.group(0)
        end = m.end()
        if written.casefold().startswith("just in") and _JUST_IN_FALSE.match(text, end):
            return None
        d = _DELIM.match(text, end)
        if d and d.group(0).strip():
            return written, d.end()
        if end >= len(text.rstrip()):
            return written, len(text)
        caps = not _is_cased_word(written) or written == written.upper()
        just_in = _SPACE.sub(" ", written).casefold() == "just in"
        spaced = end < len(text) and (text[end].isspace() or is_emoji(text[end]))
        if (caps or just_in) and spaced:
            return written, end
        return None

    def scan(self, text: str) -> Prefix:
        pos, n = 0, len(text)
        word_marker: str | None = None
        emoji_marker: str | None = None
        handles: list[str] = []
        end = 0  # after the last marker or RT prefix: junk alone is not consumed
        while pos < n:
            ch = text[pos]
            if ch.isspace() or ch in "*[(#\"'“‘«>_~" or ch in _VS:
                pos += 1
                continue
            hit = next((e for e in self.emoji if text.startswith(e, pos)), None)
            if hit is not None:
                emoji_marker = emoji_marker or hit
                pos += len(hit)
                while pos < n and (text[pos] in _VS or text[pos] in ":-—|"):
                    pos += 1
                end = pos
                continue
            if is_emoji(ch):
                pos += 1
                continue
            rt = _RT.match(text, pos)
            if rt is not None:
                handles.append(rt.group(1))
                pos = end = rt.end()
                continue
            wm = self._word_marker(text, pos)
            if wm is not None:
                word_marker = word_marker or wm[0]
                pos = end = wm[1]
                continue
            break
        return Prefix(word_marker or emoji_marker, end, handles)


DEFAULT_SCANNER = MarkerScanner(DEFAULT_MARKERS)
