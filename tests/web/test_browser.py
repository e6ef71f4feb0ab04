"""The recruiter's page in a real browser: Debian's headless Chromium, driven by Selenium
through Debian's chromium-driver (no browser or driver download), against a real uvicorn
server on the site ``mailagent demo --dir`` leaves. Screenshots of each step are saved in
the test's tmp folder (``screens/``) as artefacts."""

from __future__ import annotations

import email
import email.policy
import io
import mailbox
import re
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from sqlalchemy import select

from mailagent.app import App
from mailagent.db import transaction
from mailagent.models import Escalation, Interview, OutboxMessage, OutboxState
from tests.helpers import free_port

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
RECRUITER = "rob.kaplan@demo.example"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (Path(CHROMIUM).exists() and Path(DRIVER).exists()),
        reason="needs Debian's chromium and chromium-driver (scripts/test installs them)",
    ),
]


@pytest.fixture
def demo_site(tmp_path: Path) -> Iterator[App]:
    from mailagent.demo.run import play, prepare

    app = prepare(tmp_path / "demo")
    play(app, Console(file=io.StringIO()))
    # One candidate mail left uncertain by a crash, as a worker would leave it.
    with transaction(app.factory) as session:
        iv = session.get(Interview, "demo-3")
        assert iv is not None
        session.add(
            OutboxMessage(
                message_id="<cf.demo@hire.demo.example>",
                dedupe_key=f"application:{iv.pipeline_id}:{iv.candidate_id}",
                kind="candidate_feedback",
                sender="Hiring team <feedback@hire.demo.example>",
                to_addrs=["candidate@home.example"],
                subject="Your interview",
                raw=b"Subject: Your interview\r\n\r\nDear candidate\r\n",
                body_text="Dear candidate",
                candidate_facing=True,
                state=OutboxState.UNCERTAIN,
            )
        )
    yield app
    app.close()


@pytest.fixture
def server(demo_site: App) -> Iterator[str]:
    import uvicorn

    from mailagent.web.server import create_app

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    srv = uvicorn.Server(
        uvicorn.Config(
            create_app(demo_site, base_url=base), host="127.0.0.1", port=port, log_level="warning"
        )
    )
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    _wait(lambda: srv.started, what="uvicorn to start")
    yield base
    srv.should_exit = True
    thread.join(timeout=30)


@pytest.fixture
def browser() -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-extensions",
        "--disable-component-update",
        "--no-first-run",
        "--window-size=1280,1000",
    ):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def _wait(check: Any, *, what: str, limit_s: float = 60) -> None:
    """Wait for a condition (never for a time): poll until it holds, fail past the limit."""
    deadline = time.monotonic() + limit_s
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


def _mailed_link(sent: Path, to: str, base: str) -> str:
    for msg in mailbox.Maildir(sent, factory=None, create=False):
        parsed = email.message_from_bytes(bytes(msg), policy=email.policy.default)
        if to in str(parsed["To"]) and "sign-in link" in str(parsed["Subject"]):
            body = parsed.get_body(("plain",))
            assert body is not None
            found = re.search(re.escape(base) + r"/signin/\S+", body.get_content())
            if found:
                return found.group(0)
    raise AssertionError(f"no sign-in link mailed to {to}")


def test_a_recruiter_works_through_the_demo_in_chromium(
    demo_site: App, server: str, browser: Any, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    screens = tmp_path / "screens"
    screens.mkdir()
    wait = WebDriverWait(browser, 30)

    def shot(name: str) -> None:
        browser.save_screenshot(str(screens / f"{name}.png"))

    # Sign in through the mailed link.
    browser.get(server + "/")
    wait.until(ec.presence_of_element_located((By.NAME, "email")))
    browser.find_element(By.NAME, "email").send_keys(RECRUITER)
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait.until(ec.presence_of_element_located((By.ID, "sent")))
    shot("1-link-sent")
    sent = demo_site.settings.smtp_url.path
    assert sent is not None
    browser.get(_mailed_link(sent, RECRUITER, server))
    wait.until(ec.element_to_be_clickable((By.ID, "confirm"))).click()

    # Needs attention: the demo's escalation and the uncertain mail are there.
    wait.until(ec.title_is("Needs attention"))
    shot("2-needs-attention")
    page = browser.page_source
    assert "Escalations not reviewed" in page and RECRUITER in page
    with demo_site.factory() as session:
        esc = session.scalars(select(Escalation)).one()
    escalation_link = browser.find_element(By.CSS_SELECTOR, f'a[href="/escalations/{esc.id}"]')

    # Open the escalation's thread.
    escalation_link.click()
    wait.until(ec.presence_of_element_located((By.ID, "review")))
    browser.find_element(By.LINK_TEXT, "Open the thread").click()
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".entry.in")))
    shot("3-thread")
    assert "escalate" in browser.page_source
    browser.back()

    # Mark it reviewed with a note.
    wait.until(ec.presence_of_element_located((By.ID, "note"))).send_keys("Spoke to the HM.")
    browser.find_element(By.ID, "review").click()
    wait.until(ec.presence_of_element_located((By.ID, "reviewed")))
    shot("4-escalation-reviewed")
    with demo_site.factory() as session:
        reviewed = session.get(Escalation, esc.id)
        assert reviewed is not None and reviewed.reviewed_by == RECRUITER

    # Settle the uncertain mail: it was sent.
    browser.get(server + "/")
    with demo_site.factory() as session:
        row = session.scalars(
            select(OutboxMessage).where(OutboxMessage.state == OutboxState.UNCERTAIN)
        ).one()
    wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, f'a[href="/outbox/{row.id}"]'))).click()
    wait.until(ec.element_to_be_clickable((By.ID, "settle-sent"))).click()
    wait.until(ec.text_to_be_present_in_element((By.ID, "state"), "sent"))
    shot("5-uncertain-settled")
    with demo_site.factory() as session:
        settled = session.get(OutboxMessage, row.id)
        assert settled is not None and settled.state is OutboxState.SENT
    assert sorted(p.name for p in screens.iterdir()) == [
        "1-link-sent.png",
        "2-needs-attention.png",
        "3-thread.png",
        "4-escalation-reviewed.png",
        "5-uncertain-settled.png",
    ]
