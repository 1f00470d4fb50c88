"""Story assignment: exact hash, then near-duplicates over an inverted word index, then guards.

Pure, in-memory and deterministic. The pipeline persists stories and rebuilds this index at
startup by calling add() for every member text of the open stories.

Similarity of two claims is the mean of four overlaps, each robust to a different repost edit:
word Jaccard (reworded; words of one repost class, "blast" and "explosion", count as one),
char-4-gram Jaccard (typos, inflection), and the containment forms of both ("headline -
Reuters", a copy plus an extra clause). Above `threshold` a candidate joins if the
guards (numbers, stance, negation, verb, place) agree; in the grey band below it, the optional
semantic tier decides.
"""

from __future__ import annotations

import hashlib
import html
import re
import struct
from array import array
from collections import Counter, OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import islice
from operator import itemgetter
from zlib import crc32

from monitor.pipeline.guards import Facts, conflict, extract_facts, stem
from monitor.pipeline.guards.lexicon import _NAME_OF, _SPELT_OUT
from monitor.pipeline.guards.plain import SWAP_CLASS as _CLASS
from monitor.pipeline.markers import DEFAULT_SCANNER
from monitor.pipeline.normalize import hashtags, normalize, strip_decorations

# The Twitter URL corpus tunes the join threshold to ~0.27 (bench/eval.py), but its
# "paraphrases" are loose topic matches; on CrisisLex streams joins below ~0.45 are often
# different claims about one event. A false merge hides a new claim while a false split only
# costs a duplicate alert, so production joins lexically from 0.45 and leaves the grey band
# below it to the semantic tier (train-tuned cosine ~0.65, made a little stricter here).
DEFAULT_THRESHOLD = 0.45
DEFAULT_GREY = 0.15  # semantic tier looks at candidates in [grey, threshold)
DEFAULT_SEMANTIC = 0.70  # cosine needed by the semantic tier

MAX_VARIANTS = 8  # distinct texts indexed per story: reposts beyond that add nothing new
assert MAX_VARIANTS < 16  # a story's variant count lives in the 4 low bits of its int
MAX_CANDIDATES = 12  # verified per find()
FACTS_CACHE = 8192  # members whose guard facts are kept (~1.9 KB each: ~15 MB at most)
POSTING_BUDGET = 600  # index entries visited per find(): bounds the cost of common words
PER_WORD = 150  # newest entries read from one word's list
# Char grams of content words score a little higher than grams of the whole text; the exponent
# maps scores back so that the production threshold keeps (or exceeds) its old strictness: with
# it every CrisisLex T26 event replays into at least as many stories as before the change.
_CALIBRATION = 1.1

_STOP = frozenset({
    "a", "an", "the", "of", "to", "in", "on", "at", "for", "and", "or", "but", "is", "are",
    "was", "were", "be", "been", "being", "by", "with", "from", "as", "that", "this", "these",
    "those", "it", "its", "into", "after", "over", "about", "than", "then", "has", "have",
    "had", "just", "says", "said", "say", "via", "amp", "rt", "new", "now", "s", "de", "la",
    "le", "les", "el", "los", "das", "der", "die", "und", "et", "en", "y", "o",
})  # fmt: skip
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def _prepare(text: str) -> str:
    text = html.unescape(text) if "&" in text else text
    text = text[DEFAULT_SCANNER.scan(text).end :]  # "JUST IN:" would look like proper nouns
    text = strip_decorations(text)
    if text.endswith(("…", "...")):
        text = _CUT_NAME.sub("", text)  # "opening games in Urug…": a name cut short is no name
    return text


_CUT_NAME = re.compile(r"\s+[A-Z0-9][^\s.…]*(?:…|\.\.\.)$")


