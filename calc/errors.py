"""Errors raised by the allocation package. Every one is a ``ValueError`` with a Norwegian message."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class AllocationError(ValueError):
    """Base class: bad input to the allocation model (message in Norwegian, fit for the user)."""


class ParameterError(AllocationError):
    """The model parameters (``[allocation]`` in the plan data) are missing or malformed."""


class BudgetError(AllocationError):
    """A budget amount or a ``SCHEME=NOK`` pair cannot be read."""


class AllocationInputError(AllocationError):
    """The statistics cannot be used for the requested scheme (e.g. a needed column is absent)."""


@dataclass(frozen=True)
class Issue:
    """One problem in a statistics file: where (row and column as the user sees them) and what."""

    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"rad {self.row}")
        if self.column is not None:
            where.append(f"kolonne «{self.column}»")
        prefix = ", ".join(where)
        return f"{prefix[:1].upper()}{prefix[1:]}: {self.message}" if prefix else self.message


class StatsImportError(AllocationError):
    """The statistics file has one or more problems; nothing was imported. ``issues`` lists them all."""

    def __init__(self, issues: Sequence[Issue], source: str | None = None) -> None:
        self.issues: tuple[Issue, ...] = tuple(issues)
        self.source = source
        heading = f"Kunne ikke lese statistikken{f' i {source}' if source else ''}"
        count = len(self.issues)
        heading += " (1 feil):" if count == 1 else f" ({count} feil):"
        super().__init__("\n".join([heading, *(f"- {issue}" for issue in self.issues)]))
