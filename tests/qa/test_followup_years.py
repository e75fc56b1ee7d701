"""Issue 16, kind 9: follow-ups that name a year by the conversation ("og året etter?"), that ask "what about X?"
without asking anything new, and that name another share of the grant.

Development questions written from the plan, not from any evaluation set.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.qa import QuestionAnswerer
from bot.qa.kinds import kind_concepts, strip_premise
from bot.qa.normalize import fold, tokenize

TODAY = date(2027, 6, 1)


@pytest.mark.parametrize(("context", "question", "needles"), [
    # The payout is 15 April; on 1 June 2027 the next one is in 2028, so "the year after" is 2029.
    (["Når betaler Statsforvalteren ut tilskuddet?"], "og året etter?", ("15. april 2029",)),
    (["Når betaler Statsforvalteren ut tilskuddet?", "og året etter?"], "og året etter det igjen?",
     ("15. april 2030",)),
    (["When is the needs report deadline?"], "and the year after that?", ("1 February 2029",)),
    (["Når er fristen for behovsmelding?"], "og året etter det?", ("1. februar 2029",)),
    # The report due 15 January 2028 covers 2027; the one a year later covers 2028.
    (["Når er fristen for årsrapporten?"], "og hva med året etter det?", ("15. januar 2029", "2028")),
])
def test_the_year_after_counts_from_the_date_just_given(qa: QuestionAnswerer, context: list[str], question: str,
                                                       needles: tuple[str, ...]) -> None:
    answer = qa.answer(question, TODAY, context=context)
    assert answer.intent.startswith("deadline_"), answer.text
    for needle in needles:
        assert needle in answer.text, answer.text


def test_a_year_named_in_the_follow_up_is_that_year(qa: QuestionAnswerer) -> None:
    answer = qa.answer("og hva med i 2029?", TODAY, context=["Når er fristen for årsrapporten?"])
    assert answer.intent == "deadline_arsrapport", answer.text
    assert "budsjettåret 2029" in answer.text and "15. januar 2030" in answer.text, answer.text


@pytest.mark.parametrize(("before", "question", "intent"), [
    ("Når er fristen for behovsmelding?", "hva med innstillingen?", "deadline_innstilling"),
    ("Hvor mye kan gå til koordinator?", "og felles tiltak?", "pct_felles"),
    ("Hvor mye kan gå til koordinator?", "hva med felles tiltak?", "pct_felles"),
    ("Hvor stor er egenandelen i desentralisert ordning?", "og koordinator?", "pct_koordinator"),
])
def test_what_about_keeps_the_way_of_asking_and_replaces_the_topic(qa: QuestionAnswerer, before: str, question: str,
                                                                    intent: str) -> None:
    assert qa.answer(question, TODAY, context=[before]).intent == intent


@pytest.mark.parametrize("question", ["og året etter det?", "and the year after that?", "og etter det?",
                                      "og neste frist?", "felles tiltak?", "siste frist?", "og første møte i 2028?"])
def test_a_fragment_without_a_verb_asks_no_yes_or_no(question: str) -> None:
    folded = fold(question)
    assert strip_premise(folded) is None
    assert "yesno" not in kind_concepts(tokenize(folded), folded)


@pytest.mark.parametrize(("question", "statement"), [
    ("fristen er 1. februar, er det riktig?", "fristen er 1. februar?"),
    ("the deadline is 1 February, right?", "the deadline is 1 february?"),
])
def test_a_closing_is_that_right_is_still_read(question: str, statement: str) -> None:
    assert strip_premise(fold(question)) == statement


@pytest.mark.parametrize(("before", "question", "lead"), [
    ("Kan samarbeidsforum gi tilsagn for flere år?", "må vi søke på nytt hvert år da?", "Nei"),
    ("Hvor mange år kan samarbeidsforum gi tilsagn for?",
     "Og betyr det at vi ikke trenger å melde behov i det hele tatt de neste årene?", "Nei"),
])
def test_a_question_without_a_topic_of_its_own_continues_the_last(qa: QuestionAnswerer, before: str, question: str,
                                                                  lead: str) -> None:
    answer = qa.answer(question, TODAY, context=[before])
    assert answer.intent == "four_year", answer.text
    assert answer.text.startswith(lead) and "forenklet behovsmelding" in answer.text, answer.text


@pytest.mark.parametrize("question", ["Og hvordan blir været i morgen da, tror du det regner?",
                                      "må vi betale parkeringsavgift hvert år da?"])
def test_a_long_follow_up_about_something_else_stays_outside(qa: QuestionAnswerer, question: str) -> None:
    assert qa.answer(question, TODAY, context=["Kan samarbeidsforum gi tilsagn for flere år?"]).outside_plan


def test_a_long_what_about_asks_the_same_yes_or_no(qa: QuestionAnswerer) -> None:
    answer = qa.answer("Hva med motsatt vei – kompetanseløftmidler til et realfagsprosjekt?", TODAY,
                       context=["Kan vi bruke midler fra regional ordning på spesialpedagogikk?"])
    assert answer.text.startswith("Nei.") and "Kompetanseløftet" in answer.text, answer.text
