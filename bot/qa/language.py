"""Language detection for questions: bokmål (nb), nynorsk (nn) or English (en)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bot.qa.lexicon import BOKMAL_MARKERS, ENGLISH_MARKERS, NYNORSK_MARKERS
from bot.qa.normalize import fold

# Nynorsk endings that bokmål does not use (folded): skulane, midlane, innstillinga, reknast...
_NN_SUFFIXES = ("ane", "inga", "ingane", "aren", "arar", "arane", "ast")
_NB_SUFFIXES = ("ene", "ingen", "ingene", "erne", "eren")
# Words only nynorsk uses: with one of them, a tie between nynorsk and bokmål goes to nynorsk.
_NN_STRONG = frozenset({"ein", "eit", "ikkje", "kva", "kven", "korleis", "eg", "berre", "noko", "nokon", "mykje",
                        "kvifor", "dykk", "dykkar", "kjem", "seier", "vere", "skule", "skular", "fekk", "sjolv"})
# Words of bokmål and nynorsk alike that no English sentence uses: they keep a short Norwegian question with
# one English-looking word ("Går det an å sende den nå likevel?") Norwegian.
_NORWEGIAN = frozenset({"det", "den", "dette", "denne", "disse", "desse", "likevel", "allikevel", "gar", "ogsa",
                        "fortsatt", "sende", "sendast", "sendes", "ikke", "ikkje", "hva", "kva", "hvem",
                        "kven", "nar", "til", "pa", "med", "og", "er", "mange", "saman", "sammen"})
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
        shared = 0.5 * sum(1 for token in tokens if token in _NORWEGIAN)
        if en > 0 and en >= (nn + nb + shared) * 1.5 and (en >= 2 or nn + nb + shared == 0):
            return "en"
        if en < 1 and "me" in tokens:
            # "me" is the nynorsk "we" in a Norwegian sentence (the English "me" is handled above).
            nn += 0.5
        if nn > nb or (nn > 0 and nn == nb and not _NN_STRONG.isdisjoint(tokens)):
            return "nn"
        return "nb"
