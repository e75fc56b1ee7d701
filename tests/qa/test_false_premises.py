"""Issue 16, kind 1: statements put as questions ("Stemmer det at …?", "… – bare X?") with a quantifier (only,
always) or a number of weeks get the plan's no, and keep it where the quantifier cannot make the statement true.

Development questions written from the plan, not from any evaluation set.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.qa import QuestionAnswerer

TODAY = date(2026, 2, 16)


@pytest.mark.parametrize(("question", "lead", "needle"), [
    ("Eg har høyrt at drøftingsspørsmåla berre kjem ei veke før møtet. Stemmer det?", "Nei", "14"),
    ("Is the invitation sent a week before the meeting?", "No", "14"),
    ("Kommer innkallingen to uker før møtet?", "Ja", "14"),
    ("Stemmer det at innstillinga alltid vert avgjord ved avrøysting?", "Nei", "semje"),
    ("Stemmer det at bare lærere og barnehagelærere kan delta i kompetansetiltakene?", "Nei", "andre ansatte"),
    ("Is it only teachers who can take part in the measures?", "No", "other staff"),
    ("Kven skal rapportere – berre kommunane?", "Nei", "partnarskapet"),
    ("Hvem sitter i arbeidsgruppa – bare Statsforvalteren?", "Nei", "UH"),
    ("Jeg har hørt at statstilskuddet tar over eiernes ansvar for kompetanse. Er det riktig?", "Nei", "uavhengig"),
])
def test_a_false_statement_gets_the_plans_no(qa: QuestionAnswerer, question: str, lead: str, needle: str) -> None:
    answer = qa.answer(question, TODAY)
    assert answer.text.startswith(lead) and needle in answer.text, answer.text


@pytest.mark.parametrize(("question", "lead"), [
    ("Skal mesteparten av pengene gå til avtaler mellom eiere og UH?", "Ja."),
    ("Should most of the money go to agreements between owners and the university?", "Yes."),
])
def test_the_main_part_goes_to_agreements_with_uh(qa: QuestionAnswerer, question: str, lead: str) -> None:
    answer = qa.answer(question, TODAY)
    assert answer.text.startswith(lead) and ("forpliktende" in answer.text or "binding" in answer.text), answer.text


@pytest.mark.parametrize(("question", "lead"), [
    ("Er det staten som har hovedansvaret for at de ansatte har riktig kompetanse?", "Nei."),
    ("Is the state responsible for staff competence?", "No."),
    ("Er det eierne som har ansvaret for kompetansen?", "Ja."),
    ("Er det Statsforvalteren som har ansvaret for kompetansen til de ansatte?", "Nei."),
    ("Er eiers ansvar for kompetanseutvikling avhengig av at de får statstilskudd?", "Nei."),
])
def test_the_owners_are_responsible_for_competence(qa: QuestionAnswerer, question: str, lead: str) -> None:
    answer = qa.answer(question, TODAY)
    assert answer.intent == "owner_responsibility" and answer.text.startswith(lead), answer.text


@pytest.mark.parametrize(("question", "lead", "needle"), [
    ("Blir den årlige innstillingen vedtatt i separate møter for hver av de tre ordningene?", "Nei.", "felles"),
    ("Vedtas innstillingen i et felles møte?", "Ja.", "felles"),
    ("Er assistentane i barnehagen òg med i målgruppa for kompetansetiltaka?", "Ja.", "andre tilsette"),
    ("Hvem innstiller fordelingen av midlene overfor samarbeidsforumene?", "Kompetansenettverkene", "endelige"),
])
def test_who_recommends_and_where_it_is_adopted(qa: QuestionAnswerer, question: str, lead: str,
                                                needle: str) -> None:
    answer = qa.answer(question, TODAY)
    assert answer.text.startswith(lead) and needle in answer.text, answer.text


@pytest.mark.parametrize("question", [
    "Hvor mange regionale kompetansenettverk er det?",
    "Kven vel leiaren i samarbeidsforum skule, og kor ofte?",
    "kor mange repr. har private barnehageeigarar i samarbeidsforum barnehage?",
    "Hva er fristen for årsrapporten, er det?",
])
def test_a_question_word_question_gets_no_yes_or_no(qa: QuestionAnswerer, question: str) -> None:
    answer = qa.answer(question, TODAY)
    assert not answer.text.startswith(("Ja", "Nei", "Yes", "No")), answer.text


def test_a_statement_put_as_a_question_may_be_affirmed_by_the_plan(qa: QuestionAnswerer) -> None:
    answer = qa.answer("har jeg rett i at innstillingen sendes til Statsforvalteren?", TODAY)
    assert answer.text.startswith("Ja.") and "Statsforvalteren" in answer.text, answer.text
