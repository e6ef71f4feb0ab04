"""Approval words belong to approval threads: on a feedback thread they decide nothing.

``APPROVE`` and ``SKIP`` answer an approval request (:mod:`mailagent.jobs.approval`). A
hiring manager who answers an interview's feedback request with "APPROVE" has mixed up
the two threads; on a feedback thread the decision about the candidate is read from words
about the candidate (advance, move forward, hire, reject, pass…). This check runs in the
engine after any brain, offline or Claude, so no model reading can turn an approval word
into a hiring decision: a decision whose only support in the reply is an approval word
is dropped, and the interview keeps the decision it had.

>>> from mailagent.dialogue.brain import Decision
>>> approval_only("APPROVE", Decision.ADVANCE)
True
>>> approval_only("Approve. Strong hire: the best Kafka design I have seen.", Decision.ADVANCE)
False
>>> approval_only("Skip him, it is a pass.", Decision.REJECT)
False
"""

from __future__ import annotations

import re

from mailagent.dialogue.brain import Assessment, Decision
from mailagent.dialogue.offline.decisions import mentions_decision

# The words the approval gate acts on, and what people write instead of them there.
APPROVAL_WORDS = re.compile(r"\b(approv\w*|skip\w*|lgtm|ok to send|send it)\b", re.IGNORECASE)


def approval_only(text: str, decision: Decision | None) -> bool:
    """True when ``decision`` rests on nothing in ``text`` but approval words."""
    if decision is None or not APPROVAL_WORDS.search(text):
        return False
    return not mentions_decision(APPROVAL_WORDS.sub(" ", text), decision)


def without_approval_decision(assessment: Assessment, reply_text: str) -> Assessment:
    """The assessment with a decision dropped if only an approval word supports it."""
    if approval_only(reply_text, assessment.decision):
        return assessment.model_copy(update={"decision": None})
    return assessment
