"""The shared HTML tokenizer: the token stream, its recovery from broken markup, hostile input."""

from __future__ import annotations

import pytest

from monitor.sources.markup import EndTag, StartTag, Token, attributes, tokens


def stream(markup: str) -> list[Token]:
    return list(tokens(markup))


def test_tokens_of_a_page() -> None:
    assert stream(
        '<!DOCTYPE html><P Class="a">x &amp; y</p><br/><!-- <p> --><?pi?>'
        "<script>if (a<b) { s = '</p>'; }</script ><style></style>"
    ) == [
        StartTag("p", ' Class="a"', False),
        "x & y",
        EndTag("p"),
        StartTag("br", "/", True),
        StartTag("script", "", False),
        "if (a<b) { s = '</p>'; }",  # a raw body, as written
        EndTag("script"),
        StartTag("style", "", False),
        "",  # an empty body is a token too
        EndTag("style"),
    ]


def test_attributes() -> None:
    text = """ HREF="/a?x=1&amp;y=2" title='it&#39;s' data-x=1"2 hidden href=last /"""
    assert attributes(text) == {
        "href": "last",  # a repeated name keeps its last value
        "title": "it's",
        "data-x": '1"2',
        "hidden": "",
    }


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        (
            '<img alt="a > b<c" src=x>after',
            [StartTag("img", ' alt="a > b<c" src=x', False), "after"],
        ),
        ("1 < 2 <3", ["1 ", "<", " 2 ", "<", "3"]),
        ("x <a <b>y", ["x ", "<", "a ", StartTag("b", "", False), "y"]),  # no tag crosses a "<"
        ("x<p>y<a href='z", ["x", StartTag("p", "", False), "y"]),  # the rest is inside a tag
        ("x<!-- y", ["x"]),
        ("x<!-->y<!--->z", ["x", "y", "z"]),
        ("x</ y>z</a <b>w", ["x", "z", EndTag("a"), "w"]),  # an end tag runs to its ">"
        (
            "<a title='x>y<b>z",
            [StartTag("a", " title='x", False), "y", StartTag("b", "", False), "z"],
        ),
        ("<![CDATA[<b>a</b>]]>&amp;", [" ", StartTag("b", "", False), "a", EndTag("b"), " &"]),
        (
            "<script/>x<script>y",
            [StartTag("script", "/", True), "x", StartTag("script", "", False), "y"],
        ),
    ],
    ids=[
        "quoted-gt-and-lt",
        "lt-characters",
        "lt-in-a-tag",
        "unclosed-tag",
        "unclosed-comment",
        "empty-comments",
        "end-tags",
        "unbalanced-quote",
        "cdata-wrapper",
        "self-closed-and-unclosed-script",
    ],
)
def test_broken_markup(markup: str, expected: list[Token]) -> None:
    assert stream(markup) == expected


@pytest.mark.parametrize(
    ("markup", "texts", "tags"),
    [
        ("<a " * 20_000, [], 0),
        ("<a " * 20_000 + ">", ["<", "a "] * 19_999, 1),
        ("<div>" * 20_000, [], 20_000),
        ("<a x='" * 20_000 + ">", ["<", "a x='"] * 19_999, 1),
        # every "<" quoted from each one before it: 12 s if quoted "<" were read after a failure
        ('<a" "' * 20_000 + ">", ["<", 'a" "'] * 19_999, 1),
        ("</a " * 20_000, [], 0),
        ("<!" * 20_000, [], 0),
    ],
    ids=["unclosed", "unclosed-then-gt", "nested", "quotes", "quoted-lt", "end", "bogus"],
)
def test_hostile_markup_is_read_in_one_pass(markup: str, texts: list[str], tags: int) -> None:
    """Each would cost quadratic time if a failed tag were scanned again from every "<"."""
    found = stream(markup)
    assert [t for t in found if isinstance(t, str)] == texts
    assert len(found) - len(texts) == tags
