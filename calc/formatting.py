"""Norwegian number formatting for tables, texts and files ("1 234 567 kr", "12,34 %")."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction


def _grouped(integer: int) -> str:
    return f"{integer:,}".replace(",", " ")


def format_decimal(value: Fraction | int, places: int = 2, fixed: bool = False) -> str:
    """``Fraction(12345, 10)`` -> ``"1 234,5"``: thousands by space, decimal comma, rounded half-even to
    ``places``; trailing zeros dropped unless ``fixed``."""
    number = Fraction(value)
    quantum = Decimal(1).scaleb(-places)
    exact = (Decimal(number.numerator) / Decimal(number.denominator)).quantize(quantum, rounding=ROUND_HALF_EVEN)
    sign = "-" if exact < 0 else ""
    whole, _, fraction = f"{abs(exact):f}".partition(".")
    if not fixed:
        fraction = fraction.rstrip("0")
    text = _grouped(int(whole)) + ("," + fraction if fraction else "")
    return sign + text


def format_nok(amount: int) -> str:
    """``1234567`` -> ``"1 234 567 kr"``."""
    return f"{'-' if amount < 0 else ''}{_grouped(abs(amount))} kr"


def format_percent(share: Fraction, places: int = 2, fixed: bool = False) -> str:
    """A share of 1 as percent: ``Fraction(1, 8)`` -> ``"12,5 %"`` (``"12,50 %"`` if ``fixed``)."""
    return f"{format_decimal(share * 100, places, fixed)} %"


def format_table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[bool]) -> list[str]:
    """A plain monospace table (for chat code blocks): padded columns, a rule under the headings."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=False)]

    def line(cells: Sequence[str]) -> str:
        parts = [cell.rjust(width) if align else cell.ljust(width)
                 for cell, width, align in zip(cells, widths, right, strict=True)]
        return "  ".join(parts).rstrip()

    return [line(headers), "  ".join("-" * width for width in widths), *(line(row) for row in rows)]
