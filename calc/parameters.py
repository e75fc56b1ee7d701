"""The model's parameters, read from a plain mapping (the ``[allocation]`` table of the plan data).

calc never reads files of its own: the caller passes ``load_plan_data()["allocation"]`` (or any
mapping of the same shape) to ``parameters_from_mapping``. Percentages are kept as exact
``Fraction`` s of 1 (10 % -> 1/10).

Per-year overrides: ``years.<year>`` holds any subset of the same keys; for that year they are
merged key by key over the defaults (tables merge, values replace).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from calc.columns import VALUE_COLUMNS
from calc.errors import ParameterError

SCHEME_IDS: tuple[str, ...] = ("desentralisert", "regional", "kompetanseloftet")

_TOP_KEYS = frozenset({"section", "title", "schemes", "years"})
_SCHEME_KEYS = frozenset({
    "label", "section", "felles_pct", "felles_only_when_permanent", "permanent", "pool_pct",
    "network_max_pct", "coordinator_max_pct", "egenandel_pct", "egenandel_basis", "andre_tiltak_max_pct",
    "measures",
})
_MEASURE_KEYS = frozenset({"label", "section", "weight", "columns"})

# How figures are rounded to whole kroner. Fixed rules (not plan facts), reported in every result.
ROUNDING: dict[str, str] = {
    "felles": "floor (rundet ned til hele kroner)",
    "prorata_pool": "floor (rundet ned til hele kroner)",
    "behovspott": "resten: budget - felles - prorata_pool (får eventuelle øre-rester)",
    "estimate": "største rest-metoden: hele kroner, summerer nøyaktig til prorata_pool; "
                "like rester avgjøres av rekkefølgen i statistikkfila",
    "network_max": "floor",
    "coordinator_max": "floor",
    "uh_min": "estimate - network_max",
    "egenandel": "ceil (rundet opp)",
    "andre_tiltak_max": "floor",
}


@dataclass(frozen=True)
class Measure:
    """One measure of a scheme: a weighted sum of statistics columns (e.g. lærerårsverk - yrkesfag)."""

    id: str
    label: str
    weight: Fraction
    columns: tuple[tuple[str, Fraction], ...]
    section: str = "5.8"

    def value(self, values: Mapping[str, Fraction]) -> Fraction:
        return sum((coefficient * values[column] for column, coefficient in self.columns), Fraction(0))


@dataclass(frozen=True)
class SchemeParameters:
    """Effective parameters of one scheme for one year (percentages as fractions of 1)."""

    id: str
    label: str
    section: str
    felles_share: Fraction
    pool_share: Fraction
    network_max_share: Fraction
    coordinator_max_share: Fraction
    egenandel_share: Fraction | None
    andre_tiltak_max_share: Fraction | None
    measures: tuple[Measure, ...]
    configured_felles_share: Fraction
    configured_pool_share: Fraction
    felles_only_when_permanent: bool = False
    permanent: bool = False
    egenandel_basis: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def required_columns(self) -> tuple[str, ...]:
        needed = {column for measure in self.measures for column, _ in measure.columns}
        return tuple(column for column in VALUE_COLUMNS if column in needed)


@dataclass(frozen=True)
class AllocationParameters:
    """Parameters for every scheme, for one year (``year`` None: the defaults, no override)."""

    schemes: Mapping[str, SchemeParameters]
    year: int | None = None
    section: str = "5.8"
    title: str = ""
    rounding: Mapping[str, str] = field(default_factory=lambda: dict(ROUNDING))

    def scheme(self, scheme_id: str) -> SchemeParameters:
        try:
            return self.schemes[scheme_id]
        except KeyError:
            known = ", ".join(self.schemes)
            raise ParameterError(f"Ukjent ordning «{scheme_id}». Kjente ordninger: {known}.") from None


def merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """Merge ``override`` over ``base``: tables merge key by key, everything else replaces."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _share(value: object, where: str, *, required: bool = True) -> Fraction | None:
    """A percentage as written in the data (10, 12.5, "12,5") -> exact fraction of 1."""
    if value is None:
        if required:
            raise ParameterError(f"Parameteren {where} mangler.")
        return None
    if isinstance(value, bool):
        raise ParameterError(f"Parameteren {where} må være et tall (prosent), ikke {value!r}.")
    try:
        if isinstance(value, int):
            percent = Fraction(value)
        elif isinstance(value, float | str):
            percent = Fraction(Decimal(str(value).strip().replace(",", ".").removesuffix("%").strip()))
        else:
            raise TypeError
    except (InvalidOperation, TypeError, ValueError):
        raise ParameterError(f"Parameteren {where} må være et tall (prosent), ikke {value!r}.") from None
    if not 0 <= percent <= 100:
        raise ParameterError(f"Parameteren {where} må være mellom 0 og 100 (prosent), ikke {value!r}.")
    return percent / 100


def _number(value: object, where: str) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ParameterError(f"Parameteren {where} må være et tall, ikke {value!r}.")
    try:
        return Fraction(Decimal(str(value).strip().replace(",", ".")))
    except (InvalidOperation, ValueError):
        raise ParameterError(f"Parameteren {where} må være et tall, ikke {value!r}.") from None


