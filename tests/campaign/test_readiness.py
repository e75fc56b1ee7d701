"""A campaign starts only when it can reach people: what is missing is said before any preview, with how
to fix it, in the CLI and in chat; --dry-run shows what would be sent."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from bot.app import build_app
from bot.campaigns.env import CampaignEnv, MailSetup
from bot.campaigns.service import CampaignService
from bot.campaigns.store import CampaignError
from bot.clock import Clock
from bot.db import Database
from bot.messages import IncomingMessage
from bot.models_campaign import Campaign
from bot.settings import load_settings
from tests.campaign.helpers import BOT, LINK, SECRETARIAT, START, contacts_csv, make_contacts, make_env
from tests.campaign.test_chat import campaign_router

runner = CliRunner()


@pytest.fixture
def cli(database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("SECRETARIAT", SECRETARIAT)
    monkeypatch.setenv("KOMPETANSEBOT_NOW", "2026-12-01T09:00")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "kontakter.csv").write_bytes(contacts_csv(make_contacts(2)))
    assert runner.invoke(app_cli(), ["contacts", "import", "kontakter.csv"]).exit_code == 0
    return database_url


def app_cli():  # type: ignore[no-untyped-def]
    from bot.cli import app

    return app


def run(*args: str, input: str | None = None) -> tuple[int, str]:
    result = runner.invoke(app_cli(), list(args), input=input)
    return result.exit_code, result.output + (result.stderr if result.stderr_bytes is not None else "")


def campaigns(database_url: str) -> int:
    database = Database.from_url(database_url)
    try:
        with database.session() as session:
            return len(session.exec(select(Campaign)).all())
    finally:
        database.dispose()


def test_without_bot_email_and_smtp_the_cli_refuses_before_the_preview(cli: str) -> None:
    code, out = run("campaign", "start", "--year", "2026", "--link", LINK, input="j\n")
    assert code == 2 and "kan ikke nå noen ennå" in out
    assert "BOT_EMAIL" in out and "SMTP_URL" in out and "Slik:" in out and "--dry-run" in out
    assert "Starte purringen?" not in out and "notice" not in out  # no preview, no question
    assert campaigns(cli) == 0


def test_with_bot_email_but_no_smtp_it_is_still_refused_and_says_smtp(cli: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_EMAIL", BOT)
    code, out = run("campaign", "start", "--year", "2026", "--link", LINK, "--yes")
    assert code == 2 and "SMTP_URL mangler" in out and "BOT_EMAIL (adressen" not in out
    assert campaigns(cli) == 0


def test_dry_run_shows_the_preview_and_the_problems_and_starts_nothing(cli: str) -> None:
    code, out = run("campaign", "start", "--year", "2026", "--link", LINK, "--dry-run")
    assert code == 0 and "Prøvekjøring" in out and "notice" in out and "SMTP_URL" in out
    assert campaigns(cli) == 0


def test_a_missing_inbox_is_a_warning_not_a_refusal(database: Database) -> None:
    env = make_env(database, Clock(START))
    env.mail_setup = MailSetup(bot_email=True, smtp=True, imap=False)
    service = CampaignService(env)
    problems = service.setup_problems()
    assert [problem.blocking for problem in problems] == [False] and "IMAP_URL" in problems[0].text
    service.import_contacts(contacts_csv(make_contacts(1)), source="k.csv", actor="t", channel="cli")
    assert service.start(kind="arsrapport", year=2026, link=LINK, actor="t", channel="cli").created


def test_the_service_refuses_to_start_without_sending(database: Database) -> None:
    env = make_env(database, Clock(START))
    env.mail_setup = MailSetup(bot_email=True, smtp=False, imap=True)
    service = CampaignService(env)
    service.import_contacts(contacts_csv(make_contacts(1)), source="k.csv", actor="t", channel="cli")
    with pytest.raises(CampaignError, match="SMTP_URL"):
        service.start(kind="arsrapport", year=2026, link=LINK, actor="t", channel="cli")


@pytest.fixture
def chat_without_mail(database_url: str) -> Iterator[tuple[object, CampaignEnv]]:
    settings = load_settings(DATABASE_URL=database_url, SECRETARIAT=SECRETARIAT)
    bot_app = build_app(settings, clock=Clock(START))
    env = CampaignEnv.from_app(bot_app)
    CampaignService(env).import_contacts(contacts_csv(make_contacts(2)), source="k.csv", actor="t", channel="cli")
    try:
        yield campaign_router(bot_app, env), env
    finally:
        bot_app.close()


def test_in_chat_the_problems_come_before_any_preview(chat_without_mail: tuple[object, CampaignEnv]) -> None:
    router, env = chat_without_mail
    reply = router.handle(IncomingMessage(user_id=SECRETARIAT, channel="slack",  # type: ignore[attr-defined]
                                          text=f"start purring årsrapport 2026 lenke {LINK}"))
    assert reply.intent == "campaign_not_ready"
    assert "BOT_EMAIL" in reply.text and "SMTP_URL" in reply.text and "ja" not in reply.text.split()
    with env.database.session() as session:
        assert session.exec(select(Campaign)).first() is None
