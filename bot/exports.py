"""Tabular exports (CSV, XLSX, JSON) that a spreadsheet can never run as formulas; dates stay dates."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def spreadsheet_safe(value: Any) -> Any:
    """Text that Excel or LibreOffice would read as a formula gets a leading apostrophe.

    Numbers stay numbers; only text is touched (OWASP "CSV injection").
    """
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    if isinstance(value, (list, tuple)):
        return spreadsheet_safe(", ".join(str(item) for item in value))
    if isinstance(value, dict):
        return spreadsheet_safe(json.dumps(value, ensure_ascii=False))
    return value


DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


def _csv_cell(value: Any) -> Any:
    """Dates as ISO dates a spreadsheet recognises (``2027-01-25 10:00``), never Python's repr."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return spreadsheet_safe(value)


def to_csv(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([spreadsheet_safe(header) for header in headers])
    for row in rows:
        writer.writerow([_csv_cell(cell) for cell in row])
    return buffer.getvalue()


def to_xlsx(sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence[Any]]]]) -> bytes:
    """One worksheet per (title, headers, rows); every text cell is stored as text, never a formula."""
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append([str(header) for header in headers])
        for row in rows:
            sheet.append([spreadsheet_safe(cell) for cell in row])
        for cells in sheet.iter_rows():
            for cell in cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
                elif isinstance(cell.value, datetime):
                    cell.number_format = DATETIME_FORMAT  # a date cell: sorts and filters as a date
                elif isinstance(cell.value, date):
                    cell.number_format = DATE_FORMAT
        for index, header in enumerate(headers, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = min(60, max(12, len(str(header)) + 2))
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
