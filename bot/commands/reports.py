"""`kompetansebot reports export|summary`: the needs reports for the secretariat."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from bot.commands._common import err_console

FORMATS = ("json", "csv", "xlsx")


def _kroner(value: int | None) -> str:
    return "–" if value is None else f"{value:,} kr".replace(",", " ")


def register(app: typer.Typer) -> None:
    reports = typer.Typer(help="Behovsmeldinger: eksport og oversikt for sekretariatet.", no_args_is_help=True)

    @reports.command("export")
    def reports_export(
        fmt: Annotated[str, typer.Option("--format", help="json, csv eller xlsx")] = "json",
        out: Annotated[Path | None, typer.Option("--out", help="Fil (standard: standard ut)")] = None,
    ) -> None:
        """Eksporter alle innsendte behovsmeldinger (siste versjon) med summer per nettverk og ordning."""
        from bot.cli import open_app

        if fmt not in FORMATS:
            err_console.print(f"Feil: ukjent format «{fmt}». Bruk json, csv eller xlsx.", markup=False)
            raise typer.Exit(code=2)
        with open_app() as bot_app, bot_app.database.session() as session:
            data = bot_app.reports.export(session, fmt)
        if out is None:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
            return
        try:
            out.write_bytes(data)
        except OSError as exc:
            err_console.print(f"Feil: kunne ikke skrive {out}: {exc.strerror}.", markup=False)
            raise typer.Exit(code=2) from None
        err_console.print(f"Skrev {out}", markup=False)

    @reports.command("summary")
    def reports_summary() -> None:
        """Sum omsøkt per nettverk og ordning mot anslaget fra tildelingsmodellen."""
        from bot.cli import open_app

        with open_app() as bot_app, bot_app.database.session() as session:
            totals = bot_app.reports.totals(session)
        table = Table(title="Behovsmeldinger per nettverk og ordning")
        for heading in ("År", "Nettverk", "Ordning", "Antall", "Omsøkt per år", "Anslag", "Anslag − omsøkt"):
            table.add_column(heading, justify="right" if heading not in ("Nettverk", "Ordning") else "left")
        for total in totals:
            table.add_row(str(total.year), total.network, total.scheme, str(total.reports), _kroner(total.asked),
                          _kroner(total.estimate), _kroner(total.difference))
        Console().print(table)

    app.add_typer(reports, name="reports")
