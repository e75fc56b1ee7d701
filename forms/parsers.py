"""Parsers for what people type in Norwegian (and a little English).

Every parser takes the raw text and returns a value, or raises :class:`ParseError` with a
specific message in bokmål that says what was wrong and how to write it instead. ``code`` and
``params`` let a channel word the message differently.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from forms.text import Text, clean_input, fold, fold_keep_number, group_thousands


class ParseError(ValueError):
    """An answer that cannot be read; ``message`` is meant for the person who wrote it."""

    def __init__(self, message: str, *, code: str = "invalid", **params: Any) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.params = params


def _quote(text: str, limit: int = 40) -> str:
    text = text.strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return f"«{text}»"


def format_kroner(value: int) -> str:
    return f"{group_thousands(value)} kr"


def format_decimal(value: Decimal, places: int = 1) -> str:
    """Norwegian decimal comma, trailing ``,0`` dropped: 23.08 -> ``"23,1"``, 30 -> ``"30"``."""
    quantum = Decimal(1).scaleb(-places)
    rounded = value.quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{rounded:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


# --- numbers -------------------------------------------------------------------------------------

_NUMBER_WORDS: dict[str, int] = {
    "null": 0, "ingen": 0, "zero": 0, "none": 0,
    "en": 1, "ein": 1, "ei": 1, "ett": 1, "eitt": 1, "one": 1,
    "to": 2, "two": 2, "tre": 3, "three": 3, "fire": 4, "four": 4, "fem": 5, "five": 5,
    "seks": 6, "six": 6, "sju": 7, "syv": 7, "seven": 7, "atte": 8, "eight": 8,
    "ni": 9, "nine": 9, "ti": 10, "ten": 10, "elleve": 11, "eleven": 11, "tolv": 12, "twelve": 12,
    "tretten": 13, "fjorten": 14, "femten": 15, "seksten": 16, "sytten": 17, "atten": 18,
    "nitten": 19, "tjue": 20, "tyve": 20, "twenty": 20, "tretti": 30, "tredve": 30, "forti": 40,
    "forr": 40, "femti": 50, "seksti": 60, "sytti": 70, "atti": 80, "nitti": 90, "hundre": 100,
}

_FILLER = re.compile(
    r"\b(?:ca|cirka|circa|omtrent|omlag|om lag|rundt|rundt regnet|cirka|anslagsvis|ca\.|approx|about|"
    r"around|totalt|til sammen|tilsammen|i alt|ialt|sum|samlet|inntil|opptil|maks|maksimalt|"
    r"vi trenger|vi soker om|vi soker|soker om|det er|blir|er|pa|om)\b"
)


MAX_VALUE_CHARS = 500  # a number, date, choice or address is short; longer text is refused before parsing
MAX_DIGITS = 15  # far above any real amount; keeps huge digit strings out of int()/str()
MAX_AMOUNT = 10_000_000_000  # 10 mrd kr: far above any need or budget in the plan, far below any overflow


def _check_length(text: str) -> None:
    if len(text) > MAX_VALUE_CHARS:
        raise ParseError(f"Svaret er for langt ({group_thousands(len(text))} tegn) for dette spørsmålet. Svar kort, "
                         "som i eksemplet.", code="too_long")


def _digits_value(token: str, *, decimal_allowed: bool) -> Decimal:
    """Read a digit string with Norwegian/English separators: ``1 200 000``, ``1.200.000,50``, ``1,5``."""
    token = token.strip().replace("'", " ").replace("’", " ")
    if not token:
        raise ParseError("Fant ikke noe tall.", code="no_number")
    has_dot, has_comma = "." in token, "," in token
    decimal_sep: str | None = None
    if has_dot and has_comma:
        decimal_sep = "," if token.rfind(",") > token.rfind(".") else "."
    elif has_dot or has_comma:
        sep = "." if has_dot else ","
        parts = token.split(sep)
        # "1,5" and "1.2" are decimals; "1.200" is a thousand two hundred unless a unit follows
        # ("1,500 mill"); "1.200.000" always groups thousands.
        if len(parts) == 2 and (len(parts[1].replace(" ", "")) != 3 or decimal_allowed):
            decimal_sep = sep
    whole, _, fraction = token.partition(decimal_sep) if decimal_sep else (token, "", "")
    thousands = {",": "[ .]+", ".": "[ ,]+", None: "[ .,]+"}[decimal_sep]
    groups = re.split(thousands, whole.strip())
    if len(groups) > 1 and (not groups[0] or len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:])):
        raise ParseError(f"Jeg klarte ikke å lese {_quote(token)} som ett tall.", code="bad_grouping")
    digits = "".join(groups)
    fraction = fraction.replace(" ", "")
    if len(digits) > MAX_DIGITS or len(fraction) > MAX_DIGITS:
        raise ParseError(f"{_quote(token)} er et altfor stort tall.", code="too_large")
    if not digits.isdigit() or (fraction and not fraction.isdigit()):
        raise ParseError(f"Jeg klarte ikke å lese {_quote(token)} som et tall.", code="not_a_number")
    return Decimal(f"{digits}.{fraction}" if fraction else digits)


# --- amounts -------------------------------------------------------------------------------------

_MULTIPLIERS: dict[str, int] = {
    "mill": 1_000_000, "million": 1_000_000, "millioner": 1_000_000, "millionar": 1_000_000,
    "millions": 1_000_000, "mln": 1_000_000, "mio": 1_000_000, "m": 1_000_000, "mnok": 1_000_000,
    "mkr": 1_000_000, "millionen": 1_000_000,
    "k": 1_000, "tusen": 1_000, "tusenkroner": 1_000, "t": 1_000, "tkr": 1_000, "tnok": 1_000,
    "thousand": 1_000, "'": 1_000,
    "mrd": 1_000_000_000, "milliard": 1_000_000_000, "milliarder": 1_000_000_000,
    "milliardar": 1_000_000_000, "bn": 1_000_000_000, "billion": 1_000_000_000,
}
_CURRENCY = re.compile(r"(?<![a-z])(?:kr\.?|kroner|kronar|nok|,-|\.-|=-|,–)(?![a-z])")
_AMOUNT_SHAPE = re.compile(
    r"^(?P<neg>-|minus\s+)?(?P<num>\d[\d .,'’]*|[a-z]+(?:\s+og\s+en\s+halv)?)\s*(?P<mult>[a-z]+|')?$"
)
_ZERO_WORDS = frozenset({"0", "null", "ingen", "ingenting", "nei", "no", "none", "nothing", "ikke noe",
                         "ikkje noko", "ingen ting", "ingen midler", "ingen penger", "nil", "0 kr"})
_AMOUNT_HINT = "Skriv beløpet i kroner, f.eks. «1 200 000», «1,2 mill» eller «500'»."


def _amount_text(text: str) -> str:
    raw = clean_input(text, multiline=False).lower()
    raw = raw.replace("’", "'").replace("´", "'").replace("`", "'").replace("–", "-").replace("—", "-")
    raw = re.sub(r"(?<=\d)\s*['’]\s*(?=\d{3})", " ", raw)  # 1'200'000
    return raw


def parse_amount(text: str, *, zero_words: bool = False) -> int:
    """An amount in whole kroner: ``"1,2 mill"``, ``"1 200 000 kr"``, ``"kr 500 000,-"``, ``"500'"``,
    ``"1.2m"``, ``"1,5 millioner"``, ``"300k"``, ``"en halv million"``."""
    _check_length(text)
    raw = _amount_text(text)
    if not raw:
        raise ParseError(f"Jeg fikk ikke noe beløp. {_AMOUNT_HINT}", code="empty")
    folded_all = fold(raw)
    if zero_words and (folded_all in _ZERO_WORDS or raw.strip() in ("0", "-", "0,-")):
        return 0
    if "%" in raw or "prosent" in folded_all or "percent" in folded_all:
        raise ParseError(f"Her trenger jeg et beløp i kroner, ikke prosent. {_AMOUNT_HINT}", code="percent_not_allowed")
    work = _CURRENCY.sub(" ", raw)
    work = work.replace("mill.", "mill ").replace("mrd.", "mrd ")
    work = re.sub(r"(?<=[a-zæøå])\.(?=\s|$)", " ", work)
    folded = _FILLER.sub(" ", fold_keep_number(work))
    folded = " ".join(re.sub(r"(?<!\d)[.,]|[.,](?!\d)", " ", folded).split())
    numbers = re.findall(r"\d[\d .,'’]*", folded)
    if re.search(r"\d\s*(?:-|til|to)\s*\d", folded) and len([n for n in numbers if n.strip(" .,")]) >= 2:
        raise ParseError(f"Oppgi ett beløp, ikke et intervall ({_quote(text)}).", code="range")
    folded = folded.replace("halvannen", "en og en halv").replace("halvanna", "en og en halv")
    folded = re.sub(r"^(?:ein|ei|en|ett|eitt|a|one) halv\b", "halv", folded)
    match = _AMOUNT_SHAPE.match(folded) or _single_amount_in_sentence(folded, text)
    if not match:
        raise ParseError(f"Jeg klarte ikke å lese {_quote(text)} som et beløp. {_AMOUNT_HINT}", code="not_amount")
    num, mult_word = match.group("num").strip(), match.group("mult")
    if mult_word is None and num.endswith("'"):
        num, mult_word = num[:-1].strip(), "'"
    if mult_word is not None and mult_word not in _MULTIPLIERS:
        raise ParseError(f"Jeg klarte ikke å lese {_quote(text)} som et beløp. {_AMOUNT_HINT}", code="not_amount")
    multiplier = _MULTIPLIERS[mult_word] if mult_word else 1
    if num[0].isdigit():
        value = _digits_value(num, decimal_allowed=multiplier > 1)
    elif multiplier == 1:
        raise ParseError(f"Jeg klarte ikke å lese {_quote(text)} som et beløp. {_AMOUNT_HINT}", code="not_amount")
    else:
        value = _word_number(num)
    if match.group("neg"):
        raise ParseError("Beløpet kan ikke være negativt.", code="negative")
    amount = value * multiplier
    if amount != amount.to_integral_value():
        if multiplier == 1 and value < 1000:
            suggestion = format_decimal(value, 3)
            raise ParseError(
                f"{_quote(text)} er bare {suggestion} kroner. Mente du «{suggestion} mill»? {_AMOUNT_HINT}",
                code="tiny_decimal",
            )
        if multiplier == 1:
            raise ParseError("Skriv beløpet i hele kroner (uten øre), f.eks. «1 200 000».", code="ore")
        amount = amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    if amount > MAX_AMOUNT:
        raise ParseError(f"{_quote(text)} er et urimelig stort beløp; grensen er {format_kroner(MAX_AMOUNT)} "
                         f"(10 mrd). {_AMOUNT_HINT}", code="too_large")
    return int(amount)


_AMOUNT_IN_TEXT = re.compile(
    r"(?<![\w.,'])(?P<num>\d[\d .,']*\d|\d)\s*(?P<mult>mill(?:ion(?:er|ar)?)?|mln|mio|mnok|mkr|mrd|milliard(?:er|ar)?|"
    r"tusen|tkr|tnok|k|m|t|')?(?![\w])"
)


def _single_amount_in_sentence(folded: str, text: str) -> re.Match[str] | None:
    """The one amount in a sentence ("ca 1,2 mill i året til lesing"); None when there is none;
    an error when there are several ("1,2 mill i 3 år" - which one?)."""
    found = list(_AMOUNT_IN_TEXT.finditer(folded))
    if len(found) > 1:
        listed = ", ".join(f"«{m.group(0).strip()}»" for m in found[:4])
        raise ParseError(f"Jeg fant flere tall ({listed}) i svaret. Skriv bare beløpet, f.eks. «1,2 mill».",
                         code="several")
    if not found:
        return None
    return _AMOUNT_SHAPE.match(found[0].group(0).strip())


def _word_number(words: str) -> Decimal:
    words = words.strip()
    if words == "halv":
        return Decimal("0.5")
    half = words.endswith(" og en halv")
    if half:
        words = words[: -len(" og en halv")].strip()
    if words not in _NUMBER_WORDS:
        raise ParseError(f"Jeg forstår ikke tallet {_quote(words)}. {_AMOUNT_HINT}", code="not_amount")
    return Decimal(_NUMBER_WORDS[words]) + (Decimal("0.5") if half else 0)


def parse_percent(text: str) -> Decimal:
    """``"30 %"``, ``"30 prosent"``, ``"12,5%"`` -> Decimal between 0 and 100."""
    _check_length(text)
    folded = fold_keep_number(clean_input(text, multiline=False).replace("%", " prosent "))
    found = re.findall(r"(?<![\d.,])(\d+(?:[.,]\d+)?)\s*(?:prosent|percent|pst)\b", folded)
    if len(found) > 1:
        raise ParseError(f"Jeg fant flere prosenter ({', '.join(f'«{n} %»' for n in found[:4])}). Skriv én.",
                         code="several")
    if not found or re.search(r"\d\s*(?:-|til)\s*\d", folded):
        raise ParseError("Skriv prosent som et tall, f.eks. «30 %».", code="not_percent")
    value = Decimal(found[0].replace(",", "."))
    if value > 100:
        raise ParseError(f"{format_decimal(value)} % er mer enn hele beløpet. Skriv en prosent mellom 0 og 100.",
                         code="percent_over_100")
    return value


def parse_amount_or_percent(text: str, base: int | None, *, zero_words: bool = False,
                            base_label: str = "beløpet") -> int:
    """An amount in kroner, or a percent of ``base`` (rounded to whole kroner)."""
    _check_length(text)
    cleaned = clean_input(text, multiline=False)
    if "%" in cleaned or re.search(r"\b(?:prosent|percent|pst)\b", fold(cleaned)):
        percent = parse_percent(cleaned)
        if base is None:
            raise ParseError(f"Jeg kan ikke regne ut prosent før {base_label} er oppgitt. Skriv et beløp i kroner.",
                             code="no_base")
        return int((Decimal(base) * percent / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    try:
        return parse_amount(cleaned, zero_words=zero_words)
    except ParseError as error:
        if error.code in ("not_amount", "empty"):
            raise ParseError(f"{error.message.removesuffix(_AMOUNT_HINT).strip()} "
                             "Skriv et beløp i kroner (f.eks. «200 000») eller en prosent (f.eks. «20 %»).",
                             code=error.code) from error
        raise


# --- integers and years --------------------------------------------------------------------------

_INT_FILLER = re.compile(r"\b(?:ca|cirka|circa|omtrent|om lag|rundt|about|around|approx|anslagsvis|totalt|"
                         r"til sammen|i alt|over|under|opp mot|nesten|minst|maks|inntil)\b\.?")


def parse_int(text: str) -> int:
    """A whole number: ``"3"``, ``"ca. 40"``, ``"40 ansatte"``, ``"1 200"``, ``"tre"``, ``"ingen"``."""
    _check_length(text)
    cleaned = clean_input(text, multiline=False)
    if not cleaned:
        raise ParseError("Jeg fikk ikke noe tall. Skriv et helt tall, f.eks. «12».", code="empty")
    work = " ".join(_INT_FILLER.sub(" ", fold_keep_number(cleaned)).split())
    if re.search(r"(?:^|\s)-\s*\d", work) or re.search(r"\bminus\b", work):
        raise ParseError("Tallet kan ikke være negativt.", code="negative")
    if re.search(r"\d\s*(?:-|til)\s*\d", work):
        raise ParseError(f"Skriv ett tall, ikke et intervall ({_quote(cleaned)}). Velg det beste anslaget.",
                         code="range")
    numbers = re.findall(r"\d{1,3}(?:[ .]\d{3})+(?!\d)|\d+(?:[.,]\d+)?", work)
    if not numbers:
        words = [w for w in fold(cleaned).split() if w in _NUMBER_WORDS]
        if len(words) == 1:
            return _NUMBER_WORDS[words[0]]
        if len(words) > 1:
            raise ParseError(f"Jeg fant flere tall i {_quote(cleaned)}. Skriv ett tall.", code="several")
        raise ParseError(f"Jeg fant ikke noe tall i {_quote(cleaned)}. Skriv et helt tall, f.eks. «12».",
                         code="not_a_number")
    if len(numbers) > 1:
        listed = ", ".join(f"«{n}»" for n in numbers[:4])
        raise ParseError(f"Jeg fant flere tall ({listed}). Skriv ett tall.", code="several")
    token = numbers[0]
    if re.fullmatch(r"\d+[.,](?:\d{1,2}|\d{4,})", token):
        raise ParseError(f"Skriv et helt tall, ikke {_quote(token)}.", code="not_integer")
    value = _digits_value(token, decimal_allowed=False)
    if value != value.to_integral_value():
        raise ParseError(f"Skriv et helt tall, ikke {_quote(token)}.", code="not_integer")
    return int(value)


def parse_year(text: str, today: date) -> int:
    """``"2026"``, ``"i år"``, ``"neste år"``, ``"høsten 2026"``, ``"26"``."""
    _check_length(text)
    folded = fold(clean_input(text, multiline=False))
    relative = {"i ar": 0, "iar": 0, "dette aret": 0, "this year": 0, "neste ar": 1, "til neste ar": 1,
                "next year": 1, "i fjor": -1, "ifjor": -1, "last year": -1, "aret etter": 1}
    if folded in relative:
        return today.year + relative[folded]
    years = [int(y) for y in re.findall(r"\b(\d{4}|\d{2})\b", folded)]
    if not years:
        raise ParseError("Skriv et årstall, f.eks. «2026».", code="not_year")
    school_year = len(years) == 2 and "/" in text and years[1] % 100 == (years[0] + 1) % 100
    if len(set(years)) > 1 and not school_year:
        raise ParseError(f"Jeg fant flere årstall i {_quote(text)}. Skriv ett årstall.", code="several")
    year = years[0]
    if year < 100:
        year += 2000
    if not 1990 <= year <= 2100:
        raise ParseError(f"{year} ser ikke ut som et aktuelt årstall. Skriv f.eks. «{today.year}».",
                         code="implausible_year")
    return year


@dataclass(frozen=True)
class YearRange:
    start: int
    end: int

    @property
    def years(self) -> int:
        return self.end - self.start + 1

    def to_json(self) -> dict[str, int]:
        return {"start": self.start, "end": self.end}

    @classmethod
    def from_json(cls, data: Any) -> YearRange:
        return cls(int(data["start"]), int(data["end"]))


_DURATION = re.compile(r"^(?P<n>\d{1,2}|[a-z]+)\s*(?:ar|aar|years?|yrs?|arig)?$")
_DURATION_FROM = re.compile(
    r"^(?P<n>\d{1,2}|[a-z]+)\s*(?:ar|years?)\s*(?:fra|fom|fra og med|from|starting|med start|start|i)\s*"
    r"(?:i\s+)?(?P<y>\d{4})$"
)
_FROM_DURATION = re.compile(r"^(?:fra\s+|fom\s+|fra og med\s+|start\s+|from\s+)?(?P<y>\d{4})\s*(?:pluss|og|i|over|,)?\s*"
                            r"(?P<n>\d{1,2}|[a-z]+)\s*(?:ar|years?)(?:\s*fremover|\s*framover)?$")


_PERIOD_HINT = "Skriv første og siste år, f.eks. «2026–2028», eller antall år, f.eks. «3 år»."


def _small_count(token: str) -> int:
    if token.isdigit():
        return int(token)
    if token in _NUMBER_WORDS:
        return _NUMBER_WORDS[token]
    raise ParseError(f"Jeg klarte ikke å lese {_quote(token)} som en periode. {_PERIOD_HINT}", code="not_period")


def parse_year_range(text: str, *, default_start: int) -> YearRange:
    """A period of whole years: ``"3"``, ``"3 år"`` (from ``default_start``), ``"2026-2028"``,
    ``"fra 2026 til 2028"``, ``"3 år fra 2026"``, ``"2026"`` (one year)."""
    _check_length(text)
    cleaned = clean_input(text, multiline=False)
    if not cleaned:
        raise ParseError("Skriv perioden, f.eks. «2026–2028» eller «3 år».", code="empty")
    folded = fold_keep_number(cleaned.replace("–", "-").replace("—", "-")).replace("-arig", " ar")
    folded = re.sub(r"\b(?:f\.?o\.?m\.?|fom)\b", " fra ", folded)
    folded = re.sub(r"\b(?:t\.?o\.?m\.?|tom)\b", " til ", folded)
    folded = " ".join(re.sub(r"\b(?:ca|cirka|omtrent|i perioden|perioden|periode|varighet|tiltaket|"
                             r"skal|vare|ga|gar|over|arene|aret|budsjettar|totalt|i alt)\b\.?", " ", folded)
                      .replace(",", " ").replace(".", " ").split())
    if "/" in cleaned:
        raise ParseError(f"{_quote(cleaned)} kan bety ett skoleår. Skriv første og siste år med bindestrek, "
                         "f.eks. «2026–2027», eller antall år, f.eks. «1 år».", code="school_year")
    if re.search(r"(?:^|\s)-\s*\d{1,2}\s*(?:ar)?$", folded) and not re.search(r"\d\s*-\s*\d", folded):
        raise ParseError("Antall år kan ikke være negativt.", code="negative")
    match = _DURATION.match(folded)
    if match:
        return _duration(_small_count(match.group("n")), default_start)
    for pattern in (_DURATION_FROM, _FROM_DURATION):
        match = pattern.match(folded)
        if match:
            return _duration(_small_count(match.group("n")), int(match.group("y")))
    match = re.fullmatch(r"(?:fra\s+)?(\d{4}|\d{2})\s*(?:-|til|to)\s*(\d{4}|\d{2})", folded)
    if match:
        start, end = (int(g) for g in match.groups())
        if start < 100:
            start += 2000
        if end < 100:
            end += 100 * (start // 100)
        if end < start:
            raise ParseError(f"Sluttåret ({end}) kan ikke være før startåret ({start}).", code="end_before_start")
        return YearRange(start, end)
    match = re.fullmatch(r"(?:bare|kun|only|i)?\s*(\d{4})", folded)
    if match:
        year = int(match.group(1))
        return YearRange(year, year)
    years = re.findall(r"\b\d{4}\b", folded)
    if len(years) >= 2:
        values = sorted({int(y) for y in years})
        if values == list(range(values[0], values[-1] + 1)):
            return YearRange(values[0], values[-1])
        raise ParseError("Årene må henge sammen. Skriv første og siste år, f.eks. «2026–2028».", code="gap")
    raise ParseError(f"Jeg klarte ikke å lese {_quote(cleaned)} som en periode. {_PERIOD_HINT}", code="not_period")


def _duration(years: int, start: int) -> YearRange:
    if years < 1:
        raise ParseError("Tiltaket må vare minst 1 år.", code="zero_years")
    if years > 50:
        raise ParseError(f"{years} år er ikke en gyldig varighet. Skriv antall år, f.eks. «3 år».",
                         code="implausible_duration")
    return YearRange(start, start + years - 1)


# --- dates ---------------------------------------------------------------------------------------

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (("januar", "jan", "january"), ("februar", "feb", "february"), ("mars", "mar", "march"),
     ("april", "apr"), ("mai", "may"), ("juni", "jun", "june"), ("juli", "jul", "july"),
     ("august", "aug"), ("september", "sep", "sept"), ("oktober", "okt", "oct", "october"),
     ("november", "nov"), ("desember", "des", "dec", "december")), start=1):
    for _name in _names:
        _MONTHS[_name] = _number


def parse_date(text: str, today: date, *, prefer_future: bool = True) -> date:
    """``"1. februar 2026"``, ``"01.02.2026"``, ``"1/2-26"``, ``"2026-02-01"``, ``"1. feb"``, ``"i morgen"``.

    A date without a year is the next such date from ``today`` when ``prefer_future``, else this year's.
    """
    _check_length(text)
    cleaned = clean_input(text, multiline=False)
    folded = fold_keep_number(cleaned.replace("/", "."))
    folded = " ".join(folded.replace(",", " ").split())
    relative = {"i dag": 0, "idag": 0, "today": 0, "i morgen": 1, "imorgen": 1, "i morgon": 1,
                "tomorrow": 1, "i overmorgen": 2, "i overmorgon": 2, "i gar": -1, "igar": -1, "yesterday": -1}
    if folded in relative:
        return today + timedelta(days=relative[folded])
    day = month = year = None
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", folded):
        year, month, day = (int(g) for g in match.groups())
    elif match := re.fullmatch(r"(\d{1,2})\s*[./-]\s*(\d{1,2})(?:\s*[./ -]\s*(\d{4}|\d{2}))?\.?", folded):
        day, month = int(match.group(1)), int(match.group(2))
        year = int(match.group(3)) if match.group(3) else None
    elif match := re.fullmatch(r"(?:den\s+)?(\d{1,2})\s*\.?\s*([a-z]+)\.?(?:\s+(\d{4}))?", folded):
        day, month_name = int(match.group(1)), match.group(2)
        month = _MONTHS.get(month_name)
        year = int(match.group(3)) if match.group(3) else None
    elif match := re.fullmatch(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:\s+(\d{4}))?", folded):
        month = _MONTHS.get(match.group(1))
        day = int(match.group(2))
        year = int(match.group(3)) if match.group(3) else None
    if day is None or month is None:
        raise ParseError(f"Jeg klarte ikke å lese {_quote(cleaned)} som en dato. Skriv f.eks. «1. februar 2026» "
                         "eller «01.02.2026».", code="not_date")
    if year is not None and year < 100:
        year += 2000
    try:
        result = date(year if year is not None else today.year, month, day)
    except ValueError as exc:
        raise ParseError(f"{_quote(cleaned)} finnes ikke i kalenderen. Sjekk dag og måned.", code="no_such_date") from exc
    if year is None and prefer_future and result < today:
        with suppress(ValueError):  # 29 February has no next-year twin
            result = result.replace(year=today.year + 1)
    return result


# --- yes/no and email ----------------------------------------------------------------------------

_YES_PHRASES = frozenset({
    "ja", "jo", "jepp", "japp", "jaa", "jaaa", "jada", "ja da", "javisst", "ja visst", "ja takk", "jau", "joda",
    "yes", "y", "yep", "yeah", "yup", "ok", "okay", "oki", "greit", "absolutt", "riktig", "stemmer",
    "det stemmer", "korrekt", "sant", "gjerne", "selvfolgelig", "sjolvsagt", "sikkert", "j", "true", "sure",
    "of course", "definitivt", "klart", "ja det er", "ja det", "det er det", "det gjer det", "det gjor det",
})
_NO_PHRASES = frozenset({
    "nei", "nope", "no", "n", "nei takk", "neida", "nei da", "nah", "ikke", "ikkje", "niks", "nix", "aldri",
    "false", "neppe", "nei det er det ikke", "det er det ikke", "ikke aktuelt", "ikkje aktuelt", "not really",
    "no thanks", "negativt", "nej",
})
_YES_FIRST = frozenset({"ja", "jo", "jepp", "japp", "jada", "javisst", "yes", "yep", "yeah", "jau", "joda"})
_NO_FIRST = frozenset({"nei", "nope", "no", "neida", "nah", "ikke", "ikkje", "niks", "nej"})


def parse_yes_no(text: str) -> bool:
    """``ja``/``jepp``/``jo``/``yes``/👍 -> True; ``nei``/``nope``/``no``/👎 -> False."""
    _check_length(text)
    cleaned = clean_input(text, multiline=False)
    if cleaned.startswith(("👍", "✅", "✔")):
        return True
    if cleaned.startswith(("👎", "❌")):
        return False
    folded = fold(cleaned)
    if folded in _YES_PHRASES:
        return True
    if folded in _NO_PHRASES:
        return False
    words = folded.split()
    if words:
        has_yes = any(w in _YES_FIRST for w in words)
        has_no = any(w in _NO_FIRST for w in words)
        if words[0] in _YES_FIRST and not has_no:
            return True
        if words[0] in _NO_FIRST and not (has_yes and words[0] in ("ikke", "ikkje")):
            return False
        if has_yes and has_no:
            raise ParseError("Jeg fant både ja og nei i svaret. Svar «ja» eller «nei».", code="both")
    raise ParseError("Svar «ja» eller «nei».", code="not_yes_no")


_EMAIL_LOCAL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.\-]+$")
_EMAIL_LABEL = re.compile(r"^[a-z0-9æøåäöüé](?:[a-z0-9æøåäöüé\-]*[a-z0-9æøåäöüé])?$")


def parse_email(text: str) -> str:
    """One email address; ``"Kari <kari@lom.kommune.no>"`` and ``"mailto:..."`` are accepted."""
    _check_length(text)
    cleaned = clean_input(text, multiline=False)
    if not cleaned:
        raise ParseError("Skriv en e-postadresse, f.eks. «kari.nordmann@lom.kommune.no».", code="empty")
    candidate = cleaned
    if match := re.search(r"<([^<>]*)>", cleaned):
        candidate = match.group(1)
    candidate = re.sub(r"^(?:mailto:|e-?post:|email:)\s*", "", candidate.strip(), flags=re.I)
    candidate = candidate.strip().strip(".,;:()[]\"'«»")
    found = re.findall(r"\S+@\S+", cleaned)
    if len(found) > 1:
        raise ParseError("Skriv bare én e-postadresse.", code="several")
    if "@" not in candidate:
        raise ParseError(f"{_quote(candidate)} mangler @. Skriv hele adressen, f.eks. «kari.nordmann@lom.kommune.no».",
                         code="no_at")
    if " " in candidate:
        raise ParseError("E-postadressen kan ikke inneholde mellomrom.", code="space")
    if candidate.count("@") > 1:
        raise ParseError(f"{_quote(candidate)} har mer enn én @.", code="several_at")
    local, domain = candidate.split("@")
    domain = domain.lower().rstrip(".")
    if not local:
        raise ParseError("Det mangler et navn foran @.", code="no_local")
    if not _EMAIL_LOCAL.match(local) or local.startswith(".") or local.endswith(".") or ".." in local:
        raise ParseError(f"{_quote(local)} foran @ inneholder tegn som ikke kan stå i en e-postadresse.",
                         code="bad_local")
    if not domain:
        raise ParseError("Det mangler et domene etter @, f.eks. «@lom.kommune.no».", code="no_domain")
    labels = domain.split(".")
    if len(labels) < 2:
        raise ParseError(f"Domenet {_quote(domain)} mangler en endelse, f.eks. «.no».", code="no_tld")
    if not all(_EMAIL_LABEL.match(label) for label in labels) or not re.fullmatch(r"[a-z]{2,24}", labels[-1]):
        raise ParseError(f"{_quote(domain)} er ikke et gyldig domene.", code="bad_domain")
    if len(candidate) > 254:
        raise ParseError("E-postadressen er for lang.", code="too_long")
    return f"{local}@{domain}"


# --- choices -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Choice:
    """One option: a stable ``id`` (stored), a label to show, and other names people use."""

    id: str
    label: Text
    aliases: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        return (self.id, *self.label.variants(), *self.aliases)


@lru_cache(maxsize=64)
def _folded_names(options: tuple[Choice, ...]) -> list[tuple[str, Choice]]:
    return [(folded, option) for option in options for name in option.names() if (folded := fold(name))]


FUZZY_ACCEPT = 82.0
FUZZY_SUGGEST = 65.0


def _listing(options: Sequence[Choice], lang: str = "nb") -> str:
    return "; ".join(f"{number}) {option.label.get(lang)}" for number, option in enumerate(options, start=1))


def parse_choice(text: str, options: Sequence[Choice], *, strict: bool = False) -> str:
    """The id of one option, chosen by number (``"2"``), name, alias, unique prefix (``"desentral"``),
    a name inside a sentence (``"vi er i Valdres"``), or close spelling (``"valdris"``).

    ``strict`` stops after number, exact name and unique prefix (no sentence search, no fuzzy)."""
    _check_length(text)
    if not options:
        raise ParseError("Det finnes ingen valg her.", code="no_options")
    cleaned = clean_input(text, multiline=False)
    folded = fold(cleaned)
    if not folded:
        raise ParseError("Svar med nummeret eller navnet på ett av valgene.", code="empty", options=_listing(options))
    number = re.fullmatch(r"(?:nr|nummer|alternativ|valg)?\s*(\d{1,3})", folded)
    if number:
        index = int(number.group(1))
        if 1 <= index <= len(options):
            return options[index - 1].id
        raise ParseError(f"Det er ikke noe valg nummer {index}. Velg et tall fra 1 til {len(options)}.",
                         code="bad_number")
    names = _folded_names(tuple(options))
    exact = {option.id for name, option in names if name == folded}
    if len(exact) == 1:
        return exact.pop()
    if len(folded) >= 3:
        prefixed = {option.id for name, option in names if name.startswith(folded)}
        prefixed |= {option.id for name, option in names for word in name.split() if word.startswith(folded)
                     and len(folded) >= 5}
        if len(prefixed) == 1:
            return prefixed.pop()
        if len(prefixed) > 1 and len(exact) != 1:
            labels = [option.label.nb for option in options if option.id in prefixed]
            raise ParseError(f"{_quote(cleaned)} passer med flere valg: {', '.join(labels)}. Skriv hele navnet "
                             "eller nummeret.", code="ambiguous", candidates=sorted(prefixed))
    if strict:
        raise ParseError(f"Jeg fant ikke {_quote(cleaned)} blant valgene.", code="no_match")
    padded = f" {folded} "
    contained = {option.id for name, option in names if len(name) >= 3 and f" {name} " in padded}
    if len(contained) == 1:
        return contained.pop()
    if len(contained) > 1:
        labels = [option.label.nb for option in options if option.id in contained]
        raise ParseError(f"Svaret passer med flere valg: {', '.join(labels)}. Velg ett av dem.", code="ambiguous",
                         candidates=sorted(contained))
    best: dict[str, float] = {option.id: 0.0 for option in options}
    for name, option in names:
        score = max(fuzz.ratio(folded, name), fuzz.ratio(folded.replace(" ", ""), name.replace(" ", "")))
        if len(folded) >= 6 and len(name) > len(folded) + 3:
            # a misspelt part of a long name ("kompetanselft"); short inputs match anything partially
            score = max(score, fuzz.partial_ratio(folded, name) - 10)
        if score > best.get(option.id, 0.0):
            best[option.id] = score
    ranked = sorted(best.items(), key=lambda item: item[1], reverse=True)
    by_id = {option.id: option for option in options}
    top_id, top_score = ranked[0]
    second_score = ranked[1][1] if len(ranked) > 1 else 0.0
    if top_score >= FUZZY_ACCEPT and top_score - second_score >= 4:
        return top_id
    if top_score >= FUZZY_SUGGEST:
        close = [by_id[i].label.nb for i, score in ranked if score >= max(FUZZY_SUGGEST, top_score - 4)][:3]
        return_text = " eller ".join(f"«{label}»" for label in close)
        raise ParseError(f"Mente du {return_text}? Skriv navnet eller nummeret.", code="did_you_mean",
                         candidates=[i for i, score in ranked if score >= max(FUZZY_SUGGEST, top_score - 4)][:3])
    raise ParseError(f"Jeg fant ikke {_quote(cleaned)} blant valgene. Svar med nummeret eller navnet på ett av dem.",
                     code="no_match", options=_listing(options))


_NONE_WORDS = frozenset({"ingen", "ingen av dem", "ingen av disse", "ingenting", "nei", "none", "no", "ikke aktuelt",
                         "ikkje aktuelt", "ingen av desse", "ingen tiltak", "0"})
_ALL_WORDS = frozenset({"alle", "alle fire", "all", "alle sammen", "alt", "all of them"})


def parse_choices(text: str, options: Sequence[Choice]) -> list[str]:
    """Several options: ``"1 og 3"``, ``"1, 3"``, ``"fagbrev og grunnkompetanse"``, ``"alle"``, ``"ingen"`` (empty)."""
    _check_length(text)
    cleaned = clean_input(text, multiline=False)
    folded = fold(cleaned)
    if folded in _NONE_WORDS:
        return []
    if folded in _ALL_WORDS:
        return [option.id for option in options]
    try:
        return [parse_choice(cleaned, options, strict=True)]
    except ParseError as strict_error:
        if strict_error.code in ("bad_number", "empty", "no_options"):
            raise
    parts = [part for part in re.split(r"\s*(?:,|;|&|/|\bog\b|\bsamt\b|\band\b)\s*", cleaned, flags=re.I)
             if part.strip()]
    if len(parts) <= 1 and re.fullmatch(r"[\d\s.]+", cleaned):
        parts = cleaned.replace(".", " ").split()
    if len(parts) <= 1:
        return [parse_choice(cleaned, options)]
    chosen: list[str] = []
    for part in parts:
        choice_id = parse_choice(part, options)
        if choice_id not in chosen:
            chosen.append(choice_id)
    return chosen


# --- free text -----------------------------------------------------------------------------------

def parse_text(text: str, *, min_length: int = 1, max_length: int = 4000, multiline: bool = False) -> str:
    """Free text, cleaned; must hold a letter or digit and fit the length limits."""
    cleaned = clean_input(text, multiline=multiline)
    if not cleaned:
        raise ParseError("Jeg fikk ikke noe svar. Skriv svaret ditt som tekst.", code="empty")
    if not any(char.isalnum() for char in cleaned):
        raise ParseError("Svaret må inneholde bokstaver eller tall.", code="no_letters")
    if len(cleaned) < min_length:
        raise ParseError(f"Svaret er for kort ({len(cleaned)} tegn). Skriv minst {min_length} tegn.",
                         code="too_short", min_length=min_length)
    if len(cleaned) > max_length:
        raise ParseError(f"Svaret er for langt ({group_thousands(len(cleaned))} tegn). Kort det ned til høyst "
                         f"{group_thousands(max_length)} tegn.", code="too_long", max_length=max_length)
    return cleaned
