"""Forwards, header blocks, attributions, rules and quote-only replies, client by client
and language by language (issue #15, finding 9).

Every mail here is written the way the named client lays it out: Outlook's header block
(From/Sent/To/Cc/Subject, localised), Gmail's and Thunderbird's forward lines, Apple
Mail's "Begin forwarded message:", mutt's and aerc's forwards, and the attribution
lines ("On … wrote:") of Gmail, Apple Mail and Thunderbird in each language.  The rule
they check (see :mod:`mailagent.inbox.strip.plain`): the visible text is what the sender
wrote.  A comment above a forward is kept, the forward is not; a pure forward and a
reply that is only a quote say nothing.
"""

from __future__ import annotations

import pytest

from mailagent.inbox.strip import MAX_VISIBLE_CHARS, visible_text
from tests.inbox.test_strip_hostile import guarded

# The request mailagent sent, as it comes back quoted under a reply.
REQUEST = "How did the interview with Sam Lee go? Please reply with your feedback.\n"

# Outlook's header block above a quoted or forwarded message, per language (Outlook
# desktop and Outlook on the web write the same fields).
OUTLOOK_BLOCKS = {
    "en": (
        "From: mailagent <feedback@hire.example>\n"
        "Sent: Tuesday, June 3, 2025 4:40 PM\n"
        "To: Dana Reyes <dana@acme.example>\n"
        "Cc: Priya Shah <priya@acme.example>\n"
        "Subject: Interview feedback: Sam Lee\n"
    ),
    "de": (
        "Von: mailagent <feedback@hire.example>\n"
        "Gesendet: Dienstag, 3. Juni 2025 16:40\n"
        "An: Dana Reyes <dana@acme.example>\n"
        "Cc: Priya Shah <priya@acme.example>\n"
        "Betreff: Interview-Feedback: Sam Lee\n"
    ),
    "fr": (
        "De : mailagent <feedback@hire.example>\n"
        "Envoyé : mardi 3 juin 2025 16:40\n"
        "À : Dana Reyes <dana@acme.example>\n"
        "Cc : Priya Shah <priya@acme.example>\n"
        "Objet : Retour d'entretien : Sam Lee\n"
    ),
    "es": (
        "De: mailagent <feedback@hire.example>\n"
        "Enviado el: martes, 3 de junio de 2025 16:40\n"
        "Para: Dana Reyes <dana@acme.example>\n"
        "CC: Priya Shah <priya@acme.example>\n"
        "Asunto: Opinión sobre la entrevista: Sam Lee\n"
    ),
    "it": (
        "Da: mailagent <feedback@hire.example>\n"
        "Inviato: martedì 3 giugno 2025 16:40\n"
        "A: Dana Reyes <dana@acme.example>\n"
        "Cc: Priya Shah <priya@acme.example>\n"
        "Oggetto: Feedback colloquio: Sam Lee\n"
    ),
    "nl": (
        "Van: mailagent <feedback@hire.example>\n"
        "Verzonden: dinsdag 3 juni 2025 16:40\n"
        "Aan: Dana Reyes <dana@acme.example>\n"
        "CC: Priya Shah <priya@acme.example>\n"
        "Onderwerp: Feedback op het gesprek: Sam Lee\n"
    ),
    "pt-BR": (
        "De: mailagent <feedback@hire.example>\n"
        "Enviado: terça-feira, 3 de junho de 2025 16:40\n"
        "Para: Dana Reyes <dana@acme.example>\n"
        "Cc: Priya Shah <priya@acme.example>\n"
        "Assunto: Feedback da entrevista: Sam Lee\n"
    ),
    "pt-PT": (
        "De: mailagent <feedback@hire.example>\n"
        "Enviada: 3 de junho de 2025 16:40\n"
        "Para: Dana Reyes <dana@acme.example>\n"
        "Assunto: Feedback da entrevista: Sam Lee\n"
    ),
    "sv": (
        "Från: mailagent <feedback@hire.example>\n"
        "Skickat: den 3 juni 2025 16:40\n"
        "Till: Dana Reyes <dana@acme.example>\n"
        "Kopia: Priya Shah <priya@acme.example>\n"
        "Ämne: Intervjuåterkoppling: Sam Lee\n"
    ),
    "da": (
        "Fra: mailagent <feedback@hire.example>\n"
        "Sendt: 3. juni 2025 16:40\n"
        "Til: Dana Reyes <dana@acme.example>\n"
        "Cc: Priya Shah <priya@acme.example>\n"
        "Emne: Feedback på samtalen: Sam Lee\n"
    ),
    "nb": (
        "Fra: mailagent <feedback@hire.example>\n"
        "Sendt: tirsdag 3. juni 2025 16:40\n"
        "Til: Dana Reyes <dana@acme.example>\n"
        "Kopi: Priya Shah <priya@acme.example>\n"
        "Emne: Tilbakemelding på intervjuet: Sam Lee\n"
    ),
    "fi": (
        "Lähettäjä: mailagent <feedback@hire.example>\n"
        "Lähetetty: tiistai 3. kesäkuuta 2025 16.40\n"
        "Vastaanottaja: Dana Reyes <dana@acme.example>\n"
        "Kopio: Priya Shah <priya@acme.example>\n"
        "Aihe: Palaute haastattelusta: Sam Lee\n"
    ),
    "pl": (
        "Od: mailagent <feedback@hire.example>\n"
        "Wysłano: wtorek, 3 czerwca 2025 16:40\n"
        "Do: Dana Reyes <dana@acme.example>\n"
        "DW: Priya Shah <priya@acme.example>\n"
        "Temat: Opinia po rozmowie: Sam Lee\n"
    ),
    "ru": (
        "От: mailagent <feedback@hire.example>\n"
        "Отправлено: 3 июня 2025 г. 16:40\n"
        "Кому: Dana Reyes <dana@acme.example>\n"
        "Копия: Priya Shah <priya@acme.example>\n"
        "Тема: Отзыв о собеседовании: Sam Lee\n"
    ),
    "ja": (
        "差出人: mailagent <feedback@hire.example>\n"
        "送信日時: 2025年6月3日 16:40\n"
        "宛先: Dana Reyes <dana@acme.example>\n"
        "CC: Priya Shah <priya@acme.example>\n"
        "件名: 面接のフィードバック: Sam Lee\n"
    ),
    "zh-CN": (
        "发件人: mailagent <feedback@hire.example>\n"
        "发送时间: 2025年6月3日 16:40\n"
        "收件人: Dana Reyes <dana@acme.example>\n"
        "抄送: Priya Shah <priya@acme.example>\n"
        "主题: 面试反馈: Sam Lee\n"
    ),
    "zh-TW": (
        "寄件者: mailagent <feedback@hire.example>\n"
        "寄件日期: 2025年6月3日 下午 04:40\n"
        "收件者: Dana Reyes <dana@acme.example>\n"
        "副本: Priya Shah <priya@acme.example>\n"
        "主旨: 面試回饋: Sam Lee\n"
    ),
}

