"""Issue 16, kind 1: a yes/no question whose reply states what it asks gets the plan's yes first
(bot/qa/restates.py), and only then: never a no, never for a question that asks more than a restatement.

Development questions written from the plan (sections 4.2.2 and 5.7), not from any evaluation set.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.qa import QuestionAnswerer
from bot.qa.normalize import fold, tokenize
from bot.qa.restates import restated, units

TODAY = date(2027, 5, 5)


def _words(text: str) -> list[str]:
    return tokenize(fold(text))


def test_every_word_in_one_sentence_is_a_restatement() -> None:
    reply = "Utviklinga av kompetanse skal vere skule- og barnehagebasert: dei tilsette arbeider saman (planen punkt 4.2.2)."
    assert restated(_words("kompetanseutviklinga skulebasert"), reply)  # compounds part by part
    assert restated(_words("tilsette arbeider"), reply)
    assert not restated(_words("tilsette kurs"), reply)


def test_words_in_different_sentences_are_no_restatement() -> None:
    reply = "Statsforvalteren sender innkallingen. UH deltar i møtene."
    assert not restated(_words("statsforvalteren møtene"), reply)
    assert restated(_words("statsforvalteren innkallingen"), reply)


def test_a_bullet_belongs_to_the_line_that_introduces_it() -> None:
    reply = "Samarbeidsforum barnehage er satt sammen av:\n• 1 representant fra barnehagemyndigheten\n• 1 fra KS"
    assert [unit.strip() for unit in units(reply)][1] == "Samarbeidsforum barnehage er satt sammen av: 1 representant fra barnehagemyndigheten"
    assert restated(_words("samarbeidsforum barnehagemyndigheten"), reply)
    assert not restated(_words("barnehagemyndigheten ks"), reply)


def test_inflections_and_the_last_part_of_a_compound_match() -> None:
    reply = "Statped blir involvert i vurderinga av kompetansebehov."
    assert restated(_words("involveres vurdere behova"), reply)
    assert not restated(_words("involveres planlegge"), reply)


@pytest.mark.parametrize("question", [
    "Må kompetanseutviklinga som hovudprinsipp vere barnehage- og skulebasert?",
    "Skal kompetanseutviklingen som hovedprinsipp være skole- og barnehagebasert?",
    "Skal Statped involverast når behova i kompetanseløftet vert vurderte?",
    "Skal innstillingen sendes til Statsforvalteren?",
])
def test_a_restated_yes_no_question_gets_yes_first(qa: QuestionAnswerer, question: str) -> None:
    answer = qa.answer(question, today=TODAY)
    assert answer.text.startswith("Ja. "), answer.text


@pytest.mark.parametrize("question", [
    "Skal kompetanseutviklingen som hovedprinsipp skje på eksterne kurs?",  # a word the reply lacks
    "Skal kompetanseutviklingen som hovedprinsipp være skole- eller barnehagebasert?",  # a choice
    "Skal kompetanseutviklingen ikke være skole- og barnehagebasert?",  # a negation
    "Hvem skal involvere Statped når behovene i kompetanseløftet vurderes?",  # no yes/no question
    "Er det Statped som skal vurdere behovene i kompetanseløftet?",  # who: the role checks decide
])
def test_no_yes_from_a_reply_that_does_not_state_the_question(qa: QuestionAnswerer, question: str) -> None:
    answer = qa.answer(question, today=TODAY)
    assert not answer.text.startswith(("Ja", "Yes")), answer.text
