"""Outgoing mail: Jinja2 text + HTML bodies and the headers that keep threads and stop loops.

Every mail carries a Message-ID on the bot's domain (made once, at enqueue), the loop header,
``X-Auto-Response-Suppress: All`` and ``Auto-Submitted`` (``auto-replied`` for answers,
``auto-generated`` for reminders). Answers carry ``In-Reply-To`` and ``References`` and an
"SV:" subject. No ``Precedence: bulk``.
"""

from __future__ import annotations

import email.charset
import email.policy
import email.utils
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email.encoders import encode_base64
from email.header import Header
from email.message import Message
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.nonmultipart import MIMENonMultipart
from email.utils import formataddr

from bot.mail.charset import clean_header_text
from bot.mail.correlate import base_subject
from bot.mail.identity import LOOP_HEADER, BotIdentity
from bot.markup import blocks, to_plain
from bot.messages import Attachment
from bot.rendering import render

AUTO_REPLIED = "auto-replied"
AUTO_GENERATED = "auto-generated"
MAX_REFERENCES = 10
_REPLY_PREFIX = {"nb": "SV", "nn": "SV", "en": "Re"}
_UTF8_QP = email.charset.Charset("utf-8")
_UTF8_QP.body_encoding = email.charset.QP
_UTF8_QP.header_encoding = email.charset.QP
# A header value that needs no folding: printable ASCII words with single spaces between them.
_PLAIN_HEADER_VALUE = re.compile(r"[\x21-\x7e]+(?: [\x21-\x7e]+)*")


class _Compat32CRLF(email.policy.Compat32):
    """compat32 with CRLF line ends. A header whose line is plain ASCII and fits within the line length is
    written as it stands, which is what compat32's folding gives it too (tests/email/test_compose_fast.py
    compares the two): the Header machinery per header was two fifths of the time of building a mail."""

    def fold_binary(self, name: str, value: str) -> bytes:  # type: ignore[override]
        limit = self.max_line_length or 0
        if (isinstance(value, str) and value.isascii() and len(name) + 2 + len(value) <= limit
                and _PLAIN_HEADER_VALUE.fullmatch(value)):
            return f"{name}: {value}{self.linesep}".encode("ascii")
        return super().fold_binary(name, value)


_CRLF = _Compat32CRLF(linesep="\r\n")
_BOUNDARY_PREFIX = "=_kb_"
"""A MIME boundary starting with "=_" cannot occur in quoted-printable or base64 text (the only encodings the
parts use), so it is set up front: the generator then skips its per-mail search of the whole body for a clash
(a regular expression compiled for every mail)."""


def _boundary() -> str:
    return f"{_BOUNDARY_PREFIX}{uuid.uuid4().hex}"


@dataclass(frozen=True)
class Recipient:
    address: str
    name: str = ""


@dataclass(frozen=True)
class MailContent:
    subject: str
    text: str
    html: str
    attachments: tuple[Attachment, ...] = ()


@dataclass(frozen=True)
class ThreadHeaders:
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()


@dataclass(frozen=True)
class Envelope:
    message_id: str
    to: Recipient
    reply_to: str | None
    date: datetime
    auto_submitted: str = AUTO_REPLIED
    thread: ThreadHeaders = field(default_factory=ThreadHeaders)
    language: str = "nb"


def reply_subject(original: str, language: str = "nb") -> str:
    base = base_subject(clean_header_value(original))
    prefix = _REPLY_PREFIX.get(language, "SV")
    if not base:
        return {"en": "Answer from Kompetansebot"}.get(language, "Svar fra kompetansebot")
    return f"{prefix}: {base}"


def thread_headers(message_id: str | None, references: Sequence[str]) -> ThreadHeaders:
    """In-Reply-To = their Message-ID; References = theirs (last few) + it."""
    chain = [ref for ref in references if ref != message_id]
    if message_id:
        chain.append(message_id)
    return ThreadHeaders(in_reply_to=message_id, references=tuple(chain[-MAX_REFERENCES:]))




def _template_language(language: str) -> str:
    return language if language in {"nb", "nn", "en"} else "nb"


