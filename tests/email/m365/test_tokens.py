"""The token provider against the local Entra-style service through real MSAL (no mail server needed)."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme

from bot.settings import load_settings
from handlers.email.oauth import TokenError, TokenRejected, describe, provider_from_settings
from tests.email.m365.conftest import CLIENT_ID, CLIENT_SECRET, TENANT
from tests.email.m365.token_service import TokenService

BOT = "bot@kompetansebot.test"


@pytest.fixture
def entra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TokenService]:
    service = TokenService(TENANT, tmp_path).start()
    service.register(CLIENT_ID, {BOT}, secret=CLIENT_SECRET)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(service.ca_file))
    try:
        yield service
    finally:
        service.stop()


def _settings(entra: TokenService, tmp_path: Path, **extra: str) -> object:
    values = {"DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}", "MAIL_AUTH": "oauth2",
              "M365_TENANT_ID": TENANT, "M365_CLIENT_ID": CLIENT_ID, "M365_CLIENT_SECRET": CLIENT_SECRET,
              "M365_AUTHORITY": entra.authority}
    values.update(extra)
    return load_settings(**values)


def test_a_token_is_cached_and_renewed_shortly_before_it_expires(entra: TokenService, tmp_path: Path) -> None:
    entra.lifetime = 3
    provider = provider_from_settings(_settings(entra, tmp_path))
    assert provider is not None
    first = provider.token()
    assert provider.token() == first and entra.issued == 1
    time.sleep(2.5)  # within a fifth of the lifetime of expiry: renewed before the server refuses it
    second = provider.token()
    assert second != first and entra.issued == 2
    assert entra.introspect(second)["active"] is True
    assert provider.status()["tokens_acquired"] == 2


def test_password_mode_has_no_provider(tmp_path: Path) -> None:
    settings = load_settings(DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}")
    assert provider_from_settings(settings) is None
    assert describe(settings).startswith("password")


def test_missing_settings_are_named(tmp_path: Path) -> None:
    # Refused when the settings are read (before any channel starts), naming each missing variable.
    with pytest.raises(ValueError, match="M365_TENANT_ID.*M365_CLIENT_SECRET or M365_CERTIFICATE_PATH"):
        load_settings(DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}", MAIL_AUTH="oauth2", M365_CLIENT_ID=CLIENT_ID)


def test_a_wrong_secret_is_refused_without_showing_it(entra: TokenService, tmp_path: Path,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = "wrong-secret-" + "z" * 20
    provider = provider_from_settings(_settings(entra, tmp_path, M365_CLIENT_SECRET=wrong))
    assert provider is not None
    with pytest.raises(TokenError) as raised:
        provider.token()
    assert "invalid_client" in str(raised.value) and "AADSTS7000215" in str(raised.value)
    assert not raised.value.temporary
    assert wrong not in str(raised.value) and wrong not in caplog.text and CLIENT_SECRET not in caplog.text


def test_an_unreachable_authority_is_a_temporary_error(entra: TokenService, tmp_path: Path) -> None:
    provider = provider_from_settings(_settings(entra, tmp_path))
    assert provider is not None
    entra.stop()
    with pytest.raises(TokenError) as raised:
        provider.token()
    assert raised.value.temporary and CLIENT_SECRET not in str(raised.value)


def test_a_certificate_instead_of_a_secret(entra: TokenService, tmp_path: Path) -> None:
    ca = trustme.CA(key_type=trustme.KeyType.RSA)  # Entra takes RSA keys
    leaf = ca.issue_cert("kompetansebot-app", key_type=trustme.KeyType.RSA)
    certificate = leaf.cert_chain_pems[0].bytes()
    entra.register(CLIENT_ID, {BOT}, certificate_pem=certificate)
    pem = tmp_path / "app.pem"
    pem.write_bytes(leaf.private_key_pem.bytes() + certificate)
    settings = load_settings(DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}", MAIL_AUTH="oauth2",
                             M365_TENANT_ID=TENANT, M365_CLIENT_ID=CLIENT_ID, M365_CERTIFICATE_PATH=str(pem),
                             M365_AUTHORITY=entra.authority)
    provider = provider_from_settings(settings)
    assert provider is not None
    token = provider.token()
    assert entra.introspect(token)["active"] is True and entra.failed_token_requests == 0
    # The signed assertion is checked: another key for the same app is refused.
    other = ca.issue_cert("someone-else", key_type=trustme.KeyType.RSA)
    entra.register(CLIENT_ID, {BOT}, certificate_pem=other.cert_chain_pems[0].bytes())
    with pytest.raises(TokenError, match="invalid_client"):
        provider.renew()


def test_rejected_twice_pauses_once_and_refuses_at_once_afterwards(entra: TokenService, tmp_path: Path,
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    provider = provider_from_settings(_settings(entra, tmp_path), pause_seconds=60)
    assert provider is not None
    tried: list[str] = []

    def login(token: str) -> None:
        tried.append(token)
        raise TokenRejected("NO [AUTHENTICATIONFAILED] Authentication failed.")

    with pytest.raises(TokenError, match="IMAP.AccessAsApp"):
        provider.login("IMAP test", login)
    assert len(tried) == 2 and tried[0] != tried[1] and entra.issued == 2
    with pytest.raises(TokenError):
        provider.login("IMAP test", login)
    assert len(tried) == 2 and entra.issued == 2  # paused: neither Entra nor the mailbox asked again
    assert [r.getMessage() for r in caplog.records if "email channel paused" in r.getMessage()].__len__() == 1
    assert provider.paused and provider.status()["state"] == "paused"
    for token in tried:
        assert token not in caplog.text


def test_the_documented_urls_carry_the_mailbox_and_no_password(entra: TokenService, tmp_path: Path) -> None:
    from handlers.email.urls import ImapUrl, SmtpUrl

    imap = ImapUrl.parse("imaps://kompetanse%40statsforvalteren.no@outlook.office365.com:993/INBOX")
    smtp = SmtpUrl.parse("smtp+starttls://kompetanse%40statsforvalteren.no@smtp.office365.com:587")
    assert (imap.username, imap.password, imap.host, imap.port, imap.tls, imap.folder) == (
        "kompetanse@statsforvalteren.no", "", "outlook.office365.com", 993, True, "INBOX")
    assert (smtp.username, smtp.password, smtp.port, smtp.start_tls, smtp.use_tls) == (
        "kompetanse@statsforvalteren.no", None, 587, True, False)
    provider = provider_from_settings(_settings(entra, tmp_path))
    assert provider is not None
    token = provider.token()
    shown = repr(imap.with_tokens(provider)) + repr(smtp.with_tokens(provider)) + repr(provider)
    assert "oauth2" in shown and token not in shown and CLIENT_SECRET not in shown
    assert imap.with_tokens(provider) == imap  # the provider is not part of the address
