"""Detectors for what a sentence of feedback *is*: a label, an impression, a guess, a claim.

Each detector is a pattern over the parts of a sentence (a subject, a modal, a verb of
leaving or wanting; an area noun next to an evaluative word), not a list of sentences.

>>> is_subjective("Something about her attitude rubbed me the wrong way.")
True
>>> is_assumption("He'll get bored here within six months.")
True
>>> [(c.verb, c.obj) for c in negative_claims("He has never written Rust, sadly.")]
[('written', 'Rust')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mailagent.dialogue.offline.resources import REQUIREMENT_WORDS, TECH
from mailagent.dialogue.offline.text import sentences, tokens, with_apostrophes

_SUBJECTIVE_RE = re.compile(
    r"\b(attitude|vibes?|click(ed)?|chemistry|gut( feeling)?|bad feeling|nervous|anxious|shy|"
    r"arrogant|cocky|full of (him|her|them)sel(f|ves)|rude|cold and|felt cold|smil\w*|"
    r"(low|no|high) energy|passion\w*|enthusias\w*|likeable|personality|too intense|intense for|"
    r"blunt|stiff|seemed bored|distracted|unprepared|scattered|hoodie|outfit|dress(ed|es)?|"
    r"clothes|baseball cap|wore a|tattoos?|piercings?|messy|the image|unprofessional|"
    r"not (very |that |really )?professional|first impression|camera off|late to|"
    r"interrupt\w*|talked (way )?too much|job[- ]hop\w*|jobs in \w+ years|so soon|red flag|"
    r"didn't like|did not like|rubbed|weird|awkward|eye contact|handshake|annoying|abrasive|"
    r"full of (him|her)self|not my (type|taste)|for my taste|culture fit|cultural fit|"
    r"not a people person|standoffish|lazy(?![- ](?:load\w*|evaluat\w*|init\w*|import\w*))|"
    r"cocky|smug|sloppy appearance|"
    r"too (quiet|loud|casual|polished|slick))\b",
    re.IGNORECASE,
)

# How someone came across, as opposed to what they can do. Each word needs a frame that
# makes it about the person ("came across as cold", "a bit much", "very quiet"), so that
# "cold start" or "a quiet period" are not impressions.
_DEMEANOUR = (
    r"quiet|reserved|timid|introvert\w*|withdrawn|monotone|"
    r"laid[- ]back|relaxed|lethargic|sleepy|bored|uninterested|disinterested|disengaged|"
    r"aloof|distant|cold|frosty|prickly|defensive|argumentative|combative|confrontational|"
    r"pushy|domineering|overbearing|loud|brash|over-?confident|cocky|entitled|condescending|"
    r"patroni[sz]ing|dismissive|smarmy|slick|salesy|intense|exhausting|draining|much|"
    r"grating|irritating|off-?putting|odd|strange|quirky|twitchy|fidgety|nervy|jittery|"
    r"robotic|wooden|stiff|arrogant|smug|rude|abrasive|cagey|evasive|shifty|guarded|"
    r"negative|moody|grumpy|sulky|spiky|difficult|full-on|hyper|scatty|all over the place"
)
_IMPRESSION_RE = re.compile(
    rf"\b(?:came|comes|coming) (?:across|over) (?:as )?(?:\w+ ){{0,2}}(?:{_DEMEANOUR})\b|"
    rf"\b(?:(?:he|she|they)(?:'s|'re)?\s+(?:was|is|were|are|seemed|seems|felt|looked|"
    rf"sounded)?|seemed|seems|bit|too|very|quite|rather|so|really|pretty|overly|fairly|"
    rf"a little|a tad|far too|way too)\s+(?:a bit\s+|very\s+|quite\s+|so\s+)?(?:{_DEMEANOUR})\b|"
    r"\b(?:(?:he|she|they) (?:was|is|were|seemed|came across)|seemed|came across as) "
    r"(?:a bit |very |quite |so |really )?(?:boring|dull|flat|bland)\b|"
    r"\b(?:talked|spoke|speaks|talks) over\b|\bcut me off\b|\b(?:body language|posture|"
    r"demeanou?r|charisma\w*|presence|mannerisms?)\b|\bone-word answers\b|"
    r"\blooked at the camera\b|\bsmall talk\b|\bcouldn'?t get a read\b|\b(?:get|got) a read\b|"
    r"\bdidn'?t (?:warm|gel|mesh|connect) (?:to|with)\b|\bwarm to\b|\bdread\b|"
    r"\bwouldn'?t want to (?:work|sit|spend|have a (?:beer|pint|coffee))\b|\bbeer test\b|"
    r"\bpub test\b|\bnot someone I'?d\b|\bfire in (?:him|her|them|their belly)\b|"
    r"\bsparkle\b|\bhungry enough\b|\bno (?:hunger|drive|oomph|edge)\b|"
    r"\bmumbl\w*|\bfidget\w*|\bshrugg?\w*|\brolled (?:his|her|their) eyes\b|\bsighed\b|"
    r"\btoo (?:chatty|pleased with (?:him|her|them)sel(?:f|ves))\b|\bbit much\b|"
    r"\bif I'?m (?:being )?honest\b.*\b(?:cold|odd|off|weird)\b|\bgave me the ick\b|"
    r"\bdidn'?t sit (?:right|well) with me\b|\bsomething (?:off|about (?:him|her|them))\b",
    re.IGNORECASE,
)

_MODAL = r"(?:will|'ll|would|'d|is going to|are going to|going to|gonna|won't|wouldn't)"
_ADVERBS = r"(?:(?:\w+ly|surely|probably|definitely|just|soon|eventually|then|also|quickly)\s+)*"
_FUTURE_VERBS = (
    r"(?:leave|quit|be gone|get bored|be bored|get restless|be restless|get itchy|"
    r"find \w+ (?:dull|boring)|want (?:more|a higher|a bigger|to be|to move|to leave|to commute|"
    r"to go back|to return|to get back|out|"
    r"a promotion|a raise)|expect (?:a |much |more |higher |far )?\w*\s*(?:salary|money|pay|raise|"
    r"title|promotion|package)|ask for (?:a |more )?\w+|demand|jump ship|move on|burn out|"
    r"burn (?:out )?the|start looking|look elsewhere|stay long|last long|use us|outgrow|"
    r"leave us|get poached|be poached|be headhunted|be after|be off|be climbing|be looking|"
    r"be itching|be unhappy|be frustrated|be miserable|go back|head back|drift|jump|bail|"
    r"walk|be out(?: of| the)|not last|not stay|not stick|resent|hate it|miss (?:the|his|her))"
)
_ASSUMPTION_RE = re.compile(
    rf"\b{_MODAL}\s+{_ADVERBS}{_FUTURE_VERBS}\b|\boverqualified\b|\bflight risk\b|"
    r"\bstepping stone\b|\bthe moment (?:a|an|any) [\w ]{1,20}calls\b|\bbe gone (?:in|within)\b|"
    r"\baiming for\b|\bwon't want to\b|\bwon't stick around\b|\bnot stick around\b|"
    r"\bin it for the money\b|\b(?:jump|jumps|jumping) ship\b|\bclimbing the walls\b|"
    r"\bitch(?:y|ing) feet\b|\bitching to\b|\b(?:i'?d|i would|i'?ll|happy to) bet\b|"
    r"\btend to (?:drift|go|head|move|return|gravitate|wander) back\b|\bdrift back\b|"
    r"\b(?:training|train|developing|grooming) (?:him|her|them)(?: up)? for someone else\b|"
    r"\bnext big (?:job|thing|role|move|step)\b|\bon (?:his|her|their) way out\b|"
    r"\bwon'?t (?:last|stay|stick)\b|\bwon'?t be (?:happy|satisfied|content|challenged)\b|"
    r"\b(?:is|'s|are|'re)\s+(?:\w+ly\s+)?after (?:a|an|the) (?:[\w-]+ )?(?:title|promotion|"
    r"role|job|raise|position|step up)\b|\bnovelty wears off\b|"
    r"\b(?:training|train|developing|grooming) (?:him|her|them)(?: up)? for (?:a |the )?"
    r"(?:competitor|competition|another (?:company|firm|employer)|others|someone else)\b|"
    r"\bgive it (?:six|three|a few|\d+) months\b|\bbefore (?:he|she|they)(?:'s| is| are) off\b|"
    r"\bas soon as (?:a|an|the|something) (?:better|bigger)\b|\bcounter-?offer\b",
    re.IGNORECASE,
)
_NOT_A_GUESS_RE = re.compile(r"\b(how|what|when|where|whether|said|asked|explained)\b[^,.;]*$",
                             re.IGNORECASE)

_VAGUE_RE = re.compile(
    r"\b(not senior enough|too junior|(too |not |very )?inexperienced|not experienced enough|"
    r"not technical enough|(isn't|not|wasn't) there yet|not strong enough|technically weak|"
    r"weak technically|not up to (par|scratch|standard)|expected more|below (the )?(bar|par|"
    r"level))\b|\b(technical\w*|skills?|knowledge|fundamentals|abilit(y|ies)|competenc\w*|"
    r"background|expertise|seniority|grasp|understanding|side|part|discussion|conversation|"
    r"answers|depth|leadership|work)\b[^.;]{0,40}?\b(weak|poor|lacking|lacks|lacked|shallow|thin|"
    r"shaky|disappointing|underwhelming|not (there|strong|solid|deep|enough|good|great|where)|"
    r"(wasn't|isn't|weren't|aren't) (there|strong|solid|deep|enough|good|great|where)|"
    r"mediocre|average|fine|ok|okay|so-so|didn't go well|did not go well|felt)\b|"
    r"\b(lacks?|lacking|weak|poor)\s+(?:\w+\s+){0,2}(skills?|knowledge|abilit(y|ies)|background|"
    r"expertise|experience)\b",
    re.IGNORECASE,
)

_USELESS_HINT_RE = re.compile(r"\w", re.IGNORECASE)


def is_subjective(sentence: str) -> bool:
    """A personal impression not tied to any criterion (attitude, nerves, clothes...)."""
    return (
        _SUBJECTIVE_RE.search(sentence) is not None
        or _IMPRESSION_RE.search(sentence) is not None
    )


def is_assumption(sentence: str) -> bool:
    """A guess about the candidate's future choices ("will leave", "will want more")."""
    for m in _ASSUMPTION_RE.finditer(sentence):
        before = sentence[: m.start()]
        after = sentence[m.end() : m.end() + 20]
        if _NOT_A_GUESS_RE.search(before) or re.match(r"\s*(it |their |the )?\w*\s*so soon",
                                                      after):
            continue
        return True
    return False


