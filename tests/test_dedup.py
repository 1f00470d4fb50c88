"""Story assignment: reposts join, different claims stay apart, updates are linked."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from monitor.pipeline.claims import ClaimDetector
from monitor.pipeline.dedup import _HEAD, Deduper

T0 = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
WINDOW = timedelta(hours=48)
FIXTURE = Path(__file__).parent / "fixtures" / "hard_negatives.jsonl"

IRAN = [
    "JUST IN: US intelligence officials have detected signs that Iran-backed militias are "
    "preparing to attack US bases in Iraq, and possibly Syria.",
    "🚨 BREAKING: US intelligence officials have detected signs that Iran-backed militias are "
    "preparing to attack US bases in Iraq and possibly Syria #Iran #Iraq https://t.co/x",
    "RT @sentdefender: JUST IN: US intelligence officials have detected signs Iran-backed "
    "militias are preparing to attack US bases in Iraq, and possibly Syria",
    "US officials detect signs Iran-backed militias preparing to attack US bases in Iraq, "
    "Syria - report",
]


def claim(text: str) -> str:
    return ClaimDetector().detect(text).text


def same(a: str, b: str) -> bool:
    d = Deduper(WINDOW)
    d.add(1, claim(a), T0)
    return d.find(claim(b), T0).story_id == 1


class Replay:
    """Feeds texts through find()/add() like the pipeline does; returns story ids."""

    def __init__(self, **kw: object) -> None:
        self.d = Deduper(WINDOW, **kw)  # type: ignore[arg-type]
        self.next = 1

    def post(self, text: str, now: datetime = T0) -> int:
        c = claim(text)
        dec = self.d.find(c, now)
        sid = dec.story_id
        if sid is None:
            sid, self.next = self.next, self.next + 1
        self.d.add(sid, c, now)
        return sid


def test_reposts_of_the_example_join_one_story() -> None:
    r = Replay()
    ids = [r.post(t) for t in IRAN]
    assert ids == [1, 1, 1, 1]
    other = r.post("BREAKING: Iran-backed militias launch drone attack on US base in Syria")
    assert other == 2
    assert len(r.d) == 2


def test_tiers_and_reasons() -> None:
    d = Deduper(WINDOW)
    d.add(7, claim(IRAN[0]), T0)
    exact = d.find(claim(IRAN[1]), T0)
    assert (exact.story_id, exact.tier, exact.score) == (7, "exact", 1.0)
    near = d.find(claim(IRAN[3]), T0)
    assert near.story_id == 7 and near.tier == "near" and d.threshold <= near.score < 1.0
    assert "story 7" in near.reason
    new = d.find("Earthquake of magnitude 6 hits eastern Turkey", T0)
    assert (new.story_id, new.tier) == (None, "new")
    assert new.related_story is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("BREAKING: Two explosions near the finish line of the Boston Marathon",
         "Two explosions near the finish line of the Boston Marathon - Reuters"),
        ("BREAKING: Two explosions near the finish line of the Boston Marathon",
         "RT @AP: BREAKING: Two explosions near the finish line of the Boston Marathon; runners "
         "and spectators flee"),
        ("BREAKING: Helicopter crashes into pub in Glasgow",
         "🚨🚨 Helicopter crashes into pub in #Glasgow http://bbc.in/x"),
        ("JUST IN: Israel says 3 rockets fired from Lebanon were intercepted",
         "Israel says three rockets fired from Lebanon were intercepted"),
        ("Explosion at #BostonMarathon finish line, several injured",
         "Explosion at Boston Marathon finish line, several injured"),
    ],
)  # fmt: skip
def test_repost_edits_join(a: str, b: str) -> None:
    assert same(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # numbers
        ("JUST IN: 2 killed in drone strike on US base in Iraq",
         "JUST IN: 5 killed in drone strike on US base in Iraq"),
        ("Explosion reported near the finish line of the Boston Marathon",
         "Second explosion reported near the finish line of the Boston Marathon"),
        # negation
        ("White House says the president will attend the summit",
         "White House says the president will not attend the summit"),
        ("Injuries reported after explosion at fertilizer plant",
         "No injuries reported after explosion at fertilizer plant"),
        # verb / event
        ("Iran-backed militias are preparing to attack US bases in Iraq",
         "Iran-backed militias attacked US bases in Iraq"),
        ("Two killed in shooting at Los Angeles airport",
         "Two injured in shooting at Los Angeles airport"),
        # place / actor
        ("Drone attack on US base in Iraq", "Drone attack on US base in Syria"),
        ("Hezbollah claims responsibility for rocket attack on northern Israel",
         "Hamas claims responsibility for rocket attack on northern Israel"),
        ("Israel strikes militia positions near US base in eastern Syria",
         "US strikes militia positions near US base in eastern Syria"),
    ],
)  # fmt: skip
def test_guards_keep_claims_apart(a: str, b: str) -> None:
    assert not same(a, b)
    assert not same(b, a)


@pytest.mark.parametrize(
    ("story", "post", "relation"),
    [
        # a changed figure
        ("2 killed in strike on base in Iraq", "5 killed in strike on base in Iraq", "numbers"),
        # a confirmation or a denial, also by the other side
        (
            "2 killed in strike on US base in Iraq",
            "Pentagon confirms 2 killed in strike on US base in Iraq",
            "stance",
        ),
        (
            "2 killed in strike on US base in Iraq",
            "Pentagon denies 2 killed in strike on US base in Iraq",
            "stance",
        ),
        (
            "Israel confirms killing of Hamas leader Sinwar",
            "Hamas confirms killing of leader Sinwar",
            "stance",
        ),
        # just above the join threshold, where a changed figure or a first toll was once an
        # unlinked new alert (the update link needed 0.5)
        (
            "Officials confirm 4 dead, 67 injured in train derailment in the Bronx",
            "Governor says 4 dead, 63 injured in Metro-North train derailment in the Bronx",
            "numbers",
        ),
        (
            "Explosion, injuries reported at fertilizer plant near Waco, Texas",
            "Police: 5 to 15 people killed in explosion at fertilizer plant near Waco",
            "toll",
        ),
        # another party says it
        (
            "Sudan's RSF says it has taken control of Khartoum airport",
            "Sudan's army says RSF has taken control of Khartoum airport",
            "source",
        ),
        # a contradiction: the attempt failed
        (
            "Coup attempt under way in Bolivia, troops at presidential palace",
            "Coup attempt in Bolivia fails, troops leave presidential palace",
            "negation",
        ),
    ],
)
def test_an_update_is_linked_to_its_story(story: str, post: str, relation: str) -> None:
    d = Deduper(WINDOW)
    d.add(3, story, T0)
    dec = d.find(post, T0)
    assert (dec.story_id, dec.related_story, dec.relation) == (None, 3, relation)


@pytest.mark.parametrize(
    ("story", "repost"),
    [
        # the LAX replay once alerted for each of these: a repost that says less is no news
        ("One TSA agent killed, one wounded in #LAX shooting", "TSA agent killed in #LAX shooting"),
        (
            "NBC now confirming CBS LA report that a TSA agent has been killed in #LAX Shooting",
            "TSA agent has been killed in #LAX shooting",
        ),
        (
            "12 injured in blast at fertiliser plant near Waco",
            "Blast at fertiliser plant near Waco",
        ),
        # "more than 60" is true of 67; the NY replay once sent it as news of the 48-injured story
        (
            "4 dead, 67 injured in Metro-North derailment in the Bronx",
            "4 dead, more than 60 injured in Metro-North derailment in the Bronx",
        ),
        # a media report after the party's own word; before it, the party's word is news
        (
            "White House: Biden set to block the steel merger",
            "Bloomberg: Biden set to block the steel merger",
        ),
    ],
)
def test_a_repost_saying_less_than_the_story_joins_it(story: str, repost: str) -> None:
    d = Deduper(WINDOW)
    d.add(5, story, T0)
    assert d.find(repost, T0).story_id == 5
    d = Deduper(WINDOW)  # the other way round it is news: an update of the story
    d.add(6, repost, T0)
    dec = d.find(story, T0)
    assert (dec.story_id, dec.related_story) == (None, 6)


@pytest.mark.parametrize(
    ("dead", "alive"),
    [
        ("Ship attacked in Red Sea, crew killed", "Ship attacked in Red Sea, crew safe"),
        ("Woman found dead in rubble in Turkey", "Woman found alive in rubble in Turkey"),
        ("Putin killed in assassination attempt", "Putin survives assassination attempt"),
        ("Hostages killed in Gaza", "Hostages freed in Gaza"),
    ],
)
def test_alive_contradicts_dead_in_either_order(dead: str, alive: str) -> None:
    # a death only the story reports is no conflict for a post that says less, but one that
    # says the person lived contradicts it
    for first, then in [(dead, alive), (alive, dead)]:
        d = Deduper(WINDOW)
        d.add(7, first, T0)
        assert d.find(then, T0).story_id is None


def test_the_bare_claim_after_a_denial_is_news() -> None:
    # after a confirmation the bare claim says less and joins; after a denial it says the opposite
    d = Deduper(WINDOW)
    d.add(9, "LeBron James denies retirement rumors", T0)
    assert d.find("LeBron James announces retirement", T0).story_id is None
    d = Deduper(WINDOW)
    d.add(9, "Pentagon confirms 2 killed in strike on US base in Iraq", T0)
    assert d.find("2 killed in strike on US base in Iraq", T0).story_id == 9


def test_safe_zone_is_no_news_of_anyone() -> None:
    d = Deduper(WINDOW)  # "safe zone" says nothing about anyone's safety
    d.add(8, "Aid convoy reaches safe zone in Gaza, officials say", T0)
    assert d.find("Aid convoy reaches safe zone in Gaza", T0).story_id == 8


def test_unrelated_claim_has_no_relation() -> None:
    d = Deduper(WINDOW)
    d.add(4, "2 killed in strike on US base in Iraq", T0)
    dec = d.find("5 injured as train derails in the Bronx", T0)
    assert dec.related_story is None and dec.relation is None


def test_a_name_cut_short_by_an_ellipsis_is_no_other_name() -> None:
    d = Deduper(WINDOW)
    d.add(
        2,
        "FIFA confirms Spain, Portugal and Morocco will host 2030 World Cup, with games in Uruguay",
        T0,
    )
    assert (
        d.find(
            "FIFA confirms Spain, Portugal and Morocco will host 2030 World Cup, with games in Urug…",
            T0,
        ).story_id
        == 2
    )


def test_window_expiry_before_prune() -> None:
    d = Deduper(WINDOW)
    d.add(1, claim(IRAN[0]), T0)
    assert d.find(claim(IRAN[1]), T0 + WINDOW).story_id == 1  # at the edge: still open
    late = T0 + WINDOW + timedelta(seconds=1)
    assert d.find(claim(IRAN[1]), late).story_id is None  # exact tier respects the window
    assert d.find(claim(IRAN[3]), late).story_id is None  # and so does the near tier
    assert len(d) == 1


def test_anchor_is_the_first_add() -> None:
    d = Deduper(WINDOW)
    d.add(1, claim(IRAN[0]), T0)
    d.add(1, claim(IRAN[3]), T0 + timedelta(hours=47))  # a later member does not extend it
    assert d.find(claim(IRAN[3]), T0 + timedelta(hours=49)).story_id is None


def test_prune_drops_old_stories_and_their_index() -> None:
    d = Deduper(WINDOW)
    d.add(1, claim(IRAN[0]), T0)
    d.add(2, "Earthquake of magnitude 6 hits eastern Turkey", T0 + timedelta(hours=10))
    assert len(d) == 2
    assert d.prune(T0 + timedelta(hours=1)) == 1
    assert len(d) == 1
    assert d.find(claim(IRAN[1]), T0).story_id is None  # gone even inside its old window
    assert d.find("Earthquake of magnitude 6 hits eastern Turkey", T0).story_id == 2
    assert d.prune(T0 + timedelta(hours=1)) == 0


def test_prune_leaves_no_trace_of_a_story_with_many_variants() -> None:
    d = Deduper(WINDOW)
    for text in IRAN:
        d.add(1, claim(text), T0)
    d.add(2, "Earthquake of magnitude 6 hits eastern Turkey", T0 + timedelta(hours=10))
    assert d.prune(T0 + timedelta(hours=1)) == 1
    assert set(d._exact.values()) == {2}
    assert {_HEAD.unpack_from(rec)[0] for rec in d._members.values()} == {2}
    indexed = set()
    for posting in d._index.values():
        indexed.update([posting] if isinstance(posting, int) else posting)
    assert indexed == set(d._members)  # no posting points at a pruned member


def test_newest_story_wins_after_reopen() -> None:
    d = Deduper(WINDOW)
    d.add(1, "Explosion at the port of Beirut", T0)
    later = T0 + timedelta(days=3)
    assert d.find("Explosion at the port of Beirut", later).story_id is None
    d.add(2, "Explosion at the port of Beirut", later)
    assert d.find("Explosion at the port of Beirut", later).story_id == 2


def test_deterministic_decisions() -> None:
    texts = [*IRAN, "BREAKING: Iran-backed militias launch drone attack on US base in Syria"]

    def run() -> list[tuple[int | None, str, float]]:
        d = Deduper(WINDOW)
        out = []
        for i, t in enumerate(texts):
            dec = d.find(claim(t), T0)
            out.append((dec.story_id, dec.tier, round(dec.score, 6)))
            d.add(dec.story_id or 100 + i, claim(t), T0)
        return out

    assert run() == run()


def test_empty_text_never_joins() -> None:
    d = Deduper(WINDOW)
    d.add(1, "🚨", T0)
    assert d.find("🚨 https://t.co/x", T0).story_id is None


def test_semantic_tier_decides_only_the_grey_band() -> None:
    calls: list[tuple[str, str]] = []

    def fake_cosine(a: str, b: str) -> float:  # a stand-in embedding: a known paraphrase pair
        calls.append((a, b))
        return 0.95 if "blaze" in a + b else 0.1

    d = Deduper(WINDOW, semantic=True, embed_similarity=fake_cosine, threshold=0.5, grey=0.1)
    d.add(1, "Huge fire breaks out at chemical plant in Houston", T0)
    dec = d.find("Massive blaze engulfs Houston chemical plant", T0)
    assert (dec.story_id, dec.tier) == (1, "semantic")
    assert (
        d.find("Chemical plant in Houston reports strong quarterly earnings", T0).story_id is None
    )
    n = len(calls)
    assert d.find("Huge fire breaks out at chemical plant in Houston!", T0).tier == "exact"
    assert len(calls) == n  # decided lexically: no embedding call


_SAYS_LESS = ("toll", "report")  # kinds of negative whose b, read first, a joins by design


def test_hard_negative_fixture() -> None:
    pairs = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines()]
    negatives = [p for p in pairs if not p["same"]]
    positives = [p for p in pairs if p["same"]]
    assert len(negatives) >= 60 and len(positives) >= 10
    kinds = {"number", "place", "actor", "negation", "verb", "toll", "party", "report"}
    assert {p["why"] for p in negatives} == kinds
    # precision 1.0: no false merge, in either order; except that a post saying less than the
    # story (no toll after "12 injured", a media report after the party's own word) is a
    # repost of it, not news
    merged = [
        (p["a"], p["b"])
        for p in negatives
        if same(p["a"], p["b"]) or (same(p["b"], p["a"]) and p["why"] not in _SAYS_LESS)
    ]
    assert merged == []
    later_says_less = [p for p in negatives if p["why"] == "toll" and same(p["b"], p["a"])]
    assert later_says_less  # a toll is news only when it arrives after the bare claim
    missed = [(p["a"], p["b"]) for p in positives if not same(p["a"], p["b"])]
    assert missed == []


def test_throughput_shape_many_open_stories() -> None:
    # Not a benchmark (bench/eval.py is): thousands of stories must not change answers.
    d = Deduper(WINDOW)
    for i in range(3000):
        d.add(i + 10, f"Flood warning {i} issued for river district number {i * 7}", T0)
    d.add(1, claim(IRAN[0]), T0)
    assert d.find(claim(IRAN[3]), T0).story_id == 1
    assert len(d) == 3001


_ASSIGN_SCRIPT = """
import random
from datetime import UTC, datetime, timedelta
from monitor.pipeline.dedup import Deduper
rng = random.Random(1)
words = [f"w{i}" for i in range(30)]  # many stories share words: candidate ties are common
d, out, t0 = Deduper(timedelta(hours=48)), [], datetime(2026, 1, 1, tzinfo=UTC)
for i in range(1500):
    text = " ".join(rng.sample(words, 8))
    sid = d.find(text, t0).story_id or i + 1
    d.add(sid, text, t0)
    out.append(sid)
