"""The person's own words in a reply: quotes, quote headers and signatures stripped.

Text: the body is read line by line and every paragraph the person wrote is kept, in order,
wherever it stands: above the quote (top-post), below it (bottom-post) or between quoted
paragraphs (inline answers). A quote is ``>`` lines; an attribution line ("On … wrote:",
"… skrev:", "Den … skreiv …:", "Am … schrieb …:", "Le … a écrit :", possibly wrapped over two
lines) followed by ``>`` lines is dropped with its quote and reading goes on after it. What starts
an unquoted copy of the earlier mail ends the reading: an attribution *not* followed by ``>``
lines, an Outlook header block (``From:/Sent:``, ``Fra:/Sendt:``), "-----Original Message-----",
"-----Opprinnelig melding-----", a forwarded-message separator, or a line with the bot's own
address or reply token (our safeguard). mail-parser-reply's quote-header pattern for
Danish/Swedish/German/English then cuts what is left. Signatures ("-- ", "Mvh", "Med vennlig
hilsen", "Hilsen", "Helsing", "Sent from my iPhone", "Sendt fra min iPhone", "Hent Outlook for
iOS") end each paragraph run. mail-parser-reply's own signature list is not used: its Danish
"Tak" and "Hilsen" patterns cut Norwegian sentences such as "Takk for svaret, men …".

A body that is only a signature or a greeting is empty: :func:`question_text` then reads the
Subject (without "Re:/SV:/AW:/VS:/Fw:") as the question.

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
_WROTE = (r"(?:\b(?:wrote|skrev|skreiv|schrieb|kirjoitti|escribió|schreef|scrisse)\b|\ba\s+écrit\b|\bécrit\b)")
# An attribution line: a "wrote" word and a colon at the end ("… skrev følgende:", "… a écrit :").
_ATTRIBUTION = re.compile(_WROTE + r"[^\n]{0,120}:\s*$", re.IGNORECASE)
_ATTRIBUTION_START = re.compile(
    r"^\s*(?:on|den|am|le|el|op|il|på|man|tir|ons|tor|fre|lør|søn|mon|tue|wed|thu|fri|sat|sun|mån|tis|\d)\b",
    re.IGNORECASE)
_WROTE_START = re.compile(_WROTE, re.IGNORECASE)
_HEADER_LINE = re.compile(r"^\s*\**(?:fra|from|von|från|frå)\s*:\**\s*\S", re.IGNORECASE)
_HEADER_FOLLOW = re.compile(
    r"^\s*\**(?:sendt|sent|dato|date|til|to|emne|subject|kopi|cc|gesendet|an|betreff|skickat|till|ämne)\s*:",
    re.IGNORECASE,
)
_SIGNATURE = re.compile(
    r"^\s*(?:med\s+vennlig\s+hilsen|vennlig\s+hilsen|med\s+venleg\s+helsing|venleg\s+helsing|beste\s+hilsen|"
    r"beste\s+helsing|med\s+hilsen|mvh|m\.v\.h\.?|hilsen|helsing|best\s+regards|kind\s+regards|warm\s+regards|regards|"
    r"best\s+wishes|cheers|mit\s+freundlichen\s+grüßen|viele\s+grüße|cordialement|vh)\b[\s,.!]*"
    r"(?:[A-ZÆØÅa-zæøåäöüé .'-]{0,60})?$",
    re.IGNORECASE,
)
_SENT_FROM = re.compile(
    r"^\s*(?:sendt fra (?:min|mi|outlook|mail|yahoo|samsung|e-post|iphone|ipad|android)|hent outlook for|"
    r"få outlook for|sent from my|sent from outlook|sent from mail|sent from yahoo|sent from samsung|"
    r"get outlook for|sendt frå|sent with proton mail|sendt med proton mail|von meinem iphone gesendet|envoyé de mon)\b",
    re.IGNORECASE,
)
_GREETING = re.compile(
    r"^\s*(?:hei(?:\s+(?:på\s+deg|igjen|alle))?|hallo|heisann|hello|hi|hey|dear|god\s+(?:dag|morgen|ettermiddag)|"
    r"good\s+(?:morning|afternoon)|hej|guten\s+tag|bonjour)\b[\s,.!]*+"
    r"(?-i:(?:[A-ZÆØÅ][a-zæøåäöüé'-]*+\.?[\s,]*+){0,3})[,.!]*+$",  # a name at most ("Hei Kari Nordmann,"), never a sentence
    re.IGNORECASE,
)
_SUBJECT_PREFIX = re.compile(
    r"^\s*(?:(?:sv|re|vs|aw|fw|fwd|tr|vb|wg|antw|ref|rép)\s*(?:\[\d+\])?\s*:\s*)+", re.IGNORECASE)
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


def _is_quote(line: str) -> bool:
    return line.lstrip().startswith(">")


def _next_content(lines: list[str], start: int) -> int | None:
    for index in range(start, len(lines)):
        if lines[index].strip():
            return index
    return None


def _attribution_span(lines: list[str], index: int) -> int:
    """How many lines (0, 1 or 2) make an attribution line starting at ``index``."""
    line = lines[index].strip()
    if len(line) <= 300 and _ATTRIBUTION.search(line):
        return 1
    if index + 1 < len(lines) and not line.endswith(":") and not _is_quote(lines[index + 1]):
        joined = f"{line} {lines[index + 1].strip()}"
        if (len(joined) <= 300 and _ATTRIBUTION.search(joined)
                and (_WROTE_START.search(line) or _ATTRIBUTION_START.match(line))
                and (re.search(r"\d", joined) or "@" in joined)):
            return 2
    return 0


def _outlook_block(lines: list[str], index: int) -> bool:
    """"From:/Fra:" followed within three lines by "Sent:/Sendt:/To:/Til:/Subject:/Emne:"."""
    if not _HEADER_LINE.match(lines[index].strip()):
        return False
    following = [candidate for candidate in lines[index + 1:index + 6] if candidate.strip()]
    return any(_HEADER_FOLLOW.match(candidate) for candidate in following[:3])


def _person_runs(lines: list[str], markers: list[str]) -> list[list[str]]:
    """The runs of lines the person wrote, in order; quotes and quote headers left out."""
    runs: list[list[str]] = [[]]
    index = 0
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        if _is_quote(line):
            if runs[-1]:
                runs.append([])
            index += 1
            continue
        if not stripped:
            runs[-1].append("")
            index += 1
            continue
        if _QUOTE_SEPARATORS.match(stripped) or _outlook_block(lines, index):
            break  # an unquoted copy of the earlier mail follows: nothing below is theirs
        span = _attribution_span(lines, index)
        own = any(marker in stripped.lower() for marker in markers)
        if span or own:
            width = max(span, 1)
            after = _next_content(lines, index + width)
            if after is not None and _is_quote(lines[after]):
                index += width  # "… wrote:" with its ">" quote: the person may write on below it
                continue
            if own or span == 2 or "@" in stripped or (_ATTRIBUTION_START.match(stripped)
                                                         and re.search(r"\d", stripped)):
                if own and span == 0 and index > 0 and _WROTE_START.search(lines[index - 1]) and runs[-1]:
                    runs[-1].pop()  # the first line of a wrapped header ("… skrev Kompetansebot <")
                break  # an unquoted copy of the earlier mail follows
        runs[-1].append(line)
        index += 1
    return [run for run in runs if any(line.strip() for line in run)]


@functools.cache
def _header_regex() -> re.Pattern[str]:
    """mail-parser-reply's quote-header pattern for our languages, built once."""
    pattern: re.Pattern[str] = EmailMessage(text="", languages=list(LANGUAGES)).HEADER_REGEX
    return pattern


