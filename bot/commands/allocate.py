"""``kompetansebot allocate`` (being built; see issue 4)."""

from __future__ import annotations

import typer

from bot.commands._common import not_built


def register(app: typer.Typer) -> None:
    @app.command("allocate")
    def allocate() -> None:
        """Fordel budsjettene mellom kompetansenettverkene (under arbeid)."""
        not_built("Fordelingsberegningen", "issue 4")
