"""The real mail servers the suite relies on: aiosmtpd (recording, scripted answers) and Dovecot."""

from __future__ import annotations

import imaplib
import socket
from email.message import EmailMessage
from email.utils import make_msgid
from urllib.parse import unquote, urlsplit

import aiosmtplib
import pytest
from imap_tools import AND, MailBoxUnencrypted

from tests.servers.conftest_fixtures import require_dovecot, skip_or_fail
from tests.servers.dovecot import AUTO_FOLDERS, DovecotServer, dovecot_missing, group_processes
from tests.servers.smtp import DROP, SmtpServer


def make_message(to: str = "alice@example.test", subject: str = "Påminnelse: årsrapport") -> EmailMessage:
    message = EmailMessage()
    message["From"] = "bot@example.test"
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(idstring="test", domain="example.test")
    message.set_content("Hei!\n\nHusk årsrapporten innen 15. januar.\n")
    return message


def raw_mail(subject: str, message_id: str) -> bytes:
    return (
        f"From: alice@example.test\r\nTo: bot@example.test\r\nSubject: {subject}\r\n"
        f"Message-ID: {message_id}\r\nDate: Sat, 28 Nov 2026 10:00:00 +0100\r\n\r\nRapporten er levert.\r\n"
    ).encode()


def imap_login(server: DovecotServer, user: str) -> MailBoxUnencrypted:
    return MailBoxUnencrypted(server.host, server.port).login(user, server.password(user))


def refresh_capabilities(mailbox: MailBoxUnencrypted) -> None:
    """email.md section 4: Dovecot lists MOVE only after login; imap-tools read them before."""
    typ, data = mailbox.client.capability()
    assert typ == "OK"
    mailbox.client.capabilities = tuple(data[-1].decode().upper().split())


# ---------------------------------------------------------------------------------------- SMTP


async def test_smtp_records_message_and_message_id(smtp_server: SmtpServer) -> None:
    message = make_message()
    errors, response = await aiosmtplib.send(message, hostname=smtp_server.host, port=smtp_server.port)
    assert errors == {}
    assert response.startswith("2.0.0")
    [received] = smtp_server.messages
    assert received.message_id == message["Message-ID"]
    assert received.mail_from == "bot@example.test"
    assert received.rcpt_tos == ("alice@example.test",)
    assert received.subject == "Påminnelse: årsrapport"
    assert "Husk årsrapporten" in received.email().get_content()
    assert smtp_server.url == f"smtp://127.0.0.1:{smtp_server.port}"


async def test_scripted_550_refuses_recipient(smtp_server: SmtpServer) -> None:
    smtp_server.refuse_rcpt("nobody@example.test", "550 5.1.1 No such user")
    async with aiosmtplib.SMTP(hostname=smtp_server.host, port=smtp_server.port) as client:
        await client.mail("bot@example.test")
        with pytest.raises(aiosmtplib.SMTPRecipientRefused) as refused:
            await client.rcpt("nobody@example.test")
    assert refused.value.code == 550
    assert "5.1.1" in refused.value.message
    # Through send(): with every recipient refused aiosmtplib raises the plural error.
    with pytest.raises(aiosmtplib.SMTPRecipientsRefused) as all_refused:
        await aiosmtplib.send(make_message("nobody@example.test"), hostname=smtp_server.host, port=smtp_server.port)
    assert [error.code for error in all_refused.value.recipients] == [550]
    assert smtp_server.received == []


async def test_partial_refusal_delivers_to_the_others(smtp_server: SmtpServer) -> None:
    smtp_server.refuse_rcpt("perm@example.test")
    message = make_message("alice@example.test, perm@example.test")
    errors, _ = await aiosmtplib.send(message, hostname=smtp_server.host, port=smtp_server.port)
    assert errors["perm@example.test"].code == 550
    [received] = smtp_server.messages
    assert received.rcpt_tos == ("alice@example.test",)


async def test_scripted_450_then_accepted_on_retry(smtp_server: SmtpServer) -> None:
    smtp_server.script_rcpt("alice@example.test", "450 4.2.1 Mailbox busy, try later")
    with pytest.raises(aiosmtplib.SMTPRecipientsRefused) as refused:
        await aiosmtplib.send(make_message(), hostname=smtp_server.host, port=smtp_server.port)
    assert refused.value.recipients[0].code == 450
    await aiosmtplib.send(make_message(), hostname=smtp_server.host, port=smtp_server.port)
    assert len(smtp_server.messages) == 1


async def test_scripted_451_at_data(smtp_server: SmtpServer) -> None:
    smtp_server.script_data("451 4.3.0 Temporary local problem")
    message = make_message()
    with pytest.raises(aiosmtplib.SMTPDataError) as refused:
        await aiosmtplib.send(message, hostname=smtp_server.host, port=smtp_server.port)
    assert refused.value.code == 451
    [attempt] = smtp_server.received
    assert attempt.response.startswith("451") and not attempt.accepted
    assert smtp_server.messages == []
    # The script is used up: the retry, same Message-ID, goes through.
    await aiosmtplib.send(message, hostname=smtp_server.host, port=smtp_server.port)
    assert smtp_server.message_ids == [message["Message-ID"]]


