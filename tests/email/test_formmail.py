"""The needs-report form by email: questions in the body, answers between the lines, corrections."""

from __future__ import annotations

import html as html_lib
import re
from datetime import date
from typing import Any

import pytest

from bot.mail.compose import render_reply
from bot.mail.formmail import (
    CONDENSED_HEADER,
    apply_form_reply,
    condense_form_reply,
    contains_form_answers,
    parse_form_reply,
    render_form_mail,
    render_form_summary,
)
from bot.mail.parse import ParsedMail
from bot.mail.replytext import html_to_text, unquote
from bot.planfacts import load_plan_data
from forms.definition import Form
from forms.needs_report import build_needs_report_form, network_choices, scheme_choices
from tests.email.conftest import MailBot, question_mail

TODAY = date(2026, 12, 1)


@pytest.fixture(scope="module")
def form() -> Form:
    plan = load_plan_data()
    return build_needs_report_form(network_choices(plan["networks"]), schemes=scheme_choices(plan["schemes"]))


def fill(mail_text: str, answers: dict[str, str]) -> str:
    """What a person does: write each answer on the lines under its «Svar» line."""
    lines: list[str] = []
    for line in mail_text.split("\n"):
        lines.append(line)
        found = re.match(r"^(?:Svar|Answer) \d+ \(([a-z_]+)\):$", line.strip())
        if found and found.group(1) in answers:
            lines.extend(answers[found.group(1)].split("\n"))
    return "\n".join(lines)


def outlook_reply(top: str, quoted_mail: str) -> str:
    return (f"{top}\n\nFra: Kompetansebot <bot+abc@kompetansebot.test>\nSendt: tirsdag 1. desember 2026 10:00\n"
            f"Til: Kari Nordmann <kari@valdres.kommune.no>\nEmne: Behovsmelding\n\n{quoted_mail}")


def gmail_reply(top: str, quoted_mail: str, answered: dict[str, str]) -> str:
    """Gmail quotes with "> "; the person's own lines typed into the quote are not prefixed."""
    own = {line for value in answered.values() for line in value.split("\n")}
    quoted = "\n".join(line if line in own else (f"> {line}" if line else ">") for line in quoted_mail.split("\n"))
    return f"{top}\n\ntir. 1. des. 2026 kl. 10:00 skrev Kompetansebot <bot@kompetansebot.test>:\n\n{quoted}"


def _round(form: Form, answers: dict[str, Any], reply_text: str) -> Any:
    return apply_form_reply(form, answers, parse_form_reply(unquote(reply_text), form), today=TODAY)


def test_needs_report_completed_by_email_with_two_rounds_of_corrections(form: Form) -> None:
    first_mail = render_form_mail(form, {}, today=TODAY)
    assert "Svar 1 (network):" in first_mail and "Hvorfor vi spør:" in first_mail
    assert "Svar 2 (scheme):" in first_mail and "=== Slutt på skjemaet ===" in first_mail

    # Round 1 (Outlook, no quote prefixes): some answers, one of them not a number.
    round_one = {"network": "Valdres", "scheme": "regional", "measure_type": "nytt",
                 "title": "Lesing i alle fag", "target_group": "Pedagogiske ledere",
                 "participants": "mange", "uh_partner": "Høgskolen i Innlandet",
                 "working_methods": "Samlinger hvert semester.\nUtprøving i egen barnehage."}
    result = _round(form, {}, outlook_reply("Hei, her er det vi har så langt.", fill(first_mail, round_one)))
    assert set(result.errors) == {"participants"} and result.errors["participants"]
    assert result.answers["network"] == "valdres" and result.answers["scheme"] == "regional"
    assert result.answers["working_methods"] == "Samlinger hvert semester.\nUtprøving i egen barnehage."
    assert not result.complete and "contact_email" in result.missing
    answers = result.answers

    second_mail = render_form_mail(form, answers, today=TODAY, errors=result.errors)
    assert "Må rettes:" in second_mail and "(participants)" in second_mail
    assert "(title)" not in second_mail  # valid answers are kept, not asked again
    assert "Dette har jeg notert:" in second_mail and "Lesing i alle fag" in second_mail

    # Round 2 (Gmail, quoted): the rest, but the network share is larger than the amount.
    round_two = {"participants": "150", "justification": "Kartleggingen viser behov for språkarbeid.",
                 "goals": "Alle ansatte kjenner språkmiljøet.", "kindergartens": "12", "period": "2027-2028",
                 "amount": "1 200 000", "network_share": "2 000 000", "coordinator": "50 000",
                 "other_measures": "ingen", "evaluation": "Spørreundersøkelse.", "contact_name": "Kari Nordmann",
                 "contact_email": "kari@valdres.kommune.no"}
    round_two = {key: value for key, value in round_two.items() if f"({key})" in second_mail}
    result = _round(form, answers, gmail_reply("Her er resten.", fill(second_mail, round_two), round_two))
    assert result.answers["participants"] == 150
    assert "network_share" in result.errors and not result.complete
    answers = result.answers

    # Round 3: HTML-only reply (Outlook on the web) correcting the share, typed inside the quote.
    third_mail = render_form_mail(form, answers, today=TODAY, errors=result.errors)
    assert "(network_share)" in third_mail
    remaining = {item["id"] for item in _questions(third_mail)}
    fixes = {"network_share": "300 000", **{key: value for key, value in round_two.items() if key in remaining
                                            and key != "network_share"}}
    filled = fill(third_mail, fixes)
    html = ("<div>Rettet nå.</div><div id='divRplyFwdMsg'><b>Fra:</b> Kompetansebot</div>"
            + "".join(f"<p>{html_lib.escape(line)}</p>" for line in filled.split("\n")))
    result = _round(form, answers, html_to_text(html, strip_quotes=False))
    assert result.complete, (result.errors, result.missing)
    assert result.answers["network_share"] == 300_000 and result.answers["amount"] == 1_200_000