def render_reply(body: str, *, subject: str, sources: Sequence[str] = (), language: str = "nb") -> MailContent:
    """The answer as text and HTML (HTML autoescaped: a person's words cannot inject markup)."""
    lang = _template_language(language)
    # The core's light markup (*bold*, fenced tables): plain text in the text part, <strong> and <table> in HTML.
    text = render(f"email/reply.{lang}.txt.j2", body=to_plain(body.strip()), sources=list(sources))
    footer = render(f"email/_footer.{lang}.txt.j2").split("\n")
    footer_lines = [line for line in footer if line.strip() not in {"--", ""}]
    source_line = ""
    if sources:
        source_line = [line for line in text.split("\n")
                       if line.startswith(("Kilde:", "Kjelde:", "Source:"))][0]
    html = render("email/reply.html.j2", lang=lang, subject=subject, blocks=blocks(body.strip()),
                  source_line=source_line, footer=footer_lines)
    return MailContent(subject=subject, text=text + "\n", html=html + "\n")


def clean_header_value(value: str) -> str:
    """A value safe in any header we write: NUL, CR, LF and every other C0/C1 control character
    (and DEL, the Unicode line/paragraph separators) removed; line breaks and tabs become one space."""
    return clean_header_text(value)


def _header_text(value: str) -> str:
    """A header value: ASCII as is, anything else as RFC 2047 UTF-8 encoded-words."""
    value = clean_header_value(value)
    return value if value.isascii() else Header(value, "utf-8").encode()


def _address(name: str, address: str) -> str:
    return formataddr((clean_header_value(name), clean_header_value(address).replace(" ", "")), charset="utf-8")


def _set_header(message: Message, name: str, value: str) -> None:
    """Every header we write goes through here: control characters never reach the wire."""
    message[name] = clean_header_value(value)


def _text_part(body: str, subtype: str) -> MIMENonMultipart:
    part = MIMENonMultipart("text", subtype)
    part.set_payload(body, _UTF8_QP)
    return part


def build_message(content: MailContent, envelope: Envelope, identity: BotIdentity) -> bytes:
    """The RFC 5322 bytes of the mail (multipart/alternative text + HTML, attachments), CRLF line ends."""
    alternative = MIMEMultipart("alternative", boundary=_boundary())
    alternative.attach(_text_part(content.text, "plain"))
    alternative.attach(_text_part(content.html, "html"))
    if content.attachments:
        message = MIMEMultipart("mixed", boundary=_boundary())
        message.attach(alternative)
        for attachment in content.attachments:
            maintype, _, subtype = attachment.mimetype.partition("/")
            part = MIMEApplication(attachment.content, _subtype=subtype or "octet-stream") \
                if maintype in {"application", ""} else MIMENonMultipart(maintype, subtype or "octet-stream")
            if maintype not in {"application", ""}:
                part.set_payload(attachment.content)
                encode_base64(part)
            part.add_header("Content-Disposition", "attachment",
                            filename=("utf-8", "", clean_header_value(attachment.filename)))
            message.attach(part)
    else:
        message = alternative
    message["From"] = _address(identity.display_name, identity.address)
    message["To"] = _address(envelope.to.name, envelope.to.address)
    if envelope.reply_to:
        message["Reply-To"] = _address(identity.display_name, envelope.reply_to)
    message["Subject"] = _header_text(content.subject)
    _set_header(message, "Date", email.utils.format_datetime(envelope.date))
    _set_header(message, "Message-ID", envelope.message_id)
    if envelope.thread.in_reply_to:
        _set_header(message, "In-Reply-To", envelope.thread.in_reply_to)
    if envelope.thread.references:
        _set_header(message, "References", " ".join(envelope.thread.references))
    _set_header(message, "Auto-Submitted", envelope.auto_submitted)
    _set_header(message, "X-Auto-Response-Suppress", "All")
    _set_header(message, LOOP_HEADER, identity.instance)
    _set_header(message, "Content-Language", {"nb": "nb-NO", "nn": "nn-NO", "en": "en"}.get(envelope.language, "nb-NO"))
    return message.as_bytes(policy=_CRLF)
