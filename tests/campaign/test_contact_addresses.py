"""Contact addresses are validated properly (email-validator, no DNS): an address without a top-level
domain ("kari@valdres") is refused with its row number, and nothing of the file is imported."""

from __future__ import annotations

import pytest
from sqlmodel import select

from bot.campaigns.contacts import ContactImportError, checked_address
from bot.campaigns.service import CampaignService
from bot.clock import Clock
from bot.db import Database
from bot.models_campaign import CampaignContact
from tests.campaign.helpers import START, make_env

HEAD = "measure,scheme,network,name,email\n"


def service(database: Database) -> CampaignService:
    return CampaignService(make_env(database, Clock(START)))


def imported(database: Database) -> list[str]:
    with database.session() as session:
        return sorted(row.email for row in session.exec(select(CampaignContact)).all())


@pytest.mark.parametrize(("address", "reason"), [
    ("kari@valdres", "toppnivå"),
    ("kari@valdres.", "ugyldige tegn"),
    ("kari@x..no", "ugyldige tegn"),
    ("kari.valdres.no", "mangler @"),
    ("@valdres.no", "mangler noe før @"),
    ("kari@localhost.localhost", "kan ikke brukes"),
    ("kari@-valdres.no", "ugyldige tegn"),
])
def test_refused_addresses_say_why(address: str, reason: str) -> None:
    stored, why = checked_address(address)
    assert why is not None and reason in why, (address, why)
    assert stored == address


def test_good_addresses_are_kept_without_any_dns_lookup() -> None:
    assert checked_address("kari.nordmann@valdres.kommune.no") == ("kari.nordmann@valdres.kommune.no", None)
    # a domain that does not exist: no DNS is asked, so it is accepted (the bounce handling finds it)
    assert checked_address("ola@finnes-ikke-7f3a9.no") == ("ola@finnes-ikke-7f3a9.no", None)
    assert checked_address("per@vågå.kommune.no") == ("per@xn--vg-yiab.kommune.no", None)


def test_a_file_with_an_address_without_top_level_domain_is_refused_with_the_row(database: Database) -> None:
    data = (HEAD + "Lesing,regional,Valdres,Ola Dunk,ola@valdres.kommune.no\n"
            "Realfag,regional,Valdres,Kari Lie,kari@valdres\n").encode()
    with pytest.raises(ContactImportError) as caught:
        service(database).import_contacts(data, source="kontakter.csv", actor="t", channel="cli")
    assert [(p.row, p.column) for p in caught.value.problems] == [(3, "email")]
    assert str(caught.value.problems[0]).startswith("rad 3, e-post: «kari@valdres» er ikke en e-postadresse: "
                                                    "domenet mangler toppnivå")
    assert imported(database) == []


def test_addresses_are_stored_in_lower_case(database: Database) -> None:
    data = (HEAD + "Lesing,regional,Valdres,Ola Dunk,<Ola.Dunk@Valdres.Kommune.NO>\n").encode()
    service(database).import_contacts(data, source="kontakter.csv", actor="t", channel="cli")
    assert imported(database) == ["ola.dunk@valdres.kommune.no"]
