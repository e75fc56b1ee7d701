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
    SummaryLine,
)
from forms.engine import FormState, Progress
from forms.engine import field_progress as _field_progress
from forms.parsers import Choice, ParseError, YearRange, format_decimal, format_kroner
from forms.text import Text, fold

FORM_ID = "needs_report"
FORM_VERSION = 1

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
        """The budget year a report made on ``today`` is for: reports are due 1 February, so from
        July on they concern next year."""
        if self.start_year is not None:
            return self.start_year
        return today.year if today.month <= 6 else today.year + 1


# --- choices -------------------------------------------------------------------------------------

DEFAULT_SCHEMES: tuple[Choice, ...] = (
    Choice(REGIONAL, Text("Regional ordning (barnehage)", "Regional ordning (barnehage)",
                          "Regional scheme (kindergartens)"),
           ("regional", "regional ordning", "rekomp", "barnehage", "barnehagar")),
    Choice(DESENTRALISERT, Text("Desentralisert ordning (skole)", "Desentralisert ordning (skule)",
                                "Decentralised scheme (schools)"),
           ("desentralisert", "desentralisert ordning", "dekomp", "skole", "skule", "grunnskole")),
    Choice(KOMPETANSELOFTET, Text("Kompetanseløftet for spesialpedagogikk og inkluderende praksis",
                                  "Kompetanseløftet for spesialpedagogikk og inkluderande praksis",
                                  "Competence boost for special needs education and inclusive practice"),
           ("kompetanseløftet", "kompetanseloftet", "kompetanseløft", "spesialpedagogikk", "inkluderende praksis")),
)

MEASURE_TYPES: tuple[Choice, ...] = (
    Choice(NEW, Text("Nytt tiltak", "Nytt tiltak", "New measure"),
           ("nytt", "ny", "new", "nytt tiltak", "helt nytt", "nye")),
    Choice(CONTINUING, Text("Videreført tiltak (har tilsagn fra før)", "Vidareført tiltak (har tilsegn frå før)",
                            "Continuing measure (granted before)"),
           ("videreført", "videreføring", "videreført tiltak", "fortsettelse", "pågående", "igangsatt",
            "continuing", "vidareført", "vidareføring", "eksisterende", "gammelt", "fortsetter")),
)

