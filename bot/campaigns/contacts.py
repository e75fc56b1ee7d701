"""Import of the contact list: one row per competence measure and its contact person.

Columns (canonical, then Norwegian headings accepted as aliases): ``measure`` (tiltak),
``scheme`` (ordning), ``network`` (nettverk), ``name`` (navn, kontaktperson), ``email`` (e-post),
``slack_id`` (Slack, optional), ``teams_id`` (Teams: Entra object id or UPN, optional). CSV (comma, semicolon or tab; UTF-8, UTF-16, or consistently Windows-1252
or Mac Roman; mixed encodings are refused) or XLSX (first sheet, streamed); the heading row is the first
of the first ten rows with these headings. File size, rows and cells are limited (``LIMITS``).

Every row is checked and every problem reported with its row number; when anything is wrong
nothing is written. A measure is identified by network + scheme + its name (case, æøå and
punctuation folded); the same measure twice with the same contact is merged, with two different
contacts it is an error. People are kept in ``person`` (by email) with the ``report_contact`` role.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.audit import AuditLog
from bot.campaigns.planinfo import PlanInfo
from bot.models import Person, PersonRole
from bot.models_campaign import CampaignContact
from bot.teams_outbox import remember_teams_ids
from bot.text import fold
from calc.tablefile import XLSX_MAGIC, TableFileError, TableLimits, read_table_rows

CONTACT_ROLE = "report_contact"
COLUMNS = ("measure", "scheme", "network", "name", "email", "slack_id", "teams_id")
REQUIRED = ("measure", "scheme", "network", "name", "email")
COLUMN_LABELS = {"measure": "tiltak", "scheme": "ordning", "network": "nettverk", "name": "navn",
                 "email": "e-post", "slack_id": "Slack-id", "teams_id": "Teams-id"}
HEADING_ALIASES: dict[str, tuple[str, ...]] = {
    "measure": ("measure", "tiltak", "kompetansetiltak", "tiltaksnavn", "navn på tiltak", "tiltakets navn",
                "tiltak navn", "namn på tiltak"),
    "scheme": ("scheme", "ordning", "tilskuddsordning", "tilskotsordning", "ordningen"),
    "network": ("network", "nettverk", "kompetansenettverk", "regionalt nettverk", "region", "nettverket"),
    "name": ("name", "navn", "namn", "kontaktperson", "kontakt", "navn kontaktperson", "kontaktpersonens navn",
             "kontaktperson navn", "contact", "contact name"),
    "email": ("email", "e-post", "epost", "e-postadresse", "epostadresse", "e-mail", "mail", "e-post kontaktperson",
              "kontaktperson e-post"),
    "slack_id": ("slack_id", "slack", "slack-id", "slack id", "slack-bruker", "slack bruker", "slackid"),
    "teams_id": ("teams_id", "teams", "teams-id", "teams id", "teams-bruker", "teams bruker", "entra id", "aad id",
                 "upn"),
}
_HEADINGS = {fold(alias): column for column, aliases in HEADING_ALIASES.items() for alias in aliases}
_SLACK_ID = re.compile(r"^[UW][A-Z0-9]{2,20}$")
_TEAMS_ID = re.compile(r"^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[^@\s]{1,64}@[^@\s]{1,255})$")
"""A Teams identity: the Entra object id (a GUID) or the user principal name (UPN)."""
_SEARCH_ROWS = 10
MAX_ROWS = 5000
LIMITS = TableLimits(max_rows=MAX_ROWS, heading_rows=_SEARCH_ROWS)
"""File size, rows and cells for every contact list (CLI and Slack uploads): ``calc.tablefile``."""


def checked_address(address: str) -> tuple[str, str | None]:
    """(the address as stored, why it is refused or None): syntax and a domain with a top-level part,
    checked by email-validator without any DNS lookup ("kari@valdres" is refused). An internationalised
    domain is stored in its ASCII form (what SMTP uses)."""
    from email_validator import EmailNotValidError, validate_email

    try:
        valid = validate_email(address, check_deliverability=False, allow_smtputf8=False, test_environment=True)
    except EmailNotValidError as exc:
        return address, _why_nb(address, str(exc))
    return (valid.ascii_email or valid.normalized).lower(), None


def _why_nb(address: str, message: str) -> str:
    """Why an address was refused, in Norwegian (email-validator's reason is English)."""
    text = message.lower()
    local, at, domain = address.rpartition("@")
    if not at:
        return "mangler @"
    if not local:
        return "mangler noe før @"
    if domain and "." not in domain:
        return "domenet mangler toppnivå (som .no), for eksempel kari@valdres.kommune.no"
    if "special-use" in text or "not a valid" in text and "domain" in text:
        return "domenet kan ikke brukes til e-post"
    if "too long" in text:
        return "for lang"
    return "ugyldige tegn eller feil oppbygning"


@dataclass(frozen=True)
class RowProblem:
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"rad {self.row}" if self.row is not None else "fila"
        if self.column:
            where += f", {COLUMN_LABELS.get(self.column, self.column)}"
        return f"{where}: {self.message}"


class ContactImportError(ValueError):
    def __init__(self, problems: Sequence[RowProblem], source: str) -> None:
        self.problems = list(problems)
        self.source = source
        super().__init__(f"{source}: {len(self.problems)} feil; ingenting ble importert")


@dataclass(frozen=True)
class ContactRow:
    row: int
    measure: str
    scheme: str
    network: str
    name: str
    email: str
    slack_id: str | None
    teams_id: str | None = None

    @property
    def measure_key(self) -> str:
        return measure_key(self.network, self.scheme, self.measure)


@dataclass
class ImportResult:
    source: str
    rows: int = 0
    measures: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    merged: list[tuple[int, int]] = field(default_factory=list)
    """(row, the earlier row it was merged into)"""
    deactivated: int = 0
    people_added: int = 0
    contacts: list[ContactRow] = field(default_factory=list)


def measure_key(network: str, scheme: str, measure: str) -> str:
    return f"{network}|{scheme}|{fold(measure)}"[:300]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).replace("\u00a0", " ").split())


