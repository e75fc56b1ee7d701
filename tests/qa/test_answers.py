"""What the answers say: dates relative to today, sections, contradictions, weekends, languages."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from bot.planfacts import load_plan_data
from bot.qa import Answer, QuestionAnswerer


def test_annual_report_deadline_is_dated_sourced_and_notes_the_contradiction(qa: QuestionAnswerer) -> None:
    answer = qa.answer("Når er fristen for årsrapportering?", date(2026, 11, 28))
    assert answer.intent == "deadline_arsrapport"
    assert "fredag 15. januar 2027" in answer.text
    assert "om 48 dager" in answer.text
    assert "Statsforvalteren" in answer.text
    assert "10.01.23" in answer.text            # section 10 also says 10 January 2023
    assert "(planen punkt 10 og 9)" in answer.text
    assert answer.sources[0] == "10"
    assert answer.language == "nb" and not answer.outside_plan
    assert 0 < answer.confidence <= 1


def test_deadline_today_and_the_day_after(qa: QuestionAnswerer) -> None:
    on_the_day = qa.answer("frist årsrapport", date(2027, 1, 15)).text
    assert "fredag 15. januar 2027 (i dag)" in on_the_day
    day_after = qa.answer("frist årsrapport", date(2027, 1, 16)).text
    assert "lørdag 15. januar 2028" in day_after


def test_innstilling_gives_both_dates(qa: QuestionAnswerer) -> None:
    answer = qa.answer("Når er fristen for innstillingen?", date(2026, 1, 20))
    assert "søndag 15. mars 2026" in answer.text
    assert "søndag 1. februar 2026" in answer.text
    assert "5.6" in answer.text and "ikke entydig" in answer.text
    assert {"5.6", "9"} <= set(answer.sources)


@pytest.mark.parametrize(("question", "today", "date_text", "forbidden"), [
    ("Når er fristen for behovsmelding?", date(2026, 1, 10), "søndag 1. februar 2026", "2. februar 2026"),
    ("Når er fristen for innstillingen?", date(2026, 2, 20), "søndag 15. mars 2026", "16. mars 2026"),
    ("Når er fristen for årsrapport?", date(2027, 11, 1), "lørdag 15. januar 2028", "17. januar 2028"),
    ("Når betaler Statsforvalteren ut tilskuddet?", date(2028, 3, 1), "lørdag 15. april 2028", "18. april 2028"),
])
def test_weekend_deadlines_get_a_note_and_no_promised_move(qa: QuestionAnswerer, question: str, today: date,
                                                          date_text: str, forbidden: str) -> None:
    text = qa.answer(question, today).text
    assert date_text in text
    # Issue 16: the plan says nothing of who decides on a weekend deadline; no such advice is given.
    assert "som avgjør" not in text
    assert "ingen utsettelse" in text
    assert forbidden not in text


def test_extension_question_without_weekend(qa: QuestionAnswerer) -> None:
    text = qa.answer("Kan vi få utsatt fristen for behovsmelding?", date(2026, 11, 28)).text
    assert "mandag 1. februar 2027" in text and "som avgjør" not in text
    assert text.startswith("Planen sier ikke at en frist kan utsettes – den gir ingen utsettelse")


def test_next_deadline_lists_two_with_dates(qa: QuestionAnswerer) -> None:
    answer = qa.answer("Hva er neste frist?", date(2027, 3, 16))
    assert answer.intent == "deadline_next"
    assert "torsdag 15. april 2027" in answer.text and "lørdag 15. januar 2028" in answer.text
    english = qa.answer("what is the next deadline?", date(2027, 3, 16))
    assert "Thursday 15 April 2027" in english.text and english.language == "en"


def test_next_meeting_any_year(qa: QuestionAnswerer) -> None:
    assert "torsdag 21. januar 2027" in qa.answer("Når er neste møte?", date(2027, 1, 1)).text
    assert "torsdag 18. juni 2026 (i dag)" in qa.answer("neste møte i samarbeidsforumet", date(2026, 6, 18)).text
    assert "torsdag 17. september 2026" in qa.answer("Når er neste møte?", date(2026, 6, 19)).text
    assert "torsdag 18. januar 2035" in qa.answer("Når er neste møte?", date(2035, 1, 1)).text


def test_the_2022_example_date_is_not_carried_to_other_years(qa: QuestionAnswerer) -> None:
    text = qa.answer("Er møtet fortsatt 20. januar?", date(2026, 11, 1)).text
    assert "21. januar 2027" in text
    assert "20. januar 2027" not in text


def test_invitation_is_fourteen_days_before(qa: QuestionAnswerer) -> None:
    answer = qa.answer("Når kommer innkallingen til neste møte?", date(2026, 8, 20))
    assert answer.intent == "meeting_invitation"
    assert "torsdag 17. september 2026" in answer.text
    assert "torsdag 3. september 2026" in answer.text
    assert "14 dager" in answer.text
    assert "4.1" in answer.sources


def test_nynorsk_question_gets_a_nynorsk_answer(qa: QuestionAnswerer) -> None:
    answer = qa.answer("Kva er fristen for årsrapporteringa?", date(2027, 11, 1))
    assert answer.language == "nn"
    assert "laurdag 15. januar 2028" in answer.text
    assert "dagar" in answer.text and "Statsforvaltaren" in answer.text
    assert "ikkje eintydig" in answer.text
    assert "Planen gir inga utsetjing" in answer.text
    meeting = qa.answer("Når er neste møte? Eg finn det ikkje.", date(2026, 2, 1))
    assert meeting.language == "nn" and "veke 10" in meeting.text


def test_english_question_gets_an_english_answer(qa: QuestionAnswerer) -> None:
    answer = qa.answer("How much can be used for a regional coordinator?", date(2026, 11, 28))
    assert answer.language == "en" and answer.intent == "pct_koordinator"
    assert "20%" in answer.text and "(plan, section 5.8)" in answer.text
    composition = qa.answer("Who sits on the school forum?", date(2026, 11, 28))
    assert "Statped" in composition.text and "Samarbeidsforum skole" in composition.text
    assert "Samarbeidsforum barnehage" not in composition.text.split("The guidelines")[0]


def test_outside_the_plan_is_honest(qa: QuestionAnswerer) -> None:
    for question in ("Hva er hovedstaden i Frankrike?", "hvor mye får Valdres i 2031?",
                     "Hvem er leder i samarbeidsforum nå?"):
        answer = qa.answer(question, date(2026, 11, 28))
        assert answer.intent == "outside_plan" and answer.outside_plan, question
        assert "sier ikke planen" in answer.text
        assert "Jeg kan svare på spørsmål om" in answer.text
        assert not re.search(r"\d{3} ?\d{3}|millioner|kroner", answer.text)
    english = qa.answer("What is the weather like in Hamar?", date(2026, 11, 28))
    assert english.outside_plan and english.language == "en" and "does not say" in english.text
    nynorsk = qa.answer("Kven vann fotball-VM?", date(2026, 11, 28))
    assert nynorsk.outside_plan and "seier ikkje planen" in nynorsk.text


def test_retrieval_quotes_a_passage_above_the_threshold_only(qa: QuestionAnswerer) -> None:
    passage = qa.answer("Hva sier planen om opplæring av nyansatte og kartleggingsresultater?", date(2026, 11, 28))
    assert passage.intent == "plan_passage"
    assert passage.sources == ["4.2.6"]
    assert "«" in passage.text and "nyansatte" in passage.text
    below = qa.answer("Hva sier planen om elbiler og parkering?", date(2026, 11, 28))
    assert below.intent == "outside_plan"


def test_answer_to_json(qa: QuestionAnswerer) -> None:
    answer = qa.answer("Kan statsforvalteren stemme?", date(2026, 11, 28))
    data = answer.to_json()
    assert set(data) >= {"answer", "intent", "sources", "confidence", "language", "outside_plan"}
    assert data["intent"] == "voting" and data["sources"] == ["5.5"] and "ikke stemme" in data["answer"]
    assert isinstance(answer, Answer)


def test_same_question_same_answer_and_today_matters(qa: QuestionAnswerer) -> None:
    first = qa.answer("Når er neste møte?", date(2026, 11, 28))
    assert qa.answer("Når er neste møte?", date(2026, 11, 28)) == first
    assert qa.answer("Når er neste møte?", date(2026, 11, 29)).text != first.text


def test_a_changed_rule_is_a_data_change(tmp_path: Path) -> None:
    override = tmp_path / "plan.toml"
    override.write_text('''
[[deadlines]]
id = "arsrapport"
rule = { month = 1, day = 20 }
sources = ["10"]
name = { nb = "fristen for årsrapportering", nn = "fristen for årsrapportering", en = "the annual report deadline" }
label = { nb = "årsrapportering", nn = "årsrapportering", en = "annual report" }
who = { nb = "Tilskuddsmottakerne rapporterer.", nn = "Tilskotsmottakarane rapporterer.", en = "Recipients report." }

[meetings]
section = "9"
weekday = "wednesday"
iso_weeks = [5, 20]
''', encoding="utf-8")
    answerer = QuestionAnswerer(load_plan_data(override))
    deadline = answerer.answer("Når er fristen for årsrapportering?", date(2026, 11, 28))
    assert "onsdag 20. januar 2027" in deadline.text and "10.01.23" not in deadline.text
    meeting = answerer.answer("Når er neste møte?", date(2026, 11, 28))
    assert "onsdag 3. februar 2027" in meeting.text and "uke 5" in meeting.text
    deadlines = answerer.answer("Hva er neste frist?", date(2027, 1, 21))
    assert "onsdag 20. januar 2027" not in deadlines.text and "torsdag 20. januar 2028" in deadlines.text
