"""Claims: the plan's direct answer to a kind of question, as data (``[[qa.claims]]`` in qa.toml, issue 16).

A claim says what a question of some shape gets first: "Nei." and the fact for "Er de to forumene ett
felles forum?", or the asked recipient for "Hvem får UH-midlene?". Each claim names

* ``all``: groups that must all be present; a group is alternatives separated by ``|``, each a concept
  of the lexicon (``@forum``) or a folded word pattern (``felles``, ``stem*``, ``*part*``, ``*end``);
* ``none``: alternatives that must all be absent (same syntax);
* ``answer``: ``"yes"`` or ``"no"`` (the polarity, for yes/no questions), or absent: the fact sentence
  leads as it stands;
* ``permission``: true when the fact is something that *may* be done ("kan organisere seg felles eller
  atskilt"): a question for an obligation ("Må de ...?") then gets "no" instead of the claim's "yes";
* ``asks``: which questions it answers: ``"yesno"`` (the default when it has an answer), ``"open"``
  (questions that are no yes/no question) or ``"any"``;
* ``intent``, ``sections`` and a localised ``text``: the fact sentence, in our words, from those sections;
* ``flips`` / ``holds``: quantifiers of the question (``bot.qa.kinds.QUANTIFIERS``: whole, only, always, one,
  separate, different, never) that turn its "yes" into "no", or that the fact states as asked; any other
  quantifier drops the yes or no (``bot.qa.limits``). Absent: the limits of the claim's intent apply.

When several claims fit, the one with the most groups wins; the earlier one on a tie. A question no claim
fits gets no claimed polarity (the engine never guesses one).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.calendar import LANGUAGES
from bot.qa.kinds import QUANTIFIERS
from bot.qa.normalize import fold

_ASKS = frozenset({"yesno", "open", "any"})
_SEP = "\x00"


def token_text(tokens: Sequence[str]) -> str:
    """The tokens as one string, each after a separator and the last followed by one, so that every
    word pattern is one substring test (``Pattern.found``). Tokens hold no separator (``tokenize``
    gives letters, digits and '%'); a token that did would make this text ambiguous, so it raises."""
    if not tokens:
        return ""
    text = _SEP + _SEP.join(tokens) + _SEP
    if text.count(_SEP) != len(tokens) + 1:
        raise ValueError("a token holds the separator")
    return text


class ClaimError(ValueError):
    """A claim in the plan data is malformed."""


def quantifier_names(value: Any, ident: str) -> frozenset[str]:
    """A list of quantifier names of the data ("whole" or "qt_whole"), checked against ``QUANTIFIERS``."""
    if value is None:
        return frozenset()
    if not isinstance(value, list):
        raise ClaimError(f"{ident}: flips/holds must be lists")
    names = frozenset(str(name) if str(name).startswith("qt_") else f"qt_{name}" for name in value)
    unknown = names - frozenset(QUANTIFIERS)
    if unknown:
        raise ClaimError(f"{ident}: unknown quantifiers {sorted(unknown)}")
    return names


@dataclass(frozen=True)
class _Alternative:
    concept: str | None
    word: str
    kind: str  # "concept", "exact", "prefix", "suffix", "infix"
    needle: str = ""  # what ``found`` looks for in the token text (see ``token_text``)

    def found(self, text: str, concepts: frozenset[str]) -> bool:
        """``matches`` over ``token_text(tokens)``: one substring test instead of a loop over the tokens."""
        if self.concept is not None:
            return self.concept in concepts
        return self.needle in text

    def matches(self, tokens: Sequence[str], concepts: frozenset[str]) -> bool:
        if self.concept is not None:
            return self.concept in concepts
        if _SEP in self.word:  # several words ("hvert sitt"): in a row
            return self.needle in token_text(tokens)
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
    # Several words ("hvert sitt", "their own") match the tokens in a row.
    word = _SEP.join(fold(text).split())
    if word.startswith("*") and word.endswith("*") and len(word) > 2:
        return _Alternative(None, word[1:-1], "infix", word[1:-1])
    if word.endswith("*"):
        return _Alternative(None, word[:-1], "prefix", _SEP + word[:-1])
    if word.startswith("*"):
        return _Alternative(None, word[1:], "suffix", word[1:] + _SEP)
    return _Alternative(None, word, "exact", _SEP + word + _SEP)


CompiledGroup = tuple[frozenset[str], tuple[str, ...]]
"""A group of alternatives as (its concepts, its needles in the token text): built once, tested per question."""


def compile_groups(groups: Iterable[Sequence[_Alternative]]) -> tuple[CompiledGroup, ...]:
    return tuple((frozenset(alternative.concept for alternative in group if alternative.concept is not None),
                  tuple(dict.fromkeys(alternative.needle for alternative in group if alternative.concept is None)))
                 for group in groups)


def group_found(group: CompiledGroup, text: str, concepts: frozenset[str]) -> bool:
    """Whether any alternative of the group matches (``_Alternative.found`` over the group)."""
    wanted, needles = group
    if not wanted.isdisjoint(concepts):
        return True
    for needle in needles:  # noqa: SIM110 -- a plain loop: this runs for every rule on every question
        if needle in text:
            return True
    return False


def all_groups_found(groups: tuple[CompiledGroup, ...], text: str, concepts: frozenset[str]) -> bool:
    for group in groups:  # noqa: SIM110 -- a plain loop, as above
        if not group_found(group, text, concepts):
            return False
    return True


def pattern_fits(asks: str, block: CompiledGroup, need: tuple[CompiledGroup, ...], text: str,
                 concepts: frozenset[str]) -> bool:
    """The rule shared by claims and detail types: the question's kind (``asks``), no blocking
    alternative, and every needed group. Loops written out: this runs for every rule on every question."""
    if asks != "any" and (asks == "yesno") != ("yesno" in concepts):
        return False
    wanted, needles = block
    if not wanted.isdisjoint(concepts):
        return False
    for needle in needles:
        if needle in text:
            return False
    for wanted, needles in need:
        if wanted.isdisjoint(concepts):
            for needle in needles:
                if needle in text:
                    break
            else:
                return False
    return True


def _group(text: str) -> tuple[_Alternative, ...]:
    return tuple(_alternative(part) for part in str(text).split("|"))


# The pattern syntax is shared with the detail types of bot.qa.details.
Pattern = _Alternative


def pattern_group(text: str) -> tuple[Pattern, ...]:
    """A group of alternatives ("@concept|word|stem*|*infix*")."""
    return _group(text)


@dataclass(frozen=True)
class PatternEntry:
    """What every pattern entry of the plan data (a claim, a check) holds: ``all`` groups, ``none``
    alternatives, and a localised ``text`` (with at least bokmål)."""

    need: tuple[tuple[Pattern, ...], ...]
    block: tuple[Pattern, ...]
    texts: dict[str, str]


def pattern_entry(entry: Mapping[str, Any], label: str) -> PatternEntry:
    """Read and check an entry's ``all``, ``none`` and ``text`` (``label`` names it in errors)."""
    groups = entry.get("all", [])
    if not isinstance(groups, list) or not groups:
        raise ClaimError(f"{label}: 'all' must be a non-empty list")
    text = entry.get("text")
    if not isinstance(text, Mapping) or "nb" not in text:
        raise ClaimError(f"{label}: a text with at least nb is required")
    none = entry.get("none", [])
    block = tuple(alternative for group in (none if isinstance(none, list) else [none])
                  for alternative in _group(str(group)))
    return PatternEntry(need=tuple(_group(str(group)) for group in groups), block=block,
                        texts={language: str(text.get(language) or text["nb"]) for language in LANGUAGES})


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
    permission: bool = False  # the fact is something that *may* be done: a "must" question gets "no"
    flips: frozenset[str] | None = None  # quantifiers that turn the yes into no (None: the intent's limits)
    holds: frozenset[str] | None = None  # quantifiers the fact states as asked
    _need: tuple[CompiledGroup, ...] = field(init=False, repr=False, compare=False)
    _block: CompiledGroup = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_need", compile_groups(self.need))
        object.__setattr__(self, "_block", compile_groups([self.block])[0])

    def fits(self, tokens: Sequence[str], concepts: frozenset[str], text: str | None = None) -> bool:
        """Whether the question fits; ``text`` is ``token_text(tokens)`` when the caller has it."""
        return pattern_fits(self.asks, self._block, self._need, token_text(tokens) if text is None else text,
                            concepts)

    def text(self, language: str) -> str:
        return self.texts.get(language) or self.texts["nb"]

    def polarity(self, concepts: frozenset[str]) -> str | None:
        """The yes or no this claim gives the question: a permission ("kan organisere seg ... eller ...")
        answers a question for an obligation ("Må de ...?", pseudo-concept ``asks_must``) "no"."""
        if self.answer == "yes" and self.permission and "asks_must" in concepts:
            return "no"
        return self.answer


