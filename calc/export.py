"""Write an allocation result as CSV (for Excel: semicolon, UTF-8 with BOM) or XLSX (openpyxl).

Everything made from example statistics (``calc.stats.EXAMPLE_MARK``: the shipped example file, or a
file that says so) is marked: every sheet of the workbook, and every row of the CSV.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any

from calc.columns import COLUMN_LABELS
from calc.explain import COLUMN_HEADINGS, extra_column, rounding_rows, scheme_name, table_columns
from calc.formatting import format_decimal
from calc.model import AllocationResult, NetworkAllocation, SchemeAllocation
from calc.output import json_number
from calc.stats import EXAMPLE_MARK, StatsTable, is_example_source

NOK_FORMAT = '#,##0" kr"'
PERCENT_FORMAT = "0.00%"
STATS_SHEET = "Statistikk"
PARAMETER_SHEET = "Parametre"
EXAMPLE_COLOUR = "C00000"

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
CSV_MARK_COLUMN = "merknad"


def is_example(result: AllocationResult, stats: StatsTable | None = None, example: bool | None = None) -> bool:
    """Whether the result was made from example figures: as told, else as the statistics or their source say."""
    if example is not None:
        return example
    if stats is not None and stats.example:
        return True
    return is_example_source(stats.source if stats is not None else result.stats_source)


def _network_value(allocation: SchemeAllocation, network: NetworkAllocation, column: str) -> int | None:
    value: int | None = getattr(network, column) if hasattr(network, column) else getattr(allocation, column)
    return value


def csv_text(result: AllocationResult, *, example: bool | None = None) -> str:
    """One row per scheme and network; kroner as plain integers, the key as percent with decimal comma.

    From example figures every row ends with a ``merknad`` column saying so."""
    marked = is_example(result, example=example)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([heading for _, heading in CSV_COLUMNS] + ([CSV_MARK_COLUMN] if marked else []))
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
            writer.writerow(row + ([EXAMPLE_MARK] if marked else []))
    return buffer.getvalue()


def write_csv(result: AllocationResult, path: Path, *, example: bool | None = None) -> None:
    path.write_text(csv_text(result, example=example), encoding="utf-8-sig", newline="")


def _sheet_title(label: str) -> str:
    title = label[:1].upper() + label[1:]
    for bad in "[]:*?/\\":
        title = title.replace(bad, " ")
    return title[:31]


def _mark_sheet(sheet: Any) -> None:
    """The example mark as the sheet's first row (red, bold), in the printed header, and a red tab."""
    from openpyxl.styles import Font, PatternFill

    sheet.insert_rows(1)
    sheet["A1"] = EXAMPLE_MARK
    sheet["A1"].font = Font(bold=True, size=14, color="FFFFFF")
    sheet["A1"].fill = PatternFill("solid", fgColor=EXAMPLE_COLOUR)
    sheet.sheet_properties.tabColor = EXAMPLE_COLOUR
    sheet.oddHeader.center.text = EXAMPLE_MARK
    sheet.evenHeader.center.text = EXAMPLE_MARK


