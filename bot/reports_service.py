"""What the secretariat sees of the needs reports: an export, and sums per network and scheme
against the allocation estimate when statistics and a budget for the year are stored."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from bot.allocation_service import AllocationService, MissingAllocationData
from bot.exports import to_csv, to_xlsx
from bot.models import NeedsReport
from bot.needs_reports import NeedsReportStore
from calc.errors import AllocationError
from forms.definition import Form

FIXED_COLUMNS = (("reference", "Referanse"), ("version", "Versjon"), ("year", "År"), ("submitted_at", "Sendt"),
                 ("owner", "Innsendt av"), ("channel", "Kanal"))


@dataclass(frozen=True)
class NetworkSchemeTotal:
    year: int
    network: str
    scheme: str
    reports: int
    asked: int
    estimate: int | None

    @property
    def difference(self) -> int | None:
        return None if self.estimate is None else self.estimate - self.asked

    def to_json(self) -> dict[str, Any]:
        return {"year": self.year, "network": self.network, "scheme": self.scheme, "reports": self.reports,
                "asked": self.asked, "estimate": self.estimate, "difference": self.difference}


def _cell(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"start", "end"}:
        return f"{value['start']}–{value['end']}"
    if isinstance(value, bool):
        return "ja" if value else "nei"
    return value


class ReportsService:
    def __init__(self, form: Form, store: NeedsReportStore, allocation: AllocationService,
                 network_names: dict[str, str]) -> None:
        self._form = form
        self._store = store
        self._allocation = allocation
        self._network_names = network_names

    def columns(self) -> list[tuple[str, str]]:
        return [*FIXED_COLUMNS, *((item.id, item.label.get("nb")) for item in self._form.fields)]

    def records(self, session: Session) -> list[dict[str, Any]]:
        return [self._record(report) for report in self._store.all_submitted(session)]

    def _record(self, report: NeedsReport) -> dict[str, Any]:
        return {"reference": report.reference, "version": report.version, "year": report.year,
                "submitted_at": report.submitted_at.isoformat() if report.submitted_at else None,
                "owner": report.owner_key, "channel": report.channel, "answers": dict(report.answers)}

    def rows(self, session: Session) -> tuple[list[str], list[list[Any]]]:
        columns = self.columns()
        rows = []
        for record in self.records(session):
            flat = {**record, **record["answers"]}
            rows.append([_cell(flat.get(key)) for key, _ in columns])
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
            totals.append(NetworkSchemeTotal(year, name, scheme, len(amounts), sum(amounts), estimate))
        return totals

    def export(self, session: Session, fmt: str) -> bytes:
        if fmt == "json":
            import json

            document = {"reports": self.records(session),
                        "totals": [total.to_json() for total in self.totals(session)]}
            return json.dumps(document, ensure_ascii=False, indent=2).encode()
        headers, rows = self.rows(session)
        if fmt == "csv":
            return to_csv(headers, rows).encode("utf-8-sig")
        if fmt == "xlsx":
            totals = self.totals(session)
            total_rows = [[t.year, t.network, t.scheme, t.reports, t.asked, t.estimate, t.difference] for t in totals]
            return to_xlsx([("Behovsmeldinger", headers, rows),
                            ("Sum per nettverk", ["År", "Nettverk", "Ordning", "Antall", "Sum omsøkt per år",
                                                  "Anslag (pro rata)", "Anslag minus omsøkt"], total_rows)])
        raise ValueError(f"ukjent format «{fmt}»; bruk json, csv eller xlsx")
