"""What the secretariat sees of the needs reports: an export, and sums per network and scheme
against the allocation estimate when statistics and a budget for the year are stored."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from bot.allocation_service import AllocationService, MissingAllocationData
from bot.clock import OSLO
from bot.exports import to_csv, to_xlsx
from bot.models import NeedsReport
from bot.needs_reports import NeedsReportStore
from calc.errors import AllocationError
from forms.definition import FieldKind, Form

FIXED_COLUMNS = (("reference", "Referanse"), ("version", "Versjon"), ("year", "År"), ("submitted_at", "Sendt"),
                 ("owner", "Innsendt av"), ("channel", "Kanal"))
CHANNEL_NAMES = {"console": "Konsoll", "slack": "Slack", "email": "E-post", "teams": "Teams", "web": "Nett"}
"""How the secretariat knows the channels (exports show these, never the internal codes)."""


@dataclass(frozen=True)
class NetworkSchemeTotal:
    year: int
    network: str
    scheme: str
    reports: int
    asked: int
    estimate: int | None
    scheme_name: str = ""

    @property
    def difference(self) -> int | None:
        return None if self.estimate is None else self.estimate - self.asked

    def to_json(self) -> dict[str, Any]:
        return {"year": self.year, "network": self.network, "scheme": self.scheme,
                "scheme_name": self.scheme_name or self.scheme, "reports": self.reports, "asked": self.asked,
                "estimate": self.estimate, "difference": self.difference}


@dataclass(frozen=True)
class NetworkTotal:
    """One network's reports for a year, all schemes together, against the sum of its estimates."""

    year: int
    network: str
    reports: int
    asked: int
    estimate: int | None
    """None when no scheme the network asked for has an estimate for the year."""

    @property
    def difference(self) -> int | None:
        return None if self.estimate is None else self.estimate - self.asked

    def to_json(self) -> dict[str, Any]:
        return {"year": self.year, "network": self.network, "reports": self.reports, "asked": self.asked,
                "estimate": self.estimate, "difference": self.difference}


