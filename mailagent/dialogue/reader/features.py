"""Features of a reply, and of a reply × criterion pair, for the learned reader.

Everything here is a pure function of the reply, its context and the rule reader's
assessment, so training and reading compute the same thing.

>>> normalise("Lee never did Terraform!", "Lee Chen")
'cand never did terraform!'
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

import numpy as np
import simplemma
from sklearn.feature_extraction.text import HashingVectorizer

from mailagent.dialogue.brain import Assessment, BrainContext, Issue, Verdict
from mailagent.dialogue.offline_claims import negative_claims
from mailagent.dialogue.offline_text import sentences
from mailagent.r2.spec import Criterion

WORD_FEATURES = 2**18
CHAR_FEATURES = 2**18
_WORD_RE = re.compile(r"[a-z0-9][a-z0-9+#./'-]*")
_STOP = frozenset(
    """a an the and or but of to in on at for with by from as is was were be been being it
    its this that these those he she they his her their them him i we you our your my me
    us not no do did does done have has had can could would should will shall may might
    very really just also so too than then there here what which who whom how when where
    why all any some more most much many such only own same other into out up down over
    about after before again further once if while because until nor each few both s t
    re ve ll d m o y""".split()
)

WORDS = HashingVectorizer(
    n_features=WORD_FEATURES,
    analyzer="word",
    ngram_range=(1, 2),
    token_pattern=r"(?u)\b\w[\w']*\b",
    alternate_sign=False,
    norm=None,
    lowercase=True,
)
CHARS = HashingVectorizer(
    n_features=CHAR_FEATURES,
    analyzer="char_wb",
    ngram_range=(2, 5),
    alternate_sign=False,
    norm=None,
    lowercase=True,
)

RULE_ISSUES = tuple(Issue)


def normalise(text: str, candidate: str) -> str:
    """Lowercase, with the candidate's names replaced by ``cand`` (names teach nothing)."""
    out = text.lower()
    for part in sorted({p for p in candidate.lower().replace("-", " ").split() if len(p) > 1},
                       key=len, reverse=True):
        out = re.sub(rf"\b{re.escape(part)}\b", "cand", out)
    return out


def lemmas(text: str) -> set[str]:
    """Content-word lemmas (English), e.g. "managed teams" → {"manage", "team"}."""
    out: set[str] = set()
    for word in _WORD_RE.findall(text.lower()):
        word = word.strip(".'-")
        if len(word) < 2 or word in _STOP:
            continue
        out.add(simplemma.lemmatize(word, lang="en"))
    return out


def dense_reply(ctx: BrainContext, rules: Assessment) -> list[float]:
    """The rule reader's findings and a few shape measures, for the issue classifiers."""
    text = ctx.reply_text
    words = text.split()
    criteria_words: set[str] = set()
    for c in ctx.criteria:
        criteria_words |= lemmas(c.text + " " + c.key.replace("_", " "))
    reply_lemmas = lemmas(text)
    resume_lemmas = lemmas(ctx.resume_text)
    specific = [v for v in rules.verdicts if v.specific]
    features = [1.0 if i in rules.issues else 0.0 for i in RULE_ISSUES]
    features += [
        math.log1p(len(words)) / 5,
        math.log1p(len(sentences(text))) / 3,
        min(len(rules.verdicts), 5) / 5,
        min(len(specific), 5) / 5,
        1.0 if rules.contradictions else 0.0,
        1.0 if rules.off_r2 else 0.0,
        1.0 if rules.decision is not None else 0.0,
        1.0 if any(ch.isdigit() for ch in text) else 0.0,
        len(reply_lemmas & criteria_words) / (len(reply_lemmas) + 1),
        len(reply_lemmas & resume_lemmas) / (len(reply_lemmas) + 1),
        1.0 if any(v.verdict is Verdict.MET for v in rules.verdicts) else 0.0,
        1.0 if any(v.verdict is Verdict.NOT_MET for v in rules.verdicts) else 0.0,
    ]
    # How well the resume answers the reply's denials: the strongest line.
    claims = claim_sentences(text)
    lines = resume_lines(ctx.resume_text)
    df = line_frequencies(lines)
    best = [0.0] * 8
    for line in lines:
        row = evidence_features(claims, line, df, len(lines), ctx.as_of.year)
        if row[1] + row[6] + row[7] > best[1] + best[6] + best[7]:
            best = row
    features += [min(len(claims), 4) / 4, *best]
    return features


