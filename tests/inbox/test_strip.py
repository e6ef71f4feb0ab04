"""``visible_text`` on replies written for mailagent: one email per test, as a client sends it.

Each test reads like the email it checks: the body first, then the text a hiring
manager actually wrote.  The fixture-based checks live in ``test_strip_fixtures.py``.
"""

from __future__ import annotations

import pytest

from mailagent.inbox.strip import visible_text

# Short hiring-manager replies ------------------------------------------------------------


def test_short_reply_above_gmail_attribution() -> None:
    body = (
        "Not a good fit.\n"
        "\n"
        "On Tue, 3 Jun 2025 at 10:02, mailagent <feedback+abc@hire.example> wrote:\n"
        "> Could you say how the interview with Priya went?\n"
        ">\n"
        "> Thanks, mailagent\n"
    )
    assert visible_text(body) == "Not a good fit."


def test_gmail_attribution_wrapped_over_two_lines() -> None:
    body = (
        "Strong hire. Her system design answer was the best this quarter.\n"
        "\n"
        "On Wed, Jun 4, 2025 at 9:15 AM Recruiting Bot <\n"
        "feedback+7f3a@hire.example> wrote:\n"
        "\n"
        "> How did the candidate do?\n"
    )
    assert visible_text(body) == "Strong hire. Her system design answer was the best this quarter."


@pytest.mark.parametrize(
    "opening",
    [
        "On the R2: she could not define an SLO for the video pipeline.",
        "On balance a no. On the R2 she could not define an SLO!",
        "On the data-quality point: no tests and no checks at all.\nOn the rest, fine.",
        "On reflection: reject?",
    ],
)
def test_a_reply_that_opens_with_on_is_not_an_attribution(opening: str) -> None:
    body = (
        f"{opening}\n"
        "\n"
        "On Mon, 01 Jun 2026 11:00:00 +0000, mailagent <feedback@hire.example> wrote:\n"
        "> How did the interview go?\n"
    )
    assert visible_text(body) == opening


def test_apple_mail_attribution_and_iphone_signature() -> None:
    body = (
        "Lean no - communication was vague.\n"
        "\n"
        "Sent from my iPhone\n"
        "\n"
        "> On 4 Jun 2025, at 14:20, mailagent <feedback@hire.example> wrote:\n"
        ">\n"
        "> Could you share feedback on Tom?\n"
    )
    assert visible_text(body) == "Lean no - communication was vague."


def test_android_gmail_signature_then_unquoted_history() -> None:
    body = (
        "Yes, move him to the onsite.\n"
        "\n"
        "Get Outlook for Android<https://aka.ms/ghei36>\n"
        "\n"
        "Hi Dana, could you rate the candidate from 1 to 5?\n"
    )
    assert visible_text(body) == "Yes, move him to the onsite."


# Outlook ---------------------------------------------------------------------------------


def test_outlook_desktop_header_block_after_underscore_rule() -> None:
    body = (
        "3/5. Good coder, weak on testing.\n"
        "\n"
        "________________________________\n"
        "From: mailagent <feedback@hire.example>\n"
        "Sent: Tuesday, June 3, 2025 10:02 AM\n"
        "To: Dana Reyes <dana@corp.example>\n"
        "Subject: Feedback on Priya Shah\n"
        "\n"
        "Hi Dana, how did it go?\n"
    )
    assert visible_text(body) == "3/5. Good coder, weak on testing."


def test_outlook_header_block_without_any_separator() -> None:
    body = (
        "We should pass.\n"
        "\n"
        "From: mailagent [mailto:feedback@hire.example]\n"
        "Sent: Tuesday, June 3, 2025 10:02 AM\n"
        "To: Reyes, Dana\n"
        "Subject: RE: Feedback on Priya Shah\n"
        "\n"
        "Hi Dana, how did it go?\n"
    )
    assert visible_text(body) == "We should pass."


def test_outlook_original_message_separator() -> None:
    body = (
        "Hire.\n"
        "\n"
        "-----Original Message-----\n"
        "From: mailagent <feedback@hire.example>\n"
        "Sent: Tuesday, June 3, 2025 10:02 AM\n"
        "\n"
        "How did the interview go?\n"
    )
    assert visible_text(body) == "Hire."


