"""The words of a form, one catalogue per language: ``templates/forms/<form id>.<lang>.toml``.

``form_texts("needs_report")("fields.title.question")`` -> ``Text(nb, nn, en)``. Bokmål is
required; a key missing in nynorsk or English falls back to bokmål (``Text.get``). Read once per
process; the files ship with the ``templates`` package (data, not code: forms/ stays pure).
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from functools import cache
from importlib.resources import files
from typing import Any

from forms.text import LANGUAGES, Text


@cache
def _catalogue(form_id: str, lang: str) -> Mapping[str, Any]:
    resource = files("templates").joinpath("forms", f"{form_id}.{lang}.toml")
    if not resource.is_file():
        return {}
    return tomllib.loads(resource.read_text(encoding="utf-8"))


def _lookup(data: Mapping[str, Any], key: str) -> str | None:
    node: Any = data
    for part in key.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node if isinstance(node, str) else None


def form_texts(form_id: str) -> Callable[[str], Text]:
    """A lookup of the form's texts by key ("fields.<id>.label", "choices.<id>.label", "form.title")."""
    def text(key: str) -> Text:
        nb, nn, en = (_lookup(_catalogue(form_id, lang), key) for lang in LANGUAGES)
        if nb is None:
            raise KeyError(f"{form_id}.nb.toml has no text {key!r}")
        return Text(nb, nn, en)
    return text
