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


_LANGUAGE_WORD = re.compile(r"[a-zæøåäöüéèò]+")
# Words that tell the language; never words both languages share ("i", "on", "to", "for", "kan").
_NYNORSK_MARKERS = frozenset({
    "kva", "korleis", "kvar", "kven", "kvifor", "ikkje", "eg", "dei", "noko", "nokon", "nokre", "berre", "mykje",
    "hjelpa", "treng", "frå", "ein", "eit", "vere", "vore", "meir", "sjølv", "heile", "kjem", "seier", "dykk",
    "dykkar", "høyrer", "spørje", "skule", "skular", "òg", "enno", "kvart", "kvat", "ho", "difor", "mogleg",
    "saman", "fekk", "gjere", "gjer", "kor", "tilsett", "tilsette", "helsing", "venleg", "skreiv",
})
_BOKMAL_MARKERS = frozenset({
    "jeg", "hva", "hvordan", "hvor", "hvem", "hvorfor", "hvilken", "hvilke", "hvilket", "ikke", "noe", "noen",
    "mye", "bare", "hvis", "meg", "deg", "fra", "være", "vært", "mer", "selv", "hele", "kommer", "sier", "dere",
    "deres", "skole", "skoler", "også", "ennå", "hun", "derfor", "mulig", "sammen", "fikk", "gjøre", "gjør",
    "ansatt", "ansatte", "hilsen", "vennlig", "skrev", "en", "et",
})
_NORWEGIAN_MARKERS = frozenset({
    "og", "er", "det", "som", "på", "å", "til", "av", "med", "har", "vi", "når", "skal", "må", "om", "hei",
    "takk", "vår", "våre", "år", "fristen", "frist", "kommunen", "barnehage", "barnehagen", "rapporten",
    "levert", "nettverk", "nettverket", "spørsmål", "midler", "søke", "ble", "blir", "vil", "kan",
    "denne", "dette", "disse", "etter", "eller", "hos", "mvh", "ja", "nei", "be",
})
_ENGLISH_MARKERS = frozenset({
    "what", "when", "where", "how", "why", "who", "which", "the", "is", "are", "was", "were", "can", "could",
    "would", "should", "please", "you", "your", "do", "does", "did", "have", "has", "hello", "hi", "thanks",
    "thank", "deadline", "much", "next", "of", "and", "in", "it", "this", "that", "we", "our", "my", "with",
    "about", "will", "not", "from", "there", "any", "yes", "regards", "dear", "submitted", "report",
    "network", "funding", "apply", "question", "help", "delivered",
})


def guess_language(text: str) -> str:
    """A cheap nb/nn/en guess from marker words (and æøå); ties and unknown text are bokmål.

    Words both English and Norwegian use ("i", "on", "to", "for", "a") count for neither.
    """
    tokens = _LANGUAGE_WORD.findall(unicodedata.normalize("NFKC", text).lower())
    english = sum(1 for token in tokens if token in _ENGLISH_MARKERS)
    nynorsk = sum(1 for token in tokens if token in _NYNORSK_MARKERS)
    bokmal = sum(1 for token in tokens if token in _BOKMAL_MARKERS)
    norwegian = nynorsk + bokmal + sum(1 for token in tokens if token in _NORWEGIAN_MARKERS)
    norwegian += 1 if any(letter in text for letter in "æøåÆØÅ") else 0
    if english > norwegian:
        return "en"
    if nynorsk > bokmal:
        return "nn"
    return "nb"
