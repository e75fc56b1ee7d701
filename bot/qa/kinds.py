"""What kind of answer a question asks for, read from its folded tokens (issue 16).

These are pseudo-concepts added to the lexicon's concepts, so intent rules and reply templates can
lead with the detail asked for:

* ``negated``: the question denies something ("vi slipper å sende noe", "we don't have to");
* ``yesno``: the question is a yes/no question ("Kan ...", "Er ...", "Can ...", "Is ...");
* ``kl_source``: money *from* Kompetanseløftet is what the question is about ("midler fra
  Kompetanseløftet", "kompetanseløftet-midler", "Kompetanseløftet funds");
* ``rd_source``: money from the regional or the decentralised scheme;
* ``kl_topic``: the use asked about is special needs education or inclusive practice;
* ``other_topic``: the use asked about is something else ("annet enn", "leseprosjekt", "reading").
* ``asks_must`` / ``asks_may``: the question asks for an obligation ("Må ...?", "have to") or a permission
  ("Kan ...?"); a claim stating a permission answers an obligation "no" (``Claim.polarity``);
* ``three``: three of something is asked for ("hvilke tre ordninger").
* quantifiers and contrasts a yes may not survive (issue 16, round 5): ``qt_whole`` (hele, whole, entire),
  ``qt_only`` (bare, berre, kun, only), ``qt_always`` (alltid, garantert, always, guaranteed), ``qt_one``
  (én felles, one joint, single), ``qt_separate`` (egen pott, separate pot), ``qt_different`` (annerledes,
  forskjellig, different), ``qt_never`` (aldri, never), ``qt_alltid`` (a plain alltid/always); see ``QUANTIFIERS`` and ``bot.qa.limits``.

``strip_premise`` reads a false-premise phrasing ("jeg har hørt at …, er det riktig?", "stemmer det at …?",
"is it true that …", "… right?", "… vel …?"): the statement it asks about, which is a yes/no question.

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
    "did", "was", "were", "ble", "blei", "vart", "var", "hadde", "sendte", "sende",
    # More verbs a Norwegian yes/no question starts with ("Bestemmer Statsforvalteren ...?").
    "bestemmer", "bestemmes", "bestemmast", "avgjor", "avgjer", "avgjores", "vedtar", "vedtek", "vedtas", "velger",
    "mottar", "mottek", "leverer", "leveres", "leverast", "dekker", "dekkjer", "dekkes", "inkluderer", "omfatter",
    "omfattar", "teller", "tel", "teljast", "kreves", "krevst", "trengs", "finansierer", "finansieres",
    "moter", "motes", "motast", "representerer", "bygger", "byggjer", "skjer", "gis", "gjevast", "hører",
    "horer", "hoyrer", "sitt", "decides", "decide", "counts", "gets", "receives",
    # Short strong verbs the ending rule of ``_verb_first`` cannot see ("Held forumet ...?", "Tek dei ...?").
    "held", "heldt", "gjer", "gjor", "vil", "lyt", "skulle", "burde", "ville", "kunne", "matte", "fekk", "fikk",
    # Folding turns "oe" into "o" (normalize.fold): "does" and "goes" arrive as "dos" and "gos".
    "dos", "gos", "dosnt", "tar", "tek", "takes", "make", "makes", "faller",
    "fell", "falls", "fall", "lander",
    # Round 5: more finite verbs a yes/no question opens with ("Samarbeider noen friskoler …?").
    "samarbeider", "samarbeidar", "inneholder", "inneheld", "krever", "krev", "gir", "gjev", "lager", "lagar",
    "utarbeider", "utarbeidar", "planlegger", "planlegg", "fordeler", "fordelar", "beregner", "bereknar",
    "reknar", "utnevner", "utnemner", "sikrer", "sikrar", "godkjenner", "trekker", "trekkjer",
    "involverer", "involverar", "prioriterer", "prioriterar", "gjennomforer", "gjennomforar",
})
# "Hvem bestemmer til slutt, er det statsforvalteren?": a closing yes/no clause.
_TAIL_YESNO = re.compile(r"[,;:-]\s*(?:er|is|blir|var|was|skal|kan|gjelder|gjeld|stemmer|are)\s+(?:det|dette|it|that|"
                         r"this|den|han|ho|de|dei|they)\b[^,?]*\?+\s*$")
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
                 "atte": 8, "eight": 8, "ti": 10, "ten": 10, "fjorten": 14, "fourteen": 14}
_THURSDAY = frozenset({"torsdag", "torsdager", "torsdagar", "torsdagen", "thursday", "thursdays"})
_OTHER_DAYS = frozenset({"mandag", "mandager", "mandagar", "tirsdag", "tirsdager", "tysdag", "tysdagar", "onsdag",
                         "onsdager", "onsdagar", "fredag", "fredager", "fredagar", "monday", "mondays", "tuesday",
                         "tuesdays", "wednesday", "wednesdays", "friday", "fridays"})
_SECOND = frozenset({"andre", "annethvert", "annakvart", "second", "other", "annankvart"})
# "to" is "second" only of years ("hvert to år"); "de to forumene" is two of something.
_YEAR_WORDS = frozenset({"ar", "arene", "years", "year", "arig", "arsperiode", "arsperioder"})
_MORE = frozenset({"mer", "meir", "more", "over", "utover", "exceed", "overstige", "hoyere", "storre", "higher",
                   "larger", "beyond"})


# "Er fristen passert?", "Har vi gått glipp av fristen?": whether a date has passed.
_PASSED = frozenset({"passert", "passerte", "passed", "utlopt", "utlopen", "utgatt", "expired", "glipp", "missed", "miss",
                     "overskredet", "overskride", "ute", "over", "gone", "overdue", "forsinket", "forsinka",
                     "forseinka", "delayed"})
_PASSED_PAIRS = frozenset({("gatt", "ut"), ("gikk", "ut"), ("gjekk", "ut"), ("gone", "by"), ("run", "out"),
                           # "Skulle pengene vært kommet nå?", "Should it have been paid by now?"
                           ("vaert", "kommet"), ("vore", "komne"), ("vore", "kome"), ("by", "now"),
                           ("vaert", "utbetalt"), ("vore", "utbetalt"), ("have", "arrived")})
# "Er fristen fortsatt åpen?", "Is there still time?": whether a date has not passed yet (the passed question turned).
_OPEN = frozenset({"apen", "apent", "apne", "open"})
_OPEN_PAIRS = frozenset({("fortsatt", "tid"), ("still", "time"), ("framleis", "tid"), ("enno", "tid"), ("fremdeles", "tid"),
                         ("fortsatt", "mulig"), ("still", "possible"), ("fortsatt", "apen"), ("still", "open")})
# The subject may stand inside the pair: "gikk den ut i går?", "har fristen gått ut?" ("gatt ut" after it anyway).
_PASSED_SUBJECTS = frozenset({"den", "det", "han", "ho", "it", "fristen", "deadline", "datoen", "dagen"})


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


_WEEK_UNITS = frozenset({"uke", "uker", "ukene", "ukas", "veke", "veker", "vekene", "vekas", "week", "weeks"})
_ARTICLES = frozenset({"en", "ein", "ei", "eit", "ett", "eitt", "a", "one"})


def _numbers(tokens: Sequence[str]) -> list[int]:
    """The numbers a question names; a number of weeks counts in days ("to veker" is 14, "ei uke" 7): the
    plan's periods of days (14 days before a meeting) are asked in weeks too."""
    found: list[int] = []
    for index, token in enumerate(tokens):
        following = tokens[index + 1] if index + 1 < len(tokens) else ""
        if token.isdigit() and len(token) <= 3:
            value = int(token)
        elif token in _NUMBER_WORDS and (token not in ("en", "to", "ein", "eit", "ett", "eitt")
                                         or following in _WEEK_UNITS):
            # "en", "ein", "eit", "ett" are articles far more often than numbers ("ein del av midlane").
            value = _NUMBER_WORDS[token]
        elif token in _ARTICLES and following in _WEEK_UNITS:
            value = 1
        else:
            continue
        found.append(value * 7 if following in _WEEK_UNITS else value)
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
    ors = [index for index, token in enumerate(tokens) if token in ("eller", "or")]
    if all(not _NOT_A_CHOICE.isdisjoint(tokens[max(0, index - 6):index]) for index in ors):
        # "... som ikke har med spesialpedagogikk eller inkludering å gjøre?": a denial or a relative
        # clause before "eller" lists things; it offers no choice.
        return False
    if not folded:
        return True
    return len(_OR.findall(folded)) > len(_HYPHEN_OR.findall(folded)) + len(_PAIR_OR.findall(folded))