print(out)
"""


def test_assignments_do_not_depend_on_the_process_hash_seed() -> None:
    # Ties between candidates are broken by the order words are read in; with str hashes that
    # order changed per process, and `claimwatch replay` gave different stories run to run.
    import json
    import os
    import subprocess
    import sys

    runs = [
        subprocess.run(
            [sys.executable, "-c", _ASSIGN_SCRIPT],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True, text=True, check=True,
        ).stdout
        for seed in ("1", "2", "3")
    ]  # fmt: skip
    assert runs[0] == runs[1] == runs[2]
    assert 100 < len(set(json.loads(runs[0]))) < 1500  # joins and new stories both happen


def test_member_ids_wrap_at_32_bits_without_reusing_a_live_one() -> None:
    d = Deduper(WINDOW)
    d.add(1, "Explosion at the port of Beirut", T0)  # member 0 stays alive
    d._next_member = 0xFFFFFFFF
    d.add(2, "Earthquake of magnitude 6 hits eastern Turkey", T0)
    d.add(3, "Drone strike on a convoy near Erbil airport", T0)
    assert sorted(d._members) == [0, 1, 0xFFFFFFFF]  # wrapped past the live id 0
    assert d.find("Drone strike on a convoy near Erbil airport today", T0).story_id == 3
    assert d.find("Explosion at the port of Beirut!", T0).story_id == 1


def test_a_floor_joins_the_story_whose_count_meets_it_not_an_older_count() -> None:
    d = Deduper(WINDOW)
    d.add(1, "At least 4 dead, 48 injured in NYC train derailment", T0)
    d.add(2, "Officials confirm 4 dead, 67 injured in NYC train derailment", T0)
    dec = d.find("4 dead, more than 60 injured in NYC train derailment", T0)
    assert (dec.story_id, dec.related_story) == (2, None)
    dec = d.find("4 dead, more than 70 injured in NYC train derailment", T0)
    assert dec.story_id is None and dec.related_story in (1, 2)


@pytest.mark.parametrize(
    ("story", "post", "relation"),
    [
        # a hedged toll mentions no death: the first count of the dead is news
        (
            "Serious injuries and possible fatalities reported at Boston Marathon",
            "3 reported dead at Boston Marathon",
            "toll",
        ),
        # a count where the story had a vague one is news; the vague one after it is not
        (
            "Dozens killed in bus crash in Peru's Arequipa region",
            "31 killed in bus crash in Peru's Arequipa region",
            "numbers",
        ),
    ],
)
def test_a_first_exact_toll_develops_a_vague_or_hedged_story(
    story: str, post: str, relation: str
) -> None:
    d = Deduper(WINDOW)
    d.add(1, story, T0)
    dec = d.find(post, T0)
    assert (dec.story_id, dec.related_story, dec.relation) == (None, 1, relation)
    d = Deduper(WINDOW)
    d.add(2, post, T0)
    assert d.find(story, T0).story_id == 2


def test_words_of_one_class_count_as_one_word_in_the_score() -> None:
    # "blast"/"explosion" and "kills"/"dead": without the classes this scored 0.39, a new story
    d = Deduper(WINDOW)
    d.add(1, "Blast at Kabul mosque kills 3", T0)
    dec = d.find("Explosion at Kabul mosque leaves 3 dead", T0)
    assert dec.story_id == 1 and dec.score >= 0.5


def test_one_name_spelt_two_ways_counts_as_one_word_in_the_score() -> None:
    # "Lugansk"/"Luhansk", with "blasts"/"explosions": without the alias this scored 0.19
    d = Deduper(WINDOW)
    d.add(1, "Blasts in Lugansk", T0)
    dec = d.find("Explosions in Luhansk", T0)
    assert dec.story_id == 1 and dec.score >= 0.5


def test_a_name_spelt_out_scores_as_its_initials() -> None:
    # the same words but for the spelling: without the table this scored 0.59
    d = Deduper(WINDOW)
    d.add(1, "IMF approves bailout for Pakistan", T0)
    dec = d.find("International Monetary Fund approves bailout for Pakistan", T0)
    assert dec.story_id == 1 and dec.score == pytest.approx(1.0)
