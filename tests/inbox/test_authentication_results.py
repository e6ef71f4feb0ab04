"""Authentication-Results that mean something: our server's topmost verdict, aligned with
the From domain (RFC 8601, DMARC's alignment), read by a real parser.

The site runs with ``authserv_id = "mx.hire.example"``. Grace's replies carry our MX's
verdict; Mallory forges the From and dresses the header up: a DKIM pass for her own
domain, "dkim=pass" inside the envelope sender, a pass from another server, a pass in a
lower field, a DMARC pass for another From.
"""

from __future__ import annotations

import pytest

from mailagent.models import Disposition
from tests.inbox.conftest import AppFactory, FakeBrain, reply_on, run_one, seed_interview

GRACE = "grace.obi@example.com"
MX = "mx.hire.example"

FORGED = {
    # Finding 3: a DKIM pass for the attacker's own domain, DMARC failing for Grace's.
    "dkim_pass_for_another_domain": [
        f"{MX}; dkim=pass header.d=evil.example; dmarc=fail header.from=example.com"
    ],
    # Finding 3: "dkim=pass" spelled inside the envelope sender's local part.
    "dkim_pass_inside_mailfrom": [
        f"{MX}; spf=pass smtp.mailfrom=dkim=pass@evil.example; dkim=none; "
        "dmarc=fail header.from=example.com"
    ],
    "dkim_pass_inside_quoted_mailfrom": [
        f'{MX}; spf=pass smtp.mailfrom="dkim=pass header.d=example.com"@evil.example'
    ],
    "dkim_pass_in_a_comment": [f"{MX}; dkim=fail (dkim=pass header.d=example.com)"],
    "spf_pass_only": [f"{MX}; spf=pass smtp.mailfrom=example.com"],
    "dmarc_pass_for_another_from": [f"{MX}; dmarc=pass header.from=evil.example"],
    "dmarc_pass_without_header_from": [f"{MX}; dmarc=pass"],
    "dkim_pass_for_a_public_suffix": [f"{MX}; dkim=pass header.d=com"],
    "dkim_pass_for_a_subdomain_only": [f"{MX}; dkim=pass header.d=mail.example.com"],
    "dkim_pass_with_two_signing_domains": [
        f"{MX}; dkim=pass header.d=evil.example header.d=example.com"
    ],
    "pass_from_another_server": ["mx.evil.example; dkim=pass header.d=example.com"],
    "authserv_id_as_a_suffix": [f"evil.{MX}; dkim=pass header.d=example.com"],
    # Our MX's verdict is on top; the forged pass sits in a lower field.
    "pass_in_a_lower_field": [
        f"{MX}; dkim=fail header.d=example.com; dmarc=fail header.from=example.com",
        f"{MX}; dkim=pass header.d=example.com; dmarc=pass header.from=example.com",
    ],
    # Another server's field on top: ours below cannot be told from a forgery.
    "ours_below_another": [
        "relay.example.net; none",
        f"{MX}; dkim=pass header.d=example.com",
    ],
    "unparseable": [f"{MX}; dkim=pass (unclosed comment header.d=example.com"],
    "deeply_nested_comments": [f"{MX}; dkim=pass " + "(" * 5000 + ")" * 5000],
    "overlong": [f"{MX}; dkim=pass header.d=example.com; " + "x=y; " * 2000],
    "none": [],
}

GENUINE = {
    "dmarc_pass": [f"{MX}; spf=fail; dkim=none; dmarc=pass header.from=example.com"],
    "dkim_pass_aligned": [f"{MX}; dkim=pass header.d=example.com header.s=s1"],
    "gmail_style_header_i": [
        f"{MX}; dkim=pass header.i=@example.com header.s=20230601 header.b=AbCd; "
        "spf=pass smtp.mailfrom=grace.obi@example.com"
    ],
    "case_and_folding": ["MX.HIRE.EXAMPLE;\r\n\tDKIM=Pass header.d=EXAMPLE.COM"],
    "with_comments_and_version": [
        f"{MX} 1 (our MX); dkim=pass (2048-bit key) header.d=example.com; "
        "dmarc=pass (p=reject) header.from=example.com"
    ],
}


def _deliver(make_site: AppFactory, fields: list[str], *, sender: str = GRACE) -> tuple[
    Disposition, str | None, list[str]
]:
    brain = FakeBrain()
    app = make_site(brain=brain, authserv_id=MX)
    seeded = seed_interview(app, interviewer=GRACE)
    raw = reply_on(seeded, sender=sender, body="Strong SQL.")
    head = b"".join(f"Authentication-Results: {f}\r\n".encode() for f in fields)
    row = run_one(app, head + raw)
    return row.disposition, row.rule, brain.calls


@pytest.mark.parametrize("case", sorted(FORGED))
def test_a_forged_or_misaligned_pass_does_not_authenticate(
    make_site: AppFactory, case: str
) -> None:
    disposition, rule, calls = _deliver(make_site, FORGED[case])

    assert (disposition, rule) == (Disposition.UNATTRIBUTED, "unauthenticated")
    assert calls == []


@pytest.mark.parametrize("case", sorted(GENUINE))
def test_our_servers_aligned_pass_authenticates_grace(make_site: AppFactory, case: str) -> None:
    disposition, _rule, calls = _deliver(make_site, GENUINE[case])

    assert disposition is Disposition.ACCEPTED
    assert calls == ["Strong SQL."]


def test_dkim_by_the_organisational_domain_covers_a_subdomain_sender(
    make_site: AppFactory,
) -> None:
    # Grace writes from eu.example.com; example.com signs for its subdomains.
    brain = FakeBrain()
    app = make_site(brain=brain, authserv_id=MX)
    seeded = seed_interview(app, interviewer="grace@eu.example.com")
    raw = reply_on(seeded, sender="grace@eu.example.com", body="Strong SQL.")
    field = f"Authentication-Results: {MX}; dkim=pass header.d=example.com\r\n".encode()

    assert run_one(app, field + raw).disposition is Disposition.ACCEPTED


def test_a_dmarc_pass_for_the_from_the_mx_read_is_no_pass_for_the_from_we_read(
    make_site: AppFactory,
) -> None:
    """The MX evaluated one From (example.com); the message shows another (Grace's
    example.org). header.from must be the From domain we attribute."""
    brain = FakeBrain()
    app = make_site(brain=brain, authserv_id=MX)
    seeded = seed_interview(app, interviewer="grace.obi@example.org")
    raw = reply_on(seeded, sender="grace.obi@example.org", body="Strong SQL.")
    field = f"Authentication-Results: {MX}; dmarc=pass header.from=example.com\r\n".encode()

    row = run_one(app, field + raw)

    assert (row.disposition, row.rule) == (Disposition.UNATTRIBUTED, "unauthenticated")
    assert brain.calls == []
