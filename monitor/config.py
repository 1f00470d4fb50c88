"""Typed settings: a TOML file, overridden by CLAIMWATCH_<SECTION>__<KEY> environment variables."""

from __future__ import annotations

import json
import os
import re
import tempfile
import tomllib
import unicodedata
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar
from urllib.parse import urlsplit

from jinja2 import Environment, TemplateSyntaxError
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    SettingsError,
    TomlConfigSettingsSource,
)

from monitor.durations import format_duration, parse_duration
from monitor.redact import register_url, scrub_url
from monitor.text import clean

DEFAULT_CONFIG = Path("config/claimwatch.toml")
ENV_PREFIX = "CLAIMWATCH_"

Duration = Annotated[
    timedelta,
    BeforeValidator(parse_duration),
    PlainSerializer(format_duration, return_type=str),
]


_Limit = TypeVar("_Limit", int, timedelta)


def _positive(value: _Limit) -> _Limit:
    # A zero timeout, size cap or max_age does not turn a check off: it fails every poll.
    if value <= (timedelta(0) if isinstance(value, timedelta) else 0):
        raise ValueError("must be greater than zero")
    return value


PositiveDuration = Annotated[Duration, AfterValidator(_positive)]


def _printable(name: str) -> str:
    # a name is shown in logs, `sources`, metrics labels and alerts: one line, and nothing that
    # text.clean() would take out of a stranger's text (so import-opml's names always pass)
    if "\n" in name or "\t" in name or clean(name) != name:
        raise ValueError("must not contain a newline or other control character")
    return name


Name = Annotated[str, AfterValidator(_printable)]

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]?i?b?)?\s*$", re.I)
_SIZE_UNITS = {"": 1, "b": 1, "k": 1e3, "kb": 1e3, "kib": 1024, "m": 1e6, "mb": 1e6, "mib": 1 << 20}
_SIZE_UNITS |= {"g": 1e9, "gb": 1e9, "gib": 1 << 30}


