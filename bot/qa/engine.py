"""QuestionAnswerer: from a question and today's date to a short, dated, sourced answer."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from bot.calendar import LANGUAGES, NorwegianCalendar, month_name
from bot.qa.answer import Answer
from bot.qa.checks import Checks
from bot.qa.claims import Claim, Claims
from bot.qa.concepts import ConceptMatcher
from bot.qa.details import DetailCheck, DetailType, drop_said
from bot.qa.facts import QaFacts
from bot.qa.followups import FollowUps
from bot.qa.intents import OUTSIDE, IntentClassifier, Match
from bot.qa.kinds import QUANTIFIERS, WH_WORDS, kind_concepts, meets_needs, strip_premise
from bot.qa.language import LanguageDetector
from bot.qa.lexicon import COMMON_WORDS, CONCEPTS, EXPLAINING
from bot.qa.limits import DROP, FLIP, KEEP, Limit, Limits
from bot.qa.normalize import Corrector, fold, tokenize
from bot.qa.responder import Question, Reply, Responder, wording_key
from bot.qa.restates import restated
from bot.qa.retrieval import Passage, PassageIndex, stem
from bot.qa.slots import NetworkNames, Slots, extract_slots, stated_amount
from bot.rendering import render, template_environment

# Inflection endings after a known stem ("innstilling|ene", "koordinator|en").
_ENDINGS = frozenset({"e", "en", "er", "et", "es", "a", "ar", "ane", "ene", "ens", "ers", "t", "te", "ne",
                      "ast", "ing", "inga", "ingen", "inger", "ingar", "ingane", "ingene", "r", "re", "ere", "ende",
                      "ande", "ed", "ings"})
# English inflection endings: "cover|ing", "plan|ned" (see ``_inflected``); a Norwegian "-s" is left to
# typo correction ("statpeds" -> "statped").
_ENGLISH_ENDINGS = ("ing", "ed")
# Words about the plan itself ("hva sier planen om ..."): no content for the passage search.
_META_WORDS = frozenset({"plan", "planen", "planens", "planene", "sier", "seier", "star", "skriver", "skriv",
                         "says", "say", "write", "writes", "written", "mention", "mentions", "nevner", "nemner",
                         "about", "regarding", "innhold", "inneholder"})
# A passage is quoted only when it covers this share of the question's weight ...
PASSAGE_MIN_COVERAGE = 0.62
# ... and matches at least this many of its content terms,
PASSAGE_MIN_TERMS = 2
# ... or a single rare word that is nearly all a "what does the plan say about ..." question asks.
PASSAGE_SINGLE_WORD_COVERAGE = 0.9
_QUESTION_START = frozenset(fold(word) for word in (
    "hva", "hvem", "hvor", "hvordan", "hvilken", "hvilke", "hvilket", "hvorfor", "når", "kva", "kven", "kvar",
    "kor", "korleis", "kvifor", "kva", "what", "when", "who", "where", "how", "which", "why", "kan", "can",
    "er", "is", "are", "does", "do", "skal", "må", "får", "gjelder", "gjeld", "blir", "will", "should",
    "must", "may", "har", "has", "have"))
# The concept that names each deadline of the wheel (for dates quoted in a question).
_DEADLINE_CONCEPTS = {"arsrapport": "report", "behovsmelding": "needs", "innstilling": "innstilling",
                      "utbetaling": "payment"}
_QUANTIFIER_CONCEPTS = frozenset(QUANTIFIERS)
_NAMED_DEADLINES = frozenset(_DEADLINE_CONCEPTS.values())
# A span of years named in a question ("2026–2029"), and the plan's own period (section 7).
_PERIOD = re.compile(r"\b(20\d\d)\s*[-–—/]\s*(20\d\d)\b")
_PLAN_PERIOD = (2022, 2025)
_PLURAL_DEADLINES = frozenset({"fristene", "fristane", "frister", "fristar", "deadlines", "datoene", "datoane", "dates"})
_SENTENCE_END = re.compile(r"\?\s*$")
# Where a message asks a new question: after a question mark, or at ", og hvem ...", " and when ...".
MAX_QUESTION_CHARS = 8_000
"""The most of a question the answerer reads (the router refuses longer messages)."""

_PART_SPLIT = re.compile(
    r"(?<=\?)\s+|(?:,|(?<![\s,]))\s+(?:og|and|samt|men|but)\s+(?=(?:(?:i|in|for|til|på|pa|av|med|fra|om|hos|to|of|at|"
    r"with|from)\s+)?(?:hva|hvem|når|nar|naar|hvor|hvordan|hvilke|hvilken|hvilket|kva|kven|kor|"
    r"korleis|kvar|what|who|when|where|how|which|kan|er|skal|må|får|har|blir|can|is|are|does|do|should|must|has|"
    r"have|will)\b)",
    re.IGNORECASE)
_SENTENCES = re.compile(r"(?<=[.!?])\s+")
# The yes or no a reply leads with ("Ja. ", "Nei, inntil 20 %. "), and where a lead sentence ends.
_LEAD = re.compile(r"^(Ja|Nei|Yes|No)([.,!])\s*")
_LEAD_SENTENCE_END = re.compile(r"(?<!\d)[.:!]\s+(?=[A-ZÆØÅ«(\d])")
# Words that make a question more than a restatement of a plan sentence: an alternative, a comparison or an
# exception ("andre tema enn", "uten å melde behov"); such a yes/no question is never affirmed by coverage.
_NOT_RESTATED = frozenset(fold(word) for word in (
    "eller", "or", "enn", "than", "uten", "utan", "without", "unntatt", "except", "utenom", "bortsett",
    "andre", "annen", "anna", "annet", "anne", "other", "another", "else", "istedenfor", "instead",
    # "their own", "hvert sitt", "the same": whether things are separate or shared, which coverage cannot tell.
    "own", "sitt", "sin", "sine", "si", "eget", "eige", "egne", "eigne", "same", "samme", "sama", "separate"))
# Checks that compare a number the question names with the plan's (bot/qa/checks.py).
_NUMERIC_CHECKS = frozenset({"percent", "years", "days", "month", "weekday"})
# A reply whose first sentence holds one of these denies something; coverage never affirms it.
_DENIALS = frozenset({"ikke", "ikkje", "not", "no", "ingen", "none", "never", "aldri", "inga", "intet", "nothing"})
# Auxiliaries and pronouns of a yes/no question: not part of what it asks.
_YES_NO_WORDS = frozenset(fold(word) for word in (
    "må", "skal", "kan", "får", "blir", "vert", "bli", "har", "gjelder", "gjeld", "finnes", "fins", "skje",
    "will", "must", "should", "can", "does", "get", "there", "være", "vere", "be", "also", "også", "òg",
    "dere", "vår", "vårt", "våre", "our", "your", "you", "they", "them", "their"))
# How a yes/no question opens (a verb first): a question that opens otherwise is never affirmed by coverage.
_YES_NO_OPENERS = frozenset(fold(word) for word in (
    "må", "skal", "kan", "får", "blir", "vert", "gjelder", "gjeld", "har", "er", "finnes", "fins", "bør",
    "inngår", "omfatter", "inkluderer", "sender", "tar", "betyr", "tyder", "stemmer", "trenger", "treng",
    "is", "are", "does", "do", "will", "must", "should", "can", "may", "has", "have", "shall", "could",
    "would", "might"))
# "Er det X som ...?": who does something; settled by the role checks, never by coverage.
_IT_IS_SHAPE = re.compile(r"^(?:er|e|is|was|var) (?:det|it|den|dette)\b")
# A stressed article is the number one ("én felles leder", "éin rapport"): read as "ett"/"eitt".
_STRESSED_ONE = re.compile(r"\b[éÉ]([iI]?)[nN]\b")
_HOW_MANY_PERCENT = re.compile(r"\b(?:mange|many)\s+(?:prosent|percent|%)")
# An unexplained word right after one of these is probably what the question is about.
_PREPOSITIONS = frozenset({"i", "for", "til", "om", "pa", "av", "med", "hos", "fra", "ved", "in", "to", "about",
                           "at", "on", "of", "with", "from"})


def _collect_strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _collect_strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _collect_strings(item)


@dataclass(frozen=True)
class _Reading:
    """What a question's text says, whatever the date: folded text, corrected tokens, concepts found,
    positions of unexplained content words, and the language."""

    folded: str
    tokens: list[str]
    concepts: frozenset[str]
    unknown: list[int]
    language: str
    corrected: bool  # some word was changed by typo correction


class QuestionAnswerer:
    """Answers questions about the plan in bokmål, nynorsk and English.

    Construction does the heavy work (vocabulary, concept tables, passage index, holiday tables);
    ``answer`` only looks things up.
    """

    def __init__(self, plan_data: Mapping[str, Any], *, calendar: NorwegianCalendar | None = None) -> None:
        self._facts = QaFacts(plan_data)
        self._calendar = calendar or NorwegianCalendar()  # holidays per year, computed when first asked
        self._matcher = ConceptMatcher(CONCEPTS, EXPLAINING)
        self._networks = NetworkNames(self._facts.networks)
        self._language = LanguageDetector()
        self._classifier = IntentClassifier()
        self._responder = Responder(self._facts, self._calendar)
        self._percent_facts = _percent_facts(self._facts)
        qa_table = plan_data.get("qa", {})
        self._claims = Claims(qa_table.get("claims", []) if isinstance(qa_table, Mapping) else [])
        self._details = DetailCheck(qa_table.get("detail_types", []) if isinstance(qa_table, Mapping) else [],
                                    qa_table.get("detail_answers", []) if isinstance(qa_table, Mapping) else [])
        self._followups = FollowUps(qa_table.get("followups", []) if isinstance(qa_table, Mapping) else [])
        self._checks = Checks(qa_table.get("checks", []) if isinstance(qa_table, Mapping) else [])
        self._limits = Limits(qa_table.get("limits", []) if isinstance(qa_table, Mapping) else [])
        # How a claim's answer starts (polarity words of claim.j2 included), to tell two claimed parts apart.
        self._claim_texts = ("Ja. ", "Nei. ", "Yes. ", "No. ", *self._claims.texts())
        self._common = frozenset(fold(word) for word in COMMON_WORDS)

        plan_words: set[str] = set()
        for text in _collect_strings(plan_data.get("qa", {})):
            plan_words.update(tokenize(fold(text)))
        for text in _collect_strings(plan_data.get("deadlines", [])):
            plan_words.update(tokenize(fold(text)))
        environment = template_environment()
        template_words: set[str] = set()
        for name in environment.list_templates(filter_func=lambda item: item.startswith("qa/")):
            source = environment.loader.get_source(environment, name)[0] if environment.loader else ""
            template_words.update(tokenize(fold(source)))
        vocabulary = (set(self._matcher.words) | self._common | plan_words | template_words
                      | self._networks.words)
        vocabulary |= {fold(month_name(number, language)) for number in range(1, 13) for language in ("nb", "en")}
        lexicon_words = self._matcher.words_of(EXPLAINING)
        # Words a compound may be made of: the plan's own words and the lexicon's plan-specific words.
        self._plan_words = frozenset(word for word in lexicon_words | plan_words if len(word) > 2)
        self._corrector = Corrector((word for word in vocabulary if len(word) > 1), preferred=lexicon_words,
                                    second=plan_words)
        self._tokens: dict[str, tuple[str, bool]] = {}
        self._readings: dict[str, _Reading] = {}
        self._part_lists: dict[str, tuple[str, ...]] = {}  # ``_parts`` per question text
        # Rendered replies, keyed by what they depend on (see ``_reply``).
        self._replies: dict[tuple[Any, ...], tuple[str, tuple[str, ...], bool]] = {}

        documents = [self._passage_terms(passage) for passage in self._facts.passages]
        self._index = PassageIndex(self._facts.passages, documents)
        # The macros are loaded once and handed to every reply template as ``m``.
        self._macros: dict[str, Any] = {language: environment.get_template(f"qa/{language}/_macros.j2").module
                                        for language in LANGUAGES}
        # Compile every reply template now (from the shared environment of bot.rendering): compiling on
        # first use would put milliseconds into answers, and looking a template up per answer costs a
        # file-system check.
        self._templates = {name: environment.get_template(name)
                           for name in environment.list_templates(
                               filter_func=lambda item: item.startswith("qa/") and item.endswith(".j2"))}
        self._citations: dict[tuple[str, tuple[str, ...]], str] = {}

    # --- understanding ------------------------------------------------------------------------------
    def _passage_terms(self, passage: Passage) -> list[str]:
        tokens = tokenize(fold(passage.text))
        hits = self._matcher.match(tokens)
        terms = [stem(token) for token in tokens if self._is_content(token)]
        terms.extend("#" + concept for concept in hits.concepts if concept in EXPLAINING)
        return terms

    def _is_content(self, token: str) -> bool:
        return len(token) > 2 and not token.isdigit() and token not in self._common

    def _token(self, token: str) -> tuple[str, bool]:
        """(the token after typo correction, whether it is a content word the vocabulary lacks)."""
        info = self._tokens.get(token)
        if info is None:
            corrected = self._correct(token)
            info = (corrected, self._is_content(corrected) and not self._corrector.is_known(corrected)
                     and not self._compound(corrected) and not self._inflected(corrected))
            if len(self._tokens) >= 100_000:
                self._tokens.clear()
            self._tokens[token] = info
        return info

    def _correct(self, token: str) -> str:
        if token.isdigit() or token == "%" or self._corrector.is_known(token) or self._compound(token):
            return token
        if self._inflected(token):
            # "covering" is "cover" inflected, not a typo of "catering".
            return token
        if self._matcher.token(token)[1]:
            # A compound with a plan word in it ("årsrapportfrist") is understood as it stands.
            return token
        corrected = self._corrector.correct(token)
        return corrected if corrected is not None else token

    def _inflected(self, token: str) -> bool:
        """Whether a token is a known English word with an inflection ending ("covering", "planned"): a
        word of its own, which typo correction must not turn into another known word ("catering")."""
        for ending in _ENGLISH_ENDINGS:
            base = token[:-len(ending)]
            if token.endswith(ending) and len(base) >= 3 and (
                    self._corrector.is_known(base) or self._corrector.is_known(base + "e")
                    or (len(base) > 3 and base[-1] == base[-2] and self._corrector.is_known(base[:-1]))):
                return True
        return False

    def _compound(self, token: str) -> bool:
        """Whether a token is a known stem plus a known word or an ending ("tilskudds|midlene", "frist|en"),
        so it is understood as it stands. "barnehage|plass" is not: "plass" is no word of the plan."""
        for head, rest, rest_is_free in self._matcher.splits(token):
            part = rest.removeprefix("s") if rest_is_free else head.removesuffix("s")
            if not part or part in _ENDINGS or part in self._plan_words:
                return True
        return False

    def _read(self, question: str) -> _Reading:
        """The part of understanding that does not depend on today; memoised per question text."""
        reading = self._readings.get(question)
        if reading is None:
            folded = fold(_STRESSED_ONE.sub(lambda match: "eitt" if match.group(1) else "ett", question))
            # "Jeg har hørt at …, er det riktig?": the statement is what the yes/no question asks about.
            statement = strip_premise(folded)
            if statement is not None:
                folded = statement
            raw_tokens = tokenize(folded)
            infos = [self._token(token) for token in raw_tokens]
            tokens = [corrected for corrected, _ in infos]
            hits = self._matcher.match(tokens)
            concepts = set(hits.concepts) | kind_concepts(tokens, folded)
            if "q_when" in concepts and (not _QUESTION_WORDS.isdisjoint(concepts - {"q_when"}) or (
                    "yesno" in concepts and tokens[:1] != ["nar"] and " ".join(tokens[:2]) not in _ASKS_TO_TELL)
            ) and _when_joins(tokens):
                # "Kva kan resten brukast til når koordinatoren er betalt?": "når" joins a clause, asks no date.
                concepts.discard("q_when")
            if stated_amount(folded) is not None:
                # "Vi får 600 000 kr ...; hvor stor er egenandelen?": a sum given, a share of it asked.
                concepts.add("stated_amount")
            if statement is not None:
                concepts |= {"yesno", "premise"}
            if "q_howmany" in concepts and "percent" in concepts and _HOW_MANY_PERCENT.search(folded):
                # "kor mange prosent kan overførast?" asks how much (a share), not how many.
                concepts.discard("q_howmany")
                concepts.add("q_howmuch")
            if "meeting" in concepts and meets_needs(tokens):
                # "hvordan kompetansebehov kan møtes": the needs are met, no meeting is asked about.
                concepts -= {"meeting", "held", "meeting_not_deadline"}
            if "ambiguous_mal" in concepts and "mål" in question.casefold():
                concepts.discard("ambiguous_mal")
                concepts.add("goal")
            unknown = [index for index, (_, lacking) in enumerate(infos) if lacking and index not in hits.explained]
            reading = _Reading(folded, tokens, frozenset(concepts), unknown,
                               self._language.detect(question, tokenize(fold(question))),
                               any(raw != fixed and not _inflection_of(raw, fixed)
                                   for raw, fixed in zip(raw_tokens, tokens, strict=True)))
            if len(self._readings) >= 50_000:
                self._readings.clear()
            self._readings[question] = reading
        return reading

    def _understand(self, question: str, today: date, previous: Question | None = None,
                    extra: frozenset[str] = frozenset(), language: str | None = None,
                    ) -> tuple[Question, Match | None, list[int], list[str]]:
        """The question, the best rule, the unexplained words and the tokens. A match that leans on a
        typo correction counts as weak evidence (generic). With ``previous`` the question is a follow-up
        ("og i regional ordning?"): it keeps the previous question's topic and replaces what it names."""
        reading = self._read(question)
        folded, tokens = reading.folded, reading.tokens
        concepts = set(reading.concepts)
        slots = extract_slots(folded, tokens, reading.concepts, today, self._networks)
        if previous is not None:
            if " ".join(tokens[:2]) in _WHAT_ABOUT or " ".join(tokens[1:3]) in _WHAT_ABOUT:
                # "og hva med innstillingen?" after "når er fristen …?": "hva" asks nothing new; the previous
                # way of asking ("når") stays.
                concepts -= {"q_what", "q_how"}
            concepts, slots = _merge_followup(previous, concepts, slots)
        concepts |= extra
        concepts |= _pseudo_concepts(slots, concepts)
        for value in slots.percents:
            names = self._percent_facts.get(value, ())
            concepts.update(f"value_{name}" for name in names)
            if len(names) == 1:
                concepts.add(f"value_only_{names[0]}")
        named = set(_DEADLINE_CONCEPTS.values()) & concepts
        for mentioned in () if named else slots.dates:
            # A date that is a deadline of the wheel stands for that deadline ("Er 1. februar en søndag?"),
            # and so does a one-off date the plan gives for one ("10.01.23").
            for deadline in self._facts.deadlines:
                if deadline.id not in _DEADLINE_CONCEPTS:
                    continue
                if deadline.rule.in_year(mentioned.year) == mentioned or any(
                        conflict.fixed == mentioned for conflict in deadline.conflicts):
                    concepts |= {_DEADLINE_CONCEPTS[deadline.id], "deadline"}
        frozen = frozenset(concepts)
        understood = Question(question, language or reading.language, today, frozen, slots)
        match = self._classifier.classify(frozen)
        if match is not None and reading.corrected and reading.unknown and not match.generic:
            match = Match(match.intent, match.score, True, match.strict)
        return understood, match, list(reading.unknown), list(tokens)

    # --- public API ------------------------------------------------------------------------------
    @staticmethod
    def _blocking(tokens: list[str], unknown: list[int], strict: bool = False) -> bool:
        """Whether unexplained words may be what the question is about (so a weak match is not trusted)."""
        if len(unknown) >= 2 or (strict and unknown):
            return True
        for index in unknown:
            # "i borettslaget", "for den nye skattemeldingen": a preposition one or two words before.
            before = tokens[max(0, index - 2):index]
            if any(word in _PREPOSITIONS for word in before):
                return True
        return False

    def answer(self, question: str, today: date, context: Sequence[str] = ()) -> Answer:
        """The answer to ``question``. ``context`` holds the conversation's previous questions (oldest first,
        as ``Answer.context`` returned them): a short follow-up ("og i regional ordning?") keeps their topic.
        A question of several parts ("Hvor stor er egenandelen, og hvem betaler den?") gets every part
        answered. Only the first ``MAX_QUESTION_CHARS`` characters are read: no question is longer, and
        the work on text from outside stays bounded."""
        question = question[:MAX_QUESTION_CHARS]
        previous = self._context_question(context, today)
        parts = self._parts(question)
        if len(parts) > 1:
            combined = self._answer_parts(question, parts, today, previous)
            if combined is not None:
                return combined
        if previous is not None:
            resolved = self._resolve_followup(question, today, previous)
            if resolved is not None:
                return replace(resolved, context=(*context, question)[-CONTEXT_KEEP:])
        standalone, understood = self._answer_one(question, today)
        if (previous is not None and standalone.intent == "deadline_next"
                and _NAMED_DEADLINES.isdisjoint(understood.concepts) and not _NAMED_DEADLINES.isdisjoint(previous.concepts)
                and _PLURAL_DEADLINES.isdisjoint(self._read(question).tokens)):
            # "Er fristen passert?" after "Når er fristen for utbetaling?": the deadline is the one just asked about.
            merged, _ = self._answer_one(question, today, previous)
            if not merged.outside_plan:
                return replace(merged, context=(*context, question)[-CONTEXT_KEEP:])
        several = self._several_deadlines(standalone, understood)
        if several is not None:
            return replace(several, context=(question,))
        if previous is not None and self._is_followup(question, standalone) and not (
                not standalone.outside_plan and ((self._has_own_topic(question) and not self._points_back(question))
                                                 or not self._continues(question, previous))):
            if not self._continues(question, previous):
                # "og utbetalingen?" after a question about the leader: only the way of asking carries over.
                previous = replace(previous, concepts=previous.concepts & _REPLACED_GROUPS[-1])
            merged, _ = self._answer_one(question, today, previous)
            if not merged.outside_plan:
                return replace(merged, context=(*context, question)[-CONTEXT_KEEP:])
        # An answer on a topic of the plan whose asked detail the plan lacks keeps the topic (it has sources).
        return replace(standalone, context=() if standalone.outside_plan and not standalone.sources
                       else (question,))

    def _resolve_followup(self, question: str, today: date, previous: Question) -> Answer | None:
        """A pronoun or elliptic follow-up of ``[[qa.followups]]`` ("hva kan de brukes til?", "kor mange er det
        til saman?"), answered on the previous question's topic; None when no rule fits."""
        reading = self._read(question)
        rule = self._followups.find(reading.tokens, reading.concepts, previous.concepts)
        if rule is None:
            return self._detail_followup(question, today, previous)
        topic = replace(previous, concepts=frozenset(previous.concepts - rule.drop))
        answer, understood = self._answer_one(question, today, topic, rule.add)
        if answer.outside_plan and not answer.sources:
            return None
        detail = self._details.get(rule.detail) if rule.detail else None
        if detail is not None and not answer.outside_plan:
            answer = self._detail_missing(detail, answer, understood)
        return answer

    def _detail_followup(self, question: str, today: date, previous: Question) -> Answer | None:
        """"Hva er lønnen?" after a question on the coordinator, "Når på dagen?" after a meeting: a short
        follow-up asking only for a detail type is asked of the previous topic (and gets "the plan does not
        say" when that topic's reply lacks the detail)."""
        reading = self._read(question)
        if len(reading.tokens) > DETAIL_FOLLOWUP_MAX_TOKENS or not self._details.asked(reading.tokens,
                                                                                        reading.concepts):
            return None
        standalone, _ = self._answer_one(question, today)
        if not standalone.outside_plan or standalone.sources:
            return None  # the question has an answer of its own
        answer, _ = self._answer_one(question, today, previous)
        return None if answer.outside_plan and not answer.sources else answer

    def _several_deadlines(self, answer: Answer, understood: Question) -> Answer | None:
        """"Hva er fristen for behovsmelding og innstilling?": one answer per deadline named."""
        if not answer.intent.startswith("deadline_") or answer.intent in ("deadline_next", "deadline_extension"):
            return None
        concepts = understood.concepts
        named: list[str] = [concept for concept in ("report", "needs", "innstilling", "payment") if concept in concepts]
        if "report" in named and "needs" in named and "annual" not in concepts:
            named.remove("report")  # "needs report" names one deadline
        if len(named) < 2:
            return None
        texts: list[str] = []
        sources: list[str] = []
        for concept in named:
            others: set[str] = set(named) - {concept}
            if concept != "report":
                others.add("annual")
            single = replace(understood, concepts=frozenset(concepts - others))
            match = self._classifier.classify(single.concepts)
            if match is None or not match.intent.startswith("deadline_"):
                continue
            text, part_sources, outside = self._reply(match.intent, single)
            if not outside and text not in texts:
                texts.append(text)
                sources.extend(source for source in part_sources if source not in sources)
        if len(texts) < 2:
            return None
        return replace(answer, text="\n\n".join(texts), sources=sources)

    def _context_question(self, context: Sequence[str], today: date) -> Question | None:
        """The conversation's topic: its questions read in order, each a follow-up of the ones before."""
        previous: Question | None = None
        for text in list(context)[-CONTEXT_KEEP:]:
            if not text.strip():
                continue
            previous, _, _, _ = self._understand(text, today, previous)
        return previous

    def _is_followup(self, question: str, standalone: Answer) -> bool:
        reading = self._read(question)
        tokens = reading.tokens
        if not tokens:
            return False
        if standalone.outside_plan and any(len(tokens[index]) >= 5 for index in reading.unknown):
            # "Hva med parkering?": what it asks about is no word of the plan, whatever the topic before.
            return False
        opens = tokens[0] in _FOLLOWUP_STARTS or " ".join(tokens[:2]) in _FOLLOWUP_STARTS
        # Words of the plan's topics, beyond how the question asks ("hvordan blir været i morgen da?" has none).
        topical = bool(reading.concepts - _QUESTION_WORDS - {"also_word"} - kind_concepts(tokens, reading.folded))
        if (opens and topical and standalone.outside_plan and not standalone.sources
                and not _PRONOUNS.isdisjoint(tokens)):
            # "Og betyr det at vi ikke trenger å melde behov de neste årene?": however long, a question that
            # opens as a follow-up, points back and has no answer of its own continues the topic.
            return True
        # Little words do not make a follow-up long ("and does that apply to the Kompetanseløftet too?").
        words = sum(token not in _FILLER_WORDS for token in tokens)
        what_about = " ".join(tokens[:2]) in _WHAT_ABOUT or " ".join(tokens[1:3]) in _WHAT_ABOUT
        if words > (_WHAT_ABOUT_MAX_TOKENS if what_about else FOLLOWUP_MAX_TOKENS):
            # "Hva med motsatt vei – kompetanseløftmidler til et realfagsprosjekt?" asks the same of something else.
            return False
        if opens and (words <= 4 or topical):
            return True
        if not _PRONOUNS.isdisjoint(tokens) and words <= 5:
            return True
        # A question the plan does not answer on its own, all of whose words the plan or everyday language
        # explains (checked above): a fragment ("regional ordning?", "what day of the week?"), or a longer one
        # that draws on what came before ("må vi søke på nytt hvert år da?" after a question on multi-year
        # commitments). Little words do not count.
        refers = tokens[-1] in _INFERRING or not _PRONOUNS.isdisjoint(tokens)
        return standalone.outside_plan and not standalone.sources and (words <= 4 or (refers and topical))

    def _continues(self, question: str, previous: Question) -> bool:
        """Whether what a follow-up names takes the place of something in the previous question ("og
        innstillingen?" after a deadline), or adds a detail (a network, a year); "og utbetalingen?" after a
        question about the leader replaces nothing, so it is a question of its own."""
        concepts = self._read(question).concepts
        # A scheme, a forum or a body may be added to the previous topic ("og for fylkeskommunen da?" after
        # "hvem får utbetalt midlene?"); a document or deadline must take the place of one.
        touched = [group for group in _REPLACED_GROUPS[1:2] if group & concepts]
        return not touched or any(group & previous.concepts for group in touched)

    def _points_back(self, question: str) -> bool:
        """"og kven får dei pengane?", "who gets that money?": a demonstrative before a noun names what was just
        talked about."""
        tokens = self._read(question).tokens
        return any(first in _DEMONSTRATIVES and second not in _FILLER_WORDS and len(second) > 2
                   for first, second in zip(tokens, tokens[1:], strict=False))

    def _has_own_topic(self, question: str) -> bool:
        """"Og hvem leder forumet?" asks a question of its own (a question word and a topic no follow-up
        replaces), unlike "og innstillingen?" or "og i regional ordning?"."""
        reading = self._read(question)
        concepts = reading.concepts
        if " ".join(reading.tokens[:2]) in _WHAT_ABOUT or " ".join(reading.tokens[1:3]) in _WHAT_ABOUT:
            # "And what about the regional scheme?": "what" asks nothing of its own here.
            concepts = concepts - {"q_what", "q_how"}
        return not _QUESTION_WORDS.isdisjoint(concepts) and any(
            concept in EXPLAINING and concept not in _REPLACEABLE and concept not in _NAMING_WORDS
            for concept in concepts)

    def _parts(self, question: str) -> list[str]:
        """The questions a message asks, when it asks more than one; otherwise the whole message. Memoised
        per question text (it depends on nothing else)."""
        found = self._part_lists.get(question)
        if found is None:
            pieces = [piece.strip(" ,;") for piece in _PART_SPLIT.split(question.strip())
                      if piece and piece.strip(" ,;")]
            asked = [piece for piece in pieces if piece.endswith("?") or (
                (tokens := tokenize(fold(piece))) and (tokens[0] in _QUESTION_START or (
                    # "In the regional scheme, what share …": a question word after a leading phrase.
                    "," in piece and not WH_WORDS.isdisjoint(tokens[:10]))))]
            found = tuple(asked) if len(asked) > 1 else (question,)
            if len(self._part_lists) >= 50_000:
                self._part_lists.clear()
            self._part_lists[question] = found
        return list(found)

    def _answer_parts(self, question: str, parts: list[str], today: date, previous: Question | None,
                      ) -> Answer | None:
        answers: list[Answer] = []
        continuing: list[bool] = []  # whether a part continues the one before it on the same topic
        before = previous
        language = self._read(question).language  # every part answered in the message's language
        for index, part in enumerate(parts):
            reading = self._read(part)
            tokens = reading.tokens
            # A later part that points back ("hvem betaler den?", or a short yes/no on "fristen": "og er fristen
            # passert?" asks about the deadline just named) continues the part before it.
            pointing = index > 0 and len(tokens) <= 6 and (not _PRONOUNS.isdisjoint(tokens) or (
                len(tokens) <= 4 and before is not None and {"deadline", "yesno"} <= reading.concepts
                and _NAMED_DEADLINES.isdisjoint(reading.concepts)
                and not _NAMED_DEADLINES.isdisjoint(before.concepts) and _PLURAL_DEADLINES.isdisjoint(tokens)))
            answer, understood = self._answer_one(part, today, before if pointing else None, language=language)
            if answer.outside_plan and before is not None:
                other, other_understood = self._answer_one(part, today, None if pointing else before, language=language)
                if not other.outside_plan:
                    answer, understood = other, other_understood
            answers.append(answer)
            continuing.append(pointing and len(answers) > 1 and answers[-2].intent == answer.intent)
            before = understood
        intents = {answer.intent for answer in answers}
        led = [answer for answer, continues in zip(answers, continuing, strict=True)
               if continues and _LEAD.match(answer.text)]
        if len(intents) == 1 and led:
            # "Når er fristen, og er den passert?": one topic; the yes/no part's reply answers both. After a
            # question for the date, the date leads: a bare "Ja." goes (its sentence says "den har gått ut").
            answer = led[-1]
            lead = _LEAD.match(answer.text)
            if lead is not None and lead.group(2) == "." and not _LEAD.match(answers[0].text):
                answer = replace(answer, text=answer.text[lead.end():])
            return replace(answer, context=(question,))
        if len(intents) == 1 and len({answer.text for answer in answers}) == 1:
            return None  # one question in several words: answered as a whole
        if len(intents) == 1 and not any(answer.text.startswith(self._claim_texts) for answer in answers):
            # One topic asked twice, or two things of one topic ("Hvor mange nettverk har fylkeskommunen, og hvor
            # mange er det ellers?"): the whole message's answer, unless it leaves out what a part's answer opens with.
            whole, _ = self._answer_one(question, today, previous, language=language)
            if all(_SENTENCES.split(answer.text.strip(), maxsplit=1)[0] in whole.text for answer in answers):
                return None
        kept: list[Answer] = []
        for answer, continues in zip(answers, continuing, strict=True):
            if answer.outside_plan and any(not other.outside_plan for other in answers):
                continue
            if continues and kept and kept[-1].intent == answer.intent and _LEAD.match(answer.text):
                # "Når er fristen ..., og er den passert?": the second reply (its yes or no, then the same topic)
                # holds the first one and more.
                kept[-1] = answer
            elif all(answer.text != other.text for other in kept):
                kept.append(answer)
        first = next((answer for answer in kept if not answer.outside_plan), kept[0])
        sources = list(dict.fromkeys(source for answer in kept for source in answer.sources))
        return Answer(text="\n\n".join(answer.text for answer in kept), intent=first.intent, sources=sources,
                      confidence=min(answer.confidence for answer in kept), language=language,
                      outside_plan=all(answer.outside_plan for answer in kept),
                      context=() if first.outside_plan else (question,))

    def _answer_one(self, question: str, today: date, previous: Question | None = None,
                    extra: frozenset[str] = frozenset(), language: str | None = None,
                    ) -> tuple[Answer, Question]:
        """One question (or one part of a message: ``language`` is then the whole message's)."""
        understood, match, unknown, tokens = self._understand(question, today, previous, extra, language)
        if "other_region" in understood.concepts:
            # "Når er fristen i Oslo og Viken?": the plan is Innlandet's only (issue 16, kind 5).
            text, sources, _ = self._reply(OUTSIDE, understood)
            return Answer(text=text, intent=OUTSIDE, sources=list(sources), confidence=0.95,
                          language=understood.language, outside_plan=True), understood
        if match is not None and match.intent == "help" and sum(
                self._is_content(token) for token in tokens) > _HELP_MAX_CONTENT_WORDS:
            # "Can you help me write a cover letter for a teaching job?": help with something else, not with
            # what the bot can do.
            match = None
        if match is not None and match.generic and unknown and self._blocking(tokens, unknown, match.strict):
            sentences = [part for part in _SENTENCES.split(question.strip()) if part.strip()]
            if len(sentences) > 1:
                for sentence in sentences:
                    _, part_match, part_unknown, part_tokens = self._understand(sentence, today, previous)
                    if part_match is not None and part_match.intent == match.intent and not (
                            part_match.generic and part_unknown
                            and self._blocking(part_tokens, part_unknown, part_match.strict)):
                        return self._answer_one(sentence, today, previous, language=understood.language)
            match = None
        confidence: float
        intent: str
        if match is not None:
            intent = match.intent
            text, sources, outside = self._reply(intent, understood)
            if intent == "definition":
                intent = self._responder.definition_intent(understood) or intent
            confidence = 0.9 if outside else min(0.99, max(0.05, 0.45 + 0.05 * match.score - 0.1 * len(unknown)))
        else:
            terms = [stem(token) for token in tokens if self._is_content(token) and token not in _META_WORDS]
            terms.extend("#" + concept for concept in understood.concepts
                         if concept in EXPLAINING and concept != "plan_word")
            hit = self._index.search(terms)
            if hit is not None and hit.coverage >= PASSAGE_MIN_COVERAGE and (
                    hit.matched >= PASSAGE_MIN_TERMS or (hit.rare and hit.coverage >= PASSAGE_SINGLE_WORD_COVERAGE
                                                         and not _META_WORDS.isdisjoint(tokens))):
                intent = "plan_passage"
                reply = self._responder.passage(hit, understood)
                text, sources, outside = self._render(reply, understood), reply.sources, False
                confidence = min(0.9, hit.coverage)
            else:
                intent = OUTSIDE
                text, sources, outside = self._reply(OUTSIDE, understood)
                confidence = 1.0 - (hit.coverage if hit is not None else 0.0) * 0.5
        if outside:
            intent = OUTSIDE
        answer = Answer(text=text, intent=intent, sources=list(sources), confidence=round(confidence, 2),
                        language=understood.language, outside_plan=outside)
        head = _unknown_head(tokens, unknown)
        if head is not None and not answer.outside_plan:
            # "Hvor mange studiepoeng gir ...?": the thing asked for is no word of the plan, so the plan does
            # not give it, however well the rest of the question fits a topic (issue 16, kind 3).
            return self._missing(answer.text, list(answer.sources), understood.language,
                                 word=_original_word(question, tokens, head)), understood
        period = _PERIOD.search(question)
        if period is not None and not (answer.outside_plan and answer.sources) and int(period.group(1)) >= _PLAN_PERIOD[0] and (
                int(period.group(1)), int(period.group(2))) != _PLAN_PERIOD:
            # "Hvilke temaer er prioritert i kompetanseplanen for 2026–2029?": the plan covers 2022–2025 only.
            near, sources, _ = self._reply("plan_period", understood)
            return self._missing(near, list(sources), understood.language,
                                 period=f"{period.group(1)}–{period.group(2)}"), understood
        decided = self._checks.decide(tokens, self._read(question).folded, understood.concepts, understood.slots)
        kept_lead: Claim | None = None
        claim: Claim | None
        if decided is not None:
            # The asked value against the plan's value settles the yes or no (bot/qa/checks.py).
            check, polarity = decided
            # "Kjem dei berre ei veke før?": a number other than the plan's is wrong with "only" too.
            holds = frozenset({"qt_only"}) if polarity == "no" and check.kind in _NUMERIC_CHECKS else None
            claim = Claim(id=check.id, answer=polarity, asks="yesno", intent=check.intent, sections=check.sections,
                          texts=check.texts, need=(), block=(), order=-1, holds=holds)
            lead = _LEAD.match(answer.text)
            if lead is not None and answer.intent == check.intent and (lead.group(1) in ("Ja", "Yes")) == (
                    polarity == "yes"):
                # "Kommer innkallingen en uke før?": the reply of its kind already leads with the same no, and
                # gives more (the date of the next invitation); the check still says what its lead survives.
                kept_lead = claim
                claim = None
        else:
            claim = self._claims.find(tokens, understood.concepts)
        used: Claim | None = kept_lead
        if claim is not None and not self._leads_already(claim, answer, "yesno" in understood.concepts):
            answer = self._claimed(claim, answer, understood)
            used = claim
        missing = self._details.missing(answer.intent, tokens, understood.concepts)
        if missing is not None:
            answer = self._detail_missing(missing, answer, understood)
        elif (used is None or used.answer is None) and self._restates(tokens, understood, answer):
            answer = self._affirmed(answer, understood)
        return self._limited(answer, understood, used), understood

    def _restates(self, tokens: Sequence[str], understood: Question, answer: Answer) -> bool:
        """A yes/no question no claim answered, whose reply states what it asks (bot/qa/restates.py)."""
        concepts = understood.concepts
        if ("yesno" not in concepts or not tokens or (tokens[0] not in _YES_NO_OPENERS and "premise" not in concepts)
                or "negated" in concepts
                or answer.outside_plan
                or answer.intent in ("plan_passage", "needs_report", "help") or _LEAD.match(answer.text)):
            return False
        if not concepts.isdisjoint(_QUANTIFIER_CONCEPTS) or not _NOT_RESTATED.isdisjoint(tokens):
            return False
        if any(token.isdigit() or token == "%" for token in tokens) or _IT_IS_SHAPE.match(" ".join(tokens)):
            return False
        opening = _SENTENCES.split(answer.text.strip(), maxsplit=1)[0]
        if not _DENIALS.isdisjoint(tokenize(fold(opening))):
            # "Planens liste nevner ikke PBL. Retningslinjene krever … PBL": the reply opens by denying.
            return False
        words = [token for token in tokens if self._is_content(token) and token not in _META_WORDS
                 and token not in _YES_NO_WORDS]
        return len(words) >= 2 and restated(words, answer.text)

    def _affirmed(self, answer: Answer, understood: Question) -> Answer:
        language = understood.language
        template = self._templates.get(f"qa/{language}/affirmed.j2")
        context = {"text": answer.text}
        text = (template.render(**context) if template is not None
                else render(f"qa/{language}/affirmed.j2", **context)).strip()
        return replace(answer, text=text)

    def _limited(self, answer: Answer, understood: Question, claim: Claim | None) -> Answer:
        """A yes or no that a quantifier of the question does not let stand (bot/qa/limits.py): "Kan vi bruke
        hele tilskuddet på koordinator?" turns the claim's "Ja." into "Nei."; a quantifier the data says
        nothing about drops the yes or no, and the fact stands alone."""
        if answer.outside_plan or "yesno" not in understood.concepts:
            return answer
        lead = _LEAD.match(answer.text)
        if lead is None:
            return answer
        polarity = "yes" if lead.group(1) in ("Ja", "Yes") else "no"
        if claim is not None and (claim.flips is not None or claim.holds is not None):
            limit = Limit(claim.flips or frozenset(), claim.holds or frozenset())
        else:
            limit = self._limits.for_intent(claim.intent if claim is not None else answer.intent)
        decision = limit.decide(polarity, understood.concepts)
        if decision == KEEP:
            return answer
        rest = answer.text[lead.end():]
        if lead.group(2) == ",":
            end = _LEAD_SENTENCE_END.search(rest)
            rest = rest[end.end():] if end is not None else rest
        rest = rest.lstrip()
        rest = rest[:1].upper() + rest[1:]
        if decision == FLIP:
            rest = f"{'No' if understood.language == 'en' else 'Nei'}. {rest}"
        elif decision != DROP:
            return answer
        return replace(answer, text=rest)

    def _detail_missing(self, detail: DetailType, answer: Answer, understood: Question) -> Answer:
        """The topic is in the plan, the asked detail is not (issue 16): "Planen sier ikke <detail>." first,
        then what the plan does say, with its sections. A question the plan gives nothing on at all keeps its
        own reply unless the detail type names a nearby fact."""
        language = understood.language
        near, sources = answer.text, list(answer.sources)
        if answer.outside_plan and answer.sources:
            return answer  # already a reply on what the plan does not give (an amount, a venue, a person)
        if answer.outside_plan or (detail.prefer_near and detail.near is not None and answer.intent != detail.near):
            if detail.near is None:
                # Nothing nearby: say which detail the plan does not give ("noe organisasjonsnummer").
                near, sources = "", []
            else:
                text, near_sources, outside = self._reply(detail.near, understood)
                if outside:
                    return answer
                near, sources = text, list(near_sources)
        return self._missing(drop_said(near, detail.said.get(language, ())), sources, language, what=detail.what[language])

    def _missing(self, near: str, sources: list[str], language: str, *, what: str = "", word: str = "",
                 period: str = "") -> Answer:
        """"Planen sier ikke <what>." and then what the plan does say (``near``), as an outside-plan answer.
        The missing thing is the data's phrase ``what``, an asked ``word`` the plan lacks, or a ``period``
        other than the plan's (the template words the last two)."""
        template = self._templates.get(f"qa/{language}/detail_missing.j2")
        context = {"what": what, "word": word, "period": period, "near": near}
        text = (template.render(m=self._macros[language], **context) if template is not None
                else render(f"qa/{language}/detail_missing.j2", m=self._macros[language], **context)).strip()
        return Answer(text=text, intent=OUTSIDE, sources=sources, confidence=0.9, language=language,
                      outside_plan=True)

    @staticmethod
    def _leads_already(claim: Claim, answer: Answer, yesno: bool) -> bool:
        """Whether a reply already starts with the claim's fact (then it stays as it is). A yes/no question
        always gets the claim's polarity: a claim of the data wins over a reply's own lead, being the more
        specific statement of the plan."""
        if answer.outside_plan or (yesno and claim.answer is not None):
            return False
        return answer.text.lstrip().startswith(claim.text(answer.language))

    def _claimed(self, claim: Claim, answer: Answer, understood: Question) -> Answer:
        """The answer a claim of the plan data gives (issue 16): its yes or no, then its fact and sections."""
        language = understood.language
        template = self._templates.get(f"qa/{language}/claim.j2")
        context = {"polarity": claim.polarity(understood.concepts), "yesno": "yesno" in understood.concepts, "fact": claim.text(language),
                   "cite": self._citation(language, claim.sections)}
        text = (template.render(m=self._macros[language], **context) if template is not None
                else render(f"qa/{language}/claim.j2", m=self._macros[language], **context)).strip()
        confidence = answer.confidence if not answer.outside_plan else 0.9
        # The kind of question stays the classifier's when it understood one; the claim's intent otherwise.
        intent = answer.intent if answer.intent not in (OUTSIDE, "plan_passage") else claim.intent
        return Answer(text=text, intent=intent, sources=list(claim.sections), confidence=confidence,
                      language=language, outside_plan=False)

    def _reply(self, intent: str, understood: Question) -> tuple[str, tuple[str, ...], bool]:
        """(text, sources, outside_plan) for an intent. A reply is a function of the intent, the language,
        the question's concepts and slots, today for dated replies and the few wordings the replies read from the
        text (``responder.wording_key``), so it is memoised on those."""
        key = (intent, understood.language, understood.concepts, understood.slots,
               understood.today if self._responder.is_dated(intent) else None, wording_key(understood))
        found = self._replies.get(key)
        if found is None:
            reply = self._responder.respond(intent, understood)
            found = (self._render(reply, understood), reply.sources, reply.outside_plan)
            if len(self._replies) >= 20_000:
                self._replies.clear()
            self._replies[key] = found
        return found

    def _render(self, reply: Reply, understood: Question) -> str:
        language = understood.language
        context = dict(reply.context)
        context["sources"] = list(reply.sources)
        context["cite"] = self._citation(language, reply.sources)
        month = understood.slots.month
        context["month_name"] = month_name(month, language) if month else ""
        template = self._templates.get(reply.template)
        if template is None:  # a template added after start-up
            text = render(reply.template, m=self._macros[language], **context)
        else:
            text = template.render(m=self._macros[language], **context).strip()
        # A yes/no question gets the plan's yes or no first (qa/<language>/lead.j2, issue 16).
        lead_template = self._templates.get(f"qa/{language}/lead.j2")
        if lead_template is not None and not reply.outside_plan:
            context.setdefault("rule", {"invitation_days": self._facts.meetings.invitation_days})
            lead = lead_template.render(m=self._macros[language], intent=_intent_of(reply.template),
                                        **context).strip()
            if lead and not text.startswith(lead):
                text = f"{lead} {text}"
        return text

    def _citation(self, language: str, sources: tuple[str, ...]) -> str:
        """The citation of a reply's sections, "(planen punkt 10 og 9)", rendered once per language."""
        key = (language, sources)
        text = self._citations.get(key)
        if text is None:
            text = self._citations[key] = str(self._macros[language].cite(list(sources)))
        return text

    def is_question(self, text: str) -> bool:
        """Cheap check (used mid-form): does this look like a question about the plan?"""
        stripped = text.strip()
        if not stripped:
            return False
        tokens = tokenize(fold(stripped))
        asks = bool(_SENTENCE_END.search(stripped)) or (bool(tokens) and tokens[0] in _QUESTION_START)
        if not asks:
            return False
        understood, match, unknown, tokens = self._understand(stripped, date(2000, 1, 1))
        if match is None or match.intent in (OUTSIDE, "help"):
            return False
        return not (match.generic and unknown and self._blocking(tokens, unknown, match.strict))


