"""How a clause speaks to a criterion: met or not met, and with evidence or a bare label.

>>> polarity("Strong on Terraform", None), polarity("No real Terraform", True)
(True, False)
"""

from __future__ import annotations

import re

from mailagent.dialogue.offline.resources import TECH
from mailagent.dialogue.offline.text import tokens, with_apostrophes

# Cues that a clause reports concrete evidence rather than a label.
_EVIDENCE_RE = re.compile(
    r"\d|\bwhen (i|we) (asked|pushed|gave|probed)|\b(i|we) asked\b|\basked (him|her|them)\b|"
    r"\b(walked|talked|took) (me|us) through\b|\bwalked through\b|\bexplain(ed|ing)\b|"
    r"\bdescrib(ed|ing)\b|\bshow(ed|n)\b|\bdemo(ed)?\b|\bsketch(ed)?\b|\bpropos(ed|al)\b|"
    r"\bsuggest(ed)?\b|\bcould(n't| not) (say|explain|tell|name|describe|answer|give)\b|"
    r"\bhad no (idea|approach|answer|clue)\b|\bdid(n't| not) know\b|\bno idea\b|"
    r"\bin the (mock|role-?play|exercise|case|pairing|whiteboard|live|take-home|scenario)|"
    r"\brole-?play\b|\bscenario\b|\bexercise\b|\bfor example\b|\be\.g\.|\bonly ever\b|"
    r"\blimited to\b|\bmostly\b|\binstead\b|\bnever (asked|found)\b|\bpitched\b|"
    r"\bpromised\b|\bguessed\b|\bhad not heard\b|\bnone of\b|\bonly (exposure|experience)\b|"
    r"\bher only\b|\bhis only\b|\bstep by step\b|\blisted\b|\bwithout notes\b|\bbuilt\b|"
    r"\bdesigned\b|\bfixed\b|\bcut\b|\bled\b|\b(two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|twenty|thirty|forty|fifty|hundred)\b",
    re.IGNORECASE,
)
_CLAIM_RE = re.compile(
    r"\b(never|no|not|n't|zero|has|have|had|only|built|runs?|ran|used|wrote|written|"
    r"shipped|led|owns?|managed|knows?)\b",
    re.IGNORECASE,
)


def names_tech(text: str) -> list[str]:
    """Named technologies and products in ``text``, as written."""
    found = [t for t in tokens(text) if t in TECH]
    return list(dict.fromkeys(found))


def is_specific(clause: str, sentence: str) -> bool:
    """True when the feedback gives evidence (an example, an answer, a number, a named
    technology with what the candidate did or lacks), not just a label.

    >>> is_specific("Lacks AI skills", "Lacks AI skills.")
    False
    >>> is_specific("He has never run Kubernetes", "He has never run Kubernetes.")
    True
    """
    if _EVIDENCE_RE.search(sentence):
        return True
    return bool(names_tech(clause)) and _CLAIM_RE.search(clause) is not None


_NEG_RE = re.compile(
    r"\b(never|no|not|none|nothing|nowhere|zero|without|lack\w*|missing|weak\w*|poor\w*|gaps?|"
    r"limited|fail\w*|disappoint\w*|shallow|thin|underwhelm\w*|short|below|struggl\w*|"
    r"unable|doubt\w*|barely|under|shaky|only|misses|missed|wrong)\b|n't\b",
    re.IGNORECASE,
)
_POS_RE = re.compile(
    r"\b(meets?|met|strong|great|excellent|solid|impressive|good|clearly|nailed|showed|"
    r"explained|walked|built|designed|led|demoed|handled|fine|well|expert|deep)\b",
    re.IGNORECASE,
)
_NEUTRALISE_RE = re.compile(r"\b(without (a )?doubt|no doubt|not only|no question)\b", re.I)


def polarity(clause: str, default: bool | None) -> bool | None:
    """True for met, False for not met, ``default`` when the clause does not say."""
    text = _NEUTRALISE_RE.sub(" ", with_apostrophes(clause))
    neg = len(_NEG_RE.findall(text))
    pos = len(_POS_RE.findall(text))
    if neg > pos:
        return False
    if pos > neg:
        return True
    return default


