"""Config loading and `claimwatch check`: every bad value names its key and exits 2."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from monitor.cli import main
from monitor.config import check_url, load_settings
from monitor.durations import parse_duration
from monitor.redact import redact_url

GOOD = """
[monitor]
state = "{tmp}/state.db"
interval = "90s"

[[sources]]
url = "https://example.org/feed.xml"

[[topics]]
name = "iran-militias"
query = 'Iran AND (militia* OR proxies) AND (base OR bases)'

[[notifiers]]
name = "ops"
url = "slack://T000AAAA/B000BBBB/XXXXsecretXXXX"

[[notifiers]]
name = "mail"
url = "mailtos://alice:hunter2secret@mail.example.org?to=desk@example.org"
"""


def check(
    tmp_path: Path,
    text: str,
    env: dict[str, str] | None = None,
    monkeypatch: pytest.MonkeyPatch | None = None,
    command: str = "check",
) -> tuple[int, str, str]:
    cfg = tmp_path / "c.toml"
    cfg.write_text(text.replace("{tmp}", str(tmp_path)))
    for k, v in (env or {}).items():
        assert monkeypatch is not None
        monkeypatch.setenv(k, v)
    out, err = io.StringIO(), io.StringIO()
    monkeypatch_stderr = pytest.MonkeyPatch()
    monkeypatch_stderr.setattr("sys.stderr", err)
    try:
        code = main([command, "--config", str(cfg)], out=out)
    finally:
        monkeypatch_stderr.undo()
    return code, out.getvalue(), err.getvalue()


def test_good_config_summary_redacts_secrets(tmp_path: Path) -> None:
    code, out, err = check(tmp_path, GOOD)
    assert code == 0, err
    assert "iran-militias" in out and "example.org/feed.xml" in out
    assert "every 90s" in out
    for secret in ("XXXXsecretXXXX", "hunter2secret", "alice", "T000AAAA"):
        assert secret not in out
    assert "slack://***" in out
    assert "mail.example.org" in out  # the host stays, so users can tell notifiers apart


@pytest.mark.parametrize(
    ("mutation", "expected"),
    [
        (
            lambda t: t.replace('interval = "90s"', 'interval = "90s"\nintervall = "5m"'),
            "monitor.intervall: unknown key",
        ),
        (lambda t: t.replace('"90s"', '"ninety seconds"'), "monitor.interval"),
        (lambda t: t.replace("(base OR bases)", "(base OR bases"), "topics[0].query"),
        (lambda t: t.replace("AND (militia*", "AND AND (militia*"), "topics[0].query"),
        (
            lambda t: t.replace('url = "https://example.org/feed.xml"', 'url = "ftp://x"'),
            "sources[0]",
        ),
        (lambda t: t.replace('name = "mail"', 'name = "ops"'), "duplicate name 'ops'"),
        (
            lambda t: t + '\n[[notifiers]]\nname = "x"\nurl = "json://h"\ntopics = ["nope"]\n',
            "unknown topic 'nope'",
        ),
        (lambda t: t + "\n[monitor2]\n", "monitor2: unknown key"),
        (  # apprise would refuse it at every send, so the row would retry forever
            lambda t: t.replace("mailtos://alice:", "mailtoz://alice:"),
            "notifiers[1]: apprise does not accept a mailtoz:// URL",
        ),
        (
            lambda t: t.replace("slack://T000AAAA", "msteams://T000AAAA"),
            "use a workflows:// URL",
        ),
        (lambda t: t.replace('interval = "90s"', "interval = 90s"), "not valid TOML"),
    ],
)
def test_bad_config_exits_2_naming_the_key(tmp_path: Path, mutation, expected: str) -> None:
    code, _out, err = check(tmp_path, mutation(GOOD))
    assert code == 2
    assert expected in err
    assert "Traceback" not in err
    assert "hunter2secret" not in err


def test_bad_duration_says_what_is_expected(tmp_path: Path) -> None:
    code, _, err = check(tmp_path, GOOD.replace('"90s"', '"5 parsecs"'))
    assert code == 2
    assert "monitor.interval" in err and "'90s'" in err


@pytest.mark.parametrize("command", ["check", "once"])
@pytest.mark.parametrize(
    ("line", "key"),
    [
        ('interval = "999999999999d"', "monitor.interval"),  # timedelta() overflowed: a traceback
        ("interval = inf", "monitor.interval"),  # TOML has inf and nan
        ("max_age = nan", "monitor.max_age"),
        ("dedup_window = 99999999999999999999999", "monitor.dedup_window"),
    ],
)
def test_huge_duration_exits_2_naming_the_key(
    tmp_path: Path, command: str, line: str, key: str
) -> None:
    code, _, err = check(tmp_path, GOOD.replace('interval = "90s"', line), command=command)
    assert code == 2, err
    assert f"{key}: duration must be at most 36500d" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("mutation", "expected"),
    [  # each passed `check`, then failed every poll ("over the -1 bytes limit", "after 0s")
        (lambda t: t + "\n[http]\nmax_body = -1\n", "http.max_body: must be greater than zero"),
        (lambda t: t + "\n[http]\nmax_body = 0\n", "http.max_body: must be greater than zero"),
        (lambda t: t + '\n[http]\nmax_body = "0KB"\n', "http.max_body: must be greater"),
        (lambda t: t + '\n[http]\ntimeout = "0s"\n', "http.timeout: must be greater than zero"),
        (lambda t: t + "\n[http]\nconnect_timeout = 0\n", "http.connect_timeout: must be"),
        (lambda t: t.replace('"90s"', '"90s"\nmax_age = "0m"'), "monitor.max_age: must be"),
        (
            lambda t: t.replace('feed.xml"', 'feed.xml"\ninterval = "0s"'),
            "sources[0].interval: must be greater than zero",
        ),
        (  # a window of no length limits nothing
            lambda t: t.replace('name = "mail"', 'name = "mail"\nrate = "5/0s"'),
            "notifiers[1].rate: needs a period greater than zero, got '5/0s'",
        ),
    ],
)
def test_zero_or_negative_limit_exits_2_naming_the_key(
    tmp_path: Path, mutation, expected: str
) -> None:
    code, _, err = check(tmp_path, mutation(GOOD))
    assert code == 2
    assert expected in err


@pytest.mark.parametrize(
    ("quiet", "expected"),
    [  # `check` said ok; the outbox refused it when it started: exit 1, no notifier named
        ("25:00-99:00", "notifiers[1].quiet_hours: has an invalid time: '25:00-99:00'"),
        ("22:00-24:30", "notifiers[1].quiet_hours: has an invalid time"),
        ("10pm-7am", "notifiers[1].quiet_hours: must look like '22:00-07:00' (UTC)"),
    ],
)
@pytest.mark.parametrize("command", ["check", "once"])
def test_bad_quiet_hours_exit_2_naming_the_notifier(
    tmp_path: Path, command: str, quiet: str, expected: str
) -> None:
    text = GOOD.replace('name = "mail"', f'name = "mail"\nquiet_hours = "{quiet}"')
    code, _, err = check(tmp_path, text, command=command)
    assert code == 2, err
    assert expected in err


def test_missing_file_exits_2(tmp_path: Path) -> None:
    err = io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("sys.stderr", err)
        code = main(["check", "--config", str(tmp_path / "nope.toml")])
    assert code == 2
    assert "nope.toml" in err.getvalue() and "not found" in err.getvalue()


def test_env_overrides_nested_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text(GOOD.replace("{tmp}", str(tmp_path)))
    monkeypatch.setenv("CLAIMWATCH_MONITOR__INTERVAL", "5m")
    monkeypatch.setenv("CLAIMWATCH_MONITOR__REQUIRE_MARKER", "false")
    s = load_settings(cfg)
    assert s.monitor.interval == timedelta(minutes=5)
    assert s.monitor.require_marker is False
    assert s.monitor.state == tmp_path / "state.db"  # the file's other keys survive the override


def test_bad_env_override_names_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMWATCH_MONITOR__MAX_AGE", "soon")
    code, _, err = check(tmp_path, GOOD)
    assert code == 2 and "monitor.max_age" in err


@pytest.mark.parametrize(
    ("var", "value", "message"),
    [  # pydantic-settings' own error named the field, not the variable, and exited 1
        ("CLAIMWATCH_SOURCES", "not json", "Expecting value: line 1, column 1"),
        ("CLAIMWATCH_MONITOR__FOLLOWUPS", "[3,", "not valid JSON"),  # a nested list
        ("CLAIMWATCH_NOTIFIERS", '[{"name": "x", "url": "slack://T/B/ENVSECRET77', "not valid"),
    ],
)
def test_bad_json_in_env_exits_2_naming_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, var: str, value: str, message: str
) -> None:
    code, _, err = check(tmp_path, GOOD, {var: value}, monkeypatch)
    assert code == 2
    assert f"environment variable {var}: " in err and message in err
    assert "ENVSECRET77" not in err  # the value may hold a notifier's token


def test_bad_json_in_a_secrets_file_exits_2_naming_it(tmp_path: Path) -> None:
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    (secrets / "claimwatch_topics").write_text("iran")
    cfg = tmp_path / "c.toml"
    cfg.write_text(GOOD.replace("{tmp}", str(tmp_path)))
    # the secrets directory is read when the config module loads: a process of its own
    env = {**os.environ, "CLAIMWATCH_SECRETS_DIR": str(secrets)}
    run = [sys.executable, "-m", "monitor", "check", "--config", str(cfg)]
    p = subprocess.run(run, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert p.returncode == 2
    assert f"secrets file claimwatch_topics in {secrets}: not valid JSON" in p.stderr


def test_notifier_url_from_env_and_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = tmp_path / "slack-url"
    secret.write_text("slack://T1/B2/fromfile\n")
    monkeypatch.setenv("HOOK_TOKEN", "fromenv")
    text = GOOD.replace(
        'url = "slack://T000AAAA/B000BBBB/XXXXsecretXXXX"', f'url_file = "{secret}"'
    )
    text = text.replace("hunter2secret", "${HOOK_TOKEN}")
    cfg = tmp_path / "c.toml"
    cfg.write_text(text.replace("{tmp}", str(tmp_path)))
    s = load_settings(cfg)
    assert s.notifiers[0].url == "slack://T1/B2/fromfile"
    assert "fromenv" in (s.notifiers[1].url or "")
    monkeypatch.delenv("HOOK_TOKEN")
    code, _, err = check(tmp_path, text)
    assert code == 2 and "HOOK_TOKEN" in err


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("90s", 90),
        ("5m", 300),
        ("2h", 7200),
        ("2d", 172800),
        ("1h30m", 5400),
        ("45", 45),
        ("36500d", 36500 * 86400),  # the maximum: max_age = "36500d" reads "no age limit"
    ],
)
def test_durations(text: str, seconds: int) -> None:
    assert parse_duration(text).total_seconds() == seconds


@pytest.mark.parametrize("bad", ["", "5 parsecs", "m5", "-5m", "5x"])
def test_bad_durations(bad: str) -> None:
    with pytest.raises(ValueError, match="duration"):
        parse_duration(bad)


@pytest.mark.parametrize(
    ("url", "hidden"),
    [
        ("slack://T000/B000/secret", "secret"),
        ("mailtos://bob:pw123@smtp.example.org", "pw123"),
        ("json://hooks.example.org/x?token=abc123", "abc123"),
        ("tgram://123456:ABCDEF/987", "ABCDEF"),
    ],
)
def test_redact_url(url: str, hidden: str) -> None:
    assert hidden not in redact_url(url)


FEED_SECRETS = ("FEEDPASSWORD99", "FEEDSECRETtok77", "FEEDAPIKEY88", "FEEDSIG55")
FEEDS = """
[monitor]
state = "{tmp}/state.db"

