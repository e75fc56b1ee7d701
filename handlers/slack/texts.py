"""Slack-only user-facing texts, read from ``templates/slack/texts.<lang>.toml``: the labels and short
notices of Slack's own surfaces (App Home, modal chrome, command notices). The constants below are
bokmål; :func:`text` gives a text in nynorsk or English (the modal's chrome), falling back to bokmål
for a key the language does not have. Replies from the router come from the Jinja2 templates."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib.resources import files

LANGUAGES = ("nb", "nn", "en")


@cache
def _load(lang: str = "nb") -> dict[str, str]:
    resource = files("templates").joinpath("slack", f"texts.{lang}.toml")
    if not resource.is_file():
        return {}
    data = tomllib.loads(resource.read_text(encoding="utf-8"))
    return {str(key).upper(): str(value) for key, value in data.items()}


def text(key: str, lang: str = "nb") -> str:
    """A text by key ("MODAL_NEXT") in ``lang`` (nb, nn, en), else in bokmål."""
    key = key.upper()
    return _load(lang if lang in LANGUAGES else "nb").get(key) or _load("nb")[key]


_TEXTS = _load()

ERROR = _TEXTS["ERROR"]
FILES_SENT_TO_DM = _TEXTS["FILES_SENT_TO_DM"]
REST_SENT_TO_DM = _TEXTS["REST_SENT_TO_DM"]
SENT_TO_DM = _TEXTS["SENT_TO_DM"]
PRIVATE_DM_FAILED = _TEXTS["PRIVATE_DM_FAILED"]
HOME_TITLE = _TEXTS["HOME_TITLE"]
HOME_INTRO = _TEXTS["HOME_INTRO"]
HOME_DRAFTS = _TEXTS["HOME_DRAFTS"]
HOME_NO_DRAFTS = _TEXTS["HOME_NO_DRAFTS"]
HOME_SUBMITTED = _TEXTS["HOME_SUBMITTED"]
HOME_NO_SUBMITTED = _TEXTS["HOME_NO_SUBMITTED"]
HOME_DEADLINES = _TEXTS["HOME_DEADLINES"]
HOME_NO_DEADLINES = _TEXTS["HOME_NO_DEADLINES"]
HOME_DEADLINES_NOT_BUILT = _TEXTS["HOME_DEADLINES_NOT_BUILT"]
HOME_NEW_REPORT = _TEXTS["HOME_NEW_REPORT"]
HOME_CONTINUE = _TEXTS["HOME_CONTINUE"]
HOME_SECRETARIAT = _TEXTS["HOME_SECRETARIAT"]
HOME_REPORTS_RECEIVED = _TEXTS["HOME_REPORTS_RECEIVED"]
HOME_NO_REPORTS_RECEIVED = _TEXTS["HOME_NO_REPORTS_RECEIVED"]
HOME_CAMPAIGN = _TEXTS["HOME_CAMPAIGN"]
HOME_NO_CAMPAIGN = _TEXTS["HOME_NO_CAMPAIGN"]
HOME_EXPORT = _TEXTS["HOME_EXPORT"]
HOME_CAMPAIGN_START = _TEXTS["HOME_CAMPAIGN_START"]
HOME_CAMPAIGN_PAUSE = _TEXTS["HOME_CAMPAIGN_PAUSE"]
HOME_TRUNCATED = _TEXTS["HOME_TRUNCATED"]
MODAL_TITLE = _TEXTS["MODAL_TITLE"]
MODAL_LOADING = _TEXTS["MODAL_LOADING"]
MODAL_NEXT = _TEXTS["MODAL_NEXT"]
MODAL_SUBMIT = _TEXTS["MODAL_SUBMIT"]
MODAL_CLOSE = _TEXTS["MODAL_CLOSE"]
MODAL_NOT_READY = _TEXTS["MODAL_NOT_READY"]
MODAL_DRAFT_KEPT = _TEXTS["MODAL_DRAFT_KEPT"]
HOME_MORE = _TEXTS["HOME_MORE"]
HOME_CHANGED = _TEXTS["HOME_CHANGED"]
HOME_ANSWERS = _TEXTS["HOME_ANSWERS"]
HOME_PLAN_SECTIONS = _TEXTS["HOME_PLAN_SECTIONS"]
HOME_NO_YEAR = _TEXTS["HOME_NO_YEAR"]
MODAL_EXAMPLE = _TEXTS["MODAL_EXAMPLE"]
MODAL_PAGE_PROGRESS = _TEXTS["MODAL_PAGE_PROGRESS"]
MODAL_REVIEW = _TEXTS["MODAL_REVIEW"]
MODAL_EDIT = _TEXTS["MODAL_EDIT"]
MODAL_CLOSE_PLAIN = _TEXTS["MODAL_CLOSE_PLAIN"]
MODAL_REQUIRED = _TEXTS["MODAL_REQUIRED"]
