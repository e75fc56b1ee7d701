"""A cheap guess whether a message mid-form is a question to the bot rather than an answer.

The engine asks this only after the text failed to parse as an answer (for typed fields) or
before storing it (for free-text fields), so "Hvordan kan vi bli bedre på lesing?" as a long
goal description is not taken for a question: long texts are answers.
"""

from __future__ import annotations

from forms.text import fold

_QUESTION_WORDS = frozenset({
    # bokmål
    "hva", "hvem", "hvor", "hvorfor", "hvordan", "hvilken", "hvilket", "hvilke", "nar", "hvormye",
    # nynorsk
    "kva", "kven", "kor", "kvar", "korleis", "kvifor", "kvi",
    # English
    "what", "who", "where", "why", "how", "which", "when",
})
_QUESTION_STARTS = (
    "kan jeg", "kan vi", "kan eg", "kan me", "ma jeg", "ma vi", "ma eg", "skal jeg", "skal vi", "skal eg",
    "er det", "gjelder", "finnes det", "fins det", "far vi", "far jeg", "stemmer det", "er fristen",
    "can i", "can we", "do i", "do we", "is there", "is it", "are there", "should i", "must i",
)
MAX_QUESTION_CHARS = 160


def looks_like_question(text: str) -> bool:
    """True for short messages that end in "?" or start like a question ("når er fristen")."""
    stripped = text.strip()
    if not stripped or len(stripped) > MAX_QUESTION_CHARS:
        return False
    folded = fold(stripped)
    if not folded:
        return False
    if stripped.endswith("?") and len(folded) > 2:
        return True
    first = folded.split()[0]
    return first in _QUESTION_WORDS or folded.startswith(_QUESTION_STARTS)
