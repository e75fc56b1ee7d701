"""The needs report by email: the whole form in one mail, answers written under its lines, errors
explained and the rest kept, summary, «ja», receipt; drafts move between Slack and email; a report
sent from chat also gets its receipt by email when email is set up."""

from __future__ import annotations

import email.policy
import re
from collections.abc import Iterator
from email import message_from_bytes

import pytest
from sqlmodel import select

from bot.app import BotApp, build_app
from bot.clock import Clock
from bot.mail.formmail import condense_form_reply, has_form_answers
from bot.messages import IncomingMessage, Reply
from bot.models_email import MailOutbox
from bot.settings import load_settings
from tests.email.conftest import BOT, TUESDAY, MailBot, question_mail

KARI = "kari@valdres.kommune.no"
VALUES = {"network": "valdres", "scheme": "desentral", "measure_type": "nytt", "title": "Lesing i Valdres",
          "justification": "Kartlegging i alle skolene viste behov for bedre leseopplæring.",
          "goals": "Alle lærere bruker felles lesestrategier.", "target_group": "Lærere på mellomtrinnet",
          "kindergartens": "0", "schools": "8", "participants": "120", "uh_partner": "Høgskolen i Innlandet",
          "working_methods": "Nettverk og veiledning", "period": "2027-2029", "amount": "1,2 mill",
          "network_share": "30 %", "coordinator": "100 000", "own_share": "400 000",
          "own_share_use": "Frikjøp av lærere", "evaluation": "Spørreundersøkelse",
          "contact_name": "Kari Nordmann", "contact_email": KARI, "other_amount": "0",
          "statped_involved": "nei", "statped_how": "-", "ppt": "-"}
_ANSWER_LINE = re.compile(r"^Svar (\d+) \(([a-z_]+)\):\s*$")


def asked(text: str) -> list[str]:
    """The field ids the mail asks for, read as a person reads them: the «Svar» lines."""
    return [found.group(2) for line in text.splitlines() if (found := _ANSWER_LINE.match(line.strip()))]


def filled(text: str, values: dict[str, str]) -> str:
    """The form mail with answers written under the «Svar» lines, as a person does in a reply."""
    out = []
    for line in text.splitlines():
        out.append(line)
        found = _ANSWER_LINE.match(line.strip())
        if found and found.group(2) in values:
            out.append(values[found.group(2)])
    return "\n".join(out)


@pytest.fixture
def bot_app(database_url: str) -> Iterator[BotApp]:
    app = build_app(load_settings(DATABASE_URL=database_url, BOT_EMAIL=BOT, SMTP_URL="smtp://127.0.0.1:2525"),
                    clock=Clock(TUESDAY))
    try:
        yield app
    finally:
        app.close()


def by_email(app: BotApp, text: str) -> Reply:
    """A mail as the intake hands it to the router (a filled-in form condensed to its answers)."""
    if has_form_answers(text):
        text = condense_form_reply(text)
    return app.router.handle(IncomingMessage(user_id=KARI, channel="email", text=text, email=KARI,
                                             conversation_id="thread-1", verified_by="reply_token"))


def in_slack(app: BotApp, text: str) -> Reply:
    return app.router.handle(IncomingMessage(user_id="U0KARI", channel="slack", text=text, email=KARI))


def test_the_whole_form_by_email_with_a_wrong_answer_kept_apart(bot_app: BotApp) -> None:
    form = by_email(bot_app, "behovsmelding")
    assert form.intent == "needs_report_email_form"
    first = asked(form.text)
    assert first[:3] == ["network", "scheme", "measure_type"] and "contact_email" not in first  # known: the sender
    assert "Hvorfor vi spør" in form.text and "Eksempel" in form.text
    # Everything at once, but the coordinator amount is above 20 % of the grant (plan 5.8).
    wrong = {**VALUES, "coordinator": "400 000"}
    second = by_email(bot_app, filled(form.text, wrong))
    assert second.intent == "needs_report_email_form"
    assert asked(second.text) == ["coordinator"]
    assert "Må rettes" in second.text and "20 %" in second.text
    assert "Lesing i Valdres" in second.text  # what was valid is kept and shown
    summary = by_email(bot_app, filled(second.text, VALUES))
    assert summary.intent == "needs_report_summary"
    assert "alle svarene er på plass" in summary.text and "100 000" in summary.text
    receipt = by_email(bot_app, "ja")
    assert receipt.intent == "needs_report_submitted"
    assert "BM-2027-0001" in receipt.text
    with bot_app.database.session() as session:
        [report] = bot_app.needs_reports.all_submitted(session)
        assert (report.network, report.scheme, report.amount, report.channel) == ("valdres", "desentralisert",
                                                                                  1_200_000, "email")
        assert report.answers["coordinator"] == 100_000
        # By email the answer is the receipt: no second receipt mail is queued.
        assert session.exec(select(MailOutbox).where(MailOutbox.kind == "receipt")).all() == []


