"""The work behind ``kompetansebot allocate`` (imported only when the command runs): split the schemes' budgets between the competence networks (issue 4).

    kompetansebot allocate --stats FILE --budget SCHEME=NOK [--budget ...] [--year N]
                           [--json] [--csv OUT] [--xlsx OUT] [--chart OUT.png]

The model and its parameters live in calc/ and bot/data/plan/allocation.toml (plan section 5.8).
Bad input gives a Norwegian message on standard error and exit code 2.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bot.allocation_service import StatsPreview, known_networks, scheme_lookup
from bot.allocation_text import render_scheme_working
from bot.clock import Clock
from bot.planfacts import load_plan_data
from bot.settings import load_settings
from calc.chart import write_chart
from calc.errors import BudgetError
from calc.explain import COLUMN_HEADINGS, scheme_explanation, table_columns
from calc.export import write_csv, write_xlsx
from calc.model import AllocationResult, allocate
from calc.numbers import fold_name, parse_budget
from calc.parameters import parameters_from_mapping
from calc.stats import StatsTable, closest_name, read_stats, required_columns_for


@dataclass(frozen=True)
class AllocateRequest:
    stats: Path
    budgets: Sequence[str]
    year: int | None = None


def parse_budget_options(options: Sequence[str], lookup: Mapping[str, str]) -> dict[str, int]:
    """``["desentralisert=31,45 mill", ...]`` -> ``{"desentralisert": 31450000}``; every problem reported at once."""
    budgets: dict[str, int] = {}
    problems: list[str] = []
    known = ", ".join(sorted(set(lookup.values())))
    for option in options:
        name, separator, amount = option.partition("=")
        if not separator:
            problems.append(f"--budget «{option}»: skriv ORDNING=BELØP, for eksempel desentralisert=31450000.")
            continue
        scheme_id = lookup.get(fold_name(name))
        if scheme_id is None:
            hint = closest_name(fold_name(name), dict(lookup), cutoff=75)
            problems.append(f"--budget «{option}»: ukjent ordning «{name.strip()}»."
                            + (f" Mente du «{hint}»?" if hint else "") + f" Bruk en av: {known}.")
            continue
        if scheme_id in budgets:
            problems.append(f"--budget «{option}»: {scheme_id} har fått budsjett mer enn én gang.")
            continue
        try:
            budgets[scheme_id] = parse_budget(amount)
        except BudgetError as exc:
            problems.append(f"--budget «{option}»: {exc}")
    if problems:
        raise BudgetError("\n".join(problems))
    if not budgets:
        raise BudgetError("Oppgi budsjettet for minst én ordning, for eksempel --budget desentralisert=31450000.")
    return budgets


def compute(request: AllocateRequest) -> AllocationResult:
    """Read settings, plan, statistics and budgets, and run the model. Raises ``ValueError`` subclasses."""
    return compute_with_stats(request)[0]


def compute_with_stats(request: AllocateRequest) -> tuple[AllocationResult, StatsTable]:
    """Like ``compute``, with the statistics read. Every network in the file is computed: names the
    plan's register does not know are new networks (``StatsTable.new_networks``), and the register's
    networks the file lacks are listed (``StatsTable.missing_networks``) for the caller to show."""
    settings = load_settings()
    plan = load_plan_data(settings.plan_file)
    year = request.year if request.year is not None else Clock.from_setting(settings.kompetansebot_now).today().year
    parameters = parameters_from_mapping(plan.get("allocation", {}), year)
    budgets = parse_budget_options(request.budgets, scheme_lookup(plan, parameters.schemes))
    required = required_columns_for(parameters.scheme(scheme_id).required_columns for scheme_id in budgets)
    stats = read_stats(request.stats, known_networks=known_networks(plan) or None, required_columns=required,
                       accept_new_networks=True)
    return allocate(stats, budgets, parameters), stats


def stats_notice(result: AllocationResult, stats: StatsTable) -> str:
    """What the file's networks differ from the register in ('' if nothing), in Norwegian."""
    return StatsPreview(year=result.year or 0, filename=stats.source or "", table=stats).notice()


def print_tables(result: AllocationResult, console: Console) -> None:
    for scheme_id, allocation in result.schemes.items():
        explained = scheme_explanation(allocation)
        columns = table_columns(allocation.parameters)
        heading = (f"{explained['title']}{f' {result.year}' if result.year else ''}: budsjett {explained['budget']}, "
                   f"felles tiltak {explained['felles']}, pro rata-pott {explained['prorata_pool']}, "
                   f"behovspott {explained['behovspott']}")
        console.print(heading, style="bold", markup=False, soft_wrap=True)
        table = Table(show_footer=True)
        footer = explained["total_cells"]
        for column in columns:
            table.add_column(COLUMN_HEADINGS[column][0], footer=footer.get(column, ""),
                             justify="left" if column == "network" else "right", no_wrap=True)
        for network in explained["networks"]:
            table.add_row(*(network["cells"][column] for column in columns))
        console.print(table)
        console.print(render_scheme_working(result, scheme_id), markup=False, highlight=False, soft_wrap=True)
        console.print()


def write_outputs(result: AllocationResult, csv_out: Path | None, xlsx_out: Path | None,
                  chart_out: Path | None, stats: StatsTable | None = None) -> list[str]:
    written = []
    example = stats.example if stats is not None else None
    if csv_out is not None:
        write_csv(result, csv_out, example=example)
        written.append(f"CSV-fil: {csv_out}")
    if xlsx_out is not None:
        working = {scheme_id: render_scheme_working(result, scheme_id) for scheme_id in result.schemes}
        write_xlsx(result, xlsx_out, working, stats=stats, example=example)
        written.append(f"regneark: {xlsx_out}")
    if chart_out is not None:
        write_chart(result, chart_out, example=example)
        written.append(f"diagram: {chart_out}")
    return written
