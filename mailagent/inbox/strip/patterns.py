"""Multilingual lexicons and line patterns used by quote and signature stripping.

Mail clients localise the lines they put above quoted history: "On … wrote:",
Outlook's "From:/Sent:/To:/Subject:" block and "-----Original Message-----".  This
module keeps those words in one place so that a new language means a new word, not
a new rule.  Every pattern here is compiled by :func:`~mailagent.inbox.strip.linear.linear`
(RE2): matching takes time linear in the line, however hostile the line is.

Example:
    >>> bool(WROTE_RE.search("Am 13.12.2017 21:11 schrieb Max <max@example.de>:"))
    True
    >>> header_key("Betreff: AW: Angebot")
    'subject'
"""

from __future__ import annotations

from typing import Final

from mailagent.inbox.strip.linear import LinearPattern, escape, linear

# Verbs that end (or sit inside) a reply attribution line such as
# "On Tue, 3 Jun 2025 at 10:02, Ann <ann@example.com> wrote:".
WROTE_WORDS: Final[tuple[str, ...]] = (
    # English, including Samsung's "sent" and Polymail's wrapped form.
    "wrote",
    "writes",
    "sent",
    # German, Dutch, Scandinavian and Finnish.
    "schrieb",
    "geschrieben",
    "schreef",
    "geschreven",
    "het volgende geschreven",
    "skrev",
    "skrivit",
    "kirjoitti",
    # Romance languages.
    "a écrit",
    "a ecrit",
    "escribió",
    "escribio",
    "ha escrito",
    "ha scritto",
    "escreveu",
    "scrie",
    "a scris",
    # Slavic languages.
    "napisał",
    "napisała",
    "napisał\\(a\\)",
    "napsal",
    "написал",
    "написала",
    "написал\\(а\\)",
    "писал",
    "пишет",
    "пише",
    "pisze",
    "wiadomość napisana przez",
    "написав",
    "написала",
    # Others.
    "đã viết",
    "yazdı",
    "kirjutas",
)

# Several CJK attribution lines have no word boundary before the verb.
_CJK_WROTE: Final[str] = r"写道|寫道|のメッセージ|のメール:|のメール：|が書きました|님이 작성"

# RE2 has no look-around: the verb sits between non-word characters (or the line's
# ends), and :func:`wrote_verb` reads it from its group.
WROTE_RE: Final[LinearPattern] = linear(
    r"(?:^|\W)(?P<verb>" + "|".join(WROTE_WORDS) + r")(?:\W|$)|(?P<cjk>" + _CJK_WROTE + ")",
    ignorecase=True,
)


def wrote_verb(text: str) -> str | None:
    """Return the first attribution verb in ``text`` ("wrote", "a écrit", "写道"), or None.

    Example:
        >>> wrote_verb("Le 15 nov. 2021, Jo <jo@x.fr> a écrit :")
        'a écrit'
        >>> wrote_verb("He rewrote it.") is None
        True
    """
    match = WROTE_RE.search(text)
    if match is None:
        return None
    verb: str = match.group("verb") or match.group("cjk")
    return verb


# Words that open an attribution line before the date: "On", "Le", "Am", "El", …
INTRO_WORDS: Final[tuple[str, ...]] = (
    "on",
    "le",
    "am",
    "el",
    "il",
    "in data",
    "em",
    "op",
    "den",
    "på",
    "w dniu",
    "dnia",
    "vào",
    "在",
)

INTRO_RE: Final[LinearPattern] = linear(
    r"^(?:" + "|".join(escape(w) for w in INTRO_WORDS) + r")\s", ignorecase=True
)

# "-----Original Message-----" and its translations, with any run of dashes or none.
ORIGINAL_MESSAGE_WORDS: Final[tuple[str, ...]] = (
    "original message",
    "reply message",
    "ursprüngliche nachricht",
    "antwort nachricht",
    "originalnachricht",
    "oprindelig meddelelse",
    "oprindelig besked",
    "opprinnelig melding",
    "originalmeddelande",
    "ursprungligt meddelande",
    "message d'origine",
    "message original",
    "mensaje original",
    "messaggio originale",
    "mensagem original",
    "oorspronkelijk bericht",
    "origineel bericht",
    "alkuperäinen viesti",
    "wiadomość oryginalna",
    "oryginalna wiadomość",
    "původní zpráva",
    "исходное сообщение",
    "оригинальное сообщение",
    "початкове повідомлення",
    "原始邮件",
    "原始郵件",
    "元のメッセージ",
)

ORIGINAL_MESSAGE_RE: Final[LinearPattern] = linear(
    r"^[\s>]*-*\s*(?:" + "|".join(escape(w) for w in ORIGINAL_MESSAGE_WORDS) + r")\s*:?\s*-*\s*$",
    ignorecase=True,
)