def _parse_size(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    m = _SIZE.match(str(value))
    if not m or (m.group(2) or "").lower() not in _SIZE_UNITS:
        raise ValueError(f"expected a size like '10MB' or '512KiB', got {value!r}")
    return int(float(m.group(1)) * _SIZE_UNITS[(m.group(2) or "").lower()])


ByteSize = Annotated[int, BeforeValidator(_parse_size), AfterValidator(_positive)]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class HttpSettings(_Section):
    timeout: PositiveDuration = timedelta(seconds=20)  # whole request, connect to last byte
    connect_timeout: PositiveDuration = timedelta(seconds=10)
    max_body: ByteSize = 10 * 1024 * 1024  # decoded bytes; bigger bodies are cut off and rejected
    per_host: int = Field(default=4, ge=1, le=64)  # concurrent requests to one host
    max_concurrency: int = Field(default=64, ge=1, le=1024)
    max_redirects: int = Field(default=5, ge=0, le=20)
    user_agent: str = "claimwatch/0.1 (+https://github.com/claimwatch/claimwatch)"
    # cap of the exponential error backoff; 0 (or less than an interval): no backoff
    backoff_max: Duration = timedelta(hours=1)


class ServerSettings(_Section):
    enabled: bool = True
    host: str = "127.0.0.1"
    port: int = Field(default=8787, ge=0, le=65535)


class MonitorSettings(_Section):
    state: Path = Path("data/claimwatch.db")
    interval: PositiveDuration = timedelta(minutes=2)
    max_age: PositiveDuration = timedelta(hours=2)
    dedup_window: PositiveDuration = timedelta(hours=48)
    require_marker: bool = True
    markers: list[str] | None = None  # replaces the built-in marker list when set
    extra_markers: list[str] = []  # added to the built-in list
    followups: list[int] = []  # e.g. [3, 10]: a follow-up when a story reaches N distinct sources
    log_format: Literal["text", "json"] = "text"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    semantic: bool = False  # the optional sentence-embedding tier (extra "semantic")

    @field_validator("followups")
    @classmethod
    def _followups(cls, v: list[int]) -> list[int]:
        if any(n < 2 for n in v):
            raise ValueError("follow-up thresholds count sources and must be 2 or more")
        return sorted(set(v))


_HTTP = ("http", "https")


def check_url(url: str, schemes: tuple[str, ...] = _HTTP) -> str:
    """A URL the daemon will request, refused now rather than at every poll. The messages never
    quote a password or token: only the scheme error shows the URL, scrubbed."""
    for i, c in enumerate(url):
        if c.isspace() or unicodedata.category(c).startswith("C"):  # no header or log injection
            what = "a space" if c == " " else f"a control or space character {c!r}"
            raise ValueError(f"must not contain {what} (character {i + 1})")
    if url.split("://", 1)[0].lower() not in schemes or "://" not in url:
        expected = " or ".join(f"{s}://" for s in schemes)
        raise ValueError(f"must start with {expected}, got {scrub_url(url)!r}")
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError as e:  # the port's error quotes it, and "host:token" puts a token there
        what = "[IPv6 address]" if "IPv" in str(e) else "port (expected 1-65535)"
        raise ValueError(f"is not a valid URL: it has an invalid {what}") from None
    if not host:
        raise ValueError("is not a valid URL: it has no host")
    if port == 0:
        raise ValueError("is not a valid URL: it has an invalid port (expected 1-65535)")
    return url


HttpUrl = Annotated[str, AfterValidator(check_url)]


def _check_bridge(template: str) -> str:
    check_url(template.replace("{account}", "account"))
    if "{account}" not in template:  # every account would read the same feed, or none
        raise ValueError(
            "must contain {account}, where the handle goes "
            "(e.g. https://nitter.example/{account}/rss)"
        )
    return template


SourceKind = Literal["rss", "bluesky", "mastodon", "reddit", "telegram", "x", "jetstream"]
ACCOUNT_KINDS = {"bluesky", "mastodon", "reddit", "telegram", "x"}


class SourceConfig(_Section):
    kind: SourceKind = "rss"
    url: HttpUrl | None = None
    account: str | None = None
    name: Name = ""  # derived from kind and url/account/dids when left empty
    interval: PositiveDuration | None = None
    enabled: bool = True
    # kind "x": URL templates with {account}, tried in order
    bridges: list[Annotated[str, AfterValidator(_check_bridge)]] = []
    instance: str | None = None  # kind bluesky/mastodon: API base override (self-hosted, tests)
    dids: list[str] = []  # kind "jetstream": accounts to follow
    keywords: list[str] = []  # kind "jetstream": cheap prefilter
    # kind "jetstream": AppView that turns authors' DIDs into handles; "" turns lookups off
    appview: str | None = None

    @field_validator("instance")
    @classmethod
    def _instance(cls, v: str | None, info: ValidationInfo) -> str | None:
        # Jetstream's instance is a WebSocket endpoint; the others' an HTTP API base.
        jetstream = info.data.get("kind") == "jetstream"
        return v if v is None else check_url(v, ("wss", "ws", *_HTTP) if jetstream else _HTTP)

    @field_validator("appview")
    @classmethod
    def _appview(cls, v: str | None) -> str | None:
        return check_url(v) if v else v  # "" turns handle lookups off

    @model_validator(mode="after")
    def _shape(self) -> SourceConfig:
        if self.kind == "rss":
            if not self.url:
                raise ValueError("a source of kind 'rss' needs 'url'")
        elif self.kind in ACCOUNT_KINDS and not self.account:
            raise ValueError(f"a source of kind {self.kind!r} needs 'account'")
        elif self.kind == "jetstream":
            if not self.dids and not self.keywords:
                raise ValueError("a source of kind 'jetstream' needs 'dids' or 'keywords'")
            bad = [d for d in self.dids if not d.startswith("did:")]
            if bad:
                raise ValueError(f"dids must look like 'did:plc:…', got {bad[0]!r}")
        if self.kind == "x" and not self.bridges:
            raise ValueError("a source of kind 'x' needs 'bridges' (X has no free API)")
        if not self.name:
            self.name = derive_source_name(self)
        return self

    @model_validator(mode="after")
    def _register_secrets(self) -> SourceConfig:
        # From now on a password or token is scrubbed from every output, also from third-party
        # lines (aiohttp at DEBUG) that quote it outside its URL: at start, reload and `check`.
        for url in (self.url, self.instance, self.appview, *self.bridges):
            if url:
                register_url(url)
        return self


def derive_source_name(src: SourceConfig) -> str:
    if src.kind == "jetstream":
        return f"jetstream:{(src.dids or src.keywords)[0]}"
    if src.account:
        return f"{src.kind}:{src.account.lstrip('@')}"
    if src.url:
        # The name is shown and logged everywhere: no userinfo (a password) and no query (tokens).
        m = re.match(r"^https?://(?:[^/?#]*@)?(?:www\.)?([^/?#]+)([^?#]*)", src.url)
        if m:
            path = m.group(2).strip("/").replace("/", "-")
            return m.group(1) + (f"/{path}" if path else "")
    return src.kind


class TopicConfig(_Section):
    name: Name
    query: str

    @field_validator("query")
    @classmethod
    def _compiles(cls, v: str) -> str:
        from monitor.pipeline.topics import compile_query  # compiled again by the pipeline

        compile_query(v)  # raises ValueError naming the position
        return v


_ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def _check_apprise_url(url: str) -> None:
    """Refuse at load what apprise would refuse at every send: a typo in a scheme would otherwise
    only show as a delivery that retries forever. The message names the scheme, never the URL
    (it holds the secret)."""
    import apprise  # ~0.1 s, only when a notifier is configured

    if apprise.Apprise().add(url):
        return
    scheme = url.split("://", 1)[0] if "://" in url else ""
    hint = (
        "; Microsoft retired Teams webhooks: use a workflows:// URL" if scheme == "msteams" else ""
    )
    what = f"a {scheme}:// URL" if scheme else "this URL (no scheme://)"
    raise ValueError(f"apprise does not accept {what}: check its scheme and form{hint}")


class NotifierConfig(_Section):
    name: Name
    url: str | None = None  # any apprise URL; "${VAR}" is read from the environment
    url_file: Path | None = None  # or a file holding it (Docker/K8s secrets)
    topics: list[str] | None = None  # None: every topic
    markers: list[str] | None = None  # None: any marker
    min_sources: int = Field(default=1, ge=1)
    format: Literal["auto", "text", "markdown", "html", "json"] = "auto"
    template: Path | None = None  # a Jinja2 template (sandboxed) for the body
    rate: str | None = None  # "5/1m": at most 5 in any minute; a burst beyond it becomes a digest
    quiet_hours: str | None = None  # "22:00-07:00" UTC: hold and send as a digest afterwards
    ops: bool = False  # receives source-health and delivery-failure messages

    @model_validator(mode="after")
    def _resolve(self) -> NotifierConfig:
        if self.url_file is not None:
            try:
                self.url = self.url_file.read_text().strip()
            except OSError as e:
                raise ValueError(
                    f"cannot read url_file {str(self.url_file)!r}: {e.strerror}"
                ) from e
        if not self.url:
            raise ValueError("a notifier needs 'url' or 'url_file'")

        def expand(m: re.Match[str]) -> str:
            if m.group(1) not in os.environ:
                raise ValueError(f"url refers to ${{{m.group(1)}}}, which is not set")
            return os.environ[m.group(1)]

        self.url = _ENV_REF.sub(expand, self.url)
        register_url(self.url, notifier=True)  # before apprise sees it: it may log it
        _check_apprise_url(self.url)
        return self

    @field_validator("template")
    @classmethod
    def _template(cls, v: Path | None) -> Path | None:
        # A missing or broken template would only show at send time, as an ERROR and the
        # default body.
        if v is not None:
            try:
                source = v.read_text(encoding="utf-8")
            except OSError as e:
                raise ValueError(f"cannot read {str(v)!r}: {e.strerror or e}") from None
            except UnicodeDecodeError:
                raise ValueError(f"{str(v)!r} is not UTF-8 text") from None
            try:
                Environment().parse(source)  # syntax only: nothing is rendered here
            except TemplateSyntaxError as e:
                raise ValueError(f"{str(v)!r} line {e.lineno}: {e.message}") from None
        return v

    @field_validator("rate")
    @classmethod
    def _rate(cls, v: str | None) -> str | None:
        if v is not None:
            parse_rate(v)
        return v

    @field_validator("quiet_hours")
    @classmethod
    def _quiet_hours(cls, v: str | None) -> str | None:
        if v is not None:  # the outbox would refuse it only when it starts
            parse_quiet_hours(v)
        return v


def parse_rate(text: str) -> tuple[int, timedelta]:
    """'5/1m' -> (5, 60s): at most 5 messages per minute."""
    m = re.fullmatch(r"\s*(\d+)\s*/\s*(\S+)\s*", text)
    if not m or int(m.group(1)) < 1:
        raise ValueError(f"must look like '5/1m' (messages per duration), got {text!r}")
    period = parse_duration(m.group(2))
    if period <= timedelta(0):  # a window of no length would limit nothing
        raise ValueError(f"needs a period greater than zero, got {text!r}")
    return int(m.group(1)), period


_HHMM = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


def parse_quiet_hours(text: str) -> tuple[int, int]:
    """'22:00-07:00' -> (1320, 420): the window's start and end in minutes after midnight UTC."""
    m = _HHMM.match(text)
    if not m:
        raise ValueError(f"must look like '22:00-07:00' (UTC), got {text!r}")
    h1, m1, h2, m2 = (int(g) for g in m.groups())
    # 24:00 may end a window, as in "22:00-24:00"; no other hour past 23
    if h1 > 23 or m1 > 59 or m2 > 59 or h2 > 24 or (h2 == 24 and m2 > 0):
        raise ValueError(f"has an invalid time: {text!r} (hours 0-23, minutes 0-59)")
    return h1 * 60 + m1, h2 * 60 + m2


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_nested_delimiter="__",
        extra="forbid",
        secrets_dir=os.environ.get("CLAIMWATCH_SECRETS_DIR") or None,
    )

    monitor: MonitorSettings = MonitorSettings()
    http: HttpSettings = HttpSettings()
    server: ServerSettings = ServerSettings()
    sources: list[SourceConfig] = []
    topics: list[TopicConfig] = []
    notifiers: list[NotifierConfig] = []

    @model_validator(mode="after")
    def _unique(self) -> Settings:
        for section, names in (
            ("sources", [s.name for s in self.sources]),
            ("topics", [t.name for t in self.topics]),
            ("notifiers", [n.name for n in self.notifiers]),
        ):
            dupes = sorted({n for n in names if names.count(n) > 1 if n})
            if dupes:
                raise ValueError(f"{section}: duplicate name {dupes[0]!r}")
        known = {t.name for t in self.topics}
        for n in self.notifiers:
            for t in n.topics or []:
                if t not in known:
                    raise ValueError(f"notifiers.{n.name}.topics: unknown topic {t!r}")
        return self

    @model_validator(mode="after")
    def _accounts(self) -> Settings:
        """Each account in the form its source kind reads, or every poll would fail.

        The rules are the adapters' own (monitor.sources imports this module, so it is imported
        here, late). Checked for the whole config rather than in SourceConfig, so a source built
        in code still reaches the adapter, which refuses the same accounts at poll time.
        """
        if not any(s.account and s.kind in ACCOUNT_KINDS for s in self.sources):
            return self  # no need to import the adapters (and aiohttp) for a feed-only config
        from monitor.sources import KINDS
        from monitor.sources.accounts import AccountSource

        for i, src in enumerate(self.sources):
            cls = KINDS.get(src.kind)
            if src.account and cls is not None and issubclass(cls, AccountSource):
                error = cls.account_error(src.account, src.instance)
                if error:
                    raise ValueError(f"sources[{i}].account: {error}")
        return self

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # load_settings() names the file through a subclass's model_config (toml_file)
        has_file = settings_cls.model_config.get("toml_file") is not None
        toml = TomlConfigSettingsSource(settings_cls) if has_file else None
        return tuple(s for s in (init_settings, env_settings, file_secret_settings, toml) if s)


