"""Write an allocation result as CSV (for Excel: semicolon, UTF-8 with BOM) or XLSX (openpyxl)."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from fractions import Fraction
from pathlib import Path

from calc.explain import COLUMN_HEADINGS, extra_column, table_columns
from calc.formatting import format_decimal
from calc.model import AllocationResult, NetworkAllocation, SchemeAllocation
from calc.output import json_number

NOK_FORMAT = '#,##0" kr"'
PERCENT_FORMAT = "0.00%"

CSV_COLUMNS: tuple[tuple[str, str], ...] = (
    ("scheme", "ordning"),
    ("network", "nettverk"),
    ("key", "nøkkel_prosent"),
    ("estimate", "anslag"),
    ("network_max", "maks_nettverk"),
    ("coordinator_max", "maks_koordinator"),
    ("uh_min", "min_uh"),
    ("egenandel", "egenandel"),
    ("andre_tiltak_max", "maks_andre_tiltak"),
    ("budget", "budsjett"),
    ("felles", "felles_tiltak"),
    ("prorata_pool", "pro_rata_pott"),
    ("behovspott", "behovspott"),
)


def _network_value(allocation: SchemeAllocation, network: NetworkAllocation, column: str) -> int | None:
    value: int | None = getattr(network, column) if hasattr(network, column) else getattr(allocation, column)
    return value


def csv_text(result: AllocationResult) -> str:
    """One row per scheme and network; kroner as plain integers, the key as percent with decimal comma."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([heading for _, heading in CSV_COLUMNS])
    for scheme_id, allocation in result.schemes.items():
        for network in allocation.networks:
            row: list[str] = []
            for column, _ in CSV_COLUMNS:
                if column == "scheme":
                    row.append(scheme_id)
                elif column == "network":
                    row.append(network.network)
                elif column == "key":
                    row.append(format_decimal(network.key * 100, 6).replace(" ", ""))
                else:
                    value = _network_value(allocation, network, column)
                    row.append("" if value is None else str(value))
            writer.writerow(row)
    return buffer.getvalue()


def write_csv(result: AllocationResult, path: Path) -> None:
    path.write_text(csv_text(result), encoding="utf-8-sig", newline="")


def _sheet_title(label: str) -> str:
    title = label[:1].upper() + label[1:]
    for bad in "[]:*?/\\":
        title = title.replace(bad, " ")
    return title[:31]


