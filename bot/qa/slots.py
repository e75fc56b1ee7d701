"""Slots: the details a question names (year, month, ISO week, scheme, forum, network, percentage)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from bot.qa.normalize import fold, tokenize
from calc.numbers import BudgetError, parse_budget

_MONTHS: Mapping[str, int] = {
    **{name: index + 1 for index, name in enumerate(
        ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
         "november", "desember"))},
    **{name: index + 1 for index, name in enumerate(
        ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
         "november", "december"))},
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "okt": 10,
    "oct": 10, "nov": 11, "des": 12, "dec": 12, "januarmotet": 1, "marsmotet": 3, "junimotet": 6,
    "septembermotet": 9, "novembermotet": 11,
}
# Month words that are also ordinary words ("may", "jul" = Christmas) count only in a date context.
_AMBIGUOUS_MONTHS = frozenset({"may", "mar", "des", "jan", "jul", "sep", "okt"})
_WEEK_WORDS = frozenset({"uke", "uka", "uken", "veke", "veka", "week", "wk", "ukene", "vekene", "weeks", "veker",
                         "uker"})
_DIGIT_RE = re.compile(r"\d")
_YEAR_RE = re.compile(r"\b(20\d\d)\b")
_DMY_RE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})\b")
_ISO_RE = re.compile(r"\b(20\d\d)-(\d{1,2})-(\d{1,2})\b")
# Today's date said as context: "i dag er det 14. april", "vi har i dag 14. april", "today is 14 April".
_TODAY_STATED = re.compile(r"\b(?:i dag|idag|today)\s+(?:er det\s+|er\s+|is\s+|it is\s+|the\s+)?(?:den\s+|the\s+)?\d"
                           r"|\b(?:today is|it is|it s|det er|vi har)\s+(?:i dag\s+|today\s+)?(?:den\s+|the\s+)?\d")
_DAY_MONTH_RE = re.compile(r"\b(\d{1,2})\.?\s+([a-z]+)(?:\s+(20\d\d))?")
_MONTH_DAY_RE = re.compile(r"\b([a-z]+)\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(20\d\d))?")
# A sum of money in a question ("600 000 kr", "2 millioner", "kr 1,5 mill", "20 million NOK"): with a unit, or
# grouped in thousands; a bare number ("2027", "40") is no amount.
_AMOUNT_RE = re.compile(r"(?:\b(?:kr|nok)\.?\s*)?(?<![\d,.])(\d{1,3}(?:[ .]\d{3})+|\d+(?:,\d+)?)(?![\d%])"
                        r"(?:\s*(millioner|million|mill|mnok|mrd|milliarder|tusen|kroner|kr|nok)\b)?")
_MIN_BARE_AMOUNT = 10_000
_PERCENT_RE = re.compile(r"\b(\d{1,3})[\s-]*(?:%|prosent|percent|per cent|pct)")
_BUDGET_YEAR_RE = re.compile(
    r"(?:budsjettar(?:et)?|budget year|rapport\w*|report\w*|arsrapport\w*)\s+(?:for\s+)?(?:ar(?:et)?\s+)?(20\d\d)"
    r"|for\s+(?:budsjettar(?:et)?\s+|ar(?:et)?\s+|the year\s+|budget year\s+)?(20\d\d)")
_NEXT_YEAR_RE = re.compile(r"\b(?:neste ar|next year|til aret|kommande ar|kommende ar)\b")
_THIS_YEAR_RE = re.compile(r"\b(?:i ar|this year|dette aret|inneverande ar|innevaerende ar)\b")
_LAST_YEAR_RE = re.compile(r"\b(?:i fjor|last year|forrige ar|ifjor)\b")
_YEAR_WORDS = frozenset({"ar", "aret", "year", "fjor", "ifjor"})
# "og året etter (det)?", "and the year after that?": the year after the one the conversation just gave.
_YEAR_AFTER_RE = re.compile(r"\b(?:(?:aret|year) (?:etter|etterpa|after|deretter)|(?:the )?following year|"
                            r"pa ?folgende ar|pa ?fylgjande ar|neste ar igjen|ar(?:et)? etter det)\b")


_MONTH_AND_WEEK_WORDS = frozenset(_MONTHS) | _WEEK_WORDS


@dataclass(frozen=True)
class Slots:
    year: int | None = None
    year_is_budget_year: bool = False
    year_is_relative: bool = False
    year_after: bool = False
    """The question asks for "the year after" ("og året etter?"): a follow-up's way of naming a year."""
    later_years: int = 0
    """In a follow-up: how many years after the date the previous answer gave (``year_after`` counted along
    the conversation); the responder moves that date on by as many years."""
    month: int | None = None
    week: int | None = None
    percents: tuple[int, ...] = ()
    amount: int | None = None
    """A sum of money the question states, in whole kroner ("Vi får 600 000 kr ...")."""
    dates: tuple[date, ...] = ()
    networks: tuple[str, ...] = ()
    schemes: tuple[str, ...] = ()
    forums: tuple[str, ...] = ()


