"""Features of a reply, and of a reply × criterion pair, for the learned reader.

Everything here is a pure function of the reply, its context and the rule reader's
assessment, so training and reading compute the same thing.

>>> normalise("Lee never did Terraform!", "Lee Chen")
'cand never did terraform!'
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable

import mmh3
import numpy as np

from mailagent.dialogue.brain import Assessment, BrainContext, Issue, Verdict
from mailagent.dialogue.offline.claims import claim_objects, claim_sentences
from mailagent.dialogue.offline.dated import dated_against
from mailagent.dialogue.offline.text import (
    lemmas,
    line_frequencies,
    resume_lines,
    sentences,
    skill_terms,
)
from mailagent.r2.spec import Criterion

WORD_FEATURES = 2**18
CHAR_FEATURES = 2**18
# Word 1–2-grams and character 2–5-grams within words, hashed into fixed columns: the
# same columns scikit-learn's HashingVectorizer gives (analyzer "word" with this token
# pattern, and "char_wb"; signed 32-bit MurmurHash3, seed 0, no alternate sign), computed
# here so that reading needs neither scikit-learn nor SciPy (importing them took 2.8 s).
_TOKEN_RE = re.compile(r"(?u)\b\w[\w']*\b")
_SPACES_RE = re.compile(r"\s\s+")


def word_grams(text: str) -> list[str]:
    """Word unigrams and bigrams of lower-cased ``text``."""
    words = _TOKEN_RE.findall(text.lower())
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]


def char_grams(text: str) -> list[str]:
    """Character 2–5-grams of each space-padded word (``char_wb``); a padded word no
    longer than n gives itself once, and no longer grams."""
    out: list[str] = []
    for word in _SPACES_RE.sub(" ", text.lower()).split():
        padded = f" {word} "
        for n in range(2, 6):
            if len(padded) <= n:
                out.append(padded)
                break
            out.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return out


def hashed_counts(grams: list[str], n_features: int) -> dict[int, int]:
    """Column → count, each gram hashed as HashingVectorizer hashes it."""
    counts: dict[int, int] = {}
    for gram in grams:
        h = mmh3.hash(gram.encode("utf-8"), 0, signed=True)
        column = (2147483647 - (n_features - 1)) % n_features if h == -2147483648 else (
            abs(h) % n_features)
        counts[column] = counts.get(column, 0) + 1
    return counts


def ngram_counts(text: str) -> tuple[dict[int, int], dict[int, int]]:
    """The reply's hashed word and character n-gram counts."""
    return (hashed_counts(word_grams(text), WORD_FEATURES),
            hashed_counts(char_grams(text), CHAR_FEATURES))


RULE_ISSUES = tuple(Issue)


def normalise(text: str, candidate: str) -> str:
    """Lowercase, with the candidate's names replaced by ``cand`` (names teach nothing)."""
    out = text.lower()
    for part in sorted({p for p in candidate.lower().replace("-", " ").split() if len(p) > 1},
                       key=len, reverse=True):
        out = re.sub(rf"\b{re.escape(part)}\b", "cand", out)
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