# Groups of concepts a follow-up replaces when it names one of them ("og i regional ordning?" replaces the
# scheme of the previous question, "og innstillingen?" its deadline).
_REPLACED_GROUPS: tuple[frozenset[str], ...] = (
    frozenset({"scheme_regional", "scheme_desentralisert", "scheme_kompetanseloft", "kl_source", "rd_source",
               "kl_topic", "two_schemes"}),
    frozenset({"report", "needs", "innstilling", "payment", "leftover", "local_plan", "templates_word", "template",
               "meeting", "invitation"}),
    frozenset({"kindergarten", "school"}),
    # What a share of the grant goes to ("og felles tiltak?" after "hvor mye kan gå til koordinator?").
    frozenset({"coordinator", "own_share", "common", "common_measures", "frikjop", "regional30", "prorata"}),
    frozenset({"org_ks", "org_pbl", "org_udf", "org_fagforbund", "ppt", "statped", "hinn", "statsforvalter",
               "fylkeskommune", "friskole", "private"}),
    frozenset({"q_when", "q_what", "q_who", "q_howmuch", "q_howmany", "q_how", "q_howoften", "q_howlong",
               "q_where", "q_can", "yesno", "why", "deadline"}),
)
# Concepts the engine derives from slots and wording; recomputed after a merge.
_DERIVED = frozenset({"has_year", "has_month", "has_week", "network_name", "two_schemes", "scheme_without_forum",
                      "meeting_not_deadline", "explicit_date"})