def reply_text(ctx: BrainContext) -> str:
    return normalise(ctx.reply_text, ctx.candidate_name)


def pair_features(ctx: BrainContext, criterion: Criterion, rules: Assessment) -> list[float]:
    """How strongly the reply speaks to one criterion: overlap, rule match, position."""
    crit = lemmas(criterion.text + " " + criterion.key.replace("_", " "))
    best_overlap = 0
    best_ratio = 0.0
    for sentence in sentences(ctx.reply_text):
        got = lemmas(sentence)
        shared = len(got & crit)
        best_overlap = max(best_overlap, shared)
        best_ratio = max(best_ratio, shared / (len(crit) + 1))
    key_words = lemmas(criterion.key.replace("_", " "))
    reply_lemmas = lemmas(ctx.reply_text)
    rule = next((v for v in rules.verdicts if v.key == criterion.key), None)
    # Words only this criterion has in its R2 weigh more than words several share.
    others: set[str] = set()
    for c in ctx.criteria:
        if c.key != criterion.key:
            others |= lemmas(c.text + " " + c.key.replace("_", " "))
    own = crit - others
    return [
        1.0 if rule is not None else 0.0,
        1.0 if rule is not None and rule.specific else 0.0,
        min(best_overlap, 4) / 4,
        best_ratio,
        len(reply_lemmas & key_words) / (len(key_words) + 1),
        min(len(reply_lemmas & own), 4) / 4,
        len(reply_lemmas & crit) / (len(crit) + 1),
        1.0 if criterion.kind.value == "must" else 0.0,
        1.0 / max(len(ctx.criteria), 1),
        1.0 if any(i in rules.issues for i in (Issue.USELESS,)) else 0.0,
    ]


def stack(rows: Iterable[list[float]]) -> np.ndarray:
    return np.asarray(list(rows), dtype=np.float64)


# Spellings of one skill that share no letters worth matching; both sides of a claim and a
# resume line are rewritten to the first form before comparing.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "postgresql": ("postgres", "psql", "pg"),
    "kubernetes": ("k8s", "kube"),
    "oncall": ("on-call", "on call", "pager", "pagerduty"),
    "javascript": ("js", "node.js", "nodejs"),
    "typescript": ("ts",),
    "law": ("legal", "llb", "jd", "laws"),
    "degree": ("bachelor", "bsc", "ba", "msc", "master", "masters", "diploma", "bachelors",
               "llm", "mba", "phd", "postgrad", "postgraduate", "graduate"),
    "manage": ("lead", "supervise", "supervisor", "manager", "management", "led", "ran"),
    "team": ("staff", "people", "reports", "crew"),
    "customer": ("client", "clients", "customers", "patient", "patients"),
    "research": ("researches", "researched", "investigate"),
    "budget": ("p&l", "cost", "costs", "spend"),
    "certification": ("certified", "certificate", "licence", "license", "accredited",
                      "qualified", "chartered", "licensed", "registered", "registration"),
    "qualification": ("qualifications", "training", "trained"),
    "excel": ("spreadsheet", "spreadsheets", "vba", "pivot"),
    "year": ("years", "yrs", "yr"),
}
_CANON = {alias: canon for canon, aliases in SYNONYMS.items() for alias in aliases}
# Words a claim uses for a whole family the resume names by its members: "no legal
# qualifications" is disproved by a law degree or a certificate.
RELATED: dict[str, tuple[str, ...]] = {
    "qualification": ("degree", "certification"),
    "training": ("degree", "certification", "course"),
}


def skill_terms(text: str) -> set[str]:
    """Lemmas with synonyms folded and 5-letter prefixes added, for claim ↔ resume matching:
    "researches case law" and "legal research" share "research" and "law"."""
    low = text.lower()
    for alias, canon in _CANON.items():
        if " " in alias and alias in low:
            low = low.replace(alias, canon)
    out: set[str] = set()
    for lemma in lemmas(low):
        lemma = _CANON.get(lemma, lemma)
        out.add(lemma)
        out.update(RELATED.get(lemma, ()))
        if len(lemma) >= 6:
            out.add(lemma[:5] + "~")
    return out


