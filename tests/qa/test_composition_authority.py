"""Issue 16, kinds 1 and 5: whether a body has a seat in a forum (5.1). The kindergarten authority has one per
region in the kindergarten forum and none in the school forum; PBL is named by the guidelines but not by the
plan's lists, so no "yes" is read from a reply that opens by saying so.

Development questions written from the plan, not from any evaluation set.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.qa import QuestionAnswerer

TODAY = date(2027, 10, 12)


@pytest.mark.parametrize(("question", "lead", "needle"), [
    ("Er barnehagemyndigheten representert i samarbeidsforum barnehage?", "Ja.", "hver region"),
    ("Er kommunen som barnehagemynde med i samarbeidsforum barnehage?", "Ja.", "kvar region"),
    ("Is the kindergarten authority represented in the school forum?", "No.", "the kindergarten authority"),
    ("Er barnehagemyndigheten med i samarbeidsforum skole?", "Nei.", "barnehagemyndigheten"),
])
def test_the_kindergarten_authority_has_a_seat_in_the_kindergarten_forum(qa: QuestionAnswerer, question: str,
                                                                         lead: str, needle: str) -> None:
    answer = qa.answer(question, TODAY)
    assert answer.intent == "forum_composition" and answer.text.startswith(lead), answer.text
    assert needle in answer.text, answer.text


@pytest.mark.parametrize("question", ["Er PBL med i samarbeidsforumet?", "Is PBL in the forum?"])
def test_no_yes_before_a_reply_that_opens_by_denying(qa: QuestionAnswerer, question: str) -> None:
    answer = qa.answer(question, TODAY)
    assert not answer.text.startswith(("Ja", "Yes")) and "PBL" in answer.text, answer.text


@pytest.mark.parametrize(("question", "needles"), [
    ("Kven representerer UH i forumet?", ("1–3", "HINN")),
    ("Kven representerer UH i forumet, og med kor mange?", ("1–3", "HINN")),
    ("Hvor mange år kan samarbeidsforum gi tilsagn for?", ("4 år",)),
    ("Hvor mange samarbeidsforum er det i Innlandet?", ("to samarbeidsforum",)),
])
def test_what_is_counted_or_represented_is_what_is_asked(qa: QuestionAnswerer, question: str,
                                                         needles: tuple[str, ...]) -> None:
    answer = qa.answer(question, TODAY)
    for needle in needles:
        assert needle in answer.text, answer.text


def test_organisations_left_out_by_the_question_leave_the_whole_list(qa: QuestionAnswerer) -> None:
    answer = qa.answer("Which organisations, apart from owners and the university college, sit in the kindergarten "
                       "forum?", TODAY)
    assert "Fagforbundet" in answer.text and "KS" in answer.text and "PPT" in answer.text, answer.text


def test_two_questions_of_one_topic_are_both_answered(qa: QuestionAnswerer) -> None:
    answer = qa.answer("Hvor mange nettverk har fylkeskommunen, og hvor mange regionale kompetansenettverk er det "
                       "ellers?", TODAY)
    assert "fire (4)" in answer.text and "ni (9)" in answer.text, answer.text


def test_a_part_asked_after_a_leading_phrase_is_a_part(qa: QuestionAnswerer) -> None:
    answer = qa.answer("In the regional scheme, what share is calculated from staff-years, and what share can go to "
                       "other measures like basic kindergarten competence?", TODAY)
    assert "60%" in answer.text and "30%" in answer.text, answer.text
