"""Each channel through apprise's own plugin to a real local server, with hostile post text."""

from __future__ import annotations

import json
import re

import pytest

from monitor.config import NotifierConfig
from monitor.notify import Outbox, render
from monitor.notify.deliver import Notifier
from tests.notify.alerts import make_alert, sources

HOSTILE = (
    "<!channel> <!here|here> <!everyone> @here @channel @everyone <@U123> <#C1> "
    "<http://evil.example|your bank> [click me](http://evil.example) **bold** _it_ ~s~ `code` "
    "<script>alert(1)</script> <b>bold</b> &amp; & \\ \r\nSubject: injected\r\nBcc: x@evil.example"
)
BIG = "JUST IN " + ("lorem ipsum <dolor> & sit amet " * 1700)  # about 50 KB


def slack_cfg(**kw: object) -> NotifierConfig:
    return NotifierConfig(name="slack", url="slack://T000/B000/XXXXSECRET", **kw)


def slack_text(payload: dict) -> tuple[str, str]:
    """(header, section text) of apprise's Block Kit payload."""
    blocks = payload["attachments"][0]["blocks"]
    header = next(b["text"]["text"] for b in blocks if b["type"] == "header")
    section = next(b["text"] for b in blocks if b["type"] == "section")
    assert section["type"] == "mrkdwn"
    return header, section["text"]


def assert_slack_inert(text: str) -> None:
    # Slack treats only a literal "<" as the start of a control sequence.
    assert "<!" not in text and "<@" not in text and "<#" not in text
    assert "<http://evil" not in text
    for word in ("here", "channel", "everyone"):
        assert f"@{word}" not in text  # broken by a zero-width joiner
    # Every remaining "<...>" is one of our own links.
    for m in re.finditer(r"<([^>]*)>", text):
        assert m.group(1).startswith(("https://x.com/", "https://example.org/")), m.group(0)


async def test_slack_block_kit_with_inert_text(store, slack_receiver):
    outbox = Outbox(store, [slack_cfg()])
    outbox.submit(make_alert(1, claim=HOSTILE, source_count=3))
    assert await outbox.drain(10)
    [request] = slack_receiver.ok.snapshot()
    assert request.path == "/services/T000/B000/XXXXSECRET"
    header, text = slack_text(request.json)
    assert header.startswith("JUST IN · iran-militias")
    assert_slack_inert(text)
    assert "&lt;script&gt;" in text  # shown as text
    # Slack shows a backslash escape as typed; the markup characters arrive as look-alikes.
    assert "∗∗bold∗∗ ＿it＿ ∼s∼ ˋcodeˋ" in text and "\\*" not in text and "**" not in text
    assert "<https://x.com/osint1/status/1001|@osint1 · x:osint>" in text  # the original
    assert "2026-11-24 01:23 UTC" in text and "3 sources so far" in text
    assert "iran-militias" in text and "militia" in text  # topic and query
    await outbox.aclose()


async def test_slack_long_text_fits_a_section(store, slack_receiver):
    outbox = Outbox(store, [slack_cfg()])
    outbox.submit(make_alert(1, claim=BIG))
    assert await outbox.drain(10)
    _, text = slack_text(slack_receiver.bodies[0])
    assert len(text) <= 3000
    assert "…" in text
    assert not re.search(r"&[a-z]*…", text)  # no entity cut in half
    assert "https://x.com/osint1/status/1001" in text  # the link survives the cut
    await outbox.aclose()


async def test_slack_followup_lists_sources(store, slack_receiver):
    outbox = Outbox(store, [slack_cfg()])
    outbox.submit(make_alert(1))
    outbox.submit(make_alert(1, kind="followup", source_count=3, sources=sources(3)))
    assert await outbox.drain(10)
    assert len(slack_receiver.bodies) == 2
    header, text = slack_text(slack_receiver.bodies[1])
    assert "Follow-up" in header and "3 sources so far" in header
    for i in range(3):
        assert f"<https://example.org/{i}|@acct{i} · feed{i}>" in text
    await outbox.aclose()


