"""Reminder campaigns: chase the contact persons until the annual reports (15 January) are in.

Entry points:

* ``CampaignService(env)``: contacts import, preview/start, pause/resume/stop, mark done, reassign.
* ``campaign_tick(bot_app)``: one scheduler tick (what ``kompetansebot worker --once`` runs).
* ``start_campaign_scheduler(bot_app)``: the APScheduler interval tick for ``serve``/``worker``.
* ``CampaignMailObserver``: the email intake hook; ``bot.skills.campaign``: the chat skills.
"""

from bot.campaigns.env import CampaignEnv
from bot.campaigns.scheduler import (
           campaign_observers,
           campaign_services,
           campaign_tick,
           start_campaign_scheduler,
)
from bot.campaigns.service import CampaignService
from bot.campaigns.store import CampaignError
from bot.campaigns.tick import CampaignTicker, TickSummary

__all__ = ["CampaignEnv", "CampaignError", "CampaignService", "CampaignTicker", "TickSummary", "campaign_observers",
           "campaign_services", "campaign_tick", "start_campaign_scheduler"]
