"""The words that steer a form conversation, in bokmål, nynorsk and English.

A command is recognised only when the whole message is the command (after folding case, æøå
and punctuation), so an answer like "Tilbake til grunnleggende lesing" stays an answer. The one
exception is "endre <felt>", whose argument is checked against the field names by the engine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from forms.text import fold

MAX_COMMAND_CHARS = 300  # "endre <felt> til <verdi>" can be long; bare commands are short


class Command(StrEnum):
    BACK = "back"
    EDIT = "edit"
    CANCEL = "cancel"
    PAUSE = "pause"
    SKIP = "skip"
    HELP = "help"
    SUMMARY = "summary"
    KEEP = "keep"
    RESTART = "restart"
    SUBMIT = "submit"
    CONTINUE = "continue"
    DELETE = "delete"


_PHRASES: dict[Command, frozenset[str]] = {
    Command.BACK: frozenset({
        "tilbake", "ga tilbake", "gaa tilbake", "forrige", "forrige sporsmal", "back", "go back", "previous",
        "attende", "ga attende", "angre", "tilbake takk", "et steg tilbake", "eitt steg attende",
    }),
    Command.CANCEL: frozenset({
        "avbryt", "avbryt behovsmeldingen", "avbryt skjemaet", "avbryt alt", "cancel", "abort", "glem det",
        "stopp", "slett", "slett utkastet", "slett behovsmeldingen", "avbryt meldinga", "gloym det",
    }),
    Command.PAUSE: frozenset({
        "pause", "ta pause", "lagre", "lagre utkast", "lagre som utkast", "lagre utkastet", "save", "save draft",
        "fortsett senere", "fortsett seinere", "held fram seinare", "halde fram seinare", "lagra", "lagre og avslutt",
        "pause takk", "later", "continue later",
    }),
    Command.SKIP: frozenset({
        "hopp over", "hopp", "skip", "hopp over dette", "hopp over sporsmalet", "hopp forbi", "hoppe over",
        "skip this", "skip it",
    }),
    Command.HELP: frozenset({
        "hjelp", "help", "hjelp meg", "hjelp takk", "hva mener du", "hva betyr det", "hva betyr dette",
        "forstar ikke", "skjonner ikke", "jeg forstar ikke", "jeg skjonner ikke", "eg forstar ikkje",
        "forstar ikkje", "kva meiner du", "kva betyr det", "what do you mean", "eksempel", "gi et eksempel",
        "vis eksempel", "hva skal jeg svare", "kva skal eg svare", "hjelpe", "hjelpa",
    }),
    Command.SUMMARY: frozenset({
        "oppsummering", "vis oppsummering", "oppsummer", "summary", "oversikt", "vis svar", "vis svarene",
        "vis svarene mine", "mine svar", "samandrag", "vis samandrag", "oppsummering takk", "show answers",
    }),
    Command.KEEP: frozenset({
        "behold", "behald", "keep", "samme", "uendret", "neste", "next", "videre", "behold svaret", "same",
        "behald svaret", "ingen endring",
    }),
    Command.RESTART: frozenset({
        "start pa nytt", "begynn pa nytt", "restart", "start again", "start over", "byrj pa nytt",
        "starte pa nytt", "begynne pa nytt", "ny start",
    }),
    Command.SUBMIT: frozenset({
        "send", "send inn", "send den", "send det", "bekreft", "ja send", "ja send inn", "submit", "confirm",
        "send behovsmeldingen", "godkjenn", "send inn behovsmeldingen", "ja bekreft", "ser bra ut send",
    }),
    Command.CONTINUE: frozenset({
        "fortsett", "fortsette", "held fram", "halde fram", "continue", "resume", "fortsett der jeg slapp",
        "fortsett behovsmeldingen", "ga videre", "fortset",
    }),
    Command.DELETE: frozenset({
        "slett", "slette", "slett den", "slett utkastet", "delete", "forkast", "kast", "slett behovsmeldingen",
        "sletta",
    }),
}

_EDIT = re.compile(r"^\s*(?:endre|endra|change|edit|rett|rette|korriger|korrigere|oppdater)(?:\s+(?:på|pa))?\b[\s:]*(.*)$",
                   re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class ParsedCommand:
    command: Command
    argument: str = ""


def is_phrase(text: str, command: Command) -> bool:
    """Whether the whole of ``text`` is one of the phrases for ``command``."""
    return len(text) <= MAX_COMMAND_CHARS and fold(text) in _PHRASES[command]


def parse_command(text: str, allowed: frozenset[Command] | None = None) -> ParsedCommand | None:
    """The command ``text`` is, if it is one; ``EDIT`` carries the rest of the text as argument."""
    stripped = text.strip()
    if stripped in ("?", "??", "???") and (allowed is None or Command.HELP in allowed):
        return ParsedCommand(Command.HELP)
    if len(stripped) > MAX_COMMAND_CHARS:
        return None
    folded = fold(stripped)
    for command, phrases in _PHRASES.items():
        if (allowed is None or command in allowed) and folded in phrases:
            return ParsedCommand(command)
    if allowed is None or Command.EDIT in allowed:
        match = _EDIT.match(stripped)
        if match:
            return ParsedCommand(Command.EDIT, match.group(1).strip())
    return None


def phrases(command: Command) -> frozenset[str]:
    return _PHRASES[command]
