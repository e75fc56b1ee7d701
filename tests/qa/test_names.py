"""Issue 16, kind 3: the plan names no networks and no people. A question asking what the networks are called,
which researcher holds a role, or who our network's HINN contact is, gets "the plan does not say", then what
the plan does say (how many networks; that each network has a contact from HINN). Questions about the roles
themselves keep their answer.

Development questions written from the plan, not from any evaluation set.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.qa import QuestionAnswerer

TODAY = date(2027, 3, 3)


@pytest.mark.parametrize(("question", "needles"), [
    ("Hva heter nettverkene til fylkeskommunen?", ("heter", "fire")),
    ("kva er namna på dei ni regionale nettverka?", ("heiter",)),
    ("What are the networks called?", ("called",)),
    ("Which researcher at HINN follows our network?", ("names no people",)),
    ("Hvem er HINN sin kontaktperson for nettverket vårt?", ("navngir ingen",)),
])
def test_names_the_plan_does_not_give(qa: QuestionAnswerer, question: str, needles: tuple[str, ...]) -> None:
    answer = qa.answer(question, TODAY)
    assert answer.outside_plan and answer.sources, answer.text
    for needle in needles:
        assert needle in answer.text, answer.text


@pytest.mark.parametrize(("question", "intent"), [
    ("Hvem er kontaktperson for årsrapporteringen?", "contact_person"),
    ("What does the HINN contact person do for the networks?", "contact_person"),
    ("Who can be the partnership's contact person for reporting?", "contact_person"),
    ("Hvor mange nettverk har fylkeskommunen?", "networks_structure"),
])
def test_questions_on_the_roles_keep_their_answer(qa: QuestionAnswerer, question: str, intent: str) -> None:
    answer = qa.answer(question, TODAY)
    assert not answer.outside_plan and answer.intent == intent, answer.text


@pytest.mark.parametrize("question", [
    "Hva er totalbudsjettet for desentralisert ordning i 2027?",
    "What is the total budget of the regional scheme?",
    "Hvor mye er Innlandet tildelt totalt i Kompetanseløftet for 2026?",
])
def test_sums_the_plan_does_not_give(qa: QuestionAnswerer, question: str) -> None:
    answer = qa.answer(question, TODAY)
    assert answer.outside_plan and ("beløp" in answer.text or "amounts" in answer.text), answer.text


@pytest.mark.parametrize(("question", "intent"), [
    ("Hvor mange representanter er det til sammen i samarbeidsforum skole?", "forum_composition"),
    ("Hvor mye av budsjettet kan gå til koordinator?", "pct_koordinator"),
])
def test_totals_the_plan_gives_keep_their_answer(qa: QuestionAnswerer, question: str, intent: str) -> None:
    assert qa.answer(question, TODAY).intent == intent


@pytest.mark.parametrize("question", [
    "What is the needs-report deadline in the vocational education (fag- og yrkesopplæring) scheme?",
    "Hvordan fordeles midlene i ordningen for fag- og yrkesopplæringen?",
])
def test_the_vocational_scheme_is_not_in_the_plan(qa: QuestionAnswerer, question: str) -> None:
    answer = qa.answer(question, TODAY)
    assert answer.outside_plan and answer.sources, answer.text


@pytest.mark.parametrize("question", ["Hvordan rapporterer fylkeskommunen tiltak i fag- og yrkesopplæringen?",
                                      "How are vocational measures reported?"])
def test_reporting_on_vocational_measures_is(qa: QuestionAnswerer, question: str) -> None:
    answer = qa.answer(question, TODAY)
    assert answer.intent == "reporting" and ("Utdanningsdirektoratet" in answer.text or "Udir" in answer.text[:200])


@pytest.mark.parametrize("question", [
    "Hvordan regner jeg ut feriepenger for en assistent?",
    "Hvordan søker jeg opptak til grunnskolelærerutdanningen ved HINN?",
    "Kor mykje pengar løyver Utdanningsdirektoratet til Kompetanseløftet på landsbasis?",
])
def test_what_a_how_do_i_question_is_about_is_no_word_of_the_plan(qa: QuestionAnswerer, question: str) -> None:
    assert qa.answer(question, TODAY).outside_plan


@pytest.mark.parametrize("question", ["Hvordan søker vi om midler?", "How do we apply for funding?",
                                      "Hvor søker vi om penger til et tiltak?"])
def test_funds_are_applied_for_with_the_needs_report(qa: QuestionAnswerer, question: str) -> None:
    answer = qa.answer(question, TODAY)
    assert not answer.outside_plan and ("behovsmelding" in answer.text), answer.text


@pytest.mark.parametrize("question", ["Hvem fra HINN deltar i møtene i kompetansenettverkene?",
                                      "Hvem fra høgskolen følger nettverket vårt?",
                                      "Does the HINN contact person take part in discussing other partners?"])
def test_the_hinn_contact_person_of_each_network(qa: QuestionAnswerer, question: str) -> None:
    answer = qa.answer(question, TODAY)
    assert not answer.outside_plan and ("kontaktperson fra HINN" in answer.text or "contact person from HINN"
                                        in answer.text), answer.text
