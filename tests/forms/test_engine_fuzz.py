"""Random input against every field: no crash, a reply every time, no answer lost.

28 starting points (every field of the needs report, each on a path where it applies, plus the
summary) x 100 examples x at least 4 messages = at least 11 200 random inputs per run.
"""

from __future__ import annotations

import functools
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.form_text import render_reply
from forms.engine import FINAL_MODES, FormState, StepResult, step
from forms.questions import looks_like_question
from forms.text import fold
from tests.forms.helpers import FORM, PATH_FOR, TODAY, VALID, answer_until

STARTS = [item.id for item in FORM.fields] + ["__summary__"]
EXAMPLES_PER_START = 100
MIN_MESSAGES = 4

COMMANDS = [
    "tilbake", "back", "attende", "endre", "endre beløp", "endre 3", "endre 999", "endre tittel til Ny tittel",
    "endre beløp til 2 mill", "endre beløp til mange", "endre koordinator til 90 %", "avbryt", "cancel", "ja", "nei",
    "pause", "lagre", "hopp over", "skip", "hjelp", "?", "oppsummering", "behold", "send", "fortsett",
    "start på nytt", "slett", "svar:", "svar: ", "1", "0", "-1", "99", "ingen", "alle", "når er fristen?",
    "hva betyr det?", "endre ordning til regional", "endre nytt eller videreført til videreført",
]
TRICKY = [
    "1,2 mill", "500'", "kr 500 000,-", "1.2m", "30 %", "150 %", "2026-2030", "3 år", "0 år", "jepp", "nope",
    "a@b", "@", "«»", "\u200b", "\x00", "\ufeff1 000", "1\u00a0000", "٣", "１２", "Ⅻ", "½", "1e9", "NaN",
    "9" * 400, "-" * 50, "%" * 10, "endre " * 50, "til til til", "endre til til", "\n\n\n", "\r\n", "\t",
]
inputs = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "So", "Nd", "No"]),
            max_size=40),
    st.lists(st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), max_size=5).map("".join),
    st.sampled_from(COMMANDS + TRICKY + list(VALID.values())),
    st.from_regex(r"[-0-9 .,'%kKmMilrå]{1,25}", fullmatch=True),
    st.builds(lambda chunk, count: chunk * count, st.text(min_size=1, max_size=3), st.integers(1_000, 25_000)),
)

_EDIT_VERBS = ("endre", "endra", "change", "edit", "rett", "rette", "korriger", "korrigere", "oppdater")


@functools.cache
def start_state(start: str) -> FormState:
    if start == "__summary__":
        return answer_until(FORM, None).state
    return answer_until(FORM, start, PATH_FOR.get(start)).state


def check_step(previous: FormState, text: str, result: StepResult) -> None:
    assert result.reply, "every message gets a reply"
    rendered = render_reply(result.reply, previous.lang, reference="BM-1", secretariat="post@sf.no")
    if result.outcome == "question":
        assert result.state is previous
    else:
        assert rendered.strip(), result.kinds
    stored = json.loads(json.dumps(result.state.to_dict()))
    assert FormState.from_dict(stored) == result.state

    after = result.state.answers
    if result.outcome == "cancelled" or (previous.mode in ("confirm_restart", "confirm_resume", "paused")
                                         and not after):
        return  # discarding answers needs a confirmed cancel/restart or the resume prompt's "slett"
    may_change_values = previous.mode == "choose_field" or fold(text).startswith(_EDIT_VERBS)
    for key, value in previous.answers.items():
        if key not in after:
            assert key == previous.current and key in result.state.skipped, key
        elif key != previous.current and not may_change_values:
            assert after[key] == value, key


@pytest.mark.parametrize("start", STARTS)
@settings(max_examples=EXAMPLES_PER_START, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
@given(texts=st.lists(inputs, min_size=MIN_MESSAGES, max_size=6))
def test_random_inputs_never_crash_or_lose_answers(start: str, texts: list[str]) -> None:
    state = start_state(start)
    for text in texts:
        result = step(FORM, state, text, today=TODAY, is_question=looks_like_question)
        check_step(state, text, result)
        state = result.state
        if state.mode in FINAL_MODES:
            break


def test_there_are_enough_random_inputs() -> None:
    assert len(STARTS) * EXAMPLES_PER_START * MIN_MESSAGES >= 10_000