def _claim(entry: Mapping[str, Any], order: int) -> Claim:
    ident = str(entry.get("id", f"claim{order}"))
    answer = entry.get("answer")
    if answer not in (None, "yes", "no"):
        raise ClaimError(f"claim {ident}: answer must be yes or no, not {answer!r}")
    asks = str(entry.get("asks", "yesno" if answer else "any"))
    if asks not in _ASKS:
        raise ClaimError(f"claim {ident}: asks must be one of {sorted(_ASKS)}")
    patterns = pattern_entry(entry, f"claim {ident}")
    return Claim(id=ident, answer=answer, asks=asks, intent=str(entry.get("intent", "plan_passage")),
                 sections=tuple(str(section) for section in entry.get("sections", [])),
                 texts=patterns.texts, need=patterns.need, block=patterns.block, order=order,
                 permission=bool(entry.get("permission", False)),
                 flips=quantifier_names(entry["flips"], ident) if "flips" in entry else None,
                 holds=quantifier_names(entry["holds"], ident) if "holds" in entry else None)


_GATE_PREFIX = 3
"""Word beginnings are indexed by their first three letters (a shorter beginning is not indexed)."""


def _gate(need: tuple[CompiledGroup, ...]) -> frozenset[tuple[str, str]] | None:
    """The keys of the needed group with the fewest keys whose every alternative is a concept, a whole word or a
    word beginning of at least ``_GATE_PREFIX`` letters; None when no group is such (the claim is always tried)."""
    best: frozenset[tuple[str, str]] | None = None
    for wanted, needles in need:
        keys = {("c", concept) for concept in wanted}
        for needle in needles:
            body = needle.strip(_SEP)
            if not needle.startswith(_SEP) or _SEP in body or not body:
                break  # a word ending, a part of a word, or several words: not indexed
            if needle.endswith(_SEP):
                keys.add(("w", body))
            elif len(body) >= _GATE_PREFIX:
                keys.add(("p", body[:_GATE_PREFIX]))
            else:
                break
        else:
            if best is None or len(keys) < len(best):
                best = frozenset(keys)
    return best


