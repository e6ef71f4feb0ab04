"""Out-of-office replies: recognising one, and reading the return date it states.

Subjects and body phrases in English, German, French, Spanish, Italian, Dutch and
Portuguese (plus a few Nordic and Polish labels). Every pattern here runs on inbound
text, so each is compiled with RE2 (``google-re2``), whose matching time is linear in
the input: no text can make it backtrack. Only the first ``SCAN_CHARS`` characters
of a body are read; an out-of-office note says what it is at the top.

>>> is_ooo_subject("Automatische Antwort: Feedback zu Ann Lee")
True
>>> is_ooo_subject("Re: Feedback on Ann Lee")
False
>>> return_date("Ich bin bis 22. Juni nicht im Büro.", now=datetime(2025, 6, 2, tzinfo=UTC))
datetime.datetime(2025, 6, 22, 0, 0, tzinfo=datetime.timezone.utc)
"""

from __future__ import annotations

import html as html_lib
from datetime import UTC, datetime, timedelta
from typing import Any

import re2

SCAN_CHARS = 4000

_OPTIONS = re2.Options()
_OPTIONS.case_sensitive = False
_OPTIONS.max_mem = 8 << 20
_OPTIONS.log_errors = False


def _compile(pattern: str) -> Any:
    return re2.compile(pattern, _OPTIONS)


def _words(alternatives: list[str]) -> str:
    """Whole words or phrases. RE2's ``\\b`` knows ASCII letters only, so the edges are
    spelled out: words such as "até" or "rientrerò" end in a letter outside ASCII."""
    return r"(?:^|[^\pL\pN_])(?:" + "|".join(alternatives) + r")(?:$|[^\pL\pN_])"


# Labels an auto-reply puts at the start of its subject (Outlook/Exchange, Lotus Notes,
# Gmail and Sieve vacation texts people commonly choose), per language.
_SUBJECT_LABELS = [
    # English
    r"automatic reply",
    r"auto[- ]?reply",
    r"auto[- ]?response",
    r"automatic response",
    r"out of (?:the )?office",
    r"away from (?:the |my )?office",
    r"vacation (?:reply|response|notice)",
    r"on (?:vacation|holiday|annual leave|leave)",
    # German
    r"automatische antwort",
    r"automatische r[üu]ckantwort",
    r"abwesenheitsnotiz",
    r"abwesenheitsmeldung",
    r"nicht im b[üu]ro",
    r"au(?:ß|ss)er haus",
    # French
    r"r[ée]ponse automatique",
    r"absence du bureau",
    r"absente? du bureau",
    r"message d['’]absence",
    # Spanish
    r"respuesta autom[áa]tica",
    r"fuera de (?:la )?oficina",
    r"mensaje de ausencia",
    # Italian
    r"risposta automatica",
    r"fuori (?:sede|ufficio|dall['’]ufficio)",
    # Dutch
    r"automatisch antwoord",
    r"afwezigheidsbericht",
    r"niet (?:aanwezig|op kantoor)",
    # Portuguese
    r"resposta autom[áa]tica",
    r"fora do escrit[óo]rio",
    r"mensagem de aus[êe]ncia",
    r"aus[êe]ncia tempor[áa]ria",
    # Nordic, Polish
    r"autosvar",
    r"automaattinen vastaus",
    r"poza biurem",
    r"odpowied[źz] automatyczna",
]
# Single words that are ordinary words too ("Absent candidate", "Auto insurance"): they
# count only as a label, followed by a colon.
_SUBJECT_WORDS = [r"ooo", r"auto", r"abwesend", r"absente?", r"ausente", r"assente", r"afwezig"]
# "Re:", "AW:", "SV:" … and a bracketed tag such as "[External]" may come first.
_SUBJECT_RE = _compile(
    r"^\s*(?:(?:re|aw|sv|vs|fw|fwd|wg|tr|rv|r|antw|odp)\s*:\s*)*(?:\[[^\]]{0,40}\]\s*)?"
    r"(?:(?:" + "|".join(_SUBJECT_LABELS) + r")(?:$|[\s:,.!(-])"
    r"|(?:" + "|".join(_SUBJECT_WORDS) + r")\s*:)"
)

