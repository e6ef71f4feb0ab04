"""The approval gate for candidate feedback: plain code, every step an ``ApprovalEvent``.

Each draft version has its own approval thread (and reply token). The HM answers on it:

- ``APPROVE`` (first line, on its own, not taken back below) → the draft is approved and
  the candidate mail is enqueued;
- ``SKIP`` → nothing is ever sent for this application;
- any other text → an edited draft: linted; if clean it becomes the next version, with
  a new approval thread, and the HM confirms it with ``APPROVE`` (what goes out is
  exactly what they approved, never our guess at where their edit starts and ends).

A reply on an older version's thread changes nothing and sends nothing: the approval is
bound to the version it answers. No text in a reply can approve anything else.

>>> parse_reply("Approve.\\nThanks!")
('approve', '')
>>> parse_reply("skip")
('skip', '')
>>> parse_reply("APPROVE\\nActually, don't send it yet.")
('unclear', '')
>>> parse_reply("Please don't APPROVE this one yet, the tone is wrong for her.")
('unclear', '')
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailagent.dialogue.protected import Hit, detect
from mailagent.errors import PolicyViolation
from mailagent.inbox.intake import ReplyHandler
from mailagent.inbox.parse import InboundEmail
from mailagent.inbox.strip import html_to_text
from mailagent.jobs.audience import audience
from mailagent.jobs.feedback_lint import LintFinding
from mailagent.jobs.requests import open_thread
from mailagent.models import (
    ApprovalEvent,
    Candidate,
    DraftState,
    FeedbackDraft,
    MailMessage,
    Pipeline,
    Thread,
    ThreadKind,
    ThreadStatus,
)
from mailagent.outbox.compose import reply_references, reply_subject
from mailagent.outbox.mailer import Mailer

if TYPE_CHECKING:
    from mailagent.wiring import App

_KEYWORD = re.compile(r"^\s*(approve|approved|skip)\W*$", re.IGNORECASE)
# After the keyword line, words that take it back or contradict it ("APPROVE / actually,
# don't send it yet"): the reply is unclear, and the HM is asked again.
_TAKEN_BACK = re.compile(
    r"\b(don'?t|do not|not yet|wait|hold (off|on|it)|cancel|stop|never ?mind|scratch that|"
    r"approv\w*|skip\w*)\b",
    re.IGNORECASE,
)
_MENTIONS_KEYWORD = re.compile(r"\b(approv\w*|skip)\b", re.IGNORECASE)
MIN_EDIT_CHARS = 40


def application_key(pipeline_id: str, candidate_id: str) -> str:
    """The outbox dedupe key of the one mail an application's candidate may receive."""
    return f"application:{pipeline_id}:{candidate_id}"


def record_event(
    session: Session,
    draft: FeedbackDraft,
    action: str,
    *,
    actor: str,
    now: datetime,
    detail: str = "",
    message_row_id: int | None = None,
) -> ApprovalEvent:
    event = ApprovalEvent(
        draft_id=draft.id,
        action=action,
        actor=actor,
        detail=detail,
        message_row_id=message_row_id,
        at=now,
    )
    session.add(event)
    session.flush()
    return event


def parse_reply(text: str) -> tuple[str, str]:
    """(``approve`` | ``skip`` | ``edit`` | ``unclear``, edited text)."""
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    if not lines:
        return "unclear", ""
    match = _KEYWORD.match(lines[0])
    if match:
        if any(_TAKEN_BACK.search(line) for line in lines[1:]):
            return "unclear", ""
        word = match.group(1).lower()
        return ("skip" if word == "skip" else "approve"), ""
    if _MENTIONS_KEYWORD.search(lines[0]):
        # "Don't APPROVE this one, the tone is off": about the approval, not a new letter.
        return "unclear", ""
    edited = text.strip()
    if len(edited) < MIN_EDIT_CHARS:
        return "unclear", ""
    return "edit", edited + "\n"


# A letter's closing: "Kind regards," and the like, on a line of its own.
_CLOSING = re.compile(
    r"^\s*((kind|best|warm|with best|many thanks and best) (regards|wishes)|regards|"
    r"(yours )?sincerely|yours faithfully|best|all the best|with thanks)\s*,?\s*$",
    re.IGNORECASE,
)


