"""Classification and reading rules behind issue 14: subjects, spam flags, Feedback-ID, quotes below
and between the person's text, signatures, the Subject as the question, language, header safety,
multipart preambles."""

from __future__ import annotations

import email
import email.policy
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.clock import OSLO
from bot.mail import classify as kinds
from bot.mail.charset import preamble_text
from bot.mail.classify import automatic_subject, classify
from bot.mail.compose import (
    Envelope,
    MailContent,
    Recipient,
    ThreadHeaders,
    build_message,
    clean_header_value,
    reply_subject,
)
from bot.mail.identity import BotIdentity
from bot.mail.parse import parse_mail
from bot.mail.replytext import extract_reply, is_empty_text, question_text, subject_question
from bot.text import guess_language
from tests.email.conftest import BOT, question_mail

IDENTITY = BotIdentity(BOT)
MARKERS = [IDENTITY.address, IDENTITY.local + "+"]
QUOTE = "> Hei,\n>\n> Dette er en påminnelse om årsrapporten.\n>\n> Vennlig hilsen\n> Kompetansebot"


def _kind(headers: dict[str, str], *, subject: str = "Spørsmål", text: str = "Når er fristen?") -> str:
    return classify(parse_mail(question_mail("kari@granli.kommune.no", text, subject=subject, headers=headers)),
                    IDENTITY).kind


@pytest.mark.parametrize("subject", [
    "[AUTO GENERATED] Varsel om registrert henvendelse", "Automatisk svar: Påminnelse", "SV: Autosvar: x",
    "Fraværsmelding", "Fravær: Kari Nordmann", "Out of Office: Reminder", "Automatic reply: Reminder",
    "Abwesenheitsnotiz: Erinnerung", "AW: Abwesend", "Fwd: [EXT] Automatisk svar: x", "Reminder (auto-generated)",
    "Auto: Påminnelse", "Réponse automatique : x", "Ticket 12 - Automatic reply: x", "Ikke på kontoret",
])
def test_a_subject_that_says_automatic_is_never_answered(subject: str) -> None:
    assert automatic_subject(subject)
    assert _kind({}, subject=subject) == kinds.PROBABLY_AUTO


@pytest.mark.parametrize("subject", [
    "Fravær på samlingen i mars", "Spørsmål om fravær i kurs", "Når er fristen for årsrapporten?",
    "Hvordan fungerer autosvar i Outlook?", "Fravær og permisjon i nettverket", "Re: Påminnelse: årsrapport 2025",
])
def test_a_persons_subject_about_absence_is_not_automatic(subject: str) -> None:
    assert not automatic_subject(subject)
    assert _kind({}, subject=subject) == kinds.HUMAN


@pytest.mark.parametrize("headers", [
    {"X-Spam-Flag": "YES"}, {"X-Spam-Flag": "yes"}, {"X-Spam-Status": "Yes, score=6.2 required=5.0"},
    {"X-MS-Exchange-Organization-SCL": "5"}, {"X-MS-Exchange-Organization-SCL": "9"}, {"X-Spam": "Yes"},
])
def test_spam_flags_give_the_kind_spam_never_answerable(headers: dict[str, str]) -> None:
    assert _kind(headers) == kinds.SPAM
    assert kinds.SPAM not in kinds.ANSWERABLE


@pytest.mark.parametrize("headers", [
    {"X-Spam-Flag": "NO"}, {"X-Spam-Status": "No, score=-1.0 required=5.0"},
    {"X-MS-Exchange-Organization-SCL": "-1"}, {"X-MS-Exchange-Organization-SCL": "1"},
    {"X-MS-Exchange-Organization-SCL": "4"},
])
def test_a_clean_verdict_is_not_spam(headers: dict[str, str]) -> None:
    assert _kind(headers) == kinds.HUMAN


def test_feedback_id_is_not_a_list_marker_but_list_headers_are() -> None:
    proton = {"Feedback-ID": "20:Yx7pVq3w==:user:proton", "X-Pm-Origin": "internal"}
    assert _kind(proton) == kinds.HUMAN
    assert _kind({**proton, "List-Unsubscribe": "<mailto:u@example.no>"}) == kinds.LIST
    assert _kind({"List-Id": "<x.example.no>"}) == kinds.LIST
    assert _kind({"Precedence": "bulk"}) == kinds.LIST