# The line a client puts above a forwarded message, by client:
# Gmail "---------- Forwarded message ---------" and Thunderbird "-------- Forwarded
# Message --------" (the same words, localised), Apple Mail "Begin forwarded message:",
# Sparrow "Forwarded message:".  What sits below one was written by someone else.
FORWARD_WORDS: Final[tuple[str, ...]] = (
    # English (Gmail, Thunderbird, Yahoo, Apple Mail, Sparrow).
    "forwarded message",
    "begin forwarded message",
    # German, French, Spanish, Italian, Dutch, Portuguese.
    "weitergeleitete nachricht",
    "anfang der weitergeleiteten nachricht",
    "message transféré",
    "début du message réexpédié",
    "mensaje reenviado",
    "inicio del mensaje reenviado",
    "messaggio inoltrato",
    "inizio messaggio inoltrato",
    "doorgestuurd bericht",
    "begin doorgestuurd bericht",
    "mensagem encaminhada",
    "início da mensagem encaminhada",
    "início da mensagem reencaminhada",
    "mensagem reencaminhada",
    # Swedish, Danish, Norwegian, Finnish.
    "vidarebefordrat meddelande",
    "vidarebefordrat brev",
    "vidarebefordrat mejl",
    "videresendt meddelelse",
    "videresendt besked",
    "start på videresendt besked",
    "videresendt melding",
    "begynnelse på videresendt melding",
    "välitetty viesti",
    "välitetty viesti alkaa",
    # Polish, Russian, Ukrainian.
    "przekazana wiadomość",
    "wiadomość przekazana dalej",
    "początek przekazywanej wiadomości",
    "пересылаемое сообщение",
    "пересланное сообщение",
    "перенаправленное сообщение",
    "начало переадресованного сообщения",
    "переслане повідомлення",
    # Japanese, Chinese (simplified and traditional).
    "転送されたメッセージ",
    "転送メッセージ",
    "转发的邮件",
    "以下是转发的邮件",
    "转发的消息",
    "轉寄的郵件",
    "以下為轉寄的郵件",
)

FORWARD_RE: Final[LinearPattern] = linear(
    r"^\s*-*\s*(?:" + "|".join(escape(w) for w in FORWARD_WORDS) + r")\s*[:：]?\s*-*\s*$",
    ignorecase=True,
)

# mutt's "----- Forwarded message from Ann <ann@example.com> -----" and aerc's
# "Forwarded message from Ann on Tue Jun 3, 2025 at 4:40 PM:": the sender's name sits
# inside the marker line, which ends with dashes or a colon.
FORWARD_FROM_RE: Final[LinearPattern] = linear(
    r"^\s*-*\s*(?:forwarded message from|weitergeleitete nachricht von)\s[^\n]{1,300}"
    r"(?:\s-{3,}|:)\s*$",
    ignorecase=True,
)

# Field names of a quoted header block, by the field they stand for.
HEADER_KEYS: Final[dict[str, tuple[str, ...]]] = {
    "from": (
        "from",
        "von",
        "de",
        "da",
        "van",
        "fra",
        "från",
        "lähettäjä",
        "od",
        "от",
        "від",
        "kimden",
        "feladó",
        "发件人",
        "發件人",
        "差出人",
        "寄件者",
        "mittente",
        "보낸 사람",
    ),
    "date": (
        "date",
        "datum",
        "dato",
        "data",
        "fecha",
        "päivämäärä",
        "дата",
        "message du",
        "日期",
        "日付",
    ),
    "sent": (
        "sent",
        "gesendet",
        "envoyé",
        "envoyé le",
        "envoye",
        "inviato",
        "enviado",
        "enviado el",
        "enviada",
        "enviada em",
        "enviado em",
        "verzonden",
        "sendt",
        "skickat",
        "lähetetty",
        "wysłano",
        "wysłane",
        "отправлено",
        "надіслано",
        "gönderildi",
        "发送时间",
        "發送時間",
        "送信日時",
        "寄件日期",
        "보낸 날짜",
    ),
    "to": (
        "to",
        "an",
        "à",
        "a",
        "para",
        "aan",
        "til",
        "till",
        "vastaanottaja",
        "do",
        "кому",
        "komu",
        "kime",
        "címzett",
        "pour",
        "收件人",
        "收件者",
        "destinatario",
        "宛先",
        "받는 사람",
    ),
    "cc": (
        "cc",
        "kopie",
        "kopia",
        "kopi",
        "dw",
        "copie à",
        "copia",
        "kopio",
        "копия",
        "抄送",
        "副本",
    ),
    "subject": (
        "subject",
        "betreff",
        "objet",
        "sujet",
        "oggetto",
        "asunto",
        "assunto",
        "onderwerp",
        "emne",
        "ämne",
        "aihe",
        "temat",
        "тема",
        "konu",
        "tárgy",
        "主题",
        "主旨",
        "件名",
        "제목",
    ),
    "reply-to": ("reply-to", "répondre à", "antwort an", "responder a"),
}

_KEY_BY_WORD: Final[dict[str, str]] = {
    word: key for key, words in HEADER_KEYS.items() for word in words
}