async def test_in_doubt_drop_after_data(smtp_server: SmtpServer) -> None:
    smtp_server.in_doubt = True
    message = make_message()
    with pytest.raises(aiosmtplib.SMTPServerDisconnected):
        await aiosmtplib.send(message, hostname=smtp_server.host, port=smtp_server.port)
    [received] = smtp_server.messages
    assert received.in_doubt
    assert received.message_id == message["Message-ID"]
    # One scripted drop, then normal service again.
    smtp_server.in_doubt = False
    smtp_server.script_data(DROP)
    with pytest.raises(aiosmtplib.SMTPServerDisconnected):
        await aiosmtplib.send(make_message(), hostname=smtp_server.host, port=smtp_server.port)
    await aiosmtplib.send(make_message(), hostname=smtp_server.host, port=smtp_server.port)
    assert [m.in_doubt for m in smtp_server.messages] == [True, True, False]


async def test_scripted_drop_before_data(smtp_server: SmtpServer) -> None:
    smtp_server.script_mail(DROP)
    with pytest.raises(aiosmtplib.SMTPServerDisconnected):
        await aiosmtplib.send(make_message(), hostname=smtp_server.host, port=smtp_server.port)
    assert smtp_server.received == []


async def test_auth_scripted_535_then_accepted() -> None:
    with SmtpServer(auth_users={"bot": "s3cret"}) as server:
        server.fail_auth("535 5.7.3 Authentication unsuccessful")
        with pytest.raises(aiosmtplib.SMTPAuthenticationError) as refused:
            await aiosmtplib.send(make_message(), hostname=server.host, port=server.port,
                                  username="bot", password="s3cret")
        assert refused.value.code == 535
        with pytest.raises(aiosmtplib.SMTPAuthenticationError):
            await aiosmtplib.send(make_message(), hostname=server.host, port=server.port,
                                  username="bot", password="wrong")
        await aiosmtplib.send(make_message(), hostname=server.host, port=server.port,
                              username="bot", password="s3cret")
        [received] = server.messages
        assert received.auth_login == "bot"
        assert server.url_for("bot", "s3cret") == f"smtp://bot:s3cret@127.0.0.1:{server.port}"


def test_smtp_server_stops_listening() -> None:
    server = SmtpServer().start()
    port = server.port
    server.stop()
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        pass


# ---------------------------------------------------------------------------------------- Dovecot


def test_fresh_mailbox_has_auto_folders_and_no_mail(mailbox: DovecotServer) -> None:
    for user in mailbox.users:
        assert mailbox.folders(user) == sorted(AUTO_FOLDERS)
    assert mailbox.messages("bot") == []


def test_url_for_logs_in(mailbox: DovecotServer) -> None:
    url = urlsplit(mailbox.url_for("bot"))
    assert (url.scheme, url.hostname, url.port, url.path) == ("imap", "127.0.0.1", mailbox.port, "/INBOX")
    assert url.username is not None and url.password is not None
    with MailBoxUnencrypted(url.hostname, url.port).login(unquote(url.username), unquote(url.password)) as box:
        assert box.folder.get() == "INBOX"


def test_append_then_fetch_with_mark_seen_false_keeps_flags(mailbox: DovecotServer) -> None:
    uid = mailbox.append("bot", raw_mail("Svar", "<svar-1@example.test>"))
    mailbox.append("bot", raw_mail("Lest", "<lest-1@example.test>"), flags=["\\Seen", "\\Flagged"])
    before = {m.uid: m.flags for m in mailbox.messages("bot")}
    assert before == {uid: frozenset(), uid + 1: frozenset({"\\Seen", "\\Flagged"})}

    with imap_login(mailbox, "bot") as box:
        fetched = list(box.fetch(mark_seen=False))
    assert [m.headers["message-id"][0].strip() for m in fetched] == ["<svar-1@example.test>", "<lest-1@example.test>"]
    assert {m.uid: m.flags for m in mailbox.messages("bot")} == before

    # Control: the default fetch does mark the message seen, and messages() sees that.
    with imap_login(mailbox, "bot") as box:
        list(box.fetch(AND(uid=str(uid))))
    assert "\\Seen" in mailbox.messages("bot")[0].flags


def test_uid_move_after_capability_refresh_expunges_nothing_else(mailbox: DovecotServer) -> None:
    keep = mailbox.append("bot", raw_mail("Slettet av et menneske", "<keep@example.test>"), flags=["\\Deleted"])
    move = mailbox.append("bot", raw_mail("Levert", "<move@example.test>"))
    with imap_login(mailbox, "bot") as box:
        assert "MOVE" not in box.client.capabilities  # the pitfall: pre-login capabilities
        refresh_capabilities(box)
        assert "MOVE" in box.client.capabilities
        box.move(str(move), "Processed")
    inbox = mailbox.messages("bot")
    assert [(m.uid, m.flags) for m in inbox] == [(keep, frozenset({"\\Deleted"}))]
    [processed] = mailbox.messages("bot", "Processed")
    assert processed.message_id == "<move@example.test>"


