"""Shared fixtures for the Q&A tests: one answerer over the shipped plan data (construction is slow)."""

from __future__ import annotations

import pytest

from bot.planfacts import load_plan_data
from bot.qa import QuestionAnswerer


@pytest.fixture(scope="session")
def plan_data() -> dict[str, object]:
    return load_plan_data()


@pytest.fixture(scope="session")
def qa(plan_data: dict[str, object]) -> QuestionAnswerer:
    return QuestionAnswerer(plan_data)
