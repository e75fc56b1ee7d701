from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from forms.parsers import (
    Choice,
    ParseError,
    YearRange,
    format_decimal,
    format_kroner,
    parse_amount,
    parse_amount_or_percent,
    parse_choice,
    parse_choices,
    parse_date,
    parse_email,
    parse_int,
    parse_percent,
    parse_text,
    parse_year,
    parse_year_range,
    parse_yes_no,
)
from forms.text import Text, clean_input

TODAY = date(2026, 11, 28)


# --- amounts -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("1,2 mill", 1_200_000),
    ("1 200 000 kr", 1_200_000),
    ("kr 500 000,-", 500_000),
    ("500'", 500_000),
    ("1.2m", 1_200_000),
    ("1,5 millioner", 1_500_000),
    ("300k", 300_000),
    ("300 k", 300_000),
    ("ca. 1,2 mill", 1_200_000),
    ("cirka 1,2 mill.", 1_200_000),
    ("omtrent 800 000", 800_000),
    ("1.200.000", 1_200_000),
    ("NOK 1.200.000,-", 1_200_000),
    ("1'200'000", 1_200_000),
    ("1 200 000,00", 1_200_000),
    ("1\u00a0200\u00a0000 kr", 1_200_000),
    ("1\u202f200\u202f000", 1_200_000),
    ("én million", 1_000_000),
    ("en halv million", 500_000),
    ("to millioner", 2_000_000),
    ("halvannen million", 1_500_000),
    ("en og en halv million", 1_500_000),
    ("1,2 mill. kr", 1_200_000),
    ("1,2 mill kroner", 1_200_000),
    ("2 mnok", 2_000_000),
    ("1,25 mill", 1_250_000),
    ("1,2345 mill", 1_234_500),
    ("kr. 450 000", 450_000),
    ("450 000 kroner", 450_000),
    ("1 mill", 1_000_000),
    ("1.500 mill", 1_500_000),
    ("1,500", 1_500),
    ("1.5 million", 1_500_000),
    ("500 000.-", 500_000),
    ("ca 300 tusen", 300_000),
    ("1200000", 1_200_000),
    ("  1 200 000  ", 1_200_000),
    ("KR 1 200 000", 1_200_000),
    ("1,2 MILL", 1_200_000),
    ("vi søker om 1,2 mill", 1_200_000),
    ("totalt 900 000 kr", 900_000),
    ("3 mrd", 3_000_000_000),
    ("0", 0),
    ("ca 1,2 mill i året til lesing", 1_200_000),
    ("vi trenger 800 000 kr til samlinger", 800_000),
    ("360 000 til nettverket", 360_000),
])
def test_parse_amount_reads_norwegian_amounts(text: str, expected: int) -> None:
    assert parse_amount(text) == expected


