"""Shared test data for the form tests: a needs-report form and valid answers for every field."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from forms.definition import Form
from forms.engine import FormState, StepResult, start, step
from forms.needs_report import NeedsReportParameters, build_needs_report_form
from forms.parsers import Choice
from forms.text import Text

TODAY = date(2026, 11, 28)

NETWORKS = (
    Choice("hamarregionen", Text("Hamarregionen"), ("hamar",)),
    Choice("sor-osterdal", Text("Sør-Østerdal"), ("sør-østerdalen", "elverum")),
    Choice("nord-osterdal", Text("Nord-Østerdal"), ("fjellregionen",)),
    Choice("valdres", Text("Valdres"), ()),
    Choice("innlandet-fylkeskommune", Text("Innlandet fylkeskommune"), ("fylkeskommunen", "ifk")),
)

# A valid text answer for every field of the needs report (for the default parameters and TODAY).
VALID: dict[str, str] = {
    "network": "Valdres",
    "scheme": "desentralisert",
    "measure_type": "nytt",
    "first_grant_year": "2026",
    "title": "Lesing i alle fag",
    "justification": "Kartlegging i alle skolene viste behov for bedre leseopplæring.",
    "goals": "Bedre lesing i alle fag innen 2029",
    "target_group": "Lærere på 1.–10. trinn",
    "kindergartens": "12",
    "schools": "8",
    "participants": "150",
    "uh_partner": "Høgskolen i Innlandet",
    "working_methods": "Samlinger med HINN og utprøving i egen skole",
    "period": "2027-2029",
    "amount": "1,2 mill",
    "network_share": "30 %",
    "coordinator": "100 000",
    "own_share": "360 000",
    "own_share_use": "Frikjøp av lærere",
    "other_measures": "1 og 3",
    "other_amount": "200 000",
    "statped_involved": "ja",
    "statped_how": "Statped deltar i kartleggingen og på to samlinger.",
    "ppt": "PPT deltar på alle samlingene.",
    "evaluation": "Spørreundersøkelse før og etter tiltaket",
    "contact_name": "Kari Nordmann",
    "contact_email": "kari.nordmann@valdres.kommune.no",
}

# Which scheme / measure type makes a field applicable.
PATH_FOR: dict[str, dict[str, str]] = {
    "first_grant_year": {"measure_type": "videreført"},
    "kindergartens": {"scheme": "regional"},
    "other_measures": {"scheme": "regional"},
    "other_amount": {"scheme": "regional"},
    "statped_involved": {"scheme": "kompetanseløftet"},
    "statped_how": {"scheme": "kompetanseløftet"},
    "ppt": {"scheme": "kompetanseløftet"},
}


def make_form(params: NeedsReportParameters | None = None) -> Form:
    return build_needs_report_form(NETWORKS, params)


FORM = make_form()


def answers_for(overrides: dict[str, str] | None = None) -> dict[str, str]:
    values = dict(VALID)
    values.update(overrides or {})
    return values


def drive(form: Form, state: FormState, inputs: Iterable[str], today: date = TODAY) -> StepResult:
    result: StepResult | None = None
    for text in inputs:
        result = step(form, state, text, today=today)
        state = result.state
    assert result is not None
    return result


def answer_until(form: Form, stop_at: str | None, overrides: dict[str, str] | None = None, *,
                 today: date = TODAY, limit: int = 60) -> StepResult:
    """Start the form and answer with valid values until ``stop_at`` is asked (None: until the summary)."""
    values = answers_for(overrides)
    result = start(form, today=today)
    for _ in range(limit):
        state = result.state
        if state.mode == "summary" and stop_at is None:
            return result
        if state.mode == "asking" and state.current == stop_at:
            return result
        assert state.mode == "asking", (state.mode, result.kinds)
        assert state.current is not None
        result = step(form, state, values[state.current], today=today)
    raise AssertionError(f"never reached {stop_at}")
