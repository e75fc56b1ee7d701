"""The needs report (behovsmelding): the fields the plan asks of a report, and its rules.

Sources in the plan (felles overordnet plan, Innlandet): 5.5 (what the money may be used for,
coordinator), the list of what the innstilling must show (under 5.6: measures, participants,
duration, owners and UH, split of money, coordinator, egenandel, the 30 % part, Statped and PPT
for kompetanseløftet), 5.8 (the allocation model: up to 40 % to the networks, up to 20 % to a
coordinator, 30 % egenandel in desentralisert ordning, up to 30 % for four other measures in
regional ordning, commitments for up to 4 years and a simplified report without justification
for measures already granted), 6.1 (the local plan: goals, measures, participants, working
methods and cooperation, use of money, evaluation, duration).

Percent limits and the number of years are :class:`NeedsReportParameters`, so plan data can
change them without a code change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

from forms.catalogue import form_texts
from forms.definition import (
    AllOf,
    Answers,
    Equals,
    Field,
    FieldKind,
    Form,
    NonEmpty,
    OneOf,
    ParseContext,
    Rule,
    RuleText,
    SummaryLine,
)
from forms.engine import FormState, Progress
from forms.engine import field_progress as _field_progress
from forms.parsers import Choice, ParseError, YearRange, format_decimal, format_kroner
from forms.text import Text, fold

FORM_ID = "needs_report"
FORM_VERSION = 1
_t = form_texts(FORM_ID)
"""The form's words, from ``templates/forms/needs_report.<lang>.toml`` (one catalogue per language)."""

REGIONAL = "regional"
DESENTRALISERT = "desentralisert"
KOMPETANSELOFTET = "kompetanseloftet"
NEW = "new"
CONTINUING = "continuing"


@dataclass(frozen=True)
class NeedsReportParameters:
    """Limits from the plan (section 5.8); override from plan data."""

    network_share_max_percent: Decimal = Decimal(40)
    coordinator_max_percent: Decimal = Decimal(20)
    own_share_min_percent: Decimal = Decimal(30)
    regional_other_max_percent: Decimal = Decimal(30)
    max_years: int = 4
    start_year: int | None = None
    min_amount: int = 1_000
    max_amount: int = 100_000_000
    deadline_month: int = 2
    deadline_day: int = 1
    """The yearly needs-report deadline (plan data ``[[deadlines]]`` id ``behovsmelding``)."""

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> NeedsReportParameters:
        """Known keys only; percents may be int, float or str ("12,5")."""
        values: dict[str, Any] = {}
        for item in fields(cls):
            if item.name not in data or data[item.name] is None:
                continue
            raw = data[item.name]
            if item.name.endswith("_percent"):
                values[item.name] = Decimal(str(raw).replace(",", "."))
            else:
                values[item.name] = int(raw)
        return cls(**values)

    def default_start_year(self, today: date) -> int:
        """The budget year a report made on ``today`` is for (:func:`budget_year`): the periods the
        form suggests start there."""
        if self.start_year is not None:
            return self.start_year
        return budget_year(today, (self.deadline_month, self.deadline_day))


def budget_year(sent_on: date, deadline_month_day: tuple[int, int] = (2, 1)) -> int:
    """THE budget-year rule: a report sent on ``sent_on`` is for the year of the next deadline on or
    after that day (sent 25 January 2027, deadline 1 February: 2027; sent 2 February 2027: 2028).
    Never the measure's first grant or its period. References, exports, invitations, the edit lock
    and the form's suggested period all use it (``bot.needs_report_service`` re-exports it)."""
    return sent_on.year if sent_on <= date(sent_on.year, *deadline_month_day) else sent_on.year + 1


# --- choices -------------------------------------------------------------------------------------

