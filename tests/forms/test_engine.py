from __future__ import annotations

import dataclasses
import json

import pytest

from forms.engine import (
    MAX_ATTEMPTS,
    FormState,
    field_progress,
    is_active,
    is_complete,
    new_state,
    reask,
    resume,
    start,
    step,
    submission,
)
from forms.questions import looks_like_question
from forms.text import MAX_INPUT_CHARS
from tests.forms.helpers import FORM, TODAY, VALID, answer_until, drive


def ask_field(result) -> str | None:  # type: ignore[no-untyped-def]
    part = result.part("ask")
    return None if part is None else part.data["field"]


def test_start_gives_an_intro_and_the_first_question() -> None:
    result = start(FORM, today=TODAY)
    assert result.kinds == ["intro", "ask"]
    ask = result.part("ask").data
    assert ask["field"] == "network" and ask["number"] == 1
    assert ask["why"] and ask["example"] and ask["question"]
    assert [choice["label"] for choice in ask["choices"]][:2] == ["Hamarregionen", "Sør-Østerdal"]
    assert result.state.mode == "asking" and result.outcome == "continue"


def test_state_is_json_and_survives_a_round_trip_mid_conversation() -> None:
    result = answer_until(FORM, "amount")
    stored = json.loads(json.dumps(result.state.to_dict()))
    restored = FormState.from_dict(stored)
    assert restored == result.state
    again = step(FORM, restored, "1,2 mill", today=TODAY)
    assert again.state.answers["amount"] == 1_200_000
    assert ask_field(again) == "network_share"


def test_to_dict_holds_every_field_of_the_state() -> None:
    state = answer_until(FORM, "amount").state
    assert set(state.to_dict()) == {item.name for item in dataclasses.fields(FormState)}
    assert state.to_dict()["answers"] is not state.answers


def test_from_dict_tolerates_garbage() -> None:
    state = FormState.from_dict({"form_id": FORM.id, "mode": "nonsense", "answers": "x", "attempts": {"a": "b"},
                                 "history": 5, "lang": "xx", "current": 3})
    assert state.mode == "asking" and state.answers == {} and state.lang == "nb" and state.current is None
    result = step(FORM, state, "Valdres", today=TODAY)  # no current field: ask the first pending one
    assert ask_field(result) == "network"


def test_a_valid_answer_is_stored_and_the_next_question_asked() -> None:
    result = step(FORM, start(FORM, today=TODAY).state, "valdris", today=TODAY)
    assert result.state.answers == {"network": "valdres"}
    assert result.kinds == ["ack", "ask"]
    assert result.part("ack").data["display"] == "Valdres"
    assert ask_field(result) == "scheme"


def test_invalid_answer_gives_a_specific_error_and_the_same_question_keeping_other_answers() -> None:
    before = answer_until(FORM, "amount")
    result = step(FORM, before.state, "mange penger", today=TODAY)
    assert result.kinds == ["error", "ask"]
    assert "«mange penger»" in result.part("error").data["message"]
    assert ask_field(result) == "amount" and result.part("ask").data["repeat"] is True
    assert result.state.answers == before.state.answers
    assert result.state.attempts == {"amount": 1}


def test_three_failed_tries_offer_help_then_success_clears_the_count() -> None:
    state = answer_until(FORM, "contact_email").state
    kinds = []
    for text in ("kari", "kari@", "kari@lom"):
        result = step(FORM, state, text, today=TODAY)
        kinds.append(result.kinds)
        state = result.state
    assert kinds[0] == ["error", "ask"] and kinds[1] == ["error", "ask"]
    assert kinds[2] == ["error", "help_offer", "ask"]
    offer = result.part("help_offer").data
    assert offer["example"] == VALID["contact_email"] and offer["can_skip"] is False and offer["attempts"] == MAX_ATTEMPTS
    result = step(FORM, state, "kari@lom.kommune.no", today=TODAY)
    assert "contact_email" not in result.state.attempts
    assert result.state.mode == "summary"


def test_help_offer_says_skip_for_optional_fields() -> None:
    state = answer_until(FORM, "other_measures", {"scheme": "regional"}).state
    for _ in range(MAX_ATTEMPTS):
        result = step(FORM, state, "noe helt annet", today=TODAY)
        state = result.state
    assert result.part("help_offer").data["can_skip"] is True


