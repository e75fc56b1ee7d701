"""Questions about the plan: deadlines, meetings, percentages, roles (bot.qa)."""

from __future__ import annotations

from bot.messages import Reply
from bot.qa import QuestionAnswerer
from bot.router import Turn

# The conversation state key holding the last plan questions, so that a short follow-up ("og i regional
# ordning?", "og innstillingen?") keeps their topic. The router persists ``turn.state``.
CONTEXT_KEY = "plan_question_context"


class PlanQuestionsSkill:
    """The last skill in line: every message no other skill took is treated as a question."""

    name = "plan_question"
    secretariat_only = False

    def __init__(self, answerer: QuestionAnswerer) -> None:
        self._answerer = answerer

    def wants(self, turn: Turn) -> bool:
        return True

    def handle(self, turn: Turn) -> Reply:
        stored = turn.state.get(CONTEXT_KEY)
        context = [str(item) for item in stored if isinstance(item, str)] if isinstance(stored, list) else []
        answer = self._answerer.answer(turn.message.text, turn.today, context)
        turn.language = answer.language
        if answer.context:
            turn.state[CONTEXT_KEY] = list(answer.context)
        else:
            turn.state.pop(CONTEXT_KEY, None)
        return Reply(answer.text, intent=answer.intent, sources=tuple(answer.sources))
