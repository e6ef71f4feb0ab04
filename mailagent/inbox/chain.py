"""The inbound chain: rules in table order; the first that claims a message decides.

Read top to bottom: loops are dropped, automated mail is never answered, then the mail
must route to a thread, come from someone allowed to speak on it, and (where configured)
be authenticated. What is left is accepted.
"""

from __future__ import annotations

from collections.abc import Callable

from mailagent.inbox.rules import (
    Finding,
    GuardInput,
    Verdict,
    authenticated,
    auto_submitted,
    autoreply_headers,
    delivery_status,
    known_sender,
    loop,
    mailing_list,
    null_return_path,
    out_of_office_subject,
    routed,
)

Rule = Callable[[GuardInput], Finding | None]

RULES: tuple[Rule, ...] = (
    loop,  # our own mail coming back → drop
    delivery_status,  # DSN, MAILER-DAEMON, postmaster → bounce
    null_return_path,  # Return-Path: <> → automated
    auto_submitted,  # Auto-Submitted other than "no" → automated / out-of-office
    autoreply_headers,  # X-Autoreply, Precedence: auto_reply|bulk|junk|list → automated
    mailing_list,  # List-Id → automated
    out_of_office_subject,  # "Out of office" with no header → out-of-office
    routed,  # no thread → unattributed
    authenticated,  # configured authserv-id must show dkim/dmarc=pass → else unattributed
    known_sender,  # From must be the interviewer, a delegate or the recruiter
)


def run_chain(message: GuardInput) -> Finding:
    for rule in RULES:
        finding = rule(message)
        if finding is not None:
            return finding
    return Finding(Verdict.ACCEPT, "accept")