class ConfigError(Exception):
    """A config that cannot be used; the message names the file and key."""


def check_state_path(settings: Settings, cfg: Path) -> None:
    """For the commands that write the state: refuse a path the store could not create or
    write, naming the key, rather than fail on opening it. Tries it, as root bypasses modes;
    what it tries leaves nothing behind."""
    path = settings.monitor.state
    if str(path) == ":memory:":
        return
    what = f"{cfg}: monitor.state: cannot write {str(path)!r}"
    if path.is_dir():
        raise ConfigError(f"{what}: it is a directory")
    try:
        if path.exists():
            with path.open("r+b"):
                pass
        directory = path.parent
        if directory.is_dir():  # SQLite's -wal and -shm files go beside the state
            with tempfile.TemporaryFile(dir=directory):
                pass
        else:  # the store creates the missing directories
            while not directory.exists():
                directory = directory.parent
            os.rmdir(tempfile.mkdtemp(dir=directory))
    except OSError as e:
        raise ConfigError(f"{what}: {e.strerror or e}") from None


def resolve_config_path(path: str | Path | None) -> Path:
    return Path(path or os.environ.get("CLAIMWATCH_CONFIG") or DEFAULT_CONFIG)


def load_settings(path: str | Path | None = None) -> Settings:
    cfg = resolve_config_path(path)
    if not cfg.is_file():
        raise ConfigError(f"{cfg}: config file not found")
    try:
        # a syntax error reads better from tomllib than from the settings stack
        with cfg.open("rb") as fh:
            tomllib.load(fh)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{cfg}: not valid TOML: {e}") from e

    class FromFile(Settings):
        model_config = SettingsConfigDict(toml_file=cfg)

    try:
        return FromFile()
    except ValidationError as e:
        raise ConfigError(f"{cfg}: " + "; ".join(_describe(err) for err in e.errors())) from None
    except SettingsError as e:  # a list or table from the environment that is not JSON
        raise ConfigError(_describe_settings_error(e)) from None


