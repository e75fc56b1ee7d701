"""QuestionAnswerer: from a question and today's date to a short, dated, sourced answer."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from bot.calendar import NorwegianCalendar, month_name
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
from bot.rendering import render

# A passage is quoted only when it covers this share of the question's weight ...
PASSAGE_MIN_COVERAGE = 0.62
# ... and matches at least this many of its content terms.
PASSAGE_MIN_TERMS = 2
_QUESTION_START = frozenset(fold(word) for word in (
    "hva", "hvem", "hvor", "hvordan", "hvilken", "hvilke", "hvilket", "hvorfor", "når", "kva", "kven", "kvar",
    "kor", "korleis", "kvifor", "kva", "what", "when", "who", "where", "how", "which", "why", "kan", "can",
    "er", "is", "are", "does", "do", "skal", "må", "får", "gjelder", "gjeld", "blir", "will", "should",
    "must", "may", "har", "has", "have"))
_SENTENCE_END = re.compile(r"\?\s*$")
_SENTENCES = re.compile(r"(?<=[.!?])\s+")
# An unexplained word right after one of these is probably what the question is about.
_PREPOSITIONS = frozenset({"i", "for", "til", "om", "pa", "av", "med", "hos", "fra", "ved", "in", "to", "about",
                           "at", "on", "of", "with", "from"})
_DETERMINERS = frozenset({"en", "et", "ei", "ein", "eit", "the", "a", "an", "min", "mitt", "mi", "mine", "var",
                          "vart", "vare", "den", "det", "de", "dei", "sin", "sitt", "our", "my", "this", "that",
                          "dette", "denne", "neste", "next"})


def _collect_strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _collect_strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _collect_strings(item)


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
        self._common = frozenset(fold(word) for word in COMMON_WORDS)

        plan_words: set[str] = set()
        for text in _collect_strings(plan_data.get("qa", {})):
            plan_words.update(tokenize(fold(text)))
        for text in _collect_strings(plan_data.get("deadlines", [])):
            plan_words.update(tokenize(fold(text)))
        vocabulary = set(self._matcher.words) | self._common | plan_words | self._networks.words
        vocabulary |= {fold(month_name(number, language)) for number in range(1, 13) for language in ("nb", "en")}
        self._corrector = Corrector(word for word in vocabulary if len(word) > 1)

        documents = [self._passage_terms(passage) for passage in self._facts.passages]
        self._index = PassageIndex(self._facts.passages, documents)

    # --- understanding ------------------------------------------------------------------------------
    def _passage_terms(self, passage: Passage) -> list[str]:
        tokens = tokenize(fold(passage.text))
        hits = self._matcher.match(tokens)
        terms = [stem(token) for token in tokens if self._is_content(token)]
        terms.extend("#" + concept for concept in hits.concepts if concept in EXPLAINING)
        return terms

    def _is_content(self, token: str) -> bool:
        return len(token) > 2 and not token.isdigit() and token not in self._common

    def _correct(self, token: str) -> str:
        if token.isdigit() or token == "%" or self._corrector.is_known(token):
            return token
        concepts, explains = self._matcher.token(token)
        if explains:
            return token
        corrected = self._corrector.correct(token)
        return corrected if corrected is not None else token

    def _understand(self, question: str, today: date) -> tuple[Question, Match | None, list[int], list[str]]:
        folded = fold(question)
        raw_tokens = tokenize(folded)
        tokens = [self._correct(token) for token in raw_tokens]
        hits = self._matcher.match(tokens)
        concepts = set(hits.concepts)
        if "ambiguous_mal" in concepts and "mål" in question.casefold():
            concepts.discard("ambiguous_mal")
            concepts.add("goal")
        slots = extract_slots(folded, tokens, frozenset(concepts), today, self._networks)
        concepts |= _pseudo_concepts(slots, concepts)
        frozen = frozenset(concepts)
        unknown = [index for index, token in enumerate(tokens)
                   if self._is_content(token) and index not in hits.explained
                   and not self._corrector.is_known(token)]
        language = self._language.detect(question, raw_tokens)
        understood = Question(question, language, today, frozen, slots)
        return understood, self._classifier.classify(frozen), unknown, tokens

    # --- public API ------------------------------------------------------------------------------
    @staticmethod
    def _blocking(tokens: list[str], unknown: list[int]) -> bool:
        """Whether unexplained words may be what the question is about (so a weak match is not trusted)."""
        if len(unknown) >= 2:
            return True
        for index in unknown:
            before = tokens[max(0, index - 2):index]
            if before and before[-1] in _PREPOSITIONS:
                return True
            if len(before) == 2 and before[0] in _PREPOSITIONS and before[1] in _DETERMINERS:
                return True
        return False

    def answer(self, question: str, today: date) -> Answer:
        understood, match, unknown, tokens = self._understand(question, today)
        if match is not None and match.generic and unknown and self._blocking(tokens, unknown):
            sentences = [part for part in _SENTENCES.split(question.strip()) if part.strip()]
            if len(sentences) > 1:
                for sentence in sentences:
                    _, part_match, part_unknown, part_tokens = self._understand(sentence, today)
                    if part_match is not None and part_match.intent == match.intent and not (
                            part_match.generic and part_unknown and self._blocking(part_tokens, part_unknown)):
                        return self.answer(sentence, today)
            match = None
        reply: Reply
        confidence: float
        intent: str
        if match is not None:
            intent = match.intent
            reply = self._responder.respond(intent, understood)
            if reply.outside_plan:
                confidence = 0.9
            else:
                confidence = min(0.99, max(0.05, 0.45 + 0.05 * match.score - 0.1 * len(unknown)))
        else:
            terms = [stem(token) for token in tokens if self._is_content(token)]
            terms.extend("#" + concept for concept in understood.concepts if concept in EXPLAINING)
            hit = self._index.search(terms)
            if hit is not None and hit.coverage >= PASSAGE_MIN_COVERAGE and hit.matched >= PASSAGE_MIN_TERMS:
                intent = "plan_passage"
                reply = self._responder.passage(hit, understood)
                confidence = round(min(0.9, hit.coverage), 2)
            else:
                intent = OUTSIDE
                reply = self._responder.respond(OUTSIDE, understood)
                confidence = round(1.0 - (hit.coverage if hit is not None else 0.0) * 0.5, 2)
        if reply.outside_plan:
            intent = OUTSIDE
        context = dict(reply.context)
        context["sources"] = list(reply.sources)
        month = understood.slots.month
        context["month_name"] = month_name(month, understood.language) if month else ""
        text = render(reply.template, **context)
        return Answer(text=text, intent=intent, sources=list(reply.sources), confidence=round(confidence, 2),
                      language=understood.language, outside_plan=reply.outside_plan)

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
        return not (match.generic and unknown and self._blocking(tokens, unknown))


def _pseudo_concepts(slots: Slots, concepts: set[str]) -> set[str]:
    extra: set[str] = set()
    for value in slots.percents:
        if value in (10, 20, 30, 40, 60, 90, 100):
            extra.add(f"pct{value}")
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
    if slots.dates:
        extra.add("explicit_date")
    return extra
