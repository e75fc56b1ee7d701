"""Slash commands as the text a person would have typed."""

from __future__ import annotations

import pytest

from bot.planfacts import load_plan_data
from handlers.slack.command_text import fordeling_text, frist_text, kompetansebot_text, purring_text

SCHEMES = load_plan_data()["schemes"]


@pytest.mark.parametrize(("args", "text"), [
    ("fristen for årsrapport", "når er fristen for årsrapport"),
    ("årsrapport", "når er fristen for årsrapport"),
    ("frist behovsmelding", "når er fristen for behovsmelding"),
    ("", "når er neste frist?"),
    ("Når er fristen for innstilling?", "Når er fristen for innstilling?"),
])
def test_frist(args: str, text: str) -> None:
    assert frist_text(args) == text


@pytest.mark.parametrize(("args", "text"), [
    ("desentralisert 31,45 mill", "fordel 31,45 mill i desentralisert ordning"),
    ("31,45 mill i desentralisert ordning", "fordel 31,45 mill i desentralisert ordning"),
    ("Regional 2 mill", "fordel 2 mill i regional ordning"),
    ("kompetanseløftet 5 000 000", "fordel 5 000 000 i kompetanseløftet"),
    ("dekomp 3 mill", "fordel 3 mill i desentralisert ordning"),
    ("12 mill", "fordel 12 mill"),
    ("desentralisert", "fordeling i desentralisert ordning"),
    ("", "fordeling"),
])
def test_fordeling(args: str, text: str) -> None:
    assert fordeling_text(args, SCHEMES) == text


def test_purring_and_kompetansebot() -> None:
    assert purring_text("  start   årsrapport ") == "purring start årsrapport"
    assert purring_text("") == "purring"
    assert kompetansebot_text("") == "hjelp"
    assert kompetansebot_text("når er fristen?") == "når er fristen?"
