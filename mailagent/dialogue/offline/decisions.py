"""The decision a reply states, and its answer to "shall we add this to the R2?".

>>> stated_decision("Good SQL. Strong hire."), stated_decision("Not a fit, sadly.")
(<Decision.ADVANCE: 'advance'>, <Decision.REJECT: 'reject'>)
"""

from __future__ import annotations

import re

from mailagent.dialogue.brain import AmendmentAnswer, Decision
from mailagent.dialogue.offline.text import sentences

_ADVANCE_RE = re.compile(
    r"\b(strong hire|hire|strong yes|yes from me|advance|move (him|her|them) (on|forward|ahead)|"
    r"move forward|moving forward|proceed|let's go|appoint|make (an|the) offer|next round|"
    r"thumbs up|go for it)\b|^(yes|go|yep)\b",
    re.IGNORECASE,
)
_REJECT_RE = re.compile(
    r"\b(reject\w*|pass|no hire|not a (good |great )?fit|decline|not for us|not suitable|"
    r"nope|thanks, but no|not the right|turn (him|her|them) down|not proceed|don't proceed|"
    r"not right for|so no|no from me)\b|^no\b",
    re.IGNORECASE,
)
_NOT_DECISION_RE = re.compile(r"\bif (i|we) hire\b|\bhire them\b(?=,)|\bpass on (the|that)\b",
                              re.IGNORECASE)
DECLINE_RE = re.compile(
    r"\b(don't|do not|no need to|please don't|not) add\b|\bleave (it|\w+) out\b|"
    r"\bkeep (it|them|\w+) out\b|\bnot (needed|necessary|required)\b|\bnice[- ]to[- ]have\b|"
    r"\bkeep the (spec|r2) as\b|^\s*no\b|\bnot a must\b",
    re.IGNORECASE,
)
ACCEPT_RE = re.compile(
    r"^\s*(yes|yep|yeah|sure|ok|okay|agreed|correct|absolutely|please do)\b|\bplease add\b|"
    r"\badd it\b|\bgo ahead\b|\bmake it a must\b|\bas a must\b|\badd \w+( \w+)? to the (r2|spec)\b",
    re.IGNORECASE,
)

def stated_decision(text: str) -> Decision | None:
    """The decision the reply states, if any ("Strong hire." -> advance)."""
    cleaned = _NOT_DECISION_RE.sub(" ", text)
    last: tuple[int, Decision] | None = None
    offset = 0
    for sentence in sentences(cleaned):
        # Sentences come in order: each is looked for once, after the one before it
        # (looked for from the start for every match, a long reply took quadratic time).
        offset = max(cleaned.find(sentence, offset), 0)
        for regex, decision in ((_ADVANCE_RE, Decision.ADVANCE), (_REJECT_RE, Decision.REJECT)):
            for m in regex.finditer(sentence):
                pos = offset + m.start()
                if last is None or pos >= last[0]:
                    last = (pos, decision)
    return last[1] if last else None


def mentions_decision(text: str, decision: Decision) -> bool:
    """Whether any sentence of ``text`` has a word stating ``decision`` ("pass" → reject)."""
    regex = _ADVANCE_RE if decision is Decision.ADVANCE else _REJECT_RE
    cleaned = _NOT_DECISION_RE.sub(" ", text)
    return any(regex.search(sentence) for sentence in sentences(cleaned))


def amendment_answer(text: str) -> AmendmentAnswer | None:
    """How the reply answers "shall we add this requirement to the R2?"."""
    if DECLINE_RE.search(text):
        return AmendmentAnswer.DECLINE
    if ACCEPT_RE.search(text):
        return AmendmentAnswer.ACCEPT
    return None
