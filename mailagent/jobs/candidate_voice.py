"""An interviewer's note about a candidate, rewritten as what the letter tells the candidate.

Hiring managers write about the candidate ("she could not explain how she'd roll back a
failed Helm upgrade"); the letter speaks to the candidate ("You could not explain how
you'd roll back a failed Helm upgrade."). The interviewer's "I" becomes the company's
"we". What cannot be said to the candidate in plain words is left out, sentence by
sentence: internal shorthand ("the Kubernetes criterion in the R2"), other people's
names, a "they" that may or may not be the candidate, or a bare label with nothing the
interview showed ("the gap was Kubernetes").

>>> to_candidate("She could not explain how she'd roll back a failed Helm upgrade", "Aisha Khan")
["You could not explain how you'd roll back a failed Helm upgrade."]
>>> to_candidate("I asked her to walk me through it and her answer was vague", "Aisha Khan")
['We asked you to walk us through it and your answer was vague.']
>>> to_candidate("could not explain how consumer groups rebalance", "Ann Lee")
['You could not explain how consumer groups rebalance.']
>>> to_candidate("Ann's SQL scanned every partition. That's the SQL criterion.", "Ann Lee")
['Your SQL scanned every partition.']
"""

from __future__ import annotations

import re

# Words a clause with no subject may open with: the subject was the candidate.
_SUBJECTLESS = frozenset(
    """could couldn't did didn't was wasn't had hadn't has hasn't is isn't does doesn't
    struggled missed failed never gave showed said described wrote knew answered confused
    mixed skipped forgot explained built used relied spoke talked seemed lacked lacks
    relies uses needs needed cannot can can't couldnt didnt wasnt got""".split()
)
_AFTER_SUBJECT = {
    "is": "are",
    "was": "were",
    "has": "have",
    "does": "do",
    "isn't": "aren't",
    "wasn't": "weren't",
    "hasn't": "haven't",
    "doesn't": "don't",
    "wasnt": "weren't",
    "doesnt": "don't",
    "hasnt": "haven't",
    "isnt": "aren't",
}
_FIRST_PERSON = {
    "i": "we",
    "me": "us",
    "my": "our",
    "mine": "ours",
    "myself": "ourselves",
    "i'm": "we're",
    "i've": "we've",
    "i'd": "we'd",
    "i'll": "we'll",
}
_ADVERBS = frozenset(
    """never also just only still really clearly always often even simply actually barely
    rarely hardly then already honestly certainly definitely""".split()
)
# After "her", these words show it is the object ("asked her to"), not the possessive.
_OBJECT_FOLLOWERS = frozenset(
    """to and or but about a an the that how what why if whether for with on in at from
    again back through up down out over into when where which who this these those any
    some no not my our your his her their its""".split()
)
_PARTICIPLES = frozenset(
    "been got gotten done had made seen shown written built used led run worked given".split()
)
# Internal words a candidate must not read (the linter flags the same).
SHORTHAND = re.compile(
    r"\bR2s?\b|\bHMs?\b|\bnot[- ]met\b|\bnice[- ]to[- ]haves?\b|\bmust[- ]haves?\b|"
    r"\bcriteri(on|a)\b|\bverdicts?\b|\bthe pipeline\b|\bscreening\b",
)
_SHORTHAND_CI = re.compile(
    r"\bnot[- ]met\b|\bnice[- ]to[- ]have|\bmust[- ]have|\bcriteri(on|a)\b|\bthe spec\b|"
    # "must" as a noun: "helpdesk admin is a must", "that's the carrier mgmt must".
    r"\bmust\b(?=\s*([.,;:!?)]|$|\s+(so|and|but|tho|though|he|she|they)\b))|"
    r"\b(is|isn'?t|was|wasn'?t) there\s*$|\bso no\s*$"
)
# An answer to the agent, not something the interview showed ("don't add X to the R2").
_ABOUT_THE_R2 = re.compile(r"\b(add|added|adding)\b.*\b(R2|spec|criteria|requirements?)\b", re.I)
_YOU_WE = re.compile(r"\b(you|your|yours|yourself|we|us|our)\b", re.I)
_CONTRACTIONS = {
    "couldnt": "couldn't", "didnt": "didn't", "wasnt": "wasn't", "isnt": "isn't",
    "doesnt": "doesn't", "dont": "don't", "cant": "can't", "wont": "won't",
    "hasnt": "hasn't", "havent": "haven't", "wouldnt": "wouldn't", "werent": "weren't",
}
_CONTRACTION_RE = re.compile(r"\b(" + "|".join(_CONTRACTIONS) + r")\b", re.I)
_THEY = re.compile(r"\b(they|them|their|theirs|themselves|they're|they've|they'd|they'll)\b", re.I)
_HE_SHE = re.compile(r"\b(he|she|him|his|her|hers|himself|herself)\b|\b(he|she)'[a-z]+\b", re.I)
# A parenthesis or a trailing clause that holds shorthand is dropped, the rest kept.
_PAREN = re.compile(r"\s*\([^()]*\)")
_TRAILING_CLAUSE = re.compile(r",\s*(which|that|as|so)\b[^,]*$", re.I)
# A bare label: the interviewer's conclusion, with nothing the interview showed.
_LABEL = re.compile(
    r"^\s*(honestly,? |really,? |so,? |but,? |and,? |i think,? )?"
    r"(the |his |her |their )?(real |actual |main |only |big )?(gap|problem|issue|concern|"
    r"weakness|reason)s? (was|were|is|are)\b|"
    r"^\s*(that|this|it)(\s+is|'s|\s+was)\s+(the|my|our)\s+(\w+\s+)?(reason|gap|problem|issue)",
    re.I,
)
_THEY_AS_YOU = {
    "they": "you",
    "them": "you",
    "their": "your",
    "theirs": "yours",
    "themselves": "yourself",
    "they're": "you're",
    "they've": "you've",
    "they'd": "you'd",
    "they'll": "you'll",
}
_SPLIT = re.compile(r"(?<=[.!?;])\s+|\n+")
_WORD = re.compile(r"[A-Za-z][A-Za-z']*")


