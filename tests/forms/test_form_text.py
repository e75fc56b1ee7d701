from __future__ import annotations

import pytest

from bot.form_text import render_part, render_reply
from forms.engine import ReplyPart, resume, start, step
from tests.forms.helpers import FORM, TODAY, answer_until, drive

LANGS = ["nb", "nn", "en"]


def test_the_draft_resume_prompt_reads_as_specified() -> None:
    part = ReplyPart("resume_prompt", {"title": "Behovsmelding", "progress": {"done": 4, "total": 11}})
    assert render_part(part) == ("Du har en påbegynt behovsmelding (4 av 11 svar). Fortsette, starte på nytt eller "
                                 "slette? Skriv «fortsett», «start på nytt» eller «slett».")
    assert render_part(part, "nn").startswith("Du har ei påbyrja behovsmelding (4 av 11 svar).")
    english = ReplyPart("resume_prompt", {"title": "Needs report", "progress": {"done": 4, "total": 11}})
    assert render_part(english, "en").startswith("You have an unfinished needs report (4 of 11 answered).")


def test_a_question_shows_why_and_an_example() -> None:
    text = render_reply(step(FORM, answer_until(FORM, "amount").state, "x", today=TODAY).reply)
    first = render_reply(answer_until(FORM, "amount").reply)
    assert "Hvor mye søker dere om i tilskudd per år (kroner)?" in first
    assert "Hvorfor vi spør: Beløpet er grunnlaget" in first
    assert "Eksempel: 1,2 mill" in first
    assert "Eksempel: 1,2 mill" in text and "Hvorfor vi spør" not in text  # a repeat is shorter


def test_an_amount_error_says_how_to_write_it() -> None:
    text = render_reply(step(FORM, answer_until(FORM, "amount").state, "mye penger", today=TODAY).reply)
    assert text.startswith("Jeg klarte ikke å lese «mye penger» som et beløp.")
    assert "«1,2 mill»" in text


def test_help_offer_after_three_tries_names_the_secretariat() -> None:
    result = drive(FORM, answer_until(FORM, "contact_email").state, ["a", "b", "c"])
    text = render_reply(result.reply, secretariat="sfinpost@statsforvalteren.no")
    assert "Dette spørsmålet ser ut til å være vanskelig" in text
    assert "skrive svaret slik som i eksemplet: kari.nordmann@valdres.kommune.no" in text
    assert "«pause»" in text and "(sfinpost@statsforvalteren.no)" in text
    assert "«hopp over»" not in text
    without = render_reply(result.reply)
    assert "kontakte sekretariatet hos Statsforvalteren hvis du står fast" in without


def test_summary_is_numbered_for_endre() -> None:
    text = render_reply(answer_until(FORM, None).reply)
    assert "\n1. Kompetansenettverk: Valdres\n2. Ordning: Desentralisert ordning (skole)\n" in text
    assert "13. Søknadsbeløp per år: 1 200 000 kr" in text
    assert "«endre 5»" in text


def test_receipt_with_and_without_reference() -> None:
    reply = step(FORM, answer_until(FORM, None).state, "send", today=TODAY).reply
    assert "Referansenummer: BM-2027-0001" in render_reply(reply, reference="BM-2027-0001")
    assert "Referansenummer: (tildeles)" in render_reply(reply)
    assert "Takk! Behovsmeldingen «Lesing i alle fag» er sendt inn." in render_reply(reply)


def test_confirmations() -> None:
    state = answer_until(FORM, "amount").state
    assert "Vil du avbryte og slette behovsmeldingen" in render_reply(step(FORM, state, "avbryt", today=TODAY).reply)
    assert "Vil du starte på nytt?" in render_reply(step(FORM, state, "start på nytt", today=TODAY).reply)
    assert "lagret som utkast" in render_reply(step(FORM, state, "pause", today=TODAY).reply)
    cancelled = drive(FORM, state, ["avbryt", "ja"])
    assert "avbrutt, og svarene er slettet" in render_reply(cancelled.reply)


def test_question_part_renders_nothing() -> None:
    assert render_reply([ReplyPart("question", {"text": "når er fristen?"})]) == ""


def test_unknown_part_kind() -> None:
    with pytest.raises(LookupError):
        render_part(ReplyPart("no_such_kind", {}))


def collect_parts() -> list[ReplyPart]:
    """One of every part kind the engine makes, from real conversations."""
    results = [start(FORM, today=TODAY)]
    state = answer_until(FORM, "amount").state
    for text in ("x", "y", "z", "tilbake", "hjelp", "oppsummering", "behold", "hopp over", "endre", "hjelp",
                 "tilbake", "avbryt", "nei", "start på nytt", "nei", "pause"):
        result = step(FORM, state, text, today=TODAY)
        results.append(result)
        state = result.state
    results.append(resume(FORM, state, today=TODAY))
    optional = answer_until(FORM, "other_measures", {"scheme": "regional"}).state
    results.append(step(FORM, optional, "hopp over", today=TODAY))
    results.append(step(FORM, start(FORM, today=TODAY).state, "tilbake", today=TODAY))
    summary = answer_until(FORM, None).state
    results.append(step(FORM, summary, "hjelp", today=TODAY))
    results.append(step(FORM, summary, "endre beløp til 2 mill", today=TODAY))
    submitted = step(FORM, summary, "send", today=TODAY)
    results.append(submitted)
    results.append(step(FORM, submitted.state, "hei", today=TODAY))
    results.append(drive(FORM, summary, ["start på nytt", "ja"]))
    results.append(drive(FORM, summary, ["avbryt", "ja"]))
    return [part for result in results for part in result.reply]


def test_every_part_kind_renders_in_every_language() -> None:
    parts = collect_parts()
    kinds = {part.kind for part in parts}
    assert kinds >= {"intro", "ask", "ack", "error", "help_offer", "help", "help_summary", "help_edit", "summary",
                     "edit_prompt", "skipped", "info", "confirm_cancel", "confirm_restart", "resume_prompt",
                     "paused", "cancelled", "restarted", "submitted", "closed"}
    for lang in LANGS:
        for part in parts:
            assert render_part(part, lang, reference="R-1").strip(), (lang, part.kind)


def test_english_and_nynorsk_chrome() -> None:
    result = start(FORM, today=TODAY, lang="en")
    text = render_reply(result.reply, "en")
    assert "Which competence network is reporting the need?" in text and "Why we ask:" in text
    nn = render_reply(start(FORM, today=TODAY, lang="nn").reply, "nn")
    assert "Kvifor vi spør:" in nn and "Døme:" in nn