@pytest.mark.parametrize(("text", "code"), [
    ("", "empty"),
    ("   ", "empty"),
    ("hei", "not_amount"),
    ("mange millioner", "not_amount"),
    ("1,5", "tiny_decimal"),
    ("1200,50", "ore"),
    ("-5000", "negative"),
    ("minus 5000", "negative"),
    ("1-2 mill", "range"),
    ("1 til 2 mill", "range"),
    ("1 2", "bad_grouping"),
    ("12 00 000", "bad_grouping"),
    ("5 %", "percent_not_allowed"),
    ("ti prosent", "percent_not_allowed"),
    ("1,2 mill i 3 år", "several"),
    ("3 år", "not_amount"),
    ("1" * 400, "too_large"), ("1" * 5000, "too_long"),
    ("9" * 16 + " kr", "too_large"),
])
def test_parse_amount_rejects_with_a_reason(text: str, code: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_amount(text)
    assert info.value.code == code
    assert info.value.message  # a message a person can read


def test_parse_error_is_a_value_error_with_a_specific_message() -> None:
    with pytest.raises(ValueError, match="mill"):
        parse_amount("1,5")
    with pytest.raises(ParseError) as info:
        parse_amount("hei")
    assert "«hei»" in info.value.message and "«1,2 mill»" in info.value.message


@pytest.mark.parametrize("text", ["ingen", "nei", "0", "null", "ingenting", "ikke noe", "0 kr"])
def test_parse_amount_zero_words_only_when_allowed(text: str) -> None:
    assert parse_amount(text, zero_words=True) == 0


def test_parse_amount_zero_words_refused_by_default() -> None:
    with pytest.raises(ParseError):
        parse_amount("ingen")


@pytest.mark.parametrize(("text", "base", "expected"), [
    ("30 %", 1_200_000, 360_000),
    ("30%", 1_200_000, 360_000),
    ("30 prosent", 1_200_000, 360_000),
    ("12,5 %", 1_000_000, 125_000),
    ("33,3333 %", 100, 33),
    ("0 %", 1_000_000, 0),
    ("100 %", 999, 999),
    ("360 000", 1_200_000, 360_000),
    ("0,5 mill", None, 500_000),
])
def test_parse_amount_or_percent(text: str, base: int | None, expected: int) -> None:
    assert parse_amount_or_percent(text, base) == expected


def test_parse_amount_or_percent_needs_a_base_for_percent() -> None:
    with pytest.raises(ParseError) as info:
        parse_amount_or_percent("30 %", None)
    assert info.value.code == "no_base"


def test_parse_amount_or_percent_error_mentions_both_forms() -> None:
    with pytest.raises(ParseError) as info:
        parse_amount_or_percent("litt", 1_000_000)
    assert "kroner" in info.value.message and "prosent" in info.value.message


@pytest.mark.parametrize(("text", "expected"), [("30 %", Decimal(30)), ("12,5%", Decimal("12.5")),
                                                ("ca. 40 prosent", Decimal(40)), ("40 % til nettverket", Decimal(40))])
def test_parse_percent(text: str, expected: Decimal) -> None:
    assert parse_percent(text) == expected


@pytest.mark.parametrize("text", ["150 %", "mye %", "%", "30-40 %", "60 % og 40 %"])
def test_parse_percent_rejects(text: str) -> None:
    with pytest.raises(ParseError):
        parse_percent(text)


# --- integers ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("3", 3), ("ca. 40", 40), ("cirka 40", 40), ("40 ansatte", 40), ("1 200", 1_200), ("1.200", 1_200),
    ("tre", 3), ("ingen", 0), ("null", 0), ("12 barnehager", 12), ("omtrent 150 deltakere", 150),
    ("tolv", 12), ("tjue", 20), ("sju", 7), ("syv", 7), ("åtte", 8), ("ein", 1), ("0", 0), ("rundt 90", 90),
    ("Vi er 45", 45), ("1,200", 1_200),
])
def test_parse_int(text: str, expected: int) -> None:
    assert parse_int(text) == expected


@pytest.mark.parametrize(("text", "code"), [
    ("", "empty"), ("hei", "not_a_number"), ("3 og 4", "several"), ("2,5", "not_integer"), ("1.5", "not_integer"),
    ("-3", "negative"), ("30-40", "range"), ("1" * 400, "too_large"), ("1" * 4301, "too_long"), ("30 til 40", "range"), ("1 2000", "several"), ("tre eller fire", "several"),
])
def test_parse_int_rejects(text: str, code: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_int(text)
    assert info.value.code == code


# --- years and ranges ----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("2026", 2026), ("i år", 2026), ("neste år", 2027), ("i fjor", 2025), ("høsten 2025", 2025), ("26", 2026),
    ("skoleåret 2025/2026", 2025), ("next year", 2027),
])
def test_parse_year(text: str, expected: int) -> None:
    assert parse_year(text, TODAY) == expected


@pytest.mark.parametrize("text", ["", "snart", "1850", "2025 og 2027", "3"])
def test_parse_year_rejects(text: str) -> None:
    with pytest.raises(ParseError):
        parse_year(text, TODAY)


