"""Guard rules: each reads one message (and its route) and may claim a disposition.

Each rule is a small named function; ``chain.RULES`` lists them in the order they run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from mailagent.inbox.parse import InboundEmail


class Verdict(StrEnum):
    AUTO = "auto"  # automated mail: never answered
    OUT_OF_OFFICE = "out_of_office"  # automated; pauses reminders until the return date
    BOUNCE = "bounce"  # delivery failure: flag the address, tell the recruiter
    LOOP = "loop"  # our own mail coming back: dropped
    UNATTRIBUTED = "unattributed"  # stored, changes nothing; the recruiter is told once
    ACCEPT = "accept"


@dataclass(frozen=True)
class Finding:
    verdict: Verdict
    rule: str
    detail: str = ""


@dataclass(frozen=True)
class Attribution:
    """Who may speak on the routed thread, and who did."""

    thread_id: int | None
    via: str | None  # "token", "references", "subject"
    allowed: frozenset[str]
    recruiter: str | None
    role: str | None  # "interviewer", "delegate", "recruiter", "approver" or None


@dataclass(frozen=True)
class GuardInput:
    email: InboundEmail
    own_address: str
    attribution: Attribution
    authserv_id: str | None = None


_OOO_SUBJECT = re.compile(
    r"\b(out of (the )?office|automatic reply|auto(matic)?[- ]?reply|autoreply|on vacation|"
    r"on leave|abwesenheit|absence|r[ée]ponse automatique|fuera de la oficina|"
    r"risposta automatica|automatisch antwoord|poza biurem)\b",
    re.IGNORECASE,
)


def loop(m: GuardInput) -> Finding | None:
    """Our own mail (or another mailagent's) coming back to us."""
    sender = m.email.from_addr
    own_local, _, own_domain = m.own_address.partition("@")
    if sender.endswith("@" + own_domain) and sender.split("@")[0].split("+")[0] == own_local:
        return Finding(Verdict.LOOP, "loop", "mail from our own address")
    if m.email.header("x-mailagent-instance"):
        return Finding(Verdict.LOOP, "loop", "sent by a mailagent instance")
    return None


def delivery_status(m: GuardInput) -> Finding | None:
    """A DSN (multipart/report; report-type=delivery-status) or a mailer-daemon."""
    ctype = (m.email.header("content-type") or "").lower()
    local = m.email.from_addr.split("@")[0]
    if "report-type=delivery-status" in ctype.replace('"', "").replace(" ", ""):
        return Finding(Verdict.BOUNCE, "delivery_status", "delivery-status report")
    if local in ("mailer-daemon", "postmaster"):
        return Finding(Verdict.BOUNCE, "mailer_daemon", f"from {local}")
    return None


def null_return_path(m: GuardInput) -> Finding | None:
    rp = m.email.header("return-path")
    if rp is not None and rp.strip() in ("<>", ""):
        return Finding(Verdict.AUTO, "null_return_path", "Return-Path: <>")
    return None


def auto_submitted(m: GuardInput) -> Finding | None:
    value = (m.email.header("auto-submitted") or "").strip().lower()
    if value and value != "no":
        verdict = Verdict.OUT_OF_OFFICE if _looks_ooo(m) else Verdict.AUTO
        return Finding(verdict, "auto_submitted", f"Auto-Submitted: {value}")
    return None


def autoreply_headers(m: GuardInput) -> Finding | None:
    for name in ("x-autoreply", "x-autorespond", "x-auto-response-suppress-reply"):
        if m.email.header(name) is not None:
            verdict = Verdict.OUT_OF_OFFICE if _looks_ooo(m) else Verdict.AUTO
            return Finding(verdict, "x_autoreply", name)
    precedence = (m.email.header("precedence") or "").strip().lower()
    if precedence in ("auto_reply", "bulk", "junk", "list"):
        verdict = Verdict.OUT_OF_OFFICE if _looks_ooo(m) else Verdict.AUTO
        return Finding(verdict, "precedence", f"Precedence: {precedence}")
    return None


def mailing_list(m: GuardInput) -> Finding | None:
    if m.email.header("list-id") is not None or m.email.header("list-unsubscribe") is not None:
        return Finding(Verdict.AUTO, "list_id", "mailing-list mail")
    return None


def out_of_office_subject(m: GuardInput) -> Finding | None:
    """Some clients send out-of-office notes with no automation header at all."""
    if _OOO_SUBJECT.search(m.email.subject):
        return Finding(Verdict.OUT_OF_OFFICE, "ooo_subject", m.email.subject)
    return None


def _looks_ooo(m: GuardInput) -> bool:
    return bool(_OOO_SUBJECT.search(m.email.subject))


def routed(m: GuardInput) -> Finding | None:
    if m.attribution.thread_id is None:
        return Finding(Verdict.UNATTRIBUTED, "no_route", "no token, reference or subject tag")
    return None


def known_sender(m: GuardInput) -> Finding | None:
    if m.attribution.role is None:
        return Finding(
            Verdict.UNATTRIBUTED,
            "unknown_sender",
            f"{m.email.from_addr or 'no sender'} may not speak on thread {m.attribution.thread_id}",
        )
    return None


_AR_RESULT = re.compile(r"\b(dkim|dmarc)\s*=\s*(\w+)", re.IGNORECASE)


def authenticated(m: GuardInput) -> Finding | None:
    """Where an authserv-id is configured, the topmost Authentication-Results must pass."""
    if not m.authserv_id:
        return None
    results = m.email.header_all("authentication-results")
    if not results:
        return Finding(Verdict.UNATTRIBUTED, "unauthenticated", "no Authentication-Results")
    top = results[0]
    server = top.split(";", 1)[0].strip().split()[0] if top.strip() else ""
    if server.lower() != m.authserv_id.lower():
        return Finding(
            Verdict.UNATTRIBUTED, "unauthenticated", f"topmost result is from {server!r}"
        )
    passed = {k.lower() for k, v in _AR_RESULT.findall(top) if v.lower() == "pass"}
    if not passed:
        return Finding(Verdict.UNATTRIBUTED, "unauthenticated", "neither DKIM nor DMARC pass")
    return None
