"""Helpers shared by the CLI command modules."""

from __future__ import annotations

import sys

import typer
from rich.console import Console

err_console = Console(stderr=True)

YES_WORDS = frozenset({"j", "ja", "y", "yes"})
NO_WORDS = frozenset({"n", "nei", "no"})
PIPED_WIDTH = 10_000
"""Width of tables written to a pipe or a file: wide enough that no address or name is ever cut."""


def output_console() -> Console:
    """A console for tables: the terminal's width on a terminal, no truncation when piped."""
    console = Console()
    if console.is_terminal:
        return console
    return Console(width=PIPED_WIDTH, soft_wrap=True)


def ask_yes_no(question: str, *, default: bool = False) -> bool:
    """Ask in Norwegian; j/ja/n/nei (and y/yes/no) are understood, Enter gives the default.

    Without an answer (end of input) the default is taken, so a script without ``--yes`` never hangs.
    """
    hint = "[J/n]" if default else "[j/N]"
    while True:
        typer.echo(f"{question} {hint} ", nl=False, err=True)
        line = sys.stdin.readline()
        if not line:
            typer.echo("", err=True)
            return default
        answer = line.strip().casefold()
        if not answer:
            return default
        if answer in YES_WORDS:
            return True
        if answer in NO_WORDS:
            return False
        typer.echo("Svar j (ja) eller n (nei).", err=True)
