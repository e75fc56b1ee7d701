"""Retrieval fallback: BM25 over the plan's passages, on stemmed folded tokens and concept ids."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_SUFFIXES = tuple(sorted(("ene", "ane", "ers", "er", "ar", "en", "et", "a", "e", "s", "ingen", "inga", "ing",
                          "ingene", "ingane", "ene", "te", "de", "ast", "es", "ed", "ly"),
                         key=len, reverse=True))


def stem(token: str) -> str:
    """Crude Norwegian/English suffix stripping; keeps at least four letters."""
    for suffix in _SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= 4:
            return token[: -len(suffix)]
    return token


_CONCEPT_WEIGHT = 0.5


@dataclass(frozen=True)
class Passage:
    section: str
    text: str


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float
    coverage: float
    matched: int  # content words of the question found in the passage (concept ids not counted)
    rare: bool    # a matched word occurs in at most three passages


class PassageIndex:
    """Okapi BM25 over passages. Terms are stems of content words plus concept ids ("#name")."""

    def __init__(self, passages: Sequence[Passage], documents: Sequence[Sequence[str]],
                 *, k1: float = 1.2, b: float = 0.75) -> None:
        if len(passages) != len(documents):
            raise ValueError("one term list per passage")
        self._passages = tuple(passages)
        self._k1 = k1
        self._b = b
        self._lengths = [len(terms) for terms in documents]
        self._average = (sum(self._lengths) / len(self._lengths)) if self._lengths else 1.0
        frequencies: dict[str, int] = Counter()
        self._postings: dict[str, list[tuple[int, int]]] = {}
        for index, terms in enumerate(documents):
            for term, count in Counter(terms).items():
                frequencies[term] += 1
                self._postings.setdefault(term, []).append((index, count))
        total = max(len(documents), 1)
        self._idf = {term: math.log(1 + (total - df + 0.5) / (df + 0.5)) for term, df in frequencies.items()}
        self._max_idf = math.log(1 + (total + 0.5) / 0.5)
        self._rare_idf = math.log(1 + (total - 3 + 0.5) / 3.5)

    def __len__(self) -> int:
        return len(self._passages)

    def search(self, terms: Iterable[str]) -> Hit | None:
        """The best passage, with the share of the query's weight it matched (coverage 0..1)."""
        query = list(dict.fromkeys(terms))
        if not query or not self._passages:
            return None
        scores: dict[int, float] = {}
        matched: dict[int, float] = {}
        counts: dict[int, int] = {}
        rare: set[int] = set()
        total_weight = 0.0
        for term in query:
            pseudo = term.startswith("#")
            idf = self._idf.get(term)
            if idf is None:
                # Unknown words weigh like the rarest term: they pull coverage down.
                total_weight += 0.0 if pseudo else self._max_idf
                continue
            # A concept id repeats what a word already said: it helps ranking, and counts half for coverage.
            weight = idf * (_CONCEPT_WEIGHT if pseudo else 1.0)
            total_weight += weight
            for index, count in self._postings[term]:
                norm = count + self._k1 * (1 - self._b + self._b * self._lengths[index] / self._average)
                scores[index] = scores.get(index, 0.0) + idf * count * (self._k1 + 1) / norm
                matched[index] = matched.get(index, 0.0) + weight
                if not pseudo:
                    counts[index] = counts.get(index, 0) + 1
                    if idf >= self._rare_idf:
                        rare.add(index)
        if not scores:
            return None
        best = max(scores, key=lambda index: (scores[index], -index))
        coverage = matched[best] / total_weight if total_weight else 0.0
        return Hit(self._passages[best], scores[best], coverage, counts.get(best, 0), best in rare)
