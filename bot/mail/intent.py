"""What a reply to a reminder says, read from the person's own words only (quotes stripped).

``done`` only on a clear positive ("Rapporten er levert", "Har levert", "delivered"); any
negation or future tense about delivering ("ikke levert ennå", "skal levere fredag") is ``not_yet``;
a question (even one that says "levert") is ``question``; "STOPP" alone is ``stop``; everything else ``other`` (for a person to look at).
"""

from __future__ import annotations

import re

from bot.text import fold

DONE = "done"
NOT_YET = "not_yet"
QUESTION = "question"
STOP = "stop"
OTHER = "other"

_STOP = re.compile(r"^(stopp|stop|avmeld|meld meg av|unsubscribe)$")
_NOT_YET = re.compile(
    r"\b(ikke|ikkje|enna ikke|enda ikke|ikke enda|ikke enno|not|nei|skal levere|skal sende|kommer|vil levere|"
    r"blir levert|leverer (i morgen|neste|snart|pa|fredag|mandag)|snart|neste uke|seinare|senere|later|soon)\b"
)
_DONE = re.compile(
    r"\b(levert|har levert|er levert|er sendt inn|har sendt inn|sendt inn|innsendt|ferdig|delivered|submitted|done|"
    r"har sendt rapporten|rapporten er sendt)\b"
)


_DELIVERY = re.compile(r"(lever|sendt inn|innsendt|rapport|ferdig|deliver|submit|done\b)")
_INTERROGATIVE = re.compile(r"^(hva|hvor|hvem|hvordan|hvorfor|nar|kva|kor|kven|korleis|what|when|how|who|where|why|"
                            r"kan|skal|er det|finnes)\b")


def reply_intent(text: str) -> str:
    folded = fold(text)
    if not folded:
        return OTHER
    if _STOP.match(folded):
        return STOP
    about_delivery = _DELIVERY.search(folded) is not None
    if about_delivery and _NOT_YET.search(folded):
        return NOT_YET
    if "?" in text or _INTERROGATIVE.match(folded):
        return QUESTION
    if about_delivery and _DONE.search(folded):
        return DONE
    return OTHER