def test_back_goes_to_the_previous_question_showing_the_answer() -> None:
    state = answer_until(FORM, "title").state
    result = step(FORM, state, "tilbake", today=TODAY)
    ask = result.part("ask").data
    assert ask["field"] == "measure_type" and ask["current"] == "Nytt tiltak"
    result = step(FORM, result.state, "behold", today=TODAY)
    assert ask_field(result) == "title"
    assert result.state.answers["measure_type"] == "new"


def test_back_twice_and_change_an_answer() -> None:
    state = answer_until(FORM, "title").state
    result = drive(FORM, state, ["tilbake", "gå tilbake", "regional"])
    assert result.state.answers["scheme"] == "regional"
    assert result.part("ack").data["changed"] is True
    assert ask_field(result) == "title"  # measure_type is still answered


def test_back_in_english_and_nynorsk() -> None:
    state = answer_until(FORM, "title").state
    assert ask_field(step(FORM, state, "back", today=TODAY)) == "measure_type"
    assert ask_field(step(FORM, state, "attende", today=TODAY)) == "measure_type"


def test_back_at_the_first_question() -> None:
    result = step(FORM, start(FORM, today=TODAY).state, "tilbake", today=TODAY)
    assert result.kinds == ["info", "ask"] and result.part("info").data["code"] == "no_previous"
    assert ask_field(result) == "network"


def test_keep_without_an_answer_is_an_error() -> None:
    result = step(FORM, start(FORM, today=TODAY).state, "behold", today=TODAY)
    assert result.part("error").data["code"] == "nothing_to_keep"


@pytest.mark.parametrize("command", ["endre tittel", "endre Tittel", "endre 4", "endre på tittelen", "change title",
                                     "endra tittel"])
def test_edit_by_name_alias_or_number_mid_form(command: str) -> None:
    state = answer_until(FORM, "amount").state
    result = step(FORM, state, command, today=TODAY)
    ask = result.part("ask").data
    assert ask["field"] == "title" and ask["current"] == VALID["title"]
    result = step(FORM, result.state, "Lesing og skriving", today=TODAY)
    assert result.state.answers["title"] == "Lesing og skriving"
    assert ask_field(result) == "amount"  # back to where we were


def test_edit_with_a_value() -> None:
    state = answer_until(FORM, "amount").state
    result = step(FORM, state, "endre tittel til Skriving i alle fag", today=TODAY)
    assert result.state.answers["title"] == "Skriving i alle fag"
    assert ask_field(result) == "amount"


def test_an_answer_starting_with_endre_is_an_answer() -> None:
    state = answer_until(FORM, "goals").state
    result = step(FORM, state, "Endre vurderingspraksis i alle klasserom", today=TODAY)
    assert result.state.answers["goals"] == "Endre vurderingspraksis i alle klasserom"
    state = answer_until(FORM, "title").state
    result = step(FORM, state, "Tilbake til grunnleggende lesing", today=TODAY)
    assert result.state.answers["title"] == "Tilbake til grunnleggende lesing"


def test_edit_a_field_that_does_not_apply() -> None:
    state = answer_until(FORM, None).state  # desentralisert: no kindergartens question
    result = step(FORM, state, "endre barnehager", today=TODAY)
    assert result.part("error").data["code"] == "not_applicable"
    assert result.state.mode == "choose_field"


def test_edit_alone_asks_which_then_number() -> None:
    state = answer_until(FORM, None).state
    result = step(FORM, state, "endre", today=TODAY)
    assert result.kinds == ["edit_prompt"] and result.state.mode == "choose_field"
    items = result.part("edit_prompt").data["items"]
    assert items[0]["number"] == 1 and items[0]["display"] == "Valdres"
    result = step(FORM, result.state, "4", today=TODAY)
    assert ask_field(result) == "title"
    result = step(FORM, result.state, "Ny tittel", today=TODAY)
    assert result.state.mode == "summary" and result.state.answers["title"] == "Ny tittel"


