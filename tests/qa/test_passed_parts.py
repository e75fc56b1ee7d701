"""Issue 16, kinds 2 and 9: "has it passed?" however it is put ("gikk den ut i går?"), and as the second part of
a question ("Når skal pengene være utbetalt, og er fristen passert?"): the deadline the first part named, this
year's date said to have passed and the next one given, once (not the same reply twice).

Development questions written from the plan, not from any evaluation set.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.qa import QuestionAnswerer
from bot.qa.kinds import kind_concepts
from bot.qa.normalize import fold, tokenize


@pytest.mark.parametrize("question", ["Fristen for behovsmelding – gikk den ut i går?", "har fristen gått ut?",
                                      "gjekk han ut i går?", "Er fristen passert?"])
def test_has_it_passed_is_understood(question: str) -> None:
    folded = fold(question)
    assert "passed_q" in kind_concepts(tokenize(folded), folded)


def test_gikk_den_ut_gets_yes_and_the_next_date(qa: QuestionAnswerer) -> None:
    text = qa.answer("Fristen for behovsmelding – gikk den ut i går?", date(2026, 2, 2)).text
    assert text.startswith("Ja. ") and "1. februar 2026" in text and "1. februar 2027" in text, text


def test_the_second_part_asks_about_the_first_parts_deadline(qa: QuestionAnswerer) -> None:
    text = qa.answer("Når skal Statsforvalteren ha betalt ut pengene, og er fristen passert?", date(2027, 4, 20)).text
    # The date leads (the first part asks for it), and its sentence says it has passed; the next one follows.
    assert text.startswith("Statsforvalterens frist") and "15. april 2027 – den har gått ut" in text, text
    assert "15. april 2028" in text and text.count("tilsagnsbrev") == 1, text  # one reply, not the same twice
    text = qa.answer("When is the payout deadline, and has it passed?", date(2027, 4, 10)).text
    assert text.startswith("Statsforvalteren's deadline") and "15 April 2027 (in 5 days)" in text, text
    text = qa.answer("Er fristen for utbetaling passert? Når er den?", date(2027, 4, 20)).text
    assert text.startswith("Ja. "), text  # asked yes or no first: the yes leads


def test_a_second_part_with_its_own_deadline_is_its_own_question(qa: QuestionAnswerer) -> None:
    text = qa.answer("When is the annual report due, and when is the needs deadline after that?", date(2027, 12, 1)).text
    assert "15 January 2028" in text and "1 February 2028" in text, text


def test_every_part_is_answered_in_the_messages_language(qa: QuestionAnswerer) -> None:
    # "Har den gått ut?" alone reads as bokmål; in a nynorsk message it is answered in nynorsk.
    text = qa.answer("Kva er fristen for utbetaling av tilskot frå Statsforvaltaren i år? Har den gått ut?",
                     date(2026, 4, 16)).text
    assert "Statsforvaltaren" in text and "han har gått ut" in text and "tilskudd" not in text, text


@pytest.mark.parametrize(("today", "question", "needles"), [
    (date(2026, 1, 8), "Kva for år gjeld årsrapporteringa med frist 15. januar 2026?", ("15. januar 2026", "budsjettåret 2025")),
    (date(2026, 4, 1), "Which budget year did the reporting with deadline 15 January 2022 cover?",
     ("15 January 2022 (the report for budget year 2021)", "15 January 2027", "for budget year 2026")),
    (date(2026, 11, 20), "Når er fristen for årsrapport?", ("15. januar 2027", "rapporten for budsjettåret 2026")),
])
def test_the_annual_report_names_its_budget_year(qa: QuestionAnswerer, today: date, question: str,
                                                  needles: tuple[str, ...]) -> None:
    text = qa.answer(question, today).text
    for needle in needles:
        assert needle in text, text


@pytest.mark.parametrize(("question", "lead"), [
    ("Is the invitation sent two weeks before the meeting?", "Yes."),
    ("Kommer innkallingen to uker før møtet?", "Ja."),
    ("Kjem innkallinga fjorten dagar før møtet?", "Ja."),
    ("Kommer innkallingen en uke før møtet?", "Nei, 14 dager før."),
    ("Is the invitation sent one week before the meeting?", "No, 14 days before."),
])
def test_weeks_are_counted_in_days(qa: QuestionAnswerer, question: str, lead: str) -> None:
    # Two weeks is the plan's 14 days (4.1): never "No, 14 days before."
    assert qa.answer(question, date(2026, 2, 16)).text.startswith(lead), question


@pytest.mark.parametrize(("today", "question", "lead"), [
    (date(2027, 3, 10), "Er fristen 1. februar 2027 fortsatt åpen? Vi er litt sent ute med behovsmeldingen.", "Nei. "),
    (date(2027, 3, 10), "Is the needs report deadline still open?", "No. "),
    (date(2027, 3, 10), "Har vi fortsatt tid til å sende behovsmeldingen?", "Nei. "),
    (date(2027, 1, 20), "Har vi fortsatt tid til å sende behovsmeldingen?", "Ja. "),
    (date(2027, 1, 20), "Is there still time to send the needs report?", "Yes. "),
])
def test_still_open_is_the_passed_question_turned(qa: QuestionAnswerer, today: date, question: str, lead: str) -> None:
    # "Is it still open?" is yes while the date has not passed (was "Ja." for a passed date named in the question).
    assert qa.answer(question, today).text.startswith(lead), qa.answer(question, today).text


def test_acts_as_is_no_law(qa: QuestionAnswerer) -> None:
    text = qa.answer("Who acts as the contact person for the annual reporting in Innlandet?", date(2028, 10, 17)).text
    assert text.startswith("The partnership appoints a contact person"), text