OTHER_MEASURES: tuple[Choice, ...] = (
    Choice("grunnkompetanse", Text("Barnehagefaglig grunnkompetanse", "Barnehagefagleg grunnkompetanse",
                                   "Basic kindergarten competence"), ("grunnkompetanse",)),
    Choice("fagarbeidere", Text("Kompetansehevingsstudier for fagarbeidere og assistenter",
                                "Kompetansehevingsstudium for fagarbeidarar og assistentar",
                                "Courses for skilled workers and assistants"),
           ("kompetansehevingsstudier", "fagarbeidere", "assistenter")),
    Choice("fagbrev", Text("Fagbrev som barne- og ungdomsarbeider (praksiskandidatordningen)",
                           "Fagbrev som barne- og ungdomsarbeidar (praksiskandidatordninga)",
                           "Trade certificate as child and youth worker (experience-based)"),
           ("fagbrev", "praksiskandidat", "praksiskandidatordningen", "barne- og ungdomsarbeider")),
    Choice("tilrettelegging", Text("Tilretteleggingsmidler for lokal prioritering",
                                   "Tilretteleggingsmidlar for lokal prioritering",
                                   "Funds for local priorities"),
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
        return (f"Nettverkets andel ({format_kroner(share)}) kan være høyst {format_decimal(network_max)} % av "
                f"søknadsbeløpet ({format_kroner(amount)}), altså høyst "
                f"{format_kroner(_percent_of(amount, network_max, ROUND_FLOOR))}. Resten går til UH.")

    def coordinator_cap(answers: Answers) -> str | None:
        amount, coordinator = answers["amount"], answers["coordinator"]
        if coordinator * 100 <= amount * coordinator_max:
            return None
        return (f"Koordinatorbeløpet ({format_kroner(coordinator)}) kan være høyst {format_decimal(coordinator_max)} % "
                f"av søknadsbeløpet ({format_kroner(amount)}), altså høyst "
                f"{format_kroner(_percent_of(amount, coordinator_max, ROUND_FLOOR))}.")

    def coordinator_within_share(answers: Answers) -> str | None:
        share, coordinator = answers["network_share"], answers["coordinator"]
        if coordinator <= share:
            return None
        return (f"Koordinatorbeløpet ({format_kroner(coordinator)}) tas av nettverkets andel "
                f"({format_kroner(share)}) og kan ikke være større enn den. Skriv et lavere beløp, eller øk "
                "nettverkets andel med «endre nettverksandel».")

    def own_share(answers: Answers) -> str | None:
        amount, own = answers["amount"], answers["own_share"]
        if own * 100 >= amount * own_min:
            return None
        return (f"Egenandelen ({format_kroner(own)}) må være minst {format_decimal(own_min)} % av "
                f"søknadsbeløpet ({format_kroner(amount)}), altså minst "
                f"{format_kroner(_percent_of(amount, own_min, ROUND_CEILING))}.")

    def other_amount(answers: Answers) -> str | None:
        amount, other = answers["amount"], answers["other_amount"]
        if other * 100 <= amount * other_max:
            return None
        return (f"Beløpet til 30 %-delen ({format_kroner(other)}) kan være høyst {format_decimal(other_max)} % av "
                f"søknadsbeløpet ({format_kroner(amount)}), altså høyst "
                f"{format_kroner(_percent_of(amount, other_max, ROUND_FLOOR))}.")

    def continuing_period(answers: Answers) -> str | None:
        first = answers["first_grant_year"]
        period = YearRange.from_json(answers["period"])
        if period.start < first:
            return (f"Perioden ({period.start}–{period.end}) kan ikke starte før året for første tilsagn ({first}).")
        span = period.end - first + 1
        if span <= years_max:
            return None
        return (f"Et videreført tiltak kan ha tilsagn for inntil {years_max} år om gangen: første tilsagn ({first}) "
                f"og perioden {period.start}–{period.end} gir {span} år. Forkort perioden, eller meld tiltaket "
                "som nytt.")

    return (
        Rule("network_share_max", ("amount", "network_share"), "network_share", network_share),
        Rule("coordinator_max", ("amount", "coordinator"), "coordinator", coordinator_cap),
        Rule("coordinator_within_network_share", ("network_share", "coordinator"), "coordinator",
             coordinator_within_share),
        Rule("own_share_min", ("amount", "own_share"), "own_share", own_share),
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
              Text("Kompetansenettverk", "Kompetansenettverk", "Competence network"),
              Text("Hvilket kompetansenettverk melder behovet?", "Kva kompetansenettverk melder behovet?",
                   "Which competence network is reporting the need?"),
              Text("Midlene fordeles per regionalt kompetansenettverk, og nettverket gjør første behandling og "
                   "prioritering av behovsmeldingene (planen 5.8 og 6.1).",
                   "Midlane blir fordelte per regionalt kompetansenettverk, og nettverket gjer første handsaming "
                   "og prioritering av behovsmeldingane (planen 5.8 og 6.1).",
                   "Funds are allocated per regional competence network, which does the first review and "
                   "prioritisation of the reports (plan 5.8 and 6.1)."),
              Text(networks[0].label.nb),
              aliases=("nettverk", "nettverket", "kompetansenettverket", "region", "network"),
              choices=tuple(networks)),
        Field("scheme", FieldKind.CHOICE,
              Text("Ordning", "Ordning", "Scheme"),
              Text("Hvilken ordning gjelder behovet?", "Kva ordning gjeld behovet?", "Which scheme is it for?"),
              Text("De tre ordningene har ulike regler: egenandel i desentralisert ordning, 30 %-delen i regional "
                   "ordning og Statped og PPT i kompetanseløftet (planen 5.6 og 5.8).",
                   "Dei tre ordningane har ulike reglar: eigendel i desentralisert ordning, 30 %-delen i regional "
                   "ordning og Statped og PPT i kompetanseløftet (planen 5.6 og 5.8).",
                   "The three schemes have different rules: own share in the decentralised scheme, the 30 % part "
                   "in the regional scheme, Statped and PPT in the competence boost (plan 5.6 and 5.8)."),
              Text("desentralisert"),
              aliases=("ordningen", "tilskuddsordning", "scheme"), choices=scheme_options),
        Field("measure_type", FieldKind.CHOICE,
              Text("Nytt eller videreført", "Nytt eller vidareført", "New or continuing"),
              Text("Er dette et nytt tiltak, eller et videreført tiltak som alt har fått tilsagn?",
                   "Er dette eit nytt tiltak, eller eit vidareført tiltak som alt har fått tilsegn?",
                   "Is this a new measure, or a continuing one that has been granted before?"),
              Text("Samarbeidsforum kan gi tilsagn for inntil {max_years} år om gangen. Et videreført tiltak "
                   "trenger bare en forenklet behovsmelding uten begrunnelse (planen 5.8, punkt 2).",
                   "Samarbeidsforum kan gi tilsegn for inntil {max_years} år om gongen. Eit vidareført tiltak "
                   "treng berre ei forenkla behovsmelding utan grunngiving (planen 5.8, punkt 2).",
                   "The forum can commit funds for up to {max_years} years at a time. A continuing measure only "
                   "needs a simplified report without justification (plan 5.8, point 2)."),
              Text("nytt"),
              aliases=("type", "nytt", "videreført", "nytt eller videreført", "tiltakstype"), choices=MEASURE_TYPES),
        Field("first_grant_year", FieldKind.YEAR,
              Text("År for første tilsagn", "År for første tilsegn", "Year first granted"),
              Text("Hvilket år fikk tiltaket tilsagn første gang?", "Kva år fekk tiltaket tilsegn første gong?",
                   "In which year was the measure first granted?"),
              Text("Tilsagn gis for inntil {max_years} år om gangen, så jeg sjekker at perioden holder seg "
                   "innenfor (planen 5.8, punkt 2).",
                   "Tilsegn blir gitt for inntil {max_years} år om gongen, så eg sjekkar at perioden held seg "
                   "innanfor (planen 5.8, punkt 2).",
                   "Commitments are for up to {max_years} years at a time, so I check the period stays within "
                   "that (plan 5.8, point 2)."),
              Text("2025"),
              condition=is_continuing, aliases=("første tilsagn", "tilsagn", "tilsagnsår", "første år"),
              validators=(_first_grant_validator,)),
        Field("title", FieldKind.TEXT,
              Text("Tittel", "Tittel", "Title"),
              Text("Hva heter tiltaket? Gi det en kort tittel.", "Kva heiter tiltaket? Gi det ein kort tittel.",
                   "What is the measure called? Give it a short title."),
              Text("Tittelen brukes i innstillingen og i oversikter, så velg noe som kjennes igjen.",
                   "Tittelen blir brukt i innstillinga og i oversikter, så vel noko som er lett å kjenne att.",
                   "The title is used in the recommendation and in overviews, so pick something recognisable."),
              Text("Lesing i alle fag i Valdres-skolene"),
              aliases=("tittel", "tittelen", "navn på tiltaket", "tiltaksnavn", "title"),
              min_length=3, max_length=150),
        Field("justification", FieldKind.LONG_TEXT,
              Text("Behov og begrunnelse", "Behov og grunngiving", "Need and justification"),
              Text("Hvilket behov skal tiltaket møte, og hvordan er behovet vurdert lokalt (med ansatte, "
                   "tillitsvalgte, ledere og UH)?",
                   "Kva behov skal tiltaket møte, og korleis er behovet vurdert lokalt (med tilsette, "
                   "tillitsvalde, leiarar og UH)?",
                   "What need does the measure meet, and how was it assessed locally (with staff, union "
                   "representatives, leaders and the university/college)?"),
              Text("Innstillingen skal bygge på eiernes vurdering av kompetansebehov, forankret i lokale planer og "
                   "i dialog med UH (planen 5.5).",
                   "Innstillinga skal byggje på eigarane si vurdering av kompetansebehov, forankra i lokale planar "
                   "og i dialog med UH (planen 5.5).",
                   "The recommendation must build on the owners' assessment of needs, anchored in local plans "
                   "and in dialogue with the university/college (plan 5.5)."),
              Text("Kartlegging i alle barnehagene høsten 2026 viste behov for mer kompetanse på språk. "
                   "Drøftet med tillitsvalgte og HINN i nettverksmøtet i oktober."),
              condition=is_new, aliases=("begrunnelse", "behov", "behovet", "behovsvurdering", "justification"),
              min_length=20),
        Field("goals", FieldKind.LONG_TEXT,
              Text("Mål", "Mål", "Goals"),
              Text("Hva er målene for tiltaket?", "Kva er måla for tiltaket?", "What are the goals of the measure?"),
              Text("Den lokale planen skal beskrive prioriterte mål, og måloppnåelsen vurderes i årsrapporten "
                   "(planen 6.1 og 10).",
                   "Den lokale planen skal skildre prioriterte mål, og måloppnåinga blir vurdert i årsrapporten "
                   "(planen 6.1 og 10).",
                   "The local plan must describe priority goals, and achievement is assessed in the annual report "
                   "(plan 6.1 and 10)."),
              Text("Alle barnehagene har felles praksis for språkarbeid innen 2028."),
              condition=is_new, aliases=("mål", "målene", "målsetting", "goals"), min_length=10),
        Field("target_group", FieldKind.TEXT,
              Text("Målgruppe", "Målgruppe", "Target group"),
              Text("Hvem er målgruppen (f.eks. styrere, pedagogiske ledere, lærere, fagarbeidere, PPT)?",
                   "Kven er målgruppa (t.d. styrarar, pedagogiske leiarar, lærarar, fagarbeidarar, PPT)?",
                   "Who is the target group (e.g. heads, pedagogical leaders, teachers, skilled workers, PPT)?"),
              Text("Innstillingen skal vise hvem som skal delta (planen 5.6).",
                   "Innstillinga skal vise kven som skal delta (planen 5.6).",
                   "The recommendation must show who takes part (plan 5.6)."),
              Text("Pedagogiske ledere og fagarbeidere i alle kommunale og private barnehager"),
              aliases=("målgruppe", "målgruppen", "deltakergruppe", "target group"), min_length=3, max_length=1000),
        Field("kindergartens", FieldKind.INTEGER,
              Text("Antall barnehager", "Tal på barnehagar", "Number of kindergartens"),
              Text("Hvor mange barnehager deltar?", "Kor mange barnehagar deltek?",
                   "How many kindergartens take part?"),
              Text("Antall barnehager, skoler og ansatte viser omfanget av tiltaket i innstillingen (planen 5.6).",
                   "Talet på barnehagar, skular og tilsette viser omfanget av tiltaket i innstillinga (planen 5.6).",
                   "The number of units and staff shows the scope of the measure (plan 5.6)."),
              Text("12"),
              condition=OneOf("scheme", (REGIONAL, KOMPETANSELOFTET)),
              aliases=("barnehager", "barnehagar", "kindergartens"), min_value=0, max_value=2000),
        Field("schools", FieldKind.INTEGER,
              Text("Antall skoler", "Tal på skular", "Number of schools"),
              Text("Hvor mange skoler deltar (grunnskoler og videregående)?",
                   "Kor mange skular deltek (grunnskular og vidaregåande)?",
                   "How many schools take part (primary, lower and upper secondary)?"),
              Text("Antall barnehager, skoler og ansatte viser omfanget av tiltaket i innstillingen (planen 5.6).",
                   "Talet på barnehagar, skular og tilsette viser omfanget av tiltaket i innstillinga (planen 5.6).",
                   "The number of units and staff shows the scope of the measure (plan 5.6)."),
              Text("8"),
              condition=OneOf("scheme", (DESENTRALISERT, KOMPETANSELOFTET)),
              aliases=("skoler", "skular", "schools"), min_value=0, max_value=2000),
        Field("participants", FieldKind.INTEGER,
              Text("Antall deltakere", "Tal på deltakarar", "Number of participants"),
              Text("Omtrent hvor mange ansatte deltar til sammen?", "Om lag kor mange tilsette deltek til saman?",
                   "Roughly how many staff take part in all?"),
              Text("Kompetanseutviklingen skal nå flest mulig ansatte, og antallet viser omfanget i innstillingen "
                   "(planen 5.6).",
                   "Kompetanseutviklinga skal nå flest mogleg tilsette, og talet viser omfanget i innstillinga "
                   "(planen 5.6).",
                   "The measure should reach as many staff as possible; the number shows its scope (plan 5.6)."),
              Text("150"),
              aliases=("deltakere", "deltakarar", "ansatte", "tilsette", "antall ansatte", "participants"),
              min_value=1, max_value=100_000),
        Field("uh_partner", FieldKind.TEXT,
              Text("UH-partner", "UH-partnar", "University/college partner"),
              Text("Hvilket universitet eller hvilken høgskole er partner i tiltaket?",
                   "Kva universitet eller høgskule er partnar i tiltaket?",
                   "Which university or university college is the partner?"),
              Text("Tiltakene skal planlegges og gjennomføres i partnerskap med universitet eller høgskole, og "
                   "UH-delen utbetales direkte til UH (planen 5.8 og 6.1).",
                   "Tiltaka skal planleggjast og gjennomførast i partnarskap med universitet eller høgskule, og "
                   "UH-delen blir utbetalt direkte til UH (planen 5.8 og 6.1).",
                   "Measures are planned and carried out in partnership with a university or college, which is "
                   "paid its share directly (plan 5.8 and 6.1)."),
              Text("Høgskolen i Innlandet (HINN)"),
              aliases=("uh", "uh-partner", "partner", "partnar", "høgskole", "universitet"),
              min_length=2, max_length=200),
        Field("working_methods", FieldKind.LONG_TEXT,
              Text("Arbeidsmåter og samarbeid", "Arbeidsmåtar og samarbeid", "Working methods and cooperation"),
              Text("Hvordan skal dere arbeide, og hvordan samarbeider eiere, ansatte og UH i tiltaket?",
                   "Korleis skal de arbeide, og korleis samarbeider eigarar, tilsette og UH i tiltaket?",
                   "How will you work, and how do owners, staff and the university/college cooperate?"),
              Text("Den lokale planen skal beskrive arbeidsmåter og samarbeid (planen 6.1), og "
                   "kompetanseutviklingen skal være barnehage- og skolebasert (planen 4.2).",
                   "Den lokale planen skal skildre arbeidsmåtar og samarbeid (planen 6.1), og "
                   "kompetanseutviklinga skal vere barnehage- og skulebasert (planen 4.2).",
                   "The local plan must describe working methods and cooperation (plan 6.1); development should "
                   "be based in the kindergarten or school (plan 4.2)."),
              Text("Samlinger med HINN hvert semester, utprøving i egen barnehage mellom samlingene og refleksjon "
                   "i profesjonelle læringsfellesskap."),
              aliases=("arbeidsmåter", "arbeidsmåtar", "arbeidsmåte", "samarbeid", "working methods"),
              min_length=10),
        Field("period", FieldKind.YEAR_RANGE,
              Text("Periode", "Periode", "Period"),
              Text("Hvilke år skal tiltaket få midler? Skriv første og siste år, eller antall år (inntil "
                   "{max_years}; da regner jeg fra {start_year}).",
                   "Kva år skal tiltaket få midlar? Skriv første og siste år, eller tal på år (inntil "
                   "{max_years}; då reknar eg frå {start_year}).",
                   "Which years should the measure be funded? Write the first and last year, or a number of "
                   "years (up to {max_years}; counted from {start_year})."),
              Text("Samarbeidsforum kan gi tilsagn for inntil {max_years} år om gangen, med forbehold om det "
                   "årlige statsbudsjettet (planen 5.8, punkt 2).",
                   "Samarbeidsforum kan gi tilsegn for inntil {max_years} år om gongen, med atterhald om det "
                   "årlege statsbudsjettet (planen 5.8, punkt 2).",
                   "The forum can commit funds for up to {max_years} years at a time, subject to the annual "
                   "state budget (plan 5.8, point 2)."),
              Text("{start_year}–{end_year}"),
              aliases=("periode", "perioden", "varighet", "varigheit", "år", "startår", "sluttår", "period"),
              default_start_year=params.default_start_year, validators=(_period_validator(params),)),
        Field("amount", FieldKind.AMOUNT,
              Text("Søknadsbeløp per år", "Søknadsbeløp per år", "Amount per year"),
              Text("Hvor mye søker dere om i tilskudd per år (kroner)?",
                   "Kor mykje søkjer de om i tilskot per år (kroner)?",
                   "How much grant do you apply for per year (NOK)?"),
              Text("Beløpet er grunnlaget for fordelingen mellom UH og nettverk, for koordinator og for "
                   "egenandelen (planen 5.8).",
                   "Beløpet er grunnlaget for fordelinga mellom UH og nettverk, for koordinator og for "
                   "eigendelen (planen 5.8).",
                   "The amount is the basis for the split between the university/college and the network, the "
                   "coordinator and the own share (plan 5.8)."),
              Text("1,2 mill"),
              aliases=("beløp", "beløpet", "søknadsbeløp", "sum", "tilskudd", "tilskot", "amount"),
              min_value=params.min_amount, max_value=params.max_amount),
        Field("network_share", FieldKind.AMOUNT,
              Text("Nettverkets andel", "Nettverket sin del", "Network share"),
              Text("Hvor mye av beløpet skal gå til kompetansenettverket? Resten går til UH. Svar i kroner eller "
                   "prosent (høyst {network_share_max} %).",
                   "Kor mykje av beløpet skal gå til kompetansenettverket? Resten går til UH. Svar i kroner eller "
                   "prosent (høgst {network_share_max} %).",
                   "How much of the amount goes to the competence network? The rest goes to the "
                   "university/college. Answer in NOK or percent (at most {network_share_max} %)."),
              Text("Inntil {network_share_max} % kan gå til de regionale kompetansenettverkene; resten overføres til "
                   "partnerskapet med UH, og alt kan gå til UH (planen 5.8).",
                   "Inntil {network_share_max} % kan gå til dei regionale kompetansenettverka; resten blir overført "
                   "til partnarskapet med UH, og alt kan gå til UH (planen 5.8).",
                   "Up to {network_share_max} % may go to the regional networks; the rest goes to the partnership "
                   "with the university/college, and all of it may (plan 5.8)."),
              Text("30 %"),
              aliases=("nettverksandel", "nettverkets andel", "andel nettverk", "fordeling", "fordeling uh",
                       "uh-andel", "andel", "network share"),
              percent_of="amount", zero_words=True, min_value=0, preparse=_network_part),
        Field("coordinator", FieldKind.AMOUNT,
              Text("Koordinator", "Koordinator", "Coordinator"),
              Text("Hvor mye skal brukes til regional koordinator? Svar 0 hvis ingen (høyst {coordinator_max} % av "
                   "beløpet, tatt av nettverkets andel).",
                   "Kor mykje skal brukast til regional koordinator? Svar 0 om ingen (høgst {coordinator_max} % av "
                   "beløpet, teke av nettverket sin del).",
                   "How much goes to a regional coordinator? Answer 0 if none (at most {coordinator_max} % of the "
                   "amount, taken from the network share)."),
              Text("En begrenset del, inntil {coordinator_max} % av tilskuddet, kan brukes til regional koordinator, "
                   "særlig i store tiltak med mange virksomheter; den tas av nettverkets andel (planen 5.5 og 5.8).",
                   "Ein avgrensa del, inntil {coordinator_max} % av tilskotet, kan brukast til regional koordinator, "
                   "særleg i store tiltak med mange verksemder; han blir teken av nettverket sin del (planen 5.5 "
                   "og 5.8).",
                   "A limited part, up to {coordinator_max} % of the grant, may fund a regional coordinator, "
                   "mainly in large measures; it comes from the network share (plan 5.5 and 5.8)."),
              Text("100 000"),
              aliases=("koordinator", "koordinatorbeløp", "koordinatorfunksjon", "regional koordinator",
                       "coordinator"),
              percent_of="amount", zero_words=True, min_value=0),
        Field("own_share", FieldKind.AMOUNT,
              Text("Egenandel", "Eigendel", "Own share"),
              Text("Hvor stor egenandel bidrar skoleeierne med (kroner)? Den må være minst {own_share_min} % av "
                   "søknadsbeløpet.",
                   "Kor stor eigendel bidreg skuleeigarane med (kroner)? Han må vere minst {own_share_min} % av "
                   "søknadsbeløpet.",
                   "How much do the school owners contribute themselves (NOK)? At least {own_share_min} % of the "
                   "amount applied for."),
              Text("I desentralisert ordning finansierer skoleeierne {own_share_min} % selv, regnet av det statlige "
                   "tilskuddet. Egenandelen kan være lønn eller frikjøp (planen 5.8).",
                   "I desentralisert ordning finansierer skuleeigarane {own_share_min} % sjølve, rekna av det "
                   "statlege tilskotet. Eigendelen kan vere løn eller frikjøp (planen 5.8).",
                   "In the decentralised scheme school owners fund {own_share_min} % themselves, counted from the "
                   "state grant; it may be salary or release time (plan 5.8)."),
              Text("360 000"),
              condition=is_desentralisert, aliases=("egenandel", "egenandelen", "eigendel", "egenfinansiering",
                                                    "own share"),
              percent_of="amount", min_value=0),
        Field("own_share_use", FieldKind.TEXT,
              Text("Bruk av egenandel", "Bruk av eigendel", "Use of own share"),
              Text("Hva skal egenandelen brukes til (f.eks. frikjøp, lønn til koordinator, gjennomføring av "
                   "tiltakene)?",
                   "Kva skal eigendelen brukast til (t.d. frikjøp, løn til koordinator, gjennomføring av tiltaka)?",
                   "What will the own share be used for (e.g. release time, coordinator salary, running the "
                   "measures)?"),
              Text("Innstillingen skal vise bruken av skoleeiernes egenandel på 30 prosent (planen 5.6 og 5.8).",
                   "Innstillinga skal vise bruken av skuleeigarane sin eigendel på 30 prosent (planen 5.6 og 5.8).",
                   "The recommendation must show how the owners' own share is used (plan 5.6 and 5.8)."),
              Text("Frikjøp av lærere til samlingene"),
              condition=is_desentralisert, aliases=("bruk av egenandel", "egenandel bruk", "eigendel bruk"),
              min_length=3, max_length=1000),
        Field("other_measures", FieldKind.MULTI_CHOICE,
              Text("Tiltak i 30 %-delen", "Tiltak i 30 %-delen", "Measures in the 30 % part"),
              Text("Skal noe av beløpet brukes til andre tiltak enn barnehagebasert kompetanseutvikling "
                   "(30 %-delen)? Velg ett eller flere, eller svar «ingen».",
                   "Skal noko av beløpet brukast til andre tiltak enn barnehagebasert kompetanseutvikling "
                   "(30 %-delen)? Vel eitt eller fleire, eller svar «ingen».",
                   "Will part of the amount go to measures other than kindergarten-based development (the 30 % "
                   "part)? Choose one or more, or answer «none»."),
              Text("I regional ordning kan inntil {regional_other_max} % av midlene brukes til disse tiltakene, "
                   "vurdert ut fra lokale behov (planen 5.8).",
                   "I regional ordning kan inntil {regional_other_max} % av midlane brukast til desse tiltaka, "
                   "vurdert ut frå lokale behov (planen 5.8).",
                   "In the regional scheme up to {regional_other_max} % may go to these measures, based on local "
                   "needs (plan 5.8)."),
              Text("1 og 3"),
              optional=True, condition=is_regional,
              aliases=("30 %-delen", "30-prosentdelen", "30 %", "30-prosent", "andre tiltak", "30 prosent"),
              choices=OTHER_MEASURES),
        Field("other_amount", FieldKind.AMOUNT,
              Text("Beløp til 30 %-delen", "Beløp til 30 %-delen", "Amount for the 30 % part"),
              Text("Hvor mye av søknadsbeløpet går til disse tiltakene (høyst {regional_other_max} %)?",
                   "Kor mykje av søknadsbeløpet går til desse tiltaka (høgst {regional_other_max} %)?",
                   "How much of the amount goes to these measures (at most {regional_other_max} %)?"),
              Text("Inntil {regional_other_max} % av de tildelte midlene kan brukes til disse tiltakene (planen 5.8).",
                   "Inntil {regional_other_max} % av dei tildelte midlane kan brukast til desse tiltaka (planen "
                   "5.8).",
                   "Up to {regional_other_max} % of the funds may go to these measures (plan 5.8)."),
              Text("200 000"),
              condition=AllOf((is_regional, NonEmpty("other_measures"))),
              aliases=("beløp til 30 %-delen", "beløp 30 %", "30 %-beløp", "beløp 30-prosentdelen"),
              percent_of="amount", min_value=1),
        Field("statped_involved", FieldKind.YES_NO,
              Text("Statped involvert", "Statped involvert", "Statped involved"),
              Text("Har Statped vært involvert i vurderingen av behov og tiltak?",
                   "Har Statped vore involvert i vurderinga av behov og tiltak?",
                   "Has Statped been involved in assessing needs and measures?"),
              Text("For kompetanseløftet skal innstillingen vise hvordan Statped har vært involvert i vurdering av "
                   "behov og tiltak, og i partnerskapet med UH (planen 5.6).",
                   "For kompetanseløftet skal innstillinga vise korleis Statped har vore involvert i vurdering av "
                   "behov og tiltak, og i partnarskapet med UH (planen 5.6).",
                   "For the competence boost, the recommendation must show how Statped was involved in assessing "
                   "needs and measures, and in the partnership (plan 5.6)."),
              Text("ja"),
              condition=is_loftet, aliases=("statped",)),
        Field("statped_how", FieldKind.LONG_TEXT,
              Text("Statpeds rolle", "Statped si rolle", "Statped's role"),
              Text("Hvordan er Statped involvert, og i hvilken grad deltar de i partnerskapet med UH?",
                   "Korleis er Statped involvert, og i kva grad deltek dei i partnarskapet med UH?",
                   "How is Statped involved, and to what extent do they take part in the partnership?"),
              Text("Innstillingen skal vise i hvilken grad Statped er med i partnerskapene sammen med UH "
                   "(planen 5.6).",
                   "Innstillinga skal vise i kva grad Statped er med i partnarskapa saman med UH (planen 5.6).",
                   "The recommendation must show how far Statped takes part in the partnerships (plan 5.6)."),
              Text("Statped deltok i kartleggingen og holder to samlinger sammen med HINN."),
              condition=Equals("statped_involved", True),
              aliases=("statpeds rolle", "statped rolle", "rolle statped", "statped si rolle"), min_length=5),
        Field("ppt", FieldKind.LONG_TEXT,
              Text("PPT og laget rundt barnet", "PPT og laget rundt barnet", "PPT and the team around the child"),
              Text("Hvordan er PPT og resten av laget rundt barnet og eleven med i målgruppen?",
                   "Korleis er PPT og resten av laget rundt barnet og eleven med i målgruppa?",
                   "How are PPT and the rest of the team around the child and pupil included?"),
              Text("Kompetanseløftet skal være tverrfaglig; innstillingen skal vise hvordan PPT og laget rundt "
                   "barnet og eleven (f.eks. helsesykepleier, BUP, barnevern og NAV) er inkludert (planen 5.6 og "
                   "5.8).",
                   "Kompetanseløftet skal vere tverrfagleg; innstillinga skal vise korleis PPT og laget rundt "
                   "barnet og eleven (t.d. helsesjukepleiar, BUP, barnevern og NAV) er inkludert (planen 5.6 og "
                   "5.8).",
                   "The competence boost is interdisciplinary; the recommendation must show how PPT and the team "
                   "around the child (e.g. school nurse, BUP, child welfare, NAV) are included (plan 5.6, 5.8)."),
              Text("PPT deltar på alle samlinger, og helsesykepleiere og barnevernet er med i nettverksmøtene."),
              condition=is_loftet, aliases=("ppt", "laget rundt barnet", "ppt og laget rundt barnet"), min_length=5),
        Field("evaluation", FieldKind.LONG_TEXT,
              Text("Evaluering", "Evaluering", "Evaluation"),
              Text("Hvordan skal tiltaket evalueres, og hvordan vurderer dere måloppnåelsen?",
                   "Korleis skal tiltaket evaluerast, og korleis vurderer de måloppnåinga?",
                   "How will the measure be evaluated, and how will you assess whether the goals are met?"),
              Text("Den lokale planen skal beskrive evaluering av tiltakene og vurdering av måloppnåelse, og det "
                   "rapporteres årlig (planen 6.1 og 10).",
                   "Den lokale planen skal skildre evaluering av tiltaka og vurdering av måloppnåing, og det blir "
                   "rapportert årleg (planen 6.1 og 10).",
                   "The local plan must describe evaluation and assessment of goal achievement, reported yearly "
                   "(plan 6.1 and 10)."),
              Text("Spørreundersøkelse til deltakerne før og etter, og refleksjonsnotat fra hver barnehage i juni."),
              aliases=("evaluering", "evalueringsplan", "måloppnåelse", "evaluation"), min_length=10),
        Field("contact_name", FieldKind.TEXT,
              Text("Kontaktperson", "Kontaktperson", "Contact person"),
              Text("Hvem er kontaktperson for behovsmeldingen (navn)?", "Kven er kontaktperson for behovsmeldinga "
                   "(namn)?", "Who is the contact person for the report (name)?"),
              Text("Partnerskapet må ha en kontaktperson som sekretariatet kan spørre, og som får kvitteringen og "
                   "påminnelser om rapportering (planen 10).",
                   "Partnarskapet må ha ein kontaktperson som sekretariatet kan spørje, og som får kvitteringa og "
                   "påminningar om rapportering (planen 10).",
                   "The partnership needs a contact person the secretariat can ask, who gets the receipt and "
                   "reporting reminders (plan 10)."),
              Text("Kari Nordmann"),
              aliases=("kontaktperson", "kontakt", "navn", "namn", "contact"), min_length=2, max_length=120,
              validators=(_has_letter,)),
        Field("contact_email", FieldKind.EMAIL,
              Text("E-post til kontaktperson", "E-post til kontaktperson", "Contact email"),
              Text("Hvilken e-postadresse har kontaktpersonen?", "Kva e-postadresse har kontaktpersonen?",
                   "What is the contact person's email address?"),
              Text("Kvitteringen og eventuelle spørsmål fra sekretariatet sendes hit.",
                   "Kvitteringa og eventuelle spørsmål frå sekretariatet blir sende hit.",
                   "The receipt and any questions from the secretariat go here."),
              Text("kari.nordmann@valdres.kommune.no"),
              aliases=("e-post", "epost", "email", "e-postadresse", "mail", "e-mail")),
    )
    return Form(
        id=FORM_ID, version=FORM_VERSION, title=Text("Behovsmelding", "Behovsmelding", "Needs report"),
        fields=field_list, rules=_rules(params), extras=_extras, placeholders=placeholders,
    )


def _percent_text(part: int, whole: int) -> str:
    if whole <= 0:
        return "0"
    return format_decimal(Decimal(part) * 100 / Decimal(whole))


def _extras(answers: Answers, lang: str) -> list[SummaryLine]:
    """Derived lines under the summary: the UH/network split and the total with own share."""
    lines: list[SummaryLine] = []
    amount = answers.get("amount")
    share = answers.get("network_share")
    if isinstance(amount, int) and isinstance(share, int):
        to_uh = amount - share
        label = {"en": "Split"}.get(lang, "Fordeling")
        uh, network = {"en": ("university/college", "network")}.get(lang, ("UH", "nettverk"))
        lines.append(SummaryLine(label, f"{uh} {format_kroner(to_uh)} ({_percent_text(to_uh, amount)} %), "
                                        f"{network} {format_kroner(share)} ({_percent_text(share, amount)} %)"))
    coordinator = answers.get("coordinator")
    if isinstance(amount, int) and isinstance(coordinator, int) and coordinator > 0:
        label = {"en": "Coordinator share"}.get(lang, "Koordinatorandel")
        lines.append(SummaryLine(label, f"{_percent_text(coordinator, amount)} %"))
    own = answers.get("own_share")
    if isinstance(amount, int) and isinstance(own, int):
        label = {"en": "Total with own share", "nn": "Samla med eigendel"}.get(lang, "Samlet med egenandel")
        lines.append(SummaryLine(label, f"{format_kroner(amount + own)} (egenandel {_percent_text(own, amount)} % "
                                        "av søknadsbeløpet)" if lang != "en" else
                                 f"{format_kroner(amount + own)} (own share {_percent_text(own, amount)} % of the "
                                 "amount)"))
    return lines


def field_progress(form: Form, state: FormState) -> Progress:
    """Answered vs applicable fields ("4 av 11 svar"); re-exported from the engine."""
    return _field_progress(form, state)
