"""Claim detection: the JUST-IN marker, the claim text, its attribution and origin hint."""

from __future__ import annotations

import re
from collections.abc import Iterable

from monitor.models import Claim
from monitor.pipeline.markers import DEFAULT_MARKERS, DEFAULT_SCANNER, MarkerScanner, is_emoji

__all__ = ["DEFAULT_MARKERS", "ClaimDetector"]

# A comment-RT: "Holy shit RT @x: original text" — the claim is what @x wrote.
_INNER_RT = re.compile(r"(?:^|\s)RT\s+(?:by\s+)?@(\w{1,30})\s*:?\s+", re.I)
_TRAIL_URL = re.compile(r"\s*(?:https?://\S+|pic\.twitter\.com/\S+)\s*$", re.I)
_TRAIL_TAG = re.compile(r"\s*#[\w\u200c]+\s*$")
_TRAIL_VIA = re.compile(r"\s*(?:\(\s*(?:via|h/t)\s+[^)]*\)|(?:via|h/t)\s+@\w+)[\s.]*$", re.I)
_TRAIL_HANDLE = re.compile(r"\s*(?:[|/-]\s*)?@\w+\s*$")
_TRAIL_JUNK = re.compile(r"[\s*|:—–-]+$")
_VIA_ANY = re.compile(r"\b(?:via|h/t)\s+@(\w{1,30})", re.I)

# Attribution, best effort. Leading: "US intelligence officials have detected ...".
_SRC_VERBS = (
    r"(?:say|says|said|report|reports|reported|reporting|confirm|confirms|confirmed|deny|denies|"
    r"denied|detect|detects|detected|announce|announces|announced|claim|claims|claimed|warn|"
    r"warns|warned|tell|tells|told|believe|believes|believed|estimate|estimates|assess|assesses|"
    r"assessed|reveal|reveals|revealed|sources?)"
)
_LEAD_ATTR = re.compile(
    r"^(?P<src>(?:[A-Z0-9@][\w.’'&-]*|of|the|and|for|in|de)(?:\s+(?:[A-Z0-9@][\w.’'&-]*|of|the|"
    r"and|for|in|de|senior|top|intelligence|military|security|defense|defence|government|"
    r"officials?|sources?|police|authorities|media|state|army|spokesperson|spokesman|"
    r"spokeswoman|ministry|chief|head|leader|minister|commander|president|governor|mayor|"
    r"secretary|general|foreign|interior|health|office)){0,6}?)\s+(?:have\s+|has\s+|had\s+)?"
    + _SRC_VERBS
    + r"\b"
)
_ACCORDING = re.compile(r"\baccording\s+to\s+(?P<src>[^,.;:!?()\n]{2,60})", re.I)
_NAME = (
    r"[A-Z@][\w.&’'-]*(?:\s+(?:[A-Z][\w.&’'-]*|of|the|de|al|officials?|sources?|police|media|"
    r"authorities|military|army|government|ministry|spokes(?:man|woman|person)|defen[cs]e|"
    r"interior|foreign|health|general|staff|department|office|agency|forces)){0,3}"
)
_TRAIL_ATTRS = (
    re.compile(rf"(?:,|\s[-—–|])\s*(?P<src>{_NAME})\s+(?:reports?|says?|said|reported)[.\s]*$"),
    re.compile(rf"\s[-—–|]\s*(?:per\s+|via\s+)?(?P<src>{_NAME})[.\s]*$"),
    re.compile(rf"\(\s*(?:per\s+|via\s+)?(?P<src>{_NAME})\s*\)[.\s]*$"),
)
_NOT_SOURCES = {"report", "reports", "sources", "source", "update", "live", "video", "photos"}


def _strip_trailing(text: str) -> str:
    prev = None
    while prev != text:
        prev = text
        for pat in (_TRAIL_URL, _TRAIL_TAG, _TRAIL_VIA, _TRAIL_HANDLE):
            text = pat.sub("", text)
        while text and (is_emoji(text[-1]) or text[-1].isspace()):
            text = text[:-1]
        text = _TRAIL_JUNK.sub("", text) if text.endswith(("*", "|", ":", "—", "-")) else text
    return text


def attribution_of(text: str) -> str | None:
    """Who a claim is attributed to, as written: "according to Reuters", "..., Kyiv says",
    "Russia's defence ministry said ..."; None if no one."""
    m = _ACCORDING.search(text)
    if m:
        return m.group("src").strip()
    for pat in _TRAIL_ATTRS:
        m = pat.search(text)
        if m and m.group("src").casefold() not in _NOT_SOURCES:
            return m.group("src").strip()
    m = _LEAD_ATTR.match(text)
    if m:
        src = m.group("src").strip()
        if (
            src.split()[0].casefold() not in {"the", "and", "of", "in", "for", "de"}
            or len(src.split()) > 1
        ):
            return src
    return None


def _without_outlet(claim: str) -> str:
    """ "… in Iraq - Reuters", "… | Al Jazeera", "… (via CNN)": the outlet tag is who published
    the claim, not part of it; left in, two outlets' copies of one headline look like two actors."""
    for pat in _TRAIL_ATTRS[1:]:
        m = pat.search(claim)
        if m and m.group("src").casefold() not in _NOT_SOURCES:
            head = claim[: m.start()].rstrip(" ,;:-—–|")
            if len(head.split()) >= 4:
                return head
    return claim


class ClaimDetector:
    """Finds the marker and the claim in a post; compile once, call detect() per post."""

    def __init__(self, markers: list[str] | None = None, extra: Iterable[str] = ()) -> None:
        base = list(DEFAULT_MARKERS if markers is None else markers)
        extra = [m for m in extra if m not in base]
        self.markers = base + extra
        self._scanner = (
            DEFAULT_SCANNER if markers is None and not extra else MarkerScanner(self.markers)
        )

    def _part(self, text: str) -> tuple[str | None, str, list[str]]:
        """(marker, body, RT handles) for one field (text or title)."""
        pre = self._scanner.scan(text)
        marker, body, handles = pre.marker, text[pre.end :], list(pre.rt_handles)
        # Old-style comment-RT: the claim is the innermost quoted text, if it is substantial.
        inner = list(_INNER_RT.finditer(body))
        if inner:
            tail = body[inner[-1].end() :]
            if len(tail.split()) >= 3:
                handles.append(inner[-1].group(1))
                sub = self._scanner.scan(tail)
                marker = marker or sub.marker
                body = tail[sub.end :]
        return marker, body, handles

    def detect(self, text: str, title: str | None = None) -> Claim:
        text = text or ""
        marker, body, handles = self._part(text)
        if title:
            t_marker, t_body, t_handles = self._part(title)
            if (t_marker and not marker) or (not marker and t_body.strip()) or not body.strip():
                # The headline is the claim, unless only the body carries the marker.
                marker, body, handles = t_marker or marker, t_body, t_handles or handles
        body = body.replace("**", "").strip()
        claim = _strip_trailing(body).strip()
        if not any(c.isalnum() for c in claim):  # only tags/emoji: keep them, drop the links
            claim = _TRAIL_URL.sub("", body).strip()
        origin = handles[-1] if handles else None
        if origin is None:
            via = _VIA_ANY.search(text)
            origin = via.group(1) if via else None
        return Claim(
            marker=marker,
            text=_without_outlet(claim),
            # "(via CNN)" was stripped from the claim above; the body still names it
            attribution=attribution_of(claim) or attribution_of(_TRAIL_URL.sub("", body).strip()),
            origin_hint=origin,
        )