# Phrases an out-of-office body states; read only in mail already known to be automated.
_BODY_PHRASES = [
    # English
    r"out of (?:the )?office",
    r"away from (?:the |my )?(?:office|desk)",
    r"on (?:annual |parental |maternity |paternity |sick )?(?:vacation|holiday|leave)",
    r"(?:limited|no) access to (?:my )?e-?mails?",
    r"(?:i will|i'll|i shall) be back",
    r"back (?:in the office |at work |at my desk )?on",
    r"(?:return|returning) (?:to the office )?on",
    r"currently (?:away|out)",
    # German
    r"nicht im b[üu]ro",
    r"au(?:ß|ss)er haus",
    r"abwesend",
    r"abwesenheit",
    r"im urlaub",
    r"wieder im b[üu]ro",
    r"wieder erreichbar",
    r"zur[üu]ck am",
    # French
    r"absente? du bureau",
    r"hors du bureau",
    r"en cong[ée]s?",
    r"en vacances",
    r"de retour le",
    r"actuellement absente?",
    r"absente? jusqu",
    # Spanish
    r"fuera de (?:la )?oficina",
    r"de vacaciones",
    r"estar[ée] (?:de vuelta|ausente|fuera)",
    r"ausente hasta",
    r"volver[ée] el",
    # Italian
    r"fuori (?:sede|ufficio|dall['’]ufficio)",
    r"in ferie",
    r"assente fino",
    r"rientrer[òo]",
    r"sar[òo] (?:di ritorno|assente|fuori)",
    # Dutch
    r"afwezig",
    r"niet (?:aanwezig|op kantoor)",
    r"(?:op|met) vakantie",
    r"ben (?:weer )?terug op",
    r"weer (?:aanwezig|op kantoor)",
    # Portuguese
    r"fora do escrit[óo]rio",
    r"de f[ée]rias",
    r"estarei (?:ausente|fora|de volta)",
    r"ausente at[ée]",
    r"(?:regresso|retorno) (?:a|em|no dia)",
]
_BODY_RE = _compile(_words(_BODY_PHRASES))

_TAG_RE = _compile(r"<[^>]*>")


def is_ooo_subject(subject: str) -> bool:
    """Does the subject carry an auto-reply or out-of-office label at its start?"""
    return _SUBJECT_RE.search(subject[:500]) is not None


def has_ooo_phrase(text: str) -> bool:
    """Does the top of a body say its writer is away?"""
    return _BODY_RE.search(text[:SCAN_CHARS]) is not None


def html_words(html: str) -> str:
    """HTML with tags dropped, enough to look for a phrase (never shown to anyone)."""
    return html_lib.unescape(str(_TAG_RE.sub(" ", html[: SCAN_CHARS * 4])))


# --- Return dates -------------------------------------------------------------------------

_MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: (
        "jan",
        "january",
        "januar",
        "jänner",
        "janvier",
        "enero",
        "gennaio",
        "januari",
        "janeiro",
        "janv",
    ),
    2: (
        "feb",
        "february",
        "februar",
        "février",
        "fevrier",
        "févr",
        "febrero",
        "febbraio",
        "februari",
        "fevereiro",
        "fev",
    ),
    3: ("mar", "march", "märz", "maerz", "mars", "marzo", "maart", "março", "marco", "mrt"),
    4: ("apr", "april", "avril", "abril", "aprile", "abr", "avr"),
    5: ("may", "mai", "mayo", "maggio", "mei", "maio", "mag"),
    6: ("jun", "june", "juni", "juin", "junio", "giugno", "junho", "giu"),
    7: ("jul", "july", "juli", "juillet", "julio", "luglio", "julho", "juil", "lug"),
    8: ("aug", "august", "août", "aout", "agosto", "augustus", "ago"),
    9: (
        "sep",
        "sept",
        "september",
        "septembre",
        "septiembre",
        "setiembre",
        "settembre",
        "setembro",
    ),
    10: ("oct", "october", "oktober", "octobre", "octubre", "ottobre", "outubro", "okt", "ott"),
    11: ("nov", "november", "novembre", "noviembre", "novembro"),
    12: (
        "dec",
        "december",
        "dezember",
        "décembre",
        "decembre",
        "diciembre",
        "dicembre",
        "dezembro",
        "dez",
        "dic",
        "déc",
    ),
}
_MONTHS = {name: month for month, names in _MONTH_NAMES.items() for name in names}

