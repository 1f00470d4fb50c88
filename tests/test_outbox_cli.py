"""`claimwatch outbox`: list, retry and drop deliveries in a real SQLite state file.

Also the daemon's prune of old outbox history, which is what keeps `outbox --all` short.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from monitor.cli import main
from monitor.config import load_settings
from monitor.daemon import Daemon
from monitor.notify.outbox_store import OutboxStore
from monitor.store import Store
from tests.notify.alerts import make_alert

SECRET = "hunter2topsecret"
CONFIG = """
[monitor]
state = "{state}"
dedup_window = "{window}"

[server]
enabled = false

[[notifiers]]
name = "hook"
url = "json://desk:{secret}@127.0.0.1:9/alerts"

[[notifiers]]
name = "mail"
url = "mailto://127.0.0.1:9?from=claimwatch@example.org&to=desk@example.org&mode=insecure"
"""


@dataclass
class World:
    config: Path
    state: Path
    ids: dict[str, int]  # row name -> outbox id

    def run(self, *args: str) -> tuple[int, str]:
        out = io.StringIO()
        code = main(["outbox", *args, "--config", str(self.config)], out=out)
        return code, out.getvalue()

    def rows(self) -> dict[int, dict]:
        store = Store(self.state)
        try:
            return {r["id"]: dict(r) for r in store.db.execute("SELECT * FROM outbox")}
        finally:
            store.close()


def write_config(tmp_path: Path, window: str = "48h") -> Path:
    config = tmp_path / "claimwatch.toml"
    state = tmp_path / "state.db"
    config.write_text(CONFIG.format(state=state, window=window, secret=SECRET))
    return config


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    """Five rows: never tried, failing (error quoting the secret), failed, sent, and one for a
    notifier that is no longer configured."""
    config = write_config(tmp_path)
    state = tmp_path / "state.db"
    store = Store(state)
    outbox = OutboxStore(store)
    now = datetime.now(UTC)
    ids = {
        "fresh": outbox.enqueue("hook", make_alert(1), now),
        "failing": outbox.enqueue("hook", make_alert(2), now),
        "failed": outbox.enqueue("mail", make_alert(3), now),
        "sent": outbox.enqueue("mail", make_alert(4), now),
        "orphan": outbox.enqueue("gone", make_alert(5), now),
    }
    # An error stored by an older version that quoted the URL: the CLI must scrub it again.
    outbox.mark_retry(
        [ids["failing"]],
        f"HTTP 500 from json://desk:{SECRET}@127.0.0.1:9/alerts (token {SECRET})",
        now + timedelta(minutes=5),
    )
    outbox.set_status([ids["failed"]], "failed")
    outbox.mark_sent([ids["sent"]], now)
    store.close()
    yield World(config, state, ids)


def test_lists_pending_and_failed_rows_without_secrets(world: World) -> None:
    code, out = world.run()
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:7] == [
        "ID", "NOTIFIER", "KIND", "STORY", "STATUS", "TRIES", "NEXT",
    ]  # fmt: skip
    listed = {int(line.split()[0]) for line in lines[1:] if line.split()[0].isdigit()}
    ids = world.ids
    assert listed == {ids["fresh"], ids["failing"], ids["failed"], ids["orphan"]}
    assert SECRET not in out
    assert "last error: HTTP 500 from *** (token ***)" in out
    assert "due now" in out
    assert "in 5m (" in out or "in 4m (" in out  # the failing row's backoff
    assert "never (set aside; retry it)" in out
    assert "gone (not configured)" in out
    assert lines[-1] == "3 pending, 1 failed"


def test_all_includes_sent_and_json_has_every_field(world: World) -> None:
    code, out = world.run("--all", "--json")
    assert code == 0
    rows = {r["id"]: r for r in map(json.loads, out.splitlines())}
    assert set(rows) == set(world.ids.values())
    sent = rows[world.ids["sent"]]
    assert sent["status"] == "sent" and sent["sent_at"].endswith("Z")
    assert sent["next_attempt"] is None
    failing = rows[world.ids["failing"]]
    assert failing["attempts"] == 1 and failing["story_id"] == 2 and failing["kind"] == "new"
    assert failing["claim"] == make_alert(2).claim  # whole, in JSON
    assert SECRET not in failing["last_error"]
    assert rows[world.ids["orphan"]]["configured"] is False
    assert SECRET not in out


def test_claim_is_one_safe_line_and_shortened(tmp_path: Path) -> None:
    config = write_config(tmp_path)
    store = Store(tmp_path / "state.db")
    hostile = "Militias \x1b[31mattack\x1b[0m\nbase\u202e " + "x" * 200
    OutboxStore(store).enqueue("hook", make_alert(7, claim=hostile), datetime.now(UTC))
    store.close()
    out = io.StringIO()
    assert main(["outbox", "--config", str(config)], out=out) == 0
    row = out.getvalue().splitlines()[1]
    assert "\x1b" not in row and "\u202e" not in row
    claim = row[row.index("Militias") :]
    assert claim.startswith("Militias [31mattack[0m base ")
    assert claim.endswith("…") and len(claim) <= 60


def test_retry_sets_rows_pending_and_due_now(world: World) -> None:
    before = datetime.now(UTC).timestamp()
    code, out = world.run("retry", str(world.ids["failed"]), str(world.ids["failing"]))
    assert code == 0
    assert f"retried {world.ids['failed']} (was failed)  mail  new  story 3  Iran" in out
    assert f"retried {world.ids['failing']} (was pending)  hook" in out
    rows = world.rows()
    for name in ("failed", "failing"):
        row = rows[world.ids[name]]
        assert row["status"] == "pending"
        assert before - 1 <= row["next_attempt"] <= datetime.now(UTC).timestamp()
        assert row["attempts"] == (1 if name == "failing" else 0)  # history is kept


def test_retry_all_failed_takes_failed_and_failing_rows_only(world: World) -> None:
    code, out = world.run("retry", "--all-failed", "--json")
    assert code == 0
    done = [json.loads(line) for line in out.splitlines()]
    assert sorted(d["id"] for d in done) == sorted([world.ids["failing"], world.ids["failed"]])
    assert {(d["action"], d["was"]) for d in done} == {
        ("retried", "pending"),
        ("retried", "failed"),
    }
    assert all(d["status"] == "pending" and d["next_attempt"] for d in done)  # as they are now
    assert SECRET not in out
    rows = world.rows()
    assert rows[world.ids["failed"]]["status"] == "pending"
    assert rows[world.ids["sent"]]["status"] == "sent"
    # nothing failing any more: says so, succeeds
    world.run("drop", str(world.ids["failing"]), str(world.ids["failed"]))
    code, out = world.run("retry", "--all-failed")
    assert code == 0 and "nothing to retry" in out


def test_drop_prints_what_it_dropped_and_hides_it(world: World) -> None:
    code, out = world.run("drop", str(world.ids["failing"]))
    assert code == 0
    assert out.startswith(f"dropped {world.ids['failing']} (was pending)  hook  new  story 2")
    assert world.rows()[world.ids["failing"]]["status"] == "dropped"
    _, listed = world.run("--json")
    assert world.ids["failing"] not in {json.loads(x)["id"] for x in listed.splitlines()}
    _, listed = world.run("--all", "--json")
    assert world.ids["failing"] in {json.loads(x)["id"] for x in listed.splitlines()}
    code, out = world.run("drop", str(world.ids["failing"]))
    assert code == 0 and out.startswith(f"already dropped {world.ids['failing']} (was dropped)")
    # a dropped row can be brought back
    code, out = world.run("retry", str(world.ids["failing"]))
    assert code == 0 and out.startswith(f"retried {world.ids['failing']} (was dropped)")
    assert world.rows()[world.ids["failing"]]["status"] == "pending"


@pytest.mark.parametrize("action", ["retry", "drop"])
def test_unknown_ids_are_named_and_nothing_changes(
    world: World, action: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = world.rows()
    code, out = world.run(action, str(world.ids["fresh"]), "9999", "4242")
    assert code == 1 and out == ""
    err = capsys.readouterr().err
    assert f"claimwatch outbox {action}: no outbox row with id 9999, 4242; nothing changed" in err
    assert world.rows() == before


@pytest.mark.parametrize("action", ["retry", "drop"])
def test_sent_rows_are_refused(
    world: World, action: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = world.rows()
    code, _ = world.run(action, str(world.ids["failed"]), str(world.ids["sent"]))
    assert code == 1
    assert f"already sent, {'not retried' if action == 'retry' else 'nothing to drop'}: " in (
        capsys.readouterr().err
    )
    assert world.rows() == before


def test_config_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["outbox", "--config", str(tmp_path / "missing.toml")]) == 2
    bad = tmp_path / "bad.toml"
    bad.write_text('[monitor]\nstate = "x.db"\nbogus = 1\n')
    assert main(["outbox", "retry", "1", "--config", str(bad)]) == 2
    assert "monitor.bogus: unknown key" in capsys.readouterr().err


def test_no_state_yet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path)
    out = io.StringIO()
    assert main(["outbox", "--config", str(config)], out=out) == 0
    assert out.getvalue().startswith("no state yet at")
    assert main(["outbox", "drop", "3", "--config", str(config)]) == 1
    assert "no state yet" in capsys.readouterr().err
    assert not (tmp_path / "state.db").exists()  # looking created nothing


def test_empty_outbox(tmp_path: Path) -> None:
    config = write_config(tmp_path)
    Store(tmp_path / "state.db").close()
    out = io.StringIO()
    assert main(["outbox", "--config", str(config)], out=out) == 0
    assert out.getvalue().startswith("outbox empty: nothing pending or failed")


@pytest.mark.parametrize(
    ("window", "kept_days"),
    [("48h", 7), ("10d", 20)],  # history is kept max(2 x dedup_window, 7 days)
)
async def test_daemon_prunes_old_sent_and_dropped_rows(
    tmp_path: Path, window: str, kept_days: int
) -> None:
    config = write_config(tmp_path, window)
    store = Store(tmp_path / "state.db")
    outbox = OutboxStore(store)
    now = datetime.now(UTC)

    def row(age_days: float, status: str) -> int:
        at = now - timedelta(days=age_days)
        rid = outbox.enqueue("hook", make_alert(int(age_days * 10)), at)
        if status == "sent":
            outbox.mark_sent([rid], at)
        elif status != "pending":
            outbox.set_status([rid], status)
        return rid

    old = {row(kept_days + 1, "sent"), row(kept_days + 1, "dropped")}
    kept = {
        row(kept_days - 1, "sent"),
        row(kept_days - 1, "dropped"),
        row(kept_days + 5, "pending"),  # never pruned: still to deliver
        row(kept_days + 5, "failed"),  # never pruned: waits for an operator
    }
    store.close()

    daemon = Daemon(load_settings(config), config)
    try:
        await daemon.prune()
    finally:
        await daemon.outbox.aclose()
        daemon.store.close()
    store = Store(tmp_path / "state.db")
    left = {r["id"] for r in store.db.execute("SELECT id FROM outbox")}
    store.close()
    assert left == kept and not old & left
