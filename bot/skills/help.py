"""'hjelp' / 'help' / 'kva kan du': what the bot can do."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.messages import Reply
from bot.rendering import render
from bot.router import Turn

_HELP = re.compile(r"^(hjelp|help|meny|menu|hei|hallo|hello|hi|god morgen|"
                   r"hva kan du( gjore)?|kva kan du( gjere)?|what can you do)\b")


Greeting = Callable[[Turn], "Reply | None"]
"""Another skill's answer to a greeting, when it has something waiting (a draft to resume)."""


class HelpSkill:
    name = "help"
    secretariat_only = False

    def __init__(self, greeting: Greeting | None = None) -> None:
        self._greeting = greeting

    def wants(self, turn: Turn) -> bool:
        return bool(_HELP.match(turn.folded)) and len(turn.folded.split()) <= 5

    def handle(self, turn: Turn) -> Reply:
        if self._greeting is not None:
            waiting = self._greeting(turn)
            if waiting is not None:
                return waiting
        return Reply(render(f"chat/help.{turn.language}.txt.j2", secretariat=turn.is_secretariat), intent="help")
