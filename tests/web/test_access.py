"""Recruiter A cannot read or act on recruiter B's pipeline by changing an id in a URL,
and every state-changing request needs the session's CSRF token."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from mailagent.models import AuditEvent, Escalation, MailMessage, OutboxMessage, OutboxState
from tests.web.site import ADMIN, LENA, OMAR, Site, csrf_of, sign_in


def object_pages(ids: object) -> list[str]:
    i = ids  # an Ids of tests/web/site.py
    return [
        f"/threads/{i.thread}",  # type: ignore[attr-defined]
        f"/messages/{i.message}",  # type: ignore[attr-defined]
        f"/messages/{i.message}/raw",  # type: ignore[attr-defined]
        f"/messages/{i.quarantined}",  # type: ignore[attr-defined]
        f"/outbox/{i.outbox}",  # type: ignore[attr-defined]
        f"/outbox/{i.outbox}/raw",  # type: ignore[attr-defined]
        f"/outbox/{i.raw_out}/raw",  # type: ignore[attr-defined]
        f"/escalations/{i.escalation}",  # type: ignore[attr-defined]
        f"/interviews/{i.interview}",  # type: ignore[attr-defined]
        f"/feedback/{i.pipeline}/{i.candidate}",  # type: ignore[attr-defined]
        f"/insights/report?pipeline={i.pipeline}",  # type: ignore[attr-defined]
        f"/interviews?pipeline={i.pipeline}",  # type: ignore[attr-defined]
    ]


def test_every_object_page_of_another_pipeline_is_not_found(site: Site) -> None:
    lena = site.client()
    sign_in(site, lena, LENA)
    for path in object_pages(site.lena):
        assert lena.get(path).status_code in (200, 303), path
    for path in object_pages(site.omar):
        response = lena.get(path)
        assert response.status_code == 404, path
        assert "Ann" not in response.text and "hm.data" not in response.text, path


def test_lists_show_only_the_recruiters_own_pipelines(site: Site) -> None:
    lena = site.client()
    sign_in(site, lena, LENA)
    for path in (
        "/",
        "/interviews",
        "/escalations",
        "/feedback",
        "/quarantine",
        "/insights",
        "/publishing",
    ):
        text = lena.get(path).text
        assert "hm.data@" not in text and "cand-data" not in text and "iv-data" not in text, path
    assert "iv-devops" in lena.get("/interviews").text


def test_an_admin_sees_every_pipeline(site: Site) -> None:
    admin = site.client()
    sign_in(site, admin, ADMIN)
    for path in object_pages(site.lena) + object_pages(site.omar):
        assert admin.get(path).status_code in (200, 303), path
    listed = admin.get("/interviews").text
    assert "iv-devops" in listed and "iv-data" in listed


ACTIONS = [
    ("/escalations/{escalation}/review", {"note": "seen"}),
    ("/outbox/{outbox}/resolve", {"outcome": "sent"}),
    ("/messages/{quarantined}/replay", {}),
]


@pytest.mark.parametrize(("path", "form"), ACTIONS)
def test_no_action_on_another_recruiters_pipeline(
    site: Site, path: str, form: dict[str, str]
) -> None:
    lena = site.client()
    sign_in(site, lena, LENA)
    csrf = csrf_of(lena.get("/").text)
    target = path.format(**vars(site.omar))
    response = lena.post(target, data={**form, "csrf": csrf})
    assert response.status_code == 404
    with site.app.factory() as session:
        assert session.get(Escalation, site.omar.escalation).reviewed_at is None  # type: ignore[union-attr]
        assert session.get(OutboxMessage, site.omar.outbox).state is OutboxState.UNCERTAIN  # type: ignore[union-attr]
        assert session.get(MailMessage, site.omar.quarantined).disposition.value == "quarantined"  # type: ignore[union-attr]
        assert (
            session.scalars(select(AuditEvent.action).where(AuditEvent.action != "signed_in")).all()
            == []
        )


@pytest.mark.parametrize(("path", "form"), ACTIONS)
def test_a_post_without_the_csrf_token_is_403(site: Site, path: str, form: dict[str, str]) -> None:
    lena = site.client()
    sign_in(site, lena, LENA)
    target = path.format(**vars(site.lena))
    assert lena.post(target, data=form).status_code == 403
    assert lena.post(target, data={**form, "csrf": "forged"}).status_code == 403
    # A token from another session does not pass either.
    omar = site.client()
    sign_in(site, omar, OMAR)
    foreign = csrf_of(omar.get("/").text)
    assert lena.post(target, data={**form, "csrf": foreign}).status_code == 403
    with site.app.factory() as session:
        assert session.get(Escalation, site.lena.escalation).reviewed_at is None  # type: ignore[union-attr]
        assert session.get(OutboxMessage, site.lena.outbox).state is OutboxState.UNCERTAIN  # type: ignore[union-attr]


def test_a_post_without_a_session_is_403(site: Site) -> None:
    client = site.client()
    for path, form in ACTIONS:
        assert client.post(path.format(**vars(site.lena)), data=form).status_code == 403


def test_state_changes_need_post(site: Site) -> None:
    lena = site.client()
    sign_in(site, lena, LENA)
    for path, _ in ACTIONS:
        assert lena.get(path.format(**vars(site.lena))).status_code == 405