class NetworkNames:
    """Finds the names of the regional networks (from ``networks.toml``) in a folded text."""

    def __init__(self, networks: Iterable[Mapping[str, object]]) -> None:
        single: dict[str, str] = {}
        multi: list[tuple[tuple[str, ...], str]] = []
        for network in networks:
            ident = str(network.get("id", ""))
            names = [str(network.get("name", ""))]
            aliases = network.get("aliases", [])
            if isinstance(aliases, list):
                names.extend(str(alias) for alias in aliases)
            for name in names:
                parts = tuple(tokenize(fold(name)))
                if not parts:
                    continue
                if len(parts) == 1:
                    single.setdefault(parts[0], ident)
                else:
                    multi.append((parts, ident))
        # Generic words that also name a network must not count ("videregående", "private skoler").
        for generic in ("vgo", "videregaende", "fylkeskommunen", "friskoler", "private", "skoler"):
            single.pop(generic, None)
        self._single = single
        self._multi = multi
        self._multi_first = frozenset(parts[0] for parts, _ in multi)

    @property
    def words(self) -> frozenset[str]:
        return frozenset(self._single) | frozenset(part for parts, _ in self._multi for part in parts)

    def find(self, tokens: Sequence[str]) -> tuple[str, ...]:
        found: list[str] = []
        for token in tokens:
            ident = self._single.get(token)
            if ident and ident not in found:
                found.append(ident)
        if self._multi and not self._multi_first.isdisjoint(tokens):
            joined = " " + " ".join(tokens) + " "
            for parts, ident in self._multi:
                if " " + " ".join(parts) + " " in joined and ident not in found:
                    found.append(ident)
        return tuple(found)


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def extract_slots(folded: str, tokens: Sequence[str], concepts: frozenset[str], today: date,
                  networks: NetworkNames) -> Slots:
    """Read the details of a question from its folded text, tokens and concepts."""
    year: int | None = None
    budget_year = False
    relative = False
    has_digits = _DIGIT_RE.search(folded) is not None
    years = [int(value) for value in _YEAR_RE.findall(folded)] if has_digits else []
    budget = _BUDGET_YEAR_RE.search(folded) if years else None
    if years:
        year = years[0]
        if budget is not None and "report" in concepts:
            year = int(budget.group(1) or budget.group(2))
            budget_year = True
    elif not _YEAR_WORDS.isdisjoint(tokens):
        if _NEXT_YEAR_RE.search(folded):
            year, relative = today.year + 1, True
        elif _THIS_YEAR_RE.search(folded):
            year, relative = today.year, True
        elif _LAST_YEAR_RE.search(folded):
            year, relative = today.year - 1, True
    year_after = not years and not _YEAR_WORDS.isdisjoint(tokens) and _YEAR_AFTER_RE.search(folded) is not None

    month: int | None = None
    week: int | None = None
    scan = not _MONTH_AND_WEEK_WORDS.isdisjoint(tokens) or (has_digits and any(
        token.startswith(("uke", "veke", "week")) for token in tokens))
    for index, token in enumerate(tokens if scan else ()):
        if month is None and token in _MONTHS and (
                token not in _AMBIGUOUS_MONTHS or _near_number(tokens, index)
                or (index > 0 and tokens[index - 1] in ("in", "i", "during", "of", "early", "late"))):
            month = _MONTHS[token]
        if week is None and token in _WEEK_WORDS:
            for neighbour in tokens[index + 1:index + 3]:
                if neighbour.isdigit() and 1 <= int(neighbour) <= 53:
                    week = int(neighbour)
                    break
        if week is None and token.startswith(("uke", "veke", "week")) and token[-2:].isdigit():
            week = int(token[-2:]) if 1 <= int(token[-2:]) <= 53 else None

    dates = _explicit_dates(folded, today) if has_digits else ()
    if today in dates and _TODAY_STATED.search(folded):
        # "Vi har i dag 14. april. Er fristen i morgen?": today's date, stated, is no date asked about.
        dates = tuple(day for day in dates if day != today)
    percents = tuple(int(value) for value in _PERCENT_RE.findall(folded) if int(value) <= 100) if has_digits else ()
    if has_digits and not percents:
        # "20 prosnt": the unit after typo correction ("prosent") counts too.
        percents = tuple(int(value) for value in _PERCENT_RE.findall(" ".join(tokens)) if int(value) <= 100)

    amount = stated_amount(folded) if has_digits else None

    schemes: list[str] = []
    if "scheme_regional" in concepts:
        schemes.append("regional")
    if "scheme_desentralisert" in concepts:
        schemes.append("desentralisert")
    if "scheme_kompetanseloft" in concepts:
        schemes.append("kompetanseloftet")
    forums: list[str] = []
    if "kindergarten" in concepts:
        forums.append("barnehage")
    if "school" in concepts:
        forums.append("skole")
    return Slots(year=year, year_is_budget_year=budget_year, year_is_relative=relative, year_after=year_after,
                 month=month, week=week, percents=percents,
                 amount=amount, dates=dates, networks=networks.find(tokens), schemes=tuple(schemes), forums=tuple(forums))


