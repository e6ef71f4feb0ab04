"""Claims the resume disproves, each with the exact resume lines that disprove it.

Three kinds of claim are checked:

- absence ("never used Airflow", "no Zendesk knowledge", "doubt she ever hit quota"): the
  resume has experience lines naming the thing;
- duration ("only about two years of Python"): ``Resume.years_of`` as of the corpus date is
  well above the claim and meets the R2;
- blanket ("does not meet the requirements", "isn't qualified"): the resume covers nearly
  every must-have criterion.

>>> from datetime import date
>>> from mailagent.r2.resume import parse_resume
>>> from mailagent.r2.spec import Criterion
>>> from mailagent.dialogue.offline.matcher import Matcher
>>> r = parse_resume("WORK\\nAcme — SRE — 2019 to now\\n- Wrote our Terraform modules.")
>>> m = Matcher((Criterion(key="terraform", text="Infrastructure as code with Terraform."),))
>>> [c.evidence for c in find_contradictions("No Terraform experience.", r, m, date(2025, 1, 1))]
[['- Wrote our Terraform modules.']]
"""

from __future__ import annotations

import re
from datetime import date

from mailagent.dialogue.brain import Contradiction
from mailagent.dialogue.offline.claims import GENERIC_OBJ, Claim, negative_claims
from mailagent.dialogue.offline.matcher import Matcher, Profile
from mailagent.dialogue.offline.resources import (
    CANON,
    CONCEPTS,
    FAMILIES,
    TECH,
    concept_members,
)
from mailagent.dialogue.offline.text import (
    STOPWORDS,
    YEARS_CLAIM_RE,
    has_term,
    sentences,
    skill_terms,
    stem,
    stems,
    tokens,
    with_apostrophes,
    years_in,
)
from mailagent.r2.resume import Resume

_NOT_EXPERIENCE_RE = re.compile(r"course|education|training|interest|hobb|volunteer", re.I)
_BLANKET_RE = re.compile(
    r"\b(?:does|do|did)\s*(?:n't|not)\s+meet\s+(?:the\s+|our\s+|any\s+|all\s+|job\s+|"
    r"role\s+|basic\s+|minimum\s+)*(?:requirements?|criteria|qualifications|spec|r2|must-haves?)|"
    r"\b(?:is|'s|are)\s*(?:n't|not)\s+(?:really\s+|even\s+)?qualified\b|\bunqualified\b|"
    r"\b(?:does|do)\s*(?:n't|not)\s+have\s+the\s+(?:\w+\s+)?(?:qualifications|requirements|"
    r"skills we (?:need|asked for)|experience (?:we|required))|\bnot qualified\b|"
    r"\bfalls short of (?:the|our) requirements\b",
    re.IGNORECASE,
)
_SHORT_RE = re.compile(r"\b(only|about|maybe|barely|just|tops|at most|hardly|around|roughly|"
                       r"little|less than|under|not even)\b", re.IGNORECASE)
_YEARS_OBJ_RE = re.compile(r"\byears?\s+(?:of|on|with|in|doing|using|writing)\s+([^,.;:!?]+)",
                           re.IGNORECASE)
_INTERVIEW_VERBS = frozenset("see".split())


def experience_lines(resume: Resume) -> list[str]:
    """Lines that can show experience: everything but the name line and course sections."""
    skip: set[str] = set()
    section_skip = False
    for i, line in enumerate(resume.lines):
        if line.isupper() and len(line) <= 40:
            section_skip = bool(_NOT_EXPERIENCE_RE.search(line))
            skip.add(line)
            continue
        if i == 0 or section_skip or re.search(r"\bcourse\b", line, re.I):
            skip.add(line)
    return [line for line in resume.lines if line not in skip]


_SOFT = frozenset("test tests testing checks check practice process practices".split())


def claim_terms(obj: str) -> tuple[list[str], bool]:
    """Terms a resume line must contain to show ``obj``, and whether any one suffices."""
    words = [t for t in tokens(obj) if t not in STOPWORDS and t not in GENERIC_OBJ]
    tech = [w for w in words if w in TECH]
    if tech:
        return [m for w in tech for m in (w, *CONCEPTS.get(w, ()))], True
    if any(w not in _SOFT for w in words):
        words = [w for w in words if w not in _SOFT]
    core = " ".join(words)
    for name, members in CONCEPTS.items():
        if core and core.replace("-", " ") == name:
            return list(concept_members(name)), True
        if core and core in {m.rstrip("*") for m in members}:
            return [core], True
    return [w if len(w) <= 3 else stem(w)[: max(4, len(stem(w)))] + "*" for w in words], False


def _line_has(line: str, term: str, own: frozenset[str]) -> bool:
    """``term`` is in ``line`` as written, or, when it is one of the claim's ``own`` words,
    as the same skill in another spelling, word form or abbreviation ("postgres" in "Tuned
    PostgreSQL", "supervise" in "Supervised"). A concept's other members match only as
    written: "macros" is part of helpdesk work, "macro changes" is not the same claim."""
    if has_term(line, term):
        return True
    if term.rstrip("*").lower() not in own or CANON.get(term.rstrip("*").lower()) in FAMILIES:
        return False
    folded = {t for t in skill_terms(term.rstrip("*")) if not t.endswith("~")}
    return bool(folded) and folded <= skill_terms(line)


def _lines_for(terms: list[str], any_one: bool, lines: list[str],
               own: frozenset[str] = frozenset()) -> list[str]:
    if not terms:
        return []
    if any_one:
        return [line for line in lines if any(_line_has(line, t, own) for t in terms)]
    return [line for line in lines if all(_line_has(line, t, own) for t in terms)]


