"""Canonical URLs and text: what reposts of one claim must have in common."""

import pytest

from monitor.pipeline.normalize import canonical_url, extract_urls, normalize

EXAMPLE = (
    "US intelligence officials have detected signs that Iran-backed militias are preparing to "
    "attack US bases in Iraq, and possibly Syria"
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://Example.COM:443/a?utm_source=x&b=2&a=1#frag", "https://example.com/a?a=1&b=2"),
        ("http://example.com:80/", "http://example.com/"),
        ("http://example.com:8080/x", "http://example.com:8080/x"),
        ("https://example.com", "https://example.com/"),
        (
            "https://news.site/a?fbclid=1&gclid=2&igshid=3&mc_cid=4&mc_eid=5&id=7",
            "https://news.site/a?id=7",
        ),
        ("https://news.site/a?ref_src=twsrc&cmpid=rss&utm_medium=social", "https://news.site/a"),
        ("https://x.com/user/status/1?s=20&t=abc", "https://x.com/user/status/1"),
        ("https://twitter.com/user/status/1?s=20", "https://twitter.com/user/status/1"),
        # s/t are real parameters elsewhere
        ("https://search.site/find?s=iran&t=2", "https://search.site/find?s=iran&t=2"),
        ("https://www.google.com/url?q=https://cnn.com/a?utm_source=g&sa=D", "https://cnn.com/a"),
        (
            "https://news.google.com/rss/articles/x?url=https%3A%2F%2Fwww.bbc.co.uk%2Fnews%3Fid%3D1",
            "https://www.bbc.co.uk/news?id=1",
        ),
    ],
)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


@pytest.mark.parametrize("junk", ["", "not a url", "http://[::1", "://", "mailto:x@y.z"])
def test_canonical_url_never_raises(junk: str) -> None:
    assert isinstance(canonical_url(junk), str)


def test_extract_urls_in_order_without_trailing_punctuation() -> None:
    text = "see https://t.co/abc. and (https://en.wikipedia.org/wiki/Foo_(bar)) then http://x.y/z…"
    assert extract_urls(text) == [
        "https://t.co/abc",
        "https://en.wikipedia.org/wiki/Foo_(bar)",
        "http://x.y/z",
    ]
    assert extract_urls("no links here") == []


@pytest.mark.parametrize(
    "variant",
    [
        f"JUST IN: {EXAMPLE}.",
        f"🚨 BREAKING: {EXAMPLE} https://t.co/x",
        f"RT @sentdefender: JUST IN: {EXAMPLE}",
        f"RT by @a: RT @b: 🚨🚨 BREAKING NEWS — {EXAMPLE}!!",
        f"**BREAKING** {EXAMPLE} (via @Reuters)",
        f"[BREAKING] {EXAMPLE} via @sentdefender",
        f"عاجل: {EXAMPLE} 🇺🇸",
        f"{EXAMPLE} @CNN",
    ],
)
def test_normalize_strips_repost_noise(variant: str) -> None:
    assert normalize(variant) == normalize(EXAMPLE)


def test_normalize_exact_output() -> None:
    assert normalize(
        "BREAKING: Iran-backed #militias hit base; 1,200 troops (via @x) http://t.co/a"
    ) == ("iran backed militias hit base 1200 troops")


def test_normalize_folds_case_accents_and_keeps_digits() -> None:
    assert normalize("SON DAKİKA: İstanbul’da DEPREM, 2.5 büyüklüğünde") == (
        "istanbulda deprem 2.5 buyuklugunde"
    )
    assert normalize("Ｆｕｌｌｗｉｄｔｈ ＡＢＣ") == "fullwidth abc"  # NFKC
    assert normalize("Última hora: Café") == "cafe"
    # letters whose mark is no combining accent
    assert normalize("Łódź, Øresund, Þórshöfn, Dağ, Ærø") == "lodz oresund thorshofn dag aero"


def test_normalize_keeps_non_latin_words() -> None:
    assert normalize("عاجل: انفجار في بيروت!") == "انفجار في بيروت"
    assert normalize("СРОЧНО: Взрыв в Москве") == "взрыв в москве"


def test_normalize_does_not_strip_marker_words_in_prose() -> None:
    assert normalize("Breaking Bad is great") == "breaking bad is great"
    assert normalize("Just in time for dinner") == "just in time for dinner"


ASCII_SAMPLES = [
    EXAMPLE,
    "JUST IN: It's 2,500 `ok` (via @bob) RT @x: HTTP://T.CO/abc pic.twitter.com/x www.A.com",
    "Don`t panic: 1,000,000 people, 3.14 km, 2.5% a_b__c (VIA Reuters) @Here",
    "BREAKING -- (h/t @someone) 'quoted' words... and #Hash_Tags 10'000",
    "",
    "!!!",
]


@pytest.mark.parametrize("text", ASCII_SAMPLES)
def test_normalize_ascii_fast_path_matches_general_path(text: str) -> None:
    from monitor.pipeline.normalize import _normalize_unicode

    assert normalize(text) == _normalize_unicode(text)


def test_strip_decorations_tail_search_matches_full_regex() -> None:
    import random

    from monitor.pipeline.normalize import _TRAIL_DECOR, strip_decorations

    decor = [" #tag", " #a#b", " http://t.co/x", " 🔥🔥", " !!", " —", " pic.twitter.com/a", "#x"]
    rng = random.Random(5)
    checked = 0
    for _ in range(3000):
        text = " ".join(rng.choice(["attack", "base", "Iraq", "fire🔥", "x#y"]) for _ in range(20))
        text += "".join(rng.choice(decor) for _ in range(rng.randrange(0, 12)))
        full = _TRAIL_DECOR.sub("", text)
        if any(c.isalnum() for c in full):
            assert strip_decorations(text) == full, text
            checked += 1
    assert checked > 2500