# How a short follow-up starts (folded first words).
_FOLLOWUP_STARTS = frozenset({"og", "and", "enn", "men", "but", "also", "ogsa", "same", "samme", "sama", "hva med",
                              "kva med", "what about", "how about", "gjelder det", "gjeld det", "does that",
                              "is that"})
_QUESTION_WORDS = frozenset({"q_when", "q_what", "q_who", "q_howmuch", "q_howmany", "q_how", "q_howoften",
                             "q_howlong", "q_where"})
_REPLACEABLE = frozenset().union(*_REPLACED_GROUPS)
# Concepts that only come along with a replaceable one ("regional *scheme*", "the *region's* scheme"): no topic
# of their own in a follow-up.
_NAMING_WORDS = frozenset({"scheme_word", "region_word", "population"})
# "What about …?" / "hva med …?" / "kva med …?" continues the previous question.
_WHAT_ABOUT = frozenset({"what about", "how about", "hva med", "kva med", "enn med"})
_DEMONSTRATIVES = frozenset({"dei", "de", "denne", "dette", "disse", "desse", "those", "these", "that", "this"})
_PRONOUNS = frozenset({"den", "det", "de", "dei", "denne", "dette", "it", "they", "them", "this", "that", "han", "ho",
                       "dem"})
FOLLOWUP_MAX_TOKENS = 7
# "Kan du si meg når …?", "Do you know when …?": a yes/no shape around a question of its own.
_ASKS_TO_TELL = frozenset({"kan du", "kunne du", "vet du", "veit du", "can you", "could you", "do you", "would you",
                           "si meg", "fortell meg", "tell me"})