async def test_email_subject_and_bodies(store, smtp_server):
    cfg = NotifierConfig(name="mail", url=smtp_server.apprise_url())
    outbox = Outbox(store, [cfg])
    outbox.submit(make_alert(1, claim=HOSTILE, source_count=2))
    assert await outbox.drain(10)
    [msg] = smtp_server.messages.snapshot()
    subject = msg["Subject"]
    assert subject.startswith("[claimwatch] iran-militias: <!channel>")
    assert "\n" not in subject and "\r" not in subject and len(subject) <= 200
    assert msg["Bcc"] is None  # the injected header stayed text
    html = msg.get_body(("html",)).get_content()
    plain = msg.get_body(("plain",)).get_content()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<a href="https://x.com/osint1/status/1001">https://x.com/osint1/status/1001</a>' in html
    assert "https://x.com/osint1/status/1001" in plain
    assert "2026-11-24 01:23 UTC" in plain and "2 sources so far" in plain
    await outbox.aclose()


async def test_email_long_subject_is_cut(store, smtp_server):
    cfg = NotifierConfig(name="mail", url=smtp_server.apprise_url())
    outbox = Outbox(store, [cfg])
    outbox.submit(make_alert(1, claim=BIG))
    assert await outbox.drain(10)
    [msg] = smtp_server.messages.snapshot()
    assert len(msg["Subject"]) <= 200 and msg["Subject"].endswith("…")
    html = msg.get_body(("html",)).get_content()
    assert len(html) < 25_000 and "…" in html
    await outbox.aclose()


async def test_discord_inert_and_within_limit(store, discord_receiver):
    cfg = NotifierConfig(name="discord", url="discord://1234567/TOKENSECRET")
    outbox = Outbox(store, [cfg])
    outbox.submit(make_alert(1, claim=HOSTILE))
    outbox.submit(make_alert(2, claim=BIG))
    assert await outbox.drain(10)
    bodies = discord_receiver.bodies
    assert len(bodies) == 2
    for body in bodies:
        content = json.dumps(body, ensure_ascii=False)
        assert "@everyone" not in content and "@here" not in content
        assert "<@U123>" not in content
    text = bodies[1].get("content") or bodies[1]["embeds"][0]["description"]
    assert len(text) <= 2000
    await outbox.aclose()


async def test_telegram_within_limit(store, telegram_receiver):
    cfg = NotifierConfig(name="tg", url="tgram://123456789:BOTTOKENSECRET/-100123")
    outbox = Outbox(store, [cfg])
    outbox.submit(make_alert(1, claim=BIG))
    outbox.submit(make_alert(2, claim=HOSTILE))
    assert await outbox.drain(10)
    long, hostile = telegram_receiver.bodies
    assert len(long["text"]) <= 4096 and "…" in long["text"]
    assert re.search(r"(?<!\\)\[click me", hostile["text"]) is None  # no live link syntax
    assert "[@osint2 · x:osint](https://x.com/osint2/status/1002)" in hostile["text"]
    await outbox.aclose()


async def test_ntfy_click_link_and_byte_limit(store, webhook_receiver):
    cfg = NotifierConfig(name="ntfy", url=f"ntfy://127.0.0.1:{webhook_receiver.port}/alerts")
    outbox = Outbox(store, [cfg])
    outbox.submit(make_alert(1, claim="Ä" * 5000))
    assert await outbox.drain(10)
    [request] = webhook_receiver.ok.snapshot()
    headers = {k.lower(): v for k, v in request.headers.items()}
    body = request.json if request.body.startswith(b"{") else None
    click = headers.get("x-click") or (body or {}).get("click")
    assert click == "https://x.com/osint1/status/1001"
    message = (body or {}).get("message", request.body.decode())
    assert len(message.encode()) <= 4096
    await outbox.aclose()


@pytest.mark.parametrize(
    "channel", ["slack", "email", "telegram", "discord", "ntfy", "teams", "json", "text"]
)
def test_every_channel_carries_the_same_facts(channel):
    alert = make_alert(1, source_count=3)
    r = render(alert, channel)
    text = r.title + "\n" + r.body
    if channel == "json":
        payload = json.loads(r.body)
        assert payload["topic"] == "iran-militias" and payload["marker"] == "JUST IN"
        assert payload["query"].startswith("Iran AND")
        return
    assert "iran-militias" in text and "JUST IN" in text
    assert "Iran-backed militias attack US base" in text
    assert "https://x.com/osint1/status/1001" in text
    assert "@osint1" in text and "2026-11-24 01:23 UTC" in text
    assert "3 sources so far" in text
    assert "Iran AND" in text


