"""Replies classified for the campaign: scripted replies in several styles and languages, and every
message of the email corpus (clients, charsets, auto-replies, bounces), with a table in the output."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest

from bot.campaigns.replies import DONE, HANDOVER, NOT_YET, OTHER, QUESTION, STOP, read_reply, return_date
from bot.mail.classify import classify
from bot.mail.identity import BotIdentity
from bot.mail.parse import parse_mail
from bot.mail.replytext import extract_reply

BOT = BotIdentity("bot@kompetansebot.test")
CORPUS = Path(__file__).parents[1] / "email" / "corpus"

SCRIPTED: list[tuple[str, str, bool]] = [
    # (reply, intent, also a question)
    ("levert", DONE, False),
    ("Levert!", DONE, False),
    ("Rapporten er sendt inn.", DONE, False),
    ("done", DONE, False),
    ("Hei, vi har levert rapporten nå. Mvh Kari", DONE, False),
    ("Rapporten er levert inn no.", DONE, False),
    ("Vi har fylt ut og sendt skjemaet i dag.", DONE, False),
    ("We submitted the report yesterday.", DONE, False),
    ("Levert, men hvor ser jeg kvitteringen?", DONE, True),
    ("ikke levert ennå", NOT_YET, False),
    ("leverer fredag", NOT_YET, False),
    ("Nei, ikke levert ennå. Kommer neste uke.", NOT_YET, False),
    ("Skal sende den inn i morgen", NOT_YET, False),
    ("Ikkje levert enno, vi jobbar med det.", NOT_YET, False),
    ("Vi jobber med rapporten og leverer innen fristen.", NOT_YET, False),
    ("It will be done by Friday.", NOT_YET, False),
    ("Not yet, sorry.", NOT_YET, False),
    ("Når er fristen?", QUESTION, True),
    ("Er rapporten levert?", QUESTION, True),
    ("Hvilket skjema skal vi bruke for kompetanseløftet?", QUESTION, True),
    ("Vi har ikke fått lenken, kan dere sende den på nytt?", QUESTION, True),
    ("Kva skal vi rapportere på?", QUESTION, True),
    ("Det er ikke jeg som har ansvaret, kontakt kollegaen min (kollega@granli.kommune.no)", HANDOVER, False),
    ("Jeg har sluttet. Ta kontakt med per.hansen@hamar.kommune.no", HANDOVER, False),
    ("Dette er ikke lenger mitt ansvar, send purringen til rektor.", HANDOVER, False),
    ("Feil person – ansvaret ligger hos oppvekstsjefen.", HANDOVER, False),
    ("I'm not the right person, please contact anne@valdres.no", HANDOVER, False),
    ("Regional er levert, men desentralisert kommer neste uke", OTHER, False),
    ("Takk for beskjed", OTHER, False),
    ("Ja", OTHER, False),
    ("Her er årsrapporten vår for 2025.", OTHER, False),
    ("STOPP", STOP, False),
]


RETURN_DATES = {"exchange_oof.eml": date(2027, 1, 5)}
"""Out-of-office messages in the corpus that give a return date (read on 20 December 2026)."""


def print_table(capsys: pytest.CaptureFixture[str], title: str, header: tuple[str, ...],
                rows: Sequence[tuple[str, ...]]) -> None:
    widths = [min(60, max(len(header[i]), *(len(row[i]) for row in rows))) for i in range(len(header))]

    def line(cells: tuple[str, ...]) -> str:
        return " | ".join(cell[:widths[i]].ljust(widths[i]) for i, cell in enumerate(cells))

    with capsys.disabled():
        print(f"\n{title}\n{line(header)}\n{'-+-'.join('-' * width for width in widths)}")
        for row in rows:
            print(line(row))


def test_scripted_replies_in_several_styles(capsys: pytest.CaptureFixture[str]) -> None:
    rows = []
    wrong = []
    for text, intent, question in SCRIPTED:
        reading = read_reply(text)
        ok = reading.intent == intent and reading.question == question
        rows.append((text, intent, reading.intent, "ja" if reading.question else "", "ok" if ok else "FEIL"))
        if not ok:
            wrong.append((text, intent, reading))
    print_table(capsys, "Kampanjesvar (skriptet)", ("svar", "ventet", "lest", "spørsmål", ""), rows)
    assert not wrong
    assert read_reply("kontakt kollega@granli.kommune.no, ikke meg som skal levere").addresses == (
        "kollega@granli.kommune.no",)


def _corpus() -> list[dict[str, object]]:
    with (CORPUS / "manifest.toml").open("rb") as handle:
        return list(tomllib.load(handle)["message"])


def test_every_message_of_the_email_corpus(capsys: pytest.CaptureFixture[str]) -> None:
    """Human replies: read from the person's own words (quotes stripped as the intake does); everything
    else never counts as a reply (an auto-reply may only delay the next reminder)."""
    rows = []
    wrong = []
    for entry in _corpus():
        raw = (CORPUS / str(entry["file"])).read_bytes()
        mail = parse_mail(raw)
        kind = classify(mail, BOT).kind
        if kind == "human":
            text = extract_reply(mail.text, mail.html, own_markers=[BOT.address, BOT.local + "+"])
            reading = read_reply(text)
            expected = str(entry["intent"])
            outcome = reading.intent
            ok = kind == entry["kind"] and outcome == expected
            shown = " ".join(text.split())
        else:
            expected = {"auto_reply": "fravær", "probably_auto": "fravær", "bounce": "bounce"}.get(str(entry["kind"]),
                                                                                                 "ignorert")
            outcome = {"auto_reply": "fravær", "probably_auto": "fravær", "bounce": "bounce"}.get(kind, "ignorert")
            back = return_date(f"{mail.subject}\n{mail.text}", date(2026, 12, 20)) if outcome == "fravær" else None
            if back:
                outcome += f" til {back.isoformat()}"
            if str(entry["file"]) in RETURN_DATES:
                expected += f" til {RETURN_DATES[str(entry['file'])].isoformat()}"
            ok = kind == entry["kind"] and outcome == expected
            shown = mail.subject
        rows.append((str(entry["file"]), kind, shown, expected, outcome, "ok" if ok else "FEIL"))
        if not ok:
            wrong.append(rows[-1])
    print_table(capsys, "E-postkorpuset lest av purringen", ("fil", "type", "tekst/emne", "ventet", "lest", ""), rows)
    assert not wrong
    assert len(rows) == len(_corpus()) >= 35


@pytest.mark.parametrize(("text", "received", "back"), [
    ("Jeg er på ferie til 5. januar og leser ikke e-post.", date(2026, 12, 20), date(2027, 1, 5)),
    ("Fraværende til og med 3.1.", date(2026, 12, 20), date(2027, 1, 4)),
    ("Jeg er tilbake på kontoret mandag 11. januar 2027.", date(2027, 1, 4), date(2027, 1, 11)),
    ("Out of office until 2027-01-06.", date(2027, 1, 2), date(2027, 1, 6)),
    ("I am back on January 7th.", date(2027, 1, 2), date(2027, 1, 7)),
    ("Jeg er på ferie fra 20.12 til 03.01.2027", date(2026, 12, 18), date(2027, 1, 3)),
    ("Permisjon t.o.m. 8. januar", date(2026, 12, 18), date(2027, 1, 9)),
    ("Jeg er borte denne uken.", date(2026, 12, 18), None),
    ("Jeg er tilbake 3. mai.", date(2026, 12, 18), None),  # more than 60 days away: ignored
    ("Husk fristen 15. januar.", date(2026, 12, 18), None),  # a date without a return word
])
def test_return_dates_in_out_of_office_messages(text: str, received: date, back: date | None) -> None:
    assert return_date(text, received) == back
