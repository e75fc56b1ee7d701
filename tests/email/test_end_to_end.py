"""Questions by email answered in the same thread, through Dovecot and aiosmtpd."""

from __future__ import annotations

import email.policy
from email import message_from_bytes

from sqlmodel import select

from bot.models_email import MailInbound
from tests.email.conftest import BOT, MailBot, corpus_bytes, question_mail


async def test_question_is_answered_in_thread_with_text_html_and_source(mailbot: MailBot) -> None:
    raw = question_mail("kari@granli.kommune.no", "Når er fristen for å melde behov?",
                        subject="Frist for behovsmelding", message_id="<q1@granli.kommune.no>",
                        headers={"References": "<earlier@granli.kommune.no>"})
    mailbot.deliver(raw)

    summary = await mailbot.round()

    assert summary.intake is not None and summary.intake.seen == 1
    answers = mailbot.answers_to("kari@granli.kommune.no")
    assert len(answers) == 1
    answer = message_from_bytes(answers[0].raw, policy=email.policy.default)
    assert answer["Subject"] == "SV: Frist for behovsmelding"
    assert answer["In-Reply-To"] == "<q1@granli.kommune.no>"
    assert answer["References"].split() == ["<earlier@granli.kommune.no>", "<q1@granli.kommune.no>"]
    assert answer["Auto-Submitted"] == "auto-replied"
    assert answer["X-Auto-Response-Suppress"] == "All"
    assert answer["X-Kompetansebot"] == BOT
    assert answer["Message-ID"].endswith("@kompetansebot.test>")
    assert answer["Reply-To"].addresses[0].addr_spec.startswith("bot+")
    assert answer.get_content_type() == "multipart/alternative"
    text = answer.get_body(preferencelist=("plain",)).get_content()
    html = answer.get_body(preferencelist=("html",)).get_content()
    assert "frist" in text.lower()
    assert "punkt" in text  # the plan section is cited
    assert "<p>" in html and "Kompetansebot" in html
    # the mail left INBOX for Processed, unchanged (not marked \Seen)
    assert mailbot.inbox() == []
    processed = mailbot.processed()
    assert len(processed) == 1 and not processed[0].seen


async def test_html_in_an_answer_is_escaped(mailbot: MailBot) -> None:
    mailbot.deliver(question_mail("ola@hamar.kommune.no", "<script>alert(1)</script> hva er <b>fristen</b>?",
                                  subject="<img src=x onerror=alert(1)>"))
    await mailbot.round()
    (answer,) = mailbot.answers_to("ola@hamar.kommune.no")
    html = message_from_bytes(answer.raw, policy=email.policy.default).get_body(
        preferencelist=("html",)).get_content()
    assert "<script>" not in html and "<img src=x" not in html


async def test_auto_replies_bounces_lists_and_own_mail_are_never_answered(mailbot: MailBot) -> None:
    names = ["exchange_oof.eml", "exchange_oof_quoting.eml", "gmail_vacation.eml", "nb_oof_subject_only.eml",
             "fravaer_subject_quoting.eml", "cpanel_autorespond.eml", "return_path_null.eml",
             "dsn_postfix_511.eml", "dsn_exchange_511.eml", "dsn_gmail_511.eml", "dsn_postfix_delayed.eml",
             "bounce_qmail.eml", "list_mail.eml", "precedence_junk.eml", "noreply_sender.eml",
             "own_loop_header.eml", "own_message_id_forwarded_back.eml"]
    for name in names:
        mailbot.deliver(corpus_bytes(name))

    summary = await mailbot.round()

    assert summary.intake is not None and summary.intake.seen == len(names)
    assert mailbot.smtp.messages == []
    assert mailbot.inbox() == []
    with mailbot.app.database.session() as session:
        rows = session.exec(select(MailInbound)).all()
    assert len(rows) == len(names)
    assert {row.status for row in rows} <= {"ignored", "review"}
    assert all(row.reply_outbox_id is None for row in rows)


async def test_every_human_mail_in_the_corpus_gets_one_answer_in_its_thread(mailbot: MailBot) -> None:
    from tests.email.conftest import load_manifest

    humans = [entry for entry in load_manifest() if entry["kind"] == "human"]
    for entry in humans:
        mailbot.deliver(corpus_bytes(entry["file"]))

    await mailbot.round()

    answers = mailbot.smtp.messages
    assert len(answers) == len(humans)
    replied_to = {str(message_from_bytes(a.raw, policy=email.policy.default)["In-Reply-To"]).strip() for a in answers}
    with mailbot.app.database.session() as session:
        rows = session.exec(select(MailInbound)).all()
    assert all(row.status == "done" and row.reply_outbox_id is not None for row in rows)
    expected = {row.message_id for row in rows if row.message_id}
    assert expected <= replied_to
    # X-Auto-Response-Suppress: All on a person's mail did not hide it
    assert any(row.sender == "morten.vik@hamar.kommune.no" for row in rows)
