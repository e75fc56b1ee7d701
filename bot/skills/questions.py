"""Questions about the plan: deadlines, meetings, percentages, roles (bot.qa)."""

from __future__ import annotations

from bot.messages import Reply
from bot.qa import QuestionAnswerer
from bot.router import Turn


class PlanQuestionsSkill:
    """The last skill in line: every message no other skill took is treated as a question."""

    name = "plan_question"
    secretariat_only = False

    def __init__(self, answerer: QuestionAnswerer) -> None:
        self._answerer = answerer

    def wants(self, turn: Turn) -> bool:
        return True

    def handle(self, turn: Turn) -> Reply:
        answer = self._answerer.answer(turn.message.text, turn.today)
        turn.language = answer.language
        return Reply(answer.text, intent=answer.intent, sources=tuple(answer.sources))
