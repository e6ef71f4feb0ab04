"""The site a command runs in: its settings, the App built from them, and ``--now``.

Front ends (the CLI, its stage commands, the recruiter's page) call these; nothing here
imports a front end, so the stage packages' command modules need not import ``cli``.

>>> parse_now("2026-11-23T09:00:00Z").isoformat()
'2026-11-23T09:00:00+00:00'
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from mailagent.app import App, build_app
from mailagent.config import CONFIG_FILE, Settings, find_config, load_settings
from mailagent.errors import ConfigError, MailagentError


def settings() -> Settings:
    """The site's settings; commands that work on a site refuse to run outside one (they
    would otherwise create an empty database in whatever folder they were run from)."""
    path = find_config()
    if path is None:
        raise ConfigError(
            f"no {CONFIG_FILE} here (nor $MAILAGENT_CONFIG): run `mailagent init DIR` to "
            "create a site, then run this command inside DIR"
        )
    return load_settings(path)


def open_app(**kwargs: Any) -> App:
    return build_app(settings(), **kwargs)


def parse_now(value: str | None) -> datetime:
    if value is None:
        return datetime.now(UTC)
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise MailagentError(f"--now: {value!r} is not an ISO 8601 time") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