def _grams(padded: str) -> frozenset[int]:
    """Char 4-grams as 32-bit ints. ASCII: the 4 bytes themselves (exact), read with array() at
    the 4 byte offsets instead of a Python loop; otherwise a CRC per gram. Both are the same in
    every process, so replays are reproducible. (16-bit hashes would save ~200 bytes a story,
    but folding each gram in Python cost ~15% of dedup throughput.)"""
    if padded.isascii():
        raw = padded.encode()
        n = len(raw)
        return frozenset(array("I", raw[: n // 4 * 4])).union(
            *(array("I", raw[k : k + (n - k) // 4 * 4]) for k in (1, 2, 3))
        )
    return frozenset(crc32(padded[i : i + 4].encode()) for i in range(len(padded) - 3))


class Features:
    """What dedup compares. The key is computed at once (the exact tier needs nothing more);
    words and grams by terms(), only for a text that reaches the near tier or the index;
    facts (for the guards) on first use."""

    __slots__ = ("_facts", "grams", "key", "norm", "src", "words")

    def __init__(self, text: str) -> None:
        self.src = _prepare(text)
        self.norm = normalize(self.src, marked=False)  # _prepare() cut the marker
        self.key = int.from_bytes(
            hashlib.blake2b(self.norm.encode(), digest_size=8).digest(), "big"
        )
        self.words: frozenset[int] = _NONE
        self.grams: frozenset[int] = _NONE
        self._facts: Facts | None = None

    def terms(self) -> Features:
        if self.words is not _NONE:
            return self
        tokens = self.norm.split()
        if not _SPELLING_STARTS.isdisjoint(tokens):  # "World Health Organization" is "WHO"
            tokens = _SPELLING.sub(lambda m: _INITIALS[m.group(0)], self.norm).split()
        words = {_word(w) for w in tokens if w not in _STOP}
        for tag in hashtags(self.src):  # "#BostonMarathon" also says "boston" and "marathon"
            parts = _CAMEL.sub(" ", tag).split()
            if len(parts) > 1:
                words.update(_word(p) for p in normalize(" ".join(parts)).split())
        # Words as 32-bit CRCs: a member stores 4 bytes a word instead of a pointer to a string
        # kept alive for it. Not hash(): str hashes change per process, and with them the order
        # ties are broken in, so replays would not be reproducible. Sorted: a set's iteration
        # order follows insertion order where hashes collide.
        self.words = frozenset(sorted([crc32(w.encode()) for w in words or tokens]))
        # Char grams of the content words: shared function words ("of the", "to be") say
        # nothing about two claims being one (train F1 on the Twitter URL corpus +0.3).
        content = " ".join(w for w in tokens if w not in _STOP)
        self.grams = _grams(f" {content} " if len(content) >= 4 else f" {self.norm} ")
        return self

    @property
    def facts(self) -> Facts:
        if self._facts is None:
            self._facts = extract_facts(self.src, self.norm.split()) if self.norm else _NOF
        return self._facts


_NONE: frozenset[int] = frozenset()
_INITIALS = {phrase: short for short, phrases in _SPELT_OUT.items() for phrase in phrases}
_SPELLING = re.compile(r"\b(?:" + "|".join(sorted(_INITIALS, key=len, reverse=True)) + r")\b")
_SPELLING_STARTS = frozenset(phrase.split()[0] for phrase in _INITIALS)


def _word(token: str) -> str:
    """A token as the similarity counts it: its stem, or the stem's repost class ("blast" is
    "explosion", "dead" is "killed")."""
    st = stem(_NAME_OF.get(token, token))
    return _CLASS.get(st, st)


_NOF = extract_facts("", [])
_BY_SCORE = itemgetter(0, 1)  # score, then the older story (-id is larger)


def similarity(a: Features, record: bytes, nb: int, gb: int) -> float:
    """Mean of word/char Jaccard and containment, 0..1, of a text and a member record with nb
    words and gb grams. Containment only counts for texts of four words or more, so
    "explosion" is not "contained" in every explosion story."""
    view = memoryview(record)
    start, end = _HEAD.size, _HEAD.size + 4 * nb
    wi = len(a.words.intersection(view[start:end].cast("I")))
    if not wi:
        return 0.0
    gi = len(a.grams.intersection(view[end : end + 4 * gb].cast("I")))
    na, ga = len(a.words), len(a.grams)
    jw = wi / (na + nb - wi)
    jc = gi / (ga + gb - gi)
    small = min(na, nb)
    if small < 4:
        mean = (jw + jc) / 2
    else:
        cw = wi / small
        cc = gi / min(ga, gb)
        mean = (jw + jc + cw + cc) / 4
    score: float = mean**_CALIBRATION  # typeshed: float ** float is Any (complex if base < 0)
    return score


@dataclass
class Decision:
    story_id: int | None  # the story to join; None -> open a new story
    tier: str  # "exact" | "near" | "semantic" | "new"
    score: float  # similarity of the best candidate (0..1); 1.0 for exact
    reason: str  # one line for `claimwatch explain`
    related_story: int | None = None  # the claim develops this story (new story, linked)
    # "numbers" | "toll" | "stance" | "negation" | "source" when related_story is set
    relation: str | None = None


# A story member is one bytes record: a header (story id, word count, gram count), the word
# hashes and grams (4 bytes each), then the UTF-8 text its guard facts are computed from. One
# bytes object, no per-member Python object: its header alone would cost 64 bytes a story.
_HEAD = struct.Struct("=qII")
_unpack_head = _HEAD.unpack_from


def _record(story_id: int, f: Features) -> bytes:
    head = _HEAD.pack(story_id, len(f.words), len(f.grams))
    return head + array("I", f.words).tobytes() + array("I", f.grams).tobytes() + f.src.encode()


def _record_words(record: bytes) -> memoryview:
    _, nw, _ = _unpack_head(record)
    return memoryview(record)[_HEAD.size : _HEAD.size + 4 * nw].cast("I")


def _record_facts(record: bytes) -> Facts:
    _, nw, ng = _unpack_head(record)
    src = record[_HEAD.size + 4 * (nw + ng) :].decode()
    return extract_facts(src, normalize(src).split()) if src else _NOF


class Deduper:
    """Assigns claim texts to stories. find() decides, add() registers; both are pure."""

    def __init__(
        self,
        window: timedelta,
        semantic: bool = False,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        grey: float = DEFAULT_GREY,
        semantic_threshold: float = DEFAULT_SEMANTIC,
        embed_similarity: Callable[[str, str], float] | None = None,
    ) -> None:
        self.window = window
        self.threshold = threshold
        self.grey = min(grey, threshold)
        self.semantic_threshold = semantic_threshold
        self._sem: Callable[[str, str], float] | None = None
        if semantic:
            if embed_similarity is None:
                from monitor.pipeline.semantic import Embedder  # heavy: torch, only on demand

                embed_similarity = Embedder().similarity
            self._sem = embed_similarity
        # Per open story one int: its anchor in POSIX seconds << 4 | the members indexed
        # (<= MAX_VARIANTS). prune() finds members and keys by scanning, which every 10 minutes
        # costs less than per-story lists all the time.
        self._stories: dict[int, int] = {}
        self._members: dict[int, bytes] = {}  # member id -> record
        self._norms: dict[int, str] = {}  # member id -> normalized text, semantic tier only
        self._exact: dict[int, int] = {}  # key -> story id (latest story wins)
        # word hash -> member ids, oldest first; a word of one member holds the bare id, since
        # most words (names, figures) are in one story and an array costs ~70 bytes
        self._index: dict[int, int | array[int]] = {}
        self._next_member = 0
        # Guard facts of recently compared members (LRU): bursts compare against few stories.
        self._facts: OrderedDict[int, Facts] = OrderedDict()
        self._last: tuple[str, Features] | None = None  # find() then add() of the same text

    def _features(self, text: str) -> Features:
        if self._last is not None and self._last[0] == text:
            return self._last[1]
        f = Features(text)
        self._last = (text, f)
        return f

    def _facts_of(self, mid: int) -> Facts:
        facts = self._facts.get(mid)
        if facts is None:
            facts = _record_facts(self._members[mid])
            self._cache_facts(mid, facts)
        else:
            self._facts.move_to_end(mid)
        return facts

    def _cache_facts(self, mid: int, facts: Facts) -> None:
        self._facts[mid] = facts
        if len(self._facts) > FACTS_CACHE:
            self._facts.popitem(last=False)

    def __len__(self) -> int:
        return len(self._stories)

    # -- registration ------------------------------------------------------------------------
    def add(self, story_id: int, text: str, anchor: datetime) -> None:
        story = self._stories.get(story_id)
        if story is None:
            story = self._stories[story_id] = int(anchor.timestamp()) << 4
        f = self._features(text)
        if not f.norm:
            return
        if self._exact.get(f.key) == story_id:
            return
        self._exact[f.key] = story_id
        if story & 15 >= MAX_VARIANTS:
            return
        self._stories[story_id] = story + 1
        mid = self._next_member
        # Ids are 32-bit (postings are arrays of them); after 4 billion members they wrap,
        # skipping any id still in use.
        self._next_member = (mid + 1) & 0xFFFFFFFF
        while self._next_member in self._members:
            self._next_member = (self._next_member + 1) & 0xFFFFFFFF
        self._members[mid] = _record(story_id, f.terms())
        if self._sem is not None:
            self._norms[mid] = f.norm
        if f._facts is not None:  # compared before it was added: keep what was computed
            self._cache_facts(mid, f._facts)
        index = self._index
        for w in f.words:
            posting = index.get(w)
            if posting is None:
                index[w] = mid
            elif isinstance(posting, int):
                index[w] = array("I", (posting, mid))
            else:
                posting.append(mid)

    def prune(self, before: datetime) -> int:
        cutoff = before.timestamp()
        dead = {sid for sid, story in self._stories.items() if story >> 4 < cutoff}
        if not dead:
            return 0
        for sid in dead:
            del self._stories[sid]
        for key in [k for k, sid in self._exact.items() if sid in dead]:
            del self._exact[key]
        gone = {mid for mid, rec in self._members.items() if _unpack_head(rec)[0] in dead}
        words: set[int] = set()
        for mid in gone:
            words.update(_record_words(self._members.pop(mid)))
            self._facts.pop(mid, None)
            self._norms.pop(mid, None)
        # Filter each touched posting once.
        index = self._index
        for w in words:
            posting = index[w]
            if isinstance(posting, int):
                if posting in gone:
                    del index[w]
                continue
            kept = array("I", [m for m in posting if m not in gone])
            if not kept:
                del index[w]
            else:
                index[w] = kept[0] if len(kept) == 1 else kept
        return len(dead)

    # -- decision ----------------------------------------------------------------------------
    def _alive(self, story_id: int, since: float) -> bool:
        story = self._stories.get(story_id)
        return story is not None and story >> 4 >= since

    def _candidates(self, f: Features) -> list[int]:
        # Rare words first: they identify a story; common ones only add cost, so each list is
        # read newest-first (bursts are recent) and the total is capped.
        index = self._index
        single: list[int] = []
        lists: list[array[int]] = []
        for w in f.words:
            p = index.get(w)
            if isinstance(p, int):
                single.append(p)
            elif p is not None:
                lists.append(p)
        lists.sort(key=len)
        counts: Counter[int] = Counter(single)  # a word of one member: the rarest of all
        budget = POSTING_BUDGET - len(single)
        for posting in lists:
            take = min(len(posting), PER_WORD, budget)
            counts.update(islice(reversed(posting), take))  # C loop
            budget -= take
            if budget <= 0:
                break
        # Most shared words first; ties keep reading order (rarer words, newer members first).
        if len(counts) <= MAX_CANDIDATES:
            return sorted(counts, key=counts.__getitem__, reverse=True)
        need = max(1, len(f.words) // 5)  # below ~20% shared words nothing can pass
        # Dropped before the sort, not after: most members share one word.
        top = [m for m, n in counts.items() if n >= need]
        top.sort(key=counts.__getitem__, reverse=True)
        return top[:MAX_CANDIDATES]

    def find(self, text: str, now: datetime) -> Decision:
        f = self._features(text)
        if not f.norm:
            return Decision(None, "new", 0.0, "new: nothing left to compare after normalization")
        since = (now - self.window).timestamp()
        sid = self._exact.get(f.key)
        if sid is not None and self._alive(sid, since):
            return Decision(sid, "exact", 1.0, f"exact: same normalized text as story {sid}")

        scored: list[tuple[float, int, int]] = []
        for mid in self._candidates(f.terms()):
            record = self._members[mid]
            sid, nw, ng = _unpack_head(record)
            if self._alive(sid, since):
                scored.append((similarity(f, record, nw, ng), -sid, mid))
        scored.sort(key=_BY_SCORE, reverse=True)

        best = scored[0] if scored else None
        related: tuple[float, int, str, str] | None = None
        blocked: tuple[float, int, str] | None = None
        # Without the semantic tier nothing below the join threshold can matter, so the guards
        # (and their facts) are only computed for candidates above it.
        floor = self.grey if self._sem is not None else self.threshold
        for score, neg_sid, mid in scored:
            if score < floor:
                break
            sid = -neg_sid
            clash = conflict(f.facts, self._facts_of(mid), one_way=True)
            if clash is not None:
                kind, detail = clash
                # An update says more than the story: a changed figure, a confirmation or
                # denial of it (not the bare claim again after one), a contradiction ("coup
                # attempt fails" after "coup attempt under way"), or another party saying it
                # ("..., Moscow says" after "..., Kyiv says"). It is linked to the story it
                # would have joined but for the conflict.
                develops = kind in ("number", "toll", "negation", "source") or (
                    kind == "stance" and f.facts.stance is not None
                )
                if develops and score >= self.threshold and not related:
                    related = (score, sid, "numbers" if kind == "number" else kind, detail)
                if blocked is None and score >= self.threshold:
                    blocked = (score, sid, detail)
                continue
            if score >= self.threshold:
                return Decision(
                    sid, "near", score, f"near: score {score:.2f} vs story {sid}; guards ok"
                )
            if self._sem is not None:
                cos = self._sem(f.norm, self._norms[mid])
                if cos >= self.semantic_threshold:
                    return Decision(
                        sid, "semantic", score,
                        f"semantic: cosine {cos:.2f} (lexical {score:.2f}) vs story {sid}; guards ok",
                    )  # fmt: skip
        if related is not None:
            score, sid, relation, detail = related
            return Decision(
                None, "new", score, f"new: develops story {sid} ({detail}; score {score:.2f})",
                related_story=sid, relation=relation,
            )  # fmt: skip
        if blocked is not None:
            score, sid, detail = blocked
            return Decision(None, "new", score, f"new: story {sid} scored {score:.2f} but {detail}")
        if best is None:
            return Decision(None, "new", 0.0, "new: no candidate story shares a word")
        score, sid = best[0], -best[1]
        return Decision(
            None, "new", score, f"new: best score {score:.2f} vs story {sid} < {self.threshold:.2f}"
        )
