from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from bot.planfacts import load_plan_data
from forms.definition import Equals, Field, FieldKind, Form, ParseContext, Rule
from forms.engine import start, step, submission
from forms.needs_report import (
    FORM_ID,
    NeedsReportParameters,
    build_needs_report_form,
    field_progress,
    network_choices,
    scheme_choices,
)
from forms.parsers import ParseError
from forms.text import Text
from tests.forms.helpers import FORM, NETWORKS, PATH_FOR, TODAY, VALID, answer_until, make_form


def asked_fields(overrides: dict[str, str] | None = None, form: Form = FORM) -> list[str]:
    result = answer_until(form, None, overrides)
    return [item["field"] for item in result.part("summary").data["items"]]


COMMON_START = ["network", "scheme", "measure_type"]
COMMON_END = ["evaluation", "contact_name", "contact_email"]


def test_desentralisert_new_measure_fields() -> None:
    assert asked_fields() == [
        *COMMON_START, "title", "justification", "goals", "target_group", "schools", "participants", "uh_partner",
        "working_methods", "period", "amount", "network_share", "coordinator", "own_share", "own_share_use",
        *COMMON_END,
    ]


def test_regional_new_measure_fields_with_the_30_percent_part() -> None:
    fields = asked_fields({"scheme": "regional"})
    assert "kindergartens" in fields and "schools" not in fields
    assert fields.index("other_measures") + 1 == fields.index("other_amount")
    assert "own_share" not in fields and "statped_involved" not in fields


def test_regional_without_other_measures_has_no_amount_question() -> None:
    fields = asked_fields({"scheme": "regional", "other_measures": "ingen"})
    assert "other_measures" in fields and "other_amount" not in fields


def test_kompetanseloftet_fields_with_statped_and_ppt() -> None:
    fields = asked_fields({"scheme": "kompetanseløftet"})
    assert {"kindergartens", "schools", "statped_involved", "statped_how", "ppt"} <= set(fields)
    assert "own_share" not in fields and "other_measures" not in fields
    without_statped = asked_fields({"scheme": "kompetanseløftet", "statped_involved": "nei"})
    assert "statped_involved" in without_statped and "statped_how" not in without_statped


def test_continuing_measure_takes_the_simplified_path() -> None:
    fields = asked_fields({"measure_type": "videreført"})
    assert "justification" not in fields and "goals" not in fields
    assert fields[3] == "first_grant_year"
    assert {"title", "period", "amount", "evaluation"} <= set(fields)


def test_switching_to_continuing_at_the_summary_hides_justification_from_the_submission() -> None:
    state = answer_until(FORM, None).state
    result = step(FORM, state, "endre nytt eller videreført til videreført", today=TODAY)
    assert result.part("ask").data["field"] == "first_grant_year"
    result = step(FORM, result.state, "2026", today=TODAY)
    assert result.state.mode == "summary"
    answers = step(FORM, result.state, "send", today=TODAY).part("submitted").data["answers"]
    assert "justification" not in answers and "goals" not in answers and answers["first_grant_year"] == 2026


def test_switching_scheme_asks_the_new_questions_and_drops_the_old_ones() -> None:
    state = answer_until(FORM, None).state
    result = step(FORM, state, "endre ordning til regional", today=TODAY)
    assert result.part("ask").data["field"] == "kindergartens"
    result = step(FORM, result.state, "10", today=TODAY)
    assert result.part("ask").data["field"] == "other_measures"
    result = step(FORM, result.state, "ingen", today=TODAY)
    assert result.state.mode == "summary"
    answers = submission(FORM, result.state)
    assert "own_share" not in answers and "schools" not in answers and answers["other_measures"] == []
    assert result.state.answers["own_share"] == 360_000  # kept in the draft in case they switch back