_NOT_A_CHOICE = frozenset({"ikke", "ikkje", "not", "verken", "korkje", "neither", "no", "som", "that", "which",
                           "uten", "utan", "without", "nothing", "ingenting", "ingen", "none"})
# A sentence ends at . ! ? before a lower-case word, unless the dot closes an abbreviation ("kor mange repr. har …").
_SENTENCE_BREAK = re.compile(r"(?<!\brepr)(?<!\bca)(?<!\bjf)(?<!\bnr)(?<!\bevt)(?<!\bdvs)(?<!\bosv)(?<!\binkl)"
                             r"(?<!\bkl)(?<!\bbl\.a)(?<!\bf\.eks)(?<!\bpkt)[.!?]\s+(?=[a-z])")
_WORD = re.compile(r"[a-z]+")


def _passive_verb(token: str) -> bool:
    """A Norwegian passive verb ("beregnes", "fordelast") opens a yes/no question."""
    return len(token) >= 6 and token.endswith(("es", "ast")) and token not in _NOT_VERBS


# Words with a verb's ending that are none: adjectives and nouns a question may open with ("og neste frist?",
# "felles tiltak?", "siste møte?").
_NOT_VERBS = frozenset({"hvordan", "prosess", "process", "interest", "address", "guidelines", "neste", "siste",
                        "forste", "fyrste", "beste", "felles", "ansatte", "tilsette", "eiere", "eigarar", "midler",
                        "midlar", "kommuner", "skoler", "barnehager", "representanter", "ordninger", "frister",
                        "fristene", "datoer", "moter", "regioner", "rektorer", "laerer", "lærer", "lærere",
                        "assistenter", "skoleeiere", "barnehageeiere", "private", "offentlige", "store", "sma", "hele",
                        "heile", "samme", "same", "andre", "nyere", "eldre", "tidligere", "seinare", "senere",
                        "gamle", "nye", "over", "gjeldende", "aktuelle", "regionale", "statlige", "kommunale"})
