"""Concept matching: which plan concepts a list of folded tokens mentions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot.qa.normalize import fold, tokenize


@dataclass(frozen=True)
class _Part:
    text: str
    prefix: bool

    def matches(self, token: str) -> bool:
        return token.startswith(self.text) if self.prefix else token == self.text


@dataclass(frozen=True)
class _Phrase:
    concept: str
    rest: tuple[_Part, ...]


@dataclass(frozen=True)
class ConceptHits:
    """The concepts found, and which token positions a plan-specific concept explained."""

    concepts: frozenset[str]
    explained: frozenset[int]


class ConceptMatcher:
    """Finds concepts in tokens. Single-token lookups are cached per instance."""

    def __init__(self, patterns: Mapping[str, Sequence[str]], explaining: Iterable[str],
                 *, cache_size: int = 50_000) -> None:
        self._explaining = frozenset(explaining)
        self._exact: dict[str, set[str]] = {}
        self._prefix: list[tuple[str, str]] = []
        self._contains: list[tuple[str, str]] = []
        self._suffix: list[tuple[str, str]] = []
        # Prefix stems by first letter and suffix stems by last letter, so a new token is compared with
        # a few dozen stems instead of all of them.
        self._prefix_by_initial: dict[str, list[tuple[str, str]]] = {}
        self._suffix_by_final: dict[str, list[tuple[str, str]]] = {}
        self._phrases: dict[str, list[_Phrase]] = {}
        self._pairs: dict[tuple[str, str], list[_Phrase]] = {}
        self._phrase_words: dict[str, set[str]] = {}
        self._words: set[str] = set()
        for concept, forms in patterns.items():
            for form in forms:
                self._add(concept, form)
        for stem, concept in self._prefix:
            self._prefix_by_initial.setdefault(stem[0], []).append((stem, concept))
        for stem, concept in self._suffix:
            self._suffix_by_final.setdefault(stem[-1], []).append((stem, concept))
        self._cache: dict[str, tuple[frozenset[str], bool]] = {}
        self._cache_size = cache_size

    def _add(self, concept: str, form: str) -> None:
        stripped = form.strip()
        is_contains = stripped.startswith("*") and stripped.endswith("*") and len(stripped) > 2
        is_suffix = stripped.startswith("*") and not is_contains
        is_prefix = stripped.endswith("*") and not is_contains
        core = fold(stripped.strip("*"))
        parts = tokenize(core)
        if not parts:
            return
        if len(parts) > 1:
            first, *rest = parts
            rest_parts = [_Part(part, False) for part in rest]
            if is_prefix:
                rest_parts[-1] = _Part(rest_parts[-1].text, True)
            phrase = _Phrase(concept, tuple(rest_parts))
            self._phrase_words.setdefault(concept, set()).update(parts)
            if rest_parts[0].prefix:
                self._phrases.setdefault(first, []).append(phrase)
            else:
                # Indexed by the first two words, the usual case.
                self._pairs.setdefault((first, rest_parts[0].text), []).append(phrase)
            self._words.update(parts)
            return
        word = parts[0]
        if is_contains:
            self._contains.append((word, concept))
        elif is_suffix:
            self._suffix.append((word, concept))
        elif is_prefix:
            self._prefix.append((word, concept))
        else:
            self._exact.setdefault(word, set()).add(concept)
        self._words.add(word)

    @property
    def words(self) -> frozenset[str]:
        """Every whole word the patterns name (part of the known vocabulary)."""
        return frozenset(self._words)

    def words_of(self, concepts: Iterable[str]) -> frozenset[str]:
        """The whole words of the patterns of some concepts."""
        wanted = frozenset(concepts)
        found = {word for word, names in self._exact.items() if names & wanted}
        found.update(stem for stem, concept in self._prefix if concept in wanted)
        for concept in wanted:
            found.update(self._phrase_words.get(concept, ()))
        return frozenset(found)

    def splits(self, token: str) -> list[tuple[str, str, bool]]:
        """(stem, rest, True) for each prefix stem the token starts with, and (head, stem, False) for each
        suffix stem it ends with; the flag says that the rest, not the head, is the unmatched part."""
        found: list[tuple[str, str, bool]] = []
        if not token:
            return found
        for stem, _ in self._prefix_by_initial.get(token[0], ()):
            if token.startswith(stem):
                found.append((stem, token[len(stem):], True))
        for stem, _ in self._suffix_by_final.get(token[-1], ()):
            if token.endswith(stem):
                found.append((token[: -len(stem)], stem, False))
        return found

    def token(self, token: str) -> tuple[frozenset[str], bool]:
        """(concepts of one token, whether a plan-specific concept explains it)."""
        cached = self._cache.get(token)
        if cached is not None:
            return cached
        found: set[str] = set(self._exact.get(token, ()))
        partial: set[str] = set()
        if token:
            for stem, concept in self._prefix_by_initial.get(token[0], ()):
                if token.startswith(stem):
                    partial.add(concept)
            for stem, concept in self._suffix_by_final.get(token[-1], ()):
                if token.endswith(stem):
                    partial.add(concept)
        for stem, concept in self._contains:
            if stem in token:
                partial.add(concept)
        found |= partial
        explains = bool(found & self._explaining)
        result = (frozenset(found), explains)
        if len(self._cache) >= self._cache_size:
            self._cache.clear()
        self._cache[token] = result
        return result

    def match(self, tokens: Sequence[str]) -> ConceptHits:
        concepts: set[str] = set()
        explained: set[int] = set()
        count = len(tokens)
        pairs = self._pairs
        for index, token in enumerate(tokens):
            single, explains = self.token(token)
            if single:
                concepts |= single
            if explains:
                explained.add(index)
            if index + 1 < count:
                found = pairs.get((token, tokens[index + 1]))
                if found:
                    self._phrase_hits(found, tokens, index, concepts, explained)
            prefixed = self._phrases.get(token)
            if prefixed:
                self._phrase_hits(prefixed, tokens, index, concepts, explained)
        return ConceptHits(frozenset(concepts), frozenset(explained))

    def _phrase_hits(self, phrases: Sequence[_Phrase], tokens: Sequence[str], index: int, concepts: set[str],
                     explained: set[int]) -> None:
        count = len(tokens)
        for phrase in phrases:
            end = index + 1 + len(phrase.rest)
            if end > count:
                continue
            position = index + 1
            for part in phrase.rest:
                if not part.matches(tokens[position]):
                    break
                position += 1
            else:
                concepts.add(phrase.concept)
                if phrase.concept in self._explaining:
                    explained.update(range(index, end))
