"""Who sent a mail: addresses from the raw header only, display names that cannot inject headers,
Authentication-Results read only from our own gateway, and a mail whose body cannot be parsed keeps
its sender and goes to Quarantine (issue 12, findings 1 and 10)."""

from __future__ import annotations

import email.policy
from email import message_from_bytes
from email.utils import format_datetime
from typing import Any

import pytest
from sqlmodel import select

from bot.audit import AuditLog
from bot.mail.parse import parse_mail
from bot.mail.verification import dmarc_pass, parse_authentication_results, trusted_results
from bot.models_email import MailInbound
from tests.email.conftest import BOT, TUESDAY, MailBot

KARI = "kari@valdres.kommune.no"
MALLORY = "mallory@evil.example"
GATEWAY = "mx.innlandet.test"
QP_FROM = f"=?utf-8?q?{KARI}?= <{MALLORY}>"
B64_FROM = f"=?utf-8?b?a2FyaUB2YWxkcmVzLmtvbW11bmUubm8=?= <{MALLORY}>"
CRLF_FROM = f"=?utf-8?q?Kari=0D=0ABcc:_{MALLORY.replace('@', '=40')}?= <{KARI}>"


def raw_mail(from_header: str, text: str, *, headers: dict[str, str] | None = None, message_id: str = "<m1@x.test>",
             subject: str = "Spørsmål", to: str = BOT) -> bytes:
    lines = [f"From: {from_header}", f"To: Kompetansebot <{to}>", f"Subject: {subject}",
             f"Date: {format_datetime(TUESDAY)}", f"Message-ID: {message_id}", "MIME-Version: 1.0",
             "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit"]
    lines += [f"{key}: {value}" for key, value in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n" + text.replace("\n", "\r\n") + "\r\n").encode("utf-8")


def nested(depth: int, sender: str = f"Kari Nordmann <{KARI}>") -> bytes:
    head = (f"From: {sender}\r\nTo: {BOT}\r\nSubject: Dypt\r\nMessage-ID: <deep{depth}@valdres.kommune.no>\r\n"
            f"Date: {format_datetime(TUESDAY)}\r\nMIME-Version: 1.0\r\n")
    opening = "".join(f'Content-Type: multipart/mixed; boundary="b{level}"\r\n\r\n--b{level}\r\n'
                      for level in range(depth))
    closing = "".join(f"\r\n--b{level}--\r\n" for level in reversed(range(depth)))
    return (head + opening + "Content-Type: text/plain\r\n\r\nNår er fristen?\r\n" + closing).encode()


# ---------------------------------------------------------------------------------------------- parsing


@pytest.mark.parametrize("from_header", [QP_FROM, B64_FROM, f"{KARI} <{MALLORY}>", f'"{KARI}" <{MALLORY}>'])
def test_an_address_in_the_display_name_is_never_the_sender(from_header: str) -> None:
    mail = parse_mail(raw_mail(from_header, "Hei"))
    assert mail.sender is not None and mail.sender.address == MALLORY
    assert mail.sender.name == KARI  # decoded, but only as a name
    assert mail.raw_from == from_header and mail.from_count == 1


@pytest.mark.parametrize("from_header", [f"=?utf-8?q?{KARI}?=", "=?utf-8?b?a2FyaUB2YWxkcmVzLmtvbW11bmUubm8=?=",
                                         f"Kari <=?utf-8?q?{KARI}?=>", "=?utf-8?q?kari=40valdres.kommune.no?="])
def test_an_encoded_word_is_never_an_address(from_header: str) -> None:
    mail = parse_mail(raw_mail(from_header, "Hei"))
    assert mail.sender is None and mail.raw_from == from_header


def test_control_characters_never_survive_in_a_display_name() -> None:
    mail = parse_mail(raw_mail(CRLF_FROM, "Hei", headers={"Reply-To": f"=?utf-8?q?X=00=0D=0ABcc:_y?= <{MALLORY}>"}))
    assert mail.sender is not None and mail.sender.address == KARI
    assert mail.sender.name == f"Kari Bcc: {MALLORY}"
    assert not any(char in mail.sender.name + mail.reply_to[0].name for char in "\r\n\x00")


def test_two_from_addresses_or_headers_are_noted() -> None:
    assert parse_mail(raw_mail(f"{KARI}, {MALLORY}", "Hei")).from_count == 2
    doubled = raw_mail(KARI, "Hei").replace(b"To:", f"From: {MALLORY}\r\nTo:".encode(), 1)
    mail = parse_mail(doubled)
    assert mail.sender is not None and mail.sender.address == KARI and mail.from_count == 2
    assert "2 From headers" in mail.defects


@pytest.mark.parametrize("depth", [1000, 1200, 5000])
def test_a_deeply_nested_mail_keeps_its_sender(depth: int) -> None:
    mail = parse_mail(nested(depth))
    assert mail.sender is not None and mail.sender.address == KARI
    assert mail.unparseable is not None and "MIME" in mail.unparseable
    assert mail.message_id == f"<deep{depth}@valdres.kommune.no>"


def test_a_modestly_nested_mail_is_read() -> None:
    mail = parse_mail(nested(20))
    assert mail.unparseable is None and "fristen" in mail.text


def test_long_runs_in_address_headers_finish() -> None:
    for run in ("a" * 200_000, "<" * 200_000, '"' * 200_000, "(" * 200_000, "a:" * 100_000, "=?" * 100_000,
                "@" * 200_000, "k@" + "a." * 100_000):
        mail = parse_mail(raw_mail(run, "Hei"))
        assert mail.sender is None


# ---------------------------------------------------------------------------------------------- Authentication-Results


def test_authentication_results_are_parsed_with_comments_and_quotes() -> None:
    parsed = parse_authentication_results(
        f'{GATEWAY} 1; spf=pass (sender IP is 192.0.2.1; ok) smtp.mailfrom=kommune.no; '
        'dkim=pass (signature was verified) header.d=kommune.no header.s="sel;1"; '
        'dmarc=pass (p=reject dis=none) header.from=Kommune.NO')
    assert parsed is not None and parsed.authserv_id == GATEWAY
    assert [(r.method, r.result) for r in parsed.results] == [("spf", "pass"), ("dkim", "pass"), ("dmarc", "pass")]
    assert parsed.results[2].properties["header.from"] == "kommune.no"
    assert parsed.results[1].properties["header.s"] == "sel;1"
    # Exchange Online's form without an authserv-id is nobody's.
    assert parse_authentication_results("spf=pass smtp.mailfrom=x.no; dmarc=pass header.from=x.no") is None


def _ar(value: str, *more: str) -> Any:
    headers = {"Authentication-Results": value}
    raw = raw_mail(f"Kari <{KARI}>", "Hei", headers=headers)
    for extra in more:
        raw = raw.replace(b"MIME-Version", f"Authentication-Results: {extra}\r\nMIME-Version".encode(), 1)
    return parse_mail(raw)


def test_only_the_topmost_header_of_our_own_gateway_counts() -> None:
    good = f"{GATEWAY}; spf=pass smtp.mailfrom=valdres.kommune.no; dmarc=pass header.from=valdres.kommune.no"
    assert dmarc_pass(_ar(good), GATEWAY)
    assert not dmarc_pass(_ar(good), None)  # no gateway configured: nothing counts
    forged = "mx.evil.example; dmarc=pass header.from=valdres.kommune.no"
    assert not dmarc_pass(_ar(forged), GATEWAY)
    assert not dmarc_pass(_ar(f"{GATEWAY}; dmarc=pass header.from=evil.example"), GATEWAY)
    assert not dmarc_pass(_ar(f"{GATEWAY}; dmarc=fail header.from=valdres.kommune.no"), GATEWAY)
    assert not dmarc_pass(_ar(f"{GATEWAY}; dkim=pass header.d=valdres.kommune.no"), GATEWAY)
    # A forged "pass" with our id below the gateway's own "fail" (mail headers grow at the top): fail.
    below = _ar(good, f"{GATEWAY}; dmarc=fail header.from=valdres.kommune.no")  # the second one goes on top
    assert trusted_results(below, GATEWAY) is not None and not dmarc_pass(below, GATEWAY)


def test_a_huge_authentication_results_header_is_read_in_bounded_time() -> None:
    for run in ("(" * 200_000, '"' * 200_000, ";" * 200_000, "a=" * 100_000, "\\" * 200_000):
        assert not dmarc_pass(_ar(f"{GATEWAY}; {run}"), GATEWAY)


# ---------------------------------------------------------------------------------------------- through the servers


def _inbound(bot: MailBot) -> list[MailInbound]:
    with bot.app.database.session() as session:
        return list(session.exec(select(MailInbound)).all())


def _body(raw: bytes) -> Any:
    return message_from_bytes(raw, policy=email.policy.default)


async def test_an_encoded_word_address_gets_its_answer_at_the_real_address(mailbot: MailBot) -> None:
    mailbot.deliver(raw_mail(QP_FROM, "Når er fristen for behovsmeldingen?", message_id="<q1@evil.example>"))
    mailbot.deliver(raw_mail(f"=?utf-8?q?{KARI}?=", "Når er fristen?", message_id="<q2@evil.example>"))
    await mailbot.round()
    assert mailbot.answers_to(KARI) == []
    (answer,) = mailbot.answers_to(MALLORY)
    assert list(answer.rcpt_tos) == [MALLORY]
    rows = {row.message_id: row for row in _inbound(mailbot)}
    assert rows["<q1@evil.example>"].sender == MALLORY and rows["<q1@evil.example>"].raw_from == QP_FROM
    assert rows["<q1@evil.example>"].verified_by == "none"
    assert rows["<q2@evil.example>"].status == "review" and rows["<q2@evil.example>"].sender == ""
    with mailbot.app.database.session() as session:
        entries = AuditLog.entries(session, action="email.inbound.human")
        by_target = {entry.target: entry.detail["identity"] for entry in entries}
        assert by_target["<q1@evil.example>"] == {"raw_from": QP_FROM, "sender": MALLORY, "verified_by": "none"}
        assert [entry.detail["identity"]["raw_from"] for entry in AuditLog.entries(session, action="email.no_sender")] \
            == [f"=?utf-8?q?{KARI}?="]


async def test_crlf_in_a_display_name_adds_no_recipient_and_reply_to_is_not_answered(mailbot: MailBot) -> None:
    mailbot.deliver(raw_mail(CRLF_FROM, "Når er fristen for behovsmeldingen?",
                             headers={"Reply-To": f"Kari <{MALLORY}>"}))
    await mailbot.round()
    assert mailbot.answers_to(MALLORY) == []
    (answer,) = mailbot.answers_to(KARI)
    assert list(answer.rcpt_tos) == [KARI]
    header_block = answer.raw.split(b"\r\n\r\n", 1)[0].decode("ascii")
    assert "\nBcc:" not in header_block and "\nCc:" not in header_block
    parsed = _body(answer.raw)
    assert [address.addr_spec for address in parsed["To"].addresses] == [KARI]


async def test_a_mail_with_thousands_of_nested_parts_is_quarantined_with_its_sender(mailbot: MailBot) -> None:
    mailbot.deliver(nested(1200))
    await mailbot.round()
    assert len(mailbot.mailbox.messages("bot", "Quarantine")) == 1 and mailbot.inbox() == []
    (row,) = _inbound(mailbot)
    assert row.status == "quarantined" and row.sender == KARI and row.raw_from == f"Kari Nordmann <{KARI}>"
    assert "MIME" in (row.last_error or "")
    assert mailbot.smtp.messages == []
    with mailbot.app.database.session() as session:
        (entry,) = AuditLog.entries(session, action="email.quarantined")
        assert entry.detail["identity"]["raw_from"] == f"Kari Nordmann <{KARI}>" and "MIME" in entry.detail["reason"]
