"""Issue 16, kinds 4 and 5: the plan's goals (section 3): the national goals of the state budget and the sector goals,
one list for kindergartens and one for schools (only the school list has "alle lykkes i opplæringen").

Development questions written from the plan, not from any evaluation set.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.qa import QuestionAnswerer


@pytest.mark.parametrize(("question", "present", "absent"), [
    ("Kva for sektormål gjeld for skulen?", ("lykkast", "læringsmiljø"), ("leike",)),
    ("Hva er sektormålene for barnehagen?", ("leke- og læringsmiljø", "tilgang"), ("lykkes",)),
    ("What are the sector goals?", ("kindergartens", "schools", "succeeds"), ()),
    ("What are the national goals in the state budget?", ("working life", "up-to-date"), ()),
])
def test_the_goals_of_section_3(qa: QuestionAnswerer, question: str, present: tuple[str, ...],
                                absent: tuple[str, ...]) -> None:
    answer = qa.answer(question, date(2026, 2, 25))
    assert answer.intent == "goals", answer.text
    for needle in present:
        assert needle in answer.text, answer.text
    for needle in absent:
        assert needle not in answer.text, answer.text


@pytest.mark.parametrize(("question", "section", "needle"), [
    ("Hva betyr praksisorientering som prinsipp?", "4.2.4", "utprøving"),
    ("Hva innebærer vedlikehold av kompetanse?", "4.2.6", "nyansatte"),
    ("Kva forskarar viser planen til om at haldningar og verdiar skal utfordrast?", "4.2.5", "Donohoo"),
    ("What are professional learning communities in the plan?", "4.2.2", "collective competence"),
    ("Hva menes med støttesystemer?", "4.2.3", "ekstern støtte"),
])
def test_each_principle_is_explained(qa: QuestionAnswerer, question: str, section: str, needle: str) -> None:
    answer = qa.answer(question, date(2027, 8, 9))
    assert section in answer.sources and needle in answer.text, answer.text


@pytest.mark.parametrize("question", ["Can you help me write a cover letter for a teaching job?",
                                      "Kan du hjelpe meg å skrive en søknad på en lærerjobb?"])
def test_help_with_something_else_is_outside_the_plan(qa: QuestionAnswerer, question: str) -> None:
    assert qa.answer(question, date(2027, 4, 20)).outside_plan


@pytest.mark.parametrize("question", ["Hva kan du hjelpe meg med?", "What can you help me with?", "hjelp"])
def test_asking_what_the_bot_does_gets_help(qa: QuestionAnswerer, question: str) -> None:
    assert qa.answer(question, date(2027, 4, 20)).intent == "help"