# "Hva kan du hjelpe meg med?" asks what the bot does; a request with more content words asks for other help.
_HELP_MAX_CONTENT_WORDS = 3
_WHAT_ABOUT_MAX_TOKENS = 12
# A closing "da" / "then" draws on what was said before ("må vi søke på nytt hvert år da?").
_INFERRING = frozenset({"da", "then"})
_FILLER_WORDS = frozenset({"the", "a", "an", "to", "too", "also", "then", "as", "well", "da", "na", "sa", "ogsa",
                           "og", "and", "of", "ja", "ok", "okay", "so"})
# A follow-up that asks only for a detail ("Hva er lønnen?", "Når på dagen?") is at most this long.
DETAIL_FOLLOWUP_MAX_TOKENS = 6
CONTEXT_KEEP = 3


# Words after which the next content word names what a question asks for ("hvor mange <studiepoeng>",
# "hvilke <temaer>", "which <credits>"), and the words that may come between ("kva for <type> ...").
_ASKS_FOR = frozenset({"mange", "many", "mye", "mykje", "much", "hvilke", "hvilken", "hvilket", "which"})
_HOW = frozenset({"hvordan", "korleis", "how"})
_I_WE = frozenset({"jeg", "eg", "vi", "me", "i", "we", "man", "ein", "en", "one", "du", "you"})
_PARTICLES = frozenset({"ut", "opp", "inn", "out", "up", "for", "om", "til", "to", "a", "an", "the"})
_BETWEEN = frozenset({"for", "slags", "type", "typer", "kind", "kinds", "of", "sort", "a", "an", "the", "de", "dei"})


