"""Which chat messages in Teams ask for the needs report as a card form, and in which language.

«skjema», «behovsmelding skjema», «meld behov i skjema», «fortsett i skjemaet», «eg vil fylle ut
behovsmeldinga i skjema», «needs report form», «open the form»: a short message naming the form (or the
card) and the report, or only the form. A question about a form ("hvilket skjema bruker jeg?") is not a
command: it goes to the router like any other message.
"""

from __future__ import annotations

from forms.intents import needs_report_intent
from forms.text import LANGUAGES, fold

MAX_TOKENS = 10
_FORM_WORDS = frozenset({"skjema", "skjemaet", "skjemaer", "skjemaene", "skjemaa", "form", "card", "kort", "kortet"})
_REPORT_WORDS = frozenset({"behov", "behovet", "behovsmelding", "behovsmeldingen", "behovsmeldinga", "needs",
                           "report", "needs report"})
_VERBS = frozenset({"fyll", "fylle", "fylla", "fill", "open", "apne", "opne", "vis", "show", "start", "starte",
                    "fortsett", "fortset", "hald", "continue", "resume", "send", "bruk", "ny", "nytt", "new"})
_QUESTION_STARTS = ("hva", "kva", "hvilket", "kva for", "hvilke", "what", "which", "hvor", "kvar", "where", "how",
                    "hvordan", "korleis", "kan du forklare")
_LOCALES = {"nn": "nn", "nn-no": "nn", "en": "en", "en-us": "en", "en-gb": "en", "nb": "nb", "nb-no": "nb",
            "no": "nb"}


def wants_form_card(text: str) -> bool:
    """Does the message ask for the needs-report form as a card?"""
    if not text or "?" in text:
        return False
    tokens = fold(text).split()
    if not tokens or len(tokens) > MAX_TOKENS or not any(token in _FORM_WORDS for token in tokens):
        return False
    if " ".join(tokens).startswith(_QUESTION_STARTS):
        return False
    if len(tokens) == 1:
        return True
    return (needs_report_intent(text) is not None or any(token in _REPORT_WORDS for token in tokens)
            or any(token in _VERBS for token in tokens))


def card_language(guessed: str, locale: str | None) -> str:
    """A new form's language: the chat's guess from the words (nynorsk and English are guessed from
    marker words); a message with nothing to go by ("skjema") follows the Teams client's locale."""
    if guessed in ("nn", "en"):
        return guessed
    found = _LOCALES.get((locale or "").strip().lower())
    return found if found in LANGUAGES else "nb"
