"""The Slack Web API client: base URL from ``SLACK_API_URL``, retries on 429 and server errors."""

from __future__ import annotations

from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.settings import Settings

DEFAULT_BASE_URL = AsyncWebClient.BASE_URL
RATE_LIMIT_RETRIES = 3
SERVER_ERROR_RETRIES = 2


def retry_handlers() -> list[AsyncRetryHandler]:
    """Connection errors once (the SDK default), 429 after ``Retry-After``, 500/503 with backoff."""
    return [
        AsyncConnectionErrorRetryHandler(max_retry_count=1),
        AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
        AsyncServerErrorRetryHandler(max_retry_count=SERVER_ERROR_RETRIES),
    ]


def base_url(api_url: str | None) -> str:
    url = api_url or DEFAULT_BASE_URL
    return url if url.endswith("/") else url + "/"


def build_web_client(settings: Settings, *, token: str | None = None, timeout: int = 30) -> AsyncWebClient:
    bot_token = token or (settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None)
    return AsyncWebClient(token=bot_token, base_url=base_url(settings.slack_api_url), timeout=timeout,
                          retry_handlers=retry_handlers())
