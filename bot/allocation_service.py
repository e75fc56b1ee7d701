"""Allocation use cases with storage: statistics, budgets and the network register per year, and
estimates from them.

The arithmetic is calc/'s; this module only reads and writes what the secretariat stored.

The network register of a year is the shipped list (``networks.toml``: names, ids, aliases) plus the
names the secretariat confirmed in the database for that year or earlier (``network_register``): a
statistics file may name networks the register does not know (they are taken as networks of that
year), and the register's networks the file lacks are named. Either needs the secretariat's
confirmation before anything is stored (``StatsConfirmationNeeded``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from sqlmodel import Session, col, delete, select

from bot.clock import Clock
from bot.models import NetworkRegisterEntry, NetworkStatistics, SchemeBudget
from bot.planfacts import PlanData
from bot.rendering import render
from calc.errors import AllocationError
from calc.model import AllocationResult, allocate
from calc.numbers import check_budget, fold_name
from calc.parameters import AllocationParameters, parameters_from_mapping
from calc.stats import (
    EXAMPLE_SOURCE,
    KnownNetwork,
    StatsTable,
    closest_name,
    is_example_source,
    read_stats,
    required_columns_for,
    table_from_records,
    table_to_records,
)

__all__ = ["EXAMPLE_SOURCE", "AllocationOutcome", "AllocationService", "MissingAllocationData", "StatsConfirmationNeeded",
           "StatsPreview", "known_networks", "scheme_lookup"]


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


def _with_alias(register: list[KnownNetwork], alias: str, target: str) -> list[KnownNetwork]:
    """The register with ``alias`` as another spelling of ``target`` (added as a network if unknown)."""
    wanted = fold_name(target)
    for index, network in enumerate(register):
        if fold_name(network.name) == wanted:
            if fold_name(alias) not in {fold_name(spelling) for spelling in (network.name, *network.aliases)}:
                register[index] = KnownNetwork(network.name, (*network.aliases, alias))
            return register
    register.append(KnownNetwork(target, (alias,)))
    return register


class MissingAllocationData(LookupError):
    """Statistics or a budget the calculation needs has not been stored for the year."""

    def __init__(self, what: str, year: int) -> None:
        super().__init__(f"{what} for {year}")
        self.what = what
        self.year = year


@dataclass(frozen=True)
class StatsPreview:
    """A statistics file read against the year's register; nothing stored yet."""

    year: int
    filename: str
    table: StatsTable
    aliases: Mapping[str, str] = field(default_factory=dict)
    """Spelling in the file -> register network, as the secretariat said (``--alias``)."""

    @property
    def needs_confirmation(self) -> bool:
        """New networks, or register networks missing from the file: the secretariat must confirm."""
        return bool(self.table.new_networks or self.table.missing_networks)

    def notice(self, *, cli: bool = False) -> str:
        """What differs from the register, in Norwegian ('' when the file matches the register)."""
        table = self.table
        renamed = [(written, name) for written, name in table.renamed]
        if not (table.new_networks or table.missing_networks or renamed):
            return ""
        return render("allocation/stats_notice.nb.txt.j2", year=self.year, filename=self.filename,
                      new=table.new_networks, missing=table.missing_networks, renamed=renamed, cli=cli)


class StatsConfirmationNeeded(AllocationError):
    """The file has networks the register does not know, or lacks some of its networks; nothing was stored."""

    def __init__(self, preview: StatsPreview) -> None:
        self.preview = preview
        super().__init__(preview.notice() + "\n" + render("allocation/stats_unconfirmed.nb.txt.j2"))


@dataclass(frozen=True)
class AllocationOutcome:
    """An allocation and where its inputs came from (the statistics may be an earlier year's)."""

    result: AllocationResult
    stats: StatsTable
    year: int
    stats_year: int
    stats_source: str
    example: bool
    budgets_from_question: bool

    @property
    def stats_from_other_year(self) -> bool:
        return self.stats_year != self.year


