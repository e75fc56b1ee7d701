"""Quantifiers and contrasts a yes or no must survive (issue 16, round 5, kind 1).

A fact of the plan answers "Kan vi bruke en del av midlene til koordinator?" "yes", but not "Kan vi bruke
HELE tilskuddet til koordinator?": the cap is 20 %. The words that change what is asked are read as
pseudo-concepts (``bot.qa.kinds.QUANTIFIERS``: whole, only, always/guaranteed, one joint, separate pot,
different, never). For each lead the data says what they do:

* ``flips``: quantifiers the fact contradicts; a "yes" becomes "no" ("hele tilskuddet" against a 20 % cap);
* ``holds``: quantifiers the fact states as asked; the lead stays ("hele beløpet kan overføres til UH");
* any other quantifier in the question makes the lead uncertain, and it is dropped: the reply then states
  the fact without a yes or no (never a guessed polarity). A "no" is dropped only for "only" and "never",
  the quantifiers that can turn a false statement into a true one.

Claims carry ``flips``/``holds`` of their own (``[[qa.claims]]``); a reply of an intent whose template leads
with a yes or no gets them from ``[[qa.limits]]`` (``intent``, ``flips``, ``holds``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.qa.claims import ClaimError, quantifier_names
from bot.qa.kinds import QUANTIFIERS, SOFT_QUANTIFIERS

_NAMES = frozenset(QUANTIFIERS)
# Quantifiers that can make a false statement true ("bare", "aldri"): a "no" does not survive them either.
_TURNS_NO = frozenset({"qt_only", "qt_never"})

KEEP = "keep"
FLIP = "flip"
DROP = "drop"


@dataclass(frozen=True)
class Limit:
    flips: frozenset[str] = frozenset()
    holds: frozenset[str] = frozenset()

    def decide(self, polarity: str, concepts: frozenset[str]) -> str:
        """What a lead of ``polarity`` ("yes"/"no") does for a question with ``concepts``."""
        asked = _NAMES & concepts
        if not asked:
            return KEEP
        if polarity == "yes":
            if asked & self.flips:
                return FLIP
            return KEEP if asked - SOFT_QUANTIFIERS <= self.holds else DROP
        unsure = (asked & _TURNS_NO) - self.holds - self.flips
        return DROP if unsure else KEEP


class Limits:
    """The ``[[qa.limits]]`` of the plan data: per intent, what its template leads survive."""

    def __init__(self, entries: Iterable[Mapping[str, Any]]) -> None:
        self._limits: dict[str, Limit] = {}
        for entry in entries:
            intent = str(entry.get("intent", ""))
            if not intent:
                raise ClaimError("a limit needs an intent")
            self._limits[intent] = Limit(quantifier_names(entry.get("flips"), intent),
                                         quantifier_names(entry.get("holds"), intent))

    def for_intent(self, intent: str) -> Limit:
        return self._limits.get(intent, Limit())
