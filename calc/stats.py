"""Import the networks' statistics from CSV or XLSX, as they come out of Excel.

CSV: comma, semicolon or tab separated; UTF-8 (with or without BOM), UTF-16 with BOM or
Windows-1252; decimal comma or point; thousands separated by spaces, no-break spaces, dots or
commas. XLSX: the first sheet; numbers as numbers or as text. The heading row may be preceded by
title rows: it is the first row, among the first ten, that has a network heading.

Validation collects every problem (unknown or duplicate network, missing or duplicate column,
empty or non-numeric or negative value, all-zero column, an empty file) and raises one
``StatsImportError`` naming row and column of each; nothing is imported when anything is wrong.
Row numbers are the file's own (the heading is usually row 1, so the first network is row 2).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from rapidfuzz import fuzz, process

from calc.columns import COLUMN_LABELS, HEADING_ALIASES, MAY_BE_ALL_ZERO, NETWORK, VALUE_COLUMNS
from calc.errors import Issue, StatsImportError
from calc.numbers import NumberFormatError, fold_name, parse_number

_HEADING_LOOKUP: dict[str, str] = {
    fold_name(alias): column for column, aliases in HEADING_ALIASES.items() for alias in (column, *aliases)
}
_SUM_ROW_NAMES = frozenset(fold_name(name) for name in ("sum", "total", "totalt", "i alt", "sum alle", "samlet",
                                                        "sum innlandet", "innlandet totalt"))
_HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True)
class KnownNetwork:
    """A network the statistics may name: its display name and the other spellings people use."""

    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class StatsRow:
    network: str
    values: Mapping[str, Fraction]
    row: int = 0
    written_as: str = ""


@dataclass(frozen=True)
class StatsTable:
    """Validated statistics: one row per network, in the file's order, exact values."""

    rows: tuple[StatsRow, ...]
    columns: tuple[str, ...]
    source: str | None = None
    ignored_columns: tuple[str, ...] = ()
    headings: Mapping[str, str] = field(default_factory=dict)

    @property
    def networks(self) -> tuple[str, ...]:
        return tuple(row.network for row in self.rows)


def required_columns_for(measures_columns: Iterable[Iterable[str]]) -> tuple[str, ...]:
    wanted = {column for columns in measures_columns for column in columns}
    return tuple(column for column in VALUE_COLUMNS if column in wanted)


