"""Replies as Teams messages: long answers split within the size limit (fences kept balanced), monospace
tables as Adaptive Card tables, and files as signed short-lived links that only work as issued."""

from __future__ import annotations

import json

import httpx

from bot.messages import Attachment, Reply
from handlers.teams import render
from handlers.teams.cards import card_size
from handlers.teams.files import FileLinks
from tests.teams.conftest import Endpoint


def test_long_answers_are_split_within_the_limit() -> None:
    paragraph = "Æøå er norske bokstaver, og denne setningen gjentas mange ganger. " * 40
    text = "\n\n".join(f"{index}: {paragraph}" for index in range(30)) + "\n```\n" + "a  b  c\n" * 2000 + "```"
    parts = render.split_text(text)
    assert len(parts) > 2
    assert all(len(json.dumps(part, ensure_ascii=False).encode()) <= render.MAX_TEXT_BYTES for part in parts)
    assert all(part.count("```") % 2 == 0 for part in parts)
    joined = "".join(parts)
    assert "29: Æøå" in joined and joined.count("a  b  c") == 2000


def test_a_monospace_table_becomes_a_card_table() -> None:
    text = ("Fordeling av 31,45 mill:\n```\nNettverk      Andel   Beløp\nValdres       10 %    3 145 000\n"
            "Hadeland      12 %    3 774 000\n```\nSlik er det regnet ut.")
    activities = render.text_activities(Reply(text, intent="allocation"))
    card = activities[0]["attachments"][0]["content"]
    table = next(item for item in card["body"] if item["type"] == "Table")
    cells = [[cell["items"][0]["text"] for cell in row["cells"]] for row in table["rows"]]
    assert cells == [["Nettverk", "Andel", "Beløp"], ["Valdres", "10 %", "3 145 000"],
                     ["Hadeland", "12 %", "3 774 000"]]
    assert card["body"][0]["text"] == "Fordeling av 31,45 mill"
    assert activities[1]["text"] == "Slik er det regnet ut."
    assert card_size(card) < 24_000


async def test_file_links_are_signed_and_expire(endpoint: Endpoint) -> None:
    links: FileLinks = endpoint.runtime.channel.files
    url = links.add(Attachment("behovsmeldinger.csv", b"a;b\n1;2\n", "text/csv"), endpoint.base)
    async with httpx.AsyncClient() as http:
        good = await http.get(url)
        assert good.status_code == 200 and good.content == b"a;b\n1;2\n"
        assert "attachment" in good.headers["content-disposition"]
        tampered = await http.get(url.replace("sig=", "sig=0"))
        longer = await http.get(url.replace("exp=", "exp=9"))
        other = await http.get(url.replace("behovsmeldinger.csv", "annet.csv"))
        assert [tampered.status_code, longer.status_code, other.status_code] == [404, 404, 404]
        links.ttl = -1
        expired = await http.get(links.add(Attachment("x.csv", b"x", "text/csv"), endpoint.base))
        assert expired.status_code == 404
