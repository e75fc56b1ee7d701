"""Property tests (issue 4): sums, non-negativity, monotonicity, scale invariance, caps."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from calc.columns import VALUE_COLUMNS
from calc.errors import AllocationInputError
from calc.model import AllocationResult, SchemeAllocation, allocate
from calc.parameters import AllocationParameters
from calc.stats import StatsRow, StatsTable

SCHEMES = ("desentralisert", "regional", "kompetanseloftet")
GROWING = ("laerer_arsverk", "skoler", "elever", "bhg_arsverk", "barnehager", "barn")  # more = more of every measure

values = st.one_of(st.integers(0, 50_000).map(Fraction), st.integers(0, 500_000).map(lambda n: Fraction(n, 10)))


@st.composite
def stats_rows(draw: st.DrawFn, min_size: int = 1, max_size: int = 14) -> list[dict[str, Fraction]]:
    count = draw(st.integers(min_size, max_size))
    rows = []
    for _ in range(count):
        row = {column: draw(values) for column in VALUE_COLUMNS}
        row["yrkesfaglaerer_arsverk"] = row["laerer_arsverk"] * draw(st.sampled_from([Fraction(0), Fraction(0), Fraction(1, 4), Fraction(1)]))
        rows.append(row)
    return rows


budgets = st.fixed_dictionaries({s: st.integers(0, 3 * 10**9) for s in SCHEMES})


def table(rows: list[dict[str, Fraction]]) -> StatsTable:
    return StatsTable(rows=tuple(StatsRow(network=f"N{i}", values=row, row=i + 2) for i, row in enumerate(rows)),
                      columns=VALUE_COLUMNS)


def run(parameters: AllocationParameters, rows: list[dict[str, Fraction]], money: dict[str, int]) -> AllocationResult:
    try:
        return allocate(table(rows), money, parameters)
    except AllocationInputError:
        assume(False)  # every measure of a scheme sums to zero: nothing to allocate by
        raise


def measure_vectors(allocation: SchemeAllocation) -> list[tuple[Fraction, ...]]:
    used = [i for i, summary in enumerate(allocation.measures) if summary.included]
    return [tuple(allocation.value(network, i) for i in used) for network in allocation.networks]


@settings(max_examples=150, deadline=None)
@given(rows=stats_rows(), money=budgets)
def test_sums_and_non_negative(parameters: AllocationParameters, rows: list[dict[str, Fraction]],
                               money: dict[str, int]) -> None:
    for allocation in run(parameters, rows, money).schemes.values():
        assert allocation.felles + allocation.prorata_pool + allocation.behovspott == allocation.budget
        assert min(allocation.felles, allocation.prorata_pool, allocation.behovspott) >= 0
        assert sum(n.estimate for n in allocation.networks) == allocation.prorata_pool
        assert sum(n.key for n in allocation.networks) == 1
        for n in allocation.networks:
            assert abs(n.estimate - n.quota) < 1
            figures = [n.estimate, n.network_max, n.coordinator_max, n.uh_min, n.egenandel or 0,
                       n.andre_tiltak_max or 0]
            assert all(figure >= 0 for figure in figures)


@settings(max_examples=150, deadline=None)
@given(rows=stats_rows(), money=budgets)
def test_caps(parameters: AllocationParameters, rows: list[dict[str, Fraction]], money: dict[str, int]) -> None:
    for allocation in run(parameters, rows, money).schemes.values():
        for n in allocation.networks:
            e = n.estimate
            assert n.network_max <= Fraction(40, 100) * e < n.network_max + 1
            assert n.coordinator_max <= Fraction(20, 100) * e < n.coordinator_max + 1
            assert n.coordinator_max <= n.network_max
            assert n.network_max + n.uh_min == e and n.uh_min >= Fraction(60, 100) * e
            if allocation.id == "desentralisert":
                assert n.egenandel is not None and n.egenandel - 1 < Fraction(30, 100) * e <= n.egenandel
            if allocation.id == "regional":
                assert n.andre_tiltak_max is not None and n.andre_tiltak_max <= Fraction(30, 100) * e
                assert Fraction(30, 100) * e < n.andre_tiltak_max + 1


@settings(max_examples=150, deadline=None)
@given(rows=stats_rows(min_size=2), money=budgets)
def test_more_of_every_measure_never_gets_less(parameters: AllocationParameters, rows: list[dict[str, Fraction]],
                                               money: dict[str, int]) -> None:
    for allocation in run(parameters, rows, money).schemes.values():
        vectors = measure_vectors(allocation)
        for i, a in enumerate(allocation.networks):
            for j, b in enumerate(allocation.networks):
                if i != j and all(x >= y for x, y in zip(vectors[i], vectors[j], strict=True)):
                    if vectors[i] == vectors[j] and i > j:
                        assert a.estimate >= b.estimate - 1  # equal stats: the earlier row wins the tie
                    else:
                        assert a.estimate >= b.estimate


@settings(max_examples=150, deadline=None)
@given(rows=stats_rows(), money=budgets, data=st.data())
def test_growing_a_network_never_lowers_its_estimate(parameters: AllocationParameters,
                                                     rows: list[dict[str, Fraction]], money: dict[str, int],
                                                     data: st.DataObject) -> None:
    before = run(parameters, rows, money)
    index = data.draw(st.integers(0, len(rows) - 1))
    grown = [dict(row) for row in rows]
    for column in GROWING:
        grown[index][column] += data.draw(values)
    after = run(parameters, grown, money)
    for scheme in money:
        assert after.schemes[scheme].networks[index].estimate >= before.schemes[scheme].networks[index].estimate


@settings(max_examples=100, deadline=None)
@given(rows=stats_rows(), money=budgets,
       factor=st.one_of(st.integers(2, 10**6).map(Fraction), st.fractions(min_value=Fraction(1, 997),
                                                                          max_value=1000, max_denominator=997)))
def test_scaling_all_statistics_changes_nothing(parameters: AllocationParameters, rows: list[dict[str, Fraction]],
                                                money: dict[str, int], factor: Fraction) -> None:
    assume(factor > 0)
    original = run(parameters, rows, money)
    scaled = run(parameters, [{c: v * factor for c, v in row.items()} for row in rows], money)
    for scheme in money:
        a, b = original.schemes[scheme], scaled.schemes[scheme]
        assert [n.key for n in a.networks] == [n.key for n in b.networks]
        assert [(n.estimate, n.network_max, n.coordinator_max, n.uh_min, n.egenandel, n.andre_tiltak_max)
                for n in a.networks] == [(n.estimate, n.network_max, n.coordinator_max, n.uh_min, n.egenandel,
                                          n.andre_tiltak_max) for n in b.networks]
