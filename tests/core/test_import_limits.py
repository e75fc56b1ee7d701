"""Imports stream rows and stop at their limits: a million-row XLSX under 5 MB is refused quickly with bounded
memory by both `contacts import` and `stats import` (real CLI processes), limits are named in the message, and a
mixed-encoding contact list never overwrites a stored name with mojibake."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest
from sqlmodel import select

from bot.campaigns.contacts import LIMITS as CONTACT_LIMITS
from bot.campaigns.contacts import ContactImportError
from bot.campaigns.service import CampaignService
from bot.clock import Clock
from bot.db import Database
from bot.models_campaign import CampaignContact
from calc.columns import VALUE_COLUMNS
from calc.errors import StatsImportError
from calc.stats import LIMITS as STATS_LIMITS
from calc.stats import read_stats
from calc.tablefile import MAX_CELL_CHARS, MAX_COLUMNS, MAX_FILE_BYTES
from tests.campaign.helpers import START, make_env

MILLION = 1_000_000
CONTACT_HEADINGS = ["tiltak", "ordning", "nettverk", "kontaktperson", "e-post"]
CONTACT_ROW: list[object] = ["Lesing", "desentralisert", "Valdres", "Kari Nordmann", "kari@valdres.no"]
STATS_HEADINGS = ["nettverk", *VALUE_COLUMNS]
STATS_ROW: list[object] = ["Valdres", *([12] * len(VALUE_COLUMNS))]
# Generous guards against a hang or a blow-up; the figures are printed (pytest -s) for the report.
MAX_SECONDS = 60.0
MAX_PEAK_MB = 300.0

_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml"'
    ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
    '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet'
    '+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="Ark1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}


def _cells(values: Sequence[object]) -> str:
    return "".join(f'<c t="inlineStr"><is><t>{value}</t></is></c>' if isinstance(value, str) else f"<c><v>{value}</v></c>"
                   for value in values)


def million_row_xlsx(path: Path, headings: Sequence[str], row: Sequence[object], rows: int = MILLION) -> Path:
    """A valid workbook (no <dimension>, inline strings) with a heading and ``rows`` data rows, written streaming."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in _PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                        b'spreadsheetml/2006/main"><sheetData>')
            sheet.write(f'<row r="1">{_cells(headings)}</row>'.encode())
            cells = _cells(row)
            for start in range(2, rows + 2, 10_000):
                sheet.write("".join(f'<row r="{n}">{cells}</row>' for n in range(start, min(start + 10_000, rows + 2)))
                            .encode())
            sheet.write(b"</sheetData></worksheet>")
    return path


PEAK_WRAPPER = """
import atexit, os, sys
def _peak():
    with open('/proc/self/status') as status, open(os.environ['PEAK_FILE'], 'w') as out:
        out.write(next(line.split()[1] for line in status if line.startswith('VmHWM:')))
atexit.register(_peak)
sys.argv = ['kompetansebot', *sys.argv[1:]]
from bot.cli import main
main()
"""
"""Runs the CLI and writes its own peak RSS (VmHWM, kB) at exit. ``ru_maxrss`` from wait4 would not do:
Linux carries the forking parent's high-water mark into the child (pytest, hundreds of MB late in a run)."""