def _unknown_head(tokens: Sequence[str], unknown: Sequence[int]) -> int | None:
    """The index of the word a "how many / which" question asks for, when the vocabulary lacks it."""
    if not unknown:
        return None
    for index, token in enumerate(tokens[:-1]):
        if token not in _ASKS_FOR:
            continue
        after = index + 1
        while after < len(tokens) - 1 and tokens[after] in _BETWEEN:
            after += 1
        return after if after in unknown else None
    # "Hvordan regner jeg ut feriepenger …?", "How do I apply for admission …?": the object of "how do I …".
    if len(tokens) >= 4 and tokens[0] in _HOW and tokens[2] in _I_WE:
        after = 3
        while after < len(tokens) - 1 and tokens[after] in _PARTICLES:
            after += 1
        return after if after in unknown else None
    return None


def _original_word(question: str, tokens: Sequence[str], index: int) -> str:
    """The question's own spelling of token ``index`` (the tokens are folded and corrected)."""
    words = re.findall(r"[^\W_]+|%", question)
    if len(words) == len(tokens):
        return words[index]
    return tokens[index]


# After "når"/"when" as a question word comes a verb ("når er", "when does"); before it, at most a conjunction.
_WHEN_WORDS = frozenset({"nar", "naar", "when"})
_WHEN_VERBS = frozenset({"er", "var", "blir", "vert", "skal", "ma", "kan", "kommer", "kjem", "gar", "bor", "vil", "far",
                         "holdes", "haldast", "starter", "byrjar", "begynner", "slutter", "moter", "motes", "motast",
                         "sendes", "sendast", "leveres", "leverast", "betales", "betalast", "utbetales",
                         "is", "are", "was", "were", "does", "do", "did", "will", "should", "must", "can", "has",
                         "have", "shall", "may"})