def test_a_reply_without_answers_and_a_question_mid_form(bot_app: BotApp) -> None:
    form = by_email(bot_app, "Jeg vil melde behov")
    nothing = by_email(bot_app, "Takk, jeg ser på det.")
    assert nothing.intent == "needs_report_email_form" and "fant ingen svar" in nothing.text
    assert asked(nothing.text) == asked(form.text)
    question = by_email(bot_app, "Når er fristen for behovsmeldingen?")
    assert question.intent == "needs_report_question" and "1. februar" in question.text
    assert asked(question.text) == asked(form.text)  # and the form again
    paused = by_email(bot_app, "pause")
    assert paused.intent == "needs_report_paused"


def test_a_draft_begun_in_slack_is_finished_by_email(bot_app: BotApp) -> None:
    in_slack(bot_app, "meld behov")
    for answer in ("valdres", "desentral", "nytt"):
        in_slack(bot_app, answer)
    form = by_email(bot_app, "behovsmelding")
    assert "påbegynt behovsmelding (4 av" in form.text  # three answers and the known email address
    remaining = asked(form.text)
    assert "network" not in remaining and "title" in remaining
    summary = by_email(bot_app, filled(form.text, VALUES))
    assert summary.intent == "needs_report_summary"
    assert by_email(bot_app, "bekreft").intent == "needs_report_submitted"


def test_a_draft_begun_by_email_is_finished_in_slack(bot_app: BotApp) -> None:
    form = by_email(bot_app, "behovsmelding")
    some = {key: VALUES[key] for key in ("network", "scheme", "measure_type", "title")}
    by_email(bot_app, filled(form.text, some))
    resume = in_slack(bot_app, "meld behov")
    assert "påbegynt behovsmelding" in resume.text
    next_question = in_slack(bot_app, "fortsett")
    assert "begrunn" in next_question.text.lower() or "hvorfor" in next_question.text.lower()


def test_a_report_sent_in_slack_gets_its_receipt_by_email_too(bot_app: BotApp) -> None:
    in_slack(bot_app, "meld behov")
    reply = None
    for _ in range(40):
        with bot_app.database.session() as session:
            draft = bot_app.needs_reports.draft_for(session, KARI)
            current = (draft.state or {}).get("current") if draft is not None else None
        if current is None:
            break
        reply = in_slack(bot_app, VALUES.get(current, "-"))
    assert reply is not None and "Se over før du sender" in reply.text
    receipt = in_slack(bot_app, "send")
    assert receipt.intent == "needs_report_submitted"
    with bot_app.database.session() as session:
        [mail] = session.exec(select(MailOutbox).where(MailOutbox.kind == "receipt")).all()
        assert mail.recipient == KARI
        message = message_from_bytes(mail.raw, policy=email.policy.default)
    assert message["Subject"] == "Kvittering for behovsmelding BM-2027-0001"
    assert "BM-2027-0001" in message.get_body(preferencelist=("plain",)).get_content()
    assert message["Auto-Submitted"] == "auto-generated"