DEFAULT_SCHEMES: tuple[Choice, ...] = (
    Choice(REGIONAL, _t("choices.regional.label"),
           ("regional", "regional ordning", "rekomp", "barnehage", "barnehagar")),
    Choice(DESENTRALISERT, _t("choices.desentralisert.label"),
           ("desentralisert", "desentralisert ordning", "dekomp", "skole", "skule", "grunnskole")),
    Choice(KOMPETANSELOFTET, _t("choices.kompetanseloftet.label"),
           ("kompetanseløftet", "kompetanseloftet", "kompetanseløft", "spesialpedagogikk", "inkluderende praksis")),
)

MEASURE_TYPES: tuple[Choice, ...] = (
    Choice(NEW, _t("choices.new.label"),
           ("nytt", "ny", "new", "nytt tiltak", "helt nytt", "nye")),
    Choice(CONTINUING, _t("choices.continuing.label"),
           ("videreført", "videreføring", "videreført tiltak", "fortsettelse", "pågående", "igangsatt",
            "continuing", "vidareført", "vidareføring", "eksisterende", "gammelt", "fortsetter")),
)

OTHER_MEASURES: tuple[Choice, ...] = (
    Choice("grunnkompetanse", _t("choices.grunnkompetanse.label"), ("grunnkompetanse",)),
    Choice("fagarbeidere", _t("choices.fagarbeidere.label"),
           ("kompetansehevingsstudier", "fagarbeidere", "assistenter")),
    Choice("fagbrev", _t("choices.fagbrev.label"),
           ("fagbrev", "praksiskandidat", "praksiskandidatordningen", "barne- og ungdomsarbeider")),
    Choice("tilrettelegging", _t("choices.tilrettelegging.label"),
           ("tilrettelegging", "tilretteleggingsmidler", "lokal prioritering")),
)


def network_choices(networks: Iterable[Mapping[str, Any]]) -> tuple[Choice, ...]:
    """Choices from plan data (``[[networks]]`` with ``id``, ``name`` and ``aliases``)."""
    return tuple(Choice(str(item["id"]), Text(str(item["name"])), tuple(str(a) for a in item.get("aliases", ())))
                 for item in networks)


def scheme_choices(schemes: Iterable[Mapping[str, Any]]) -> tuple[Choice, ...]:
    """Choices from plan data (``[[schemes]]``); the ids must be the three the rules know."""
    known = {choice.id: choice for choice in DEFAULT_SCHEMES}
    result: list[Choice] = []
    for item in schemes:
        scheme_id = str(item["id"])
        if scheme_id not in known:
            raise ValueError(f"unknown scheme id {scheme_id!r}; expected one of {sorted(known)}")
        base = known[scheme_id]
        aliases = tuple(dict.fromkeys((*base.aliases, *(str(a) for a in item.get("aliases", ())),
                                       *(str(item[k]) for k in ("name", "short") if k in item))))
        result.append(Choice(scheme_id, base.label, aliases))
    return tuple(result)


# --- rules ---------------------------------------------------------------------------------------

def _percent_of(base: int, percent: Decimal, rounding: str) -> int:
    return int((Decimal(base) * percent / 100).quantize(Decimal(1), rounding=rounding))


