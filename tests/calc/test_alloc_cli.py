"""``kompetansebot allocate`` end to end, in a subprocess.

Uses the real ``kompetansebot`` CLI (``python -m bot.cli``) when it imports; until every command
module of the CLI exists, the command is mounted on a tiny typer app instead (same ``register``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .test_alloc_model import EXAMPLE

Runner = Callable[..., subprocess.CompletedProcess[str]]

TINY_APP = (
    "import typer\n"
    "from bot.commands.allocate import register\n"
    "app = typer.Typer()\n"
    "@app.callback()\n"
    "def main() -> None:\n"
    "    pass\n"
    "register(app)\n"
    "app()\n"
)


def _entry_point(cwd: Path, env: dict[str, str]) -> list[str]:
    probe = subprocess.run([sys.executable, "-c", "import bot.cli"], cwd=cwd, env=env, capture_output=True)
    if probe.returncode == 0:
        return [sys.executable, "-m", "bot.cli"]
    return [sys.executable, "-c", TINY_APP]


@pytest.fixture
def cli(tmp_path: Path) -> Runner:
    env = {key: value for key, value in os.environ.items() if key not in {"PLAN_FILE", "KOMPETANSEBOT_NOW"}}
    env["KOMPETANSEBOT_NOW"] = "2026-01-10T09:00"
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    command = _entry_point(tmp_path, env)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*command, "allocate", *args], cwd=tmp_path, env=env, capture_output=True, text=True,
                              timeout=120)

    return run


def _write_example(path: Path) -> None:
    heading = "Kompetansenettverk;Lærerårsverk;Yrkesfaglærerårsverk;Skoler;Elever;Barnehageårsverk;Barnehager;Barn"
    lines = [heading] + [";".join(str(row[k]) for k in row) for row in EXAMPLE]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))


def test_json_contract(cli: Runner, tmp_path: Path) -> None:
    stats = tmp_path / "stats.csv"
    _write_example(stats)
    done = cli("--stats", str(stats), "--budget", "desentralisert=1 234 567", "--budget", "Regional=1 mill",
               "--json", "--csv", "out.csv", "--xlsx", "out.xlsx", "--chart", "out.png")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert set(data) == {"schemes", "parameters"}
    assert list(data["schemes"]) == ["desentralisert", "regional"]
    d = data["schemes"]["desentralisert"]
    assert (d["budget"], d["felles"], d["prorata_pool"], d["behovspott"]) == (1_234_567, 123_456, 1_111_110, 1)
    assert [n["network"] for n in d["networks"]] == ["Valdres", "Hadeland", "Nord-Gudbrandsdal"]
    assert [(n["estimate"], n["network_max"], n["coordinator_max"], n["uh_min"], n["egenandel"])
            for n in d["networks"]] == [(555_555, 222_222, 111_111, 333_333, 166_667),
                                        (314_815, 125_926, 62_963, 188_889, 94_445),
                                        (240_740, 96_296, 48_148, 144_444, 72_222)]
    assert set(d["networks"][0]) == {"network", "key", "estimate", "network_max", "coordinator_max", "uh_min",
                                     "egenandel"}
    r = data["schemes"]["regional"]
    assert set(r["networks"][0]) == {"network", "key", "estimate", "network_max", "coordinator_max", "uh_min",
                                     "andre_tiltak_max"}
    assert data["parameters"]["year"] == 2026
    assert data["parameters"]["schemes"]["regional"]["pool_pct"] == 60
    for name in ("out.csv", "out.xlsx", "out.png"):
        assert (tmp_path / name).stat().st_size > 0


def test_tables_and_explanation_without_json(cli: Runner, tmp_path: Path) -> None:
    stats = tmp_path / "stats.csv"
    _write_example(stats)
    done = cli("--stats", str(stats), "--budget", "kompetanseløftet=kr 500 000,-", "--year", "2027")
    assert done.returncode == 0, done.stderr
    assert "Kompetanseløftet 2027" in done.stdout
    assert "500 000 kr" in done.stdout and "Sum" in done.stdout
    assert "Slik er tallene for kompetanseløftet regnet ut" in done.stdout


@pytest.mark.parametrize(("args", "message"), [
    (("--budget", "desentralisert=12,5"), "hele kroner"),
    (("--budget", "barnehagen=100"), "ukjent ordning"),
    (("--budget", "desentralisert"), "ORDNING=BELØP"),
    (("--budget", "regional=1", "--budget", "rekomp=2"), "mer enn én gang"),
])
def test_bad_budget_gives_exit_2_and_a_norwegian_message(cli: Runner, tmp_path: Path, args: tuple[str, ...],
                                                         message: str) -> None:
    stats = tmp_path / "stats.csv"
    _write_example(stats)
    done = cli("--stats", str(stats), *args)
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == ""


def test_bad_statistics_give_exit_2_listing_every_problem(cli: Runner, tmp_path: Path) -> None:
    stats = tmp_path / "stats.csv"
    stats.write_text("Nettverk;Elever;Skoler;Lærerårsverk;Yrkesfaglærerårsverk\nValdres;mange;1;2;0\nOslo;1;1;1;0\n",
                     encoding="utf-8")
    done = cli("--stats", str(stats), "--budget", "desentralisert=1000")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "Rad 2, kolonne «Elever»: «mange» er ikke et tall." in done.stderr
    # issue 17: a network the register does not know is no error (it is a new network of the file's year)
    assert "(1 feil)" in done.stderr and "Oslo" not in done.stderr
    missing = cli("--stats", str(tmp_path / "finnes-ikke.csv"), "--budget", "desentralisert=1000")
    assert missing.returncode == 2 and "finnes ikke" in missing.stderr
