"""Schema migrations with alembic, applied automatically at start."""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("bot") / "migrations"))
    return config


def upgrade(engine: Engine, revision: str = "heads") -> None:
    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current_revisions(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())


def head_revisions() -> set[str]:
    return set(ScriptDirectory.from_config(_config()).get_heads())


def current_revision(engine: Engine) -> str:
    """The applied revision(s), for people: "0002" or "0003a+0003b" while branches are unmerged."""
    return "+".join(sorted(current_revisions(engine))) or "(tom)"


def is_up_to_date(engine: Engine) -> bool:
    return current_revisions(engine) == head_revisions()


def autogenerate(engine: Engine, message: str) -> None:
    """Developer helper: write a new revision from the models (``python -m bot.migrate "msg"``)."""
    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.revision(config, message=message, autogenerate=True)


if __name__ == "__main__":  # pragma: no cover
    import sys

    from bot.db import make_engine
    from bot.settings import load_settings

    upgrade(make_engine(load_settings().database_url))
    autogenerate(make_engine(load_settings().database_url), sys.argv[1] if len(sys.argv) > 1 else "change")
