"""Secretariat-only commands in chat that are not built yet (campaigns, exports, contact import).

They are recognised so that other users get a polite, audited refusal, and the secretariat gets an
honest "not yet" instead of an answer pretending to work.
"""

from __future__ import annotations

import re

from bot.messages import Reply
from bot.rendering import render
from bot.router import Turn

_COMMANDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(start|stopp|stop|pause)\w* (purring|kampanje)"), "Purrekampanjer"),
    (re.compile(r"^/?purring\b"), "Purrekampanjer"),
    (re.compile(r"\b(kampanjestatus|purrestatus)\b"), "Kampanjestatus"),
    (re.compile(r"\beksporter\w*\b"), "Eksport av behovsmeldinger"),
    (re.compile(r"\bimporter\w* (kontakt|statistikk)"), "Import"),
)


class SecretariatCommandsSkill:
    name = "secretariat_commands"
    secretariat_only = True

    def _command(self, folded: str) -> str | None:
        return next((label for pattern, label in _COMMANDS if pattern.search(folded)), None)

    def wants(self, turn: Turn) -> bool:
        return self._command(turn.folded) is not None

    def handle(self, turn: Turn) -> Reply:
        label = self._command(turn.folded) or "Kommandoen"
        turn.record("secretariat_command", outcome="not_built", command=label)
        return Reply(render("chat/not_built.nb.txt.j2", what=label), intent="not_built")
