"""Claims: the plan's direct answer to a kind of question, as data (``[[qa.claims]]`` in qa.toml, issue 16).

A claim says what a question of some shape gets first: "Nei." and the fact for "Er de to forumene ett
felles forum?", or the asked recipient for "Hvem får UH-midlene?". Each claim names

* ``all``: groups that must all be present; a group is alternatives separated by ``|``, each a concept
  of the lexicon (``@forum``) or a folded word pattern (``felles``, ``stem*``, ``*part*``, ``*end``);
* ``none``: alternatives that must all be absent (same syntax);
* ``answer``: ``"yes"`` or ``"no"`` (the polarity, for yes/no questions), or absent: the fact sentence
  leads as it stands;
* ``asks``: which questions it answers: ``"yesno"`` (the default when it has an answer), ``"open"``
  (questions that are no yes/no question) or ``"any"``;
* ``intent``, ``sections`` and a localised ``text``: the fact sentence, in our words, from those sections.

When several claims fit, the one with the most groups wins; the earlier one on a tie. A question no claim
fits gets no claimed polarity (the engine never guesses one).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.calendar import LANGUAGES
from bot.qa.normalize import fold

_ASKS = frozenset({"yesno", "open", "any"})


class ClaimError(ValueError):
    """A claim in the plan data is malformed."""


@dataclass(frozen=True)
class _Alternative:
    concept: str | None
    word: str
    kind: str  # "concept", "exact", "prefix", "suffix", "infix"

    def matches(self, tokens: Sequence[str], concepts: frozenset[str]) -> bool:
        if self.concept is not None:
            return self.concept in concepts
        if self.kind == "exact":
            return self.word in tokens
        if self.kind == "prefix":
            return any(token.startswith(self.word) for token in tokens)
        if self.kind == "suffix":
            return any(token.endswith(self.word) for token in tokens)
        return any(self.word in token for token in tokens)


def _alternative(text: str) -> _Alternative:
    text = text.strip()
    if not text:
        raise ClaimError("an empty alternative in a claim")
    if text.startswith("@"):
        return _Alternative(text[1:], "", "concept")
    word = fold(text)
    if word.startswith("*") and word.endswith("*") and len(word) > 2:
        return _Alternative(None, word[1:-1], "infix")
    if word.endswith("*"):
        return _Alternative(None, word[:-1], "prefix")
    if word.startswith("*"):
        return _Alternative(None, word[1:], "suffix")
    return _Alternative(None, word, "exact")


def _group(text: str) -> tuple[_Alternative, ...]:
    return tuple(_alternative(part) for part in str(text).split("|"))


# The pattern syntax is shared with the detail types of bot.qa.details.
Pattern = _Alternative


def pattern_group(text: str) -> tuple[Pattern, ...]:
    """A group of alternatives ("@concept|word|stem*|*infix*")."""
    return _group(text)


@dataclass(frozen=True)
class Claim:
    id: str
    answer: str | None  # "yes", "no" or None
    asks: str
    intent: str
    sections: tuple[str, ...]
    texts: Mapping[str, str]
    need: tuple[tuple[_Alternative, ...], ...]
    block: tuple[_Alternative, ...]
    order: int

    def fits(self, tokens: Sequence[str], concepts: frozenset[str]) -> bool:
        yesno = "yesno" in concepts
        if (self.asks == "yesno" and not yesno) or (self.asks == "open" and yesno):
            return False
        if any(alternative.matches(tokens, concepts) for alternative in self.block):
            return False
        return all(any(alternative.matches(tokens, concepts) for alternative in group) for group in self.need)

    def text(self, language: str) -> str:
        return self.texts.get(language) or self.texts["nb"]


def _claim(entry: Mapping[str, Any], order: int) -> Claim:
    ident = str(entry.get("id", f"claim{order}"))
    answer = entry.get("answer")
    if answer not in (None, "yes", "no"):
        raise ClaimError(f"claim {ident}: answer must be yes or no, not {answer!r}")
    asks = str(entry.get("asks", "yesno" if answer else "any"))
    if asks not in _ASKS:
        raise ClaimError(f"claim {ident}: asks must be one of {sorted(_ASKS)}")
    groups = entry.get("all", [])
    if not isinstance(groups, list) or not groups:
        raise ClaimError(f"claim {ident}: 'all' must be a non-empty list")
    text = entry.get("text")
    if not isinstance(text, Mapping) or "nb" not in text:
        raise ClaimError(f"claim {ident}: a text with at least nb is required")
    none = entry.get("none", [])
    block = tuple(alternative for group in (none if isinstance(none, list) else [none])
                  for alternative in _group(group))
    return Claim(id=ident, answer=answer, asks=asks, intent=str(entry.get("intent", "plan_passage")),
                 sections=tuple(str(section) for section in entry.get("sections", [])),
                 texts={language: str(text.get(language) or text["nb"]) for language in LANGUAGES},
                 need=tuple(_group(group) for group in groups), block=block, order=order)


class Claims:
    """The claims of the plan data, and the one a question fits best."""

    def __init__(self, entries: Iterable[Mapping[str, Any]]) -> None:
        self._claims = tuple(_claim(entry, order) for order, entry in enumerate(entries))

    def __len__(self) -> int:
        return len(self._claims)

    def texts(self) -> tuple[str, ...]:
        """Every claim's fact in every language."""
        return tuple(dict.fromkeys(text for claim in self._claims for text in claim.texts.values()))

    def find(self, tokens: Sequence[str], concepts: frozenset[str]) -> Claim | None:
        best: Claim | None = None
        for claim in self._claims:
            if claim.fits(tokens, concepts) and (best is None or len(claim.need) > len(best.need)):
                best = claim
        return best
