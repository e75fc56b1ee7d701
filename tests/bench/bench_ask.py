"""Benchmark for question answering (issue 3): run as ``python tests/bench/bench_ask.py [N]``.

Builds N (default 10,000) questions from the evaluation set, each perturbed the way users write
(typos, no æøå, case, greetings, punctuation) and given a random ``today`` in 2026-2028, then measures:

1. ``kompetansebot ask --batch FILE`` end to end (process start, plan load, answering, JSON out):
   questions per second overall, the start-up time, and the answering rate after the first line;
2. in-process ``QuestionAnswerer.answer``: latency per question (p50, p90, p99, max) over the same
   questions, cold (each question seen once, in a fresh answerer).

Goal: >= 5,000 answers per CPU second of the whole batch process (start-up and answering both
counted: imports, plan load, precomputation, answering, JSON out), and p99 < 2 ms in-process.

With ``--baseline DIR`` (a checkout of an older commit, e.g. ``git archive HEAD | tar -x -C DIR``) the
same batch runs there too, side by side, and the ratio is printed.

Bytecode: an installed ``kompetansebot`` (pip install) runs from compiled bytecode, so the tree (and a
baseline) is compiled up front the way ``scripts/run-tests.sh`` does it, and the batch runs without
PYTHONDONTWRITEBYTECODE. ``--no-bytecode`` measures a cold start instead: no bytecode is read or written at
all (an empty PYTHONPYCACHEPREFIX), so the libraries are compiled from source too, every run.
"""

from __future__ import annotations

import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EVAL = ROOT / "tests" / "qa" / "eval" / "questions.jsonl"
sys.path.insert(0, str(ROOT))

_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})
_GREETINGS = ("", "", "", "hei, ", "Hei! ", "hallo, ", "Hi, ", "lurer på: ", "spørsmål: ")


def _typo(text: str, rng: random.Random) -> str:
    words = text.split()
    candidates = [index for index, word in enumerate(words) if len(word) >= 6 and word.isalpha()]
    if not candidates:
        return text
    index = rng.choice(candidates)
    word = words[index]
    position = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        word = word[:position] + word[position + 1:]
    elif kind == 1:
        word = word[:position] + word[position + 1] + word[position] + word[position + 2:]
    else:
        word = word[:position] + word[position] + word[position:]
    words[index] = word
    return " ".join(words)


def perturb(question: str, rng: random.Random) -> str:
    text = question
    if rng.random() < 0.35:
        text = text.translate(_FOLD)
    if rng.random() < 0.3:
        text = _typo(text, rng)
    if rng.random() < 0.3:
        text = text.lower()
    if rng.random() < 0.2:
        text = text.rstrip("?!. ")
    return rng.choice(_GREETINGS) + text


def build_questions(count: int, seed: int = 20261128) -> list[dict[str, str]]:
    rng = random.Random(seed)
    base = [json.loads(line)["question"] for line in EVAL.read_text(encoding="utf-8").splitlines() if line.strip()]
    start = date(2026, 1, 1)
    span = (date(2028, 12, 31) - start).days
    return [{"question": perturb(rng.choice(base), rng),
             "today": (start + timedelta(days=rng.randrange(span + 1))).isoformat()} for _ in range(count)]


@dataclass(frozen=True)
class BatchRun:
    wall: float          # process start to last line
    startup: float       # process start to first line (imports, plan load, precomputation)
    steady: float        # first line to last line
    cpu: float           # CPU seconds the child used (user + system)
    errors: int


BYTECODE_PACKAGES = ("bot", "handlers", "forms", "calc", "templates")


def compile_bytecode(root: Path) -> None:
    """Compile the tree's packages once (as pip does on install, and as scripts/run-tests.sh does)."""
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-m", "compileall", "-q", "-j", "0",
                    *[name for name in BYTECODE_PACKAGES if (root / name).is_dir()]],
                   cwd=root, env=environment, check=True, stdout=subprocess.DEVNULL)


