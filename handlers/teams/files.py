"""Files for Teams (XLSX/CSV exports, the allocation chart) as signed, short-lived download links served
by ``serve`` itself at ``GET /teams/files/<id>/<name>?exp=…&sig=…``.

Chosen over Teams' file-consent flow (``FileConsentCard`` → the user accepts → the bot uploads to the
user's OneDrive): that flow works in the 1:1 chat only, needs ``supportsFiles`` in the manifest, an extra
round trip per file and write access to the user's OneDrive, while a link works in every client, for
images in a card as well. The link is an HMAC-SHA256 over path and expiry with a per-process random secret:
it cannot be guessed or extended, dies after ``ttl`` seconds (and on restart), and is only ever sent to
the person who asked (files go to the 1:1 chat).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.messages import Attachment

PATH_PREFIX = "/teams/files"


@dataclass(frozen=True)
class _Stored:
    attachment: Attachment
    expires: float


class FileLinks:
    def __init__(self, *, secret: bytes | None = None, ttl: float = 3600.0, max_bytes: int = 200 * 1024 * 1024,
                 now: Callable[[], float] = time.time) -> None:
        self._secret = secret or secrets.token_bytes(32)
        self.ttl = ttl
        self._max_bytes = max_bytes
        self._now = now
        self._files: OrderedDict[str, _Stored] = OrderedDict()

    def _signature(self, path: str, expires: int) -> str:
        return hmac.new(self._secret, f"{path}|{expires}".encode(), hashlib.sha256).hexdigest()

    def _prune(self) -> None:
        now = self._now()
        for key in [key for key, item in self._files.items() if item.expires <= now]:
            del self._files[key]
        while self._files and sum(len(item.attachment.content) for item in self._files.values()) > self._max_bytes:
            self._files.popitem(last=False)

    def add(self, attachment: Attachment, base_url: str) -> str:
        """Keep the file and return its signed link under ``base_url`` (the bot's public address)."""
        self._prune()
        file_id = secrets.token_urlsafe(16)
        expires = int(self._now() + self.ttl)
        self._files[file_id] = _Stored(attachment, float(expires))
        path = f"{PATH_PREFIX}/{file_id}/{quote(attachment.filename, safe='')}"
        return f"{base_url.rstrip('/')}{path}?exp={expires}&sig={self._signature(path, expires)}"

    def fetch(self, path: str, expires: str, signature: str) -> Attachment | None:
        """The file when the link is genuine and not expired, else None."""
        try:
            until = int(expires)
        except ValueError:
            return None
        if until < self._now() or not hmac.compare_digest(self._signature(path, until), signature):
            return None
        file_id = path[len(PATH_PREFIX) + 1:].split("/", 1)[0]
        stored = self._files.get(file_id)
        return stored.attachment if stored is not None and stored.expires >= self._now() else None

    def route(self) -> Route:
        async def download(request: Request) -> Response:
            raw_path = request.scope.get("raw_path")
            path = raw_path.decode("latin-1").split("?", 1)[0] if isinstance(raw_path, bytes) else request.url.path
            found = self.fetch(path, request.query_params.get("exp", ""), request.query_params.get("sig", ""))
            if found is None:
                return Response("Lenken er ugyldig eller utløpt.", status_code=404, media_type="text/plain")
            disposition = "inline" if found.mimetype.startswith("image/") else "attachment"
            return Response(found.content, media_type=found.mimetype, headers={
                "content-disposition": f"{disposition}; filename*=UTF-8''{quote(found.filename, safe='')}",
                "cache-control": "private, no-store", "x-content-type-options": "nosniff"})

        return Route(PATH_PREFIX + "/{file_id}/{name}", download, methods=["GET"])
