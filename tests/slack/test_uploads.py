"""Contact lists uploaded to the bot in a DM: fetched from (fake) Slack over HTTP, imported all or nothing,
answered in the DM; refused for others, once per delivery, clear when the file is wrong or unreachable."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from typing import Any

import httpx
from openpyxl import Workbook
from sqlmodel import col, select

from bot.app import BotApp
from bot.campaigns.env import CampaignEnv
from bot.campaigns.service import CampaignService
from bot.models import AuditEntry, Person
from bot.models_campaign import CampaignContact, CampaignMeasure
from handlers.slack.uploads import XLSX_MIME, DownloadError, download
from tests.campaign.helpers import LINK, contacts_csv, make_contacts
from tests.slack.conftest import SECRETARIAT_USER, SlackEndpoint
from tests.slack.fake_slack import Call, FakeSlack, block_text
from tests.slack.signing import dm_event

ADMIN_DM = "DADMIN"


def file_share(files: list[dict[str, Any]], *, text: str = "", user: str = SECRETARIAT_USER,
               channel: str = ADMIN_DM, ts: str = "1764300000.000700") -> dict[str, Any]:
    """A ``message`` event with ``subtype: file_share`` as Slack sends it for a file dropped in a DM."""
    return dm_event(text, user=user, channel=channel, ts=ts, client_msg_id=None, subtype="file_share", files=files,
                    upload=True, display_as_bot=False)


def contacts(bot_app: BotApp) -> list[CampaignContact]:
    with bot_app.database.session() as session:
        return list(session.exec(select(CampaignContact).order_by(col(CampaignContact.id))).all())


def audit(bot_app: BotApp, action: str) -> list[AuditEntry]:
    with bot_app.database.session() as session:
        return list(session.exec(select(AuditEntry).where(AuditEntry.action == action)).all())


def downloads(fake: FakeSlack) -> list[Call]:
    return fake.calls_to("files-pri", ok_only=False)


async def one_reply(endpoint: SlackEndpoint) -> tuple[Call, str]:
    [call] = await endpoint.fake.wait_for_async("chat.postMessage")
    return call, block_text(call.params)


async def test_a_csv_from_the_secretariat_is_imported_and_the_reply_counts_match(endpoint: SlackEndpoint,
                                                                              bot_app: BotApp) -> None:
    people = make_contacts(5)  # 1 + 2 + 1 + 3 + 1 measures
    file = endpoint.fake.add_file("kontakter 2026.csv", contacts_csv(people))
    response = await endpoint.event(file_share([file]), event_id="Ev-up-1")
    assert response.status_code == 200
    call, text = await one_reply(endpoint)
    assert call.params["channel"] == ADMIN_DM and not call.params.get("thread_ts")

    rows = contacts(bot_app)
    measures = sum(len(person.measures) for person in people)
    assert len(rows) == measures == 8
    assert len({row.email for row in rows}) == len(people) == 5
    assert {row.source for row in rows} == {"kontakter 2026.csv"}
    assert f"«kontakter 2026.csv» er importert: {measures} tiltak med 5 kontaktpersoner ({measures} nye, 0 endret, " \
           "0 uendret)" in text
    assert "5 nye personer" in text
    assert "skriv «start purring årsrapport 2026» for å starte" in text
    with bot_app.database.session() as session:
        assert len(session.exec(select(Person)).all()) == 5
    [entry] = audit(bot_app, "campaign.contacts_imported")
    assert (entry.actor, entry.channel, entry.detail["measures"]) == (SECRETARIAT_USER, "slack", 8)
    [fetched] = downloads(endpoint.fake)
    assert fetched.status == 200 and fetched.token == "xoxb-valid"
    assert "/download/" in fetched.path


async def test_an_xlsx_with_norwegian_headings_and_a_repeated_row_is_imported(endpoint: SlackEndpoint,
                                                                            bot_app: BotApp) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Kontaktliste årsrapport"])  # a title row above the headings
    sheet.append(["Tiltak", "Ordning", "Nettverk", "Kontaktperson", "E-post"])
    sheet.append(["Lesing i barnehagen", "regional", "valdres", "Kari Nordmann", "kari@valdres.test"])
    sheet.append(["Matematikk 1-4", "desentralisert", "hamarregionen", "Ola Hansen", "ola@hamar.test"])
    sheet.append(["Lesing i barnehagen", "regional", "valdres", "Kari Nordmann", "Kari@Valdres.test"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    file = endpoint.fake.add_file("kontakter.xlsx", buffer.getvalue(), mimetype=XLSX_MIME)
    await endpoint.event(file_share([file]), event_id="Ev-up-x")
    _, text = await one_reply(endpoint)
    rows = contacts(bot_app)
    assert sorted((row.measure, row.email) for row in rows) == [("Lesing i barnehagen", "kari@valdres.test"),
                                                                ("Matematikk 1-4", "ola@hamar.test")]
    assert "2 tiltak med 2 kontaktpersoner (2 nye, 0 endret, 0 uendret, 1 lik rad slått sammen)" in text
    assert "Rad 5 er lik rad 3" in text


async def test_a_file_with_bad_rows_imports_nothing_and_lists_every_row(endpoint: SlackEndpoint,
                                                                        bot_app: BotApp) -> None:
    good = contacts_csv(make_contacts(3)).decode()
    bad = good + "Tiltak X;regional;valdres;Eva;ikke-en-adresse;\r\nTiltak Y;ukjent;valdres;Eva;eva@x.test;\r\n"
    file = endpoint.fake.add_file("kontakter.csv", bad.encode())
    await endpoint.event(file_share([file]), event_id="Ev-up-bad")
    _, text = await one_reply(endpoint)
    assert contacts(bot_app) == []
    assert audit(bot_app, "campaign.contacts_imported") == []
    assert "«kontakter.csv» har 2 feil, så ingenting ble importert" in text
    assert "rad 6, e-post: «ikke-en-adresse» er ikke en e-postadresse" in text
    assert re.search(r"rad 7, ordning: ukjent ordning «ukjent»", text)


async def test_many_problems_are_cut_after_twenty_lines(endpoint: SlackEndpoint, bot_app: BotApp) -> None:
    lines = ["measure;scheme;network;name;email"] + [f"Tiltak {n};regional;valdres;Eva {n};feil{n}" for n in range(25)]
    file = endpoint.fake.add_file("mange.csv", "\n".join(lines).encode())
    await endpoint.event(file_share([file]), event_id="Ev-up-many")
    _, text = await one_reply(endpoint)
    assert "har 25 feil" in text
    assert text.count("• rad ") == 20
    assert "… og 5 til." in text
    assert contacts(bot_app) == []


async def test_someone_outside_the_secretariat_is_refused_and_audited(endpoint: SlackEndpoint,
                                                                      bot_app: BotApp) -> None:
    file = endpoint.fake.add_file("kontakter.csv", contacts_csv(make_contacts(2)), user="UKARI")
    await endpoint.event(file_share([file], user="UKARI", channel="DKARI"), event_id="Ev-up-kari")
    call, text = await one_reply(endpoint)
    assert call.params["channel"] == "DKARI"
    assert "bare sekretariatet hos Statsforvalteren kan importere kontaktlister" in text
    assert contacts(bot_app) == []
    assert downloads(endpoint.fake) == []  # not even fetched
    [refusal] = audit(bot_app, "refused:contacts_import")
    assert (refusal.actor, refusal.channel, refusal.outcome) == ("UKARI", "slack", "refused")
    assert "kontakter.csv" in refusal.detail["text"]


async def test_a_retried_delivery_imports_once(endpoint: SlackEndpoint, bot_app: BotApp) -> None:
    file = endpoint.fake.add_file("kontakter.csv", contacts_csv(make_contacts(4)))
    event = file_share([file])
    first = await endpoint.event(event, event_id="Ev-up-retry")
    again = await endpoint.event(event, event_id="Ev-up-retry", retry_num=1)
    assert first.status_code == again.status_code == 200
    await endpoint.fake.wait_for_async("chat.postMessage", count=2, wait=2.0)
    assert len(endpoint.fake.calls_to("chat.postMessage")) == 1
    assert len(downloads(endpoint.fake)) == 1
    assert len(audit(bot_app, "campaign.contacts_imported")) == 1
    assert len(contacts(bot_app)) == 7


async def test_uploading_the_same_list_again_changes_nothing(endpoint: SlackEndpoint, bot_app: BotApp) -> None:
    data = contacts_csv(make_contacts(3))
    first = endpoint.fake.add_file("kontakter.csv", data)
    await endpoint.event(file_share([first], ts="1764300000.000701"), event_id="Ev-up-a")
    await endpoint.fake.wait_for_async("chat.postMessage")
    second = endpoint.fake.add_file("kontakter.csv", data)
    await endpoint.event(file_share([second], ts="1764300000.000702"), event_id="Ev-up-b")
    replies = await endpoint.fake.wait_for_async("chat.postMessage", count=2)
    assert "4 tiltak med 3 kontaktpersoner (0 nye, 0 endret, 4 uendret); 0 nye personer" in block_text(replies[1].params)
    assert len(contacts(bot_app)) == 4


async def test_a_running_campaign_takes_the_new_measures(endpoint: SlackEndpoint, bot_app: BotApp) -> None:
    env = CampaignEnv.from_app(bot_app)
    env.mail_setup = replace(env.mail_setup, smtp=True)  # mail is set up; nothing is sent in this test
    service = CampaignService(env)
    service.import_contacts(contacts_csv(make_contacts(2)), source="første.csv", actor=SECRETARIAT_USER,
                            channel="cli")
    service.start(kind="arsrapport", year=2026, link=LINK, actor=SECRETARIAT_USER, channel="cli")
    file = endpoint.fake.add_file("kontakter.csv", contacts_csv(make_contacts(3)))  # one person more
    await endpoint.event(file_share([file]), event_id="Ev-up-running")
    _, text = await one_reply(endpoint)
    assert "4 tiltak med 3 kontaktpersoner (1 nye, 0 endret, 3 uendret); 1 ny person" in text
    assert "Purringen for 2026 er i gang og tar med de nye og endrede tiltakene fra neste runde" in text
    assert "start purring" not in text
    with bot_app.database.session() as session:
        assert len(session.exec(select(CampaignMeasure)).all()) == 4


async def test_a_refused_download_gives_a_clear_message(endpoint: SlackEndpoint, bot_app: BotApp) -> None:
    # The file only opens for another token than the bot's: the fake answers 401.
    file = endpoint.fake.add_file("kontakter.csv", contacts_csv(make_contacts(2)), token="xoxb-valid-other")
    await endpoint.event(file_share([file]), event_id="Ev-up-401")
    _, text = await one_reply(endpoint)
    assert [call.status for call in downloads(endpoint.fake)] == [401]
    assert "Slack ga meg ikke lov til å hente «kontakter.csv» (svar 401)" in text
    assert "files:read" in text and "ingenting ble importert" in text
    assert contacts(bot_app) == []


async def test_a_file_slack_no_longer_has_and_a_file_too_large(endpoint: SlackEndpoint, bot_app: BotApp) -> None:
    gone = endpoint.fake.add_file("borte.csv", b"x")
    gone["url_private_download"] = gone["url_private_download"].replace("borte.csv", "annen.csv")
    large = endpoint.fake.add_file("stor.xlsx", b"PK\x03\x04", mimetype=XLSX_MIME, size=6 * 1024 * 1024)
    await endpoint.event(file_share([gone, large]), event_id="Ev-up-gone")
    replies = await endpoint.fake.wait_for_async("chat.postMessage", count=2)
    texts = [block_text(call.params) for call in replies]
    assert "Fant ikke «borte.csv» hos Slack" in texts[0]
    assert "«stor.xlsx» er for stor (6,0 MB); jeg tar imot kontaktlister på høyst 5,0 MB" in texts[1]
    assert [call.status for call in downloads(endpoint.fake)] == [404]  # the large one was not fetched
    assert contacts(bot_app) == []


async def test_an_unsupported_file_gets_a_clear_message(endpoint: SlackEndpoint, bot_app: BotApp) -> None:
    file = endpoint.fake.add_file("plan.pdf", b"%PDF-1.7", mimetype="application/pdf")
    await endpoint.event(file_share([file]), event_id="Ev-up-pdf")
    _, text = await one_reply(endpoint)
    assert "Jeg kan ikke lese «plan.pdf»: kontaktlista må være en CSV- eller XLSX-fil" in text
    assert downloads(endpoint.fake) == []
    assert contacts(bot_app) == []


async def test_text_sent_with_the_file_still_reaches_the_router(endpoint: SlackEndpoint, bot_app: BotApp) -> None:
    file = endpoint.fake.add_file("kontakter.csv", contacts_csv(make_contacts(2)))
    await endpoint.event(file_share([file], text="hjelp"), event_id="Ev-up-text")
    replies = await endpoint.fake.wait_for_async("chat.postMessage", count=2)
    texts = [block_text(call.params) for call in replies]
    assert "er importert" in texts[0]
    assert "meld behov" in texts[1]  # the router's help text, after the import
    assert len(contacts(bot_app)) == 3


async def test_a_partial_file_object_is_completed_with_files_info(endpoint: SlackEndpoint, bot_app: BotApp) -> None:
    full = endpoint.fake.add_file("kontakter.csv", contacts_csv(make_contacts(1)))
    partial = {"id": full["id"], "mode": "hosted", "file_access": "check_file_info"}
    await endpoint.event(file_share([partial]), event_id="Ev-up-partial")
    _, text = await one_reply(endpoint)
    assert "1 tiltak med 1 kontaktperson " in text
    assert endpoint.fake.calls_to("files.info")


async def test_the_fake_serves_files_only_with_the_token(fake_slack: FakeSlack) -> None:
    file = fake_slack.add_file("a.csv", b"measure;email\n")
    async with httpx.AsyncClient() as http:
        assert (await http.get(file["url_private_download"])).status_code == 401
        bad = await http.get(file["url_private_download"], headers={"Authorization": "Bearer xoxb-nope"})
        assert bad.status_code == 401
        good = await http.get(file["url_private"], headers={"Authorization": "Bearer xoxb-valid"})
        assert (good.status_code, good.content) == (200, b"measure;email\n")


async def test_download_stops_at_the_limit_whatever_the_file_object_says(fake_slack: FakeSlack) -> None:
    file = fake_slack.add_file("a.csv", b"x" * 5000, size=10)
    try:
        await download(file["url_private_download"], "xoxb-valid", max_bytes=1000)
    except DownloadError as exc:
        assert exc.reason == "too_large"
    else:
        raise AssertionError("a file above the limit was accepted")
    assert await download(file["url_private_download"], "xoxb-valid", max_bytes=5000) == b"x" * 5000
