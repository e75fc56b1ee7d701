"""Builds the reply for a classified question: template context, dates and cited sections."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from bot.calendar import (
    NorwegianCalendar,
    Occurrence,
    format_date,
    format_relative,
    next_occurrence,
    weekday_name,
)
from bot.qa.facts import Deadline, QaFacts
from bot.qa.intents import OUTSIDE
from bot.qa.normalize import fold
from bot.qa.retrieval import Hit
from bot.qa.slots import Slots

DEADLINE_INTENTS: Mapping[str, str] = {
    "deadline_arsrapport": "arsrapport",
    "deadline_behovsmelding": "behovsmelding",
    "deadline_innstilling": "innstilling",
    "deadline_utbetaling": "utbetaling",
}
# Sections to cite for answers whose facts carry no section of their own in the data.
STATIC_SOURCES: Mapping[str, tuple[str, ...]] = {
    "pct_felles": ("5.8",), "pct_network_uh": ("5.8",), "pct_koordinator": ("5.8", "5.5"),
    "pct_egenandel": ("5.8", "5.6", "6.1"), "pct_regional30": ("5.8", "5.6"), "pct_prorata": ("5.8",),
    "allocation_basis": ("5.8",), "frikjop": ("5.8",), "four_year": ("5.8",), "cross_financing": ("2",),
    "leftover": ("5.8",), "payment_recipients": ("5.8",), "allocation_info": ("5.8",),
    "funds_use": ("5.5", "5.8"), "forum_composition": ("5.1",), "voting": ("5.5",), "leader": ("5.3", "9"),
    "representatives": ("5.4",), "working_group": ("5.6",), "innstilling_content": ("5.6",),
    "innstilling_general": ("5.5", "5.6"), "secretariat": ("5.7", "5.3", "5.6"), "forum_tasks": ("5.2",),
    "local_plan": ("6.1",), "networks_structure": ("6",), "network_tasks": ("6.1",), "reporting": ("10",),
    "contact_person": ("10", "5.5"), "target_group": ("3.2",), "schemes": ("1",), "goals": ("3.1", "3"),
    "learning_meetings": ("4.1",), "principles": ("4.2",), "events": ("8",), "plan_period": ("7",),
    "statped": ("5.1", "5.4", "5.5", "5.7"), "friskoler": ("3.2", "6", "5.8"),
    "owner_responsibility": ("6.1",), "who_decides": ("6.1", "5.8", "5.1"), "templates_sent": ("6.1", "10"),
    "hinn_role": ("5.1", "5.5", "5.8"),
    "help": (),
}


# Organisations a composition question may name, and the words that find their seats in the lists of 5.1
# (matched in the bokmål member texts). "PBL" is named by the guidelines but not by Innlandet's lists.
_ORG_NEEDLES: tuple[tuple[str, str], ...] = (
    ("org_ks", "KS"), ("ppt", "PPT"), ("statped", "Statped"), ("hinn", "HINN"),
    ("org_udf", "Utdanningsforbundet"), ("org_fagforbund", "Fagforbundet"), ("statsforvalter", "Statsforvalter"),
    ("uh", "HINN"),
    ("fylkeskommune", "fylkeskommune"), ("friskole", "private skoleeiere"), ("kg_authority", "barnehagemyndighet"),
)


# Words near a year that make it the budget year of the measures, or the calendar year of a deadline.
_WORDS = re.compile(r"[a-z]+|\d+")
_BUDGET_MARKERS = ("tiltak", "measure", "midl", "peng", "fund", "money", "grant", "tildel", "fikk", "fekk", "got",
                   "received", "budsjett", "budget", "restmidl", "leftover")
_BUDGET_AFTER = ("tiltak", "measure", "midl", "fund", "money", "grant", "budsjett", "budget")
_CALENDAR_MARKERS = ("deadline", "due", "januar", "january", "jan")
# Day names and day kinds a yes/no question about a date may name (folded).
_WEEKDAYS = {word: number for number, words in enumerate((
    ("mandag", "mandagen", "mandag", "monday"), ("tirsdag", "tirsdagen", "tysdag", "tysdagen", "tuesday"),
    ("onsdag", "onsdagen", "wednesday"), ("torsdag", "torsdagen", "thursday"), ("fredag", "fredagen", "friday"),
    ("lordag", "lordagen", "laurdag", "laurdagen", "saturday"), ("sondag", "sondagen", "sundag", "sundagen", "sunday")),
    start=1) for word in words}
_WEEKEND_WORDS = frozenset({"helg", "helga", "helgen", "helgedag", "weekend", "weekends"})
_HOLIDAY_WORDS = frozenset({"helligdag", "helligdagen", "heilagdag", "heilagdagen", "holiday", "raud", "rod"})
# "Hvilke uker er møtene?": the weeks of the meeting rule.
_ASKS_WEEKS = re.compile(r"\b(?:hvilke|hvilken|kva|kva for|which|what|i hvilke|in which)\s+(?:uker?|veker?|ukene|vekene|weeks?)\b")
# "i dag", "i morgen": the day a question asks about when it names no date (folded text).
_TODAY = re.compile(r"\b(?:i ?dag|today|tonight)\b")
_TOMORROW = re.compile(r"\b(?:i ?morgen|i ?morgon|tomorrow)\b")
_YESTERDAY = re.compile(r"\b(?:i ?gar|yesterday)\b")
# A meeting named by its season or place in the year ("sommermøtet", "the first meeting in 2028").
_SUMMER = re.compile(r"\b(?:sommer|sommar|summer|juni|june)\w*")
# "etter sommeren", "before the summer": a time relative to the summer, not the summer meeting.
_AROUND_SUMMER = re.compile(r"\b(?:etter|after|before|for|fra|since|sidan|siden|over|until|til|innen|innan)\s+"
                            r"(?:the\s+)?(?:sommer|sommar|summer)")
_FIRST = re.compile(r"\b(?:forste|fyrste|first|1st)\b")
# "denne uka", "this week", "neste veke": every day of that week.
_THIS_WEEK = re.compile(r"\b(denne|this|neste|next)\s+(?:uka|uken|uke|veka|veke|week)\b")
_LAST = re.compile(r"\b(?:siste|last|final)\b")
# "the one after that", "after the November one", "møtet etter det": the meeting after the one named.
_AFTER_NAMED = re.compile(r"\b(?:one|den|det|motet|mote|meeting|neste|next)\s+(?:\w+\s+)?(?:after|etter)\b"
                          r"|\b(?:after|etter)\s+(?:that|this|it|the|det|den|dette|denne|der|\w+motet)\b")
# Every wording a reply reads from the question's text beyond its concepts and slots: the relative days, the week
# words, the named meetings, day names and kinds, a year (budget or calendar year by the words near it). A reply
# to a question without any of them is a function of its concepts and slots alone. Whoever makes a reply read
# more of the text adds it here.
_TEXT_READ = re.compile("|".join(pattern.pattern for pattern in (
    _TODAY, _TOMORROW, _YESTERDAY, _SUMMER, _FIRST, _LAST, _ASKS_WEEKS, _THIS_WEEK, _AFTER_NAMED,
    re.compile(r"\b(?:" + "|".join(sorted(set(_WEEKDAYS) | _WEEKEND_WORDS | _HOLIDAY_WORDS)) + r")\b"),
    re.compile(r"\b\d{4}\b"))))


def wording_key(question: Question) -> str | None:
    """What of the question's wording its reply may depend on beyond concepts and slots: the folded text when
    it holds any wording of ``_TEXT_READ``, else None (replies are memoised on this with the concepts)."""
    folded = fold(question.text)
    return folded if _TEXT_READ.search(folded) else None


def _asked_date(deadline: Deadline, question: Question) -> str | None:
    """"Er fristen for behovsmelding 1. februar?": whether the date a yes/no question names is the deadline's
    date ("rule"), another date the plan gives for it ("conflict") or neither ("other")."""
    concepts = question.concepts
    if "yesno" not in concepts or not question.slots.dates or {"weekday_q", "weekend", "passed_q", "extension",
                                                               "late"} & concepts:
        return None
    mentioned = question.slots.dates[0]

    def same(day: date) -> bool:
        return (day.month, day.day) == (mentioned.month, mentioned.day)

    if same(deadline.rule.in_year(mentioned.year)):
        return "rule"
    if any(same(conflict.date_for(mentioned.year)) for conflict in deadline.conflicts):
        return "conflict"
    return "other"


def _year_is_budget_year(folded: str, year: int, slots: Slots) -> bool:
    """Whether a year named with the annual report is the budget year of the measures ("tiltakene vi fikk
    midler til i 2027", "the 2026 measures") rather than the calendar year of the deadline ("fristen i
    januar 2027", "årsrapportfristen i 2028"). The nearest marker word decides; by default it is the budget
    year (issue 16)."""
    if any(day.year == year for day in slots.dates):
        return False
    words = _WORDS.findall(folded)
    text = str(year)
    if text not in words:
        return True
    index = words.index(text)
    if any(word.startswith(_BUDGET_AFTER) for word in words[index + 1:index + 3]):
        return True
    for word in reversed(words[max(0, index - 4):index]):
        if "frist" in word or word.startswith(_CALENDAR_MARKERS):
            return False
        if word.startswith(_BUDGET_MARKERS):
            return True
    return True




def _relative_days(question: Question) -> list[date]:
    folded = fold(question.text)
    # Tomorrow first: "Vi har i dag 14. april. Er fristen i morgen?" states today and asks about tomorrow.
    if _TOMORROW.search(folded):
        return [question.today + timedelta(days=1)]
    if _TODAY.search(folded):
        return [question.today]
    if _YESTERDAY.search(folded):
        return [question.today - timedelta(days=1)]
    # "denne uka", "this week", "neste veke": every day of that week.
    week = _THIS_WEEK.search(folded)
    if week is not None:
        start = question.today - timedelta(days=question.today.weekday())
        if week.group(1) in ("neste", "next"):
            start += timedelta(days=7)
        return [start + timedelta(days=offset) for offset in range(7)]
    return []


def _named_meeting_week(question: Question, weeks: Sequence[int]) -> int | None:
    """The ISO week of a meeting the question names by season or order; "first"/"last" only with a year
    ("første møte" alone is the next one)."""
    if not weeks:
        return None
    folded = fold(question.text)
    if _SUMMER.search(folded) and not _AROUND_SUMMER.search(folded):
        summer = [week for week in weeks if 22 <= week <= 34]
        return summer[0] if len(summer) == 1 else None
    if question.slots.year is not None:
        if _FIRST.search(folded):
            return weeks[0]
        if _LAST.search(folded):
            return weeks[-1]
    return None


@dataclass(frozen=True)
class DateView:
    """A date as the templates show it."""

    iso: str
    text: str
    plain: str
    daymonth: str
    weekday: str
    relative: str
    kind: str
    holiday: str | None
    past: bool


@dataclass(frozen=True)
class Question:
    """What the engine understood, handed to the responder."""

    text: str
    language: str
    today: date
    concepts: frozenset[str]
    slots: Slots


@dataclass(frozen=True)
class Reply:
    template: str
    context: Mapping[str, Any]
    sources: tuple[str, ...]
    outside_plan: bool = False


class Responder:
    def __init__(self, facts: QaFacts, calendar: NorwegianCalendar) -> None:
        self._facts = facts
        self._calendar = calendar
        self._dates: dict[tuple[date, date, str], DateView] = {}
        self._days: dict[tuple[str, int], dict[str, dict[str, Any]]] = {}
        # The parts of a date's view that do not depend on today (holidays, names), per date and language.
        self._date_texts: dict[tuple[date, str], tuple[str, str, str, str, str, str | None]] = {}
        self._scheme_names = {language: {str(item["id"]): str(item["short"])
                                         for item in facts.view(language).get("schemes", [])}
                              for language in facts.views}
        self._handlers: Mapping[str, Callable[[str, Question], Reply]] = {
            **dict.fromkeys(DEADLINE_INTENTS, self._deadline),
            "deadline_next": self._deadline_list,
            "deadline_extension": self._deadline_list,
            "annual_wheel": self._wheel,
            "meeting": self._meeting,
            "meeting_invitation": self._meeting,
            "leader": self._leader,
            "templates_sent": self._templates,
            "needs_info": self._needs_info,
            "forum_composition": self._composition,
            "leftover": self._leftover,
            "definition": self._definition,
            OUTSIDE: self._outside,
        }

    def is_dated(self, intent: str) -> bool:
        """Whether the reply depends on today (deadlines, meetings); other replies depend only on the plan."""
        return intent in self._handlers

    # --- shared pieces ----------------------------------------------------------------------------
    def date_view(self, day: date, today: date, language: str) -> DateView:
        key = (day, today, language)
        cached = self._dates.get(key)
        if cached is None:
            if len(self._dates) >= 50_000:
                self._dates.clear()
            cached = self._dates[key] = self._date_view(day, today, language)
        return cached

    def _date_view(self, day: date, today: date, language: str) -> DateView:
        key = (day, language)
        fixed = self._date_texts.get(key)
        if fixed is None:
            day_kind = self._calendar.day_kind(day)
            fixed = self._date_texts[key] = (
                format_date(day, language), format_date(day, language, weekday=False),
                format_date(day, language, weekday=False, year=False), weekday_name(day, language), day_kind,
                self._calendar.holiday_name(day, language) if day_kind == "holiday" else None)
        text, plain, daymonth, weekday, kind, holiday = fixed
        return DateView(iso=day.isoformat(), text=text, plain=plain, daymonth=daymonth, weekday=weekday,
                        relative=format_relative(day, today, language), kind=kind, holiday=holiday,
                        past=day < today)

    def _base(self, question: Question) -> dict[str, Any]:
        return {"L": self._facts.view(question.language), "concepts": question.concepts, "slots": question.slots,
                "scheme_names": self._scheme_names.get(question.language, {}),
                "today": self.date_view(question.today, question.today, question.language),
                "deadlines": self._deadline_days(question.language, question.today.year)}

    def _deadline_days(self, language: str, year: int) -> dict[str, dict[str, Any]]:
        """Each deadline's day ("15. mars") and its conflicting days, for replies that name them undated."""
        key = (language, year)
        found = self._days.get(key)
        if found is None:
            found = self._days[key] = {
                deadline.id: {"daymonth": format_date(deadline.rule.in_year(year), language, weekday=False,
                                                      year=False),
                              "conflicts": [{"section": conflict.section,
                                             "daymonth": format_date(conflict.date_for(year), language,
                                                                     weekday=False, year=False)}
                                            for conflict in deadline.conflicts if conflict.rule is not None]}
                for deadline in self._facts.deadlines}
        return found

    def respond(self, intent: str, question: Question) -> Reply:
        handler = self._handlers.get(intent)
        if handler is not None:
            return handler(intent, question)
        return self._static(intent, question)

    def _static(self, intent: str, question: Question) -> Reply:
        context = self._base(question)
        return Reply(self._template(question, intent), context, STATIC_SOURCES.get(intent, ()))

    @staticmethod
    def _template(question: Question, name: str) -> str:
        return f"qa/{question.language}/{name}.j2"

    # --- deadlines --------------------------------------------------------------------------------
    def _deadline_context(self, deadline: Deadline, day: date, question: Question) -> dict[str, Any]:
        language = question.language
        conflicts = []
        for conflict in deadline.conflicts:
            other = conflict.date_for(day.year)
            conflicts.append({"section": conflict.section, "quote": conflict.quote,
                              "date": self.date_view(other, question.today, language),
                              "recurring": conflict.rule is not None})
        return {"id": deadline.id, "text": deadline.text(language), "date": self.date_view(day, question.today,
                                                                                            language),
                "conflicts": conflicts, "sources": deadline.sources}

    def definition_intent(self, question: Question) -> str | None:
        """The kind of question a definition answers ("payment_recipients" for "Hva er en vertskommune?")."""
        found = self._find_definition(question)
        return str(found["intent"]) if found is not None and found.get("intent") else None

    def _find_definition(self, question: Question) -> Mapping[str, Any] | None:
        return next((item for item in self._facts.view(question.language).get("definitions", [])
                     if set(item.get("concepts", [])) & question.concepts), None)

    def _definition(self, intent: str, question: Question) -> Reply:
        """What a thing of the plan is: the first definition whose concept the question names."""
        if "prorata" in question.concepts and question.slots.schemes:
            return self._static("pct_prorata", question)  # "pro rata i regional ordning": the scheme's split
        context = self._base(question)
        found = self._find_definition(question)
        if found is None:
            return self._outside(OUTSIDE, question)
        context["definition"] = found
        return Reply(self._template(question, "definition"), context,
                     tuple(str(section) for section in found.get("sections", [])))

    def _leftover(self, intent: str, question: Question) -> Reply:
        """Leftover funds (5.8): a question about *when* gets the needs-report deadline they belong to."""
        if {"q_when", "deadline"} & question.concepts and self._facts.has_deadline("behovsmelding"):
            return self._deadline("deadline_behovsmelding", question)
        return self._static(intent, question)

    def _deadline(self, intent: str, question: Question) -> Reply:
        deadline = self._facts.deadline(DEADLINE_INTENTS[intent])
        slots, today = question.slots, question.today
        budget_year: int | None = None
        leftover_year: int | None = None
        passed: date | None = None
        asks_passed = bool({"passed_q", "open_q"} & question.concepts) and "yesno" in question.concepts
        if slots.year is not None:
            year = slots.year
            if deadline.covers_previous_year:
                if slots.year_is_budget_year or (
                        not slots.year_is_relative and not {"weekday_q", "weekend"} & question.concepts
                        and _year_is_budget_year(fold(question.text), year, slots)):
                    budget_year = year
                    year += 1
            elif "leftover" in question.concepts and not slots.year_is_relative:
                # "restmidler fra 2026" are discussed when needs are reported for the next budget year (5.8).
                leftover_year = year
                year += 1
                budget_year = year
            elif not slots.year_is_relative:
                # A year named with the needs report, the innstilling or the payout is the budget year: all
                # three fall in that year (the wheel, section 9).
                budget_year = year
            day = deadline.rule.in_year(year)
            if day < today:
                # The date asked about has passed: say so, and give the next one (issue 16).
                passed = day
                day = next_occurrence(deadline.rule, today)
        elif asks_passed:
            # "Er fristen passert?": this year's date, and the next one when it has passed (issue 16).
            day = deadline.rule.in_year(today.year)
            if day < today:
                passed = day
                day = next_occurrence(deadline.rule, today)
        else:
            day = next_occurrence(deadline.rule, today)
        if slots.later_years:
            # "og året etter?" after a deadline: the date the conversation gave (the one asked about, when
            # that had passed), so many years on.
            base = (passed or day).year
            day, passed = deadline.rule.in_year(base + slots.later_years), None
            if budget_year is not None:
                budget_year += day.year - base
            if day < today:
                passed, day = day, next_occurrence(deadline.rule, today)
        # "Has it passed?" where the plan gives two dates for the deadline (15 March in the wheel, 1 February in
        # 5.6) and only one of them has passed: no plain yes or no (issue 16: the plan's contradictions).
        disputed: list[dict[str, Any]] = []
        if asks_passed:
            asked_year = (passed or day).year
            for conflict in deadline.conflicts:
                if conflict.rule is None:
                    continue
                other = conflict.date_for(asked_year)
                if (other < today) != (passed is not None):
                    disputed.append({"section": conflict.section, "passed": other < today,
                                     "date": self.date_view(other, today, question.language)})
        next_budget_year = None
        if passed is not None and budget_year is not None:
            next_budget_year = day.year - 1 if deadline.covers_previous_year else day.year
        context = self._base(question)
        context.update(d=self._deadline_context(deadline, day, question), budget_year=budget_year,
                       asked_date=_asked_date(deadline, question),
                       asked_day=self._asked_day(question, question.slots.dates[0] if question.slots.dates else day),
                       leftover_year=leftover_year,
                       passed=self.date_view(passed, today, question.language) if passed else None,
                       next_budget_year=next_budget_year,
                       leftover_note="leftover" in question.concepts and leftover_year is None
                       and deadline.id == "behovsmelding",
                       asks_extension=bool({"extension", "late"} & question.concepts) and not asks_passed,
                       asks_passed=asks_passed, asks_open=asks_passed and "open_q" in question.concepts,
                       disputed=disputed,
                       asks_weekday=bool({"weekday_q", "weekend"} & question.concepts),
                       asks_budget_year="budget_year_q" in question.concepts,
                       covers_year=day.year - 1 if deadline.covers_previous_year else None)
        sources = deadline.sources
        if "leftover" in question.concepts and "5.8" not in sources:
            sources = (*sources, "5.8")
        return Reply(self._template(question, "deadline"), context, sources)

    def _asked_day(self, question: Question, day: date) -> bool | None:
        """"Er 1. februar 2026 en søndag?", "Faller fristen på en helg?": whether the day is what a yes/no
        question names (a weekday, a weekend or a public holiday); None when it names none."""
        if "yesno" not in question.concepts:
            return None
        if "extension" in question.concepts and not {"late", "passed_q"} & question.concepts:
            # "Blir fristen flyttet til mandag?", "Is it moved to Monday?": the plan moves no deadline.
            return False
        relative = _relative_days(question)
        if relative and "late" in question.concepts and not question.slots.dates:
            # "Er det for sent å levere i morgen?": too late only after the deadline day (that day counts).
            return relative[0] > day
        if relative and "passed_q" not in question.concepts and not question.slots.dates:
            # "Er det i dag fristen går ut?": whether the deadline is that day.
            return day == relative[0]
        words = set(_WORDS.findall(fold(question.text)))
        named = {number for word, number in _WEEKDAYS.items() if word in words}
        if named:
            return day.isoweekday() in named
        kind = self._calendar.day_kind(day)
        if words & _HOLIDAY_WORDS:
            return kind == "holiday"
        if words & _WEEKEND_WORDS:
            return kind in ("saturday", "sunday") or (kind == "holiday" and day.isoweekday() >= 6)
        return None

    def _deadline_items(self, occurrences: Sequence[Occurrence], question: Question) -> list[dict[str, Any]]:
        items = []
        for occurrence in occurrences:
            if occurrence.kind == "deadline":
                deadline = self._facts.deadline(occurrence.id)
                items.append({"kind": "deadline", **self._deadline_context(deadline, occurrence.date, question)})
            else:
                week = int(occurrence.id.rsplit("-", 1)[1])
                agenda = self._facts.meetings.agenda.get(week)
                items.append({"kind": "meeting", "week": week,
                              "date": self.date_view(occurrence.date, question.today, question.language),
                              "agenda": agenda.texts[question.language] if agenda else None})
        return items

    def _deadline_list(self, intent: str, question: Question) -> Reply:
        slots, today = question.slots, question.today
        wheel = self._facts.wheel
        if slots.year is not None and slots.month is None:
            found = wheel.for_year(slots.year, kinds=("deadline",))
            scope = "year"
        elif slots.month is not None:
            found = self._month_items(question, kinds=("deadline",))
            scope = "month"
        else:
            wants_all = bool({"all", "wheel"} & question.concepts) and "next" not in question.concepts
            count = len(self._facts.deadlines) if wants_all or intent == "deadline_extension" else 2
            found = wheel.upcoming(today, count=count, kinds=("deadline",))
            scope = "all" if count > 2 else "next"
        context = self._base(question)
        relative = _relative_days(question)
        asked_today = None
        if "yesno" in question.concepts and relative and "passed_q" not in question.concepts:
            # "Er det i dag fristen går ut?": whether a deadline of the wheel falls on that day.
            asked_today = any(occurrence.date == relative[0] for occurrence in found)
        context.update(items=self._deadline_items(found, question), scope=scope, year=slots.year,
                       month=slots.month, extension=intent == "deadline_extension"
                       or bool({"extension", "weekend"} & question.concepts), asked_today=asked_today)
        sources: list[str] = []
        for occurrence in found:
            for source in self._facts.deadline(occurrence.id).sources:
                if source not in sources:
                    sources.append(source)
        return Reply(self._template(question, "deadline_list"), context, tuple(sources or ("9", "10")))

    def _month_items(self, question: Question, kinds: Sequence[str]) -> list[Occurrence]:
        slots, today = question.slots, question.today
        assert slots.month is not None
        if slots.year is not None:
            year = slots.year
        else:
            # The next time that month comes round, this month included.
            year = today.year if slots.month >= today.month else today.year + 1
        found = [item for item in self._facts.wheel.for_year(year, kinds=kinds) if item.date.month == slots.month]
        if slots.year is None and found and all(item.date < today for item in found):
            found = [item for item in self._facts.wheel.for_year(year + 1, kinds=kinds)
                     if item.date.month == slots.month]
        return found

    def _wheel(self, intent: str, question: Question) -> Reply:
        slots, today = question.slots, question.today
        if slots.month is not None:
            found = self._month_items(question, kinds=("deadline", "meeting"))
            scope = "month"
        elif slots.year is not None:
            found = self._facts.wheel.for_year(slots.year)
            scope = "year"
        else:
            found = self._facts.wheel.upcoming(today, until=today + timedelta(days=364))
            scope = "all"
        notes = [note for note in self._facts.view(question.language).get("wheel_notes", [])
                 if slots.month is None or note.get("month") == slots.month]
        context = self._base(question)
        context.update(items=self._deadline_items(found, question), scope=scope, month=slots.month,
                       year=slots.year, notes=notes, rule=self._meeting_rule(question))
        return Reply(self._template(question, "annual_wheel"), context, ("9", "10"))

    # --- meetings ---------------------------------------------------------------------------------
    def _meeting_rule(self, question: Question) -> dict[str, Any]:
        plan = self._facts.meetings
        return {"weeks": list(plan.weeks), "weekday": weekday_name(date(2024, 1, plan.weekday), question.language),
                "section": plan.section, "invitation_days": plan.invitation_days}

    def _meeting_dates(self, question: Question, *, only_week: int | None = None, count: int = 2) -> list[date]:
        plan = self._facts.meetings
        weeks = [only_week] if only_week is not None else list(plan.weeks)
        found: list[date] = []
        year = question.today.year - 1
        while len(found) < count and year < question.today.year + 5:
            for week in weeks:
                day = date.fromisocalendar(year, week, plan.weekday)
                if day >= question.today:
                    found.append(day)
            year += 1
        return sorted(found)[:count]

    def _meeting(self, intent: str, question: Question) -> Reply:
        plan = self._facts.meetings
        slots, today, language = question.slots, question.today, question.language
        scope = "next"
        not_a_meeting_week: int | None = None
        days: list[date]
        topic_week = self._agenda_week(question)
        named_week = _named_meeting_week(question, plan.weeks)
        if named_week is not None and slots.week is None and slots.month is None:
            # "sommermøtet i år", "the first meeting in 2028": that one meeting, not the year's list.
            if slots.year is not None:
                days = [date.fromisocalendar(slots.year, named_week, plan.weekday)]
            else:
                days = self._meeting_dates(question, only_week=named_week, count=1)
            scope = "week"
        elif slots.week is None and slots.month is None and slots.year is None and topic_week is not None:
            days = self._meeting_dates(question, only_week=topic_week, count=1)
            scope = "week"
        elif slots.week is not None:
            if slots.week in plan.weeks:
                if slots.year is not None:
                    days = [date.fromisocalendar(slots.year, slots.week, plan.weekday)]
                else:
                    days = self._meeting_dates(question, only_week=slots.week, count=1)
                scope = "week"
            else:
                not_a_meeting_week = slots.week
                days = self._meeting_dates(question, count=1)
        elif slots.month is not None:
            days = [item.date for item in self._month_items(question, kinds=("meeting",))]
            scope = "month"
            if not days:
                days = self._meeting_dates(question, count=1)
                scope = "no_meeting_in_month"
        elif slots.year is not None:
            days = [date.fromisocalendar(slots.year, week, plan.weekday) for week in plan.weeks]
            scope = "year"
        elif "plural_meetings" in question.concepts and "next" not in question.concepts:
            days = self._meeting_dates(question, count=len(plan.weeks))
            scope = "all"
        else:
            days = self._meeting_dates(question, count=2)
        if scope in ("week", "month") and len(days) == 1 and _AFTER_NAMED.search(fold(question.text)):
            # "When's the next meeting after the November one?", "og den etter det?" after the June meeting: the
            # named meeting nearest today (the one just held, or the coming one), then the meeting after it.
            week = days[0].isocalendar()[1]
            nearest = min((date.fromisocalendar(year, week, plan.weekday) for year in
                           (today.year - 1, today.year, today.year + 1)), key=lambda day: abs((day - today).days))
            following = sorted(date.fromisocalendar(year, other, plan.weekday)
                               for year in (nearest.year, nearest.year + 1) for other in plan.weeks)
            days = [next(day for day in following if day > nearest)]
            scope = "week"
        meetings = []
        for day in days:
            week = day.isocalendar()[1]
            agenda = plan.agenda.get(week)
            invitation = day - timedelta(days=plan.invitation_days)
            meetings.append({"date": self.date_view(day, today, language), "week": week,
                             "agenda": agenda.texts[language] if agenda else None,
                             "invitation": self.date_view(invitation, today, language)})
        sources = [plan.section]
        if "parallel" in question.concepts:
            sources.append("5")
        if intent == "meeting_invitation":
            sources.insert(0, plan.invitation_section)
        for day in days[:1]:
            agenda = plan.agenda.get(day.isocalendar()[1])
            if agenda:
                sources.extend(source for source in agenda.sources if source not in sources)
        # A meeting asked for by week and year that has already been held: say so and give the next one.
        next_same = None
        if scope == "week" and days and days[0] < today:
            following = self._meeting_dates(question, only_week=days[0].isocalendar()[1], count=1)
            next_same = self.date_view(following[0], today, language) if following else None
        example_note = self._example_note(question, days)
        asked_days = list(slots.dates) or _relative_days(question)
        context = self._base(question)
        context.update(meetings=meetings, scope=scope, rule=self._meeting_rule(question),
                       not_a_meeting_week=not_a_meeting_week, example=example_note, next_same=next_same,
                       asked_meeting=(any(day.isocalendar()[1] in plan.weeks and day.isoweekday() == plan.weekday
                                          for day in asked_days) if asked_days
                                      # "Er det noe møte i april?": a meeting in the asked month or none.
                                      else True if scope == "month" and slots.week is None
                                      else False if scope == "no_meeting_in_month" else None),
                       asked_today=bool(asked_days) and asked_days[0] == today,
                       # "Var det møte i går?": the meeting day asked about, when it has been.
                       asked_past=self.date_view(asked_days[0], today, language)
                       if not slots.dates and len(asked_days) == 1 and asked_days[0] < today else None,
                       asks_weeks=slots.week is None and _ASKS_WEEKS.search(fold(question.text)) is not None,
                       month=slots.month, year=slots.year,
                       network=("network" in question.concepts and "forum" not in question.concepts))
        template = "meeting_invitation" if intent == "meeting_invitation" else "meeting"
        return Reply(self._template(question, template), context, tuple(sources))

    def _agenda_week(self, question: Question) -> int | None:
        """The meeting whose agenda the question names ("møtet der innstillingen behandles")."""
        if "next" in question.concepts:
            return None
        for week, agenda in self._facts.meetings.agenda.items():
            if agenda.topics & question.concepts:
                return week
        return None

    def _example_note(self, question: Question, days: Sequence[date]) -> dict[str, Any] | None:
        """When the question quotes a 2022 example date of the wheel for another year, say so."""
        examples = {(item.month, item.day): item for item in self._facts.meetings.examples}
        for mentioned in question.slots.dates:
            example = examples.get((mentioned.month, mentioned.day))
            if example is None or not days:
                continue
            return {"example": self.date_view(example, question.today, question.language),
                    "example_day": format_date(example, question.language, weekday=False, year=False)}
        return None

    def _leader(self, intent: str, question: Question) -> Reply:
        context = self._base(question)
        nxt = self._meeting_dates(question, only_week=46, count=1)
        context["november"] = self.date_view(nxt[0], question.today, question.language) if nxt else None
        return Reply(self._template(question, "leader"), context, ("5.3", "9"))

    def _composition(self, intent: str, question: Question) -> Reply:
        """The forums' members; when the question names one organisation, its seats first (issue 16)."""
        context = self._base(question)
        nb_forums = self._facts.view("nb").get("forums", [])
        forums = context["L"].get("forums", [])
        concepts = question.concepts
        # "Which organisations, apart from owners and UH, sit in the forum?": those named are left out, so the
        # whole list answers.
        wanted = [] if "except_word" in concepts else [needle for concept, needle in _ORG_NEEDLES if concept in concepts]
        if "org_pbl" in concepts:
            wanted.append("PBL")
        if "municipal" in concepts and "fylkeskommune" not in concepts:
            # The municipal owners' seats: the kindergarten forum names them, the school forum has one school
            # owner from each region.
            wanted.append("kommunale barnehageeiere" if "school" not in concepts else
                          "skoleeier fra hver region" if "kindergarten" not in concepts else "kommunale")
        if "private" in concepts and "friskole" not in concepts:
            wanted.append("private barnehageeiere" if "kindergarten" in concepts and "school" not in concepts
                          else "private skoleeiere" if "school" in concepts and "kindergarten" not in concepts
                          else "private")
        # "How many representatives do KS and Statped each have?": every organisation named gets its count.
        several = len(wanted) > 1 and "yesno" not in concepts and bool(
            {"q_howmany", "each", "representative"} & concepts)
        if (len(wanted) != 1 and not several) or not (
                {"q_howmany", "yesno", "q_can", "representative", "composition"} & concepts
                or {"q_what", "forum"} <= concepts) or (
                # "Må Statped være med i alle kompetansetiltakene?": taking part in measures, not a forum seat.
                {"measure", "network", "report"} & concepts and not {"forum", "representative"} & concepts):
            wanted = []
        seats: list[dict[str, Any]] = []
        asked = question.slots.forums[0] if len(question.slots.forums) == 1 else None
        if asked is None and "kg_authority" in concepts and set(question.slots.forums) == {"barnehage", "skole"}:
            # "Is the kindergarten authority represented in the school forum?": "kindergarten" names the
            # authority, "school" the forum.
            asked = "skole"
        if wanted:
            for nb_forum, forum in zip(nb_forums, forums, strict=False):
                members = [forum["members"][index] for index, text in enumerate(nb_forum.get("members", []))
                           if any(needle.casefold() in str(text).casefold() for needle in wanted)]
                if not members and nb_forum.get("id") != asked and any(
                        word in needle for needle in wanted for word in ("barnehage", "skole")):
                    continue  # "private barnehageeiere" have no seat in the school forum: not worth saying
                nb_members = [str(text) for text in nb_forum.get("members", [])]
                missing = [needle for needle in wanted if several and not any(
                    needle.casefold() in text.casefold() for text in nb_members)]
                seats.append({"forum": forum.get("name", ""), "members": members,
                              "asked": nb_forum.get("id") == asked, "missing": missing})
            seats.sort(key=lambda item: (not item["asked"], not item["members"]))
        asked_seat = next((item for item in seats if item["asked"]), None)
        context.update(org_asked=bool(wanted), orgs=wanted, seats=seats,
                       any_seat=any(item["members"] for item in seats),
                       polarity=(None if "yesno" not in concepts else
                                 bool(asked_seat["members"]) if asked_seat is not None else
                                 all(item["members"] for item in seats) if "both" in concepts else
                                 any(item["members"] for item in seats)))
        return Reply(self._template(question, "forum_composition"), context, ("5.1",))

    def _needs_info(self, intent: str, question: Question) -> Reply:
        context = self._base(question)
        deadline = self._facts.deadline("behovsmelding") if self._facts.has_deadline("behovsmelding") else None
        context["needs_deadline"] = (self.date_view(next_occurrence(deadline.rule, question.today), question.today,
                                                    question.language) if deadline else None)
        return Reply(self._template(question, "needs_info"), context, ("6.1", "5.8"))

    def _templates(self, intent: str, question: Question) -> Reply:
        context = self._base(question)
        report = "report" in question.concepts and "needs" not in question.concepts
        behovsmelding = self._facts.deadline("behovsmelding") if self._facts.has_deadline("behovsmelding") else None
        arsrapport = self._facts.deadline("arsrapport") if self._facts.has_deadline("arsrapport") else None
        context["report"] = report
        if behovsmelding is not None:
            context["needs_deadline"] = self.date_view(next_occurrence(behovsmelding.rule, question.today),
                                                       question.today, question.language)
        if arsrapport is not None:
            context["report_deadline"] = self.date_view(next_occurrence(arsrapport.rule, question.today),
                                                        question.today, question.language)
        sources = ("10",) if report else ("6.1",)
        return Reply(self._template(question, "templates_sent"), context, sources)

    # --- outside the plan and passages --------------------------------------------------------------
    def _outside(self, intent: str, question: Question) -> Reply:
        context = self._base(question)
        concepts = question.concepts
        if "other_region" in concepts:
            kind = "other_region"
        elif "late" in concepts and "consequence" in concepts:
            kind = "late"
        elif {"venue", "q_where"} & concepts and {"meeting", "forum", "events"} & concepts and not {
                "q_howmany", "q_howmuch", "q_howoften", "q_howlong"} & concepts:
            kind = "venue"
        elif ("contact" in concepts and "network_name" in concepts) or (
                "person_name" in concepts and {"leader", "contact", "representative", "secretariat"} & concepts):
            kind = "person"
        elif ({"amount", "q_howmuch"} & concepts and {"get", "money", "amount"} & concepts) or (
                {"currency", "total_budget"} & concepts):
            kind = "amount"
        elif "q_who" in concepts and {"leader", "contact", "representative"} & concepts and {
                "has_year", "previous"} & concepts:
            kind = "person"
        elif "statistics" in concepts:
            kind = "statistics"
        else:
            kind = "general"
        context["kind"] = kind
        context["role"] = next((role for role in ("leader", "contact", "representative", "secretariat")
                                if role in concepts), None)
        sources: tuple[str, ...] = {"amount": ("5.8",), "venue": ("9", "5"),
                                    "person": ("5.3",) if "leader" in concepts else (
                                        ("5.5", "10") if "contact" in concepts else ())}.get(kind, ())
        if kind == "late":
            wanted = [deadline_id for concept, deadline_id in (("report", "arsrapport"), ("needs", "behovsmelding"),
                                                                 ("local_plan", "behovsmelding"),
                                                                 ("innstilling", "innstilling"),
                                                                 ("payment", "utbetaling"))
                      if concept in concepts and self._facts.has_deadline(deadline_id)
                      and not (concept == "report" and "needs" in concepts)]
            late = []
            for deadline_id in dict.fromkeys(wanted):
                deadline = self._facts.deadline(deadline_id)
                late.append(self._deadline_context(deadline, next_occurrence(deadline.rule, question.today),
                                                   question))
            context["late"] = late
            sources = tuple(dict.fromkeys(source for item in late for source in item["sources"])) or ("9", "10")
        if kind == "venue":
            context["rule"] = self._meeting_rule(question)
        return Reply(self._template(question, "outside_plan"), context, sources, outside_plan=True)

    def passage(self, hit: Hit, question: Question) -> Reply:
        context = self._base(question)
        context["passage"] = hit.passage
        return Reply(self._template(question, "plan_passage"), context, (hit.passage.section,))
