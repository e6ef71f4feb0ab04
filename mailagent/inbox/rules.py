"""Guard rules: each reads one message (and its route) and may claim a disposition.

Each rule is a small named function; ``chain.RULES`` lists them in the order they run.
Automated mail is decided in two steps: first *whether* a message is automated (any one
sign is enough: a null Return-Path never hides what kind it is), then *what kind*
(out-of-office or other). An out-of-office changes state (pauses reminders) only when
``trusted_sender`` says its From is one attributable mailbox and, where an authserv-id is
configured, authenticated for that mailbox's domain.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import parseaddr
from enum import StrEnum

from mailagent.inbox.authentication import authentication_problem
from mailagent.inbox.ooo import has_ooo_phrase, html_words, is_ooo_subject
from mailagent.inbox.parse import InboundEmail


class Verdict(StrEnum):
    AUTO = "auto"  # automated mail: never answered
    OUT_OF_OFFICE = "out_of_office"  # automated; pauses reminders until the return date
    BOUNCE = "bounce"  # a delivery-status report: may flag an address we wrote to
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


def _token(value: str | None) -> str:
    """A structured header's keyword without comments or parameters:
    ``"auto-replied (zimbra; vacation)"`` → ``"auto-replied"``."""
    text = (value or "").strip().lower()
    for stop in ("(", ";", " ", "\t"):
        text = text.split(stop, 1)[0]
    return text


def _raw_local_part(m: GuardInput) -> str:
    """The From local part as written, for spotting system senders only (never trust)."""
    address = m.email.from_addr or parseaddr(m.email.header("from") or "")[1]
    return address.rpartition("@")[0].lower()


def loop(m: GuardInput) -> Finding | None:
    """Our own mail (or another mailagent's) coming back to us."""
    sender = m.email.from_addr
    own_local, _, own_domain = m.own_address.partition("@")
    if sender.endswith("@" + own_domain) and sender.split("@")[0].split("+")[0] == own_local:
        return Finding(Verdict.LOOP, "loop", "mail from our own address")
    if m.email.header("x-mailagent-instance"):
        return Finding(Verdict.LOOP, "loop", "sent by a mailagent instance")
    return None


def is_delivery_report(mail: InboundEmail) -> bool:
    """multipart/report; report-type=delivery-status (RFC 3464), and nothing less."""
    if mail.content_type != "multipart/report":
        return False
    ctype = (mail.header("content-type") or "").lower().replace('"', "").replace(" ", "")
    return "report-type=delivery-status" in ctype.split(";")


def delivery_status(m: GuardInput) -> Finding | None:
    """A DSN. Whether it names a message we sent is checked when it is recorded."""
    if is_delivery_report(m.email):
        return Finding(Verdict.BOUNCE, "delivery_status", "delivery-status report")
    return None


# --- Step one: is it automated? Each sign returns (rule, detail) or None. -------------


def _null_return_path(m: GuardInput) -> tuple[str, str] | None:
    rp = m.email.header("return-path")
    if rp is not None and rp.strip() in ("<>", ""):
        return "null_return_path", "Return-Path: <>"
    return None


def _auto_submitted(m: GuardInput) -> tuple[str, str] | None:
    value = _token(m.email.header("auto-submitted"))
    if value and value != "no":
        return "auto_submitted", f"Auto-Submitted: {value}"
    return None


_AUTOREPLY_HEADERS = ("x-autoreply", "x-autorespond", "x-autoresponder", "x-auto-reply")


def _autoreply_header(m: GuardInput) -> tuple[str, str] | None:
    for name in _AUTOREPLY_HEADERS:
        value = m.email.header(name)
        if value is not None and _token(value) not in ("no", "false", "0"):
            return "x_autoreply", name
    return None


def _exchange_rule(m: GuardInput) -> tuple[str, str] | None:
    """Exchange stamps mail its server-side agents generate: OOF replies and inbox-rule
    replies carry X-MS-Exchange-Inbox-Rules-Loop, and X-MS-Exchange-Generated-Message-Source
    names the agent ("Mailbox Rules Agent", "Transport Rule Agent" …). Neither appears on
    mail a person writes. (X-Auto-Response-Suppress alone is not a sign: Outlook sets it on
    meeting requests too; it asks *others* not to auto-reply.)"""
    for name in ("x-ms-exchange-inbox-rules-loop", "x-ms-exchange-generated-message-source"):
        if m.email.header(name) is not None:
            return "exchange_generated", name
    return None


def _precedence(m: GuardInput) -> tuple[str, str] | None:
    value = _token(m.email.header("precedence"))
    if value in ("auto_reply", "bulk", "junk", "list"):
        return "precedence", f"Precedence: {value}"
    return None


def _mailing_list(m: GuardInput) -> tuple[str, str] | None:
    if m.email.header("list-id") is not None or m.email.header("list-unsubscribe") is not None:
        return "list_id", "mailing-list mail"
    return None


def _system_sender(m: GuardInput) -> tuple[str, str] | None:
    local = _raw_local_part(m)
    if local in ("mailer-daemon", "postmaster"):
        return "mailer_daemon", f"from {local}"
    return None


def _ooo_subject(m: GuardInput) -> tuple[str, str] | None:
    """Some clients send out-of-office notes with no automation header at all."""
    if is_ooo_subject(m.email.subject):
        return "ooo_subject", m.email.subject[:200]
    return None


AUTOMATION_SIGNS = (
    _null_return_path,  # Return-Path: <> (RFC 3834 auto-replies go out with MAIL FROM:<>)
    _auto_submitted,  # Auto-Submitted other than "no"
    _autoreply_header,  # X-Autoreply, X-Autorespond …
    _exchange_rule,  # X-MS-Exchange-Inbox-Rules-Loop, X-MS-Exchange-Generated-Message-Source
    _precedence,  # Precedence: auto_reply | bulk | junk | list
    _mailing_list,  # List-Id, List-Unsubscribe
    _system_sender,  # MAILER-DAEMON, postmaster
    _ooo_subject,  # "Automatic reply:", "Abwesenheitsnotiz:", "Respuesta automática:" …
)
# List and bulk mail, and mail from a mailer-daemon, is never read as someone's
# out-of-office, whatever its text says.
_NEVER_OUT_OF_OFFICE = frozenset(
    {"list_id", "mailer_daemon", "Precedence: bulk", "Precedence: list", "Precedence: junk"}
)


# --- Step two: what kind of automated mail? -------------------------------------------


def _exchange_oof(mail: InboundEmail) -> bool:
    """Exchange's OOF reply: made by an inbox rule and asking for no reply at all."""
    suppress = (mail.header("x-auto-response-suppress") or "").lower()
    return mail.header("x-ms-exchange-inbox-rules-loop") is not None and "all" in suppress


def looks_out_of_office(mail: InboundEmail) -> bool:
    """An automated message that says its writer is away: by subject, by the sending
    system's own marker, or by what the top of its body says (Gmail's vacation reply
    keeps the "Re: …" subject and says only "back on 22 June")."""
    auto_submitted = (mail.header("auto-submitted") or "").lower()
    if is_ooo_subject(mail.subject) or "vacation" in auto_submitted or _exchange_oof(mail):
        return True
    body = mail.text_plain if mail.text_plain.strip() else html_words(mail.text_html)
    return has_ooo_phrase(body)


def automated(m: GuardInput) -> Finding | None:
    """Any sign of automation decides "automated"; then the kind is read."""
    for sign in AUTOMATION_SIGNS:
        found = sign(m)
        if found is not None:
            rule, detail = found
            never = rule in _NEVER_OUT_OF_OFFICE or detail in _NEVER_OUT_OF_OFFICE
            if not never and looks_out_of_office(m.email):
                return Finding(Verdict.OUT_OF_OFFICE, rule, f"{detail}; out of office")
            return Finding(Verdict.AUTO, rule, detail)
    return None


# --- Who sent it, and may they speak here? -------------------------------------------


def sender_problem(m: GuardInput) -> str | None:
    """Why the From cannot be trusted as this message's one sender, or None."""
    if m.email.sender_problem is not None or not m.email.from_addr:
        return m.email.sender_problem or "no sender"
    if not m.authserv_id:
        return None
    return authentication_problem(
        m.email.header_all("authentication-results"),
        authserv_id=m.authserv_id,
        from_domain=m.email.from_addr.rpartition("@")[2],
    )


def trusted_out_of_office(m: GuardInput, finding: Finding) -> Finding:
    """An out-of-office pauses reminders only when its sender is attributed (and
    authenticated where an authserv-id is set); otherwise it is plain automated mail."""
    if finding.verdict is not Verdict.OUT_OF_OFFICE:
        return finding
    problem = sender_problem(m)
    if problem is None:
        return finding
    return Finding(Verdict.AUTO, finding.rule, f"{finding.detail}; not paused: {problem}")


def routed(m: GuardInput) -> Finding | None:
    if m.attribution.thread_id is None:
        return Finding(Verdict.UNATTRIBUTED, "no_route", "no token, reference or subject tag")
    return None


def one_sender(m: GuardInput) -> Finding | None:
    """RFC 5322: one From mailbox, a Sender (if any) naming the same one."""
    if m.email.sender_problem is not None or not m.email.from_addr:
        written = "; ".join(m.email.header_all("from"))[:200] or "none"
        problem = m.email.sender_problem or "no sender"
        return Finding(Verdict.UNATTRIBUTED, "no_single_sender", f"{problem} (From: {written})")
    return None


def authenticated(m: GuardInput) -> Finding | None:
    """Where an authserv-id is configured, its topmost Authentication-Results must show
    dmarc=pass for the From domain or an aligned dkim=pass (see inbox/authentication)."""
    if not m.authserv_id:
        return None
    problem = authentication_problem(
        m.email.header_all("authentication-results"),
        authserv_id=m.authserv_id,
        from_domain=m.email.from_addr.rpartition("@")[2],
    )
    if problem is not None:
        return Finding(Verdict.UNATTRIBUTED, "unauthenticated", problem)
    return None


def known_sender(m: GuardInput) -> Finding | None:
    if m.attribution.role is None:
        return Finding(
            Verdict.UNATTRIBUTED,
            "unknown_sender",
            f"{m.email.from_addr or 'no sender'} may not speak on thread {m.attribution.thread_id}",
        )
    return None
