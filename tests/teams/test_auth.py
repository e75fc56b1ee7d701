"""Only the Bot Connector may talk to ``/api/messages``: a valid Bot Framework token is accepted; a bad
signature, wrong audience or issuer, an expired token, a ``serviceurl`` claim that is not the activity's
``serviceUrl`` or no token at all -> 401 and nothing done (no answer, nothing stored)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import select

from bot.models import AuditEntry
from bot.models_teams import TeamsActivity, TeamsUser
from tests.teams.conftest import KARI, Endpoint
from tests.teams.world import APP_ID


async def test_a_valid_token_is_accepted_and_answered(endpoint: Endpoint) -> None:
    response = await endpoint.post(endpoint.activity(KARI, "når er fristen for behovsmelding?"))
    await endpoint.settle()
    assert response.status_code == 200
    answers = endpoint.connector.messages(f"a:personal-{KARI.teams_id}")
    assert len(answers) == 1
    assert "frist" in answers[0].text.lower()
    assert endpoint.connector.state.refused_auth == 0  # the bot's own token was accepted by the connector


def _forged(endpoint: Endpoint, case: str, activity: dict[str, Any]) -> str:
    issuer = endpoint.world.issuer
    service_url = str(activity["serviceUrl"])
    return {
        "bad_signature": lambda: issuer.sign(service_url, key=issuer.rogue_key),
        "wrong_audience": lambda: issuer.sign(service_url, audience="another-bot"),
        "wrong_issuer": lambda: issuer.sign(service_url, issuer="https://sts.windows.net/evil/"),
        "expired": lambda: issuer.sign(service_url, expires_in=-3600),
        "service_url_mismatch": lambda: issuer.sign(service_url, serviceurl="https://evil.example/teams/"),
        "unknown_key": lambda: issuer.sign(service_url, kid="not-a-known-key"),
        "not_a_jwt": lambda: "abc.def.ghi",
    }[case]()


@pytest.mark.parametrize("case", ["bad_signature", "wrong_audience", "wrong_issuer", "expired",
                                  "service_url_mismatch", "unknown_key", "not_a_jwt", "no_token"])
async def test_forged_or_expired_tokens_are_refused_and_nothing_is_done(endpoint: Endpoint, case: str) -> None:
    activity = endpoint.activity(KARI, "når er fristen for behovsmelding?")
    if case == "no_token":
        response = await endpoint.http.post(f"{endpoint.base}/api/messages", json=activity)
    else:
        response = await endpoint.post(activity, token=_forged(endpoint, case, activity))
    await endpoint.settle()
    assert response.status_code == 401
    assert endpoint.connector.state.posted == []
    assert endpoint.connector.state.created == []
    with endpoint.runtime.channel.bot_app.database.session() as session:
        assert session.exec(select(TeamsActivity)).all() == []
        assert session.exec(select(TeamsUser)).all() == []
        assert session.exec(select(AuditEntry)).all() == []


async def test_a_token_for_the_app_id_uri_is_accepted(endpoint: Endpoint) -> None:
    activity = endpoint.activity(KARI, "hei")
    token = endpoint.world.issuer.sign(str(activity["serviceUrl"]), audience=f"api://{APP_ID}")
    assert (await endpoint.post(activity, token=token)).status_code == 200


async def test_an_activity_pointing_elsewhere_with_its_own_valid_token_is_still_checked(endpoint: Endpoint) -> None:
    """A token signed for the real connector cannot carry an activity whose serviceUrl is another host."""
    activity = endpoint.activity(KARI, "hei")
    token = endpoint.world.issuer.sign(str(activity["serviceUrl"]))
    activity["serviceUrl"] = "https://attacker.example/teams/"
    assert (await endpoint.post(activity, token=token)).status_code == 401


async def test_malformed_and_oversized_bodies(endpoint: Endpoint) -> None:
    token = endpoint.world.issuer.sign(endpoint.connector.service_url)
    headers = {"Authorization": f"Bearer {token}", "content-type": "application/json"}
    bad = await endpoint.http.post(f"{endpoint.base}/api/messages", content=b"[1, 2", headers=headers)
    assert bad.status_code == 400
    huge = await endpoint.http.post(f"{endpoint.base}/api/messages", content=b"{" + b" " * 300_000 + b"}",
                                    headers=headers)
    assert huge.status_code == 413
    assert endpoint.connector.state.posted == []
