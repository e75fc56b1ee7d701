"""What a contact's reply to a reminder says (their own words only; quotes already stripped).

Intents:

* ``done``: a clear statement that the report is in ("levert", "rapporten er sendt inn", "done").
  A question in the same reply is answered too (``question`` is then set).
* ``not_yet``: negated or future ("ikke levert ennå", "leverer fredag", "skal sende neste uke").
* ``handover``: someone else is responsible ("det er ikke jeg som har ansvaret, kontakt
  kollegaen min (kollega@...)"); the suggested addresses are kept.
* ``question``: a question and no statement about delivery.
* ``stop``: only "STOPP"/"avmeld".
* ``other``: anything else, or a mix ("A er levert, B kommer neste uke"): a person looks at it.

Sentences are split on ``. ! ? ; newline``, and a sentence into clauses on commas and "men/but",
so "Levert, men hvor ser jeg kvitteringen?" is a statement and a question, while
"Er rapporten levert?" is only a question.

Given the contact's open measures (``measures=``), a reply that names some of them is read per
measure: each clause's intent (delivered / not yet / not mine / question) applies to the measures it
names (fuzzy, rapidfuzz: "Realfag" names "Realfagsløftet i Valdres"), so "Realfag har jeg levert nå.
Men det er ikke jeg som har ansvaret for Inkluderende praksis" is ``done`` for one and ``handover``
for the other (``mixed``). ``questions`` keeps the question sentences in the person's own words.

:func:`return_date` reads an out-of-office message's return date ("tilbake 4. januar",
"fraværende til og med 3.1.", "back on January 4").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from rapidfuzz import fuzz

from bot.text import fold

DONE = "done"
NOT_YET = "not_yet"
QUESTION = "question"
HANDOVER = "handover"
STOP = "stop"
OTHER = "other"
MIXED = "mixed"
"""Measures named in the reply with different intents (one delivered, another someone else's)."""
INTENTS = (DONE, NOT_YET, QUESTION, HANDOVER, STOP, OTHER, MIXED)
STATEMENTS = (DONE, NOT_YET, HANDOVER)

# Outside text: every pattern here is linear-time, and the text is cut to MAX_READ_CHARS first.
# An address starts only where a run of address characters starts (the look-behind) and its parts
# have RFC length limits, so a long run without "@" is scanned once, not once per position.
MAX_READ_CHARS = 4000
_ADDRESS_CHARS = "A-Za-z0-9.!#$%&'*+/=?^_`{|}~-"
_EMAIL = re.compile(rf"(?<![{_ADDRESS_CHARS}])[{_ADDRESS_CHARS}]{{1,64}}@[A-Za-z0-9-]{{1,63}}"
                    rf"(?:\.[A-Za-z0-9-]{{1,63}}){{1,8}}")
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")
_CLAUSE = re.compile(r",|\s[-–]\s|\b(?:men|but)\b", re.IGNORECASE)

_STOP = re.compile(r"^(stopp|stop|avmeld|avmeld meg|meld meg av|unsubscribe)$")
_HANDOVER = re.compile(
    r"\b(ikke|ikkje) (jeg|meg|eg) som\b|\bikke (lenger )?(mitt|min|mine) ansvar|\bikkje (lenger )?(mitt|mi|min) ansvar"
    r"|\bfeil (person|mottaker|mottakar|kontaktperson|adresse)\b|\b(har sluttet|har slutta|sluttet i|slutta i)\b"
    r"|\b(har gatt over|gatt over) til\b|\b(er|er ikke|ikke lenger|ikkje lenger) (lenger )?kontaktperson\b"
    r"|\boverta(tt|ke)? av\b|\bhar tatt over\b|\btar over\b|\bny kontaktperson\b|\bansvaret ligger hos\b"
    r"|\bhar ansvaret\b|\bansvarlig for (rapporteringen|rapporten|tiltaket) er\b"
    r"|\b(kontakt|ta kontakt med|send (den|dette|e posten|eposten|purringen|paminnelsen|henvendelsen) (videre )?til"
    r"|videresend (den|dette)? ?til|henvend (deg|dykk) til|snakk med|sporr) (heller )?(min |mi )?(kollega|kollegaen|kollegaen min"
    r"|etterfolger|etterfolgar|leder|leiar|rektor|sjef)"
    r"|\bnot (the )?(right|responsible|correct) person\b|\bnot responsible\b|\bwrong (person|recipient)\b"
    r"|\bno longer (the )?(contact|responsible)\b|\bplease contact\b|\bsomeone else\b"
)
_DELIVERY = re.compile(r"(lever|sendt|send inn|innsend|rapport|ferdig|fullfor|deliver|submit|\bdone\b|complete"
                       r"|finish|skjema)")
_NEGATION = re.compile(r"\b(ikke|ikkje|not|nei|aldri|never|enda ikke|enna ikke)\b")
_FUTURE = re.compile(r"\b(skal|vil|kommer til a|kommer|blir|regner med a|haper a|planlegger a|tenker a|rekker|"
                     r"will|going to|shall|plan to|expect to|leverer|sender|rapporterer|sendast|leveres|sendes)\b")
_NOT_YET_WORDS = re.compile(r"\b(ikke enna|ikke enda|enna ikke|enda ikke|ikkje enno|ikkje enda|enno ikkje|not yet|"
                            r"jobber med|holder pa med|er i gang med|working on|ikke ferdig|ikkje ferdig|"
                            r"not finished|not done)\b")
_TIME_HINT = re.compile(r"\b(i morgen|i morgon|neste uke|neste veke|snart|etter jul|over nyttar|over helga|"
                        r"over helgen|pa (mandag|tirsdag|onsdag|torsdag|fredag)|(mandag|tirsdag|onsdag|torsdag|"
                        r"fredag)|innen fristen|for fristen|tomorrow|next week|soon|later|seinare|senere)\b")
_DONE = re.compile(r"\b(levert|leverte|har levert|er levert|levert inn|sendt inn|innsendt|er sendt|har sendt|"
                   r"har rapportert|rapportert|ferdig|fullfort|done|delivered|submitted|completed|finished|"
                   r"sent in|har fylt ut|fylt ut og sendt)\b")
_INTERROGATIVE = re.compile(r"^(hva|hvor|hvem|hvordan|hvorfor|hvilke|hvilken|hvilket|nar|kva|kor|kven|korleis|"
                            r"kvifor|kva for|what|when|how|who|where|why|which|kan|skal|ma|er det|finnes|gjelder|"
                            r"trenger|treng|is|are|do|does|can|should|must)\b")


@dataclass(frozen=True)
class ReplyReading:
    intent: str
    question: bool = False
    addresses: tuple[str, ...] = ()
    evidence: str = ""
    per_measure: tuple[tuple[int, str], ...] = ()
    """(index into the ``measures`` given to :func:`read_reply`, intent) for the measures the reply is
    about, when it names some of them with a statement; empty: the intent is about all of them."""
    questions: str = ""
    """The question sentences, in the person's own words (what is answered and forwarded)."""

    @property
    def counts_as_done(self) -> bool:
        return self.intent == DONE

    def measures_with(self, intent: str) -> list[int]:
        return [index for index, found in self.per_measure if found == intent]


@dataclass(frozen=True)
class _Sentence:
    text: str
    clauses: tuple[tuple[str, bool], ...]
    """(folded clause, is a question)"""


def _sentences(text: str) -> list[_Sentence]:
    result: list[_Sentence] = []
    for sentence in _SENTENCE.split(text):
        sentence = sentence.strip()
        if not sentence:
            continue
        asks = sentence.rstrip().endswith("?")
        parts = [part for part in _CLAUSE.split(sentence) if part and part.strip()]
        clauses: list[tuple[str, bool]] = []
        for index, part in enumerate(parts):
            folded = fold(part)
            if not folded:
                continue
            is_question = (asks and index == len(parts) - 1) or bool(_INTERROGATIVE.match(folded) and (
                asks or "?" in part))
            clauses.append((folded, is_question))
        if clauses:
            result.append(_Sentence(sentence, tuple(clauses)))
    return result


def _clauses(text: str) -> list[tuple[str, bool]]:
    """(folded clause, is a question) for each clause of each sentence."""
    return [clause for sentence in _sentences(text) for clause in sentence.clauses]


def _statement_intent(clause: str) -> str | None:
    """What one clause that is not a question says: handover, not yet, done, or nothing."""
    if _HANDOVER.search(clause):
        return HANDOVER
    about_delivery = _DELIVERY.search(clause) is not None
    negated = _NEGATION.search(clause) is not None
    future = _FUTURE.search(clause) is not None
    later = future and _TIME_HINT.search(clause) is not None
    if _NOT_YET_WORDS.search(clause) or later or (about_delivery and (negated or future)):
        return NOT_YET
    if _DONE.search(clause):
        return DONE
    return None


# ---------------------------------------------------------------------------------------------- measures

_WORD = re.compile(r"[a-z0-9]{1,40}")
_GENERIC_WORDS = frozenset({
    "tiltak", "tiltaket", "kompetansetiltak", "rapport", "rapporten", "levert", "ordning", "ordningen",
    "regional", "regionale", "desentralisert", "kompetanseloftet", "nettverk", "nettverket", "barnehage",
    "barnehagen", "barnehager", "skole", "skolen", "skoler", "skule", "skulen", "kommune", "kommunen", "for",
    "med", "og", "til", "the", "and", "arsrapport", "arsrapporten", "prosjekt", "prosjektet", "del", "fase",
})
MIN_NAME_SCORE = 88
"""rapidfuzz partial ratio at which a measure's whole name counts as written (typos, missing words)."""
MIN_WORD_SCORE = 85
"""rapidfuzz ratio at which a word of the reply counts as one of a measure's distinctive words."""
MAX_MEASURES = 200
_THE_REST = re.compile(r"\b(resten|de andre|dei andre|det andre|alle|begge|the rest|the others|others)\b")


def _distinctive_words(names: Sequence[str]) -> list[frozenset[str]]:
    """Per measure, its words that tell it apart from the contact's other measures."""
    word_sets = [{word for word in _WORD.findall(name) if len(word) >= 4 and word not in _GENERIC_WORDS}
                 for name in names]
    result: list[frozenset[str]] = []
    for index, own in enumerate(word_sets):
        others = [word for other, words in enumerate(word_sets) if other != index for word in words]
        result.append(frozenset(word for word in own
                                if not any(fuzz.ratio(word, other) >= MIN_WORD_SCORE for other in others)))
    return result


def _word_matches(word: str, wanted: str) -> bool:
    if word == wanted or (len(word) >= 5 and (wanted.startswith(word) or word.startswith(wanted))):
        return True
    return fuzz.ratio(word, wanted) >= MIN_WORD_SCORE


def _named(clause: str, names: Sequence[str], distinctive: Sequence[frozenset[str]]) -> set[int]:
    """The measures a clause names: by the whole name (exact wins over close spellings), or by a word
    only that measure has among the contact's."""
    exact: set[int] = set()
    close: dict[int, float] = {}
    by_word: set[int] = set()
    padded = f" {clause} "
    clause_words = {word for word in _WORD.findall(clause) if len(word) >= 4 and word not in _GENERIC_WORDS}
    for index, name in enumerate(names):
        if len(name) < 4:
            continue
        if f" {name} " in padded:
            exact.add(index)
            continue
        if len(name) >= 6 and len(clause) >= len(name):
            score = fuzz.partial_ratio(name, clause, score_cutoff=MIN_NAME_SCORE)
            if score:
                close[index] = score
        if any(_word_matches(word, wanted) for wanted in distinctive[index] for word in clause_words):
            by_word.add(index)
    found = exact | by_word
    if close and not exact:
        best = max(close.values())
        found |= {index for index, score in close.items() if score == best}
    return found


def _per_measure(sentences: Sequence[_Sentence], names: Sequence[str]) -> tuple[dict[int, str], list[str]]:
    """Each named measure's intent, and the statements of clauses that name no measure."""
    folded = [fold(name) for name in names]
    distinctive = _distinctive_words(folded)
    found: dict[int, str] = {}
    general: list[str] = []

    def assign(measures: set[int], intent: str) -> None:
        for index in measures:
            if intent == QUESTION and found.get(index, QUESTION) != QUESTION:
                continue  # a question about a measure never undoes a statement about it
            found[index] = intent

    for sentence in sentences:
        waiting: set[int] = set()  # named in a clause that says nothing yet ("Når det gjelder Realfag, ...")
        names_any = False
        for clause, is_question in sentence.clauses:
            named = _named(clause, folded, distinctive)
            names_any = names_any or bool(named)
            intent = QUESTION if is_question else _statement_intent(clause)
            if named and intent:
                assign(named, intent)
                waiting = set()
            elif named:
                waiting |= named
            elif intent and waiting:
                assign(waiting, intent)
                waiting = set()
            elif intent and intent != QUESTION and (not names_any or _THE_REST.search(clause)):
                # "Resten kommer neste uke": about the measures not named. In a sentence that named one,
                # a clause without a name goes on about it ("..., kontakt kollegaen min").
                general.append(intent)
    return found, general


def read_reply(text: str, *, own_addresses: tuple[str, ...] = (), measures: Sequence[str] = ()) -> ReplyReading:
    """What the reply says; with ``measures`` (the contact's open measures), per measure when it names
    some of them with a statement."""
    text = text[:MAX_READ_CHARS]  # a person's own words; anything longer is read from its start
    whole = _read_whole(text, own_addresses)
    if whole.intent == STOP or not measures:
        return whole
    names = list(measures)[:MAX_MEASURES]
    found, general = _per_measure(_sentences(text), names)
    if not any(intent in STATEMENTS for intent in found.values()):
        return whole
    rest = set(general)
    if len(rest) == 1:  # "Realfag er levert. Resten kommer neste uke."
        (intent,) = rest
        for index in range(len(names)):
            found.setdefault(index, intent)
    per_measure = tuple(sorted((index, intent) for index, intent in found.items() if intent in STATEMENTS))
    kinds = {intent for _index, intent in per_measure}
    overall = next(iter(kinds)) if len(kinds) == 1 else MIXED
    return ReplyReading(overall, question=whole.question, addresses=whole.addresses, evidence="per measure",
                        per_measure=per_measure, questions=whole.questions)


def _read_whole(text: str, own_addresses: tuple[str, ...]) -> ReplyReading:
    folded_all = fold(text)
    if not folded_all:
        return ReplyReading(OTHER, evidence="empty")
    if _STOP.match(folded_all):
        return ReplyReading(STOP, evidence=folded_all)
    own = {address.lower() for address in own_addresses}
    addresses = tuple(dict.fromkeys(address.lower().rstrip(".") for address in _EMAIL.findall(text)
                                    if address.lower().rstrip(".") not in own))
    sentences = _sentences(text)
    clauses = [clause for sentence in sentences for clause in sentence.clauses]
    statements = [clause for clause, is_question in clauses if not is_question]
    asks = any(is_question for _clause, is_question in clauses)
    questions = " ".join(sentence.text for sentence in sentences
                         if any(is_question for _clause, is_question in sentence.clauses))
    reading = _read_statements(statements, asks, addresses)
    return ReplyReading(reading.intent, question=reading.question, addresses=reading.addresses,
                        evidence=reading.evidence, questions=questions[:MAX_READ_CHARS])


def _read_statements(statements: list[str], asks: bool, addresses: tuple[str, ...]) -> ReplyReading:
    for clause in statements:
        found = _HANDOVER.search(clause)
        if found:
            return ReplyReading(HANDOVER, question=asks, addresses=addresses, evidence=found.group(0))
    done_hits: list[str] = []
    not_yet_hits: list[str] = []
    for clause in statements:
        about_delivery = _DELIVERY.search(clause) is not None
        negated = _NEGATION.search(clause) is not None
        future = _FUTURE.search(clause) is not None
        waiting = _NOT_YET_WORDS.search(clause)
        later = future and _TIME_HINT.search(clause) is not None
        if waiting or later or (about_delivery and (negated or future)):
            not_yet_hits.append(clause)
            continue
        found = _DONE.search(clause)
        if found:
            done_hits.append(found.group(0))
    if done_hits and not not_yet_hits:
        return ReplyReading(DONE, question=asks, addresses=addresses, evidence=done_hits[0])
    if not_yet_hits and not done_hits:
        return ReplyReading(NOT_YET, question=asks, addresses=addresses, evidence=not_yet_hits[0])
    if done_hits and not_yet_hits:
        return ReplyReading(OTHER, question=asks, addresses=addresses, evidence="both done and not yet")
    if asks:
        return ReplyReading(QUESTION, question=True, addresses=addresses, evidence="question")
    if any(_TIME_HINT.search(clause) for clause in statements):
        return ReplyReading(NOT_YET, addresses=addresses, evidence="a time to come")
    return ReplyReading(OTHER, addresses=addresses)


# ---------------------------------------------------------------------------------------------- absence

_MONTHS = {
    "januar": 1, "jan": 1, "january": 1, "februar": 2, "feb": 2, "february": 2, "mars": 3, "mar": 3, "march": 3,
    "april": 4, "apr": 4, "mai": 5, "may": 5, "juni": 6, "jun": 6, "june": 6, "juli": 7, "jul": 7, "july": 7,
    "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "october": 10,
    "oct": 10, "november": 11, "nov": 11, "desember": 12, "des": 12, "december": 12, "dec": 12,
}
_MONTH_WORDS = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE = (
    rf"(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})"
    rf"|(?P<d1>\d{{1}}|\d{{2}})\s*[./]\s*(?P<m1>\d{{1,2}})(?:\s*[./]\s*(?P<y1>\d{{2,4}}))?\.?(?!\d)"
    rf"|(?P<d2>\d{{1,2}})\.?\s+(?P<mn2>{_MONTH_WORDS})\.?(?:\s+(?P<y2>\d{{4}}))?\b"
    rf"|\b(?P<mn3>{_MONTH_WORDS})\.?\s+(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?\b,?(?:\s+(?P<y3>\d{{4}}))?"
)
_WEEKDAY_PREFIX = (r"(?:(?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag|måndag|tysdag|laurdag|sundag|"
                   r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s+(?:den\s+)?)?")
# "til og med X" / "t.o.m. X" / "through X": away that day too, back the next day.
_INCLUSIVE = re.compile(rf"(?:til\s+og\s+med|t\.\s?o\.\s?m\.?|tom\.?|through|to and including)\s+{_WEEKDAY_PREFIX}"
                        rf"(?:{_DATE})", re.IGNORECASE)
_BACK = re.compile(
    rf"(?:tilbake(?:\s+(?:på\s+(?:jobb|kontoret|arbeid)|i\s+(?:jobb|arbeid)))?(?:\s+(?:igjen|fra|frå))?"
    rf"(?:\s+(?:den|på|om))?|igjen\s+(?:fra|frå)|er\s+på\s+plass\s+(?:igjen\s+)?(?:fra|frå)?|fra\s+og\s+med|f\.\s?o\.\s?m\.?"
    rf"|til|frem\s+til|fram\s+til|inntil|back(?:\s+in\s+the\s+office)?(?:\s+on)?|returning(?:\s+on)?"
    rf"|return(?:s|ing)?(?:\s+on)?|until|till)\s+{_WEEKDAY_PREFIX}(?:{_DATE})",
    re.IGNORECASE,
)
MAX_ABSENCE_DAYS = 60


def _found_date(match: re.Match[str], received: date) -> date | None:
    groups = match.groupdict()
    try:
        if groups.get("iso"):
            return date.fromisoformat(groups["iso"])
        if groups.get("d1"):
            day, month, year = int(groups["d1"]), int(groups["m1"]), groups.get("y1")
        elif groups.get("d2"):
            day, month, year = int(groups["d2"]), _MONTHS[groups["mn2"].lower()], groups.get("y2")
        elif groups.get("d3"):
            day, month, year = int(groups["d3"]), _MONTHS[groups["mn3"].lower()], groups.get("y3")
        else:
            return None
        if year:
            full = int(year) + (2000 if len(year) == 2 else 0)
            return date(full, month, day)
        candidate = date(received.year, month, day)
        if candidate < received - timedelta(days=7):
            candidate = date(received.year + 1, month, day)
        return candidate
    except (ValueError, KeyError):
        return None


def return_date(text: str, received: date) -> date | None:
    """The day the absent person is back, read from an out-of-office text; None when it says none
    (or a date in the past, or more than 60 days ahead)."""
    text = text[:MAX_READ_CHARS]  # an out-of-office says when it ends near its start
    found: list[date] = []
    for pattern, inclusive in ((_INCLUSIVE, True), (_BACK, False)):
        for match in pattern.finditer(text):
            day = _found_date(match, received)
            if day is None:
                continue
            found.append(day + timedelta(days=1) if inclusive else day)
        if found:
            break
    found = [day for day in found if received < day <= received + timedelta(days=MAX_ABSENCE_DAYS)]
    return max(found) if found else None
