"""An allocation asked in Slack: the table as a message, the chart and the XLSX as files."""

from __future__ import annotations

from bot.allocation_service import AllocationService
from bot.app import BotApp
from tests.slack.conftest import SlackEndpoint
from tests.slack.fake_slack import block_text
from tests.slack.signing import dm_event

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


async def test_allocation_in_a_dm_posts_the_table_and_uploads_chart_and_xlsx(endpoint: SlackEndpoint,
                                                                             bot_app: BotApp) -> None:
    import_stats(bot_app)
    await endpoint.event(dm_event("fordel 31,45 mill i desentralisert ordning"))
    [table] = await endpoint.fake.wait_for_async("chat.postMessage")
    assert "Valdres" in block_text(table.params) and table.params["channel"] == "DKARI"
    [complete] = await endpoint.fake.wait_for_async("files.completeUploadExternal")
    assert complete.params["channel_id"] == "DKARI"
    assert sorted(item["title"] for item in complete.params["files"]) == ["fordeling.csv", "fordeling.png", "fordeling.xlsx"]
    uploads = endpoint.fake.calls_to("upload")
    assert len(uploads) == 3
    names = sorted(call.params["filename"] for call in endpoint.fake.calls_to("files.getUploadURLExternal"))
    assert names == ["fordeling.csv", "fordeling.png", "fordeling.xlsx"]


async def test_fordeling_command_answers_ephemerally_and_sends_the_files_to_the_dm(endpoint: SlackEndpoint,
                                                                                   bot_app: BotApp) -> None:
    import_stats(bot_app)
    await endpoint.command("/fordeling", "desentralisert 31,45 mill")
    answers = await endpoint.fake.wait_for_async("response_url", count=2)
    assert "Valdres" in block_text(answers[0].params)
    assert "direktemeldingen" in block_text(answers[-1].params)
    [complete] = await endpoint.fake.wait_for_async("files.completeUploadExternal")
    assert complete.params["channel_id"] == "DKARI"  # conversations.open for UKARI in the fake