# A finite verb's endings ("holder", "rekker", "betyr", "møtes", "samarbeidde") and the words that cannot
# follow it as its subject (a noun phrase opener: "Midler til ...?", "Eiere som ...?").
_FINITE_ENDINGS = ("er", "es", "ast", "yr", "te", "de")
# Prepositions: a pronoun after one is no subject ("og året etter det?"); with the conjunctions and relative words,
# nothing that can follow a finite verb as its subject.
PREPOSITIONS = frozenset({"i", "for", "til", "om", "pa", "av", "med", "hos", "fra", "ved", "in", "to", "of", "at", "on",
                          "with", "from", "etter", "under", "uten", "utan", "mellom", "per", "enn", "after", "before",
                          "about", "than", "without"})
_NO_SUBJECT = PREPOSITIONS | {"og", "eller", "som", "and", "or", "who", "that"}


# Words that deny what a question states ("vi slipper å sende noe", "we don't have to"): ``negated``.
_NEGATIONS = frozenset({"ikke", "ikkje", "not", "never", "aldri", "slipper", "sleppe", "slepp", "ingenting",
                        "nothing", "dont", "doesnt", "isnt", "arent", "cannot", "verken", "korkje", "neither"})
_CONTRACTED = frozenset({"don", "doesn", "isn", "aren", "can", "won", "shouldn", "needn", "didn", "haven", "hasn"})
_CONDITIONS = frozenset({"if", "hvis", "dersom", "viss", "om", "when", "nar", "naar", "selv", "sjolv", "even",
                         "after", "etter", "before", "since", "sidan", "siden", "once", "unless", "med", "with"})


# Question words: a message with none of them and a question mark states what it asks about.
WH_WORDS = frozenset({"hva", "hvem", "nar", "naar", "hvor", "hvordan", "hvilken", "hvilke", "hvilket", "hvorfor",
                       "kva", "kven", "kvar", "kor", "korleis", "kvifor", "what", "who", "whom", "when",
                       "where", "how", "which", "why", "whose"})
