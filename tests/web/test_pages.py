"""Every page renders for its recruiter, every action does what the CLI does and leaves an
audit event, and no text that came from mail, resumes or R2 files reaches the page as
markup."""

from __future__ import annotations

from sqlalchemy import select

from mailagent.models import AuditEvent, Escalation, MailMessage, OutboxMessage, OutboxState
from tests.web.site import LENA, XSS, Site, csrf_of, sign_in

PAGES = [
    "/",
    "/interviews",
    "/escalations",
    "/escalations?reviewed=1",
    "/feedback",
    "/quarantine",
    "/insights",
    "/publishing",
]


def object_pages(site: Site) -> list[str]:
    i = site.lena
    return [
        f"/threads/{i.thread}",
        f"/messages/{i.message}",
        f"/messages/{i.quarantined}",
        f"/outbox/{i.outbox}",
        f"/escalations/{i.escalation}",
        f"/feedback/{i.pipeline}/{i.candidate}",
        f"/insights/report?pipeline={i.pipeline}",
    ]


def test_every_page_escapes_text_from_mail_resumes_and_r2_files(site: Site) -> None:
    lena = site.client()
    sign_in(site, lena, LENA)
    for path in PAGES + object_pages(site):
        response = lena.get(path)
        assert response.status_code == 200, path
        assert "<script>" not in response.text and "<img src=x" not in response.text, path
        assert response.headers["x-frame-options"] == "DENY"
        assert "script-src" not in response.headers["content-security-policy"]
        assert response.headers["referrer-policy"] == "no-referrer"
    thread = lena.get(f"/threads/{site.lena.thread}").text
    assert "&lt;script&gt;alert(" in thread  # shown, as text


def test_raw_mail_is_plain_text_that_no_browser_renders(site: Site) -> None:
    lena = site.client()
    sign_in(site, lena, LENA)
    for path in (f"/messages/{site.lena.message}/raw", f"/outbox/{site.lena.outbox}/raw"):
        response = lena.get(path)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/plain")
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "sandbox" in response.headers["content-security-policy"]
        assert XSS in response.text  # the bytes as they came


def test_needs_attention_lists_each_kind_with_where_to_settle_it(site: Site) -> None:
    lena = site.client()
    sign_in(site, lena, LENA)
    home = lena.get("/").text
    for href in (
        f'href="/escalations/{site.lena.escalation}"',
        f'href="/outbox/{site.lena.outbox}"',
        f'href="/messages/{site.lena.quarantined}"',
        f'href="/interviews/{site.lena.interview}"',
        'href="/publishing#devops"',
    ):
        assert href in home, href


def test_the_thread_shows_every_mail_in_and_out_with_assessment_and_verdicts(site: Site) -> None:
    lena = site.client()
    sign_in(site, lena, LENA)
    text = lena.get(f"/threads/{site.lena.thread}").text
    assert "He is too old." in text  # the reply's visible text
    assert "Please answer." in text  # the reminder we sent
    assert "move <strong>escalate</strong>" in text
    assert "not_met" in text and "reminders sent 1" in text
    assert f'href="/messages/{site.lena.message}/raw"' in text
    assert text.index("He is too old.") < text.index("Please answer.")  # in time order


def test_marking_an_escalation_reviewed_records_who_and_the_note(site: Site) -> None:
    lena = site.client()
    sign_in(site, lena, LENA)
    page = lena.get(f"/escalations/{site.lena.escalation}")
    done = lena.post(
        f"/escalations/{site.lena.escalation}/review",
        data={"note": f"Talked to Grace {XSS}", "csrf": csrf_of(page.text)},
    )
    assert done.status_code == 303
    after = lena.get(f"/escalations/{site.lena.escalation}").text
    assert "Reviewed by lena.brandt@example.com" in after and "<script>" not in after
    again = lena.post(
        f"/escalations/{site.lena.escalation}/review", data={"note": "x", "csrf": csrf_of(after)}
    )
    assert again.status_code == 409
    with site.app.factory() as session:
        esc = session.get(Escalation, site.lena.escalation)
        assert esc is not None and esc.reviewed_by == LENA
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "escalation_reviewed")
        ).one()
        assert (event.actor, event.subject, event.pipeline_id) == (
            LENA,
            f"escalation:{site.lena.escalation}",
            "devops",
        )
    assert f'href="/escalations/{site.lena.escalation}"' not in lena.get("/").text


