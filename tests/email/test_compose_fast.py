"""The mail builder's shortcuts give the bytes the standard library would: a plain header written as it stands
is what compat32 folding makes of it, and the boundary set up front never clashes with a part (issue 18)."""

from __future__ import annotations

import email
import email.policy
from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.clock import OSLO
from bot.mail.compose import _CRLF, Envelope, Recipient, ThreadHeaders, build_message, render_reply
from bot.mail.identity import BotIdentity
from bot.messages import Attachment

_STANDARD = email.policy.compat32.clone(linesep="\r\n")
_NAMES = st.sampled_from(["Subject", "Message-ID", "In-Reply-To", "References", "X-Kompetansebot", "To", "Date"])


@settings(max_examples=400, deadline=None)
@given(name=_NAMES, value=st.text(alphabet=st.characters(min_codepoint=0x09, max_codepoint=0x7e), max_size=120))
def test_a_header_folds_as_compat32_folds_it(name: str, value: str) -> None:
    assert _folded(_CRLF, name, value) == _folded(_STANDARD, name, value)


def _folded(policy: email.policy.Compat32, name: str, value: str) -> bytes | str:
    """The folded header, or the name of the error (a line break inside a value is refused by both)."""
    try:
        return policy.fold_binary(name, value)
    except Exception as exc:  # noqa: BLE001 - compared, not handled
        return type(exc).__name__


@settings(max_examples=200, deadline=None)
@given(name=_NAMES, words=st.lists(st.text(alphabet="abcdefghij<>@.=?-_\"", min_size=1, max_size=30), max_size=12))
def test_long_and_spaced_headers_fold_as_compat32_folds_them(name: str, words: list[str]) -> None:
    for value in (" ".join(words), "  ".join(words), " " + " ".join(words) + " ", "\t".join(words)):
        assert _folded(_CRLF, name, value) == _folded(_STANDARD, name, value)


@settings(max_examples=60, deadline=None)
@given(body=st.text(max_size=2000), name=st.text(max_size=40))
def test_a_built_mail_parses_back_to_its_parts(body: str, name: str) -> None:
    content = render_reply(body or "tom", subject=f"Spørsmål {name}", sources=["6.1"])
    envelope = Envelope(message_id="<a.1@kompetansebot.test>", to=Recipient("p@kommune.no", name),
                        reply_to="bot+t@kompetansebot.test", date=datetime(2026, 12, 1, 10, tzinfo=OSLO),
                        thread=ThreadHeaders(in_reply_to="<x@y>", references=("<x@y>",)))
    raw = build_message(content, envelope, BotIdentity("bot@kompetansebot.test"))
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    boundary = parsed.get_boundary()
    assert boundary is not None and boundary.startswith("=_kb_")
    parts = list(parsed.iter_parts())
    assert [part.get_content_type() for part in parts] == ["text/plain", "text/html"]
    assert _lines(parts[0].get_content()) == _lines(content.text)
    assert _lines(parts[1].get_content()) == _lines(content.html)
    assert raw.count(f"--{boundary}".encode()) == 3  # two parts and the close, nothing in the bodies


def _lines(text: str) -> str:
    """Line ends as one kind: on the wire every line ends in CRLF, a lone CR or LF included (RFC 5322)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def test_attachments_keep_their_bytes_under_the_mixed_boundary() -> None:
    payload = bytes(range(256)) * 8 + b"\n--=_kb_not_a_boundary\n"
    content = render_reply("Vedlegg", subject="Fordeling", sources=[])
    content = type(content)(subject=content.subject, text=content.text, html=content.html,
                            attachments=(Attachment("fordeling.csv", payload, "text/csv"),
                                         Attachment("fordeling.xlsx", payload, "application/vnd.ms-excel")))
    envelope = Envelope(message_id="<a.2@kompetansebot.test>", to=Recipient("p@kommune.no"), reply_to=None,
                        date=datetime(2026, 12, 1, 10, tzinfo=OSLO))
    raw = build_message(content, envelope, BotIdentity("bot@kompetansebot.test"))
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    attachments = list(parsed.iter_attachments())
    assert [part.get_payload(decode=True) for part in attachments] == [payload, payload]
