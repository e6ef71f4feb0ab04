"""Typed settings, loaded once from ``mailagent.toml`` plus ``MAILAGENT_*`` variables.

Environment variables win over the file; nested keys use ``__``
(``MAILAGENT_CLAUDE__MODEL=claude-sonnet-4-6``). Relative paths in the file are taken
relative to the file's folder, so ``cd DIR && mailagent status`` works anywhere.

>>> s = load_settings(None)
>>> s.inbox_url.kind
'maildir'

A bad value is one line naming the key::

    ConfigError: MAILAGENT_SMTP: expected smtp://host:port, smtps://…, or file:PATH, got 'ftp://x'
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import unquote, urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    SettingsError,
)

from mailagent.errors import ConfigError

CONFIG_FILE = "mailagent.toml"
ENV_PREFIX = "MAILAGENT_"


@dataclass(frozen=True)
class InboxURL:
    """``imap[s]://user:pass@host:port/FOLDER`` or ``maildir:PATH``."""

    kind: Literal["imap", "maildir"]
    path: Path | None = None
    host: str = ""
    port: int = 0
    user: str = ""
    password: str = ""
    folder: str = "INBOX"
    tls: Literal["none", "starttls", "tls"] = "none"

    @property
    def name(self) -> str:
        """A stable name for the cursor table: never contains the password."""
        if self.kind == "maildir":
            return f"maildir:{self.path}"
        return f"imap://{self.user}@{self.host}:{self.port}/{self.folder}"


@dataclass(frozen=True)
class SmtpURL:
    """``smtp://[user:pass@]host:port[?starttls=1]``, ``smtps://…`` or ``file:PATH``."""

    kind: Literal["smtp", "file"]
    path: Path | None = None
    host: str = ""
    port: int = 0
    user: str = ""
    password: str = ""
    tls: Literal["none", "starttls", "tls"] = "none"


def parse_inbox_url(value: str, base: Path) -> InboxURL:
    if value.startswith("maildir:"):
        raw = value.removeprefix("maildir:").removeprefix("//")
        if not raw:
            raise ValueError("maildir: needs a path")
        return InboxURL(kind="maildir", path=_resolve(raw, base))
    parts = urlsplit(value)
    if parts.scheme not in ("imap", "imaps", "imap+starttls") or not parts.hostname:
        raise ValueError(
            f"expected imap://user:pass@host:port/FOLDER or maildir:PATH, got {value!r}"
        )
    tls: Literal["none", "starttls", "tls"] = {
        "imap": "none",
        "imaps": "tls",
        "imap+starttls": "starttls",
    }[parts.scheme]  # type: ignore[assignment]
    return InboxURL(
        kind="imap",
        host=parts.hostname,
        port=parts.port or (993 if tls == "tls" else 143),
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        folder=unquote(parts.path.lstrip("/")) or "INBOX",
        tls=tls,
    )


def parse_smtp_url(value: str, base: Path) -> SmtpURL:
    if value.startswith("file:"):
        raw = value.removeprefix("file:").removeprefix("//")
        if not raw:
            raise ValueError("file: needs a path")
        return SmtpURL(kind="file", path=_resolve(raw, base))
    parts = urlsplit(value)
    if parts.scheme not in ("smtp", "smtps", "smtp+starttls") or not parts.hostname:
        raise ValueError(f"expected smtp://host:port, smtps://…, or file:PATH, got {value!r}")
    tls: Literal["none", "starttls", "tls"] = {
        "smtp": "none",
        "smtps": "tls",
        "smtp+starttls": "starttls",
    }[parts.scheme]  # type: ignore[assignment]
    return SmtpURL(
        kind="smtp",
        host=parts.hostname,
        port=parts.port or (465 if tls == "tls" else 25),
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        tls=tls,
    )


def _resolve(raw: str, base: Path) -> Path:
    path = Path(raw).expanduser()
    return path if path.is_absolute() else (base / path)


class ClaudeCapabilities(BaseModel):
    """An override of the built-in capability table for one model-id prefix."""

    model_config = ConfigDict(extra="forbid")

    forced_tool: bool | None = None
    strict_tools: bool | None = None
    structured_output: bool | None = None
    cache_min_tokens: int | None = Field(default=None, gt=0)


class ClaudeSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    model: str = "claude-sonnet-4-6"
    api_key: str | None = None
    base_url: str | None = None
    timeout_s: float = Field(default=30.0, gt=0)
    max_tokens: int = Field(default=1024, gt=0)
    max_attempts: int = Field(default=3, ge=1)
    rephrase: bool = False
    # How long the prompt cache keeps the shared prefix: "1h" pays when replies come
    # more than five minutes apart (writes cost 2x instead of 1.25x; reads 0.1x).
    cache_ttl: Literal["5m", "1h"] = "1h"
    # Model-id prefix -> the capabilities that differ from the built-in table.
    capabilities: dict[str, ClaudeCapabilities] = Field(default_factory=dict)
    # Who hears (at most once a day) that Claude refuses our requests (bad key, unknown
    # model); the pipeline's recruiter when unset.
    admin_email: str | None = None


