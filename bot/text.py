"""Small text utilities for matching what people type (case, æøå and punctuation folding)."""

from __future__ import annotations

import re
import unicodedata

_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ä": "a", "ö": "o", "é": "e", "è": "e", "ü": "u"})
_NON_WORD = re.compile(r"[^a-z0-9%]+")


def fold(text: str) -> str:
    """Lowercase, fold Norwegian letters to ASCII, collapse everything else to single spaces."""
    lowered = unicodedata.normalize("NFKC", text).lower().translate(_FOLD)
    stripped = "".join(ch for ch in unicodedata.normalize("NFKD", lowered) if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", stripped).strip()


def words(text: str) -> list[str]:
    return fold(text).split()


_NYNORSK_MARKERS = frozenset(fold(word) for word in ("kva", "korleis", "kvar", "kven", "ikkje", "eg", "kvifor",
                                                     "dei", "kor", "noko", "berre", "mykje",
                                                     "hjelpa", "treng"))
_ENGLISH_MARKERS = frozenset({"what", "when", "how", "help", "the", "is", "can", "who", "deadline", "which",
                              "much", "next", "please", "i", "you", "do", "does", "are", "hello", "hi"})


def guess_language(text: str) -> str:
    """A cheap nb/nn/en guess for texts the Q&A does not answer (help, unknown commands)."""
    tokens = set(words(text))
    english = len(tokens & _ENGLISH_MARKERS)
    nynorsk = len(tokens & _NYNORSK_MARKERS)
    if english > nynorsk and english > 0:
        return "en"
    if nynorsk > 0:
        return "nn"
    return "nb"
