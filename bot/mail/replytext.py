"""The person's own words in a reply: quotes, quote headers and signatures stripped.

Text: our own safeguards first (a line with the bot's address or a reply token starts the quote),
then mail-parser-reply's quote-header detection for Danish/Swedish/English/German clients (which
covers Norwegian Outlook ``Fra:/Sendt:/Til:/Emne:`` and Gmail "… skrev …:"), then Norwegian and
English patterns it misses (wrapped "skrev" lines, "-----Opprinnelig melding-----", forwarded
message separators), then ``>`` lines and signatures ("Med vennlig hilsen", "Sendt fra min
iPhone", "-- "). mail-parser-reply's own signature list is not used: its Danish "Tak" and
"Hilsen" patterns cut Norwegian sentences such as "Takk for svaret, men …".

HTML-only mail: the quote containers (Gmail, Outlook, Thunderbird, Apple) are removed from the
tree, the rest converted to text with inscriptis, then the text rules apply.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

import lxml.html
from inscriptis import get_text
from inscriptis.model.config import ParserConfig
from mailparser_reply import EmailMessage

LANGUAGES = ["da", "sv", "de", "en"]
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_QUOTE_SEPARATORS = re.compile(
    r"^\s*(?:-{2,}\s*(?:opprinnelig melding|original message|videresendt melding|forwarded message|"
    r"oprindelig meddelelse|ursprüngliche nachricht|vidaresendt melding)\s*-{2,}|"
    r"begin forwarded message:|start på videresendt melding:|videresendt melding:|"
    r"_{10,}|-{10,})\s*$",
    re.IGNORECASE,
)
_WROTE_END = re.compile(r"\b(?:skrev|skreiv|wrote|schrieb|skrev følgende)\b[^\n]*:\s*$", re.IGNORECASE)
_WROTE_START = re.compile(r"\b(?:skrev|skreiv|wrote|schrieb)\b", re.IGNORECASE)
_HEADER_LINE = re.compile(r"^\s*\**(?:fra|from|von|från|frå)\s*:\**\s*\S", re.IGNORECASE)
_HEADER_FOLLOW = re.compile(
    r"^\s*\**(?:sendt|sent|dato|date|til|to|emne|subject|kopi|cc|gesendet|an|betreff|skickat|till|ämne)\s*:",
    re.IGNORECASE,
)
_SIGNATURE = re.compile(
    r"^\s*(?:med\s+vennlig\s+hilsen|vennlig\s+hilsen|med\s+venleg\s+helsing|venleg\s+helsing|beste\s+hilsen|"
    r"med\s+hilsen|mvh|hilsen|helsing|best\s+regards|kind\s+regards|regards|best\s+wishes|cheers)\b[\s,.!]*"
    r"(?:[A-ZÆØÅa-zæøå .'-]{0,60})?$",
    re.IGNORECASE,
)
_SENT_FROM = re.compile(
    r"^\s*(?:sendt fra (?:min|mi|outlook|mail|yahoo|samsung)|hent outlook for|få outlook for|sent from my|"
    r"sent from outlook|get outlook for|sendt frå)\b",
    re.IGNORECASE,
)
_QUOTE_XPATHS = (
    "//blockquote",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' gmail_quote ')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' gmail_extra ')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' moz-cite-prefix ')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' yahoo_quoted ')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' protonmail_quote ')]",
)
_CUT_FROM_XPATHS = (
    "//*[@id='divRplyFwdMsg']",
    "//*[@id='appendonsend']",
    "//*[@id='mail-editor-reference-message-container']",
    "//*[contains(@style, 'border-top:solid #E1E1E1') or contains(@style, 'border-top: solid #E1E1E1')"
    " or contains(@style, 'border-top:solid #B5C4DF') or contains(@style, 'border-top: solid #B5C4DF')]",
    "//hr[@id='stopSpelling']",
)
_CONFIG = ParserConfig(display_links=False, display_images=False)


def normalise_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_ZERO_WIDTH).replace("\u00a0", " ")
    return "\n".join(line.rstrip() for line in text.split("\n"))


def _remove_following(element: lxml.html.HtmlElement) -> None:
    """Remove ``element``, every later sibling, and the later siblings of its ancestors."""
    node: lxml.html.HtmlElement | None = element
    while node is not None and node.getparent() is not None:
        parent = node.getparent()
        for sibling in list(node.itersiblings()):
            parent.remove(sibling)
        if node is element:
            parent.remove(node)
        node = parent if parent.tag not in {"body", "html"} else None


def html_to_text(html: str, *, strip_quotes: bool = True) -> str:
    """HTML to text; with ``strip_quotes``, the quoted containers of common clients removed first."""
    if not html.strip():
        return ""
    try:
        tree = lxml.html.document_fromstring(html)
    except Exception:  # unparseable HTML: fall back to a crude tag strip
        return normalise_text(re.sub(r"<[^>]+>", " ", html))
    for bad in tree.xpath("//script|//style|//head"):
        parent = bad.getparent()
        if parent is not None:
            parent.remove(bad)
    if strip_quotes:
        for xpath in _CUT_FROM_XPATHS:
            found = tree.xpath(xpath)
            if found:
                _remove_following(found[0])
        for xpath in _QUOTE_XPATHS:
            for element in tree.xpath(xpath):
                parent = element.getparent()
                if parent is not None:
                    parent.remove(element)
    try:
        text = get_text(lxml.html.tostring(tree, encoding="unicode"), _CONFIG)
    except Exception:
        text = tree.text_content()
    lines = [line.strip() for line in normalise_text(text).split("\n")]
    return "\n".join(lines).strip()


def _cut_at_own(lines: list[str], markers: Iterable[str]) -> list[str]:
    lowered = [marker.lower() for marker in markers if marker]
    for index, line in enumerate(lines):
        low = line.lower()
        if any(marker in low for marker in lowered):
            # A quote header may span the previous line ("Den … skrev Kompetansebot <" / "bot@…>:").
            if index > 0 and _WROTE_START.search(lines[index - 1]) and not line.lstrip().startswith(">"):
                return lines[:index - 1]
            return lines[:index]
    return lines


def _cut_at_headers(lines: list[str]) -> list[str]:
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith(">"):
            continue
        if _QUOTE_SEPARATORS.match(stripped):
            return lines[:index]
        if _WROTE_END.search(stripped) and (re.search(r"\d", stripped) or "@" in stripped):
            return lines[:index]
        if (_WROTE_START.search(stripped) and index + 1 < len(lines)
                and re.search(r"@[^\s]*>?\s*:\s*$", lines[index + 1]) and re.search(r"\d", stripped)):
            return lines[:index]
        if _HEADER_LINE.match(stripped):
            following = [candidate for candidate in lines[index + 1:index + 5] if candidate.strip()]
            if any(_HEADER_FOLLOW.match(candidate) for candidate in following[:3]):
                return lines[:index]
    return lines


@functools.cache
def _header_regex() -> re.Pattern[str]:
    """mail-parser-reply's quote-header pattern for our languages, built once."""
    pattern: re.Pattern[str] = EmailMessage(text="", languages=list(LANGUAGES)).HEADER_REGEX
    return pattern