def edited_letter(email: InboundEmail, visible: str, draft_body: str) -> str:
    r"""The HM's edited letter exactly as they wrote it, its closing included.

    ``visible`` is the reply's new text as the quote stripper reads it (without quoted
    history and the HM's own signature). A stripper rightly takes a trailing "Kind
    regards,\nName" for a sign-off, but in an edited letter the first closing after
    the text, and the one line that signs it, belong to the letter: they are put back
    from the reply as written, and everything after them (the HM's own sign-off,
    signature, quoted history) stays out. A letter whose draft had no closing is kept
    as the stripper read it.

    >>> from types import SimpleNamespace as N
    >>> mail = N(text_plain="Dear Ann,\nYour SQL was slow.\n\nKind regards,\nAcme\n\n"
    ...          "Thanks,\nKen\n\nOn Mon, Ken wrote:\n> draft", text_html="")
    >>> draft = "Dear Ann,\nKind regards,\nAcme"
    >>> print(edited_letter(mail, "Dear Ann,\nYour SQL was slow.", draft))
    Dear Ann,
    Your SQL was slow.
    <BLANKLINE>
    Kind regards,
    Acme
    <BLANKLINE>
    """
    text = visible.strip()
    if not any(_CLOSING.match(line) for line in draft_body.splitlines()):
        return text + "\n"
    written = email.text_plain if email.text_plain.strip() else html_to_text(email.text_html)
    lines = written.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    # Where the stripper's text ends in the reply as written: its lines, in order.
    at = -1
    for line in (ln.rstrip() for ln in text.splitlines()):
        if not line.strip():
            continue
        found = next((i for i in range(at + 1, len(lines)) if lines[i].rstrip() == line), None)
        if found is None:
            return text + "\n"
        at = found
    rest = [i for i in range(at + 1, len(lines)) if lines[i].strip()]
    if len(rest) < 2 or not _CLOSING.match(lines[rest[0]]):
        return text + "\n"
    closing, signer = lines[rest[0]], lines[rest[1]]
    if signer.lstrip().startswith(">") or len(signer.strip()) > 80:
        return text + "\n"
    gap = "\n" * (rest[0] - at)
    between = "\n" * (rest[1] - rest[0])
    return f"{text}{gap}{closing.rstrip()}{between}{signer.rstrip()}\n"


def open_approval(
    session: Session,
    mailer: Mailer,
    draft: FeedbackDraft,
    *,
    secret: bytes,
    now: datetime,
    note: str | None = None,
) -> Thread:
    """A new approval thread for this draft version, and the request to the HM."""
    candidate = session.get(Candidate, draft.candidate_id)
    pipeline = session.get(Pipeline, draft.pipeline_id)
    assert candidate is not None and pipeline is not None
    subject = f"Approve feedback to {candidate.name} (v{draft.version})"
    thread = open_thread(session, kind=ThreadKind.APPROVAL, secret=secret, subject=subject, now=now)
    draft.thread_id = thread.id
    assert draft.expires_at is not None
    mailer.queue(
        session,
        kind="approval_request",
        template="approval_request",
        to=[draft.approver_email],
        subject=subject,
        now=now,
        context={
            "hm_name": pipeline.hm_name,
            "candidate_name": candidate.name,
            "role": pipeline.title,
            "body": draft.body,
            "version": draft.version,
            "expires_on": draft.expires_at.date().isoformat(),
            "note": note,
        },
        token=thread.token,
        thread_id=thread.id,
        dedupe_key=f"approval:{draft.id}",
    )
    return thread


def final_check(body: str, *, names: tuple[str, ...] = ()) -> list[Hit]:
    """Gate 3: protected remarks in the exact text about to go to a candidate.

    The candidate's own name is blanked first (a "Faith" or a "Christian" is not a remark
    about religion); spans still index ``body``.

    >>> [h.category.value for h in final_check("Dear Faith, weak on SQL.", names=("Faith Ade",))]
    []
    >>> [h.text for h in final_check("Strong SQL, but she is pregnant.")]
    ['pregnant']
    """
    blanked = body
    for name in names:
        for part in (name, *name.split()):
            if len(part) > 1:
                blanked = re.sub(
                    rf"\b{re.escape(part)}\b", lambda m: "X" * len(m.group(0)), blanked
                )
    return [
        Hit(
            h.category,
            h.start,
            h.end,
            body[h.start : h.end],
            body[h.sentence_start : h.sentence_end],
            h.sentence_start,
            h.sentence_end,
        )
        for h in detect(blanked)
    ]