YEAR_RE = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
_SINCE_RE = re.compile(r"\bsince\s+(?:\w+\s+)?(19[5-9]\d|20[0-4]\d)\b", re.IGNORECASE)
_FEW_YEARS_RE = re.compile(
    r"\b(?:only|just|barely|under|less than|not even|nowhere near|a bit over)\s+"
    r"(?:(?:got|has|had|have|about|around|roughly|been|\w+ing|for)\s+){0,3}"
    r"(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|a couple of|a few)"
    r"\s+(years?|months?)\b|\b(\d+|a few|six|eighteen|a couple of)\s+months\b",
    re.IGNORECASE,
)
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10, "a couple of": 2, "a few": 3,
            "eighteen": 18}


def claimed_start(claim: str, as_of_year: int) -> float | None:
    """The earliest year a "too little time" claim allows: "only 2 years" in 2026 → 2024;
    "since 2024" → 2024; None when the claim states no such span."""
    m = _SINCE_RE.search(claim)
    if m:
        return float(m.group(1))
    m = _FEW_YEARS_RE.search(claim)
    if not m or not as_of_year:
        return None
    word = (m.group(1) or m.group(3) or "").lower()
    unit = (m.group(2) or "months").lower()
    n = float(word) if word.isdigit() else float(_NUMBERS.get(word, 0))
    if not n:
        return None
    years = n / 12 if unit.startswith("month") else n
    return as_of_year - years


def dated_against(claim: str, line: str, as_of_year: int) -> bool:
    """A dated line that starts well before the claim allows ("only 2 years" against a
    role from 2016) disproves it."""
    start = claimed_start(claim, as_of_year)
    years = [int(y) for y in YEAR_RE.findall(line)]
    return start is not None and bool(years) and min(years) < start - 1


NEGATIONS = ("no ", "not ", "never", "n't", "lack", "without", "zero ", "only ", "barely",
             "hardly", "little ", "limited", "weak", "none", "nothing", "nowhere", "isn't",
             "wasn't", "hasn't", "didn't", "doesn't", "can't", "cannot", "unable", "nor ",
             "nowhere near", "still on", "restricted", "since 19", "since 20", " months")


def claim_sentences(text: str) -> list[str]:
    """Sentences that deny or belittle something (where a contradicted claim sits)."""
    return [s for s in sentences(text) if any(n in f" {s.lower()}" for n in NEGATIONS)]


def evidence_features(claims: list[str], line: str, line_df: dict[str, int], n_lines: int,
                      as_of_year: int = 0) -> list[float]:
    """How well one resume line answers the reply's denying sentences (best sentence):
    shared terms (weighted by rarity in the resume), shared terms with what the claim
    denies ("no legal qualifications" → qualification), and dated roles against "only N
    years" claims."""
    terms = skill_terms(line)
    best = [0.0] * 8
    for claim in claims:
        got = skill_terms(claim)
        shared = got & terms
        weighted = sum(math.log((n_lines + 1) / (line_df.get(t, 0) + 1)) for t in shared)
        objects: set[str] = set()
        for obj in claim_objects(claim):
            objects |= skill_terms(obj)
        on_object = objects & terms
        row = [
            min(len(shared), 5) / 5,
            min(weighted, 15) / 15,
            len(shared) / (len(got) + 1),
            1.0 if any(ch.isdigit() for ch in claim) and any(ch.isdigit() for ch in line)
            else 0.0,
            1.0 if any(t.endswith("~") for t in shared) else 0.0,
            min(len(terms), 20) / 20,
            len(on_object) / (len(objects) + 1),
            1.0 if dated_against(claim, line, as_of_year) else 0.0,
        ]
        if row[1] + row[6] + row[7] > best[1] + best[6] + best[7]:
            best = row
    return best


def claim_objects(claim: str) -> list[str]:
    """What a denying sentence says is lacking ("no legal qualifications" → "legal")."""
    return [c.obj for c in negative_claims(claim)]


def resume_lines(resume_text: str) -> list[str]:
    """Lines of a resume worth quoting (bullets and sentences, not headings)."""
    out = []
    for raw in resume_text.splitlines():
        line = raw.strip().strip("-•*").strip()
        if len(line.split()) >= 3:
            out.append(line)
    return out


def line_frequencies(lines: list[str]) -> dict[str, int]:
    df: dict[str, int] = {}
    for line in lines:
        for t in skill_terms(line):
            df[t] = df.get(t, 0) + 1
    return df
