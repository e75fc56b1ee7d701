from __future__ import annotations

import time

from bot.markup import to_plain


def test_bold_and_fences_become_plain_text_with_tables_kept_aligned() -> None:
    text = "*Desentralisert ordning*: budsjett 31 450 000 kr.\n```\nNettverk   Beløp\nValdres    1 234\n```\nSlutt."
    assert to_plain(text) == "Desentralisert ordning: budsjett 31 450 000 kr.\nNettverk   Beløp\nValdres    1 234\nSlutt."


def test_stars_that_are_not_markup_stay() -> None:
    assert to_plain("3 * 4 = 12, og 2*3") == "3 * 4 = 12, og 2*3"
    assert to_plain("```\n*ikke fet i tabell*\n```") == "*ikke fet i tabell*"


def test_hostile_input_is_linear() -> None:
    started = time.process_time()
    to_plain("*" * 200_000 + "\n" + "*a " * 70_000 + "\n```" * 5_000)
    assert time.process_time() - started < 1.0