_WHEN_JOINERS = frozenset({"og", "men", "and", "but", "so", "sa", "eller", "or", "da", "then"})
_DATE_WORDS = ("dato", "date", "dag", "day", "ukedag", "vekedag", "weekday", "tidspunkt", "frist", "deadline")


def _when_joins(tokens: Sequence[str]) -> bool:
    """Whether every "når"/"when" of the question joins a clause ("... til når koordinatoren er betalt") rather
    than asks when, and no other word asks for a date."""
    places = [index for index, token in enumerate(tokens) if token in _WHEN_WORDS]
    if not places or any(token.startswith(_DATE_WORDS) for token in tokens):
        return False
    return all(0 < index < len(tokens) - 1 and tokens[index - 1] not in _WHEN_JOINERS
               and tokens[index + 1] not in _WHEN_VERBS for index in places)


def _inflection_of(raw: str, fixed: str) -> bool:
    """Whether a typo correction only changed an inflection ("laererne" -> "laerere"): the same word, so no
    reason to trust the question less."""
    return len(raw) >= 5 and len(fixed) >= 5 and stem(raw)[:5] == stem(fixed)[:5] and (
        raw.startswith(stem(fixed)) or fixed.startswith(stem(raw)))


def _merge_followup(previous: Question, concepts: set[str], slots: Slots) -> tuple[set[str], Slots]:
    """The previous question's topic with what the follow-up names put in its place."""
    kept = {concept for concept in previous.concepts
            if concept not in _DERIVED and not concept.startswith("value_")}
    for group in _REPLACED_GROUPS:
        if group & concepts:
            kept -= group
    merged = kept | concepts
    if "passed_q" in concepts and "deadline" in previous.concepts:
        merged.add("deadline")  # "Has it passed?" after a deadline asks about that deadline, not a new way of asking
    old = previous.slots
    networks = slots.networks or old.networks
    merged_slots = Slots(
        year=slots.year if slots.year is not None else old.year,
        year_is_budget_year=slots.year_is_budget_year if slots.year is not None else old.year_is_budget_year,
        year_is_relative=slots.year_is_relative if slots.year is not None else old.year_is_relative,
        later_years=0 if slots.year is not None else old.later_years + slots.year_after,
        month=slots.month if slots.month is not None else old.month,
        week=slots.week if slots.week is not None else old.week,
        percents=slots.percents or old.percents,
        amount=slots.amount if slots.amount is not None else old.amount,
        dates=slots.dates or old.dates,
        networks=networks,
        schemes=tuple(scheme for scheme, concept in (("regional", "scheme_regional"),
                                                      ("desentralisert", "scheme_desentralisert"),
                                                      ("kompetanseloftet", "scheme_kompetanseloft"))
                      if concept in merged),
        forums=tuple(forum for forum, concept in (("barnehage", "kindergarten"), ("skole", "school"))
                     if concept in merged),
    )
    return merged, merged_slots


