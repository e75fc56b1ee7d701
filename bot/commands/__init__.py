"""Sub-commands of the ``kompetansebot`` CLI, one module per command group.

Each module exposes ``register(app: typer.Typer) -> None``; ``bot.cli`` calls them in order.
"""