class _NetworkMatcher:
    """Resolves what the file calls a network to the known network's name (accent/case-insensitive)."""

    def __init__(self, known: Sequence[KnownNetwork] | None) -> None:
        self.known = known
        self.lookup: dict[str, str] = {}
        self.choices: dict[str, str] = {}
        for network in known or ():
            for spelling in (network.name, *network.aliases):
                self.lookup.setdefault(fold_name(spelling), network.name)
                self.choices[spelling] = network.name

    def resolve(self, written: str) -> str | None:
        if self.known is None:
            return written
        return self.lookup.get(fold_name(written))

    def suggestion(self, written: str) -> str | None:
        if not self.choices:
            return None
        match = process.extractOne(written, list(self.choices), scorer=fuzz.WRatio,
                                   processor=lambda text: text.casefold(), score_cutoff=60)
        return self.choices[match[0]] if match else None


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _cell_number(value: object) -> Fraction:
    """A cell's exact value; numbers from XLSX arrive as int/float (float via its shortest repr)."""
    if isinstance(value, bool):
        raise NumberFormatError(f"«{value}» er ikke et tall")
    if isinstance(value, int | Fraction):
        return Fraction(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise NumberFormatError(f"«{value}» er ikke et tall")
        return Fraction(Decimal(repr(value)))
    if isinstance(value, Decimal):
        return Fraction(value)
    return parse_number(str(value))


def _heading_column(heading: str) -> str | None:
    folded = fold_name(heading)
    if folded in _HEADING_LOOKUP:
        return _HEADING_LOOKUP[folded]
    without_brackets = fold_name(re.sub(r"\(.*?\)|\[.*?\]", " ", heading))
    return _HEADING_LOOKUP.get(without_brackets) if without_brackets else None


def _is_blank(cells: Sequence[object]) -> bool:
    return all(_cell_text(cell) == "" for cell in cells)


def build_table(
    rows: Sequence[tuple[int, Sequence[object]]],
    *,
    known_networks: Sequence[KnownNetwork] | None = None,
    required_columns: Collection[str] = VALUE_COLUMNS,
    source: str | None = None,
) -> StatsTable:
    """Validate numbered raw rows (heading row included) and build the table, or raise with every issue."""
    issues: list[Issue] = []
    content = [(number, cells) for number, cells in rows if not _is_blank(cells)]
    if not content:
        raise StatsImportError([Issue("Fila er tom.")], source)
    header_index = 0
    for index, (_, cells) in enumerate(content[:_HEADER_SEARCH_ROWS]):
        if any(_heading_column(_cell_text(cell)) == NETWORK for cell in cells):
            header_index = index
            break
    header_row, header_cells = content[header_index]
    data_rows = content[header_index + 1:]

    positions: dict[str, int] = {}
    headings: dict[str, str] = {}
    ignored: list[str] = []
    for position, cell in enumerate(header_cells):
        heading = _cell_text(cell)
        if not heading:
            continue
        column = _heading_column(heading)
        if column is None:
            ignored.append(heading)
        elif column in positions:
            issues.append(Issue(f"kolonnene «{headings[column]}» og «{heading}» betyr begge {column} "
                                f"({COLUMN_LABELS[column]}); fjern den ene.", header_row, heading))
        else:
            positions[column] = position
            headings[column] = heading
    needed = [NETWORK, *(column for column in VALUE_COLUMNS if column in set(required_columns))]
    for column in needed:
        if column not in positions:
            first, second = HEADING_ALIASES[column][1:3]
            issues.append(Issue(f"mangler kolonnen {column} ({COLUMN_LABELS[column]}); kall den for eksempel "
                                f"«{first}», «{second}» eller «{column}».", header_row))
    if not data_rows:
        issues.append(Issue("fila har en overskriftsrad, men ingen rader med nettverk.", header_row))
    if NETWORK not in positions:
        raise StatsImportError(issues, source)

    present = tuple(column for column in VALUE_COLUMNS if column in positions)
    matcher = _NetworkMatcher(known_networks)
    seen: dict[str, int] = {}
    built: list[StatsRow] = []
    nonzero: set[str] = set()
    unreadable: set[str] = set()
    for number, cells in data_rows:
        row_ok = True

        def cell(column: str, cells: Sequence[object] = cells) -> object:
            position = positions[column]
            return cells[position] if position < len(cells) else None

        written = _cell_text(cell(NETWORK))
        network_heading = headings[NETWORK]
        name: str | None = None
        if not written:
            issues.append(Issue("mangler navn på nettverket.", number, network_heading))
            row_ok = False
        elif fold_name(written) in _SUM_ROW_NAMES:
            issues.append(Issue(f"«{written}» ser ut som en sumrad; fjern den fra fila.", number, network_heading))
            row_ok = False
        else:
            name = matcher.resolve(written)
            if name is None:
                hint = matcher.suggestion(written)
                issues.append(Issue(f"ukjent nettverk «{written}»." + (f" Mente du «{hint}»?" if hint else ""),
                                    number, network_heading))
                row_ok = False
            elif fold_name(name) in seen:
                same = "" if fold_name(written) == fold_name(name) else f" ({name})"
                issues.append(Issue(f"«{written}»{same} står også på rad {seen[fold_name(name)]}; "
                                    "hvert nettverk skal ha én rad.", number, network_heading))
                row_ok = False
            else:
                seen[fold_name(name)] = number

        values: dict[str, Fraction] = {}
        for column in present:
            raw = cell(column)
            heading = headings[column]
            if _cell_text(raw) == "":
                issues.append(Issue("tom celle; skriv 0 hvis verdien er null.", number, heading))
                unreadable.add(column)
                row_ok = False
                continue
            try:
                value = _cell_number(raw)
            except NumberFormatError:
                issues.append(Issue(f"«{_cell_text(raw)}» er ikke et tall.", number, heading))
                unreadable.add(column)
                row_ok = False
                continue
            if value != 0:
                nonzero.add(column)
            if value < 0:
                issues.append(Issue(f"negative tall er ikke lov ({_cell_text(raw)}).", number, heading))
                row_ok = False
                continue
            values[column] = value
        vocational = values.get("yrkesfaglaerer_arsverk")
        teachers = values.get("laerer_arsverk")
        if vocational is not None and teachers is not None and vocational > teachers:
            issues.append(Issue(f"yrkesfaglærerårsverk ({_cell_text(cell('yrkesfaglaerer_arsverk'))}) er flere enn "
                                f"lærerårsverk ({_cell_text(cell('laerer_arsverk'))}); lærerårsverk skal "
                                "inkludere yrkesfaglærerne.", number, headings["yrkesfaglaerer_arsverk"]))
            row_ok = False
        if row_ok and name is not None:
            built.append(StatsRow(network=name, values=values, row=number, written_as=written))

    if data_rows:
        for column in present:
            if (column in required_columns and column not in MAY_BE_ALL_ZERO and column not in nonzero
                    and column not in unreadable):
                issues.append(Issue(f"alle verdiene er 0; sjekk at riktig kolonne er med ({COLUMN_LABELS[column]}).",
                                    header_row, headings[column]))
    if issues:
        raise StatsImportError(issues, source)
    return StatsTable(rows=tuple(built), columns=present, source=source, ignored_columns=tuple(ignored),
                      headings=headings)


def table_from_records(
    records: Iterable[Mapping[str, object]],
    *,
    known_networks: Sequence[KnownNetwork] | None = None,
    required_columns: Collection[str] = VALUE_COLUMNS,
    source: str | None = None,
) -> StatsTable:
    """Build a validated table from dicts keyed by column name (canonical or Norwegian headings)."""
    records = list(records)
    headings: list[str] = []
    for record in records:
        for key in record:
            if key not in headings:
                headings.append(key)
    rows: list[tuple[int, Sequence[object]]] = [(1, headings)]
    rows += [(index + 2, [record.get(key) for key in headings]) for index, record in enumerate(records)]
    return build_table(rows, known_networks=known_networks, required_columns=required_columns, source=source)


def exact_decimal_text(value: Fraction) -> str:
    """``Fraction(25, 2)`` -> ``"12.5"``, exactly (for storing values as JSON text); raises
    ``ValueError`` for a value with no finite decimal form (never the case for imported values)."""
    denominator = value.denominator
    twos = fives = 0
    while denominator % 2 == 0:
        denominator //= 2
        twos += 1
    while denominator % 5 == 0:
        denominator //= 5
        fives += 1
    if denominator != 1:
        raise ValueError(f"{value} has no finite decimal form")
    places = max(twos, fives)
    scaled = value * 10**places
    sign = "-" if scaled < 0 else ""
    digits = str(abs(scaled.numerator)).rjust(places + 1, "0")
    return sign + (f"{digits[:-places]}.{digits[-places:]}" if places else digits)


def table_to_records(table: StatsTable) -> list[dict[str, str]]:
    """The table as plain records (exact decimal strings), in order; ``table_from_records`` reads them back."""
    return [{NETWORK: row.network, **{column: exact_decimal_text(row.values[column]) for column in table.columns}}
            for row in table.rows]


def decode_text(data: bytes) -> str:
    """UTF-8 (BOM or not), UTF-16 with BOM, else Windows-1252 (Excel's "CSV (semikolondelt)")."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _delimiter(text: str) -> str:
    """The delimiter that makes one of the first lines a heading row with a network column; else the
    most frequent of ; tab , on the first non-empty line."""
    lines = [line for line in text.splitlines() if line.strip()][:_HEADER_SEARCH_ROWS]
    for delimiter in (";", "\t", ","):
        for cells in csv.reader(lines, delimiter=delimiter):
            if len(cells) > 1 and any(_heading_column(cell) == NETWORK for cell in cells):
                return delimiter
    header = lines[0] if lines else ""
    counts = {delimiter: header.count(delimiter) for delimiter in (";", "\t", ",")}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] > 0 else ";"


def read_csv_rows(data: bytes) -> list[tuple[int, list[object]]]:
    text = decode_text(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    return [(reader.line_num, list(cells)) for cells in reader]


def read_xlsx_rows(data: bytes) -> list[tuple[int, list[object]]]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        reset = getattr(sheet, "reset_dimensions", None)
        if callable(reset):  # some writers store a wrong sheet size; read every row that is there
            reset()
        rows: list[tuple[int, list[object]]] = []
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            rows.append((number, list(cells)))
        return rows
    finally:
        workbook.close()


def read_stats(
    source: Path | str | bytes,
    *,
    filename: str | None = None,
    known_networks: Sequence[KnownNetwork] | None = None,
    required_columns: Collection[str] = VALUE_COLUMNS,
) -> StatsTable:
    """Read and validate a statistics file (CSV or XLSX, told apart by content, not name).

    ``known_networks`` None accepts any network name. ``required_columns`` are the value columns
    the caller needs (by default all seven); others are read when present and otherwise ignored.
    """
    if isinstance(source, bytes):
        data, name = source, filename or "statistikken"
    else:
        path = Path(source)
        name = filename or path.name
        try:
            data = path.read_bytes()
        except OSError as exc:
            reason = "finnes ikke" if isinstance(exc, FileNotFoundError) else f"kan ikke leses ({exc.strerror})"
            raise StatsImportError([Issue(f"fila {path} {reason}.")], name) from None
    if data.startswith(b"PK\x03\x04"):
        try:
            rows = read_xlsx_rows(data)
        except Exception as exc:  # openpyxl raises many types for a broken workbook
            raise StatsImportError([Issue(f"kan ikke åpne regnearket ({type(exc).__name__}); lagre det på nytt "
                                          "som .xlsx eller .csv.")], name) from None
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise StatsImportError([Issue("det gamle Excel-formatet (.xls) støttes ikke; lagre som .xlsx eller .csv.")],
                               name)
    else:
        rows = read_csv_rows(data)
    return build_table(rows, known_networks=known_networks, required_columns=required_columns, source=name)