class WebSettings(BaseModel):
    """The recruiter's page (``mailagent web``)."""

    model_config = ConfigDict(extra="forbid")

    # Signs sign-in links, session cookies and CSRF tokens. Unset: derived from ``secret``
    # (never equal to it). Every instance behind one proxy needs the same value.
    secret: str | None = Field(default=None, min_length=16)
    # May sign in and see every pipeline, beside the recruiters named in R2 files.
    admins: list[str] = Field(default_factory=list)
    # The page's address as recruiters open it, for the link in the sign-in mail
    # (e.g. "https://hire.example.com/mailagent"). Unset: http://HOST:PORT of `mailagent web`.
    base_url: str | None = None
    link_minutes: int = Field(default=15, ge=1, le=60)
    session_hours: int = Field(default=12, ge=1, le=24 * 7)
    # Most sign-in requests per address, and per client IP, in 15 minutes.
    signin_per_address: int = Field(default=5, ge=1)
    signin_per_ip: int = Field(default=30, ge=1)
    # Drafts waiting for the HM's approval longer than this need attention.
    attention_draft_days: int = Field(default=3, ge=1)

    @field_validator("admins")
    @classmethod
    def _lower(cls, value: list[str]) -> list[str]:
        return [a.strip().lower() for a in value if a.strip()]

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError(f"expected http(s)://host[/path], got {value!r}")
        return value.rstrip("/") if value else value


