"""`kompetansebot stats import` and `kompetansebot budget set|show`: what the allocation in chat uses."""

from __future__ import annotations

import getpass
from importlib.resources import files
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from bot.commands._common import err_console
from calc.errors import AllocationError

EXAMPLE_STATS = "eksempelstatistikk-ikke-ekte-tall.csv"  # shipped in bot/data/examples for `make run`


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def register(app: typer.Typer) -> None:
    stats_app = typer.Typer(help="Statistikk per kompetansenettverk (grunnlaget for fordelingen).",
                            no_args_is_help=True)
    budget_app = typer.Typer(help="Årets budsjett per ordning.", no_args_is_help=True)

    @stats_app.command("import")
    def stats_import(
        file: Annotated[Path | None, typer.Argument(help="CSV eller XLSX med én rad per nettverk")] = None,
        year: Annotated[int | None, typer.Option("--year", help="Budsjettåret (standard: i år)")] = None,
        example: Annotated[bool, typer.Option("--example", help="Bruk de medfølgende eksempeltallene "
                                                                "(ikke ekte statistikk)")] = False,
        if_empty: Annotated[bool, typer.Option("--if-empty", help="Bare hvis ingen statistikk er lagret "
                                                                  "fra før")] = False,
    ) -> None:
        """Les inn statistikken for et år (erstatter årets tidligere import; ingenting lagres ved feil)."""
        from bot.cli import open_app

        if (file is None) == (not example):
            err_console.print("Feil: oppgi en fil, eller --example for eksempeltallene.", markup=False)
            raise typer.Exit(code=2)
        with open_app() as bot_app:
            target_year = year or bot_app.clock.today().year
            if if_empty:
                with bot_app.database.session() as session:
                    stored = bot_app.allocation.stats_years(session)
                if stored:
                    Console().print(f"Statistikk er lagret fra før ({', '.join(map(str, stored))}); "
                                    "importerte ingenting.", markup=False)
                    return
            try:
                if file is None:
                    name, data = EXAMPLE_STATS, files("bot").joinpath("data", "examples", EXAMPLE_STATS).read_bytes()
                else:
                    name, data = file.name, file.read_bytes()
            except OSError as exc:
                err_console.print(f"Feil: kan ikke lese {file}: {exc.strerror}.", markup=False)
                raise typer.Exit(code=2) from None
            try:
                with bot_app.database.session() as session:
                    table = bot_app.allocation.import_stats(session, data, year=target_year, filename=name,
                                                            actor=_actor())
                    bot_app.router.audit.record(session, actor=_actor(), channel="cli", action="stats_import",
                                                detail={"year": target_year, "file": name,
                                                        "networks": list(table.networks)})
            except AllocationError as exc:
                err_console.print(f"Feil: {exc}", markup=False, soft_wrap=True)
                raise typer.Exit(code=2) from None
            Console().print(f"Importerte {'eksempeltall (ikke ekte statistikk) ' if file is None else 'statistikk '}"
                            f"for {len(table.networks)} nettverk for {target_year}: {', '.join(table.networks)}.",
                            markup=False)

    @budget_app.command("set")
    def budget_set(
        budget: Annotated[list[str], typer.Argument(help="ORDNING=BELØP, f.eks. desentralisert='31,45 mill'")],
        year: Annotated[int | None, typer.Option("--year", help="Budsjettåret (standard: i år)")] = None,
    ) -> None:
        """Registrer statsbudsjettet for én eller flere ordninger."""
        from bot.allocation_service import scheme_lookup
        from bot.cli import open_app
        from bot.commands.allocate_impl import parse_budget_options

        with open_app() as bot_app:
            target_year = year or bot_app.clock.today().year
            parameters = bot_app.allocation.parameters(target_year)
            try:
                budgets = parse_budget_options(budget, scheme_lookup(bot_app.plan, parameters.schemes))
            except AllocationError as exc:
                err_console.print(f"Feil: {exc}", markup=False, soft_wrap=True)
                raise typer.Exit(code=2) from None
            with bot_app.database.session() as session:
                for scheme, amount in budgets.items():
                    bot_app.allocation.set_budget(session, year=target_year, scheme=scheme, amount=amount,
                                                  actor=_actor())
                bot_app.router.audit.record(session, actor=_actor(), channel="cli", action="budget_set",
                                            detail={"year": target_year, "budgets": budgets})
            Console().print(f"Budsjett for {target_year} registrert: "
                            + ", ".join(f"{scheme} {amount:,} kr".replace(",", " ") for scheme, amount in
                                        budgets.items()), markup=False)

    @budget_app.command("show")
    def budget_show(year: Annotated[int | None, typer.Option("--year")] = None) -> None:
        """Vis registrerte budsjetter."""
        from bot.cli import open_app

        with open_app() as bot_app:
            target_year = year or bot_app.clock.today().year
            with bot_app.database.session() as session:
                budgets = bot_app.allocation.stored_budgets(session, target_year)
            table = Table(title=f"Budsjett {target_year}")
            table.add_column("Ordning")
            table.add_column("Beløp", justify="right")
            for scheme, amount in sorted(budgets.items()):
                table.add_row(scheme, f"{amount:,} kr".replace(",", " "))
            Console().print(table)

    app.add_typer(stats_app, name="stats")
    app.add_typer(budget_app, name="budget")
