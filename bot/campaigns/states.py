"""The state machine of one measure in a campaign.

::

    pending ──notice──> notified ──reminder/deadline──> reminded ──overdue──> overdue ──> escalated
       │                   │                              │                     │            │
       └───────────────────┴──────────────┬───────────────┴─────────────────────┴────────────┘
                                          ├──> done       (a "levert" reply, marked by hand, imported)
                                          ├──> handover   (the contact says someone else is responsible)
                                          ├──> bounced    (the contact's address does not exist)
                                          └──> cancelled  (the campaign was stopped)
    handover, bounced ──reassigned──> pending        done ──reopened──> pending

Reminders go out for the *chased* states only; ``escalated`` is still owed but the contact gets
no more mail (the secretariat follows up); ``done`` and ``cancelled`` are final for the tick.
"""

from __future__ import annotations

PENDING = "pending"
NOTIFIED = "notified"
REMINDED = "reminded"
OVERDUE = "overdue"
ESCALATED = "escalated"
HANDOVER = "handover"
BOUNCED = "bounced"
DONE = "done"
CANCELLED = "cancelled"

STATES = (PENDING, NOTIFIED, REMINDED, OVERDUE, ESCALATED, HANDOVER, BOUNCED, DONE, CANCELLED)
CHASED = frozenset({PENDING, NOTIFIED, REMINDED, OVERDUE})
"""Reminders go out for these."""
OPEN = CHASED | {ESCALATED}
OUTSTANDING = OPEN | {HANDOVER, BOUNCED}
"""Not delivered yet (what the status calls outstanding)."""

_STOPPERS = frozenset({DONE, HANDOVER, BOUNCED, CANCELLED})
TRANSITIONS: dict[str, frozenset[str]] = {
    PENDING: frozenset({NOTIFIED, REMINDED, OVERDUE, ESCALATED}) | _STOPPERS,
    NOTIFIED: frozenset({REMINDED, OVERDUE, ESCALATED}) | _STOPPERS,
    REMINDED: frozenset({REMINDED, OVERDUE, ESCALATED}) | _STOPPERS,
    OVERDUE: frozenset({OVERDUE, ESCALATED}) | _STOPPERS,
    ESCALATED: _STOPPERS,
    HANDOVER: frozenset({PENDING, DONE, BOUNCED, CANCELLED}),
    BOUNCED: frozenset({PENDING, DONE, CANCELLED}),
    DONE: frozenset({PENDING}),
    CANCELLED: frozenset(),
}

ROUND_STATE = {"notice": NOTIFIED, "reminder": REMINDED, "deadline": REMINDED, "overdue": OVERDUE,
               "escalation": ESCALATED}
"""The state a chased measure moves to when a round's mail about it is queued."""

LABELS_NB = {
    PENDING: "ikke varslet ennå",
    NOTIFIED: "varslet",
    REMINDED: "purret",
    OVERDUE: "forsinket",
    ESCALATED: "eskalert til sekretariatet",
    HANDOVER: "trenger ny kontaktperson",
    BOUNCED: "e-postadressen virker ikke",
    DONE: "levert",
    CANCELLED: "stoppet",
}


class InvalidTransition(ValueError):
    def __init__(self, current: str, wanted: str) -> None:
        super().__init__(f"a measure cannot go from {current!r} to {wanted!r}")
        self.current = current
        self.wanted = wanted


def can_move(current: str, wanted: str) -> bool:
    return wanted in TRANSITIONS.get(current, frozenset())


def check_move(current: str, wanted: str) -> None:
    if not can_move(current, wanted):
        raise InvalidTransition(current, wanted)
