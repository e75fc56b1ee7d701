"""CSV, XLSX and PNG files and the chat texts, read back and checked against the result."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.allocation_text import render_allocation_reply, render_network_reply, render_scheme_working
from calc.chart import write_chart
from calc.export import csv_text, write_csv, write_xlsx
from calc.model import AllocationResult, allocate
from calc.parameters import AllocationParameters
from calc.stats import KnownNetwork, table_from_records

from .test_alloc_model import EXAMPLE

BUDGETS = {"desentralisert": 1_234_567, "regional": 1_000_000, "kompetanseloftet": 500_000}


@pytest.fixture
def result(parameters: AllocationParameters, networks: list[KnownNetwork]) -> AllocationResult:
    return allocate(table_from_records(EXAMPLE, known_networks=networks), BUDGETS, parameters)


def test_csv_is_semicolon_utf8_bom_with_integer_kroner(result: AllocationResult, tmp_path: Path) -> None:
    path = tmp_path / "fordeling.csv"
    write_csv(result, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 9
    hadeland = rows[1]
    assert (hadeland["ordning"], hadeland["nettverk"], hadeland["anslag"], hadeland["egenandel"]) == (
        "desentralisert", "Hadeland", "314815", "94445")
    assert hadeland["nøkkel_prosent"] == "28,333333" and hadeland["maks_andre_tiltak"] == ""
    assert {r["behovspott"] for r in rows if r["ordning"] == "desentralisert"} == {"1"}
    assert sum(int(r["anslag"]) for r in rows if r["ordning"] == "regional") == 600_000
    assert csv_text(result) == raw.decode("utf-8-sig")


def test_xlsx_has_a_sheet_per_scheme_in_kroner_and_a_parameter_sheet(result: AllocationResult,
                                                                    tmp_path: Path) -> None:
    path = tmp_path / "fordeling.xlsx"
    write_xlsx(result, path, {s: render_scheme_working(result, s) for s in result.schemes})
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Desentralisert ordning", "Regional ordning", "Kompetanseløftet", "Parametre"]
    sheet = workbook["Desentralisert ordning"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows.index(("Nettverk", "Nøkkel", "Anslag", "Maks nettverk", "Maks koord.", "Min. UH", "Egenandel"))
    assert rows[2][:2] == ("Budsjett", 1_234_567) and rows[5][1] == 1
    assert rows[header + 2][:3] == ("Hadeland", pytest.approx(17 / 60), 314_815)
    assert rows[header + 4][0] == "Sum" and rows[header + 4][2] == 1_111_110
    assert sheet.cell(row=header + 2, column=3).number_format == '#,##0" kr"'
    assert sheet.cell(row=header + 2, column=2).number_format == "0.00%"
    assert any(str(r[0]).startswith("Slik er tallene") for r in rows)
    assert workbook["Regional ordning"].cell(row=header + 1, column=7).value == "Maks andre tiltak"
    parameters = list(workbook["Parametre"].iter_rows(values_only=True))
    texts = " ".join(str(cell) for row in parameters for cell in row if cell is not None)
    assert "Pro rata-pott" in texts and "Avrunding" in texts and "laerer_arsverk - yrkesfaglaerer_arsverk" in texts
    assert ("desentralisert", "Pro rata-pott, andel av budsjettet", 0.9, "5.8") in parameters


def test_chart_is_a_png(result: AllocationResult, tmp_path: Path) -> None:
    path = tmp_path / "fordeling.png"
    write_chart(result, path)
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000


def test_chat_reply_has_tables_and_working(result: AllocationResult) -> None:
    text = render_allocation_reply(result)
    assert text.count("```") == 6
    assert "Hadeland" in text and "314 815 kr" in text and "1 111 110 kr" in text
    assert "Felles kompetansetiltak (overføres til HINN): 10 % av 1 234 567 kr = 123 456 kr" in text
    assert "gjelder først når ordningen er blitt permanent" in text  # kompetanseløftet
    assert "(1 av 3 nettverk fikk 1 krone ekstra)" in text
    only = render_allocation_reply(result, schemes=["regional"])
    assert "Regional ordning" in only and "Desentralisert" not in only
    nynorsk = render_allocation_reply(result, lang="nn")
    assert "rekna ut" in nynorsk and "314 815 kr" in nynorsk
    with pytest.raises(ValueError):
        render_allocation_reply(result, lang="en")


def test_network_reply(result: AllocationResult) -> None:
    text = render_network_reply(result, "hadeland", "desentralisert")
    assert text is not None
    assert text.startswith("Hadeland, desentralisert ordning 2026: anslaget er 314 815 kr")
    for figure in ("125 926 kr", "62 963 kr", "188 889 kr", "94 445 kr"):
        assert figure in text
    assert "elever 250 av 1 000 = 25 %" in text
    regional = render_network_reply(result, "Valdres", "regional", lang="nn")
    assert regional is not None and "andre kompetansetiltak" in regional and "Eigendel" not in regional
    assert render_network_reply(result, "Hamar", "regional") is None
