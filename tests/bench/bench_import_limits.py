"""Figures for issue 12 (finding 7): a million-row XLSX under 5 MB through `contacts import` and `stats import`.

    .venv/bin/python tests/bench/bench_import_limits.py

Runs the real CLI in a temporary directory and prints wall time and peak RSS (of that process alone, via
wait4) for the million-row workbook and for a 3-row workbook (the start-up baseline).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.core.test_import_limits import (  # noqa: E402
    CONTACT_HEADINGS,
    CONTACT_ROW,
    STATS_HEADINGS,
    STATS_ROW,
    million_row_xlsx,
    run_measured,
)


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        for command, headings, row in ((["contacts", "import"], CONTACT_HEADINGS, CONTACT_ROW),
                                       (["stats", "import"], STATS_HEADINGS, STATS_ROW)):
            big = million_row_xlsx(folder / "million.xlsx", headings, row)
            small = million_row_xlsx(folder / "small.xlsx", headings, row, rows=3)
            for label, path in (("3 rows", small), ("1 000 000 rows", big)):
                code, _output, seconds, peak_mb = run_measured([*command, str(path)], folder)
                print(f"{' '.join(command):16} {label:>15} ({path.stat().st_size / 1e6:4.1f} MB): "
                      f"{seconds:6.2f} s, peak RSS {peak_mb:5.0f} MB, exit {code}")


if __name__ == "__main__":
    main()
