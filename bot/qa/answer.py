"""The answer to one question."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Answer:
    """A reply to a question about the plan.

    ``sources`` are plan section numbers ("5.8", "9", "10"). ``confidence`` (0..1) is how sure the
    bot is of the intent it answered; for ``outside_plan`` it is how sure it is that the plan does not
    cover the question. ``language`` is the question's language and the answer's: "nb", "nn" or "en".
    """

    text: str
    intent: str
    sources: list[str] = field(default_factory=list)
    confidence: float = 0.0
    language: str = "nb"
    outside_plan: bool = False
    # The conversation context to keep for the next question (the questions whose topic a follow-up such as
    # "og i regional ordning?" continues); empty after an answer outside the plan. Not part of ``to_json``.
    context: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"answer": self.text, "intent": self.intent, "sources": list(self.sources),
                "confidence": self.confidence, "language": self.language, "outside_plan": self.outside_plan}
