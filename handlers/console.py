"""The console channel: a chat in the terminal, or JSON lines over pipes (``--jsonl``).

Every input line is one message and gets exactly one answer. Undecodable bytes, binary garbage,
huge lines and unexpected errors each get a clear answer; nothing stops the loop but end of
input or ``avslutt``. The console formats for itself: the core's light markup becomes plain text,
and files a reply carries (exports, allocation sheets, charts) are written to a folder (the working
directory unless ``--out`` names another) with their paths printed.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import BinaryIO, Protocol, TextIO

from bot.markup import to_plain
from bot.messages import Attachment, IncomingMessage, Reply
from bot.rendering import render
from bot.text import fold

log = logging.getLogger(__name__)

EXIT_WORDS = frozenset({"avslutt", "quit", "exit", "ha det", "hade", "bye"})
MAX_LINE_BYTES = 1_000_000


class MessageHandler(Protocol):
    def handle(self, message: IncomingMessage) -> Reply: ...


class UnreadableInput(ValueError):
    """Bytes that are not text a person typed."""


def decode_line(raw: bytes) -> str:
    """UTF-8 first, then Windows-1252 (old Windows consoles); binary garbage is refused."""
    if b"\x00" in raw:
        raise UnreadableInput("inneholder binære data")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise UnreadableInput("teksten er verken UTF-8 eller Windows-1252") from exc
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n")
    if controls > max(2, len(text) // 20):
        raise UnreadableInput("inneholder kontrolltegn, ikke vanlig tekst")
    return text.rstrip("\r\n")


class ConsoleChannel:
    def __init__(self, handler: MessageHandler, *, user_id: str, stdin: BinaryIO, stdout: TextIO,
                 jsonl: bool = False, out_dir: Path | None = None,
                 has_draft: Callable[[str], bool] | None = None) -> None:
        """``has_draft(user_id)`` tells whether the person has a needs report in progress, so the
        goodbye only says "what you answered is saved" when something was (e.g.
        ``lambda user: bot_app.needs_report_service.has_draft("console", user)``)."""
        self._has_draft = has_draft
        self._out_dir = out_dir or Path.cwd()
        self._handler = handler
        self._user_id = user_id
        self._stdin = stdin
        self._stdout = stdout
        self._jsonl = jsonl

    def run(self) -> int:
        self._prompt()
        while True:
            try:
                raw = self._stdin.readline(MAX_LINE_BYTES)
            except KeyboardInterrupt:
                break
            if not raw:
                break
            if len(raw) >= MAX_LINE_BYTES and not raw.endswith(b"\n"):
                self._discard_rest_of_line()
            reply = self._answer(raw)
            self._emit(reply)
            if reply.end_conversation:
                return 0
            self._prompt()
        if not self._jsonl:
            self._stdout.write("\n" + self._goodbye() + "\n")
            self._stdout.flush()
        return 0

    def _goodbye(self) -> str:
        draft = None
        if self._has_draft is not None:
            try:
                draft = self._has_draft(self._user_id)
            except Exception:  # a goodbye must never fail
                log.exception("could not look up the draft")
        return render("chat/goodbye.nb.txt.j2", has_draft=draft)

    def _discard_rest_of_line(self) -> None:
        while True:
            chunk = self._stdin.readline(MAX_LINE_BYTES)
            if not chunk or chunk.endswith(b"\n"):
                return

    def _answer(self, raw: bytes) -> Reply:
        try:
            text = decode_line(raw)
        except UnreadableInput as exc:
            return Reply(render("chat/unreadable.nb.txt.j2", reason=str(exc)), intent="unreadable")
        if fold(text) in EXIT_WORDS:
            return Reply(self._goodbye(), intent="exit", end_conversation=True)
        message = IncomingMessage(user_id=self._user_id, channel="console", text=text)
        try:
            return self._handler.handle(message)
        except Exception:  # one bad message must never end the chat
            log.exception("console message failed")
            return Reply("Beklager, noe gikk galt hos meg med den meldingen. Det du har lagret fra før er "
                         "ikke tapt. Prøv igjen, eller skriv «hjelp».", intent="error")

    def _emit(self, reply: Reply) -> None:
        text = to_plain(reply.text)
        saved, problems = self._save(reply.attachments)
        if saved:
            text += "\n\n" + render("chat/files_saved.nb.txt.j2", paths=[str(path) for path in saved])
        if problems:
            text += "\n\n" + render("chat/files_not_saved.nb.txt.j2", problems=problems,
                                     folder=str(self._out_dir))
        if self._jsonl:
            line = {"text": text, "intent": reply.intent, "sources": list(reply.sources),
                    "files": [str(path) for path in saved]}
            self._stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
        else:
            self._stdout.write(text + "\n")
        self._stdout.flush()

    def _save(self, attachments: tuple[Attachment, ...]) -> tuple[list[Path], list[str]]:
        """Write each file under the output folder; an existing file is never overwritten (name-2.ext)."""
        saved: list[Path] = []
        problems: list[str] = []
        for attachment in attachments:
            name = PurePath(attachment.filename.replace("\\", "/")).name or "fil"
            target = self._out_dir / name
            number = 2
            while target.exists():
                target = self._out_dir / f"{PurePath(name).stem}-{number}{PurePath(name).suffix}"
                number += 1
            try:
                self._out_dir.mkdir(parents=True, exist_ok=True)
                target.write_bytes(attachment.content)
            except OSError as exc:
                problems.append(f"{name}: {exc.strerror or exc}")
                continue
            saved.append(target.resolve())
        return saved, problems

    def _prompt(self) -> None:
        if not self._jsonl:
            self._stdout.write("\ndu> ")
            self._stdout.flush()
