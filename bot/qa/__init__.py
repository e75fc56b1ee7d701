"""Question answering over the plan: normalisation, language, intents and slots, answers, retrieval.

Public API::

    from bot.qa import QuestionAnswerer, Answer
    qa = QuestionAnswerer(plan_data)
    answer = qa.answer("Når er fristen for årsrapportering?", today)
"""

from bot.qa.answer import Answer
from bot.qa.engine import QuestionAnswerer

__all__ = ["Answer", "QuestionAnswerer"]