def _rules(params: NeedsReportParameters) -> tuple[Rule, ...]:
    network_max = params.network_share_max_percent
    coordinator_max = params.coordinator_max_percent
    own_min = params.own_share_min_percent
    other_max = params.regional_other_max_percent
    years_max = params.max_years

    def network_share(answers: Answers) -> str | None:
        amount, share = answers["amount"], answers["network_share"]
        if share * 100 <= amount * network_max:
            return None
        highest = format_kroner(_percent_of(amount, network_max, ROUND_FLOOR))
        return RuleText(f"Nettverkets andel ({format_kroner(share)}) kan være høyst {format_decimal(network_max)} % "
                        f"av søknadsbeløpet ({format_kroner(amount)}), altså høyst {highest}. Resten går til UH.",
                        share=format_kroner(share), amount=format_kroner(amount),
                        max_percent=format_decimal(network_max), max_amount=highest)

    def coordinator_cap(answers: Answers) -> str | None:
        amount, coordinator = answers["amount"], answers["coordinator"]
        if coordinator * 100 <= amount * coordinator_max:
            return None
        highest = format_kroner(_percent_of(amount, coordinator_max, ROUND_FLOOR))
        return RuleText(f"Koordinatorbeløpet ({format_kroner(coordinator)}) kan være høyst "
                        f"{format_decimal(coordinator_max)} % av søknadsbeløpet ({format_kroner(amount)}), altså "
                        f"høyst {highest}.", coordinator=format_kroner(coordinator), amount=format_kroner(amount),
                        max_percent=format_decimal(coordinator_max), max_amount=highest)

    def coordinator_within_share(answers: Answers) -> str | None:
        share, coordinator = answers["network_share"], answers["coordinator"]
        if coordinator <= share:
            return None
        return RuleText(f"Koordinatorbeløpet ({format_kroner(coordinator)}) tas av nettverkets andel "
                        f"({format_kroner(share)}) og kan ikke være større enn den. Skriv et lavere beløp, eller øk "
                        "nettverkets andel med «endre nettverksandel».", coordinator=format_kroner(coordinator),
                        share=format_kroner(share))

    def own_share(answers: Answers) -> str | None:
        """Plan 5.8 is ambiguous: "30 % egenfinansiering beregnes ut fra 20 % nevnt over, det statlige
        tilskuddet oversendt tilskuddsmottakere i regionen (sendt til en vertskommune)". The bot does
        not choose: below the strictest reading it warns with every reading and lets the person go on."""
        amount, own = answers["amount"], answers["own_share"]
        if own * 100 >= amount * own_min:
            return None
        share = answers.get("network_share")
        coordinator = answers.get("coordinator")
        whole = format_kroner(_percent_of(amount, own_min, ROUND_CEILING))
        readings = [f"{format_decimal(own_min)} % av hele søknadsbeløpet ({format_kroner(amount)}): minst {whole}"]
        params: dict[str, str] = {"own": format_kroner(own), "amount": format_kroner(amount),
                                  "min_percent": format_decimal(own_min), "min_whole": whole,
                                  "min_share": "–", "min_coordinator": "–"}
        if isinstance(share, int):
            params["min_share"] = format_kroner(_percent_of(share, own_min, ROUND_CEILING))
            readings.append(f"{format_decimal(own_min)} % av tilskuddet sendt til regionen (nettverkets andel, "
                            f"{format_kroner(share)}): minst {params['min_share']}")
        if isinstance(coordinator, int):
            params["min_coordinator"] = format_kroner(_percent_of(coordinator, own_min, ROUND_CEILING))
            readings.append(f"{format_decimal(own_min)} % av «20 % nevnt over» (koordinatordelen, "
                            f"{format_kroner(coordinator)}): minst {params['min_coordinator']}")
        return RuleText(f"Egenandelen ({format_kroner(own)}) er under {format_decimal(own_min)} % av "
                        "søknadsbeløpet. Planen (5.8) kan leses på flere måter: «30 % egenfinansiering beregnes ut "
                        "fra 20 % nevnt over, det statlige tilskuddet oversendt tilskuddsmottakere i regionen». "
                        "Etter lesningen blir minstebeløpet: " + "; ".join(readings) + ". Jeg tar svaret ditt "
                        "videre slik det er; sekretariatet avklarer hvilken lesning som gjelder. Skriv «endre "
                        "egenandel» hvis du vil endre det.", **params)

    def other_amount(answers: Answers) -> str | None:
        amount, other = answers["amount"], answers["other_amount"]
        if other * 100 <= amount * other_max:
            return None
        highest = format_kroner(_percent_of(amount, other_max, ROUND_FLOOR))
        return RuleText(f"Beløpet til 30 %-delen ({format_kroner(other)}) kan være høyst "
                        f"{format_decimal(other_max)} % av søknadsbeløpet ({format_kroner(amount)}), altså høyst "
                        f"{highest}.", other=format_kroner(other), amount=format_kroner(amount),
                        max_percent=format_decimal(other_max), max_amount=highest)

    def continuing_period(answers: Answers) -> str | None:
        first = answers["first_grant_year"]
        period = YearRange.from_json(answers["period"])
        if period.start < first:
            return RuleText(f"Perioden ({period.start}–{period.end}) kan ikke starte før året for første tilsagn "
                            f"({first}).", key="before_first", start=period.start, end=period.end, first=first)
        span = period.end - first + 1
        if span <= years_max:
            return None
        return RuleText(f"Et videreført tiltak kan ha tilsagn for inntil {years_max} år om gangen: første tilsagn "
                        f"({first}) og perioden {period.start}–{period.end} gir {span} år. Forkort perioden, eller "
                        "meld tiltaket som nytt.", key="too_long", start=period.start, end=period.end, first=first,
                        span=span, max_years=years_max)

    return (
        Rule("network_share_max", ("amount", "network_share"), "network_share", network_share),
        Rule("coordinator_max", ("amount", "coordinator"), "coordinator", coordinator_cap),
        Rule("coordinator_within_network_share", ("network_share", "coordinator"), "coordinator",
             coordinator_within_share),
        Rule("own_share_min", ("amount", "own_share"), "own_share", own_share, severity="warning"),
        Rule("regional_other_max", ("amount", "other_amount"), "other_amount", other_amount),
        Rule("continuing_max_years", ("first_grant_year", "period"), "period", continuing_period),
    )


