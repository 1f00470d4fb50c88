"""Marker detection, claim text, attribution and origin."""

import pytest

from monitor.pipeline.claims import DEFAULT_MARKERS, ClaimDetector

D = ClaimDetector()


@pytest.mark.parametrize(
    ("text", "marker", "claim"),
    [
        ("JUST IN: Explosion at the port", "JUST IN", "Explosion at the port"),
        ("Just in: Explosion at the port", "Just in", "Explosion at the port"),
        ("BREAKING: Explosion at the port", "BREAKING", "Explosion at the port"),
        ("Breaking: Explosion at the port", "Breaking", "Explosion at the port"),
        ("BREAKING NEWS - Explosion at the port", "BREAKING NEWS", "Explosion at the port"),
        ("BREAKING Explosion at the port", "BREAKING", "Explosion at the port"),
        ("DEVELOPING | Explosion at the port", "DEVELOPING", "Explosion at the port"),
        ("URGENT — Explosion at the port", "URGENT", "Explosion at the port"),
        ("FLASH: Explosion at the port", "FLASH", "Explosion at the port"),
        ("ALERT: Explosion at the port", "ALERT", "Explosion at the port"),
        ("🚨 Explosion at the port", "🚨", "Explosion at the port"),
        ("🚨🚨 Explosion at the port", "🚨", "Explosion at the port"),
        ("🔴 Explosion at the port", "🔴", "Explosion at the port"),
        ("⚡️ Explosion at the port", "⚡", "Explosion at the port"),
        ("🚨 BREAKING: Explosion at the port", "BREAKING", "Explosion at the port"),
        ("**BREAKING**: Explosion at the port", "BREAKING", "Explosion at the port"),
        ("[BREAKING] Explosion at the port", "BREAKING", "Explosion at the port"),
        ("#BREAKING: Explosion at the port", "BREAKING", "Explosion at the port"),
        ("RT @a: BREAKING: Explosion at the port", "BREAKING", "Explosion at the port"),
        ("BREAKING: JUST IN: Explosion at the port", "BREAKING", "Explosion at the port"),
        ("عاجل: انفجار في الميناء", "عاجل", "انفجار في الميناء"),
        ("عاجل | انفجار في الميناء", "عاجل", "انفجار في الميناء"),
        ("فوری: انفجار در بندر", "فوری", "انفجار در بندر"),
        ("URGENT : Explosion au port", "URGENT", "Explosion au port"),
        ("ALERTE - Explosion au port", "ALERTE", "Explosion au port"),
        ("DERNIÈRE MINUTE : Explosion au port", "DERNIÈRE MINUTE", "Explosion au port"),
        ("Dernière minute: Explosion au port", "Dernière minute", "Explosion au port"),
        ("ÚLTIMA HORA: Explosión en el puerto", "ÚLTIMA HORA", "Explosión en el puerto"),
        ("ULTIMA HORA: Explosión en el puerto", "ULTIMA HORA", "Explosión en el puerto"),
        ("EILMELDUNG: Explosion im Hafen", "EILMELDUNG", "Explosion im Hafen"),
        ("СРОЧНО: Взрыв в порту", "СРОЧНО", "Взрыв в порту"),
        ("Срочно: Взрыв в порту", "Срочно", "Взрыв в порту"),
        ("SON DAKİKA: Limanda patlama", "SON DAKİKA", "Limanda patlama"),
        ("SON DAKIKA Limanda patlama", "SON DAKIKA", "Limanda patlama"),
        ("מבזק: פיצוץ בנמל", "מבזק", "פיצוץ בנמל"),
    ],
)
def test_markers(text: str, marker: str, claim: str) -> None:
    c = D.detect(text)
    assert (c.marker, c.text) == (marker, claim)


@pytest.mark.parametrize(
    "text",
    [
        "Breaking Bad is great",
        "Alert systems fail across the region",
        "Flash floods hit the city",
        "Developing countries face debt crisis",
        "Just in time for the holidays",
        "Just in case you missed it",
        "Urgent care centers are busy",
        "última hora algo pasó",  # lowercase, no delimiter
        "Stocks are breaking: records everywhere",  # not at the start
        "The BREAKING: point",
    ],
)
def test_no_marker(text: str) -> None:
    assert D.detect(text).marker is None


