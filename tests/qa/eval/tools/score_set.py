"""Score one evaluation set through the whole bot (as tests/qa/test_heldout.py does) and print the figure.

    .venv/bin/python tests/qa/eval/tools/score_set.py tests/qa/eval/heldout3.jsonl [-q]

``-q`` prints the score and the counts by kind only (no questions, no misses): what an engineer
working on the answers may see of a held-out set.
"""
import sys, tempfile
from pathlib import Path
sys.path.insert(0, '/work/main')
from bot.app import build_app
from bot.clock import Clock
from bot.settings import load_settings
from tests.qa.heldout import MovableClock, ask_row, check, load_rows, report
path = Path(sys.argv[1])
movable = MovableClock()
d = tempfile.mkdtemp()
app = build_app(load_settings(DATABASE_URL=f"sqlite:///{d}/h.sqlite3"), clock=Clock(source=movable))
rows = load_rows(path)
verdicts = [check(r, ask_row(app, movable, r)) for r in rows]
app.close()
p = sum(v.passed for v in verdicts)
print(f"{path.name}: {p}/{len(rows)} = {100*p/len(rows):.1f}%")
from collections import Counter
k=Counter(); m=Counter()
for v in verdicts:
    k[v.row.get('kind')]+=1
    if not v.passed: m[v.row.get('kind')]+=1
print(", ".join(f"{a} {k[a]-m[a]}/{k[a]}" for a in sorted(k)))
if '-q' not in sys.argv: print(report(verdicts))