@pytest.mark.parametrize(("text", "expected"), [
    ("3", (2027, 2029)),
    ("3 år", (2027, 2029)),
    ("tre år", (2027, 2029)),
    ("3 years", (2027, 2029)),
    ("3-årig", (2027, 2029)),
    ("over 3 år", (2027, 2029)),
    ("1 år", (2027, 2027)),
    ("2026-2028", (2026, 2028)),
    ("2026–2028", (2026, 2028)),
    ("2026 - 2028", (2026, 2028)),
    ("fra 2026 til 2028", (2026, 2028)),
    ("2026 til 2028", (2026, 2028)),
    ("f.o.m. 2026 t.o.m. 2028", (2026, 2028)),
    ("26-28", (2026, 2028)),
    ("3 år fra 2026", (2026, 2028)),
    ("fra 2026 i 3 år", (2026, 2028)),
    ("2026", (2026, 2026)),
    ("bare 2027", (2027, 2027)),
    ("2026, 2027 og 2028", (2026, 2028)),
    ("2026 og 2027", (2026, 2027)),
])
def test_parse_year_range(text: str, expected: tuple[int, int]) -> None:
    assert parse_year_range(text, default_start=2027) == YearRange(*expected)


@pytest.mark.parametrize(("text", "code"), [
    ("", "empty"), ("2028-2026", "end_before_start"), ("2026/2027", "school_year"), ("0 år", "zero_years"),
    ("hei", "not_period"), ("2026 og 2028", "gap"), ("-3 år", "negative"), ("99 år", "implausible_duration"),
])
def test_parse_year_range_rejects(text: str, code: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_year_range(text, default_start=2027)
    assert info.value.code == code


def test_year_range_json_round_trip() -> None:
    period = YearRange(2026, 2028)
    assert period.years == 3
    assert YearRange.from_json(period.to_json()) == period


# --- dates ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("1. februar 2026", date(2026, 2, 1)),
    ("01.02.2026", date(2026, 2, 1)),
    ("1.2.26", date(2026, 2, 1)),
    ("1/2-26", date(2026, 2, 1)),
    ("1/2 2026", date(2026, 2, 1)),
    ("01/02/2026", date(2026, 2, 1)),
    ("2026-02-01", date(2026, 2, 1)),
    ("1. feb", date(2027, 2, 1)),  # next 1 February after TODAY
    ("1 februar", date(2027, 2, 1)),
    ("15. desember", date(2026, 12, 15)),
    ("15.01", date(2027, 1, 15)),
    ("februar 1", date(2027, 2, 1)),
    ("den 3. mars 2027", date(2027, 3, 3)),
    ("i dag", TODAY),
    ("i morgen", date(2026, 11, 29)),
    ("i går", date(2026, 11, 27)),
])
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text, TODAY) == expected


def test_parse_date_this_year_when_not_preferring_future() -> None:
    assert parse_date("1. feb", TODAY, prefer_future=False) == date(2026, 2, 1)


@pytest.mark.parametrize(("text", "code"), [("31. februar 2026", "no_such_date"), ("30.02.2026", "no_such_date"),
                                            ("hei", "not_date"), ("", "not_date"), ("32. mai", "no_such_date")])
def test_parse_date_rejects(text: str, code: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_date(text, TODAY)
    assert info.value.code == code


# --- yes/no --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["ja", "Ja", "JA", "ja!", "jepp", "jo", "japp", "jada", "javisst", "yes", "Yes.",
                                  "yep", "ja takk", "ja, det er det", "stemmer", "absolutt", "👍", "jau", "Jaa"])
def test_parse_yes(text: str) -> None:
    assert parse_yes_no(text) is True


@pytest.mark.parametrize("text", ["nei", "Nei.", "NEI", "nope", "no", "nei takk", "neida", "ikke", "ikkje",
                                  "nei, ikke ennå", "nah", "👎", "ikke aktuelt"])
def test_parse_no(text: str) -> None:
    assert parse_yes_no(text) is False