def _question_keys(tokens: Sequence[str], concepts: frozenset[str]) -> Iterable[tuple[str, str]]:
    """The index keys a question has: its concepts, words and word beginnings."""
    for concept in concepts:
        yield ("c", concept)
    for token in tokens:
        yield ("w", token)
        if len(token) >= _GATE_PREFIX:
            yield ("p", token[:_GATE_PREFIX])


class PatternIndex:
    """Which of a list of patterns (their needed groups, in order) a question may fit: each pattern is indexed by
    one needed group (``_gate``), since it can only fit a question that has one of that group's concepts, words
    or word beginnings; patterns no group of which can be indexed are always tried. ``positions`` gives the
    patterns to try, in their order; the caller still tests each one."""

    def __init__(self, needs: Sequence[tuple[CompiledGroup, ...]]) -> None:
        index: dict[tuple[str, str], list[int]] = {}
        always: list[int] = []
        for position, need in enumerate(needs):
            gate = _gate(need)
            if gate is None:
                always.append(position)
                continue
            for key in gate:
                index.setdefault(key, []).append(position)
        self._index = {key: tuple(positions) for key, positions in index.items()}
        self._always = tuple(always)

    def positions(self, tokens: Sequence[str], concepts: frozenset[str]) -> list[int]:
        found = set(self._always)
        for key in _question_keys(tokens, concepts):
            found.update(self._index.get(key, ()))
        return sorted(found)


class Claims:
    """The claims of the plan data, and the one a question fits best."""

    def __init__(self, entries: Iterable[Mapping[str, Any]]) -> None:
        self._claims = tuple(_claim(entry, order) for order, entry in enumerate(entries))
        self._found: dict[tuple[str, frozenset[str]], Claim | None] = {}  # find() per (token text, concepts)
        # ``find`` wants the fitting claim with the most needed groups, the earliest of equals: the claims in
        # that order, so the first that fits is the one; split by whether a yes/no question may fit them
        # (``asks``), so that the others are not tried.
        ordered = sorted(self._claims, key=lambda claim: (-len(claim.need), claim.order))
        self._candidates: dict[bool, tuple[tuple[Claim, frozenset[str], tuple[str, ...],
                                                 tuple[CompiledGroup, ...]], ...]] = {
            yesno: tuple((claim, claim._block[0], claim._block[1], claim._need) for claim in ordered
                         if claim.asks == "any" or (claim.asks == "yesno") == yesno)
            for yesno in (False, True)}
        self._gated = {yesno: PatternIndex([need for _, _, _, need in candidates])
                       for yesno, candidates in self._candidates.items()}

    def __len__(self) -> int:
        return len(self._claims)

    def texts(self) -> tuple[str, ...]:
        """Every claim's fact in every language."""
        return tuple(dict.fromkeys(text for claim in self._claims for text in claim.texts.values()))

    def find(self, tokens: Sequence[str], concepts: frozenset[str]) -> Claim | None:
        text = token_text(tokens)
        key = (text, concepts)
        if key in self._found:
            return self._found[key]
        best: Claim | None = None
        yesno = "yesno" in concepts
        candidates = self._candidates[yesno]
        # The kind of question is settled by ``_candidates``, so each claim is tested as "any".
        for position in self._gated[yesno].positions(tokens, concepts):
            claim, blocked, blocking, need = candidates[position]
            if pattern_fits("any", (blocked, blocking), need, text, concepts):
                best = claim
                break
        if len(self._found) >= 50_000:
            self._found.clear()
        self._found[key] = best
        return best