# Words that introduce the day someone is back ("until", "back on", "bis", "jusqu'au",
# "hasta", "fino al", "tot", "até" …); a date after one of these is the return date.
# ("from" words such as "ab", "dal", "vanaf" are left out: they start an absence as often
# as they end one.)
_CUES = [
    r"until",
    r"till",
    r"back",
    r"return",
    r"returning",
    r"through",
    r"thru",
    r"bis",
    r"zur[üu]ck",
    r"wieder",
    r"jusqu['’]?(?:au|à)?",
    r"retour",
    r"hasta",
    r"regreso",
    r"regresar[ée]",
    r"vuelta",
    r"volver[ée]",
    r"fino al?",
    r"rientro",
    r"rientrer[òo]",
    r"ritorno",
    r"tot",
    r"terug",
    r"at[ée]",
    r"regresso",
    r"retorno",
    r"volta",
]
_CUE_RE = _compile(_words(_CUES))

_MONTH = "(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th|er|º|°)?\.?"
_YEAR = r"(?:,?\s*(?:de\s+)?((?:19|20)\d\d))?"
_END = r"(?:$|[^\pL\pN])"
_DATE_RE = _compile(
    # 2025-06-22
    r"\b(20\d\d)-(\d\d)-(\d\d)\b"
    # 22.06.2025, 22/06/2025, 22.6.
    r"|\b(\d{1,2})[./](\d{1,2})(?:[./]((?:20)?\d\d))?\b"
    # 22 June 2025, 22. Juni, 22 de junio de 2025, 1er juillet
    r"|\b"
    + _DAY
    + r"\s*(?:de\s+)?"
    + _MONTH
    + _YEAR
    + _END
    +
    # June 22, 2025
    r"|\b"
    + _MONTH
    + r"\s+(\d{1,2})(?:st|nd|rd|th)?\b"
    + _YEAR
)
_CUE_WINDOW = 40


def _date(year: int, month: int, day: int) -> datetime | None:
    try:
        return datetime(year, month, day, tzinfo=UTC)
    except ValueError:
        return None


def _year(raw: str) -> int | None:
    if not raw:
        return None
    value = int(raw)
    return value + 2000 if value < 100 else value


def _found(groups: tuple[str | None, ...], now: datetime) -> tuple[datetime | None, bool, bool]:
    """(date, year_given, needs_cue) from one match of ``_DATE_RE``.

    Day and month in figures with no year ("22.6") read as a date only after a cue
    word: alone they are as likely a number ("3.5 days").
    """
    g = [x or "" for x in groups]
    if g[0]:
        return _date(int(g[0]), int(g[1]), int(g[2])), True, False
    if g[3]:
        year = _year(g[5])
        day, month = int(g[3]), int(g[4])
        # Day first (most of the world); a US month/day date is read when only it fits.
        found = _date(year or now.year, month, day) or _date(year or now.year, day, month)
        return found, year is not None, year is None
    if g[6]:
        named = _MONTHS.get(g[7].lower())
        year = _year(g[8])
        found = _date(year or now.year, named, int(g[6])) if named else None
        return found, year is not None, False
    if g[9]:
        named = _MONTHS.get(g[9].lower())
        year = _year(g[11])
        found = _date(year or now.year, named, int(g[10])) if named else None
        return found, year is not None, False
    return None, False, False


def return_date(text: str, *, now: datetime) -> datetime | None:
    """The day an out-of-office note says its writer is back, or None.

    A date right after a word such as "until", "back", "bis", "jusqu'au", "hasta",
    "fino al", "tot" or "até" wins; otherwise the latest future date stated. A date
    with no year is this year's, or next year's if it has passed.

    >>> now = datetime(2025, 6, 2, tzinfo=UTC)
    >>> return_date("I am away until June 12, 2025.", now=now).day
    12
    >>> return_date("Absent du 3 juin jusqu'au 22 juin.", now=now).day
    22
    >>> return_date("Estaré fuera hasta el 22 de junio.", now=now).day
    22
    """
    text = text[:SCAN_CHARS]
    cued: list[datetime] = []
    stated: list[datetime] = []
    for match in _DATE_RE.finditer(text):
        found, year_given, needs_cue = _found(match.groups(), now)
        if found is None:
            continue
        if not year_given and found < now - timedelta(days=1):
            found = _date(found.year + 1, found.month, found.day) or found
        if found < now - timedelta(days=1):
            continue
        before = text[max(0, match.start() - _CUE_WINDOW) : match.start() + 1]
        if _CUE_RE.search(before):
            cued.append(found)
        elif not needs_cue:
            stated.append(found)
    if cued:
        return cued[0]
    return max(stated) if stated else None
