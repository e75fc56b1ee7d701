"""Language detection for questions: bokmål (nb), nynorsk (nn) or English (en)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bot.qa.lexicon import BOKMAL_MARKERS, ENGLISH_MARKERS, NYNORSK_MARKERS
from bot.qa.normalize import fold

# Nynorsk endings that bokmål does not use (folded): skulane, midlane, innstillinga, reknast...
_NN_SUFFIXES = ("ane", "inga", "ingane", "aren", "arar", "arane", "ast")
_NB_SUFFIXES = ("ene", "ingen", "ingene", "erne", "eren")
# Letters of the raw text that only one written form uses.
_NN_ONLY_RAW = ("frå", "òg", "ikkje", "kva ", "korleis", "kven", "eigar", "skule", "høgskule", "sjå")


class LanguageDetector:
    """Scores marker words; Norwegian unless English clearly dominates, nynorsk when it outscores bokmål."""

    def __init__(self, nynorsk: Iterable[str] = NYNORSK_MARKERS, bokmal: Iterable[str] = BOKMAL_MARKERS,
                 english: Iterable[str] = ENGLISH_MARKERS) -> None:
        nn = {fold(word) for word in nynorsk}
        nb = {fold(word) for word in bokmal}
        en = {fold(word) for word in english}
        self._nn = frozenset(nn - nb - en)
        self._nb = frozenset(nb - nn - en)
        self._en = frozenset(en - nb - nn)
        self._cache: dict[str, tuple[float, float, float]] = {}

    def _weights(self, token: str) -> tuple[float, float, float]:
        """(nn, nb, en) evidence of one token; cached."""
        found = self._cache.get(token)
        if found is None:
            if token in self._en:
                found = (0.0, 0.0, 1.0)
            elif token in self._nn:
                found = (1.0, 0.0, 0.0)
            elif token in self._nb:
                found = (0.0, 1.0, 0.0)
            elif len(token) > 5 and token.endswith(_NN_SUFFIXES) and not token.endswith(_NB_SUFFIXES):
                found = (0.5, 0.0, 0.0)
            elif len(token) > 5 and token.endswith(_NB_SUFFIXES):
                found = (0.0, 0.5, 0.0)
            else:
                found = (0.0, 0.0, 0.0)
            if len(self._cache) >= 100_000:
                self._cache.clear()
            self._cache[token] = found
        return found

    def detect(self, raw: str, tokens: Sequence[str]) -> str:
        nn = nb = en = 0.0
        for token in tokens:
            token_nn, token_nb, token_en = self._weights(token)
            nn += token_nn
            nb += token_nb
            en += token_en
        lowered = raw.casefold()
        nn += sum(1.0 for marker in _NN_ONLY_RAW if marker in lowered)
        if en > 0 and en >= (nn + nb) * 1.5 and (en >= 2 or nn + nb == 0):
            return "en"
        if nn > nb:
            return "nn"
        return "nb"
