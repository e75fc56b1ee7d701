"""What kind of answer a question asks for, read from its folded tokens (issue 16).

These are pseudo-concepts added to the lexicon's concepts, so intent rules and reply templates can
lead with the detail asked for:

* ``yesno``: the question is a yes/no question ("Kan ...", "Er ...", "Can ...", "Is ...");
* ``kl_source``: money *from* Kompetanseløftet is what the question is about ("midler fra
  Kompetanseløftet", "kompetanseløftet-midler", "Kompetanseløftet funds");
* ``rd_source``: money from the regional or the decentralised scheme;
* ``kl_topic``: the use asked about is special needs education or inclusive practice;
* ``other_topic``: the use asked about is something else ("annet enn", "leseprosjekt", "reading").
* ``asks_must`` / ``asks_may``: the question asks for an obligation ("Må ...?", "have to") or a permission
  ("Kan ...?"); a claim stating a permission answers an obligation "no" (``Claim.polarity``);
* ``three``: three of something is asked for ("hvilke tre ordninger").

Pure functions of the tokens, so they can be memoised with the rest of a question's reading.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Words a yes/no question starts with (folded), after an optional "og"/"men"/"and"/"but".
_YESNO_START = frozenset({
    "kan", "er", "skal", "ma", "far", "blir", "vert", "har", "gjelder", "gjeld", "trekkes", "trekkjast",
    "brukes", "brukast", "nyttast", "finnes", "fins", "finst", "inngar", "omfattes", "omfattast", "holdes",
    "haldast", "rapporterer", "rapporteres", "rapporterast", "sender", "sendes", "betaler", "betales", "stemmer",
    "gar", "kommer", "kjem", "deltar", "deltek", "trenger", "treng", "bor", "tas", "regnes", "reknast", "telles",
    "flyttes", "flyttast", "ligger", "ligg", "sitter", "sit", "velges", "veljast", "utbetales", "utbetalast",
    "can", "is", "are", "does", "do", "should", "must", "may", "will", "has", "have", "could", "would", "shall",
    "did", "was", "were",
    # More verbs a Norwegian yes/no question starts with ("Bestemmer Statsforvalteren ...?").
    "bestemmer", "bestemmes", "bestemmast", "avgjor", "avgjer", "avgjores", "vedtar", "vedtek", "vedtas", "velger",
    "mottar", "mottek", "leverer", "leveres", "leverast", "dekker", "dekkjer", "dekkes", "inkluderer", "omfatter",
    "omfattar", "teller", "tel", "teljast", "kreves", "krevst", "trengs", "finansierer", "finansieres",
    "moter", "motes", "motast", "representerer", "bygger", "byggjer", "skjer", "gis", "gjevast", "hører",
    "horer", "hoyrer", "sitt", "decides", "decide", "counts", "gets", "receives",
    # Folding turns "oe" into "o" (normalize.fold): "does" and "goes" arrive as "dos" and "gos".
    "dos", "gos", "dosnt", "tar", "tek", "takes", "make", "makes", "faller",
    "fell", "falls", "fall", "lander",
})
# How a "what is X?" question starts (folded).
_DEFINE_HEADS = frozenset({("hva", "er"), ("hva", "betyr"), ("hva", "menes"), ("kva", "er"), ("kva", "betyr"),
                           ("kva", "tyder"), ("kva", "meiner"), ("what", "is"), ("what", "are"), ("what", "does")})
_LEAD_IN = frozenset({"og", "men", "and", "but", "so", "sa", "altsa", "hei", "hi", "hello", "ok"})
# The Kompetanseløftet's own name, and the words of its topic (special needs education, inclusion).
_KL_NAME = ("kompetanseloft", "kompetanselyft")
_KL_TOPIC = ("spesialped", "inkluder", "inklusjon", "special", "inclusi", "tilpass", "ppt", "laget")
_RD_NAME = ("desentral", "decentral", "dekomp", "rekomp")
_OTHER_WORDS = frozenset({"annet", "anna", "annen", "andre", "other", "else", "utenom", "utanom", "enn", "than",
                          "besides"})
_OTHER_STEMS = ("lese", "lesing", "reading", "literacy", "matemat", "math", "realfag", "science", "ledelse",
                "leadership", "sprak", "language", "engelsk", "english", "norsk", "skriving", "writing", "regning",
                "numeracy", "klasseledelse", "digital", "naturfag", "kroppsov", "fysisk", "psykisk", "mobbing",
                "bullying", "lesesats", "laeringsmiljo", "vurdering")


def _scheme_at(tokens: Sequence[str], index: int) -> str | None:
    token = tokens[index]
    if token.startswith(_KL_NAME) or (token == "competence" and index + 1 < len(tokens)
                                      and tokens[index + 1] in ("lift", "boost")):
        return "kl"
    if token.startswith(_RD_NAME):
        return "rd"
    if token in ("regional", "regionale", "regionalordning") and index + 1 < len(tokens) and (
            tokens[index + 1].startswith(("ordning", "scheme"))):
        return "rd"
    return None


_NUMBER_WORDS = {"en": 1, "ett": 1, "ein": 1, "eitt": 1, "one": 1, "to": 2, "two": 2, "tre": 3, "three": 3,
                 "fire": 4, "four": 4, "fem": 5, "five": 5, "seks": 6, "six": 6, "sju": 7, "syv": 7, "seven": 7,
                 "atte": 8, "eight": 8, "ti": 10, "ten": 10}
_THURSDAY = frozenset({"torsdag", "torsdager", "torsdagar", "torsdagen", "thursday", "thursdays"})
_OTHER_DAYS = frozenset({"mandag", "mandager", "mandagar", "tirsdag", "tirsdager", "tysdag", "tysdagar", "onsdag",
                         "onsdager", "onsdagar", "fredag", "fredager", "fredagar", "monday", "mondays", "tuesday",
                         "tuesdays", "wednesday", "wednesdays", "friday", "fridays"})
_SECOND = frozenset({"andre", "annethvert", "annakvart", "second", "other", "annankvart", "to"})
_MORE = frozenset({"mer", "meir", "more", "over", "utover", "exceed", "overstige", "hoyere", "storre", "higher",
                   "larger", "beyond"})


# "Er fristen passert?", "Har vi gått glipp av fristen?": whether a date has passed.
_PASSED = frozenset({"passert", "passerte", "passed", "utlopt", "utlopen", "utgatt", "expired", "glipp", "missed", "miss",
                     "overskredet", "overskride", "ute", "over", "gone"})
_PASSED_PAIRS = frozenset({("gatt", "ut"), ("gikk", "ut"), ("gjekk", "ut"), ("gone", "by"), ("run", "out")})


# "Må nettverkene være felles?", "Does it have to ...?": the question asks for an obligation, not a permission
# (a claim that states a permission answers it "no", bot/qa/claims.py).
_MUST = frozenset({"ma", "matte", "must", "required", "require", "requires", "obligatory", "obliged", "mandatory",
                   "pliktig", "pliktige", "nodt", "nodig", "necessary", "krav", "kreves", "krevst", "forpliktet",
                   "forplikta", "pakrevd", "paakrevd", "obligated"})
_MUST_PAIRS = frozenset({("have", "to"), ("has", "to"), ("need", "to"), ("needs", "to"), ("got", "to"),
                         ("trenger", "a"), ("treng", "a"), ("er", "nodt"), ("vere", "naudt"), ("er", "pliktig")})
# "Kan vi ...?", "Får vi lov ...?": the question asks for a permission.
_MAY = frozenset({"kan", "can", "may", "lov", "tillatt", "allowed", "permitted", "could", "mulig", "mogleg",
                  "possible"})
# "hvilke tre ordninger": three of something is asked for.
_THREE = frozenset({"tre", "three", "3"})


def _numbers(tokens: Sequence[str]) -> list[int]:
    found = [int(token) for token in tokens if token.isdigit() and len(token) <= 3]
    # "en", "ein", "eit", "ett" are articles far more often than numbers ("ein del av midlane").
    found.extend(_NUMBER_WORDS[token] for token in tokens
                 if token in _NUMBER_WORDS and token not in ("en", "to", "ein", "eit", "ett", "eitt"))
    return found


_HYPHEN_OR = re.compile(r"-\s*(?:eller|or)\b")
# "eiere eller myndighet": the plan's own pair ("eier/myndighet"), one level, not two to choose between.
_PAIR_OR = re.compile(r"\b(?:eier\w*|eigar\w*|owners?)\s+(?:eller|or)\s+(?:myndighet\w*|mynde\w*|authorit\w*)")
_OR = re.compile(r"\b(?:eller|or)\b")


def _asks_to_choose(tokens: Sequence[str], folded: str) -> bool:
    """"Rapporterer vi per tiltak eller per partnerskap?" asks to choose; "eier- eller myndighetsnivå" does not
    (one compound with two first parts)."""
    if "eller" not in tokens and "or" not in tokens:
        return False
    if not folded:
        return True
    return len(_OR.findall(folded)) > len(_HYPHEN_OR.findall(folded)) + len(_PAIR_OR.findall(folded))


_SENTENCE_BREAK = re.compile(r"[.!?]\s+(?=[a-z])")
_WORD = re.compile(r"[a-z]+")


def _passive_verb(token: str) -> bool:
    """A Norwegian passive verb ("beregnes", "fordelast") opens a yes/no question."""
    return len(token) >= 6 and token.endswith(("es", "ast")) and token not in _NOT_VERBS


_NOT_VERBS = frozenset({"hvordan", "prosess", "process", "interest", "address", "guidelines"})


def _later_sentence_asks(folded: str) -> bool:
    """"Årshjulet sier 17. november. Er det møte da i år?": a later sentence that is a yes/no question."""
    if "?" not in folded:
        return False
    for sentence in _SENTENCE_BREAK.split(folded)[1:]:
        words = _WORD.findall(sentence)
        while words and words[0] in _LEAD_IN:
            words.pop(0)
        if words and words[0] in _YESNO_START and sentence.rstrip().endswith("?"):
            return True
    return False


def kind_concepts(tokens: Sequence[str], folded: str = "") -> frozenset[str]:
    """The pseudo-concepts of a question's tokens; ``folded`` (its folded text) tells a choice ("A eller
    B?") from a compound pair ("eier- eller myndighetsnivå")."""
    found: set[str] = set()
    numbers = _numbers(tokens)
    if any(number > 4 for number in numbers if number <= 20):
        found.add("over_four")
    if 14 in numbers:
        found.add("num_14")
    elif any(number not in (14,) for number in numbers if number <= 60):
        found.add("other_number")
    if not _THURSDAY.isdisjoint(tokens):
        found.add("thursday")
    if not _OTHER_DAYS.isdisjoint(tokens):
        found.add("other_weekday")
    if not _SECOND.isdisjoint(tokens):
        found.add("second")
    if not _MORE.isdisjoint(tokens):
        found.add("more_than")
    if not _PASSED.isdisjoint(tokens) or any(pair in _PASSED_PAIRS for pair in zip(tokens, tokens[1:], strict=False)):
        found.add("passed_q")
    if not _MUST.isdisjoint(tokens) or any(pair in _MUST_PAIRS for pair in zip(tokens, tokens[1:], strict=False)):
        found.add("asks_must")
    elif not _MAY.isdisjoint(tokens):
        found.add("asks_may")
    if not _THREE.isdisjoint(tokens):
        found.add("three")
    start = 0
    while start < len(tokens) and tokens[start] in _LEAD_IN:
        start += 1
    if (start < len(tokens) and (tokens[start] in _YESNO_START or _passive_verb(tokens[start]))
            or _later_sentence_asks(folded)) and not _asks_to_choose(
            tokens, folded):
        # "Rapporterer vi per tiltak eller per partnerskap?" asks to choose, not yes or no.
        found.add("yesno")
    head = tuple(tokens[start:start + 2])
    if len(tokens) - start <= 8 and (head in _DEFINE_HEADS or (head[:1] == ("what",) and "mean" in tokens)
                                     or head[:1] in (("forklar",), ("explain",), ("define",), ("whats",))):
        found.add("define")
    schemes = [(index, scheme) for index in range(len(tokens)) if (scheme := _scheme_at(tokens, index))]
    if not schemes:
        return frozenset(found)
    first_index, first = schemes[0]
    if first == "kl":
        found.add("kl_source")
    else:
        found.add("rd_source")
    # What the money is to be used for: the words after the source scheme (or all, for "til X fra Y").
    rest = tokens[first_index + 1:]
    before = tokens[:first_index]
    if any(token.startswith(_KL_TOPIC) for token in rest) or any(token.startswith(_KL_TOPIC) for token in before):
        found.add("kl_topic")
    if any(token in _OTHER_WORDS for token in tokens) or any(token.startswith(_OTHER_STEMS) for token in tokens):
        found.add("other_topic")
    if first == "rd" and any(scheme == "kl" for _, scheme in schemes[1:]):
        found.add("kl_topic")
    return frozenset(found)
