"""``kompetansebot allocate``: split the schemes' budgets between the competence networks (issue 4).

    kompetansebot allocate --stats FILE --budget SCHEME=NOK [--budget ...] [--year N]
                           [--json] [--csv OUT] [--xlsx OUT] [--chart OUT.png]

Every network in the file is computed; names the register does not know and the register's networks
the file lacks are named on standard error. The model and its parameters live in calc/ and bot/data/plan/allocation.toml (plan section 5.8).
Bad input gives a Norwegian message on standard error and exit code 2. The work is in
``allocate_impl`` and imported only when the command runs, so other commands start fast.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console


def register(app: typer.Typer) -> None:
    @app.command("allocate")
    def allocate_command(
        stats: Annotated[Path, typer.Option("--stats", help="Statistikk per nettverk (CSV eller XLSX).")],
        budget: Annotated[list[str], typer.Option(
            "--budget", help="ORDNING=BELØP, f.eks. desentralisert=31450000 eller regional='12,5 mill'. Kan gjentas.")],
        year: Annotated[int | None, typer.Option(
            "--year", help="Budsjettåret (parametre for året; standard: i år).")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Skriv resultatet som JSON.")] = False,
        csv_out: Annotated[Path | None, typer.Option("--csv", help="Skriv også en CSV-fil.")] = None,
        xlsx_out: Annotated[Path | None, typer.Option("--xlsx", help="Skriv også et regneark (XLSX).")] = None,
        chart_out: Annotated[Path | None, typer.Option("--chart", help="Skriv også et stolpediagram (PNG).")] = None,
    ) -> None:
        """Fordel budsjettene mellom kompetansenettverkene etter tildelingsmodellen (planen, punkt 5.8)."""
        from bot.commands import allocate_impl as impl
        from bot.planfacts import PlanFileError
        from bot.settings import SettingsError
        from calc.errors import AllocationError
        from calc.output import result_to_json
        from calc.stats import EXAMPLE_MARK

        err = Console(stderr=True, highlight=False)
        try:
            result, table = impl.compute_with_stats(impl.AllocateRequest(stats=stats, budgets=budget, year=year))
        except (AllocationError, SettingsError, PlanFileError) as exc:
            err.print(f"Feil: {exc}", markup=False, soft_wrap=True)
            raise typer.Exit(code=2) from None
        notice = impl.stats_notice(result, table)
        if notice:  # computed for exactly the file's networks; what differs from the register is said
            err.print(notice, markup=False, soft_wrap=True)
        if table.example:
            err.print("Merk: EKSEMPELTALL – ikke ekte statistikk.", markup=False, soft_wrap=True)
        try:
            written = impl.write_outputs(result, csv_out, xlsx_out, chart_out, table)
        except OSError as exc:
            err.print(f"Feil: kunne ikke skrive fila {exc.filename}: {exc.strerror}.", markup=False, soft_wrap=True)
            raise typer.Exit(code=2) from None
        if as_json:
            typer.echo(json.dumps(result_to_json(result), ensure_ascii=False, indent=2))
            for line in written:
                err.print(f"Skrev {line}", markup=False, soft_wrap=True)
            return
        console = Console(highlight=False)
        if not console.is_terminal:
            console = Console(highlight=False, width=200)
        if table.example:
            console.print(EXAMPLE_MARK, style="bold red", markup=False)
        impl.print_tables(result, console)
        for line in written:
            console.print(f"Skrev {line}", markup=False)