_SETTINGS_ERROR = re.compile(r'field "(\w+)" from source "(\w+)"')


def _describe_settings_error(e: SettingsError) -> str:
    """Name the environment variable (or secrets file) whose JSON does not parse, never its
    value: it may hold a notifier URL with its token."""
    m = _SETTINGS_ERROR.search(str(e))
    bad = e.__cause__
    if not m or not isinstance(bad, json.JSONDecodeError):
        return str(e)
    field, source = m.groups()
    var = f"{ENV_PREFIX}{field.upper()}"
    if source.startswith("Secrets"):
        where = f"secrets file {var.lower()} in {Settings.model_config.get('secrets_dir')}"
    else:
        # a nested variable (CLAIMWATCH_MONITOR__MARKERS) is reported under its section: find it
        names = sorted(
            k
            for k, v in os.environ.items()
            if (k.upper() == var or k.upper().startswith(f"{var}__")) and v == bad.doc
        )
        where = "environment variable " + (" or ".join(names) or var)
    return (
        f"{where}: not valid JSON ({bad.msg}: line {bad.lineno}, column {bad.colno}); "
        "a list or table set this way is written in JSON"
    )


def _describe(err: Any) -> str:
    loc = ""
    for part in err.get("loc", ()):
        loc += f"[{part}]" if isinstance(part, int) else (f".{part}" if loc else str(part))
    msg = err.get("msg", "invalid")
    if err.get("type") == "extra_forbidden":
        msg = "unknown key"
    msg = msg.removeprefix("Value error, ")
    return f"{loc}: {msg}" if loc else msg
