"""A fake Slack Web API over real HTTP (stdlib ``ThreadingHTTPServer`` on port 0), the technique
bolt-python uses for its own tests.

It records every call and answers by token:

* ``xoxb-valid`` (and any ``xoxb-valid-*``): ``ok`` answers shaped like Slack's.
* ``xoxb-ratelimited``: the first call of each method gets ``429`` with ``Retry-After: 1``, later ones ``ok``.
* ``xoxb-flaky``: the first call of each method gets ``500``, later ones ``ok``.
* ``xoxb-500``: every call gets ``500``.
* ``xoxb-timeout``: every call except ``auth.test`` answers after ``slow_seconds`` (longer than the client waits).
* ``xapp-*`` (app-level tokens): ``apps.connections.open`` returns ``socket_url``.
* anything else: ``invalid_auth``.

``response_url`` posts (``/response/...``) and file uploads (``/upload/...``) are recorded too.

Files people shared (``add_file``) are served at their ``url_private``/``url_private_download``
(``/files-pri/...``) to a request with a bot token the Web API accepts (or, when the file names one, that exact
token): no token, or another token, gets ``401``; an unknown file ``404``. ``files.info`` returns them too.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, quote, unquote

BOT_USER_ID = "UBOT"
BOT_ID = "BBOT"
TEAM_ID = "T0001"


@dataclass
class SharedFile:
    """A file a person shared, as ``add_file`` stored it."""

    file: dict[str, Any]
    content: bytes
    token: str | None = None


@dataclass
class Call:
    path: str
    token: str | None
    params: dict[str, Any]
    headers: dict[str, str]
    status: int = 200
    at: float = field(default_factory=time.monotonic)

    @property
    def method(self) -> str:
        """The Web API method name; ``response_url`` for response URL posts, ``upload`` for file bodies,
        ``files-pri`` for downloads of shared files."""
        if self.path.startswith("/response/"):
            return "response_url"
        if self.path.startswith("/upload/"):
            return "upload"
        if self.path.startswith("/files-pri/"):
            return "files-pri"
        return self.path.removeprefix("/api/").strip("/")


def _parse_body(raw: bytes, content_type: str) -> dict[str, Any]:
    if not raw:
        return {}
    if "application/json" in content_type:
        try:
            data = json.loads(raw)
        except ValueError:
            return {"_raw": raw.decode("utf-8", "replace")}
        parsed = data if isinstance(data, dict) else {"_json": data}
    elif "application/x-www-form-urlencoded" in content_type:
        parsed = {key: values[-1] for key, values in parse_qs(raw.decode("utf-8"), keep_blank_values=True).items()}
    else:
        return {"_bytes": len(raw)}
    return parsed


def _decode_json_strings(params: dict[str, Any]) -> dict[str, Any]:
    """The SDK sends some structured arguments as JSON strings, in the body or in the query."""
    for key in ("blocks", "view", "files", "attachments"):
        if isinstance(params.get(key), str) and params[key][:1] in "[{":
            params[key] = json.loads(params[key])
    return params


class FakeSlack:
    """Start with ``start()``; ``url`` is the Web API base URL to give the SDK (``.../api/``)."""

    def __init__(self, *, slow_seconds: float = 3.0) -> None:
        self.calls: list[Call] = []
        self.users: dict[str, dict[str, Any]] = {}
        self.socket_url: str | None = None
        self.files: dict[str, SharedFile] = {}
        self.slow_seconds = slow_seconds
        self._lock = threading.Lock()
        self._seen: Counter[tuple[str, str]] = Counter()
        self._ts = 0
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._server.block_on_close = False
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-slack", daemon=True)

    # --- lifecycle ---------------------------------------------------------------------------------

    @property
    def port(self) -> int:
        return int(self._server.socket.getsockname()[1])

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"{self.base}/api/"

    def start(self) -> FakeSlack:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # --- what tests look at ------------------------------------------------------------------------

    def add_user(self, user_id: str, *, email: str | None = None, name: str = "") -> None:
        profile: dict[str, Any] = {"real_name": name or user_id, "display_name": name or user_id}
        if email:
            profile["email"] = email
        self.users[user_id] = {"id": user_id, "name": name or user_id, "real_name": name or user_id,
                               "team_id": TEAM_ID, "profile": profile}

    def add_file(self, name: str, content: bytes, *, mimetype: str = "text/csv", filetype: str | None = None,
                 user: str = "UADMIN", token: str | None = None, size: int | None = None) -> dict[str, Any]:
        """Store a shared file; returns Slack's file object (as in a ``file_share`` message's ``files``).

        ``token``: the only bearer token the download accepts (default: any valid bot token).
        ``size``: the size the file object claims (default: the content's).
        """
        file_id = "F" + uuid.uuid4().hex[:10].upper()
        folder = f"/files-pri/{TEAM_ID}-{file_id}"
        suffix = name.rsplit(".", 1)[-1].lower() if "." in name else "binary"
        file = {"id": file_id, "created": 1764300000, "timestamp": 1764300000, "name": name, "title": name,
                "mimetype": mimetype, "filetype": filetype or suffix, "pretty_type": (filetype or suffix).upper(),
                "user": user, "user_team": TEAM_ID, "mode": "hosted", "editable": False, "is_external": False,
                "is_public": False, "size": len(content) if size is None else size,
                "url_private": f"{self.base}{folder}/{quote(name)}",
                "url_private_download": f"{self.base}{folder}/download/{quote(name)}",
                "permalink": f"https://fake.slack.com/files/{user}/{file_id}/{name}"}
        with self._lock:
            self.files[file_id] = SharedFile(file=file, content=content, token=token)
        return dict(file)

    def calls_to(self, method: str, *, ok_only: bool = True) -> list[Call]:
        with self._lock:
            return [call for call in self.calls if call.method == method and (call.status == 200 or not ok_only)]

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0,
                 where: Callable[[Call], bool] | None = None) -> list[Call]:
        """Poll (blocking, for threads) until ``count`` successful calls of ``method`` arrived."""
        deadline = time.monotonic() + timeout
        while True:
            found = [call for call in self.calls_to(method) if where is None or where(call)]
            if len(found) >= count or time.monotonic() > deadline:
                return found
            time.sleep(0.05)

    async def wait_for_async(self, method: str, count: int = 1, wait: float = 10.0,
                             where: Callable[[Call], bool] | None = None) -> list[Call]:
        """The same, yielding to the event loop the bot runs in (``wait`` seconds at most)."""
        deadline = time.monotonic() + wait
        while True:
            found = [call for call in self.calls_to(method) if where is None or where(call)]
            if len(found) >= count or time.monotonic() > deadline:
                return found
            await asyncio.sleep(0.05)

    def posted_texts(self) -> list[str]:
        """The block text of every successful ``chat.postMessage`` and ``response_url`` post."""
        texts = []
        for call in self.calls_to("chat.postMessage") + self.calls_to("response_url"):
            texts.append(block_text(call.params))
        return texts

    # --- the server --------------------------------------------------------------------------------

    def _next_ts(self) -> str:
        with self._lock:
            self._ts += 1
            return f"1764300000.{self._ts:06d}"

    def _record(self, call: Call) -> None:
        with self._lock:
            self.calls.append(call)

    def _first_time(self, token: str, method: str) -> bool:
        with self._lock:
            self._seen[(token, method)] += 1
            return self._seen[(token, method)] == 1

    def _answer(self, method: str, token: str | None, params: dict[str, Any]) -> tuple[int, dict[str, str], Any]:
        """(status, extra headers, JSON body) for one Web API call."""
        if token is None:
            return 200, {}, {"ok": False, "error": "not_authed"}
        if token.startswith("xapp-"):
            if method == "apps.connections.open" and self.socket_url:
                return 200, {}, {"ok": True, "url": self.socket_url}
            return 200, {}, {"ok": False, "error": "not_allowed_token_type"}
        if token == "xoxb-500":
            return 500, {}, {"ok": False, "error": "fatal_error"}
        if token == "xoxb-flaky" and self._first_time(token, method):
            return 500, {}, {"ok": False, "error": "fatal_error"}
        if token == "xoxb-ratelimited" and self._first_time(token, method):
            return 429, {"Retry-After": "1"}, {"ok": False, "error": "ratelimited"}
        if token == "xoxb-timeout" and method != "auth.test":
            time.sleep(self.slow_seconds)
        if not (token.startswith("xoxb-valid") or token in {"xoxb-ratelimited", "xoxb-flaky", "xoxb-timeout"}):
            return 200, {}, {"ok": False, "error": "invalid_auth"}
        return 200, {}, self._ok(method, params)

    def _ok(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {"ok": True, "url": "https://fake.slack.com/", "team": "Fake", "user": "kompetansebot",
                    "team_id": TEAM_ID, "user_id": BOT_USER_ID, "bot_id": BOT_ID, "is_enterprise_install": False}
        if method == "chat.postMessage":
            ts = self._next_ts()
            return {"ok": True, "channel": params.get("channel"), "ts": ts,
                    "message": {"text": params.get("text"), "ts": ts, "bot_id": BOT_ID, "type": "message"}}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self._next_ts()}
        if method == "conversations.open":
            users = str(params.get("users", ""))
            return {"ok": True, "channel": {"id": "D" + users.split(",")[0].lstrip("UW")}}
        if method == "users.info":
            user = self.users.get(str(params.get("user")))
            return {"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"}
        if method == "files.info":
            with self._lock:
                stored = self.files.get(str(params.get("file")))
            return {"ok": True, "file": dict(stored.file)} if stored else {"ok": False, "error": "file_not_found"}
        if method in {"views.open", "views.update", "views.push", "views.publish"}:
            view = params.get("view") or {}
            return {"ok": True, "view": {**view, "id": params.get("view_id") or "V0001", "hash": "h1"}}
        if method == "files.getUploadURLExternal":
            file_id = f"F{self._next_ts().replace('.', '')[-6:]}"
            return {"ok": True, "upload_url": f"{self.base}/upload/{file_id}", "file_id": file_id}
        if method == "files.completeUploadExternal":
            files = params.get("files") or []
            return {"ok": True, "files": [{"id": item.get("id"), "title": item.get("title")} for item in files]}
        return {"ok": False, "error": "unknown_method"}

    @staticmethod
    def _bot_token_valid(token: str) -> bool:
        return token.startswith("xoxb-valid") or token in {"xoxb-ratelimited", "xoxb-flaky", "xoxb-timeout"}

    def _download(self, path: str, token: str | None) -> tuple[int, bytes, str]:
        """(status, body, content type) for a GET of a shared file's URL."""
        parts = path.split("/")  # "", "files-pri", "T0001-F...", ["download"], name
        file_id = parts[2].partition("-")[2] if len(parts) > 3 else ""
        with self._lock:
            stored = self.files.get(file_id)
        if not token or not self._bot_token_valid(token) or (stored is not None and stored.token not in {None, token}):
            return 401, b"invalid_auth", "text/plain"
        if stored is None or unquote(parts[-1]) != stored.file["name"]:
            return 404, b"file_not_found", "text/plain"
        return 200, stored.content, str(stored.file["mimetype"])

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
                return None

            def do_GET(self) -> None:  # the SDK sends some methods (users.info) as GET with a query
                self.do_POST()

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                headers = {key.lower(): value for key, value in self.headers.items()}
                path, _, query = self.path.partition("?")
                if path.startswith("/files-pri/"):
                    token = headers.get("authorization", "").removeprefix("Bearer ").strip() or None
                    status, payload, content_type = fake._download(path, token)
                    fake._record(Call(path=path, token=token, params={}, headers=headers, status=status))
                    self._send(status, {}, payload, content_type)
                    return
                params = {key: values[-1] for key, values in parse_qs(query).items()}
                params = _decode_json_strings({**params, **_parse_body(raw, headers.get("content-type", ""))})
                if path.startswith("/response/") or path.startswith("/upload/"):
                    fake._record(Call(path=path, token=None, params=params, headers=headers))
                    self._send(200, {}, b"ok" if path.startswith("/response/") else b"OK - 1", "text/plain")
                    return
                token = headers.get("authorization", "").removeprefix("Bearer ").strip() or params.get("token")
                method = path.removeprefix("/api/").strip("/")
                status, extra, body = fake._answer(method, token, params)
                fake._record(Call(path=path, token=token, params=params, headers=headers, status=status))
                self._send(status, extra, json.dumps(body).encode(), "application/json; charset=utf-8")

            def _send(self, status: int, extra: dict[str, str], payload: bytes, content_type: str) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(payload)))
                    for key, value in extra.items():
                        self.send_header(key, value)
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeouts)
                    pass

        return Handler


def block_text(params: dict[str, Any]) -> str:
    """All text of a posted message: its blocks' text, else its ``text``."""
    blocks = params.get("blocks")
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    parts: list[str] = []
    for block in blocks or []:
        text = block.get("text")
        if isinstance(text, dict):
            parts.append(str(text.get("text", "")))
        for element in block.get("elements", []) or []:
            if isinstance(element, dict) and "text" in element and isinstance(element["text"], str):
                parts.append(element["text"])
    return "\n".join(parts) if parts else str(params.get("text", ""))
