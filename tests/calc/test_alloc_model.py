"""The worked example of docs/allocation.md, checked by hand, plus the model's edge cases."""

from fractions import Fraction
from typing import Any

import pytest

from calc.errors import AllocationInputError, BudgetError, ParameterError
from calc.model import allocate
from calc.numbers import parse_budget
from calc.output import result_to_json
from calc.parameters import AllocationParameters, merge, parameters_from_mapping
from calc.stats import KnownNetwork, StatsRow, StatsTable, table_from_records

EXAMPLE = [
    {"network": "Valdres", "laerer_arsverk": 60, "yrkesfaglaerer_arsverk": 10, "skoler": 4, "elever": 600,
     "bhg_arsverk": 40, "barnehager": 5, "barn": 300},
    {"network": "Hadeland", "laerer_arsverk": 30, "yrkesfaglaerer_arsverk": 0, "skoler": 3, "elever": 250,
     "bhg_arsverk": 35, "barnehager": 3, "barn": 200},
    {"network": "Nord-Gudbrandsdal", "laerer_arsverk": 20, "yrkesfaglaerer_arsverk": 0, "skoler": 3, "elever": 150,
     "bhg_arsverk": 25, "barnehager": 2, "barn": 100},
]


def example_table(networks: list[KnownNetwork] | None = None) -> StatsTable:
    return table_from_records(EXAMPLE, known_networks=networks)


def test_worked_example_desentralisert(parameters: AllocationParameters, networks: list[KnownNetwork]) -> None:
    result = allocate(example_table(networks), {"desentralisert": parse_budget("1 234 567")}, parameters)
    data = result_to_json(result)["schemes"]["desentralisert"]
    assert (data["budget"], data["felles"], data["prorata_pool"], data["behovspott"]) == (
        1_234_567, 123_456, 1_111_110, 1)
    allocation = result.schemes["desentralisert"]
    assert [n.key for n in allocation.networks] == [Fraction(1, 2), Fraction(17, 60), Fraction(13, 60)]
    assert [n.quota for n in allocation.networks] == [555_555, Fraction(6_296_290, 20), Fraction(4_814_810, 20)]
    rows = [(n["network"], n["estimate"], n["network_max"], n["coordinator_max"], n["uh_min"], n["egenandel"])
            for n in data["networks"]]
    # Hadeland and Nord-Gudbrandsdal both have ,5 left over; one krone is left and goes to the earlier row.
    assert rows == [
        ("Valdres", 555_555, 222_222, 111_111, 333_333, 166_667),
        ("Hadeland", 314_815, 125_926, 62_963, 188_889, 94_445),
        ("Nord-Gudbrandsdal", 240_740, 96_296, 48_148, 144_444, 72_222),
    ]
    assert [n.rounded_up for n in allocation.networks] == [False, True, False]
    assert data["networks"][1]["key"] == pytest.approx(17 / 60)
    assert "andre_tiltak_max" not in data["networks"][0]


def test_regional_and_kompetanseloftet_columns(parameters: AllocationParameters) -> None:
    result = allocate(example_table(), {"regional": 1_000_000, "kompetanseloftet": 999}, parameters)
    data = result_to_json(result)
    assert list(data["schemes"]) == ["regional", "kompetanseloftet"]
    regional = data["schemes"]["regional"]
    assert (regional["felles"], regional["prorata_pool"], regional["behovspott"]) == (100_000, 600_000, 300_000)
    # keys: (40/100 + 5/10 + 300/600)/3 = 7/15, (35/100 + 3/10 + 200/600)/3, (25/100 + 2/10 + 100/600)/3
    assert [n["estimate"] for n in regional["networks"]] == [280_000, 196_667, 123_333]
    assert regional["networks"][0]["andre_tiltak_max"] == 84_000 and "egenandel" not in regional["networks"][0]
    kompetanse = data["schemes"]["kompetanseloftet"]
    assert (kompetanse["felles"], kompetanse["prorata_pool"], kompetanse["behovspott"]) == (0, 999, 0)
    assert sum(n["estimate"] for n in kompetanse["networks"]) == 999
    assert set(kompetanse["networks"][0]) == {"network", "key", "estimate", "network_max", "coordinator_max",
                                               "uh_min"}
    assert set(data["parameters"]["schemes"]) == {"regional", "kompetanseloftet"}


