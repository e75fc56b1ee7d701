"""The SMTP side: claim rows from the outbox, send them with aiosmtplib, store what happened.

One connection is reused for a round of claimed rows (a fresh one after any error). Each
message goes ``MAIL``, ``RCPT`` per recipient (a partial refusal is recorded per recipient, the
accepted ones are never resent), ``DATA``, inside ``asyncio.timeout``. A lost connection or a
timeout after DATA began is *in doubt* (the server may have the mail): the row is reconciled
later, never resent blindly. aiosmtplib adds no Message-ID: the bytes come from the outbox row,
Message-ID included, identical on every attempt.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable

import aiosmtplib
from aiosmtplib import (
    SMTPAuthenticationError,
    SMTPDataError,
    SMTPException,
    SMTPRecipientRefused,
    SMTPResponseException,
)
from sqlalchemy import Connection

from bot.mail.outbox import (
    AUTH,
    DOUBT,
    OK,
    POLICY,
    RETRY,
    SENT,
    ClaimedMail,
    Outbox,
    SendResult,
    smtp_outcome,
)
from handlers.email.oauth import TokenError, TokenRejected
from handlers.email.urls import SmtpUrl

log = logging.getLogger(__name__)
LOST = "lost"


class SmtpSender:
    def __init__(self, url: SmtpUrl, outbox: Outbox, *, timeout: float | None = None,
                 local_hostname: str | None = None) -> None:
        self.url = url
        self.outbox = outbox
        self.timeout = timeout or outbox.config.send_timeout_seconds
        self.local_hostname = local_hostname or outbox.config.identity.domain
        self._smtp: aiosmtplib.SMTP | None = None

    # ------------------------------------------------------------------ connection

    async def _connection(self) -> aiosmtplib.SMTP:
        if self._smtp is not None and self._smtp.is_connected:
            return self._smtp
        await self.close()
        smtp = aiosmtplib.SMTP(hostname=self.url.host, port=self.url.port, use_tls=self.url.use_tls,
                               start_tls=self.url.start_tls,
                               timeout=self.timeout, local_hostname=self.local_hostname)
        if self.url.tokens is not None:
            await asyncio.to_thread(self.url.tokens.token)  # paused or no token: fail before connecting
        await smtp.connect()
        try:
            if self.url.tokens is not None:
                await self._login_xoauth2(smtp)
            elif self.url.username:
                await smtp.login(self.url.username, self.url.password or "")
        except BaseException:
            smtp.close()
            raise
        self._smtp = smtp
        return smtp

    async def _login_xoauth2(self, smtp: aiosmtplib.SMTP) -> None:
        """AUTH XOAUTH2 with the provider's token: renewed once when refused, then the channel pauses."""
        tokens = self.url.tokens
        assert tokens is not None
        user = self.url.username or self.outbox.config.identity.address

        async def attempt(token: str) -> None:
            try:
                await smtp.auth_xoauth2(user, token)
            except SMTPAuthenticationError as exc:
                raise TokenRejected(tokens.scrub(f"{exc.code} {exc.message}")[:300]) from None

        await tokens.alogin(f"SMTP {self.url.host}:{self.url.port} (user {user})", attempt)

    async def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            if smtp.is_connected:
                await asyncio.wait_for(smtp.quit(), timeout=5)
        except Exception:  # closing a broken connection: nothing to save
            smtp.close()

    # ------------------------------------------------------------------ one message

    async def send(self, claimed: ClaimedMail) -> SendResult:
        """One message: MAIL, RCPT per recipient, DATA."""
        data_started = False
        try:
            async with asyncio.timeout(self.timeout):
                try:
                    smtp = await self._connection()
                except SMTPAuthenticationError as exc:
                    await self.close()
                    return SendResult(AUTH, exc.code, exc.message)
                except TokenError as exc:  # MAIL_AUTH=oauth2: no token, or a fresh one refused (paused)
                    await self.close()
                    if exc.temporary:
                        return SendResult(RETRY, None, str(exc))
                    return SendResult(AUTH, None, str(exc))
                await smtp.mail(claimed.sender)
                refused: dict[str, tuple[int, str]] = {}
                for recipient in claimed.recipients:
                    try:
                        await smtp.rcpt(recipient)
                    except SMTPRecipientRefused as exc:
                        refused[recipient] = (exc.code, exc.message)
                if len(refused) == len(claimed.recipients):
                    await smtp.rset()
                    code, message = refused.get(claimed.recipient, next(iter(refused.values())))
                    return SendResult(smtp_outcome(code, message), code, message, refused=refused)
                data_started = True
                response = await smtp.data(claimed.raw)
                return SendResult(OK, response.code, response.message, refused=refused)
        except SMTPDataError as exc:
            # The server answered DATA (e.g. 451, 554): not in doubt.
            await self._reset()
            return SendResult(smtp_outcome(exc.code, exc.message), exc.code, exc.message)
        except SMTPResponseException as exc:  # MAIL refused, or an unexpected reply
            await self._reset()
            return SendResult(smtp_outcome(exc.code, exc.message), exc.code, exc.message)
        except (TimeoutError, SMTPException, ConnectionError, OSError) as exc:
            await self.close()
            outcome = DOUBT if data_started else smtp_outcome(None, after_data=False)
            return SendResult(outcome, None, f"{type(exc).__name__}: {exc}"[:500])

    async def _reset(self) -> None:
        smtp = self._smtp
        if smtp is None or not smtp.is_connected:
            return
        try:
            await asyncio.wait_for(smtp.rset(), timeout=10)
        except Exception:
            await self.close()

    # ------------------------------------------------------------------ rounds

    async def send_round(self, limit: int | None = None) -> dict[str, int]:
        """Claim due rows and send them; returns counts per outcome.

        Before each message one transaction marks it as handed to SMTP and stores the plain success
        of the message before it. A crash therefore leaves at most one success unrecorded (in
        doubt, reconciled from its archive copy) and every row not yet marked plainly queued again.
        Every other outcome is stored at once, before the next message goes.
        """
        counts: dict[str, int] = {}
        claimed = await asyncio.to_thread(self.outbox.claim, limit)
        done: list[tuple[ClaimedMail, SendResult]] = []
        # One database connection for the round; every mark and every result is still its own transaction.
        # The lock keeps its users one at a time even when this task is cancelled while a thread uses it.
        connection: Connection | None = None
        in_use = threading.Lock()

        def connect() -> Connection:
            with in_use:
                return self.outbox.connect()

        def begin_send(mail: ClaimedMail, before: list[tuple[ClaimedMail, SendResult]]) -> bool:
            with in_use:
                return self.outbox.begin_send(mail, before, connection)

        def record_sent(sent: list[tuple[ClaimedMail, SendResult]]) -> list[str]:
            with in_use:
                return self.outbox.record_sent_batch(sent, connection)

        def close_connection() -> None:
            with in_use:
                if connection is not None:
                    connection.close()

        def count(statuses: list[str]) -> None:
            for status in statuses:
                counts[status] = counts.get(status, 0) + 1

        try:
            if claimed:
                connection = await asyncio.to_thread(connect)
            for index, mail in enumerate(claimed):
                before = list(done)
                done.clear()
                handed_over = await asyncio.to_thread(begin_send, mail, before)
                count([SENT] * len(before))
                if not handed_over:  # the lease ran out and another process took the row over
                    count([LOST])
                    continue
                result = await self.send(mail)
                if result.outcome == OK and not result.refused:
                    done.append((mail, result))
                    continue
                status = await asyncio.to_thread(self.outbox.record, mail, result)
                counts[status] = counts.get(status, 0) + 1
                if result.outcome == AUTH or (result.outcome == POLICY
                                              and await asyncio.to_thread(self.outbox.paused) is not None):
                    # Sending is paused: put the rest back untouched.
                    for other in claimed[index + 1:]:
                        await asyncio.to_thread(self.outbox.release, other)
                    break
        finally:
            try:
                if done:
                    count(await asyncio.to_thread(record_sent, list(done)))
            finally:
                if connection is not None:
                    await asyncio.to_thread(close_connection)
            if not claimed:
                await self.close()
        return counts

    async def drain(self, *, max_rounds: int = 1000, evidence: Callable[[str], bool] | None = None) -> dict[str, int]:
        """Reconcile in-doubt rows, then send until nothing is due (or the rate limit stops us)."""
        totals: dict[str, int] = {}
        await asyncio.to_thread(self.outbox.reconcile, evidence)
        for _ in range(max_rounds):
            counts = await self.send_round()
            if not counts:
                break
            for status, count in counts.items():
                totals[status] = totals.get(status, 0) + count
        await self.close()
        return totals
