"""The independent evaluation sets (tests/qa/eval/heldout*.jsonl), each written from the plan alone by someone
who had not seen the code or the other sets. Every row runs through the whole bot (the router with every
skill); the score by kind and the misses are printed.

They are scored, not tuned against: fix the kind of mistake a miss belongs to, never the one question. Each
set's README says how it has been used (which were development sets whose misses were read, which was the
final held-out measurement). The floors below sit under the current scores so that a regression shows; they
are not the goal (97 % on a set nobody has seen).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app import build_app
from bot.clock import Clock
from bot.settings import load_settings
from tests.qa.heldout import EVAL_DIR, MovableClock, ask_row, by_kind, check, load_rows, report

MIN_SHARE = {
    "heldout2": 0.96,  # 92.7 % (session 4), 94.3 % (session 5), 96.3 % (session 6), 97.1 % (session 7)
    "heldout3": 0.98,  # 97.6 %, 98.0 %, 98.8 % (session 7)
    "heldout4": 0.94,  # 78.3 % when first scored as the final held-out set; 79.4 % after one fix; 87.0 % (session 5),
    #                    89.2 % (session 6), 94.6 % (session 7)
    "heldout5": 0.96,  # 87.7 %, 92.3 %, 93.5 % (session 6), 97.5 % (session 7)
    "heldout6": 0.96,  # the final held-out set of session 5: 83.4 % at its start, 84.2 % at its end (score only);
    #                    90.7 % (session 6), 96.4 % (session 7)
    "heldout7": 0.96,  # the final held-out set of session 6: 86.7 % at its start, 87.9 % at its end (score only);
    #                    97.1 % (session 7, a development set)
    "heldout8": 0.98,  # the first held-out set of session 7: 87.9 % at its start, 90.4 % before its misses were
    #                    read; 99.2 % after (a development set)
    "heldout9": 0.97,  # the second held-out set of session 7: 85.8 % at its start, 90.4 % at 0b545c2 (score only);
    #                    97.9 % after its misses were read (a development set now)
    "heldout10": 0.88,  # the third held-out set of session 7, still unseen: 86.0 % at its start, 89.0 % at its end
}


@pytest.mark.parametrize("name", sorted(MIN_SHARE))
def test_heldout_set_through_the_router(tmp_path: Path, name: str) -> None:
    path = EVAL_DIR / f"{name}.jsonl"
    if not path.exists():
        pytest.fail(f"{path} is missing")
    movable = MovableClock()
    app = build_app(load_settings(DATABASE_URL=f"sqlite:///{tmp_path / 'heldout.sqlite3'}"),
                    clock=Clock(source=movable))
    try:
        rows = load_rows(path)
        verdicts = [check(row, ask_row(app, movable, row)) for row in rows]
    finally:
        app.close()
    passed = sum(verdict.passed for verdict in verdicts)
    print(f"\n{name}: {passed}/{len(rows)} right ({100 * passed / len(rows):.1f} %)")
    print("  by kind: " + by_kind(verdicts))
    misses = report(verdicts)
    if misses:
        print(misses)
    assert passed >= MIN_SHARE[name] * len(rows), misses
