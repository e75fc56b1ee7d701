"""A scripted person reads each question and answers it, in bokmål, nynorsk and English: a mistake,
a question mid-form, «tilbake», a pause and a resume in a new process, a title change at the
summary; the report is sent in and the export holds it (issue 13)."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from bot.app import BotApp, build_app
from bot.clock import OSLO, Clock
from bot.messages import IncomingMessage, Reply
from bot.settings import load_settings

NOW = datetime(2026, 11, 28, 10, tzinfo=OSLO)
ANSWERS = {
    "network": "Valdres", "scheme": "desentralisert", "measure_type": "1", "title": "Lesing",
    "justification": "Kartlegging i alle skolene viste behov for bedre leseopplæring.",
    "goals": "Bedre lesing i alle fag", "target_group": "Lærere", "schools": "8", "participants": "120",
    "uh_partner": "HINN", "working_methods": "Workshops", "period": "2027-2029", "amount": "1 200 000",
    "network_share": "30 %", "coordinator": "100 000", "own_share": "360 000", "own_share_use": "Frikjøp",
    "evaluation": "Spørreundersøkelse før og etter", "contact_name": "Kari Nordmann",
    "contact_email": "kari@valdres.kommune.no"}
SCRIPT = {  # language: (start phrase, a wrong amount, a question mid-form, a new title)
    "nb": ("jeg vil sende inn en behovsmelding", "mange penger", "når er fristen?", "Lesing i alle fag"),
    "nn": ("eg vil melde behov", "mykje pengar", "kva tid er fristen?", "Lesing i alle fag (nynorsk)"),
    "en": ("I want to submit a needs report", "lots of money", "when is the deadline?", "Reading in every subject"),
}


def _app(database_url: str) -> BotApp:
    return build_app(load_settings(DATABASE_URL=database_url), clock=Clock(NOW))


def _say(app: BotApp, user: str, text: str) -> Reply:
    return app.router.handle(IncomingMessage(user_id=user, channel="console", text=text))


def _asked(app: BotApp, lang: str, text: str) -> str | None:
    """The field whose question the reply asks (read as a person reads it: the question's words)."""
    form = app.needs_report_form
    found = [item.id for item in form.fields if form.expand(item.question.get(lang), NOW.date()) in text]
    return found[-1] if found else None


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_a_person_fills_in_the_form_in_their_language(database_url: str, lang: str) -> None:
    start, wrong_amount, question, title = SCRIPT[lang]
    user = f"{lang}@valdres.kommune.no"
    app = _app(database_url)
    reply = _say(app, user, start)
    done: set[str] = set()
    paused = went_back = asked_question = mistaken = False
    for _ in range(80):
        field = _asked(app, lang, reply.text)
        if field is None:
            break
        if field == "amount" and not mistaken:
            mistaken = True
            reply = _say(app, user, wrong_amount)
            assert _asked(app, lang, reply.text) == "amount"
            assert "Jeg" not in reply.text or lang == "nb"  # the error in the person's language
            continue
        if field == "schools" and not asked_question:
            asked_question = True
            reply = _say(app, user, question)
            assert "1. februar" in reply.text or "February" in reply.text or "februar" in reply.text
            assert _asked(app, lang, reply.text) == "schools"
            continue
        if field == "participants" and not went_back:
            went_back = True
            reply = _say(app, user, {"en": "back"}.get(lang, "tilbake"))
            assert _asked(app, lang, reply.text) == "schools"
            continue
        if field == "uh_partner" and not paused:
            paused = True
            _say(app, user, "pause")
            app.close()
            app = _app(database_url)  # a new process on the same database
            reply = _say(app, user, {"en": "continue", "nn": "halde fram"}.get(lang, "fortsett"))
            assert _asked(app, lang, reply.text) == "uh_partner", reply.text
            continue
        done.add(field)
        reply = _say(app, user, ANSWERS[field])
    assert mistaken and asked_question and went_back and paused
    change = {"en": "change title to", "nn": "endre tittel til"}.get(lang, "endre tittel til")
    reply = _say(app, user, f"{change} {title}")
    reply = _say(app, user, "send")
    assert reply.intent == "needs_report_submitted", reply.text
    assert "BM-2027-" in reply.text
    with app.database.session() as session:
        document = json.loads(app.reports.export(session, "json"))
    [record] = [item for item in document["reports"] if item["owner"] == user]
    assert record["answers"]["title"] == title and record["year"] == 2027
    app.close()
