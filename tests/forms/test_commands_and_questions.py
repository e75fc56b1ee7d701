from __future__ import annotations

import pytest

from forms.commands import Command, parse_command
from forms.questions import looks_like_question


@pytest.mark.parametrize(("text", "command"), [
    ("tilbake", Command.BACK), ("Tilbake!", Command.BACK), ("gå tilbake", Command.BACK), ("back", Command.BACK),
    ("attende", Command.BACK), ("avbryt", Command.CANCEL), ("cancel", Command.CANCEL), ("pause", Command.PAUSE),
    ("lagre", Command.PAUSE), ("lagre utkast", Command.PAUSE), ("save", Command.PAUSE), ("hopp over", Command.SKIP),
    ("skip", Command.SKIP), ("hjelp", Command.HELP), ("?", Command.HELP), ("help", Command.HELP),
    ("oppsummering", Command.SUMMARY), ("summary", Command.SUMMARY), ("samandrag", Command.SUMMARY),
    ("behold", Command.KEEP), ("behald", Command.KEEP), ("keep", Command.KEEP), ("start på nytt", Command.RESTART),
    ("byrj på nytt", Command.RESTART), ("send", Command.SUBMIT), ("fortsett", Command.CONTINUE),
    ("held fram", Command.CONTINUE),
])
def test_commands_in_three_languages(text: str, command: Command) -> None:
    parsed = parse_command(text)
    assert parsed is not None and parsed.command is command


@pytest.mark.parametrize(("text", "argument"), [
    ("endre beløp", "beløp"), ("endre 3", "3"), ("Endre: tittel", "tittel"), ("endra tittel", "tittel"),
    ("change 5", "5"), ("endre", ""), ("endre på beløpet", "beløpet"), ("endre beløp til 2 mill", "beløp til 2 mill"),
])
def test_edit_carries_its_argument(text: str, argument: str) -> None:
    parsed = parse_command(text)
    assert parsed is not None and parsed.command is Command.EDIT and parsed.argument == argument


@pytest.mark.parametrize("text", ["Tilbake til grunnleggende lesing", "pause i undervisningen", "hjelp til lesing",
                                  "endrebeløp", "x" * 400, ""])
def test_longer_texts_are_not_commands(text: str) -> None:
    parsed = parse_command(text)
    assert parsed is None or parsed.command is Command.EDIT and text.lower().startswith("endre")


def test_allowed_limits_the_commands() -> None:
    assert parse_command("send", frozenset({Command.BACK})) is None
    assert parse_command("?", frozenset({Command.BACK})) is None


@pytest.mark.parametrize("text", ["når er fristen?", "Når er fristen", "hvor mye kan gå til koordinator",
                                  "kva er fristen", "korleis melder vi behov", "kan vi søke om mer?",
                                  "what is the deadline", "Gjelder dette friskolene?", "er fristen 1. februar?"])
def test_questions(text: str) -> None:
    assert looks_like_question(text)


@pytest.mark.parametrize("text", ["1,2 mill", "Valdres", "Lesing i alle fag", "ja", "?", "", "x" * 300 + "?",
                                  "Kartlegging viste behov for lesing"])
def test_not_questions(text: str) -> None:
    assert not looks_like_question(text)