def test_move_without_refresh_expunges_other_deleted_mail(mailbox: DovecotServer) -> None:
    """Control for the test above: the imap-tools fallback (COPY + mailbox-wide EXPUNGE) is visible."""
    mailbox.append("bot", raw_mail("Slettet av et menneske", "<keep@example.test>"), flags=["\\Deleted"])
    move = mailbox.append("bot", raw_mail("Levert", "<move@example.test>"))
    with imap_login(mailbox, "bot") as box:
        box.move(str(move), "Processed")
    assert mailbox.messages("bot") == []
    assert len(mailbox.messages("bot", "Processed")) == 1


def test_kick_breaks_the_next_command(mailbox: DovecotServer) -> None:
    box = imap_login(mailbox, "bot")
    try:
        assert box.folder.status("INBOX")["MESSAGES"] == 0
        assert "bot" in mailbox.sessions().values()
        assert mailbox.kick("bot") is True
        with pytest.raises((imaplib.IMAP4.abort, OSError)):
            box.folder.status("INBOX")
    finally:
        box.client.shutdown()
    assert mailbox.kick("bot") is False  # nobody left to kick
    assert imap_login(mailbox, "bot").logout()[0] == "BYE"  # a new connection works


def test_reset_empties_mail_and_restarts_uids(mailbox: DovecotServer) -> None:
    mailbox.append("alice", raw_mail("Før", "<before@example.test>"))
    with mailbox.session("alice") as imap:
        assert imap.create("Arkiv")[0] == "OK"
    open_box = imap_login(mailbox, "alice")  # a session left open, as a failing test might
    mailbox.reset(["alice"])
    open_box.client.shutdown()
    assert mailbox.folders("alice") == sorted(AUTO_FOLDERS)
    assert mailbox.messages("alice") == []
    assert mailbox.append("alice", raw_mail("Etter", "<after@example.test>")) == 1
    assert mailbox.log_errors() == []


def test_stop_leaves_no_process_and_frees_the_port() -> None:
    require_dovecot()
    server = DovecotServer(users={"solo": "pw"}).start()
    master, port, workdir = server.pid, server.port, server.workdir
    assert master is not None
    assert server.append("solo", raw_mail("x", "<x@example.test>")) == 1
    server.stop()
    assert group_processes(master) == []
    assert not workdir.exists()
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        pass
    server.stop()  # idempotent


def test_start_retries_on_another_port_when_taken() -> None:
    require_dovecot()
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        taken = squatter.getsockname()[1]
        with DovecotServer(users={"solo": "pw"}, port=taken) as server:
            assert server.port != taken
            assert server.folders("solo") == sorted(AUTO_FOLDERS)


def test_missing_dovecot_skips_locally_but_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    missing = dovecot_missing(path="/nonexistent")
    assert missing is not None and "ensure-dovecot.sh" in missing
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="ensure-dovecot"):
        skip_or_fail(missing)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        skip_or_fail(missing)
    skip_or_fail(None)  # available: neither skips nor fails


# ---------------------------------------------------------------------------------------- SMTP -> IMAP


async def test_smtp_to_imap_loop(smtp_to_imap: SmtpServer, mailbox: DovecotServer) -> None:
    message = make_message("bot@example.test, alice@example.test, stranger@elsewhere.test")
    await aiosmtplib.send(message, hostname=smtp_to_imap.host, port=smtp_to_imap.port)
    [received] = smtp_to_imap.messages
    assert set(received.forwarded) == {"bot", "alice"}
    for user in ("bot", "alice"):
        [stored] = mailbox.messages(user)
        assert stored.uid == received.forwarded[user]
        assert stored.message_id == message["Message-ID"]
        assert stored.email()["Delivered-To"] == f"{user}@example.test"
        assert stored.email()["Return-Path"] == "<bot@example.test>"
        assert not stored.seen
    assert mailbox.messages("bob") == []
    assert mailbox.log_errors() == []


async def test_smtp_to_imap_delivers_in_doubt_mail_but_not_refused(
    smtp_to_imap: SmtpServer, mailbox: DovecotServer
) -> None:
    smtp_to_imap.script_data("451 4.3.0 later", DROP)
    first, second = make_message("bot@example.test"), make_message("bot@example.test")
    with pytest.raises(aiosmtplib.SMTPDataError):
        await aiosmtplib.send(first, hostname=smtp_to_imap.host, port=smtp_to_imap.port)
    with pytest.raises(aiosmtplib.SMTPServerDisconnected):
        await aiosmtplib.send(second, hostname=smtp_to_imap.host, port=smtp_to_imap.port)
    assert [m.message_id for m in mailbox.messages("bot")] == [second["Message-ID"]]
