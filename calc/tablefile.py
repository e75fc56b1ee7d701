"""Read the rows of an uploaded or imported table (CSV or XLSX) within fixed limits, streaming.

XLSX is streamed row by row with openpyxl's sheet parser and CSV row by row; reading stops at the first
limit that is passed, so a 5 MB workbook with a million rows costs no more than its first few thousand.
Every limit gives a ``TableFileError`` with a Norwegian message that names the limit. The same limits
apply to every import of a table: the statistics (CLI), the contact list (CLI and Slack uploads).
"""

from __future__ import annotations

import csv
import io
import posixpath
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from xml.etree import ElementTree

from calc.textfile import TextDecodeError, decode_text

MAX_FILE_BYTES = 5 * 1024 * 1024
"""Largest file accepted (bytes), CSV or XLSX, from the command line or uploaded in Slack."""
MAX_COLUMNS = 100
"""Most columns in one row (trailing empty cells are not counted)."""
MAX_CELLS = 250_000
"""Most non-empty cells in the whole file."""
MAX_CELL_CHARS = 2_000
"""Longest text in one cell."""
MAX_SCANNED_ROWS = 100_000
"""Most rows read, empty ones included (a sheet with content at row 1 048 576 is refused, quickly)."""
MAX_XLSX_PART_BYTES = 16 * 1024 * 1024
"""Largest unpacked size of a workbook part that openpyxl reads whole (shared strings, styles, ...)."""
SNIFF_CHARS = 64 * 1024
"""The CSV delimiter is chosen from (at most) this much of the text's beginning."""
XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"

Row = tuple[int, list[object]]


