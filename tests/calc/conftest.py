"""Shared fixtures for the allocation tests: the shipped parameters and the plan's networks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.allocation_service import known_networks
from bot.planfacts import load_plan_data
from calc.parameters import AllocationParameters, parameters_from_mapping
from calc.stats import KnownNetwork

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def plan() -> dict[str, Any]:
    return load_plan_data()


@pytest.fixture(scope="session")
def parameters(plan: dict[str, Any]) -> AllocationParameters:
    return parameters_from_mapping(plan["allocation"], 2026)


@pytest.fixture(scope="session")
def networks(plan: dict[str, Any]) -> list[KnownNetwork]:
    return known_networks(plan)


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
