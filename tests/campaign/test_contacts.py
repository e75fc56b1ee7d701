"""Contact list import: canonical and Norwegian headings, CSV and XLSX, errors per row, all or nothing."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook
from sqlmodel import col, select

from bot.campaigns.contacts import ContactImportError
from bot.campaigns.service import CampaignService
from bot.clock import Clock
from bot.db import Database
from bot.models import AuditEntry, Person, PersonRole
from bot.models_campaign import CampaignContact
from tests.campaign.helpers import START, make_env

NORWEGIAN = (
    "Tiltak;Ordning;Nettverk;Kontaktperson;E-post;Slack\r\n"
    "Språkløyper i barnehagen;regional ordning;Hamar;Kari Nordmann;Kari@Hamar.Kommune.no;U012ABC\r\n"
    "Lesing i skolen;Desentralisert;hamarregionen;Kari Nordmann;kari@hamar.kommune.no;\r\n"
    "Inkluderende praksis;kompetanseløftet;Valdres;Ola Dunk;ola@valdres.no;\r\n"
    ";;;;;\r\n"
    "Inkluderende praksis;Kompetanseløftet;valdres;Ola Dunk;ola@valdres.no;\r\n"
)


def service(database: Database) -> CampaignService:
    return CampaignService(make_env(database, Clock(START)))


def contacts(database: Database) -> list[CampaignContact]:
    with database.session() as session:
        return list(session.exec(select(CampaignContact).order_by(col(CampaignContact.measure))).all())


def test_norwegian_headings_cp1252_semicolons_duplicates_merged(database: Database) -> None:
    result = service(database).import_contacts(NORWEGIAN.encode("cp1252"), source="kontakter.csv", actor="cli:test",
                                               channel="cli")
    assert (result.measures, result.added, result.merged) == (3, 3, [(6, 4)])
    rows = contacts(database)
    assert [(r.measure, r.scheme, r.network, r.email, r.slack_id) for r in rows] == [
        ("Inkluderende praksis", "kompetanseloftet", "valdres", "ola@valdres.no", None),
        ("Lesing i skolen", "desentralisert", "hamarregionen", "kari@hamar.kommune.no", "U012ABC"),
        ("Språkløyper i barnehagen", "regional", "hamarregionen", "kari@hamar.kommune.no", "U012ABC"),
    ]
    with database.session() as session:
        people = {p.email: p for p in session.exec(select(Person)).all()}
        assert set(people) == {"kari@hamar.kommune.no", "ola@valdres.no"}
        assert people["kari@hamar.kommune.no"].slack_id == "U012ABC"
        roles = session.exec(select(PersonRole.role)).all()
        assert roles == ["report_contact", "report_contact"]
        audit = session.exec(select(AuditEntry).where(AuditEntry.action == "campaign.contacts_imported")).one()
        assert audit.actor == "cli:test" and audit.detail["merged"] == 1
    again = service(database).import_contacts(NORWEGIAN.encode("cp1252"), source="kontakter.csv", actor="cli:test",
                                              channel="cli")
    assert (again.added, again.updated, again.unchanged) == (0, 0, 3)


def test_canonical_xlsx_with_a_title_row(database: Database) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Kontaktpersoner årsrapport 2026"])
    sheet.append(["measure", "scheme", "network", "name", "email", "slack_id"])
    sheet.append(["Realfag i barnehagen", "regional", "Gjøvik", "Per Ås", "per@gjovik.kommune.no", None])
    sheet.append(["Vurdering for læring", "desentralisert", "Innlandet fylkeskommune", "Siv Li", "siv@ifk.no", "W0A1B2C"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = service(database).import_contacts(buffer.getvalue(), source="kontakter.xlsx", actor="t", channel="cli")
    assert result.measures == 2
    assert {(r.network, r.email) for r in contacts(database)} == {("gjovikregionen", "per@gjovik.kommune.no"),
                                                                 ("innlandet-fylkeskommune", "siv@ifk.no")}


def test_every_problem_is_reported_with_its_row_and_nothing_is_imported(database: Database) -> None:
    good = "measure,scheme,network,name,email\nGodt tiltak,regional,Valdres,Ola Dunk,ola@valdres.no\n"
    service(database).import_contacts(good.encode(), source="first.csv", actor="t", channel="cli")
    bad = ("measure,scheme,network,name,email,slack_id\n"
           "Nytt tiltak,regional,Hadeland,Anne Berg,anne@hadeland.no,\n"          # fine
           "Tiltak B,barnehagefoo,Hadeland,Anne Berg,anne@hadeland.no,\n"         # 3: unknown scheme
           "Tiltak C,regional,Atlantis,Anne Berg,anne@hadeland.no,\n"             # 4: unknown network
           "Tiltak D,regional,Valdres,Bo,ikke-en-adresse,\n"                      # 5: bad email
           ",regional,Valdres,Bo,bo@valdres.no,\n"                                # 6: no measure
           "Tiltak E,regional,Valdres,Bo,bo@valdres.no,slack-bo\n"                # 7: bad Slack id
           "Nytt tiltak,regional,hadeland,Kim,kim@hadeland.no,\n"                 # 8: same measure, other contact
           "Tiltak F,regional,Valdres,Anna Berg,anne@hadeland.no,\n")             # 9: same email, other name
    with pytest.raises(ContactImportError) as caught:
        service(database).import_contacts(bad.encode(), source="bad.csv", actor="t", channel="cli")
    problems = [(p.row, p.column) for p in caught.value.problems]
    assert problems == [(3, "scheme"), (4, "network"), (5, "email"), (6, "measure"), (7, "slack_id"), (8, "email"),
                        (9, "name")]
    text = "\n".join(str(p) for p in caught.value.problems)
    assert "rad 3, ordning: ukjent ordning «barnehagefoo»" in text
    assert "rad 8, e-post: tiltaket «Nytt tiltak» står også i rad 2" in text
    assert [r.measure for r in contacts(database)] == ["Godt tiltak"]  # nothing of bad.csv
    with database.session() as session:
        assert session.exec(select(Person).where(Person.email == "anne@hadeland.no")).first() is None


def test_missing_columns_empty_files_and_old_excel(database: Database) -> None:
    for data, message in [(b"measure;email\nX;x@y.no\n", "kolonnen mangler"),
                          (b"", "tom"),
                          (b"navn;adresse\nx;y\n", "fant ingen overskriftsrad"),
                          (b"\xd0\xcf\x11\xe0rest", ".xls"),
                          (b"measure,scheme,network,name,email\n", "ingen rader")]:
        with pytest.raises(ContactImportError) as caught:
            service(database).import_contacts(data, source="f", actor="t", channel="cli")
        assert message in "\n".join(str(p) for p in caught.value.problems)


def test_a_slack_id_already_owned_by_someone_else_is_refused(database: Database) -> None:
    with database.session() as session:
        session.add(Person(name="Annen", email="annen@x.no", slack_id="U999", created_at=START))
    data = "measure;scheme;network;name;email;slack_id\nT;regional;Valdres;Ny;ny@x.no;U999\n"
    with pytest.raises(ContactImportError, match="1 feil") as caught:
        service(database).import_contacts(data.encode(), source="f.csv", actor="t", channel="cli")
    assert str(caught.value.problems[0]) == "rad 2, Slack-id: Slack-id U999 er allerede knyttet til annen@x.no"


def test_replace_takes_measures_missing_from_the_file_out(database: Database) -> None:
    first = "measure;scheme;network;name;email\nA;regional;Valdres;Ola;ola@v.no\nB;regional;Valdres;Ola;ola@v.no\n"
    second = "measure;scheme;network;name;email\nA;regional;Valdres;Ola;ola@v.no\n"
    service(database).import_contacts(first.encode(), source="1.csv", actor="t", channel="cli")
    kept = service(database).import_contacts(second.encode(), source="2.csv", actor="t", channel="cli")
    assert kept.deactivated == 0 and all(r.active for r in contacts(database))
    replaced = service(database).import_contacts(second.encode(), source="2.csv", actor="t", channel="cli",
                                                 replace=True)
    assert replaced.deactivated == 1
    assert {r.measure: r.active for r in contacts(database)} == {"A": True, "B": False}
