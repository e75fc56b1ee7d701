"""Typed settings, read once from the environment and an optional ``.env`` file.

The names are the public contract in ARCHITECTURE.md. Secrets are ``SecretStr`` so that they
never appear in a log line or an error message.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.clock import parse_instant

DEFAULT_DATABASE_URL = "sqlite:///data/kompetansebot.sqlite3"


class SettingsError(ValueError):
    """A setting is malformed; the message names the variable and never its secret value."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore",
                                      case_sensitive=False)

    database_url: str = Field(default=DEFAULT_DATABASE_URL, validation_alias="DATABASE_URL")
    slack_bot_token: SecretStr | None = Field(default=None, validation_alias="SLACK_BOT_TOKEN")
    slack_app_token: SecretStr | None = Field(default=None, validation_alias="SLACK_APP_TOKEN")
    slack_signing_secret: SecretStr | None = Field(default=None, validation_alias="SLACK_SIGNING_SECRET")
    slack_api_url: str | None = Field(default=None, validation_alias="SLACK_API_URL")
    imap_url: SecretStr | None = Field(default=None, validation_alias="IMAP_URL")
    smtp_url: SecretStr | None = Field(default=None, validation_alias="SMTP_URL")
    bot_email: str | None = Field(default=None, validation_alias="BOT_EMAIL")
    secretariat: str = Field(default="", validation_alias="SECRETARIAT")
    plan_file: Path | None = Field(default=None, validation_alias="PLAN_FILE")
    tz: str = Field(default="Europe/Oslo", validation_alias="TZ")
    kompetansebot_now: str | None = Field(default=None, validation_alias="KOMPETANSEBOT_NOW")
    port: int = Field(default=3000, ge=1, le=65535, validation_alias="PORT")
    log_level: str = Field(default="INFO", validation_alias="LOG_LEVEL")
    trusted_authserv_id: str | None = Field(default=None, validation_alias="TRUSTED_AUTHSERV_ID")
    """The authserv-id of the organisation's own mail gateway: only its Authentication-Results count."""
    mail_auth: str = Field(default="password", validation_alias="MAIL_AUTH")
    """``password`` (user:pass in IMAP_URL/SMTP_URL) or ``oauth2`` (Microsoft 365, XOAUTH2)."""
    m365_tenant_id: str | None = Field(default=None, validation_alias="M365_TENANT_ID")
    m365_client_id: str | None = Field(default=None, validation_alias="M365_CLIENT_ID")
    m365_client_secret: SecretStr | None = Field(default=None, validation_alias="M365_CLIENT_SECRET")
    m365_certificate_path: Path | None = Field(default=None, validation_alias="M365_CERTIFICATE_PATH")
    m365_certificate_thumbprint: str | None = Field(default=None, validation_alias="M365_CERTIFICATE_THUMBPRINT")
    m365_authority: str = Field(default="https://login.microsoftonline.com", validation_alias="M365_AUTHORITY")
    teams_app_id: str | None = Field(default=None, validation_alias="TEAMS_APP_ID")
    teams_app_password: SecretStr | None = Field(default=None, validation_alias="TEAMS_APP_PASSWORD")
    teams_tenant_id: str | None = Field(default=None, validation_alias="TEAMS_TENANT_ID")
    teams_openid_metadata_url: str = Field(
        default="https://login.botframework.com/v1/.well-known/openidconfiguration",
        validation_alias="TEAMS_OPENID_METADATA_URL")
    teams_login_url: str = Field(default="https://login.microsoftonline.com", validation_alias="TEAMS_LOGIN_URL")

    @field_validator("slack_bot_token", "slack_app_token", "slack_signing_secret", "m365_client_secret",
                     "teams_app_password", "trusted_authserv_id", "m365_tenant_id", "m365_client_id",
                     "m365_certificate_thumbprint", "teams_app_id", "teams_tenant_id", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str) -> str:
        scheme = value.split(":", 1)[0]
        if not value or "://" not in value:
            raise ValueError("must be a URL such as sqlite:///data/kompetansebot.sqlite3")
        if scheme not in {"sqlite", "postgresql", "postgresql+psycopg"}:
            raise ValueError(f"unsupported scheme {scheme!r}; use sqlite:/// or postgresql+psycopg://")
        return value

    @field_validator("slack_api_url")
    @classmethod
    def _check_http_url(cls, value: str | None) -> str | None:
        if value and urlsplit(value).scheme not in {"http", "https"}:
            raise ValueError("must start with http:// or https://")
        return value or None

    @field_validator("imap_url")
    @classmethod
    def _check_imap_url(cls, value: SecretStr | None) -> SecretStr | None:
        return _check_secret_url(value, {"imap", "imaps"}, "imap://user:pass@host:port/INBOX")

    @field_validator("smtp_url")
    @classmethod
    def _check_smtp_url(cls, value: SecretStr | None) -> SecretStr | None:
        return _check_secret_url(value, {"smtp", "smtps", "smtp+starttls"}, "smtp://user:pass@host:port")

    @field_validator("bot_email")
    @classmethod
    def _check_email(cls, value: str | None) -> str | None:
        if value and ("@" not in value or " " in value.strip()):
            raise ValueError("must be an email address such as kompetansebot@example.no")
        return value.strip() if value else None

    @field_validator("kompetansebot_now")
    @classmethod
    def _check_now(cls, value: str | None) -> str | None:
        if value:
            try:
                parse_instant(value)
            except ValueError as exc:
                raise ValueError("must be an ISO date or datetime, e.g. 2026-12-01T09:00") from exc
        return value or None

    @field_validator("plan_file")
    @classmethod
    def _check_plan_file(cls, value: Path | None) -> Path | None:
        if value is not None and not value.is_file():
            raise ValueError(f"no such file: {value}")
        return value

    @field_validator("mail_auth")
    @classmethod
    def _check_mail_auth(cls, value: str) -> str:
        value = (value or "password").strip().lower()
        if value not in {"password", "oauth2"}:
            raise ValueError("must be password or oauth2")
        return value

    @field_validator("trusted_authserv_id")
    @classmethod
    def _check_authserv_id(cls, value: str | None) -> str | None:
        return value.strip().lower() if value else None

    @field_validator("tz")
    @classmethod
    def _check_tz(cls, value: str) -> str:
        # The bot always works in Europe/Oslo; TZ is accepted (it is set on most hosts) but ignored.
        return value

    @model_validator(mode="after")
    def _check_oauth2_complete(self) -> Settings:
        if self.mail_auth == "oauth2":
            missing = [name for name, value in (("M365_TENANT_ID", self.m365_tenant_id),
                                                ("M365_CLIENT_ID", self.m365_client_id)) if not value]
            if self.m365_client_secret is None and self.m365_certificate_path is None:
                missing.append("M365_CLIENT_SECRET or M365_CERTIFICATE_PATH")
            if missing:
                raise ValueError("MAIL_AUTH=oauth2 needs " + ", ".join(missing))
        return self

    @property
    def secretariat_ids(self) -> frozenset[str]:
        return frozenset(part.strip().lower() for part in self.secretariat.split(",") if part.strip())

    @property
    def slack_enabled(self) -> bool:
        return self.slack_bot_token is not None

    @property
    def email_enabled(self) -> bool:
        return self.imap_url is not None or self.smtp_url is not None


def _check_secret_url(value: SecretStr | None, schemes: set[str], example: str) -> SecretStr | None:
    if value is None or not value.get_secret_value():
        return None
    parts = urlsplit(value.get_secret_value())
    if parts.scheme not in schemes or not parts.hostname:
        raise ValueError(f"must look like {example} (scheme one of {', '.join(sorted(schemes))})")
    try:
        _ = parts.port
    except ValueError as exc:
        raise ValueError("has a port that is not a number") from exc
    return value


_ENV_NAMES = {name: field.validation_alias for name, field in Settings.model_fields.items()}


def load_settings(**overrides: Any) -> Settings:
    """Read the settings; raise ``SettingsError`` naming each bad variable, never its value."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_input=False, include_url=False):
            message = str(error["msg"]).removeprefix("Value error, ")
            if not error["loc"]:  # a rule over several variables names them itself
                problems.append(message)
                continue
            location = str(error["loc"][0])
            variable = str(_ENV_NAMES.get(location, location)).upper()
            problems.append(f"{variable}: {message}")
        raise SettingsError("Invalid configuration: " + "; ".join(problems)) from None
