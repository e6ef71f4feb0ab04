"""Why a message is not authenticated: one line a recruiter can read."""

from __future__ import annotations

import pytest

from mailagent.inbox.authentication import authentication_problem, organisational_domain

MX = "mx.hire.example"


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ([], "no Authentication-Results"),
        (["mx.evil.example; dkim=pass header.d=example.com"],
         "topmost Authentication-Results is from 'mx.evil.example'"),
        ([f"{MX}; dkim=pass (open"], "Authentication-Results cannot be parsed (SyntaxError)"),
        ([f"{MX}; dkim=pass header.d=evil.example"],
         "no dmarc=pass for example.com and no aligned dkim=pass"),
        ([f"{MX}; " + "x" * 5000], "Authentication-Results longer than 4096 characters"),
    ],
)
def test_the_reason_is_one_line(fields: list[str], reason: str) -> None:
    problem = authentication_problem(fields, authserv_id=MX, from_domain="example.com")
    assert problem == reason
    assert "\n" not in problem


def test_an_idn_from_domain_compares_in_a_labels() -> None:
    field = f"{MX}; dmarc=pass header.from=xn--bcher-kva.example"
    assert authentication_problem([field], authserv_id=MX, from_domain="bücher.example") is None


@pytest.mark.parametrize(
    ("domain", "org"),
    [("eu.example.com", "example.com"), ("a.b.example.co.uk", "example.co.uk"),
     ("team.github.io", "team.github.io")],
)
def test_organisational_domain_uses_the_public_suffix_list(domain: str, org: str) -> None:
    assert organisational_domain(domain) == org
