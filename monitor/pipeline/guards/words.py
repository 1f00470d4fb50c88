"""Words of a text as the guards read them: stems, entity names, the scope a word governs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, TypeVar

from monitor.pipeline.guards.lexicon import (
    _ACTORS,
    _DEMONYMS,
    _IRREGULAR,
    _NAME_OF,
    _PLACES,
    _SCOPE_STOP,
)
from monitor.pipeline.normalize import fold

_SUFFIXES = ("ing", "ed", "es", "s")


_STEMS: dict[str, str] = {}


def stem(word: str) -> str:
    """Light English stemming: "detected"/"detects" -> "detect". Non-English passes through."""
    if word[:1].isdigit():
        return _stem(word)  # figures are mostly unique: caching them only grows the cache
    hit = _STEMS.get(word)
    if hit is not None:
        return hit
    if len(_STEMS) > 100_000:  # tokens repeat across posts; bound the cache, not the stream
        _STEMS.clear()
    _STEMS[word] = out = _stem(word)
    return out


def _stem(word: str) -> str:
    base = _IRREGULAR.get(word)
    if base is not None:
        word = base
    if len(word) >= 9 and word.endswith(("ation", "ations")):
        return word[: word.rindex("ion")]  # "retaliation" is "retaliates": "retaliat"
    for suf in _SUFFIXES:
        if len(word) > len(suf) + 2 and word.endswith(suf) and not word.endswith("ss"):
            word = word[: -len(suf)]
            break
    # "strike"/"strikes"/"striking" -> "strik"; "agree"/"agrees"/"agreed" -> "agr"
    while len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


_ENTITIES: dict[str, str] = {}


def _entity(word: str) -> str:
    """A token as an entity name: accents folded ("Valparaíso" is "Valparaiso"), demonyms
    mapped, possessive 's dropped."""
    hit = _ENTITIES.get(word)
    if hit is not None:
        return hit
    if len(_ENTITIES) > 100_000:  # capitalised words repeat across posts, as tokens do
        _ENTITIES.clear()
    _ENTITIES[word] = out = _entity_of(word)
    return out


def _entity_of(word: str) -> str:
    w = fold(word).replace("’", "'").removesuffix("'s").removesuffix("'")
    w = _NAME_OF.get(w, w)
    if w not in _PLACES and w not in _ACTORS and len(w) > 3 and w.endswith("s"):
        w2 = _NAME_OF.get(w[:-1], w[:-1])  # "irans" from "Iran's" after normalization
        if w2 in _PLACES or w2 in _ACTORS:
            return w2
    return w


# token -> (stem, entity, kind, flagged, plain word, shape, negated base): see facts._token()
Token = tuple[str, str, str, bool, str, int, str]
_TOKENS: dict[str, Token] = {}


def _ent(tok: str) -> str:
    """_entity() of a token, from the token cache extract_facts() fills."""
    info = _TOKENS.get(tok)
    return info[1] if info is not None else _entity(tok)


def _kind(ent: str, word: str = "") -> str:
    """ "p" place, "a" actor, "d" from a demonym ("Somali pirates": either), "" unknown."""
    if ent in _PLACES:
        return "d" if word in _DEMONYMS else "p"
    return "a" if ent in _ACTORS else ""


def _scope(tokens: list[str], i: int, after: int = 1, before: int = 0) -> set[str]:
    """The content words a negation or modal at position i governs (stemmed)."""
    out: set[str] = set()
    j, n = i + 1, 0
    while j < len(tokens) and n < after:
        if tokens[j] not in _SCOPE_STOP:
            out.add(stem(tokens[j]))
            n += 1
        j += 1
    j, n = i - 1, 0
    while j >= 0 and n < before:
        if tokens[j] not in _SCOPE_STOP:
            out.add(stem(tokens[j]))
            n += 1
        j -= 1
    return out


_EMPTY: frozenset[Any] = frozenset()


_T = TypeVar("_T")


def _frozen(items: set[_T]) -> frozenset[_T]:
    return frozenset(items) if items else _EMPTY


# Letters that transliterations of one name trade: "Qadhafi"/"Gaddafi", "Sergei"/"Sergey",
# "Mohammed"/"Muhammad", "Yevgeny"/"Evgeniy"; and British/US "Defence"/"Defense"
_FOLDS = (("nce", "nse"), ("kh", "k"), ("dh", "d"), ("gh", "g"), ("ph", "f"), ("q", "k"), ("c", "k"), ("g", "k"),
          ("w", "v"), ("j", "y"), ("e", "a"), ("y", "i"), ("o", "u"))  # fmt: skip
_DOUBLED = re.compile(r"(.)\1+")


def one_name(x: str, y: str) -> bool:
    """Two names that are one, typed or transliterated two ways: "Dzokhar"/"Dzhokhar",
    "Gaddafi"/"Qadhafi", "Sergei"/"Sergey", "Sabha"/"Sebha", "Kharkiv"/"Kharkov". Both five
    letters or more; a letter more, or a vowel changed, only in names of six or more."""
    if x == y or min(len(x), len(y)) < 5:
        return False
    fx, fy = _folded(x), _folded(y)
    if fx == fy:
        return True
    return max(len(x), len(y)) >= 6 and (_misspelt(x, y) or _one_vowel(fx, fy))