# What a hiring manager writes above the block, per language.
REPLIES = {
    "en": "Strong SQL, weak on Kafka. Hire.",
    "de": "Starkes SQL, schwach bei Kafka. Einstellen.",
    "fr": "Très bon en SQL, faible sur Kafka. À recruter.",
    "es": "Muy bien en SQL, flojo en Kafka. Contratar.",
    "it": "Ottimo SQL, debole su Kafka. Da assumere.",
    "nl": "Sterk in SQL, zwak in Kafka. Aannemen.",
    "pt-BR": "Ótimo em SQL, fraco em Kafka. Contratar.",
    "pt-PT": "Muito bom em SQL, fraco em Kafka. Contratar.",
    "sv": "Stark på SQL, svag på Kafka. Anställ.",
    "da": "Stærk i SQL, svag i Kafka. Ansæt.",
    "nb": "Sterk på SQL, svak på Kafka. Ansett.",
    "fi": "Vahva SQL, heikko Kafka. Palkataan.",
    "pl": "Mocny SQL, słaba Kafka. Zatrudnić.",
    "ru": "Сильный SQL, слабая Kafka. Берём.",
    "ja": "SQLは強い、Kafkaは弱い。採用。",
    "zh-CN": "SQL很强，Kafka较弱。录用。",
    "zh-TW": "SQL很強，Kafka較弱。錄取。",
}

# Outlook's "-----Original Message-----" line, per language.
ORIGINAL_MESSAGE_LINES = {
    "en": "-----Original Message-----",
    "de": "-----Ursprüngliche Nachricht-----",
    "fr": "-----Message d'origine-----",
    "es": "-----Mensaje original-----",
    "it": "-----Messaggio originale-----",
    "nl": "-----Oorspronkelijk bericht-----",
    "pt-BR": "-----Mensagem original-----",
    "sv": "-----Ursprungligt meddelande-----",
    "da": "-----Oprindelig meddelelse-----",
    "nb": "-----Opprinnelig melding-----",
    "fi": "-----Alkuperäinen viesti-----",
    "pl": "-----Wiadomość oryginalna-----",
    "ru": "-----Исходное сообщение-----",
    "zh-CN": "-----原始邮件-----",
}

LANGUAGES = sorted(OUTLOOK_BLOCKS)