def _block_send(
    session: Session,
    mailer: Mailer,
    draft: FeedbackDraft,
    candidate: Candidate,
    pipeline: Pipeline,
    hits: list[Hit],
    *,
    now: datetime,
    secret: bytes | None,
) -> bool:
    """Nothing is sent; the draft waits again and the HM and the recruiter are told why."""
    draft.state, draft.decided_at = DraftState.AWAITING_APPROVAL, None
    blocked = record_event(
        session,
        draft,
        "send_blocked",
        actor="mailagent",
        now=now,
        detail="protected remark: " + ", ".join(sorted({h.category.value for h in hits})),
    )
    subject = f"Feedback to {candidate.name} not sent: please revise (v{draft.version})"
    thread = None
    if secret is not None:
        # A new approval thread, so the HM's edited version or SKIP lands on this draft.
        thread = open_thread(
            session, kind=ThreadKind.APPROVAL, secret=secret, subject=subject, now=now
        )
        draft.thread_id = thread.id
    mailer.queue(
        session,
        kind="send_blocked",
        template="send_blocked",
        to=[draft.approver_email],
        cc=[pipeline.recruiter_email],
        subject=subject,
        now=now,
        context={
            "hm_name": pipeline.hm_name,
            "candidate_name": candidate.name,
            "role": pipeline.title,
            "version": draft.version,
            "recruiter_name": pipeline.recruiter_name,
            "hits": hits,
        },
        token=thread.token if thread else None,
        thread_id=thread.id if thread else None,
        dedupe_key=f"send-blocked:{draft.id}:{blocked.id}",
    )
    return False


def send_approved(
    session: Session,
    mailer: Mailer,
    draft: FeedbackDraft,
    *,
    now: datetime,
    secret: bytes | None = None,
) -> bool:
    """Enqueue the candidate mail of an approved draft. The gates are checked here, again.

    Returns False when nothing was enqueued: the exact text holds a protected remark (the
    draft waits again; the HM and the recruiter are told why), or the candidate has no
    address of record, or one that belongs to staff or to mailagent (the recruiter is told;
    the draft goes out once one is imported).
    """
    approved = session.scalar(
        select(ApprovalEvent.id).where(
            ApprovalEvent.draft_id == draft.id, ApprovalEvent.action == "approved"
        )
    )
    if draft.state is not DraftState.APPROVED or approved is None:
        raise PolicyViolation(f"draft {draft.id} has no recorded approval; nothing is sent")
    from mailagent.staff import address_refusal, candidate_address

    candidate = session.get(Candidate, draft.candidate_id)
    pipeline = session.get(Pipeline, draft.pipeline_id)
    assert candidate is not None and pipeline is not None
    # Gate 3, the last line: it trusts neither the reading of the replies nor the drafting.
    hits = final_check(draft.body, names=(candidate.name,))
    if hits:
        return _block_send(
            session, mailer, draft, candidate, pipeline, hits, now=now, secret=secret
        )
    address = candidate_address(candidate)
    refused = address and address_refusal(session, address, agent_address=mailer.config.address)
    if address is None or refused:
        detail = f"{address} is {refused}" if refused else ""
        record_event(session, draft, "no_address", actor="mailagent", now=now, detail=detail)
        mailer.queue(
            session,
            kind="no_candidate_address",
            template="no_candidate_address",
            to=[pipeline.recruiter_email],
            subject=f"No address for {candidate.name}: approved feedback not sent",
            now=now,
            context={
                "candidate_name": candidate.name,
                "candidate_id": candidate.id,
                "role": pipeline.title,
                "recruiter_name": pipeline.recruiter_name,
                "refused": detail,
            },
            dedupe_key=f"no-address:{draft.id}",
        )
        return False
    mailer.queue(
        session,
        kind="candidate_feedback",
        template="candidate_feedback",
        to=[address],
        subject=f"Your application for {pipeline.title}",
        now=now,
        context={},
        text=draft.body,
        candidate_facing=True,
        dedupe_key=application_key(draft.pipeline_id, draft.candidate_id),
        # A candidate who answers reaches the recruiter, not the agent's inbox.
        reply_to=pipeline.recruiter_email,
    )
    record_event(session, draft, "enqueued", actor="mailagent", now=now, detail=address)
    return True


def _reply(
    session: Session,
    mailer: Mailer,
    thread: Thread,
    row: MailMessage,
    email: InboundEmail,
    *,
    template: str,
    context: dict[str, object],
    now: datetime,
    token: str | None = None,
) -> None:
    mailer.queue(
        session,
        kind=template,
        template=template,
        to=[row.from_addr],
        subject=reply_subject(thread.subject),
        now=now,
        context=context,
        token=token or thread.token,
        thread_id=thread.id,
        in_reply_to=email.message_id,
        references=reply_references(email.references, email.message_id),
        reply=True,
        capped=True,
    )


