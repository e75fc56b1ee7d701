"""Exact parsing of numbers and kroner amounts as people and spreadsheets write them in Norway.

Everything returns ``Fraction`` or ``int``; nothing goes through ``float``.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from calc.errors import BudgetError

# Spaces used as thousands separators: ordinary, no-break, narrow no-break, thin, figure space.
_SPACES = re.compile(r"[ \u00a0\u202f\u2009\u2007]+")
_MINUS = ("-", "\u2212", "\u2013")
_PLAIN = re.compile(r"\d+")
_ONE_SEPARATOR = re.compile(r"(\d*)[.,](\d+)")
_SCIENTIFIC = re.compile(r"\d+(?:\.\d+)?[eE][+-]?\d+")
# (thousands separator, decimal separators allowed with it)
_GROUPINGS = ((" ", ".,"), (".", ","), (",", "."), ("'", ".,"))


MAX_NUMBER_CHARS = 40
"""Longest number text read (digits, separators and sign): keeps huge digit strings out of ``int()``."""
MAX_EXPONENT = 20
"""Largest power of ten in scientific notation (``1,2E+7`` from Excel); ``1e999999`` is not a number here."""
MAX_BUDGET = 10_000_000_000
"""The largest budget per scheme, in kroner (10 mrd): far above any scheme in the plan (tens of millions),
far below anything that overflows a chart, a spreadsheet cell or a database column."""


class NumberFormatError(ValueError):
    """The text is not a number."""


class BudgetTooLargeError(BudgetError):
    """A budget above ``MAX_BUDGET``."""


def format_kroner_plain(amount: int) -> str:
    return f"{amount:,}".replace(",", " ") + " kr"


def check_budget(amount: int, text: str | None = None) -> int:
    """``amount`` if it is a sane budget (0 to ``MAX_BUDGET`` kroner); else ``BudgetError`` (Norwegian)."""
    shown = f"«{text}»" if text is not None else format_kroner_plain(amount)
    if amount < 0:
        raise BudgetError(f"Budsjettet kan ikke være negativt ({shown}).")
    if amount > MAX_BUDGET:
        raise BudgetTooLargeError(f"Beløpet {shown} er for stort: grensen er {format_kroner_plain(MAX_BUDGET)} "
                                  "(10 mrd) per ordning.")
    return amount


def _grouped(text: str) -> Fraction | None:
    for thousands, decimals in _GROUPINGS:
        pattern = rf"(\d{{1,3}}(?:{re.escape(thousands)}\d{{3}})+)(?:[{re.escape(decimals)}](\d+))?"
        match = re.fullmatch(pattern, text)
        if match:
            whole = match.group(1).replace(thousands, "")
            return _decimal(whole, match.group(2) or "")
    return None


def _decimal(whole: str, fraction: str) -> Fraction:
    return Fraction(int(whole or "0") * 10 ** len(fraction) + int(fraction or "0"), 10 ** len(fraction))


def parse_number(text: str) -> Fraction:
    """Read ``"1 234,5"``, ``"1.234,5"``, ``"1,234.5"``, ``"12,5"``, ``"12.5"``, ``"−3"`` exactly.

    One separator alone is a decimal separator (``"1,234"`` is 1.234); several of the same kind,
    or a space, separate thousands. Raises ``NumberFormatError``.
    """
    cleaned = unicodedata.normalize("NFC", text).strip()
    if len(cleaned) > MAX_NUMBER_CHARS:
        raise NumberFormatError(f"«{cleaned[:MAX_NUMBER_CHARS]}…» er for langt til å være et tall "
                                f"(grensen er {MAX_NUMBER_CHARS} tegn)")
    sign = 1
    if cleaned[:1] in _MINUS:
        sign, cleaned = -1, cleaned[1:].lstrip()
    elif cleaned[:1] == "+":
        cleaned = cleaned[1:].lstrip()
    cleaned = _SPACES.sub(" ", cleaned)
    value: Fraction | None = None
    if _PLAIN.fullmatch(cleaned):
        value = Fraction(int(cleaned))
    elif (match := _ONE_SEPARATOR.fullmatch(cleaned)) is not None:
        value = _decimal(match.group(1), match.group(2))
    elif _SCIENTIFIC.fullmatch(cleaned):
        if abs(int(re.split("[eE]", cleaned)[1])) > MAX_EXPONENT:
            raise NumberFormatError(f"«{text}» er et for stort eller for lite tall")
        try:
            value = Fraction(Decimal(cleaned))
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid literals
            value = None
    else:
        value = _grouped(cleaned)
    if value is None:
        raise NumberFormatError(f"«{text}» er ikke et tall")
    return sign * value


_UNITS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"(?:mrd\.?|milliard(?:er)?|bn)$"), 10**9),
    (re.compile(r"(?:mill\.?|mil\.?|million(?:er)?|mnok|mkr|m)$"), 10**6),
    (re.compile(r"(?:tusen|knok|k)$"), 10**3),
)
_CURRENCY_PREFIX = re.compile(r"^(?:kr\.?|nok)\s*")
_CURRENCY_SUFFIX = re.compile(r"(?<!\s)\s*(?:kr\.?|nok|kroner|,-|\.-|,\u2013|,\u2014)$")

BUDGET_EXAMPLES = "31450000, 31 450 000, 31,45 mill, 1,2 mrd eller kr 31 450 000,-"


def parse_budget(text: str) -> int:
    """A budget in whole kroner: ``"31450000"``, ``"31 450 000"``, ``"31,45 mill"``, ``"kr 31 450 000,-"``,
    ``"1,2 mrd"``, ``"450 tusen"``. Raises ``BudgetError`` (Norwegian message)."""
    cleaned = unicodedata.normalize("NFC", text).strip().lower()
    previous = None
    while previous != cleaned:
        previous = cleaned
        cleaned = _CURRENCY_PREFIX.sub("", cleaned)
        cleaned = _CURRENCY_SUFFIX.sub("", cleaned).strip()
    multiplier = 1
    for pattern, factor in _UNITS:
        match = pattern.search(cleaned)
        if match and (match.start() == 0 or not cleaned[match.start() - 1].isalpha()):
            multiplier, cleaned = factor, cleaned[: match.start()].strip()
            cleaned = _CURRENCY_SUFFIX.sub("", cleaned).strip()
            break
    if not cleaned:
        raise BudgetError(f"Forstår ikke beløpet «{_shown(text)}». Skriv for eksempel {BUDGET_EXAMPLES}.")
    digits = sum(1 for char in cleaned if char.isdigit())
    if digits > MAX_NUMBER_CHARS // 2 and cleaned.lstrip("+ 0")[:1].isdigit():  # 21+ digits: no budget is that big
        raise BudgetTooLargeError(f"Beløpet «{_shown(text)}» er for stort: grensen er "
                                  f"{format_kroner_plain(MAX_BUDGET)} (10 mrd) per ordning.")
    if _SCIENTIFIC.fullmatch(cleaned) and int(re.split("[eE]", cleaned)[1]) > MAX_EXPONENT:
        raise BudgetTooLargeError(f"Beløpet «{_shown(text)}» er for stort: grensen er "
                                  f"{format_kroner_plain(MAX_BUDGET)} (10 mrd) per ordning.")
    try:
        amount = parse_number(cleaned) * multiplier
    except NumberFormatError:
        raise BudgetError(f"Forstår ikke beløpet «{_shown(text)}». Skriv for eksempel {BUDGET_EXAMPLES}.") from None
    if amount < 0:
        raise BudgetError(f"Budsjettet kan ikke være negativt («{_shown(text)}»).")
    if amount > MAX_BUDGET:
        check_budget(int(amount), _shown(text))
    if amount.denominator != 1:
        shown = str(Decimal(amount.numerator) / Decimal(amount.denominator)).replace(".", ",")
        raise BudgetError(f"Budsjettet må være i hele kroner («{_shown(text)}» gir {shown} kr).")
    return int(amount)


def _shown(text: str, limit: int = 60) -> str:
    """The user's text in a message, shortened (a pasted novel is not repeated back)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


_NOT_NAME = re.compile(r"[^a-z0-9]+")


def fold_name(text: str) -> str:
    """Compare names and headings case-, accent- and æøå-insensitively: ``"Sør-Østerdal"``,
    ``"sor osterdal"`` and ``"Soer-Oesterdal"`` all give ``"sorosterdal"``."""
    if text.isascii():  # the same result without the Unicode steps (they change no ASCII text)
        stripped = _NOT_NAME.sub("", text.lower())
        return stripped.replace("ae", "a").replace("oe", "o").replace("aa", "a")
    lowered = unicodedata.normalize("NFKC", text).casefold()
    lowered = lowered.replace("æ", "a").replace("ø", "o").replace("å", "a")
    stripped = "".join(ch for ch in unicodedata.normalize("NFKD", lowered) if not unicodedata.combining(ch))
    stripped = _NOT_NAME.sub("", stripped)
    return stripped.replace("ae", "a").replace("oe", "o").replace("aa", "a")