_SUBJECTS = frozenset({"vi", "me", "de", "dei", "jeg", "eg", "du", "det", "den", "dette", "dere", "man", "we",
                       "they", "it", "you", "this", "that"})


def _statement_asked(tokens: Sequence[str], folded: str) -> bool:
    """"Vi har fått tilsagn for fire år, så vi slipper å sende noe?", "Fristen er 1. februar?": a statement
    with a question mark and no question word asks whether it holds. A bare noun phrase ("Midler til
    koordinator?") does not: it needs a subject or a verb of ``_YESNO_START``."""
    if not folded.rstrip().endswith("?") or len(tokens) < 4 or not WH_WORDS.isdisjoint(tokens):
        return False
    main = list(tokens[1:])
    for index, token in enumerate(main):
        if token in ("som", "who", "which", "that", "der", "where"):  # a relative clause is no main clause
            main = main[:index]
            break
    # A pronoun after a preposition is no subject ("og året etter det?", "and the year after that?").
    return any(token in _YESNO_START or (token in _SUBJECTS and (index == 0 or main[index - 1] not in PREPOSITIONS))
               for index, token in enumerate(main))


# "Møte i samarbeidsforumet i dag?", "deadline tomorrow?": a day named in a question without a question word asks
# whether something is on that day.
_RELATIVE_DAY = re.compile(r"\b(?:i ?dag|i ?morgen|i ?morgon|i ?gar|today|tomorrow|yesterday)\b")


# "Kven skal rapportere – berre kommunane?": a closing "only X?" turns a question word into a yes/no question.
_ONLY_TAIL = re.compile(r"[-–—,:]\s*(?:bare|berre|kun|only|just)\b[^?]{0,80}\?\s*$")


def _day_asked(tokens: Sequence[str], folded: str) -> bool:
    return folded.rstrip().endswith("?") and WH_WORDS.isdisjoint(tokens) and _RELATIVE_DAY.search(folded) is not None


_CLAUSE_BREAK = re.compile(r",|\s[-–—:]\s|:\s")


def _after_condition_asks(tokens: Sequence[str], start: int, folded: str) -> bool:
    """"If they cannot agree, does the County Governor vote?", "Dersom vi ikkje rekk fristen, kan vi søke
    seinare?", "og omvendt – kan ...?", "Ok, men gjelder ...?": after a leading condition or a short lead-in
    and its comma or dash, the main clause asks yes or no."""
    if start >= len(tokens) or "?" not in folded:
        return False
    parts = _CLAUSE_BREAK.split(folded, maxsplit=1)
    if len(parts) < 2:
        return False
    head = _WORD.findall(parts[0])
    if tokens[start] not in _CONDITIONS and len(head) > 3:
        return False
    main = _WORD.findall(parts[1])
    return bool(main) and (main[0] in _YESNO_START or _passive_verb(main[0]) or _verb_first(main, 0, folded))


def _verb_first(tokens: Sequence[str], start: int, folded: str) -> bool:
    """A question opening with a finite verb and then its subject asks yes or no (Norwegian word order:
    "Holder forumene møtene samtidig?", "Rekker vi det?", "Betyr det at ...?"). The verbs of
    ``_YESNO_START`` need no question mark; any other word only counts with one and a subject after it."""
    if "?" not in folded or start + 1 >= len(tokens):
        return False
    word = tokens[start]
    return (len(word) >= 5 and word.endswith(_FINITE_ENDINGS) and word not in _NOT_VERBS and word not in _NO_SUBJECT
            and tokens[start + 1] not in _NO_SUBJECT and not tokens[start + 1].isdigit())


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


# Quantifiers and contrasts (round 5): a claim's "yes" must not survive them unless its data says it holds.
QUANTIFIERS = ("qt_whole", "qt_only", "qt_always", "qt_one", "qt_separate", "qt_different", "qt_never",
               "qt_alltid", "qt_rule")