def handle_reply(
    session: Session,
    app: App,
    thread: Thread,
    row: MailMessage,
    email: InboundEmail,
    now: datetime,
) -> str:
    """Apply one accepted reply on an approval thread; returns what it did."""
    draft = session.scalar(
        select(FeedbackDraft).where(FeedbackDraft.thread_id == thread.id).with_for_update()
    )
    if draft is None or row.sender_role not in ("approver", "delegate"):
        return "ignored"
    candidate = session.get(Candidate, draft.candidate_id)
    assert candidate is not None
    actor = row.from_addr
    pipeline = session.get(Pipeline, draft.pipeline_id)
    readers = audience(session, draft.pipeline_id, candidate)
    base: dict[str, object] = {
        "candidate_name": candidate.name,
        "version": draft.version,
        "hm_name": pipeline.hm_name if pipeline is not None else None,
    }

    def answer(outcome: str, event: str, template: str, detail: str = "", **extra: object) -> str:
        """Record what the reply did, tell the approver, and return ``outcome``."""
        record_event(
            session, draft, event, actor=actor, now=now, message_row_id=row.id, detail=detail
        )
        _reply(
            session,
            app.mailer,
            thread,
            row,
            email,
            template=template,
            context={**base, **extra},
            now=now,
        )
        return outcome

    def blocked(event: str, findings: list[LintFinding]) -> str:
        # The audit names what was found; a protected remark's words stay out of it.
        detail = "; ".join(
            f"{f.kind} ({f.category})" if f.kind == "protected" else f.describe() for f in findings
        )
        return answer("blocked", event, "approval_blocked", detail, findings=findings)

    if draft.state is not DraftState.AWAITING_APPROVAL:
        return answer(
            "stale",
            "stale_reply",
            "approval_stale",
            f"draft v{draft.version} is {draft.state.value}",
            state=draft.state.value,
        )
    action, edited = parse_reply(row.visible_text or "")
    if action == "edit":
        edited = edited_letter(email, row.visible_text or "", draft.body)
    if action == "approve":
        findings = readers.lint(draft.body)
        if findings:
            return blocked("approve_blocked", findings)
        draft.state, draft.decided_at = DraftState.APPROVED, now
        thread.move_to(ThreadStatus.COMPLETE, now)
        record_event(session, draft, "approved", actor=actor, now=now, message_row_id=row.id)
        sent = send_approved(session, app.mailer, draft, now=now, secret=app.secret)
        if not sent and draft.state is DraftState.AWAITING_APPROVAL:
            return "blocked"
        return "approved"
    if action == "skip":
        draft.state, draft.decided_at = DraftState.SKIPPED, now
        thread.move_to(ThreadStatus.COMPLETE, now)
        return answer("skipped", "skipped", "approval_skipped")
    if action == "unclear":
        return answer("unclear", "unclear_reply", "approval_unclear")
    findings = readers.lint(edited)
    if findings:
        return blocked("edit_blocked", findings)
    newer = FeedbackDraft(
        pipeline_id=draft.pipeline_id,
        candidate_id=draft.candidate_id,
        version=draft.version + 1,
        body=edited,
        state=DraftState.AWAITING_APPROVAL,
        approver_email=draft.approver_email,
        created_at=now,
        expires_at=now + timedelta(days=app.settings.approval_expiry_days),
    )
    draft.state, draft.decided_at = DraftState.SUPERSEDED, now
    thread.move_to(ThreadStatus.COMPLETE, now)
    session.add(newer)
    session.flush()
    record_event(
        session,
        draft,
        "superseded",
        actor=actor,
        now=now,
        message_row_id=row.id,
        detail=f"by v{newer.version}",
    )
    record_event(session, newer, "edited", actor=actor, now=now, message_row_id=row.id)
    open_approval(session, app.mailer, newer, secret=app.secret, now=now)
    return "edited"


def approval_handler(app: App) -> ReplyHandler:
    """The intake handler for approval threads (registered by ``build_app``)."""

    def handler(
        session: Session, thread: Thread, row: MailMessage, email: InboundEmail, now: datetime
    ) -> None:
        handle_reply(session, app, thread, row, email, now)

    return handler