@pytest.mark.parametrize(("field", "overrides", "answer", "fragments"), [
    ("network_share", {}, "50 %", ["Nettverkets andel (600 000 kr)", "40 %", "søknadsbeløpet (1 200 000 kr)",
                                  "høyst 480 000 kr"]),
    ("coordinator", {}, "300k", ["Koordinatorbeløpet (300 000 kr)", "20 %", "søknadsbeløpet (1 200 000 kr)",
                                 "høyst 240 000 kr"]),
    ("coordinator", {"network_share": "100 000"}, "200 000",
     ["Koordinatorbeløpet (200 000 kr)", "nettverkets andel (100 000 kr)"]),
    ("other_amount", {"scheme": "regional"}, "400 000",
     ["Beløpet til 30 %-delen (400 000 kr)", "søknadsbeløpet (1 200 000 kr)", "høyst 360 000 kr"]),
    ("period", {"measure_type": "videreført", "first_grant_year": "2025"}, "2027-2029",
     ["første tilsagn (2025)", "2027–2029", "5 år"]),
    ("period", {"measure_type": "videreført", "first_grant_year": "2026"}, "2025-2027",
     ["(2025–2027)", "første tilsagn (2026)"]),
])
def test_cross_field_rules_refuse_the_answer_naming_both_fields(field: str, overrides: dict[str, str], answer: str,
                                                                 fragments: list[str]) -> None:
    before = answer_until(FORM, field, overrides)
    result = step(FORM, before.state, answer, today=TODAY)
    assert result.kinds == ["error", "ask"]
    message = result.part("error").data["message"]
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    assert result.part("ask").data["field"] == field
    assert result.state.answers == before.state.answers


def test_the_ambiguous_own_share_rule_warns_with_the_readings_and_keeps_the_answer() -> None:
    """Plan 5.8 can be read several ways ("30 % ... beregnes ut fra 20 % nevnt over, det statlige
    tilskuddet oversendt tilskuddsmottakere i regionen"): the bot warns, never blocks."""
    before = answer_until(FORM, "own_share")
    result = step(FORM, before.state, "200 000", today=TODAY)
    assert result.kinds == ["ack", "warning", "ask"]
    assert result.state.answers["own_share"] == 200_000 and result.part("ask").data["field"] == "own_share_use"
    message = result.part("warning").data["message"]
    for fragment in ("Egenandelen (200 000 kr)", "flere måter", "minst 360 000 kr", "nettverkets andel",
                     "«20 % nevnt over»"):
        assert fragment in message, (fragment, message)
    assert not FORM.violations(result.state.answers)


@pytest.mark.parametrize(("field", "overrides", "answer"), [
    ("network_share", {}, "40 %"), ("network_share", {}, "0"), ("coordinator", {}, "ingen"),
    ("coordinator", {}, "20 %"), ("own_share", {}, "30 %"), ("own_share", {}, "1 mill"),
    ("other_amount", {"scheme": "regional"}, "360 000"),
    ("period", {"measure_type": "videreført", "first_grant_year": "2025"}, "2026-2028"),
])
def test_answers_at_the_limit_are_accepted(field: str, overrides: dict[str, str], answer: str) -> None:
    result = step(FORM, answer_until(FORM, field, overrides).state, answer, today=TODAY)
    assert field in result.state.answers, result.kinds


@pytest.mark.parametrize(("answer", "expected"), [
    ("60 % til UH og 40 % til nettverket", 480_000), ("40 % til nettverket, resten til UH", 480_000),
    ("nettverket får 300 000, UH resten", 300_000), ("UH 70 %, nettverk 30 %", 360_000), ("360 000", 360_000),
])
def test_network_share_read_from_a_sentence_about_both_parts(answer: str, expected: int) -> None:
    result = step(FORM, answer_until(FORM, "network_share").state, answer, today=TODAY)
    assert result.state.answers["network_share"] == expected


def test_network_share_of_zero_means_everything_to_uh_and_then_no_coordinator() -> None:
    state = answer_until(FORM, "coordinator", {"network_share": "0"}).state
    refused = step(FORM, state, "10 000", today=TODAY)
    assert refused.part("error").data["code"] == "rule"
    assert step(FORM, state, "0", today=TODAY).state.answers["coordinator"] == 0


