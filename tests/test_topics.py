"""Topic query language: syntax, semantics, normalisation, errors, and the prefilter's soundness."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from monitor.models import Match, Post
from monitor.pipeline.topics import (
    Document,
    QuerySyntaxError,
    TopicMatcher,
    compile_query,
    tokenize,
)


def hit(query: str, text: str, **fields: str) -> bool:
    return compile_query(query).matches(Document.from_fields(text, **fields)) is not None


def why(query: str, text: str, **fields: str) -> list[str] | None:
    return compile_query(query).matches(Document.from_fields(text, **fields))


# --------------------------------------------------------------------------- operators


def test_single_term() -> None:
    assert hit("Iran", "Strikes reported in Iran today")
    assert not hit("Iran", "Strikes reported in Iraq today")


def test_and_or_not() -> None:
    assert hit("Iran AND Iraq", "Iran and Iraq talk")
    assert not hit("Iran AND Iraq", "Iran talks")
    assert hit("Iran OR Iraq", "Iraq talks")
    assert not hit("Iran OR Iraq", "Syria talks")
    assert hit("Iran NOT Iraq", "Iran talks")
    assert not hit("Iran NOT Iraq", "Iran and Iraq talk")
    assert hit("NOT Iraq", "anything else")
    assert not hit("NOT Iraq", "Iraq")


def test_minus_and_plus_shorthand() -> None:
    assert hit("Iran -exercise", "Iran moves troops")
    assert not hit("Iran -exercise", "Iran naval exercise")
    assert not hit('Iran -"naval drill"', "Iran naval drill begins")
    assert hit('Iran -"naval drill"', "Iran naval forces drill")
    assert not hit("Iran -(drill OR exercise)", "Iran drill")
    assert hit("+Iran +Iraq", "Iran and Iraq")
    assert not hit("+Iran +Iraq", "Iran only")


def test_hyphen_inside_a_word_is_not_not() -> None:
    assert hit("Iran-backed", "Iran-backed group")
    assert not hit("Iran-backed", "Iran group backed by nobody")


def test_implicit_and() -> None:
    assert hit("Iran Iraq", "Iraq and Iran")
    assert not hit("Iran Iraq", "Iraq only")
    assert hit("Iran (strike OR attack)", "attack on Iran")


def test_lowercase_operators_are_terms() -> None:
    # as in Lucene: only upper-case AND/OR/NOT are operators; "or" is a word (and required)
    assert not hit("Iran or Iraq", "Iraq")
    assert hit("Iran or Iraq", "Iran or Iraq")
    assert hit("Iran not Iraq", "Iran, not Iraq")


def test_parentheses() -> None:
    q = "(Iraq OR Syria) AND (attack* OR strike*)"
    assert hit(q, "Drone strikes in Syria")
    assert hit(q, "Iraq: attackers fled")
    assert not hit(q, "Syria talks continue")
    assert not hit(q, "Strike in Yemen")
    assert hit("((a OR b) AND (c OR (d AND e)))", "b d e")
    assert not hit("((a OR b) AND (c OR (d AND e)))", "b d")


# --------------------------------------------------------------------------- precedence


def test_and_binds_tighter_than_or() -> None:
    # a OR b AND c == a OR (b AND c)
    assert hit("a OR b AND c", "a")
    assert not hit("a OR b AND c", "b")
    assert hit("a OR b AND c", "b c")
    # implicit AND binds like AND
    assert hit("a OR b c", "a")
    assert not hit("a OR b c", "b")


def test_not_binds_tighter_than_and() -> None:
    # NOT a AND b == (NOT a) AND b, not NOT (a AND b)
    assert hit("NOT a AND b", "b")
    assert not hit("NOT a AND b", "a b")
    assert not hit("NOT a AND b", "c")  # NOT (a AND b) would match this
    assert hit("NOT a OR b", "c")
    assert hit("NOT a OR b", "a b")
    assert not hit("NOT a OR b", "a")
    assert hit("NOT NOT a", "a")


# --------------------------------------------------------------------------- phrases, prefixes


def test_phrase_needs_consecutive_words() -> None:
    assert hit('"US base"', "Rockets hit a US base in Syria")
    assert not hit('"US base"', "a base used by US forces")
    assert not hit('"US base"', "base US")
    assert hit('"us base" Syria NOT exercise', "Rockets hit US base in Syria")
    assert not hit('"us base" Syria NOT exercise', "US base in Syria holds exercise")


def test_phrase_with_punctuation_between_words() -> None:
    assert hit('"iran backed"', "Iran-backed militias")
    assert hit('"iran backed"', "IRAN — backed, they said")
    assert hit("Iran-backed", "Iran backed militias")


def test_phrase_at_the_end_and_repeated_first_word() -> None:
    assert hit('"red sea"', "ships in the red red sea")
    assert hit('"red sea"', "the red sea")
    assert not hit('"red sea"', "red")


def test_prefix() -> None:
    for word in ("militia", "militias", "militiamen"):
        assert hit("militia*", f"the {word} said"), word
    assert not hit("militia*", "paramilitia forces")
    assert not hit("militia*", "militi")
    assert hit("Iran*", "Iranian officials")


def test_prefix_on_hyphenated_term_is_a_phrase_with_prefix_last() -> None:
    assert hit("Iran-back*", "Iran-backing groups")
    assert not hit("Iran-back*", "Iran, Iraq backing groups")


def test_star_inside_quotes_is_text() -> None:
    assert hit('"militia*"', "militia")
    assert not hit('"militia*"', "militias")


# --------------------------------------------------------------------------- fields


def test_bare_term_searches_title_and_text_only() -> None:
    assert hit("drone", "nothing here", title="Drone attack")
    assert hit("drone", "drone seen", title="Other")
    assert not hit("reuters", "nothing", source="reuters")
    assert not hit("sentdefender", "nothing", author="sentdefender")


def test_field_scopes() -> None:
    assert hit("title:drone", "x", title="Drone attack")
    assert not hit("title:drone", "drone attack", title="Other")
    assert hit("text:drone", "drone attack", title="Other")
    assert not hit("text:drone", "x", title="Drone attack")
    assert hit("author:sentdefender", "x", author="@SentDefender")
    assert not hit("author:sentdefender", "sentdefender says", author="@other")
    assert hit("source:reuters", "x", source="reuters-world")
    assert not hit("source:reuters", "reuters says", source="ap")


def test_field_group_and_phrase() -> None:
    q = "title:(drone OR missile) source:reuters"
    assert hit(q, "x", title="Missile launched", source="reuters")
    assert not hit(q, "missile launched", title="News", source="reuters")
    assert not hit(q, "x", title="Missile launched", source="ap")
    assert hit('title:"red sea"', "x", title="Red Sea shipping")
    assert not hit('title:"red sea"', "red sea", title="Shipping")
    assert hit("Title:drone", "x", title="drone")  # field names are case-insensitive


def test_inner_field_overrides_outer() -> None:
    assert hit("title:(drone OR author:bob)", "x", title="t", author="Bob")


def test_phrase_does_not_span_title_and_text() -> None:
    assert not hit('"attack drone"', "drone strike", title="attack")
    assert hit('"attack drone"', "x", title="attack drone")


def test_field_prefix_in_why() -> None:
    assert why("title:drone*", "x", title="Drones seen") == ["title:drone*→drones"]


# --------------------------------------------------------------------------- normalisation


def test_case_and_accents() -> None:
    assert hit("Pérez", "PEREZ resigns")
    assert hit("PEREZ", "Pérez resigns")
    assert hit("zurich", "Zürich")
    assert hit("strasse", "STRASSE")
    assert hit("straße", "Strasse")  # casefold: ß == ss
    assert hit("istanbul", "İstanbul")


def test_full_width_and_invisible_characters() -> None:
    assert hit("Iran", "ＩＲＡＮ strikes")  # NFKC/NFKD compatibility forms
    assert hit("Iranian", "Ira\u00adnian officials")  # soft hyphen inside a word
    assert hit("Iran", "\u200fIran\u200f")  # bidi marks around a word


def test_word_boundaries() -> None:
    assert not hit("Iran", "Iranian")
    assert not hit("Iran", "Tehran")
    assert not hit("base", "database")
    assert hit("Iran", "#Iran")
    assert hit("Iran", "Iran's")
    assert hit("Iran", "(Iran)")


def test_arabic() -> None:
    q = "عاجل AND العراق"
    assert hit(q, "عاجل: انفجار في العراق")
    assert hit(q, "عَاجِل: انفجار في العراق")  # harakat are accents: ignored
    assert hit(q, "عـاجل: انفجار في العراق")  # tatweel ignored
    assert not hit(q, "عاجل: انفجار في سوريا")
    assert not hit("العراق", "العراقية")  # word boundary
    assert hit("العراق*", "العراقية")
    assert why(q, "عاجل - العراق") == ["عاجل", "العراق"]


def test_hebrew_and_cyrillic() -> None:
    assert hit("ישראל", "דיווח: ישראל תקפה")
    assert not hit("ישראל", "ישראלי")
    assert hit("Россия", "РОССИЯ заявила")
    assert hit("россия AND украина", "Украина и Россия")
    assert not hit("Россия", "Россиянин")


def test_cjk_matches_as_substring() -> None:
    assert hit("北京", "昨天北京发生地震")
    assert not hit("北京", "昨天南京发生地震")
    assert why("北京", "北京") == ['"北京"']


def test_arabic_indic_digits() -> None:
    assert hit('"5 killed"', "٥ killed")


def test_tokenize() -> None:
    assert tokenize("Iran-backed MILITIAS, Pérez!") == ["iran", "backed", "militias", "perez"]
    assert tokenize("") == []


# --------------------------------------------------------------------------- why


def test_why_lists_matched_terms_in_order() -> None:
    q = "Iran AND (militia* OR proxies OR IRGC) AND (base OR bases OR troops)"
    assert why(q, "Iran-backed militias attack US bases") == ["iran", "militia*→militias", "bases"]


def test_why_reports_every_matching_alternative() -> None:
    assert why("base OR bases OR troops", "troops left the bases") == ["bases", "troops"]


def test_why_drops_terms_of_a_failed_and_branch() -> None:
    # (a AND b) fails after "a" matched; "a" must not leak into the reason
    assert why("(a AND b) OR c", "a c") == ["c"]


def test_why_has_no_negated_terms_and_no_duplicates() -> None:
    assert why("Syria NOT exercise", "Syria Syria") == ["syria"]
    assert why("Syria OR Syria", "Syria") == ["syria"]
    assert why("NOT x", "y") == []


def test_why_phrase_label() -> None:
    assert why('"US base" Syria', "US base in Syria") == ['"us base"', "syria"]


def test_query_keeps_its_source() -> None:
    assert compile_query("  Iran  AND x ").source == "  Iran  AND x "


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "empty query"),
        ("   ", "empty query"),
        ("Iran AND (Iraq", "unbalanced parenthesis at column 10 (never closed)"),
        ("Iran AND (Iraq OR", "dangling operator OR at column 16 (nothing after it)"),
        ("Iran AND Iraq)", "unbalanced parenthesis at column 14 (no matching '(')"),
        ("(a) )", "unbalanced parenthesis at column 5"),
        ("Iran (", "unbalanced parenthesis at column 6 (never closed)"),
        ("titel:drone", "unknown field 'titel:' at column 1 (known: title, text, author, source)"),
        ("x titel:(a)", "unknown field 'titel:' at column 3"),
        ("Iran AND", "dangling operator AND at column 6 (nothing after it)"),
        ("AND Iran", "dangling operator AND at column 1 (nothing before it)"),
        ("Iran OR OR x", "dangling operator OR at column 6 (followed by 'OR')"),
        ("(Iran AND) x", "dangling operator AND at column 7 (followed by ')')"),
        ("(OR x)", "dangling operator OR at column 2 (nothing before it)"),
        ("Iran NOT", "dangling operator NOT at column 6 (nothing after it)"),
        ('Iran "US base', "unterminated quote at column 6"),
        ("Iran ()", "empty parentheses at column 6"),
        ('""', "empty phrase at column 1"),
        ('" - "', "empty phrase at column 1"),
        ("title:", "field 'title:' at column 1 needs a term"),
        ("title: AND x", "field 'title:' at column 1 needs a term"),
        ("Iran - Iraq", "term '-' at column 6 has no letters or digits"),
        ("*", "term '*' at column 1 has no letters or digits"),
        ("mil*tia", "'*' at column 4: a wildcard is only supported at the end of a term"),
        ("Iran~2", "'~' at column 5: fuzzy/proximity search is not supported"),
        ('"US base"~3', "'~' at column 10: fuzzy/proximity"),
        ("Iran^2", "'^' at column 5: boosting is not supported"),
    ],
)
def test_syntax_errors(query: str, message: str) -> None:
    with pytest.raises(QuerySyntaxError) as err:
        compile_query(query)
    assert message in str(err.value)
    assert isinstance(err.value, ValueError)


def test_topic_matcher_names_the_bad_topic() -> None:
    with pytest.raises(QuerySyntaxError, match=r"topic 'bad': unbalanced parenthesis at column 1"):
        TopicMatcher([("good", "Iran"), ("bad", "(Iran")])


# --------------------------------------------------------------------------- TopicMatcher


def _post(text: str, **kw: str) -> Post:
    return Post(
        id="1", source=kw.pop("source", "feed"), text=text, published=datetime.now(UTC), **kw
    )


TOPICS = [
    ("iran-militias", "Iran AND (militia* OR proxies OR IRGC) AND (base OR bases OR troops)"),
    ("us-base-syria", '"US base" Syria NOT exercise'),
    ("drones", "title:(drone OR missile) source:reuters"),
    ("sentdefender", "author:sentdefender"),
    ("iraq-syria", "(Iraq OR Syria) AND (attack* OR strike*)"),
    ("arabic", "عاجل AND العراق"),
]


def test_topic_matcher_matches_posts() -> None:
    m = TopicMatcher(TOPICS)
    got = m.match_post(_post("BREAKING: Iran-backed militias attack US base in Syria"))
    assert [x.topic for x in got] == ["iran-militias", "us-base-syria", "iraq-syria"]
    assert got[0] == Match(
        "iran-militias",
        TOPICS[0][1],
        ["iran", "militia*→militias", "base"],
    )
    assert m.match_post(_post("Weather is fine today")) == []
    got = m.match_post(_post("x", title="Missile fired", source="reuters", author="@SentDefender"))
    assert [x.topic for x in got] == ["drones", "sentdefender"]
    assert got[1].why == ["author:sentdefender"]


def test_topic_matcher_with_no_topics() -> None:
    assert TopicMatcher([]).match_post(_post("anything")) == []


def test_topic_matcher_with_negative_only_topic() -> None:
    m = TopicMatcher([("all-but-sport", "NOT sport*"), ("iran", "Iran")])
    assert [x.topic for x in m.match_post(_post("weather"))] == ["all-but-sport"]
    assert m.match_post(_post("sports news")) == []


def test_document_from_post_uses_every_field() -> None:
    post = _post("body text", title="Head", author="@Someone", source="Reuters World")
    doc = Document.from_post(post)
    assert doc.sets["text"] == {"body", "text"}
    assert doc.sets["title"] == {"head"}
    assert doc.sets["author"] == {"someone"}
    assert doc.sets["source"] == {"reuters", "world"}
    assert doc.sets[""] == {"body", "text", "head"}


# --------------------------------------------------------------------------- properties

_VOCAB = ["iran", "iraq", "base", "bases", "militia", "militias", "strike", "us", "syria", "x"]


def _random_query(rng: random.Random, depth: int = 0) -> str:
    r = rng.random()
    if depth > 2 or r < 0.35:
        w = rng.choice(_VOCAB)
        kind = rng.random()
        if kind < 0.15:
            return w[: rng.randint(1, len(w))] + "*"
        if kind < 0.3:
            return f'"{w} {rng.choice(_VOCAB)}"'
        if kind < 0.4:
            return f"{rng.choice(['title', 'text', 'author', 'source'])}:{w}"
        return w
    if r < 0.5:
        return f"NOT {_random_query(rng, depth + 1)}"
    op = rng.choice([" AND ", " OR ", " "])
    return f"({_random_query(rng, depth + 1)}{op}{_random_query(rng, depth + 1)})"


def _random_doc(rng: random.Random) -> Document:
    def words(n: int) -> str:
        return " ".join(rng.choice([*_VOCAB, "zz", "Iranian"]) for _ in range(n))

    return Document.from_fields(
        words(rng.randint(0, 8)),
        title=words(rng.randint(0, 3)) or None,
        author=rng.choice([None, "iran", "bob"]),
        source=rng.choice([None, "us", "feed"]),
    )


def test_not_q_never_matches_when_q_matches() -> None:
    rng = random.Random(1234)
    both_seen = [0, 0]
    for _ in range(400):
        src = _random_query(rng)
        q, nq = compile_query(src), compile_query(f"NOT ({src})")
        for _ in range(10):
            doc = _random_doc(rng)
            a, b = q.matches(doc) is not None, nq.matches(doc) is not None
            assert a != b, (src, doc)
            both_seen[a] += 1
    assert min(both_seen) > 100  # the generator exercises both outcomes


def test_prefilter_never_rejects_a_match() -> None:
    # the matcher's shortcut must agree with evaluating each query's tree on every document
    rng = random.Random(99)
    for _ in range(60):
        topics = [(f"t{i}", _random_query(rng)) for i in range(rng.randint(1, 6))]
        matcher = TopicMatcher(topics)
        queries = {name: compile_query(src) for name, src in topics}
        for _ in range(30):
            doc = _random_doc(rng)
            expected = [n for n, q in queries.items() if q._root.test(doc)]
            assert [m.topic for m in matcher.match(doc)] == expected, (topics, doc)
