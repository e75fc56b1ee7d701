"""Real mail servers for the test suite: a Dovecot 2.3 IMAP server and an aiosmtpd SMTP sink.

`tests.servers.dovecot.DovecotServer` runs `dovecot -F` on a free 127.0.0.1 port in a temp dir;
`tests.servers.smtp.SmtpServer` runs an aiosmtpd controller on port 0 with a recording, scriptable
handler. `tests.servers.conftest_fixtures` turns both into pytest fixtures.
"""

from tests.servers.dovecot import DEFAULT_USERS, DovecotError, DovecotServer, StoredMessage, dovecot_missing
from tests.servers.smtp import DROP, ReceivedMessage, SmtpServer

__all__ = [
    "DEFAULT_USERS",
    "DROP",
    "DovecotError",
    "DovecotServer",
    "ReceivedMessage",
    "SmtpServer",
    "StoredMessage",
    "dovecot_missing",
]