@pytest.mark.parametrize(("text", "code"), [("kanskje", "not_yes_no"), ("", "not_yes_no"), ("ja og nei", "both"),
                                            ("vet ikke", "not_yes_no")])
def test_parse_yes_no_rejects(text: str, code: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_yes_no(text)
    assert info.value.code == code


# --- email ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("kari@lom.kommune.no", "kari@lom.kommune.no"),
    ("Kari <Kari.N@Lom.Kommune.NO>", "Kari.N@lom.kommune.no"),
    ("mailto:a@b.no", "a@b.no"),
    ("e-post: ola.nordmann+behov@valdres.kommune.no", "ola.nordmann+behov@valdres.kommune.no"),
    ("kari@lom.kommune.no.", "kari@lom.kommune.no"),
    ("  kari@lom.no  ", "kari@lom.no"),
    ("kari@bø.kommune.no", "kari@bø.kommune.no"),
])
def test_parse_email(text: str, expected: str) -> None:
    assert parse_email(text) == expected


@pytest.mark.parametrize(("text", "code"), [
    ("", "empty"), ("kari.lom.kommune.no", "no_at"), ("kari@lom", "no_tld"), ("a@@b.no", "several_at"),
    ("kari @lom.no", "space"), ("a@b.no, c@d.no", "several"), ("kåre@b.no", "bad_local"), ("@lom.no", "no_local"),
    ("kari@", "no_domain"), ("kari@-lom.no", "bad_domain"), ("kari@lom.n0", "bad_domain"), ("kari..n@lom.no", "bad_local"),
])
def test_parse_email_rejects(text: str, code: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_email(text)
    assert info.value.code == code


# --- choices -------------------------------------------------------------------------------------

SCHEMES = (
    Choice("regional", Text("Regional ordning"), ("barnehage",)),
    Choice("desentralisert", Text("Desentralisert ordning"), ("skole",)),
    Choice("kompetanseloftet", Text("Kompetanseløftet for spesialpedagogikk og inkluderende praksis"),
           ("kompetanseløft",)),
)
NETWORKS = (
    Choice("valdres", Text("Valdres")),
    Choice("nord-osterdal", Text("Nord-Østerdal"), ("fjellregionen",)),
    Choice("nord-gudbrandsdal", Text("Nord-Gudbrandsdal")),
    Choice("sor-osterdal", Text("Sør-Østerdal")),
)


@pytest.mark.parametrize(("text", "expected"), [
    ("1", "regional"), ("nr 2", "desentralisert"), ("3.", "kompetanseloftet"),
    ("desentral", "desentralisert"), ("Desentralisert", "desentralisert"), ("DESENTRALISERT ORDNING", "desentralisert"),
    ("kompetanseloftet", "kompetanseloftet"), ("kompetanseløftet", "kompetanseloftet"), ("komp", "kompetanseloftet"),
    ("regionl", "regional"), ("desentralisertt", "desentralisert"), ("barnehage", "regional"),
    ("det gjelder skole", "desentralisert"), ("spesialpedagogikk", "kompetanseloftet"), ("kompetanselft", "kompetanseloftet"),
])
def test_parse_choice_schemes(text: str, expected: str) -> None:
    assert parse_choice(text, SCHEMES) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("valdres", "valdres"), ("Valdres", "valdres"), ("valdris", "valdres"), ("vi er i Valdres", "valdres"),
    ("nord-østerdal", "nord-osterdal"), ("Nord Østerdal", "nord-osterdal"), ("nord osterdal", "nord-osterdal"),
    ("fjellregionen", "nord-osterdal"), ("sør", "sor-osterdal"), ("4", "sor-osterdal"),
])
def test_parse_choice_networks(text: str, expected: str) -> None:
    assert parse_choice(text, NETWORKS) == expected


@pytest.mark.parametrize(("text", "code"), [
    ("ordning", "ambiguous"), ("nord", "ambiguous"), ("5", "bad_number"), ("0", "bad_number"), ("xyz", "no_match"),
    ("", "empty"), ("send", "no_match"), ("regional og desentralisert", "ambiguous"),
])
def test_parse_choice_rejects(text: str, code: str) -> None:
    options = NETWORKS if text == "nord" else SCHEMES
    with pytest.raises(ParseError) as info:
        parse_choice(text, options)
    assert info.value.code == code