class AllocationService:
    def __init__(self, plan: PlanData, clock: Clock) -> None:
        self.plan = plan
        self._clock = clock
        self.networks = known_networks(plan)

    def parameters(self, year: int) -> AllocationParameters:
        return parameters_from_mapping(self.plan.get("allocation", {}), year)

    # -- the network register -------------------------------------------------------------------

    def register(self, session: Session, year: int) -> list[KnownNetwork]:
        """The networks a statistics file for ``year`` may name: the shipped list and what was confirmed."""
        register = list(self.networks)
        entries = session.exec(select(NetworkRegisterEntry).where(NetworkRegisterEntry.year <= year)
                               .order_by(col(NetworkRegisterEntry.year), col(NetworkRegisterEntry.id)))
        for entry in entries:
            if entry.alias_of:
                register = _with_alias(register, entry.name, entry.alias_of)
            elif fold_name(entry.name) not in {fold_name(network.name) for network in register}:
                register.append(KnownNetwork(entry.name))
        return register

    def register_entries(self, session: Session, year: int | None = None) -> list[NetworkRegisterEntry]:
        query = select(NetworkRegisterEntry).order_by(col(NetworkRegisterEntry.year), col(NetworkRegisterEntry.id))
        if year is not None:
            query = query.where(NetworkRegisterEntry.year <= year)
        return list(session.exec(query))

    def find_network(self, session: Session, year: int, written: str) -> tuple[str | None, str | None]:
        """(the register's network named ``written``, or None; and if None the closest name, if any)."""
        register = self.register(session, year)
        wanted = fold_name(written)
        choices: dict[str, str] = {}
        for network in register:
            for spelling in (network.name, *network.aliases):
                if fold_name(spelling) == wanted:
                    return network.name, None
                choices[spelling] = network.name
        return None, closest_name(written, choices)

    def _apply_aliases(self, register: list[KnownNetwork], aliases: Mapping[str, str]) -> list[KnownNetwork]:
        names = {fold_name(spelling): network.name for network in register
                 for spelling in (network.name, *network.aliases)}
        choices = {network.name: network.name for network in register}
        problems = []
        for alias, target in aliases.items():
            name = names.get(fold_name(target))
            if fold_name(alias) in names and names[fold_name(alias)] != name:
                problems.append(f"«{alias}={target}»: «{alias}» er selv et navn på {names[fold_name(alias)]} i "
                                "registeret.")
                continue
            if name is None:
                hint = closest_name(target, choices)
                problems.append(f"«{alias}={target}»: «{target}» er ikke et nettverk i registeret."
                                + (f" Mente du «{hint}»?" if hint else ""))
                continue
            register = _with_alias(register, alias, name)
        if problems:
            raise AllocationError("\n".join(problems))
        return register

    # -- statistics -----------------------------------------------------------------------------

    def preview_stats(self, session: Session, data: bytes, *, year: int, filename: str,
                      aliases: Mapping[str, str] | None = None) -> StatsPreview:
        """Read and validate the file against the year's register (plus ``aliases``); store nothing.

        Raises ``StatsImportError`` (every problem in the file) or ``AllocationError`` (a bad alias).
        """
        aliases = dict(aliases or {})
        register = self._apply_aliases(self.register(session, year), aliases)
        table = read_stats(data, filename=filename, known_networks=register or None, accept_new_networks=True)
        return StatsPreview(year=year, filename=filename, table=table, aliases=aliases)

    def import_stats(self, session: Session, data: bytes, *, year: int, filename: str, actor: str,
                     confirmed: bool = False, aliases: Mapping[str, str] | None = None) -> StatsTable:
        """Validate the whole file first; then replace the year's statistics in one transaction.

        A file with networks the register does not know, or without some of its networks, is stored
        only when ``confirmed`` (else ``StatsConfirmationNeeded``, nothing stored); its new networks and
        the used ``aliases`` are then added to the register for ``year``.
        """
        preview = self.preview_stats(session, data, year=year, filename=filename, aliases=aliases)
        if preview.needs_confirmation and not confirmed:
            raise StatsConfirmationNeeded(preview)
        table = preview.table
        session.exec(delete(NetworkStatistics).where(col(NetworkStatistics.year) == year))  # type: ignore[call-overload]
        now = self._clock.now()
        example = table.example or filename == EXAMPLE_SOURCE
        for position, record in enumerate(table_to_records(table)):
            session.add(NetworkStatistics(year=year, network=record["network"], position=position,
                                          measures=record, imported_at=now, imported_by=actor,
                                          source=filename[:300], example=example))
        existing = {fold_name(entry.name) for entry in session.exec(
            select(NetworkRegisterEntry).where(NetworkRegisterEntry.year == year))}
        confirmations: list[tuple[str, str | None]] = [(new.name, None) for new in table.new_networks]
        written = {fold_name(row.written_as) for row in table.rows}
        confirmations += [(alias, target) for alias, target in preview.aliases.items() if fold_name(alias) in written]
        for name, alias_of in confirmations:
            if fold_name(name) in existing:
                continue
            existing.add(fold_name(name))
            resolved = None if alias_of is None else self.find_network(session, year, alias_of)[0] or alias_of
            session.add(NetworkRegisterEntry(year=year, name=name, alias_of=resolved, source=filename[:300],
                                             confirmed_by=actor, confirmed_at=now))
        return replace(table, year=year, example=example)

    def stored_stats(self, session: Session, year: int, schemes: list[str]) -> StatsTable | None:
        rows = list(session.exec(select(NetworkStatistics).where(NetworkStatistics.year == year)
                                 .order_by(col(NetworkStatistics.position))))
        if not rows:
            return None
        parameters = self.parameters(year)
        required = required_columns_for(parameters.scheme(scheme).required_columns for scheme in schemes)
        source = rows[0].source or f"importen for {year}"
        table = table_from_records([row.measures for row in rows], known_networks=None, required_columns=required,
                                   source=source)
        return replace(table, year=year, example=rows[0].example or is_example_source(rows[0].source))

    def stats_years(self, session: Session) -> list[int]:
        return sorted(set(session.exec(select(NetworkStatistics.year))))

    def latest_stats_year(self, session: Session, year: int) -> int | None:
        """The year whose statistics stand in for ``year``: itself, else the latest earlier year, else the
        latest stored year."""
        years = self.stats_years(session)
        earlier = [stored for stored in years if stored <= year]
        if earlier:
            return max(earlier)
        return max(years) if years else None

    # -- budgets --------------------------------------------------------------------------------

    def set_budget(self, session: Session, *, year: int, scheme: str, amount: int, actor: str) -> int | None:
        """Store the budget; returns the amount it replaced (None if there was none)."""
        check_budget(amount)
        existing = session.exec(select(SchemeBudget).where(SchemeBudget.year == year,
                                                           SchemeBudget.scheme == scheme)).first()
        previous = existing.amount if existing is not None else None
        budget = existing or SchemeBudget(year=year, scheme=scheme, amount=amount, set_at=self._clock.now())
        budget.amount = amount
        budget.set_at = self._clock.now()
        budget.set_by = actor
        session.add(budget)
        return previous

    def stored_budgets(self, session: Session, year: int) -> dict[str, int]:
        return {row.scheme: row.amount for row in session.exec(select(SchemeBudget).where(SchemeBudget.year == year))}

    # -- the allocation -------------------------------------------------------------------------

    def compute(self, session: Session, *, year: int, budgets: Mapping[str, int] | None = None) -> AllocationResult:
        """Allocate the given budgets (default: those stored for the year) over the year's stored statistics."""
        return self.compute_outcome(session, year=year, budgets=budgets).result

    def compute_outcome(self, session: Session, *, year: int, budgets: Mapping[str, int] | None = None,
                        stats_fallback: bool = False) -> AllocationOutcome:
        """Like ``compute``; with ``stats_fallback`` a year without statistics uses the latest stored
        statistics (``latest_stats_year``), and the outcome says which year's figures were used."""
        from_question = budgets is not None
        budgets = dict(budgets) if budgets is not None else self.stored_budgets(session, year)
        for amount in budgets.values():
            check_budget(amount)  # stored before the limit, or passed in: BudgetError with a clear message
        if not budgets:
            raise MissingAllocationData("budsjett", year)
        stats_year = self.latest_stats_year(session, year) if stats_fallback else year
        stats = self.stored_stats(session, stats_year, list(budgets)) if stats_year is not None else None
        if stats is None or stats_year is None:
            raise MissingAllocationData("statistikk", year)
        result = allocate(stats, budgets, self.parameters(year))
        return AllocationOutcome(result=result, stats=stats, year=year, stats_year=stats_year, stats_source=stats.source or "",
                                 example=stats.example, budgets_from_question=from_question)
