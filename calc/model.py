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

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import lcm

from calc.columns import COLUMN_LABELS
from calc.errors import AllocationInputError, BudgetError
from calc.formatting import format_decimal
from calc.numbers import fold_name
from calc.parameters import AllocationParameters, Measure, SchemeParameters
from calc.stats import StatsRow, StatsTable


@dataclass(frozen=True)
class MeasureSummary:
    measure: Measure
    scale: int  # the measure's values are kept as integers: value = units / scale
    total_units: int
    included: bool
    weight_share: Fraction  # the measure's weight as a part of the included weights (0 if left out)

    @property
    def total(self) -> Fraction:
        return Fraction(self.total_units, self.scale)


@dataclass(frozen=True)
class NetworkAllocation:
    """One network's figures. The key is kept as an integer numerator over the scheme's common
    denominator (exact); ``key`` and ``quota`` build the ``Fraction`` on demand."""

    network: str
    key_numerator: int
    key_denominator: int
    prorata_pool: int
    estimate: int
    network_max: int
    coordinator_max: int
    uh_min: int
    egenandel: int | None
    andre_tiltak_max: int | None
    measure_units: tuple[int, ...]
    rounded_up: bool  # got one of the kroner left after flooring (largest remainder)

    @property
    def key(self) -> Fraction:
        return Fraction(self.key_numerator, self.key_denominator)

    @property
    def key_float(self) -> float:
        return self.key_numerator / self.key_denominator  # int / int: correctly rounded

    @property
    def quota(self) -> Fraction:
        """The exact (unrounded) prorata_pool x key."""
        return Fraction(self.prorata_pool * self.key_numerator, self.key_denominator)


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

    def value(self, network: NetworkAllocation, measure_index: int) -> Fraction:
        """The network's value of a measure (e.g. lærerårsverk minus yrkesfaglærerårsverk)."""
        return Fraction(network.measure_units[measure_index], self.measures[measure_index].scale)

    def share(self, network: NetworkAllocation, measure_index: int) -> Fraction:
        total = self.measures[measure_index].total_units
        return Fraction(network.measure_units[measure_index], total) if total else Fraction(0)

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


IntegerColumns = dict[str, tuple[int, list[int]]]


