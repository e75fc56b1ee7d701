"""Mails in the styles of real clients, read as a person would expect (issue 14).

Every mail in ``corpus_real_clients/`` (written by us, in the styles of Outlook/OWA, Gmail, Apple
Mail, iOS, Thunderbird, Proton, spam filters, broken generators...) goes through

* the pure pipeline: parse -> classify -> the person's own words (quotes and signatures stripped,
  the Subject when the body is empty) -> language of the reply frame -> the reply's headers; and
* the real intake: the whole corpus in a Dovecot mailbox, one ``run_once`` of the email services
  (what ``worker --once`` runs), answers caught by aiosmtpd.

Checked: no automatic or spam mail answered, every person answered once, in their thread and
in their language, about what they wrote (the question the bot read), nothing lost. A table of
the results is printed.
"""

from __future__ import annotations

import email
import email.policy
import re
import tomllib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from bot.clock import OSLO
from bot.mail import classify as kinds
from bot.mail.charset import preamble_text
from bot.mail.classify import classify
from bot.mail.compose import Envelope, Recipient, build_message, render_reply, reply_subject, thread_headers
from bot.mail.identity import BotIdentity
from bot.mail.parse import ParsedMail, parse_mail
from bot.mail.replytext import question_text
from bot.models_email import MailInbound
from bot.text import guess_language
from tests.email.conftest import BOT, MailBot

CORPUS = Path(__file__).parent / "corpus_real_clients"
IDENTITY = BotIdentity(BOT)
MARKERS = [IDENTITY.address, IDENTITY.local + "+"]
GROUPS = {"human": {kinds.HUMAN}, "automatic": kinds.AUTOMATIC, "spam": {kinds.SPAM}, "list": {kinds.LIST},
          "bounce": {kinds.BOUNCE}}
PREFIX = {"nb": "SV: ", "nn": "SV: ", "en": "Re: "}
CONTENT_LANGUAGE = {"nb": "nb-NO", "nn": "nn-NO", "en": "en"}
FOOTER = {"nb": "Dette er et automatisk svar.", "nn": "Dette er eit automatisk svar.",
          "en": "This is an automatic reply."}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _manifest() -> list[dict[str, Any]]:
    with (CORPUS / "manifest.toml").open("rb") as handle:
        return list(tomllib.load(handle)["message"])


MANIFEST = _manifest()


def _raw(entry: dict[str, Any]) -> bytes:
    return (CORPUS / entry["file"]).read_bytes()


def _body(raw: bytes, mail: ParsedMail) -> str:
    """The text part, or (for a broken multipart with no parts) the preamble text."""
    if mail.text.strip() or mail.html.strip():
        return mail.text
    return preamble_text(email.message_from_bytes(raw))


@dataclass
class Reading:
    kind: str
    question: str
    language: str


def read(raw: bytes) -> Reading:
    mail = parse_mail(raw)
    result = classify(mail, IDENTITY)
    question = question_text(mail.subject, _body(raw, mail), mail.html, own_markers=MARKERS)
    return Reading(kind=result.kind, question=question, language=guess_language(question))


def _problems(entry: dict[str, Any], kind: str, question: str, language: str) -> list[str]:
    problems = []
    if kind not in GROUPS[entry["kind"]]:
        problems.append(f"kind {kind}, expected {entry['kind']}")
    if entry["kind"] != "human":
        return problems
    for wanted in entry.get("contains", []):
        if wanted.lower() not in question.lower():
            problems.append(f"question lacks {wanted!r}")
    for unwanted in entry.get("not_in_text", []):
        if unwanted.lower() in question.lower():
            problems.append(f"question keeps {unwanted!r}")
    if "\ufffd" in question:
        problems.append("mojibake")
    if language != entry["language"]:
        problems.append(f"language {language}, expected {entry['language']}")
    return problems


