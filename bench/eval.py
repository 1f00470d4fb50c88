"""Dedup evaluation: `python -m bench.eval --data ../shared/data` prints one table.

1. Twitter URL corpus (Lan et al. 2017): pairwise P/R/F1 of "same story" on the test split, with
   thresholds tuned on the train split only. A pair is "same" iff a Deduper holding the first text
   as story 1 puts the second text into story 1.
2. CrisisLex T26: each event replayed in tweet-id order through ClaimDetector + Deduper; stories vs
   posts, and every "RT @x: <text>" copy must land in its original's story (violations: must be 0).
3. Hard negatives (tests/fixtures/hard_negatives.jsonl): false merges must be 0; recall on positives.
4. Throughput: posts/s on a stream where every post is a near-duplicate candidate.

The data is read in place and never copied. Missing data: a message and exit status 2.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from monitor.pipeline import dedup as dd
from monitor.pipeline.claims import ClaimDetector
from monitor.pipeline.dedup import Deduper
from monitor.pipeline.normalize import normalize

WINDOW = timedelta(hours=48)
T0 = datetime(2024, 1, 1, tzinfo=UTC)
FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "hard_negatives.jsonl"
# Pairs written from a brief by someone who had seen neither the guards nor earlier probes, in
# two sets (2026-11-24, before that session's guard changes), and never tuned on: how the guards
# do on claims no one wrote a rule for. Not a pass/fail gate. Once tuned on, a set is replaced.
PROBE = FIXTURE.with_name("blind_probe.jsonl")
# A third set, written the same way at the start of the next session (2026-11-24, 19:15) and
# measured once, at that session's end, never tuned on.
PROBE_2 = FIXTURE.with_name("blind_probe_2.jsonl")
# The fourth (2026-11-24, 21:05), the same way: 200 different claims of nine kinds and 120
# reposts of six, measured once at that session's end.
PROBE_3 = FIXTURE.with_name("blind_probe_3.jsonl")
# Two more (2026-11-25, 02:20), written blind from the same brief while that session's rules
# were tuned on two other sets: all news domains (4), and X aggregators and their reposters (5).
# Measured on the code before and after those rules, never tuned on.
PROBE_4 = FIXTURE.with_name("blind_probe_4.jsonl")
PROBE_5 = FIXTURE.with_name("blind_probe_5.jsonl")
TURL = Path("twitter_url_corpus/castorini_tokenized")
CRISIS = Path("crisislex_t26")
_RT_PREFIX = re.compile(r"^\s*RT\s+@\w+\s*:?\s*", re.I)


class DataMissing(Exception):
    pass


# -- helpers ---------------------------------------------------------------------------------


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: bool, gold: bool) -> None:
        self.tp += predicted and gold
        self.fp += predicted and not gold
        self.fn += (not predicted) and gold

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0


def pair_same(a: str, b: str, make: Callable[[], Deduper]) -> tuple[bool, float]:
    d = make()
    d.add(1, a, T0)
    dec = d.find(b, T0)
    return dec.story_id == 1, dec.score


def load_pairs(root: Path, split: str) -> list[tuple[str, str, bool]]:
    base = root / TURL / split
    paths = [base / n for n in ("a.toks", "b.toks", "sim.txt")]
    for p in paths:
        if not p.is_file():
            raise DataMissing(f"missing {p}")
    a, b, s = (p.read_text(encoding="utf-8").split("\n") for p in paths)
    return [(x, y, z.strip() == "1") for x, y, z in zip(a, b, s, strict=False) if z.strip()]


def best_threshold(points: Iterable[tuple[float, bool, bool]]) -> tuple[float, float]:
    """points: (score, joinable, gold). Returns the (threshold, F1) maximising F1."""
    pts = sorted(points, key=lambda t: -t[0])
    positives = sum(g for _, _, g in pts)
    tp = fp = 0
    best = (1.01, 0.0)
    i = 0
    while i < len(pts):
        score = pts[i][0]
        while i < len(pts) and pts[i][0] == score:  # ties move together
            _, ok, gold = pts[i]
            tp += ok and gold
            fp += ok and not gold
            i += 1
        f1 = 2 * tp / (tp + fp + positives) if tp else 0.0
        if f1 > best[1]:
            best = (score, f1)
    return best


# -- 1. Twitter URL corpus -------------------------------------------------------------------


def eval_turl(root: Path, semantic: bool) -> list[tuple[str, str]]:
    train, test = load_pairs(root, "train"), load_pairs(root, "test")
    rows: list[tuple[str, str]] = []
    # Tune: with threshold 0 every guarded-ok candidate joins, so its score decides for any t.
    pts = []
    for a, b, gold in train:
        same, score = pair_same(a, b, lambda: Deduper(WINDOW, threshold=0.0, grey=0.0))
        pts.append((score, same, gold))
    t, f1_train = best_threshold(pts)
    for label, thr in ((f"tuned t={t:.3f}", t), (f"default t={dd.DEFAULT_THRESHOLD:.2f}", None)):
        prf = PRF()
        for a, b, gold in test:
            kw = {"threshold": thr} if thr is not None else {}
            prf.add(pair_same(a, b, lambda kw=kw: Deduper(WINDOW, **kw))[0], gold)
        rows.append(
            (
                f"TURL test lexical ({label})",
                f"P {prf.p:.3f}  R {prf.r:.3f}  F1 {prf.f1:.3f}  (train F1 {f1_train:.3f})",
            )
        )
    rows += reference_rows(train, test, pts)
    if semantic:
        rows += eval_turl_semantic(train, test, t)
    return rows


def _char4(text: str) -> frozenset[str]:
    padded = f" {text} "
    return frozenset(padded[i : i + 4] for i in range(len(padded) - 3))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _f1_at(points: list[tuple[float, bool, bool]], t: float) -> PRF:
    prf = PRF()
    for score, ok, gold in points:
        prf.add(ok and score >= t, gold)
    return prf


def reference_rows(
    train: list[tuple[str, str, bool]],
    test: list[tuple[str, str, bool]],
    train_pts: list[tuple[float, bool, bool]],
) -> list[tuple[str, str]]:
    """Context for the lexical row: the issue's char-4-gram Jaccard baseline under the same
    protocol, and our own score with the guards off (what keeping claims apart costs here)."""
    rows = []
    j_train = [(_jaccard(_char4(a), _char4(b)), True, g) for a, b, g in train]
    j_test = [(_jaccard(_char4(a), _char4(b)), True, g) for a, b, g in test]
    t, f1_train = best_threshold(j_train)
    prf = _f1_at(j_test, t)
    t_best, f1_best = best_threshold(j_test)
    rows.append((
        f"TURL test reference: char-4-gram Jaccard (t={t:.3f})",
        f"P {prf.p:.3f}  R {prf.r:.3f}  F1 {prf.f1:.3f}  (train F1 {f1_train:.3f}; "
        f"F1 {f1_best:.3f} at the test split's own best t={t_best:.3f})",
    ))  # fmt: skip
    # Guards off: the similarity alone, threshold tuned on train the same way.
    off_train = [(score, score > 0, gold) for score, _, gold in train_pts]
    t_off, f1_off = best_threshold(off_train)
    off_test = []
    for a, b, gold in test:
        _, score = pair_same(a, b, lambda: Deduper(WINDOW, threshold=0.0, grey=0.0))
        off_test.append((score, score > 0, gold))
    prf = _f1_at(off_test, t_off)
    rows.append((
        f"TURL test lexical, guards off (t={t_off:.3f})",
        f"P {prf.p:.3f}  R {prf.r:.3f}  F1 {prf.f1:.3f}  (train F1 {f1_off:.3f})",
    ))  # fmt: skip
    return rows


def eval_turl_semantic(
    train: list[tuple[str, str, bool]], test: list[tuple[str, str, bool]], t_lex: float
) -> list[tuple[str, str]]:
    from monitor.pipeline.semantic import Embedder

    texts = {dd.Features(x).norm for a, b, _ in train + test for x in (a, b)}
    emb = Embedder(cache_size=len(texts) + 16)
    emb.embed(sorted(texts))  # one batched pass; the Deduper's lookups then hit the cache
    # Lexical score and guard verdict per train pair, then cosines; grid-search (threshold,
    # grey band, cosine) on train only.
    info = []
    for a, b, gold in train:
        same, score = pair_same(a, b, lambda: Deduper(WINDOW, threshold=0.0, grey=0.0))
        cos = emb.similarity(dd.Features(a).norm, dd.Features(b).norm) if same else -1.0
        info.append((score, same, cos, gold))
    positives = sum(gold for *_, gold in info)
    best = (0.0, t_lex, t_lex, 1.0)
    for hi in [t_lex + k * 0.02 for k in range(9)]:
        for grey in (0.05, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25):
            if grey >= hi:
                continue
            for tc in [0.5 + k * 0.025 for k in range(17)]:
                tp = fp = 0
                for s, ok, cos, gold in info:
                    if ok and (s >= hi or (s >= grey and cos >= tc)):
                        tp += gold
                        fp += not gold
                f1 = 2 * tp / (tp + fp + positives) if tp else 0.0
                if f1 > best[0]:
                    best = (f1, hi, grey, tc)
    f1_train, hi, grey, tc = best
    sim = emb.similarity
    prf = PRF()
    for a, b, gold in test:
        same, _ = pair_same(
            a,
            b,
            lambda: Deduper(
                WINDOW,
                semantic=True,
                threshold=hi,
                grey=grey,
                semantic_threshold=tc,
                embed_similarity=sim,
            ),
        )
        prf.add(same, gold)
    return [
        (
            f"TURL test semantic (t={hi:.3f}, grey={grey:.2f}, cos={tc:.3f})",
            f"P {prf.p:.3f}  R {prf.r:.3f}  F1 {prf.f1:.3f}  (train F1 {f1_train:.3f})",
        )
    ]


# -- 2. CrisisLex replay ---------------------------------------------------------------------


def snowflake_time(tweet_id: int) -> datetime:
    return datetime.fromtimestamp(((tweet_id >> 22) + 1288834974657) / 1000, UTC)


def load_crisis(root: Path) -> dict[str, list[tuple[int, str]]]:
    events: dict[str, list[tuple[int, str]]] = {}
    files = sorted((root / CRISIS).glob("*/*-tweets_labeled.csv"))
    if not files:
        raise DataMissing(f"no CrisisLex files under {root / CRISIS}")
    for path in files:
        with path.open(encoding="utf-8", errors="replace", newline="") as fh:
            reader = csv.reader(fh)
            next(reader, None)
            rows = [(int(r[0].strip().strip('"')), r[1]) for r in reader if len(r) > 1]
        events[path.parent.name] = sorted(rows)
    return events


def eval_crisis(root: Path) -> list[tuple[str, str]]:
    detector = ClaimDetector()
    rows = []
    total_viol = 0
    for event, tweets in load_crisis(root).items():
        d = Deduper(WINDOW)
        story_of: dict[int, int] = {}
        opened: dict[int, datetime] = {}
        for tid, text in tweets:
            claim = detector.detect(text).text
            now = snowflake_time(tid)
            sid = d.find(claim, now).story_id
            if sid is None:
                sid = len(opened) + 1
                opened[sid] = now
            d.add(sid, claim, now)
            story_of[tid] = sid
        # RT check: "RT @x: body" must share a story with the tweet whose text is body (the
        # original, or an earlier RT of it when the original is not in the stream), as long as
        # that story is still open (a story closes after the dedup window: reposts weeks later
        # rightly open a new one). Texts compare after normalize().
        last: dict[str, tuple[int, bool]] = {}  # text -> (latest tweet id, was it an RT)
        viol = checked = 0
        for tid, text in tweets:
            m = _RT_PREFIX.match(text)
            body = normalize(text[m.end() :] if m else text)
            if not body:
                continue
            prev = last.get(body)
            last[body] = (tid, m is not None)
            if prev is None or not (m or prev[1]):
                continue
            prev_story = story_of[prev[0]]
            if opened[prev_story] < snowflake_time(tid) - WINDOW:
                continue
            checked += 1
            viol += story_of[tid] != prev_story
        total_viol += viol
        rows.append(
            (
                f"CrisisLex {event}",
                f"{len(tweets)} posts -> {len(opened)} stories; RT copies checked {checked}, "
                f"violations {viol}",
            )
        )
    rows.append(("CrisisLex RT violations (must be 0)", str(total_viol)))
    return rows


# -- 3. hard negatives -----------------------------------------------------------------------


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def eval_fixture(path: Path = FIXTURE, semantic: bool = False) -> list[tuple[str, str]]:
    pairs = _jsonl(path)
    rows = _fixture_rows("hard negatives (fixture)", pairs, lambda: Deduper(WINDOW))
    if semantic:  # the grey band must not let a hard negative through either
        rows += _fixture_rows("hard negatives, semantic tier on", pairs, _semantic_deduper())
    return rows


def _semantic_deduper() -> Callable[[], Deduper]:
    """Dedupers with the semantic tier on, sharing one model (and its embedding cache)."""
    from monitor.pipeline.semantic import Embedder

    sim = Embedder().similarity
    return lambda: Deduper(WINDOW, semantic=True, embed_similarity=sim)


def _fixture_rows(
    label: str, pairs: list[dict[str, Any]], make: Callable[[], Deduper]
) -> list[tuple[str, str]]:
    neg = [p for p in pairs if not p["same"]]
    pos = [p for p in pairs if p["same"]]
    false_merges = [p for p in neg if pair_same(p["a"], p["b"], make)[0]]
    joined = sum(pair_same(p["a"], p["b"], make)[0] for p in pos)
    precision = 1.0 - len(false_merges) / len(neg) if neg else 1.0
    rows = [
        (
            label,
            f"{len(neg)} negatives: false merges {len(false_merges)} "
            f"(precision {precision:.3f}); {len(pos)} positives: recall {joined / max(1, len(pos)):.3f}",
        )
    ]
    for p in false_merges:
        rows.append(("  FALSE MERGE", f"{p['why']}: {p['a']!r} / {p['b']!r}"))
    return rows


def eval_probe(
    path: Path = PROBE, name: str = "blind probe", make: Callable[[], Deduper] | None = None
) -> list[tuple[str, str]]:
    """Different claims merged in either order, and reposts not joined in both, by kind."""
    pairs = _jsonl(path)

    def joins(a: str, b: str) -> bool:
        return pair_same(a, b, make or (lambda: Deduper(WINDOW)))[0]

    neg = [p for p in pairs if not p["same"]]
    pos = [p for p in pairs if p["same"]]
    # A text that says less (no toll, no confirmation) joins a story that says more, by
    # design; merged in one order only, such a pair is counted apart.
    orders = [(p["kind"], joins(p["a"], p["b"]) + joins(p["b"], p["a"])) for p in neg]
    merged = Counter(kind for kind, n in orders if n)
    one_way = sum(n == 1 for _, n in orders)
    split = Counter(p["kind"] for p in pos if not (joins(p["a"], p["b"]) and joins(p["b"], p["a"])))

    def by_kind(misses: Counter[str]) -> str:
        return ", ".join(f"{k} {n}" for k, n in sorted(misses.items())) or "none"

    return [
        (
            f"{name}, different claims",
            f"{sum(merged.values())} of {len(neg)} merged ({by_kind(merged)}); "
            f"{one_way} of them in one order only",
        ),
        (
            f"{name}, reposts",
            f"{sum(split.values())} of {len(pos)} not joined ({by_kind(split)})",
        ),
    ]


# -- 4. throughput ---------------------------------------------------------------------------

_EDITS: list[Callable[[str, random.Random], str]] = [
    lambda t, r: "RT @someone: " + t,
    lambda t, r: "BREAKING: " + t,
    lambda t, r: t + " #news",
    lambda t, r: t + " https://t.co/" + str(r.randrange(10**6)),
    lambda t, r: " ".join(
        w for i, w in enumerate(t.split()) if i != r.randrange(max(1, len(t.split())))
    ),
    lambda t, r: t.replace(" the ", " a ", 1) + " - report",
]


def stream(texts: list[str], n: int, seed: int = 7) -> list[str]:
    r = random.Random(seed)
    out = []
    for i in range(n):
        t = texts[i % len(texts)]
        for _ in range(2):
            t = r.choice(_EDITS)(t, r)
        out.append(t)
    return out


def throughput(texts: list[str], d: Deduper, n: int, open_stories: int) -> tuple[float, float, int]:
    """(posts per wall second, posts per CPU second, stories) for find() + add() of n posts."""
    detector = ClaimDetector()
    for i, t in enumerate(texts[:open_stories]):
        d.add(i + 1, detector.detect(t).text, T0)
    posts = [detector.detect(t).text for t in stream(texts, n)]
    next_id = open_stories + 1
    start, cpu = time.perf_counter(), time.process_time()
    for p in posts:
        dec = d.find(p, T0)
        if dec.story_id is None:
            d.add(next_id, p, T0)
            next_id += 1
        else:
            d.add(dec.story_id, p, T0)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    return n / wall, n / cpu, len(d)


def _rates(runs: list[tuple[float, float, int]]) -> str:
    """Median of the runs (wall and CPU), with the wall range: shared machines are noisy."""
    wall = sorted(r[0] for r in runs)
    cpu = sorted(r[1] for r in runs)
    mid = len(runs) // 2
    return (
        f"{wall[mid]:,.0f} posts/s median of {len(runs)} (range {wall[0]:,.0f}-{wall[-1]:,.0f}; "
        f"CPU-time {cpu[mid]:,.0f}/s) with 3,000 open stories -> {runs[0][2]}"
    )


def eval_throughput(root: Path, semantic: bool, runs: int = 5) -> list[tuple[str, str]]:
    texts = [t for tweets in load_crisis(root).values() for _, t in tweets]
    rows = [
        (
            "throughput lexical",
            _rates([throughput(texts, Deduper(WINDOW), 20_000, 3000) for _ in range(runs)]),
        )
    ]
    if semantic:  # a fresh model (and empty embedding cache) per run, on one thread
        from monitor.pipeline.semantic import Embedder

        runs_sem = [
            throughput(
                texts, Deduper(WINDOW, semantic=True, embed_similarity=Embedder(threads=1).similarity),
                3000, 3000,
            )
            for _ in range(3)
        ]  # fmt: skip
        rows.append(("throughput semantic", _rates(runs_sem)))
    return rows


# -- main ------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.eval", description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, required=True, help="the shared data directory")
    ap.add_argument("--no-semantic", action="store_true", help="skip the semantic tier")
    ap.add_argument("--only", choices=("turl", "crisis", "fixture", "throughput"), action="append")
    args = ap.parse_args(argv)
    if not args.data.is_dir():
        print(f"eval: data directory {args.data} not found (pass --data ../shared/data)",
              file=sys.stderr)  # fmt: skip
        return 2
    semantic = not args.no_semantic
    if semantic:
        from monitor.pipeline.semantic import available

        semantic = available()
    only = set(args.only or ("turl", "crisis", "fixture", "throughput"))
    rows: list[tuple[str, str]] = []
    try:
        if "fixture" in only:
            rows += eval_fixture(semantic=semantic)
            probes = [
                (PROBE, "blind probe"),
                (PROBE_2, "blind probe 2"),
                (PROBE_3, "blind probe 3"),
                (PROBE_4, "blind probe 4"),
                (PROBE_5, "blind probe 5"),
            ]
            for path, name in probes:
                rows += eval_probe(path, name)
            if semantic:  # what the optional tier adds (paraphrases) and costs (merges)
                make = _semantic_deduper()
                for path, name in probes:
                    rows += eval_probe(path, f"{name} + semantic", make)
        if "crisis" in only:
            rows += eval_crisis(args.data)
        if "turl" in only:
            rows += eval_turl(args.data, semantic)
        if "throughput" in only:
            rows += eval_throughput(args.data, semantic)
    except DataMissing as e:
        print(f"eval: {e} (is --data the shared data directory?)", file=sys.stderr)
        return 2
    if not semantic and not args.no_semantic:
        rows.append(("semantic tier", "not installed (pip install -e '.[semantic]'); skipped"))
    width = max(len(k) for k, _ in rows)
    print(f"{'metric':<{width}}  result")
    print(f"{'-' * width}  {'-' * 60}")
    for k, v in rows:
        print(f"{k:<{width}}  {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
