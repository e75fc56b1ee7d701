"""Normalisation: folding of æøå and their ASCII spellings, tokens, typo correction, language."""

from __future__ import annotations

import pytest

from bot.qa.language import LanguageDetector
from bot.qa.normalize import Corrector, fold, max_typos, tokenize


@pytest.mark.parametrize(("text", "folded"), [
    ("Årsrapportering", "arsrapportering"),
    ("aarsrapportering", "arsrapportering"),
    ("arsrapportering", "arsrapportering"),
    ("MØTE", "mote"),
    ("moete", "mote"),
    ("Lærerårsverk", "laererarsverk"),
    ("laererarsverk", "laererarsverk"),
    ("Kompetanseløftet", "kompetanseloftet"),
    ("kompetanseloeftet", "kompetanseloftet"),
    ("1–3 repr.", "1-3 repr."),
])
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_tokenize() -> None:
    assert tokenize(fold("Hva er 4-årig plan? 20% til UH-sektor!")) == [
        "hva", "er", "4", "arig", "plan", "20", "%", "til", "uh", "sektor"]
    assert tokenize(fold("15.01.2027")) == ["15", "01", "2027"]
    assert tokenize("") == []


def test_corrector_fixes_typos_and_leaves_unknown_words() -> None:
    corrector = Corrector(["arsrapport", "koordinator", "innstilling", "neste", "frist", "fristen", "mote"])
    assert corrector.correct("arsraport") == "arsrapport"           # a letter missing
    assert corrector.correct("kordinator") == "koordinator"
    assert corrector.correct("innstiling") == "innstilling"
    assert corrector.correct("fristn") in {"frist", "fristen"}   # one edit from both
    assert corrector.correct("firsten") == "fristen"                # two letters swapped
    assert corrector.correct("neste") == "neste"                    # known words stay
    assert corrector.correct("borettslaget") is None                # nothing close enough
    assert corrector.correct("mot") is None                         # too short to correct
    assert corrector.correct("rasrapport") == "arsrapport"          # the first two letters swapped
    assert max_typos("abc") == 0 and max_typos("abcde") == 1 and max_typos("abcdefgh") == 2


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetector()


@pytest.mark.parametrize(("question", "language"), [
    ("Når er fristen for årsrapportering?", "nb"),
    ("nar er fristen for arsrapport", "nb"),
    ("Hvem sitter i samarbeidsforum skole?", "nb"),
    ("Når er neste møte i samarbeidsforumet?", "nb"),
    ("Kva er fristen for årsrapporteringa?", "nn"),
    ("Kven kan røyste i samarbeidsforumet?", "nn"),
    ("Kor mykje kan gå til koordinator?", "nn"),
    ("Korleis blir midlane fordelte mellom regionane?", "nn"),
    ("kva er eigenandelen i desentralisert ordning", "nn"),
    ("When is the annual report due?", "en"),
    ("what is the next deadline?", "en"),
    ("deadline annual report", "en"),
    ("Who sits on the kindergarten forum?", "en"),
])
def test_language(detector: LanguageDetector, question: str, language: str) -> None:
    assert detector.detect(question, tokenize(fold(question))) == language
