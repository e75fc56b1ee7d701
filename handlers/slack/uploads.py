"""Files shared with the bot in a DM: the secretariat's contact list for the reminder campaigns.

A CSV/XLSX file is fetched from Slack (``url_private_download`` with the bot token; the token is only
ever sent to Slack's own file hosts or to ``SLACK_API_URL``'s host), imported all or nothing by
``CampaignService.import_contacts``, and answered in the DM: the counts and the next step, or every
problem per row. Others are refused politely (and audited); other file types get a clear answer.
The delivery is claimed by the caller (``handlers.slack.messages``), so a retried event imports once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.campaigns.contacts import ContactImportError, ImportResult
from bot.messages import Reply
from bot.rendering import render
from calc.tablefile import MAX_FILE_BYTES
from handlers.slack import texts
from handlers.slack.deps import SlackDeps, SlackUser
from handlers.slack.replies import DELIVERY_ERRORS, post_reply

log = logging.getLogger(__name__)

MAX_BYTES = MAX_FILE_BYTES  # the same limits as every other import (calc.tablefile; rows/cells in contacts.LIMITS)
MAX_PROBLEMS = 20
MAX_MERGES = 10
CONTACTS_IMPORT = "contacts_import"
SUFFIXES = (".csv", ".xlsx", ".xls", ".txt")
FILETYPES = frozenset({"csv", "xlsx", "xls"})
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MIMETYPES = frozenset({"text/csv", "application/csv", "text/comma-separated-values", "application/vnd.ms-excel",
                       XLSX_MIME})


class DownloadError(Exception):
    """The file could not be fetched; ``reason`` picks the text in ``slack/upload_failed``."""

    def __init__(self, reason: str, *, status: int | None = None, size: int | None = None) -> None:
        super().__init__(reason if status is None else f"{reason} (HTTP {status})")
        self.reason = reason
        self.status = status
        self.size = size


@dataclass(frozen=True)
class Imported:
    result: ImportResult
    year: int
    running: tuple[int, ...]


def shared_files(event: dict[str, Any]) -> list[dict[str, Any]]:
    return [item for item in event.get("files") or [] if isinstance(item, dict)]


def file_name(file: dict[str, Any]) -> str:
    return str(file.get("name") or file.get("title") or file.get("id") or "fila")


def is_contact_list(file: dict[str, Any]) -> bool:
    """CSV or Excel by name, Slack's ``filetype`` or the MIME type."""
    name = file_name(file).lower()
    mimetype = str(file.get("mimetype") or "").split(";")[0].strip().lower()
    return name.endswith(SUFFIXES) or str(file.get("filetype") or "").lower() in FILETYPES or mimetype in MIMETYPES


def token_allowed(url: str, api_url: str) -> bool:
    """Send the bot token only to Slack over HTTPS, or to the host the Web API client talks to."""
    parts, api = urlsplit(url), urlsplit(api_url)
    host = (parts.hostname or "").lower()
    if parts.scheme == "https" and (host == "slack.com" or host.endswith(".slack.com")):
        return True
    return bool(parts.netloc) and (parts.scheme, parts.netloc) == (api.scheme, api.netloc)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


async def _body(response: httpx.Response, max_bytes: int) -> bytes:
    if response.status_code in (401, 403):
        raise DownloadError("unauthorized", status=response.status_code)
    if response.status_code in (404, 410):
        raise DownloadError("not_found", status=response.status_code)
    if response.status_code != 200:
        raise DownloadError("http", status=response.status_code)
    if "text/html" in response.headers.get("content-type", ""):
        # Slack answers a request it does not accept with its sign-in page.
        raise DownloadError("unauthorized", status=response.status_code)
    declared = int(response.headers.get("content-length") or 0)
    if declared > max_bytes:
        raise DownloadError("too_large", size=declared)
    data = bytearray()
    async for chunk in response.aiter_bytes():
        data += chunk
        if len(data) > max_bytes:
            raise DownloadError("too_large", size=len(data))
    return bytes(data)


async def download(url: str, token: str, *, max_bytes: int = MAX_BYTES, wait_seconds: float = 30.0) -> bytes:
    """The file's bytes; raises ``DownloadError`` on refusal, a missing file, a login page or too many bytes."""
    timeouts = httpx.Timeout(wait_seconds, connect=min(wait_seconds, 10.0))
    # httpx drops the Authorization header if a redirect leaves the origin.
    try:
        async with httpx.AsyncClient(timeout=timeouts, follow_redirects=True, max_redirects=3) as http, \
                http.stream("GET", url, headers={"Authorization": f"Bearer {token}"}) as response:
            return await _body(response, max_bytes)
    except httpx.HTTPError as exc:
        log.info("download of a shared file failed: %s", type(exc).__name__)
        raise DownloadError("network") from None