def bench_batch(questions: list[dict[str, str]], root: Path = ROOT, *, bytecode: bool = True) -> BatchRun:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "questions.jsonl"
        path.write_text("".join(json.dumps(item, ensure_ascii=False) + "\n" for item in questions), encoding="utf-8")
        environment = {**os.environ, "KOMPETANSEBOT_NOW": "2026-11-28T09:00"}
        if bytecode:  # as installed: the compiled bytecode is read (and refreshed if a source changed)
            environment.pop("PYTHONDONTWRITEBYTECODE", None)
            environment.pop("PYTHONPYCACHEPREFIX", None)
        else:  # cold: nothing compiled is read or kept
            environment["PYTHONDONTWRITEBYTECODE"] = "1"
            environment["PYTHONPYCACHEPREFIX"] = str(Path(folder) / "no-bytecode")
        environment.setdefault("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
        command = [sys.executable, "-m", "bot.cli", "ask", "--batch", str(path)]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        if root != ROOT:  # the baseline's own packages come first
            environment["PYTHONPATH"] = str(root)
        process = subprocess.Popen(command, cwd=root, env=environment, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
        assert process.stdout is not None
        first: float | None = None
        lines = []
        for line in process.stdout:
            if first is None:
                first = time.perf_counter()
            lines.append(line)
        finished = time.perf_counter()
        stderr = process.stderr.read() if process.stderr else ""
        code = process.wait()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if code != 0 or (first is None and questions):
        raise SystemExit(f"batch run failed ({code}): {stderr[-2000:]}")
    first = first if first is not None else finished
    parsed = [json.loads(line) for line in lines if line.strip()]
    if len(parsed) != len(questions):
        raise SystemExit(f"expected {len(questions)} output lines, got {len(parsed)}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return BatchRun(finished - started, first - started, finished - first, cpu,
                    sum(1 for item in parsed if "error" in item))


def bench_in_process(questions: list[dict[str, str]]) -> tuple[float, list[float], list[float]]:
    """Build time, and per question the wall time and the CPU time of this thread. On a shared machine
    the wall time includes waiting for a core; the CPU time is the answering's own cost."""
    from bot.planfacts import load_plan_data
    from bot.qa import QuestionAnswerer

    started = time.perf_counter()
    answerer = QuestionAnswerer(load_plan_data())
    build = time.perf_counter() - started
    walls, cpus = [], []
    for item in questions:
        day = date.fromisoformat(item["today"])
        begin, begin_cpu = time.perf_counter(), time.thread_time()
        answerer.answer(item["question"], day)
        cpus.append(time.thread_time() - begin_cpu)
        walls.append(time.perf_counter() - begin)
    return build, walls, cpus


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _report_batch(label: str, run: BatchRun, count: int) -> None:
    print(f"batch {label}: {run.wall:.2f} s wall => {count / run.wall:,.0f} questions/s overall; "
          f"startup (imports, plan, precomputation) {run.startup:.2f} s; answering {count / run.steady:,.0f} "
          f"questions/s after the first line; child CPU {run.cpu:.2f} s; {run.errors} error lines")


def _per_cpu_second(label: str, run: BatchRun, count: int) -> float:
    rate = count / run.cpu
    print(f"{label}: {rate:,.0f} answers per CPU second including start-up "
          f"({count} answers, child CPU {run.cpu:.2f} s, wall {run.wall:.2f} s)")
    return rate


def main() -> None:
    arguments = [argument for argument in sys.argv[1:] if not argument.startswith("--")]
    baseline = next((Path(argument.split("=", 1)[1]) for argument in sys.argv[1:]
                     if argument.startswith("--baseline=")), None)
    bytecode = "--no-bytecode" not in sys.argv[1:]
    count = int(arguments[0]) if arguments else 10_000
    questions = build_questions(count)
    distinct = len({item["question"] for item in questions})
    print(f"{count} questions ({distinct} distinct texts, {len({(item['question'], item['today']) for item in questions})} "
          f"distinct question and day pairs) from {EVAL.name}")
    if bytecode:
        for root in (ROOT, baseline) if baseline is not None else (ROOT,):
            compile_bytecode(root)
        print("bytecode: compiled up front, as an installed package has it (--no-bytecode for a cold start)")
    else:
        print("bytecode: none (cold start: every module, libraries too, compiled from source each run)")
    if baseline is not None:
        # Side by side, alternating, so both see the same load on the machine.
        ours, theirs = [], []
        for _ in range(3):
            theirs.append(bench_batch(questions, baseline, bytecode=bytecode))
            ours.append(bench_batch(questions, bytecode=bytecode))
        best_ours = min(ours, key=lambda item: item.cpu)
        best_theirs = min(theirs, key=lambda item: item.cpu)
        new = _per_cpu_second("batch, this tree (best of 3)", best_ours, count)
        old = _per_cpu_second(f"batch, baseline {baseline} (best of 3)", best_theirs, count)
        print(f"ratio this/baseline: {new / old:.2f}x; goal >= 5,000 answers per CPU second "
              f"{'met' if new >= 5000 else 'NOT met'}")

    run = bench_batch(questions, bytecode=bytecode)
    _report_batch("(today spread over 2026-2028)", run, count)
    whole = _per_cpu_second("batch (today spread over 2026-2028)", run, count)
    # The bot's real day: everyone asks on the same date, so dated replies repeat.
    same_day = [{"question": item["question"], "today": "2026-11-28"} for item in questions]
    _report_batch("(one day, 2026-11-28)", bench_batch(same_day, bytecode=bytecode), count)
    load = os.getloadavg()[0]
    print(f"      (load average {load:.2f} on {os.cpu_count()} cores while measuring)")

    build, walls, cpus = bench_in_process(questions)
    for label, values in (("wall", walls), ("CPU ", cpus)):
        print(f"in-process {label}: {count / sum(values):,.0f} questions/s; "
              f"p50 {_percentile(values, 0.50) * 1000:.3f} ms, p90 {_percentile(values, 0.90) * 1000:.3f} ms, "
              f"p99 {_percentile(values, 0.99) * 1000:.3f} ms, max {max(values) * 1000:.2f} ms")
    print(f"in-process build (precomputation): {build * 1000:.0f} ms")
    empty = bench_batch([], bytecode=bytecode)
    answering_cpu = run.cpu - empty.cpu
    print(f"batch answering CPU (child CPU minus an empty run's {empty.cpu:.2f} s): "
          f"{count / answering_cpu:,.0f} questions per CPU second")
    goal_p99 = _percentile(walls, 0.99) < 0.002
    print(f"goals: >= 5,000 answers per CPU second including start-up {'met' if whole >= 5000 else 'NOT met'} "
          f"({whole:,.0f}); "
          f"p99 < 2 ms {'met' if goal_p99 else 'NOT met'} (wall), "
          f"{'met' if _percentile(cpus, 0.99) < 0.002 else 'NOT met'} (CPU)")


if __name__ == "__main__":
    main()
