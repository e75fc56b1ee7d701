"""CSV decoding: strict UTF-8 first, a consistent legacy encoding detected, mixed files refused by row."""

from __future__ import annotations

import pytest

from calc.errors import StatsImportError
from calc.stats import KnownNetwork, read_stats
from calc.tablefile import TableFileError, TableLimits, read_table_rows
from calc.textfile import TextDecodeError, decode_text, detect_encoding

NAME = "Kåre Ødegård"
LINES = ["navn;nettverk", f"{NAME};Valdres", "Åse Bø;Hadeland", "Ærlige Øyvind;Sør-Østerdal"]


def test_utf8_with_and_without_bom_and_utf16_with_bom() -> None:
    text = "\r\n".join(LINES)
    assert decode_text(text.encode("utf-8")) == text
    assert decode_text(text.encode("utf-8-sig")) == text
    assert decode_text(text.encode("utf-16")) == text
    assert detect_encoding(text.encode("utf-16-be").join([b"\xfe\xff", b""])) == "utf-16"


def test_a_consistent_windows_1252_file_is_read_right() -> None:
    text = "\r\n".join([*LINES, "Tiltak – «lesing» 2 000 €"])
    assert detect_encoding(text.encode("cp1252")) == "cp1252"
    assert decode_text(text.encode("cp1252")) == text


def test_a_consistent_mac_roman_file_is_read_right() -> None:
    text = "\r\n".join(LINES)
    assert decode_text(text.encode("mac_roman")) == text


def test_utf8_with_one_latin1_row_is_refused_naming_the_row() -> None:
    data = "\n".join(LINES[:2]).encode("utf-8") + b"\n" + LINES[2].encode("latin-1") + b"\n" \
        + LINES[3].encode("utf-8") + b"\n"
    with pytest.raises(TextDecodeError) as caught:
        decode_text(data)
    assert caught.value.rows == (3,)
    assert "rad 3 " in str(caught.value) and "UTF-8" in str(caught.value)


def test_one_row_mixing_utf8_and_latin1_is_refused_not_read_as_cp1252() -> None:
    data = b"navn;nettverk\nK" + "å".encode() + b"re " + "Ø".encode("latin-1") + b"deg" + "å".encode() + b"rd;Valdres\n"
    with pytest.raises(TextDecodeError) as caught:
        decode_text(data)
    assert caught.value.rows == (2,)


def test_bom_utf8_with_a_latin1_row_is_refused() -> None:
    data = "\ufeffnavn\n".encode() + NAME.encode("latin-1") + b"\n"
    with pytest.raises(TextDecodeError, match="rad 2"):
        decode_text(data)


def test_utf16_without_bom_and_binary_junk_are_refused() -> None:
    with pytest.raises(TextDecodeError, match="nulltegn"):
        decode_text("navn;nettverk\n".encode("utf-16-le"))
    with pytest.raises(TextDecodeError):
        decode_text(b"navn\n\x81\x02\x03\xe5\n")


def test_many_broken_rows_are_named_up_to_a_limit() -> None:
    data = "navn\nå\n".encode() + b"".join(b"\xe5\n" for _ in range(30))
    with pytest.raises(TextDecodeError) as caught:
        decode_text(data)
    assert len(caught.value.rows) == 30
    assert "og 20 til" in str(caught.value)


def test_the_table_reader_reports_decoding_as_a_table_error() -> None:
    data = "a;b\nå;1\n".encode() + b"\xe5;2\n"
    with pytest.raises(TableFileError, match="rad 3"):
        read_table_rows(data, TableLimits(max_rows=10), lambda _text: ";")


def test_stats_import_refuses_a_mixed_file_and_reads_a_cp1252_one(networks: list[KnownNetwork]) -> None:
    heading = "nettverk;lærerårsverk;yrkesfaglærerårsverk;skoler;elever;barnehageårsverk;barnehager;barn"
    rows = [heading, "Valdres;100;10;10;1000;50;10;400", "Sør-Østerdal;120;12;11;1100;60;12;500"]
    mixed = "\n".join(rows[:2]).encode() + b"\n" + rows[2].encode("latin-1") + b"\n"
    with pytest.raises(StatsImportError) as caught:
        read_stats(mixed, known_networks=networks)
    assert "rad 3" in str(caught.value) and "UTF-8" in str(caught.value)
    table = read_stats("\n".join(rows).encode("cp1252"), known_networks=networks)
    assert [row.written_as for row in table.rows] == ["Valdres", "Sør-Østerdal"]