[[sources]]
url = "http://feeduser:FEEDPASSWORD99@127.0.0.1:1/feed.xml"

[[sources]]
name = "privfeed"
url = "https://feeds.example.org/feed.xml?q=iran&token=FEEDSECRETtok77&apikey=FEEDAPIKEY88&X-Amz-Signature=FEEDSIG55"
"""


def test_feed_url_secrets_stay_out_of_check_and_sources(tmp_path: Path) -> None:
    code, out, err = check(tmp_path, FEEDS)
    assert code == 0, err
    # the derived name keeps host and path, never the userinfo
    assert "- 127.0.0.1:1/feed.xml  [rss] http://***@127.0.0.1:1/feed.xml" in out
    assert "feeds.example.org/feed.xml?q=iran&token=***&apikey=***" in out  # q= stays readable
    listed, rows = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("sys.stderr", io.StringIO())
        assert main(["sources", "--config", str(tmp_path / "c.toml")], out=listed) == 0
        assert main(["sources", "--json", "--config", str(tmp_path / "c.toml")], out=rows) == 0
    assert "127.0.0.1:1/feed.xml  [rss]" in listed.getvalue()
    assert '"where": "http://***@127.0.0.1:1/feed.xml"' in rows.getvalue()
    for secret in (*FEED_SECRETS, "feeduser"):
        assert secret not in out + listed.getvalue() + rows.getvalue()
    # the request itself still carries them
    settings = load_settings(tmp_path / "c.toml")
    assert settings.sources[0].url == "http://feeduser:FEEDPASSWORD99@127.0.0.1:1/feed.xml"


def test_a_bad_source_url_is_named_without_its_password(tmp_path: Path) -> None:
    code, _, err = check(tmp_path, '[[sources]]\nurl = "ftp://u:FEEDPWx9@h/f?token=FEEDTOKx9"\n')
    assert code == 2
    assert "sources[0].url: must start with http:// or https://, got 'ftp://***@h/f" in err
    assert "FEEDPWx9" not in err and "FEEDTOKx9" not in err


def test_a_bad_source_url_hides_a_longer_secret_that_starts_with_a_shorter_one() -> None:
    # the password is the token's start: replaced first, it left the token's tail ("TAIL77")
    url = "ftp://u:ABCDsecret@h/ABCDsecretTAIL77?token=ABCDsecretTAIL77"
    with pytest.raises(ValueError) as e:
        check_url(url)
    assert "TAIL77" not in str(e.value) and "ABCD" not in str(e.value)


GOOD_SOURCES = """
[monitor]
state = "{tmp}/state.db"

