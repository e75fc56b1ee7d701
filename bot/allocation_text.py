"""Chat texts for allocation results (the chat layer calls these; the CLI uses the same templates).

Replies use the core's light markup (``*bold*``, fenced tables; ``bot.markup``): Slack shows it as it
is, the console and plain mail parts render it with ``to_plain``. Figures from example statistics
carry ``EXAMPLE_MARK``; statistics from another year than the budget's are named.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.rendering import render
from calc.explain import explanation, network_explanation, scheme_explanation
from calc.model import AllocationResult
from calc.stats import EXAMPLE_MARK, is_example_source

LANGUAGES = ("nb", "nn")


def _language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; use one of {', '.join(LANGUAGES)}")
    return lang


def _stats_context(result: AllocationResult, stats_year: int | None, example: bool | None) -> dict[str, Any]:
    marked = is_example_source(result.stats_source) if example is None else example
    return {"example": marked, "example_mark": EXAMPLE_MARK, "stats_year": stats_year,
            "other_year": stats_year is not None and result.year is not None and stats_year != result.year}


def render_allocation_reply(result: AllocationResult, lang: str = "nb", schemes: Sequence[str] | None = None, *,
                            stats_year: int | None = None, example: bool | None = None) -> str:
    """The whole allocation as a chat reply: per scheme a monospace table and how it was computed.

    ``stats_year``: the year of the statistics used (named when it is not the budget's year);
    ``example``: figures from example statistics (default: as the statistics' source says)."""
    context = explanation(result, schemes)
    context.update(_stats_context(result, stats_year, example))
    return render(f"allocation/summary.{_language(lang)}.txt.j2", a=context)


def render_scheme_working(result: AllocationResult, scheme: str, lang: str = "nb") -> str:
    """Only the working (the numbered steps) for one scheme of the result."""
    return render(f"allocation/working.{_language(lang)}.txt.j2", s=scheme_explanation(result.schemes[scheme]))


def render_network_reply(result: AllocationResult, network: str, scheme: str, lang: str = "nb", *,
                         stats_year: int | None = None, example: bool | None = None) -> str | None:
    """One network's estimate in one scheme with the split it allows; None if the network is not in the result.

    Raises ``KeyError`` if ``scheme`` was not computed in ``result``.
    """
    allocation = result.schemes[scheme]
    found = allocation.network(network)
    if found is None:
        return None
    return render(f"allocation/network.{_language(lang)}.txt.j2", s=scheme_explanation(allocation),
                  n=network_explanation(allocation, found), year=result.year,
                  **_stats_context(result, stats_year, example))