def test_settling_an_uncertain_mail_as_outbox_resolve_does(site: Site) -> None:
    lena = site.client()
    sign_in(site, lena, LENA)
    page = lena.get(f"/outbox/{site.lena.outbox}")
    assert "It was sent" in page.text
    assert (
        lena.post(
            f"/outbox/{site.lena.outbox}/resolve",
            data={"outcome": "maybe", "csrf": csrf_of(page.text)},
        ).status_code
        == 409
    )
    done = lena.post(
        f"/outbox/{site.lena.outbox}/resolve",
        data={"outcome": "resend", "csrf": csrf_of(page.text)},
    )
    assert done.status_code == 303
    with site.app.factory() as session:
        row = session.get(OutboxMessage, site.lena.outbox)
        assert row is not None and row.state is OutboxState.PENDING
        assert session.scalars(
            select(AuditEvent.detail).where(AuditEvent.action == "outbox_resolved")
        ).all() == ["resend"]
    # Settled once: no longer uncertain, so a second settlement is refused.
    again = lena.post(
        f"/outbox/{site.lena.outbox}/resolve", data={"outcome": "sent", "csrf": csrf_of(page.text)}
    )
    assert again.status_code == 404


def test_candidate_feedback_shows_versions_lint_and_delivery_but_never_approves(site: Site) -> None:
    lena = site.client()
    sign_in(site, lena, LENA)
    text = lena.get(f"/feedback/{site.lena.pipeline}/{site.lena.candidate}").text
    assert "Version 1" in text and "Lint:" in text and f"#{site.lena.outbox}" in text
    assert "approve" not in text.lower().replace("approval", "").replace("approves", "").replace(
        "approver", ""
    ).replace("approved", "")


def test_replay_follows_mailagent_replay_rules(site: Site) -> None:
    lena = site.client()
    sign_in(site, lena, LENA)
    accepted = lena.get(f"/messages/{site.lena.message}")
    refused = lena.post(
        f"/messages/{site.lena.message}/replay", data={"csrf": csrf_of(accepted.text)}
    )
    assert refused.status_code == 409 and "answered already" in refused.text
    page = lena.get(f"/messages/{site.lena.quarantined}")
    assert "ParseError" in page.text and "Subject" in page.text
    done = lena.post(f"/messages/{site.lena.quarantined}/replay", data={"csrf": csrf_of(page.text)})
    assert done.status_code == 200 and f"message {site.lena.quarantined}:" in done.text
    with site.app.factory() as session:
        row = session.get(MailMessage, site.lena.quarantined)
        assert row is not None and row.disposition.value != "pending"
        assert session.scalars(
            select(AuditEvent.subject).where(AuditEvent.action == "message_replayed")
        ).all() == [f"message:{site.lena.quarantined}"]


def test_interviews_filter_and_page(site: Site) -> None:
    lena = site.client()
    sign_in(site, lena, LENA)
    assert "iv-devops" in lena.get("/interviews?state=overdue").text
    assert "iv-devops" not in lena.get("/interviews?state=graded").text
    assert "iv-devops" in lena.get("/interviews?week=2026-W47").text
    assert "iv-devops" not in lena.get("/interviews?week=2026-W40").text
    assert "iv-devops" in lena.get("/interviews?interviewer=HM.devops@example.com").text
    assert lena.get("/interviews?week=nonsense").status_code == 404
    assert lena.get("/interviews?state=nonsense").status_code == 404


def test_interview_pages_are_disjoint_and_cover_every_interview(site: Site) -> None:
    import re
    from datetime import timedelta

    from mailagent.db import transaction
    from mailagent.models import Interview
    from tests.web.site import NOW

    with transaction(site.app.factory) as session:
        for n in range(120):
            session.add(
                Interview(
                    id=f"iv-p{n:03d}",
                    pipeline_id="devops",
                    candidate_id="cand-devops",
                    interviewer_email="x@example.com",
                    held_at=NOW - timedelta(hours=n // 2),
                )
            )
    lena = site.client()
    sign_in(site, lena, LENA)
    seen: list[str] = []
    url = "/interviews?pipeline=devops"
    while url:
        text = lena.get(url).text
        seen += re.findall(r'href="/interviews/(iv-[^"]+)"', text)
        nxt = re.search(r'id="next" href="([^"]+)"', text)
        url = nxt.group(1).replace("&amp;", "&") if nxt else ""
    assert len(seen) == len(set(seen)) == 121