def _intent_of(template: str) -> str:
    """"qa/nb/voting.j2" -> "voting"."""
    return template.rsplit("/", 1)[-1].removesuffix(".j2")


def _percent_facts(facts: QaFacts) -> dict[int, tuple[str, ...]]:
    """Which facts each percentage of the data belongs to (10 -> felles, 20 -> koordinator ...)."""
    money = facts.view("nb").get("money", {})
    found: dict[int, list[str]] = {}

    def add(value: object, name: str) -> None:
        if isinstance(value, int) and not isinstance(value, bool):
            found.setdefault(value, []).append(name)

    for key, name in (("felles", "felles"), ("koordinator", "koordinator"), ("egenandel", "egenandel"),
                      ("regional_andre_tiltak", "regional30")):
        add(money.get(key, {}).get("percent"), name)
    network = money.get("nettverk", {})
    add(network.get("percent"), "nettverk")
    if isinstance(network.get("percent"), int):
        add(100 - network["percent"], "uh")
    add(network.get("uh_all_percent"), "uh_all")
    for item in facts.view("nb").get("prorata", []):
        add(item.get("percent"), f"prorata_{item.get('scheme')}")
    return {value: tuple(names) for value, names in found.items()}


def _pseudo_concepts(slots: Slots, concepts: set[str]) -> set[str]:
    extra: set[str] = set()
    if slots.year is not None:
        extra.add("has_year")
    if slots.month is not None:
        extra.add("has_month")
    if slots.week is not None:
        extra.add("has_week")
    if slots.networks:
        extra.add("network_name")
    if len(slots.schemes) >= 2:
        extra.add("two_schemes")
    if "scheme_word" in concepts and "forum" not in concepts:
        extra.add("scheme_without_forum")
    if "meeting" in concepts and "deadline" not in concepts:
        extra.add("meeting_not_deadline")
    if slots.dates:
        extra.add("explicit_date")
    return extra