# --- validators ----------------------------------------------------------------------------------

def _period_validator(params: NeedsReportParameters) -> Any:
    def check(value: Any, context: ParseContext) -> None:
        period = YearRange.from_json(value)
        if period.years > params.max_years:
            raise ParseError(f"Tiltaket kan få tilsagn for høyst {params.max_years} år om gangen; "
                             f"{period.start}–{period.end} er {period.years} år.", code="too_many_years",
                             max_years=params.max_years)
        earliest = context.today.year - params.max_years
        latest = context.today.year + params.max_years
        if period.start < earliest:
            raise ParseError(f"Startåret {period.start} er for langt tilbake. Skriv årene tiltaket skal få midler "
                             "for.", code="start_too_early")
        if period.start > latest:
            raise ParseError(f"Startåret {period.start} er for langt fram i tid (senest {latest}).",
                             code="start_too_late")
    return check


def _first_grant_validator(value: Any, context: ParseContext) -> None:
    if value > context.today.year + 1:
        raise ParseError(f"Et videreført tiltak har alt fått tilsagn, så {value} kan ikke stemme. Skriv året for "
                         "første tilsagn.", code="future_grant")
    if value < context.today.year - 10:
        raise ParseError(f"{value} er for langt tilbake for et tilsagn som fortsatt gjelder.", code="too_old")


def _network_part(text: str) -> str:
    """ "60 % til UH og 40 % til nettverket" -> "40 % til nettverket": the part about the network."""
    folded = fold(text)
    if "nettverk" not in folded or not re.search(r"\b(?:uh|hogskole\w*|universitet\w*|hinn)\b", folded):
        return text
    for segment in re.split(r"[,;/\n]|\bog\b|\bmens\b|\bresten\b", text, flags=re.IGNORECASE):
        if "nettverk" in fold(segment) and re.search(r"\d", segment):
            return segment
    return text


def _has_letter(value: Any, context: ParseContext) -> None:
    if not any(char.isalpha() for char in str(value)):
        raise ParseError("Skriv et navn med bokstaver.", code="no_letters")


# --- the form ------------------------------------------------------------------------------------

