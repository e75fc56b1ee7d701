"""Chat text for the form engine's reply parts (``forms.engine.ReplyPart``).

Each part kind has a template ``templates/forms/<kind>.<lang>.txt.j2``; a language without its
own template falls back to bokmål (error messages come from the parsers in bokmål).
"""

from __future__ import annotations

from collections.abc import Iterable

from jinja2 import TemplateNotFound

from bot.rendering import render
from forms.engine import ReplyPart

FALLBACK_LANGUAGE = "nb"


def render_part(part: ReplyPart, lang: str = FALLBACK_LANGUAGE, *, reference: str | None = None,
                secretariat: str | None = None) -> str:
    """One part as text; an empty string for parts that have nothing to show (``question``)."""
    context: dict[str, object] = dict(part.data)
    context["reference"] = reference if reference is not None else part.data.get("reference")
    context["secretariat"] = secretariat
    for language in dict.fromkeys((lang, FALLBACK_LANGUAGE)):
        try:
            return render(f"forms/{part.kind}.{language}.txt.j2", **context)
        except TemplateNotFound:
            continue
    raise LookupError(f"no template for reply part {part.kind!r}")


def render_reply(parts: Iterable[ReplyPart], lang: str = FALLBACK_LANGUAGE, *, reference: str | None = None,
                 secretariat: str | None = None) -> str:
    """All parts of one reply, separated by blank lines.

    ``reference`` fills the receipt's reference number; ``secretariat`` (an email address or a
    name) is offered in the help after three failed tries.
    """
    texts = [render_part(part, lang, reference=reference, secretariat=secretariat) for part in parts]
    return "\n\n".join(text for text in texts if text)
