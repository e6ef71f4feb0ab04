"""Sign-in by a mailed link: who may, what a link is worth, how the session is kept."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from mailagent.models import AuditEvent, SignInLink
from tests.web.site import ADMIN, LENA, Site, ask_link, csrf_of, sign_in


def test_without_a_session_every_page_is_the_sign_in_page(site: Site) -> None:
    client = site.client()
    for path in (
        "/",
        "/interviews",
        "/escalations",
        f"/threads/{site.lena.thread}",
        f"/messages/{site.lena.message}/raw",
        "/feedback",
        "/quarantine",
        "/insights",
        "/publishing",
        f"/outbox/{site.lena.outbox}",
    ):
        response = client.get(path)
        assert response.status_code == 303 and response.headers["location"] == "/signin", path
    page = client.get("/signin")
    assert page.status_code == 200 and "Mail me a sign-in link" in page.text


def test_a_recruiter_signs_in_through_the_mailed_link(site: Site) -> None:
    client = site.client()
    sign_in(site, client, LENA)
    cookie = next(c for c in client.cookies.jar if c.name == "ma_session")
    assert cookie.has_nonstandard_attr("HttpOnly")
    home = client.get("/")
    assert home.status_code == 200 and "Needs attention" in home.text and LENA in home.text
    with site.app.factory() as session:
        assert session.scalars(select(AuditEvent.action).where(AuditEvent.actor == LENA)).all() == [
            "signed_in"
        ]


def test_the_session_cookie_is_httponly_samesite_strict(site: Site) -> None:
    client = site.client()
    page = client.get("/signin")
    link = ask_link(site, client, LENA, csrf_of(page.text))
    confirm = client.get(link)
    done = client.post(link, data={"csrf": csrf_of(confirm.text)})
    header = done.headers["set-cookie"].lower()
    assert "ma_session=" in header and "httponly" in header and "samesite=strict" in header
    assert "secure" not in header  # plain http here; behind https it is set


def test_behind_https_the_cookie_is_secure(site: Site) -> None:
    from starlette.testclient import TestClient

    from mailagent.web.server import create_app

    client = TestClient(
        create_app(site.app, base_url="https://hire.example", clock=site.clock),
        base_url="https://testserver",
        follow_redirects=False,
    )
    page = client.get("/signin")
    assert "secure" in page.headers["set-cookie"].lower()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(site: Site) -> None:
    client = site.client()
    csrf = csrf_of(client.get("/signin").text)
    known = client.post("/signin", data={"email": LENA, "csrf": csrf})
    unknown = client.post("/signin", data={"email": "mallory@evil.example", "csrf": csrf})
    assert known.status_code == unknown.status_code == 200
    assert "a link is on its way" in unknown.text
    assert site.mailed_links("mallory@evil.example") == []


def test_an_admin_from_settings_may_sign_in(site: Site) -> None:
    client = site.client()
    sign_in(site, client, ADMIN)
    assert "(admin)" in client.get("/").text


def test_a_used_link_is_refused(site: Site) -> None:
    client = site.client()
    csrf = csrf_of(client.get("/signin").text)
    link = ask_link(site, client, LENA, csrf)
    confirm = client.get(link)
    assert client.post(link, data={"csrf": csrf_of(confirm.text)}).status_code == 303
    other = site.client()
    again = other.get(link)
    reused = other.post(link, data={"csrf": csrf_of(again.text)})
    assert reused.status_code == 400 and "used already" in reused.text
    assert "ma_session" not in reused.headers.get("set-cookie", "")


def test_an_expired_link_is_refused(site: Site) -> None:
    client = site.client()
    csrf = csrf_of(client.get("/signin").text)
    link = ask_link(site, client, LENA, csrf)
    confirm = client.get(link)
    site.clock.now += timedelta(minutes=15)
    expired = client.post(link, data={"csrf": csrf_of(confirm.text)})
    assert expired.status_code == 400 and "expired" in expired.text
    assert client.get(link).status_code == 400
    assert client.get("/").status_code == 303


def test_a_tampered_link_is_refused(site: Site) -> None:
    client = site.client()
    csrf = csrf_of(client.get("/signin").text)
    link = ask_link(site, client, LENA, csrf)
    body, mac = link.removeprefix("/signin/").split(".")
    # The same link for another address, with the signature left as it was.
    import base64
    import json

    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    payload["e"] = ADMIN
    forged = base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode()
    for bad in (f"/signin/{forged}.{mac}", f"/signin/{body}.{mac[:-2]}xx", "/signin/garbage"):
        assert client.get(bad).status_code == 400, bad
        refused = client.post(bad, data={"csrf": csrf})
        assert refused.status_code == 400 and "not valid" in refused.text, bad
    assert client.get("/").status_code == 303


def test_a_forged_session_cookie_is_no_session(site: Site) -> None:
    client = site.client()
    client.cookies.set("ma_session", "eyJlIjoib3BzQGV4YW1wbGUuY29tIn0.c2lnbmF0dXJl")
    assert client.get("/").status_code == 303


def test_an_expired_session_is_no_session(site: Site) -> None:
    client = site.client()
    sign_in(site, client, LENA)
    site.clock.now += timedelta(hours=12)
    assert client.get("/").status_code == 303


def test_sign_in_requests_are_limited_per_address_and_per_ip(site: Site) -> None:
    client = site.client()
    csrf = csrf_of(client.get("/signin").text)
    answers = [
        client.post("/signin", data={"email": LENA, "csrf": csrf}).status_code for _ in range(6)
    ]
    assert answers == [200] * 5 + [429]
    assert len(site.mailed_links(LENA)) == 5
    # Other addresses from the same IP run into the per-IP limit (30 in 15 minutes).
    codes = [
        client.post("/signin", data={"email": f"x{i}@example.com", "csrf": csrf}).status_code
        for i in range(30)
    ]
    # 5 for Lena + 25 more reach 30; refused requests are not counted again.
    assert codes.count(429) == 5 and codes[-1] == 429
    with site.app.factory() as session:
        assert len(session.scalars(select(SignInLink)).all()) == 30
    # Fifteen minutes later the address may ask again.
    site.clock.now += timedelta(minutes=16)
    assert client.post("/signin", data={"email": LENA, "csrf": csrf}).status_code == 200


def test_sign_in_post_without_csrf_is_403(site: Site) -> None:
    client = site.client()
    client.get("/signin")
    assert client.post("/signin", data={"email": LENA}).status_code == 403
    assert site.mailed_links(LENA) == []


def test_a_bad_address_is_one_clear_line(site: Site) -> None:
    client = site.client()
    csrf = csrf_of(client.get("/signin").text)
    response = client.post("/signin", data={"email": "not an address", "csrf": csrf})
    assert response.status_code == 400 and "enter an email address" in response.text


def test_sign_out_needs_csrf_and_ends_the_session_in_this_browser(site: Site) -> None:
    client = site.client()
    sign_in(site, client, LENA)
    assert client.post("/signout", data={}).status_code == 403
    home = client.get("/")
    out = client.post("/signout", data={"csrf": csrf_of(home.text)})
    assert out.status_code == 303
    assert client.get("/").status_code == 303
