"""Suite-wide switches: which database the tests run on (``--db`` / ``MAILAGENT_TEST_DB``).

``pytest --db postgres`` runs every test that builds its settings with
``tests.helpers.make_settings`` on a fresh PostgreSQL schema; tests marked ``sqlite_only``
(they check SQLite files or pragmas) skip there, and tests marked ``postgres`` skip when
PostgreSQL does not answer.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from tests import testdb


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--db",
        choices=("sqlite", "postgres"),
        default=None,
        help="database for the suite (default: $MAILAGENT_TEST_DB or sqlite)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only: checks SQLite itself; skipped on --db postgres"
    )
    chosen = config.getoption("--db")
    if chosen:
        os.environ[testdb.ENV] = chosen


def pytest_report_header(config: pytest.Config) -> str:
    return f"mailagent test database: {testdb.backend()}"


def postgres_answers() -> bool:
    try:
        with testdb.admin().connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception:
        return False
    return True


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    on_postgres = testdb.backend() == "postgres"
    needs_pg = on_postgres or any(item.get_closest_marker("postgres") for item in items)
    pg_up = postgres_answers() if needs_pg else False
    if on_postgres and not pg_up:
        raise pytest.UsageError(f"--db postgres: nothing answers at {testdb.ADMIN_URL}")
    for item in items:
        if on_postgres and item.get_closest_marker("sqlite_only"):
            item.add_marker(
                pytest.mark.skip(reason="checks SQLite itself; the run is on PostgreSQL")
            )
        if item.get_closest_marker("postgres") and not pg_up:
            item.add_marker(
                pytest.mark.skip(reason=f"PostgreSQL does not answer at {testdb.ADMIN_URL}")
            )


@pytest.fixture(autouse=True)
def _drop_test_schemas() -> Iterator[None]:
    """Schemas made for this test by ``make_settings`` go when it ends (after its own fixtures)."""
    yield
    testdb.drop_created()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    testdb.dispose()
