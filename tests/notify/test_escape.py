"""Escapers and the cutter: untrusted text stays text, and is cut without breaking an escape."""

from __future__ import annotations

import re

import pytest

from monitor.notify import escape


def test_header_is_one_line():
    assert escape.header("a\r\nBcc: x@y\x00z\n") == "a Bcc: x@y z"


def test_header_breaks_encoded_words():
    out = escape.header("a =?UTF-8?B?4oCu?= =?utf-8?q?=0D=0A?= b=?")
    assert (
        "=?" not in out and out.replace("\u200d", "") == "a =?UTF-8?B?4oCu?= =?utf-8?q?=0D=0A?= b=?"
    )


def test_mass_mentions_are_broken():
    out = escape.slack("@here @channel @everyone @hereford")
    assert "@here " not in out and "@channel" not in out and "@everyone" not in out
    assert "@hereford" in out  # not a mention: left alone


def test_slack_control_sequences_are_escaped():
    out = escape.slack("<!channel> <@U1> <#C1> <http://x|y>")
    assert "<" not in out.replace("\\<", "") and ">" not in out.replace("\\>", "")


def test_slack_markup_is_inert_without_visible_backslashes():
    # Slack mrkdwn has no escapes: "\\*" would show as typed, so look-alikes carry no markup.
    out = escape.slack("*BREAKING* _big_ ~no~ `x` \\<!here> [a](http://e)")
    for ch in "*_~`":
        assert ch not in out
    assert "\\*" not in out and "\\_" not in out
    assert out.startswith("∗BREAKING∗ ＿big＿ ∼no∼ ˋxˋ ⧵")
    assert "\\<!here\\>" in out.replace("\u200d", "")  # apprise turns \\< into &lt;


def test_teams_markup_links_and_mentions_are_inert_without_backslashes():
    # Teams mobile shows Adaptive Card backslash escapes as typed: look-alikes instead.
    out = escape.teams("*B* _i_ `c` \\ [a](http://e) <at>Everyone</at> @here")
    assert not set(out) & set("*_`\\[]<>")
    assert out == "∗B∗ ＿i＿ ˋcˋ ⧵ ［a］(http://e) ‹at›Everyone‹/at› @\u200dhere"


def test_markdown_link_syntax_is_escaped():
    assert escape.markdown("[a](http://e)") == "\\[a\\]\\(http://e\\)"
    assert escape.markdown("**b** _i_ ~s~ `c`") == "\\*\\*b\\*\\* \\_i\\_ \\~s\\~ \\`c\\`"


def test_html_and_controls():
    assert escape.html_text('<b a="1">\u202e&') == "&lt;b a=&quot;1&quot;&gt;&amp;"


@pytest.mark.parametrize("esc", [escape.markdown, escape.slack, escape.html_text, escape.discord])
@pytest.mark.parametrize("budget", [10, 11, 12, 13, 57, 100])
def test_fit_never_splits_an_escape(esc, budget):
    text = "<&>[]*_" * 40
    out = escape.fit(text, esc, budget)
    assert len(out) <= budget and out.endswith("…")
    body = out[:-1]
    assert not body.endswith("\\")  # no dangling backslash
    if esc is escape.html_text:
        assert not re.search(r"&[a-z#0-9]*$", body)  # no half entity
    assert esc(text).startswith(body)


def test_fit_keeps_emoji_sequences_whole():
    family = "👨\u200d👩\u200d👧"
    out = escape.fit("a" * 8 + family * 3, escape.plain, 12)
    assert "\u200d…" not in out and not out[:-1].endswith("\u200d")


def test_fit_prefers_a_word_boundary():
    out = escape.fit("alpha beta gamma delta epsilon", escape.plain, 20)
    assert out == "alpha beta gamma…"


def test_slack_cost_counts_what_apprise_sends():
    assert escape.slack_cost(escape.slack("<&>")) == len("&lt;&amp;&gt;")


@pytest.mark.parametrize("channel", ["email", "slack", "discord", "telegram", "teams"])
def test_only_http_links_and_no_link_breakout(channel):
    from monitor.notify import render
    from tests.notify.alerts import make_alert

    r = render(make_alert(1, url="javascript:alert(1)", author="[x](http://evil)"), channel)
    assert 'href="javascript' not in r.body and "(<javascript" not in r.body
    assert "](javascript" not in r.body
    r = render(make_alert(1, url='https://e.org/a b)>"<x'), channel)
    assert "https://e.org/a%20b%29%3E%22%3Cx" in r.body
    r = render(make_alert(1, url="https://e.org/a](https://evil.example)[b"), channel)
    assert "https://e.org/a%5D%28https://evil.example%29%5Bb" in r.body


def test_link_brackets_encoded_except_around_an_ipv6_host():
    from monitor.notify.render import safe_url

    assert safe_url("http://[::1]:8080/a[b]?q=[1]") == "http://[::1]:8080/a%5Bb%5D?q=%5B1%5D"


def test_markdown_link_label_has_no_bracket():
    # Telegram's legacy Markdown would end the label at the first "]", escaped or not.
    label = escape.link_label(escape.markdown("a](https://evil.example) [b \\]"))
    assert "[" not in label and "]" not in label
    assert label == "a］\\(https://evil.example\\) ［b \\\\］"