def write_xlsx(result: AllocationResult, path: Path, working: Mapping[str, str] | None = None) -> None:
    """One sheet per scheme (summary, table, totals; kroner formatted) and a sheet with the parameters.

    ``working`` maps scheme id -> the rendered explanation text, written under each scheme's table.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    bold = Font(bold=True)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for scheme_id, allocation in result.schemes.items():
        scheme = allocation.parameters
        sheet = workbook.create_sheet(_sheet_title(scheme.label))
        year = f" {result.year}" if result.year else ""
        sheet.append([f"{_sheet_title(scheme.label)}{year}: fordeling mellom kompetansenettverkene (plan {scheme.section})"])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([])
        for label, amount in (("Budsjett", allocation.budget),
                              (f"Felles kompetansetiltak, HINN ({format_decimal(scheme.felles_share * 100)} %)",
                               allocation.felles),
                              (f"Pro rata-pott ({format_decimal(scheme.pool_share * 100)} %)", allocation.prorata_pool),
                              ("Behovspott (fordeles etter behovsmeldingene)", allocation.behovspott)):
            sheet.append([label, amount])
            sheet.cell(row=sheet.max_row, column=2).number_format = NOK_FORMAT
        sheet.append([])
        columns = table_columns(scheme)
        sheet.append([COLUMN_HEADINGS[column][0] for column in columns])
        header_row = sheet.max_row
        for cell in sheet[header_row]:
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True)
        for network in allocation.networks:
            row: list[object] = []
            for column in columns:
                if column == "network":
                    row.append(network.network)
                elif column == "key":
                    row.append(network.key_float)
                else:
                    row.append(getattr(network, column))
            sheet.append(row)
        totals = allocation.totals()
        sheet.append(["Sum", 1.0 if allocation.networks else 0.0, *(totals[column] for column in columns[2:])])
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for row_cells in sheet.iter_rows(min_row=header_row + 1, max_row=sheet.max_row, min_col=2):
            for cell in row_cells:
                cell.number_format = PERCENT_FORMAT if cell.column == 2 else NOK_FORMAT
        if working and scheme_id in working:
            sheet.append([])
            for line in working[scheme_id].splitlines():
                sheet.append([line])
        sheet.column_dimensions["A"].width = max([26, *(len(n.network) + 2 for n in allocation.networks)])
        for letter in "BCDEFGH":
            sheet.column_dimensions[letter].width = 17
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=2)
    _parameter_sheet(workbook, result)
    workbook.save(path)


def _parameter_sheet(workbook: object, result: AllocationResult) -> None:
    from openpyxl.styles import Font
    from openpyxl.workbook import Workbook

    assert isinstance(workbook, Workbook)
    sheet = workbook.create_sheet("Parametre")
    bold = Font(bold=True)
    year = f" for {result.year}" if result.year else ""
    sheet.append([f"Parametre brukt{year} (planen, punkt {result.parameters.section})"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append(["Ordning", "Parameter", "Verdi", "Planpunkt"])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for scheme_id, allocation in result.schemes.items():
        scheme = allocation.parameters

        def percent(label: str, share: Fraction | None, scheme_id: str = scheme_id,
                    section: str = scheme.section) -> None:
            if share is not None:
                sheet.append([scheme_id, label, float(share), section])
                sheet.cell(row=sheet.max_row, column=3).number_format = "0.##%"

        percent("Felles kompetansetiltak (HINN), andel av budsjettet", scheme.felles_share)
        percent("Pro rata-pott, andel av budsjettet", scheme.pool_share)
        percent("Behovspott, andel av budsjettet", 1 - scheme.felles_share - scheme.pool_share)
        percent("Maks til nettverket, andel av anslaget", scheme.network_max_share)
        percent("Maks til koordinator, andel av anslaget", scheme.coordinator_max_share)
        percent("Egenandel, andel av anslaget (rundet opp)", scheme.egenandel_share)
        percent("Maks andre tiltak, andel av anslaget", scheme.andre_tiltak_max_share)
        if scheme.felles_only_when_permanent:
            sheet.append([scheme_id, "Ordningen er permanent (felles tiltak gjelder da)",
                          "ja" if scheme.permanent else "nei", scheme.section])
        for note in scheme.notes:
            sheet.append([scheme_id, "Merknad", note, scheme.section])
        for summary in allocation.measures:
            measure = summary.measure
            columns = " + ".join(column if coefficient == 1 else f"{json_number(coefficient)} × {column}"
                                 for column, coefficient in measure.columns).replace("+ -1 × ", "- ")
            used = "" if summary.included else " (utelatt: sum 0)"
            sheet.append([scheme_id, f"Mål: {measure.label} = {columns}, sum {format_decimal(summary.total)}{used}",
                          float(summary.weight_share), measure.section])
            sheet.cell(row=sheet.max_row, column=3).number_format = "0.##%"
        extra = extra_column(scheme)
        if extra:
            sheet.append([scheme_id, f"Tilleggskolonne: {COLUMN_HEADINGS[extra][1]}", "", scheme.section])
    sheet.append([])
    sheet.append(["Avrunding"])
    sheet.cell(row=sheet.max_row, column=1).font = bold
    for figure, rule in result.parameters.rounding.items():
        sheet.append([figure, rule])
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 90
    sheet.column_dimensions["C"].width = 12
    sheet.column_dimensions["D"].width = 10
