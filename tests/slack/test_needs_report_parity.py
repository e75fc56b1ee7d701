"""One use case, three channels: the same person's answers through the console (one question at a
time), the email form (the whole form in one mail) and the Slack modal (pages) give identical stored
versions, identical audit rows and a receipt on each channel (issue 13)."""

from __future__ import annotations

from typing import Any

from sqlmodel import col, select

from bot.app import BotApp
from bot.audit import AuditLog
from bot.mail.formmail import condense_form_reply
from bot.messages import IncomingMessage, Reply
from bot.models import NeedsReport, NeedsReportVersion
from bot.needs_report_service import Actor
from handlers.slack.modal_view import PAGE_CALLBACK
from tests.email.test_form_by_email import filled
from tests.slack.conftest import SlackEndpoint
from tests.slack.fake_slack import block_text
from tests.slack.test_modal import VALID, open_modal, submission, submit

KARI = "kari@kommune.no"


def _console(bot_app: BotApp) -> Reply:
    actor = Actor(channel="console", user_id=KARI)
    reply = bot_app.router.handle(IncomingMessage(user_id=KARI, channel="console", text="meld behov"))
    for _ in range(60):
        with bot_app.database.session() as session:
            draft = bot_app.needs_report_service.draft(session, actor)
            state = bot_app.needs_report_service.state_of(draft)
        text = "send" if state.mode == "summary" else VALID[str(state.current)]
        reply = bot_app.router.handle(IncomingMessage(user_id=KARI, channel="console", text=text))
        if reply.intent == "needs_report_submitted":
            return reply
    raise AssertionError("the console never reached the receipt")


def _email(bot_app: BotApp) -> Reply:
    def mail(text: str) -> Reply:
        return bot_app.router.handle(IncomingMessage(user_id=KARI, channel="email", text=text, email=KARI,
                                                     conversation_id="thread-1", verified_by="reply_token"))

    form = mail("behovsmelding")
    assert form.intent == "needs_report_email_form"
    summary = mail(condense_form_reply(filled(form.text, VALID)))
    assert summary.intent == "needs_report_summary", summary.text
    return mail("ja")


async def _modal(endpoint: SlackEndpoint) -> str:
    view = await open_modal(endpoint)
    while view["callback_id"] == PAGE_CALLBACK:
        answer = await submit(endpoint, view, VALID)
        assert answer.get("response_action") == "update", answer
        view = answer["view"]
    final = await endpoint.interaction(submission(view, {}))
    assert final.json() == {"response_action": "clear"}
    receipts = await endpoint.fake.wait_for_async(
        "chat.postMessage", where=lambda call: "Referansenummer" in block_text(call.params))
    return block_text(receipts[0].params)


def _audit(bot_app: BotApp, report: NeedsReport) -> list[tuple[str, Any]]:
    """The report's audit rows without what differs by nature (ids, reference, channel)."""
    with bot_app.database.session() as session:
        rows = AuditLog.entries(session)
    mine = [row for row in rows if row.detail.get("report_id") == report.id
            or row.detail.get("reference") == report.reference]
    return [(row.action, {key: value for key, value in row.detail.items()
                          if key not in ("report_id", "reference", "submitted_channel")}) for row in mine]


async def test_console_email_and_modal_store_the_same_report(endpoint: SlackEndpoint, bot_app: BotApp) -> None:
    console = _console(bot_app)
    email = _email(bot_app)
    slack = await _modal(endpoint)
    with bot_app.database.session() as session:
        reports = list(session.exec(select(NeedsReport).order_by(col(NeedsReport.id))))
        versions = {version.report_id: version for version in session.exec(select(NeedsReportVersion))}
    assert [report.channel for report in reports] == ["console", "email", "slack"]
    assert all(report.status == "submitted" and report.owner_key == KARI for report in reports)
    # Identical stored versions.
    first = versions[reports[0].id or 0].answers
    for report in reports[1:]:
        assert versions[report.id or 0].answers == first, report.channel
    assert {(report.year, report.version, report.network, report.scheme, report.amount) for report in reports} == {
        (2027, 1, "valdres", "desentralisert", 1_200_000)}
    # Identical audit rows: started, then submitted with the version and the budget year.
    trails = [_audit(bot_app, report) for report in reports]
    assert trails[0] == [("needs_report_started", {}), ("needs_report_submitted", {"version": 1, "year": 2027})]
    assert trails[1] == trails[0] and trails[2] == trails[0]
    # A receipt on each channel, naming the report and its version.
    for text, report in ((console.text, reports[0]), (email.text, reports[1]), (slack, reports[2])):
        assert report.reference and report.reference in text and "versjon 1" in text
