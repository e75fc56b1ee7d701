"""The Teams channel's settings, read from ``bot.settings.Settings`` (and ``SSL_CERT_FILE`` for a custom CA)."""

from __future__ import annotations

import os
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.settings import Settings

BOT_FRAMEWORK_SCOPE = "https://api.botframework.com/.default"
PUBLIC_LOGIN_HOSTS = frozenset({"login.microsoftonline.com", "login.microsoftonline.us", "login.chinacloudapi.cn",
                                "login.partner.microsoftonline.cn", "login.microsoft.com", "login.windows.net"})
DEFAULT_TENANT = "botframework.com"
"""The authority tenant of a multi-tenant bot (no TEAMS_TENANT_ID)."""


@dataclass(frozen=True)
class TeamsConfig:
    app_id: str
    app_password: str
    tenant_id: str | None
    openid_metadata_url: str
    login_url: str
    ca_file: str | None = None
    scope: str = BOT_FRAMEWORK_SCOPE

    @classmethod
    def from_settings(cls, settings: Settings, environ: Mapping[str, str] | None = None) -> TeamsConfig | None:
        """None when Teams is not set up (no ``TEAMS_APP_ID``)."""
        if not settings.teams_app_id:
            return None
        if settings.teams_app_password is None or not settings.teams_app_password.get_secret_value().strip():
            raise ValueError("TEAMS_APP_PASSWORD must be set when TEAMS_APP_ID is")
        environ = os.environ if environ is None else environ
        ca_file = environ.get("SSL_CERT_FILE") or environ.get("REQUESTS_CA_BUNDLE") or None
        return cls(app_id=settings.teams_app_id.strip(),
                   app_password=settings.teams_app_password.get_secret_value().strip(),
                   tenant_id=settings.teams_tenant_id, openid_metadata_url=settings.teams_openid_metadata_url,
                   login_url=settings.teams_login_url.rstrip("/"), ca_file=ca_file)

    @property
    def authority(self) -> str:
        return f"{self.login_url}/{self.tenant_id or DEFAULT_TENANT}"

    @property
    def public_authority(self) -> bool:
        """MSAL's instance discovery only works for Microsoft's own login hosts (and needs the internet)."""
        return (urlsplit(self.login_url).hostname or "").lower() in PUBLIC_LOGIN_HOSTS

    def verify(self) -> ssl.SSLContext | bool:
        """What httpx verifies TLS with: the custom CA bundle when one is named, else the default."""
        if self.ca_file:
            return ssl.create_default_context(cafile=self.ca_file)
        return True
