"""The canonical columns of a statistics file and the Norwegian headings accepted for each."""

from __future__ import annotations

NETWORK = "network"
VALUE_COLUMNS: tuple[str, ...] = (
    "laerer_arsverk",
    "yrkesfaglaerer_arsverk",
    "skoler",
    "elever",
    "bhg_arsverk",
    "barnehager",
    "barn",
)
COLUMNS: tuple[str, ...] = (NETWORK, *VALUE_COLUMNS)

# Columns that may legitimately be zero in every row (no upper-secondary vocational teachers).
MAY_BE_ALL_ZERO: frozenset[str] = frozenset({"yrkesfaglaerer_arsverk"})

# Headings people use, compared after ``fold_name`` (case, accents, æøå, spaces and punctuation ignored).
HEADING_ALIASES: dict[str, tuple[str, ...]] = {
    NETWORK: ("network", "nettverk", "kompetansenettverk", "regionalt kompetansenettverk", "region",
              "kompetanseregion", "regionalt nettverk", "navn", "nettverksnavn"),
    "laerer_arsverk": ("laerer_arsverk", "lærerårsverk", "årsverk lærere", "lærere årsverk", "årsverk lærer",
                       "lærerårsverk i alt", "lærerårsverk totalt", "årsverk undervisningspersonale",
                       "undervisningsårsverk", "årsverk for undervisningspersonale"),
    "yrkesfaglaerer_arsverk": ("yrkesfaglaerer_arsverk", "yrkesfaglærerårsverk", "årsverk yrkesfaglærere",
                               "yrkesfaglærere årsverk", "årsverk yrkesfaglærer", "yrkesfaglærere"),
    "skoler": ("skoler", "antall skoler", "skole", "grunnskoler og videregående skoler"),
    "elever": ("elever", "antall elever", "elevtall", "elev"),
    "bhg_arsverk": ("bhg_arsverk", "barnehageårsverk", "årsverk barnehage", "årsverk i barnehage",
                    "årsverk i barnehagen", "bhg årsverk", "barnehagepersonale årsverk",
                    "årsverk barnehagepersonale", "årsverk barnehageansatte", "barnehageansatte årsverk"),
    "barnehager": ("barnehager", "antall barnehager", "barnehage", "bhg"),
    "barn": ("barn", "barnehagebarn", "antall barn", "antall barnehagebarn", "barn i barnehage",
             "barn i barnehager"),
}

# How each column is named back to the user (Norwegian).
COLUMN_LABELS: dict[str, str] = {
    NETWORK: "nettverk",
    "laerer_arsverk": "lærerårsverk",
    "yrkesfaglaerer_arsverk": "yrkesfaglærerårsverk",
    "skoler": "skoler",
    "elever": "elever",
    "bhg_arsverk": "barnehageårsverk",
    "barnehager": "barnehager",
    "barn": "barnehagebarn",
}
