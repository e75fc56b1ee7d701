"""pytest fixtures for the real mail servers. Load from tests/conftest.py with
`pytest_plugins = ["tests.servers.conftest_fixtures"]` (or `from tests.servers.conftest_fixtures import *`).

- `dovecot` (session): one running `DovecotServer` with `DEFAULT_USERS` (bot, alice, bob, sekretariat).
  State carries over between tests; ask for `mailbox` to get it emptied first.
- `mailbox` (function): the same server after `reset()`: every user's mail and folders gone,
  sessions kicked; INBOX, Sent, Processed, Quarantine come back on the next login, UIDs from 1.
- `smtp_server` (function): a fresh, running `SmtpServer` (aiosmtpd on 127.0.0.1, port 0).
- `smtp_to_imap` (function): `smtp_server` delivering accepted mail into `mailbox`
  (recipient local part -> Dovecot user).

Without Dovecot installed the Dovecot fixtures skip, with the reason; when CI=true they fail
instead (CI must never skip a real-server test).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.servers.dovecot import DovecotServer, dovecot_missing
from tests.servers.smtp import SmtpServer

__all__ = ["dovecot", "mailbox", "require_dovecot", "skip_or_fail", "smtp_server", "smtp_to_imap"]


def require_dovecot() -> None:
    """Skip the calling test when Dovecot cannot run here; fail instead when CI=true."""
    skip_or_fail(dovecot_missing())


def skip_or_fail(missing: str | None) -> None:
    """Nothing when `missing` is None; else pytest.skip, or pytest.fail when CI=true (no skipping in CI)."""
    if missing is None:
        return
    message = f"Dovecot IMAP server not available: {missing}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message} (CI=true: real-server tests may not be skipped)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def dovecot() -> Iterator[DovecotServer]:
    require_dovecot()
    server = DovecotServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def mailbox(dovecot: DovecotServer) -> DovecotServer:
    dovecot.reset()
    return dovecot


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def smtp_to_imap(smtp_server: SmtpServer, mailbox: DovecotServer) -> SmtpServer:
    smtp_server.forward_to(mailbox)
    return smtp_server
