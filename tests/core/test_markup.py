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


def test_email_reply_shows_bold_and_tables_in_html_and_plain_text_in_the_text_part() -> None:
    from bot.mail.compose import render_reply

    body = ("*Regional ordning*: budsjett 10 000 000 kr.\n```\nNettverk    Anslag\n--------    ------\n"
            "Valdres     1 234 kr\nHadeland    <b>2</b> kr\n```\nAnslagene er veiledende.")
    content = render_reply(body, subject="SV: fordeling", sources=("5.8",), language="nb")
    assert "```" not in content.text and "*Regional ordning*" not in content.text
    assert "Regional ordning: budsjett" in content.text and "Valdres     1 234 kr" in content.text
    assert "<strong>Regional ordning</strong>" in content.html
    assert "<th" in content.html and ">Nettverk</th>" in content.html and ">Valdres</td>" in content.html
    assert "text-align: right;\">1 234 kr</td>" in content.html
    assert "&lt;b&gt;2&lt;/b&gt;" in content.html and "<b>2</b>" not in content.html  # escaped, never markup
