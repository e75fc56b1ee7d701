"""One catalogue of form texts per language, keyed by the error codes forms/ emits."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.form_text import catalogue, error_text, render_reply
from forms.engine import start, step
from tests.forms.helpers import FORM, TODAY

FORMS_DIR = Path(__file__).parents[2] / "forms"


def _emitted_codes() -> set[str]:
    codes: set[str] = set()
    for path in FORMS_DIR.glob("*.py"):
        codes |= set(re.findall(r'code="([a-z_]+)"', path.read_text(encoding="utf-8")))
    return codes - {"rule", "cancel_aborted", "restart_aborted", "no_previous"}  # rules and infos have their own


@pytest.mark.parametrize("lang", ["nn", "en"])
def test_every_error_code_has_a_text(lang: str) -> None:
    missing = sorted(_emitted_codes() - set(catalogue(lang)["errors"]))
    assert not missing, f"{lang}: no text for {missing}"


@pytest.mark.parametrize("lang", ["nn", "en"])
def test_every_rule_has_a_text(lang: str) -> None:
    rules = set(catalogue(lang)["rules"])
    for rule in FORM.rules:
        assert rule.id in rules or any(name.startswith(rule.id + ".") for name in rules), (lang, rule.id)


def test_a_nynorsk_speaker_gets_nynorsk_errors() -> None:
    result = step(FORM, start(FORM, today=TODAY, lang="nn").state, "Narnia", today=TODAY)
    text = render_reply(result.reply, "nn")
    assert "Eg fann ikkje «Narnia» blant vala" in text and "Jeg fant ikke" not in text


def test_an_english_speaker_gets_english_errors_and_rules() -> None:
    state = start(FORM, today=TODAY, lang="en").state
    for answer in ("Valdres", "desentralisert", "nytt", "Reading in all subjects",
                   "A survey in all the schools showed a need for better reading.", "Better reading",
                   "Teachers", "8", "120", "HINN", "Network and guidance", "2027-2029", "1 200 000"):
        state = step(FORM, state, answer, today=TODAY).state
    refused = step(FORM, state, "60 %", today=TODAY)
    text = render_reply(refused.reply, "en")
    assert "The network share (720 000 kr) can be at most 40 % of the amount applied for" in text
    bad = step(FORM, state, "lots", today=TODAY)
    assert "I could not read «lots» as an amount" in render_reply(bad.reply, "en")


def test_bokmal_keeps_the_parsers_own_message() -> None:
    data = {"code": "no_match", "message": "Jeg fant ikke «x» blant valgene.", "input": "x"}
    assert error_text(data, "nb") == "Jeg fant ikke «x» blant valgene."
    assert error_text(data, "nn").startswith("Eg fann ikkje «x»")


def test_an_unknown_code_falls_back_to_the_language_not_to_bokmal() -> None:
    text = error_text({"code": "brand_new", "message": "Noe gikk galt.", "limits": {"example": "12"}}, "en")
    assert text == "I could not read that answer. Write it like the example: 12"


def _keys(data: object, prefix: str = "") -> set[str]:
    if not isinstance(data, dict):
        return {prefix}
    return {key for name, value in data.items() for key in _keys(value, f"{prefix}.{name}" if prefix else name)}


@pytest.mark.parametrize("lang", ["nn", "en"])
def test_the_needs_report_catalogue_is_complete_in_every_language(lang: str) -> None:
    from forms.catalogue import _catalogue

    nb = _keys(dict(_catalogue("needs_report", "nb")))
    other = _keys(dict(_catalogue("needs_report", lang)))
    # Examples that are the same in every language (numbers, names) are written once, in bokmål.
    missing = sorted(key for key in nb - other if not key.endswith(".example"))
    assert not missing, f"{lang}: {missing}"


def test_the_form_reads_its_words_from_the_catalogue() -> None:
    from forms.catalogue import form_texts

    assert FORM.field("title").question == form_texts("needs_report")("fields.title.question")
    assert FORM.field("title").question.get("en") == "What is the measure called? Give it a short title."