def test_parse_choice_suggests_close_names() -> None:
    with pytest.raises(ParseError) as info:
        parse_choice("vladers", NETWORKS)
    assert info.value.code == "did_you_mean"
    assert "«Valdres»" in info.value.message
    with pytest.raises(ParseError) as info:
        parse_choice("sørdal", NETWORKS)
    assert "«Sør-Østerdal»" in info.value.message and "«Nord-Østerdal»" in info.value.message


def test_parse_choice_strict_refuses_fuzzy() -> None:
    with pytest.raises(ParseError):
        parse_choice("valdris", NETWORKS, strict=True)
    assert parse_choice("valdres", NETWORKS, strict=True) == "valdres"


MEASURES = (
    Choice("grunnkompetanse", Text("Barnehagefaglig grunnkompetanse")),
    Choice("fagarbeidere", Text("Kompetansehevingsstudier for fagarbeidere og assistenter")),
    Choice("fagbrev", Text("Fagbrev som barne- og ungdomsarbeider (praksiskandidatordningen)")),
    Choice("tilrettelegging", Text("Tilretteleggingsmidler for lokal prioritering")),
)


@pytest.mark.parametrize(("text", "expected"), [
    ("1 og 3", ["grunnkompetanse", "fagbrev"]),
    ("1, 3", ["grunnkompetanse", "fagbrev"]),
    ("1 3", ["grunnkompetanse", "fagbrev"]),
    ("3 og 1 og 3", ["fagbrev", "grunnkompetanse"]),
    ("fagbrev og grunnkompetanse", ["fagbrev", "grunnkompetanse"]),
    ("Kompetansehevingsstudier for fagarbeidere og assistenter", ["fagarbeidere"]),
    ("tilrettelegging, fagarbeidere", ["tilrettelegging", "fagarbeidere"]),
    ("alle", ["grunnkompetanse", "fagarbeidere", "fagbrev", "tilrettelegging"]),
    ("ingen", []),
    ("ingen av dem", []),
    ("fagbrev", ["fagbrev"]),
])
def test_parse_choices(text: str, expected: list[str]) -> None:
    assert parse_choices(text, MEASURES) == expected


@pytest.mark.parametrize("text", ["5", "1 og 5", "noe annet", ""])
def test_parse_choices_rejects(text: str) -> None:
    with pytest.raises(ParseError):
        parse_choices(text, MEASURES)


# --- text ----------------------------------------------------------------------------------------

def test_parse_text_cleans_and_limits() -> None:
    assert parse_text("  Lesing \t i\u200b alle   fag ") == "Lesing i alle fag"
    assert parse_text("linje 1\r\nlinje 2", multiline=True) == "linje 1\nlinje 2"
    assert parse_text("linje 1\nlinje 2") == "linje 1 linje 2"
    for bad, code in (("", "empty"), ("   ", "empty"), ("!!!", "no_letters"), ("ab", "too_short")):
        with pytest.raises(ParseError) as info:
            parse_text(bad, min_length=3)
        assert info.value.code == code
    with pytest.raises(ParseError) as info:
        parse_text("x" * 5000, max_length=4000)
    assert info.value.code == "too_long" and "4 000" in info.value.message


def test_clean_input_removes_what_a_database_refuses() -> None:
    cleaned = clean_input("a\x00b\x07c\ud800d\u200be\x1bf")
    assert cleaned == "abcdef"
    assert clean_input("x\n\n\n\ny") == "x\n\ny"


def test_formatting() -> None:
    assert format_kroner(1_200_000) == "1 200 000 kr"
    assert format_kroner(0) == "0 kr"
    assert format_decimal(Decimal("23.08")) == "23,1"
    assert format_decimal(Decimal(30)) == "30"
