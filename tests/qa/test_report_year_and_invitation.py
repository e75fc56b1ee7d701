"""Issue 16, kinds 2 and 5: the year a report covers, "the last day" as a deadline, and the invitation to a
meeting named in a sentence before the question.

Development questions written from the plan, not from any evaluation set.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.qa import QuestionAnswerer


@pytest.mark.parametrize(("question", "lead", "year"), [
    ("Hvilket budsjettår gjelder årsrapporten vi leverer nå?", "Rapporten som skal leveres innen fredag 15. januar 2027",
     "gjelder budsjettåret 2026"),
    ("kva budsjettår gjeld rapporten?", "Rapporten som skal leverast innan fredag 15. januar 2027",
     "gjeld budsjettåret 2026"),
    ("Which budget year does the annual report cover?", "The report due by Friday 15 January 2027",
     "covers budget year 2026"),
])
def test_which_budget_year_a_report_covers(qa: QuestionAnswerer, question: str, lead: str, year: str) -> None:
    answer = qa.answer(question, date(2027, 1, 4))
    assert answer.intent == "deadline_arsrapport" and answer.text.startswith(lead), answer.text
    assert year in answer.text[:200], answer.text  # in the lead sentence


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


@pytest.mark.parametrize(("question", "today", "lead"), [
    ("møte i samarbeidsforumet idag?", date(2028, 11, 16), "Ja."),
    ("møte i samarbeidsforumet i morgen?", date(2028, 11, 16), "Nei."),
    ("var det møte i går?", date(2028, 11, 17), "Ja, torsdag 16. november 2028 (i går)."),
    ("was there a forum meeting yesterday?", date(2028, 11, 17), "Yes, Thursday 16 November 2028 (yesterday)."),
    ("var det møte i går?", date(2028, 11, 18), "Nei."),
])
def test_a_day_named_without_a_question_word_asks_yes_or_no(qa: QuestionAnswerer, question: str, today: date,
                                                             lead: str) -> None:
    answer = qa.answer(question, today)
    assert answer.intent == "meeting" and answer.text.startswith(lead), answer.text


def test_replies_read_from_the_wording_are_not_shared_between_questions(qa: QuestionAnswerer) -> None:
    # The same concepts and slots; only the day word differs, and with it the answer (replies are memoised).
    day = date(2028, 11, 16)
    leads = [qa.answer(question, day).text.split(".")[0]
             for question in ("møte i forumet i dag?", "møte i forumet i morgen?", "møte i forumet i dag?")]
    assert leads == ["Ja", "Nei", "Ja"]


@pytest.mark.parametrize(("question", "today", "lead"), [
    # 1 February (5.6) has passed, 15 March (the wheel) has not: no plain yes or no.
    ("Er innstillingen til Statsforvalteren allerede forsinket?", date(2027, 3, 12), "Planen er ikke entydig her"),
    ("Is the recommendation to the County Governor already overdue?", date(2027, 3, 12),
     "The plan is not consistent here"),
    ("We are past the March forum meeting. Is the recommendation already overdue?", date(2027, 3, 12),
     "The plan is not consistent here"),
    # Both dates on the same side: the plain answer.
    ("Har innstillingsfristen gått ut?", date(2027, 3, 20), "Ja."),
    ("Har innstillingsfristen gått ut?", date(2027, 1, 20), "Nei."),
])
def test_whether_a_deadline_the_plan_gives_twice_has_passed(qa: QuestionAnswerer, question: str, today: date,
                                                            lead: str) -> None:
    answer = qa.answer(question, today)
    assert answer.intent == "deadline_innstilling" and answer.text.startswith(lead), answer.text


@pytest.mark.parametrize(("context", "question", "today", "needle"), [
    ([], "When's the next samarbeidsforum meeting after the November one?", date(2026, 11, 13), "21 January 2027"),
    ([], "Når er møtet etter novembermøtet?", date(2026, 11, 13), "21. januar 2027"),
    (["When does the samarbeidsforum meet in June this year?"], "and the one after that?", date(2028, 3, 28),
     "21 September 2028"),
    (["Når er møtet i juni?"], "og det etter der?", date(2028, 3, 28), "21. september 2028"),
])
def test_the_meeting_after_a_named_one(qa: QuestionAnswerer, context: list[str], question: str, today: date,
                                       needle: str) -> None:
    answer = qa.answer(question, today, context=context)
    assert answer.intent == "meeting" and needle in answer.text, answer.text


@pytest.mark.parametrize("question", [
    "er det statsforvaltaren eller samarbeidsforumet sjølv som vel medlemmane i forumet?",
    "Who chooses the members of the forum?",
])
def test_who_chooses_the_members_says_both_rules(qa: QuestionAnswerer, question: str) -> None:
    answer = qa.answer(question, date(2026, 4, 28))
    assert answer.intent == "representatives" and "5.1" in answer.text and "5.4" in answer.text, answer.text
    assert not answer.text.startswith(("Ja", "Yes", "Nei", "No")), answer.text
