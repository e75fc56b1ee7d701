from fractions import Fraction
from pathlib import Path

import pytest
from openpyxl import Workbook

from calc.columns import VALUE_COLUMNS
from calc.errors import Issue, StatsImportError
from calc.stats import KnownNetwork, read_stats, table_from_records

HEADER = "Nettverk;Lærerårsverk;Yrkesfaglærerårsverk;Skoler;Elever;Barnehageårsverk;Barnehager;Barn"


def _csv(*lines: str, encoding: str = "utf-8") -> bytes:
    return ("\n".join(lines) + "\n").encode(encoding)


def _issues(excinfo: pytest.ExceptionInfo[StatsImportError]) -> list[Issue]:
    return list(excinfo.value.issues)


def test_semicolon_decimal_comma_cp1252_with_title_row(fixtures: Path, networks: list[KnownNetwork]) -> None:
    table = read_stats(fixtures / "stats_semicolon_cp1252.csv", known_networks=networks)
    assert len(table.rows) == 12
    assert table.networks[2] == "Sør-Østerdal" and table.networks[7] == "Gjøvikregionen"
    first = table.rows[0]
    assert first.row == 3  # the title is row 1, the headings row 2
    assert first.values["laerer_arsverk"] == Fraction(4125, 10)
    assert first.values["elever"] == 4310
    hamar = table.rows[1]  # this row uses no-break spaces between the thousands
    assert hamar.values["laerer_arsverk"] == Fraction(11052, 10) and hamar.values["elever"] == 11935
    ifk = table.rows[10]
    assert ifk.network == "Innlandet fylkeskommune"
    assert ifk.values["yrkesfaglaerer_arsverk"] == Fraction(7029, 10)
    assert table.headings["yrkesfaglaerer_arsverk"] == "Årsverk yrkesfaglærere"
    assert table.columns == VALUE_COLUMNS


def test_comma_utf8_bom_without_aeoa_gives_the_same_numbers(fixtures: Path, networks: list[KnownNetwork]) -> None:
    semicolon = read_stats(fixtures / "stats_semicolon_cp1252.csv", known_networks=networks)
    comma = read_stats(fixtures / "stats_comma_utf8bom.csv", known_networks=networks)
    assert comma.ignored_columns == ("Kommentar",)
    assert [(r.network, dict(r.values)) for r in comma.rows] == [(r.network, dict(r.values)) for r in semicolon.rows]


def test_xlsx_made_by_openpyxl(tmp_path: Path, networks: list[KnownNetwork]) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Statistikk 2025"])
    sheet.append(["Region", "Lærerårsverk", "Yrkesfaglærere årsverk", "Antall skoler", "Elever (antall)",
                  "Årsverk barnehage", "Antall barnehager", "Antall barn"])
    sheet.append(["valdres", 238.0, 0, 18, 2010, 177.8, 23, 905])
    sheet.append(["HADELAND", "198,2", None, 10, "2 090", 150.1, 16, 830])  # yrkesfag left empty
    sheet.append(["Gjøvik", 894.6, 0, 46, 9012, 690.5, 66, 3601])
    path = tmp_path / "stats.xlsx"
    workbook.save(path)
    with pytest.raises(StatsImportError) as caught:
        read_stats(path, known_networks=networks)
    assert [(i.row, i.column) for i in _issues(caught)] == [(4, "Yrkesfaglærere årsverk")]
    sheet["C4"] = 0
    workbook.save(path)
    table = read_stats(path, known_networks=networks)
    assert table.networks == ("Valdres", "Hadeland", "Gjøvikregionen")
    assert table.rows[0].values["bhg_arsverk"] == Fraction(1778, 10)  # exact, not the float 177.8
    assert table.rows[1].values["elever"] == 2090 and table.rows[1].row == 4


def test_unknown_networks_are_accepted_when_no_list_is_given() -> None:
    data = _csv(HEADER, "Kommune 001;10;0;1;100;5;1;40", "Kommune 002;20;1;2;200;6;2;50")
    assert read_stats(data).networks == ("Kommune 001", "Kommune 002")


def test_every_problem_is_reported_with_row_and_column_and_nothing_imported(networks: list[KnownNetwork]) -> None:
    data = _csv(
        HEADER,
        "Valdres;10;0;1;100;5;1;40",
        "Hadland;10;0;1;100;5;1;40",          # unknown network (typo)
        "valdres;10;0;1;100;5;1;40",           # duplicate of row 2
        "Hamar;ti;0;1;-3;5;1;40",              # non-numeric, negative
        "Gjøvik;10;12;1;100;;1;40",             # yrkesfag > lærer, empty cell
        "Sum;40;12;4;400;20;4;160",            # a totals row
    )
    with pytest.raises(StatsImportError) as caught:
        read_stats(data, known_networks=networks, filename="stats.csv")
    issues = _issues(caught)
    where = [(i.row, i.column) for i in issues]
    assert where == [(3, "Nettverk"), (4, "Nettverk"), (5, "Lærerårsverk"), (5, "Elever"),
                     (6, "Barnehageårsverk"), (6, "Yrkesfaglærerårsverk"), (7, "Nettverk")]
    message = str(caught.value)
    assert "Mente du «Hadeland»?" in message
    assert "står også på rad 2" in message
    assert "«ti» er ikke et tall" in message and "negative tall" in message
    assert "sumrad" in message and "stats.csv" in message
    assert isinstance(caught.value, ValueError)


