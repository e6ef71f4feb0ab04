"""Which R2 criteria a piece of feedback speaks to, in which direction, and how concretely.

Each criterion gets a profile built from its own text: its content-word stems, the concepts
of ``lexicon.CONCEPTS`` it names (and so every part of those concepts), and the years it
asks for. A clause speaks to a criterion when the weighted overlap reaches a threshold;
a word shared by many criteria of the same R2 weighs less than a word only one of them has.

>>> from mailagent.r2.spec import Criterion
>>> m = Matcher((Criterion(key="aws_years", text="3+ years operating workloads on AWS."),
...              Criterion(key="terraform", text="Infrastructure as code with Terraform.")))
>>> m.match("His cloud knowledge wasn't there."), m.match("No Azure experience.")
(['aws_years'], [])
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass

from mailagent.dialogue.lexicon import CONCEPTS, TECH, concept_members
from mailagent.dialogue.offline_text import has_term, number_value, stems, term_pattern, tokens
from mailagent.r2.spec import Criterion

THRESHOLD = 0.5
RELATIVE = 0.34
_YEARS_RE = re.compile(r"\b(\d+(?:\.\d+)?)\+?\s*(?:years?|yrs?)\b", re.IGNORECASE)
YEARS_CLAIM_RE = re.compile(
    r"\b(\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|half a|"
    r"a couple of|a few)\+?\s+(?:more\s+)?(?:full\s+)?years?\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Profile:
    """What one criterion is about, derived from its own text."""

    key: str
    must: bool
    stems: frozenset[str]
    # Concept name -> True when the criterion names the concept itself (so any part of it
    # counts), False when it only names one part (so only the concept's own name counts).
    concepts: dict[str, bool]
    years: float | None
    # The criterion's own examples ("(e.g. Manhattan, Blue Yonder, SAP EWM)"): a resume
    # line naming one shows the criterion.
    examples: tuple[str, ...] = ()
    # Acronyms of its multi-word terms ("warehouse management system" -> "wms",
    # "health and safety" -> "hs"), so "no WMS" or "H&S" in a reply speaks to it.
    acronyms: frozenset[str] = frozenset()

    def skill_terms(self) -> list[str]:
        """Words whose presence in a resume role means the role exercised this criterion."""
        words = [t for t in tokens(self.key.replace("_", " ")) if t not in ("years", "year")]
        for name, whole in self.concepts.items():
            if whole:
                words.extend(concept_members(name))
        return list(dict.fromkeys(words))


def profile(criterion: Criterion) -> Profile:
    text = criterion.text
    concepts: dict[str, bool] = {}
    for name, members in CONCEPTS.items():
        if has_term(text, name):
            concepts[name] = True
        elif any(has_term(text, m) for m in members):
            concepts[name] = False
    years_match = _YEARS_RE.search(text)
    return Profile(
        key=criterion.key,
        must=criterion.kind.value == "must",
        stems=frozenset(stems(text) | stems(criterion.key.replace("_", " "))),
        concepts=concepts,
        years=float(years_match.group(1)) if years_match else None,
        examples=examples_in(text),
        acronyms=acronyms_of(text),
    )


_EXAMPLES_RE = re.compile(r"\(([^)]{3,200})\)|(?:such as|e\.g\.|for example|like)\s+"
                          r"([^.;()]{3,200})", re.IGNORECASE)
_LEAD_IN_RE = re.compile(r"^\s*(?:e\.g\.|eg|i\.e\.|such as|for example)\s*", re.IGNORECASE)
_LIST_SPLIT_RE = re.compile(r"(?<!\s)\s*(?:,|/|\bor\b|\band\b|\bor similar\b|\betc\.?)\s*",
                            re.IGNORECASE)


def examples_in(text: str) -> tuple[str, ...]:
    """The named examples a criterion lists.

    >>> examples_in("Uses a WMS (e.g. Manhattan, Blue Yonder, SAP EWM) for slotting.")
    ('Manhattan', 'Blue Yonder', 'SAP EWM')
    """
    found: list[str] = []
    for m in _EXAMPLES_RE.finditer(text):
        body = _LEAD_IN_RE.sub("", m.group(1) or m.group(2))
        for item in _LIST_SPLIT_RE.split(body):
            item = item.strip(" .:")
            words = item.split()
            # Named things only: a capital, a digit or a symbol, and at most three words.
            if 0 < len(words) <= 3 and re.search(r"[A-Z0-9+#]", item) and item.lower() not in (
                "similar", "others"
            ):
                found.append(item)
    return tuple(dict.fromkeys(found))


_ACRONYM_SKIP = frozenset("and & of the for".split())


def acronyms_of(text: str) -> frozenset[str]:
    """Initials of every run of two to four content words in ``text``.

    >>> {"hs", "wms"} <= acronyms_of("Runs health and safety via a warehouse management system.")
    True
    """
    words = [w for w in re.findall(r"[A-Za-z][\w-]*", text) if w.lower() not in _ACRONYM_SKIP]
    out: set[str] = set()
    for n in (2, 3, 4):
        for i in range(len(words) - n + 1):
            out.add("".join(w[0].lower() for w in words[i : i + n]))
    return frozenset(out)


_ACRONYM_TOKEN_RE = re.compile(r"(?<![\w&])([A-Z](?:&?[A-Z]){1,4})(?![\w&])")


def acronyms_in(text: str) -> set[str]:
    """Acronyms written in capitals in ``text``, named technologies aside.

    Two capitals alone ("UI", "CV", "QA") mean too many things; with "&" they are
    specific enough.

    >>> sorted(acronyms_in("No WMS and no H&S; the UI was fine, AWS too."))
    ['hs', 'wms']
    """
    found = set()
    for m in _ACRONYM_TOKEN_RE.finditer(text):
        token = m.group(1)
        letters = token.replace("&", "").lower()
        if (len(letters) >= 3 or "&" in token) and letters not in TECH:
            found.add(letters)
    return found


def _concept_hit(text: str, name: str, whole: bool) -> bool:
    return _concept_re(name, whole).search(text) is not None


@functools.lru_cache(maxsize=1024)
def _concept_re(name: str, whole: bool) -> re.Pattern[str]:
    """One pattern for ``has_term`` on the concept's name or any of its terms: a clause
    is read once per concept, not once per term (the brain's cost on a long reply)."""
    members = CONCEPTS.get(name, ())
    if not whole:
        # Only the concept's generic words count: a sibling product (Azure next to an AWS
        # criterion) is a different requirement, not the same one in other words.
        members = tuple(m for m in members if m.rstrip("*") not in TECH)
    return term_pattern((name, *members))


class Matcher:
    """Matches feedback text to the criteria of one R2."""

    def __init__(self, criteria: tuple[Criterion, ...]) -> None:
        self.criteria = criteria
        self.profiles = [profile(c) for c in criteria]
        self._stem_df = Counter(s for p in self.profiles for s in p.stems)
        self._concept_df = Counter(c for p in self.profiles for c in p.concepts)
        self._years_df = sum(1 for p in self.profiles if p.years is not None)
        # An acronym that only one criterion's words spell, and that is not a word of it.
        spelled = Counter(a for p in self.profiles for a in p.acronyms)
        self._acronym_owner = {
            a: p.key for p in self.profiles for a in p.acronyms
            if spelled[a] == 1 and a not in p.stems
        }

    def scores(self, text: str) -> dict[str, float]:
        """Weighted evidence that ``text`` speaks to each criterion."""
        text_stems = stems(text)
        years_claim = YEARS_CLAIM_RE.search(text) is not None
        owners = Counter(
            self._acronym_owner[a] for a in acronyms_in(text) if a in self._acronym_owner
        )
        out: dict[str, float] = {}
        for p in self.profiles:
            score = sum(1.0 / self._stem_df[s] for s in p.stems & text_stems)
            # An acronym only this criterion's words spell ("WMS", "H&S") names it.
            score += owners[p.key]
            score += sum(
                1.0 / self._concept_df[name]
                for name, whole in p.concepts.items()
                if _concept_hit(text, name, whole)
            )
            if years_claim and p.years is not None:
                score += 0.5 / self._years_df
            if score > 0:
                out[p.key] = score
        return out

    def match(self, text: str) -> list[str]:
        """Criterion keys ``text`` speaks to, in R2 order."""
        scores = self.scores(text)
        best = max(scores.values(), default=0.0)
        # A criterion that shares only a word or two with a clause that clearly speaks to
        # another one is a side match ("designed" in a distributed-systems criterion).
        floor = max(THRESHOLD, RELATIVE * best)
        return [p.key for p in self.profiles if scores.get(p.key, 0.0) >= floor]

    def get(self, key: str) -> Profile | None:
        return next((p for p in self.profiles if p.key == key), None)

    def covers(self, phrase: str) -> list[str]:
        """Criteria that name the thing in ``phrase`` (used to tell off-R2 requirements)."""
        return self.match(phrase)


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
    text = _NEUTRALISE_RE.sub(" ", clause)
    neg = len(_NEG_RE.findall(text))
    pos = len(_POS_RE.findall(text))
    if neg > pos:
        return False
    if pos > neg:
        return True
    return default


def years_in(text: str) -> float | None:
    """The number of years a claim states ("about two years" -> 2.0)."""
    m = YEARS_CLAIM_RE.search(text)
    if not m:
        return None
    word = m.group(1).lower()
    if word in ("a couple of", "a few"):
        return 2.0
    if word == "half a":
        return 0.5
    return number_value(word)