# Outlook header blocks --------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_outlook_reply_below_an_underscore_rule(language: str) -> None:
    body = (
        f"{REPLIES[language]}\n\n"
        "________________________________\n"
        f"{OUTLOOK_BLOCKS[language]}\n"
        f"{REQUEST}"
    )
    assert visible_text(body) == REPLIES[language]


@pytest.mark.parametrize("language", LANGUAGES)
def test_outlook_reply_with_no_rule_above_the_block(language: str) -> None:
    body = f"{REPLIES[language]}\n\n{OUTLOOK_BLOCKS[language]}\n{REQUEST}"
    assert visible_text(body) == REPLIES[language]


@pytest.mark.parametrize("language", sorted(ORIGINAL_MESSAGE_LINES))
def test_outlook_original_message_line(language: str) -> None:
    body = (
        f"{REPLIES[language]}\n\n"
        f"{ORIGINAL_MESSAGE_LINES[language]}\n"
        f"{OUTLOOK_BLOCKS[language]}\n"
        f"{REQUEST}"
    )
    assert visible_text(body) == REPLIES[language]


@pytest.mark.parametrize("language", LANGUAGES)
def test_outlook_forward_keeps_the_comment_only(language: str) -> None:
    """Outlook forwards with the same block as a reply; the notes below are Priya's."""
    block = OUTLOOK_BLOCKS[language].replace("mailagent <feedback@hire.example>", "Priya")
    body = (
        f"{REPLIES[language]}\n\n"
        "________________________________\n"
        f"{block}\n"
        "Notes from my half of the panel: clear on indexes, vague on partitions.\n"
    )
    assert visible_text(body) == REPLIES[language]


def test_outlook_for_mac_block_with_date_and_bold_fields() -> None:
    body = (
        "Agree with Priya: no hire.\n"
        "\n"
        "*From: *mailagent <feedback@hire.example>\n"
        "*Date: *Tuesday, 3 June 2025 at 16:40\n"
        "*To: *Dana Reyes <dana@acme.example>\n"
        "*Subject: *Interview feedback: Sam Lee\n"
        "\n"
        f"{REQUEST}"
    )
    assert visible_text(body) == "Agree with Priya: no hire."


def test_thunderbird_table_that_opens_with_subject_ends_the_reply() -> None:
    body = (
        "See the thread below; I'd still say yes.\n"
        "\n"
        "Subject: Interview feedback: Sam Lee\n"
        "Date: Tue, 3 Jun 2025 16:40:00 +0200\n"
        "From: mailagent <feedback@hire.example>\n"
        "To: Dana Reyes <dana@acme.example>\n"
        "\n"
        f"{REQUEST}"
    )
    assert visible_text(body) == "See the thread below; I'd still say yes."


# Forwards -----------------------------------------------------------------------------------

NOTES = "Priya's notes: clear on indexes, vague on partitions. Lean no.\n"

