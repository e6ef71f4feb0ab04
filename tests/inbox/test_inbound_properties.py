"""Properties over generated hostile input: display names never attribute, and the
readers of senders, Authentication-Results and out-of-office notes never raise."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.headerregistry import Address
from email.policy import default

from hypothesis import given, settings
from hypothesis import strategies as st

from mailagent.inbox.authentication import authentication_problem
from mailagent.inbox.ooo import has_ooo_phrase, is_ooo_subject, return_date
from mailagent.inbox.sender import read_sender

GRACE = "grace.obi@example.com"
ATTACKER = "attacker@evil.example"
NOW = datetime(2025, 6, 2, tzinfo=UTC)

# Text an attacker would put in a display name: Grace's address, angle brackets,
# commas, quotes, comments, encoded-word markers, line breaks and NULs among letters.
hostile = st.text(
    alphabet=st.sampled_from(list('grace.obi@example.com<>,;:"()\\=?_ \r\n\t\x00äЖ')),
    max_size=120,
) | st.builds(lambda a, b: a + GRACE + b, st.text(max_size=20), st.text(max_size=20))


@given(display=hostile)
@settings(max_examples=300, deadline=None)
def test_a_display_name_never_attributes(display: str) -> None:
    clean = display.replace("\r", " ").replace("\n", " ").replace("\x00", "")
    # The From a mail client writes: the name quoted or encoded as RFC 2047 needs.
    field = default.header_factory(
        "From", Address(display_name=clean, addr_spec=ATTACKER)
    ).fold(policy=default.clone(max_line_length=998))
    value = field.split(":", 1)[1].strip()

    sender = read_sender([value], [])

    assert sender.address in (ATTACKER, "")
    assert sender.address != GRACE


@given(from_value=st.text(max_size=300), sender_value=st.text(max_size=100))
@settings(max_examples=300, deadline=None)
def test_reading_any_from_never_raises_and_gives_one_line(
    from_value: str, sender_value: str
) -> None:
    sender = read_sender([from_value], [sender_value] if sender_value else [])
    assert (sender.address == "") == (sender.problem is not None)
    assert "\n" not in (sender.problem or "")


@given(field=st.text(max_size=400))
@settings(max_examples=300, deadline=None)
def test_any_authentication_results_field_is_read_without_raising(field: str) -> None:
    problem = authentication_problem(
        ["mx.hire.example; " + field], authserv_id="mx.hire.example", from_domain="example.com"
    )
    assert problem is None or "\n" not in problem


@given(text=st.text(max_size=600))
@settings(max_examples=300, deadline=None)
def test_out_of_office_readers_never_raise(text: str) -> None:
    is_ooo_subject(text)
    has_ooo_phrase(text)
    found = return_date(text, now=NOW)
    # Only a date still ahead is a return date.
    assert found is None or found >= NOW - timedelta(days=1)
