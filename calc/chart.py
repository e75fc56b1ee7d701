"""A PNG bar chart of the estimates: one panel per scheme, networks sorted, bars labelled in kroner.

Uses matplotlib's object API with the Agg canvas (no pyplot, no global figure state, no display).
"""

from __future__ import annotations

from pathlib import Path

from calc.formatting import format_nok
from calc.model import AllocationResult


def write_chart(result: AllocationResult, path: Path) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    allocations = list(result.schemes.values())
    heights = [max(2.0, 0.32 * len(allocation.networks) + 1.2) for allocation in allocations]
    figure = Figure(figsize=(10, sum(heights) + 0.4), layout="constrained")
    FigureCanvasAgg(figure)
    axes_list = figure.subplots(len(allocations), 1, squeeze=False, gridspec_kw={"height_ratios": heights})
    kroner = FuncFormatter(lambda value, _position: format_nok(int(value)))
    for axes, allocation in zip((row[0] for row in axes_list), allocations, strict=True):
        ordered = sorted(allocation.networks, key=lambda network: (network.estimate, network.network))
        names = [network.network for network in ordered]
        values = [network.estimate for network in ordered]
        bars = axes.barh(names, values, color="#2f6f8f")
        largest = max(values, default=0)
        axes.set_xlim(0, largest * 1.25 if largest else 1)
        axes.bar_label(bars, labels=[format_nok(value) for value in values], padding=3, fontsize=8)
        axes.xaxis.set_major_formatter(kroner)
        axes.tick_params(axis="both", labelsize=8)
        label = allocation.parameters.label
        year = f" {result.year}" if result.year else ""
        axes.set_title(f"{label[:1].upper()}{label[1:]}{year}: anslag per nettverk "
                       f"(pro rata-pott {format_nok(allocation.prorata_pool)})", fontsize=10, loc="left")
        axes.spines[["top", "right"]].set_visible(False)
    figure.savefig(path, format="png", dpi=120)
