"""Import the networks' statistics from CSV or XLSX, as they come out of Excel.

CSV: comma, semicolon or tab separated; UTF-8 (with or without BOM), UTF-16 with BOM, or consistently
Windows-1252 / Mac Roman (``calc.textfile``; mixed encodings are refused); decimal comma or point; thousands separated by spaces, no-break spaces, dots or
commas. XLSX: the first sheet, streamed; numbers as numbers or as text. File size, rows and cells are
limited (``LIMITS``, ``calc.tablefile``). The heading row may be preceded by
title rows: it is the first row, among the first ten, that has a network heading.

Validation collects every problem (duplicate network, missing or duplicate column, empty or
non-numeric or negative value, all-zero column, an empty file; an unknown network unless new
networks are accepted) and raises one ``StatsImportError`` naming row and column of each; nothing
is imported when anything is wrong. Row numbers are the file's own (the heading is usually row 1,
so the first network is row 2).

Networks: the plan names none, and they change from year to year, so the secretariat's file is the
truth for its year. With ``accept_new_networks`` a name the register (``known_networks``) does not
know is taken as a new network (``StatsTable.new_networks``, each with its closest known name), and
the register's networks the file lacks are listed (``StatsTable.missing_networks``): the caller shows
both before anything is stored.
"""

from __future__ import annotations

import csv
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
from calc.tablefile import XLSX_MAGIC, TableFileError, TableLimits, check_size, read_table_rows
from calc.textfile import decode_text

__all__ = ["EXAMPLE_MARK", "EXAMPLE_SOURCE", "LIMITS", "MAX_NETWORK_NAME", "MAX_VALUE", "KnownNetwork", "NewNetwork",
           "StatsRow", "StatsTable", "build_table", "closest_name", "decode_text", "exact_decimal_text",
           "is_example_source", "read_rows", "read_stats", "required_columns_for", "table_from_records",
           "table_to_records"]

_HEADING_LOOKUP: dict[str, str] = {
    fold_name(alias): column for column, aliases in HEADING_ALIASES.items() for alias in (column, *aliases)
}
_SUM_ROW_NAMES = frozenset(fold_name(name) for name in ("sum", "total", "totalt", "i alt", "sum alle", "samlet",
                                                        "sum innlandet", "innlandet totalt"))
_HEADER_SEARCH_ROWS = 10
MAX_VALUE = 10**9
"""Largest value in a statistics cell (pupils, schools, full-time equivalents are far below a billion)."""
LIMITS = TableLimits(max_rows=500, heading_rows=_HEADER_SEARCH_ROWS)
"""Innlandet has a dozen networks; 500 rows is far above any real statistics file."""
MAX_NETWORK_NAME = 100
"""Longest network name (the database column's width)."""
EXAMPLE_SOURCE = "eksempelstatistikk-ikke-ekte-tall.csv"
"""The shipped example statistics' file name (``bot/data/examples``): figures from it are examples."""
EXAMPLE_MARK = "EKSEMPELTALL – ikke ekte statistikk"
"""Written on everything made from example figures (sheets, chart, CSV, chat)."""
_EXAMPLE_WORDS = ("ikke ekte", "ikke-ekte", "eksempeltall")
_SUGGESTION_CUTOFF = 70


def is_example_source(source: str | None) -> bool:
    """Whether statistics from ``source`` (a file name) are example figures, not real statistics."""
    if not source:
        return False
    folded = source.casefold()
    return EXAMPLE_SOURCE in folded or any(word in folded for word in _EXAMPLE_WORDS)


def closest_name(written: str, choices: Mapping[str, str], cutoff: int = _SUGGESTION_CUTOFF, *,
                 whole: bool = False) -> str | None:
    """The name whose spelling (a key of ``choices``, mapped to the name) is closest to ``written``.

    ``whole`` compares whole strings only (no partial matches: "skolene" is not "Friskolene"), for
    names picked out of free text."""
    if not choices or not written.strip():
        return None
    match = process.extractOne(written, list(choices), scorer=fuzz.ratio if whole else fuzz.WRatio,
                               processor=lambda text: text.casefold(), score_cutoff=cutoff)
    return choices[match[0]] if match else None


@dataclass(frozen=True)
class KnownNetwork:
    """A network the statistics may name: its display name and the other spellings people use."""

    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class NewNetwork:
    """A network name in the file that the register does not know: taken as a network of that year."""

    name: str
    row: int
    closest: str | None = None
    """The register's closest name, if any is close (a typo or a renamed network?)."""


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
    new_networks: tuple[NewNetwork, ...] = ()
    """Names the register does not know (only with ``accept_new_networks``), in the file's order."""
    missing_networks: tuple[str, ...] = ()
    """The register's networks that the file does not have (only when a register was given)."""
    example: bool = False
    """Example figures, not real statistics (the file says so in a title row, or it is the shipped example)."""
    year: int | None = None
    """The year the statistics were stored for, when they come from storage."""

    @property
    def networks(self) -> tuple[str, ...]:
        return tuple(row.network for row in self.rows)

    @property
    def renamed(self) -> tuple[tuple[str, str], ...]:
        """(as written, register name) for the rows whose name was read as another spelling (an alias)."""
        return tuple((row.written_as, row.network) for row in self.rows
                     if row.written_as and row.written_as != row.network
                     and row.network not in {new.name for new in self.new_networks})


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
        return closest_name(written, self.choices)


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