def write_xlsx(result: AllocationResult, path: Path, working: Mapping[str, str] | None = None, *,
               stats: StatsTable | None = None, example: bool | None = None) -> None:
    """One sheet per scheme (summary, table, totals; kroner formatted), the statistics used (when
    ``stats`` is given: every column, the source file and year) and the parameters in plain Norwegian.

    ``working`` maps scheme id -> the rendered explanation text, written under each scheme's table.
    From example figures (``is_example``) every sheet starts with the example mark.
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
    if stats is not None:
        _stats_sheet(workbook, result, stats)
    _parameter_sheet(workbook, result)
    if is_example(result, stats, example):
        for sheet in workbook.worksheets:
            frozen = sheet.freeze_panes
            sheet.freeze_panes = None
            _mark_sheet(sheet)
            if frozen:
                sheet.freeze_panes = sheet[frozen].offset(row=1)
    workbook.save(path)


def _stats_sheet(workbook: Any, result: AllocationResult, stats: StatsTable) -> None:
    """The statistics the allocation used: one row per network, every column read, with source and year."""
    from openpyxl.styles import Alignment, Font

    sheet = workbook.create_sheet(STATS_SHEET)
    bold = Font(bold=True)
    stats_year = stats.year if stats.year is not None else result.year
    sheet.append([f"Statistikken som er brukt{f' ({stats_year})' if stats_year else ''}"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append(["Kildefil", stats.source or "ikke oppgitt"])
    sheet.append(["Statistikk for året", stats_year if stats_year else "ikke oppgitt"])
    if stats.year is not None and result.year is not None and stats.year != result.year:
        sheet.append(["Merk", f"Statistikk for {result.year} er ikke registrert; tallene for {stats.year} er brukt."])
    sheet.append(["Antall nettverk", len(stats.rows)])
    sheet.append([])
    new = {network.name for network in stats.new_networks}
    headings = ["Nettverk", *(COLUMN_LABELS[column][:1].upper() + COLUMN_LABELS[column][1:] for column in stats.columns)]
    if new:
        headings.append("Merknad")
    sheet.append(headings)
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True)
    for stats_row in stats.rows:
        values: list[object] = [stats_row.network]
        values += [json_number(stats_row.values[column]) for column in stats.columns]
        if new:
            values.append("nytt nettverk (ikke i registeret)" if stats_row.network in new else "")
        sheet.append(values)
    sums = [json_number(sum((row.values[column] for row in stats.rows), Fraction(0))) for column in stats.columns]
    sheet.append(["Sum", *sums])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for row_cells in sheet.iter_rows(min_row=header_row + 1, max_row=sheet.max_row, min_col=2,
                                     max_col=1 + len(stats.columns)):
        for cell in row_cells:
            cell.number_format = "# ##0.##"
    if stats.missing_networks:
        sheet.append([])
        sheet.append(["Nettverk i registeret som mangler i fila (får ingen andel)", ", ".join(stats.missing_networks)])
    sheet.column_dimensions["A"].width = max([28, *(len(row.network) + 2 for row in stats.rows)])
    for index in range(2, len(headings) + 1):
        sheet.column_dimensions[sheet.cell(row=header_row, column=index).column_letter].width = 18
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=2)


def _parameter_sheet(workbook: Any, result: AllocationResult) -> None:
    """The model's rules in plain Norwegian, each with its value and the plan section it comes from."""
    from openpyxl.styles import Alignment, Font

    sheet = workbook.create_sheet(PARAMETER_SHEET)
    bold = Font(bold=True)
    year = f" for {result.year}" if result.year else ""
    sheet.append([f"Parametre brukt{year} (planen, punkt {result.parameters.section})"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append(["Ordning", "Regel", "Verdi", "Planpunkt"])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for allocation in result.schemes.values():
        scheme = allocation.parameters
        name = scheme_name(scheme)

        def percent(label: str, share: Fraction | None, name: str = name, section: str = scheme.section) -> None:
            if share is not None:
                sheet.append([name, label, float(share), section])
                sheet.cell(row=sheet.max_row, column=3).number_format = "0.##%"

        percent("Felles kompetansetiltak (overføres til HINN), andel av budsjettet", scheme.felles_share)
        percent("Pro rata-pott, andel av budsjettet", scheme.pool_share)
        percent("Behovspott (fordeles etter behovsmeldingene), andel av budsjettet",
                1 - scheme.felles_share - scheme.pool_share)
        percent("Inntil dette kan gå til kompetansenettverket, andel av anslaget", scheme.network_max_share)
        percent("Inntil dette kan gå til regional koordinator (av nettverkets del), andel av anslaget",
                scheme.coordinator_max_share)
        percent("Minst dette går til partnerskapet med UH, andel av anslaget", 1 - scheme.network_max_share)
        percent("Egenandel (eiernes egenfinansiering, i tillegg til tilskuddet), andel av anslaget, rundet opp",
                scheme.egenandel_share)
        percent("Inntil dette kan brukes til andre kompetansetiltak planen nevner, andel av anslaget",
                scheme.andre_tiltak_max_share)
        if scheme.felles_only_when_permanent:
            sheet.append([name, "Ordningen er permanent (felles kompetansetiltak gjelder først da)",
                          "ja" if scheme.permanent else "nei", scheme.section])
        for note in scheme.notes:
            sheet.append([name, f"Merknad: {note}", "", scheme.section])
        for summary in allocation.measures:
            measure = summary.measure
            columns = " + ".join(column if coefficient == 1 else f"{json_number(coefficient)} × {column}"
                                 for column, coefficient in measure.columns).replace("+ -1 × ", "- ")
            used = "" if summary.included else "; utelatt fordi summen er 0"
            sheet.append([name, f"Mål i nøkkelen: {measure.label}, vekt i snittet (kolonner i statistikkfila: "
                                f"{columns}; sum {format_decimal(summary.total)}{used})",
                          float(summary.weight_share), measure.section])
            sheet.cell(row=sheet.max_row, column=3).number_format = "0.##%"
        sheet.append([name, "Nøkkel per nettverk: snittet av nettverkets andeler av målene over; anslaget er "
                            "pro rata-potten ganger nøkkelen", "", scheme.section])
        extra = extra_column(scheme)
        if extra:
            sheet.append([name, f"Egen kolonne i tabellen: {COLUMN_HEADINGS[extra][1]}", "", scheme.section])
    sheet.append([])
    sheet.append(["Avrunding"])
    sheet.cell(row=sheet.max_row, column=1).font = bold
    for figure, rule in rounding_rows(result.parameters.rounding):
        sheet.append([figure, rule, "", "fast regel (ikke fra planen)"])
    for row_cells in sheet.iter_rows(min_row=4, max_row=sheet.max_row, min_col=2, max_col=2):
        for cell in row_cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 90
    sheet.column_dimensions["C"].width = 12
    sheet.column_dimensions["D"].width = 24
