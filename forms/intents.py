"""What a message about the needs report wants, before any form is open: a pure matcher.

``needs_report_intent("jeg skal sende behovsmelding for valdres")`` -> ``Intent("start", network
hint "valdres")``. Kinds:

* ``start``    start a report, or offer it ("kan jeg melde behov her?" starts too: the answer is yes)
* ``how``      a question about how reporting works ("hvordan melder jeg behov?"): answer, then offer
* ``continue`` take up the draft ("fortsett", "hvor var jeg", "hei igjen, hvor var jeg?")
* ``list``     the person's own reports ("mine behovsmeldinger")
* ``change``   change a submitted report ("endre bm-2027-1"; ``reference`` is ``BM-2027-0001``)

Bokmål, nynorsk and English, forgiving about case, punctuation, filler words ("ok.", "hei,") and
small typos in the key words ("behovsmeldng", "behvo"). Anything about the annual report
(årsrapport) is not the needs report, and a long message is a question about the plan, not a
command.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from forms.text import fold

MAX_INTENT_CHARS = 200


@dataclass(frozen=True)
class Intent:
    kind: str
    reference: str | None = None
    hint: str | None = None
    """Words after "for" ("for valdres"): a network the person named, for the caller to try."""


# The key nouns and verbs, folded (æøå -> ae o a). Typos are matched by edit distance on tokens.
_REPORT_NOUNS = ("behovsmelding", "behovsmeldingen", "behovsmeldinga", "behovsmeldinger", "behovsmeldingar",
                 "behovsmeldingane", "behovsmeldingene")
_NEED_NOUNS = ("behov", "behovet", "kompetansebehov")
_REPORT_VERBS = ("meld", "melde", "melder", "meldte", "melda", "registrere", "registrer")
_SEND_VERBS = ("send", "sende", "sender", "levere", "lever", "fylle", "fyll", "lage", "lag", "lager",
               "start", "starte", "begynne", "begynn", "opprette", "opprett", "skrive", "skriv", "ny", "nytt",
               "ei", "en", "sok", "soke", "soker", "gjere", "gjore", "byrje", "laga", "senda", "fylla",
               "submit", "fill", "file", "create", "make", "write", "new", "begin", "apply")
_MONEY = ("midler", "midlar", "tilskudd", "tilskot", "penger", "pengar", "kompetansemidler", "kompetansemidlar")
_HOW = ("hvordan", "korleis", "how", "hva ma", "kva ma", "hvor", "kvar")
_NOT_THIS = ("arsrapport", "arsrapporten", "arsrapportering", "annual", "rapportering", "sluttrapport",
             # the secretariat's commands about reports are not a report of one's own
             "eksport", "export", "purr", "statistikk", "innstilling", "kampanje", "tildel", "fordel")
_ENGLISH_REPORT = re.compile(r"\bneeds? (?:report|assessment)s?\b|\breport (?:our |a |the )?needs?\b"
                             r"|\bapply for (?:funds|funding|money|a grant)\b")
_CONTINUE = re.compile(r"^(?:(?:ok|ja|hei|hallo|heisann|hei igjen|hallo igjen|god morgen|hi|hello|hey|hi again)"
                       r"\s+)*(?:(?:vi |jeg |eg |lets |let s )?(?:fortsett\w*|fortset|hald fram|halde fram|"
                       r"continue|resume|ta opp igjen|jobbe videre|jobbe vidare)"
                       r"(?: (?:med |pa |with |the )?(?:behovsmelding\w*|utkast\w*|draft|report|needs report"
                       r"|der jeg slapp|der eg slapp|where i left off|skjema\w*))?"
                       r"|hvor var (?:jeg|vi)|kor var (?:eg|vi)|kvar var (?:eg|vi)|where (?:was i|were we)"
                       r"|hvor kom jeg|hvor slapp jeg|kor slapp eg|where did i (?:stop|leave off))$")
_LIST = re.compile(r"^(?:vis |show |se )?(?:mine|my|mi|mitt) (?:innsendte |sendte |submitted )?"
                   r"(?:behovsmeldinger|behovsmeldingar|behovsmelding\w*|needs reports?|reports?)$"
                   r"|^(?:hva|kva|what) (?:har jeg|har eg|have i) (?:sendt|meldt|sent|submitted)")
_CHANGE = re.compile(r"^(?:endre|endra|rediger|redigere|oppdater|oppdatere|change|edit|update|rette|korriger)"
                     r" (?:pa |behovsmelding\w* |report |needs report )?bm (?P<year>\d{4}) (?P<number>\d{1,6})$")
_FILLER = re.compile(r"^(?:(?:ok|okei|okay|ja|jo|hei|hallo|heisann|hi|hello|hey|sa|da|nei|takk|god morgen)\s+)+")
_QUESTION_WORDS = re.compile(r"\b(?:nar|naar|kva tid|kor tid|hva er|kva er|hvilken|hvilke|hvilket|kva for|when|what|"
                             r"which|who|whom|hvem|kven|hvor mye|hvor mange|kor mykje|kor mange|how much|how many|"
                             r"how long|hvor lenge|kor lenge|hvorfor|kvifor|why)\b")
_FACT_WORDS = frozenset({"dato", "date", "dates", "utsettelse", "utsetjing", "extension", "mal", "malen", "malene",
                         "malane", "malar", "maler", "template", "templates", "begrunnelse", "grunngjeving",
                         "justification", "tilsagn", "egenandel", "eigendel", "prosent", "percent"})
_FACT_STEMS = ("frist", "deadline")
_FACT_PHRASES = re.compile(r"\b(?:for seint|for sent|too late|in time|i tide|betre tid|bedre tid|fortsatt tid|"
                           r"framleis tid|enno tid|still time)\b")
_YES_NO_OPENINGS = ("er ", "ma ", "matte ", "skal vi ha", "gjelder ", "gjeld ", "har ", "holder ", "held ", "is ",
                    "are ", "does ", "do ", "must ", "should ", "has ", "have ", "will ", "rekker ", "rekk ",
                    "betyr ", "tyder ", "trenger ", "treng ", "slipper ", "slepp ", "blir ", "kommer ", "og ",
                    "men ", "would ", "could ")
_IMPERATIVES = frozenset({"meld", "send", "fyll", "lag", "start", "lever", "opprett", "skriv", "registrer", "submit",
                          "fill", "create", "report", "file", "make", "write", "begin"})
# A question that names a day or a condition asks whether something is allowed or in time ("kan vi sende
# behovsmeldingen 3. februar?", "... hvis vi sender den i dag?"), not for the form.
_WHEN_OR_IF = re.compile(r"\b(?:\d{1,2}\.? ?(?:[a-z]{3,9})|\d{1,2}[./]\d{1,2}|i dag|i morgen|i kveld|idag|imorgen|"
                         r"today|tomorrow|tonight|neste uke|neste veke|next week|etter fristen|after the deadline|"
                         r"hvis|dersom|viss|om vi|om me|if we|if i|januar|februar|mars|april|mai|juni|juli|"
                         r"august|september|oktober|november|desember|january|february|march|june|july|october|"
                         r"december|mandag|tirsdag|tysdag|onsdag|torsdag|fredag|lordag|laurdag|sondag|sundag|"
                         r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b")
# Who a question is about: the asker (or the bot asked to help) wants to report; anyone else's duties,
# rights or money are a question about the rules ("Får eit kompetansenettverk midlar utan å melde behov?").
_ASKER = frozenset({"jeg", "eg", "vi", "me", "i", "we", "du", "you", "dere", "de"})
_VERBS_FIRST = frozenset({"kan", "far", "fa", "ma", "skal", "bor", "burde", "trenger", "treng", "can", "may", "could",
                          "should", "must", "do", "does", "will", "is", "are", "blir", "vert"})
_WITHOUT = frozenset({"uten", "utan", "without"})
_HOW_MUCH = ("how many", "how much", "how long", "how often", "hvordan mange")
_FOR = re.compile(r"\bfor (?P<hint>[a-z][a-z -]{1,40})$")


def normalise_reference(year: str | int, number: str | int) -> str:
    """``("2027", "1")`` -> ``"BM-2027-0001"`` (how references are stored)."""
    return f"BM-{int(year)}-{int(number):04d}"


def _near(token: str, words: tuple[str, ...], *, max_distance: int = 1) -> bool:
    if token in words:
        return True
    if len(token) < 4:
        return False
    limit = 2 if len(token) >= 10 else max_distance
    return any(abs(len(token) - len(word)) <= limit and Levenshtein.distance(token, word, score_cutoff=limit) <= limit
               for word in words if len(word) >= 5)


def _has(tokens: list[str], words: tuple[str, ...]) -> bool:
    return any(_near(token, words) for token in tokens)


def _asks_about_the_plan(core: str, tokens: list[str], *, question_mark: bool = False) -> bool:
    """A question about the reporting (its deadline, templates, rules), not a wish to report now.

    "Vi skal sende inn behovsmelding for 2027. Hva er fristen?", "har vi fortsatt tid til å sende
    behovsmeldinga?", "is it too late to submit our needs report?", "må vi sende full behovsmelding
    hvert år?": a question word anywhere, a fact the plan gives (a deadline, templates, an
    extension), a yes/no question about a rule, a question that names a day or a condition ("kan vi
    sende behovsmeldingen 3. februar?"), one about doing without something ("... uten å melde behov?") or
    one about someone else than the asker ("kan nettverket melde behov direkte til Udir?"). "kan jeg melde
    behov her?" stays a wish to start.
    """
    if question_mark and _WHEN_OR_IF.search(core) and tokens[0] not in _IMPERATIVES:
        return True
    if question_mark and (not _WITHOUT.isdisjoint(tokens)
                          or (tokens[0] in _VERBS_FIRST and len(tokens) > 1 and tokens[1] not in _ASKER)):
        return True  # a rule: what one may do without something, or what someone else must, may or gets
    if _QUESTION_WORDS.search(core) or any(token in _FACT_WORDS or token.startswith(_FACT_STEMS) for token in tokens):
        return True
    if _FACT_PHRASES.search(core):
        return True
    if core.startswith(_YES_NO_OPENINGS):
        return True
    may_i = core.startswith(("kan jeg", "kan eg", "kan vi", "kan me", "can i", "can we"))
    return may_i and (len(tokens) > 7 or any(token in ("uten", "utan", "without", "eller", "or") for token in tokens))


def needs_report_intent(text: str) -> Intent | None:
    """What the message wants of the needs report, or None when it is about something else."""
    if not text or len(text) > MAX_INTENT_CHARS:
        return None
    folded = fold(text)
    if not folded:
        return None
    change = _CHANGE.match(folded)
    if change:
        return Intent("change", reference=normalise_reference(change.group("year"), change.group("number")))
    if _CONTINUE.match(folded):
        return Intent("continue")
    if _LIST.match(folded):
        return Intent("list")
    core = _FILLER.sub("", folded)
    tokens = core.split()
    if not tokens or any(token.startswith(_NOT_THIS) for token in tokens):
        return None
    hint_match = _FOR.search(core)
    hint = hint_match.group("hint").strip() if hint_match else None
    about_report = (tokens in (["behov"], ["nytt", "behov"], ["nye", "behov"]) or _has(tokens, _REPORT_NOUNS)
                    or bool(_ENGLISH_REPORT.search(core)))
    about_need = _has(tokens, _NEED_NOUNS) and any(token in _REPORT_VERBS for token in tokens)
    about_money = _has(tokens, _MONEY) and any(token in ("sok", "soke", "soker", "soknad", "sokje", "sokjer", "apply")
                                                for token in tokens)
    if not (about_report or about_need or about_money):
        return None
    asks_how = (tokens[0] in ("hvordan", "korleis", "how") and not core.startswith(_HOW_MUCH)) or core.startswith(
        ("hva ma jeg", "kva ma eg", "what do i", "hvor melder", "kor melder", "kvar melder", "where do i",
         "where do we", "where can", "where should", "hvor soker", "hvor soke", "kor soker", "kvar soker",
         "kvar sokjer", "hvor kan", "kvar kan", "kor kan", "hvor skal", "kvar skal", "hvor sender", "kvar sender"))
    if asks_how:
        return Intent("how", hint=hint)
    if _asks_about_the_plan(core, tokens, question_mark="?" in text):
        return None
    # A long question that merely mentions the report ("hva er fristen for behovsmelding?") is for
    # the plan Q&A; an imperative or a wish ("send inn behovsmelding", "jeg vil melde behov") starts.
    # Verbs match exactly ("sendt" is a status, not a wish to send); nouns forgive typos.
    wants = (len(tokens) <= 3 or any(token in _SEND_VERBS or token in _REPORT_VERBS for token in tokens)
             or bool(re.match(r"^(?:jeg|eg|vi|me|i|we|i d|id) (?:vil|skal|ma|onsker|ynskjer|want|would like|like|need|"
                              r"have to|must|will)\b", core))
             or core.startswith(("kan jeg", "kan eg", "kan vi", "kan me", "can i", "can we")))
    if not wants or core.startswith(("hva er", "kva er", "nar er", "kva tid", "what is", "when is", "hvem",
                                     "kven", "who")):
        return None
    return Intent("start", hint=hint)
