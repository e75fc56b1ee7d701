"""`kompetansebot contacts import` and `kompetansebot campaign ...`: not built yet; they say so and exit non-zero."""

from __future__ import annotations

import typer

from bot.commands._common import not_built


def register(app: typer.Typer) -> None:
    contacts = typer.Typer(help="Kontaktpersoner for årsrapporteringen.", no_args_is_help=True)
    campaign = typer.Typer(help="Purrekampanjer for årsrapportene (15. januar).", no_args_is_help=True)

    @contacts.command("import")
    def contacts_import(file: str = typer.Argument(..., help="CSV eller XLSX")) -> None:
        """Importer kontaktlisten (measure, scheme, network, name, email, slack_id)."""
        not_built("Import av kontakter", "issue 8")

    @campaign.command("start")
    def campaign_start(
        kind: str = typer.Option("arsrapport", "--kind"),
        year: int | None = typer.Option(None, "--year"),
        deadline: str | None = typer.Option(None, "--deadline"),
        link: str | None = typer.Option(None, "--link"),
        yes: bool = typer.Option(False, "--yes", help="Bekreft uten å spørre"),
    ) -> None:
        """Start en purrekampanje."""
        not_built("Purrekampanjer", "issue 8")

    @campaign.command("status")
    def campaign_status(as_json: bool = typer.Option(False, "--json")) -> None:
        """Vis status for kampanjen."""
        not_built("Kampanjestatus", "issue 8")

    @campaign.command("stop")
    def campaign_stop() -> None:
        """Stopp kampanjen."""
        not_built("Purrekampanjer", "issue 8")

    app.add_typer(contacts, name="contacts")
    app.add_typer(campaign, name="campaign")
