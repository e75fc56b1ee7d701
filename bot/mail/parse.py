"""Raw message bytes -> ``ParsedMail``: headers, addresses, bodies, attachments, delivery report.

Never raises on bad input: unknown charsets, broken MIME, missing Message-ID or Date all give a
``ParsedMail`` (with ``defects`` noted). Uses the stdlib ``email`` package only.

Addresses come from the **raw** header value (reference/security.md section 1): the mailbox list is
split and the address taken (the angle-addr when there is one) *before* anything is decoded; only
display names are decoded. An RFC 2047 encoded word is never an address, and CR, LF, NUL and other
control characters never survive in a display name. The headers are parsed on their own, so a body
the parser cannot take (1 000 nested multiparts, say) never loses the sender: such a mail gets
``unparseable`` set and the intake quarantines it with that reason.
"""

from __future__ import annotations

import email
import email.message
import email.parser
import email.policy
import email.utils
import re
from dataclasses import dataclass, field

from bot.mail.charset import decode_bytes, decode_header_value, preamble_text, unfold

_MSGID = re.compile(r"<[^<>\s]+>")
_BODY_MSGID = re.compile(r"^[ \t]*+Message-ID:[ \t]*(<[^<>\s]+>)", re.IGNORECASE | re.MULTILINE)
_META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
MAX_TEXT_CHARS = 200_000
MAX_PARTS = 500
"""The body walk stops after this many MIME parts (the rest is noted as a defect)."""
MAX_BOUNDARIES = 300
"""A mail declaring more multipart boundaries than this is not parsed for its body (the stdlib
parser recurses once per nesting level and gives up near 1 000): it is quarantined, sender kept."""
MAX_ADDRESS_HEADER_CHARS = 20_000
MAX_ADDRESSES = 100
MAX_NAME_CHARS = 200
_BOUNDARY = re.compile(rb"boundary[ \t]*=", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_LOCAL = re.compile(r"[^\x00-\x20()<>\[\]:;@\\,.\"\x7f\ud800-\udfff]+(?:\.[^\x00-\x20()<>\[\]:;@\\,.\"\x7f\ud800-\udfff]+)*")
_LABEL = re.compile(r"[^\W_](?:[\w-]{0,61}[^\W_])?")


@dataclass(frozen=True)
class Address:
    name: str
    address: str

    @property
    def domain(self) -> str:
        return self.address.rsplit("@", 1)[-1] if "@" in self.address else ""

    @property
    def local(self) -> str:
        return self.address.rsplit("@", 1)[0]


@dataclass(frozen=True)
class AttachmentInfo:
    """An attachment kept with the message (the message itself stays in the Processed folder)."""

    filename: str
    mimetype: str
    size: int
    disposition: str
    content_id: str | None
    kind: str
    """``document``, ``image``, ``inline_image`` (a logo in the signature), ``forwarded_message``, ``other``."""


@dataclass(frozen=True)
class RecipientStatus:
    recipient: str
    action: str
    status: str
    diagnostic: str

    @property
    def permanent(self) -> bool:
        return self.action.lower() == "failed" or self.status.startswith("5")


@dataclass(frozen=True)
class DeliveryReport:
    """A delivery status notification (RFC 3464), or what a non-standard bounce let us read."""

    recipients: tuple[RecipientStatus, ...]
    original_message_id: str | None
    standard: bool


@dataclass
class ParsedMail:
    raw_size: int
    headers: dict[str, list[str]]
    message_id: str | None
    in_reply_to: list[str]
    references: list[str]
    subject: str
    sender: Address | None
    reply_to: list[Address]
    to: list[Address]
    cc: list[Address]
    delivered_to: list[str]
    return_path: str | None
    date: str | None
    content_type: str
    text: str
    html: str
    attachments: list[AttachmentInfo] = field(default_factory=list)
    report: DeliveryReport | None = None
    defects: list[str] = field(default_factory=list)
    raw_from: str = ""
    """The From header exactly as it came (unfolded, control characters shown as ``\\xNN``): for the
    inbound record and the audit log."""
    from_count: int = 0
    """How many addresses the From header(s) held; anything but 1 is never a verified sender."""
    unparseable: str | None = None
    """Why the body could not be parsed (the headers and the sender still are): quarantine reason."""
    sender_verification: str = "none"
    """How the From address was verified (``none``, ``reply_token``, ``dmarc``); set by the intake
    (``bot.mail.verification``) before observers and the router see the mail."""

    def header(self, name: str) -> str | None:
        values = self.headers.get(name.lower())
        return values[0] if values else None

    def has_header(self, name: str) -> bool:
        return name.lower() in self.headers

    @property
    def sender_address(self) -> str:
        return self.sender.address if self.sender is not None else ""

    @property
    def recipient_addresses(self) -> list[str]:
        found = [a.address for a in (*self.to, *self.cc)] + list(self.delivered_to)
        return list(dict.fromkeys(found))


def message_ids(value: str | None) -> list[str]:
    """Every ``<id>`` in a header; References may be comma-joined (Exchange, iOS)."""
    if not value:
        return []
    found = _MSGID.findall(value)
    if found:
        return list(dict.fromkeys(found))
    bare = value.strip().strip(",").strip()
    return [f"<{bare}>"] if bare and " " not in bare and "@" in bare else []


def clean_display_name(value: str) -> str:
    """A display name safe to show and to write back into a header: control characters (CR, LF,
    NUL, the C1 range, line/paragraph separators) removed, whitespace collapsed, length bounded."""
    return " ".join(_CONTROL.sub(" ", value).split())[:MAX_NAME_CHARS]


def _eight_bit(value: str) -> str:
    """A raw header value with its 8-bit bytes (surrogate escapes from the compat32 parse) decoded as
    the body would be (UTF-8, else cp1252): charset decoding only, RFC 2047 words stay as they are."""
    if not any("\udc80" <= char <= "\udcff" for char in value):
        return value
    return decode_bytes(value.encode("utf-8", "surrogateescape"))


def shown_raw(value: str, limit: int = 2000) -> str:
    """A raw header value for records: unfolded, control characters as ``\\xNN``, bounded."""
    text = _eight_bit(unfold(value)[:limit])
    return _CONTROL.sub(lambda found: f"\\x{ord(found.group(0)):02x}", text)


def valid_address(address: str) -> str | None:
    """``local@domain`` lower-cased when it is a plain address, else None. An encoded word
    (``=?…?=``), whitespace, quotes, brackets or a second ``@`` make it no address."""
    address = address.strip()
    if not address or len(address) > 320 or "=?" in address or "?=" in address or address.count("@") != 1:
        return None
    local, domain = address.rsplit("@", 1)
    if len(local) > 64 or _LOCAL.fullmatch(local) is None:
        return None
    labels = domain.rstrip(".").split(".")
    if len(labels) < 2 or any(len(label) > 63 or _LABEL.fullmatch(label) is None for label in labels):
        return None
    return f"{local}@{domain.rstrip('.')}".lower()


def _mailboxes(value: str) -> list[tuple[str, str | None]]:
    """(phrase, angle-addr or None) for each top-level mailbox of a raw address-list header.

    One pass over the characters (linear): quoted strings and ``\\`` escapes are kept in the phrase,
    comments are dropped, ``<…>`` is the address part (the last one wins), ``,`` and ``;`` end a
    mailbox, a group's ``name:`` is dropped."""
    found: list[tuple[str, str | None]] = []
    phrase: list[str] = []
    angle: list[str] = []
    last_angle: str | None = None
    quoted = escaped = in_angle = False
    marked = False  # the phrase holds a quote, an "@" or an encoded word: a ":" in it is no group name
    depth = 0
    previous = ""

    def flush() -> None:
        nonlocal last_angle, marked
        text = "".join(phrase).strip()
        if text or last_angle is not None:
            found.append((text, last_angle))
        phrase.clear()
        last_angle = None
        marked = False

    for char in value:
        if escaped:
            (angle if in_angle else phrase).append(char)
            escaped = False
        elif quoted:
            (angle if in_angle else phrase).append(char)
            if char == "\\":
                escaped = True
            elif char == '"':
                quoted = False
        elif depth:
            if char == "\\":
                escaped = True
            elif char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
        elif char == "(":
            depth = 1
        elif in_angle:
            if char == ">":
                in_angle = False
                last_angle = "".join(angle)
                angle.clear()
            elif char == '"':
                quoted = True
                angle.append(char)
            else:
                angle.append(char)
        elif char == "<":
            in_angle = True
            angle.clear()
        elif char == '"':
            quoted = True
            marked = True
            phrase.append(char)
        elif char in ",;":
            flush()
            if len(found) >= MAX_ADDRESSES:
                return found
        elif char == ":" and last_angle is None and not marked:
            phrase.clear()  # a group name ("undisclosed-recipients:")
        else:
            marked = marked or char == "@" or (previous == "=" and char == "?")
            phrase.append(char)
        previous = char
    flush()
    return found[:MAX_ADDRESSES]


def _display_name(phrase: str) -> str:
    text = phrase.strip()
    if len(text) >= 2 and text.startswith('"') and text.endswith('"'):
        text = text[1:-1]
    text = re.sub(r"\\(.)", r"\1", text)
    return clean_display_name(decode_header_value(text).strip().strip('"'))


def _addresses(values: list[str]) -> list[Address]:
    """Addresses of raw (undecoded) header values; display names decoded and cleaned."""
    found: list[Address] = []
    for value in values:
        for phrase, angle in _mailboxes(_eight_bit(unfold(value)[:MAX_ADDRESS_HEADER_CHARS])):
            if angle is not None:
                address = valid_address(angle.removeprefix("mailto:"))
                name = _display_name(phrase)
            else:
                address = valid_address(phrase)
                name = ""
            if address is not None:
                found.append(Address(name=name, address=address))
            if len(found) >= MAX_ADDRESSES:
                return found
    return found


def _raw_headers(message: email.message.Message) -> dict[str, list[str]]:
    headers: dict[str, list[str]] = {}
    for name, value in message.raw_items():
        headers.setdefault(name.strip().lower(), []).append(str(value))
    return headers


def _decoded_headers(raw: dict[str, list[str]]) -> dict[str, list[str]]:
    return {name: [decode_header_value(value) for value in values] for name, values in raw.items()}


def _payload_bytes(part: email.message.Message) -> bytes:
    try:
        payload = part.get_payload(decode=True)
    except Exception:
        payload = None
    if isinstance(payload, bytes):
        return payload
    raw = part.get_payload()
    if isinstance(raw, str):
        return raw.encode("utf-8", "surrogateescape")
    return b""


def _part_text(part: email.message.Message) -> str:
    data = _payload_bytes(part)
    charset = part.get_content_charset()
    if charset is None and part.get_content_subtype() == "html":
        meta = _META_CHARSET.search(data[:4096])
        if meta:
            charset = meta.group(1).decode("ascii", "replace")
    return decode_bytes(data, charset)[:MAX_TEXT_CHARS]


def _filename(part: email.message.Message) -> str:
    try:
        name = part.get_filename()  # RFC 2231 parameters are decoded here
    except Exception:
        name = None
    if name is None:
        try:
            name = part.get_param("name")  # type: ignore[assignment]
        except Exception:
            name = None
        if isinstance(name, tuple):
            name = email.utils.collapse_rfc2231_value(name)
    return decode_header_value(str(name)) if name else ""


def _disposition(part: email.message.Message) -> str:
    value = part.get("Content-Disposition")
    if value is None:
        return ""
    return str(value).split(";", 1)[0].strip().lower()


def _attachment_kind(mimetype: str, disposition: str, content_id: str | None) -> str:
    if mimetype == "message/rfc822":
        return "forwarded_message"
    if mimetype.startswith("image/"):
        return "inline_image" if content_id or disposition == "inline" else "image"
    if mimetype in {"application/pdf", "application/msword", "application/vnd.ms-excel"} or mimetype.startswith(
        ("application/vnd.openxmlformats", "application/vnd.oasis.opendocument")
    ):
        return "document"
    return "other"


class _BodyCollector:
    def __init__(self) -> None:
        self.text: str | None = None
        self.html: str | None = None
        self.attachments: list[AttachmentInfo] = []
        self.delivery_status: list[email.message.Message] = []
        self.original_headers: list[email.message.Message] = []
        self.report_texts: list[str] = []
        self.parts = 0

    def walk(self, part: email.message.Message, *, in_report: bool = False, depth: int = 0) -> None:
        self.parts += 1
        if depth > 30 or self.parts > MAX_PARTS:
            return
        mimetype = part.get_content_type().lower()
        disposition = _disposition(part)
        if mimetype in {"message/rfc822", "text/rfc822-headers"} and in_report:
            self._original(part, mimetype)
            return
        if mimetype == "message/rfc822":  # a forwarded message: kept as an attachment, not read
            self._attach(part, mimetype, disposition or "attachment")
            return
        if mimetype == "message/delivery-status":
            self._delivery_status(part)
            return
        if part.is_multipart():
            children = part.get_payload()
            if not isinstance(children, list):
                return
            report = mimetype == "multipart/report"
            for index, child in enumerate(children):
                if isinstance(child, email.message.Message):
                    self.walk(child, in_report=in_report or (report and index > 0), depth=depth + 1)
            return
        filename = _filename(part)
        is_attachment = disposition == "attachment" or bool(filename and mimetype not in {"text/plain", "text/html"})
        if mimetype in {"text/plain", "text/html"} and not is_attachment:
            if in_report:
                self.report_texts.append(_part_text(part))
                return
            if mimetype == "text/plain" and self.text is None:
                self.text = _part_text(part)
                return
            if mimetype == "text/html" and self.html is None:
                self.html = _part_text(part)
                return
            if disposition != "inline" and not filename:
                return
        if mimetype == "text/rfc822-headers":
            self._original(part, mimetype)
            return
        self._attach(part, mimetype, disposition)

    def _attach(self, part: email.message.Message, mimetype: str, disposition: str) -> None:
        content_id = part.get("Content-ID")
        size = len(_payload_bytes(part)) if mimetype != "message/rfc822" else len(str(part))
        cid = unfold(str(content_id)).strip() if content_id else None
        self.attachments.append(AttachmentInfo(
            filename=_filename(part), mimetype=mimetype, size=size, disposition=disposition or "attachment",
            content_id=cid, kind=_attachment_kind(mimetype, disposition, cid),
        ))

    def _delivery_status(self, part: email.message.Message) -> None:
        payload = part.get_payload()
        if isinstance(payload, list):
            self.delivery_status.extend(block for block in payload if isinstance(block, email.message.Message))
            return
        text = _payload_bytes(part).decode("utf-8", "replace")
        for block in re.split(r"\r?\n\s*\r?\n", text):
            if block.strip():
                self.delivery_status.append(email.message_from_string(block.strip() + "\n"))

    def _original(self, part: email.message.Message, mimetype: str) -> None:
        if mimetype == "message/rfc822":
            payload = part.get_payload()
            if isinstance(payload, list) and payload and isinstance(payload[0], email.message.Message):
                self.original_headers.append(payload[0])
            return
        text = _payload_bytes(part).decode("utf-8", "replace")
        self.original_headers.append(email.message_from_string(text))


def _report(collector: _BodyCollector, content_type: str) -> DeliveryReport | None:
    original: str | None = None
    for headers in collector.original_headers:
        ids = message_ids(decode_header_value(headers.get("Message-ID")))
        if ids:
            original = ids[0]
            break
    recipients: list[RecipientStatus] = []
    for block in collector.delivery_status:
        final = block.get("Final-Recipient") or block.get("Original-Recipient")
        if final is None:
            continue
        address = unfold(str(final)).split(";", 1)[-1].strip().strip("<>").lower()
        status = unfold(str(block.get("Status", ""))).strip().split(" ", 1)[0]
        recipients.append(RecipientStatus(
            recipient=address,
            action=unfold(str(block.get("Action", ""))).strip().lower(),
            status=status,
            diagnostic=unfold(str(block.get("Diagnostic-Code", ""))).strip()[:500],
        ))
    standard = bool(recipients) or content_type == "multipart/report"
    if original is None:
        for text in collector.report_texts:
            found = _BODY_MSGID.search(text)
            if found:
                original = found.group(1)
                break
    if not recipients and original is None and not standard:
        return None
    return DeliveryReport(recipients=tuple(recipients), original_message_id=original, standard=standard)


def _headers_only(raw: bytes) -> email.message.Message:
    """The header block alone (never recurses into the body), so the sender survives any body."""
    try:
        return email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(raw, headersonly=True)
    except Exception:  # pragma: no cover - the header parser is very tolerant
        return email.message.Message()


def _too_nested(raw: bytes) -> int:
    """How many ``boundary=`` parameters the bytes declare, counting up to just past the limit."""
    count = 0
    for _found in _BOUNDARY.finditer(raw):
        count += 1
        if count > MAX_BOUNDARIES:
            break
    return count


def parse_mail(raw: bytes) -> ParsedMail:
    """Parse raw RFC 5322 bytes; never raises."""
    defects: list[str] = []
    unparseable: str | None = None
    boundaries = _too_nested(raw)
    if boundaries > MAX_BOUNDARIES:
        unparseable = f"too many MIME parts (more than {MAX_BOUNDARIES} multipart boundaries)"
    else:
        try:
            message = email.message_from_bytes(raw)
        except RecursionError:
            unparseable = "MIME structure nested too deeply to parse"
        except Exception as exc:  # pragma: no cover - the compat32 parser is very tolerant
            unparseable = f"unparseable: {type(exc).__name__}"
    # The header block: that of the parsed message (the same compat32 parse of the same bytes), or, when
    # the body could not be parsed, the header block alone, so the sender survives any body.
    if unparseable is not None:
        message = head = _headers_only(raw)
        defects.append(unparseable)
    else:
        head = message
    defects.extend(type(defect).__name__ for defect in getattr(message, "defects", []))
    raw_headers = _raw_headers(head)
    headers = _decoded_headers(raw_headers)

    def first(name: str) -> str | None:
        values = headers.get(name)
        return values[0] if values else None

    def addresses(name: str) -> list[Address]:
        return _addresses(raw_headers.get(name, []))

    collector = _BodyCollector()
    if unparseable is None:
        try:
            collector.walk(message)
        except Exception as exc:  # broken structures must not stop intake
            defects.append(f"walk: {type(exc).__name__}: {exc}")
        if collector.parts > MAX_PARTS:
            defects.append(f"more than {MAX_PARTS} MIME parts: the rest was not read")
    content_type = message.get_content_type().lower() if unparseable is None else "text/plain"
    report = _report(collector, content_type) if (
        content_type == "multipart/report" or collector.delivery_status or collector.report_texts
    ) else None
    raw_from_values = raw_headers.get("from", [])
    senders = addresses("from")
    if len(raw_from_values) > 1:
        defects.append(f"{len(raw_from_values)} From headers")
    return_path_value = first("return-path")
    return_path: str | None = None
    if return_path_value is not None:
        return_path = return_path_value.strip().strip("<>").strip().lower()
    text = collector.text or ""
    if not text.strip() and not (collector.html or "").strip() and unparseable is None:
        text = preamble_text(message)  # a broken multipart with the words before its first boundary
    message_id_values = message_ids(first("message-id"))
    references: list[str] = []
    for value in headers.get("references", []):
        references.extend(message_ids(value))
    return ParsedMail(
        raw_size=len(raw),
        headers=headers,
        message_id=message_id_values[0] if message_id_values else None,
        in_reply_to=message_ids(first("in-reply-to")),
        references=list(dict.fromkeys(references)),
        subject=first("subject") or "",
        sender=senders[0] if senders else None,
        reply_to=addresses("reply-to"),
        to=addresses("to"),
        cc=addresses("cc"),
        delivered_to=[a.address for a in _addresses(raw_headers.get("delivered-to", [])
                                                    + raw_headers.get("x-original-to", []))],
        return_path=return_path,
        date=first("date"),
        content_type=content_type,
        text=text,
        html=collector.html or "",
        attachments=collector.attachments,
        report=report,
        defects=defects,
        raw_from=" | ".join(shown_raw(value) for value in raw_from_values[:3]),
        from_count=max(len(senders), len(raw_from_values)),
        unparseable=unparseable,
    )
