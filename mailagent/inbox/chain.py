"""The inbound chain: rules in table order; the first that claims a message decides.

Read top to bottom: loops are dropped; a delivery-status report is a bounce; automated
mail is never answered (any sign makes it automated, and only then is its kind read, so a
null Return-Path does not hide an out-of-office); then the mail must route to a thread,
come from one attributable mailbox, be authenticated (where configured) and come from
someone allowed to speak on the thread. What is left is accepted.

An out-of-office is trusted to pause reminders only when its sender passes the same
checks a reply must pass (one mailbox; authenticated where an authserv-id is set);
otherwise it is stored as plain automated mail.
"""

from __future__ import annotations

from collections.abc import Callable

from mailagent.inbox.rules import (
    Finding,
    GuardInput,
    Verdict,
    authenticated,
    automated,
    delivery_status,
    known_sender,
    loop,
    one_sender,
    routed,
    trusted_out_of_office,
)

Rule = Callable[[GuardInput], Finding | None]

RULES: tuple[Rule, ...] = (
    loop,  # our own mail coming back → drop
    delivery_status,  # multipart/report; report-type=delivery-status → bounce
    automated,  # any automation sign → out-of-office (by subject, marker, body) or automated
    routed,  # no thread → unattributed
    one_sender,  # From must be one mailbox; a Sender must name the same one → else unattributed
    authenticated,  # authserv-id's topmost A-R must pass for the From domain → else unattributed
    known_sender,  # From must be the interviewer, a delegate or the recruiter
)


def run_chain(message: GuardInput) -> Finding:
    for rule in RULES:
        finding = rule(message)
        if finding is not None:
            return trusted_out_of_office(message, finding)
    return Finding(Verdict.ACCEPT, "accept")