[[sources]]
url = "https://example.org/feed.xml"

[[sources]]
kind = "jetstream"
dids = ["did:plc:abc"]
instance = "wss://jetstream.example/subscribe?token=abc"
appview = ""

[[sources]]
kind = "x"
account = "someone"
bridges = ["https://nitter.example/{account}/rss", "http://[::1]:8080/twitter/user/{account}"]
"""


@pytest.mark.parametrize(
    ("source", "expected"),
    [  # each printed "config ok", then failed at every poll
        ('url = "http://"', "sources[3].url: is not a valid URL: it has no host"),
        ('url = "http://[::1/feed"', "sources[3].url: is not a valid URL: it has an invalid [IPv6"),
        ('url = "http://exa mple.org/feed"', "sources[3].url: must not contain a space"),
        ('url = "http://127.0.0.1:99999/feed"', "sources[3].url: is not a valid URL: it has an "),
        ('url = "http://127.0.0.1:0/feed"', "sources[3].url: is not a valid URL: it has an inv"),
        # a multi-line name in `check`, and a header injected into the request
        ('url = "http://h.example/a\\nX-Evil: 1"', "sources[3].url: must not contain a control"),
        ('url = "http://h.example/a\\u202e"', "sources[3].url: must not contain a control"),
        (
            'kind = "mastodon"\naccount = "@a@b.example"\ninstance = "not a url"',
            "sources[3].instance: must not contain a space",
        ),
        (
            'kind = "bluesky"\naccount = "a.example"\ninstance = "file:///etc"',
            "sources[3].instance: must start with http:// or https://, got 'file:///etc'",
        ),
        (
            'kind = "jetstream"\ndids = ["did:plc:a"]\ninstance = "ftp://j.example/subscribe"',
            "sources[3].instance: must start with wss:// or ws:// or http:// or https://",
        ),
        (
            'kind = "jetstream"\ndids = ["did:plc:a"]\nappview = "wss://appview.example"',
            "sources[3].appview: must start with http:// or https://",
        ),
        (
            'kind = "x"\naccount = "a"\nbridges = ["https://n.example/{account}", "n {account}"]',
            "sources[3].bridges[1]: must not contain a space",
        ),
    ],
)
def test_bad_source_url_exits_2_naming_the_key(tmp_path: Path, source: str, expected: str) -> None:
    code, out, err = check(tmp_path, GOOD_SOURCES + f"\n[[sources]]\n{source}\n")
    assert code == 2, out
    assert expected in err


def test_an_instance_is_checked_for_its_kind(tmp_path: Path) -> None:
    code, out, err = check(tmp_path, GOOD_SOURCES)  # wss:// for jetstream, templates for x
    assert code == 0, err
    assert "sources (3)" in out
    bluesky = 'kind = "bluesky"\naccount = "a.example"\ninstance = "wss://j.example/subscribe"'
    code, _, err = check(tmp_path, GOOD_SOURCES + f"\n[[sources]]\n{bluesky}\n")
    assert code == 2
    assert "sources[3].instance: must start with http:// or https://" in err


@pytest.mark.parametrize(
    ("source", "expected"),
    [  # each printed "config ok", then failed at every poll
        (
            'kind = "mastodon"\naccount = "justaname"',
            "sources[3].account: mastodon account 'justaname' is not a user with their server: "
            "write it as @user@instance",
        ),
        ('kind = "mastodon"\naccount = "@someone@"', "or the user alone with 'instance' set"),
        (
            'kind = "x"\naccount = "a"\nbridges = ["https://n.example/{account}", "https://n.example/rss"]',
            "sources[3].bridges[1]: must contain {account}, where the handle goes",
        ),
        (
            'kind = "x"\naccount = "@a.b"\nbridges = ["https://n.example/{account}"]',
            "sources[3].account: x account '@a.b' is not an X handle: write it as BreakingWire",
        ),
        (
            'kind = "bluesky"\naccount = "justaname"',
            "sources[3].account: bluesky account 'justaname' is not a handle or DID: write it as a "
            "handle (wirewatch.bsky.social), a DID (did:plc:…) or https://bsky.app/profile/",
        ),
        (
            'kind = "reddit"\naccount = "worldnews"',
            "sources[3].account: reddit account 'worldnews' is not a subreddit or user: write it as "
            "r/<subreddit> or u/<user>",
        ),
        (
            'kind = "telegram"\naccount = "https://t.me/a b"',
            "sources[3].account: telegram account 'https://t.me/a b' is not a channel name: "
            "write it as osintwire, @osintwire or https://t.me/osintwire",
        ),
    ],
)
def test_an_account_its_kind_cannot_read_exits_2_naming_the_key(
    tmp_path: Path, source: str, expected: str
) -> None:
    code, out, err = check(tmp_path, GOOD_SOURCES + f"\n[[sources]]\n{source}\n")
    assert code == 2, out
    assert expected in err


@pytest.mark.parametrize(
    "source",
    [  # every form the adapters read, as docs/sources.md lists them
        'kind = "mastodon"\naccount = "@newsdesk@mastodon.social"',
        'kind = "mastodon"\naccount = "newsdesk@mastodon.social"',
        'kind = "mastodon"\naccount = "https://mastodon.social/@newsdesk"',
        'kind = "mastodon"\naccount = "newsdesk"\ninstance = "https://mastodon.example"',
        'kind = "bluesky"\naccount = "wirewatch.bsky.social"',
        'kind = "bluesky"\naccount = "@reuters.com"',
        'kind = "bluesky"\naccount = "did:plc:w4xbfzo7kqfes5zb7r6qv3rw"',
        'kind = "bluesky"\naccount = "https://bsky.app/profile/wirewatch.bsky.social"',
        'kind = "reddit"\naccount = "r/worldnews"',
        'kind = "reddit"\naccount = "u/seawatch_osint"',
        'kind = "reddit"\naccount = "https://www.reddit.com/r/worldnews/"',
        'kind = "telegram"\naccount = "osintwire"',
        'kind = "telegram"\naccount = "@osintwire"',
        'kind = "telegram"\naccount = "https://t.me/s/osintwire"',
        'kind = "x"\naccount = "https://x.com/BreakingWire"\nbridges = ["https://n.example/{account}"]',
    ],
)
def test_every_account_form_a_source_reads_passes_check(tmp_path: Path, source: str) -> None:
    code, out, err = check(tmp_path, GOOD_SOURCES + f"\n[[sources]]\n{source}\n")
    assert code == 0, err
    assert "sources (4)" in out


def test_check_exits_2_on_a_mastodon_account_without_its_server(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    source = '[[sources]]\nkind = "mastodon"\naccount = "justaname"\n'
    cfg.write_text(GOOD_SOURCES.replace("{tmp}", str(tmp_path)) + source)
    run = [sys.executable, "-m", "monitor", "check", "--config", str(cfg)]
    p = subprocess.run(run, capture_output=True, text=True, timeout=60, check=False)
    assert p.returncode == 2, p.stdout
    assert p.stderr.startswith(f"config error: {cfg}: sources[3].account: mastodon account ")
    assert p.stdout == ""


@pytest.mark.parametrize(
    "url",
    [
        "http://feeduser:PWsecret42@127.0.0.1:99999/feed?token=TOKsecret42",
        "http://feeduser:PWsecret42/feed?api_key=TOKsecret42",  # the password in the port slot
        "http://feeduser:PW secret42@h.example/feed",
        "gopher://feeduser:PWsecret42@h.example/feed?access_token=TOKsecret42",
    ],
)
def test_a_bad_source_url_error_hides_its_secrets(tmp_path: Path, url: str) -> None:
    code, _, err = check(tmp_path, f'[[sources]]\nurl = "{url}"\n')
    assert code == 2
    assert "sources[0].url: " in err
    assert "secret42" not in err


@pytest.mark.parametrize("command", ["check", "once"])
@pytest.mark.parametrize(
    ("state", "expected"),
    [  # `check` said ok; `once` then exited 1 on an OSError that named no key
        ("{tmp}/a-file/state.db", "cannot write '{tmp}/a-file/state.db': Not a directory"),
        ("{tmp}/a-file/more/state.db", "cannot write '{tmp}/a-file/more/state.db': Not a dir"),
        ("{tmp}", "cannot write '{tmp}': it is a directory"),
        ("/proc/nope/state.db", "cannot write '/proc/nope/state.db': No such file or directory"),
    ],
)
def test_a_state_path_that_cannot_be_written_exits_2(
    tmp_path: Path, command: str, state: str, expected: str
) -> None:
    if state.startswith("/proc") and not Path("/proc/self").is_dir():
        pytest.skip("needs Linux's /proc")
    (tmp_path / "a-file").write_text("")
    text = GOOD.replace('state = "{tmp}/state.db"', f'state = "{state}"')
    code, _, err = check(tmp_path, text, command=command)
    assert code == 2, err
    assert "monitor.state: " + expected.replace("{tmp}", str(tmp_path)) in err


def test_a_state_path_is_tried_without_a_trace(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("")
    code, _, err = check(tmp_path, GOOD.replace("{tmp}/state.db", "{tmp}/new/dir/state.db"))
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "c.toml"]  # no new/dir yet
    code, _, err = check(tmp_path, GOOD.replace("{tmp}/state.db", "{tmp}/a-file/dir/state.db"))
    assert code == 2 and "monitor.state: cannot write" in err


def test_a_template_that_cannot_be_read_exits_2(tmp_path: Path) -> None:
    (tmp_path / "alert.md.j2").write_text("{{ claim }}")
    (tmp_path / "broken.md.j2").write_text("{{ claim }}\n{{ url | }}")
    for template, expected in [
        # `check` said ok; each send logged an ERROR and fell back to the default body
        ("{tmp}/nope.md.j2", "cannot read '{tmp}/nope.md.j2': No such file or directory"),
        ("{tmp}", "cannot read '{tmp}': Is a directory"),
        ("{tmp}/alert.md.j2", None),
        # a syntax error: each send logged an ERROR and fell back to the default body
        ("{tmp}/broken.md.j2", "'{tmp}/broken.md.j2' line 2: expected token 'name'"),
    ]:
        text = GOOD.replace('name = "mail"', f'name = "mail"\ntemplate = "{template}"')
        code, _, err = check(tmp_path, text)
        if expected is None:
            assert code == 0, err
        else:
            assert code == 2
            assert "notifiers[1].template: " + expected.replace("{tmp}", str(tmp_path)) in err


@pytest.mark.parametrize(
    ("section", "key"),
    [
        ('[[sources]]\nurl = "https://b.example/feed.xml"\nname = "{}"', "sources[3].name"),
        ('[[topics]]\nname = "{}"\nquery = "iran"', "topics[0].name"),
        ('[[notifiers]]\nname = "{}"\nurl = "json://127.0.0.1:9/hook"', "notifiers[0].name"),
    ],
)
def test_a_name_with_a_newline_or_control_exits_2_naming_the_key(
    tmp_path: Path, section: str, key: str
) -> None:
    # a name is shown in logs, metrics labels and alerts: a newline there would forge a line
    code, _, err = check(tmp_path, GOOD_SOURCES + "\n" + section.format("feed\\nFORGED") + "\n")
    assert code == 2
    assert key in err and "control character" in err
