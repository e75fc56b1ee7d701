from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from bot.exports import spreadsheet_safe, to_csv, to_xlsx

DANGEROUS = ["=HYPERLINK(\"http://evil\")", "+1+2", "-3+4", "@SUM(A1)", "\t=1", "＝1"]


def test_formula_like_text_is_neutralised_and_numbers_are_kept() -> None:
    for value in DANGEROUS:
        assert spreadsheet_safe(value).startswith("'")
    assert spreadsheet_safe(-5) == -5
    assert spreadsheet_safe("Valdres") == "Valdres"


def test_csv_round_trip_keeps_text_and_blocks_formulas() -> None:
    text = to_csv(["tittel", "beløp"], [[value, 1000] for value in DANGEROUS] + [["Lesing; «æøå»", None]])
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["tittel", "beløp"]
    assert all(row[0].startswith("'") for row in rows[1:-1])
    assert rows[-1] == ["Lesing; «æøå»", ""]


def test_xlsx_cells_are_text_never_formulas() -> None:
    data = to_xlsx([("Behovsmeldinger", ["tittel", "beløp"], [[value, 1000] for value in DANGEROUS])])
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    values = list(sheet.iter_rows(min_row=2, values_only=False))
    for title_cell, amount_cell in values:
        assert title_cell.data_type == "s"
        assert str(title_cell.value).startswith("'")
        assert amount_cell.value == 1000
