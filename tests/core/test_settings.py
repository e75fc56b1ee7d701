from __future__ import annotations

import pytest

from bot.settings import DEFAULT_DATABASE_URL, SettingsError, load_settings


def test_defaults_are_the_embedded_console_setup() -> None:
    settings = load_settings()
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert not settings.slack_enabled
    assert not settings.email_enabled
    assert settings.port == 3000


def test_secretariat_ids_are_split_and_lowercased(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRETARIAT", " Sekretariat@SF.no, U123ABC ,, ")
    assert load_settings().secretariat_ids == frozenset({"sekretariat@sf.no", "u123abc"})


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DATABASE_URL", "mysql://root@localhost/x"),
        ("IMAP_URL", "http://bot:hemmelig-passord@mail.example.no/INBOX"),
        ("SMTP_URL", "smtp://bot:hemmelig-passord@mail.example.no:notaport"),
        ("KOMPETANSEBOT_NOW", "i morgen"),
        ("PORT", "seventy"),
        ("BOT_EMAIL", "not an address"),
        ("SLACK_API_URL", "ftp://slack.local"),
        ("PLAN_FILE", "/no/such/plan.toml"),
    ],
)
def test_malformed_values_name_the_variable_without_the_secret(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError) as raised:
        load_settings()
    message = str(raised.value)
    assert variable in message
    assert "hemmelig-passord" not in message


def test_secrets_do_not_show_in_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-very-secret")
    monkeypatch.setenv("SMTP_URL", "smtp://bot:pw-secret@127.0.0.1:2525")
    settings = load_settings()
    assert settings.slack_enabled and settings.email_enabled
    assert "xoxb-very-secret" not in repr(settings)
    assert "pw-secret" not in repr(settings)


def test_oauth2_mail_needs_its_microsoft_365_settings_named() -> None:
    import pytest

    from bot.settings import SettingsError, load_settings

    with pytest.raises(SettingsError) as refused:
        load_settings(MAIL_AUTH="oauth2", M365_CLIENT_SECRET="hemmelig-verdi")
    assert "MAIL_AUTH=oauth2 needs M365_TENANT_ID, M365_CLIENT_ID" in str(refused.value)
    assert "hemmelig-verdi" not in str(refused.value) and "?" not in str(refused.value)
    complete = load_settings(MAIL_AUTH="OAuth2", M365_TENANT_ID="t", M365_CLIENT_ID="c", M365_CLIENT_SECRET="s")
    assert complete.mail_auth == "oauth2"
    with pytest.raises(SettingsError, match="MAIL_AUTH: must be password or oauth2"):
        load_settings(MAIL_AUTH="basic")