def _questions(mail_text: str) -> list[dict[str, str]]:
    return [{"id": found.group(1)} for found in re.finditer(r"\(([a-z_]+)\):\n", mail_text)]


def test_the_newest_answer_wins_when_older_rounds_are_quoted_below(form: Form) -> None:
    older = fill(render_form_mail(form, {}, today=TODAY), {"title": "Gammel tittel"})
    newer = fill(render_form_mail(form, {}, today=TODAY), {"title": "Ny tittel"})
    reply = parse_form_reply(unquote(outlook_reply("Oppdatert.", newer + "\n\n" + older)), form)
    assert reply.answers["title"] == "Ny tittel"


def test_unknown_fields_and_blank_lines_are_ignored(form: Form) -> None:
    text = "Svar 1 (network): Valdres\nSvar 2 (no_such_field): x\nSvar 3 (title):\n\n[4] Neste\n"
    reply = parse_form_reply(text, form)
    assert reply.answers == {"network": "Valdres"} and reply.blank == ("title",)


def test_condensed_text_keeps_every_answer_and_fits_the_router(form: Form) -> None:
    mail = fill(render_form_mail(form, {}, today=TODAY), {"network": "Valdres", "title": "Lesing\nog skriving"})
    quoted = gmail_reply("Svar under.", mail, {"network": "Valdres", "title": "Lesing\nog skriving"})
    condensed = condense_form_reply(unquote(quoted), top="Svar under.")
    assert condensed.startswith(CONDENSED_HEADER + "\nSvar under.") and len(condensed) < 8000
    assert parse_form_reply(condensed, form).answers == {"network": "Valdres", "title": "Lesing\nog skriving"}


def test_the_form_mail_survives_the_html_version_of_the_bots_answer(form: Form) -> None:
    text = render_form_mail(form, {}, today=TODAY)
    content = render_reply(text, subject="Behovsmelding")
    converted = html_to_text(content.html, strip_quotes=False)
    assert contains_form_answers(converted)
    assert "Svar 5 (title):" in converted  # [4] is the first grant year, asked with its condition


async def test_a_reply_with_answer_lines_reaches_the_router_condensed(mailbot: MailBot, form: Form) -> None:
    seen: list[str] = []

    def observer(session: Any, mail: ParsedMail, kind: Any, link: Any, text: str) -> None:
        seen.append(text)

    assert mailbot.services.processor is not None
    mailbot.services.processor.observers.append(observer)
    body = gmail_reply("Her er svarene.", fill(render_form_mail(form, {}, today=TODAY),
                                                {"network": "Valdres", "title": "Lesing i alle fag"}),
                       {"network": "Valdres", "title": "Lesing i alle fag"})
    mailbot.deliver(question_mail("kari@valdres.kommune.no", body, subject="Re: Behovsmelding"))
    await mailbot.round()
    (text,) = seen
    assert text.startswith(CONDENSED_HEADER + "\nHer er svarene.")
    assert parse_form_reply(text, form).answers == {"network": "Valdres", "title": "Lesing i alle fag"}


async def test_a_question_above_an_unfilled_form_is_read_as_a_question(mailbot: MailBot, form: Form) -> None:
    seen: list[str] = []
    assert mailbot.services.processor is not None
    mailbot.services.processor.observers.append(lambda session, mail, kind, link, text: seen.append(text))
    body = gmail_reply("Hva menes med UH-partner?", render_form_mail(form, {}, today=TODAY), {})
    mailbot.deliver(question_mail("kari@valdres.kommune.no", body, subject="Re: Behovsmelding"))
    await mailbot.round()
    assert seen == ["Hva menes med UH-partner?"]


def _form_round(form: Form, answers: dict[str, object], message_text: str, intro: str = "") -> tuple[dict[str, object], str, bool]:
    """One email round as the service runs it: parse the reply, apply it, write the next mail."""
    result = apply_form_reply(form, answers, parse_form_reply(message_text, form), today=TODAY)
    if result.complete:
        return dict(result.answers), render_form_summary(form, result.answers), True
    return dict(result.answers), render_form_mail(form, result.answers, today=TODAY, errors=result.errors,
                                                  intro=intro), False


def test_a_form_mail_round_trip_reaches_the_summary(form: Form) -> None:
    answers, text, complete = _form_round(form, {}, "behovsmelding", intro="Her er skjemaet for behovsmelding.")
    assert not complete and text.startswith("Her er skjemaet") and "Svar 1 (network):" in text
    reply = outlook_reply("Svar.", fill(text, {"network": "Hadeland", "scheme": "regional",
                                                "measure_type": "nytt", "title": "Språk", "amount": "mye"}))
    answers, text, complete = _form_round(form, answers, condense_form_reply(unquote(reply)))
    assert answers["network"] == "hadeland" and "amount" not in answers
    assert "Må rettes:" in text and "(amount)" in text
    rest = {"justification": "Behov for språkarbeid.", "goals": "Bedre språkmiljø.", "target_group": "Alle ansatte",
            "kindergartens": "8", "participants": "90", "uh_partner": "HINN", "working_methods": "Samlinger.",
            "period": "2027", "amount": "400 000", "network_share": "100 000", "coordinator": "0",
            "other_measures": "ingen", "evaluation": "Evaluering i nettverket.", "contact_name": "Per Hansen",
            "contact_email": "per@hadeland.kommune.no"}
    answers, text, complete = _form_round(form, answers, condense_form_reply(unquote(fill(text, rest))))
    assert complete, text
    assert "alle svarene er på plass" in text and "400 000" in text and "«bekreft»" in text
