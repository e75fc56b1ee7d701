"""Text helpers for the forms: localised strings, input cleaning and folding for matching.

Pure and dependency-free; ``bot.text`` has a sibling ``fold`` but forms/ must not import bot/.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

LANGUAGES = ("nb", "nn", "en")

# Anything a person types is capped before parsing: a pasted novel must not make a parser slow.
MAX_INPUT_CHARS = 20_000

_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ä": "a", "ö": "o", "é": "e", "è": "e", "ü": "u"})
_NON_WORD = re.compile(r"[^a-z0-9%]+")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


@dataclass(frozen=True)
class Text:
    """A user-facing string in bokmål, with optional nynorsk and English versions."""

    nb: str
    nn: str | None = None
    en: str | None = None

    def get(self, lang: str) -> str:
        if lang == "nn" and self.nn is not None:
            return self.nn
        if lang == "en" and self.en is not None:
            return self.en
        return self.nb

    def variants(self) -> tuple[str, ...]:
        return tuple(text for text in (self.nb, self.nn, self.en) if text)


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff"
                      "\U000f0000-\U0010ffff]")


def clean_input(text: str, *, multiline: bool = True) -> str:
    """Normalise what a person typed into text that is safe to store and to match.

    NFC; zero-width characters, NUL and other control characters, lone surrogates and private-use
    characters removed (PostgreSQL refuses NUL in text, UTF-8 refuses surrogates); runs of spaces
    collapsed; line breaks kept only when ``multiline``.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_ZERO_WIDTH)
    text = _CONTROL.sub("", text)
    text = unicodedata.normalize("NFC", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    if multiline:
        joined = "\n".join(lines)
        return re.sub(r"\n{3,}", "\n\n", joined).strip()
    return " ".join(line for line in lines if line)


_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Lowercase, fold Norwegian letters to ASCII, collapse everything else to single spaces."""
    lowered = unicodedata.normalize("NFKC", text).lower().translate(_FOLD)
    stripped = _COMBINING.sub("", unicodedata.normalize("NFKD", lowered))
    return _NON_WORD.sub(" ", stripped).strip()


def fold_keep_number(text: str) -> str:
    """Like :func:`fold`, but keeps the characters numbers are written with (``.,'-``)."""
    lowered = unicodedata.normalize("NFKC", text).lower().translate(_FOLD)
    stripped = _COMBINING.sub("", unicodedata.normalize("NFKD", lowered))
    return " ".join(re.sub(r"[^a-z0-9.,'\- ]+", " ", stripped).split())


def group_thousands(value: int, separator: str = " ") -> str:
    """``1200000`` -> ``"1 200 000"`` (Norwegian style)."""
    sign = "-" if value < 0 else ""
    return sign + f"{abs(value):,}".replace(",", separator)
