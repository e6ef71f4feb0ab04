"""Settings: embedded defaults, file + environment, and one-line errors naming the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from mailagent.config import load_settings
from mailagent.errors import ConfigError


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    for name in list(os.environ):
        if name.startswith("MAILAGENT_"):
            monkeypatch.delenv(name)


def test_defaults_are_local_and_offline(tmp_path: Path) -> None:
    cfg = tmp_path / "mailagent.toml"
    cfg.write_text("")
    s = load_settings(cfg)
    assert s.brain == "offline"
    assert s.inbox_url.kind == "maildir" and s.inbox_url.path == tmp_path / "mail/inbox"
    assert s.smtp_url.kind == "file" and s.smtp_url.path == tmp_path / "mail/sent"
    assert s.resolved_database_url == f"sqlite:///{tmp_path.resolve()}/mailagent.sqlite3"


def test_environment_overrides_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "mailagent.toml"
    cfg.write_text('brain = "offline"\nsmtp = "file:out"\n[claude]\nmodel = "a"\n')
    monkeypatch.setenv("MAILAGENT_SMTP", "smtp://mx.example.com:2525")
    monkeypatch.setenv("MAILAGENT_CLAUDE__MODEL", "claude-sonnet-4-6")
    monkeypatch.setenv("MAILAGENT_REMINDER_DAYS", "[2, 4]")
    s = load_settings(cfg)
    assert (s.smtp_url.kind, s.smtp_url.host, s.smtp_url.port) == ("smtp", "mx.example.com", 2525)
    assert s.claude.model == "claude-sonnet-4-6"
    assert s.reminder_days == (2, 4)


def test_imap_url_is_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAILAGENT_INBOX", "imaps://hr%40x.com:p%40ss@imap.x.com/Feedback")
    url = load_settings(None).inbox_url
    assert (url.kind, url.tls, url.host, url.port, url.user, url.password, url.folder) == (
        "imap",
        "tls",
        "imap.x.com",
        993,
        "hr@x.com",
        "p@ss",
        "Feedback",
    )


@pytest.mark.parametrize(
    ("env", "value", "message"),
    [
        ("MAILAGENT_SMTP", "ftp://x", "MAILAGENT_SMTP: expected smtp://"),
        ("MAILAGENT_INBOX", "pop3://x", "MAILAGENT_INBOX: expected imap://"),
        ("MAILAGENT_BRAIN", "gpt", "MAILAGENT_BRAIN: Input should be 'offline' or 'claude'"),
        ("MAILAGENT_DATABASE_URL", "mysql://x", "MAILAGENT_DATABASE_URL: expected sqlite"),
        ("MAILAGENT_ADDRESS", "not-an-address", "MAILAGENT_ADDRESS: expected an address"),
        ("MAILAGENT_CAP_PER_HOUR", "0", "MAILAGENT_CAP_PER_HOUR: Input should be greater"),
        ("MAILAGENT_SECRET", "short", "MAILAGENT_SECRET: String should have at least 16"),
    ],
)
def test_a_bad_environment_value_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, env: str, value: str, message: str
) -> None:
    monkeypatch.setenv(env, value)
    with pytest.raises(ConfigError) as err:
        load_settings(None)
    assert str(err.value).startswith(message)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('brain = "gpt"\n', "brain: Input should be"),
        ("typo_key = 1\n", "typo_key: Extra inputs are not permitted"),
        ("[claude]\ntimeout_s = -1\n", "claude.timeout_s: Input should be greater than 0"),
        ("brain = \n", "invalid TOML"),
    ],
)
def test_a_bad_file_value_names_the_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    cfg = tmp_path / "mailagent.toml"
    cfg.write_text(text)
    with pytest.raises(ConfigError) as err:
        load_settings(cfg)
    assert str(err.value).startswith(f"{cfg}: ")
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_settings(tmp_path / "nope.toml")