def test_marker_in_title() -> None:
    c = D.detect("Some summary of the article.", title="BREAKING: Explosion at the port")
    assert (c.marker, c.text) == ("BREAKING", "Explosion at the port")


def test_custom_markers_replace_and_extend() -> None:
    only = ClaimDetector(markers=["EXCLUSIVE"])
    assert only.detect("EXCLUSIVE: x happened").marker == "EXCLUSIVE"
    assert only.detect("BREAKING: x happened").marker is None
    more = ClaimDetector(extra=["EXCLUSIVE"])
    assert more.detect("EXCLUSIVE: x happened").marker == "EXCLUSIVE"
    assert more.detect("BREAKING: x happened").marker == "BREAKING"
    assert "JUST IN" in DEFAULT_MARKERS and "🚨" in DEFAULT_MARKERS


def test_claim_text_drops_links_tags_and_rt_but_keeps_case() -> None:
    c = D.detect(
        "RT @sentdefender: 🚨 BREAKING: US officials detect signs Iran-backed militias are "
        "preparing to attack US bases in Iraq #Iran #Iraq https://t.co/x 🇺🇸"
    )
    assert c.marker == "BREAKING"
    assert c.text == (
        "US officials detect signs Iran-backed militias are preparing to attack US bases in Iraq"
    )
    assert c.origin_hint == "sentdefender"
    assert c.attribution == "US officials"


def test_origin_is_the_innermost_rt_or_via() -> None:
    assert D.detect("RT @a: RT @b: BREAKING: x y z").origin_hint == "b"
    assert D.detect("Explosion at the port via @AFP").origin_hint == "AFP"
    assert D.detect("Explosion at the port via @AFP").text == "Explosion at the port"
    c = D.detect("Holy cow RT @witness: Explosion at the port right now http://t.co/x")
    assert (c.origin_hint, c.text) == ("witness", "Explosion at the port right now")
    assert D.detect("Explosion at the port").origin_hint is None


@pytest.mark.parametrize(
    ("text", "attribution"),
    [
        ("US intelligence officials have detected signs of an attack", "US intelligence officials"),
        ("The Pentagon says 2 killed in strike", "The Pentagon"),
        ("Explosion at the port, Reuters reports", "Reuters"),
        ("Explosion at the port — per CNN", "CNN"),
        ("Explosion at the port - Reuters", "Reuters"),
        ("Explosion at the port (AP)", "AP"),
        ("Explosion at the port, according to local media.", "local media"),
        ("Two killed in Kabul - Afghan officials say", "Afghan officials"),
        ("Ukraine's army chief says troops left Avdiivka", "Ukraine's army chief"),
        ("Explosion at the port - report", None),
        ("explosion at the port", None),
    ],
)
def test_attribution(text: str, attribution: str | None) -> None:
    assert D.detect(text).attribution == attribution


def test_only_tags_is_still_a_claim() -> None:
    assert D.detect("#PrayForBoston 🙏 http://t.co/x").text == "#PrayForBoston 🙏"


@pytest.mark.parametrize(
    ("text", "claim", "outlet"),
    [
        (
            "BREAKING: Militias preparing to attack US bases in Iraq - Reuters",
            "Militias preparing to attack US bases in Iraq",
            "Reuters",
        ),
        (
            "JUST IN — Militias preparing to attack US bases in Iraq | Al Jazeera",
            "Militias preparing to attack US bases in Iraq",
            "Al Jazeera",
        ),
        (
            "BREAKING: Militias preparing to attack US bases in Iraq (via CNN)",
            "Militias preparing to attack US bases in Iraq",
            "CNN",
        ),
    ],
)
def test_outlet_tag_is_attribution_not_claim(text: str, claim: str, outlet: str) -> None:
    c = ClaimDetector().detect(text)
    assert c.text == claim
    assert c.attribution == outlet


def test_headline_is_the_claim_when_no_field_has_a_marker() -> None:
    c = ClaimDetector().detect(
        "A long article body about the region and its history.",
        title="Militias preparing to attack US bases in Iraq",
    )
    assert c.marker is None
    assert c.text == "Militias preparing to attack US bases in Iraq"
