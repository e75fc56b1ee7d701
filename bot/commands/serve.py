"""`kompetansebot serve`: the long-running bot (Slack + email + scheduler)."""

from __future__ import annotations

import typer

from bot.commands._common import not_built


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve() -> None:
        """Den langvarige boten (Slack + e-post + planlegger); det Procfile kjører."""
        not_built("Slack- og e-postkanalene", "issues 6 and 7")
