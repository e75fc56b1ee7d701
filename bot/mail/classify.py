"""Classify an inbound mail before anything answers it: own mail, bounce, auto-reply, list, human.

Decided from headers, then sender, then subject, never from the body: bounces and out-of-office
replies quote our own text (reference/email.md section 1). First match wins:

1. ``own``: our loop header, a Message-ID of ours, or our own address as sender.
2. ``bounce``: a delivery status report, or a null/daemon sender (mailer-daemon, postmaster).
3. ``auto_reply``: RFC 3834 ``Auto-Submitted`` other than ``no``, the X-Autoreply family,
   Exchange rules-loop headers, ``X-Mailer: vacation``, or a null Return-Path.
4. ``spam``: flagged by a spam filter (``X-Spam-Flag: YES``, ``X-Spam-Status: Yes, ...``,
   Exchange's ``X-MS-Exchange-Organization-SCL`` 5-9): never answered (its sender is likely
   forged: an answer would be backscatter), logged and ignored, not an error.
5. ``list``: list and bulk mail (``List-Id``, ``List-Unsubscribe``, ``Precedence: bulk|junk|list``...)
   and list robots. ``Feedback-ID`` is not a list marker: Proton Mail sets it on personal mail.
6. ``no_reply``: a no-reply sender (noreply@, ikke-svar@...): never answered.
7. ``probably_auto``: only the subject looks automatic ("Automatisk svar:", "Fravær:",
   "[AUTO GENERATED] ..."): not answered, held for a person.
8. ``human``.

``X-Auto-Response-Suppress`` is a request not to auto-answer *their* mail; it is not evidence
that the mail is automatic and does not change the kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.mail.identity import LOOP_HEADER, BotIdentity
from bot.mail.parse import DeliveryReport, ParsedMail, RecipientStatus, message_ids

OWN = "own"
BOUNCE = "bounce"
AUTO_REPLY = "auto_reply"
LIST = "list"
SPAM = "spam"
NO_REPLY = "no_reply"
PROBABLY_AUTO = "probably_auto"
HUMAN = "human"
KINDS = (OWN, BOUNCE, AUTO_REPLY, SPAM, LIST, NO_REPLY, PROBABLY_AUTO, HUMAN)
AUTOMATIC = frozenset({AUTO_REPLY, PROBABLY_AUTO})
ANSWERABLE = frozenset({HUMAN})

_DAEMONS = frozenset({"mailer-daemon", "postmaster", "mail-daemon", "mailerdaemon"})
_LIST_ROBOTS = re.compile(r"^(listserv|majordomo|owner-.+|.+-request|.+-owner|.+-bounces?)$")
_NO_REPLY = re.compile(r"^(no[-_.]?reply|do[-_.]?not[-_.]?reply|donotreply|ikke[-_.]?svar|ikkesvar|svar[-_.]?ikke|"
                       r"noreply[-_.+].*|no[-_.]reply[-_.+].*|notifications?|bounces?)$")
_SUBJECT_PREFIXES = r"^\s*(?:(?:sv|re|vs|aw|fw|fwd|tr|antw|ref)\s*(?:\[\d+\])?\s*:\s*|\[[^\]]{0,40}\]\s*)*"
# Automatic when the subject *starts* with these (after reply prefixes and [tags]).
_AUTO_SUBJECT_START = re.compile(
    _SUBJECT_PREFIXES
    + r"(?:automatisk\s+svar|automatiske?\s+melding|autosvar|auto[-\s]?svar|fravær(?:s(?:melding|varsel|notis))?\b"
    r"(?!\s+(?:på|i|fra|ved|og|under|for|til|om|etter|hos)\b)|fråvær(?:smelding)?\b(?!\s+(?:på|i|frå|ved|og|for|om)\b)|"
    r"fraværende\b|ikke\s+(?:på|til\s+stede\s+på)\s+kontoret|ikkje\s+på\s+kontoret|out[-\s]+of[-\s]+(?:the[-\s]+)?office|"
    r"automatic\s+reply|auto[-\s]?reply|autoreply|auto[-\s]?response|autoresponse|auto\s*:|"
    r"auto[-\s]?generer?t|auto[-\s]?generated|automatically\s+generated|abwesen(?:heit|d)|autoresponder|automatische\s+antwort|frånvaro|"
    r"automatiskt\s+svar|réponse\s+automatique|absence\s+du\s+bureau|automatisch\s+antwoord|ferie\s*:|på\s+ferie\b)",
    re.IGNORECASE,
)
# Automatic wherever these stand in the subject: explicit machine labels, never a person's topic.
_AUTO_SUBJECT_ANYWHERE = re.compile(
    r"[\[(]\s*(?:auto[-\s]?generated|automatically\s+generated|automatisk\s+(?:generert|svar|melding)|auto[-\s]?reply|"
    r"autoreply|autosvar|out\s+of\s+office|automatic\s+reply)\s*[\])]|"
    r"\b(?:this\s+is\s+an\s+auto(?:mated|matic)(?:ally\s+generated)?\s+(?:message|reply|response|e-?mail)|"
    r"automatisk\s+generert\s+(?:melding|e-post|epost)|auto[-\s]generated\s+(?:message|e-?mail|notification))\b|"
    r"(?:^|[\s:–-])(?:automatisk\s+svar|autosvar|out\s+of\s+office|automatic\s+reply)\s*:",
    re.IGNORECASE,
)
_BOUNCE_SUBJECT = re.compile(
    r"^\s*(undeliverable|undelivered mail|delivery status notification|mail delivery failed|returned mail|"
    r"levering mislyktes|kan ikke leveres|leveringsstatus|non[- ]delivery|failure notice)",
    re.IGNORECASE,
)
_BODY_MSGID = re.compile(r"^[ \t]*+(?:>[ \t]*+)?Message-ID:[ \t]*(<[^<>\s]+>)", re.IGNORECASE | re.MULTILINE)
_SCL = re.compile(r"^\s*(-?\d+)\s*$")
_DSN_STATUS = re.compile(r"\b([245])\.(\d{1,3})\.(\d{1,3})\b")


@dataclass(frozen=True)
class Classification:
    kind: str
    reasons: tuple[str, ...]
    report: DeliveryReport | None = None

    @property
    def answerable(self) -> bool:
        return self.kind in ANSWERABLE


def _value(mail: ParsedMail, name: str) -> str:
    return (mail.header(name) or "").strip().lower()


def _own(mail: ParsedMail, bot: BotIdentity) -> list[str]:
    reasons = []
    if mail.has_header(LOOP_HEADER):
        reasons.append(f"header {LOOP_HEADER}")
    if bot.is_own_message_id(mail.message_id):
        reasons.append("Message-ID of ours")
    if mail.sender is not None and bot.is_own_address(mail.sender.address):
        reasons.append("sent from our address")
    return reasons


def _bounce(mail: ParsedMail) -> list[str]:
    reasons = []
    content_type = mail.content_type
    report_type = ""
    raw_ct = mail.header("content-type") or ""
    found = re.search(r"report-type\s*=\s*\"?([A-Za-z0-9_-]+)", raw_ct, re.IGNORECASE)
    if found:
        report_type = found.group(1).lower()
    if content_type == "multipart/report" and report_type in {"delivery-status", ""}:
        reasons.append("multipart/report delivery-status")
    elif mail.report is not None and mail.report.recipients:
        reasons.append("message/delivery-status part")
    local = mail.sender.local if mail.sender is not None else ""
    if local in _DAEMONS:
        reasons.append(f"sender {local}@")
    if mail.return_path == "" and (local in _DAEMONS or _BOUNCE_SUBJECT.search(mail.subject)):
        reasons.append("null Return-Path with a bounce subject or daemon sender")
    return reasons


_AUTO_HEADERS = (
    ("x-autoreply", None),
    ("x-autorespond", None),
    ("x-autogenerated", None),
    ("x-fc-machinegenerated", None),
    ("x-ms-exchange-inbox-rules-loop", None),
    ("x-autoresponder", None),
)


def _auto(mail: ParsedMail) -> list[str]:
    reasons = []
    submitted = _value(mail, "auto-submitted")
    if submitted and submitted.split(";", 1)[0].strip() != "no":
        reasons.append(f"Auto-Submitted: {submitted}")
    for name, _ in _AUTO_HEADERS:
        if mail.has_header(name):
            reasons.append(f"header {name}")
    for name in ("precedence", "x-precedence"):
        if _value(mail, name) in {"auto_reply", "auto-reply"}:
            reasons.append(f"{name}: auto_reply")
    if "mailbox rules agent" in _value(mail, "x-ms-exchange-generated-message-source"):
        reasons.append("Exchange Mailbox Rules Agent")
    if "autoresponder" in _value(mail, "x-post-messageclass"):
        reasons.append("X-POST-MessageClass autoresponder")
    if any("autoresponder" in value.lower() for value in mail.headers.get("delivered-to", [])):
        reasons.append("Delivered-To: Autoresponder")
    if "vacation" in _value(mail, "x-mailer"):
        reasons.append("X-Mailer: vacation")
    if mail.return_path == "":
        reasons.append("null Return-Path")
    return reasons


def _list(mail: ParsedMail) -> list[str]:
    reasons = []
    for name in ("precedence", "x-precedence"):
        value = _value(mail, name)
        if value in {"bulk", "junk", "list"}:
            reasons.append(f"{name}: {value}")
    for name in ("list-id", "list-unsubscribe", "list-post", "x-beenthere", "x-mailman-version", "list-help",
                 "x-list"):
        if mail.has_header(name):
            reasons.append(f"header {name}")
    local = mail.sender.local if mail.sender is not None else ""
    if _LIST_ROBOTS.match(local):
        reasons.append(f"list robot sender {local}@")
    return reasons


def _spam(mail: ParsedMail) -> list[str]:
    """Verdicts of the receiving side's spam filters (a sender's "No" verdicts do not count)."""
    reasons = []
    for name in ("x-spam-flag", "x-spam", "x-spam-status"):
        for value in mail.headers.get(name, []):
            verdict = value.strip().lower()
            if verdict == "yes" or verdict.startswith(("yes,", "yes;", "yes ")) or verdict == "true":
                reasons.append(f"{name}: {value.strip()[:40]}")
                break
    for value in mail.headers.get("x-ms-exchange-organization-scl", []):
        found = _SCL.match(value)
        if found and 5 <= int(found.group(1)) <= 9:
            reasons.append(f"X-MS-Exchange-Organization-SCL: {found.group(1)}")
            break
    return reasons


def _no_reply(mail: ParsedMail) -> list[str]:
    local = mail.sender.local if mail.sender is not None else ""
    return [f"no-reply sender {local}@"] if local and _NO_REPLY.match(local) else []


def automatic_subject(subject: str) -> bool:
    """Whether the subject alone says the mail is automatic (weak evidence: held, never answered)."""
    flat = " ".join(subject.split())
    return bool(_AUTO_SUBJECT_START.search(flat) or _AUTO_SUBJECT_ANYWHERE.search(flat))


def bounce_report(mail: ParsedMail) -> DeliveryReport:
    """The delivery report of a bounce; for a non-standard one, what its text lets us read."""
    if mail.report is not None and (mail.report.recipients or mail.report.original_message_id):
        return mail.report
    original = None
    for text in (mail.text, mail.html):
        found = _BODY_MSGID.search(text)
        if found:
            original = found.group(1)
            break
    if original is None:
        ids = message_ids(mail.header("x-original-message-id"))
        original = ids[0] if ids else None
    status = ""
    found_status = _DSN_STATUS.search(mail.text or "")
    if found_status:
        status = found_status.group(0)
    recipients: tuple[RecipientStatus, ...] = ()
    if status:
        action = "failed" if status.startswith("5") else "delayed"
        recipients = (RecipientStatus(recipient="", action=action, status=status, diagnostic=""),)
    return DeliveryReport(recipients=recipients, original_message_id=original, standard=False)


def classify(mail: ParsedMail, bot: BotIdentity) -> Classification:
    own = _own(mail, bot)
    if own:
        return Classification(OWN, tuple(own))
    bounce = _bounce(mail)
    if bounce:
        return Classification(BOUNCE, tuple(bounce), report=bounce_report(mail))
    auto = _auto(mail)
    if auto:
        return Classification(AUTO_REPLY, tuple(auto))
    spam = _spam(mail)
    if spam:
        return Classification(SPAM, tuple(spam))
    listed = _list(mail)
    if listed:
        return Classification(LIST, tuple(listed))
    no_reply = _no_reply(mail)
    if no_reply:
        return Classification(NO_REPLY, tuple(no_reply))
    if automatic_subject(mail.subject):
        return Classification(PROBABLY_AUTO, (f"subject {mail.subject[:60]!r}",))
    if _BOUNCE_SUBJECT.search(mail.subject):
        return Classification(PROBABLY_AUTO, (f"bounce-like subject {mail.subject[:60]!r}",))
    return Classification(HUMAN, ())