def test_choose_field_unknown_then_back_to_summary() -> None:
    state = answer_until(FORM, None).state
    result = drive(FORM, state, ["endre", "fargen på bilen"])
    assert result.part("error").data["code"] == "unknown_field" and result.state.mode == "choose_field"
    result = step(FORM, result.state, "tilbake", today=TODAY)
    assert result.state.mode == "summary" and result.part("summary") is not None


def test_summary_lists_applicable_answers_numbered_with_extras() -> None:
    result = answer_until(FORM, None)
    summary = result.part("summary").data
    assert summary["complete"] is True and summary["final"] is True
    numbers = [item["number"] for item in summary["items"]]
    assert numbers == list(range(1, len(numbers) + 1))
    by_field = {item["field"]: item for item in summary["items"]}
    assert by_field["amount"]["display"] == "1 200 000 kr"
    assert by_field["network_share"]["display"] == "360 000 kr"
    assert by_field["period"]["display"] == "2027–2029 (3 år)"
    assert "kindergartens" not in by_field and "other_measures" not in by_field
    extras = {line["label"]: line["display"] for line in summary["extras"]}
    assert extras["Fordeling"] == "UH 840 000 kr (70 %), nettverk 360 000 kr (30 %)"


def test_summary_edit_by_number_returns_to_summary() -> None:
    state = answer_until(FORM, None).state
    number = next(item["number"] for item in answer_until(FORM, None).part("summary").data["items"]
                  if item["field"] == "participants")
    result = step(FORM, state, f"endre {number}", today=TODAY)
    assert ask_field(result) == "participants"
    result = step(FORM, result.state, "200", today=TODAY)
    assert result.state.mode == "summary" and result.state.answers["participants"] == 200


def test_a_bare_number_at_the_summary_edits_that_answer() -> None:
    state = answer_until(FORM, None).state
    assert ask_field(step(FORM, state, "1", today=TODAY)) == "network"


def test_summary_edit_that_breaks_rules_asks_each_dependent_field_naming_both() -> None:
    state = answer_until(FORM, None).state  # amount 1.2 mill, network 360 000, coordinator 100 000
    result = step(FORM, state, "endre beløp til 400 000", today=TODAY)
    assert result.state.answers["amount"] == 400_000  # the new amount is kept
    error = result.part("error").data
    assert error["code"] == "rule" and error["field"] == "network_share"
    assert "Nettverkets andel (360 000 kr)" in error["message"] and "(400 000 kr)" in error["message"]
    assert ask_field(result) == "network_share"
    result = step(FORM, result.state, "40 %", today=TODAY)
    error = result.part("error").data
    assert error["field"] == "coordinator"
    assert "Koordinatorbeløpet (100 000 kr)" in error["message"] and "søknadsbeløpet (400 000 kr)" in error["message"]
    assert ask_field(result) == "coordinator"
    result = step(FORM, result.state, "50 000", today=TODAY)
    assert result.state.mode == "summary" and result.part("summary").data["complete"] is True
    assert (result.state.answers["network_share"], result.state.answers["coordinator"]) == (160_000, 50_000)


def test_summary_edit_breaking_network_share_asks_it_again() -> None:
    state = answer_until(FORM, None, {"network_share": "480 000"}).state
    result = step(FORM, state, "endre beløp til 1 000 000", today=TODAY)
    error = result.part("error").data
    assert error["field"] == "network_share" and "høyst 400 000 kr" in error["message"]
    result = step(FORM, result.state, "40 %", today=TODAY)
    assert result.state.mode == "summary"
    assert result.state.answers["network_share"] == 400_000


def test_confirm_at_summary_submits_with_the_applicable_answers() -> None:
    state = answer_until(FORM, None).state
    for word in ("send", "ja", "Send inn", "bekreft", "submit", "yes"):
        result = step(FORM, state, word, today=TODAY)
        assert result.outcome == "submitted", word
        assert result.state.mode == "submitted"
        answers = result.part("submitted").data["answers"]
        assert answers == submission(FORM, result.state)
        assert answers["amount"] == 1_200_000 and answers["own_share"] == 360_000
        assert "kindergartens" not in answers
    assert not is_active(result.state)
    after = step(FORM, result.state, "hei", today=TODAY)
    assert after.outcome == "inactive" and after.kinds == ["closed"]


