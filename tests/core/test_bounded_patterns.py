"""Bounded work on untrusted text (issue 12, finding 2).

Every public entry point that reads text from outside (campaign replies, mail intent, the Q&A,
the form parsers, chat command parsing, Slack message cleaning, and a whole inbound mail through
the intake) runs on 200 KB adversarial strings: long runs of each character class the patterns
use. A backtracking pattern goes quadratic on them (a 100 KB reply took 28 s before the fix). The
CPU bound asserted here is a generous hang guard, not a benchmark; the real figures are printed
(``pytest -s``).
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Any

import pytest

from bot.app import build_app
from bot.campaigns.replies import read_reply, return_date
from bot.clock import OSLO, Clock
from bot.commands.worker import intake_observers
from bot.mail.config import EmailConfig
from bot.mail.identity import BotIdentity
from bot.mail.intake import IntakeProcessor, Location
from bot.mail.intent import reply_intent
from bot.mail.outbox import Outbox
from bot.planfacts import load_plan_data
from bot.qa import QuestionAnswerer
from bot.qa.normalize import fold as qa_fold
from bot.qa.normalize import tokenize
from bot.qa.slots import NetworkNames, extract_slots
from bot.settings import load_settings
from bot.text import fold, guess_language
from forms import parsers
from forms.commands import parse_command
from forms.text import clean_input
from forms.text import fold as form_fold
from handlers.email.intake import ImapIntake, MessageOverBudget, message_budget
from handlers.email.urls import ImapUrl
from handlers.slack.messages import clean_text

SIZE = 200_000
NETWORKS = NetworkNames(load_plan_data(None)["networks"])
CPU_LIMIT = 1.0  # seconds per call: a hang guard (the real figures are far lower; see the printout)
TODAY = date(2026, 12, 1)

# One unit per character class the patterns use; each is repeated to SIZE characters.
UNITS: dict[str, str] = {
    "letters": "a", "digits": "1", "dots": ".", "address chars without @": "a.b-c_d+e", "spaces": " ",
    "equals": "=", "quote >": ">", "newlines": "\n", "quoted lines": "> \n", "soft breaks": "=\n",
    "digit dots": "1.", "digit spaces": "1 ", "word spaces": "a ", "letter dots": "a.", "dashes": "-",
    "at signs": "@", "at-dot": "@a.", "tabs": "\t", "crlf": "\r\n", "nbsp": "\u00a0", "stars": "*",
    "words": "levert rapport tilbake ", "dates": "1.1.", "months": "1 januar ", "percent": "1%",
    "slack links": "<https://x", "slack mentions": "<@U1|", "answer lines": "Svar 1 (title): ",
    "encoded words": "=?utf-8?q?", "mixed": "ab1. =>\n@-_",
}


def adversarial() -> Iterator[tuple[str, str]]:
    for name, unit in UNITS.items():
        run = (unit * (SIZE // len(unit) + 1))[:SIZE]
        yield name, run
        yield f"{name} + end", run[:-1] + "§"  # a run ending in something else: the classic failure
        yield f"{name} in a line", "Hei " + run[: SIZE - 10] + " hilsen"


CASES = list(adversarial())


CUT_OFF = 5 * CPU_LIMIT  # a runaway case is stopped here (the intake's own budget), so a test never hangs


def cpu(call: Callable[[], Any]) -> float:
    started = time.process_time()
    try:
        with message_budget(CUT_OFF), contextlib.suppress(ValueError, parsers.ParseError):
            call()  # refusing the text is fine; taking long is not
    except MessageOverBudget:
        pass
    return time.process_time() - started


def check(entry: str, function: Callable[[str], Any], cases: list[tuple[str, str]] = CASES) -> None:
    figures = {name: cpu(lambda text=text: function(text)) for name, text in cases}  # type: ignore[misc]
    worst = max(figures, key=lambda name: figures[name])
    print(f"\n{entry}: worst {figures[worst]:.3f} s CPU ({worst}), total {sum(figures.values()):.2f} s "
          f"over {len(figures)} strings of {SIZE} chars")
    slow = {name: round(seconds, 2) for name, seconds in figures.items() if seconds > CPU_LIMIT}
    assert not slow, f"{entry} took more than {CPU_LIMIT} s of CPU on: {slow}"


@pytest.fixture(scope="module")
def answerer() -> QuestionAnswerer:
    return QuestionAnswerer(load_plan_data(None))


ENTRIES: dict[str, Callable[[str], Any]] = {
    "campaign read_reply": read_reply,
    "campaign return_date": lambda text: return_date(text, TODAY),
    "mail reply_intent": reply_intent,
    "text fold + guess_language": lambda text: (fold(text), guess_language(text)),
    "qa fold + tokenize + slots": lambda text: extract_slots(qa_fold(text), tokenize(qa_fold(text)), frozenset(),
                                                             TODAY, NETWORKS),
    "forms clean_input + fold": lambda text: (clean_input(text), form_fold(text)),
    "chat parse_command": parse_command,
    "slack clean_text": lambda text: clean_text(text, "U1"),
    "form parse_amount": parsers.parse_amount,
    "form parse_percent": parsers.parse_percent,
    "form parse_int": parsers.parse_int,
    "form parse_yes_no": parsers.parse_yes_no,
    "form parse_email": parsers.parse_email,
    "form parse_text": lambda text: parsers.parse_text(text, multiline=True),
    "form parse_date": lambda text: parsers.parse_date(text, TODAY),
    "form parse_year_range": lambda text: parsers.parse_year_range(text, default_start=2026),
    "form parse_amount_or_percent": lambda text: parsers.parse_amount_or_percent(text, 1_000_000),
}


@pytest.mark.parametrize("entry", list(ENTRIES))
def test_text_entry_points_stay_fast_on_long_runs_of_each_character_class(entry: str) -> None:
    check(entry, ENTRIES[entry])


@pytest.mark.parametrize("entry", list(ENTRIES)[-10:])
def test_form_parsers_stay_fast_at_their_longest_accepted_answer(entry: str) -> None:
    """The parsers refuse long text up front; at the longest text they do read, they stay fast too."""
    limit = parsers.MAX_VALUE_CHARS
    for name, text in CASES:
        seconds = cpu(lambda text=text: ENTRIES[entry](text[:limit]))  # type: ignore[misc]
        assert seconds < 0.2, f"{entry} on {limit} chars of {name}: {seconds:.2f} s"


IN_A_LINE = [(name, text) for name, text in CASES if name.endswith(" in a line")]
"""The hardest variant (a run inside text), for the entry points that cost most per call."""


WHITESPACE_RUNS = ("spaces", "tabs", "nbsp", "newlines", "crlf")


def test_the_question_answerer_stays_fast(answerer: QuestionAnswerer) -> None:
    check("qa answer", lambda text: answerer.answer(text, TODAY), IN_A_LINE)


def test_the_question_answerer_stays_fast_on_everything_but_space_runs(answerer: QuestionAnswerer) -> None:
    check("qa answer", lambda text: answerer.answer(text, TODAY),
          [(name, text) for name, text in IN_A_LINE if not name.startswith(WHITESPACE_RUNS)])


def test_the_campaign_address_pattern_still_finds_addresses() -> None:
    reading = read_reply("Det er ikke jeg som har ansvaret, kontakt kollegaen min (ola.nordmann+x@valdres.kommune.no).")
    assert reading.addresses == ("ola.nordmann+x@valdres.kommune.no",)
    assert read_reply("a" * 100 + "@valdres.kommune.no er ikke en adresse").addresses == ()


# ---------------------------------------------------------------------------------------------- intake

BOT = "bot@kompetansebot.test"


def mail(index: int, body: str, *, shape: str) -> bytes:
    """A 200 KB adversarial mail of one of the shapes the intake reads differently."""
    sender = f"kari{index}@valdres.kommune.test"
    headers = [f"Message-ID: <adv-{index}-{shape}@valdres.kommune.test>", f"To: {BOT}", "MIME-Version: 1.0",
               "Date: Tue, 01 Dec 2026 10:00:00 +0100"]
    if shape == "bounce":
        headers += ["From: Mail Delivery System <MAILER-DAEMON@valdres.kommune.test>",
                    "Subject: Undeliverable: Purring", "Content-Type: text/plain; charset=utf-8"]
    else:
        headers += [f"From: Kari <{sender}>", "Subject: Re: Purring"]
    if shape == "plain":
        headers.append("Content-Type: text/plain; charset=utf-8")
    elif shape == "html":
        headers.append("Content-Type: text/html; charset=utf-8")
        body = f"<html><body><p>{body}</p></body></html>"
    elif shape == "no boundary":
        headers.append('Content-Type: multipart/mixed; boundary="never-there"')
    head = "\r\n".join(headers)
    return f"{head}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{body}\r\n".encode()


SHAPES = ("plain", "html", "bounce", "no boundary")


@pytest.fixture
def intake(database_url: str) -> Iterator[ImapIntake]:
    app = build_app(load_settings(DATABASE_URL=database_url, BOT_EMAIL=BOT),
                    clock=Clock(datetime(2026, 12, 1, 10, 0, tzinfo=OSLO)))
    database = app.database
    config = EmailConfig(identity=BotIdentity(BOT), archive_copy=False, canary_minutes=None)
    outbox = Outbox(database, config, clock=app.clock, timer=app.clock, worker_id="test")
    processor = IntakeProcessor(database=database, router=app.router, config=config, clock=app.clock,
                                timer=app.clock, outbox=outbox, worker_id="test")
    processor.observers.extend(intake_observers(app, outbox))  # the campaign reply reader too
    # Never connects: only its per-message path (budget + processor) is used here.
    try:
        yield ImapIntake(ImapUrl.parse("imap://bot:secret@127.0.0.1:9/INBOX"), processor, config,
                         message_cpu_seconds=5.0)
    finally:
        app.close()


# Known quadratic patterns in files owned by others (fixes proposed in the issue-12 report): such a
# mail is stopped by the intake's per-message CPU budget (and quarantined after its retries) instead
# of holding the intake. (shape, class) -> the pattern; remove an entry once its pattern is fixed.
KNOWN_SLOW: dict[tuple[str, str], str] = {}
"""Patterns known to be slow on a shape of hostile mail (none now: each was made linear)."""
INTAKE_CPU_LIMIT = 2.0
"""Per mail. A 200 000-line mail costs ~1-1.3 s of linear work (per-line reply-text reading and the
mail-parser-reply header search over the whole text); see the report for the bound proposed there."""


def known_slow(label: str) -> str | None:
    shape, _, name = label.partition(": ")
    for (known_shape, known_class), pattern in KNOWN_SLOW.items():
        if known_shape in {shape, "*"} and name.startswith(known_class):
            return pattern
    return None


def test_a_200_kb_adversarial_mail_is_processed_within_a_bounded_cpu_time(intake: ImapIntake) -> None:
    figures: dict[str, float] = {}
    decisions: dict[str, str] = {}
    cases: list[tuple[str, str, tuple[str, ...]]] = [(name, text, SHAPES) for name, text in IN_A_LINE]
    cases += [(name, text, SHAPES[:2]) for name, text in CASES if name.endswith(" + end")]
    for index, (name, text, shapes) in enumerate(cases):
        for shape in shapes:
            raw = mail(index, text, shape=shape)
            label = f"{shape}: {name}"
            started = time.process_time()
            decision = intake.process(Location("INBOX", 1, index * 10 + SHAPES.index(shape)), raw)
            figures[label] = time.process_time() - started
            decisions[label] = decision.status
    worst = max(figures, key=lambda label: figures[label])
    print(f"\nintake: {len(figures)} adversarial mails of ~{SIZE // 1000} KB, worst {figures[worst]:.3f} s CPU "
          f"({worst}), mean {sum(figures.values()) / len(figures):.3f} s")
    slow = {label: f"{seconds:.2f} s ({decisions[label]})" for label, seconds in figures.items()
            if seconds > INTAKE_CPU_LIMIT}
    for label, figure in slow.items():
        print(f"  slow: {label}: {figure}; known: {known_slow(label)}")
    unknown = {label: figure for label, figure in slow.items() if known_slow(label) is None}
    assert not unknown, f"mails that took more than {INTAKE_CPU_LIMIT} s of CPU: {unknown}"
    assert all(seconds < 5.0 + 2 for seconds in figures.values())  # the per-message budget (5 s) held


def test_the_per_message_budget_stops_a_runaway_pattern() -> None:
    """The budget (SIGPROF after N CPU seconds, main thread) interrupts even a regex stuck in C code."""
    runaway = re.compile(r"(?:a|a)*b")
    started = time.process_time()
    with pytest.raises(MessageOverBudget), message_budget(0.3) as armed:
        assert armed
        runaway.match("a" * 60)  # 2**60 steps: it never ends by itself
    spent = time.process_time() - started
    print(f"\nbudget 0.3 s: stopped after {spent:.2f} s CPU")
    assert spent < 3.0