def test_kompetanseloftet_uses_all_teachers_including_vocational(parameters: AllocationParameters) -> None:
    rows = [dict(EXAMPLE[0], yrkesfaglaerer_arsverk=60), dict(EXAMPLE[1])]
    result = allocate(table_from_records(rows), {"kompetanseloftet": 1000, "desentralisert": 1000}, parameters)
    k = result.schemes["kompetanseloftet"]
    assert k.value(k.networks[0], 0) == 60 + 40  # lærer (incl. yrkesfag) + bhg
    d = result.schemes["desentralisert"]
    assert d.value(d.networks[0], 0) == 0 and d.value(d.networks[1], 0) == 30


def test_measure_with_zero_total_is_left_out(parameters: AllocationParameters) -> None:
    rows = [StatsRow(network=name, values={"laerer_arsverk": Fraction(v), "yrkesfaglaerer_arsverk": Fraction(v),
                                           "skoler": Fraction(s), "elever": Fraction(e)})
            for name, v, s, e in (("A", 5, 1, 30), ("B", 7, 3, 10))]
    result = allocate(StatsTable(rows=tuple(rows), columns=()), {"desentralisert": 1000}, parameters)
    allocation = result.schemes["desentralisert"]
    assert [m.included for m in allocation.measures] == [False, True, True]
    assert [n.key for n in allocation.networks] == [Fraction(1, 2), Fraction(1, 2)]  # (1/4+3/4)/2, (3/4+1/4)/2
    assert result_to_json(result)["parameters"]["schemes"]["desentralisert"]["measures"][0]["included"] is False


def test_no_usable_measure_is_an_error(parameters: AllocationParameters) -> None:
    rows = [StatsRow(network="A", values={c: Fraction(0) for c in ("bhg_arsverk", "barnehager", "barn")})]
    with pytest.raises(AllocationInputError, match="nøkkelen kan ikke beregnes"):
        allocate(StatsTable(rows=tuple(rows), columns=()), {"regional": 1000}, parameters)


def test_missing_column_for_the_scheme(parameters: AllocationParameters) -> None:
    table = table_from_records([{"network": "A", "elever": 5, "skoler": 1}], required_columns=("elever", "skoler"))
    with pytest.raises(AllocationInputError, match="lærerårsverk"):
        allocate(table, {"desentralisert": 1000}, parameters)


def test_budget_errors(parameters: AllocationParameters) -> None:
    with pytest.raises(BudgetError):
        allocate(example_table(), {}, parameters)
    with pytest.raises(BudgetError):
        allocate(example_table(), {"regional": -1}, parameters)
    with pytest.raises(ParameterError, match="Ukjent ordning"):
        allocate(example_table(), {"barnehage": 1}, parameters)


def test_zero_budget_gives_zeros(parameters: AllocationParameters) -> None:
    allocation = allocate(example_table(), {"desentralisert": 0}, parameters).schemes["desentralisert"]
    assert allocation.felles == allocation.prorata_pool == allocation.behovspott == 0
    assert all(n.estimate == n.egenandel == 0 for n in allocation.networks)


def test_weights_from_parameters_change_the_key(plan: dict[str, Any]) -> None:
    data = merge(plan["allocation"], {"years": {"2027": {"schemes": {"regional": {
        "measures": {"bhg_arsverk": {"weight": 2}, "barnehager": {"weight": 0}}}}}}})
    allocation = allocate(example_table(), {"regional": 1_000_000},
                          parameters_from_mapping(data, 2027)).schemes["regional"]
    # (2 x 40/100 + 1 x 300/600) / 3 = 13/30
    assert allocation.networks[0].key == Fraction(13, 30)
    assert [m.included for m in allocation.measures] == [True, False, True]


def test_lookup_of_a_network_is_accent_insensitive(parameters: AllocationParameters) -> None:
    allocation = allocate(example_table(), {"regional": 1000}, parameters).schemes["regional"]
    found = allocation.network("nord gudbrandsdal")
    assert found is not None and found.network == "Nord-Gudbrandsdal"
    assert allocation.network("Hamar") is None