# A header field at the start of a line: optional indent, optional "*bold*" stars,
# the field name, optional spaces, a colon (ASCII or full-width), then the value.
_HEADER_LINE_RE: Final[LinearPattern] = linear(
    r"^\s*\*?\s*(?P<word>"
    + "|".join(escape(w) for w in sorted(_KEY_BY_WORD, key=len, reverse=True))
    + r")\s*\*?\s*[:：]",
    ignorecase=True,
)


def header_key(line: str) -> str | None:
    """Return the field ("from", "date", "sent", "to", "cc", "subject") a line starts.

    Example:
        >>> header_key("*Sent:* Thursday, February 09, 2012 1:36 PM")
        'sent'
        >>> header_key("Time: 7 : 00am") is None
        True
    """
    match = _HEADER_LINE_RE.match(line)
    if match is None:
        return None
    return _KEY_BY_WORD[match.group("word").lower()]


# Mobile and webmail sign-offs that end the new text, e.g. "Sent from my iPhone".
MOBILE_SIGNATURE_RE: Final[LinearPattern] = linear(
    r"^(?:sent (?:from|with|via|using)|sent wirelessly from|get outlook for"
    r"|gesendet (?:von|mit|vom)|von meinem .{1,40} gesendet|envoyé (?:de|depuis|à partir de)"
    r"|enviado (?:desde|de|do)|inviato da|verzonden (?:vanaf|met)|skickat från"
    r"|sendt fra|lähetetty|wysłane z|отправлено (?:с|из)|надіслано з"
    r"|发自|從我的|iphoneから送信|从我的)(?:\s|$)[^,;:!?]{0,60}$",
    ignorecase=True,
)

# Formal closings that open a "Regards,\nName" signature.  "Thanks" is left out on
# purpose: "Thanks,\nAlex" is often the whole point of a short reply.
VALEDICTION_RE: Final[LinearPattern] = linear(
    r"^(?:(?:best|kind|warm|warmest|many|with kind|with best)?\s*regards|best|all the best"
    r"|best wishes|cheers|sincerely|yours sincerely|yours truly|yours|respectfully"
    r"|mit freundlichen grüßen|mit freundlichen grüssen|viele grüße|beste grüße|lg|mfg"
    r"|cordialement|bien cordialement|bien à vous|salutations|saludos|un saludo"
    r"|atentamente|cordiali saluti|saluti|distinti saluti|atenciosamente|abraços"
    r"|met vriendelijke groet(?:en)?|groeten|vriendelijke groeten|med vänlig hälsning"
    r"|vänliga hälsningar|hälsningar|med venlig hilsen|venlig hilsen|med vennlig hilsen"
    r"|vennlig hilsen|ystävällisin terveisin|terveisin|pozdrawiam|z poważaniem"
    r"|с уважением|всего доброго|з повагою)\s*[,.!]?$",
    ignorecase=True,
)

# A line that only separates parts of a message: "-----", "=====", "_____", "*****".
SEPARATOR_RE: Final[LinearPattern] = linear(r"^\s*(?:-{2,}|={2,}|_{2,}|\*{3,}|—{2,})\s*$")

# "__" or a longer underscore rule: Outlook's line above its header block and the
# mailing-list footer rule.  "-- " is RFC 3676's signature delimiter.
FOOTER_RULE_RE: Final[LinearPattern] = linear(r"^\s*_{2,}\s*$")
SIG_DELIMITER_RE: Final[LinearPattern] = linear(r"^--\s*$")

# Things that make an attribution line look like one: an address or a time/year.
EMAIL_RE: Final[LinearPattern] = linear(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
DATE_HINT_RE: Final[LinearPattern] = linear(
    r"\b\d{1,2}[:.h]\d{2}\b|\b(?:19|20)\d{2}\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b"
)
# A line that starts with a date, as in "2011/4/7 Nathan <nathan@example.com>".
LEADING_DATE_RE: Final[LinearPattern] = linear(
    r"^\s*(?:\d{4}[/.-]\d{1,2}[/.-]\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})\b"
)

# Anything that makes a line look like part of a reply header (a verb, an address or a
# date), in one pass: this runs on every line.
HEADER_HINT_RE: Final[LinearPattern] = linear(
    "|".join(f"(?:{p.pattern})" for p in (WROTE_RE, EMAIL_RE, DATE_HINT_RE)), ignorecase=True
)

# A line that any line rule above could read as more than text.  A line none of them can
# (and with none of the characters the other rules look for, see ``plain._is_ordinary``)
# is kept with one search instead of five: most lines of most replies are such lines.
SPECIAL_LINE_RE: Final[LinearPattern] = linear(
    "|".join(
        f"(?:{p.pattern})"
        for p in (
            FORWARD_RE,
            FORWARD_FROM_RE,
            ORIGINAL_MESSAGE_RE,
            MOBILE_SIGNATURE_RE,
            INTRO_RE,
            HEADER_HINT_RE,
        )
    ),
    ignorecase=True,
)