def _delimiter(text: str) -> str:
    import csv

    lines = [line for line in text.splitlines() if line.strip()][:_SEARCH_ROWS]
    best, best_count = ";", 0
    for delimiter in (";", "\t", ","):
        for cells in csv.reader(lines, delimiter=delimiter):
            count = sum(1 for cell in cells if fold(cell) in _HEADINGS)
            if count > best_count:
                best, best_count = delimiter, count
    return best


def read_rows(data: bytes, source: str) -> list[tuple[int, list[object]]]:
    """The file's rows with content, with their own row numbers (CSV or XLSX, told apart by content),
    streamed and within ``LIMITS``; text decoded strictly (``calc.textfile``)."""
    try:
        return read_table_rows(data, LIMITS, _delimiter)
    except TableFileError as exc:
        raise ContactImportError([RowProblem(None, None, exc.message[:1].lower() + exc.message[1:])],
                                 source) from None
    except Exception as exc:  # openpyxl and zipfile raise many types for a broken workbook
        if not data.startswith(XLSX_MAGIC):
            raise
        raise ContactImportError([RowProblem(None, None, f"kan ikke åpne regnearket ({type(exc).__name__}); "
                                             "lagre det på nytt som .xlsx eller .csv")], source) from None


def _heading(rows: list[tuple[int, list[object]]], source: str) -> tuple[int, dict[str, int]]:
    for position, (_number, cells) in enumerate(rows[:_SEARCH_ROWS]):
        columns: dict[str, int] = {}
        duplicates: list[str] = []
        for index, cell in enumerate(cells):
            column = _HEADINGS.get(fold(_cell(cell)))
            if column is None:
                continue
            if column in columns:
                duplicates.append(column)
            columns[column] = index
        if {"measure", "email"} <= set(columns):
            problems = [RowProblem(rows[position][0], column, "kolonnen finnes to ganger") for column in duplicates]
            missing = [column for column in REQUIRED if column not in columns]
            problems += [RowProblem(rows[position][0], column, "kolonnen mangler") for column in missing]
            if problems:
                raise ContactImportError(problems, source)
            return position, columns
    wanted = ", ".join(f"{column} ({HEADING_ALIASES[column][1]})" for column in COLUMNS)
    raise ContactImportError([RowProblem(None, None, f"fant ingen overskriftsrad; bruk kolonnene {wanted}")], source)


