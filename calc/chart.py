"""A PNG bar chart of the estimates: one panel per scheme, networks sorted, bars labelled in kroner.

Uses matplotlib's object API with the Agg canvas (no pyplot, no global figure state, no display).
"""

from __future__ import annotations

from pathlib import Path

from calc.formatting import format_nok
from calc.model import AllocationResult
from calc.numbers import check_budget
from calc.stats import EXAMPLE_MARK, is_example_source

EXAMPLE_COLOUR = "#c00000"


def write_chart(result: AllocationResult, path: Path, *, example: bool | None = None) -> None:
    """Raises ``BudgetError`` for a budget above ``MAX_BUDGET`` (the model's figures are exact; a chart is not).

    A chart of example figures (``example``, by default: the statistics' source is the example file)
    carries the example mark as its heading and across every panel."""
    for allocation in result.schemes.values():
        check_budget(allocation.budget)
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    marked = is_example_source(result.stats_source) if example is None else example
    allocations = list(result.schemes.values())
    heights = [max(2.0, 0.32 * len(allocation.networks) + 1.2) for allocation in allocations]
    figure = Figure(figsize=(10, sum(heights) + (0.9 if marked else 0.4)), layout="constrained")
    if marked:
        figure.suptitle(EXAMPLE_MARK, color=EXAMPLE_COLOUR, fontsize=15, fontweight="bold")
    FigureCanvasAgg(figure)
    axes_list = figure.subplots(len(allocations), 1, squeeze=False, gridspec_kw={"height_ratios": heights})
    kroner = FuncFormatter(lambda value, _position: format_nok(int(value)))
    for axes, allocation in zip((row[0] for row in axes_list), allocations, strict=True):
        ordered = sorted(allocation.networks, key=lambda network: (network.estimate, network.network))
        names = [network.network for network in ordered]
        estimates = [network.estimate for network in ordered]
        values = [float(estimate) for estimate in estimates]  # matplotlib needs machine numbers, not big ints
        bars = axes.barh(names, values, color="#2f6f8f")
        largest = max(values, default=0.0)
        axes.set_xlim(0, largest * 1.25 if largest else 1)
        axes.bar_label(bars, labels=[format_nok(estimate) for estimate in estimates], padding=3, fontsize=8)
        axes.xaxis.set_major_formatter(kroner)
        axes.tick_params(axis="both", labelsize=8)
        label = allocation.parameters.label
        year = f" {result.year}" if result.year else ""
        axes.set_title(f"{label[:1].upper()}{label[1:]}{year}: anslag per nettverk "
                       f"(pro rata-pott {format_nok(allocation.prorata_pool)})", fontsize=10, loc="left")
        axes.spines[["top", "right"]].set_visible(False)
        if marked:
            axes.text(0.5, 0.5, EXAMPLE_MARK, transform=axes.transAxes, fontsize=22, color=EXAMPLE_COLOUR,
                      alpha=0.18, rotation=12, ha="center", va="center", fontweight="bold")
    figure.savefig(path, format="png", dpi=120)
