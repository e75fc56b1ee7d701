"""Issue 16, kind 9: "they" after "who has the secretariat?" is Statsforvalteren, also when the follow-up names
the forum as the place ("kan dei røyste i forumet?").

Development questions written from the plan, not from any evaluation set.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.qa import QuestionAnswerer


@pytest.mark.parametrize(("before", "question", "lead"), [
    ("Kven har sekretariatsansvaret for samarbeidsforumet?", "kan dei røyste i forumet?", "Nei."),
    ("Who runs the secretariat of the forums?", "can they vote in the forum?", "No."),
    ("Hvem har sekretariatet?", "deltar de på møtene i forumet?", "Ja."),
])
def test_they_is_the_secretariat(qa: QuestionAnswerer, before: str, question: str, lead: str) -> None:
    answer = qa.answer(question, date(2028, 4, 27), context=[before])
    assert answer.text.startswith(lead) and "Statsforvalt" in answer.text, answer.text


@pytest.mark.parametrize(("question", "lead"), [
    ("Sender statsforvaltaren ut drøftingsspørsmål og artiklar før møta?", "Ja."),
    ("Sender PPT drøftingsspørsmål før møtene?", "Nei."),
    ("Will we get discussion questions before the forum meetings?", "Yes."),
    ("Får vi forskningsartikler før møtet?", "Ja."),
])
def test_who_sends_the_discussion_material(qa: QuestionAnswerer, question: str, lead: str) -> None:
    answer = qa.answer(question, date(2028, 3, 21))
    assert answer.text.startswith(lead) and "14" in answer.text, answer.text
