"""Chat texts for allocation results (the chat layer calls these; the CLI uses the same templates)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.rendering import render
from calc.explain import explanation, network_explanation, scheme_explanation
from calc.model import AllocationResult

LANGUAGES = ("nb", "nn")


def _language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; use one of {', '.join(LANGUAGES)}")
    return lang


def render_allocation_reply(result: AllocationResult, lang: str = "nb", schemes: Sequence[str] | None = None) -> str:
    """The whole allocation as a chat reply: per scheme a monospace table and how it was computed."""
    return render(f"allocation/summary.{_language(lang)}.txt.j2", a=explanation(result, schemes))


def render_scheme_working(result: AllocationResult, scheme: str, lang: str = "nb") -> str:
    """Only the working (the numbered steps) for one scheme of the result."""
    return render(f"allocation/working.{_language(lang)}.txt.j2", s=scheme_explanation(result.schemes[scheme]))


def render_network_reply(result: AllocationResult, network: str, scheme: str, lang: str = "nb") -> str | None:
    """One network's estimate in one scheme with the split it allows; None if the network is not in the result.

    Raises ``KeyError`` if ``scheme`` was not computed in ``result``.
    """
    allocation = result.schemes[scheme]
    found = allocation.network(network)
    if found is None:
        return None
    return render(f"allocation/network.{_language(lang)}.txt.j2", s=scheme_explanation(allocation),
                  n=network_explanation(allocation, found), year=result.year)