def is_vague_label(sentence: str) -> bool:
    """An area named with a verdict but no specifics ("technically weak")."""
    return _VAGUE_RE.search(sentence) is not None


@dataclass(frozen=True)
class Claim:
    """A claim that the candidate lacks something: "has never used Airflow"."""

    sentence: str
    verb: str
    obj: str


_OBJ = r"(?P<obj>[^,.;:!?()—–]{1,60})"
_CLAIM_VERBS = (
    r"used|written|written in|wrote|done|worked(?:\s+(?:with|in|on|at|for))?|touched|built|"
    r"run|ran|had|held|handled|managed|led|administered|shipped|put|modell?ed|sold|hit|met|"
    r"reached|chaired|owned|deployed|created|designed|reconciled|filed|prepared|programmed|"
    r"coded|operated|maintained|configured|set up|contributed to|been in|been on|worked as|"
    r"done any|taken|passed|earned|published|launched|developed|implemented|delivered|"
    r"got|gotten|pushed|released|submitted|seen|touched a|looked after|supervised|trained"
)
_CLAIM_PATTERNS = (
    re.compile(
        rf"\b(?:has|have|had|'s|'ve)?\s*(?:never|not|n't|no[, ]+never)\s+(?:ever\s+|once\s+|"
        rf"really\s+|actually\s+)?(?P<verb>{_CLAIM_VERBS})\s+(?:any\s+|a\s+|an\s+|the\s+)?{_OBJ}",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:does|do|did)\s*(?:n't|not)\s+(?:really\s+|even\s+)?(?P<verb>have|hold|know|speak|"
        r"write|use|understand|see)\s+(?:any\s+|a\s+|an\s+|the\s+)?" + _OBJ,
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?P<verb>no|zero|without|lacks?|lacking)\s+(?:real\s+|prior\s+|hands-on\s+|actual\s+|"
        r"formal\s+)?" + r"(?P<obj>[^,.;:!?()—–]{1,40}?)\s+(?:experience|background|knowledge|"
        r"exposure|track record|certification|skills?)\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?P<verb>no|zero)\s+(?:\w+\s+)?experience\s+(?:with|in|of|on|selling into|selling to|"
        r"working in|working with|running|doing)\s+(?:the\s+|a\s+|an\s+)?" + _OBJ,
        re.IGNORECASE,
    ),
    re.compile(r"\b(?P<verb>is|'s)\s*(?:n't|not)\s+(?:a|an)\s+" + _OBJ, re.IGNORECASE),
    re.compile(
        r"\b(?:doubt|not convinced|not sure|don'?t think|do not think|can'?t imagine|"
        r"can'?t see)\s+(?:that\s+)?(?:she|he|they)(?:'s|'ve|\s+has|\s+have|\s+had)?\s+ever\s+"
        r"(?:actually\s+|really\s+)?(?P<verb>\w+)(?:\s+at|\s+on|\s+with|\s+to)?\s+"
        r"(?:a\s+|an\s+|the\s+|any\s+|anything\s+(?:to|on|in|with)\s+(?:the\s+|a\s+)?)?" + _OBJ,
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?P<obj>(?:her|his|their)\s+[\w-]+(?:\s+[\w-]+)?)\s+(?P<verb>is|'s|was)\s*(?:n't|not)\s+"
        r"(?:current|valid|up to date|active|in date)\b",
        re.IGNORECASE,
    ),
    re.compile(r"\b(?P<verb>[Nn]o|[Zz]ero)\s+(?P<obj>[A-Z][\w.+#'-]*(?:\s+[A-Z][\w.+#'-]*){0,2})"),
)
# "(?<!\s)": a run of spaces is tried from its first space only (else quadratic).
_OBJ_END_RE = re.compile(
    r"(?<!\s)\s+(?:and|which|that|because|so|but|at all|whatsoever|before|herself|himself|"
    r"themselves|"
    r"in (?:his|her|their) (?:background|cv|resume|life|career)|for (?:a|an|the|this|our)|"
    r"from what|or any|either|yet|ever|tops|here|there|now|since|like|as|by the looks? of|"
    r"as far as|judging|apparently|it seems|i think|in (?:his|her|their) life|to be honest|"
    r"tbh|honestly|really)\b.*$",
    re.IGNORECASE,
)
_LEAD_RE = re.compile(r"^(?:a|an|the|any|real|much|single|one|proper|actual)\s+", re.IGNORECASE)
GENERIC_OBJ = frozenset(
    "experience background knowledge exposure skills skill work feature features responsibility "
    "number numbers idea clue way thing things job jobs role roles time one stuff tool tools "
    "project projects app apps product level approach anybody anyone anything somebody "
    "someone people person ppl staff".split()
)

