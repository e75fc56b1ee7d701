"""Fixtures shared by the campaign tests."""

from __future__ import annotations

import pytest

from tests.campaign.mailsim import route_for
from tests.servers import DovecotServer, SmtpServer


@pytest.fixture
def sink(smtp_to_imap: SmtpServer, mailbox: DovecotServer) -> SmtpServer:
    """The SMTP sink, delivering what it receives into the Dovecot mailboxes (the bot's own copy too)."""
    smtp_to_imap.forward_to(mailbox, route_for(mailbox))
    return smtp_to_imap
