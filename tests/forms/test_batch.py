"""Many answers at once (email form, Slack modal, Teams card): one pure function."""

from __future__ import annotations

from forms.batch import apply_answers
from forms.engine import new_state
from forms.needs_report import NeedsReportParameters
from tests.forms.helpers import FORM, TODAY, VALID, make_form


def _desentralisert() -> dict[str, str]:
    return {field_id: VALID[field_id] for field_id in (
        "network", "scheme", "measure_type", "title", "justification", "goals", "target_group", "schools",
        "participants", "uh_partner", "working_methods", "period", "amount", "network_share", "coordinator",
        "own_share", "own_share_use", "evaluation", "contact_name", "contact_email")}


def test_a_complete_set_of_answers_is_kept_in_form_order() -> None:
    result = apply_answers(FORM, new_state(FORM), _desentralisert(), today=TODAY)
    assert result.complete and not result.errors and not result.missing
    assert result.state.answers["amount"] == 1_200_000 and result.state.answers["network_share"] == 360_000
    assert list(result.state.answers) == [item.id for item in FORM.applicable(result.state.answers)
                                          if item.id in result.state.answers]


def test_invalid_answers_are_dropped_with_their_error_code_and_valid_ones_kept() -> None:
    answers = {**_desentralisert(), "amount": "mange penger", "contact_email": "kari(at)valdres"}
    result = apply_answers(FORM, new_state(FORM), answers, today=TODAY)
    assert set(result.errors) >= {"amount", "contact_email"}
    assert all(error.code and error.message for error in result.errors.values())
    assert "amount" not in result.state.answers and result.state.answers["title"] == VALID["title"]
    assert not result.complete


def test_a_rule_refuses_its_target_and_names_the_rule() -> None:
    answers = {**_desentralisert(), "network_share": "60 %"}
    result = apply_answers(FORM, new_state(FORM), answers, today=TODAY)
    error = result.errors["network_share"]
    assert error.code == "rule" and error.rule == "network_share_max" and "amount" in error.fields
    assert "network_share" not in result.state.answers and "network_share" not in result.accepted


def test_answers_build_on_the_stored_state() -> None:
    first = apply_answers(FORM, new_state(FORM), {"network": "Valdres", "scheme": "regional"}, today=TODAY)
    assert "kindergartens" in first.missing and "schools" not in first.missing
    second = apply_answers(FORM, first.state, {"kindergartens": "12"}, today=TODAY)
    assert second.state.answers["network"] == "valdres" and second.state.answers["kindergartens"] == 12


def test_a_condition_sees_answers_given_in_the_same_batch() -> None:
    result = apply_answers(FORM, new_state(FORM), {"scheme": "desentralisert", "own_share": "50 000",
                                                   "kindergartens": "3"}, today=TODAY)
    assert "kindergartens" not in result.state.answers  # not asked in desentralisert ordning
    assert "own_share" in result.accepted


def test_blank_optional_is_skipped_blank_required_missing_or_an_error() -> None:
    base = apply_answers(FORM, new_state(FORM), {"scheme": "regional"}, today=TODAY).state
    result = apply_answers(FORM, base, {"other_measures": "", "title": " "}, today=TODAY)
    assert "other_measures" in result.state.skipped and "title" in result.missing and not result.errors
    strict = apply_answers(FORM, base, {"title": ""}, today=TODAY, blank_required_is_error=True)
    assert strict.errors["title"].code == "required"


def test_the_input_state_is_not_changed() -> None:
    state = new_state(FORM)
    apply_answers(FORM, state, {"network": "Valdres"}, today=TODAY)
    assert state.answers == {}


def test_a_warning_rule_keeps_the_answer() -> None:
    form = make_form(NeedsReportParameters())
    warned = [rule for rule in form.rules if rule.is_warning]
    result = apply_answers(form, new_state(form), _desentralisert(), today=TODAY)
    assert set(result.warnings) <= {rule.target for rule in warned}
