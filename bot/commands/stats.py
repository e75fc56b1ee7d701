"""`kompetansebot stats import|networks` and `kompetansebot budget set|show`: what the allocation in chat uses.

A statistics file may name networks the register does not know, or lack some of its networks: both
are named before anything is stored, and the import goes ahead only when the secretariat confirms
(a question, or ``--yes``); the confirmed new networks and ``--alias`` spellings join the register
for that year.
"""

from __future__ import annotations

import getpass
from importlib.resources import files
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from bot.commands._common import ask_yes_no, err_console, output_console
from calc.errors import AllocationError
from calc.stats import EXAMPLE_SOURCE
from calc.stats import LIMITS as STATS_LIMITS
from calc.tablefile import TableFileError, check_size

EXAMPLE_STATS = EXAMPLE_SOURCE  # shipped in bot/data/examples for `make run`


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def parse_aliases(options: list[str]) -> dict[str, str]:
    """``["VGO Nord=Innlandet fylkeskommune"]`` -> ``{"VGO Nord": "Innlandet fylkeskommune"}``."""
    aliases: dict[str, str] = {}
    for option in options:
        written, separator, network = option.partition("=")
        if not separator or not written.strip() or not network.strip():
            raise AllocationError(f"--alias «{option}»: skriv NAVN I FILA=NETTVERK, for eksempel "
                                  "--alias \"VGO Nord=Innlandet fylkeskommune\".")
        aliases[" ".join(written.split())] = " ".join(network.split())
    return aliases


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
        yes: Annotated[bool, typer.Option("--yes", "-y", help="Bekreft uten å spørre, også når fila har nye "
                                                              "nettverk eller mangler noen")] = False,
        alias: Annotated[list[str] | None, typer.Option(
            "--alias", help="NAVN I FILA=NETTVERK: navnet i fila er et annet navn på et nettverk i registeret. "
                            "Kan gjentas.")] = None,
    ) -> None:
        """Les inn statistikken for et år (erstatter årets tidligere import; ingenting lagres ved feil).

        Nettverk som ikke finnes i registeret, og nettverk i registeret som mangler i fila, vises først;
        importen skjer bare når du bekrefter (eller med --yes).

        Eksempel: kompetansebot stats import statistikk-2027.xlsx --year 2027
        """
        from bot.cli import open_app

        if (file is None) == (not example):
            err_console.print("Feil: oppgi en fil, eller --example for eksempeltallene.", markup=False)
            raise typer.Exit(code=2)
        try:
            aliases = parse_aliases(alias or [])
        except AllocationError as exc:
            err_console.print(f"Feil: {exc}", markup=False, soft_wrap=True)
            raise typer.Exit(code=2) from None
        with open_app() as bot_app:
            target_year = year or bot_app.clock.today().year
            if if_empty:
                with bot_app.database.session() as session:
                    stored = bot_app.allocation.stats_years(session)
                if stored:
                    output_console().print(f"Statistikk er lagret fra før ({', '.join(map(str, stored))}); "
                                    "importerte ingenting.", markup=False)
                    return
            try:
                if file is None:
                    name, data = EXAMPLE_STATS, files("bot").joinpath("data", "examples", EXAMPLE_STATS).read_bytes()
                else:
                    check_size(file.stat().st_size, STATS_LIMITS)  # before reading a huge file into memory
                    name, data = file.name, file.read_bytes()
            except TableFileError as exc:
                err_console.print(f"Feil: {exc}", markup=False, soft_wrap=True)
                raise typer.Exit(code=2) from None
            except OSError as exc:
                err_console.print(f"Feil: kan ikke lese {file}: {exc.strerror}.", markup=False)
                raise typer.Exit(code=2) from None
            try:
                with bot_app.database.session() as session:
                    preview = bot_app.allocation.preview_stats(session, data, year=target_year, filename=name,
                                                               aliases=aliases)
            except AllocationError as exc:
                err_console.print(f"Feil: {exc}", markup=False, soft_wrap=True)
                raise typer.Exit(code=2) from None
            notice = preview.notice(cli=True)
            if notice:
                err_console.print(notice, markup=False, highlight=False, soft_wrap=True)
            if (preview.needs_confirmation and not yes
                    and not ask_yes_no(f"Importere statistikken for {target_year} likevel?")):
                err_console.print("Importerte ingenting.", markup=False)
                raise typer.Exit(code=1)
            try:
                with bot_app.database.session() as session:
                    table = bot_app.allocation.import_stats(session, data, year=target_year, filename=name,
                                                            actor=_actor(), confirmed=True, aliases=aliases)
                    bot_app.router.audit.record(
                        session, actor=_actor(), channel="cli", action="stats_import",
                        detail={"year": target_year, "file": name, "networks": list(table.networks),
                                "new_networks": [new.name for new in table.new_networks],
                                "missing_networks": list(table.missing_networks), "aliases": aliases,
                                "example": table.example})
            except AllocationError as exc:
                err_console.print(f"Feil: {exc}", markup=False, soft_wrap=True)
                raise typer.Exit(code=2) from None
            what = "eksempeltall (ikke ekte statistikk) " if table.example else "statistikk "
            output_console().print(f"Importerte {what}for {len(table.networks)} nettverk for {target_year}: "
                            f"{', '.join(table.networks)}.", markup=False, soft_wrap=True)

    @stats_app.command("networks")
    def stats_networks(year: Annotated[int | None, typer.Option("--year", help="Året (standard: i år)")] = None,
                       ) -> None:
        """Vis nettverksregisteret for et år: nettverkene i planfilene og det sekretariatet har bekreftet."""
        from bot.cli import open_app

        with open_app() as bot_app:
            target_year = year or bot_app.clock.today().year
            shipped = {network.name for network in bot_app.allocation.networks}
            with bot_app.database.session() as session:
                register = bot_app.allocation.register(session, target_year)
                confirmed = {entry.name: entry for entry in bot_app.allocation.register_entries(session, target_year)}
            table = Table(title=f"Nettverksregisteret {target_year}")
            table.add_column("Nettverk")
            table.add_column("Andre navn")
            table.add_column("Kilde")
            for network in register:
                entry = confirmed.get(network.name)
                source = ("planfilene" if network.name in shipped
                          else f"bekreftet for {entry.year} ({entry.source})" if entry else "bekreftet")
                table.add_row(network.name, ", ".join(network.aliases), source)
            output_console().print(table)

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
            output_console().print(f"Budsjett for {target_year} registrert: "
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
            output_console().print(table)

    app.add_typer(stats_app, name="stats")
    app.add_typer(budget_app, name="budget")