def _local(moment: datetime | None) -> datetime | None:
    """A stored time as Oslo wall-clock time without zone (what a spreadsheet shows as a date). The
    clock gives Oslo times; a database without zones (SQLite) hands them back without one."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(OSLO).replace(tzinfo=None)


class ReportsService:
    def __init__(self, form: Form, store: NeedsReportStore, allocation: AllocationService,
                 network_names: dict[str, str], scheme_names: Mapping[str, str] | None = None) -> None:
        self._form = form
        self._store = store
        self._allocation = allocation
        self._network_names = network_names
        self._scheme_names = dict(scheme_names or {})

    def columns(self) -> list[tuple[str, str]]:
        return [*FIXED_COLUMNS, *((item.id, item.label.get("nb")) for item in self._form.fields)]

    def records(self, session: Session) -> list[dict[str, Any]]:
        """Machine-readable: the stored codes and values, with the labels a person reads beside them."""
        return [self._record(report) for report in self._store.all_submitted(session)]

    def _record(self, report: NeedsReport) -> dict[str, Any]:
        return {"reference": report.reference, "version": report.version, "year": report.year,
                "submitted_at": report.submitted_at.isoformat() if report.submitted_at else None,
                "owner": report.owner_key, "channel": report.channel,
                "channel_name": CHANNEL_NAMES.get(report.channel, report.channel),
                "network_name": self.network_name(report.network),
                "scheme_name": self.scheme_name(report.scheme),
                "answers": dict(report.answers)}

    def network_name(self, network_id: str | None) -> str | None:
        return None if network_id is None else self._network_names.get(network_id, network_id)

    def scheme_name(self, scheme_id: str | None) -> str | None:
        if scheme_id is None:
            return None
        if scheme_id in self._scheme_names:
            return self._scheme_names[scheme_id]
        return self._form.field("scheme").display(scheme_id) if self._form.has_field("scheme") else scheme_id

    def _answer_cell(self, field_id: str, value: Any) -> Any:
        """A stored answer as the secretariat reads it: names, not codes; numbers stay numbers."""
        if value is None:
            return None
        if field_id == "network" and isinstance(value, str):
            return self.network_name(value)
        if field_id == "scheme" and isinstance(value, str):
            return self.scheme_name(value)
        if not self._form.has_field(field_id) or isinstance(value, int) and not isinstance(value, bool):
            return value
        item = self._form.field(field_id)
        if item.kind is FieldKind.DATE and isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                return value
        return item.display(value, "nb")

    def rows(self, session: Session) -> tuple[list[str], list[list[Any]]]:
        columns = self.columns()
        rows = []
        for report in self._store.all_submitted(session):
            fixed = {"reference": report.reference, "version": report.version, "year": report.year,
                     "submitted_at": _local(report.submitted_at), "owner": report.owner_key,
                     "channel": CHANNEL_NAMES.get(report.channel, report.channel)}
            row = [fixed[key] if key in fixed else self._answer_cell(key, report.answers.get(key))
                   for key, _ in columns]
            rows.append(row)
        return [header for _, header in columns], rows

    def totals(self, session: Session) -> list[NetworkSchemeTotal]:
        grouped: dict[tuple[int, str, str], list[int]] = defaultdict(list)
        for report in self._store.all_submitted(session):
            if report.year is None or report.network is None or report.scheme is None:
                continue
            grouped[(report.year, report.network, report.scheme)].append(int(report.amount or 0))
        estimates: dict[int, Any] = {}
        totals = []
        for (year, network_id, scheme), amounts in sorted(grouped.items()):
            if year not in estimates:
                try:
                    estimates[year] = self._allocation.compute(session, year=year)
                except (MissingAllocationData, AllocationError):
                    estimates[year] = None
            name = self._network_names.get(network_id, network_id)
            estimate = None
            result = estimates[year]
            if result is not None and scheme in result.schemes:
                found = result.schemes[scheme].network(name)
                estimate = found.estimate if found is not None else None
            totals.append(NetworkSchemeTotal(year, name, scheme, len(amounts), sum(amounts), estimate,
                                             self.scheme_name(scheme) or scheme))
        return totals

    def network_totals(self, session: Session) -> list[NetworkTotal]:
        """Per year and network, all schemes together, against the sum of the known estimates."""
        grouped: dict[tuple[int, str], list[NetworkSchemeTotal]] = defaultdict(list)
        for total in self.totals(session):
            grouped[(total.year, total.network)].append(total)
        result = []
        for (year, network), parts in sorted(grouped.items()):
            known = [part.estimate for part in parts if part.estimate is not None]
            result.append(NetworkTotal(year, network, sum(part.reports for part in parts),
                                       sum(part.asked for part in parts), sum(known) if known else None))
        return result

    def export(self, session: Session, fmt: str) -> bytes:
        if fmt == "json":
            import json

            document = {"reports": self.records(session),
                        "totals": [total.to_json() for total in self.totals(session)],
                        "network_totals": [total.to_json() for total in self.network_totals(session)]}
            return json.dumps(document, ensure_ascii=False, indent=2).encode()
        headers, rows = self.rows(session)
        if fmt == "csv":
            return to_csv(headers, rows).encode("utf-8-sig")
        if fmt == "xlsx":
            totals = self.totals(session)
            per_network = [[t.year, t.network, t.reports, t.asked, t.estimate, t.difference]
                           for t in self.network_totals(session)]
            total_rows = [[t.year, t.network, t.scheme_name or t.scheme, t.reports, t.asked, t.estimate,
                           t.difference] for t in totals]
            return to_xlsx([("Behovsmeldinger", headers, rows),
                            ("Sum per nettverk", ["År", "Nettverk", "Antall", "Sum omsøkt per år",
                                                  "Anslag (pro rata)", "Anslag minus omsøkt"], per_network),
                            ("Per nettverk og ordning", ["År", "Nettverk", "Ordning", "Antall", "Sum omsøkt per år",
                                                         "Anslag (pro rata)", "Anslag minus omsøkt"], total_rows)])
        raise ValueError(f"ukjent format «{fmt}»; bruk json, csv eller xlsx")
