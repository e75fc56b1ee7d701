"""Dovecot with its ``oauth2`` passdb (reference/email.md section 9): XOAUTH2/OAUTHBEARER logins are
checked against the token service's introspection endpoint; the passwd-file users stay for the
test helpers (PLAIN/LOGIN), the bot's code has no password and must use a token.

Logins may name the mailbox by address (``bot@kompetansebot.test``): ``auth_username_format = %Ln``
maps it to the Dovecot user ``bot``, and the introspection answer's ``email`` is mapped the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tests.servers.dovecot import DovecotServer

_OAUTH2_CONF = """introspection_mode = post
introspection_url = {url}
username_attribute = email
username_format = %Ln
active_attribute = active
active_value = true
"""

_PASSDBS = """passdb {{
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = {conf}
}}
passdb {{
  driver = passwd-file
  mechanisms = plain login
"""


class OAuthDovecotServer(DovecotServer):
    def __init__(self, introspection_url: str, users: Mapping[str, str] | None = None, **options: Any) -> None:
        super().__init__(users, **options)
        self.introspection_url = introspection_url

    @property
    def oauth2_conf(self) -> Path:
        return self.workdir / "oauth2.conf"

    def _write_config(self, port: int) -> None:
        super()._write_config(port)
        self.oauth2_conf.write_text(_OAUTH2_CONF.format(url=self.introspection_url))
        self.oauth2_conf.chmod(0o644)
        text = self.conf_path.read_text()
        replaced = text.replace("auth_mechanisms = plain login\n",
                                "auth_mechanisms = plain login xoauth2 oauthbearer\nauth_username_format = %Ln\n", 1)
        replaced = replaced.replace("passdb {\n  driver = passwd-file\n", _PASSDBS.format(conf=self.oauth2_conf), 1)
        if replaced.count("driver = oauth2") != 1 or "xoauth2 oauthbearer\nauth_username_format" not in replaced:
            raise RuntimeError("tests/servers/dovecot.py's config changed: update tests/email/m365/dovecot_oauth.py")
        self.conf_path.write_text(replaced)

    def oauth_url_for(self, mailbox: str, folder: str = "INBOX") -> str:
        """IMAP_URL for MAIL_AUTH=oauth2: the mailbox's address, no password."""
        return f"imap://{mailbox.replace('@', '%40')}@{self.host}:{self.port}/{folder}"