# Of these, a plain "alltid"/"always" is mostly "as a rule" ("Er fristen alltid 1. februar?"): it turns a yes
# only where the data says so (``flips``), and is no reason to drop one.
SOFT_QUANTIFIERS = frozenset({"qt_alltid", "qt_rule"})
# "som hovedregel", "vanligvis", "as a rule": what normally happens. Soft as "alltid": it turns a claim's yes only
# where the data says so (voting is possible, but the main rule is agreement).
_AS_A_RULE = frozenset({"hovedregel", "hovudregel", "hovedregelen", "hovudregelen", "vanligvis", "vanlegvis",
                        "normalt", "normally", "usually", "ordinarily", "generally"})
_AS_A_RULE_PAIRS = frozenset({("som", "regel"), ("a", "rule"), ("in", "general"), ("i", "regelen"),
                              ("main", "rule"), ("general", "rule")})
_WHOLE = frozenset({"hele", "heile", "whole", "entire", "entirely", "fullt", "full", "fully", "everything",
                    "samtlige"})
_WHOLE_PAIRS = frozenset({("all", "the"), ("all", "of"), ("alle", "pengene"), ("alle", "midlene"),
                          ("alle", "midlane"), ("alle", "pengane"), ("100", "%")})
_ONLY = frozenset({"bare", "berre", "kun", "only", "utelukkende", "utelukkande", "exclusively", "solely", "just",
                   "eneste", "einaste", "sole"})
_ALWAYS = frozenset({"garantert", "garantere", "garanti", "guaranteed", "guarantee",
                     "guarantees", "sikret", "sikra", "certain", "certainly", "definitely", "automatisk",
                     "automatically", "uansett", "regardless", "ubetinget", "ubetinga", "unconditional",
                     "unconditionally"})
# "én"/"éin" arrive as "ett"/"eitt" (the engine reads a stressed article as the number, bot/qa/engine.py).
_ONE = frozenset({"ett", "eitt", "one", "single", "1"})
_ARTICLE = frozenset({"en", "ein", "ei", "a"})
_JOINT_ONE = frozenset({"felles", "joint", "single", "common", "shared"})
_JOINT = frozenset({"felles", "joint", "common", "shared", "same", "samme", "sama", "single", "sammenslatt",
                    "samanslatt", "combined", "merged"})
_SEPARATE_HEAD = frozenset({"egen", "eigen", "eget", "eige", "eigne", "egne", "separate", "separat", "own",
                            "ekstra", "extra", "additional", "dedicated", "saerskilt", "saerskild", "spesiell"})
_POT = ("pott", "pot", "budsjett", "budget", "ramme", "konto", "account", "fund", "post", "kasse", "pool")
_DIFFERENT = frozenset({"annerledes", "anderledes", "forskjellig", "forskjellige", "forskjellsbehandlet",
                        "forskjellsbehandla", "ulikt", "annleis", "annleise", "different", "differently", "otherwise",
                        "unequally", "unequal", "differ"})


def quantifier_concepts(tokens: Sequence[str]) -> set[str]:
    """The quantifiers and contrasts a question states (``QUANTIFIERS``)."""
    found: set[str] = set()
    pairs = set(zip(tokens, tokens[1:], strict=False))
    if not _WHOLE.isdisjoint(tokens) or not _WHOLE_PAIRS.isdisjoint(pairs):
        found.add("qt_whole")
    if not _ONLY.isdisjoint(tokens):
        found.add("qt_only")
    if not _ALWAYS.isdisjoint(tokens):
        found.add("qt_always")
    if "alltid" in tokens or "always" in tokens:
        found.add("qt_alltid")
    if "aldri" in tokens or "never" in tokens:
        found.add("qt_never")
    for first, second in pairs:
        if (first in _ONE and second in _JOINT) or (first in _ARTICLE and second in _JOINT_ONE):
            found.add("qt_one")
        if first in _SEPARATE_HEAD and second.startswith(_POT):
            found.add("qt_separate")
    if any(token in ("separate", "separat", "atskilt", "atskilte", "adskilt", "eigen", "egen") for token in tokens) \
            and any(token.startswith(_POT) for token in tokens):
        found.add("qt_separate")
    if not _DIFFERENT.isdisjoint(tokens):
        found.add("qt_different")
    if not _AS_A_RULE.isdisjoint(tokens) or not _AS_A_RULE_PAIRS.isdisjoint(pairs):
        found.add("qt_rule")
    return found