def _check_keys(table: Mapping[str, Any], allowed: frozenset[str], where: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise ParameterError(f"Ukjent nøkkel i {where}: {', '.join(unknown)}. Tillatt: {', '.join(sorted(allowed))}.")


def _measure(measure_id: str, table: object, where: str) -> Measure:
    if not isinstance(table, Mapping):
        raise ParameterError(f"{where} må være en tabell.")
    _check_keys(table, _MEASURE_KEYS, where)
    columns = table.get("columns")
    if not isinstance(columns, Mapping) or not columns:
        raise ParameterError(f"{where}.columns må være en tabell som {{ elever = 1 }}.")
    terms = []
    for column, coefficient in columns.items():
        if column not in VALUE_COLUMNS:
            raise ParameterError(f"{where}.columns: ukjent kolonne «{column}». Kjente: {', '.join(VALUE_COLUMNS)}.")
        terms.append((str(column), _number(coefficient, f"{where}.columns.{column}")))
    weight = _number(table.get("weight", 1), f"{where}.weight")
    if weight < 0:
        raise ParameterError(f"{where}.weight kan ikke være negativ.")
    return Measure(id=measure_id, label=str(table.get("label", measure_id)), weight=weight,
                   columns=tuple(terms), section=str(table.get("section", "5.8")))


def _scheme(scheme_id: str, table: object, default_section: str) -> SchemeParameters:
    where = f"allocation.schemes.{scheme_id}"
    if not isinstance(table, Mapping):
        raise ParameterError(f"{where} må være en tabell.")
    _check_keys(table, _SCHEME_KEYS, where)

    def share(key: str, *, required: bool = True) -> Fraction | None:
        return _share(table.get(key), f"{where}.{key}", required=required)

    configured_felles = share("felles_pct") or Fraction(0)
    configured_pool = share("pool_pct") or Fraction(0)
    only_when_permanent = bool(table.get("felles_only_when_permanent", False))
    permanent = bool(table.get("permanent", False))
    notes: list[str] = []
    felles = configured_felles
    if only_when_permanent and not permanent:
        felles = Fraction(0)
        notes.append("felles kompetansetiltak gjelder først når ordningen er permanent (5.8 pkt. 1); 0 % brukt")
    pool = configured_pool
    if felles + pool > 1:
        pool = 1 - felles
        notes.append(f"pro rata-potten er senket til {_percent_text(pool)} % så felles tiltak og pott ikke blir mer "
                     "enn budsjettet")
    network_max = share("network_max_pct")
    coordinator_max = share("coordinator_max_pct")
    assert network_max is not None and coordinator_max is not None
    if coordinator_max > network_max:
        raise ParameterError(f"{where}: coordinator_max_pct kan ikke være større enn network_max_pct.")
    measures_table = table.get("measures")
    if not isinstance(measures_table, Mapping) or not measures_table:
        raise ParameterError(f"{where}.measures mangler (minst ett mål, f.eks. [{where}.measures.elever]).")
    measures = tuple(_measure(str(mid), mtable, f"{where}.measures.{mid}") for mid, mtable in measures_table.items())
    if all(measure.weight == 0 for measure in measures):
        raise ParameterError(f"{where}.measures: minst ett mål må ha vekt større enn 0.")
    basis = table.get("egenandel_basis")
    return SchemeParameters(
        id=scheme_id, label=str(table.get("label", scheme_id)), section=str(table.get("section", default_section)),
        felles_share=felles, pool_share=pool, network_max_share=network_max, coordinator_max_share=coordinator_max,
        egenandel_share=share("egenandel_pct", required=False),
        andre_tiltak_max_share=share("andre_tiltak_max_pct", required=False),
        measures=measures, configured_felles_share=configured_felles, configured_pool_share=configured_pool,
        felles_only_when_permanent=only_when_permanent, permanent=permanent,
        egenandel_basis=str(basis) if basis is not None else None, notes=tuple(notes),
    )


def parameters_from_mapping(data: Mapping[str, Any], year: int | None = None) -> AllocationParameters:
    """Build the effective parameters from the ``[allocation]`` table, with ``years.<year>`` merged in."""
    if not isinstance(data, Mapping) or not data:
        raise ParameterError("Fordelingsmodellen mangler parametre ([allocation] i plandataene).")
    _check_keys(data, _TOP_KEYS, "allocation")
    effective: Mapping[str, Any] = {key: value for key, value in data.items() if key != "years"}
    years = data.get("years", {})
    if not isinstance(years, Mapping):
        raise ParameterError("allocation.years må være en tabell ([allocation.years.2027] ...).")
    if year is not None and str(year) in years:
        override = years[str(year)]
        if not isinstance(override, Mapping):
            raise ParameterError(f"allocation.years.{year} må være en tabell.")
        _check_keys(override, _TOP_KEYS - {"years"}, f"allocation.years.{year}")
        effective = merge(effective, override)
    schemes_table = effective.get("schemes")
    if not isinstance(schemes_table, Mapping) or not schemes_table:
        raise ParameterError("allocation.schemes mangler.")
    section = str(effective.get("section", "5.8"))
    schemes = {str(sid): _scheme(str(sid), table, section) for sid, table in schemes_table.items()}
    return AllocationParameters(schemes=schemes, year=year, section=section, title=str(effective.get("title", "")))


def _percent_text(share: Fraction) -> str:
    percent = share * 100
    if percent.denominator == 1:
        return str(percent.numerator)
    return str(Decimal(percent.numerator) / Decimal(percent.denominator)).replace(".", ",")