def run_measured(args: list[str], cwd: Path) -> tuple[int, str, float, float]:
    """Run the CLI; (exit code, output, wall seconds, peak RSS in MB of that process alone)."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("SLACK_", "IMAP", "SMTP"))}
    peak_file = cwd / "peak.txt"
    environment.update({"DATABASE_URL": f"sqlite:///{cwd / 'limits.sqlite3'}", "COLUMNS": "200",
                        "PEAK_FILE": str(peak_file)})
    log = cwd / "output.txt"
    started = time.monotonic()
    with log.open("wb") as out:
        done = subprocess.run([sys.executable, "-c", PEAK_WRAPPER, *args], stdout=out, stderr=subprocess.STDOUT,
                              cwd=cwd, env=environment, timeout=600, check=False)
    seconds = time.monotonic() - started
    return done.returncode, log.read_text(encoding="utf-8"), seconds, int(peak_file.read_text()) / 1024


@pytest.mark.parametrize(("command", "headings", "row", "limit"), [
    (["contacts", "import"], CONTACT_HEADINGS, CONTACT_ROW, CONTACT_LIMITS.max_rows),
    (["stats", "import"], STATS_HEADINGS, STATS_ROW, STATS_LIMITS.max_rows),
], ids=["contacts", "stats"])
def test_a_million_row_xlsx_is_refused_quickly_with_bounded_memory(
        tmp_path: Path, command: list[str], headings: list[str], row: list[object], limit: int) -> None:
    workbook = million_row_xlsx(tmp_path / "million.xlsx", headings, row)
    assert workbook.stat().st_size < MAX_FILE_BYTES
    small = million_row_xlsx(tmp_path / "small.xlsx", headings, row, rows=3)
    base_code, _, base_seconds, base_mb = run_measured([*command, str(small)], tmp_path)
    code, output, seconds, peak_mb = run_measured([*command, str(workbook)], tmp_path)
    print(f"\n{' '.join(command)}: million rows ({workbook.stat().st_size / 1e6:.1f} MB): {seconds:.2f} s, "
          f"peak {peak_mb:.0f} MB; 3-row file: {base_seconds:.2f} s, peak {base_mb:.0f} MB (exit {base_code})")
    assert code == 2, output
    assert "for mange rader" in output and f"{limit:,}".replace(",", "\u00a0") in output, output
    assert seconds < MAX_SECONDS and peak_mb < MAX_PEAK_MB


def service(database: Database) -> CampaignService:
    return CampaignService(make_env(database, Clock(START)))


CONTACTS = ["Tiltak;Ordning;Nettverk;Kontaktperson;E-post",
            "Lesing;desentralisert;Valdres;Kåre Ødegård;kare@valdres.no",
            "Realfag;regional;Hadeland;Åse Bø;ase@hadeland.no"]


def test_a_utf8_contact_list_with_one_latin1_row_never_stores_mojibake(database: Database) -> None:
    service(database).import_contacts("\r\n".join(CONTACTS).encode(), source="a.csv", actor="cli:test", channel="cli")
    mixed = "\r\n".join(CONTACTS[:2]).encode() + b"\r\n" + CONTACTS[2].encode("latin-1") + b"\r\n"
    with pytest.raises(ContactImportError) as caught:
        service(database).import_contacts(mixed, source="b.csv", actor="cli:test", channel="cli")
    assert "rad 3" in str(caught.value.problems[0]) and "UTF-8" in str(caught.value.problems[0])
    with database.session() as session:
        names = sorted(contact.name for contact in session.exec(select(CampaignContact)).all())
    assert names == ["Kåre Ødegård", "Åse Bø"]
    legacy = service(database).import_contacts("\r\n".join(CONTACTS).encode("cp1252"), source="c.csv",
                                               actor="cli:test", channel="cli")
    assert legacy.unchanged == 2  # read right: the same names as the UTF-8 import


def _contact_problem(data: bytes, database: Database) -> str:
    with pytest.raises(ContactImportError) as caught:
        service(database).import_contacts(data, source="x.csv", actor="cli:test", channel="cli")
    return " ".join(str(problem) for problem in caught.value.problems)


def test_contact_limits_are_named(database: Database) -> None:
    heading = CONTACTS[0].encode()
    assert "5,0 MB" in _contact_problem(heading + b"\n" + b"x" * MAX_FILE_BYTES, database)
    assert f"grensen er {MAX_COLUMNS}" in _contact_problem(heading + b"\n" + b";" * 200 + b"x\n", database)
    long_cell = heading + b"\n" + CONTACTS[1].encode() + b"x" * (MAX_CELL_CHARS + 1) + b"\n"
    assert "2\u00a0000 tegn" in _contact_problem(long_cell, database)
    many = heading + b"\n" + b"".join(CONTACTS[1].replace("Lesing", f"Lesing {n}").encode() + b"\n"
                                      for n in range(CONTACT_LIMITS.max_rows + 20))
    assert "5\u00a0000 rader" in _contact_problem(many, database)
    broken_quote = heading + b'\n"' + b"x" * 200_000 + b"\n"
    assert "kan ikke lese CSV-raden" in _contact_problem(broken_quote, database)


def test_stats_file_size_is_checked_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(StatsImportError, match="grensen er 5,0 MB"):
        read_stats(big)