def test_outlook_web_html_reply() -> None:
    html = (
        '<div dir="ltr">Solid yes from me.</div>'
        '<hr style="display:inline-block;width:98%" tabindex="-1">'
        '<div id="divRplyFwdMsg" dir="ltr"><b>From:</b> mailagent &lt;feedback@hire.example&gt;'
        "<br><b>Sent:</b> Tuesday, June 3, 2025 10:02<br><b>Subject:</b> Feedback</div>"
        "<div>How did it go with Sam?</div>"
    )
    assert visible_text(None, html) == "Solid yes from me."


def test_german_outlook_block() -> None:
    body = (
        "Leider keine Passung für das Team.\n"
        "\n"
        "Von: mailagent <feedback@hire.example>\n"
        "Gesendet: Dienstag, 3. Juni 2025 10:02\n"
        "An: Dana Reyes <dana@corp.example>\n"
        "Betreff: Feedback zu Priya Shah\n"
        "\n"
        "Wie lief das Gespräch?\n"
    )
    assert visible_text(body) == "Leider keine Passung für das Team."


# Non-English attribution lines -----------------------------------------------------------


@pytest.mark.parametrize(
    "attribution",
    [
        "Am 03.06.2025 um 10:02 schrieb mailagent <feedback@hire.example>:",
        "Le mar. 3 juin 2025 à 10:02, mailagent <feedback@hire.example> a écrit :",
        "El mar, 3 jun 2025 a las 10:02, mailagent (<feedback@hire.example>) escribió:",
        "Il giorno mar 3 giu 2025 alle ore 10:02 mailagent <feedback@hire.example> ha scritto:",
        "Em ter., 3 de jun. de 2025 às 10:02, mailagent <feedback@hire.example> escreveu:",
        "Op di 3 jun 2025 om 10:02 schreef mailagent <feedback@hire.example>:",
        "Den tis 3 juni 2025 kl 10:02 skrev mailagent <feedback@hire.example>:",
        "ti 3. kesäk. 2025 klo 10.02 mailagent <feedback@hire.example> kirjoitti:",
        "W dniu 3.06.2025 o 10:02 mailagent <feedback@hire.example> napisał:",
        "вт, 3 июн. 2025 г. в 10:02, mailagent <feedback@hire.example>:",
        "вт, 3 черв. 2025 о 10:02 mailagent <feedback@hire.example> пише:",
        "2025年6月3日(火) 10:02 mailagent <feedback@hire.example>:",
        "mailagent <feedback@hire.example> 于2025年6月3日周二 10:02写道：",
    ],
)
def test_non_english_attribution_ends_the_reply(attribution: str) -> None:
    body = f"Candidate is a strong yes.\n\n{attribution}\n\n> Any feedback on Priya?\n"
    assert visible_text(body) == "Candidate is a strong yes."


def test_french_outlook_block_with_spaces_before_colons() -> None:
    body = (
        "Pas retenu.\n"
        "\n"
        "De : mailagent <feedback@hire.example>\n"
        "Envoyé : mardi 3 juin 2025 10:02\n"
        "À : Dana Reyes\n"
        "Objet : Retour sur l'entretien\n"
        "\n"
        "Bonjour Dana,\n"
    )
    assert visible_text(body) == "Pas retenu."


# Inline answers --------------------------------------------------------------------------


def test_inline_answers_between_quoted_questions_are_kept() -> None:
    body = (
        "On Tue, 3 Jun 2025 at 10:02, mailagent <feedback+abc@hire.example> wrote:\n"
        "> 1. How strong were the candidate's SQL skills?\n"
        "\n"
        "Very strong, she wrote window functions from memory.\n"
        "\n"
        "> 2. Would you hire her?\n"
        "\n"
        "Yes.\n"
        "\n"
        "> Thanks,\n"
        "> mailagent\n"
    )
    assert visible_text(body) == "Very strong, she wrote window functions from memory.\n\nYes."


def test_inline_answers_directly_under_each_question() -> None:
    body = "> Technical depth?\nGood.\n> Communication?\nNeeds work.\n"
    assert visible_text(body) == "Good.\nNeeds work."


def test_rewrapped_quote_tail_is_not_taken_for_an_answer() -> None:
    body = (
        "Hire.\n"
        "\n"
        "> Please rate the candidate on problem solving, communication and the take-home\n"
        "assignment she submitted last week.\n"
        "> Thanks!\n"
    )
    assert visible_text(body) == "Hire."


# HTML-only mail --------------------------------------------------------------------------