@pytest.mark.parametrize(("answer", "code"), [("5 år", "too_many_years"), ("2026-2030", "too_many_years"),
                                              ("2015-2016", "start_too_early"), ("2040", "start_too_late")])
def test_period_limits(answer: str, code: str) -> None:
    result = step(FORM, answer_until(FORM, "period").state, answer, today=TODAY)
    assert result.part("error").data["code"] == code


def test_duration_only_counts_from_the_coming_budget_year() -> None:
    result = step(FORM, answer_until(FORM, "period").state, "3 år", today=TODAY)
    assert result.state.answers["period"] == {"start": 2027, "end": 2029}
    assert result.part("ack").data["display"] == "2027–2029 (3 år)"
    january = date(2027, 1, 10)
    result = step(FORM, answer_until(FORM, "period", today=january).state, "2", today=january)
    assert result.state.answers["period"] == {"start": 2027, "end": 2028}


def test_default_start_year() -> None:
    params = NeedsReportParameters()
    assert params.default_start_year(date(2026, 11, 28)) == 2027
    assert params.default_start_year(date(2027, 1, 31)) == 2027
    assert params.default_start_year(date(2027, 2, 1)) == 2027
    assert params.default_start_year(date(2027, 2, 2)) == 2028  # the one budget-year rule: after the deadline
    assert params.default_start_year(date(2027, 7, 1)) == 2028
    late = NeedsReportParameters(deadline_month=3, deadline_day=15)
    assert late.default_start_year(date(2027, 3, 1)) == 2027
    assert NeedsReportParameters(start_year=2030).default_start_year(date(2026, 1, 1)) == 2030


@pytest.mark.parametrize(("answer", "code"), [("500", "below_min"), ("3 mrd", "above_max")])
def test_amount_limits(answer: str, code: str) -> None:
    result = step(FORM, answer_until(FORM, "amount").state, answer, today=TODAY)
    assert result.part("error").data["code"] == code


def test_first_grant_year_must_be_past_or_present() -> None:
    state = answer_until(FORM, "first_grant_year", {"measure_type": "videreført"}).state
    assert step(FORM, state, "2030", today=TODAY).part("error").data["code"] == "future_grant"
    assert step(FORM, state, "2001", today=TODAY).part("error").data["code"] == "too_old"


def test_contact_name_needs_letters() -> None:
    result = step(FORM, answer_until(FORM, "contact_name").state, "12345", today=TODAY)
    assert result.part("error").data["code"] == "no_letters"


def test_parameters_from_plan_data_change_limits_and_texts() -> None:
    params = NeedsReportParameters.from_mapping({"network_share_max_percent": "50", "coordinator_max_percent": 10,
                                                 "max_years": 3, "unknown": 1, "own_share_min_percent": None})
    assert params.network_share_max_percent == Decimal(50) and params.max_years == 3
    assert params.own_share_min_percent == Decimal(30)
    form = make_form(params)
    state = answer_until(form, "network_share").state
    ask = step(form, answer_until(form, "amount").state, "1 mill", today=TODAY).part("ask").data
    assert "høyst 50 %" in ask["question"]
    assert "network_share" in step(form, state, "50 %", today=TODAY).state.answers
    refused = step(form, answer_until(form, "coordinator").state, "15 %", today=TODAY)
    assert "10 %" in refused.part("error").data["message"]
    assert step(form, answer_until(form, "period").state, "4 år", today=TODAY).part("error") is not None


def test_fractional_percent_limits() -> None:
    form = make_form(NeedsReportParameters(coordinator_max_percent=Decimal("12.5")))
    state = answer_until(form, "coordinator", {"amount": "1 000 000"}).state
    assert "coordinator" in step(form, state, "125 000", today=TODAY).state.answers
    refused = step(form, state, "125 001", today=TODAY)
    assert "12,5 %" in refused.part("error").data["message"]


