"""Figures: what a number in a text is (a count, a year, a date, a time of day, a measure)
and which outcome each count is the count of."""

from __future__ import annotations

import re

from monitor.pipeline.guards.lexicon import (
    _AGE_BEFORE,
    _COUNT_AFTER,
    _COUNT_EITHER_WAY,
    _COUNTED,
    _MONTHS,
    _NUMBER_WORDS,
    _UNITS,
    _YEAR_PREP,
)

_LEADING_NUMBER = re.compile(r"\d+(?:\.\d+)?")


_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)")
_BPS = {"bps", "bp", "bip"}


def figure_at(toks: list[str], i: int, original: str) -> tuple[tuple[str, ...], str]:
    """What the digits at toks[i] say: the figures they give ("y2017", "d18", "o13", "t18:00",
    "82mph", or a count with its scale: "2", "1e6") and the count, "" when they count no one."""
    tok = toks[i]
    m = _LEADING_NUMBER.match(tok)  # "600th", "1.25m", "10xs" -> the number
    if m is None:
        return (), ""
    num = m.group(0)
    if "." in num:
        num = num.rstrip("0").rstrip(".")  # "87.50" is 87.5
    if len(num) == 4 and "1900" <= num <= "2099" and _is_year(num, toks, i, original):
        return (f"y{num}s" if tok == f"{num}s" else f"y{num}",), ""  # "1960s", "2017"
    if len(num) <= 2 and (
        (i and toks[i - 1] in _MONTHS) or (i + 1 < len(toks) and toks[i + 1] in _MONTHS)
    ):
        return ("d" + num,), ""  # "october 18", "13 november"
    if len(tok) > len(num) and _ORDINAL.fullmatch(tok):
        return ("o" + num,), ""  # "13th", "1st"
    if len(num) <= 2 and (clock := _clock(toks, i, num, original)):
        return (clock,), ""  # "14:30", "2:30 p.m.": one time of day
    if i and len(num) == 2 and f"{toks[i - 1]}:{num}" in original:
        return (), ""  # the minutes of a time read with its hour
    if meridiem := _meridiem(toks, i, m.group(0)):
        # "6pm", "6 a.m.", "2.30pm": a time of day, not a count
        hour, _, minutes = m.group(0).partition(".")
        if len(hour) <= 2 and len(minutes) in (0, 2):
            return (_day_time(hour, minutes or "00", meridiem),), ""
        return (f"t{num}{meridiem}",), ""
    if (
        toks[i + 1 : i + 3] == ["basis", "points"]
        or tok[len(num) :] in _BPS
        or (i + 1 < len(toks) and toks[i + 1] in _BPS)
    ):
        num = f"{float(num) / 100:g}"  # "25 basis points" is "0.25%"
        return (num,), num
    if unit := _unit(toks, i, num):
        # "82 mph": a measure, not a count of anyone; "1,200,000 hectares" reads as "1.2 million
        # hectares" does
        num, scale = _scaled(tok, num)
        return ((num, scale + unit) if scale else (num + unit,)), ""
    num, scale = _scaled(tok, num)  # "18k" is 18000, "2,000,000" 2 million
    return ((num, scale) if scale else (num,)), num


def spelled_at(toks: list[str], i: int) -> tuple[str, str]:
    """The figure a number word at toks[i] gives ("three" -> "3", "three miles" -> "3mi",
    "double-digit" -> "10s"), "" for none ("one of"), and the count, "" when it counts no one."""
    tok = toks[i]
    if tok == "one" and _loose_one(toks, i):
        return "", ""
    spelled = _NUMBER_WORDS[tok]
    if spelled in _UNITS_1_9 and i and toks[i - 1] in _TENS:
        return "", ""  # the "five" of "forty-five", read with "forty"
    if tok in _TENS and i + 1 < len(toks) and _NUMBER_WORDS.get(toks[i + 1], "") in _UNITS_1_9:
        spelled = str(int(spelled) + int(_NUMBER_WORDS[toks[i + 1]]))  # "forty-five" is 45
        i += 1
        tok = toks[i]
    if spelled == "2x" and i + 1 < len(toks) and toks[i + 1].startswith("digit"):
        spelled = "10s"  # "double-digit lead": 10 or more
    if unit := _unit(toks, i, tok):
        return spelled + unit, ""  # "three miles": a measure, not a count
    return spelled, spelled


_TENS = frozenset(["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"])
_UNITS_1_9 = frozenset("123456789")


