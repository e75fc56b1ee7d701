"""The ``kompetansebot`` command line: the composition root.

This is the one place in bot/ that reaches into handlers/ (lazily, inside the commands that run a
channel); the rest of bot/ never imports a channel.
"""

from __future__ import annotations

import importlib
import logging
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from pydantic import SecretStr
from rich.console import Console

from bot.settings import Settings, SettingsError, load_settings

if TYPE_CHECKING:
    from bot.app import BotApp

app = typer.Typer(
    help="kompetansebot: frister, fordeling, behovsmeldinger og purringer for lokal kompetanseutvikling i Innlandet.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Databasen: migreringer.", no_args_is_help=True)
app.add_typer(db_app, name="db")
err = Console(stderr=True)

COMMAND_MODULES = ("bot.commands.ask", "bot.commands.allocate", "bot.commands.stats", "bot.commands.reports",
                   "bot.commands.campaign", "bot.commands.secretariat",
                   "bot.commands.serve", "bot.commands.worker", "bot.commands.teams")


def configure_logging(settings: Settings | None = None, *, quiet: bool = False) -> None:
    level = logging.WARNING if quiet else getattr(logging, (settings.log_level if settings else "INFO").upper(),
                                                   logging.INFO)
    from bot.logsafe import configure  # control characters escaped: outside text never starts a log line

    configure(level, sys.stderr)


def settings_or_exit() -> Settings:
    try:
        return load_settings()
    except SettingsError as exc:
        err.print(f"Feil i konfigurasjonen: {exc}", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(code=2) from None


@contextmanager
def open_app() -> Iterator[BotApp]:
    """Settings, migrations and wiring for a command; exits with a clear message on bad settings."""
    from bot.app import build_app
    from bot.planfacts import PlanFileError

    settings = settings_or_exit()
    configure_logging(settings, quiet=True)
    try:
        bot_app = build_app(settings)
    except PlanFileError as exc:
        err.print(f"Feil i planfila: {exc}", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(code=2) from None
    try:
        yield bot_app
    finally:
        bot_app.close()


@app.command()
def console(
    user: str = typer.Option("console", "--user", help="Hvem du er (e-post eller Slack-id)"),
    jsonl: bool = typer.Option(False, "--jsonl", help="Maskinmodus: én JSON-linje ut per linje inn"),
    out: Annotated[Path | None, typer.Option("--out", help="Mappe for filer boten lager (standard: denne mappen)")]
    = None,
) -> None:
    """Chat med boten i terminalen."""
    from handlers.console import ConsoleChannel

    with open_app() as bot_app:
        if not jsonl:
            Console().print("[bold]kompetansebot[/bold]: skriv «hjelp» for å se hva jeg kan, «avslutt» for å gå.")
        channel = ConsoleChannel(bot_app.router, user_id=user, stdin=sys.stdin.buffer, stdout=sys.stdout,
                                 jsonl=jsonl, out_dir=out,
                                 has_draft=lambda who: bot_app.has_needs_report_draft("console", who))
        code = channel.run()
    raise typer.Exit(code=code)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Kjør databasemigreringene (skjer også automatisk ved start)."""
    from bot.db import make_engine
    from bot.migrate import current_revision, upgrade

    settings = settings_or_exit()
    engine = make_engine(settings.database_url)
    upgrade(engine)
    Console().print(f"Databasen er oppdatert (versjon {current_revision(engine)}).")
    engine.dispose()


_SECRET_QUERY_KEY = re.compile(r"pass|pwd|secret|token|key|sig|auth|credential|session", re.IGNORECASE)
MASK = "****"


def mask_url(url: str) -> str:
    """``postgresql://kb:hemmelig@db/kb?password=x`` -> ``postgresql://kb:****@db/kb?password=****``.

    Everything up to the last ``@`` of the authority part is credentials (a password may contain ``@``
    or ``/``); only a plain user name before ``:`` is shown. Query values with secret-like names and the
    fragment are masked too. When in doubt, more is hidden, never less.
    """
    scheme, separator, rest = url.partition("://")
    if not separator:
        return url
    if not rest.startswith("/") and "@" in rest:
        userinfo, _, rest = rest.rpartition("@")
        user, colon, _password = userinfo.partition(":")
        shown_user = user if colon and user and not re.search(r"[/?#\s]", user) else ""
        rest = f"{shown_user}:{MASK}@{rest}" if shown_user else f"{MASK}@{rest}"
    rest, hash_sign, fragment = rest.partition("#")
    base, question, query = rest.partition("?")
    if question:
        parts = []
        for pair in query.split("&"):
            key, equals, value = pair.partition("=")
            parts.append(f"{key}={MASK}" if equals and value and _SECRET_QUERY_KEY.search(key) else pair)
        base += "?" + "&".join(parts)
    return f"{scheme}://{base}" + (f"#{MASK}" if hash_sign and fragment else "")


def shown_setting(value: object) -> str:
    """How ``config`` shows a setting: secrets as ****, URL-shaped secrets with only the credentials masked."""
    if value is None:
        return "(ikke satt)"
    if isinstance(value, SecretStr):
        secret = value.get_secret_value()
        return mask_url(secret) if "://" in secret else MASK
    text = str(value)
    return mask_url(text) if "://" in text else text


@app.command("config")
def show_config() -> None:
    """Vis innstillingene (hemmeligheter skjult) og hvilke kanaler som er på."""
    from rich.table import Table
    from rich.text import Text

    from bot.app import log_channel_status

    settings = settings_or_exit()
    configure_logging(settings)
    table = Table(title="Innstillinger")
    table.add_column("Variabel")
    table.add_column("Verdi")
    for name, field in Settings.model_fields.items():
        table.add_row(Text(str(field.validation_alias)), Text(shown_setting(getattr(settings, name))))
    from bot.commands._common import output_console

    output_console().print(table)
    _print_mail_login(settings)
    log_channel_status(settings)


def _print_mail_login(settings: Settings) -> None:
    """How the email channel logs in, and whether a running bot found its token refused (paused)."""
    from rich.text import Text

    from handlers.email.oauth import describe, stored_status

    Console().print(Text(f"E-post logger inn med: {describe(settings)}"))
    if settings.mail_auth != "oauth2":
        return
    try:
        from bot.db import Database

        database = Database.from_url(settings.database_url)
        try:
            status = stored_status(database)
        finally:
            database.dispose()
    except Exception:  # no database yet: nothing has run
        status = None
    if status and status.get("state") == "paused":
        err.print(Text(f"E-postkanalen er satt på pause til {status.get('until')}: {status.get('reason')}"))


for _module in COMMAND_MODULES:
    importlib.import_module(_module).register(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
