"""Issue 17: the allocation workbook shows the statistics used (source file and year), marks example
figures on every sheet (and in the chart and the CSV), and its parameter sheet speaks plain Norwegian
with the plan section of each rule."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from dataclasses import replace
from fractions import Fraction
from importlib.resources import files
from pathlib import Path

import pytest
from matplotlib.image import imread
from openpyxl import load_workbook

from calc.chart import write_chart
from calc.export import csv_text, write_xlsx
from calc.model import AllocationResult, allocate
from calc.parameters import AllocationParameters, parameters_from_mapping
from calc.stats import EXAMPLE_MARK, EXAMPLE_SOURCE, KnownNetwork, StatsTable, read_stats

EXAMPLE = files("bot").joinpath("data", "examples", EXAMPLE_SOURCE).read_bytes()
BUDGETS = {"desentralisert": 31_450_000, "regional": 12_500_000, "kompetanseloftet": 9_000_000}
DEVELOPER_WORDS = ("floor", "ceil", "prorata_pool", "uh_min", "estimate", "network_max", "coordinator_max",
                   "kompetanseloftet", "felles_pct", "pool_pct", "behovspott_pct", "egenandel_pct")


def _real(fixtures: Path, networks: list[KnownNetwork]) -> StatsTable:
    return read_stats(fixtures / "stats_semicolon_cp1252.csv", known_networks=networks)


def _example(networks: list[KnownNetwork]) -> StatsTable:
    return read_stats(EXAMPLE, filename=EXAMPLE_SOURCE, known_networks=networks)


def _cells(path: Path, sheet: str) -> list[tuple[object, ...]]:
    return list(load_workbook(path)[sheet].iter_rows(values_only=True))


def test_the_example_file_is_known_as_examples_by_name_and_by_its_title_row(networks: list[KnownNetwork],
                                                                              fixtures: Path) -> None:
    assert _example(networks).example
    assert read_stats(EXAMPLE, filename="statistikk.csv", known_networks=networks).example  # its title row says so
    assert not _real(fixtures, networks).example


def test_example_figures_are_marked_on_every_sheet(tmp_path: Path, networks: list[KnownNetwork],
                                                   parameters: AllocationParameters) -> None:
    stats = _example(networks)
    result = allocate(stats, BUDGETS, parameters)
    path = tmp_path / "fordeling.xlsx"
    write_xlsx(result, path, stats=replace(stats, year=2026))
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Desentralisert ordning", "Regional ordning", "Kompetanseløftet", "Statistikk",
                                   "Parametre"]
    for sheet in workbook.worksheets:
        assert sheet["A1"].value == EXAMPLE_MARK, sheet.title
        assert EXAMPLE_MARK in sheet.oddHeader.center.text
    first = list(workbook["Desentralisert ordning"].iter_rows(values_only=True))
    assert first[3][:2] == ("Budsjett", 31_450_000)  # the rest of the sheet moved one row down, unchanged


def test_the_statistics_sheet_has_every_figure_with_source_and_year(tmp_path: Path, fixtures: Path,
                                                                    networks: list[KnownNetwork],
                                                                    plan: dict[str, object]) -> None:
    stats = replace(_real(fixtures, networks), year=2026)
    allocation = plan["allocation"]
    assert isinstance(allocation, dict)
    result = allocate(stats, BUDGETS, parameters_from_mapping(allocation, 2027))
    path = tmp_path / "fordeling.xlsx"
    write_xlsx(result, path, stats=stats)
    rows = _cells(path, "Statistikk")
    assert rows[0][0] == "Statistikken som er brukt (2026)"  # no example mark on real statistics
    labelled = {row[0]: row[1] for row in rows if row[0] and row[1] is not None}
    assert labelled["Kildefil"] == "stats_semicolon_cp1252.csv"
    assert labelled["Statistikk for året"] == 2026
    assert labelled["Merk"] == "Statistikk for 2027 er ikke registrert; tallene for 2026 er brukt."
    header = rows.index(("Nettverk", "Lærerårsverk", "Yrkesfaglærerårsverk", "Skoler", "Elever",
                         "Barnehageårsverk", "Barnehager", "Barnehagebarn"))
    body = rows[header + 1:header + 1 + len(stats.rows)]
    assert [row[0] for row in body] == list(stats.networks)
    for row, stats_row in zip(body, stats.rows, strict=True):
        assert [Fraction(str(value)) for value in row[1:]] == [stats_row.values[c] for c in stats.columns]
    total = rows[header + 1 + len(stats.rows)]
    assert total[0] == "Sum"
    assert Fraction(str(total[4])) == sum(row.values["elever"] for row in stats.rows)
    assert all(EXAMPLE_MARK not in str(cell) for row in rows for cell in row)


def test_new_and_missing_networks_are_noted_on_the_statistics_sheet(tmp_path: Path, networks: list[KnownNetwork],
                                                                    parameters: AllocationParameters) -> None:
    data = ("Nettverk;Lærerårsverk;Yrkesfaglærerårsverk;Skoler;Elever\n"
            "Valdres;10;0;2;100\nVGO Nord;20;5;3;300\n").encode()
    stats = read_stats(data, filename="ny.csv", known_networks=networks, accept_new_networks=True,
                       required_columns=("laerer_arsverk", "yrkesfaglaerer_arsverk", "skoler", "elever"))
    result = allocate(stats, {"desentralisert": 1_000_000}, parameters)
    path = tmp_path / "fordeling.xlsx"
    write_xlsx(result, path, stats=stats)
    rows = _cells(path, "Statistikk")
    assert ("VGO Nord", 20, 5, 3, 300, "nytt nettverk (ikke i registeret)") in rows
    missing = [row for row in rows if str(row[0]).startswith("Nettverk i registeret som mangler")]
    assert missing and "Hadeland" in str(missing[0][1]) and "Valdres" not in str(missing[0][1])


def test_the_parameter_sheet_speaks_plain_norwegian_with_a_plan_section_for_each_rule(
        tmp_path: Path, fixtures: Path, networks: list[KnownNetwork], parameters: AllocationParameters) -> None:
    result = allocate(_real(fixtures, networks), BUDGETS, parameters)
    path = tmp_path / "fordeling.xlsx"
    write_xlsx(result, path)
    rows = _cells(path, "Parametre")
    text = " ".join(str(cell) for row in rows for cell in row if cell is not None)
    for word in DEVELOPER_WORDS:
        assert word not in text, word
    assert "uh_min = estimate - network_max" not in text
    header = rows.index(("Ordning", "Regel", "Verdi", "Planpunkt"))
    rounding = next(index for index, row in enumerate(rows) if row[0] == "Avrunding")
    rules = [row for row in rows[header + 1:rounding] if row[0]]
    assert {row[0] for row in rules} == {"desentralisert", "regional", "kompetanseløftet"}
    assert all(row[3] == "5.8" for row in rules)  # every rule with its plan section
    labels = [row[1] for row in rules]
    assert "Felles kompetansetiltak (overføres til HINN), andel av budsjettet" in labels
    assert ("regional", "Pro rata-pott, andel av budsjettet", 0.6, "5.8") in rules
    assert ("kompetanseløftet", "Ordningen er permanent (felles kompetansetiltak gjelder først da)", "nei",
            "5.8") in rules
    figures = {row[0]: row[1] for row in rows[rounding + 1:] if row[0]}
    assert figures["Felles tiltak"] == "rundes ned til hele kroner"
    assert figures["Minst til partnerskapet med UH"] == "anslaget minus det som kan gå til nettverket"
    assert figures["Egenandel"] == "rundes opp til hele kroner"


def test_csv_from_example_figures_is_marked_on_every_row(networks: list[KnownNetwork], fixtures: Path,
                                                         parameters: AllocationParameters) -> None:
    example = allocate(_example(networks), BUDGETS, parameters)
    rows = list(csv.reader(io.StringIO(csv_text(example)), delimiter=";"))
    assert rows[0][-1] == "merknad" and len(rows) == 1 + 3 * 12
    assert all(row[-1] == EXAMPLE_MARK for row in rows[1:])
    real = allocate(_real(fixtures, networks), BUDGETS, parameters)
    assert EXAMPLE_MARK not in csv_text(real) and "merknad" not in csv_text(real)
    assert EXAMPLE_MARK in csv_text(real, example=True)


def _red_pixels(path: Path) -> int:
    image = imread(str(path))
    red = (abs(image[..., 0] - 192 / 255) < 0.02) & (image[..., 1] < 0.02) & (image[..., 2] < 0.02)
    return int(red.sum())


def test_a_chart_of_example_figures_carries_the_mark(tmp_path: Path, networks: list[KnownNetwork], fixtures: Path,
                                                     parameters: AllocationParameters) -> None:
    example, real = tmp_path / "eksempel.png", tmp_path / "ekte.png"
    write_chart(allocate(_example(networks), BUDGETS, parameters), example)
    write_chart(allocate(_real(fixtures, networks), BUDGETS, parameters), real)
    assert _red_pixels(example) > 500  # the heading in the mark's red
    assert _red_pixels(real) == 0
    assert imread(str(example)).shape[0] > imread(str(real)).shape[0]


def _result_for(parameters: AllocationParameters, stats: StatsTable) -> AllocationResult:
    return allocate(stats, {"regional": 1_000_000}, parameters)


def test_allocate_writes_the_marked_workbook_with_the_statistics_sheet(tmp_path: Path) -> None:
    (tmp_path / EXAMPLE_SOURCE).write_bytes(EXAMPLE)
    environment = {key: value for key, value in os.environ.items() if key not in {"PLAN_FILE", "KOMPETANSEBOT_NOW"}}
    environment["KOMPETANSEBOT_NOW"] = "2026-12-01T09:00"
    done = subprocess.run([sys.executable, "-m", "bot.cli", "allocate", "--stats", EXAMPLE_SOURCE, "--budget",
                           "regional=12,5 mill", "--xlsx", "f.xlsx", "--csv", "f.csv", "--chart", "f.png"],
                          cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "EKSEMPELTALL" in done.stderr
    workbook = load_workbook(tmp_path / "f.xlsx")
    assert workbook.sheetnames == ["Regional ordning", "Statistikk", "Parametre"]
    assert all(sheet["A1"].value == EXAMPLE_MARK for sheet in workbook.worksheets)
    rows = list(workbook["Statistikk"].iter_rows(values_only=True))
    assert ("Kildefil", EXAMPLE_SOURCE) in [row[:2] for row in rows]
    assert (tmp_path / "f.csv").read_text(encoding="utf-8-sig").count(EXAMPLE_MARK) == 12
    assert _red_pixels(tmp_path / "f.png") > 500


@pytest.mark.parametrize("stats_year", [None, 2026])
def test_without_the_statistics_no_statistics_sheet_is_invented(tmp_path: Path, fixtures: Path,
                                                                networks: list[KnownNetwork],
                                                                parameters: AllocationParameters,
                                                                stats_year: int | None) -> None:
    stats = replace(_real(fixtures, networks), year=stats_year)
    path = tmp_path / "f.xlsx"
    write_xlsx(_result_for(parameters, stats), path)
    assert load_workbook(path).sheetnames == ["Regional ordning", "Parametre"]
    write_xlsx(_result_for(parameters, stats), path, stats=stats)
    assert load_workbook(path).sheetnames == ["Regional ordning", "Statistikk", "Parametre"]
