"""Explanation data: plain dicts of preformatted Norwegian figures, for templates, XLSX and the CLI.

Nothing here decides anything; it only shows how each figure of an ``AllocationResult`` was reached.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from calc.formatting import format_decimal, format_nok, format_percent, format_table
from calc.model import AllocationResult, NetworkAllocation, SchemeAllocation
from calc.parameters import SchemeParameters

# Column id -> (short heading for tables, longer label).
COLUMN_HEADINGS: dict[str, tuple[str, str]] = {
    "network": ("Nettverk", "nettverk"),
    "key": ("Nøkkel", "nøkkel (andel av pro rata-potten)"),
    "estimate": ("Anslag", "anslag (statlig tilskudd)"),
    "network_max": ("Maks nettverk", "maks til nettverket"),
    "coordinator_max": ("Maks koord.", "maks til regional koordinator (av nettverkets del)"),
    "uh_min": ("Min. UH", "minst til partnerskapet med UH"),
    "egenandel": ("Egenandel", "egenandel (skoleeiernes egenfinansiering, i tillegg)"),
    "andre_tiltak_max": ("Maks andre tiltak", "maks til andre kompetansetiltak"),
}


def extra_column(scheme: SchemeParameters) -> str | None:
    """The scheme-specific column: egenandel (desentralisert) or andre_tiltak_max (regional)."""
    if scheme.egenandel_share is not None:
        return "egenandel"
    if scheme.andre_tiltak_max_share is not None:
        return "andre_tiltak_max"
    return None


def table_columns(scheme: SchemeParameters) -> list[str]:
    columns = ["network", "key", "estimate", "network_max", "coordinator_max", "uh_min"]
    extra = extra_column(scheme)
    return [*columns, extra] if extra else columns


def _network_cells(allocation: SchemeAllocation, network: NetworkAllocation) -> dict[str, str]:
    return {
        "network": network.network,
        "key": format_percent(network.key, fixed=True),
        "estimate": format_nok(network.estimate),
        "network_max": format_nok(network.network_max),
        "coordinator_max": format_nok(network.coordinator_max),
        "uh_min": format_nok(network.uh_min),
        "egenandel": format_nok(network.egenandel or 0),
        "andre_tiltak_max": format_nok(network.andre_tiltak_max or 0),
    }


def _join(items: Sequence[str], last: str = "og") -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def network_explanation(allocation: SchemeAllocation, network: NetworkAllocation) -> dict[str, Any]:
    scheme = allocation.parameters
    shares = [
        {"label": summary.measure.label, "share": format_percent(allocation.share(network, index)),
         "value": format_decimal(allocation.value(network, index)), "total": format_decimal(summary.total),
         "included": summary.included}
        for index, summary in enumerate(allocation.measures)
    ]
    used = [share for share in shares if share["included"]]
    weights = [summary.weight_share for summary in allocation.measures if summary.included]
    equal = len(set(weights)) <= 1
    if equal:
        formula = f"({' + '.join(str(share['share']) for share in used)}) / {len(used)}"
    else:
        formula = " + ".join(f"{format_percent(weight)} × {share['share']}"
                             for weight, share in zip(weights, used, strict=True))
    cells = _network_cells(allocation, network)
    return {
        "network": network.network,
        "cells": cells,
        "key": cells["key"],
        "key_formula": formula,
        "quota": format_decimal(network.quota),
        "estimate": network.estimate,
        "estimate_text": cells["estimate"],
        "rounded_up": network.rounded_up,
        "network_max": cells["network_max"],
        "coordinator_max": cells["coordinator_max"],
        "uh_min": cells["uh_min"],
        "egenandel": cells["egenandel"] if scheme.egenandel_share is not None else None,
        "andre_tiltak_max": cells["andre_tiltak_max"] if scheme.andre_tiltak_max_share is not None else None,
        "shares": shares,
    }


def scheme_explanation(allocation: SchemeAllocation) -> dict[str, Any]:
    scheme = allocation.parameters
    columns = table_columns(scheme)
    right = [column != "network" for column in columns]
    totals = allocation.totals()
    total_cells = {"network": "Sum", "key": format_percent(Fraction(1), fixed=True)}
    total_cells.update({column: format_nok(value) for column, value in totals.items()})
    rows = [[_network_cells(allocation, network)[column] for column in columns] for network in allocation.networks]
    headers = [COLUMN_HEADINGS[column][0] for column in columns]
    table = format_table(headers, [*rows, [total_cells[column] for column in columns]], right)
    table.insert(len(table) - 1, table[1])  # a rule above the totals line
    included = [summary for summary in allocation.measures if summary.included]
    weights = {summary.weight_share for summary in included}
    measures = [
        {"label": summary.measure.label, "total": format_decimal(summary.total), "included": summary.included,
         "weight": format_percent(summary.weight_share), "columns": [column for column, _ in summary.measure.columns]}
        for summary in allocation.measures
    ]
    extra = extra_column(scheme)
    return {
        "id": scheme.id,
        "label": scheme.label,
        "title": scheme.label[:1].upper() + scheme.label[1:],
        "section": scheme.section,
        "budget": format_nok(allocation.budget),
        "felles": format_nok(allocation.felles),
        "prorata_pool": format_nok(allocation.prorata_pool),
        "behovspott": format_nok(allocation.behovspott),
        "behovspott_amount": allocation.behovspott,
        "felles_pct": format_percent(scheme.felles_share),
        "pool_pct": format_percent(scheme.pool_share),
        "behovspott_pct": format_percent(1 - scheme.felles_share - scheme.pool_share),
        "felles_waiting_for_permanent": scheme.felles_only_when_permanent and not scheme.permanent,
        "felles_pct_when_permanent": format_percent(scheme.configured_felles_share),
        "pool_capped": scheme.pool_share != scheme.configured_pool_share,
        "network_max_pct": format_percent(scheme.network_max_share),
        "coordinator_max_pct": format_percent(scheme.coordinator_max_share),
        "uh_min_pct": format_percent(1 - scheme.network_max_share),
        "egenandel_pct": format_percent(scheme.egenandel_share) if scheme.egenandel_share is not None else None,
        "egenandel_basis": scheme.egenandel_basis or "anslaget",
        "andre_tiltak_max_pct": (format_percent(scheme.andre_tiltak_max_share)
                                 if scheme.andre_tiltak_max_share is not None else None),
        "extra_column": extra,
        "measures": measures,
        "measures_used_text": _join([f"{m['label']} (sum {m['total']})" for m in measures if m["included"]]),
        "measures_left_out": [m["label"] for m in measures if not m["included"]],
        "weights_equal": len(weights) <= 1,
        "weights_text": _join([f"{m['label']} {m['weight']}" for m in measures if m["included"]]),
        "network_count": len(allocation.networks),
        "rounded_up_count": sum(1 for network in allocation.networks if network.rounded_up),
        "columns": columns,
        "headers": headers,
        "table": table,
        "totals": {column: format_nok(value) for column, value in totals.items()},
        "total_cells": total_cells,
        "networks": [network_explanation(allocation, network) for network in allocation.networks],
    }


def explanation(result: AllocationResult, schemes: Sequence[str] | None = None) -> dict[str, Any]:
    """Everything a text, a sheet or a table needs to show the result and the working."""
    chosen = [scheme_id for scheme_id in result.schemes if schemes is None or scheme_id in schemes]
    return {
        "year": result.year,
        "section": result.parameters.section,
        "source": result.stats_source,
        "schemes": [scheme_explanation(result.schemes[scheme_id]) for scheme_id in chosen],
    }


# The rounding rules in plain Norwegian (``calc.parameters.ROUNDING`` keys -> figure, rule), for sheets.
ROUNDING_TEXT: dict[str, tuple[str, str]] = {
    "felles": ("Felles tiltak", "rundes ned til hele kroner"),
    "prorata_pool": ("Pro rata-pott", "rundes ned til hele kroner"),
    "behovspott": ("Behovspott", "resten av budsjettet: budsjett minus felles tiltak og pro rata-pott "
                                 "(får øre-restene fra avrundingen)"),
    "estimate": ("Anslag", "hele kroner etter største rest-metoden: alle får beløpet rundet ned, kronene som "
                           "blir til overs går én og én til de største restene, og like rester avgjøres av "
                           "rekkefølgen i statistikkfila; anslagene blir til sammen nøyaktig pro rata-potten"),
    "network_max": ("Maks til nettverket", "rundes ned til hele kroner"),
    "coordinator_max": ("Maks til regional koordinator", "rundes ned til hele kroner"),
    "uh_min": ("Minst til partnerskapet med UH", "anslaget minus det som kan gå til nettverket"),
    "egenandel": ("Egenandel", "rundes opp til hele kroner"),
    "andre_tiltak_max": ("Maks til andre kompetansetiltak", "rundes ned til hele kroner"),
}


def rounding_rows(rounding: Mapping[str, str]) -> list[tuple[str, str]]:
    """(figure, rule) in plain Norwegian for each rounding rule of a result's parameters."""
    return [ROUNDING_TEXT.get(key, (key, rule)) for key, rule in rounding.items()]


def scheme_name(scheme: SchemeParameters) -> str:
    """The scheme's short name for a column: 'desentralisert', 'regional', 'kompetanseløftet'."""
    return scheme.label.removesuffix(" ordning")
