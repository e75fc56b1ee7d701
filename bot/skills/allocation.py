"""Allocation in chat: "fordel 31,45 mill i desentralisert ordning" and "hvor mye får Valdres i år?"."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from bot.allocation_service import AllocationService, MissingAllocationData, scheme_lookup
from bot.allocation_text import render_allocation_reply, render_network_reply, render_scheme_working
from bot.messages import Attachment, Reply
from bot.rendering import render
from bot.router import Turn
from bot.text import fold
from calc.chart import write_chart
from calc.errors import AllocationError
from calc.export import csv_text, write_xlsx
from calc.model import AllocationResult
from calc.numbers import parse_budget

_SPLIT_COMMAND = re.compile(r"^/?(fordel|fordeling|beregn fordeling|berekn fordeling|rekn ut fordeling|"
                            r"regn ut fordeling|fordelingen|allocate|allocation)\b")
_NETWORK_QUESTION = re.compile(r"\b(hvor mye|kor mykje|kor mye|how much)\b.*\b(far|faar|fa|gets?|will)\b")
_YEAR = re.compile(r"\b(20\d\d)\b(?!\s*(mill|mrd|kr|tusen|k\b))")
_AMOUNT = re.compile(r"(kr\.?\s*)?\d[\d\s.,]*\d?\s*(millioner|million|mill\.?|mrd|milliarder|tusen|kr\.?|,-)?",
                     re.IGNORECASE)


def _find_amount(text: str) -> int | None:
    for match in _AMOUNT.finditer(_YEAR.sub(" ", text)):
        candidate = match.group(0).strip().rstrip(".,")
        if not any(ch.isdigit() for ch in candidate):
            continue
        try:
            return parse_budget(candidate)
        except AllocationError:
            continue
    return None


class AllocationSkill:
    name = "allocation"
    secretariat_only = False

    def __init__(self, service: AllocationService) -> None:
        self._service = service
        scheme_ids = set(scheme_lookup(service.plan, ("regional", "desentralisert", "kompetanseloftet")).values())
        self._schemes = sorted(
            ((fold(str(spelling)), str(entry["id"])) for entry in service.plan.get("schemes", [])
             if entry.get("id") in scheme_ids
             for spelling in (entry["id"], entry.get("short"), *entry.get("aliases", [])) if spelling),
            key=lambda item: -len(item[0]))
        self._networks = [(network.name, {fold(spelling) for spelling in (network.name, *network.aliases)} - {""})
                          for network in service.networks]

    def _network_in(self, folded: str) -> str | None:
        padded = f" {folded} "
        for name, spellings in self._networks:
            if any(f" {spelling} " in padded for spelling in spellings):
                return name
        return None

    def _scheme_in(self, folded: str) -> str | None:
        padded = f" {folded} "
        for spelling, scheme_id in self._schemes:
            # A longer word that starts with a spelling ("desentraliserte", "regionale") names it too.
            if f" {spelling} " in padded or (len(spelling) >= 8 and f" {spelling}" in padded):
                return scheme_id
        return None

    def _year_in(self, turn: Turn) -> int:
        match = _YEAR.search(turn.message.text)
        if match:
            return int(match.group(1))
        if "neste ar" in turn.folded or "next year" in turn.folded:
            return turn.today.year + 1
        return turn.today.year

    def wants(self, turn: Turn) -> bool:
        if _SPLIT_COMMAND.match(turn.folded):
            return True
        return bool(_NETWORK_QUESTION.search(turn.folded)) and self._network_in(turn.folded) is not None

    def handle(self, turn: Turn) -> Reply:
        lang = "nn" if turn.language == "nn" else "nb"
        year = self._year_in(turn)
        scheme = self._scheme_in(turn.folded)
        network = None if _SPLIT_COMMAND.match(turn.folded) else self._network_in(turn.folded)
        amount = _find_amount(turn.message.text) if network is None else None
        if amount is not None and scheme is None:
            return Reply(render("allocation/which_scheme.nb.txt.j2"), intent="allocation_ask_scheme")
        budgets = {scheme: amount} if scheme is not None and amount is not None else None
        try:
            result = self._service.compute(turn.session, year=year, budgets=budgets)
            if scheme is not None and scheme not in result.schemes:
                raise MissingAllocationData(f"budsjett for {scheme}", year)
        except MissingAllocationData as missing:
            return Reply(render("allocation/missing.nb.txt.j2", what=missing.what, year=year,
                                secretariat=turn.is_secretariat), intent="allocation_missing_data")
        except AllocationError as exc:
            return Reply(render("allocation/invalid.nb.txt.j2", reason=str(exc)), intent="allocation_invalid")
        if network is not None:
            texts = [render_network_reply(result, network, scheme_id, lang)
                     for scheme_id in ([scheme] if scheme else list(result.schemes))]
            shown = [text for text in texts if text]
            if not shown:
                return Reply(render("allocation/network_missing.nb.txt.j2", network=network, year=year),
                             intent="allocation_missing_data")
            return Reply("\n\n".join(shown), intent="allocation_network", sources=("5.8",))
        turn.record("allocation", year=year, budgets={key: value.budget for key, value in result.schemes.items()})
        text = render_allocation_reply(result, lang)
        return Reply(text, intent="allocation", sources=("5.8",), attachments=_files(result))


def _files(result: AllocationResult) -> tuple[Attachment, ...]:
    with tempfile.TemporaryDirectory() as directory:
        xlsx = Path(directory) / "fordeling.xlsx"
        chart = Path(directory) / "fordeling.png"
        write_xlsx(result, xlsx, {scheme: render_scheme_working(result, scheme) for scheme in result.schemes})
        write_chart(result, chart)
        return (Attachment("fordeling.csv", csv_text(result).encode("utf-8-sig"), "text/csv"),
                Attachment("fordeling.xlsx", xlsx.read_bytes(),
                           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                Attachment("fordeling.png", chart.read_bytes(), "image/png"))