# (marker line, From/Date/Subject/To block) as Gmail writes a forward, per language.
GMAIL_FORWARDS = {
    "en": (
        "---------- Forwarded message ---------",
        "From: Priya Shah <priya@acme.example>\nDate: Tue, Jun 3, 2025 at 4:40 PM\n"
        "Subject: Notes on Sam Lee\nTo: Dana Reyes <dana@acme.example>\n",
    ),
    "de": (
        "---------- Weitergeleitete Nachricht ---------",
        "Von: Priya Shah <priya@acme.example>\nDate: Di., 3. Juni 2025 um 16:40 Uhr\n"
        "Subject: Notizen zu Sam Lee\nTo: Dana Reyes <dana@acme.example>\n",
    ),
    "fr": (
        "---------- Message transféré ---------",
        "De : Priya Shah <priya@acme.example>\nDate: mar. 3 juin 2025 à 16:40\n"
        "Subject: Notes sur Sam Lee\nTo: Dana Reyes <dana@acme.example>\n",
    ),
    "es": (
        "---------- Mensaje reenviado ---------",
        "De: Priya Shah <priya@acme.example>\nDate: mar, 3 jun 2025 a las 16:40\n"
        "Subject: Notas sobre Sam Lee\nTo: Dana Reyes <dana@acme.example>\n",
    ),
    "it": (
        "---------- Messaggio inoltrato ---------",
        "Da: Priya Shah <priya@acme.example>\nDate: mar 3 giu 2025 alle ore 16:40\n"
        "Subject: Note su Sam Lee\nTo: Dana Reyes <dana@acme.example>\n",
    ),
    "nl": (
        "---------- Doorgestuurd bericht ---------",
        "Van: Priya Shah <priya@acme.example>\nDate: di 3 jun 2025 om 16:40\n"
        "Subject: Notities over Sam Lee\nTo: Dana Reyes <dana@acme.example>\n",
    ),
    "pt": (
        "---------- Mensagem encaminhada ---------",
        "De: Priya Shah <priya@acme.example>\nDate: ter., 3 de jun. de 2025 às 16:40\n"
        "Subject: Notas sobre Sam Lee\nTo: Dana Reyes <dana@acme.example>\n",
    ),
    "sv": (
        "---------- Vidarebefordrat meddelande ---------",
        "Från: Priya Shah <priya@acme.example>\nDate: tis 3 juni 2025 kl 16:40\n"
        "Subject: Anteckningar om Sam Lee\nTo: Dana Reyes <dana@acme.example>\n",
    ),
    "da": (
        "---------- Videresendt meddelelse ---------",
        "Fra: Priya Shah <priya@acme.example>\nDate: tir. 3. jun. 2025 kl. 16.40\n"
        "Subject: Noter om Sam Lee\nTo: Dana Reyes <dana@acme.example>\n",
    ),
    "nb": (
        "---------- Videresendt melding ---------",
        "Fra: Priya Shah <priya@acme.example>\nDate: tir. 3. jun. 2025 kl. 16:40\n"
        "Subject: Notater om Sam Lee\nTo: Dana Reyes <dana@acme.example>\n",
    ),
    "fi": (
        "---------- Välitetty viesti ---------",
        "Lähettäjä: Priya Shah <priya@acme.example>\nDate: ti 3. kesäk. 2025 klo 16.40\n"
        "Subject: Muistiinpanot: Sam Lee\nTo: Dana Reyes <dana@acme.example>\n",
    ),
    "pl": (
        "---------- Wiadomość przekazana dalej ---------",
        "Od: Priya Shah <priya@acme.example>\nDate: wt., 3 cze 2025 o 16:40\n"
        "Subject: Notatki o Sam Lee\nTo: Dana Reyes <dana@acme.example>\n",
    ),
    "ru": (
        "---------- Пересылаемое сообщение ---------",
        "От: Priya Shah <priya@acme.example>\nDate: вт, 3 июн. 2025 г. в 16:40\n"
        "Subject: Заметки о Sam Lee\nTo: Dana Reyes <dana@acme.example>\n",
    ),
    "ja": (
        "---------- 転送されたメッセージ ---------",
        "From: Priya Shah <priya@acme.example>\nDate: 2025年6月3日(火) 16:40\n"
        "Subject: Sam Lee さんのメモ\nTo: Dana Reyes <dana@acme.example>\n",
    ),
    "zh-CN": (
        "---------- 转发的邮件 ---------",
        "发件人： Priya Shah <priya@acme.example>\nDate: 2025年6月3日周二 16:40\n"
        "Subject: 关于 Sam Lee 的笔记\nTo: Dana Reyes <dana@acme.example>\n",
    ),
    "zh-TW": (
        "---------- 轉寄的郵件 ---------",
        "寄件者： Priya Shah <priya@acme.example>\nDate: 2025年6月3日 週二 下午4:40\n"
        "Subject: 關於 Sam Lee 的筆記\nTo: Dana Reyes <dana@acme.example>\n",
    ),
}

# Apple Mail's line above a forwarded message, per language.
APPLE_FORWARD_LINES = {
    "en": "Begin forwarded message:",
    "de": "Anfang der weitergeleiteten Nachricht:",
    "fr": "Début du message réexpédié :",
    "es": "Inicio del mensaje reenviado:",
    "it": "Inizio messaggio inoltrato:",
    "nl": "Begin doorgestuurd bericht:",
    "pt-BR": "Início da mensagem encaminhada:",
    "pt-PT": "Início da mensagem reencaminhada:",
    "sv": "Vidarebefordrat brev:",
    "da": "Start på videresendt besked:",
    "nb": "Begynnelse på videresendt melding:",
    "fi": "Välitetty viesti alkaa:",
    "pl": "Początek przekazywanej wiadomości:",
    "ru": "Начало переадресованного сообщения:",
    "ja": "転送されたメッセージ:",
    "zh-CN": "以下是转发的邮件：",
    "zh-TW": "以下為轉寄的郵件：",
}

# Thunderbird's line above an inline forward, per language.
THUNDERBIRD_FORWARD_LINES = {
    "en": "-------- Forwarded Message --------",
    "de": "-------- Weitergeleitete Nachricht --------",
    "fr": "-------- Message transféré --------",
    "es": "-------- Mensaje reenviado --------",
    "it": "-------- Messaggio Inoltrato --------",
    "nl": "-------- Doorgestuurd bericht --------",
    "pt": "-------- Mensagem encaminhada --------",
    "sv": "-------- Vidarebefordrat meddelande --------",
    "da": "-------- Videresendt meddelelse --------",
    "fi": "-------- Välitetty viesti --------",
    "pl": "-------- Przekazana wiadomość --------",
    "ru": "-------- Перенаправленное сообщение --------",
}


