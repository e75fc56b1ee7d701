"""The corpus of real-looking mails: classification, decoding and reply text, per the manifest.

Each message is read twice: straight from the .eml file, and after a round trip through Dovecot
(APPEND, then the bot's own UID FETCH BODY.PEEK[]), so charsets survive the real server too.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.mail.classify import classify
from bot.mail.identity import BotIdentity
from bot.mail.intent import reply_intent
from bot.mail.parse import parse_mail
from bot.mail.replytext import extract_reply
from handlers.email.imap import ImapClient
from handlers.email.urls import ImapUrl
from tests.email.conftest import BOT, CORPUS, corpus_bytes, load_manifest
from tests.servers import DovecotServer

MANIFEST = load_manifest()
IDENTITY = BotIdentity(BOT)
MARKERS = [IDENTITY.address, IDENTITY.local + "+"]


def _squash(text: str) -> str:
    return " ".join(text.split())


def _check(entry: dict[str, Any], raw: bytes) -> None:
    mail = parse_mail(raw)
    result = classify(mail, IDENTITY)
    assert result.kind == entry["kind"], (entry["file"], result.reasons)
    if "subject" in entry:
        assert mail.subject == entry["subject"]
    if "from_name" in entry:
        assert mail.sender is not None and mail.sender.name == entry["from_name"]
    if "from_address" in entry:
        assert mail.sender_address == entry["from_address"]
    if entry.get("message_id") == "none":
        assert mail.message_id is None
    if "in_reply_to" in entry:
        assert mail.in_reply_to == [entry["in_reply_to"]]
    if "text" in entry:
        text = extract_reply(mail.text, mail.html, own_markers=MARKERS)
        assert _squash(text) == _squash(entry["text"]), entry["file"]
        assert "\ufffd" not in text
        for unwanted in entry.get("not_in_text", []):
            assert unwanted.lower() not in text.lower(), (entry["file"], unwanted)
        if "intent" in entry:
            assert reply_intent(text) == entry["intent"], (entry["file"], text)
    if "attachments" in entry:
        assert [[a.filename, a.kind] for a in mail.attachments] == entry["attachments"]
    if "bounce_original" in entry:
        assert result.report is not None
        assert result.report.original_message_id == entry["bounce_original"]
        statuses = [r.status for r in result.report.recipients]
        assert entry["bounce_status"] in statuses
        assert any(r.permanent for r in result.report.recipients) == entry["bounce_permanent"]
        if "bounce_recipient" in entry:
            assert entry["bounce_recipient"] in [r.recipient for r in result.report.recipients]


def test_every_corpus_file_is_in_the_manifest() -> None:
    files = {path.name for path in CORPUS.glob("*.eml")}
    assert files == {entry["file"] for entry in MANIFEST}
    kinds = {entry["kind"] for entry in MANIFEST}
    assert kinds == {"own", "bounce", "auto_reply", "list", "no_reply", "probably_auto", "human"}


@pytest.mark.parametrize("entry", MANIFEST, ids=[entry["file"] for entry in MANIFEST])
def test_corpus_message_read_from_file(entry: dict[str, Any]) -> None:
    _check(entry, corpus_bytes(entry["file"]))


def test_corpus_survives_a_dovecot_round_trip(mailbox: DovecotServer) -> None:
    uids = {mailbox.append("bot", corpus_bytes(entry["file"])): entry for entry in MANIFEST}
    with ImapClient(ImapUrl.parse(mailbox.url_for("bot"))).connect() as client:
        client.select("INBOX")
        fetched = dict(client.fetch(sorted(uids)))
    assert set(fetched) == set(uids)
    for uid, entry in uids.items():
        _check(entry, fetched[uid])
    # fetching with BODY.PEEK[] left every message unread
    assert not any(message.seen for message in mailbox.messages("bot"))


def test_a_bounce_quoting_our_reminder_is_not_read_as_a_reply() -> None:
    """The DSN carries our reminder ("Svar «levert» …"): nothing in it is a person's answer."""
    mail = parse_mail(corpus_bytes("dsn_postfix_511.eml"))
    assert "levert" in (mail.text + str(mail.report)).lower() or "levert" in corpus_bytes(
        "dsn_postfix_511.eml").decode("utf-8", "replace")
    assert classify(mail, IDENTITY).kind == "bounce"


@pytest.mark.parametrize("garbage", [
    b"", b"\x00\x01\x02", b"From: \r\n\r\n", b"Content-Type: multipart/mixed\r\n\r\n--\r\n",
    b"Subject: =?x-nope?q?abc?=\r\nContent-Type: text/plain; charset=\"\"\r\n\r\n\xff\xfe\xfd",
    b"Content-Type: text/html; charset=utf-16\r\n\r\n<p>\xff</p>",
    b"From: a@b\r\nContent-Type: message/rfc822\r\n\r\nnot a message",
    b"Content-Transfer-Encoding: base64\r\n\r\n!!!!",
])
def test_malformed_input_never_raises(garbage: bytes) -> None:
    mail = parse_mail(garbage)
    classify(mail, IDENTITY)
    extract_reply(mail.text, mail.html, own_markers=MARKERS)
