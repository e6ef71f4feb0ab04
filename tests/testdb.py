"""Which database the suite runs on, and a fresh PostgreSQL schema for each test that asks.

``MAILAGENT_TEST_DB=postgres`` (or ``pytest --db postgres``) makes ``make_settings`` point
every test at a schema of its own in the ``test`` database on 127.0.0.1:5432, created on
demand and dropped when the test ends (``tests/conftest.py``). A schema plus the Alembic
migrations costs about 0.13 s; a database per test costs about twice that.

>>> fresh_name().startswith("t_")
True
"""

from __future__ import annotations

import itertools
import os
import uuid
import weakref

from sqlalchemy import Connection, Engine, event, text

from mailagent.db import make_engine

ENV = "MAILAGENT_TEST_DB"
ADMIN_URL = os.environ.get(
    "MAILAGENT_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)

_counter = itertools.count()
_created: list[str] = []
_admin: list[Engine] = []
_engines: weakref.WeakSet[Engine] = weakref.WeakSet()


@event.listens_for(Engine, "engine_connect")
def _track(conn: Connection) -> None:
    # Tests that forget ``app.close()`` leave pooled PostgreSQL connections behind, which
    # psycopg reports as a ResourceWarning (an error here); teardown disposes them.
    if conn.engine.dialect.name == "postgresql" and conn.engine not in _admin:
        _engines.add(conn.engine)


def backend() -> str:
    """``"sqlite"`` (the default) or ``"postgres"``."""
    value = os.environ.get(ENV, "sqlite").strip().lower() or "sqlite"
    if value not in ("sqlite", "postgres"):
        raise ValueError(f"{ENV}: expected sqlite or postgres, got {value!r}")
    return value


def fresh_name() -> str:
    """A schema name unique to this process and call, e.g. ``t_4242_3_9f1c2a``."""
    return f"t_{os.getpid()}_{next(_counter)}_{uuid.uuid4().hex[:6]}"


def admin() -> Engine:
    if not _admin:
        _admin.append(make_engine(ADMIN_URL, isolation_level="AUTOCOMMIT"))
    return _admin[0]


def url_for_schema(name: str) -> str:
    """The URL of ``ADMIN_URL``'s database with ``name`` as the only search path."""
    sep = "&" if "?" in ADMIN_URL else "?"
    return f"{ADMIN_URL}{sep}options=-csearch_path%3D{name}"


def fresh_database_url() -> str:
    """Create an empty schema and return a URL that works inside it (dropped at teardown)."""
    name = fresh_name()
    with admin().connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{name}"'))
    _created.append(name)
    return url_for_schema(name)


def drop_created() -> None:
    """Drop every schema made since the last call; a leaked open transaction fails loudly."""
    for engine in list(_engines):
        engine.dispose()
    _engines.clear()
    if not _created:
        return
    names = list(_created)
    _created.clear()
    with admin().connect() as conn:
        conn.execute(text("SET lock_timeout = '10s'"))
        for name in names:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))


def dispose() -> None:
    drop_created()
    while _admin:
        _admin.pop().dispose()
