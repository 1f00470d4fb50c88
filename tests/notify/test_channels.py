"""Each channel through apprise's own plugin to a real local server, with hostile post text."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

from monitor.config import NotifierConfig
from monitor.models import utcnow
from monitor.notify import Outbox, render
from monitor.notify.deliver import Notifier
from tests.notify.alerts import make_alert, sources
from tests.notify.servers import WebhookReceiver

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


async def test_email_subject_encoded_words_stay_text(store, smtp_server):
    # A mail client decodes =?..?= in a raw header: an RTL override and CR/LF would come back.
    claim = "invoice =?UTF-8?B?4oCu?=fdp.exe =?UTF-8?Q?=0D=0ABcc:_victim@example.com?="
    outbox = Outbox(store, [NotifierConfig(name="mail", url=smtp_server.apprise_url())])
    outbox.submit(make_alert(1, claim=claim))
    assert await outbox.drain(10)
    [msg] = smtp_server.messages.snapshot()
    subject = str(msg["Subject"])
    assert "\u202e" not in subject and "\r" not in subject and "\n" not in subject
    assert subject.replace("\u200d", "") == "[claimwatch] iran-militias: " + claim  # as typed
    assert msg["Bcc"] is None
    await outbox.aclose()


# Claims whose 200-character subject encodes to a line over SMTP's 998 bytes.
LONG_SUBJECTS = {
    "cyrillic": "zork Министерство обороны России сообщило, что силы противовоздушной обороны за "
    "ночь перехватили и уничтожили беспилотники над территорией нескольких областей страны, "
    "пострадавших нет, информация уточняется",
    "cjk": "東京都内で大規模な停電が発生し、交通機関に影響が出ています。" * 8,
    "emoji": "🔥💥🛑 " * 60,
}


@pytest.mark.parametrize("script", LONG_SUBJECTS)
async def test_email_long_non_ascii_subject_passes_a_strict_server(store, smtp_server, script):
    # aiosmtpd refuses a line over 998 bytes, as RFC 5321 says a server may.
    cfg = NotifierConfig(name="mail", url=smtp_server.apprise_url())
    outbox = Outbox(store, [cfg])
    outbox.submit(make_alert(1, claim=LONG_SUBJECTS[script], topic="zork"))
    outbox.submit(make_alert(2))  # queued behind it: must not wait forever
    assert await outbox.drain(10)
    first, second = smtp_server.messages.snapshot()
    subject = str(first["Subject"])
    assert subject.startswith("[claimwatch] zork: " + LONG_SUBJECTS[script][:3])
    assert subject.endswith("…") and "\n" not in subject
    assert len(subject) >= 60  # cut to fit, not to nothing
    assert second["Subject"].startswith("[claimwatch] iran-militias: Iran-backed militias")
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


PINGS = "[click](https://evil.example/md) <@123456> <@!55> <@&987> @everyone @here @all @channel"


def assert_no_pings_or_links(text: str) -> None:
    for mention in ("<@123456>", "<@!55>", "<@&987>", "@everyone", "@here", "@all", "@channel"):
        assert mention not in text
    assert "](https://evil" not in text and "](<https://evil" not in text  # no masked link
    assert "\\[click\\]\\(https://evil.example/md\\)" in text  # shown as typed


async def send_pings(store, receiver: WebhookReceiver, url: str, fmt: str, key: str) -> str:
    """PINGS as one alert through a notifier with this URL and format: the `key` field posted."""
    outbox = Outbox(store, [NotifierConfig(name="n", url=url, format=fmt)])
    outbox.submit(make_alert(1, claim=PINGS))
    assert await outbox.drain(10)
    await outbox.aclose()
    [request] = receiver.ok.snapshot()
    return str(request.json[key])


@pytest.mark.parametrize("fmt", ["text", "html", "json"])
async def test_discord_any_format_is_markdown_and_inert(store, discord_receiver, fmt):
    # Discord renders Markdown and mentions in any content; apprise decodes HTML entities.
    url = "discord://1234567/TOKENSECRET"
    content = await send_pings(store, discord_receiver, url, fmt, "content")
    assert_no_pings_or_links(content)
    assert "[@osint1 · x:osint](<https://x.com/osint1/status/1001>)" in content


@pytest.mark.parametrize("fmt", ["auto", "text", "html"])
async def test_mattermost_gets_inert_markdown(store, webhook_receiver, fmt):
    url = f"mmost://127.0.0.1:{webhook_receiver.port}/MMTOKENSECRET"
    text = await send_pings(store, webhook_receiver, url, fmt, "text")
    assert_no_pings_or_links(text)
    assert text.startswith("**JUST IN · iran-militias**\n**JUST IN** ")
    assert "[@osint1 · x:osint](https://x.com/osint1/status/1001)" in text


@pytest.mark.parametrize("fmt", ["auto", "text", "html"])
async def test_rocketchat_mass_mentions_are_broken(store, webhook_receiver, fmt):
    url = f"rocket://hook%2FRCSECRET@127.0.0.1:{webhook_receiver.port}/%23general"
    text = await send_pings(store, webhook_receiver, url, fmt, "text")
    for word in ("everyone", "here", "all", "channel"):
        assert f"@{word}" not in text and f"@\u200d{word}" in text
    assert "](https://evil" not in text and "](<https://evil" not in text
    assert "https://x.com/osint1/status/1001" in text.replace("\\", "")


def telegram_v1_links(text: str) -> list[tuple[str, str]]:
    """(label, target) of each link Telegram's legacy Markdown reads (tdlib's parse_markdown):
    a backslash escapes only _*`[, and a label ends at the first "]", even an escaped one."""
    links: list[tuple[str, str]] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\" and text[i + 1 : i + 2] in ("_", "*", "`", "["):
            i += 2
            continue
        if c not in "_*`[":
            i += 1
            continue
        close = text.find("]" if c == "[" else c, i + 1)
        assert close != -1, f"Telegram refuses an entity that never ends (at {i})"
        if c == "[" and text.startswith("(", close + 1):
            stop = text.index(")", close + 2)
            links.append((text[i + 1 : close], text[close + 2 : stop]))
            close = stop
        i = close + 1
    return links


EVIL_AUTHOR = "Reuters](https://evil.example/phish) (verified"
EVIL_CITE = "https://good.example/a](https://evil.example/b)"


@pytest.mark.parametrize("rate", [None, "1/1h"])  # a message each, or one digest of both
async def test_telegram_links_cannot_be_retargeted(store, telegram_receiver, rate):
    cfg = NotifierConfig(name="tg", url="tgram://123456789:BOTTOKENSECRET/-100123", rate=rate)
    outbox = Outbox(store, [cfg])
    outbox.submit(make_alert(1, author=EVIL_AUTHOR, cited_url=EVIL_CITE))
    carried = sources(2)
    carried[1] = replace(carried[1], author=EVIL_AUTHOR, url="https://example.org/1](x)[y")
    outbox.submit(make_alert(1, kind="followup", source_count=2, sources=carried))
    assert await outbox.drain(10)
    links = [link for b in telegram_receiver.bodies for link in telegram_v1_links(b["text"])]
    assert len(telegram_receiver.bodies) == (1 if rate else 2)
    # Every target is one of ours, whatever the labels held.
    assert {target.split("/")[2] for _, target in links} == {"x.com"} | (
        set() if rate else {"good.example", "example.org"}
    )
    assert any(
        label.startswith("Reuters］(https://evil.example/phish) (verified") for label, _ in links
    )
    if not rate:
        assert (
            "https://good.example/a］(https://evil.example/b)",
            "https://good.example/a%5D%28https://evil.example/b%29",
        ) in links
        assert ("@acct0 · feed0", "https://example.org/0") in links
        assert "https://example.org/1%5D%28x%29%5By" in {target for _, target in links}
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


# Teams-only syntax first (<at> is how a card mentions someone), then a tail far over the cap.
TEAMS_HOSTILE = "<at>Everyone</at> <at>ceo@corp.example</at> " + HOSTILE + " tail" * 400


def teams_cfg(receiver: WebhookReceiver, scheme: str = "workflows") -> NotifierConfig:
    """The plugin posts to https://HOST:PORT/workflows/WF/triggers/manual/paths/invoke?sig=SIG;
    verify=no accepts the receiver's self-signed certificate."""
    url = f"{scheme}://127.0.0.1:{receiver.port}/wf0123/SIG-secret_9/?verify=no"
    return NotifierConfig(name="teams", url=url)


# verify=no is the point here: urllib3's warning about it is expected, not news.
tls_unverified = pytest.mark.filterwarnings("ignore:Unverified HTTPS request")


def card_text(payload: dict, block_id: str) -> str:
    """Text of one TextBlock ("title" or "body") of the Adaptive Card apprise sends."""
    card = payload["attachments"][0]["content"]
    return next(b["text"] for b in card["body"] if b.get("id") == block_id)


@tls_unverified
@pytest.mark.parametrize("scheme", ["workflows", "workflow"])
async def test_teams_adaptive_card_inert_and_within_limit(store, teams_receiver, scheme):
    outbox = Outbox(store, [teams_cfg(teams_receiver, scheme)])
    outbox.submit(make_alert(1, claim=TEAMS_HOSTILE, source_count=3))
    assert await outbox.drain(10)
    [request] = teams_receiver.ok.snapshot()
    assert request.path == "/workflows/wf0123/triggers/manual/paths/invoke"
    assert request.query == {
        "api-version": "2016-06-01",
        "sp": "/triggers/manual/run",
        "sv": "1.0",
        "sig": "SIG-secret_9",
    }
    payload = request.json
    assert payload["type"] == "message"
    [attachment] = payload["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard"
    # apprise adds mention entities for every <at>..</at> in the body: none may survive.
    assert card["msteams"] == {"width": "full"}
    assert card_text(payload, "title") == "JUST IN · iran-militias"
    text = card_text(payload, "body")
    assert text.startswith("**JUST IN** ‹at›Everyone‹/at› ")  # the claim, as text
    # Teams mobile shows backslash escapes as typed: markup chars arrive as look-alikes instead
    assert "\\" not in text and "∗∗bold∗∗" in text
    assert len(text) <= 1000 and "…" in text  # cut by us, not by apprise
    assert "<at>" not in text and "@here" not in text and "@\u200dhere" in text
    assert "<!channel>" not in text and "<script>" not in text
    # no link syntax survives: neither [label](url) nor <url|label>
    assert "[click me" not in text and "](http://evil.example)" not in text
    assert "<http" not in text and "‹http://evil.example|your bank›" in text
    assert "[@osint1 · x:osint](https://x.com/osint1/status/1001)" in text  # the original
    assert "3 sources so far" in text and "2026-11-24 01:23 UTC" in text
    rows = store.db.execute("SELECT status, attempts FROM outbox").fetchall()
    assert [tuple(r) for r in rows] == [("sent", 1)]
    await outbox.aclose()


@tls_unverified
async def test_teams_500_leaves_the_row_pending_for_retry(store, teams_receiver):
    teams_receiver.fail_forever()
    outbox = Outbox(store, [teams_cfg(teams_receiver)])
    [row_id] = outbox.submit(make_alert(1))
    # The retry is 5 s away, beyond drain's deadline: drain returns after the one failure.
    assert not await outbox.drain(3)
    [failed] = teams_receiver.requests.snapshot()
    assert failed.status == 500 and teams_receiver.ok.snapshot() == []
    row = outbox.rows.by_ids([row_id])[row_id]
    assert (row["status"], row["attempts"]) == ("pending", 1)
    assert row["next_attempt"] > utcnow().timestamp()
    assert "500" in row["last_error"] and "SIG-secret_9" not in row["last_error"]
    # Once Teams answers again the same row goes out (requeue: the operator's "retry now").
    teams_receiver.recover()
    outbox.rows.requeue([row_id], utcnow())
    assert await outbox.drain(10)
    [delivered] = teams_receiver.ok.snapshot()
    assert delivered.body == failed.body
    assert outbox.rows.by_ids([row_id])[row_id]["status"] == "sent"
    await outbox.aclose()


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


@pytest.mark.parametrize("fmt", [None, "text", "markdown", "html"])
@pytest.mark.parametrize("scheme", ["matrix", "zulip", "gchat"])
def test_any_other_service_gets_its_mass_mentions_broken(scheme, fmt):
    # Matrix pings a room on @room, Zulip on @**all**; neither has a channel of its own here
    claim = "JUST IN: @room @everyone @**all** @**stream** <!here> militias attack US base"
    message = render(make_alert(1, claim=claim), scheme, fmt=fmt)
    body = message.body.replace("\\", "")  # Markdown escapes are no defence against a mention
    for word in ("room", "everyone", "**all", "**stream"):
        assert f"@{word}" not in body
    assert "<!here>" not in message.body
