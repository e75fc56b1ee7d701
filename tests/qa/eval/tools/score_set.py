"""Score one evaluation set through the whole bot (as tests/qa/test_heldout.py does) and print the figure.

    .venv/bin/python tests/qa/eval/tools/score_set.py tests/qa/eval/heldout3.jsonl [-q] [--root DIR]

``-q`` prints the score and the counts by kind only (no questions, no misses): what an engineer
working on the answers may see of a held-out set. ``--root DIR`` scores the bot of another checkout
(for example a ``git worktree`` of the session's starting commit) with the same set.
"""
import sys
import tempfile
from pathlib import Path

arguments = sys.argv[1:]
root = Path(__file__).resolve().parents[4]
if "--root" in arguments:
    at = arguments.index("--root")
    root = Path(arguments[at + 1]).resolve()
    del arguments[at:at + 2]
sys.path.insert(0, str(root))

from bot.app import build_app  # noqa: E402
from bot.clock import Clock  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from tests.qa.heldout import MovableClock, ask_row, by_kind, check, load_rows, report  # noqa: E402

path = Path(next(argument for argument in arguments if not argument.startswith("-")))
movable = MovableClock()
folder = tempfile.mkdtemp()
app = build_app(load_settings(DATABASE_URL=f"sqlite:///{folder}/h.sqlite3"), clock=Clock(source=movable))
rows = load_rows(path)
verdicts = [check(row, ask_row(app, movable, row)) for row in rows]
app.close()
passed = sum(verdict.passed for verdict in verdicts)
print(f"{path.name} @ {root}: {passed}/{len(rows)} = {100 * passed / len(rows):.1f}%")
print(by_kind(verdicts))
if "-q" not in arguments:
    print(report(verdicts))
