"""The outbox worker against real local servers: delivery, retries, order, restarts, digests."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from monitor.cli import main
from monitor.config import NotifierConfig
from monitor.notify import Outbox
from monitor.notify.worker import POISON_AFTER
from monitor.store import Store
from tests.configs import write_config
from tests.notify.alerts import make_alert
from tests.notify.servers import Request, WebhookReceiver


def hook(receiver: WebhookReceiver, name: str = "hook", **kw: object) -> NotifierConfig:
    return NotifierConfig(name=name, url=f"json://127.0.0.1:{receiver.port}/{name}", **kw)


def claims(receiver: WebhookReceiver) -> list[dict]:
    return [json.loads(b["message"]) for b in receiver.bodies]


def stories_in(messages: list[dict]) -> list[int]:
    """Story ids in delivery order, whether sent alone or inside a digest."""
    seen: list[int] = []
    for m in messages:
        if m["schema"] == "claimwatch.digest/1":
            seen += [a["story_id"] for a in m["alerts"]]
        else:
            seen.append(m["story_id"])
    return seen


def fast(store: Store, notifiers: list[NotifierConfig], **kw: object) -> Outbox:
    """Retries after 50 ms instead of 5 s, so tests see several attempts quickly."""
    return Outbox(store, notifiers, backoff_start=0.05, backoff_cap=0.2, **kw)  # type: ignore[arg-type]


async def test_delivers_json_payload_and_empties_outbox(store, webhook_receiver):
    outbox = fast(store, [hook(webhook_receiver)])
    ids = outbox.submit(make_alert(1, source_count=2))
    assert len(ids) == 1
    assert await outbox.drain(10)
    [body] = webhook_receiver.bodies
    payload = json.loads(body["message"])
    assert payload["schema"] == "claimwatch.alert/1"
    assert payload["story_id"] == 1 and payload["kind"] == "new"
    assert payload["original"]["url"] == "https://x.com/osint1/status/1001"
    assert payload["original"]["published"] == "2026-11-24T01:23:45Z"
    assert payload["source_count"] == 2
    assert outbox.rows.depth() == 0
    await outbox.aclose()


async def test_retries_after_500_then_recovers_in_order(store, webhook_receiver):
    webhook_receiver.fail(3)  # the first three requests get HTTP 500
    outbox = fast(store, [hook(webhook_receiver)])
    for i in range(1, 6):
        outbox.submit(make_alert(i))
    assert await outbox.drain(15)
    assert [p["story_id"] for p in claims(webhook_receiver)] == [1, 2, 3, 4, 5]
    # Retrying the head never let a later row overtake it.
    attempted = [
        json.loads(r.json["message"])["story_id"] for r in webhook_receiver.requests.snapshot()
    ]
    assert attempted[:4] == [1, 1, 1, 1]
    assert outbox.rows.depth() == 0
    rows = store.db.execute("SELECT attempts, status FROM outbox ORDER BY id").fetchall()
    assert [(r["attempts"], r["status"]) for r in rows] == [(4, "sent")] + [(1, "sent")] * 4
    await outbox.aclose()


async def test_run_keeps_retrying_a_failing_head(store, webhook_receiver):
    webhook_receiver.fail_forever()
    outbox = fast(store, [hook(webhook_receiver)])
    outbox.submit(make_alert(1))
    outbox.submit(make_alert(2))
    stop = asyncio.Event()
    task = asyncio.create_task(outbox.run(stop))
    # the head's attempts, and from the fifth on a try of row 2 after each: all refused, so the
    # service is down for every message and the head keeps its place
    await webhook_receiver.requests.await_count(POISON_AFTER + 3)
    rows = store.db.execute("SELECT attempts, status FROM outbox ORDER BY id").fetchall()
    assert rows[0]["status"] == "pending" and rows[0]["attempts"] >= POISON_AFTER
    assert (rows[1]["attempts"], rows[1]["status"]) == (0, "pending")
    webhook_receiver.recover()
    await webhook_receiver.await_count(2)
    stop.set()
    await task
    assert [p["story_id"] for p in claims(webhook_receiver)] == [1, 2]
    assert outbox.rows.depth() == 0
    await outbox.aclose()


async def test_a_refused_head_is_set_aside_and_the_rows_behind_it_go(store, caplog):
    with WebhookReceiver() as receiver, WebhookReceiver() as ops:
        receiver.refuse("REFUSED")  # the service takes every message but this one
        outbox = fast(store, [hook(receiver, "desk"), hook(ops, "ops", ops=True)])
        outbox.submit(make_alert(1, claim="REFUSED: militias attack US base"))
        outbox.submit(make_alert(2))
        outbox.submit(make_alert(3))
        stop = asyncio.Event()
        task = asyncio.create_task(outbox.run(stop))
        await receiver.await_count(2)
        await ops.await_count(2)  # "is failing" after 3 attempts, then "refused one alert"
        stop.set()
        await task
        assert [p["story_id"] for p in claims(receiver)] == [2, 3]
        rows = store.db.execute(
            "SELECT attempts, status FROM outbox WHERE notifier='desk' ORDER BY id"
        ).fetchall()
        assert [(r["attempts"], r["status"]) for r in rows] == [
            (POISON_AFTER, "failed"),
            (1, "sent"),
            (1, "sent"),
        ]
        assert "refused one alert" in json.dumps(claims(ops))
        assert "outbox row 1 failed 5 times while the next alert went through" in caplog.text
        # kept, not lost: once the service takes it, `outbox retry` delivers it
        receiver.recover()
        outbox.rows.requeue([1], datetime.now(UTC))
        assert await outbox.drain(10)
        assert [p["story_id"] for p in claims(receiver)] == [2, 3, 1]
        await outbox.aclose()


def outbox_cli(config: Path, *args: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(["outbox", *args, "--config", str(config)], out=out)
    return code, out.getvalue()


def sent_alone(requests: list[Request]) -> list[tuple[int, int]]:
    """(story, HTTP status) of each request that carried one alert, not a digest."""
    messages = [(json.loads(r.json["message"]), r.status) for r in requests]
    return [(m["story_id"], status) for m, status in messages if "story_id" in m]


async def test_a_refused_digest_is_sent_alone_and_only_the_refused_alert_set_aside(
    store: Store, tmp_path: Path, caplog
):
    now = datetime.now(UTC)
    quiet = _window(now - timedelta(hours=3), now - timedelta(hours=1))
    with WebhookReceiver() as receiver, WebhookReceiver() as ops:
        receiver.refuse("REFUSED")  # the service takes every message without this marker
        desk = hook(receiver, "desk", quiet_hours=quiet)
        outbox = fast(store, [desk, hook(ops, "ops", ops=True, topics=[])])
        # held by quiet hours that have ended: the three go out as one digest, always refused
        # because of the middle one
        first, middle, last = (
            outbox.submit(alert, now - timedelta(hours=2))[0]
            for alert in (make_alert(1), make_alert(2, claim="REFUSED: a claim"), make_alert(3))
        )
        stop = asyncio.Event()
        task = asyncio.create_task(outbox.run(stop))
        await receiver.requests.await_count(POISON_AFTER)
        outbox.submit(make_alert(4))  # a new alert, after the digest kept failing
        delivered = await receiver.await_count(3)
        # "is failing" after 3 attempts, "refused" the middle one, "recovered" with alert 4
        reports = [json.loads(b["message"])["claim"] for b in await ops.await_count(3)]
        stop.set()
        await task
        # the digest five times, then its alerts one at a time, in order, then the new alert
        assert sent_alone(receiver.requests.snapshot()) == [(1, 200), (2, 400), (3, 200), (4, 200)]
        assert len(receiver.requests.snapshot()) == POISON_AFTER + 4
        assert stories_in([json.loads(b["message"]) for b in delivered]) == [1, 3, 4]
        rows = store.db.execute(
            "SELECT id, status FROM outbox WHERE notifier='desk' ORDER BY id"
        ).fetchall()
        assert [r["status"] for r in rows] == ["sent", "failed", "sent", "sent"]
        assert (
            f"outbox row {middle}, refused alone after a digest of 3 "
            f"(rows {first}, {middle}, {last}) failed {POISON_AFTER} times, "
            f"while rows {first}, {last} went through; marked failed" in caplog.text
        )
        assert reports[1:] == [
            "delivery to notifier desk refused one alert of a digest of 3",
            "delivery to notifier desk recovered",
        ]

        # kept, not lost: `outbox` lists it; `outbox retry` sends it, refused again while the
        # service still refuses it, and delivered once the service takes it
        config = write_config(
            tmp_path, f'[[notifiers]]\nname = "desk"\nurl = "{desk.url}"\nquiet_hours = "{quiet}"\n'
        )
        code, out = outbox_cli(config, "--json")
        listed = [json.loads(line) for line in out.splitlines()]
        assert code == 0
        assert [(r["id"], r["story_id"], r["status"]) for r in listed] == [(middle, 2, "failed")]
        assert outbox_cli(config, "retry", str(middle))[0] == 0
        stop = asyncio.Event()
        task = asyncio.create_task(outbox.run(stop))
        retried = await receiver.requests.await_count(POISON_AFTER + 5)
        stop.set()
        await task
        assert sent_alone(retried[-1:]) == [(2, 400)]
        assert outbox.rows.by_ids([middle])[middle]["status"] == "pending"
        receiver.recover()
        await outbox.drain(10)  # False: the ops notifier's "recovered" came after its turn
        assert outbox.rows.pending_count("desk") == 0
        assert stories_in(claims(receiver)) == [1, 3, 4, 2]
        await outbox.aclose()


async def test_a_digest_keeps_its_place_while_the_service_is_down(store: Store):
    now = datetime.now(UTC)
    quiet = _window(now - timedelta(hours=3), now - timedelta(hours=1))
    with WebhookReceiver() as receiver:
        receiver.fail_forever()
        outbox = fast(store, [hook(receiver, "desk", quiet_hours=quiet)])
        for i in (1, 2, 3):
            outbox.submit(make_alert(i), now - timedelta(hours=2))
        stop = asyncio.Event()
        task = asyncio.create_task(outbox.run(stop))
        await receiver.requests.await_count(POISON_AFTER)
        outbox.submit(make_alert(4))  # behind the digest: tried alone after the digest's alerts
        seen = await receiver.requests.await_count(POISON_AFTER + 1)
        while (4, 500) not in sent_alone(seen):
            seen = await receiver.requests.await_count(len(seen) + 1)
        stop.set()
        await task
        tried = sent_alone(seen)
        assert tried[:3] == [(1, 500), (2, 500), (3, 500)] and tried[-4:] == [
            (1, 500),
            (2, 500),
            (3, 500),
            (4, 500),
        ]
        # refused every message: the service is down, so nothing is set aside
        rows = store.db.execute("SELECT attempts, status FROM outbox ORDER BY id").fetchall()
        assert [r["status"] for r in rows] == ["pending"] * 4
        assert all(r["attempts"] >= POISON_AFTER for r in rows[:3]) and rows[3]["attempts"] == 0
        receiver.recover()
        assert await outbox.drain(10)
        assert stories_in(claims(receiver)) == [1, 2, 3, 4]
        await outbox.aclose()


async def test_restart_delivers_pending_rows(tmp_path: Path, webhook_receiver):
    db = tmp_path / "state.db"
    first = Store(db)
    outbox = fast(first, [hook(webhook_receiver)])
    outbox.submit(make_alert(1))
    outbox.submit(make_alert(2))
    await outbox.aclose()
    first.close()  # "crash" before any delivery
    assert webhook_receiver.bodies == []

    second = Store(db)
    outbox = fast(second, [hook(webhook_receiver)])
    assert await outbox.drain(10)
    assert [p["story_id"] for p in claims(webhook_receiver)] == [1, 2]
    await outbox.aclose()
    second.close()


async def test_a_hung_notifier_blocks_neither_others_nor_the_loop(store):
    with WebhookReceiver() as slow, WebhookReceiver() as quick:
        slow.hold()
        outbox = fast(store, [hook(slow, "slow"), hook(quick, "quick")])
        stop = asyncio.Event()
        task = asyncio.create_task(outbox.run(stop))
        outbox.submit(make_alert(1))
        await slow.await_arrived(1)  # the slow send is now in flight, stuck
        # The event loop is free while it waits: a short sleep returns on time.
        t0 = time.monotonic()
        await asyncio.sleep(0.01)
        assert time.monotonic() - t0 < 0.5
        outbox.submit(make_alert(2))
        got = await quick.await_count(2)
        assert [json.loads(b["message"])["story_id"] for b in got] == [1, 2]
        slow.release()
        await slow.await_count(2)
        stop.set()
        await task
        await outbox.aclose()


async def test_burst_beyond_rate_becomes_a_digest(store, webhook_receiver):
    outbox = fast(store, [hook(webhook_receiver, rate="5/1m")])
    for i in range(1, 31):
        outbox.submit(make_alert(i))
    assert await outbox.drain(15)
    messages = claims(webhook_receiver)
    assert 1 <= len(messages) <= 5
    assert any(m["schema"] == "claimwatch.digest/1" for m in messages)
    assert stories_in(messages) == list(range(1, 31))  # every story, once, in order
    assert outbox.rows.depth() == 0
    await outbox.aclose()


async def test_burst_during_run_stays_within_rate(store, webhook_receiver):
    # The burst lands while the worker is sending: the first message is in flight (held at the
    # receiver) when the other 29 are queued. Letting the worker race the submitting loop
    # instead made the test flaky under load: five singles could go before the burst was in,
    # and the rest then rightly waited out the minute.
    outbox = fast(store, [hook(webhook_receiver, rate="5/1m")])
    stop = asyncio.Event()
    task = asyncio.create_task(outbox.run(stop))
    webhook_receiver.hold()
    outbox.submit(make_alert(1))
    await webhook_receiver.await_arrived(1)
    for i in range(2, 31):
        outbox.submit(make_alert(i))
    webhook_receiver.release()
    # Wait (on the receiver, message by message) until every story arrived somewhere.
    while len(stories_in(claims(webhook_receiver))) < 30:
        await webhook_receiver.ok.await_count(len(webhook_receiver.bodies) + 1, timeout=15)
    stop.set()
    await task
    messages = claims(webhook_receiver)
    assert len(messages) <= 5
    assert stories_in(messages) == list(range(1, 31))
    assert outbox.rows.depth() == 0
    await outbox.aclose()


async def test_rate_limit_survives_a_restart(store, webhook_receiver):
    cfg = hook(webhook_receiver, rate="2/1h")
    before = fast(store, [cfg])
    for i in (1, 2):
        before.submit(make_alert(i))
        assert await before.drain(10)  # two separate messages: the hour's allowance
    await before.aclose()
    assert len(webhook_receiver.bodies) == 2

    after = fast(store, [cfg])  # a restarted daemon, same state file
    assert after.notifiers["hook"].bucket.wait_time() > 3500  # the window is still full
    after.submit(make_alert(3))
    assert not await after.drain(0.3)
    assert len(webhook_receiver.bodies) == 2 and after.rows.depth() == 1
    await after.aclose()


async def test_no_notifiers_prints_a_readable_block(store):
    out = io.StringIO()
    outbox = Outbox(store, [], stdout=out)
    assert outbox.submit(make_alert(1, source_count=3)) == []
    text = out.getvalue()
    assert "JUST IN" in text and "Iran-backed militias" in text
    assert "https://x.com/osint1/status/1001" in text
    assert "2026-11-24 01:23 UTC" in text and "3 sources so far" in text
    assert outbox.rows.depth() == 0
    await outbox.aclose()


def _window(start: datetime, end: datetime) -> str:
    return f"{start:%H:%M}-{end:%H:%M}"


async def test_quiet_hours_hold_then_send_one_digest(store, webhook_receiver):
    now = datetime.now(UTC)
    # Alerts queued two hours ago, during quiet hours that ended an hour ago.
    quiet = _window(now - timedelta(hours=3), now - timedelta(hours=1))
    outbox = fast(store, [hook(webhook_receiver, quiet_hours=quiet)])
    for i in range(1, 4):
        outbox.submit(make_alert(i), now=now - timedelta(hours=2))
    assert await outbox.drain(10)
    [digest] = claims(webhook_receiver)
    assert digest["schema"] == "claimwatch.digest/1"
    assert stories_in([digest]) == [1, 2, 3]
    assert digest["title"] == "3 new stories on iran-militias in 1 min"
    await outbox.aclose()


async def test_quiet_hours_now_keep_rows_queued(store, webhook_receiver):
    now = datetime.now(UTC)
    quiet = _window(now - timedelta(hours=1), now + timedelta(hours=1))
    outbox = fast(store, [hook(webhook_receiver, quiet_hours=quiet)])
    outbox.submit(make_alert(1))
    assert not await outbox.drain(5)  # returns at once: nothing may go now
    assert webhook_receiver.bodies == [] and outbox.rows.depth() == 1
    await outbox.aclose()


async def test_delivery_failure_is_reported_to_ops_once_and_recovery_too(store):
    with WebhookReceiver() as broken, WebhookReceiver() as pager:
        broken.fail_forever()
        outbox = fast(store, [hook(broken, "desk"), hook(pager, "pager", ops=True, topics=[])])
        outbox.submit(make_alert(1))
        stop = asyncio.Event()
        task = asyncio.create_task(outbox.run(stop))
        [report] = await pager.await_count(1)
        await broken.requests.await_count(5)  # still retrying after the report
        payload = json.loads(report["message"])
        assert payload["kind"] == "ops" and "desk" in payload["claim"]
        assert f"{broken.port}/desk" not in json.dumps(payload)  # no URL of the failing one
        broken.recover()
        got = await pager.await_count(2)
        assert "recovered" in json.loads(got[1]["message"])["claim"]
        assert len(pager.bodies) == 2  # reported once, not per attempt
        stop.set()
        await task
        await outbox.aclose()


async def test_failed_sends_log_one_line_naming_the_notifier(store, webhook_receiver, caplog):
    webhook_receiver.fail(1)
    outbox = fast(store, [hook(webhook_receiver, "desk")])
    outbox.submit(make_alert(1))
    with caplog.at_level(logging.WARNING, "monitor.notify"):
        assert await outbox.drain(10)
    [line] = [r.getMessage() for r in caplog.records if r.name == "monitor.notify"]
    assert line.startswith("notifier desk: send failed (attempt 1")
    assert f"{webhook_receiver.port}/desk" not in line
    await outbox.aclose()


async def test_configure_adds_and_removes_notifiers_while_running(store):
    with WebhookReceiver() as first, WebhookReceiver() as second:
        outbox = fast(store, [hook(first, "first")])
        stop = asyncio.Event()
        task = asyncio.create_task(outbox.run(stop))
        outbox.submit(make_alert(1))
        await first.await_count(1)
        outbox.configure([hook(second, "second")])
        outbox.submit(make_alert(2))
        [body] = await second.await_count(1)
        assert json.loads(body["message"])["story_id"] == 2
        assert len(first.bodies) == 1
        stop.set()
        await task
        await outbox.aclose()


async def test_a_broken_user_template_falls_back_to_the_default(
    store, webhook_receiver, tmp_path, caplog
):
    tpl = tmp_path / "broken.j2"
    tpl.write_text("{{ no_such_variable }} {{ ''.__class__.__mro__ }}")
    cfg = NotifierConfig(
        name="hook", url=f"ntfy://127.0.0.1:{webhook_receiver.port}/t", template=tpl
    )
    outbox = fast(store, [cfg])
    outbox.submit(make_alert(1))
    with caplog.at_level(logging.ERROR, "monitor.notify"):
        assert await outbox.drain(10)
    [body] = webhook_receiver.bodies
    assert "Iran-backed militias" in body["message"]
    assert "template failed" in caplog.text
    await outbox.aclose()