def test_no_at_summary_asks_which_answer_to_change() -> None:
    result = step(FORM, answer_until(FORM, None).state, "nei", today=TODAY)
    assert result.state.mode == "choose_field" and result.kinds == ["edit_prompt"]


def test_unknown_text_at_summary() -> None:
    result = step(FORM, answer_until(FORM, None).state, "blå", today=TODAY)
    assert result.part("error").data["code"] == "summary_unknown" and result.state.mode == "summary"


def test_back_from_summary_goes_to_the_last_question() -> None:
    result = step(FORM, answer_until(FORM, None).state, "tilbake", today=TODAY)
    assert ask_field(result) == "contact_email"
    assert step(FORM, result.state, "behold", today=TODAY).state.mode == "summary"


def test_send_while_changing_an_answer_keeps_it_and_shows_the_summary() -> None:
    state = step(FORM, answer_until(FORM, None).state, "endre beløp", today=TODAY).state
    result = step(FORM, state, "send", today=TODAY)
    assert result.state.mode == "summary" and result.outcome == "continue"


def test_cancel_asks_for_confirmation_and_no_keeps_everything() -> None:
    before = answer_until(FORM, "amount")
    result = step(FORM, before.state, "avbryt", today=TODAY)
    assert result.kinds == ["confirm_cancel"] and result.state.mode == "confirm_cancel"
    result = step(FORM, result.state, "nei", today=TODAY)
    assert result.kinds == ["info", "ask"] and ask_field(result) == "amount"
    assert result.state.answers == before.state.answers


def test_cancel_confirmed_discards() -> None:
    state = answer_until(FORM, "amount").state
    result = drive(FORM, state, ["cancel", "ja"])
    assert result.outcome == "cancelled" and result.state.mode == "cancelled" and result.state.answers == {}
    assert step(FORM, result.state, "hei", today=TODAY).outcome == "inactive"


def test_cancel_confirmation_repeats_on_unclear_answer() -> None:
    state = step(FORM, answer_until(FORM, "amount").state, "avbryt", today=TODAY).state
    result = step(FORM, state, "1,2 mill", today=TODAY)
    assert result.kinds == ["error", "confirm_cancel"] and result.state.mode == "confirm_cancel"


def test_cancel_from_summary_and_back() -> None:
    result = drive(FORM, answer_until(FORM, None).state, ["avbryt", "nei"])
    assert result.state.mode == "summary" and result.part("summary") is not None


def test_restart_with_confirmation() -> None:
    state = answer_until(FORM, "amount").state
    result = drive(FORM, state, ["start på nytt", "nei"])
    assert ask_field(result) == "amount" and result.state.answers == state.answers
    result = drive(FORM, state, ["start på nytt", "ja"])
    assert result.state.answers == {} and ask_field(result) == "network" and result.outcome == "continue"


def test_pause_saves_a_draft_and_resume_continues_at_the_same_question() -> None:
    state = answer_until(FORM, "amount").state
    result = step(FORM, state, "pause", today=TODAY)
    assert result.outcome == "paused" and result.kinds == ["paused"] and result.state.mode == "paused"
    stored = json.dumps(result.state.to_dict())
    prompt = resume(FORM, FormState.from_dict(json.loads(stored)), today=TODAY)
    assert prompt.kinds == ["resume_prompt"]
    progress = prompt.part("resume_prompt").data["progress"]
    assert progress["done"] == len(state.answers) and progress["total"] > progress["done"]
    result = step(FORM, prompt.state, "fortsett", today=TODAY)
    assert ask_field(result) == "amount" and result.part("ask").data["resumed"] is True
    assert result.state.answers == state.answers


@pytest.mark.parametrize("word", ["lagre", "lagre utkast", "save", "fortsett senere"])
def test_pause_words(word: str) -> None:
    assert step(FORM, answer_until(FORM, "title").state, word, today=TODAY).outcome == "paused"


def test_paused_draft_answering_anything_shows_the_resume_prompt() -> None:
    state = step(FORM, answer_until(FORM, "amount").state, "pause", today=TODAY).state
    result = step(FORM, state, "hei igjen", today=TODAY)
    assert result.kinds == ["resume_prompt"] and result.state.mode == "confirm_resume"
    result = step(FORM, result.state, "tja", today=TODAY)
    assert result.kinds == ["error", "resume_prompt"]


