"""Topic queries: a Lucene/Kibana-like language, compiled once and matched fast.

Syntax: terms, "quoted phrases", AND / OR / NOT (upper case only, as in Lucene), ``-term`` and
``+term``, parentheses, a trailing ``*`` for a prefix, and ``field:`` scopes (title, text, author,
source). Adjacent clauses mean AND; precedence is NOT > AND > OR. A bare term searches title + text.

Matching is on word tokens: both the query and the post go through the same ``normalize_text`` and
``tokenize``, so case, accents, full-width forms and hyphens are treated identically on both sides.
A query term that splits into several tokens (``Iran-backed``) is the phrase of those tokens.

Speed: a post is tokenised once into a ``Document`` shared by every topic. Each query derives a
*prefilter* (a set of tokens and prefixes of which at least one must occur for it to match), and
``TopicMatcher`` unions them so that a post that matches nothing is usually rejected with one set
intersection and at most one regex search.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from monitor.models import Match, Post

__all__ = [
    "Document",
    "Query",
    "QuerySyntaxError",
    "TopicMatcher",
    "compile_query",
    "normalize_text",
    "tokenize",
]

FIELDS = ("title", "text", "author", "source")
_BARE = ""  # scope of a bare term: title + text


# --------------------------------------------------------------------------- normalisation


def _build_tables() -> tuple[dict[int, str | None], list[int]]:
    """Translate table for folded text, and the spacing marks (Mc).

    Scans the BMP and SMP only (~15 ms at import); the full range would cost ~0.2 s, and above
    U+1FFFF only tag characters and variation selectors matter, added explicitly.
    """
    table: dict[int, str | None] = {}
    mc: list[int] = []
    for cp in range(0x20000):
        cat = unicodedata.category(chr(cp))
        if cat in ("Mn", "Me", "Cf"):
            # accents, harakat, niqqud, variation selectors; soft hyphen, ZWJ, bidi marks
            table[cp] = None
        elif cat == "Nd" and cp > 0x7F:
            table[cp] = str(unicodedata.digit(chr(cp)))  # Arabic-Indic "٣" == "3"
        elif cat == "Mc":
            mc.append(cp)  # Indic vowel signs: part of the word, must not split it
    for cp in (*range(0xE0000, 0xE0080), *range(0xE0100, 0xE01F0)):
        table[cp] = None
    table[0x200B] = " "  # zero-width space separates words (Thai, Khmer)
    table[0x0640] = None  # Arabic tatweel: typographic elongation "عـاجل"
    return table, mc


def _char_class(cps: Iterable[int]) -> str:
    """The body of a regex character class for ``cps``, as ranges."""
    out: list[str] = []
    run: list[int] = []
    for cp in [*sorted(cps), -1]:
        if run and cp != run[-1] + 1:
            lo, hi = chr(run[0]), chr(run[-1])
            out.append(re.escape(lo) if lo == hi else f"{re.escape(lo)}-{re.escape(hi)}")
            run = []
        run.append(cp)
    return "".join(out)


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class _AnyOf:
    """Does a string contain any of these code points?

    re compiles a class to a bitmap only within the BMP; astral ranges are scanned one by one for
    every character (~50x slower on emoji-laden posts), so astral code points go in a set instead.
    """

    def __init__(self, cps: Iterable[int], bmp_ranges: str = "") -> None:
        cps = set(cps)
        self._bmp = re.compile(f"[{bmp_ranges}{_char_class(c for c in cps if c < 0x10000)}]")
        self._astral = frozenset(c for c in cps if c >= 0x10000)

    def search(self, s: str) -> bool:
        if self._bmp.search(s) is not None:
            return True
        return any(ord(c) in self._astral for c in _ASTRAL.findall(s))


_FOLD, _MC = _build_tables()
_FOLDABLE = _AnyOf(_FOLD)
# Han and kana have no spaces between words: each character is its own token, so a query term
# (itself split the same way) matches as a phrase of characters, i.e. a substring. (Astral Han,
# ext. B and later, is rare in news and stays in \w runs.)
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SPECIAL = _AnyOf(_MC, _CJK)
_CJK_CHAR = re.compile(f"[{_CJK}]$")
_TOKEN_WORD = re.compile(r"\w+")
_TOKEN_SPECIAL = re.compile(rf"[{_CJK}]|(?:[^\W{_CJK}]|[{_char_class(_MC)}])+")
# ASCII fast path: lower-case letters and digits, every other byte a space; then str.split().
# About 2.5x faster than re.findall, and most posts are ASCII.
_ASCII_WORDS = (
    bytes(
        ord(chr(b).lower()) if chr(b).isalnum() or b == ord("_") else ord(" ") for b in range(128)
    )
    + b" " * 128
)


def normalize_text(s: str) -> str:
    """Case- and accent-folded text: NFKD (also folds full-width forms), casefold, drop marks."""
    if s.isascii():
        return s.lower()  # NFKD is the identity and casefold == lower
    s = unicodedata.normalize("NFKD", s).casefold()
    return s.translate(_FOLD) if _FOLDABLE.search(s) else s  # translate() is slow: skip it


def _analyse(s: str) -> tuple[str, list[str]]:
    """(folded text, tokens). The folded text contains every token as a substring."""
    if not s.isascii():
        s = normalize_text(s)
        if not s.isascii():
            return s, (_TOKEN_SPECIAL if _SPECIAL.search(s) else _TOKEN_WORD).findall(s)
    s = s.encode("ascii").translate(_ASCII_WORDS).decode("ascii")
    return s, s.split()


def tokenize(s: str) -> list[str]:
    """The word tokens of ``s`` after ``normalize_text``: ``Iran-backed`` -> ['iran', 'backed']."""
    return _analyse(s)[1]


@lru_cache(maxsize=16384)
def _analyse_short(s: str) -> tuple[str, tuple[str, ...], frozenset[str]]:
    # authors and source names repeat on almost every post: analyse each once
    folded, toks = _analyse(s)
    return folded, tuple(toks), frozenset(toks)


# --------------------------------------------------------------------------- documents


_EMPTY: frozenset[str] = frozenset()
_NOTHING: tuple[Sequence[str], ...] = ()


@dataclass(slots=True)
class Document:
    """A post's fields tokenised once, shared by all topics.

    ``seqs[scope]`` lists the token sequences a phrase may match in (a phrase never spans title and
    text); ``sets[scope]`` is the set of tokens of that scope; the bare scope "" is title + text.
    """

    seqs: dict[str, tuple[Sequence[str], ...]]
    sets: dict[str, frozenset[str]]
    tokens: frozenset[str]  # every token of every field: for the prefilter
    blob: str  # every field's folded text: the prefix prefilter searches it

    @classmethod
    def from_fields(
        cls,
        text: str,
        title: str | None = None,
        author: str | None = None,
        source: str | None = None,
    ) -> Document:
        text_f, text_toks = _analyse(text or "")
        text_set = frozenset(text_toks)
        folded = [text_f]
        seqs: dict[str, tuple[Sequence[str], ...]] = {"text": (text_toks,)}
        sets = {"text": text_set}
        if title:
            title_f, title_toks = _analyse(title)
            folded.append(title_f)
            seqs["title"], sets["title"] = (title_toks,), frozenset(title_toks)
            seqs[_BARE], sets[_BARE] = (text_toks, title_toks), text_set | sets["title"]
        else:
            seqs["title"], sets["title"] = _NOTHING, _EMPTY
            seqs[_BARE], sets[_BARE] = seqs["text"], text_set
        everything = sets[_BARE]
        for name, value in (("author", author), ("source", source)):
            if value:
                f, toks, tok_set = _analyse_short(value)
                folded.append(f)
                seqs[name], sets[name] = (toks,), tok_set
                everything = everything | tok_set
            else:
                seqs[name], sets[name] = _NOTHING, _EMPTY
        return cls(seqs, sets, everything, "\n".join(folded))

    @classmethod
    def from_post(cls, post: Post) -> Document:
        return cls.from_fields(post.text, post.title, post.author, post.source)


# --------------------------------------------------------------------------- syntax tree


class _Node:
    __slots__ = ()

    def test(self, doc: Document) -> bool:  # fast path: short-circuits, collects nothing
        raise NotImplementedError

    def explain(self, doc: Document, why: list[str]) -> bool:  # slow path: collects "why"
        raise NotImplementedError

    def clauses(self) -> list[_Clause]:
        """Necessary conditions (CNF): if the node matches, each clause holds; [] = no constraint."""
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class _Clause:
    """At least one of ``tokens`` occurs, or some token starts with one of ``prefixes``."""

    tokens: frozenset[str]
    prefixes: frozenset[str]

    def cost(self) -> tuple[int, int, int]:
        # prefixes need a regex search, so prefer exact tokens; then fewer, then longer (rarer)
        shortest = min((len(t) for t in self.tokens | self.prefixes), default=0)
        return (len(self.prefixes), len(self.tokens) + len(self.prefixes), -shortest)


def _join(words: Sequence[str]) -> str:
    # CJK characters are tokens of their own: show "北京", not "北 京"
    out = words[0] if words else ""
    for prev, w in pairwise(words):
        out += w if _CJK_CHAR.match(prev) and _CJK_CHAR.match(w) else " " + w
    return out


def _label(scope: str, text: str) -> str:
    return f"{scope}:{text}" if scope else text


class _Term(_Node):
    __slots__ = ("scope", "token")

    def __init__(self, scope: str, token: str) -> None:
        self.scope = scope
        self.token = token

    def test(self, doc: Document) -> bool:
        return self.token in doc.sets[self.scope]

    def explain(self, doc: Document, why: list[str]) -> bool:
        if self.token in doc.sets[self.scope]:
            why.append(_label(self.scope, self.token))
            return True
        return False

    def clauses(self) -> list[_Clause]:
        return [_Clause(frozenset((self.token,)), _EMPTY)]


class _Prefix(_Node):
    __slots__ = ("prefix", "scope")

    def __init__(self, scope: str, prefix: str) -> None:
        self.scope = scope
        self.prefix = prefix

    def _first(self, doc: Document) -> str | None:
        p = self.prefix
        for seq in doc.seqs[self.scope]:  # in document order, so "why" is deterministic
            for tok in seq:
                if tok.startswith(p):
                    return tok
        return None

    def test(self, doc: Document) -> bool:
        p = self.prefix
        return any(tok.startswith(p) for tok in doc.sets[self.scope])

    def explain(self, doc: Document, why: list[str]) -> bool:
        tok = self._first(doc)
        if tok is None:
            return False
        why.append(_label(self.scope, f"{self.prefix}*→{tok}"))
        return True

    def clauses(self) -> list[_Clause]:
        return [_Clause(_EMPTY, frozenset((self.prefix,)))]


class _Phrase(_Node):
    """Consecutive tokens; the last one may be a prefix (``Iran-back*``; inside quotes * is text)."""

    __slots__ = ("last_prefix", "scope", "words")

    def __init__(self, scope: str, words: list[str], last_prefix: bool) -> None:
        self.scope = scope
        self.words = words
        self.last_prefix = last_prefix

    def _find(self, doc: Document) -> list[str] | None:
        words, n = self.words, len(self.words)
        exact = words[:-1] if self.last_prefix else words
        if not doc.sets[self.scope].issuperset(exact):
            return None  # cheap reject before scanning positions
        first, last = words[0], words[-1]
        for seq in doc.seqs[self.scope]:
            for i in range(len(seq) - n + 1):
                if seq[i] != first:
                    continue
                window = list(seq[i : i + n])  # seq may be a tuple (cached author/source)
                if self.last_prefix:
                    if window[:-1] == exact and window[-1].startswith(last):
                        return window
                elif window == words:
                    return window
        return None

    def test(self, doc: Document) -> bool:
        return self._find(doc) is not None

    def explain(self, doc: Document, why: list[str]) -> bool:
        found = self._find(doc)
        if found is None:
            return False
        label = f'"{_join(self.words)}' + ('*"→' + _join(found) if self.last_prefix else '"')
        why.append(_label(self.scope, label))
        return True

    def clauses(self) -> list[_Clause]:
        exact = self.words[:-1] if self.last_prefix else self.words
        if exact:  # any one word of the phrase is necessary: take the longest, likely rarest
            return [_Clause(frozenset((max(exact, key=len),)), _EMPTY)]
        return [_Clause(_EMPTY, frozenset((self.words[-1],)))]


class _And(_Node):
    __slots__ = ("children",)

    def __init__(self, children: list[_Node]) -> None:
        self.children = children

    def test(self, doc: Document) -> bool:
        return all(c.test(doc) for c in self.children)

    def explain(self, doc: Document, why: list[str]) -> bool:
        mark = len(why)
        for c in self.children:
            if not c.explain(doc, why):
                del why[mark:]  # inside an OR, a failed branch must not leave its terms behind
                return False
        return True

    def clauses(self) -> list[_Clause]:
        return [cl for c in self.children for cl in c.clauses()]


class _Or(_Node):
    __slots__ = ("children",)

    def __init__(self, children: list[_Node]) -> None:
        self.children = children

    def test(self, doc: Document) -> bool:
        return any(c.test(doc) for c in self.children)

    def explain(self, doc: Document, why: list[str]) -> bool:
        hit = False
        for c in self.children:  # no short-circuit: report every alternative that matched
            hit = c.explain(doc, why) or hit
        return hit

    def clauses(self) -> list[_Clause]:
        tokens: set[str] = set()
        prefixes: set[str] = set()
        for c in self.children:
            cls = c.clauses()
            if not cls:
                return []  # one unconstrained alternative: the OR is unconstrained
            best = min(cls, key=_Clause.cost)
            tokens |= best.tokens
            prefixes |= best.prefixes
        return [_Clause(frozenset(tokens), frozenset(prefixes))]


class _Not(_Node):
    __slots__ = ("child",)

    def __init__(self, child: _Node) -> None:
        self.child = child

    def test(self, doc: Document) -> bool:
        return not self.child.test(doc)

    def explain(self, doc: Document, why: list[str]) -> bool:
        return not self.child.test(doc)  # what is absent is no reason to show

    def clauses(self) -> list[_Clause]:
        return []


# --------------------------------------------------------------------------- lexer


class QuerySyntaxError(ValueError):
    """A topic query that cannot be compiled; the message names the problem and its column."""


# token kinds
_WORD, _PHRASE, _FIELD, _LPAREN, _RPAREN, _AND, _OR, _NOT, _PLUS = (
    "word", "phrase", "field", "(", ")", "AND", "OR", "NOT", "+",
)  # fmt: skip
_OPERATORS = {"AND": _AND, "OR": _OR, "NOT": _NOT}
_FIELD_RE = re.compile(r"([A-Za-z][A-Za-z_]*):")
_STOP = frozenset(' \t\r\n()"')


@dataclass(slots=True)
class _Tok:
    kind: str
    text: str
    col: int  # 1-based column in the query, for error messages


def _lex(q: str) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(q)
    while i < n:
        c = q[i]
        if c.isspace():
            i += 1
        elif c in "()":
            toks.append(_Tok(c, c, i + 1))
            i += 1
        elif c == '"':
            j = q.find('"', i + 1)
            if j < 0:
                raise QuerySyntaxError(f"unterminated quote at column {i + 1}")
            toks.append(_Tok(_PHRASE, q[i + 1 : j], i + 1))
            i = j + 1
        elif c in "-+" and i + 1 < n and q[i + 1] not in _STOP - {'"', "("}:
            # "-term", "-(…)", '-"…"': shorthand for NOT / required (a no-op under implicit AND)
            toks.append(_Tok(_NOT if c == "-" else _PLUS, c, i + 1))
            i += 1
        elif (m := _FIELD_RE.match(q, i)) is not None:
            name = m.group(1)
            if name.lower() not in FIELDS:
                raise QuerySyntaxError(
                    f"unknown field '{name}:' at column {i + 1} (known: {', '.join(FIELDS)})"
                )
            toks.append(_Tok(_FIELD, name.lower(), i + 1))
            i = m.end()
        else:
            j = i
            while j < n and q[j] not in _STOP:
                j += 1
            word = q[i:j]
            toks.append(_Tok(_OPERATORS.get(word, _WORD), word, i + 1))
            i = j
    return toks


# --------------------------------------------------------------------------- parser


class _Parser:
    """Recursive descent. or := and (OR and)*; and := unary (AND? unary)*; unary := NOT unary | primary."""

    def __init__(self, query: str) -> None:
        self.toks = _lex(query)
        self.pos = 0

    def peek(self) -> _Tok | None:
        return self.toks[self.pos] if self.pos < len(self.toks) else None

    def take(self) -> _Tok:
        tok = self.toks[self.pos]
        self.pos += 1
        return tok

    def parse(self) -> _Node:
        if not self.toks:
            raise QuerySyntaxError("empty query")
        node = self.or_expr(_BARE)
        tok = self.peek()
        if tok is not None:  # only a stray ")" can stop the top-level expression early
            raise QuerySyntaxError(f"unbalanced parenthesis at column {tok.col} (no matching '(')")
        return node

    def _operand(self, op: _Tok) -> None:
        """Raise if the operator just taken has nothing after it."""
        tok = self.peek()
        if tok is None:
            raise QuerySyntaxError(
                f"dangling operator {op.text} at column {op.col} (nothing after it)"
            )
        if tok.kind in (_AND, _OR, _RPAREN):
            raise QuerySyntaxError(
                f"dangling operator {op.text} at column {op.col} (followed by '{tok.text}')"
            )

    def or_expr(self, scope: str) -> _Node:
        parts = [self.and_expr(scope)]
        while (tok := self.peek()) is not None and tok.kind == _OR:
            self._operand(self.take())
            parts.append(self.and_expr(scope))
        return parts[0] if len(parts) == 1 else _Or(parts)

    def and_expr(self, scope: str) -> _Node:
        parts = [self.unary(scope)]
        while (tok := self.peek()) is not None and tok.kind not in (_OR, _RPAREN):
            if tok.kind == _AND:
                self._operand(self.take())
            parts.append(self.unary(scope))  # no operator: implicit AND
        return parts[0] if len(parts) == 1 else _And(parts)

    def unary(self, scope: str) -> _Node:
        tok = self.peek()
        if tok is not None and tok.kind in (_NOT, _PLUS):
            self.take()
            self._operand(tok)
            inner = self.unary(scope)
            return _Not(inner) if tok.kind == _NOT else inner
        return self.primary(scope)

    def primary(self, scope: str) -> _Node:
        tok = self.peek()
        if tok is None:  # callers check operands, so only reachable after a field
            raise QuerySyntaxError("unexpected end of query")
        if tok.kind in (_AND, _OR):
            raise QuerySyntaxError(
                f"dangling operator {tok.text} at column {tok.col} (nothing before it)"
            )
        self.take()
        if tok.kind == _FIELD:
            nxt = self.peek()
            if nxt is None or nxt.kind not in (_WORD, _PHRASE, _LPAREN):
                raise QuerySyntaxError(
                    f"field '{tok.text}:' at column {tok.col} needs a term, a phrase or a group"
                )
            return self.primary(tok.text)
        if tok.kind == _LPAREN:
            nxt = self.peek()
            if nxt is not None and nxt.kind == _RPAREN:
                raise QuerySyntaxError(f"empty parentheses at column {tok.col}")
            if nxt is None:
                raise QuerySyntaxError(f"unbalanced parenthesis at column {tok.col} (never closed)")
            node = self.or_expr(scope)
            close = self.peek()
            if close is None:
                raise QuerySyntaxError(f"unbalanced parenthesis at column {tok.col} (never closed)")
            self.take()  # or_expr stops only at ")" or the end
            return node
        if tok.kind == _RPAREN:
            raise QuerySyntaxError(f"unbalanced parenthesis at column {tok.col} (no matching '(')")
        if tok.kind == _PHRASE:
            words = tokenize(tok.text)
            if not words:
                raise QuerySyntaxError(f"empty phrase at column {tok.col}")
            return _Term(scope, words[0]) if len(words) == 1 else _Phrase(scope, words, False)
        return self.word(tok, scope)

    @staticmethod
    def word(tok: _Tok, scope: str) -> _Node:
        raw = tok.text
        for bad, what in (("~", "fuzzy/proximity search"), ("^", "boosting")):
            if bad in raw:
                col = tok.col + raw.index(bad)
                raise QuerySyntaxError(f"'{bad}' at column {col}: {what} is not supported")
        prefix = raw.endswith("*")
        core = raw.rstrip("*") if prefix else raw
        if "*" in core:
            col = tok.col + core.index("*")
            raise QuerySyntaxError(
                f"'*' at column {col}: a wildcard is only supported at the end of a term"
            )
        words = tokenize(core)
        if not words:
            raise QuerySyntaxError(f"term '{raw}' at column {tok.col} has no letters or digits")
        if len(words) > 1:  # "Iran-backed" is the phrase "iran backed"
            return _Phrase(scope, words, prefix)
        return _Prefix(scope, words[0]) if prefix else _Term(scope, words[0])


# --------------------------------------------------------------------------- compiled query


def _prefix_regex(prefixes: Iterable[str]) -> re.Pattern[str] | None:
    # a substring search of the folded text: a superset of "some token starts with p", so sound
    ps = sorted(set(prefixes), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, ps))) if ps else None


class Query:
    """A compiled topic query."""

    __slots__ = ("_filter_prefixes", "_filter_tokens", "_root", "prefilter", "source")

    def __init__(self, source: str, root: _Node) -> None:
        self.source = source
        self._root = root
        cls = root.clauses()
        # None: the query can match a post with none of its terms (e.g. "NOT x")
        self.prefilter: _Clause | None = min(cls, key=_Clause.cost) if cls else None
        self._filter_tokens = self.prefilter.tokens if self.prefilter else _EMPTY
        self._filter_prefixes = _prefix_regex(self.prefilter.prefixes) if self.prefilter else None

    def could_match(self, doc: Document) -> bool:
        if self.prefilter is None or not self._filter_tokens.isdisjoint(doc.tokens):
            return True
        return (
            self._filter_prefixes is not None and self._filter_prefixes.search(doc.blob) is not None
        )

    def test(self, doc: Document) -> bool:
        return self.could_match(doc) and self._root.test(doc)

    def matches(self, doc: Document) -> list[str] | None:
        """None if the query does not match; else the terms and phrases that matched, in order."""
        if not self.test(doc):
            return None
        why: list[str] = []
        self._root.explain(doc, why)
        return list(dict.fromkeys(why))

    def __repr__(self) -> str:
        return f"Query({self.source!r})"


def compile_query(query: str) -> Query:
    """Parse ``query``; raises ``QuerySyntaxError`` (a ``ValueError``) naming the problem."""
    return Query(query, _Parser(query).parse())


class TopicMatcher:
    """All topics of a config: compiled once; ``match`` rejects most posts with one intersection."""

    def __init__(self, topics: Sequence[tuple[str, str]]) -> None:
        self._topics: list[tuple[str, Query]] = []
        for name, text in topics:
            try:
                self._topics.append((name, compile_query(text)))
            except QuerySyntaxError as e:
                raise QuerySyntaxError(f"topic {name!r}: {e}") from None
        filters = [q.prefilter for _, q in self._topics]
        self._always = any(f is None for f in filters)  # some topic can match without its terms
        self._any_tokens = frozenset().union(*(f.tokens for f in filters if f))
        self._any_prefix = _prefix_regex(p for f in filters if f for p in f.prefixes)

    def _maybe(self, doc: Document) -> bool:
        if self._always or not self._any_tokens.isdisjoint(doc.tokens):
            return True
        return self._any_prefix is not None and self._any_prefix.search(doc.blob) is not None

    def match(self, doc: Document) -> list[Match]:
        if not self._topics or not self._maybe(doc):
            return []
        out: list[Match] = []
        for name, q in self._topics:
            why = q.matches(doc)
            if why is not None:
                out.append(Match(name, q.source, why))
        return out

    def match_post(self, post: Post) -> list[Match]:
        return self.match(Document.from_post(post))