def parse_contacts(data: bytes, source: str, info: PlanInfo) -> tuple[list[ContactRow], list[tuple[int, int]]]:
    """Validate every row; returns the contacts (duplicates merged) and the merges, or raises with
    every problem found."""
    rows = read_rows(data, source)
    if not any(any(_cell(cell) for cell in cells) for _n, cells in rows):
        raise ContactImportError([RowProblem(None, None, "fila er tom")], source)
    start, columns = _heading(rows, source)
    problems: list[RowProblem] = []
    found: list[ContactRow] = []
    body = rows[start + 1:]
    if len(body) > MAX_ROWS:
        raise ContactImportError([RowProblem(None, None, f"for mange rader ({len(body)}; grensen er {MAX_ROWS} rader med data)")], source)
    for number, cells in body:
        values = {column: _cell(cells[index]) if index < len(cells) else "" for column, index in columns.items()}
        if not any(values.values()):
            continue
        row_problems: list[RowProblem] = []
        for column in REQUIRED:
            if not values.get(column):
                row_problems.append(RowProblem(number, column, "mangler"))
        measure = values.get("measure", "")
        if len(measure) > 300:
            row_problems.append(RowProblem(number, "measure", "for langt (høyst 300 tegn)"))
        scheme = info.scheme(values["scheme"]) if values.get("scheme") else None
        if values.get("scheme") and scheme is None:
            known = ", ".join(item.id for item in info.schemes)
            row_problems.append(RowProblem(number, "scheme", f"ukjent ordning «{values['scheme']}» (bruk {known})"))
        network = info.network(values["network"]) if values.get("network") else None
        if values.get("network") and network is None:
            row_problems.append(RowProblem(number, "network", f"ukjent nettverk «{values['network']}»"))
        email = values.get("email", "").strip().strip("<>").lower()
        if email:
            email, why = checked_address(email)
            if why:
                row_problems.append(RowProblem(number, "email", f"«{values['email']}» er ikke en e-postadresse: {why}"))
        name = values.get("name", "")
        if len(name) > 200:
            row_problems.append(RowProblem(number, "name", "for langt (høyst 200 tegn)"))
        slack = values.get("slack_id", "").strip().upper() or None
        if slack is not None and not _SLACK_ID.match(slack):
            row_problems.append(RowProblem(number, "slack_id", f"«{values.get('slack_id')}» er ikke en Slack-id "
                                           "(som U012AB3CD)"))
        if row_problems:
            problems += row_problems
            continue
        assert scheme is not None and network is not None
        teams = values.get("teams_id", "").strip().lower() or None
        if teams is not None and not _TEAMS_ID.match(teams):
            problems.append(RowProblem(number, "teams_id", f"«{values.get('teams_id')}» er verken en Entra-objekt-id "
                                       "eller et brukernavn (UPN) i Teams"))
            continue
        found.append(ContactRow(number, measure, scheme.id, network.id, name, email, slack, teams))
    contacts, merges, duplicate_problems = _merge(found)
    problems += duplicate_problems
    if problems:
        raise ContactImportError(sorted(problems, key=lambda p: (p.row or 0, p.column or "")), source)
    if not contacts:
        raise ContactImportError([RowProblem(None, None, "fila har ingen rader med kontakter")], source)
    return contacts, merges


def _merge(rows: list[ContactRow]) -> tuple[list[ContactRow], list[tuple[int, int]], list[RowProblem]]:
    by_key: dict[str, ContactRow] = {}
    people: dict[str, ContactRow] = {}
    slack_owner: dict[str, ContactRow] = {}
    merges: list[tuple[int, int]] = []
    problems: list[RowProblem] = []
    result: list[ContactRow] = []
    for row in rows:
        person = people.get(row.email)
        if person is not None and fold(person.name) != fold(row.name):
            problems.append(RowProblem(row.row, "name", f"{row.email} har navnet «{person.name}» i rad {person.row}"))
            continue
        if person is not None and row.slack_id and person.slack_id and row.slack_id != person.slack_id:
            problems.append(RowProblem(row.row, "slack_id", f"{row.email} har Slack-id {person.slack_id} i rad "
                                       f"{person.row}"))
            continue
        if row.slack_id:
            owner = slack_owner.get(row.slack_id)
            if owner is not None and owner.email != row.email:
                problems.append(RowProblem(row.row, "slack_id", f"Slack-id {row.slack_id} tilhører {owner.email} "
                                           f"i rad {owner.row}"))
                continue
        earlier = by_key.get(row.measure_key)
        if earlier is not None:
            if earlier.email != row.email:
                problems.append(RowProblem(row.row, "email", f"tiltaket «{row.measure}» står også i rad "
                                           f"{earlier.row} med kontaktperson {earlier.email}; ett tiltak har én "
                                           "kontaktperson"))
            else:
                merges.append((row.row, earlier.row))
            continue
        if person is None or row.slack_id and not person.slack_id:
            people[row.email] = row
        if row.slack_id:
            slack_owner[row.slack_id] = row
        by_key[row.measure_key] = row
        result.append(row)
    # One person, one Slack id: fill it in on every row of that person.
    slack_of = {email: person.slack_id for email, person in people.items() if person.slack_id}
    teams_of = {r.email: r.teams_id for r in reversed(result) if r.teams_id}
    result = [ContactRow(r.row, r.measure, r.scheme, r.network, r.name, r.email, r.slack_id or slack_of.get(r.email),
                         r.teams_id or teams_of.get(r.email))
              for r in result]
    return result, merges, problems


def _people(session: Session, contacts: list[ContactRow]) -> tuple[dict[str, Person], dict[str, Person]]:
    """The existing people of the file, by lower-case email and by upper-case Slack id (two queries)."""
    emails = sorted({row.email for row in contacts})
    slack_ids = sorted({row.slack_id for row in contacts if row.slack_id})
    by_email = {str(person.email).lower(): person for person in session.exec(
        select(Person).where(func.lower(col(Person.email)).in_(emails))).all()} if emails else {}
    by_slack = {str(person.slack_id).upper(): person for person in session.exec(
        select(Person).where(func.upper(col(Person.slack_id)).in_(slack_ids))).all()} if slack_ids else {}
    return by_email, by_slack


