"""The weekly digest: one mail per recruiter and ISO week, summary in text, report in HTML."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from mailagent.app import build_app
from mailagent.demo.history import simulate_history
from mailagent.jobs import digest
from mailagent.jobs.digest import send_digests
from mailagent.models import Interview, OutboxMessage, Pipeline
from tests.helpers import make_settings

NOW = datetime(2026, 6, 1, 9, tzinfo=UTC)


def test_each_recruiter_gets_one_digest_a_week(tmp_path: Path) -> None:
    app = build_app(make_settings(tmp_path))
    with app.factory() as s, s.begin():
        simulate_history(s, now=NOW)
    with app.factory() as s, s.begin():
        recruiters = {p.recruiter_email for p in s.scalars(select(Pipeline))}
        assert send_digests(s, app.mailer, now=NOW) == len(recruiters)
    with app.factory() as s, s.begin():
        # The same week again (another tick, another worker): nothing new.
        assert send_digests(s, app.mailer, now=NOW + timedelta(days=2)) == 0
        # Next ISO week, with an interview graded in it: a new round.
        latest = s.scalars(select(Interview).order_by(Interview.graded_at.desc())).first()
        assert latest is not None
        latest.graded_at = NOW + timedelta(days=6)
        assert send_digests(s, app.mailer, now=NOW + timedelta(days=7)) == 1
    with app.factory() as s:
        rows = s.scalars(select(OutboxMessage).where(OutboxMessage.kind == "digest")).all()
        assert sorted({r.to_addrs[0] for r in rows}) == sorted(recruiters)
        first = rows[0]
        msg = message_from_bytes(first.raw, policy=default)
        assert isinstance(msg, EmailMessage)
        assert "weekly insights, 2026-W23" in str(msg["Subject"])
        html = msg.get_body(preferencelist=("html",))
        assert html is not None and "<svg" in html.get_content()
        assert "interviews" in first.body_text and "rejected" in first.body_text
        assert any(line.strip().startswith("- ") for line in first.body_text.splitlines())
    app.close()


def test_no_digest_without_grading_in_the_past_week(tmp_path: Path) -> None:
    app = build_app(make_settings(tmp_path))
    with app.factory() as s, s.begin():
        simulate_history(s, now=NOW)
    with app.factory() as s, s.begin():
        assert send_digests(s, app.mailer, now=NOW + timedelta(days=60)) == 0
    app.close()


def test_a_sent_digest_is_not_built_again_on_later_ticks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = build_app(make_settings(tmp_path))
    with app.factory() as s, s.begin():
        simulate_history(s, now=NOW)
        assert send_digests(s, app.mailer, now=NOW) > 0
    built: list[str] = []
    real = digest.build_insights

    def counting(session: Session, **kw: Any) -> Any:
        built.append(kw["pipeline"])
        return real(session, **kw)

    monkeypatch.setattr(digest, "build_insights", counting)
    with app.factory() as s, s.begin():
        # Every tick of the week asks; the insights of 90 days are not recomputed.
        for hours in (1, 2, 30):
            assert send_digests(s, app.mailer, now=NOW + timedelta(hours=hours)) == 0
    assert built == []
    app.close()