# A false-premise phrasing around a statement: what it asks about is whether the statement holds.
_PREMISE_HEAD = re.compile(
    r"^\s*(?:(?:hei|hi|ok|okay)[,!.]?\s+)?(?:"
    r"(?:jeg|eg|vi|me|i|we)\s+(?:har\s+|have\s+)?(?:hort|hoyrt|lest|fatt\s+hore|fatt\s+hoyre|forstatt|trodde|"
    r"tror|trur|meiner|mener|heard|read|was\s+told|were\s+told|understand|understood|think|thought|believe)"
    r"(?:\s+(?:fra|fra\s+noen|from\s+someone|somewhere))?(?:\s+(?:at|that))?\s+"
    r"|(?:stemmer|stemmar|er|is|it\s+is)\s+(?:det|dette|it)\s+(?:riktig|rett|sant|korrekt|true|correct|right)?\s*"
    r"(?:at|that)\s+"
    r"|stemmer\s+(?:det|dette)\s+at\s+"
    r"|is\s+it\s+(?:true|correct|right|the\s+case)\s+that\s+"
    r"|am\s+i\s+(?:right|correct)\s+(?:in\s+thinking\s+)?(?:that\s+)?"
    r"|(?:er|e)\s+det\s+(?:ikke\s+|ikkje\s+)?(?:slik|sann|sant|sa)\s+at\s+"
    r"|har\s+(?:jeg|eg)\s+(?:rett|forstatt\s+rett)\s+(?:i\s+)?at\s+"
    r"|(?:(?:jeg|eg|i)\s+)?(?:lurer|lurar|wonder|wondering)\s+(?:pa\s+)?(?:om|if|whether)\s+"
    r"|(?:er\s+det\s+)?(?:riktig|rett|sant|korrekt)\s+at\s+)")
_PREMISE_TAIL = re.compile(
    r"[,;:.\s-]*\b(?:(?:er|is|stemmer|stemmar)\s+(?:det|dette|that|this|it)\s*(?:riktig|rett|sant|korrekt|true|"
    r"correct|right|so)?|stemmer\s+det|ikke\s+sant|ikkje\s+sant|eller|eller\s+hva|eller\s+kva|right|correct|"
    r"true|is\s+that\s+(?:right|correct|true|so)|isn\s*t\s+it|don\s*t\s+they|doesn\s*t\s+it|or\s+not|"
    r"eller\s+ikke|eller\s+ikkje|ja|sant)\s*\?+\s*$")
_VEL = re.compile(r"\b(?:vel|velsagtens)\b")
# "vel" as the particle ("det er vel …", "de har vel …"), not the verb ("… som vel medlemmane"): after a verb.
_VEL_AFTER_VERB = re.compile(r"\b(?:\w+(?:er|ar|ir|yr)|e|ma|vert|vil|gjeld|far|kjem|gar|held|det|den|de|dei|vi|me)"
                             r"\s+(?:vel|velsagtens)\b")


_TAIL_WINDOW = 200
"""A closing "…, er det riktig?" is short: only the text's last characters are searched for it, so that a
long run of separators costs linear time, not a search from every position of the run."""


def _premise_tail(text: str) -> int | None:
    """Where a closing "…, er det riktig?" starts in ``text``, or None."""
    found = _PREMISE_TAIL.search(text, max(0, len(text) - _TAIL_WINDOW))
    return found.start() if found is not None else None


def strip_premise(folded: str) -> str | None:
    """The statement a false-premise phrasing asks about ("jeg har hørt at lederen velges hvert år, er det
    riktig?" -> "lederen velges hvert år?"), or None when the text is no such phrasing. A statement with
    "vel" that ends in a question mark ("Det er vel Statsforvalteren som …?") asks the same."""
    text = folded.strip()
    head = _PREMISE_HEAD.match(text)
    tail = _premise_tail(text)
    if head is None and tail is not None and text.split(maxsplit=1)[0] in WH_WORDS:
        # "Hvor mange nettverk er det?": a question word first; "er det" is word order, no premise.
        tail = None
    if head is None and tail is None:
        # "Det er vel Statsforvalteren som …?"; in "Kven vel leiaren?" "vel" is the verb (nynorsk: elects).
        if text.endswith("?") and _VEL_AFTER_VERB.search(text) and text.split(maxsplit=1)[0] not in WH_WORDS:
            return " ".join(_VEL.sub(" ", text).split())
        return None
    if head is not None:
        text = text[head.end():]
    if tail is not None:
        cut = _premise_tail(text)
        if cut is not None and cut > 0:
            text = text[:cut]
    text = " ".join(_VEL.sub(" ", text).split()).strip(" ,;:-?")
    if len(text.split()) < 2:
        return None
    return text + "?"