def integer_columns(rows: Sequence[StatsRow], columns: Iterable[str]) -> IntegerColumns:
    """Each column as integers over one scale per column: value = integers[i] / scale."""
    result: IntegerColumns = {}
    for column in columns:
        values = [row.values[column] for row in rows]
        scale = lcm(*(value.denominator for value in values))
        result[column] = (scale, [value.numerator * (scale // value.denominator) for value in values])
    return result


def _measure_units(rows: Sequence[StatsRow], scheme: SchemeParameters,
                   columns: IntegerColumns) -> list[tuple[int, list[int]]]:
    """Per measure: (scale, integer value per row), value = units / scale. Checks nothing is negative."""
    missing = [column for column in scheme.required_columns if any(column not in row.values for row in rows)]
    if missing:
        names = ", ".join(f"{column} ({COLUMN_LABELS[column]})" for column in missing)
        raise AllocationInputError(f"Statistikken mangler {names}, som trengs for {scheme.label}.")
    for column in scheme.required_columns:
        if column not in columns:
            columns.update(integer_columns(rows, [column]))
    measures: list[tuple[int, list[int]]] = []
    for measure in scheme.measures:
        scale = lcm(*(coefficient.denominator * columns[column][0] for column, coefficient in measure.columns))
        units = [0] * len(rows)
        for column, coefficient in measure.columns:
            column_scale, integers = columns[column]
            factor = coefficient.numerator * (scale // (coefficient.denominator * column_scale))
            units = [total + factor * value for total, value in zip(units, integers, strict=True)]
        for row, value in zip(rows, units, strict=True):
            if value < 0:
                where = f" (rad {row.row})" if row.row else ""
                raise AllocationInputError(
                    f"{row.network}{where}: målet «{measure.label}» blir negativt "
                    f"({format_decimal(Fraction(value, scale))}) for {scheme.label}.")
        measures.append((scale, units))
    return measures


def allocate_scheme(rows: Sequence[StatsRow], budget: int, scheme: SchemeParameters,
                    columns: IntegerColumns | None = None) -> SchemeAllocation:
    if isinstance(budget, bool) or not isinstance(budget, int) or budget < 0:
        raise BudgetError(f"Budsjettet for {scheme.label} må være et helt, ikke-negativt kronebeløp.")
    if not rows:
        raise AllocationInputError("Statistikken har ingen nettverk.")
    felles = _floor_share(budget, scheme.felles_share)
    pool = _floor_share(budget, scheme.pool_share)
    behovspott = budget - felles - pool

    measured = _measure_units(rows, scheme, columns if columns is not None else {})
    totals = [sum(units) for _, units in measured]
    included = [total != 0 and measure.weight != 0 for measure, total in zip(scheme.measures, totals, strict=True)]
    total_weight = sum((m.weight for m, use in zip(scheme.measures, included, strict=True) if use), Fraction(0))
    if total_weight == 0:
        raise AllocationInputError(f"Ingen av målene for {scheme.label} har verdier over 0 i statistikken; "
                                   "nøkkelen kan ikke beregnes.")
    # key_i = sum_m g_m x U_im, with U_im the integer units and g_m = w_m / (W x T_m), T_m = sum_i U_im.
    used = [units for (_, units), use in zip(measured, included, strict=True) if use]
    coefficients = [measure.weight / (total_weight * total)
                    for measure, total, use in zip(scheme.measures, totals, included, strict=True) if use]
    denominator = lcm(*(c.denominator for c in coefficients))
    multipliers = [c.numerator * (denominator // c.denominator) for c in coefficients]
    count = len(rows)
    numerators = [0] * count
    for multiplier, units in zip(multipliers, used, strict=True):
        numerators = [total + multiplier * value for total, value in zip(numerators, units, strict=True)]

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
            key_numerator=numerators[i],
            key_denominator=denominator,
            prorata_pool=pool,
            estimate=estimate,
            network_max=network_max,
            coordinator_max=_floor_share(estimate, scheme.coordinator_max_share),
            uh_min=estimate - network_max,
            egenandel=_ceil_share(estimate, egenandel_share) if egenandel_share is not None else None,
            andre_tiltak_max=_floor_share(estimate, andre_share) if andre_share is not None else None,
            measure_units=tuple(units[i] for _, units in measured),
            rounded_up=i in bonus,
        ))
    summaries = tuple(
        MeasureSummary(measure=measure, scale=scale, total_units=total, included=use,
                       weight_share=measure.weight / total_weight if use else Fraction(0))
        for measure, (scale, _), total, use in zip(scheme.measures, measured, totals, included, strict=True)
    )
    return SchemeAllocation(parameters=scheme, budget=budget, felles=felles, prorata_pool=pool,
                            behovspott=behovspott, measures=summaries, networks=tuple(networks))


def allocate(stats: StatsTable, budgets: Mapping[str, int], parameters: AllocationParameters) -> AllocationResult:
    """Split each budgeted scheme's pool between the networks of ``stats`` (schemes in parameter order)."""
    if not budgets:
        raise BudgetError("Oppgi budsjettet for minst én ordning (for eksempel desentralisert=31 450 000).")
    for scheme_id in budgets:
        parameters.scheme(scheme_id)
    columns: IntegerColumns = {}  # shared between the schemes: each column is scaled to integers once
    schemes = {
        scheme_id: allocate_scheme(stats.rows, budgets[scheme_id], scheme, columns)
        for scheme_id, scheme in parameters.schemes.items()
        if scheme_id in budgets
    }
    return AllocationResult(parameters=parameters, schemes=schemes, stats_source=stats.source)
