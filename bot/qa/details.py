"""Is the asked detail in the plan? (issue 16, kind 3)

A question may ask for a detail the matched fact does not hold: an hourly rate for release time, a
coordinator's salary, the e-mail address a report goes to, the theme of a conference, whether a deadline
can be extended. Two tables of the plan data make this an explicit step:

* ``[[qa.detail_types]]``: the detail types a question can ask for, each with word patterns (the claim
  syntax of :mod:`bot.qa.claims`: ``all`` groups that must all be present, ``none`` alternatives that must
  be absent, ``asks`` = ``"any"``/``"open"``/``"yesno"``), a localised ``what`` (what the plan does not
  say) and optionally ``near``: the intent whose reply is the nearby fact when the question on its own gets
  no answer from the plan (with ``prefer_near``: always), and ``said``: sentences of the nearby reply the lead already states;
* ``[[qa.detail_answers]]``: which detail types the reply of an intent actually answers, optionally only
  when its own patterns (``when``) fit the question.

When a question asks for a detail type its reply's intent does not answer, the engine says first that the
plan does not say it, then what the plan does say.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.calendar import LANGUAGES
from bot.qa.claims import (
    ClaimError,
    CompiledGroup,
    Pattern,
    PatternIndex,
    all_groups_found,
    compile_groups,
    pattern_fits,
    pattern_group,
    token_text,
)


@dataclass(frozen=True)
class DetailType:
    id: str
    asks: str
    need: tuple[tuple[Pattern, ...], ...]
    block: tuple[Pattern, ...]
    what: Mapping[str, str]
    near: str | None
    said: Mapping[str, tuple[str, ...]]
    prefer_near: bool = False  # the nearby fact replaces the reply even when the plan answered something
    _need: tuple[CompiledGroup, ...] = field(init=False, repr=False, compare=False)
    _block: CompiledGroup = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_need", compile_groups(self.need))
        object.__setattr__(self, "_block", compile_groups([self.block])[0])

    def asked(self, tokens: Sequence[str], concepts: frozenset[str], text: str | None = None) -> bool:
        """Whether the question asks for this detail; ``text`` is ``token_text(tokens)`` when known."""
        return pattern_fits(self.asks, self._block, self._need, token_text(tokens) if text is None else text,
                            concepts)


@dataclass(frozen=True)
class _Answers:
    intent: str
    details: frozenset[str]
    when: tuple[tuple[Pattern, ...], ...]
    _when: tuple[CompiledGroup, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_when", compile_groups(self.when))

    def holds(self, detail: str, tokens: Sequence[str], concepts: frozenset[str], text: str | None = None) -> bool:
        if detail not in self.details:
            return False
        if text is None:
            text = token_text(tokens)
        return all_groups_found(self._when, text, concepts)


def _groups(value: Any, ident: str, key: str) -> tuple[tuple[Pattern, ...], ...]:
    if not isinstance(value, list):
        raise ClaimError(f"detail type {ident}: {key!r} must be a list")
    return tuple(pattern_group(str(group)) for group in value)


def _localised(value: Any, ident: str) -> dict[str, str]:
    if not isinstance(value, Mapping) or "nb" not in value:
        raise ClaimError(f"detail type {ident}: 'what' needs at least nb")
    return {language: str(value.get(language) or value["nb"]) for language in LANGUAGES}


def _detail_type(entry: Mapping[str, Any]) -> DetailType:
    ident = str(entry.get("id", ""))
    if not ident:
        raise ClaimError("a detail type needs an id")
    asks = str(entry.get("asks", "any"))
    if asks not in ("any", "open", "yesno"):
        raise ClaimError(f"detail type {ident}: asks must be any, open or yesno")
    need = _groups(entry.get("all", []), ident, "all")
    if not need:
        raise ClaimError(f"detail type {ident}: 'all' must not be empty")
    none = entry.get("none", [])
    block = tuple(alternative for group in _groups(none if isinstance(none, list) else [none], ident, "none")
                  for alternative in group)
    said_table = entry.get("said", {})
    said: dict[str, tuple[str, ...]] = {language: tuple(str(item) for item in (said_table.get(language) or said_table.get("nb") or []))
            for language in LANGUAGES} if isinstance(said_table, Mapping) else {}
    near = entry.get("near")
    return DetailType(id=ident, asks=asks, need=need, block=block, what=_localised(entry.get("what"), ident),
                      near=str(near) if near else None, said=said, prefer_near=bool(entry.get("prefer_near")))


class DetailCheck:
    """The detail types of the plan data, what a question asks for, and whether a reply holds it."""

    def __init__(self, types: Iterable[Mapping[str, Any]], answers: Iterable[Mapping[str, Any]]) -> None:
        self._types = tuple(_detail_type(entry) for entry in types)
        self._asked: dict[tuple[str, frozenset[str]], tuple[DetailType, ...]] = {}  # per (token text, concepts)
        # The types a yes/no question (True) or another question (False) may ask for (``asks``), in the data's
        # order, with their compiled patterns.
        self._candidates: dict[bool, tuple[tuple[DetailType, frozenset[str], tuple[str, ...],
                                                 tuple[CompiledGroup, ...]], ...]] = {
            yesno: tuple((detail, detail._block[0], detail._block[1], detail._need) for detail in self._types
                         if detail.asks == "any" or (detail.asks == "yesno") == yesno)
            for yesno in (False, True)}
        self._gated = {yesno: PatternIndex([need for _, _, _, need in candidates])
                       for yesno, candidates in self._candidates.items()}
        known = {detail.id for detail in self._types}
        self._answers: dict[str, list[_Answers]] = {}
        for entry in answers:
            intent = str(entry.get("intent", ""))
            details = frozenset(str(item) for item in entry.get("details", []))
            if not intent or not details <= known:
                raise ClaimError(f"detail answers of {intent!r}: unknown detail types {sorted(details - known)}")
            when = _groups(entry.get("when", []), intent, "when")
            self._answers.setdefault(intent, []).append(_Answers(intent, details, when))

    def __len__(self) -> int:
        return len(self._types)

    def asked(self, tokens: Sequence[str], concepts: frozenset[str]) -> tuple[DetailType, ...]:
        """The detail types a question asks for (in the data's order)."""
        text = token_text(tokens)
        key = (text, concepts)
        found = self._asked.get(key)
        if found is None:
            found = self._find_asked(tokens, text, concepts)
            if len(self._asked) >= 50_000:
                self._asked.clear()
            self._asked[key] = found
        return found

    def _find_asked(self, tokens: Sequence[str], text: str, concepts: frozenset[str]) -> tuple[DetailType, ...]:
        """``DetailType.asked`` over every type the index lets through (``PatternIndex``), in the data's order;
        the kind of question is settled by ``_candidates``."""
        yesno = "yesno" in concepts
        candidates = self._candidates[yesno]
        found: list[DetailType] = []
        for position in self._gated[yesno].positions(tokens, concepts):
            detail, blocked, blocking, need = candidates[position]
            if pattern_fits("any", (blocked, blocking), need, text, concepts):
                found.append(detail)
        return tuple(found)

    def answers(self, intent: str, detail: str, tokens: Sequence[str], concepts: frozenset[str]) -> bool:
        """Whether the reply of ``intent`` holds ``detail`` for this question."""
        entries = self._answers.get(intent, ())
        if not entries:
            return False
        text = token_text(tokens)
        return any(entry.holds(detail, tokens, concepts, text) for entry in entries)

    def get(self, ident: str) -> DetailType | None:
        return next((detail for detail in self._types if detail.id == ident), None)

    def missing(self, intent: str, tokens: Sequence[str], concepts: frozenset[str]) -> DetailType | None:
        """The first asked detail type the reply of ``intent`` does not hold, if any."""
        for detail in self.asked(tokens, concepts):
            if not self.answers(intent, detail.id, tokens, concepts):
                return detail
        return None


_YES_NO_LEADS = ("Ja. ", "Nei. ", "Yes. ", "No. ")


def drop_said(text: str, said: Sequence[str]) -> str:
    """The nearby reply without the sentences the lead already states ("Planen gir ingen utsettelse."), and
    without its own yes/no: that answered another question than the one whose detail the plan lacks."""
    text = text.strip()
    while text.startswith(_YES_NO_LEADS):
        text = text.split(" ", 1)[1].lstrip()
    for sentence in said:
        text = text.replace(sentence + " ", "", 1) if text.startswith(sentence + " ") else text.replace(
            " " + sentence, "", 1)
    return text.strip()