def test_resume_prompt_restart_and_delete() -> None:
    state = answer_until(FORM, "amount").state
    restarted = step(FORM, resume(FORM, state, today=TODAY).state, "start på nytt", today=TODAY)
    assert restarted.state.answers == {} and ask_field(restarted) == "network"
    deleted = step(FORM, resume(FORM, state, today=TODAY).state, "slett", today=TODAY)
    assert deleted.outcome == "cancelled"
    cancelled = step(FORM, resume(FORM, state, today=TODAY).state, "avbryt", today=TODAY)
    assert cancelled.kinds == ["confirm_cancel"]
    assert step(FORM, cancelled.state, "nei", today=TODAY).state.answers == state.answers


def test_resume_a_draft_at_the_summary() -> None:
    state = step(FORM, answer_until(FORM, None).state, "pause", today=TODAY).state
    result = step(FORM, resume(FORM, state, today=TODAY).state, "ja", today=TODAY)
    assert result.state.mode == "summary" and result.part("summary").data["resumed"] is True


def test_resume_of_a_submitted_form_is_inactive() -> None:
    submitted = step(FORM, answer_until(FORM, None).state, "send", today=TODAY).state
    assert resume(FORM, submitted, today=TODAY).outcome == "inactive"


def test_skip_an_optional_field() -> None:
    state = answer_until(FORM, "other_measures", {"scheme": "regional"}).state
    result = step(FORM, state, "hopp over", today=TODAY)
    assert result.kinds[0] == "skipped" and "other_measures" in result.state.skipped
    assert ask_field(result) == "statped_involved" or ask_field(result) == "evaluation"
    assert "other_amount" not in [item.id for item in FORM.applicable(result.state.answers)]


def test_skip_a_required_field_is_refused() -> None:
    result = step(FORM, answer_until(FORM, "amount").state, "skip", today=TODAY)
    assert result.part("error").data["code"] == "not_skippable" and ask_field(result) == "amount"


def test_skipped_field_can_be_answered_later() -> None:
    state = answer_until(FORM, "other_measures", {"scheme": "regional"}).state
    state = step(FORM, state, "hopp over", today=TODAY).state
    result = step(FORM, state, "endre 30 %-delen til 1 og 2", today=TODAY)
    assert result.state.answers["other_measures"] == ["grunnkompetanse", "fagarbeidere"]
    assert "other_measures" not in result.state.skipped
    assert ask_field(result) == "other_amount"  # newly applicable


@pytest.mark.parametrize("word", ["hjelp", "help", "?", "hva mener du", "Hva betyr det?"])
def test_help_explains_the_current_question(word: str) -> None:
    result = step(FORM, answer_until(FORM, "own_share").state, word, today=TODAY)
    assert result.kinds == ["help"]
    help_part = result.part("help").data
    assert help_part["field"] == "own_share" and "30 %" in help_part["why"] and help_part["example"]
    assert result.state.current == "own_share"


def test_summary_mid_form_then_the_same_question() -> None:
    result = step(FORM, answer_until(FORM, "amount").state, "oppsummering", today=TODAY)
    assert result.kinds == ["summary", "ask"]
    summary = result.part("summary").data
    assert summary["final"] is False and summary["complete"] is False
    assert any(item["missing"] for item in summary["items"])
    assert ask_field(result) == "amount" and result.state.mode == "asking"


def test_help_at_summary() -> None:
    assert step(FORM, answer_until(FORM, None).state, "hjelp", today=TODAY).kinds == ["help_summary"]


def test_question_mid_form_returns_question_with_state_unchanged_then_reask() -> None:
    state = answer_until(FORM, "amount").state
    result = step(FORM, state, "når er fristen?", today=TODAY, is_question=looks_like_question)
    assert result.outcome == "question" and result.state is state
    assert result.kinds == ["question"] and result.part("question").data["text"] == "når er fristen?"
    again = reask(FORM, result.state, today=TODAY)
    assert ask_field(again) == "amount" and again.part("ask").data["resumed"] is True