def _person_problems(contacts: list[ContactRow], by_email: dict[str, Person],
                     by_slack: dict[str, Person]) -> list[RowProblem]:
    problems: list[RowProblem] = []
    seen: set[str] = set()
    for row in contacts:
        if row.slack_id and row.slack_id not in seen:
            seen.add(row.slack_id)
            owner = by_slack.get(row.slack_id)
            if owner is not None and (owner.email or "").lower() != row.email:
                problems.append(RowProblem(row.row, "slack_id", f"Slack-id {row.slack_id} er allerede knyttet til "
                                           f"{owner.email or owner.name or 'en annen person'}"))
    checked: set[str] = set()
    for row in contacts:
        if row.email in checked:
            continue
        checked.add(row.email)
        person = by_email.get(row.email)
        if person is not None and person.slack_id and row.slack_id and person.slack_id.upper() != row.slack_id:
            problems.append(RowProblem(row.row, "slack_id", f"{row.email} har allerede Slack-id {person.slack_id}"))
    return problems


def _upsert_person(session: Session, row: ContactRow, now: datetime, result: ImportResult,
                   by_email: dict[str, Person], roles: set[int]) -> Person:
    person = by_email.get(row.email)
    if person is None:
        person = Person(name=row.name, email=row.email, slack_id=row.slack_id, network=row.network, created_at=now)
        session.add(person)
        session.flush()
        by_email[row.email] = person
        result.people_added += 1
    else:
        changed = False
        if not person.name:
            person.name, changed = row.name, True
        if row.slack_id and not person.slack_id:
            person.slack_id, changed = row.slack_id, True
        if not person.network:
            person.network, changed = row.network, True
        if changed:
            session.add(person)
    assert person.id is not None
    if person.id not in roles:
        session.add(PersonRole(person_id=person.id, role=CONTACT_ROLE))
        roles.add(person.id)
    return person


def import_contacts(session: Session, data: bytes, *, source: str, info: PlanInfo, now: datetime, actor: str,
                    channel: str, audit: AuditLog, replace: bool = False) -> ImportResult:
    """Validate and store the contact list in the caller's transaction (all or nothing)."""
    contacts, merges = parse_contacts(data, source, info)
    by_email, by_slack = _people(session, contacts)
    problems = _person_problems(contacts, by_email, by_slack)
    if problems:
        raise ContactImportError(problems, source)
    roles = {int(person_id) for person_id in session.exec(
        select(PersonRole.person_id).where(PersonRole.role == CONTACT_ROLE)).all()}
    result = ImportResult(source=source, rows=len(contacts) + len(merges), measures=len(contacts), merged=merges,
                          contacts=contacts)
    existing = {row.measure_key: row for row in session.exec(select(CampaignContact)).all()}
    persons: dict[str, Person] = {}
    for row in contacts:
        person = persons.get(row.email) or _upsert_person(session, row, now, result, by_email, roles)
        persons[row.email] = person
        current = existing.get(row.measure_key)
        values: dict[str, Any] = {"measure": row.measure, "scheme": row.scheme, "network": row.network,
                                  "person_id": person.id, "name": row.name, "email": row.email,
                                  "slack_id": row.slack_id, "active": True}
        if current is None:
            session.add(CampaignContact(measure_key=row.measure_key, source=source[:300], imported_at=now,
                                        updated_at=now, **values))
            result.added += 1
            continue
        if all(getattr(current, name) == value for name, value in values.items()):
            result.unchanged += 1
            continue
        for name, value in values.items():
            setattr(current, name, value)
        current.source = source[:300]
        current.updated_at = now
        session.add(current)
        result.updated += 1
    if replace:
        keys = {row.measure_key for row in contacts}
        for key, current in existing.items():
            if key not in keys and current.active:
                current.active = False
                current.updated_at = now
                session.add(current)
                result.deactivated += 1
    session.flush()
    remember_teams_ids(session, ((row.email, row.teams_id) for row in contacts), now)
    audit.record(session, actor=actor, channel=channel, action="campaign.contacts_imported", target=source[:200],
                 detail={"measures": result.measures, "added": result.added, "updated": result.updated,
                         "unchanged": result.unchanged, "merged": len(merges), "deactivated": result.deactivated,
                         "people_added": result.people_added, "replace": replace})
    return result


def active_contacts(session: Session) -> list[CampaignContact]:
    return list(session.exec(select(CampaignContact).where(col(CampaignContact.active).is_(True))
                             .order_by(col(CampaignContact.network), col(CampaignContact.email),
                                       col(CampaignContact.measure))).all())