def _name_parts(name: str) -> list[str]:
    parts = [name, *name.split()]
    return [p for p in dict.fromkeys(parts) if len(p) > 1]


def _possessive_or_object(next_word: str | None) -> str:
    if next_word is None or next_word.lower() in _OBJECT_FOLLOWERS:
        return "you"
    return "your"


def _verb_for_you(word: str) -> str:
    """The form a verb takes after "you" when it followed "she"/"he"/a name."""
    low = word.lower()
    if low in _AFTER_SUBJECT:
        out = _AFTER_SUBJECT[low]
    elif len(low) > 3 and low.endswith("ies"):
        out = low[:-3] + "y"
    elif low.endswith(("sses", "shes", "ches", "xes", "zes", "oes")):
        out = low[:-2]
    elif len(low) > 3 and low.endswith("s") and not low.endswith(("ss", "us", "is")):
        out = low[:-1]
    else:
        return word
    return out.capitalize() if word[:1].isupper() else out


def _convert(sentence: str, name: str) -> str:
    """Third person (and the interviewer's first person) to the letter's voice."""
    text = sentence
    for part in sorted(_name_parts(name), key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(part)}'s\b", "her", text)
        text = re.sub(rf"\b{re.escape(part)}\b", "she", text)
    text = re.sub(r"\b(the|this|that) candidate's\b", "her", text, flags=re.I)
    text = re.sub(r"\b(the|this|that) candidate\b", "she", text, flags=re.I)
    text = re.sub(r"\bcandidate's\b", "her", text, flags=re.I)
    text = re.sub(r"\bcandidate\b", "she", text, flags=re.I)
    words = list(_WORD.finditer(text))
    out: list[str] = []
    last = 0
    # The subject just written ("you" or "we"), whose verb may still need to agree.
    subject: str | None = None
    for i, match in enumerate(words):
        word = match.group(0)
        low = word.lower()
        gap = text[match.end() : words[i + 1].start()] if i + 1 < len(words) else ""
        # "her, and" / "her." is the object; a word straight after is what she owns.
        nxt = words[i + 1].group(0).lower() if i + 1 < len(words) and not gap.strip() else None
        replacement, now_subject = word, None
        if low in ("she", "he"):
            replacement, now_subject = "you", "you"
        elif low in ("she's", "he's"):
            ahead = [w.group(0).lower() for w in words[i + 1 : i + 4]]
            verb = next((w for w in ahead if w not in _ADVERBS and w != "not"), "")
            perfect = verb in _PARTICIPLES or verb.endswith("ed")
            perfect = perfect or (bool(ahead) and ahead[0] in ("never", "already", "just"))
            replacement = "you've" if perfect else "you're"
        elif low in ("she'd", "he'd", "she'll", "he'll"):
            replacement = "you" + low[low.index("'") :]
        elif low in ("him", "himself", "herself"):
            replacement = "yourself" if low.endswith("self") else "you"
        elif low == "his":
            replacement = "your" if nxt is not None else "yours"
        elif low == "hers":
            replacement = "yours"
        elif low == "her":
            replacement = _possessive_or_object(nxt)
        elif low in _FIRST_PERSON:
            replacement = _FIRST_PERSON[low]
            now_subject = "we" if low == "i" else None
        elif subject is not None and low in _ADVERBS:
            now_subject = subject
        elif subject == "you":
            replacement = _verb_for_you(word)
        elif subject == "we":
            replacement = {"was": "were", "am": "are", "wasn't": "weren't"}.get(low, word)
        subject = now_subject
        if replacement != word and word[:1].isupper() and low != "i":
            replacement = replacement[:1].upper() + replacement[1:]
        out.append(text[last : match.start()])
        out.append(replacement)
        last = match.end()
    out.append(text[last:])
    return "".join(out)


