"""An independent, deliberately naive implementation of issue 4's model, written straight from the
issue text with Fraction and the default percentages typed in here (not read from the plan data),
compared figure by figure with calc on random inputs."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from fractions import Fraction as F
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from calc.model import allocate
from calc.output import result_to_json
from calc.parameters import AllocationParameters
from calc.stats import table_from_records

Row = dict[str, F]
Measure = Callable[[Row], F]

FELLES = {"desentralisert": F(10, 100), "regional": F(10, 100), "kompetanseloftet": F(0)}
POOL = {"desentralisert": F(90, 100), "regional": F(60, 100), "kompetanseloftet": F(100, 100)}
MEASURES: dict[str, list[Measure]] = {
    "desentralisert": [lambda r: r["laerer_arsverk"] - r["yrkesfaglaerer_arsverk"], lambda r: r["skoler"],
                       lambda r: r["elever"]],
    "regional": [lambda r: r["bhg_arsverk"], lambda r: r["barnehager"], lambda r: r["barn"]],
    "kompetanseloftet": [lambda r: r["laerer_arsverk"] + r["bhg_arsverk"], lambda r: r["barnehager"] + r["skoler"],
                         lambda r: r["barn"] + r["elever"]],
}


def naive(rows: list[tuple[str, Row]], scheme: str, budget: int) -> dict[str, Any]:
    felles = math.floor(budget * FELLES[scheme])
    pool = math.floor(budget * POOL[scheme])
    values = [[measure(row) for _, row in rows] for measure in MEASURES[scheme]]
    used = [column for column in values if sum(column) != 0]
    keys = [sum(column[i] / sum(column) for column in used) / len(used) for i in range(len(rows))]
    quotas = [pool * key for key in keys]
    estimates = [math.floor(q) for q in quotas]
    left = pool - sum(estimates)
    for i in sorted(range(len(rows)), key=lambda i: (-(quotas[i] - math.floor(quotas[i])), i))[:left]:
        estimates[i] += 1
    networks = []
    for (name, _), key, e in zip(rows, keys, estimates, strict=True):
        entry: dict[str, Any] = {"network": name, "key": key, "estimate": e,
                                 "network_max": math.floor(e * F(40, 100)), "coordinator_max": math.floor(e * F(20, 100))}
        entry["uh_min"] = e - entry["network_max"]
        if scheme == "desentralisert":
            entry["egenandel"] = math.ceil(e * F(30, 100))
        if scheme == "regional":
            entry["andre_tiltak_max"] = math.floor(e * F(30, 100))
        networks.append(entry)
    return {"budget": budget, "felles": felles, "prorata_pool": pool, "behovspott": budget - felles - pool,
            "networks": networks}


def random_rows(rng: random.Random, count: int) -> list[dict[str, Any]]:
    """Random statistics; about a third of the rows copy an earlier row, so remainders tie often."""
    rows: list[dict[str, Any]] = []
    for i in range(count):
        if rows and rng.random() < 0.35:
            rows.append(dict(rng.choice(rows), network=f"Nettverk {i}"))
            continue
        teachers = F(rng.randint(0, 20000), rng.choice([1, 10, 100]))
        rows.append({
            "network": f"Nettverk {i}",
            "laerer_arsverk": teachers,
            "yrkesfaglaerer_arsverk": teachers * F(rng.randint(0, 40), 100) if rng.random() < 0.3 else F(0),
            "skoler": F(rng.randint(0, 60)),
            "elever": F(rng.choice([0, rng.randint(0, 30000)])),
            "bhg_arsverk": F(rng.randint(0, 9000), 10),
            "barnehager": F(rng.randint(0, 80)),
            "barn": F(rng.randint(0, 5000)),
        })
    return rows


def compare(parameters: AllocationParameters, records: list[dict[str, Any]], budgets: dict[str, int]) -> None:
    table = table_from_records(records, required_columns=())
    rows = [(str(r["network"]), {k: F(v) for k, v in r.items() if k != "network"}) for r in records]
    result = allocate(table, budgets, parameters)
    data = result_to_json(result)["schemes"]
    for scheme, budget in budgets.items():
        expected = naive(rows, scheme, budget)
        got = data[scheme]
        exact = result.schemes[scheme]
        for figure in ("budget", "felles", "prorata_pool", "behovspott"):
            assert got[figure] == expected[figure], (scheme, figure)
        assert [n.key for n in exact.networks] == [n["key"] for n in expected["networks"]]
        for mine, theirs in zip(got["networks"], expected["networks"], strict=True):
            theirs = dict(theirs, key=float(theirs["key"]))
            assert mine == theirs, scheme


def _usable(records: list[dict[str, Any]]) -> bool:
    def total(column: str) -> F:
        return sum((F(r[column]) for r in records), F(0))
    return all(total(c) > 0 for c in ("skoler", "barnehager"))


def test_reference_on_seeded_random_inputs(parameters: AllocationParameters) -> None:
    rng = random.Random(4)
    for _ in range(150):
        records = random_rows(rng, rng.randint(1, 40))
        if not _usable(records):
            continue
        budgets = {scheme: rng.choice([0, 1, 7, 999, rng.randint(0, 10**9), 31_450_000])
                   for scheme in ("desentralisert", "regional", "kompetanseloftet") if rng.random() < 0.8}
        if budgets:
            compare(parameters, records, budgets)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32), count=st.integers(1, 25), budget=st.integers(0, 2 * 10**9))
def test_reference_with_hypothesis(parameters: AllocationParameters, seed: int, count: int, budget: int) -> None:
    records = random_rows(random.Random(seed), count)
    if _usable(records):
        compare(parameters, records, {"desentralisert": budget, "regional": budget // 3, "kompetanseloftet": budget + 1})