@pytest.mark.parametrize("language", sorted(GMAIL_FORWARDS))
def test_gmail_forward_with_a_comment_keeps_the_comment(language: str) -> None:
    marker, block = GMAIL_FORWARDS[language]
    body = f"Dana here: I agree with Priya.\n\n{marker}\n{block}\n{NOTES}"
    assert visible_text(body) == "Dana here: I agree with Priya."


@pytest.mark.parametrize("language", sorted(GMAIL_FORWARDS))
def test_a_pure_gmail_forward_says_nothing(language: str) -> None:
    marker, block = GMAIL_FORWARDS[language]
    assert visible_text(f"\n{marker}\n{block}\n{NOTES}") == ""


def test_gmail_forward_under_a_signature_says_nothing() -> None:
    """Gmail puts the signature above the forwarded message: still nothing said."""
    marker, block = GMAIL_FORWARDS["en"]
    body = f"\n\n-- \nDana Reyes\nHead of Data, Acme\n\n{marker}\n{block}\n{NOTES}"
    assert visible_text(body) == ""


def test_gmail_html_forward_with_a_comment() -> None:
    html = (
        '<div dir="ltr">Dana here: I agree with Priya.<br><br>'
        '<div class="gmail_quote"><div dir="ltr" class="gmail_attr">'
        "---------- Forwarded message ---------<br>From: <strong>Priya Shah</strong> "
        "&lt;priya@acme.example&gt;<br>Date: Tue, Jun 3, 2025 at 4:40 PM<br>"
        "Subject: Notes on Sam Lee<br>To: Dana Reyes &lt;dana@acme.example&gt;<br></div>"
        '<br><div dir="ltr">Priya\'s notes: lean no.</div></div></div>'
    )
    assert visible_text(None, html) == "Dana here: I agree with Priya."


@pytest.mark.parametrize("language", sorted(APPLE_FORWARD_LINES))
def test_apple_mail_forward_keeps_the_comment(language: str) -> None:
    body = (
        "Dana here: I agree with Priya.\n"
        "\n"
        f"{APPLE_FORWARD_LINES[language]}\n"
        "\n"
        "From: Priya Shah <priya@acme.example>\n"
        "Subject: Notes on Sam Lee\n"
        "Date: 3 June 2025 at 16:40:12 CEST\n"
        "To: Dana Reyes <dana@acme.example>\n"
        "\n"
        f"{NOTES}"
    )
    assert visible_text(body) == "Dana here: I agree with Priya."


def test_apple_mail_quoted_forward_keeps_the_text_on_both_sides() -> None:
    """With ">" the forward is one block, and what follows it is the sender's again."""
    body = (
        "Dana here: see Priya's notes.\n"
        "\n"
        "Begin forwarded message:\n"
        "\n"
        "> From: Priya Shah <priya@acme.example>\n"
        "> Subject: Notes on Sam Lee\n"
        "> Date: 3 June 2025 at 16:40:12 CEST\n"
        "> To: Dana Reyes <dana@acme.example>\n"
        ">\n"
        f"> {NOTES}"
        "\n"
        "I agree with her: no hire.\n"
    )
    assert visible_text(body) == "Dana here: see Priya's notes.\n\nI agree with her: no hire."


def test_a_pure_apple_mail_forward_from_an_iphone_says_nothing() -> None:
    body = (
        "\n"
        "Sent from my iPhone\n"
        "\n"
        "Begin forwarded message:\n"
        "\n"
        "> From: Priya Shah <priya@acme.example>\n"
        "> Date: 3 June 2025 at 16:40:12 CEST\n"
        "> To: Dana Reyes <dana@acme.example>\n"
        "> Subject: Notes on Sam Lee\n"
        "> \n"
        f"> {NOTES}"
    )
    assert visible_text(body) == ""


@pytest.mark.parametrize("language", sorted(THUNDERBIRD_FORWARD_LINES))
def test_thunderbird_inline_forward_keeps_the_comment(language: str) -> None:
    body = (
        "Dana here: I agree with Priya.\n"
        "\n"
        f"{THUNDERBIRD_FORWARD_LINES[language]}\n"
        "Subject: \tNotes on Sam Lee\n"
        "Date: \tTue, 3 Jun 2025 16:40:12 +0200\n"
        "From: \tPriya Shah <priya@acme.example>\n"
        "To: \tDana Reyes <dana@acme.example>\n"
        "\n"
        "\n"
        f"{NOTES}"
    )
    assert visible_text(body) == "Dana here: I agree with Priya."


