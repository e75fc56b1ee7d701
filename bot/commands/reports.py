"""`kompetansebot reports export|summary`: the needs reports for the secretariat."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from bot.commands._common import err_console, output_console

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
            table.add_row(str(total.year), total.network, total.scheme_name or total.scheme, str(total.reports), _kroner(total.asked),
                          _kroner(total.estimate), _kroner(total.difference))
        output_console().print(table)

    @reports.command("invite")
    def reports_invite(
        addresses: Annotated[list[str], typer.Argument(help="E-postadresser, eller en fil med én adresse per linje")],
        year: Annotated[int | None, typer.Option("--year", help="Året behovene gjelder (standard: neste frist)")] = None,
    ) -> None:
        """Send skjemaet for behovsmelding på e-post (legges i utboksen; «worker» sender). Svaret med
        skjemaet fylt ut blir en behovsmelding."""
        from bot.cli import open_app
        from bot.clock import Clock
        from bot.mail.config import EmailConfig
        from bot.mail.invitations import Inviter
        from bot.mail.outbox import Outbox

        wanted: list[str] = []
        for item in addresses:
            path = Path(item)
            if "@" not in item and path.is_file():
                wanted += [line.strip() for line in path.read_text(encoding="utf-8-sig").splitlines() if line.strip()]
            else:
                wanted.append(item)
        with open_app() as bot_app:
            if not bot_app.settings.bot_email:
                err_console.print("Feil: e-post er ikke satt opp (BOT_EMAIL mangler).", markup=False)
                raise typer.Exit(code=2)
            outbox = Outbox(bot_app.database, EmailConfig.from_settings(bot_app.settings), clock=bot_app.clock,
                            timer=Clock(), worker_id="invitations")
            inviter = Inviter(outbox, bot_app.needs_report_form, bot_app.clock, bot_app.needs_report_deadline(),
                              bot_app.needs_report_sources())
            result = inviter.invite(wanted, year=year)
        console = output_console()
        console.print(f"Invitasjon lagt i utboksen til {len(result.queued)} adresse(r); "
                      f"{len(result.already)} hadde fått den fra før.", markup=False)
        for raw, problem in result.invalid:
            err_console.print(f"Hoppet over «{raw}»: {problem}", markup=False)
        if result.invalid:
            raise typer.Exit(code=1)

    app.add_typer(reports, name="reports")