def build_needs_report_form(networks: Sequence[Choice], params: NeedsReportParameters | None = None,
                            schemes: Sequence[Choice] | None = None) -> Form:
    """The needs-report form for the given networks (e.g. ``network_choices(plan["networks"])``)."""
    params = params or NeedsReportParameters()
    if not networks:
        raise ValueError("the needs report needs at least one network to choose from")
    scheme_options = tuple(schemes) if schemes is not None else DEFAULT_SCHEMES
    is_new = Equals("measure_type", NEW)
    is_continuing = Equals("measure_type", CONTINUING)
    is_regional = Equals("scheme", REGIONAL)
    is_desentralisert = Equals("scheme", DESENTRALISERT)
    is_loftet = Equals("scheme", KOMPETANSELOFTET)
    nb_percent = format_decimal

    def placeholders(today: date) -> Mapping[str, str]:
        start = params.default_start_year(today)
        return {
            "start_year": str(start), "end_year": str(start + 2), "max_years": str(params.max_years),
            "network_share_max": nb_percent(params.network_share_max_percent),
            "coordinator_max": nb_percent(params.coordinator_max_percent),
            "own_share_min": nb_percent(params.own_share_min_percent),
            "regional_other_max": nb_percent(params.regional_other_max_percent),
        }

    field_list = (
        Field("network", FieldKind.CHOICE,
              _t("fields.network.label"),
              _t("fields.network.question"),
              _t("fields.network.why"),
              Text(networks[0].label.nb),
              aliases=("nettverk", "nettverket", "kompetansenettverket", "region", "network"),
              choices=tuple(networks)),
        Field("scheme", FieldKind.CHOICE,
              _t("fields.scheme.label"),
              _t("fields.scheme.question"),
              _t("fields.scheme.why"),
              _t("fields.scheme.example"),
              aliases=("ordningen", "tilskuddsordning", "scheme"), choices=scheme_options),
        Field("measure_type", FieldKind.CHOICE,
              _t("fields.measure_type.label"),
              _t("fields.measure_type.question"),
              _t("fields.measure_type.why"),
              _t("fields.measure_type.example"),
              aliases=("type", "nytt", "videreført", "nytt eller videreført", "tiltakstype"), choices=MEASURE_TYPES),
        Field("first_grant_year", FieldKind.YEAR,
              _t("fields.first_grant_year.label"),
              _t("fields.first_grant_year.question"),
              _t("fields.first_grant_year.why"),
              _t("fields.first_grant_year.example"),
              condition=is_continuing, aliases=("første tilsagn", "tilsagn", "tilsagnsår", "første år"),
              validators=(_first_grant_validator,)),
        Field("title", FieldKind.TEXT,
              _t("fields.title.label"),
              _t("fields.title.question"),
              _t("fields.title.why"),
              _t("fields.title.example"),
              aliases=("tittel", "tittelen", "navn på tiltaket", "tiltaksnavn", "title"),
              min_length=3, max_length=150),
        Field("justification", FieldKind.LONG_TEXT,
              _t("fields.justification.label"),
              _t("fields.justification.question"),
              _t("fields.justification.why"),
              _t("fields.justification.example"),
              condition=is_new, aliases=("begrunnelse", "behov", "behovet", "behovsvurdering", "justification"),
              min_length=20),
        Field("goals", FieldKind.LONG_TEXT,
              _t("fields.goals.label"),
              _t("fields.goals.question"),
              _t("fields.goals.why"),
              _t("fields.goals.example"),
              condition=is_new, aliases=("mål", "målene", "målsetting", "goals"), min_length=5),
        Field("target_group", FieldKind.TEXT,
              _t("fields.target_group.label"),
              _t("fields.target_group.question"),
              _t("fields.target_group.why"),
              _t("fields.target_group.example"),
              aliases=("målgruppe", "målgruppen", "deltakergruppe", "target group"), min_length=3, max_length=1000),
        Field("kindergartens", FieldKind.INTEGER,
              _t("fields.kindergartens.label"),
              _t("fields.kindergartens.question"),
              _t("fields.kindergartens.why"),
              _t("fields.kindergartens.example"),
              condition=OneOf("scheme", (REGIONAL, KOMPETANSELOFTET)),
              aliases=("barnehager", "barnehagar", "kindergartens"), min_value=0, max_value=2000),
        Field("schools", FieldKind.INTEGER,
              _t("fields.schools.label"),
              _t("fields.schools.question"),
              _t("fields.schools.why"),
              _t("fields.schools.example"),
              condition=OneOf("scheme", (DESENTRALISERT, KOMPETANSELOFTET)),
              aliases=("skoler", "skular", "schools"), min_value=0, max_value=2000),
        Field("participants", FieldKind.INTEGER,
              _t("fields.participants.label"),
              _t("fields.participants.question"),
              _t("fields.participants.why"),
              _t("fields.participants.example"),
              aliases=("deltakere", "deltakarar", "ansatte", "tilsette", "antall ansatte", "participants"),
              min_value=1, max_value=100_000),
        Field("uh_partner", FieldKind.TEXT,
              _t("fields.uh_partner.label"),
              _t("fields.uh_partner.question"),
              _t("fields.uh_partner.why"),
              _t("fields.uh_partner.example"),
              aliases=("uh", "uh-partner", "partner", "partnar", "høgskole", "universitet"),
              min_length=2, max_length=200),
        Field("working_methods", FieldKind.LONG_TEXT,
              _t("fields.working_methods.label"),
              _t("fields.working_methods.question"),
              _t("fields.working_methods.why"),
              _t("fields.working_methods.example"),
              aliases=("arbeidsmåter", "arbeidsmåtar", "arbeidsmåte", "samarbeid", "working methods"),
              min_length=5),
        Field("period", FieldKind.YEAR_RANGE,
              _t("fields.period.label"),
              _t("fields.period.question"),
              _t("fields.period.why"),
              _t("fields.period.example"),
              aliases=("periode", "perioden", "varighet", "varigheit", "år", "startår", "sluttår", "period"),
              default_start_year=params.default_start_year, validators=(_period_validator(params),)),
        Field("amount", FieldKind.AMOUNT,
              _t("fields.amount.label"),
              _t("fields.amount.question"),
              _t("fields.amount.why"),
              _t("fields.amount.example"),
              aliases=("beløp", "beløpet", "søknadsbeløp", "sum", "tilskudd", "tilskot", "amount"),
              min_value=params.min_amount, max_value=params.max_amount),
        Field("network_share", FieldKind.AMOUNT,
              _t("fields.network_share.label"),
              _t("fields.network_share.question"),
              _t("fields.network_share.why"),
              _t("fields.network_share.example"),
              aliases=("nettverksandel", "nettverkets andel", "andel nettverk", "fordeling", "fordeling uh",
                       "uh-andel", "andel", "network share"),
              percent_of="amount", zero_words=True, min_value=0, preparse=_network_part),
        Field("coordinator", FieldKind.AMOUNT,
              _t("fields.coordinator.label"),
              _t("fields.coordinator.question"),
              _t("fields.coordinator.why"),
              _t("fields.coordinator.example"),
              aliases=("koordinator", "koordinatorbeløp", "koordinatorfunksjon", "regional koordinator",
                       "coordinator"),
              percent_of="amount", zero_words=True, min_value=0),
        Field("own_share", FieldKind.AMOUNT,
              _t("fields.own_share.label"),
              _t("fields.own_share.question"),
              _t("fields.own_share.why"),
              _t("fields.own_share.example"),
              condition=is_desentralisert, aliases=("egenandel", "egenandelen", "eigendel", "egenfinansiering",
                                                    "own share"),
              percent_of="amount", min_value=0),
        Field("own_share_use", FieldKind.TEXT,
              _t("fields.own_share_use.label"),
              _t("fields.own_share_use.question"),
              _t("fields.own_share_use.why"),
              _t("fields.own_share_use.example"),
              condition=is_desentralisert, aliases=("bruk av egenandel", "egenandel bruk", "eigendel bruk"),
              min_length=3, max_length=1000),
        Field("other_measures", FieldKind.MULTI_CHOICE,
              _t("fields.other_measures.label"),
              _t("fields.other_measures.question"),
              _t("fields.other_measures.why"),
              _t("fields.other_measures.example"),
              optional=True, condition=is_regional,
              aliases=("30 %-delen", "30-prosentdelen", "30 %", "30-prosent", "andre tiltak", "30 prosent"),
              choices=OTHER_MEASURES),
        Field("other_amount", FieldKind.AMOUNT,
              _t("fields.other_amount.label"),
              _t("fields.other_amount.question"),
              _t("fields.other_amount.why"),
              _t("fields.other_amount.example"),
              condition=AllOf((is_regional, NonEmpty("other_measures"))),
              aliases=("beløp til 30 %-delen", "beløp 30 %", "30 %-beløp", "beløp 30-prosentdelen"),
              percent_of="amount", min_value=1),
        Field("statped_involved", FieldKind.YES_NO,
              _t("fields.statped_involved.label"),
              _t("fields.statped_involved.question"),
              _t("fields.statped_involved.why"),
              _t("fields.statped_involved.example"),
              condition=is_loftet, aliases=("statped",)),
        Field("statped_how", FieldKind.LONG_TEXT,
              _t("fields.statped_how.label"),
              _t("fields.statped_how.question"),
              _t("fields.statped_how.why"),
              _t("fields.statped_how.example"),
              condition=Equals("statped_involved", True),
              aliases=("statpeds rolle", "statped rolle", "rolle statped", "statped si rolle"), min_length=5),
        Field("ppt", FieldKind.LONG_TEXT,
              _t("fields.ppt.label"),
              _t("fields.ppt.question"),
              _t("fields.ppt.why"),
              _t("fields.ppt.example"),
              condition=is_loftet, aliases=("ppt", "laget rundt barnet", "ppt og laget rundt barnet"), min_length=5),
        Field("evaluation", FieldKind.LONG_TEXT,
              _t("fields.evaluation.label"),
              _t("fields.evaluation.question"),
              _t("fields.evaluation.why"),
              _t("fields.evaluation.example"),
              aliases=("evaluering", "evalueringsplan", "måloppnåelse", "evaluation"), min_length=5),
        Field("contact_name", FieldKind.TEXT,
              _t("fields.contact_name.label"),
              _t("fields.contact_name.question"),
              _t("fields.contact_name.why"),
              _t("fields.contact_name.example"),
              aliases=("kontaktperson", "kontakt", "navn", "namn", "contact"), min_length=2, max_length=120,
              validators=(_has_letter,)),
        Field("contact_email", FieldKind.EMAIL,
              _t("fields.contact_email.label"),
              _t("fields.contact_email.question"),
              _t("fields.contact_email.why"),
              _t("fields.contact_email.example"),
              aliases=("e-post", "epost", "email", "e-postadresse", "mail", "e-mail")),
    )
    return Form(
        id=FORM_ID, version=FORM_VERSION, title=_t("form.title"),
        fields=field_list, rules=_rules(params), extras=_extras, placeholders=placeholders,
    )


