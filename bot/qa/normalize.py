"""Normalisation of questions: case, æøå folding, tokens and typo correction.

Folding maps every spelling of a Norwegian letter to one form, so that "årsrapport",
"aarsrapport" and "arsrapport" are the same token: æ -> ae, ø/oe -> o, å/aa -> a.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA

_FOLD_TABLE = str.maketrans({
    "æ": "ae", "ø": "o", "å": "a", "ä": "ae", "ö": "o", "ü": "u", "é": "e", "è": "e", "ê": "e",
    "ó": "o", "ò": "o", "ô": "o", "á": "a", "à": "a", "â": "a", "í": "i", "ì": "i", "ú": "u",
    "’": "'", "‘": "'", "`": "'", "´": "'", "–": "-", "—": "-", "\u00a0": " ",
})
_TOKEN = re.compile(r"[a-z]+|\d+|%")
_DIGRAPHS = re.compile(r"aa|oe")


def fold(text: str) -> str:
    """Lower-case and fold Norwegian letters: 'Årsrapportering' -> 'arsrapportering'."""
    folded = text.casefold().translate(_FOLD_TABLE)
    if "aa" in folded or "oe" in folded:
        folded = _DIGRAPHS.sub(lambda match: match.group(0)[0], folded)
    return folded


def tokenize(folded: str) -> list[str]:
    """Words, numbers and '%' of a folded text ('4-årig' -> ['4', 'arig'])."""
    return _TOKEN.findall(folded)


def max_typos(token: str) -> int:
    """How many edits a token of this length may have and still be corrected."""
    length = len(token)
    if length < 5:
        return 0
    if length < 7:
        return 1
    if length < 10:
        return 2
    return 3


class Corrector:
    """Maps an unknown token to the closest known word (optimal string alignment distance, ties to
    the preferred words).

    Results are cached per instance: a question's tokens repeat a lot, so the fuzzy search runs
    once per distinct unknown token. The cache is bounded.
    """

    def __init__(self, vocabulary: Iterable[str], *, preferred: Iterable[str] = (), second: Iterable[str] = (),
                 cache_size: int = 50_000) -> None:
        # On a tie the first candidate wins, so the question vocabulary's plan words come first, then the
        # plan's other words, then everyday words ("leiarn" -> "leiar", not "learn"; "stmme" -> "stemme").
        first = frozenset(preferred)
        then = frozenset(second)
        words = sorted({word for word in vocabulary if word and not word.isdigit()},
                       key=lambda word: (word not in first, word not in then, len(word), word))
        self._known = frozenset(words)
        self._tier = {word: 0 if word in first else 1 if word in then else 2 for word in words}
        # Candidates by (first letter, length): typos rarely hit the first letter, and only words of a
        # similar length can be within the edit limit.
        self._choices: dict[tuple[str, int], list[str]] = {}
        for word in words:
            self._choices.setdefault((word[0], len(word)), []).append(word)
        self._cache: dict[str, str | None] = {}
        self._cache_size = cache_size

    @property
    def known(self) -> frozenset[str]:
        return self._known

    def is_known(self, token: str) -> bool:
        return token in self._known

    def correct(self, token: str) -> str | None:
        """The known word for ``token`` (itself if known), or None if nothing is close enough."""
        if token in self._known:
            return token
        try:
            return self._cache[token]
        except KeyError:
            pass
        result = self._search(token)
        if len(self._cache) >= self._cache_size:
            self._cache.clear()
        self._cache[token] = result
        return result

    def _search(self, token: str) -> str | None:
        limit = max_typos(token)
        if limit == 0 or token.isdigit():
            return None
        best: tuple[int, int, int, str] | None = None  # (distance, tier, length difference, word)
        # The first letters swapped ("rasrapport") is the one first-letter typo worth trying.
        initials = [token[0]] + ([token[1]] if len(token) > 1 and token[1] != token[0] else [])
        for initial in initials:
            swapped = initial != token[0]
            for length in range(len(token) - limit, len(token) + limit + 1):
                difference = abs(length - len(token))
                cutoff = limit if best is None else best[0]
                if difference > cutoff:
                    continue
                choices = self._choices.get((initial, length))
                if not choices:
                    continue
                if swapped:
                    # Only words that start with the token's first two letters swapped.
                    choices = [word for word in choices if len(word) > 1 and word[1] == token[0]]
                    if not choices:
                        continue
                found = process.extractOne(token, choices, scorer=OSA.distance, score_cutoff=cutoff)
                if found is None:
                    continue
                candidate = (int(found[1]), self._tier[found[0]], difference, found[0])
                if best is None or candidate < best:
                    best = candidate
        return best[3] if best is not None else None