def kind_concepts(tokens: Sequence[str], folded: str = "") -> frozenset[str]:
    """The pseudo-concepts of a question's tokens; ``folded`` (its folded text) tells a choice ("A eller
    B?") from a compound pair ("eier- eller myndighetsnivå")."""
    found: set[str] = quantifier_concepts(tokens)
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
    if not _SECOND.isdisjoint(tokens) or any(first in ("to", "two", "2") and second in _YEAR_WORDS
                                             for first, second in zip(tokens, tokens[1:], strict=False)):
        found.add("second")
    if not _MORE.isdisjoint(tokens):
        found.add("more_than")
    if not _PASSED.isdisjoint(tokens) or any(pair in _PASSED_PAIRS for pair in zip(tokens, tokens[1:], strict=False)) or any(
            (first, second) in _PASSED_PAIRS and middle in _PASSED_SUBJECTS
            for first, middle, second in zip(tokens, tokens[1:], tokens[2:], strict=False)):
        found.add("passed_q")
    pairs = {*zip(tokens, tokens[1:], strict=False), *zip(tokens, tokens[2:], strict=False)} & _OPEN_PAIRS
    if not _OPEN.isdisjoint(tokens) or pairs:
        found.add("open_q")
    if any(second in ("tid", "time") for _, second in pairs):
        found.add("deadline")  # "Har vi fortsatt tid til å sende ...?" asks about the deadline
    if any(first == "lov" and second in ("a", "aa", "til", "og") for first, second in zip(tokens, tokens[1:], strict=False)):
        found.add("allowed")  # "er det lov å bruke …?": whether it is allowed, no law
    if not _MUST.isdisjoint(tokens) or any(pair in _MUST_PAIRS for pair in zip(tokens, tokens[1:], strict=False)):
        found.add("asks_must")
    elif not _MAY.isdisjoint(tokens):
        found.add("asks_may")
    if not _THREE.isdisjoint(tokens):
        found.add("three")
    if not _NEGATIONS.isdisjoint(tokens) or any(first in _CONTRACTED and second == "t"
                                               for first, second in zip(tokens, tokens[1:], strict=False)):
        found.add("negated")
    start = 0
    while start < len(tokens) and tokens[start] in _LEAD_IN:
        start += 1
    if (start < len(tokens) and (tokens[start] in _YESNO_START or _passive_verb(tokens[start])
                                 or _verb_first(tokens, start, folded))
            or _later_sentence_asks(folded) or _TAIL_YESNO.search(folded) is not None
            or _after_condition_asks(tokens, start, folded) or _statement_asked(tokens, folded)
            or _day_asked(tokens, folded) or _ONLY_TAIL.search(folded) is not None):
        # "Rapporterer vi per tiltak eller per partnerskap?" asks to choose, not yes or no.
        found.add("choice" if _asks_to_choose(tokens, folded) else "yesno")
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


# "… hvordan kompetansebehov kan møtes", "how needs can be met": "meet" is a verb of the needs, not a meeting.
_MEET_VERBS = frozenset({"motes", "motast", "mottes", "met", "meet", "meets", "imotekommes", "imotekomast"})
_MEETING_NOUNS = frozenset({"mote", "motet", "motene", "mota", "moter", "meeting", "meetings", "motedag",
                            "motedato", "motedatoen"})


def meets_needs(tokens: Sequence[str]) -> bool:
    """Whether "møtes/møtast/met" is said of needs ("behov … kan møtes"), with no meeting named as a noun."""
    if not _MEETING_NOUNS.isdisjoint(tokens):
        return False
    for index, token in enumerate(tokens):
        if token in _MEET_VERBS:
            before = tokens[max(0, index - 6):index]
            if any("behov" in word or word in ("needs", "need") for word in before):
                return True
    return False
