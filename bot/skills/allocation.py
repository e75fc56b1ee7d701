"""Allocation in chat: "fordel 31,45 mill i desentralisert ordning", "hvor mye får Valdres i år?" and, for
the secretariat, "budsjett desentralisert 31,45 mill for 2027".

A year without statistics is computed from the latest stored statistics, and the reply says which
year's figures were used. Names that are not found get the closest match ("Mente du ...?").
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from bot.allocation_service import AllocationOutcome, AllocationService, MissingAllocationData, scheme_lookup
from bot.allocation_text import render_allocation_reply, render_network_reply, render_scheme_working
from bot.messages import Attachment, Reply
from bot.rendering import render
from bot.router import Turn
from bot.text import fold
from calc.chart import write_chart
from calc.errors import AllocationError
from calc.export import csv_text, write_xlsx
from calc.formatting import format_nok
from calc.numbers import BudgetTooLargeError, parse_budget
from calc.stats import closest_name

_SPLIT_COMMAND = re.compile(r"^/?(fordel|fordeling|beregn fordeling|berekn fordeling|rekn ut fordeling|"
                            r"regn ut fordeling|fordelingen|allocate|allocation)\b")
_BUDGET_COMMAND = re.compile(r"^/?(sett |registrer |set )?(budsjett|budsjettet|budsjetta|budget)\b")
_NETWORK_QUESTION = re.compile(r"\b(hvor mye|kor mykje|kor mye|how much)\b.*\b(far|faar|fa|gets?|will)\b")
_NETWORK_AFTER_VERB = re.compile(r"\b(?:far|faar|fa|gets?)\s+(?P<name>[a-z0-9 -]+?)"
                                 r"(?:\s+(?:i|for|in|pa|av|fra|til|ifolge|etter)\b|$)")
_YEAR = re.compile(r"\b(20\d\d)\b(?!\s*(mill|mrd|kr|tusen|k\b))")
_AMOUNT = re.compile(r"(kr\.?\s*)?\d[\d\s.,]*\d?(?:[eE][+-]?\d+)?\s*(millioner|million|mill\.?|mrd|milliarder|tusen|kr\.?|,-)?",
                     re.IGNORECASE)
_SEGMENTS = re.compile(r";|,\s+|\s+og\s+|\n")
SCHEME_IDS = ("regional", "desentralisert", "kompetanseloftet")
_NAME_CUTOFF = 85


def _find_amount(text: str) -> int | None:
    """The first amount in the text; None if there is none. An amount that is read but too large raises
    ``BudgetTooLargeError`` (unless a sane amount follows), so it is answered, never silently skipped."""
    too_large: BudgetTooLargeError | None = None
    for match in _AMOUNT.finditer(_YEAR.sub(" ", text)):
        candidate = match.group(0).strip().rstrip(".,")
        if not any(ch.isdigit() for ch in candidate):
            continue
        try:
            return parse_budget(candidate)
        except BudgetTooLargeError as exc:
            too_large = too_large or exc
        except AllocationError:
            continue
    if too_large is not None:
        raise too_large
    return None


class AllocationSkill:
    name = "allocation"
    secretariat_only = False  # setting a budget checks the secretariat itself (and audits a refusal)

    def __init__(self, service: AllocationService) -> None:
        self._service = service
        scheme_ids = set(scheme_lookup(service.plan, SCHEME_IDS).values())
        self._schemes = sorted(
            ((fold(str(spelling)), str(entry["id"])) for entry in service.plan.get("schemes", [])
             if entry.get("id") in scheme_ids
             for spelling in (entry["id"], entry.get("short"), *entry.get("aliases", [])) if spelling),
            key=lambda item: -len(item[0]))
        self._scheme_labels = {str(entry["id"]): str(entry.get("short") or entry["id"])
                               for entry in service.plan.get("schemes", []) if entry.get("id") in scheme_ids}

    # -- names ------------------------------------------------------------------------------------

    def _register_spellings(self, turn: Turn, year: int) -> list[tuple[str, set[str]]]:
        return [(network.name, {fold(spelling) for spelling in (network.name, *network.aliases)} - {""})
                for network in self._service.register(turn.session, year)]

    def _network_in(self, turn: Turn, year: int) -> str | None:
        """The register's network named in the message; the longest spelling wins ("Innlandet
        fylkeskommune VGO Nord" is not "Innlandet fylkeskommune")."""
        padded = f" {turn.folded} "
        found = [(len(spelling), name) for name, spellings in self._register_spellings(turn, year)
                 for spelling in spellings if f" {spelling} " in padded]
        return max(found)[1] if found else None

    def _network_guess(self, turn: Turn, year: int) -> tuple[str, str] | None:
        """(what was asked about, the register's closest network) for a name that is not in the register."""
        match = _NETWORK_AFTER_VERB.search(turn.folded)
        if match is None or len(match.group("name").strip()) < 4:
            return None
        written = match.group("name").strip()
        choices = {spelling: name for name, spellings in self._register_spellings(turn, year)
                   for spelling in spellings}
        closest = closest_name(written, choices, cutoff=_NAME_CUTOFF, whole=True)
        if closest is None:
            return None
        return _as_written(turn.message.text, written), closest

    def _scheme_in(self, folded: str) -> str | None:
        padded = f" {folded} "
        for spelling, scheme_id in self._schemes:
            # A longer word that starts with a spelling ("desentraliserte", "regionale") names it too.
            if f" {spelling} " in padded or (len(spelling) >= 8 and f" {spelling}" in padded):
                return scheme_id
        return None

    def _scheme_guess(self, folded: str) -> str | None:
        """The scheme a misspelt word most likely means ("desentralsert" -> desentralisert ordning)."""
        choices = {spelling: self._scheme_labels[scheme_id] for spelling, scheme_id in self._schemes
                   if len(spelling) >= 6}
        for word in folded.split():
            if len(word) >= 6 and not any(ch.isdigit() for ch in word):
                guess = closest_name(word, choices, cutoff=_NAME_CUTOFF, whole=True)
                if guess is not None:
                    return guess
        return None

    def _year_in(self, turn: Turn) -> int:
        match = _YEAR.search(turn.message.text)
        if match:
            return int(match.group(1))
        if "neste ar" in turn.folded or "next year" in turn.folded:
            return turn.today.year + 1
        return turn.today.year

    # -- the skill ------------------------------------------------------------------------------

    def wants(self, turn: Turn) -> bool:
        if _SPLIT_COMMAND.match(turn.folded):
            return True
        if _BUDGET_COMMAND.match(turn.folded):
            # "budsjett desentralisert 31,45 mill for 2027" or a short "budsjett 2027?"; longer
            # questions about budgets without an amount are left to the plan answers
            return bool(re.search(r"\d", _YEAR.sub(" ", turn.message.text))) or len(turn.folded.split()) <= 4
        if not _NETWORK_QUESTION.search(turn.folded):
            return False
        year = self._year_in(turn)
        return self._network_in(turn, year) is not None or self._network_guess(turn, year) is not None

    def handle(self, turn: Turn) -> Reply:
        if _BUDGET_COMMAND.match(turn.folded):
            return self._budget(turn)
        lang = "nn" if turn.language == "nn" else "nb"
        year = self._year_in(turn)
        scheme = self._scheme_in(turn.folded)
        network = None
        if not _SPLIT_COMMAND.match(turn.folded):
            network = self._network_in(turn, year)
            if network is None:
                guess = self._network_guess(turn, year)
                if guess is not None:
                    return Reply(render("allocation/network_unknown.nb.txt.j2", written=guess[0], closest=guess[1]),
                                 intent="allocation_unknown_network")
        try:
            amount = _find_amount(turn.message.text) if network is None else None
        except BudgetTooLargeError as exc:
            return Reply(render("allocation/invalid.nb.txt.j2", reason=str(exc)), intent="allocation_invalid")
        if amount is not None and scheme is None:
            return Reply(render("allocation/which_scheme.nb.txt.j2", guess=self._scheme_guess(turn.folded)),
                         intent="allocation_ask_scheme")
        budgets = {scheme: amount} if scheme is not None and amount is not None else None
        try:
            outcome = self._service.compute_outcome(turn.session, year=year, budgets=budgets, stats_fallback=True)
            if scheme is not None and scheme not in outcome.result.schemes:
                raise MissingAllocationData(f"budsjett for {self._scheme_labels.get(scheme, scheme)}", year)
        except MissingAllocationData as missing:
            if network is not None:  # "hvor mye får Valdres i 2027?": the plan gives no amounts
                answer_lang = turn.language if turn.language in ("nb", "nn", "en") else "nb"
                return Reply(render(f"allocation/network_no_budget.{answer_lang}.txt.j2", network=network, year=year,
                                    secretariat=turn.is_secretariat), intent="outside_plan", sources=("5.8",))
            return Reply(render("allocation/missing.nb.txt.j2", what=missing.what, year=year,
                                secretariat=turn.is_secretariat), intent="allocation_missing_data")
        except AllocationError as exc:
            return Reply(render("allocation/invalid.nb.txt.j2", reason=str(exc)), intent="allocation_invalid")
        result = outcome.result
        if network is not None:
            texts = [render_network_reply(result, network, scheme_id, lang, stats_year=outcome.stats_year,
                                          example=outcome.example)
                     for scheme_id in ([scheme] if scheme else list(result.schemes))]
            shown = [text for text in texts if text]
            if not shown:
                return Reply(render("allocation/network_missing.nb.txt.j2", network=network, year=year,
                                    stats_year=outcome.stats_year), intent="allocation_missing_data")
            return Reply("\n\n".join(shown), intent="allocation_network", sources=("5.8",))
        turn.record("allocation", year=year, stats_year=outcome.stats_year, example=outcome.example,
                    budgets={key: value.budget for key, value in result.schemes.items()})
        text = render_allocation_reply(result, lang, stats_year=outcome.stats_year, example=outcome.example)
        return Reply(text, intent="allocation", sources=("5.8",), attachments=_files(outcome))

    # -- budgets in chat --------------------------------------------------------------------------

    def _budget(self, turn: Turn) -> Reply:
        year = self._year_in(turn)
        text = _BUDGET_COMMAND.sub("", turn.message.text.strip().lower(), count=1)
        pairs: list[tuple[str | None, int]] = []
        try:
            for segment in _SEGMENTS.split(text):
                amount = _find_amount(segment)
                if amount is not None:
                    pairs.append((self._scheme_in(fold(segment)), amount))
        except BudgetTooLargeError as exc:
            if not turn.is_secretariat:
                turn.record("refused:budget_set", outcome="refused", text=turn.message.text[:200])
                return Reply(render(f"chat/refused.{turn.language}.txt.j2"), intent="refused")
            return Reply(render("allocation/invalid.nb.txt.j2", reason=str(exc)), intent="allocation_invalid",
                         private=True)
        if not pairs:
            budgets = self._service.stored_budgets(turn.session, year)
            return Reply(render("allocation/budgets.nb.txt.j2", year=year, secretariat=turn.is_secretariat,
                                budgets=[(self._scheme_labels.get(scheme, scheme), format_nok(amount))
                                         for scheme, amount in sorted(budgets.items())]),
                         intent="budget_show")
        if not turn.is_secretariat:
            turn.record("refused:budget_set", outcome="refused", text=turn.message.text[:200])
            return Reply(render(f"chat/refused.{turn.language}.txt.j2"), intent="refused")
        if any(scheme is None for scheme, _ in pairs):
            return Reply(render("allocation/budget_which_scheme.nb.txt.j2", guess=self._scheme_guess(fold(text))),
                         intent="budget_ask_scheme", private=True)
        budgets = {str(scheme): amount for scheme, amount in pairs}
        if len(budgets) != len(pairs):
            return Reply(render("allocation/invalid.nb.txt.j2",
                                reason="en ordning har fått mer enn ett beløp i samme melding."),
                         intent="allocation_invalid", private=True)
        changes = []
        for scheme_id, amount in budgets.items():
            previous = self._service.set_budget(turn.session, year=year, scheme=scheme_id, amount=amount,
                                                actor=turn.message.user_id)
            changes.append({"label": self._scheme_labels.get(scheme_id, scheme_id), "amount": format_nok(amount),
                            "previous": None if previous is None or previous == amount else format_nok(previous)})
        turn.record("budget_set", year=year, budgets=budgets)
        has_stats = bool(self._service.stats_years(turn.session))
        return Reply(render("allocation/budget_set.nb.txt.j2", year=year, changes=changes, has_stats=has_stats),
                     intent="budget_set", sources=("5.8",), private=True)


def _as_written(text: str, folded_name: str) -> str:
    """The words of ``text`` that fold to ``folded_name`` (as the person wrote them), else the folded name."""
    wanted = folded_name.split()
    words = text.split()
    for start in range(len(words) - len(wanted) + 1):
        candidate = words[start:start + len(wanted)]
        if fold(" ".join(candidate)).split() == wanted:
            return " ".join(candidate).strip("?!.,:;«»\"'")
    return folded_name


def _files(outcome: AllocationOutcome) -> tuple[Attachment, ...]:
    result = outcome.result
    with tempfile.TemporaryDirectory() as directory:
        xlsx = Path(directory) / "fordeling.xlsx"
        chart = Path(directory) / "fordeling.png"
        stats = outcome.stats
        write_xlsx(result, xlsx, {scheme: render_scheme_working(result, scheme) for scheme in result.schemes},
                   stats=stats, example=outcome.example)
        write_chart(result, chart, example=outcome.example)
        return (Attachment("fordeling.csv", csv_text(result, example=outcome.example).encode("utf-8-sig"), "text/csv"),
                Attachment("fordeling.xlsx", xlsx.read_bytes(),
                           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                Attachment("fordeling.png", chart.read_bytes(), "image/png"))
