"""Allocation and exports in Teams: the table as an Adaptive Card, the chart as an image, XLSX/CSV as
signed download links in the 1:1 chat only (never in a channel)."""

from __future__ import annotations

import httpx

from bot.allocation_service import AllocationService
from bot.app import BotApp
from tests.teams.conftest import KARI, Endpoint
from tests.teams.world import Posted

STATS = """Nettverk,Laerer aarsverk,Yrkesfaglarer arsverk,Skoler,Elever,Barnehage arsverk,Barnehager,Barn
Kongsvingerregionen,412.5,0,24,4310,318.4,31,1702
Hamarregionen,1105.2,0,52,11935,842.7,74,4608
Sør-Østerdal,498.1,0,31,5120,366.0,38,1985
Nord-Østerdal,201.3,0,19,1840,170.9,22,812
Lillehammerregionen,489.9,0,27,5402,410.2,41,2230
Midt-Gudbrandsdal,158.7,0,11,1498,121.4,15,640
Nord-Gudbrandsdal,232.4,0,20,1905,160.3,21,790
Gjøvikregionen,894.6,0,46,9012,690.5,66,3601
Valdres,238.0,0,18,2010,177.8,23,905
Hadeland,198.2,0,10,2090,150.1,16,830
Innlandet fylkeskommune,1610.4,702.9,22,14480,0,0,0
Friskolene,141.5,12.0,17,1320,0,0,0
"""


def import_stats(bot_app: BotApp) -> None:
    with bot_app.database.session() as session:
        AllocationService(bot_app.plan, bot_app.clock).import_stats(
            session, STATS.encode(), year=bot_app.clock.today().year, filename="stats.csv", actor="test")


def _card_texts(item: Posted) -> str:
    return str(item.card)


async def test_allocation_in_a_channel(endpoint: Endpoint, bot_app: BotApp) -> None:
    import_stats(bot_app)
    asked = endpoint.activity(KARI, "fordel 31,45 mill i desentralisert ordning", channel=True)
    await endpoint.post(asked)
    await endpoint.settle()
    thread = endpoint.connector.messages(f"19:general@thread.tacv2;messageid={asked['id']}")
    personal = endpoint.connector.messages(f"a:personal-{KARI.teams_id}")
    cards = [item.card for item in thread if item.card]
    tables = [card for card in cards if any(part["type"] == "Table" for part in card["body"])]
    assert tables and "Valdres" in str(tables[0])
    images = [part for card in cards for part in card["body"] if part["type"] == "Image"]
    assert len(images) == 1 and "fordeling.png" in images[0]["url"]
    assert "fordeling.xlsx" not in str(thread) and "fordeling.csv" not in str(thread)  # files never in a channel
    files = [action for item in personal if item.card for action in item.card.get("actions", [])]
    assert sorted(action["title"] for action in files) == ["Last ned fordeling.csv", "Last ned fordeling.xlsx"]
    async with httpx.AsyncClient() as http:
        chart = await http.get(images[0]["url"])
        xlsx = await http.get(next(action["url"] for action in files if "xlsx" in action["title"]))
    assert chart.status_code == 200 and chart.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