async def test_the_form_through_the_mailbox_and_smtp(mailbot: MailBot) -> None:
    """Dovecot in, aiosmtpd out: ask for the form, reply in the thread with answers, confirm."""
    mailbot.deliver(question_mail(KARI, "behovsmelding", subject="Behovsmelding", message_id="<f1@valdres.kommune.no>"))
    await mailbot.round()
    (first,) = mailbot.answers_to(KARI)
    form_mail = message_from_bytes(first.raw, policy=email.policy.default)
    form_text = form_mail.get_body(preferencelist=("plain",)).get_content()
    assert "network" in asked(form_text)
    quoted = "\n".join("> " + line for line in form_text.splitlines())
    body = filled(form_text, VALUES) + "\n\nDen 1. des. 2026 skrev Kompetansebot:\n" + quoted
    mailbot.deliver(question_mail(KARI, body, subject="SV: " + str(form_mail["Subject"]).removeprefix("SV: "),
                                  message_id="<f2@valdres.kommune.no>",
                                  headers={"In-Reply-To": str(form_mail["Message-ID"]),
                                           "References": f"<f1@valdres.kommune.no> {form_mail['Message-ID']}"}))
    await mailbot.round()
    summary = message_from_bytes(mailbot.answers_to(KARI)[1].raw, policy=email.policy.default)
    summary_text = summary.get_body(preferencelist=("plain",)).get_content()
    assert "alle svarene er på plass" in summary_text, summary_text
    # "Reply" to the summary: to its Reply-To (the token proves Kari reads her mailbox), so the report is sent
    mailbot.deliver(question_mail(KARI, "Ja", subject="SV: Behovsmelding", message_id="<f3@valdres.kommune.no>",
                                  headers={"In-Reply-To": str(summary["Message-ID"])},
                                  to=str(summary["Reply-To"].addresses[0].addr_spec)))
    await mailbot.round()
    receipt = message_from_bytes(mailbot.answers_to(KARI)[2].raw, policy=email.policy.default)
    assert "BM-2027-0001" in receipt.get_body(preferencelist=("plain",)).get_content()


async def test_an_invitation_answered_with_the_form_filled_in_becomes_a_report(mailbot: MailBot) -> None:
    from bot.mail.invitations import Inviter

    app = mailbot.app
    inviter = Inviter(mailbot.services.outbox, app.needs_report_form, app.clock, app.needs_report_deadline(),
                      app.needs_report_sources())
    first = inviter.invite([KARI, "ikke en adresse"])
    assert first.queued == [KARI] and [raw for raw, _ in first.invalid] == ["ikke en adresse"]
    assert inviter.invite([KARI]).already == [KARI]  # once per address and year
    await mailbot.round()
    (invitation,) = mailbot.answers_to(KARI)
    message = message_from_bytes(invitation.raw, policy=email.policy.default)
    assert message["Subject"] == "Behovsmelding for 2027: frist mandag 1. februar 2027"
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "planen punkt 6.1" in text and "network" in asked(text)
    quoted = "\n".join("> " + line for line in text.splitlines())
    wrong = {**VALUES, "coordinator": "400 000"}  # above 20 % of 1,2 mill (plan 5.8)
    mailbot.deliver(question_mail(KARI, filled(text, wrong) + "\n\n" + quoted, subject="SV: " + str(message["Subject"]),
                                  message_id="<i2@valdres.kommune.no>",
                                  headers={"In-Reply-To": str(message["Message-ID"])}))
    await mailbot.round()
    correction = message_from_bytes(mailbot.answers_to(KARI)[1].raw, policy=email.policy.default)
    correction_text = correction.get_body(preferencelist=("plain",)).get_content()
    assert asked(correction_text) == ["coordinator"] and "20 %" in correction_text, correction_text
    mailbot.deliver(question_mail(KARI, filled(correction_text, VALUES), subject="SV: Behovsmelding",
                                  message_id="<i3@valdres.kommune.no>",
                                  headers={"In-Reply-To": str(correction["Message-ID"])}))
    await mailbot.round()
    summary = message_from_bytes(mailbot.answers_to(KARI)[2].raw, policy=email.policy.default)
    assert "alle svarene er på plass" in summary.get_body(preferencelist=("plain",)).get_content()
    mailbot.deliver(question_mail(KARI, "bekreft", subject="SV: Behovsmelding", message_id="<i4@valdres.kommune.no>",
                                  headers={"In-Reply-To": str(summary["Message-ID"])},
                                  to=str(summary["Reply-To"].addresses[0].addr_spec)))
    await mailbot.round()
    receipt = message_from_bytes(mailbot.answers_to(KARI)[3].raw, policy=email.policy.default)
    assert "BM-2027-0001" in receipt.get_body(preferencelist=("plain",)).get_content()
    with app.database.session() as session:
        [report] = app.needs_reports.all_submitted(session)
        assert report.answers["own_share"] == 400_000 and report.channel == "email"
