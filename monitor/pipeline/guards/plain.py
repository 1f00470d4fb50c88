"""Plain words: the words of a text that are not names, figures or filler, in text order, with
the verbs among them and the names on either side of each verb. A repost keeps them or trades
one for another of its class; two texts that differ in one swapped verb, or in the names on
either side of one, say two things (rules._swapped, rules._sides_swapped)."""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from typing import NamedTuple

from monitor.pipeline.guards.lexicon import (
    _IRREGULAR,
    _NUMBER_WORDS,
    _OUTLETS,
    _SCOPE_STOP,
    _SWAP_CLASSES,
    _SWAP_FREE,
    _UNCHANGED_PAST,
)
from monitor.pipeline.guards.words import _EMPTY, Token, _frozen, stem
from monitor.pipeline.normalize import hashtags


class Plain(NamedTuple):
    words: tuple[str, ...]  # stemmed, or their swap class ("blast" -> "explosion")
    written: tuple[str, ...]  # the same words as the text writes them
    verbal: frozenset[str]  # those written like verbs ("fines", "arrested")
    # for each verb in the active voice, the names before its first use and after it
    sides: tuple[tuple[str, frozenset[str], frozenset[str]], ...]
    lead: str  # the first name
    unsaid: frozenset[tuple[str, str]]  # (base, word) of words with a negative prefix


# "its [operations]", "5 [seats]": a plural noun, not a verb (so is "backed [militias]")
_NOUN_BEFORE = frozenset([
    "the", "a", "an", "its", "their", "his", "her", "our", "your", "this", "these", "those", "of",
    "s", "for", "and", "with", "all", "some",
])  # fmt: skip
_COMPOUND = re.compile(r"\w-(\w+ed)\b")
SWAP_CLASS = {stem(w): line.split()[0] for line in _SWAP_CLASSES for w in line.split()}


def read_plain(
    toks: list[str], infos: list[Token], names: Mapping[str, str], original: str
) -> Plain:
    """The plain words of a text and what goes with them; `infos` are the tokens' cache
    entries, `names` the text's names."""
    tags = {t.casefold() for t in hashtags(original)}
    # "Iran-[backed] militias", "IRGC-[linked] proxies": an adjective, not a verb
    compound = {w.casefold() for w in _COMPOUND.findall(original)} if "-" in original else _EMPTY
    lead = ""
    unsaid: set[tuple[str, str]] = set()
    plain: list[str] = []
    written: list[str] = []
    verbal: set[str] = set()
    track = len(names) > 1  # sides need two names
    seen: list[str] = []  # the names so far
    active: list[tuple[str, int]] = []  # (verb, how many names came before it)
    for i, (st, ent, _, _, word, shape, base) in enumerate(infos):
        if base:
            unsaid.add((base, st))
        if not word or ent in names:
            if ent in names:
                lead = lead or ent
                if track and (not seen or seen[-1] != ent):
                    seen.append(ent)
            continue
        tok = toks[i]
        if tok in tags or (tok in _OUTLETS and i >= len(toks) - 2):
            continue  # a hashtag, or a wire's closing tag ("... - Reuters"): reposts add and drop them
        plain.append(word)
        written.append(tok)
        if (shape == 1 and tok not in compound) or (
            shape == 2
            and not (
                i
                and (
                    toks[i - 1] in _NOUN_BEFORE
                    or toks[i - 1] in _NUMBER_WORDS
                    or toks[i - 1][0].isdigit()
                    or toks[i - 1].endswith(("ed", "ing"))  # "backed [militias]"
                )
            )
        ):
            verbal.add(word)
            if seen and not tok.endswith(("ed", "ing")) and word not in _NO_SIDES:
                active.append((word, len(seen)))
        elif seen and (word in _BARE_VERBS or tok in _BARE_VERBS):
            active.append((word, len(seen)))  # "OpenAI and Sam Altman [sue] Elon Musk"
    if "by" in toks and _by_name(toks, infos, names):
        active.clear()  # "Houthi targets hit by US strikes": who did it comes last
    sides = tuple(
        (verb, frozenset(seen[:k]), frozenset(seen[k:]) - frozenset(seen[:k]))
        for verb, k in dict(reversed(active)).items()
        if k < len(seen)
    )
    return Plain(tuple(plain), tuple(written), _frozen(verbal), sides, lead, _frozen(unsaid))


def _by_name(toks: list[str], infos: list[Token], names: Mapping[str, str]) -> bool:
    """A "by" before a name: a passive's doer ("hit by [US] strikes"), not "by shipments"."""
    for j, tok in enumerate(toks[:-1]):
        if tok == "by":
            k = j + 2 if toks[j + 1] in ("the", "a", "an") and j + 2 < len(toks) else j + 1
            if infos[k][1] in names:
                return True
    return False


# Verbs that name no doer and no one done to ("Putin meets Xi" is "Xi meets Putin"), or
# attribute a claim ("NASA confirms ...")
_NO_SIDES = frozenset(
    SWAP_CLASS.get(stem(w), stem(w))
    for w in (
        "meets", "talks", "plays", "faces", "draws", "ties", "merges", "clashes", "fights",
        "battles", "negotiates", "signs", "agrees", "marries", "splits", "swaps", "trades",
        "exchanges", "shares", "joins", "partners", "teams", "hosts", "welcomes", "speaks",
        "calls", "discusses", "confirms", "denies", "claims", "says", "reports", "announces",
        "warns", "shows", "finds", "urges", "asks", "tells", "accuses",
    )
)  # fmt: skip
# Verbs in the bare form after a plural doer: "Apple and Google [sue] ..."
_BARE_VERBS = frozenset(
    ["sue", "beat", "buy", "sell", "sack", "hire", "fire", "overtake", "complete", "knock"]
)


def plain_word(tok: str, st: str) -> tuple[str, int]:
    """A token's plain word ("" for none) and shape: 1 written like a verb, 2 like one unless
    a noun's determiner comes before it ("its [operations]"), 0 neither."""
    if len(tok) < 3 or not tok.isalpha() or tok.endswith("ly") or tok in _SWAP_FREE:
        return "", 0
    if tok in _SCOPE_STOP or tok in _NUMBER_WORDS:
        return "", 0
    if len(tok) < 4 and st not in SWAP_CLASS and tok not in _BARE_VERBS:
        return "", 0  # an abbreviation ("fed", "gop")
    word = sys.intern(SWAP_CLASS.get(st, st))
    if tok.endswith(("ed", "ing")) or tok in _IRREGULAR or tok in _UNCHANGED_PAST:
        return word, 1
    if tok.endswith("s") and not tok.endswith(("ss", "us", "is", "ers", "ors", "ists", "ians")):
        return word, 2
    return word, 0