@pytest.mark.parametrize(("body", "expected"), [
    ("On Tue, 1 Dec 2026 at 10:15, Kompetansebot <bot@kompetansebot.test> wrote:\n" + QUOTE
     + "\n\nWhat is the deadline?\n\nBest regards\nJohn", "What is the deadline?"),
    ("Den 02.12.2026 10:15, skreiv Kompetansebot:\n" + QUOTE + "\nKva er fristen?\n\n-- \nIngrid",
     "Kva er fristen?"),
    ("Den 2. des. 2026 kl. 10:15 skrev Kompetansebot <bot@kompetansebot.test> følgende:\n\n" + QUOTE
     + "\n\nHvem er kontaktperson?", "Hvem er kontaktperson?"),
    ("Am 01.12.2026 um 10:15 schrieb Kompetansebot:\n" + QUOTE + "\n\nWann ist die Frist?", "Wann ist die Frist?"),
    ("Quelle est la date limite ?\n\nLe mar. 1 déc. 2026 à 10:15, Kompetansebot <bot@kompetansebot.test> a écrit :"
     "\n" + QUOTE, "Quelle est la date limite ?"),
    ("On Tue, Dec 1, 2026 at 10:15 AM Kompetansebot <\nbot@kompetansebot.test> wrote:\n\n" + QUOTE
     + "\n\nWhen is it?", "When is it?"),
    ("tir. 1. des. 2026 kl. 10:15 skrev Kompetansebot <\nbot+abc@kompetansebot.test>:\n\n" + QUOTE
     + "\n\nNår er det?", "Når er det?"),
    ("Hei\n\n> Har dere levert?\n\nNei, ikke ennå.\n\n> Spørsmål?\n\nHvem leder forumet?\n\nMvh\nKari",
     "Hei\n\nNei, ikke ennå.\n\nHvem leder forumet?"),
    ("Når er fristen?\n\nFrom: Kompetansebot <bot@kompetansebot.test>\nSent: Tuesday, 1 December 2026\n"
     "To: Kari\nSubject: Påminnelse\n\nMore text of the reminder.\n\nAnd more.", "Når er fristen?"),
    ("Når er fristen?\n\nFra: Kompetansebot <bot@kompetansebot.test>\nSendt: tirsdag 1. desember 2026\n"
     "Til: Kari\nEmne: Påminnelse\n\nHei, dette er en påminnelse.", "Når er fristen?"),
    ("Når er fristen?\n\n-----Opprinnelig melding-----\nFra: Kompetansebot\nHei, påminnelse.", "Når er fristen?"),
    ("What now?\n\n-----Original Message-----\nFrom: Kompetansebot\nHi, reminder.", "What now?"),
    ("Hvor mange er med?\n\nSendt fra min iPhone\n\n> 1. des. 2026 kl. 10:15 skrev Kompetansebot "
     "<bot@kompetansebot.test>:\n" + QUOTE, "Hvor mange er med?"),
    ("Hvem søker?\n\nHent Outlook for iOS", "Hvem søker?"),
    ("Who applies?\n\nGet Outlook for iOS", "Who applies?"),
    ("Hvem søker?\n\nHelsing\nOla", "Hvem søker?"),
])
def test_the_persons_text_is_kept_above_below_and_between_quotes(body: str, expected: str) -> None:
    assert extract_reply(body, own_markers=MARKERS) == expected


def test_an_unquoted_copy_after_an_attribution_is_not_read() -> None:
    body = ("Ja, vi kommer.\n\nDen 1. des. 2026 kl. 10:15 skrev Kompetansebot <bot@kompetansebot.test>:\n"
            "Hei, dette er en påminnelse om årsrapporten.")
    assert extract_reply(body, own_markers=MARKERS) == "Ja, vi kommer."


def test_a_persons_own_sentence_with_skrev_and_a_colon_is_kept() -> None:
    body = "Som jeg skrev i forrige e-post 3. mars:\nVi trenger to plasser.\n\nHvem melder på?"
    assert extract_reply(body, own_markers=MARKERS) == body


@pytest.mark.parametrize("body", [
    "Mvh\nKari\n\nHent Outlook for iOS", "Sendt fra min iPhone", "Med vennlig hilsen\nKari Nordmann",
    "Hei!\n\nHilsen Nina", "-- \nKari", "Best regards\nJohn Doe\n\nSent from my iPhone", "",
])
def test_a_signature_or_greeting_only_body_is_empty_and_the_subject_is_read(body: str) -> None:
    assert is_empty_text(extract_reply(body, own_markers=MARKERS))
    assert question_text("SV: Sv: AW: VS: Fw: Når er fristen for årsrapporten?", body,
                         own_markers=MARKERS) == "Når er fristen for årsrapporten?"