_PEOPLE = frozenset("anybody anyone somebody someone people person ppl staff".split())
# Verbs that say little by themselves ("never had any", "not done one").
_LIGHT_VERBS = frozenset(
    "had have has hold held done got gotten seen see taken put worked touched used hit met "
    "reached is 's know speak write understand no zero without lack lacks lacking".split()
)


def _clean_obj(raw: str) -> str:
    obj = _OBJ_END_RE.sub("", raw.strip())
    for _ in range(3):
        obj = _LEAD_RE.sub("", obj.strip())
    return obj.strip(" '\"")


def negative_claims(sentence: str) -> list[Claim]:
    """Claims in ``sentence`` that the candidate lacks something, with what they lack."""
    out: list[Claim] = []
    spelled = with_apostrophes(sentence)
    for pattern in _CLAIM_PATTERNS:
        for m in pattern.finditer(spelled):
            obj = _clean_obj(m.group("obj"))
            verb = m.group("verb").lower()
            # "never supervised anybody": the doing is the claim, whoever it was done to
            # (not "never led one", where "one" stands for a thing named before).
            words = tokens(obj)
            if obj and (not all(t in GENERIC_OBJ for t in words) or (
                    verb not in _LIGHT_VERBS and " " not in verb and set(words) <= _PEOPLE)):
                out.append(Claim(sentence=sentence, verb=verb, obj=obj))
    seen: set[str] = set()
    unique = []
    for c in out:
        if c.obj.lower() not in seen:
            seen.add(c.obj.lower())
            unique.append(c)
    return unique


