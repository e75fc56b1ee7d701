"""The secretariat's export of the needs reports in chat: "eksporter behovsmeldinger".

The same data as ``kompetansebot reports export``: the reports as a spreadsheet (xlsx, with the
sums per network and scheme against the allocation estimate on a second sheet) and as CSV, plus
the sums as text. Campaign and contact commands live in ``bot.skills.campaign``. The export is secretariat
output: the reply is ``private`` (a channel delivers it in a DM, never in a public thread).
"""

from __future__ import annotations

import re

from bot.messages import Attachment, Reply
from bot.rendering import render
from bot.reports_service import ReportsService
from bot.router import Turn

_EXPORT = re.compile(r"\b(eksporter\w*|eksport|export)\b.*\b(behovsmelding\w*|rapport\w*|meldinger|reports?)\b"
                     r"|^/?eksporter\w*$|^/?eksport$")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ReportsExportSkill:
    name = "reports_export"
    secretariat_only = True

    def __init__(self, reports: ReportsService) -> None:
        self.reports = reports

    def wants(self, turn: Turn) -> bool:
        return bool(_EXPORT.search(turn.folded))

    def handle(self, turn: Turn) -> Reply:
        records = self.reports.records(turn.session)
        totals = self.reports.totals(turn.session)
        turn.record("reports_export", outcome="exported", reports=len(records))
        text = render("chat/reports_export.nb.txt.j2", count=len(records), totals=totals)
        if not records:
            return Reply(text, intent="reports_export", private=True)
        stamp = turn.now.strftime("%Y-%m-%d")
        files = (Attachment(f"behovsmeldinger-{stamp}.xlsx", self.reports.export(turn.session, "xlsx"), XLSX),
                 Attachment(f"behovsmeldinger-{stamp}.csv", self.reports.export(turn.session, "csv"), "text/csv"))
        return Reply(text, intent="reports_export", attachments=files, private=True)