def test_thunderbird_original_message_forward_with_nothing_above_says_nothing() -> None:
    body = (
        "-------- Original Message --------\n"
        "Subject: \tNotes on Sam Lee\n"
        "Date: \tTue, 3 Jun 2025 16:40:12 +0200\n"
        "From: \tPriya Shah <priya@acme.example>\n"
        "To: \tDana Reyes <dana@acme.example>\n"
        "\n"
        f"{NOTES}"
    )
    assert visible_text(body) == ""


def test_mutt_forward_keeps_the_comment() -> None:
    """mutt's default forward (mime_forward=no, forward_quote=no)."""
    body = (
        "Dana here: I agree with Priya.\n"
        "\n"
        "----- Forwarded message from Priya Shah <priya@acme.example> -----\n"
        "\n"
        "Date: Tue, 3 Jun 2025 16:40:12 +0200\n"
        "From: Priya Shah <priya@acme.example>\n"
        "To: Dana Reyes <dana@acme.example>\n"
        "Subject: Notes on Sam Lee\n"
        "\n"
        f"{NOTES}"
        "\n"
        "----- End forwarded message -----\n"
    )
    assert visible_text(body) == "Dana here: I agree with Priya."


def test_aerc_forward_keeps_the_comment() -> None:
    """aerc's forward_as_body template."""
    body = (
        "Dana here: I agree with Priya.\n"
        "\n"
        "Forwarded message from Priya Shah on Tue Jun 3, 2025 at 4:40 PM:\n"
        f"{NOTES}"
    )
    assert visible_text(body) == "Dana here: I agree with Priya."


def test_a_sentence_about_a_forwarded_message_is_content() -> None:
    body = (
        "Forwarded message from Priya was useful, thanks.\n"
        "I read the forwarded message: no change to my verdict."
    )
    assert visible_text(body) == body


# Attribution lines --------------------------------------------------------------------------

ATTRIBUTIONS = {
    "gmail-en": "On Tue, Jun 3, 2025 at 4:40 PM mailagent <feedback@hire.example> wrote:",
    "gmail-de": "Am Di., 3. Juni 2025 um 16:40 Uhr schrieb mailagent <feedback@hire.example>:",
    "gmail-fr": "Le mar. 3 juin 2025 à 16:40, mailagent <feedback@hire.example> a écrit :",
    "gmail-es": "El mar, 3 jun 2025 a las 16:40, mailagent (<feedback@hire.example>) escribió:",
    "gmail-it": (
        "Il giorno mar 3 giu 2025 alle ore 16:40 mailagent <feedback@hire.example> ha scritto:"
    ),
    "gmail-nl": "Op di 3 jun 2025 om 16:40 schreef mailagent <feedback@hire.example>:",
    "gmail-pt": "Em ter., 3 de jun. de 2025 às 16:40, mailagent <feedback@hire.example> escreveu:",
    "gmail-sv": "Den tis 3 juni 2025 kl 16:40 skrev mailagent <feedback@hire.example>:",
    "gmail-da": "Den tir. 3. jun. 2025 kl. 16.40 skrev mailagent <feedback@hire.example>:",
    "gmail-nb": "tir. 3. jun. 2025 kl. 16:40 skrev mailagent <feedback@hire.example>:",
    "gmail-fi": "ti 3. kesäk. 2025 klo 16.40 mailagent (feedback@hire.example) kirjoitti:",
    "gmail-pl": "wt., 3 cze 2025 o 16:40 mailagent <feedback@hire.example> napisał(a):",
    "gmail-ru": "вт, 3 июн. 2025 г. в 16:40, mailagent <feedback@hire.example>:",
    "gmail-ja": "2025年6月3日(火) 16:40 mailagent <feedback@hire.example>:",
    "gmail-zh-CN": "mailagent <feedback@hire.example> 于2025年6月3日周二 16:40写道：",
    "gmail-zh-TW": "mailagent <feedback@hire.example> 於 2025年6月3日 週二 下午4:40寫道：",
    "apple-en": "On 3 Jun 2025, at 16:40, mailagent <feedback@hire.example> wrote:",
    "apple-de": "Am 03.06.2025 um 16:40 schrieb mailagent <feedback@hire.example>:",
    "apple-fr": "Le 3 juin 2025 à 16:40, mailagent <feedback@hire.example> a écrit :",
    "apple-es": "El 3 jun 2025, a las 16:40, mailagent <feedback@hire.example> escribió:",
    "apple-it": (
        "Il giorno 3 giu 2025, alle ore 16:40, mailagent <feedback@hire.example> ha scritto:"
    ),
    "apple-nl": (
        "Op 3 jun. 2025 om 16:40 heeft mailagent <feedback@hire.example> het volgende geschreven:"
    ),
    "apple-pt": "Em 3 de jun. de 2025, à(s) 16:40, mailagent <feedback@hire.example> escreveu:",
    "apple-sv": "3 juni 2025 kl. 16:40 skrev mailagent <feedback@hire.example>:",
    "apple-da": "Den 3. jun. 2025 kl. 16.40 skrev mailagent <feedback@hire.example>:",
    "apple-fi": "mailagent <feedback@hire.example> kirjoitti 3.6.2025 kello 16.40:",
    "apple-pl": (
        "Wiadomość napisana przez mailagent <feedback@hire.example> w dniu 3 cze 2025, "
        "o godz. 16:40:"
    ),
    "apple-ru": "3 июня 2025 г., в 16:40, mailagent <feedback@hire.example> написал(а):",
    "apple-ja": "2025/06/03 16:40、mailagent <feedback@hire.example>のメール:",
    "apple-zh-CN": "在 2025年6月3日，16:40，mailagent <feedback@hire.example> 写道：",
    "thunderbird-en": "On 03/06/2025 16:40, mailagent wrote:",
    "thunderbird-de": "Am 03.06.25 um 16:40 schrieb mailagent:",
    "thunderbird-fr": "Le 03/06/2025 à 16:40, mailagent a écrit :",
    "thunderbird-es": "El 3/6/25 a las 16:40, mailagent escribió:",
    "thunderbird-it": "Il 03/06/2025 16:40, mailagent ha scritto:",
    "thunderbird-nl": "Op 03-06-2025 om 16:40 schreef mailagent:",
    "thunderbird-pt": "Às 16:40 de 03/06/2025, mailagent escreveu:",
    "thunderbird-sv": "Den 2025-06-03 kl. 16:40, skrev mailagent:",
    "thunderbird-da": "Den 03.06.2025 kl. 16.40 skrev mailagent:",
    "thunderbird-fi": "mailagent kirjoitti 3.6.2025 klo 16.40:",
    "thunderbird-pl": "W dniu 3.06.2025 o 16:40, mailagent pisze:",
    "thunderbird-ru": "03.06.2025 16:40, mailagent пишет:",
    "mailru-ru": "Вторник, 3 июня 2025, 16:40 +03:00 от mailagent <feedback@hire.example>:",
}