def _verb_terms(claim: Claim) -> list[str]:
    """When the object names no thing ("never supervised anybody", "never been on call"),
    the claim is about the doing: the verb's lemma and any thing the phrase names."""
    generic = {w for g in GENERIC_OBJ for w in skill_terms(g)}
    return sorted(t for t in skill_terms(f"{claim.verb} {claim.obj}")
                  if not t.endswith("~") and t not in generic and t not in STOPWORDS)


def _absence(claim: Claim, resume: Resume, matcher: Matcher) -> Contradiction | None:
    if claim.verb in _INTERVIEW_VERBS and not re.search(r"\bin (his|her|their) (cv|resume|"
                                                         r"background)", claim.sentence, re.I):
        return None
    terms, any_one = claim_terms(claim.obj)
    own = frozenset(tokens(claim.obj))
    if not terms:
        terms, any_one = _verb_terms(claim), True
        own = frozenset(terms)
    lines = _lines_for(terms, any_one, experience_lines(resume), own)
    keys = matcher.match(claim.obj) or matcher.match(claim.sentence)
    profile = matcher.get(keys[0]) if keys else None
    if not lines and profile is not None and _names_the_category(claim.obj, profile):
        # "Never used a WMS" against a resume naming SAP EWM, one of the R2's own
        # examples of a WMS. (Not "never modelled a fact table" against Snowflake: that is
        # a skill within the criterion, not the category its examples illustrate.)
        lines = _lines_for(list(profile.examples), True, experience_lines(resume))
    if not lines:
        return None
    return Contradiction(claim=claim.sentence.strip(), criterion=keys[0] if keys else None,
                         evidence=lines[:4])


def _names_the_category(obj: str, profile: Profile) -> bool:
    """True when ``obj`` is what the criterion's examples are examples of: its acronym
    ("WMS"), or words all taken from the criterion ("a warehouse management system")."""
    compact = obj.replace("&", "").strip().lower()
    if compact in profile.acronyms and re.fullmatch(r"[A-Z&]{2,6}", obj.strip()):
        return True
    words = stems(obj)
    return 0 < len(words) <= 4 and words <= profile.stems


def _short_claim(sentence: str) -> bool:
    """True when a number of years is said to be small: "only about two years", "a year,
    tops" (and not the R2's own "3+ years")."""
    m = YEARS_CLAIM_RE.search(sentence)
    if m is None:
        return False
    if re.search(r"\b(r2|spec|role|job|requires?|asks?|needs?|wants?|explicit)\b",
                 sentence[: m.start()], re.IGNORECASE):
        return False
    before = " ".join(sentence[: m.start()].split()[-4:])
    after = sentence[m.end() : m.end() + 40]
    return bool(_SHORT_RE.search(before) or re.search(r"\b(tops|at most|at best)\b", after))


def _duration(sentence: str, resume: Resume, matcher: Matcher, as_of: date) -> Contradiction | None:
    claimed = years_in(sentence)
    if claimed is None or not _short_claim(sentence):
        return None
    keys = matcher.match(sentence)
    m = _YEARS_OBJ_RE.search(sentence)
    terms: list[str] = []
    if m:
        terms, _ = claim_terms(m.group(1))
    key = next((k for k in keys if (p := matcher.get(k)) is not None and p.years is not None),
               keys[0] if keys else None)
    profile = matcher.get(key) if key else None
    if not terms and profile is not None:
        terms = profile.skill_terms()
    if not terms:
        return None
    years = resume.years_of(terms, as_of)
    required = profile.years if profile is not None else None
    if years < claimed + 1.5 or (required is not None and years < required):
        return None
    evidence = resume.role_headers(terms)
    evidence += [line for line in resume.evidence(terms, roles_only=True) if line not in evidence]
    return Contradiction(claim=sentence.strip(), criterion=key, evidence=evidence[:5])


def _covered(
    key: str, resume: Resume, matcher: Matcher, lines: list[str], as_of: date
) -> list[str]:
    profile = matcher.get(key)
    if profile is None:
        return []
    if profile.years is not None:
        terms = profile.skill_terms()
        if resume.years_of(terms, as_of) < profile.years:
            return []
        return resume.role_headers(terms)[:2]
    scored = [(matcher.scores(line).get(key, 0.0), line) for line in lines]
    best = sorted((s for s in scored if s[0] >= 1.0), key=lambda s: -s[0])
    return [line for _, line in best[:1]]


def _blanket(sentence: str, resume: Resume, matcher: Matcher, as_of: date) -> Contradiction | None:
    if not _BLANKET_RE.search(with_apostrophes(sentence)):
        return None
    musts = [p.key for p in matcher.profiles if p.must]
    lines = experience_lines(resume)
    evidence: list[str] = []
    covered = 0
    for key in musts:
        found = _covered(key, resume, matcher, lines, as_of)
        if found:
            covered += 1
            evidence += [line for line in found if line not in evidence]
    if not musts or covered / len(musts) < 0.75:
        return None
    return Contradiction(claim=sentence.strip(), criterion=None, evidence=evidence)


def is_blanket(sentence: str) -> bool:
    """True for a claim that the candidate fails the requirements as a whole."""
    return _BLANKET_RE.search(with_apostrophes(sentence)) is not None


def find_contradictions(text: str, resume: Resume, matcher: Matcher, as_of: date
                        ) -> list[Contradiction]:
    """Every claim in ``text`` the resume disproves."""
    found: list[Contradiction] = []
    for sentence in sentences(text):
        hit = _blanket(sentence, resume, matcher, as_of) or _duration(
            sentence, resume, matcher, as_of)
        if hit is None:
            for claim in negative_claims(sentence):
                hit = _absence(claim, resume, matcher)
                if hit is not None:
                    break
        if hit is not None:
            found.append(hit)
    return found