def test_gmail_html_only_reply() -> None:
    html = (
        '<div dir="ltr">Great candidate, <b>strong yes</b>.<br></div><br>'
        '<div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Tue, Jun 3, 2025 at '
        "10:02 AM mailagent &lt;feedback@hire.example&gt; wrote:<br></div>"
        '<blockquote class="gmail_quote">How did it go?</blockquote></div>'
    )
    assert visible_text("", html) == "Great candidate, strong yes."


def test_thunderbird_html_reply() -> None:
    html = (
        "<p>Borderline, I'd like a second opinion.</p>"
        '<div class="moz-cite-prefix">On 03/06/2025 10:02, mailagent wrote:<br></div>'
        '<blockquote type="cite">How did it go?</blockquote>'
        '<pre class="moz-signature" cols="72">-- \nDana Reyes</pre>'
    )
    assert visible_text(None, html) == "Borderline, I'd like a second opinion."


def test_apple_mail_html_inline_answer() -> None:
    html = (
        "<div>See below.</div>"
        '<blockquote type="cite"><div>Would you hire?</div></blockquote>'
        "<div>No, not for this role.</div>"
    )
    assert visible_text(None, html) == "See below.\n\nNo, not for this role."


def test_yahoo_html_reply() -> None:
    html = (
        "<div>Pass.</div>"
        '<div id="yahoo_quoted_123" class="yahoo_quoted">On Tuesday, June 3, 2025, '
        "mailagent &lt;feedback@hire.example&gt; wrote:<div>How did it go?</div></div>"
    )
    assert visible_text(None, html) == "Pass."


def test_plain_text_wins_over_html() -> None:
    assert visible_text("Plain answer.", "<p>HTML answer.</p>") == "Plain answer."


def test_empty_message_gives_empty_text() -> None:
    assert visible_text(None) == ""
    assert visible_text("  \n", None) == ""


# Signatures ------------------------------------------------------------------------------


def test_rfc3676_signature_delimiter() -> None:
    body = "Hire her.\n\n-- \nDana Reyes\nEngineering Manager\n"
    assert visible_text(body) == "Hire her."


def test_regards_and_name_signature() -> None:
    body = "I'd pass on this one.\n\nBest regards,\n\nDana Reyes\nEngineering Manager, Corp\n"
    assert visible_text(body) == "I'd pass on this one."


def test_thanks_and_name_is_kept_as_content() -> None:
    body = "Thanks,\nDana"
    assert visible_text(body) == "Thanks,\nDana"


def test_regards_inside_a_sentence_is_not_a_signature() -> None:
    body = "With regards to the salary, she asked for 120k.\n\nOtherwise a yes."
    assert visible_text(body) == body


def test_sent_from_inside_a_sentence_is_kept() -> None:
    body = "Yes.\n\nSent from my desk after a long debrief with the panel, we agree."
    assert visible_text(body) == body


def test_double_dash_list_is_not_a_signature() -> None:
    body = "Concerns:\n-- testing\n-- ownership\n\nOtherwise fine."
    assert visible_text(body) == body


# Things that only look like quotes ---------------------------------------------------------


def test_line_starting_with_on_is_content() -> None:
    body = "On balance, a no.\nOn the plus side, great attitude."
    assert visible_text(body) == body


def test_from_in_the_middle_of_a_line_is_content() -> None:
    body = "The referral came from: Jane at Acme.\nDate: next Tuesday works."
    assert visible_text(body) == body


def test_header_words_without_addresses_or_dates_are_content() -> None:
    body = "Date: Tuesday works for the onsite.\nTo: be honest, she was the best."
    assert visible_text(body) == body


def test_a_forward_keeps_the_comment_above_it() -> None:
    """Issue #15, finding 9: the forwarded notes are Sam's words, not the sender's."""
    body = (
        "FYI, my colleague's notes below.\n"
        "\n"
        "---------- Forwarded message ---------\n"
        "From: Sam Lee <sam@corp.example>\n"
        "Date: Tue, Jun 3, 2025 at 9:00 AM\n"
        "Subject: Priya debrief\n"
        "\n"
        "Strong on SQL, weak on stakeholder management.\n"
    )
    assert visible_text(body) == "FYI, my colleague's notes below."


def test_crlf_line_endings() -> None:
    body = "No hire.\r\n\r\nOn Tue, 3 Jun 2025 at 10:02, Bot <bot@hire.example> wrote:\r\n> Q?\r\n"
    assert visible_text(body) == "No hire."
