"""Synthetic firehose streams as JSONL posts, for replay throughput benchmarks.

`python -m bench.stream --posts 100000 --match 0.01 > stream.jsonl` writes a stream where about 1% of
posts are breaking claims on the benchmark topics (with reposts and light edits, so dedup has real
work) and the rest are ordinary news and chatter, some with markers on other subjects.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

TOPICS_TOML = """
[[topics]]
name = "iran-militias"
query = 'Iran AND (militia* OR proxies OR IRGC) AND (base OR bases OR troops)'

[[topics]]
name = "us-bases-iraq-syria"
query = '("US base" OR "US bases" OR "US troops") AND (Iraq OR Syria)'

[[topics]]
name = "iraq-syria-conflict"
query = '(Iraq OR Syria) AND (attack* OR strike* OR drone* OR rocket*)'
"""

MARKERS = ["JUST IN:", "BREAKING:", "🚨 BREAKING:", "🚨", "DEVELOPING:", "URGENT:", "⚡ JUST IN -"]
ACTORS = ["Iran-backed militias", "IRGC-linked proxies", "Iran-aligned militia groups"]
ACTIONS = [
    "are preparing to attack",
    "launched a drone attack on",
    "fired rockets at",
    "are planning strikes on",
    "claimed an attack on",
]
TARGETS = [
    "US bases in Iraq",
    "a US base in Syria",
    "US troops in eastern Syria",
    "the Ain al-Asad base in Iraq",
    "US bases in Iraq and Syria",
]
ATTRIB = ["US officials say", "according to Reuters", "per local media", "sources tell CNN", ""]
FILLER_SUBJECTS = [
    "The central bank",
    "A local football club",
    "Scientists",
    "The mayor",
    "Tech giant",
    "A new study",
    "Officials in Brazil",
    "The festival",
]
FILLER_VERBS = ["announced", "reported", "denied", "celebrated", "unveiled", "postponed"]
FILLER_OBJECTS = [
    "record quarterly profits",
    "a new stadium plan",
    "the results of a survey",
    "a rate decision",
    "plans for a rail line",
    "a heatwave warning",
    "a software update",
    "the opening of a museum",
]
HANDLES = [f"user{i}" for i in range(2000)]


def _claims(rng: random.Random) -> list[str]:
    return [f"{a} {v} {t}" for a in ACTORS for v in ACTIONS for t in TARGETS]


def _vary(rng: random.Random, claim: str) -> str:
    """A repost: another marker, RT prefix, hashtags, a link, small edits."""
    text = claim
    if rng.random() < 0.3:
        text = text.replace(" in ", " in the ", 1)
    if rng.random() < 0.3:
        text += f", {rng.choice(ATTRIB)}" if rng.random() < 0.5 else "."
    text = f"{rng.choice(MARKERS)} {text}"
    if rng.random() < 0.4:
        text = f"RT @{rng.choice(HANDLES)}: {text}"
    if rng.random() < 0.4:
        text += " #Iran #Iraq"
    if rng.random() < 0.3:
        text += f" https://t.co/{rng.randrange(1 << 30):x}"
    return text


def _filler(rng: random.Random) -> str:
    text = f"{rng.choice(FILLER_SUBJECTS)} {rng.choice(FILLER_VERBS)} {rng.choice(FILLER_OBJECTS)}"
    if rng.random() < 0.1:
        text = f"{rng.choice(MARKERS)} {text}"
    if rng.random() < 0.2:
        text += f" https://news.example/{rng.randrange(1 << 20)}"
    return text + f" ({rng.randrange(100000)})"


def stream(n: int, match: float, seed: int = 7, all_candidates: bool = False) -> Iterator[dict]:
    rng = random.Random(seed)
    claims = _claims(rng)
    t0 = datetime(2026, 11, 1, tzinfo=UTC)
    for i in range(n):
        if all_candidates or rng.random() < match:
            # a few new claims, mostly reposts of recent ones: like a real news burst
            pool = claims[: max(1, min(len(claims), 5 + i // 200))]
            text = _vary(rng, rng.choice(pool))
            if all_candidates and rng.random() < 0.5:
                text = _vary(rng, f"{rng.choice(pool)} {rng.randrange(1000)} times")
        else:
            text = _filler(rng)
        yield {
            "id": f"p{i}",
            "source": f"feed{rng.randrange(300)}",
            "author": rng.choice(HANDLES),
            "url": f"https://social.example/p/{i}",
            "text": text,
            "published": (t0 + timedelta(milliseconds=250 * i)).isoformat(),
        }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--posts", type=int, default=100_000)
    ap.add_argument("--match", type=float, default=0.01, help="share of topic claims")
    ap.add_argument("--all-candidates", action="store_true", help="every post is a topic claim")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    out = sys.stdout
    for post in stream(args.posts, args.match, args.seed, args.all_candidates):
        out.write(json.dumps(post, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