def test_a_body_with_words_wins_over_the_subject() -> None:
    assert question_text("Spørsmål", "Hvem leder forumet?\n\nMvh Kari") == "Hvem leder forumet?"
    assert subject_question("RE: Re[2]: SV: Frist") == "Frist"


@pytest.mark.parametrize(("text", "language"), [
    ("Hei, når er fristen for å levere rapport i år?", "nb"),
    ("Fristen i mars", "nb"),
    ("Hei, jeg lurer på hvem som sitter i samarbeidsforumet i Innlandet.", "nb"),
    ("Kva er fristen? Eg finn det ikkje i planen.", "nn"),
    ("Korleis søkjer me om midlar?", "nn"),
    ("What is the deadline for the needs report?", "en"),
    ("Is there a template for the annual report?", "en"),
    ("Hi, when is the deadline? I could not find it. Håkon", "en"),
    ("", "nb"),
])
def test_the_language_guess_does_not_count_norwegian_i_as_english(text: str, language: str) -> None:
    assert guess_language(text) == language


def test_reply_subject_prefix_follows_the_language_and_drops_control_characters() -> None:
    assert reply_subject("Re: Frist", "nb") == "SV: Frist"
    assert reply_subject("SV: Frist", "en") == "Re: Frist"
    assert reply_subject("Frist\x00 for\r\nX-Injected: yes", "nb") == "SV: Frist for X-Injected: yes"


@given(st.text())
def test_clean_header_values_never_hold_control_characters(value: str) -> None:
    cleaned = clean_header_value(value)
    assert not any(ord(ch) < 32 or 127 <= ord(ch) < 160 or ch in "\u2028\u2029" for ch in cleaned)


def test_no_control_character_reaches_any_header_we_write() -> None:
    content = MailContent(subject="SV: Frist\x00\r\nBcc: victim@example.no", text="Svar.\n", html="<p>Svar.</p>\n")
    envelope = Envelope(message_id="<kb.1@kompetansebot.test>",
                        to=Recipient("kari@granli.kommune.no", "Kari\r\nBcc: x@example.no\x00"),
                        reply_to="bot+abc@kompetansebot.test", date=datetime(2026, 12, 2, 10, 0, tzinfo=OSLO),
                        thread=ThreadHeaders("<a\x00b@x.no>", ("<r1@x.no>", "<a\x00b@x.no>")), language="en")
    raw = build_message(content, envelope, BotIdentity(BOT, display_name="Bot\r\nX-Evil: 1"))
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert b"\x00" not in head and b"\r\nBcc:" not in head and b"\r\nX-Evil" not in head
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["Bcc"] is None and message["X-Evil"] is None
    assert message["Content-Language"] == "en"
    assert str(message["Subject"]) == "SV: Frist Bcc: victim@example.no"


def test_text_in_the_preamble_of_a_multipart_without_parts_is_found() -> None:
    no_boundary = (b"From: a@b.no\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"b1\"\r\n\r\n"
                   b"Hei, n\xe5r er fristen?\r\n")
    closed = (b"From: a@b.no\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"b1\"\r\n\r\n"
              b"This is a multi-part message in MIME format.\r\nHei, n\xc3\xa5r er fristen?\r\n\r\n--b1--\r\n")
    normal = question_mail("a@b.no", "Når er fristen?")
    assert preamble_text(email.message_from_bytes(no_boundary)) == "Hei, når er fristen?"
    assert preamble_text(email.message_from_bytes(closed)) == "Hei, når er fristen?"
    assert preamble_text(email.message_from_bytes(normal)) == ""


def test_an_encoded_nul_or_crlf_in_a_header_is_not_read_into_the_subject_or_a_name() -> None:
    raw = (b"From: =?utf-8?q?Kari=00=0D=0ANordmann?= <kari@granli.kommune.no>\r\n"
           b"Subject: =?utf-8?q?Frist=00_for_rapport=0D=0AX-Injected:_yes?=\r\n\r\nHei\r\n")
    mail = parse_mail(raw)
    assert mail.subject == "Frist for rapport X-Injected: yes"
    assert mail.sender is not None and mail.sender.name == "Kari Nordmann"


def test_a_greeting_followed_by_a_sentence_is_not_empty() -> None:
    from bot.mail.replytext import is_empty_text, question_text

    assert not is_empty_text("Hei! Rapporten er levert.")
    assert not is_empty_text("Hi, when is the deadline")
    assert is_empty_text("Hei Kari Nordmann,") and is_empty_text("God morgen!")
    assert question_text("SV: Påminnelse", "Hei! Rapporten er levert.") == "Hei! Rapporten er levert."