class Settings(BaseSettings):
    """Every setting mailagent reads. Built by :func:`load_settings`, then passed down.

    Keyword arguments (the TOML file's values) are overridden by ``MAILAGENT_*``
    variables; lists and tables come from the environment as JSON
    (``MAILAGENT_REMINDER_DAYS='[1,3,6]'``).
    """

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_nested_delimiter="__", extra="forbid", frozen=True
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # The environment wins over the file, which arrives as init keyword arguments.
        return (env_settings, init_settings)

    base_dir: Path = Field(default_factory=Path.cwd)
    database_url: str = "sqlite:///mailagent.sqlite3"
    inbox: str = "maildir:mail/inbox"
    smtp: str = "file:mail/sent"
    address: str = "feedback@mailagent.localhost"
    display_name: str = "Hiring team"
    brain: Literal["offline", "claude"] = "offline"
    secret: str = Field(default="change-me-please-change-me", min_length=16)
    timezone: str = "UTC"
    # Reminders: days after the request; the recruiter is cc'd from this day on. From the
    # environment as JSON or as a plain list: MAILAGENT_REMINDER_DAYS='1,3,6'.
    reminder_days: Annotated[tuple[int, ...], NoDecode] = (1, 3, 6)
    recruiter_cc_from_day: int = 5
    throttle_after_days: int = 7
    # Caps on what the agent sends to one thread.
    cap_per_hour: int = Field(default=3, ge=1)
    cap_per_day: int = Field(default=10, ge=1)
    max_message_bytes: int = Field(default=25 * 1024 * 1024, gt=0)
    max_mime_parts: int = Field(default=100, gt=0)
    max_mime_depth: int = Field(default=10, gt=0)
    # Seconds one inbound message may take (checked between parse, strip, route, guards and
    # handler) before it is quarantined and the batch goes on.
    message_budget_s: float = Field(default=10.0, gt=0)
    # Where set, the topmost Authentication-Results must be from this id and show dmarc=pass
    # for the From domain, or dkim=pass signed by it or its organisational domain.
    authserv_id: str | None = None
    # An out-of-office pauses reminders until its stated return date, for at most this long.
    ooo_max_pause_days: int = Field(default=30, ge=1, le=365)
    # interviewer address -> addresses allowed to answer for them.
    delegates: dict[str, list[str]] = Field(default_factory=dict)
    approval_expiry_days: int = Field(default=7, ge=1)
    feedback_deadline_days: int = Field(default=10, ge=1)
    publishing_webhook: str | None = None
    poll_interval_s: float = Field(default=60.0, gt=0)
    tick_interval_s: float = Field(default=60.0, gt=0)
    imap_processed_folder: str | None = None
    imap_quarantine_folder: str | None = None
    imap_sent_folder: str | None = None
    # Plain-text IMAP login to a host that is not loopback is refused unless this is true.
    imap_allow_plaintext: bool = False
    # Keep an IMAP IDLE connection open so new mail is polled within seconds; the
    # interval poll stays as the fallback. Ignored for a Maildir inbox.
    imap_idle: bool = True
    smtp_timeout_s: float = Field(default=30.0, gt=0)
    claude: ClaudeSettings = Field(default_factory=ClaudeSettings)
    web: WebSettings = Field(default_factory=WebSettings)
    # Calendar invitations: the company's mail domains (attendees there are interviewers,
    # and only organizers there may book), as a list or MAILAGENT_INTERNAL_DOMAINS='a,b'.
    internal_domains: Annotated[tuple[str, ...], NoDecode] = ()
    # The pipeline of an invitation without an [R2:<id>] tag: by organizer (or recruiter)
    # address first, then the site default; with neither, the organizer is asked.
    default_pipeline: str | None = None
    default_pipelines: dict[str, str] = Field(default_factory=dict)

    @field_validator("reminder_days", mode="before")
    @classmethod
    def _day_list(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        text = value.strip()
        if text.startswith("["):
            try:
                return json.loads(text)
            except json.JSONDecodeError as exc:
                raise ValueError(f"expected a list of days like 1,3,6, got {value!r}") from exc
        parts = [p.strip() for p in text.split(",") if p.strip()]
        if not parts or not all(p.isdigit() for p in parts):
            raise ValueError(f"expected a list of days like 1,3,6, got {value!r}")
        return [int(p) for p in parts]

    @field_validator("internal_domains", mode="before")
    @classmethod
    def _domain_list(cls, value: object) -> object:
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                try:
                    value = json.loads(text)
                except json.JSONDecodeError as exc:
                    raise ValueError(f"expected domains like hire.example, got {value!r}") from exc
            else:
                value = [p.strip() for p in text.split(",") if p.strip()]
        if not isinstance(value, list | tuple):
            return value
        domains = []
        for item in value:
            name = str(item).strip().lower().lstrip("@")
            if "." not in name or "@" in name or " " in name:
                raise ValueError(f"expected a domain like hire.example, got {item!r}")
            domains.append(name)
        return domains

    @field_validator("default_pipelines", mode="after")
    @classmethod
    def _lower_keys(cls, value: dict[str, str]) -> dict[str, str]:
        return {k.strip().lower(): v for k, v in value.items()}

    @field_validator("database_url")
    @classmethod
    def _db_url(cls, value: str) -> str:
        if not (value.startswith("sqlite") or value.startswith("postgresql")):
            raise ValueError(f"expected sqlite:///PATH or postgresql+psycopg://…, got {value!r}")
        return value

    @field_validator("inbox")
    @classmethod
    def _inbox(cls, value: str) -> str:
        parse_inbox_url(value, Path("."))
        return value

    @field_validator("smtp")
    @classmethod
    def _smtp(cls, value: str) -> str:
        parse_smtp_url(value, Path("."))
        return value

    @field_validator("address")
    @classmethod
    def _address(cls, value: str) -> str:
        local, at, domain = value.partition("@")
        if not at or not local or "." not in domain or "+" in local:
            raise ValueError(f"expected an address like feedback@example.com, got {value!r}")
        return value.lower()

    @property
    def inbox_url(self) -> InboxURL:
        return parse_inbox_url(self.inbox, self.base_dir)

    @property
    def smtp_url(self) -> SmtpURL:
        return parse_smtp_url(self.smtp, self.base_dir)

    @property
    def resolved_database_url(self) -> str:
        """SQLite paths are relative to the config folder."""
        prefix = "sqlite:///"
        if self.database_url.startswith(prefix):
            raw = self.database_url.removeprefix(prefix)
            if raw and raw != ":memory:" and not raw.startswith("/"):
                return prefix + str((self.base_dir / raw).resolve())
        return self.database_url

    @property
    def domain(self) -> str:
        return self.address.partition("@")[2]


def find_config(start: Path | None = None) -> Path | None:
    """``$MAILAGENT_CONFIG``, else ``mailagent.toml`` in the current folder."""
    explicit = os.environ.get("MAILAGENT_CONFIG")
    if explicit:
        return Path(explicit)
    candidate = (start or Path.cwd()) / CONFIG_FILE
    return candidate if candidate.exists() else None


def load_settings(config_path: Path | None) -> Settings:
    """Load the file (if any), overlay ``MAILAGENT_*`` variables, validate once."""
    data: dict[str, Any] = {}
    base = Path.cwd()
    source = "defaults"
    if config_path is not None:
        source = str(config_path)
        try:
            data = tomllib.loads(config_path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError(f"{config_path}: cannot read: {exc.strerror}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{config_path}: invalid TOML: {exc}") from exc
        base = config_path.resolve().parent
    data.setdefault("base_dir", base)
    try:
        return Settings(**data)
    except SettingsError as exc:
        # pydantic-settings could not decode an environment value (JSON for a table or
        # list); its message names the field.
        cause = exc.__cause__ or exc
        raise ConfigError(f"{_env_name_in(str(exc))}: {str(cause).splitlines()[0]}") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(str(p) for p in first["loc"])
        env_name = ENV_PREFIX + "__".join(loc).upper()
        key = env_name if env_name in os.environ else f"{source}: {'.'.join(loc)}"
        msg = str(first["msg"]).removeprefix("Value error, ")
        raise ConfigError(f"{key}: {msg}") from exc


def _env_name_in(message: str) -> str:
    """``error parsing value for field "delegates" …`` → ``MAILAGENT_DELEGATES``."""
    field = message.split('"')[1] if message.count('"') >= 2 else "?"
    return ENV_PREFIX + field.upper()
