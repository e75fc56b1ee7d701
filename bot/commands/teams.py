"""``kompetansebot teams manifest --out kompetansebot-teams.zip``: the Teams app package (docs/teams.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bot.commands._common import err_console


def register(app: typer.Typer) -> None:
    teams = typer.Typer(help="Microsoft Teams: app-pakken.", no_args_is_help=True)

    @teams.command("manifest")
    def manifest(
        out: Annotated[Path, typer.Option("--out", help="Zip-fila som lages.")] = Path("kompetansebot-teams.zip"),
        app_id: Annotated[str | None, typer.Option("--app-id", help="Botens app-id (standard: TEAMS_APP_ID).")] = None,
        version: Annotated[str, typer.Option("--version", help="Appens versjon (øk den ved hver opplasting).")] = "1.0.0",
        domain: Annotated[list[str] | None, typer.Option("--domain", help="Domenet boten svarer på.")] = None,
    ) -> None:
        """Lag app-pakken (manifest.json og ikoner) som lastes opp i Teams administrasjonssenter."""
        from bot.cli import settings_or_exit
        from handlers.teams.manifest import ManifestOptions, package

        found = app_id or settings_or_exit().teams_app_id
        if not found:
            err_console.print("[red]Mangler app-id.[/red] Sett TEAMS_APP_ID eller bruk --app-id (se docs/teams.md).")
            raise typer.Exit(code=2)
        out.write_bytes(package(ManifestOptions(app_id=found.strip(), version=version, valid_domains=tuple(domain or ()))))
        typer.echo(f"Skrev {out} (app-id {found.strip()}). Last den opp i Teams administrasjonssenter → "
                   "Teams-apper → Administrer apper → Last opp.")

    app.add_typer(teams, name="teams")
