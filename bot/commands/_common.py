"""Helpers shared by the CLI command modules."""

from __future__ import annotations

import typer
from rich.console import Console

err_console = Console(stderr=True)


def not_built(what: str, issue: str) -> None:
    """Say clearly that a contract command is not built yet, and exit non-zero."""
    err_console.print(f"[yellow]{what} er ikke bygget ennå[/yellow] ({issue}). Ingenting ble gjort.")
    raise typer.Exit(code=2)