def _mentions_example(rows: Sequence[tuple[int, Sequence[object]]]) -> bool:
    text = " ".join(_cell_text(cell) for _, cells in rows for cell in cells).casefold()
    return any(word in text for word in _EXAMPLE_WORDS)


def build_table(
    rows: Sequence[tuple[int, Sequence[object]]],
    *,
    known_networks: Sequence[KnownNetwork] | None = None,
    required_columns: Collection[str] = VALUE_COLUMNS,
    source: str | None = None,
    accept_new_networks: bool = False,
) -> StatsTable:
    """Validate numbered raw rows (heading row included) and build the table, or raise with every issue.

    ``known_networks`` None accepts any name as it is written. With a register, a name is matched to
    it (name, id, aliases; case and accents ignored); an unknown name is an error, or with
    ``accept_new_networks`` a new network (listed in ``new_networks`` with the closest known name).
    """
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
    example = _mentions_example(content[:header_index]) or is_example_source(source)

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
    new_networks: list[NewNetwork] = []
    built: list[StatsRow] = []
    nonzero: set[str] = set()
    unreadable: set[str] = set()
    for number, cells in data_rows:
        row_ok = True

        def cell(column: str, cells: Sequence[object] = cells) -> object:
            position = positions[column]
            return cells[position] if position < len(cells) else None

        written = " ".join(_cell_text(cell(NETWORK)).split())
        network_heading = headings[NETWORK]
        name: str | None = None
        if not written:
            issues.append(Issue("mangler navn på nettverket.", number, network_heading))
            row_ok = False
        elif fold_name(written) in _SUM_ROW_NAMES:
            issues.append(Issue(f"«{written}» ser ut som en sumrad; fjern den fra fila.", number, network_heading))
            row_ok = False
        elif len(written) > MAX_NETWORK_NAME:
            issues.append(Issue(f"navnet på nettverket er lengre enn {MAX_NETWORK_NAME} tegn.", number,
                                network_heading))
            row_ok = False
        else:
            name = matcher.resolve(written)
            is_new = False
            if name is None and accept_new_networks:
                name, is_new = written, True
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
                if is_new:
                    new_networks.append(NewNetwork(name=name, row=number, closest=matcher.suggestion(written)))

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
            if value > MAX_VALUE:
                issues.append(Issue(f"«{_cell_text(raw)[:40]}» er urimelig stort; grensen er "
                                    f"{MAX_VALUE:,}".replace(",", " ") + ".", number, heading))
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
    missing = tuple(network.name for network in known_networks or () if fold_name(network.name) not in seen)
    return StatsTable(rows=tuple(built), columns=present, source=source, ignored_columns=tuple(ignored),
                      headings=headings, new_networks=tuple(new_networks), missing_networks=missing,
                      example=example)


def table_from_records(
    records: Iterable[Mapping[str, object]],
    *,
    known_networks: Sequence[KnownNetwork] | None = None,
    required_columns: Collection[str] = VALUE_COLUMNS,
    source: str | None = None,
    accept_new_networks: bool = False,
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
    return build_table(rows, known_networks=known_networks, required_columns=required_columns, source=source,
                       accept_new_networks=accept_new_networks)


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


def read_rows(data: bytes, name: str) -> list[tuple[int, list[object]]]:
    """The file's rows with content (CSV or XLSX, told apart by content), streamed and within ``LIMITS``."""
    try:
        return read_table_rows(data, LIMITS, _delimiter)
    except TableFileError as exc:
        raise StatsImportError([Issue(exc.message)], name) from None
    except Exception as exc:  # openpyxl and zipfile raise many types for a broken workbook
        if not data.startswith(XLSX_MAGIC):
            raise
        raise StatsImportError([Issue(f"kan ikke åpne regnearket ({type(exc).__name__}); lagre det på nytt "
                                      "som .xlsx eller .csv.")], name) from None


def read_stats(
    source: Path | str | bytes,
    *,
    filename: str | None = None,
    known_networks: Sequence[KnownNetwork] | None = None,
    required_columns: Collection[str] = VALUE_COLUMNS,
    accept_new_networks: bool = False,
) -> StatsTable:
    """Read and validate a statistics file (CSV or XLSX, told apart by content, not name).

    ``known_networks`` None accepts any network name; with a register, ``accept_new_networks`` takes
    the names it does not know as new networks (see ``build_table``). ``required_columns`` are the
    value columns the caller needs (by default all seven); others are read when present and otherwise
    ignored.
    """
    if isinstance(source, bytes):
        data, name = source, filename or "statistikken"
    else:
        path = Path(source)
        name = filename or path.name
        try:
            check_size(path.stat().st_size, LIMITS)  # before reading a huge file into memory
            data = path.read_bytes()
        except TableFileError as exc:
            raise StatsImportError([Issue(exc.message)], name) from None
        except OSError as exc:
            reason = "finnes ikke" if isinstance(exc, FileNotFoundError) else f"kan ikke leses ({exc.strerror})"
            raise StatsImportError([Issue(f"fila {path} {reason}.")], name) from None
    rows = read_rows(data, name)
    return build_table(rows, known_networks=known_networks, required_columns=required_columns, source=name,
                       accept_new_networks=accept_new_networks)
