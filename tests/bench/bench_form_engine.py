"""Steps per second through the pure form engine (in-process, no database).

Run: ``.venv/bin/python tests/bench/bench_form_engine.py [--seconds 3]``

Scenarios, each a whole needs-report conversation repeated for the given time:
- engine: ``step()`` only, valid answers (desentralisert path, 20 questions + send);
- engine+json: plus ``json.dumps``/``json.loads`` of the state after every step (what a draft store does);
- engine+json+text: plus rendering the reply to chat text with the Jinja2 templates;
- errors: every question first answered wrongly (error + same question), then rightly;
- commands: tilbake/behold/hjelp/oppsummering/endre between answers.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bot.form_text import render_reply  # noqa: E402
from forms.engine import FormState, StepResult, start, step  # noqa: E402
from forms.questions import looks_like_question  # noqa: E402
from tests.forms.helpers import FORM, TODAY, VALID  # noqa: E402

WRONG = "dette er ikke et gyldig svar 999 %"


def conversation(*, persist: bool, render: bool, wrong_first: bool, commands: bool) -> int:
    """One whole conversation; returns the number of steps taken."""
    result: StepResult = start(FORM, today=TODAY)
    steps = 0
    while result.state.mode == "asking":
        current = result.state.current
        assert current is not None
        inputs = []
        if wrong_first:
            inputs.append(WRONG)
        if commands:
            inputs += ["hjelp", "oppsummering"]
        inputs.append(VALID[current])
        if commands:
            inputs += ["tilbake", "behold"]
        for text in inputs:
            state = result.state
            if persist:
                state = FormState.from_dict(json.loads(json.dumps(state.to_dict())))
            result = step(FORM, state, text, today=TODAY, is_question=looks_like_question)
            if render:
                render_reply(result.reply, "nb")
            steps += 1
    result = step(FORM, result.state, "send", today=TODAY)
    assert result.outcome == "submitted", result.kinds
    return steps + 1


def measure(name: str, run: Callable[[], int], seconds: float) -> None:
    run()  # warm caches (templates, regexes)
    steps = conversations = 0
    began = time.perf_counter()
    while time.perf_counter() - began < seconds:
        steps += run()
        conversations += 1
    elapsed = time.perf_counter() - began
    print(f"{name:<22} {steps / elapsed:>10,.0f} steps/s  {elapsed / steps * 1e6:>8,.1f} µs/step  "
          f"({conversations} conversations, {steps} steps, {elapsed:.2f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="time per scenario")
    seconds = parser.parse_args().seconds
    print(f"python {sys.version.split()[0]}, {len(FORM.fields)} fields in the form, {seconds:g} s per scenario")
    measure("engine", lambda: conversation(persist=False, render=False, wrong_first=False, commands=False), seconds)
    measure("engine+json", lambda: conversation(persist=True, render=False, wrong_first=False, commands=False),
            seconds)
    measure("engine+json+text", lambda: conversation(persist=True, render=True, wrong_first=False, commands=False),
            seconds)
    measure("errors", lambda: conversation(persist=False, render=False, wrong_first=True, commands=False), seconds)
    measure("commands", lambda: conversation(persist=False, render=False, wrong_first=False, commands=True), seconds)


if __name__ == "__main__":
    main()