def _subjectless(sentence: str) -> str:
    first = _WORD.search(sentence)
    if first is None or first.start() > 0:
        return sentence
    word = first.group(0)
    if word.lower() in _SUBJECTLESS or (word.lower().endswith("ed") and len(word) > 4):
        verb = {"was": "were", "wasn't": "weren't", "has": "have", "hasn't": "haven't",
                "is": "are", "isn't": "aren't", "does": "do", "doesn't": "don't",
                "lacks": "lack", "relies": "rely", "uses": "use", "needs": "need"}.get(
            word.lower(), word[:1].lower() + word[1:]
        )
        return f"you {verb}{sentence[len(word):]}"
    return sentence


def _shorthand(text: str) -> bool:
    return bool(SHORTHAND.search(text) or _SHORTHAND_CI.search(text.lower()))


def _without_shorthand(sentence: str) -> str:
    """The sentence without the parentheses and clauses that hold shorthand or labels."""
    sentence = _PAREN.sub(lambda m: "" if _shorthand(m.group(0)) else m.group(0), sentence)
    trailing = _TRAILING_CLAUSE.search(sentence)
    if trailing and _shorthand(trailing.group(0)):
        sentence = sentence[: trailing.start()]
    parts = re.split(r"(,\s+|\s+[-–—]\s+)", sentence)
    kept: list[str] = []
    for k in range(0, len(parts), 2):
        clause = parts[k]
        if _shorthand(clause) or _LABEL.match(clause):
            continue
        if kept:
            kept.append(parts[k - 1])
        kept.append(clause)
    return "".join(kept).strip()


def _keep_case(word: str, table: dict[str, str]) -> str:
    out = table[word.lower()]
    return out[:1].upper() + out[1:] if word[:1].isupper() else out


def _sentence_case(sentence: str) -> str:
    sentence = sentence.strip().rstrip(",;:").strip()
    if not sentence:
        return ""
    if sentence[-1] not in ".!?":
        sentence += "."
    return sentence[0].upper() + sentence[1:]


def to_candidate(
    quote: str, candidate_name: str, *, staff: tuple[str, ...] = ()
) -> list[str]:
    """The sentences of ``quote`` the letter may say to the candidate, in their voice.

    A sentence is left out when, after rewriting, it still holds shorthand, a "they"
    (the candidate or someone else: the reader cannot tell), a third-person pronoun the
    rewriting could not place, a staff member's name, or only a label ("the gap was X").
    """
    kept: list[str] = []
    # A note that never says "he", "she" or the candidate's name may use "they" for them.
    names = "|".join(re.escape(p) for p in _name_parts(candidate_name))
    they_is_candidate = not _HE_SHE.search(quote) and not (
        names and re.search(rf"\b({names})\b", quote)
    )
    for raw in _SPLIT.split(quote.strip().strip('"')):
        if _ABOUT_THE_R2.search(raw):
            continue
        sentence = _without_shorthand(raw.strip())
        sentence = _CONTRACTION_RE.sub(lambda m: _keep_case(m.group(0), _CONTRACTIONS), sentence)
        if not sentence or _shorthand(sentence):
            continue
        if they_is_candidate:
            sentence = _THEY.sub(lambda m: _keep_case(m.group(0), _THEY_AS_YOU), sentence)
        if _LABEL.match(sentence):
            continue
        if any(re.search(rf"\b{re.escape(p)}\b", sentence) for s in staff for p in _name_parts(s)
               if p not in _name_parts(candidate_name)):
            continue
        converted = _sentence_case(_subjectless(_convert(sentence, candidate_name)))
        if not converted or _HE_SHE.search(converted):
            continue
        if not _YOU_WE.search(converted):
            # Nothing about the candidate or what we asked: a label, or someone else.
            continue
        if _THEY.search(converted) and not re.search(r"\byou(r|rs)?\b", converted, re.I):
            # A "they" in a sentence that says nothing to the candidate: who is it?
            continue
        kept.append(converted)
    return kept
