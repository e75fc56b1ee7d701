"""Helpers for writing the QA evaluation set (dates computed, never hand-typed)."""
from __future__ import annotations

import datetime as dt
import json

MONTHS_NO = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
             "september", "oktober", "november", "desember"]
WEEKDAYS_NB = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]
WEEKDAYS_NN = ["måndag", "tysdag", "onsdag", "torsdag", "fredag", "laurdag", "sundag"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]

MEETING_WEEKS = (3, 10, 25, 38, 46)
# (month, day, key) of the deadlines in the annual wheel (section 10)
DEADLINES = [(1, 15, "report"), (2, 1, "needs"), (3, 15, "innstilling"), (4, 15, "payment")]


def d(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


def fmt(lang: str, x: dt.date, weekday: bool | None = None) -> str:
    """Expected date string. nb: with weekday; nn: date part only; en: '15 January 2027'."""
    if lang == "en":
        return f"{x.day} {MONTHS_EN[x.month - 1]} {x.year}"
    core = f"{x.day}. {MONTHS_NO[x.month - 1]} {x.year}"
    if weekday is None:
        weekday = lang == "nb"
    if weekday:
        wd = WEEKDAYS_NB if lang == "nb" else WEEKDAYS_NN
        return f"{wd[x.weekday()]} {core}"
    return core


def next_occ(month: int, day: int, today: str) -> dt.date:
    t = d(today)
    x = dt.date(t.year, month, day)
    return x if x >= t else dt.date(t.year + 1, month, day)


def meetings(year: int) -> list[dt.date]:
    return [dt.date.fromisocalendar(year, w, 4) for w in MEETING_WEEKS]


def next_meeting(today: str) -> dt.date:
    t = d(today)
    return min(m for y in (t.year, t.year + 1) for m in meetings(y) if m >= t)


def next_deadlines(today: str, n: int = 2) -> list[tuple[dt.date, str]]:
    t = d(today)
    alls = sorted((dt.date(y, m, dd), k) for y in (t.year, t.year + 1) for m, dd, k in DEADLINES)
    return [(x, k) for x, k in alls if x >= t][:n]


class Builder:
    def __init__(self) -> None:
        self.rows: list[dict] = []
        self.counters: dict[str, int] = {}

    def q(self, lang: str, category: str, question: str, today: str, expect: list,
          sources: list[str] | None = None, expect_not: list[str] | None = None,
          outside: bool = False) -> None:
        self.counters[lang] = self.counters.get(lang, 0) + 1
        row = {
            "id": f"{lang}-{self.counters[lang]:03d}",
            "question": question,
            "today": today,
            "lang": lang,
            "category": category,
            "expect": [[a] if isinstance(a, str) else list(a) for a in expect],
            "expect_not": list(expect_not or []),
            "sources_any": [] if outside else list(sources or []),
            "outside_plan": outside,
        }
        self.rows.append(row)

    def dump(self, path: str) -> None:
        with open(path, "w", encoding="utf-8") as f:
            for r in self.rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
