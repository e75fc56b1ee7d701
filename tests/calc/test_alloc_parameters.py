from fractions import Fraction
from typing import Any

import pytest

from calc.errors import ParameterError
from calc.output import parameters_json
from calc.parameters import SCHEME_IDS, merge, parameters_from_mapping


def test_shipped_parameters_are_the_plan_defaults(plan: dict[str, Any]) -> None:
    p = parameters_from_mapping(plan["allocation"], 2026)
    assert tuple(p.schemes) == SCHEME_IDS
    d, r, k = (p.schemes[s] for s in SCHEME_IDS)
    assert (d.felles_share, d.pool_share) == (Fraction(1, 10), Fraction(9, 10))
    assert (r.felles_share, r.pool_share) == (Fraction(1, 10), Fraction(6, 10))
    assert (k.felles_share, k.pool_share) == (Fraction(0), Fraction(1))
    for scheme in (d, r, k):
        assert scheme.network_max_share == Fraction(2, 5)
        assert scheme.coordinator_max_share == Fraction(1, 5)
        assert scheme.section == "5.8"
        assert all(measure.section == "5.8" and measure.weight == 1 for measure in scheme.measures)
    assert d.egenandel_share == Fraction(3, 10) and d.andre_tiltak_max_share is None
    assert r.andre_tiltak_max_share == Fraction(3, 10) and r.egenandel_share is None
    assert k.egenandel_share is None and k.andre_tiltak_max_share is None
    assert [dict(m.columns) for m in d.measures] == [
        {"laerer_arsverk": 1, "yrkesfaglaerer_arsverk": -1}, {"skoler": 1}, {"elever": 1}]
    assert [dict(m.columns) for m in r.measures] == [{"bhg_arsverk": 1}, {"barnehager": 1}, {"barn": 1}]
    assert [dict(m.columns) for m in k.measures] == [
        {"laerer_arsverk": 1, "bhg_arsverk": 1}, {"barnehager": 1, "skoler": 1}, {"barn": 1, "elever": 1}]


def test_year_override_marks_kompetanseloftet_permanent(plan: dict[str, Any]) -> None:
    data = merge(plan["allocation"], {"years": {"2027": {"schemes": {
        "kompetanseloftet": {"permanent": True},
        "regional": {"measures": {"barn": {"weight": 2}}, "pool_pct": "62,5"},
    }}}})
    base = parameters_from_mapping(data, 2026)
    later = parameters_from_mapping(data, 2027)
    assert base.schemes["kompetanseloftet"].felles_share == 0
    k = later.schemes["kompetanseloftet"]
    assert k.felles_share == Fraction(1, 10)
    assert k.pool_share == Fraction(9, 10)  # capped: felles + pool never exceed the budget
    assert k.notes
    regional = later.schemes["regional"]
    assert regional.pool_share == Fraction(5, 8)
    assert [m.weight for m in regional.measures] == [1, 1, 2]
    assert [m.label for m in regional.measures] == [m.label for m in base.schemes["regional"].measures]
    assert parameters_from_mapping(data, None).schemes["regional"].pool_share == Fraction(3, 5)


def test_parameters_json_lists_every_percentage_and_weight(parameters: Any) -> None:
    data = parameters_json(parameters)
    d = data["schemes"]["desentralisert"]
    assert (d["felles_pct"], d["pool_pct"], d["network_max_pct"], d["coordinator_max_pct"], d["egenandel_pct"]) == (
        10, 90, 40, 20, 30)
    assert data["schemes"]["kompetanseloftet"]["felles_pct"] == 0
    assert data["schemes"]["kompetanseloftet"]["felles_pct_when_permanent"] == 10
    assert [m["weight"] for m in d["measures"]] == [1, 1, 1]
    assert "felles" in data["rounding"] and "estimate" in data["rounding"]


@pytest.mark.parametrize(("change", "words"), [
    ({"felles_pct": 120}, "mellom 0 og 100"),
    ({"pool_pct": "ni"}, "tall"),
    ({"coordinator_max_pct": 50}, "coordinator_max_pct"),
    ({"fellse_pct": 10}, "Ukjent nøkkel"),
    ({"measures": {"x": {"columns": {"laerere": 1}}}}, "ukjent kolonne"),
    ({"measures": {"x": {"columns": {"elever": 1}, "weight": 0}}}, "vekt"),
    ({"network_max_pct": True}, "tall"),
])
def test_bad_parameters_are_named(plan: dict[str, Any], change: dict[str, Any], words: str) -> None:
    table = plan["allocation"]["schemes"]["desentralisert"]
    broken = {**table, **change} if "measures" in change else merge(table, change)
    data = {**plan["allocation"], "schemes": {**plan["allocation"]["schemes"], "desentralisert": broken}}
    with pytest.raises(ParameterError, match=words) as caught:
        parameters_from_mapping(data, 2026)
    assert isinstance(caught.value, ValueError)


def test_missing_allocation_table_is_an_error() -> None:
    with pytest.raises(ParameterError):
        parameters_from_mapping({}, 2026)
