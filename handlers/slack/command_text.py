"""Slash commands as the text a person would have typed: the router answers both the same way."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from bot.text import fold

_QUESTION_WORDS = ("nar", "hva", "hvilke", "hvilken", "hvor", "kva", "kor", "kven", "when", "what", "which")
_DEADLINE_PREFIX = re.compile(r"^(?:neste\s+)?(?:fristen|frist|frister)\s*(?:for|til|pa|på)?\s*", re.IGNORECASE)


def frist_text(args: str) -> str:
    """``/frist fristen for årsrapport`` -> "når er fristen for årsrapport"."""
    args = " ".join(args.split())
    if not args:
        return "når er neste frist?"
    folded = fold(args)
    if folded.split()[0] in _QUESTION_WORDS:
        return args
    rest = _DEADLINE_PREFIX.sub("", args).strip()
    return f"når er fristen for {rest}" if rest else "når er neste frist?"


def _scheme_aliases(schemes: Iterable[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """(folded alias, the scheme's short name), longest alias first."""
    pairs: list[tuple[str, str]] = []
    for scheme in schemes:
        short = str(scheme.get("short") or scheme.get("id") or "")
        names = [scheme.get("id"), scheme.get("short"), *scheme.get("aliases", [])]
        pairs.extend((fold(str(name)), short) for name in names if name)
    return sorted(set(pairs), key=lambda pair: -len(pair[0]))


def fordeling_text(args: str, schemes: Iterable[Mapping[str, Any]]) -> str:
    """``/fordeling desentralisert 31,45 mill`` -> "fordel 31,45 mill i desentralisert ordning"."""
    words = args.split()
    if not words:
        return "fordeling"
    folded = [fold(word) for word in words]
    for alias, short in _scheme_aliases(schemes):
        span = _find_words(folded, alias.split())
        if span is None:
            continue
        start, end = span
        if start > 0 and folded[start - 1] == "i":
            start -= 1
        if end < len(folded) and folded[end] in {"ordning", "ordningen"}:
            end += 1
        budget = " ".join(words[:start] + words[end:])
        return f"fordel {budget} i {short}" if budget else f"fordeling i {short}"
    return "fordel " + " ".join(words)


def _find_words(words: list[str], wanted: list[str]) -> tuple[int, int] | None:
    for start in range(len(words) - len(wanted) + 1):
        if words[start:start + len(wanted)] == wanted:
            return start, start + len(wanted)
    return None


def purring_text(args: str) -> str:
    args = " ".join(args.split())
    return f"purring {args}".strip()


def kompetansebot_text(args: str) -> str:
    args = " ".join(args.split())
    return args or "hjelp"