def is_concrete(obj: str, sentence: str) -> bool:
    """True when ``obj`` names a definite thing: a technology, degree, domain or language,
    an acronym or a proper name."""
    words = re.findall(r"[\w.+#'-]+", obj)
    lowered = [w.lower().strip("'") for w in words]
    if any(w in TECH or w in REQUIREMENT_WORDS for w in lowered):
        return True
    first = sentence.strip().split(" ", 1)[0]
    return any(
        (w[0].isupper() and w != first) or (len(w) >= 2 and w.isupper()) or any(c.isdigit()
        for c in w) for w in words
    )


def requirement_name(obj: str) -> str:
    """A short name for an off-R2 requirement: "healthcare vertical" -> "healthcare"."""
    name = re.split(r"\s+or\s+|\s+in\s+|\s+for\s+|/", obj, maxsplit=1)[0]
    name = re.sub(r"\s+(vertical|industry|sector|domain|space|market|experience|background)$", "",
                  name, flags=re.IGNORECASE)
    return name.strip()


NEGATIONS = ("no ", "not ", "never", "n't", "lack", "without", "zero ", "only ", "barely",
             "hardly", "little ", "limited", "weak", "none", "nothing", "nowhere", "isn't",
             "wasn't", "hasn't", "didn't", "doesn't", "can't", "cannot", "unable", "nor ",
             "nowhere near", "still on", "restricted", "since 19", "since 20", " months",
             " only,", " only.", "doubt", "handful", "tiny", " small ", " few ")


def claim_sentences(text: str) -> list[str]:
    """Sentences that deny or belittle something (where a contradicted claim sits)."""
    return [s for s in sentences(text)
            if any(n in f" {with_apostrophes(s).lower()} " for n in NEGATIONS)]


def claim_objects(claim: str) -> list[str]:
    """What a denying sentence says is lacking ("no legal qualifications" → "legal")."""
    return [c.obj for c in negative_claims(claim)]
