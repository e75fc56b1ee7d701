"""Issue 16, kind 5: a question that states a sum and asks for a share of it gets the share worked out first
(section 5.8's percentages applied to the sum): caps rounded down, the own contribution rounded up.

Development questions written from the plan, not from any evaluation set.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.qa import QuestionAnswerer
from bot.qa.normalize import fold
from bot.qa.slots import stated_amount

TODAY = date(2027, 5, 5)


@pytest.mark.parametrize(("text", "amount"), [
    ("Vi får 600 000 kr i tilskudd", 600_000), ("et anslag på 2 millioner", 2_000_000), ("kr 1,5 mill", 1_500_000),
    ("20 million NOK", 20_000_000), ("31 450 000", 31_450_000), ("450 tusen", 450_000),
    ("i 2027 kan 40 % brukes", None), ("uke 38", None), ("10.01.23", None), ("15.04.2027", None), ("4 år", None),
])
def test_a_stated_sum_is_read_in_kroner(text: str, amount: int | None) -> None:
    assert stated_amount(fold(text)) == amount


@pytest.mark.parametrize(("question", "first"), [
    ("Vi får 1,2 mill. Hvor mye kan gå til koordinator?", "Inntil 240 000 kr (20 % av 1 200 000 kr)."),
    ("Nettverket får et anslag på 2 millioner i desentralisert ordning. Hvor mye kan gå til nettverket og ikke til UH?",
     "Inntil 800 000 kr (40 % av 2 000 000 kr)."),
    ("Vi får 600 000 kr i statleg tilskot i desentralisert ordning. Kor stor må eigenandelen vere?",
     "Eigenandelen blir 180 000 kr (30 % av 600 000 kr)."),
    ("We receive NOK 333 333 in the decentralised scheme. How large is the own contribution?",
     "The own contribution is NOK 100 000 (30% of NOK 333 333)."),  # 99 999.9 rounded up
    ("Regional ordning gir oss 1 000 001 kr. Hvor mye kan brukes til fagbrev og kompetansehevingsstudier?",
     "Inntil 300 000 kr (30 % av 1 000 001 kr)."),  # 300 000.3 rounded down
    ("If the schemes together bring 20 million NOK, how much can be set aside for joint county-wide measures?",
     "Up to NOK 2 000 000 (10% of NOK 20 000 000)."),
])
def test_the_share_of_a_stated_sum_answers_first(qa: QuestionAnswerer, question: str, first: str) -> None:
    answer = qa.answer(question, today=TODAY)
    assert answer.text.startswith(first), answer.text
    assert "5.8" in answer.sources
    assert not answer.outside_plan


def test_a_sum_does_not_make_an_amount_per_network_known(qa: QuestionAnswerer) -> None:
    # The plan still gives no kroner for a named network: a stated total changes nothing there.
    answer = qa.answer("Vi får 2 millioner. Hvor mye får Valdres?", today=TODAY)
    assert answer.outside_plan, answer.text
    assert "kr (" not in answer.text


@pytest.mark.parametrize("question", ["Kva er grunnlaget for fordelinga i desentralisert ordning?",
                                      "Hva er fordelingsgrunnlaget i desentralisert ordning?"])
def test_the_basis_of_the_split_is_the_pro_rata_model(qa: QuestionAnswerer, question: str) -> None:
    text = qa.answer(question, today=TODAY).text
    assert "90 %" in text and "pro rata" in text, text
    assert "Meld. St." not in text, text  # not the schemes' background
