"""The engine as an explicit state machine: the table, the public operations, and that every
move a conversation makes is one the table holds."""

from __future__ import annotations

import pytest

from forms import engine
from forms.engine import (
    FINAL_MODES,
    TRANSITIONS,
    InvalidTransition,
    Mode,
    can_move,
    continue_draft,
    open_questions,
    resume,
    show_summary,
    start,
    step,
    submit,
)
from tests.forms.helpers import FORM, TODAY, answer_until


def test_every_mode_has_a_row_and_final_modes_lead_nowhere() -> None:
    assert set(TRANSITIONS) == set(Mode)
    for mode in FINAL_MODES:
        assert TRANSITIONS[mode] == frozenset()
    assert can_move("asking", "asking") and not can_move("asking", "submitted")
    assert can_move("summary", "submitted") and not can_move("cancelled", "asking")


def test_the_docstring_draws_every_mode() -> None:
    for mode in Mode:
        assert mode.value in (engine.__doc__ or "")


def test_a_move_the_table_does_not_hold_is_refused() -> None:
    turn = engine._Turn(FORM, start(FORM, today=TODAY).state, TODAY)
    with pytest.raises(InvalidTransition):
        turn.goto(Mode.SUBMITTED)


def test_state_stores_the_mode_as_plain_text() -> None:
    state = start(FORM, today=TODAY).state
    data = state.to_dict()
    assert data["mode"] == "asking" and type(data["mode"]) is str
    assert engine.FormState.from_dict(data).mode is Mode.ASKING


def test_submit_from_a_paused_complete_draft() -> None:
    done = answer_until(FORM, None).state
    paused = engine.pause(FORM, done, today=TODAY)
    assert paused.outcome == "paused" and paused.state.mode == Mode.PAUSED
    sent = submit(FORM, paused.state, today=TODAY)
    assert sent.outcome == "submitted" and sent.state.mode == Mode.SUBMITTED


def test_submit_with_a_gap_asks_the_missing_answer() -> None:
    state = answer_until(FORM, "amount").state
    result = submit(FORM, state, today=TODAY)
    assert result.outcome == "continue" and result.state.mode == Mode.ASKING
    assert result.part("ask") is not None and result.part("ask").data["field"] == "amount"


def test_continue_draft_needs_one_word_and_shows_no_answer_hint() -> None:
    paused = step(FORM, answer_until(FORM, "title").state, "pause", today=TODAY)
    again = continue_draft(FORM, paused.state, today=TODAY)
    assert again.state.mode == Mode.ASKING and again.part("ask").data["field"] == "title"
    assert again.kinds == ["ask"]


def test_resume_prompt_then_continue_goes_back_to_the_question() -> None:
    state = answer_until(FORM, "title").state
    prompt = resume(FORM, state, today=TODAY)
    assert prompt.state.mode == Mode.CONFIRM_RESUME
    back = step(FORM, prompt.state, "fortsett", today=TODAY)
    assert back.state.mode == Mode.ASKING and back.part("ask").data["field"] == "title"


def test_open_questions_and_show_summary_leave_any_prompt() -> None:
    state = answer_until(FORM, "title").state
    cancel = step(FORM, state, "avbryt", today=TODAY)
    assert cancel.state.mode == Mode.CONFIRM_CANCEL
    opened = open_questions(FORM, cancel.state, today=TODAY)
    assert opened.state.mode == Mode.ASKING and opened.state.return_mode is None
    summary = show_summary(FORM, cancel.state, today=TODAY)
    assert summary.state.mode == Mode.ASKING  # not complete: the missing answer is asked instead


def test_ask_cancel_from_the_summary_returns_there_on_no() -> None:
    done = answer_until(FORM, None).state
    assert done.mode == Mode.SUMMARY
    asked = engine.ask_cancel(FORM, done, today=TODAY)
    assert asked.state.mode == Mode.CONFIRM_CANCEL
    assert step(FORM, asked.state, "nei", today=TODAY).state.mode == Mode.SUMMARY


def test_operations_on_a_final_state_are_inactive() -> None:
    done = step(FORM, answer_until(FORM, None).state, "send", today=TODAY).state
    assert done.mode == Mode.SUBMITTED
    for operation in (continue_draft, open_questions, show_summary, submit, engine.ask_cancel):
        assert operation(FORM, done, today=TODAY).outcome == "inactive"


def test_start_names_the_prefilled_answers() -> None:
    result = start(FORM, today=TODAY, answers={"contact_email": "kari@valdres.kommune.no"})
    intro = result.part("intro").data
    assert [item["field"] for item in intro["prefilled_items"]] == ["contact_email"]
    assert intro["prefilled_items"][0]["display"] == "kari@valdres.kommune.no"


def test_the_question_counter_never_jumps_up() -> None:
    result = start(FORM, today=TODAY)
    totals, numbers = [], []
    values = {"scheme": "kompetanseløftet"}
    from tests.forms.helpers import answers_for

    answers = answers_for(values)
    for _ in range(40):
        ask = result.part("ask")
        if ask is None:
            break
        totals.append(ask.data["total"])
        numbers.append(ask.data["number"])
        result = step(FORM, result.state, answers[ask.data["field"]], today=TODAY)
    assert result.state.mode == Mode.SUMMARY
    assert all(later <= earlier for earlier, later in zip(totals, totals[1:], strict=False)), totals
    assert numbers == list(range(1, len(numbers) + 1)), numbers
    assert totals[-1] == len(FORM.applicable(result.state.answers))


def test_no_keep_when_a_rule_forces_a_new_answer() -> None:
    state = answer_until(FORM, None).state
    lowered = step(FORM, state, "endre nettverksandel til 50 000", today=TODAY)
    ask = lowered.part("ask")
    assert ask is not None and ask.data["field"] == "coordinator"
    assert ask.data["must_change"] is True and ask.data["can_keep"] is False
    kept = step(FORM, lowered.state, "behold", today=TODAY)
    error = kept.part("error")
    assert error is not None and error.data["code"] == "must_change"
    assert kept.part("ask") is not None and kept.part("ask").data["field"] == "coordinator"