def test_html_and_markdown_user_template_is_sandboxed(tmp_path):
    tpl = tmp_path / "mine.md.j2"
    tpl.write_text("{{ claim }} | {{ marker }} | {{ ''.__class__.__mro__ }}")
    cfg = NotifierConfig(name="x", url="discord://1/2", template=tpl)
    from jinja2.exceptions import SecurityError

    with pytest.raises(SecurityError):
        Notifier(cfg).render(make_alert(1))
    tpl.write_text("**{{ topic }}** {{ claim }} {{ link(url, author) }}")
    out = Notifier(cfg).render(make_alert(1, claim="[x](http://evil) @everyone"))
    assert out.body.startswith("**iran-militias** \\[x\\]\\(http://evil\\) @\u200deveryone")
    assert "[@osint1](<https://x.com/osint1/status/1001>)" in out.body


async def test_slack_digest_of_a_burst(store, slack_receiver):
    outbox = Outbox(store, [slack_cfg(rate="5/1m")])
    for i in range(1, 31):
        outbox.submit(make_alert(i, claim=f"Claim number {i} " + "x" * 200))
    assert await outbox.drain(15)
    bodies = slack_receiver.bodies
    assert 1 <= len(bodies) <= 5
    texts = [slack_text(b)[1] for b in bodies]
    assert all(len(t) <= 3000 for t in texts)
    joined = "\n".join(texts)
    for i in range(1, 31):
        assert joined.count(f"https://x.com/osint{i}/status/{1000 + i}|") == 1
    assert "new stories on iran-militias" in slack_text(bodies[-1])[0]
    await outbox.aclose()


@pytest.mark.parametrize("channel", ["mailto", "tgram", "workflows", "jsons", "slack://a/b/c"])
def test_channel_by_scheme_or_url(channel):
    r = render(make_alert(1), channel)
    assert (
        r.channel
        == {
            "mailto": "email",
            "tgram": "telegram",
            "workflows": "teams",
            "jsons": "json",
            "slack://a/b/c": "slack",
        }[channel]
    )


def test_teams_fits_its_1000_characters():
    r = render(make_alert(1, claim=BIG), "teams")
    assert len(r.body) <= 1000 and "https://x.com/osint1/status/1001" in r.body


async def test_json_payload_with_hostile_and_huge_text(store, webhook_receiver):
    cfg = NotifierConfig(name="hook", url=f"json://127.0.0.1:{webhook_receiver.port}/in")
    outbox = Outbox(store, [cfg])
    outbox.submit(make_alert(1, claim=HOSTILE, sources=sources(2), cited_url="https://e.org/a"))
    outbox.submit(make_alert(2, claim=BIG))
    assert await outbox.drain(10)
    first, second = (json.loads(b["message"]) for b in webhook_receiver.bodies)
    assert first["claim"] == HOSTILE.replace("\r", "")  # data, not markup: unescaped
    assert set(first) >= {
        "schema",
        "kind",
        "story_id",
        "topic",
        "marker",
        "claim",
        "original",
        "source_count",
        "sources",
        "cited_url",
        "note",
        "query",
    }
    assert first["sources"][1] == {
        "source": "feed1",
        "author": "@acct1",
        "url": "https://example.org/1",
        "published": "2026-11-24T01:24:45Z",
    }
    assert len(second["claim"]) <= 10_000 and second["claim"].endswith("…")
    await outbox.aclose()


async def test_email_digest(store, smtp_server):
    cfg = NotifierConfig(name="mail", url=smtp_server.apprise_url(), rate="2/1h")
    outbox = Outbox(store, [cfg])
    for i in range(1, 8):
        outbox.submit(make_alert(i))
    assert await outbox.drain(10)
    [digest] = smtp_server.messages.snapshot()
    assert digest["Subject"] == "[claimwatch] 7 new stories on iran-militias in 1 min"
    plain = digest.get_body(("plain",)).get_content()
    for i in range(1, 8):
        assert f"https://x.com/osint{i}/status/{1000 + i}" in plain
    await outbox.aclose()
