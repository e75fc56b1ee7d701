"""Issue 17: statistics with any network names. Names and aliases of the register map to it, new names
are networks of that year (with the closest known name), the register's networks a file lacks are
named before anything is stored, and the allocation for exactly the file's networks agrees with an
independent, naive calculation written here (percentages typed in, numbers parsed by hand)."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import subprocess
import sys
from collections.abc import Iterator
from fractions import Fraction as F
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import col, select

from bot.allocation_service import StatsConfirmationNeeded
from bot.app import BotApp, build_app
from bot.clock import Clock
from bot.models import NetworkRegisterEntry, NetworkStatistics
from bot.settings import load_settings
from calc.errors import StatsImportError
from calc.model import allocate
from calc.output import result_to_json
from calc.parameters import AllocationParameters
from calc.stats import KnownNetwork, read_stats

BIN = Path(sys.executable).parent / "kompetansebot"
HEADER = "Kompetansenettverk;Lærerårsverk;Yrkesfaglærerårsverk;Skoler;Elever;Barnehageårsverk;Barnehager;Barn"
# 2027: the county split its network in three, two regions share one network, Hamar is written short.
SPLIT_FILE = [
    HEADER,
    "Valdres;238,0;0;18;2 010;177,8;23;905",
    "Hamar;1 105,2;0;52;11 935;842,7;74;4 608",
    "Innlandet fylkeskommune VGO Nord;610,4;302,9;8;5 480;0;0;0",
    "Innlandet fylkeskommune VGO Sør;700,0;250,0;9;6 000;0;0;0",
    "Innlandet fylkeskommune VGO Vest;300,0;150,0;5;3 000;0;0;0",
    "Østerdalen samlet;699,4;0;50;6 960;536,9;60;2 797",
    "Gjøvikregionen;894,6;0;46;9 012;690,5;66;3 601",
]
PARTIAL_FILE = [HEADER, "Valdres;238,0;0;18;2 010;177,8;23;905", "Hadeland;198,2;0;10;2 090;150,1;16;830",
                "Nord-Gudbrandsdal;232,4;0;20;1 905;160,3;21;790"]
NEW = ["Innlandet fylkeskommune VGO Nord", "Innlandet fylkeskommune VGO Sør", "Innlandet fylkeskommune VGO Vest",
       "Østerdalen samlet"]


def _bytes(lines: list[str]) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


# -- the independent reference -----------------------------------------------------------------------

COLUMNS = ["laerer", "yrkesfag", "skoler", "elever", "bhg", "barnehager", "barn"]
FELLES = {"desentralisert": F(1, 10), "regional": F(1, 10), "kompetanseloftet": F(0)}
POOL = {"desentralisert": F(9, 10), "regional": F(6, 10), "kompetanseloftet": F(1)}


def _number(text: str) -> F:
    return F(text.replace(" ", "").replace("\xa0", "").replace(",", "."))


def _parse(lines: list[str]) -> list[tuple[str, dict[str, F]]]:
    rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=";"))[1:]
    return [(row[0], dict(zip(COLUMNS, (_number(cell) for cell in row[1:]), strict=True))) for row in rows]


def _measures(scheme: str, row: dict[str, F]) -> list[F]:
    if scheme == "desentralisert":
        return [row["laerer"] - row["yrkesfag"], row["skoler"], row["elever"]]
    if scheme == "regional":
        return [row["bhg"], row["barnehager"], row["barn"]]
    return [row["laerer"] + row["bhg"], row["barnehager"] + row["skoler"], row["barn"] + row["elever"]]


def naive(lines: list[str], scheme: str, budget: int) -> list[tuple[str, int, int, int, int]]:
    """(network, estimate, network max, coordinator max, UH min) per row of the file, by hand."""
    rows = _parse(lines)
    pool = math.floor(budget * POOL[scheme])
    values = [_measures(scheme, row) for _, row in rows]
    totals = [sum(column) for column in zip(*values, strict=True)]
    used = [index for index, total in enumerate(totals) if total]
    keys = [sum(value[i] / totals[i] for i in used) / len(used) for value in values]
    quotas = [pool * key for key in keys]
    estimates = [math.floor(quota) for quota in quotas]
    order = sorted(range(len(rows)), key=lambda i: (-(quotas[i] - math.floor(quotas[i])), i))
    for i in order[:pool - sum(estimates)]:
        estimates[i] += 1
    return [(name, e, math.floor(e * F(2, 5)), math.floor(e * F(1, 5)), e - math.floor(e * F(2, 5)))
            for (name, _), e in zip(rows, estimates, strict=True)]


def _figures(result_json: dict[str, Any], scheme: str) -> list[tuple[str, int, int, int, int]]:
    return [(n["network"], n["estimate"], n["network_max"], n["coordinator_max"], n["uh_min"])
            for n in result_json["schemes"][scheme]["networks"]]


def _with_register_names(expected: list[tuple[str, int, int, int, int]]) -> list[tuple[str, int, int, int, int]]:
    return [("Hamarregionen" if name == "Hamar" else name, *rest) for name, *rest in expected]  # type: ignore[misc]


# -- calc ----------------------------------------------------------------------------------------------

def test_new_names_are_networks_of_the_file_with_the_closest_known_name(networks: list[KnownNetwork]) -> None:
    table = read_stats(_bytes(SPLIT_FILE), known_networks=networks, accept_new_networks=True)
    assert table.networks == ("Valdres", "Hamarregionen", *NEW[:3], "Østerdalen samlet", "Gjøvikregionen")
    assert [(new.name, new.row) for new in table.new_networks] == [(name, row) for name, row in zip(NEW, (4, 5, 6, 7),
                                                                                                    strict=True)]
    assert [new.closest for new in table.new_networks][:3] == ["Innlandet fylkeskommune"] * 3
    assert table.renamed == (("Hamar", "Hamarregionen"),)
    assert set(table.missing_networks) == {"Kongsvingerregionen", "Sør-Østerdal", "Nord-Østerdal",
                                           "Lillehammerregionen", "Midt-Gudbrandsdal", "Nord-Gudbrandsdal",
                                           "Hadeland", "Innlandet fylkeskommune", "Friskolene"}
    # without accepting new networks the file is refused as before, with a suggestion
    with pytest.raises(StatsImportError, match="Mente du «Innlandet fylkeskommune»"):
        read_stats(_bytes(SPLIT_FILE), known_networks=networks)


def test_a_new_name_twice_or_a_sum_row_is_still_an_error(networks: list[KnownNetwork]) -> None:
    lines = [*SPLIT_FILE, "innlandet  fylkeskommune vgo nord;1;0;1;1;0;0;0", "Sum;1;0;1;1;1;1;1"]
    with pytest.raises(StatsImportError) as caught:
        read_stats(_bytes(lines), known_networks=networks, accept_new_networks=True)
    assert [(issue.row, issue.column) for issue in caught.value.issues] == [(9, "Kompetansenettverk"),
                                                                            (10, "Kompetansenettverk")]
    assert "står også på rad 4" in str(caught.value)


@pytest.mark.parametrize("budget", [31_450_000, 1_234_567, 7, 0])
def test_allocation_for_the_files_networks_agrees_with_the_reference(
        networks: list[KnownNetwork], parameters: AllocationParameters, budget: int) -> None:
    table = read_stats(_bytes(SPLIT_FILE), known_networks=networks, accept_new_networks=True)
    budgets = {"desentralisert": budget, "regional": budget // 3, "kompetanseloftet": budget + 11}
    data = result_to_json(allocate(table, budgets, parameters))
    for scheme, amount in budgets.items():
        assert _figures(data, scheme) == _with_register_names(naive(SPLIT_FILE, scheme, amount)), scheme
        assert sum(n["estimate"] for n in data["schemes"][scheme]["networks"]) == math.floor(amount * POOL[scheme])


# -- storage: confirmation, the register, the allocation from stored figures -------------------------

@pytest.fixture
def bot_app(database_url: str) -> Iterator[BotApp]:
    app = build_app(load_settings(DATABASE_URL=database_url), clock=Clock.from_setting("2027-01-12T09:00"))
    try:
        yield app
    finally:
        app.close()


def test_a_partial_file_is_named_and_nothing_is_stored_until_confirmed(bot_app: BotApp) -> None:
    service = bot_app.allocation
    with pytest.raises(StatsConfirmationNeeded) as caught, bot_app.database.session() as session:
        service.import_stats(session, _bytes(PARTIAL_FILE), year=2027, filename="del.csv", actor="test")
    message = str(caught.value)
    assert "9 nettverk i registeret mangler i fila" in message and "Kongsvingerregionen" in message
    assert "Ingenting er lagret" in message
    with bot_app.database.session() as session:
        assert service.stats_years(session) == []
        service.import_stats(session, _bytes(PARTIAL_FILE), year=2027, filename="del.csv", actor="test",
                             confirmed=True)
    with bot_app.database.session() as session:
        stored = service.stored_stats(session, 2027, ["desentralisert"])
        assert stored is not None and stored.networks == ("Valdres", "Hadeland", "Nord-Gudbrandsdal")
        assert list(session.exec(select(NetworkRegisterEntry))) == []  # nothing new to remember


def test_confirmed_new_networks_and_aliases_join_the_register_for_that_year_on(bot_app: BotApp) -> None:
    service = bot_app.allocation
    with bot_app.database.session() as session:
        preview = service.preview_stats(session, _bytes(SPLIT_FILE), year=2027, filename="stat27.csv")
        notice = preview.notice()
        assert notice.startswith("4 nettverk finnes ikke i registeret: «Innlandet fylkeskommune VGO Nord» (rad 4)")
        assert "Nærmeste treff: «Innlandet fylkeskommune VGO Nord» → Innlandet fylkeskommune" in notice
        assert "9 nettverk i registeret mangler i fila" in notice and "«Hamar» = Hamarregionen" in notice
        with pytest.raises(ValueError, match="Mente du «Sør-Østerdal»"):
            service.preview_stats(session, _bytes(SPLIT_FILE), year=2027, filename="stat27.csv",
                                  aliases={"Østerdalen samlet": "Sør-Osterdalen region"})
        with pytest.raises(ValueError, match="«Valdres» er selv et navn på Valdres"):
            service.preview_stats(session, _bytes(SPLIT_FILE), year=2027, filename="stat27.csv",
                                  aliases={"Valdres": "Hadeland"})
        service.import_stats(session, _bytes(SPLIT_FILE), year=2027, filename="stat27.csv", actor="cli:sekr",
                             confirmed=True, aliases={"Østerdalen samlet": "Sør-Østerdal"})
    with bot_app.database.session() as session:
        entries = {(e.year, e.name, e.alias_of, e.confirmed_by) for e in session.exec(select(NetworkRegisterEntry))}
        assert entries == {(2027, name, None, "cli:sekr") for name in NEW[:3]} | {
            (2027, "Østerdalen samlet", "Sør-Østerdal", "cli:sekr")}
        assert [row.network for row in session.exec(select(NetworkStatistics).order_by(col(NetworkStatistics.position)))
                ][5] == "Sør-Østerdal"
        names = {network.name for network in service.register(session, 2028)}
        assert set(NEW[:3]) <= names and "Østerdalen samlet" not in names
        assert {network.name for network in service.register(session, 2026)}.isdisjoint(NEW)
        assert service.find_network(session, 2028, "østerdalen samlet") == ("Sør-Østerdal", None)
        assert service.find_network(session, 2028, "Innlandet fylkeskommune VGO Nor")[1] == \
            "Innlandet fylkeskommune VGO Nord"
        # the same file next year matches the register: only the county's old network is missing
        again = service.preview_stats(session, _bytes(SPLIT_FILE), year=2028, filename="stat28.csv")
        assert again.table.new_networks == ()
        budget = {"desentralisert": 31_450_000}
        data = result_to_json(service.compute(session, year=2027, budgets=budget))
    expected = [("Sør-Østerdal" if name == "Østerdalen samlet" else name, *rest)
                for name, *rest in _with_register_names(naive(SPLIT_FILE, "desentralisert", 31_450_000))]
    assert _figures(data, "desentralisert") == expected


# -- the CLI -----------------------------------------------------------------------------------------

def _cli(args: list[str], tmp_path: Path, stdin: bytes = b"") -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith(("SLACK_", "IMAP", "SMTP", "PLAN_FILE", "KOMPETANSEBOT_NOW"))}
    environment.update({"DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}", "KOMPETANSEBOT_NOW": "2027-01-12T09:00",
                        "COLUMNS": "200"})
    done = subprocess.run([str(BIN), *args], input=stdin, capture_output=True, cwd=tmp_path, env=environment,
                          timeout=120, check=False)
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode(), done.stderr.decode())


def test_cli_import_names_the_differences_and_asks_in_norwegian(tmp_path: Path) -> None:
    (tmp_path / "stat.csv").write_bytes(_bytes(SPLIT_FILE))
    refused = _cli(["stats", "import", "stat.csv"], tmp_path, stdin=b"nei\n")
    assert refused.returncode == 1, refused.stderr
    assert "4 nettverk finnes ikke i registeret" in refused.stderr and "Nærmeste treff" in refused.stderr
    assert "mangler i fila" in refused.stderr and "[j/N]" in refused.stderr
    assert "Importerte ingenting" in refused.stderr and refused.stdout == ""
    accepted = _cli(["stats", "import", "stat.csv", "--alias", "Østerdalen samlet=Sør-Østerdal"], tmp_path,
                    stdin=b"j\n")
    assert accepted.returncode == 0, accepted.stderr
    assert "Importerte statistikk for 7 nettverk for 2027" in accepted.stdout and "Sør-Østerdal" in accepted.stdout
    listed = _cli(["stats", "networks", "--year", "2027"], tmp_path)
    assert "Innlandet fylkeskommune VGO Sør" in listed.stdout and "Østerdalen samlet" in listed.stdout
    partial = tmp_path / "del.csv"
    partial.write_bytes(_bytes(PARTIAL_FILE))
    quiet = _cli(["stats", "import", str(partial), "--year", "2026"], tmp_path)  # no answer: the default is no
    assert quiet.returncode == 1 and "mangler i fila" in quiet.stderr
    forced = _cli(["stats", "import", str(partial), "--year", "2026", "--yes"], tmp_path)
    assert forced.returncode == 0 and "for 3 nettverk for 2026" in forced.stdout


def test_cli_allocate_computes_exactly_the_files_networks(tmp_path: Path) -> None:
    (tmp_path / "stat.csv").write_bytes(_bytes(SPLIT_FILE))
    done = _cli(["allocate", "--stats", "stat.csv", "--budget", "desentralisert=31,45 mill", "--json"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "4 nettverk finnes ikke i registeret" in done.stderr
    data = json.loads(done.stdout)
    assert _figures(data, "desentralisert") == _with_register_names(naive(SPLIT_FILE, "desentralisert", 31_450_000))
    typo = _cli(["allocate", "--stats", "stat.csv", "--budget", "desentralsert=1000"], tmp_path)
    assert typo.returncode == 2 and "Mente du «desentralisert»?" in typo.stderr
