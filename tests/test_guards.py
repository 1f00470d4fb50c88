"""Guards: spurious conflicts (a year vs an age, a city vs its own country, an outlet's name) do
not keep paraphrases apart; real ones (a changed figure, another place, planned vs done) do."""

from __future__ import annotations

import pytest

from monitor.pipeline.dedup import _prepare
from monitor.pipeline.guards import Facts, conflict, extract_facts
from monitor.pipeline.normalize import normalize


def facts(text: str) -> Facts:
    prepared = _prepare(text)
    return extract_facts(prepared, normalize(prepared).split())


def clash(a: str, b: str) -> tuple[str, str] | None:
    """The conflict, checked to be the same (kind) in both directions."""
    ab, ba = conflict(facts(a), facts(b)), conflict(facts(b), facts(a))
    assert (ab is None) == (ba is None), (ab, ba)
    return ab


AGREE = [
    # a year or decade is not a count or an age
    (
        "tom hayden, who helped spur the 1960s anti-vietnam war movement, has died",
        "tom hayden, famed anti-vietnam war activist, dies at 76",
    ),
    ("amazon go opens in q1 2017", "amazon go opens one week after the announcement"),
    ("2016 is horrible. gwen ifill just passed away", "gwen ifill has died; she was 61"),
    ("the 1960s protest movement", "the 1968 protest movement"),
    # a date is not a count; one figure read as two kinds agrees
    ("judge extends deadline until october 18", "judge extends deadline by one week"),
    ("disrupt is coming to london december 5-6", "join me at disrupt london 5-6 dec"),
    # an ordinal is not a count
    ("aoun becomes the 13th president of lebanon", "after 2 years lebanon has a president"),
    ("indians take 1st game of the world series", "what happened in game 1 of the world series"),
    # vague quantities
    ("43 million credentials stolen", "43 millions of accounts stolen"),
    ("millions of accounts stolen", "6 million accounts stolen"),
    ("poll shows clinton leads trump by double-digits", "poll puts clinton up 12 points"),
    # a city inside the country the other text names
    ("London fintech startup Soldo launches card", "UK startup Soldo launches card"),
    ("How Moscow uses Interpol to pursue its enemies", "Russia uses interpol to pursue enemies"),
    ("How Moscow uses Interpol to pursue its enemies", "Russia, Iran and others use Interpol"),
    ("Explosion reported in Baghdad", "Explosion reported in Iraq"),
    ("Tehran says talks are over", "Iran says talks are over"),
    ("crop fires account for much of delhi's pollution", "crop fires fuel india's air pollution"),
    # an outlet's name is attribution, not a place
    (
        "Sheriff Joe Arpaio loses bid in Arizona - The New York Times",
        "Sheriff Joe Arpaio loses bid in Arizona, US voters decide",
    ),
    (
        "Russia loses seat on rights council after Aleppo bombings",
        "Russia loses seat - Washington Post",
    ),
    # "rejects" a person or a proposal is no denial of a claim
    ("in 1986 the senate rejected jeff sessions", "jeff sessions as attorney general"),
    ("California rejects abolishing the death penalty", "California keeps the death penalty"),
    # synonyms, and a pair that opens the text in either order
    ("Fighting against ISIL in Raqqa", "Fighting against ISIS in Raqqa"),
    ("Trump and Putin spoke by phone", "Putin and Trump spoke by phone"),
]

DIFFER = [
    ("Magnitude 7.4 quake hits New Zealand", "Magnitude 7.8 quake hits New Zealand", "number"),
    (
        "AT&T to buy Time Warner for $80 billion",
        "AT&T to buy Time Warner for $85.4 billion",
        "number",
    ),
    ("2 dead in shooting at the mall", "5 dead in shooting at the mall", "number"),
    ("anniversary of the 1990 attack on the embassy", "anniversary of the 2024 attack", "number"),
    ("the 1960s protest movement", "the 1970 protest movement", "number"),
    ("2000 killed in attack", "200 killed in attack", "number"),  # a count, not the year 2000
    ("2,015 troops deployed", "1,990 troops deployed", "number"),  # "2,015" is no year
    ("at least 2015 people killed", "at least 1990 people killed", "number"),
    ("hearing postponed until october 18", "hearing postponed until october 25", "number"),
    ("aoun becomes the 13th president", "aoun becomes the 14th president", "number"),
    ("millions of accounts stolen", "6 accounts stolen", "number"),
    ("dozens killed in the blast", "12 killed in the blast", "number"),
    ("clinton leads by double digits", "clinton leads by 5 points", "number"),
    ("Drone attack on US base in Iraq", "Drone attack on US base in Syria", "place"),
    ("Explosion in Baghdad", "Explosion in Damascus", "place"),
    ("Explosion reported in Baghdad", "Explosion reported in Syria", "place"),
    ("Explosions near US base in Erbil, Iraq", "Explosions near US base in Baghdad, Iraq", "place"),
    ("Drone strike hits oil depot in Moscow", "Drone strike hits oil depot in Ukraine", "place"),
    ("Shooting in New York", "Shooting in Chicago", "place"),
    ("New York Times: blast in Kyiv", "Blast in Lviv", "place"),
    ("Israel strikes militia positions in Syria", "US strikes militia positions in Syria", "place"),
    ("Trump spoke by phone with the Pope", "Putin spoke by phone with the Pope", "place"),
    ("Hamas fires rockets at Israel", "ISIL fires rockets at Israel", "place"),
    ("Militias preparing to attack US base", "Militias attacked US base", "verb"),
    ("Iran confirms missile launch", "Iran denies missile launch", "stance"),
    ("Russia rejects reports of a troop buildup", "Russia troop buildup at the border", "stance"),
    ("Officials dismissed as false the reports of a blast", "Reports of a blast", "stance"),
]


@pytest.mark.parametrize(("a", "b"), AGREE)
def test_spurious_conflicts_are_gone(a: str, b: str) -> None:
    assert clash(a, b) is None


@pytest.mark.parametrize(("a", "b", "kind"), DIFFER)
def test_real_conflicts_stay(a: str, b: str, kind: str) -> None:
    found = clash(a, b)
    assert found is not None and found[0] == kind, found


def test_year_shown_without_its_kind_prefix() -> None:
    found = clash("the 1990 attack", "the 2024 attack")
    assert found == ("number", "numbers differ ['1990'] vs ['2024']")


def test_outlet_place_still_a_place_when_named_elsewhere_in_the_text() -> None:
    # "New York" the place and "The New York Times" the outlet in one text
    assert clash("Shooting in New York, the New York Times reports", "Shooting in Chicago")