def shortened(short: str, name: str, known: bool) -> bool:
    """A short form of a name: a clipped place the gazetteer knows ("Aus" for Australia, "Ind"
    for India), or a contraction without vowels after its first letter ("Utd" for United, "Jr"
    for Junior). Clipped names the gazetteer does not know stay apart ("Sam" vs "Samsung")."""
    if not 2 <= len(short) <= 4 or len(name) < len(short) + 2 or short[0] != name[0]:
        return False
    if name.startswith(short):
        return known
    if any(c in "aeiouy" for c in short[1:]):
        return False
    rest = iter(name)
    return all(c in rest for c in short)


def _one_vowel(x: str, y: str) -> bool:
    """Folded names that differ in one vowel: "karkiv"/"karkuv". Two changed vowels are two
    names ("Martin"/"Morton"), and so is a changed consonant ("Obama"/"Osama")."""
    if len(x) != len(y):
        return False
    diff = [(p, q) for p, q in zip(x, y, strict=True) if p != q]
    return len(diff) == 1 and diff[0][0] in "aiu" and diff[0][1] in "aiu"


def _misspelt(x: str, y: str) -> bool:
    """Names of six letters or more, one of them with a letter more ("Dzokhar", "Dzhokhar").
    Not a changed letter: "Obama" and "Osama" are two people."""
    if len(x) > len(y):
        x, y = y, x
    if len(x) < 6 or len(y) != len(x) + 1:
        return False
    i = 0
    while i < len(x) and x[i] == y[i]:
        i += 1
    return x[i:] == y[i + 1 :]


def _folded(name: str) -> str:
    w = fold(name)
    if w[:1] in ("y", "j") and w[1:2] in ("a", "e", "i", "o", "u"):
        w = w[1:]  # "Yevgeny"/"Evgeniy", "Yulia"/"Julia"
    for a, b in _FOLDS:
        w = w.replace(a, b)
    return _DOUBLED.sub(r"\1", w)


# Adjective and participle endings a Latin negative prefix ("in-", "im-") comes before:
# "inconclusive", "impossible", but not "inside" or "import".
_LATINATE = ("ive", "ent", "ant", "ete", "ect", "ble", "al", "id", "ate", "ure", "er", "ial")


def negated_base(word: str) -> str | None:
    """The word a negative prefix is on: "unlikely" -> "likely", "illegal" -> "legal",
    "disqualified" -> "qualified", "inconclusive" -> "conclusive"; None for other words."""
    if len(word) < 6 or not word.isalpha():
        return None
    if word.startswith(("un", "il", "ir")):
        base = word[2:]
        if word[:2] == "un" or base[0] == word[1]:  # "il-legal", "ir-regular"
            return base
    if word.startswith(("dis", "non")) and len(word) >= 8:
        return word[3:]
    if word.startswith(("in", "im")) and len(word) >= 7 and word.endswith(_LATINATE):
        base = word[2:]
        if word[1] == "n" or base[0] in "pbm":  # "im-possible", "in-active"
            return base
    return None


# Capitalised words in a row, maybe joined by "of", "for", "and", "the"; an initialism among
# them ("UN Security Council") and "bin" ("Mohammed bin Salman") give their letters
_WORD = r"(?:[A-Z][a-z][\w’'-]*|[A-Z]{2,4}\b)"
_RUN = re.compile(rf"{_WORD}(?:\s+(?:(?:of|for|and|the|on|de|bin|ibn)\s+){{0,2}}{_WORD})+")
_LETTERS_OF = frozenset(["bin", "ibn"])
_JOINERS = frozenset(["of"])  # a letter in some initials: "Bank of England" is BoE


def runs_of(original: str) -> tuple[tuple[str, ...], ...]:
    """Each run of capitalised words as written: "International Monetary Fund"; a hyphenated
    name gives its parts ("Sam Bankman-Fried" spells SBF)."""
    runs = (run.group(0).replace("-", " ").split() for run in _RUN.finditer(original))
    return tuple(
        tuple(w for w in run if w[0].isupper() or w in _LETTERS_OF or w in _JOINERS)
        for run in runs
        if not all(w.isupper() for w in run)
    )


def spelled(runs: tuple[tuple[str, ...], ...]) -> Iterator[tuple[str, frozenset[str]]]:
    """The initials each stretch of two to six capitalised words spells, with its names:
    "International Monetary Fund" -> ("imf", {"international", "monetary", "fund"}); with an
    "of" in it, with and without its letter ("Department of Justice": DJ and DOJ)."""
    for words in runs:
        for i in range(len(words) - 1):
            if words[i] in _JOINERS:
                continue
            for j in range(i + 2, min(i + 7, len(words)) + 1):
                part = words[i:j]
                names = [w for w in part if w not in _JOINERS]
                if part[-1] in _JOINERS or len(names) < 2:
                    continue
                ents = frozenset(map(_entity, names))
                short = "".join(w if w.isupper() else w[0] for w in names)
                yield short.casefold(), ents
                if len(names) < len(part):  # "Department of Justice" is DOJ as well as DJ
                    yield "".join(w if w.isupper() else w[0] for w in part).casefold(), ents
