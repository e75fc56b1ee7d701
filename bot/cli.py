"""The ``kompetansebot`` command line: the composition root.

This is the one place in bot/ that reaches into handlers/ (lazily, inside the commands that run a
channel); the rest of bot/ never imports a channel.
"""

from __future__ import annotations

import importlib
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
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
                   "bot.commands.serve", "bot.commands.worker")


def configure_logging(settings: Settings | None = None, *, quiet: bool = False) -> None:
    level = logging.WARNING if quiet else getattr(logging, (settings.log_level if settings else "INFO").upper(),
                                                   logging.INFO)
    logging.basicConfig(level=level, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")


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
                                 jsonl=jsonl, out_dir=out)
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


@app.command("config")
def show_config() -> None:
    """Vis innstillingene (hemmeligheter skjult) og hvilke kanaler som er på."""
    from rich.table import Table

    from bot.app import log_channel_status

    settings = settings_or_exit()
    configure_logging(settings)
    table = Table(title="Innstillinger")
    table.add_column("Variabel")
    table.add_column("Verdi")
    for name, field in Settings.model_fields.items():
        value = getattr(settings, name)
        shown = "(ikke satt)" if value is None else ("****" if "Secret" in type(value).__name__ else str(value))
        table.add_row(str(field.validation_alias), shown)
    Console().print(table)
    log_channel_status(settings)


for _module in COMMAND_MODULES:
    importlib.import_module(_module).register(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
