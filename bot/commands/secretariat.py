"""`kompetansebot secretariat add|remove|list`: who holds the secretariat role (besides SECRETARIAT)."""

from __future__ import annotations

import getpass
import json
from typing import Annotated

import typer
from rich.table import Table

from bot.commands._common import err_console, output_console


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def register(app: typer.Typer) -> None:
    secretariat = typer.Typer(help="Sekretariatet: hvem som kan starte purringer, eksportere og importere.",
                              no_args_is_help=True)

    @secretariat.command("add")
    def add(
        identifier: Annotated[str, typer.Argument(help="E-postadresse eller Slack-bruker-id (U…)")],
        name: Annotated[str, typer.Option("--name", help="Navnet, for oversikten")] = "",
    ) -> None:
        """Gi en person sekretariatsrollen (føres i revisjonsloggen)."""
        from bot.access import SecretariatRoleError, SecretariatRoles
        from bot.cli import open_app

        with open_app() as bot_app, bot_app.database.session() as session:
            try:
                added = SecretariatRoles(bot_app.clock).add(session, identifier, actor=_actor(),
                                                                       channel="cli", name=name)
            except SecretariatRoleError as exc:
                err_console.print(f"Feil: {exc}", markup=False)
                raise typer.Exit(code=2) from None
        output_console().print(f"{identifier} er {'nå' if added else 'allerede'} med i sekretariatet.",
                               markup=False)

    @secretariat.command("remove")
    def remove(identifier: Annotated[str, typer.Argument(help="E-postadresse eller Slack-bruker-id")]) -> None:
        """Ta sekretariatsrollen fra en person (føres i revisjonsloggen)."""
        from bot.access import SecretariatRoleError, SecretariatRoles
        from bot.cli import open_app

        with open_app() as bot_app, bot_app.database.session() as session:
            try:
                removed = SecretariatRoles(bot_app.clock).remove(session, identifier, actor=_actor(),
                                                                           channel="cli")
            except SecretariatRoleError as exc:
                err_console.print(f"Feil: {exc}", markup=False)
                raise typer.Exit(code=2) from None
            in_setting = identifier.strip().lower() in bot_app.settings.secretariat_ids
        if not removed:
            err_console.print(f"{identifier} har ikke sekretariatsrollen i databasen.", markup=False)
        else:
            output_console().print(f"{identifier} er tatt ut av sekretariatet.", markup=False)
        if in_setting:
            err_console.print(f"Obs: {identifier} står også i SECRETARIAT og har rollen så lenge den står der.",
                              markup=False)
        if not removed:
            raise typer.Exit(code=1)

    @secretariat.command("list")
    def list_members(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
        """Vis hvem som er med i sekretariatet (databasen og SECRETARIAT)."""
        from bot.access import SecretariatRoles
        from bot.cli import open_app

        with open_app() as bot_app, bot_app.database.session() as session:
            members = [(person.name, person.email or "", person.slack_id or "", "databasen")
                       for person in SecretariatRoles.members(session)]
            from_setting = [("", key if "@" in key else "", "" if "@" in key else key, "SECRETARIAT")
                            for key in sorted(bot_app.settings.secretariat_ids)]
        rows = members + from_setting
        if as_json:
            typer.echo(json.dumps([{"name": name, "email": email, "slack_id": slack, "source": source}
                                   for name, email, slack, source in rows], ensure_ascii=False, indent=2))
            return
        table = Table(title=f"Sekretariatet ({len(rows)})")
        for heading in ("Navn", "E-post", "Slack", "Kilde"):
            table.add_column(heading)
        for row in rows:
            table.add_row(*row)
        output_console().print(table)

    app.add_typer(secretariat, name="secretariat")
