"""kill -9 between the SMTP server's 250 and the commit: the candidate gets exactly one mail.

A real subprocess delivers to a real aiosmtpd server through a transport that reports on
its stdout once ``send`` has returned (the 250 is in) and then stalls before the commit;
the test SIGKILLs it there. The restarted delivery finds the row past its lease, marks it
``uncertain`` and sends nothing; the recruiter is asked, or the Sent folder answers.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from mailagent.app import App
from mailagent.db import transaction
from mailagent.jobs.approval import application_key
from mailagent.jobs.reconcile import reconcile_uncertain
from mailagent.models import OutboxMessage, OutboxState
from mailagent.outbox.queue import LEASE, deliver_due, resolve_uncertain
from tests.jobs.conftest import RECRUITER, T0, add_candidate, add_pipeline, make_app
from tests.outbox.conftest import ScriptedSmtp

CANDIDATE = "ann@home.example"
ROOT = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent(
    """
    import sys, time
    from datetime import datetime
    from mailagent.config import Settings
    from mailagent.db import make_engine, session_factory
    from mailagent.outbox.queue import deliver_due
    from mailagent.outbox.transport import SmtpTransport

    db, smtp, now = sys.argv[1], sys.argv[2], datetime.fromisoformat(sys.argv[3])
    settings = Settings(database_url=db, smtp=smtp, secret="x" * 32)

    class StallAfterSend:
        def __init__(self, inner):
            self.inner = inner

        def send(self, raw, *, sender, recipients):
            result = self.inner.send(raw, sender=sender, recipients=recipients)
            print("sent", flush=True)
            time.sleep(60)
            return result

    factory = session_factory(make_engine(db))
    deliver_due(factory, StallAfterSend(SmtpTransport(settings.smtp_url, timeout_s=5)), now=now)
    print("committed", flush=True)
    """
)


# The same child with a batch: it reports each accepted mail ("sent 1", "sent 2", …) and
# stalls after the second, before that mail's commit: a kill in the middle of a batch.
CHILD_MID_BATCH = textwrap.dedent(
    """
    import sys, time
    from datetime import datetime
    from mailagent.config import Settings
    from mailagent.db import make_engine, session_factory
    from mailagent.outbox.queue import deliver_due
    from mailagent.outbox.transport import SmtpTransport

    db, smtp, now = sys.argv[1], sys.argv[2], datetime.fromisoformat(sys.argv[3])
    settings = Settings(database_url=db, smtp=smtp, secret="x" * 32)

    class StallAfterSecond:
        def __init__(self, inner):
            self.inner = inner
            self.sent = 0

        def send(self, raw, *, sender, recipients):
            result = self.inner.send(raw, sender=sender, recipients=recipients)
            self.sent += 1
            print("sent", self.sent, flush=True)
            if self.sent == 2:
                time.sleep(60)
            return result

    factory = session_factory(make_engine(db))
    deliver_due(factory, StallAfterSecond(SmtpTransport(settings.smtp_url, timeout_s=5)), now=now)
    print("committed", flush=True)
    """
)


def _enqueue_candidate_mail(app: App) -> int:
    with transaction(app.factory) as s:
        add_pipeline(s)
        add_candidate(s)
        row = app.mailer.queue(
            s,
            kind="candidate_feedback",
            template="candidate_feedback",
            to=[CANDIDATE],
            subject="Your application for Backend Engineer",
            now=T0,
            context={},
            text="Dear Ann,\n\nThank you.\n",
            candidate_facing=True,
            dedupe_key=application_key("backend", "ann"),
        )
        return int(row.id)


def _crash_after_250(
    app: App, smtp: ScriptedSmtp, *, child_code: str = CHILD, wait_for: str = "sent"
) -> None:
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            child_code,
            app.settings.resolved_database_url,
            smtp.url,
            T0.isoformat(),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        start_new_session=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline().strip()
        while line and line != wait_for:
            line = child.stdout.readline().strip()
        assert line == wait_for, child.stderr.read() if child.stderr else ""
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=10) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            os.kill(child.pid, signal.SIGKILL)
            child.wait()
        for stream in (child.stdout, child.stderr):
            if stream is not None:
                stream.close()


def _state(app: App, row_id: int) -> OutboxState:
    with app.factory() as s:
        row = s.get(OutboxMessage, row_id)
        assert row is not None
        return row.state


def test_kill_9_after_250_then_restart_sends_nothing_more(
    tmp_path: Path, smtp: ScriptedSmtp
) -> None:
    app = make_app(tmp_path, smtp=smtp.url, smtp_timeout_s=5)
    try:
        row_id = _enqueue_candidate_mail(app)
        _crash_after_250(app, smtp)
        assert len(smtp.messages(CANDIDATE)) == 1
        assert _state(app, row_id) is OutboxState.SENDING

        # A restart inside the lease leaves the row alone; after it, the row is uncertain.
        report = deliver_due(app.factory, app.transport, now=T0 + timedelta(minutes=1))
        assert report.sent == 0 and _state(app, row_id) is OutboxState.SENDING
        report = deliver_due(app.factory, app.transport, now=T0 + LEASE + timedelta(seconds=1))
        assert report.stale == 1 and report.sent == 0
        assert _state(app, row_id) is OutboxState.UNCERTAIN
        for hours in (1, 24, 24 * 30):
            deliver_due(app.factory, app.transport, now=T0 + timedelta(hours=hours))
        assert len(smtp.messages(CANDIDATE)) == 1

        # With no Sent folder the recruiter is asked, once.
        with transaction(app.factory) as s:
            asked = reconcile_uncertain(s, app.mailer, None, now=T0 + timedelta(hours=1))
        with transaction(app.factory) as s:
            again = reconcile_uncertain(s, app.mailer, None, now=T0 + timedelta(hours=2))
        assert asked == {"confirmed": [], "asked": [row_id]} and again["asked"] == []
        deliver_due(app.factory, app.transport, now=T0 + timedelta(hours=3))
        (question,) = smtp.messages(RECRUITER)
        assert f"outbox resolve {row_id} --sent" in question.get_body().get_content()  # type: ignore[union-attr]

        # The recruiter checked: it did arrive.
        with transaction(app.factory) as s:
            resolve_uncertain(s, outbox_id=row_id, sent=True, now=T0 + timedelta(hours=4))
        assert _state(app, row_id) is OutboxState.SENT
        assert len(smtp.messages(CANDIDATE)) == 1
    finally:
        app.close()


class _SentFolder:
    def __init__(self, ids: set[str]) -> None:
        self.ids = ids
        self.asked: list[str] = []

    def contains(self, message_id: str) -> bool:
        self.asked.append(message_id)
        return message_id in self.ids


def test_the_sent_folder_settles_an_uncertain_row(tmp_path: Path, smtp: ScriptedSmtp) -> None:
    app = make_app(tmp_path, smtp=smtp.url, smtp_timeout_s=5)
    try:
        row_id = _enqueue_candidate_mail(app)
        _crash_after_250(app, smtp)
        deliver_due(app.factory, app.transport, now=T0 + LEASE + timedelta(seconds=1))
        with app.factory() as s:
            message_id = s.scalar(
                select(OutboxMessage.message_id).where(OutboxMessage.id == row_id)
            )
        folder = _SentFolder({str(message_id)})
        with transaction(app.factory) as s:
            result = reconcile_uncertain(s, app.mailer, folder, now=T0 + timedelta(hours=1))
        assert result == {"confirmed": [row_id], "asked": []}
        assert _state(app, row_id) is OutboxState.SENT and folder.asked == [message_id]
        deliver_due(app.factory, app.transport, now=T0 + timedelta(hours=2))
        assert len(smtp.messages(CANDIDATE)) == 1 and smtp.messages(RECRUITER) == []
    finally:
        app.close()


def test_kill_9_mid_batch_leaves_one_candidate_mail_uncertain(
    tmp_path: Path, smtp: ScriptedSmtp
) -> None:
    """Ten approved candidate mails due at once; the worker is killed after the second is
    accepted. Only that one is uncertain: the eight never tried go out on restart."""
    app = make_app(tmp_path, smtp=smtp.url, smtp_timeout_s=5)
    try:
        with transaction(app.factory) as s:
            add_pipeline(s)
            for n in range(10):
                app.mailer.queue(
                    s,
                    kind="candidate_feedback",
                    template="candidate_feedback",
                    to=[f"cand{n}@home.example"],
                    subject="Your application for Backend Engineer",
                    now=T0,
                    context={},
                    text="Dear candidate,\n\nThank you.\n",
                    candidate_facing=True,
                    dedupe_key=f"application:backend:c{n}",
                )
        _crash_after_250(app, smtp, child_code=CHILD_MID_BATCH, wait_for="sent 2")
        assert len(smtp.messages()) == 2

        report = deliver_due(app.factory, app.transport, now=T0 + LEASE + timedelta(seconds=1))
        assert report.stale == 1 and report.sent == 8
        with app.factory() as s:
            states = sorted(s.scalars(select(OutboxMessage.state)))
        assert states.count(OutboxState.UNCERTAIN) == 1
        assert states.count(OutboxState.SENT) == 9
        received = [m["To"] for m in smtp.messages()]
        assert len(received) == len(set(received)) == 10
    finally:
        app.close()
