"""`kompetansebot worker [--once]`: mailbox intake, due scheduled work, and the outbox."""

from __future__ import annotations

import typer

from bot.commands._common import not_built


def register(app: typer.Typer) -> None:
    @app.command("worker")
    def worker(once: bool = typer.Option(False, "--once", help="Én runde av hvert, så avslutt")) -> None:
        """Les innboksen, kjør planlagte purringer og send det som ligger i utboksen."""
        not_built("Arbeideren (e-post og purringer)", "issues 7 and 8")
