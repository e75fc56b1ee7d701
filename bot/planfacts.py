"""Load the plan's facts: TOML files shipped in ``bot/data/plan/``, overridden by ``PLAN_FILE``.

The shipped facts are split by concern (``qa.toml``, ``allocation.toml``, ``networks.toml``...)
and merged into one mapping. A ``PLAN_FILE`` is one TOML file with any of the same top-level
tables; each table it has replaces the shipped one as a whole, so a new plan year is a data change.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

PlanData = dict[str, Any]


class PlanFileError(ValueError):
    """The plan file cannot be read or parsed."""


def _load_toml(text: str, origin: str) -> PlanData:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PlanFileError(f"{origin}: {exc}") from exc


def load_plan_data(plan_file: Path | None = None) -> PlanData:
    merged: PlanData = {}
    package_dir = resources.files("bot.data") / "plan"
    for entry in sorted(package_dir.iterdir(), key=lambda item: item.name):
        if entry.name.endswith(".toml"):
            merged.update(_load_toml(entry.read_text(encoding="utf-8"), f"bot/data/plan/{entry.name}"))
    if plan_file is not None:
        try:
            text = Path(plan_file).read_text(encoding="utf-8")
        except OSError as exc:
            raise PlanFileError(f"PLAN_FILE {plan_file}: {exc.strerror}") from exc
        merged.update(_load_toml(text, f"PLAN_FILE {plan_file}"))
    return merged