@pytest.mark.parametrize("client", sorted(ATTRIBUTIONS))
def test_attribution_line_ends_the_reply(client: str) -> None:
    body = f"Lean no: vague on partitions.\n\n{ATTRIBUTIONS[client]}\n\n> {REQUEST}"
    assert visible_text(body) == "Lean no: vague on partitions."


@pytest.mark.parametrize("client", sorted(ATTRIBUTIONS))
def test_attribution_above_unquoted_history_ends_the_reply(client: str) -> None:
    """Some clients (Outlook for iOS, webmail) quote without ">" markers."""
    body = f"Lean no: vague on partitions.\n\n{ATTRIBUTIONS[client]}\n\n{REQUEST}"
    assert visible_text(body) == "Lean no: vague on partitions."


# Rules (delimiter lines) --------------------------------------------------------------------


@pytest.mark.parametrize(
    "rule", ["_" * 32, "_" * 10, "-" * 5, "-" * 40, "—" * 12, "- " * 0 + "-" * 3]
)
def test_a_rule_above_a_header_block_ends_the_reply(rule: str) -> None:
    body = f"Hire.\n\n{rule}\n{OUTLOOK_BLOCKS['en']}\n{REQUEST}"
    assert visible_text(body) == "Hire."


def test_a_rule_above_a_header_block_in_an_unlisted_language() -> None:
    """Estonian Outlook: only "Cc" is a known field name, the rule and layout say the rest."""
    body = (
        "Võtame tööle.\n"
        "\n"
        "-----\n"
        "Saatja: mailagent <feedback@hire.example>\n"
        "Saadetud: teisipäev, 3. juuni 2025 16:40\n"
        "Adressaat: Dana Reyes <dana@acme.example>\n"
        "Cc: Priya Shah <priya@acme.example>\n"
        "Teema: Intervjuu tagasiside\n"
        "\n"
        f"{REQUEST}"
    )
    assert visible_text(body) == "Võtame tööle."


