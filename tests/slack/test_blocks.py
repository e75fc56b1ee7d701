"""Long answers split within the Block Kit limits; mrkdwn escaping; mention cleaning."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from handlers.slack import limits
from handlers.slack.blocks import escape, split_text, to_messages, unescape
from handlers.slack.messages import clean_text


def _check(text: str) -> None:
    messages = to_messages(text)
    joined = []
    for message in messages:
        assert 1 <= len(message.blocks) <= limits.MESSAGE_BLOCKS
        total = sum(len(block["text"]["text"]) for block in message.blocks)
        assert total <= limits.MESSAGE_TEXT_BUDGET
        assert len(message.text) <= limits.FALLBACK_TEXT
        for block in message.blocks:
            assert len(block["text"]["text"]) <= limits.SECTION_TEXT
            joined.append(unescape(block["text"]["text"]))
    # Nothing is lost but whitespace at the cuts.
    assert "".join("".join(joined).split()) == "".join(text.split())


def test_a_long_answer_becomes_several_messages_within_limits() -> None:
    paragraph = "Fristen for årsrapportering er 15. januar (planen punkt 10). " * 40
    text = "\n\n".join([paragraph] * 30)  # ~ 75 000 characters
    messages = to_messages(text)
    assert len(messages) > 1
    _check(text)
    assert json.dumps([message.blocks for message in messages])  # plain JSON


def test_escaping_counts_against_the_limit() -> None:
    text = "<&>" * 5000
    for chunk in split_text(text):
        assert len(escape(chunk)) <= limits.SECTION_TEXT
    _check(text)


def test_splits_prefer_paragraphs_then_lines_then_words() -> None:
    first, second = "a" * 2000, "b" * 2000
    assert split_text(f"{first}\n\n{second}") == [first, second]
    words = " ".join(["ord"] * 2000)
    assert all(not chunk.startswith(" ") and not chunk.endswith(" ") for chunk in split_text(words))
    assert split_text("x" * 7000) == ["x" * 2950, "x" * 2950, "x" * 1100]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab <>&\n æøå")), min_size=0, max_size=20_000))
def test_any_text_fits(text: str) -> None:
    _check(text)


def test_clean_text_removes_the_bot_mention_and_slack_escaping() -> None:
    assert clean_text("<@UBOT> når er fristen?", "UBOT") == "når er fristen?"
    assert clean_text("<@UBOT|kompetansebot> hjelp &amp; mer", "UBOT") == "hjelp & mer"
    assert clean_text("spør <@U123> om <https://udir.no|Udir>", "UBOT") == "spør @U123 om Udir"
    assert clean_text("&lt;script&gt;", None) == "<script>"