def _percent_text(part: int, whole: int) -> str:
    if whole <= 0:
        return "0"
    return format_decimal(Decimal(part) * 100 / Decimal(whole))


def _extras(answers: Answers, lang: str) -> list[SummaryLine]:
    """Derived lines under the summary: the UH/network split and the total with own share (the words
    from the catalogue's ``[summary]``)."""
    lines: list[SummaryLine] = []
    amount = answers.get("amount")
    share = answers.get("network_share")
    if isinstance(amount, int) and isinstance(share, int):
        to_uh = amount - share
        lines.append(SummaryLine(_t("summary.split").get(lang), _t("summary.split_value").get(lang).format(
            uh=format_kroner(to_uh), uh_percent=_percent_text(to_uh, amount), network=format_kroner(share),
            network_percent=_percent_text(share, amount))))
    coordinator = answers.get("coordinator")
    if isinstance(amount, int) and isinstance(coordinator, int) and coordinator > 0:
        lines.append(SummaryLine(_t("summary.coordinator_share").get(lang), f"{_percent_text(coordinator, amount)} %"))
    own = answers.get("own_share")
    if isinstance(amount, int) and isinstance(own, int):
        lines.append(SummaryLine(_t("summary.total_with_own_share").get(lang),
                                 _t("summary.total_with_own_share_value").get(lang).format(
                                     total=format_kroner(amount + own), percent=_percent_text(own, amount))))
    return lines


def field_progress(form: Form, state: FormState) -> Progress:
    """Answered vs applicable fields ("4 av 11 svar"); re-exported from the engine."""
    return _field_progress(form, state)