def _library_cut(text: str) -> str:
    """Cut at the first quote header mail-parser-reply recognises (its text normalisation: stripped lines)."""
    normalised = "\n".join(line.strip() for line in text.replace("\r\n", "\n").split("\n"))
    try:
        found = _header_regex().search(normalised)
    except Exception:  # the library's regexes must never stop intake
        return text
    return normalised[:found.start()] if found is not None else normalised


def _cut_signature(lines: list[str]) -> list[str]:
    seen_content = False
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped in {"--", "-- ", "—"} and seen_content:
            return lines[:index]
        if _SENT_FROM.match(stripped):
            return lines[:index]
        if seen_content and _SIGNATURE.match(stripped):
            return lines[:index]
        if stripped:
            seen_content = True
    return lines


def _tidy(lines: list[str]) -> str:
    kept = [line.rstrip() for line in lines if not line.lstrip().startswith(">")]
    text = "\n".join(kept).strip()
    text = re.sub(r"\n{3,}", "\n\n", text)
    return re.sub(r"(?:\n\s*[_-]{5,}\s*)+$", "", text).strip()


def extract_reply(text: str, html: str = "", *, own_markers: Iterable[str] = ()) -> str:
    """The new text a person wrote above (or without) the quoted mail.

    ``own_markers``: strings that only appear in what the bot sent (its address, reply-token
    addresses, a marker line); the first line holding one starts the quote.
    """
    body = normalise_text(text)
    if not body.strip() and html.strip():
        body = html_to_text(html)
    if not body.strip():
        return ""
    lines = _cut_at_own(body.split("\n"), own_markers)
    lines = _cut_at_headers(lines)
    top = _library_cut("\n".join(lines))
    lines = _cut_signature(top.split("\n"))
    return _tidy(lines)


def unquote(text: str) -> str:
    """The full text with ``>`` quote prefixes removed (for answers written between quoted lines)."""
    lines = []
    for line in normalise_text(text).split("\n"):
        lines.append(re.sub(r"^(?:\s*>)+ ?", "", line))
    return "\n".join(lines)
