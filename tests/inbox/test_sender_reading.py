"""The From and Sender fields read as RFC 5322 draws them: one mailbox or no sender."""

from __future__ import annotations

import pytest

from mailagent.inbox.sender import normalize_address, read_sender

GRACE = "grace.obi@example.com"


@pytest.mark.parametrize(
    ("from_values", "sender_values", "address", "problem"),
    [
        (["Grace <grace.obi@example.com>"], [], GRACE, None),
        ([" GRACE.OBI@Example.COM "], [], GRACE, None),
        (["grace.obi@ex\u00e4mple.com"], [], "grace.obi@xn--exmple-cua.com", None),
        (["a@example.com", "b@example.com"], [], "", "2 From fields"),
        ([], [], "", "0 From fields"),
        (["a@example.com, b@example.com"], [], "", "From holds 2 mailboxes"),
        (["undisclosed:;"], [], "", "From uses group syntax"),
        (['"a b"@example.com'], [], "", "From mailbox is not a plain local@host address"),
        (["a@example.com"], ["b@example.com"], "", "Sender differs from From"),
        (["a@example.com"], ["a@example.com", "a@example.com"], "", "2 Sender fields"),
        (["a@example.com\x00"], [], "a@example.com", None),
        (["x" * 3000 + "@example.com"], [], "", "From is longer than 1000 characters"),
    ],
)
def test_read_sender(
    from_values: list[str], sender_values: list[str], address: str, problem: str | None
) -> None:
    sender = read_sender(from_values, sender_values)
    assert (sender.address, sender.problem) == (address, problem)


def test_a_malformed_from_names_its_defect() -> None:
    problem = read_sender(["grace.obi@example.com <attacker@evil.example>"], []).problem
    assert problem is not None and problem.startswith("From is malformed")


def test_normalize_address_keeps_idn_and_case_apart_from_lookalikes() -> None:
    assert normalize_address("Grace.Obi@EXAMPLE.com") == GRACE
    assert normalize_address("grace.obi@ex\u0430mple.com") != GRACE
    assert normalize_address("grace..obi@example.com") == ""
    assert normalize_address("grace.obi@-example.com") == ""
