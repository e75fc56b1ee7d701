"""Asked value against the plan's value (issue 16, round 5, kind 2).

"Er det HINN som har sekretariatet?", "Blir lederen valgt for fire år?", "I heard up to 60 % goes to the
networks – correct?": a yes/no question that names a value of some kind (an actor, a number of years, a
percentage, a number of days, a weekday, a month) about a fact whose value the data holds. The answer is
"yes" when the asked value is the fact's value, "no" when it is another, and no yes or no at all when the
comparison is not certain (no value of the kind named, or the right one together with others).

``[[qa.checks]]`` in qa.toml: ``id``, ``kind`` (``actor``, ``years``, ``percent``, ``days``, ``weekday``,
``month``), ``value`` (one value or a list of equally right ones: actor ids are the lexicon's concept ids,
``statsforvalter``, ``forum`` …), ``all``/``none`` (the topic, in the claim syntax of :mod:`bot.qa.claims`),
``ignore`` (actor ids that are part of the topic, not an asked value), ``named_only`` (actors count only when
the question names them as the one who acts: "Er det X som …?", "Is it X who …?", or right after an opening
verb of ``subject_after``: "Utnevner Statsforvalteren lederen?"), ``intent``, ``sections`` and the
localised ``text`` of the fact.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.qa.claims import (
    ClaimError,
    CompiledGroup,
    Pattern,
    compile_groups,
    pattern_entry,
    pattern_fits,
    token_text,
)
from bot.qa.normalize import tokenize
from bot.qa.slots import Slots

# The bodies a question can name as the one who does something (concept ids of bot/qa/lexicon.py).
ACTORS = frozenset({"statsforvalter", "hinn", "uh", "udir", "forum", "working_group", "network", "leader",
                    "org_ks", "org_pbl", "org_udf", "org_fagforbund", "statped", "ppt", "owner", "fylkeskommune",
                    "secretariat", "contact", "host_municipality", "friskole"})
KINDS = frozenset({"actor", "years", "percent", "days", "weekday", "month"})
_NUMBER_WORDS = {"en": 1, "ett": 1, "ein": 1, "eitt": 1, "ei": 1, "one": 1, "a": 1, "to": 2, "two": 2, "tre": 3, "three": 3,
                 "fire": 4, "four": 4, "fem": 5, "five": 5, "seks": 6, "six": 6, "ti": 10, "ten": 10,
                 "fjorten": 14, "fourteen": 14, "sju": 7, "syv": 7, "seven": 7, "atte": 8, "eight": 8}
_YEAR_UNITS = ("ar", "arene", "ara", "year", "years", "arig", "arsperiode", "arsperioder", "ars")
_DAY_UNITS = ("dager", "dagar", "dag", "days", "day", "dogn")
_WEEK_UNITS = ("uke", "uker", "veke", "veker", "vekor", "week", "weeks")  # counted as seven days each
_EVERY_YEAR = re.compile(r"\b(?:hvert|kvart|every|each)\s+(?:ar|year)\b|\b(?:arlig|arleg|annually|yearly)\b")
_EVERY_SECOND = re.compile(r"\b(?:hvert|kvart|every)\s+(?:andre|anna|second|other|2\.?)\s+(?:ar|year)\b"
                           r"|\b(?:annethvert|annakvart|annankvart)\b|\bbiennial")
_WEEKDAYS = {word: number for number, words in enumerate((
    ("mandag", "mandager", "mandagar", "mandagen", "monday", "mondays"),
    ("tirsdag", "tirsdager", "tysdag", "tysdagar", "tirsdagen", "tuesday", "tuesdays"),
    ("onsdag", "onsdager", "onsdagar", "onsdagen", "wednesday", "wednesdays"),
    ("torsdag", "torsdager", "torsdagar", "torsdagen", "thursday", "thursdays"),
    ("fredag", "fredager", "fredagar", "fredagen", "friday", "fridays"),
    ("lordag", "lordager", "laurdag", "laurdagar", "saturday", "saturdays"),
    ("sondag", "sondager", "sundag", "sundagar", "sunday", "sundays")), start=1) for word in words}
# "Er det X som …?", "Is it X who …?": X is the asked actor.
# Words that name an actor where its concept id is no prefix of them.
_SUBJECT_WORDS = {"statsforvalter": frozenset({"statsforvalteren", "statsforvaltaren", "county", "governor",
                                                 "fylkesmannen"}),
                  "forum": frozenset({"forumet", "forumene", "foruma", "forums", "samarbeidsforumet",
                                      "samarbeidsforumene", "samarbeidsforuma"}),
                  "working_group": frozenset({"arbeidsgruppa", "arbeidsgruppen", "working"}),
                  "hinn": frozenset({"hinn", "hogskolen", "hogskulen"}),
                  "udir": frozenset({"udir", "utdanningsdirektoratet", "directorate"}),
                  "network": frozenset({"kompetansenettverkene", "kompetansenettverka", "kompetansenettverket",
                                        "nettverkene", "nettverka", "nettverket", "networks", "network"})}
_IT_IS = re.compile(r"(?:\b(?:er det|is it|was it|er det ikke|blir det)|(?:^|\b(?:om|at|that|whether) )(?:det er|it is|it s|it was))"
                    r"\s+(?:(?:vel|jo|ikke|ikkje|really)\s+)?(.{2,60}?)\s+(?:som|who|that|which)\b")


@dataclass(frozen=True)
class Check:
    id: str
    kind: str
    values: frozenset[Any]
    intent: str
    sections: tuple[str, ...]
    texts: Mapping[str, str]
    need: tuple[tuple[Pattern, ...], ...]
    block: tuple[Pattern, ...]
    ignore: frozenset[str]
    topic: frozenset[str]  # the concepts the topic patterns name: no asked value
    named_only: bool = False
    subject_after: frozenset[str] = frozenset()
    _need: tuple[CompiledGroup, ...] = field(init=False, repr=False, compare=False)
    _block: CompiledGroup = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_need", compile_groups(self.need))
        object.__setattr__(self, "_block", compile_groups([self.block])[0])

    def fits(self, text: str, concepts: frozenset[str]) -> bool:
        return pattern_fits("yesno", self._block, self._need, text, concepts)


def _numbers_before(tokens: Sequence[str], units: tuple[str, ...]) -> set[int]:
    found: set[int] = set()
    for index, token in enumerate(tokens[:-1]):
        if tokens[index + 1] not in units:
            continue
        if token.isdigit() and len(token) <= 3:
            found.add(int(token))
        elif token in _NUMBER_WORDS:
            found.add(_NUMBER_WORDS[token])
    return found


def asked_values(kind: str, tokens: Sequence[str], folded: str, concepts: frozenset[str], slots: Slots,
                 not_asked: frozenset[str], named_only: bool = False,
                 subject_after: frozenset[str] = frozenset()) -> set[Any]:
    """The values of ``kind`` a question names."""
    if kind == "percent":
        return set(slots.percents)
    if kind == "years":
        found = _numbers_before(tokens, _YEAR_UNITS)
        if _EVERY_SECOND.search(folded):
            found.add(2)
        elif _EVERY_YEAR.search(folded):
            found.add(1)
        return found
    if kind == "days":
        return _numbers_before(tokens, _DAY_UNITS) | {7 * weeks for weeks in _numbers_before(tokens, _WEEK_UNITS)}
    if kind == "weekday":
        return {_WEEKDAYS[token] for token in tokens if token in _WEEKDAYS}
    if kind == "month":
        return {slots.month} if slots.month is not None else set()
    named = _IT_IS.search(folded)
    if named is not None:
        span = set(tokenize(named.group(1)))
        inside = {actor for actor in ACTORS & concepts if actor in span or any(
            word.startswith(actor[:6]) for word in span) or not _SUBJECT_WORDS.get(actor, frozenset()).isdisjoint(span)}
        if inside:
            return inside - not_asked
    if named_only:
        if tokens and tokens[0] in subject_after:
            span = set(tokens[1:4])
            return {actor for actor in ACTORS & concepts if any(word.startswith(actor[:6]) for word in span)
                    or actor in _SUBJECT_WORDS and not _SUBJECT_WORDS[actor].isdisjoint(span)} - not_asked
        return set()
    return set(ACTORS & concepts) - not_asked


def _check(entry: Mapping[str, Any], order: int) -> Check:
    ident = str(entry.get("id", f"check{order}"))
    kind = str(entry.get("kind", ""))
    if kind not in KINDS:
        raise ClaimError(f"check {ident}: kind must be one of {sorted(KINDS)}")
    raw = entry.get("value")
    values = frozenset(raw if isinstance(raw, list) else [raw])
    if not values or None in values:
        raise ClaimError(f"check {ident}: a value is required")
    if kind == "actor" and not values <= ACTORS:
        raise ClaimError(f"check {ident}: unknown actors {sorted(values - ACTORS)}")
    patterns = pattern_entry(entry, f"check {ident}")
    need, block = patterns.need, patterns.block
    topic = frozenset(alternative.concept for group in need for alternative in group
                      if alternative.concept is not None)
    return Check(id=ident, kind=kind, values=values, intent=str(entry.get("intent", "plan_passage")),
                 sections=tuple(str(section) for section in entry.get("sections", [])),
                 texts=patterns.texts, need=need, block=block, ignore=frozenset(str(item) for item in entry.get("ignore", [])),
                 topic=topic, named_only=bool(entry.get("named_only", False)),
                 subject_after=frozenset(str(item) for item in entry.get("subject_after", [])))


class Checks:
    """The checks of the plan data, and the polarity the first fitting, decided one gives a question."""

    def __init__(self, entries: Iterable[Mapping[str, Any]]) -> None:
        self._checks = tuple(_check(entry, order) for order, entry in enumerate(entries))

    def __len__(self) -> int:
        return len(self._checks)

    def decide(self, tokens: Sequence[str], folded: str, concepts: frozenset[str], slots: Slots,
               ) -> tuple[Check, str] | None:
        """(the check, "yes"/"no") for a yes/no question whose asked value settles a fact; else None."""
        if "yesno" not in concepts:
            return None
        text = token_text(tokens)
        for check in self._checks:
            if not check.fits(text, concepts):
                continue
            asked = asked_values(check.kind, tokens, folded, concepts, slots, check.topic | check.ignore,
                                 check.named_only, check.subject_after)
            if not asked:
                continue
            if asked <= check.values:
                return check, "yes"
            if asked.isdisjoint(check.values):
                return check, "no"
        return None
