"""`kompetansebot worker ...` with the campaign in the worker's two seams (``scheduled_ticks`` and
``intake_observers`` in bot/commands/worker.py) when they do not hold it yet: the wiring the campaign
report asks for. Once the seams return the campaign's tick and observer, this adds nothing.

Run as ``python -m tests.campaign.worker_shim worker --once ...``.
"""

from __future__ import annotations

import sys
from typing import Any

from bot.campaigns import campaign_observers, campaign_tick
from bot.campaigns.observer import CampaignMailObserver
from bot.commands import worker

_ticks = worker.scheduled_ticks
_observers = worker.intake_observers


def ticks(bot_app: Any) -> list[Any]:
    found = list(_ticks(bot_app))
    return found if campaign_tick in found else [*found, campaign_tick]


def observers(bot_app: Any, outbox: Any) -> list[Any]:
    found = list(_observers(bot_app, outbox))
    if any(isinstance(item, CampaignMailObserver) for item in found):
        return found
    return [*found, *campaign_observers(bot_app, outbox)]


def wired_in_worker(bot_app: Any) -> bool:
    """Whether bot/commands/worker.py already plugs the campaign in (then the real binary is tested)."""
    return campaign_tick in _ticks(bot_app) and any(
        isinstance(item, CampaignMailObserver) for item in _observers(bot_app, None))


if __name__ == "__main__":
    worker.scheduled_ticks = ticks  # type: ignore[assignment]
    worker.intake_observers = observers  # type: ignore[assignment]
    from bot.cli import main

    sys.argv = ["kompetansebot", *sys.argv[1:]]
    main()
