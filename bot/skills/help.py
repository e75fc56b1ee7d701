"""'hjelp' / 'help' / 'kva kan du': what the bot can do."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.messages import Reply
from bot.rendering import render
from bot.router import Turn

_HELP = re.compile(r"^(hjelp|help|meny|menu|hei|hallo|hello|hi|god morgen|"
                   r"hva kan du( gjore)?|kva kan du( gjere)?|what can you do)\b")


_BECOME_SECRETARIAT = re.compile(
    r"\b(?:bli|blir|kome med|komme med|(?:fa|far|faa)(?: jeg| eg| vi| me)? (?:tilgang|rettighet\w*)|become|"
    r"get access|join)\b"
    r".{0,40}\b(?:sekretariat\w*|secretariat\w*)")
"""How one becomes a member of the secretariat (a question about the bot, not the plan)."""


_FIRST_PERSON = re.compile(r"\b(?:jeg|eg|meg|vi|me|oss|i|my|we)\b")


def _asks_to_become_secretariat(turn: Turn) -> bool:
    """"Hvordan blir jeg sekretariat?": about the asker ("hva blir sekretariatets rolle" is a plan question)."""
    folded = turn.folded
    return len(folded) <= 200 and bool(_BECOME_SECRETARIAT.search(folded)) and bool(_FIRST_PERSON.search(folded))


Greeting = Callable[[Turn], "Reply | None"]
"""Another skill's answer to a greeting, when it has something waiting (a draft to resume)."""


class HelpSkill:
    name = "help"
    secretariat_only = False

    def __init__(self, greeting: Greeting | None = None) -> None:
        self._greeting = greeting

    def wants(self, turn: Turn) -> bool:
        if _asks_to_become_secretariat(turn):
            return True
        return bool(_HELP.match(turn.folded)) and len(turn.folded.split()) <= 5

    def handle(self, turn: Turn) -> Reply:
        if _asks_to_become_secretariat(turn):
            return Reply(render(f"chat/become_secretariat.{turn.language}.txt.j2", secretariat=turn.is_secretariat),
                         intent="help_secretariat")
        if self._greeting is not None:
            waiting = self._greeting(turn)
            if waiting is not None:
                return waiting
        return Reply(render(f"chat/help.{turn.language}.txt.j2", secretariat=turn.is_secretariat), intent="help")
