"""The allocation model of plan section 5.8, in exact integer/rational arithmetic.

Per scheme with budget B (whole kroner):

1. felles = floor(B x felles_share); prorata_pool = floor(B x pool_share);
   behovspott = B - felles - prorata_pool (the needs-based remainder; it absorbs rounding).
2. key of network i = sum over included measures m of w_m x share_im / sum of w_m, where
   share_im = value_im / total_m; a measure whose total (or weight) is zero is left out.
3. estimate_i = prorata_pool x key_i in whole kroner by largest remainder: everyone gets the
   floor, the kroner left go one each to the largest remainders (ties: earlier row first), so
   the estimates sum exactly to the pool.
4. network_max = floor(E x 40 %), coordinator_max = floor(E x 20 %), uh_min = E - network_max;
   egenandel = ceil(E x 30 %) (desentralisert); andre_tiltak_max = floor(E x 30 %) (regional).

Internally every measure is scaled to integers (shares do not change), so the whole
computation is integer arithmetic over one common denominator.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import lcm

from calc.columns import COLUMN_LABELS
from calc.errors import AllocationInputError, BudgetError
from calc.numbers import fold_name
from calc.parameters import AllocationParameters, Measure, SchemeParameters
from calc.stats import StatsRow, StatsTable


@dataclass(frozen=True)
class MeasureSummary:
    measure: Measure
    total: Fraction
    included: bool
    weight_share: Fraction  # the measure's weight as a part of the included weights (0 if left out)


@dataclass(frozen=True)
class NetworkAllocation:
    network: str
    key: Fraction
    quota: Fraction  # the exact (unrounded) prorata_pool x key
    estimate: int
    network_max: int
    coordinator_max: int
    uh_min: int
    egenandel: int | None
    andre_tiltak_max: int | None
    measure_values: tuple[Fraction, ...]
    rounded_up: bool  # got one of the kroner left after flooring (largest remainder)


@dataclass(frozen=True)
class SchemeAllocation:
    parameters: SchemeParameters
    budget: int
    felles: int
    prorata_pool: int
    behovspott: int
    measures: tuple[MeasureSummary, ...]
    networks: tuple[NetworkAllocation, ...]

    @property
    def id(self) -> str:
        return self.parameters.id

    def share(self, network: NetworkAllocation, measure_index: int) -> Fraction:
        total = self.measures[measure_index].total
        return network.measure_values[measure_index] / total if total else Fraction(0)

    def totals(self) -> dict[str, int]:
        sums = {
            "estimate": sum(n.estimate for n in self.networks),
            "network_max": sum(n.network_max for n in self.networks),
            "coordinator_max": sum(n.coordinator_max for n in self.networks),
            "uh_min": sum(n.uh_min for n in self.networks),
        }
        if self.parameters.egenandel_share is not None:
            sums["egenandel"] = sum(n.egenandel or 0 for n in self.networks)
        if self.parameters.andre_tiltak_max_share is not None:
            sums["andre_tiltak_max"] = sum(n.andre_tiltak_max or 0 for n in self.networks)
        return sums

    def network(self, name: str) -> NetworkAllocation | None:
        wanted = fold_name(name)
        return next((n for n in self.networks if fold_name(n.network) == wanted), None)


@dataclass(frozen=True)
class AllocationResult:
    parameters: AllocationParameters
    schemes: Mapping[str, SchemeAllocation]
    stats_source: str | None = None

    @property
    def year(self) -> int | None:
        return self.parameters.year


def _floor_share(amount: int, share: Fraction) -> int:
    return amount * share.numerator // share.denominator


def _ceil_share(amount: int, share: Fraction) -> int:
    return -(-amount * share.numerator // share.denominator)


def _measure_values(rows: Sequence[StatsRow], scheme: SchemeParameters) -> list[list[Fraction]]:
    missing = [column for column in scheme.required_columns if any(column not in row.values for row in rows)]
    if missing:
        names = ", ".join(f"{column} ({COLUMN_LABELS[column]})" for column in missing)
        raise AllocationInputError(f"Statistikken mangler {names}, som trengs for {scheme.label}.")
    table: list[list[Fraction]] = []
    for measure in scheme.measures:
        values = [measure.value(row.values) for row in rows]
        for row, value in zip(rows, values, strict=True):
            if value < 0:
                where = f" (rad {row.row})" if row.row else ""
                raise AllocationInputError(f"{row.network}{where}: målet «{measure.label}» blir negativt ({value}) "
                                           f"for {scheme.label}.")
        table.append(values)
    return table


def allocate_scheme(rows: Sequence[StatsRow], budget: int, scheme: SchemeParameters) -> SchemeAllocation:
    if isinstance(budget, bool) or not isinstance(budget, int) or budget < 0:
        raise BudgetError(f"Budsjettet for {scheme.label} må være et helt, ikke-negativt kronebeløp.")
    if not rows:
        raise AllocationInputError("Statistikken har ingen nettverk.")
    felles = _floor_share(budget, scheme.felles_share)
    pool = _floor_share(budget, scheme.pool_share)
    behovspott = budget - felles - pool

    values = _measure_values(rows, scheme)
    totals = [sum(column, Fraction(0)) for column in values]
    included = [total != 0 and measure.weight != 0 for measure, total in zip(scheme.measures, totals, strict=True)]
    total_weight = sum((m.weight for m, use in zip(scheme.measures, included, strict=True) if use), Fraction(0))
    if total_weight == 0:
        raise AllocationInputError(f"Ingen av målene for {scheme.label} har verdier over 0 i statistikken; "
                                   "nøkkelen kan ikke beregnes.")
    # key_i = sum_m g_m x V_im with V_im = v_im x D_m integral and g_m = w_m / (W x T_m), T_m = sum_i V_im.
    scaled: list[list[int]] = []
    coefficients: list[Fraction] = []
    for measure, column, use in zip(scheme.measures, values, included, strict=True):
        if not use:
            continue
        scale = lcm(*(value.denominator for value in column))
        integers = [value.numerator * (scale // value.denominator) for value in column]
        scaled.append(integers)
        coefficients.append(measure.weight / (total_weight * sum(integers)))
    denominator = lcm(*(c.denominator for c in coefficients))
    multipliers = [c.numerator * (denominator // c.denominator) for c in coefficients]
    count = len(rows)
    numerators = [sum(k * column[i] for k, column in zip(multipliers, scaled, strict=True)) for i in range(count)]

    floors: list[int] = []
    remainders: list[int] = []
    for numerator in numerators:
        whole, rest = divmod(pool * numerator, denominator)
        floors.append(whole)
        remainders.append(rest)
    leftover = pool - sum(floors)
    order = sorted(range(count), key=lambda i: (-remainders[i], i))
    bonus = set(order[:leftover])

    networks = []
    egenandel_share = scheme.egenandel_share
    andre_share = scheme.andre_tiltak_max_share
    for i, row in enumerate(rows):
        estimate = floors[i] + (1 if i in bonus else 0)
        network_max = _floor_share(estimate, scheme.network_max_share)
        networks.append(NetworkAllocation(
            network=row.network,
            key=Fraction(numerators[i], denominator),
            quota=Fraction(pool * numerators[i], denominator),
            estimate=estimate,
            network_max=network_max,
            coordinator_max=_floor_share(estimate, scheme.coordinator_max_share),
            uh_min=estimate - network_max,
            egenandel=_ceil_share(estimate, egenandel_share) if egenandel_share is not None else None,
            andre_tiltak_max=_floor_share(estimate, andre_share) if andre_share is not None else None,
            measure_values=tuple(column[i] for column in values),
            rounded_up=i in bonus,
        ))
    summaries = tuple(
        MeasureSummary(measure=measure, total=total, included=use,
                       weight_share=measure.weight / total_weight if use else Fraction(0))
        for measure, total, use in zip(scheme.measures, totals, included, strict=True)
    )
    return SchemeAllocation(parameters=scheme, budget=budget, felles=felles, prorata_pool=pool,
                            behovspott=behovspott, measures=summaries, networks=tuple(networks))


def allocate(stats: StatsTable, budgets: Mapping[str, int], parameters: AllocationParameters) -> AllocationResult:
    """Split each budgeted scheme's pool between the networks of ``stats`` (schemes in parameter order)."""
    if not budgets:
        raise BudgetError("Oppgi budsjettet for minst én ordning (for eksempel desentralisert=31 450 000).")
    for scheme_id in budgets:
        parameters.scheme(scheme_id)
    schemes = {
        scheme_id: allocate_scheme(stats.rows, budgets[scheme_id], scheme)
        for scheme_id, scheme in parameters.schemes.items()
        if scheme_id in budgets
    }
    return AllocationResult(parameters=parameters, schemes=schemes, stats_source=stats.source)