def test_form_from_the_shipped_plan_data() -> None:
    plan = load_plan_data()
    form = build_needs_report_form(network_choices(plan["networks"]), schemes=scheme_choices(plan["schemes"]))
    result = answer_until(form, "measure_type", {"network": "fjellregionen", "scheme": "dekomp"})
    assert result.state.answers["network"] == "nord-osterdal" and result.state.answers["scheme"] == "desentralisert"
    assert len(form.field("network").choices) == len(plan["networks"])


def test_scheme_choices_refuse_unknown_ids() -> None:
    with pytest.raises(ValueError, match="unknown scheme"):
        scheme_choices([{"id": "ny-ordning", "name": "Ny ordning"}])


def test_form_needs_networks() -> None:
    with pytest.raises(ValueError):
        build_needs_report_form(())


def test_field_progress_of_the_needs_report() -> None:
    state = answer_until(FORM, "title").state
    assert field_progress(FORM, state).done == 3


def test_every_field_reads_back_its_own_display_value() -> None:
    """``to_input`` of a stored value parses to the same value: drafts and prefills are stable."""
    for field_id, overrides in [*[(f, PATH_FOR.get(f, {})) for f in VALID]]:
        result = answer_until(FORM, None, overrides)
        if field_id not in result.state.answers:
            continue
        item = FORM.field(field_id)
        value = result.state.answers[field_id]
        context = ParseContext(TODAY, FORM.effective_answers(result.state.answers))
        assert item.parse(item.to_input(value), context) == value, field_id
        assert item.display(value)


def test_the_form_describes_itself_as_json_for_other_surfaces() -> None:
    described = json.loads(json.dumps(FORM.to_json()))
    assert described["id"] == FORM_ID
    by_id = {item["id"]: item for item in described["fields"]}
    assert by_id["own_share"]["condition"] == {"equals": {"field": "scheme", "value": "desentralisert"}}
    assert by_id["other_measures"]["optional"] is True
    assert {rule["target"] for rule in described["rules"]} == {"network_share", "coordinator", "own_share",
                                                                "other_amount", "period"}


def test_form_definition_is_checked() -> None:
    text = Text("x")
    plain = Field("a", FieldKind.TEXT, text, text, text, text)
    with pytest.raises(ValueError, match="duplicate"):
        Form("f", 1, text, (plain, plain))
    later = Field("b", FieldKind.TEXT, text, text, text, text, condition=Equals("c", 1))
    with pytest.raises(ValueError, match="earlier"):
        Form("f", 1, text, (later, Field("c", FieldKind.TEXT, text, text, text, text)))
    with pytest.raises(ValueError, match="choices"):
        Form("f", 1, text, (Field("d", FieldKind.CHOICE, text, text, text, text),))
    with pytest.raises(ValueError, match="rule"):
        Form("f", 1, text, (plain,), rules=(Rule("r", ("a", "zz"), "a", lambda answers: None),))


def test_resolve_names() -> None:
    answers = answer_until(FORM, None).state.answers
    assert FORM.resolve("beløp", answers).id == "amount"
    assert FORM.resolve("e-post", answers).id == "contact_email"
    assert FORM.resolve("koordinator", answers).id == "coordinator"
    assert FORM.resolve("egenandel", answers).id == "own_share"
    assert FORM.resolve("1", answers).id == "network"
    with pytest.raises(ParseError):
        FORM.resolve("kindergartens", answers)


def test_networks_in_the_helper_form() -> None:
    assert [choice.id for choice in FORM.field("network").choices] == [choice.id for choice in NETWORKS]


def test_start_in_nynorsk_uses_placeholders() -> None:
    ask = step(FORM, answer_until(FORM, "amount").state, "1 mill", today=TODAY)
    ask_nn = start(FORM, today=TODAY, lang="nn")
    assert "høyst 40 %" in ask.part("ask").data["question"]
    assert ask_nn.part("ask").data["why"].startswith("Midlane")
