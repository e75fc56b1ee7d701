"""Whole conversations as readable files, run through the engine and the chat templates.

Format (one directive per line; blank lines and ``#`` comments are ignored):

``@today 2026-11-28`` the date passed as ``today``; ``@lang nn`` the language; ``@start`` starts
the form; ``@resume`` shows the draft-resume prompt (as the caller does when a person with a draft
comes back); ``> text`` is what the person writes; ``< fragment`` must be in the bot's reply;
``<! fragment`` must not be; ``= outcome`` is the outcome of the last step; ``== field value``
checks a stored answer (JSON). Between two messages the state goes through JSON, like a database.
A message the engine takes for a question gets the caller's stand-in answer ``[Q&A: ...]`` and then
the same question again (``reask``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from bot.form_text import render_reply
from forms.engine import FormState, StepResult, reask, resume, start, step
from forms.questions import looks_like_question
from tests.forms.helpers import FORM

TRANSCRIPTS = sorted((Path(__file__).parent / "transcripts").glob("*.txt"))
REFERENCE = "BM-2027-0042"


@dataclass
class Run:
    today: date = date(2026, 11, 28)
    lang: str = "nb"
    stored: str | None = None
    reply: str = ""
    outcome: str = ""
    log: list[str] = field(default_factory=list)

    def state(self) -> FormState:
        assert self.stored is not None, "no conversation started"
        return FormState.from_dict(json.loads(self.stored))

    def record(self, result: StepResult) -> None:
        self.stored = json.dumps(result.state.to_dict())
        self.outcome = result.outcome
        self.reply = render_reply(result.reply, self.lang, reference=REFERENCE, secretariat="sfinpost@sf.no")
        if result.outcome == "question":
            question = result.part("question").data["text"]
            again = reask(FORM, result.state, today=self.today)
            self.reply = f"[Q&A: {question}]\n\n" + render_reply(again.reply, self.lang)
            self.stored = json.dumps(again.state.to_dict())
        self.log.append(self.reply)


def run_transcript(path: Path) -> None:
    run = Run()
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.rstrip()
        where = f"{path.name}:{number}"
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("@today "):
            run.today = date.fromisoformat(line.split()[1])
        elif line.startswith("@lang "):
            run.lang = line.split()[1]
        elif line == "@start":
            run.record(start(FORM, today=run.today, lang=run.lang))
        elif line == "@resume":
            run.record(resume(FORM, run.state(), today=run.today))
        elif line.startswith("> ") or line == ">":
            text = line[2:]
            run.record(step(FORM, run.state(), text, today=run.today, is_question=looks_like_question))
        elif line.startswith("<! "):
            assert line[3:] not in run.reply, f"{where}: did not expect {line[3:]!r} in:\n{run.reply}"
        elif line.startswith("< "):
            assert line[2:] in run.reply, f"{where}: expected {line[2:]!r} in:\n{run.reply}"
        elif line.startswith("== "):
            field_id, _, expected = line[3:].partition(" ")
            assert run.state().answers.get(field_id) == json.loads(expected), f"{where}: {field_id}"
        elif line.startswith("= "):
            assert run.outcome == line[2:], f"{where}: outcome {run.outcome!r}\n{run.reply}"
        else:
            raise AssertionError(f"{where}: cannot read {line!r}")


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=[path.stem for path in TRANSCRIPTS])
def test_transcript(path: Path) -> None:
    run_transcript(path)


def test_there_are_transcripts() -> None:
    assert len(TRANSCRIPTS) >= 4
