"""Issue 16, kinds 2 and 5: the year a report covers, "the last day" as a deadline, and the invitation to a
meeting named in a sentence before the question.

Development questions written from the plan, not from any evaluation set.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.qa import QuestionAnswerer


@pytest.mark.parametrize(("question", "lead"), [
    ("Hvilket budsjettår gjelder årsrapporten vi leverer nå?", "Rapporten som skal leveres innen fredag 15. januar 2027"),
    ("kva budsjettår gjeld rapporten?", "Rapporten som skal leverast innan fredag 15. januar 2027"),
    ("Which budget year does the annual report cover?", "The report due by Friday 15 January 2027"),
])
def test_which_budget_year_a_report_covers(qa: QuestionAnswerer, question: str, lead: str) -> None:
    answer = qa.answer(question, date(2027, 1, 4))
    assert answer.intent == "deadline_arsrapport" and answer.text.startswith(lead), answer.text
    assert "2026" in answer.text.split(".")[1] or "2026" in answer.text[:160], answer.text


def test_the_budget_year_follows_the_deadline_just_given(qa: QuestionAnswerer) -> None:
    # On 20 January 2027 the next report is due 15 January 2028 and covers 2027.
    answer = qa.answer("og hvilket budsjettår gjelder den?", date(2027, 1, 20), context=["Når er rapporteringsfristen?"])
    assert "budsjettåret 2027" in answer.text and "15. januar 2028" in answer.text, answer.text


@pytest.mark.parametrize(("question", "lead"), [
    ("is today the last day to submit the behovsmelding?", "Yes"),
    ("is tomorrow the last day for the needs report?", "No"),
    ("er i dag siste dag for å sende behovsmelding?", "Ja"),
])
def test_the_last_day_is_the_deadline(qa: QuestionAnswerer, question: str, lead: str) -> None:
    answer = qa.answer(question, date(2027, 2, 1))
    assert answer.intent == "deadline_behovsmelding" and answer.text.startswith(lead), answer.text


@pytest.mark.parametrize(("question", "needles"), [
    ("Neste møte i samarbeidsforum er i uke 10. Hvilken dato kan vi senest vente innkallingen?",
     ("25. februar 2027",)),
    ("The next forum meeting is in June. When should the invitation arrive?", ("10 June 2027",)),
])
def test_the_invitation_to_a_meeting_named_before(qa: QuestionAnswerer, question: str,
                                                  needles: tuple[str, ...]) -> None:
    answer = qa.answer(question, date(2027, 2, 20))
    assert answer.intent == "meeting_invitation", answer.text
    for needle in needles:
        assert needle in answer.text, answer.text
