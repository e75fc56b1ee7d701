"""Run the evaluation set in-process and print the score and every miss: python -m tests.qa.run_eval"""

from __future__ import annotations

import sys
from collections import Counter
from datetime import date

from bot.planfacts import load_plan_data
from bot.qa import QuestionAnswerer
from tests.qa.evalcheck import check, load_rows, report


def main() -> int:
    qa = QuestionAnswerer(load_plan_data())
    rows = load_rows()
    verdicts = [check(row, qa.answer(row["question"], date.fromisoformat(row["today"])).to_json()) for row in rows]
    passed = sum(verdict.passed for verdict in verdicts)
    print(report(verdicts))
    by_category = Counter(verdict.row.get("category") for verdict in verdicts if not verdict.passed)
    print(f"\n{passed}/{len(rows)} right ({100 * passed / len(rows):.1f} %); misses by category: {dict(by_category)}")
    return 0 if passed >= 0.95 * len(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