class TableFileError(ValueError):
    """The file breaks a limit or cannot be read; ``row`` is the file's own row number when known."""

    def __init__(self, message: str, row: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.row = row


@dataclass(frozen=True)
class TableLimits:
    """``max_rows`` rows with content, plus ``heading_rows`` for a heading and title rows above it."""

    max_rows: int
    heading_rows: int = 10
    max_bytes: int = MAX_FILE_BYTES
    max_columns: int = MAX_COLUMNS
    max_cells: int = MAX_CELLS
    max_cell_chars: int = MAX_CELL_CHARS
    max_scanned_rows: int = MAX_SCANNED_ROWS


def grouped(number: int) -> str:
    return f"{number:,}".replace(",", "\u00a0")


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def check_size(size: int, limits: TableLimits) -> None:
    if size > limits.max_bytes:
        raise TableFileError(f"Fila er for stor ({megabytes(size)} MB); grensen er {megabytes(limits.max_bytes)} MB.")


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def bounded_rows(rows: Iterator[tuple[int, list[object]]], limits: TableLimits) -> Iterator[Row]:
    """The rows with content (trailing empty cells dropped), stopping with ``TableFileError`` at a limit."""
    content = cells = 0
    for scanned, (number, raw) in enumerate(rows, start=1):
        if scanned > limits.max_scanned_rows:
            raise TableFileError(f"Fila har for mange rader: mer enn {grouped(limits.max_scanned_rows)} rader "
                                 "medregnet tomme rader.", number)
        values = list(raw)
        while values and _is_blank(values[-1]):
            values.pop()
        if not values:
            continue
        if len(values) > limits.max_columns:
            raise TableFileError(f"Rad {number} har for mange kolonner ({grouped(len(values))}); grensen er "
                                 f"{grouped(limits.max_columns)}.", number)
        for position, value in enumerate(values, start=1):
            if isinstance(value, str) and len(value) > limits.max_cell_chars:
                raise TableFileError(f"Rad {number}, kolonne {position}: cellen er for lang "
                                     f"({grouped(len(value))} tegn); grensen er {grouped(limits.max_cell_chars)} "
                                     "tegn.", number)
        cells += sum(1 for value in values if not _is_blank(value))
        if cells > limits.max_cells:
            raise TableFileError(f"Fila har for mange utfylte celler: mer enn {grouped(limits.max_cells)}.", number)
        content += 1
        if content > limits.max_rows + limits.heading_rows:
            raise TableFileError(f"Fila har for mange rader: grensen er {grouped(limits.max_rows)} rader med data "
                                 f"(pluss overskrift). Rad {number} er over grensen.", number)
        yield number, values


def _check_workbook(data: bytes) -> None:
    """Refuse a zip bomb: parts that openpyxl reads whole must be small when unpacked (zipfile reads no
    more than the declared size, so the declared size is a real bound)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if info.filename.startswith("xl/worksheets/"):
                continue  # streamed row by row
            if info.file_size > MAX_XLSX_PART_BYTES:
                raise TableFileError(f"Regnearket er for stort utpakket ({info.filename} er "
                                     f"{megabytes(info.file_size)} MB; grensen er "
                                     f"{megabytes(MAX_XLSX_PART_BYTES)} MB).")


_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DOC_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _part_path(base: str, target: str) -> str:
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, part path) for ``part`` (e.g. ``xl/workbook.xml``)."""
    folder, name = posixpath.split(part)
    rels_path = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels_path not in archive.namelist():
        return {}
    root = ElementTree.fromstring(archive.read(rels_path))
    return {str(rel.get("Id")): (str(rel.get("Type", "")), _part_path(folder, str(rel.get("Target", ""))))
            for rel in root.iter(f"{_REL_NS}Relationship")}


def _first_sheet(archive: zipfile.ZipFile) -> tuple[str, str | None]:
    """The first worksheet's part path and the shared strings' part path (if any)."""
    workbook = next((path for kind, path in _relationships(archive, "").values()
                     if kind.endswith("/officeDocument")), "xl/workbook.xml")
    relationships = _relationships(archive, workbook)
    sheet = next(ElementTree.fromstring(archive.read(workbook)).iter(f"{_MAIN_NS}sheet"), None)
    if sheet is None or sheet.get(_DOC_REL_ID) not in relationships:
        raise TableFileError("Regnearket har ingen ark.")
    strings = next((path for kind, path in relationships.values() if kind.endswith("/sharedStrings")), None)
    return relationships[str(sheet.get(_DOC_REL_ID))][1], strings


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[object]]]:
    """The first sheet's rows, streamed with openpyxl's own sheet parser (what its read-only mode uses).

    ``load_workbook(read_only=True)`` itself is not used: for a sheet without a ``<dimension>`` element
    it parses the whole sheet just to find its size (minutes for a million rows).
    """
    from openpyxl.reader.strings import read_string_table
    from openpyxl.worksheet._reader import WorkSheetParser

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet_path, strings_path = _first_sheet(archive)
        strings: list[str] = []
        if strings_path is not None and strings_path in archive.namelist():
            with archive.open(strings_path) as source:
                strings = read_string_table(source)
        with archive.open(sheet_path) as source:
            expected = 1
            for number, cells in WorkSheetParser(source, strings, data_only=True).parse():
                while expected < number:  # rows that are not in the file are empty
                    yield expected, []
                    expected += 1
                width = max((int(cell["column"]) for cell in cells), default=0)
                values: list[object] = [None] * width
                for cell in cells:
                    values[int(cell["column"]) - 1] = cell["value"]
                yield number, values
                expected = number + 1


def _csv_rows(text: str, delimiter: str) -> Iterator[tuple[int, list[object]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:
            raise TableFileError(f"Rad {reader.line_num}: kan ikke lese CSV-raden (en celle er for lang eller et "
                                 "anførselstegn mangler).", reader.line_num) from None
        yield reader.line_num, list(cells)


def read_table_rows(data: bytes, limits: TableLimits, delimiter: Callable[[str], str]) -> list[Row]:
    """The rows with content of a CSV or XLSX file (told apart by content), numbered as in the file.

    ``delimiter`` picks the CSV delimiter from the text. Raises ``TableFileError`` for a limit, a text
    that cannot be decoded or the old .xls format; other errors come from a broken workbook.
    """
    check_size(len(data), limits)
    if data.startswith(XLS_MAGIC):
        raise TableFileError("Det gamle Excel-formatet (.xls) støttes ikke; lagre som .xlsx eller .csv.")
    if data.startswith(XLSX_MAGIC):
        _check_workbook(data)
        source: Iterator[tuple[int, list[object]]] = _xlsx_rows(data)
    else:
        try:
            text = decode_text(data)
        except TextDecodeError as exc:
            raise TableFileError(str(exc)) from None
        try:  # the delimiter is chosen from the first lines; a broken one is reported by the reader below
            chosen = delimiter(text[:SNIFF_CHARS])
        except csv.Error:
            chosen = ";"
        source = _csv_rows(text, chosen)
    try:
        return list(bounded_rows(source, limits))
    finally:
        close = getattr(source, "close", None)
        if callable(close):
            close()
