from fractions import Fraction

import pytest

from calc.errors import AllocationError, BudgetError
from calc.numbers import NumberFormatError, fold_name, parse_budget, parse_number


@pytest.mark.parametrize(("text", "expected"), [
    ("0", Fraction(0)),
    ("1234", Fraction(1234)),
    ("12,5", Fraction(25, 2)),
    ("12.5", Fraction(25, 2)),
    (",5", Fraction(1, 2)),
    ("1 234,5", Fraction(12345, 10)),
    ("1\u00a0234,5", Fraction(12345, 10)),
    ("1\u202f234\u202f567", Fraction(1234567)),
    ("1.234,5", Fraction(12345, 10)),
    ("1,234.5", Fraction(12345, 10)),
    ("1.234.567", Fraction(1234567)),
    ("1,234,567", Fraction(1234567)),
    ("1 234.25", Fraction(123425, 100)),
    ("  7 ", Fraction(7)),
    ("-3", Fraction(-3)),
    ("\u22123,5", Fraction(-7, 2)),
    ("1,234", Fraction(1234, 1000)),  # one separator alone is a decimal separator
    ("1.5E+03", Fraction(1500)),
    ("0,1", Fraction(1, 10)),
])
def test_parse_number(text: str, expected: Fraction) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "12a", "1 23", "1,2,3.4.5", "1..2", "--1", "1 2345", "12 %", "1.234,5,6"])
def test_parse_number_rejects(text: str) -> None:
    with pytest.raises(NumberFormatError):
        parse_number(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("31450000", 31_450_000),
    ("31 450 000", 31_450_000),
    ("31\u00a0450\u00a0000", 31_450_000),
    ("31,45 mill", 31_450_000),
    ("31,45 mill.", 31_450_000),
    ("31.45 millioner", 31_450_000),
    ("31,45 MNOK", 31_450_000),
    ("31,45m", 31_450_000),
    ("kr 31 450 000,-", 31_450_000),
    ("Kr. 31 450 000", 31_450_000),
    ("31 450 000 kr", 31_450_000),
    ("NOK 31.450.000", 31_450_000),
    ("31,45 mill. kr", 31_450_000),
    ("1,2 mrd", 1_200_000_000),
    ("1,2 milliarder", 1_200_000_000),
    ("450 tusen", 450_000),
    ("0", 0),
])
def test_parse_budget(text: str, expected: int) -> None:
    assert parse_budget(text) == expected


@pytest.mark.parametrize("text", ["", "mill", "abc", "31,4567891 mill", "-5", "12,5", "31 450 000 euro", "kr"])
def test_parse_budget_rejects_with_norwegian_message(text: str) -> None:
    with pytest.raises(BudgetError) as caught:
        parse_budget(text)
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, AllocationError)
    assert "Budsjett" in str(caught.value) or "beløpet" in str(caught.value)


def test_fold_name_ignores_case_accents_and_spelling_of_aeoa() -> None:
    assert fold_name("Sør-Østerdal") == fold_name("sor osterdal") == fold_name("SOER-OESTERDAL")
    assert fold_name("Lærerårsverk") == fold_name("laerer_aarsverk") == fold_name("larer arsverk")
    assert fold_name("Gjøvikregionen") != fold_name("Hamarregionen")