def _scaled(tok: str, num: str) -> tuple[str, str]:
    """A count in the form "2 million" takes ("2", "1e6"): "18k" -> ("18000", ""), "2,000,000"
    -> ("2", "1e6"), "1,900,000" -> ("1.9", "1e6"); other counts are as they are."""
    if tok[len(num) :] == "k":
        return f"{float(num) * 1000:g}", ""
    if num.isdigit() and len(num) >= 7:
        for zeros, scale in ((9, "1e9"), (6, "1e6")):
            if len(num) > zeros and num.endswith("0" * (zeros - 2)):
                # "1,900,000" is 1.9 million; "1,234,567" stays as written
                whole, part = num[:-zeros], num[-zeros:].rstrip("0")
                return f"{whole}.{part}" if part else whole, scale
    return num, ""


def _unit(toks: list[str], i: int, num: str) -> str:
    """The unit a figure measures in, "" for none: "82 mph", "82mph", "5 miles"."""
    tok = toks[i]
    unit = tok[len(num) :] or (toks[i + 1] if i + 1 < len(toks) else "")
    if toks[i + 2 : i + 4] == ["per", "hour"] and unit in ("miles", "kilometers", "km"):
        return "mph" if unit == "miles" else "kmh"  # "180 miles per hour"
    return _UNITS.get(unit, "")


def _clock(toks: list[str], i: int, num: str, original: str) -> str:
    """The time of day an hour at toks[i] and the minutes after it give, in 24-hour form
    ("t14:30" for "14:30", "2:30pm" and "2:30 p.m."); "" for none."""
    minutes = toks[i + 1][:2] if i + 1 < len(toks) else ""
    if not (minutes.isdigit() and len(minutes) == 2 and f"{num}:{minutes}" in original):
        return ""
    return _day_time(num, minutes, _meridiem(toks, i + 1, minutes))


def _day_time(hour: str, minutes: str, meridiem: str) -> str:
    h = int(hour) % 12 + (12 if meridiem == "p" else 0) if meridiem else int(hour)
    return f"t{h}:{minutes}"


def _meridiem(toks: list[str], i: int, num: str) -> str:
    """ "a" or "p" when the figure at toks[i] is a time of day: "6pm", "6 pm", "6 p.m."."""
    tok = toks[i]
    if tok[len(num) :] in ("am", "pm"):
        return tok[len(num)]
    nxt = toks[i + 1] if i + 1 < len(toks) else ""
    if nxt in ("am", "pm") or (nxt in ("a", "p") and toks[i + 2 : i + 3] == ["m"]):
        return nxt[0]
    return ""


def _loose_one(toks: list[str], i: int) -> bool:
    """ "one of", "in one map", "no one": not a count."""
    nxt = toks[i + 1] if i + 1 < len(toks) else ""
    prev = toks[i - 1] if i else ""
    return nxt in {"of", "another", "more", "day", "thing", "way"} or prev in {
        "in", "at", "no", "any", "every", "this", "that", "the", "which", "each", "someone",
    }  # fmt: skip


def _is_year(num: str, toks: list[str], i: int, original: str) -> bool:
    """A 4-digit 1900..2099 figure at toks[i] names a year (or "1960s" a decade)."""
    if i + 1 < len(toks) and toks[i + 1] in _COUNTED:
        return False
    if num.endswith("00") and not (i and toks[i - 1] in _YEAR_PREP):
        return False
    return f"{num[0]},{num[1:]}" not in original and "$" + num not in original


def _figures(
    toks: list[str], counts: list[tuple[int, str]], outcomes: list[tuple[int, str]]
) -> set[tuple[str, str]]:
    """Each counted outcome with its count: the nearest before an adjective or noun ("[one]
    dead, [two] deaths"), the first after a verb ("killing [four] and injuring [63]"). A past
    participle goes either way ("killed 8", "8 killed"): without commas to tell, no count."""
    out = set()
    for j, ev in outcomes:
        if toks[j] in _COUNT_EITHER_WAY:
            continue
        if toks[j] in _COUNT_AFTER:
            num = next((n for p, n in counts if j < p <= j + 3), None)
        else:
            num = next((n for p, n in reversed(counts) if j - 4 <= p < j), None)
        if num is not None:
            out.add((ev, num))
    return out


def _counts(toks: list[str], p: int, j: int) -> bool:
    """The count at p says how many the outcome at j concerns: "[3] reported [dead]",
    "four people have been [killed]", "[wounds] [three]"."""
    return j - 4 <= p < j or (j < p <= j + 3 and toks[p - 1] not in _AGE_BEFORE)