def _library_cut(lines: list[str]) -> tuple[str, bool]:
    """The run up to the first quote header mail-parser-reply recognises (its text normalisation:
    stripped lines), and whether it found one."""
    normalised = "\n".join(line.strip() for line in lines)
    try:
        found = _header_regex().search(normalised)
    except Exception:  # the library's regexes must never stop intake
        return "\n".join(lines), False
    return (normalised[:found.start()], True) if found is not None else (normalised, False)


def _cut_signature(lines: list[str]) -> list[str]:
    """The run up to its signature ("-- ", "Mvh", "Sendt fra min iPhone"...); a run that is only a
    signature is empty."""
    seen_content = False
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped == "--" or (stripped == "—" and seen_content):
            return lines[:index]
        if _SENT_FROM.match(stripped) or _SIGNATURE.match(stripped):
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
    """The new text a person wrote above, below or between the quotes of the earlier mail.

    ``own_markers``: strings that only appear in what the bot sent (its address, reply-token
    addresses, a marker line); an unquoted line holding one starts the quoted copy.
    """
    body = normalise_text(text)
    if not body.strip() and html.strip():
        body = html_to_text(html)
    if not body.strip():
        return ""
    markers = [marker.lower() for marker in own_markers if marker]
    kept: list[str] = []
    for run in _person_runs(body.split("\n"), markers):
        text_run, cut = _library_cut(run)
        if kept:
            kept.append("")
        kept.extend(_cut_signature(text_run.split("\n")))
        if cut:
            break  # a quote header only the library knows: the rest is the earlier mail
    return _tidy(kept)


def is_empty_text(text: str) -> bool:
    """Nothing to read: no words, or only greetings and signature lines ("Hei", "Mvh Kari")."""
    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped or not re.search(r"\w", stripped):
            continue
        if len(stripped) > 200:  # no greeting or signature line is that long
            return False
        if _GREETING.match(stripped) or _SIGNATURE.match(stripped) or _SENT_FROM.match(stripped):
            continue
        return False
    return True


def subject_question(subject: str) -> str:
    """The subject as a question: reply/forward prefixes ("Re:", "SV:", "AW:", "VS:", "Fw:") removed."""
    flat = " ".join(normalise_text(subject).split())
    return _SUBJECT_PREFIX.sub("", flat).strip()


def question_text(subject: str, text: str, html: str = "", *, own_markers: Iterable[str] = ()) -> str:
    """What the person asks: their own words; when those are empty (only a signature or a
    greeting), the Subject without its reply prefixes."""
    words = extract_reply(text, html, own_markers=own_markers)
    if is_empty_text(words):
        topic = subject_question(subject)
        if topic and re.search(r"\w", topic):
            return topic
    return words


def unquote(text: str) -> str:
    """The full text with ``>`` quote prefixes removed (for answers written between quoted lines)."""
    lines = []
    for line in normalise_text(text).split("\n"):
        lines.append(re.sub(r"^(?:\s*>)+ ?", "", line))
    return "\n".join(lines)