def test_missing_and_duplicate_columns(networks: list[KnownNetwork]) -> None:
    data = _csv("Nettverk;Elever;Antall elever;Skoler", "Valdres;1;1;1")
    with pytest.raises(StatsImportError) as caught:
        read_stats(data, known_networks=networks)
    text = str(caught.value)
    assert "«Elever» og «Antall elever» betyr begge elever" in text
    for column in ("laerer_arsverk", "yrkesfaglaerer_arsverk", "bhg_arsverk", "barnehager", "barn"):
        assert f"mangler kolonnen {column}" in text
    # only what the requested schemes need is required
    table = read_stats(_csv("Nettverk;Elever;Skoler;Lærerårsverk;Yrkesfaglærerårsverk", "Valdres;1;1;1;0"),
                       known_networks=networks,
                       required_columns=("laerer_arsverk", "yrkesfaglaerer_arsverk", "skoler", "elever"))
    assert table.columns == ("laerer_arsverk", "yrkesfaglaerer_arsverk", "skoler", "elever")


def test_all_zero_column_is_an_error_except_vocational_teachers(networks: list[KnownNetwork]) -> None:
    data = _csv(HEADER, "Valdres;10;0;1;100;5;0;40", "Hadeland;10;0;1;100;5;0;40")
    with pytest.raises(StatsImportError) as caught:
        read_stats(data, known_networks=networks)
    assert [(i.row, i.column) for i in _issues(caught)] == [(1, "Barnehager")]
    assert "alle verdiene er 0" in str(caught.value)


@pytest.mark.parametrize("data", [b"", b"   \n\n", "\ufeff".encode(), b";;;\n;;;\n"])
def test_empty_file(data: bytes) -> None:
    with pytest.raises(StatsImportError, match="Fila er tom"):
        read_stats(data)


def test_header_without_rows() -> None:
    with pytest.raises(StatsImportError, match="ingen rader med nettverk"):
        read_stats(_csv(HEADER))


def test_missing_file_and_old_excel_format(tmp_path: Path) -> None:
    with pytest.raises(StatsImportError, match="finnes ikke"):
        read_stats(tmp_path / "nope.csv")
    with pytest.raises(StatsImportError, match=r"\.xls"):
        read_stats(b"\xd0\xcf\x11\xe0" + b"\0" * 100)


def test_utf16_tab_separated_from_excel_unicode_text() -> None:
    data = ("\t".join(HEADER.split(";")) + "\r\nValdres\t10,5\t0\t1\t100\t5\t1\t40\r\n").encode("utf-16")
    table = read_stats(data)
    assert table.rows[0].values["laerer_arsverk"] == Fraction(21, 2)


def test_records_use_the_same_validation(networks: list[KnownNetwork]) -> None:
    table = table_from_records([{"network": "Nord-Østerdal", "laerer_arsverk": "12,5", "yrkesfaglaerer_arsverk": 0,
                                 "skoler": 2, "elever": 100, "bhg_arsverk": 4, "barnehager": 1, "barn": 30}],
                               known_networks=networks)
    assert table.networks == ("Nord-Østerdal",)
    with pytest.raises(StatsImportError):
        table_from_records([{"network": "X", "elever": -1}], required_columns=("elever",))


def test_comma_file_with_a_title_line_without_delimiters() -> None:
    data = _csv("Statistikk 2025", "", HEADER.replace(";", ","), 'Valdres,"10,5",0,1,100,5,1,40')
    table = read_stats(data)
    assert table.rows[0].values["laerer_arsverk"] == Fraction(21, 2) and table.rows[0].row == 4


def test_records_round_trip_exactly(fixtures: Path, networks: list[KnownNetwork]) -> None:
    from calc.stats import exact_decimal_text, table_to_records

    table = read_stats(fixtures / "stats_semicolon_cp1252.csv", known_networks=networks)
    records = table_to_records(table)
    assert records[0]["laerer_arsverk"] == "412.5" and records[0]["network"] == "Kongsvingerregionen"
    again = table_from_records(records, known_networks=networks)
    assert [(r.network, dict(r.values)) for r in again.rows] == [(r.network, dict(r.values)) for r in table.rows]
    assert exact_decimal_text(Fraction(1, 8)) == "0.125" and exact_decimal_text(Fraction(-7)) == "-7"
    with pytest.raises(ValueError):
        exact_decimal_text(Fraction(1, 3))
