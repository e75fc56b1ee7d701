"""Issue 16, kind 9: a short follow-up the plan does not answer on its own keeps the conversation's topic, counting
only its real words ("what day of the week?" after a question on the meetings); one whose asked word is no word
of the plan stays outside it ("Hva med parkering?"), whatever came before.

Development questions written from the plan, not from any evaluation set.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.qa import QuestionAnswerer

TODAY = date(2027, 1, 5)


@pytest.mark.parametrize(("before", "question", "needles"), [
    ("When do the cooperation forums meet?", "what day of the week?", ("Thursday",)),
    ("Når møtes samarbeidsforumene?", "hvilken ukedag da?", ("torsdag",)),
    ("Når er fristen for innstillingen til Statsforvalteren?", "Hvorfor står det to forskjellige datoer?",
     ("15. mars", "1. februar")),
])
def test_a_short_follow_up_keeps_the_topic(qa: QuestionAnswerer, before: str, question: str,
                                           needles: tuple[str, ...]) -> None:
    answer = qa.answer(question, TODAY, context=[before])
    assert not answer.outside_plan, answer.text
    for needle in needles:
        assert needle.casefold() in answer.text.casefold(), answer.text


@pytest.mark.parametrize(("before", "question"), [
    ("Hvem sitter i samarbeidsforum skole?", "Hva med parkering?"),
    ("Når møtes samarbeidsforumene?", "hvor er toalettet?"),
    ("When do the forums meet?", "what is the capital of France?"),
    ("Når er fristen for behovsmelding?", "Hvordan blir været i morgen?"),
])
def test_a_follow_up_about_something_else_stays_outside(qa: QuestionAnswerer, before: str, question: str) -> None:
    assert qa.answer(question, TODAY, context=[before]).outside_plan


@pytest.mark.parametrize(("question", "intent"), [
    ("Kva kan resten av nettverksdelen brukast til når koordinatoren er betalt?", "pct_koordinator"),
    ("Kva verktøy nyttar kompetansenettverka når dei rapporterer til Statsforvaltaren?", "reporting"),
])
def test_when_joining_a_clause_asks_no_date(qa: QuestionAnswerer, question: str, intent: str) -> None:
    assert qa.answer(question, TODAY).intent == intent


@pytest.mark.parametrize("question", ["Når er fristen for behovsmelding?", "fristen for innstillinga – når er den?",
                                      "når møtes forumene?", "When does the forum meet?", "Hva skjer når fristen er ute?"])
def test_when_asking_a_date_still_does(qa: QuestionAnswerer, question: str) -> None:
    assert qa.answer(question, TODAY).intent.startswith(("deadline", "meeting")), question
