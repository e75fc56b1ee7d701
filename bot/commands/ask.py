"""``kompetansebot ask``: answer questions about the plan from the command line.

    kompetansebot ask "Når er fristen for årsrapportering?" [--today 2026-11-28] [--json]
    kompetansebot ask --batch questions.jsonl      # lines {"question": ..., "today": ...}; "-" = stdin

Batch mode prints one JSON line per input line (flushed per line from standard input, in blocks from
a file, and always at the end), with ``answer``, ``intent``, ``sources``,
``confidence``, ``language`` and ``outside_plan``; a line that cannot be read gets a line with an
``error`` field instead, and the run goes on.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import typer

from bot.commands._common import err_console

if TYPE_CHECKING:
    from bot.qa import QuestionAnswerer


MEMO_LIMIT = 50_000
"""Answers a batch keeps for questions asked again (then it starts over): bounded memory."""


def _parse_day(value: str) -> date:
    text = value.strip()
    try:
        return date.fromisoformat(text[:10]) if len(text) >= 10 else date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _fail(message: str) -> typer.Exit:
    err_console.print(message, markup=False, highlight=False, soft_wrap=True)
    return typer.Exit(code=2)


def _load() -> tuple[QuestionAnswerer, date]:
    """The answerer from the plan data (PLAN_FILE), and today from the clock (KOMPETANSEBOT_NOW)."""
    from bot.clock import Clock
    from bot.planfacts import PlanFileError, load_plan_data
    from bot.qa import QuestionAnswerer
    from bot.settings import SettingsError, load_settings

    try:
        settings = load_settings()
    except SettingsError as exc:
        raise _fail(f"Feil i konfigurasjonen: {exc}") from None
    try:
        plan = load_plan_data(settings.plan_file)
        answerer = QuestionAnswerer(plan)
    except (PlanFileError, ValueError, KeyError) as exc:
        raise _fail(f"Feil i planfila: {exc}") from None
    return answerer, Clock.from_setting(settings.kompetansebot_now).today()


def answer_lines(answerer: QuestionAnswerer, lines: Iterable[str], default_today: date,
                 out: IO[str], *, flush_every: int = 1) -> int:
    """Answer JSONL questions, writing one JSON line per non-blank input line. Returns the error count.

    Output is flushed every ``flush_every`` lines and at the end (1 for a conversation over a pipe).
    """
    errors = 0
    written = 0
    # Without a conversation's context an answer depends only on the question and the day: a question
    # asked again on the same day (an evaluation set, a FAQ list) is answered once.
    answered: dict[tuple[str, date], dict[str, Any]] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        result: dict[str, Any]
        try:
            item = json.loads(line)
            if not isinstance(item, dict):
                raise ValueError("each line must be a JSON object")
            question = item.get("question")
            if not isinstance(question, str) or not question.strip():
                raise ValueError('"question" must be a non-empty string')
            today_value = item.get("today")
            if today_value is None or today_value == "":
                today = default_today
            elif isinstance(today_value, str):
                today = _parse_day(today_value)
            else:
                raise ValueError('"today" must be a date string YYYY-MM-DD')
            known = answered.get((question, today))
            if known is None:
                known = answerer.answer(question, today).to_json()
                if len(answered) >= MEMO_LIMIT:
                    answered.clear()
                answered[(question, today)] = known
            result = known
            if "id" in item:
                result = {"id": item["id"], **result}
        except Exception as exc:  # one bad line must never stop the batch
            errors += 1
            result = {"line": number, "error": f"{type(exc).__name__}: {exc}"}
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
        written += 1
        if written % flush_every == 0:
            out.flush()
    out.flush()
    return errors


def register(app: typer.Typer) -> None:
    @app.command("ask")
    def ask(
        question: str = typer.Argument("", help="Spørsmålet, f.eks. «Når er fristen for årsrapportering?»"),
        today: str = typer.Option("", "--today", help="Dagens dato (YYYY-MM-DD); standard er klokka"),
        as_json: bool = typer.Option(False, "--json", help="Svar som JSON"),
        batch: str = typer.Option("", "--batch", help="JSONL-fil med spørsmål («-» for standard inn)"),
    ) -> None:
        """Svar på et spørsmål om planen: frister, møter, prosentsatser og roller."""
        if not question.strip() and not batch:
            raise _fail('Skriv et spørsmål, f.eks. kompetansebot ask "Når er neste frist?", eller bruk --batch FIL.')
        override: date | None = None
        if today:
            try:
                override = _parse_day(today)
            except ValueError as exc:
                raise _fail(f"--today: {exc}") from None
        answerer, clock_today = _load()
        day = override or clock_today
        if batch:
            if batch == "-":
                answer_lines(answerer, sys.stdin, day, sys.stdout)
            else:
                path = Path(batch)
                try:
                    handle = path.open(encoding="utf-8")
                except OSError as exc:
                    raise _fail(f"--batch: kan ikke lese {path}: {exc.strerror}") from None
                with handle:
                    # A file is answered as fast as possible; standard input line by line.
                    answer_lines(answerer, handle, day, sys.stdout, flush_every=256)
            return
        result = answerer.answer(question, day)
        if as_json:
            sys.stdout.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(result.text + "\n")
        sys.stdout.flush()
