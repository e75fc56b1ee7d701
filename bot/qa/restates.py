"""Whether a reply restates what a yes/no question asks (issue 16, kind 1).

"Må kompetanseutviklinga som hovudprinsipp vere skule- og barnehagebasert?" gets the reply of its kind,
"Utviklinga av kompetanse skal som hovudprinsipp vere skule- og barnehagebasert: …". When no claim of the
data gives the yes or no, the reply itself can: if one sentence of it holds every content word of the
question, the plan states what was asked, and the answer is "Ja." before it. Only a yes is ever read this
way (a missing word says nothing about a no), and only for questions without the words that turn a
restatement into something else (a negation, a quantifier, "eller", "enn", "uten", a number: the engine
checks those before asking).

Words match by the crude stem of ``bot.qa.retrieval``, as an inflection of it ("involveres" and
"involvert"), as the last part of a compound ("behov" in "kompetansebehov", "basert" in "barnehagebasert"),
or, for a compound of the question, part by part ("kompetanseutviklinga" in "utviklinga av kompetanse").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from bot.qa.normalize import fold, tokenize
from bot.qa.retrieval import stem

_CITATION = re.compile(r"\((?:planen|plan|the plan)\b[^)]*\)", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<![0-9])[.!?](?:\s+|$)")
_BULLET = re.compile(r"^\s*(?:•|-|\*)\s*")
_MIN_STEM = 5
_MIN_PART = 4


def units(text: str) -> Iterable[str]:
    """The sentences of a reply; a bullet line counts together with the line that introduces its list
    ("… er satt sammen av:" and "• 1 representant fra barnehagemyndigheten i hver region")."""
    header = ""
    for line in _CITATION.sub(" ", text).splitlines():
        if not line.strip():
            header = ""
            continue
        if _BULLET.match(line):
            yield f"{header} {_BULLET.sub('', line)}"
            continue
        header = line if line.rstrip().endswith(":") else ""
        yield from (part for part in _SENTENCE_END.split(line) if part.strip())


def _found_whole(word: str, stems: frozenset[str], tokens: frozenset[str]) -> bool:
    if word in tokens:
        return True
    root = stem(word)
    if root in stems:
        return True
    return len(root) >= _MIN_STEM and any(token.startswith(root) or stem(token).endswith(root) for token in tokens)


def _found(word: str, stems: frozenset[str], tokens: frozenset[str]) -> bool:
    if _found_whole(word, stems, tokens):
        return True
    # A compound of two words of at least four letters each, maybe joined by "s" or "e".
    for cut in range(_MIN_PART, len(word) - _MIN_PART + 1):
        head, tail = word[:cut], word[cut:]
        if not _found_whole(tail, stems, tokens):
            continue
        if any(_found_whole(part, stems, tokens) for part in (head, head.removesuffix("s"), head.removesuffix("e"))
               if len(part) >= _MIN_PART):
            return True
    return False


def restated(words: Sequence[str], text: str) -> bool:
    """Whether one sentence of ``text`` holds every word of ``words`` (folded tokens of the question)."""
    if not words:
        return False
    for unit in units(text):
        tokens = frozenset(tokenize(fold(unit)))
        stems = frozenset(stem(token) for token in tokens)
        if all(_found(word, stems, tokens) for word in words):
            return True
    return False
