"""Benchmark: allocate 3 schemes over 356 networks (one per Norwegian municipality), in-process.

    .venv/bin/python tests/bench/bench_allocate.py [--runs 50]

The statistics are synthetic but plausible (fixed seed): municipality sizes follow a log-normal
distribution like Norway's (a few large, many small), decimals on the FTE columns. Goal: < 50 ms
per run (all three schemes, from validated table to result; JSON conversion timed separately).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from decimal import Decimal

from bot.planfacts import load_plan_data
from calc.model import allocate
from calc.output import result_to_json
from calc.parameters import parameters_from_mapping
from calc.stats import StatsTable, table_from_records

MUNICIPALITIES = 356
BUDGETS = {"desentralisert": 31_450_000, "regional": 12_345_678, "kompetanseloftet": 9_876_543}


def synthetic_records(seed: int = 356) -> list[dict[str, object]]:
    rng = random.Random(seed)
    records: list[dict[str, object]] = []
    for number in range(1, MUNICIPALITIES + 1):
        pupils = max(40, int(rng.lognormvariate(7.0, 1.2)))       # median ~1 100 pupils
        teachers = Decimal(pupils) / Decimal(rng.randint(10, 14))
        vocational = teachers * Decimal(rng.randint(0, 15)) / 100
        children = max(10, int(pupils * rng.uniform(0.35, 0.55)))
        records.append({
            "network": f"Kommune {number:03d}",
            "laerer_arsverk": str(teachers.quantize(Decimal("0.1"))).replace(".", ","),
            "yrkesfaglaerer_arsverk": str(vocational.quantize(Decimal("0.1"))).replace(".", ","),
            "skoler": max(1, pupils // rng.randint(150, 320)),
            "elever": pupils,
            "bhg_arsverk": str((Decimal(children) / Decimal("5.7")).quantize(Decimal("0.01"))),
            "barnehager": max(1, children // rng.randint(40, 90)),
            "barn": children,
        })
    return records


def timed(function: object, runs: int) -> list[float]:
    assert callable(function)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def report(label: str, samples: list[float]) -> None:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]
    print(f"{label:<40} mean {statistics.fmean(samples):7.2f} ms   p99 {p99:7.2f} ms   (n={len(samples)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    parameters = parameters_from_mapping(load_plan_data()["allocation"], 2026)
    records = synthetic_records()
    stats: StatsTable = table_from_records(records)
    allocate(stats, BUDGETS, parameters)  # warm-up
    print(f"{MUNICIPALITIES} networks x {len(BUDGETS)} schemes, {args.runs} runs")
    report("allocate (3 schemes)", timed(lambda: allocate(stats, BUDGETS, parameters), args.runs))
    report("allocate + JSON", timed(lambda: result_to_json(allocate(stats, BUDGETS, parameters)), args.runs))
    report("import 356 rows + allocate + JSON",
           timed(lambda: result_to_json(allocate(table_from_records(records), BUDGETS, parameters)), args.runs))


if __name__ == "__main__":
    main()
