"""Elliptic follow-ups and pronouns, resolved against the conversation's last topic (issue 16, kinds 2 and 9).

"Hva kan de brukes til?" after a question on a scheme asks what *that scheme's* grant may be used for;
"Kor mange er det til saman?" after a composition question asks the total count of *that body*; "And which
form do we use?" after a reporting question asks for the reporting form; "Går det an å sende den nå
likevel?" after a deadline asks whether a late submission is allowed (the plan gives no extension).

``[[qa.followups]]`` in qa.toml holds these as data, in the claim pattern syntax of :mod:`bot.qa.claims`:

* ``all`` / ``none``: patterns the follow-up itself must fit / must not fit;
* ``prev``: patterns the previous question's concepts must fit (its topic: a scheme, a body, a deadline);
* ``add``: concepts the follow-up stands for ("money" and "use" for "hva kan de brukes til");
* ``drop``: concepts of the previous question that no longer hold (its way of asking: "define");
* ``detail``: a detail type of ``[[qa.detail_types]]`` the follow-up asks for (``extension``);
* ``max_tokens``: how long a follow-up may be (default 9).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.qa.claims import ClaimError, Pattern, pattern_group

FOLLOWUP_MAX_TOKENS = 9


@dataclass(frozen=True)
class FollowUp:
    id: str
    need: tuple[tuple[Pattern, ...], ...]
    block: tuple[Pattern, ...]
    prev: tuple[tuple[Pattern, ...], ...]
    add: frozenset[str]
    drop: frozenset[str]
    detail: str | None
    max_tokens: int

    def fits(self, tokens: Sequence[str], concepts: frozenset[str], previous: frozenset[str]) -> bool:
        if not tokens or len(tokens) > self.max_tokens:
            return False
        if any(alternative.matches(tokens, concepts) for alternative in self.block):
            return False
        if not all(any(alternative.matches(tokens, concepts) for alternative in group) for group in self.need):
            return False
        return all(any(alternative.matches((), previous) for alternative in group) for group in self.prev)


def _groups(value: Any, ident: str, key: str) -> tuple[tuple[Pattern, ...], ...]:
    if not isinstance(value, list):
        raise ClaimError(f"follow-up {ident}: {key!r} must be a list")
    return tuple(pattern_group(str(group)) for group in value)


def _followup(entry: Mapping[str, Any], order: int) -> FollowUp:
    ident = str(entry.get("id", f"followup{order}"))
    need = _groups(entry.get("all", []), ident, "all")
    prev = _groups(entry.get("prev", []), ident, "prev")
    if not need or not prev:
        raise ClaimError(f"follow-up {ident}: 'all' and 'prev' must not be empty")
    none = entry.get("none", [])
    block = tuple(alternative for group in _groups(none if isinstance(none, list) else [none], ident, "none")
                  for alternative in group)
    detail = entry.get("detail")
    return FollowUp(id=ident, need=need, block=block, prev=prev,
                    add=frozenset(str(item) for item in entry.get("add", [])),
                    drop=frozenset(str(item) for item in entry.get("drop", [])),
                    detail=str(detail) if detail else None,
                    max_tokens=int(entry.get("max_tokens", FOLLOWUP_MAX_TOKENS)))


class FollowUps:
    """The follow-up rules of the plan data; the first that fits a follow-up and its previous topic wins."""

    def __init__(self, entries: Iterable[Mapping[str, Any]]) -> None:
        self._rules = tuple(_followup(entry, order) for order, entry in enumerate(entries))

    def __len__(self) -> int:
        return len(self._rules)

    def find(self, tokens: Sequence[str], concepts: frozenset[str], previous: frozenset[str]) -> FollowUp | None:
        return next((rule for rule in self._rules if rule.fits(tokens, concepts, previous)), None)