def _table(title: str, rows: list[tuple[str, ...]]) -> str:
    header = ("mail", "expected", "got", "lang", "answered", "question read", "problems")
    widths = [max(len(str(row[i])) for row in (header, *rows)) for i in range(len(header))]
    widths = [min(width, limit) for width, limit in zip(widths, (40, 9, 22, 5, 8, 48, 70), strict=True)]
    lines = [title, "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append("  ".join(str(cell)[:w].ljust(w) for cell, w in zip(row, widths, strict=True)))
    return "\n".join(lines)


def test_the_corpus_is_complete_and_covers_every_client_style() -> None:
    files = {path.name for path in CORPUS.glob("*.eml")}
    assert files == {entry["file"] for entry in MANIFEST}
    assert len(MANIFEST) >= 30
    assert {entry["kind"] for entry in MANIFEST} == set(GROUPS)
    humans = [entry for entry in MANIFEST if entry["kind"] == "human"]
    assert {entry["language"] for entry in humans} == {"nb", "nn", "en"}
    assert all(entry.get("contains") for entry in humans)


def test_every_mail_is_read_as_a_person_would_expect(capsys: pytest.CaptureFixture[str]) -> None:
    rows: list[tuple[str, ...]] = []
    failures: list[str] = []
    for entry in MANIFEST:
        reading = read(_raw(entry))
        problems = _problems(entry, reading.kind, reading.question, reading.language)
        human = entry["kind"] == "human"
        rows.append((entry["file"], entry["kind"], reading.kind, reading.language if human else "",
                     "", " ".join(reading.question.split())[:48] if human else "", "; ".join(problems)))
        if problems:
            failures.append(f"{entry['file']}: {'; '.join(problems)}")
    with capsys.disabled():
        print("\n" + _table("Real-client corpus, pure pipeline (parse -> classify -> reply text -> language)", rows))
    assert failures == []


@pytest.mark.parametrize("entry", [e for e in MANIFEST if e["kind"] == "human"], ids=lambda e: e["file"])
def test_the_reply_frame_follows_the_persons_language_and_headers_stay_clean(entry: dict[str, Any]) -> None:
    raw = _raw(entry)
    mail = parse_mail(raw)
    reading = read(raw)
    subject = reply_subject(mail.subject, reading.language)
    content = render_reply("Svar.", subject=subject, language=reading.language)
    envelope = Envelope(message_id="<kb.test@kompetansebot.test>", to=Recipient(mail.sender_address, mail.sender.name
                        if mail.sender else ""), reply_to=None, date=datetime(2026, 12, 2, 10, 0, tzinfo=OSLO),
                        thread=thread_headers(mail.message_id, mail.references), language=reading.language)
    sent = email.message_from_bytes(build_message(content, envelope, IDENTITY), policy=email.policy.default)
    assert str(sent["Subject"]).startswith(PREFIX[entry["language"]])
    assert sent["Content-Language"] == CONTENT_LANGUAGE[entry["language"]]
    assert FOOTER[entry["language"]] in content.text
    for name, value in sent.items():
        assert not _CONTROL.search(str(value)), (name, value)
        assert "\r" not in str(value) and "\n" not in str(value), (name, value)
    assert "X-Injected" not in sent


def test_spam_is_a_kind_of_its_own_and_never_answerable() -> None:
    for entry in (e for e in MANIFEST if e["kind"] == "spam"):
        result = classify(parse_mail(_raw(entry)), IDENTITY)
        assert result.kind == kinds.SPAM and not result.answerable, entry["file"]
        assert result.reasons


async def _through_intake(mailbot: MailBot, entries: list[dict[str, Any]], title: str) -> list[str]:
    """Every mail of ``entries`` into the mailbox, one round of the email services; the problems found."""
    for entry in entries:
        mailbot.deliver(_raw(entry))

    summary = await mailbot.round()

    assert summary.intake is not None and summary.intake.seen == len(entries)
    answers: dict[str, list[email.message.EmailMessage]] = {}
    for sent in mailbot.smtp.messages:
        message = email.message_from_bytes(sent.raw, policy=email.policy.default)
        answers.setdefault(str(message["In-Reply-To"] or "").strip(), []).append(message)
    with mailbot.app.database.session() as session:
        inbound = {row.message_id: row for row in session.exec(select(MailInbound)).all()}
    rows: list[tuple[str, ...]] = []
    failures: list[str] = []
    for entry in entries:
        mail = parse_mail(_raw(entry))
        row = inbound.get(mail.message_id)
        replies = answers.pop(mail.message_id or "", [])
        human = entry["kind"] == "human"
        if row is None:
            failures.append(f"{entry['file']}: lost (no intake row)")
            rows.append((entry["file"], entry["kind"], "LOST", "", "", "", "lost"))
            continue
        question = str((row.detail or {}).get("text", ""))
        language = ""
        problems: list[str] = []
        if row.status in {"failed", "quarantined", "processing"}:
            problems.append(f"status {row.status}")
        if human and len(replies) != 1:
            problems.append(f"{len(replies)} answers")
        elif human:
            reply = replies[0]
            language = {v: k for k, v in CONTENT_LANGUAGE.items()}.get(str(reply["Content-Language"]), "?")
            subject = str(reply["Subject"])
            if not subject.startswith(PREFIX[entry["language"]]):
                problems.append(f"subject {subject!r}")
            body = reply.get_body(preferencelist=("plain",))
            text = body.get_content() if body is not None else ""
            if FOOTER[entry["language"]] not in text:
                problems.append("footer in another language")
            if (row.detail or {}).get("intent") == "empty":
                problems.append("answered as if empty")
            if any(_CONTROL.search(str(value)) for _, value in reply.items()):
                problems.append("control character in a header")
        elif replies:
            problems.append(f"ANSWERED {len(replies)}x")
        problems.extend(_problems(entry, row.kind or "", question, language))
        rows.append((entry["file"], entry["kind"], f"{row.kind}/{row.status}", language,
                     str(len(replies)), " ".join(question.split())[:48] if human else "", "; ".join(problems)))
        if problems:
            failures.append(f"{entry['file']}: {'; '.join(problems)}")
    print("\n" + _table(title, rows))
    assert answers == {}, f"answers to unknown mail: {list(answers)}"
    assert mailbot.inbox() == [] and len(mailbot.processed()) == len(entries)  # nothing lost or left behind
    return failures


async def test_the_real_intake_answers_every_person_in_their_language_and_nothing_else(
        mailbot: MailBot, capsys: pytest.CaptureFixture[str]) -> None:
    entries = [entry for entry in MANIFEST if "needs" not in entry]
    with capsys.disabled():
        failures = await _through_intake(
            mailbot, entries, "Real-client corpus through the real intake (Dovecot + aiosmtpd, run_once)")
    assert failures == []


async def test_subject_only_signature_only_and_preamble_mail_through_the_real_intake(
        mailbot: MailBot, capsys: pytest.CaptureFixture[str]) -> None:
    entries = [entry for entry in MANIFEST if "needs" in entry]
    with capsys.disabled():
        failures = await _through_intake(
            mailbot, entries, "Subject-only, signature-only and preamble-only mail through the real intake")
    assert failures == []
