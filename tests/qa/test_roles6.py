"""Issue 16, kinds 2 and 5: who does what, asked openly ("Hvem ...?", "Who ...?") or with an actor named ("Er det X
som ...?"): the actor first (sections 4.1, 5.8, 6.1), and a yes or no only when the question names one.

Development questions written from the plan, not from any evaluation set.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.qa import QuestionAnswerer

TODAY = date(2027, 5, 5)


@pytest.mark.parametrize(("question", "opening"), [
    ("Kven betaler ut tilskotet?", "Statsforvaltaren"),
    ("Who sends the discussion questions and research articles before the meetings?", "Statsforvalteren sends"),
    ("Hvem beregner hvor mye hvert kompetansenettverk får tildelt?", "Statsforvalteren beregner"),
    ("Hvem har ansvaret for at de ansatte får kompetanseutvikling?", "Det er barnehage- og skoleeier"),
    ("Gjennom hvilket dokument blir midlene utbetalt?", "Statsforvalteren utbetaler midlene gjennom et tilsagnsbrev"),
])
def test_who_is_answered_with_the_actor_first(qa: QuestionAnswerer, question: str, opening: str) -> None:
    answer = qa.answer(question, TODAY)
    assert answer.text.startswith(opening) and not answer.outside_plan, answer.text


@pytest.mark.parametrize(("question", "lead"), [
    ("Er det Statsforvalteren som betaler ut tilskuddet?", "Ja. "),
    ("Er det UH som betaler ut tilskuddet?", "Nei. "),
    ("Is it the working group that sends the discussion questions?", "No. "),
    ("Er det Statsforvaltaren som sender drøftingsspørsmåla?", "Ja. "),
])
def test_a_named_actor_gets_yes_or_no(qa: QuestionAnswerer, question: str, lead: str) -> None:
    answer = qa.answer(question, TODAY)
    assert answer.text.startswith(lead) and "Statsforvalt" in answer.text, answer.text


@pytest.mark.parametrize(("question", "note"), [
    ("Hvem velger representantene til samarbeidsforumet, og for hvor lenge?", "Punkt 5.1 sier at det er Statsforvalteren"),
    ("Who chooses the representatives, and for how long?", "Section 5.1 says that Statsforvalteren"),
])
def test_who_chooses_the_representatives_gets_both_accounts(qa: QuestionAnswerer, question: str, note: str) -> None:
    text = qa.answer(question, TODAY).text
    assert note in text and ("2 år" in text or "2 years" in text), text
    assert "sammen.Representantene" not in text and "together.The" not in text, text


@pytest.mark.parametrize(("question", "lead"), [
    ("Må Statped være med i alle kompetansetiltakene våre?", "Nei. "),
    ("Skal Statped alltid delta i tiltakene?", "Nei. "),
    ("Kan Statped være med i kompetansetiltakene?", "Ja. "),
    ("Er Statped med i samarbeidsforum skole?", "Ja. "),
])
def test_statped_in_the_measures_is_when_needed_not_a_forum_seat(qa: QuestionAnswerer, question: str,
                                                                lead: str) -> None:
    text = qa.answer(question, TODAY).text
    assert text.startswith(lead), text


def test_an_inflection_corrected_is_no_typo(qa: QuestionAnswerer) -> None:
    # "lærerne" is corrected to "lærere": the same word; the question is still understood with full trust.
    text = qa.answer("Kan vi bruke penger fra kompetanseløftet til et lesekurs for lærerne som ikke har noe med "
                     "spesialped eller inkludering å gjøre?", TODAY).text
    assert text.startswith("Nei. Midler fra Kompetanseløftet"), text
