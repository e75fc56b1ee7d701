"""Allocation use cases with storage: statistics and budgets per year, and estimates from them.

The arithmetic is calc/'s; this module only reads and writes what the secretariat stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlmodel import Session, col, delete, select

from bot.clock import Clock
from bot.models import NetworkStatistics, SchemeBudget
from bot.planfacts import PlanData
from calc.model import AllocationResult, allocate
from calc.numbers import fold_name
from calc.parameters import AllocationParameters, parameters_from_mapping
from calc.stats import (
    KnownNetwork,
    StatsTable,
    read_stats,
    required_columns_for,
    table_from_records,
    table_to_records,
)


def known_networks(plan: Mapping[str, Any]) -> list[KnownNetwork]:
    """The plan's networks (name, id and aliases) as the statistics may name them."""
    networks = []
    for entry in plan.get("networks", []):
        aliases = [str(entry.get("id", "")), *(str(alias) for alias in entry.get("aliases", []))]
        networks.append(KnownNetwork(name=str(entry["name"]), aliases=tuple(alias for alias in aliases if alias)))
    return networks


def scheme_lookup(plan: Mapping[str, Any], scheme_ids: Any) -> dict[str, str]:
    """Folded spelling -> scheme id, from the plan's schemes (id, name, short, aliases) and the model's ids."""
    lookup = {fold_name(scheme_id): scheme_id for scheme_id in scheme_ids}
    for entry in plan.get("schemes", []):
        scheme_id = str(entry.get("id", ""))
        if scheme_id not in scheme_ids:
            continue
        for spelling in (entry.get("name"), entry.get("short"), *entry.get("aliases", [])):
            if spelling:
                lookup.setdefault(fold_name(str(spelling)), scheme_id)
    return lookup


class MissingAllocationData(LookupError):
    """Statistics or a budget the calculation needs has not been stored for the year."""

    def __init__(self, what: str, year: int) -> None:
        super().__init__(f"{what} for {year}")
        self.what = what
        self.year = year


class AllocationService:
    def __init__(self, plan: PlanData, clock: Clock) -> None:
        self.plan = plan
        self._clock = clock
        self.networks = known_networks(plan)

    def parameters(self, year: int) -> AllocationParameters:
        return parameters_from_mapping(self.plan.get("allocation", {}), year)

    def import_stats(self, session: Session, data: bytes, *, year: int, filename: str, actor: str) -> StatsTable:
        """Validate the whole file first; then replace the year's statistics in one transaction."""
        table = read_stats(data, filename=filename, known_networks=self.networks or None)
        session.exec(delete(NetworkStatistics).where(col(NetworkStatistics.year) == year))  # type: ignore[call-overload]
        now = self._clock.now()
        for position, record in enumerate(table_to_records(table)):
            session.add(NetworkStatistics(year=year, network=record["network"], position=position,
                                          measures=record, imported_at=now, imported_by=actor,
                                          source=filename[:300]))
        return table

    def stored_stats(self, session: Session, year: int, schemes: list[str]) -> StatsTable | None:
        rows = list(session.exec(select(NetworkStatistics).where(NetworkStatistics.year == year)
                                 .order_by(col(NetworkStatistics.position))))
        if not rows:
            return None
        parameters = self.parameters(year)
        required = required_columns_for(parameters.scheme(scheme).required_columns for scheme in schemes)
        return table_from_records([row.measures for row in rows], known_networks=None, required_columns=required,
                                  source=f"{rows[0].source} (importert for {year})" if rows[0].source
                                  else f"importen for {year}")

    def stats_years(self, session: Session) -> list[int]:
        return sorted(set(session.exec(select(NetworkStatistics.year))))

    def set_budget(self, session: Session, *, year: int, scheme: str, amount: int, actor: str) -> None:
        existing = session.exec(select(SchemeBudget).where(SchemeBudget.year == year,
                                                           SchemeBudget.scheme == scheme)).first()
        budget = existing or SchemeBudget(year=year, scheme=scheme, amount=amount, set_at=self._clock.now())
        budget.amount = amount
        budget.set_at = self._clock.now()
        budget.set_by = actor
        session.add(budget)

    def stored_budgets(self, session: Session, year: int) -> dict[str, int]:
        return {row.scheme: row.amount for row in session.exec(select(SchemeBudget).where(SchemeBudget.year == year))}

    def compute(self, session: Session, *, year: int, budgets: Mapping[str, int] | None = None) -> AllocationResult:
        """Allocate the given budgets (default: those stored for the year) over the year's stored statistics."""
        budgets = dict(budgets) if budgets is not None else self.stored_budgets(session, year)
        if not budgets:
            raise MissingAllocationData("budsjett", year)
        stats = self.stored_stats(session, year, list(budgets))
        if stats is None:
            raise MissingAllocationData("statistikk", year)
        return allocate(stats, budgets, self.parameters(year))
