"""Tunables of the email channel, with defaults; passed in, never read from globals.

None of these is an environment setting yet (adding settings is the lead engineer's call, see
the report); ``EmailConfig.from_settings`` reads optional attributes if ``Settings`` grows them
(``email_rate_per_minute``, ``email_poll_seconds``, ``email_answers_per_day``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time
from typing import Any

from bot.mail.identity import BotIdentity


@dataclass(frozen=True)
class EmailConfig:
    identity: BotIdentity
    inbox_folder: str = "INBOX"
    processed_folder: str = "Processed"
    quarantine_folder: str = "Quarantine"
    sent_folder: str = "Sent"
    poll_seconds: float = 60.0
    """Polling interval when the server has no IDLE (and the longest IDLE before a catch-up scan)."""
    idle_seconds: float = 25 * 60
    fetch_batch: int = 50
    max_intake_attempts: int = 3
    """An inbound message whose processing failed this many times goes to the Quarantine folder."""
    intake_lease_seconds: float = 600.0
    max_message_bytes: int = 25 * 1024 * 1024
    answers_per_day: int = 5
    """Loop guard: automatic answers per correspondent per Europe/Oslo day."""
    rate_per_minute: int | None = 30
    """Outbox sending rate (None: no limit). Exchange Online allows 30 messages a minute."""
    recipients_per_day: int | None = None
    """Envelope recipients per 24 hours (None: no limit). Exchange Online allows 10 000 per mailbox."""
    exchange_online: bool = False
    """MAIL_AUTH=oauth2 (Microsoft 365): Exchange's limits are the defaults and its refusals are explained."""
    send_batch: int = 50
    send_timeout_seconds: float = 60.0
    send_lease_seconds: float = 300.0
    """A row left in ``sending`` longer than this (its sender died) is reconciled, not resent."""
    max_send_attempts: int = 8
    backoff_minutes: tuple[float, ...] = (1, 5, 15, 60)
    in_doubt_grace_seconds: float = 600.0
    """How long an in-doubt message waits for evidence (echo, Sent copy) before its one resend."""
    policy_failures_to_pause: int = 3
    pause_minutes: float = 60.0
    archive_copy: bool = True
    """Each mail also goes (as Bcc) to the bot's own address: the copy arriving back in INBOX is
    the evidence that settles in-doubt sends, and a running canary."""
    canary_minutes: float | None = 60.0
    """A mail to itself this often (None: off); see bot.mail.canary."""
    canary_max_delay_minutes: float = 30.0
    office_start: time = time(8, 0)
    office_end: time = time(16, 0)
    workdays: tuple[int, ...] = (0, 1, 2, 3, 4)
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: Any, **overrides: Any) -> EmailConfig:
        address = getattr(settings, "bot_email", None)
        if not address:
            raise ValueError("BOT_EMAIL must be set to run the email channel")
        values: dict[str, Any] = {"identity": BotIdentity(address)}
        if getattr(settings, "mail_auth", "password") == "oauth2":
            # Exchange Online's sending limits per mailbox: 30 messages a minute, 10 000 recipients a day.
            values.update(rate_per_minute=30, recipients_per_day=10_000, exchange_online=True)
        for name, attribute in (("rate_per_minute", "email_rate_per_minute"),
                                ("poll_seconds", "email_poll_seconds"),
                                ("answers_per_day", "email_answers_per_day")):
            value = getattr(settings, attribute, None)
            if value is not None:
                values[name] = value
        trusted = getattr(settings, "trusted_authserv_id", None)
        if trusted:  # only the organisation's own gateway's Authentication-Results count (DMARC verification)
            values["extra"] = {"trusted_authserv_id": str(trusted)}
        values.update(overrides)
        return cls(**values)