@pytest.mark.parametrize(
    "body",
    [
        "Strengths:\n---\nSQL: strong\nKafka: weak\nVerdict: hire",
        "Hire.\n\n-----\n\nP.S. She can start on 1 July 2025.",
        "Scores\n-----\nSQL: 4/5\nKafka: 2/5\nSystem design: 3/5",
        "Hire.\n\n---\nStart date: 1 July 2025\nTeam: Data Platform\nManager: Dana",
    ],
    ids=["markdown-heading", "ps-after-rule", "score-table", "facts-after-rule"],
)
def test_a_rule_in_the_new_text_is_content(body: str) -> None:
    assert visible_text(body) == body


def test_dashes_around_an_original_message_line_in_a_yahoo_reply() -> None:
    body = (
        "Hire.\n"
        "\n"
        "----- Original Message -----\n"
        "From: mailagent <feedback@hire.example>\n"
        "To: Dana Reyes <dana@acme.example>\n"
        "Sent: Tuesday, June 3, 2025 4:40 PM\n"
        "Subject: Interview feedback: Sam Lee\n"
        "\n"
        f"{REQUEST}"
    )
    assert visible_text(body) == "Hire."


# Replies that are only a quote --------------------------------------------------------------

QUOTE_ONLY = {
    "quote-markers": f"> {REQUEST}>\n> Thanks, mailagent\n",
    "gmail-attribution": (
        "\n\nOn Tue, Jun 3, 2025 at 4:40 PM mailagent <feedback@hire.example> wrote:\n\n"
        f"> {REQUEST}"
    ),
    "gmail-wrapped-attribution": (
        "\u00a0\n\nOn Tue, Jun 3, 2025 at 4:40 PM mailagent <\nfeedback@hire.example> wrote:\n\n"
        f"> {REQUEST}>\n"
    ),
    "outlook-block": f"\n\n________________________________\n{OUTLOOK_BLOCKS['en']}\n{REQUEST}",
    "outlook-block-sv": f"\n{OUTLOOK_BLOCKS['sv']}\n{REQUEST}",
    "original-message": f"\n-----Original Message-----\n{OUTLOOK_BLOCKS['de']}\n{REQUEST}",
    "iphone": (
        "\n\nSent from my iPhone\n\n"
        "> On 3 Jun 2025, at 16:40, mailagent <feedback@hire.example> wrote:\n>\n"
        f"> {REQUEST}"
    ),
    "signature-then-quote": (
        "-- \nDana Reyes\nHead of Data\n\n"
        "On Tue, Jun 3, 2025 at 4:40 PM mailagent <feedback@hire.example> wrote:\n"
        f"> {REQUEST}"
    ),
    "nested-quote": f">> {REQUEST}> Any news?\n",
    "blank-lines": "\n \n\t\n",
}


@pytest.mark.parametrize("body", QUOTE_ONLY.values(), ids=QUOTE_ONLY.keys())
def test_a_reply_that_is_only_a_quote_says_nothing(body: str) -> None:
    assert visible_text(body) == ""


def test_an_html_reply_that_is_only_a_quote_says_nothing() -> None:
    html = (
        '<div dir="ltr"><br></div><br><div class="gmail_quote"><div dir="ltr" '
        'class="gmail_attr">On Tue, Jun 3, 2025 at 4:40 PM mailagent &lt;feedback@hire.'
        'example&gt; wrote:<br></div><blockquote class="gmail_quote">How did the '
        "interview go?</blockquote></div>"
    )
    assert visible_text("", html) == ""
    assert visible_text(None, html) == ""


def test_a_quote_only_plain_part_does_not_fall_back_to_the_html_quote() -> None:
    plain = f"On Tue, Jun 3, 2025 at 4:40 PM mailagent <feedback@hire.example> wrote:\n> {REQUEST}"
    html = f"<blockquote>{REQUEST}</blockquote><p>{REQUEST}</p>"
    assert visible_text(plain, html) == ""


# Hostile variants: the new rules stay linear ------------------------------------------------

HOSTILE = {
    "forward-markers": "---------- Forwarded message ---------\n" * 4_000,
    "forward-from-storm": "Forwarded message from " * 3_000 + ":",
    "forward-from-lines": ("----- Forwarded message from " + "x" * 290 + " -----\n") * 200,
    "rule-and-fields": "-----\nSaatja: a@b.example\nCc: 1 June 2025\nTeema: x\n" * 1_500,
    "rules": "-----\n" * 10_000,
    "field-storm": "Kopia: " * 9_000,
    "apple-markers": "> Begin forwarded message:\n" * 4_000 + "tail",
    "cjk-markers": "以下是转发的邮件：" * 6_000,
}


@pytest.mark.parametrize("body", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_forwards_and_rules_are_read(body: str) -> None:
    text = guarded(lambda: visible_text(body))
    assert len(text) <= MAX_VISIBLE_CHARS
