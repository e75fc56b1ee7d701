"""QuestionAnswerer: from a question and today's date to a short, dated, sourced answer."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.calendar import LANGUAGES, NorwegianCalendar, month_name
from bot.qa.answer import Answer
from bot.qa.concepts import ConceptMatcher
from bot.qa.facts import QaFacts
from bot.qa.intents import OUTSIDE, IntentClassifier, Match
from bot.qa.language import LanguageDetector
from bot.qa.lexicon import COMMON_WORDS, CONCEPTS, EXPLAINING
from bot.qa.normalize import Corrector, fold, tokenize
from bot.qa.responder import Question, Reply, Responder
from bot.qa.retrieval import Passage, PassageIndex, stem
from bot.qa.slots import NetworkNames, Slots, extract_slots
from bot.rendering import render, template_environment

# Inflection endings after a known stem ("innstilling|ene", "koordinator|en").
_ENDINGS = frozenset({"e", "en", "er", "et", "es", "a", "ar", "ane", "ene", "ens", "ers", "t", "te", "ne",
                      "ast", "ing", "inga", "ingen", "inger", "ingar", "ingane", "ingene", "r", "re", "ere", "ende",
                      "ande", "ed", "ings"})
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
_SENTENCE_END = re.compile(r"\?\s*$")
_SENTENCES = re.compile(r"(?<=[.!?])\s+")
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
        self._calendar = calendar or NorwegianCalendar(years=range(2020, 2036))
        self._matcher = ConceptMatcher(CONCEPTS, EXPLAINING)
        self._networks = NetworkNames(self._facts.networks)
        self._language = LanguageDetector()
        self._classifier = IntentClassifier()
        self._responder = Responder(self._facts, self._calendar)
        self._percent_facts = _percent_facts(self._facts)
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
                     and not self._compound(corrected))
            if len(self._tokens) >= 100_000:
                self._tokens.clear()
            self._tokens[token] = info
        return info

    def _correct(self, token: str) -> str:
        if token.isdigit() or token == "%" or self._corrector.is_known(token) or self._compound(token):
            return token
        if self._matcher.token(token)[1]:
            # A compound with a plan word in it ("årsrapportfrist") is understood as it stands.
            return token
        corrected = self._corrector.correct(token)
        return corrected if corrected is not None else token

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
            folded = fold(question)
            raw_tokens = tokenize(folded)
            infos = [self._token(token) for token in raw_tokens]
            tokens = [corrected for corrected, _ in infos]
            hits = self._matcher.match(tokens)
            concepts = set(hits.concepts)
            if "ambiguous_mal" in concepts and "mål" in question.casefold():
                concepts.discard("ambiguous_mal")
                concepts.add("goal")
            unknown = [index for index, (_, lacking) in enumerate(infos) if lacking and index not in hits.explained]
            reading = _Reading(folded, tokens, frozenset(concepts), unknown,
                               self._language.detect(question, raw_tokens),
                               any(raw != fixed for raw, fixed in zip(raw_tokens, tokens, strict=True)))
            if len(self._readings) >= 50_000:
                self._readings.clear()
            self._readings[question] = reading
        return reading

    def _understand(self, question: str, today: date) -> tuple[Question, Match | None, list[int], list[str]]:
        """The question, the best rule, the unexplained words and the tokens. A match that leans on a
        typo correction counts as weak evidence (generic)."""
        reading = self._read(question)
        folded, tokens = reading.folded, reading.tokens
        concepts = set(reading.concepts)
        slots = extract_slots(folded, tokens, reading.concepts, today, self._networks)
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
        understood = Question(question, reading.language, today, frozen, slots)
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

    def answer(self, question: str, today: date) -> Answer:
        understood, match, unknown, tokens = self._understand(question, today)
        if match is not None and match.generic and unknown and self._blocking(tokens, unknown, match.strict):
            sentences = [part for part in _SENTENCES.split(question.strip()) if part.strip()]
            if len(sentences) > 1:
                for sentence in sentences:
                    _, part_match, part_unknown, part_tokens = self._understand(sentence, today)
                    if part_match is not None and part_match.intent == match.intent and not (
                            part_match.generic and part_unknown
                            and self._blocking(part_tokens, part_unknown, part_match.strict)):
                        return self.answer(sentence, today)
            match = None
        confidence: float
        intent: str
        if match is not None:
            intent = match.intent
            text, sources, outside = self._reply(intent, understood)
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
        return Answer(text=text, intent=intent, sources=list(sources), confidence=round(confidence, 2),
                      language=understood.language, outside_plan=outside)

    def _reply(self, intent: str, understood: Question) -> tuple[str, tuple[str, ...], bool]:
        """(text, sources, outside_plan) for an intent. A reply is a function of the intent, the language,
        the question's concepts and slots, and today for dated replies, so it is memoised on those."""
        key = (intent, understood.language, understood.concepts, understood.slots,
               understood.today if self._responder.is_dated(intent) else None)
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
            return render(reply.template, m=self._macros[language], **context)
        return template.render(m=self._macros[language], **context).strip()

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