async def _complete(client: AsyncWebClient, file: dict[str, Any]) -> dict[str, Any]:
    """Some events carry a partial file object (``file_access: check_file_info``); ask ``files.info``."""
    if file.get("url_private_download") or file.get("url_private") or not file.get("id"):
        return file
    try:
        response = await client.files_info(file=str(file["id"]))
    except DELIVERY_ERRORS:
        log.info("files.info for %s failed", file.get("id"))
        return file
    found = response.get("file")
    return {**file, **found} if isinstance(found, dict) else file


def _import(deps: SlackDeps, data: bytes, source: str, actor: str) -> Imported:
    from bot.campaigns.env import CampaignEnv
    from bot.campaigns.planinfo import PlanInfo
    from bot.campaigns.service import CampaignService
    from bot.campaigns.store import running_campaigns

    bot_app = deps.bot_app
    result = CampaignService(CampaignEnv.from_app(bot_app)).import_contacts(data, source=source, actor=actor,
                                                                             channel="slack")
    with bot_app.database.session() as session:
        running = tuple(sorted({campaign.year for campaign in running_campaigns(session)}))
    return Imported(result, PlanInfo(bot_app.plan).season_year(bot_app.clock.today()), running)


def imported_text(imported: Imported) -> str:
    result = imported.result
    return render("slack/contacts_imported.nb.txt.j2", result=result,
                  people=len({row.email for row in result.contacts}), merges=result.merged[:MAX_MERGES],
                  more_merges=max(0, len(result.merged) - MAX_MERGES), year=imported.year, running=imported.running)


def failed_text(error: ContactImportError, name: str) -> str:
    problems: Sequence[object] = error.problems
    return render("slack/contacts_import_failed.nb.txt.j2", filename=name, total=len(problems),
                  problems=[str(problem) for problem in problems[:MAX_PROBLEMS]],
                  more=max(0, len(problems) - MAX_PROBLEMS))


def download_failed_text(error: DownloadError, name: str, max_bytes: int = MAX_BYTES) -> str:
    return render("slack/upload_failed.nb.txt.j2", filename=name, reason=error.reason, status=error.status,
                  size=_megabytes(error.size) if error.size else None, max_size=_megabytes(max_bytes))


async def _fetch(client: AsyncWebClient, context: AsyncBoltContext, file: dict[str, Any], max_bytes: int) -> bytes:
    size = file.get("size")
    if isinstance(size, int) and size > max_bytes:
        raise DownloadError("too_large", size=size)
    url = str(file.get("url_private_download") or file.get("url_private") or "")
    token = context.bot_token or client.token
    if not url or not token:
        raise DownloadError("no_url")
    if not token_allowed(url, client.base_url):
        log.warning("not sending the bot token to %s", urlsplit(url).netloc)
        raise DownloadError("no_url")
    return await download(url, token, max_bytes=max_bytes, wait_seconds=float(client.timeout))


async def handle_file(file: dict[str, Any], user: SlackUser, *, is_secretariat: bool, client: AsyncWebClient,
                      context: AsyncBoltContext, deps: SlackDeps, max_bytes: int = MAX_BYTES) -> Reply:
    """The answer to one shared file (imported, refused, unsupported or failed)."""
    file = await _complete(client, file)
    name = file_name(file)
    if not is_contact_list(file):
        return Reply(render("slack/upload_unsupported.nb.txt.j2", filename=name, is_secretariat=is_secretariat),
                     intent="upload_unsupported")
    if not is_secretariat:
        await asyncio.to_thread(deps.record_refusal, user, CONTACTS_IMPORT, f"fil: {name}")
        log.info("refused a contact list upload from %s", user.user_id)
        return Reply(render("slack/upload_refused.nb.txt.j2", filename=name), intent="refused")
    try:
        data = await _fetch(client, context, file, max_bytes)
    except DownloadError as exc:
        log.info("could not fetch %s from Slack: %s", file.get("id"), exc)
        return Reply(download_failed_text(exc, name, max_bytes), intent="upload_failed")
    try:
        async with deps.turns.hold(user.user_id):  # the person's next message waits for the import
            imported = await asyncio.to_thread(_import, deps, data, name, user.user_id)
    except ContactImportError as exc:
        return Reply(failed_text(exc, name), intent="contacts_import_failed")
    except Exception:
        log.exception("contact import from Slack failed for %s", user.user_id)
        return Reply(texts.ERROR, intent="error")
    return Reply(imported_text(imported), intent="contacts_imported")


async def handle_uploads(files: list[dict[str, Any]], *, user_id: str, channel: str, thread_ts: str | None,
                         client: AsyncWebClient, context: AsyncBoltContext, deps: SlackDeps) -> None:
    """Answer every shared file in the DM, one message each (the delivery is already claimed)."""
    user = await deps.users.lookup(client, user_id)
    is_secretariat = await asyncio.to_thread(deps.is_secretariat, user)
    for file in files:
        reply = await handle_file(file, user, is_secretariat=is_secretariat, client=client, context=context,
                                  deps=deps)
        await post_reply(client, reply, channel=channel, thread_ts=thread_ts)
