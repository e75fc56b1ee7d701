"""The JSON contract of ``kompetansebot allocate --json`` (issue 4).

Kroner are ints; "key" and non-integral percentages/weights are JSON numbers for display only
(everything was computed exactly before this point).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from calc.model import AllocationResult, SchemeAllocation
from calc.parameters import AllocationParameters, SchemeParameters


def json_number(value: Fraction) -> int | float:
    return value.numerator if value.denominator == 1 else float(value)


def _percent(share: Fraction) -> int | float:
    return json_number(share * 100)


def scheme_json(allocation: SchemeAllocation) -> dict[str, Any]:
    scheme = allocation.parameters
    networks = []
    for network in allocation.networks:
        entry: dict[str, Any] = {
            "network": network.network,
            "key": network.key_float,
            "estimate": network.estimate,
            "network_max": network.network_max,
            "coordinator_max": network.coordinator_max,
            "uh_min": network.uh_min,
        }
        if scheme.egenandel_share is not None:
            entry["egenandel"] = network.egenandel
        if scheme.andre_tiltak_max_share is not None:
            entry["andre_tiltak_max"] = network.andre_tiltak_max
        networks.append(entry)
    return {
        "budget": allocation.budget,
        "felles": allocation.felles,
        "prorata_pool": allocation.prorata_pool,
        "behovspott": allocation.behovspott,
        "networks": networks,
    }


def scheme_parameters_json(scheme: SchemeParameters, allocation: SchemeAllocation | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "label": scheme.label,
        "section": scheme.section,
        "felles_pct": _percent(scheme.felles_share),
        "pool_pct": _percent(scheme.pool_share),
        "behovspott_pct": _percent(1 - scheme.felles_share - scheme.pool_share),
        "network_max_pct": _percent(scheme.network_max_share),
        "coordinator_max_pct": _percent(scheme.coordinator_max_share),
    }
    if scheme.egenandel_share is not None:
        data["egenandel_pct"] = _percent(scheme.egenandel_share)
        data["egenandel_basis"] = scheme.egenandel_basis or "anslaget (estimate)"
    if scheme.andre_tiltak_max_share is not None:
        data["andre_tiltak_max_pct"] = _percent(scheme.andre_tiltak_max_share)
    if scheme.felles_only_when_permanent:
        data["permanent"] = scheme.permanent
        data["felles_pct_when_permanent"] = _percent(scheme.configured_felles_share)
    if scheme.configured_pool_share != scheme.pool_share:
        data["pool_pct_configured"] = _percent(scheme.configured_pool_share)
    if scheme.notes:
        data["notes"] = list(scheme.notes)
    measures = []
    summaries = allocation.measures if allocation is not None else None
    for index, measure in enumerate(scheme.measures):
        entry: dict[str, Any] = {
            "id": measure.id,
            "label": measure.label,
            "section": measure.section,
            "weight": json_number(measure.weight),
            "columns": {column: json_number(coefficient) for column, coefficient in measure.columns},
        }
        if summaries is not None:
            summary = summaries[index]
            entry["total"] = json_number(summary.total)
            entry["included"] = summary.included
            entry["weight_share"] = json_number(summary.weight_share)
        measures.append(entry)
    data["measures"] = measures
    return data


def parameters_json(parameters: AllocationParameters, result: AllocationResult | None = None) -> dict[str, Any]:
    schemes = result.schemes if result is not None else None
    return {
        "year": parameters.year,
        "section": parameters.section,
        "title": parameters.title,
        "rounding": dict(parameters.rounding),
        "schemes": {
            scheme_id: scheme_parameters_json(scheme, schemes.get(scheme_id) if schemes is not None else None)
            for scheme_id, scheme in parameters.schemes.items()
            if schemes is None or scheme_id in schemes
        },
    }


def result_to_json(result: AllocationResult) -> dict[str, Any]:
    return {
        "schemes": {scheme_id: scheme_json(allocation) for scheme_id, allocation in result.schemes.items()},
        "parameters": parameters_json(result.parameters, result),
    }