def test_a_question_that_parses_as_an_answer_is_an_answer() -> None:
    state = answer_until(FORM, "participants").state
    result = step(FORM, state, "150?", today=TODAY, is_question=looks_like_question)
    assert result.outcome == "continue" and result.state.answers["participants"] == 150


def test_question_in_a_text_field_and_the_forced_answer() -> None:
    state = answer_until(FORM, "title").state
    assert step(FORM, state, "Hva er god lesing?", today=TODAY, is_question=looks_like_question).outcome == "question"
    forced = step(FORM, state, "svar: Hva er god lesing?", today=TODAY, is_question=looks_like_question)
    assert forced.state.answers["title"] == "Hva er god lesing?"


def test_question_at_summary() -> None:
    state = answer_until(FORM, None).state
    result = step(FORM, state, "hvor mye kan gå til koordinator?", today=TODAY, is_question=looks_like_question)
    assert result.outcome == "question" and result.state is state
    assert reask(FORM, state, today=TODAY).part("summary") is not None


def test_without_a_predicate_questions_are_answers_or_errors() -> None:
    result = step(FORM, answer_until(FORM, "amount").state, "når er fristen?", today=TODAY)
    assert result.outcome == "continue" and result.part("error") is not None


def test_huge_input_is_refused_without_losing_anything() -> None:
    state = answer_until(FORM, "goals").state
    result = step(FORM, state, "x" * (MAX_INPUT_CHARS + 1), today=TODAY)
    assert result.part("error").data["code"] == "input_too_long" and ask_field(result) == "goals"
    assert result.state.answers == state.answers


def test_empty_input() -> None:
    result = step(FORM, answer_until(FORM, "title").state, "   ", today=TODAY)
    assert result.part("error").data["code"] == "empty" and ask_field(result) == "title"


def test_control_characters_never_reach_the_answers() -> None:
    result = step(FORM, answer_until(FORM, "title").state, "Les\x00ing\x1b i alle fag\u200b", today=TODAY)
    assert result.state.answers["title"] == "Lesing i alle fag"


def test_field_progress_counts_answered_against_applicable() -> None:
    state = answer_until(FORM, "title").state
    progress = field_progress(FORM, state)
    assert progress.done == 3
    assert progress.total == len(FORM.applicable(state.answers))
    done = answer_until(FORM, None).state
    assert field_progress(FORM, done).done == field_progress(FORM, done).total
    assert is_complete(FORM, done) and not is_complete(FORM, state)


def test_start_with_prefilled_answers_skips_them_and_drops_invalid_ones() -> None:
    result = start(FORM, today=TODAY, answers={"contact_email": "kari@lom.kommune.no", "amount": "not a number",
                                               "unknown": 1})
    assert result.state.answers == {"contact_email": "kari@lom.kommune.no"}
    assert result.part("intro").data["prefilled"] is True


def test_start_with_a_whole_submitted_report_goes_to_the_summary() -> None:
    submitted = step(FORM, answer_until(FORM, None).state, "send", today=TODAY)
    answers = submitted.part("submitted").data["answers"]
    again = start(FORM, today=TODAY, answers=answers)
    assert again.state.mode == "summary"
    assert submission(FORM, again.state) == answers


def test_nynorsk_and_english_texts_come_from_the_state_language() -> None:
    nynorsk = start(FORM, today=TODAY, lang="nn")
    assert nynorsk.part("ask").data["question"] == "Kva kompetansenettverk melder behovet?"
    english = start(FORM, today=TODAY, lang="en")
    assert english.part("ask").data["question"].startswith("Which competence network")
    assert new_state(FORM, lang="de").lang == "nb"


def test_step_refuses_a_state_of_another_form() -> None:
    state = FormState(form_id="other", form_version=1)
    with pytest.raises(ValueError, match="other"):
        step(FORM, state, "x", today=TODAY)


def test_step_does_not_mutate_the_given_state() -> None:
    state = answer_until(FORM, "amount").state
    snapshot = json.dumps(state.to_dict(), sort_keys=True)
    step(FORM, state, "1,2 mill", today=TODAY)
    step(FORM, state, "avbryt", today=TODAY)
    assert json.dumps(state.to_dict(), sort_keys=True) == snapshot