def stated_amount(folded: str) -> int | None:
    """The first sum of money in the text, in kroner (``calc.numbers.parse_budget`` reads it)."""
    for found in _AMOUNT_RE.finditer(folded):
        unit = found.group(2) or found.group(0)[:2] in ("kr", "no")
        if not unit and " " not in found.group(1) and "." not in found.group(1):
            continue
        try:
            value = parse_budget(found.group(0))
        except BudgetError:
            continue
        if value and (unit or value >= _MIN_BARE_AMOUNT):
            return value
    return None


def _near_number(tokens: Sequence[str], index: int) -> bool:
    window = tokens[max(0, index - 1):index + 2]
    return any(token.isdigit() for token in window)


def _explicit_dates(folded: str, today: date) -> tuple[date, ...]:
    found: list[date] = []
    for match in _ISO_RE.finditer(folded):
        value = _valid(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if value:
            found.append(value)
    for match in _DMY_RE.finditer(folded):
        year = int(match.group(3))
        year += 2000 if year < 100 else 0
        value = _valid(year, int(match.group(2)), int(match.group(1)))
        if value:
            found.append(value)
    for match in _DAY_MONTH_RE.finditer(folded):
        month = _MONTHS.get(match.group(2))
        if month is None or len(match.group(2)) < 3:
            continue
        year = int(match.group(3)) if match.group(3) else today.year
        value = _valid(year, month, int(match.group(1)))
        if value:
            found.append(value)
    for match in _MONTH_DAY_RE.finditer(folded):
        month = _MONTHS.get(match.group(1))
        if month is None or len(match.group(1)) < 3:
            continue
        year = int(match.group(3)) if match.group(3) else today.year
        value = _valid(year, month, int(match.group(2)))
        if value and value not in found:
            found.append(value)
    return tuple(found)
