"""Helpers shared by the CLI command modules."""

from __future__ import annotations

from rich.console import Console

err_console = Console(stderr=True)
