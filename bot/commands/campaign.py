"""`kompetansebot contacts ...` and `kompetansebot campaign ...`: the reminder campaigns from the CLI.

* ``contacts import FILE [--replace]``, ``contacts list [--json]``
* ``campaign start --kind arsrapport --year 2026 --deadline 2027-01-15 --link URL [--yes]`` (preview, confirm)
* ``campaign status [--json]``, ``campaign pause|resume|stop``
* ``campaign mark-done MEASURE... | --file FILE``, ``campaign reopen MEASURE``,
  ``campaign reassign MEASURE --email ADDRESS --name NAME``
* ``campaign schedule [--set KEY=WHEN] [--skip KEY]``, ``campaign tick`` (one scheduler tick now)
"""

from __future__ import annotations

import getpass
import json
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from bot.commands._common import ask_yes_no, err_console, output_console

if TYPE_CHECKING:
    from bot.app import BotApp
    from bot.campaigns.service import CampaignService, MarkResult, Preview
    from bot.campaigns.status import CampaignStatus, MailStatus
    from bot.campaigns.tick import TickSummary

KindOption = Annotated[str | None, typer.Option("--kind", help="Kampanjetype (standard: den som kjører)")]
YearOption = Annotated[int | None, typer.Option("--year", help="Budsjettåret kampanjen gjelder")]


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _fail(message: str, code: int = 2) -> typer.Exit:
    err_console.print(f"Feil: {message}", markup=False, highlight=False, soft_wrap=True)
    return typer.Exit(code=code)


def _read(file: Path) -> bytes:
    from calc.tablefile import MAX_FILE_BYTES

    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:  # said before reading anything
            raise _fail(f"{file.name} er {size / 1024 / 1024:.1f} MB; grensen er {MAX_FILE_BYTES // 1024 // 1024} MB. "
                        "Del fila, eller fjern det som ikke er kontaktlisten.")
        return file.read_bytes()
    except OSError as exc:
        raise _fail(f"kan ikke lese {file}: {exc.strerror}.") from None


def _service(bot_app: BotApp) -> CampaignService:
    from bot.campaigns.env import CampaignEnv
    from bot.campaigns.service import CampaignService

    return CampaignService(CampaignEnv.from_app(bot_app))


def _when(value: datetime | None) -> str:
    from bot.calendar import format_date

    if value is None:
        return ""
    return f"{format_date(value.date(), 'nb', year=False)} {value:%H:%M}"


def preview_tables(preview: Preview) -> list[Table]:
    from bot.calendar import format_date

    labels = {"notice": "Første varsel (lenke, hva som skal rapporteres)", "reminder": "Påminnelse",
              "deadline": "Påminnelse på fristdagen", "overdue": "Forsinket", "escalation": "Eskalering til sekretariatet"}
    rounds = Table(title=f"Plan for årsrapporteringen {preview.year} (frist {format_date(preview.deadline)})")
    for column in ("Runde", "Når", "Hva", "Til", "Merknad"):
        rounds.add_column(column)
    contacts = len(preview.recipients)
    for item in preview.rounds:
        to = "sekretariatet" if item.kind == "escalation" else f"{contacts} kontaktpersoner (de som ikke har levert)"
        rounds.add_row(item.key, _when(item.due_at) if item.status == "planned" else f"[dim]{_when(item.due_at)}[/dim]",
                       labels.get(item.kind, item.kind), to if item.status == "planned" else "",
                       "" if item.status == "planned" else f"hoppes over: {item.note}")
    people = Table(title=f"{contacts} kontaktpersoner, {preview.measure_count} tiltak (lenke: {preview.link})")
    for column in ("Navn", "E-post", "Nettverk", "Tiltak"):
        people.add_column(column)
    for recipient in preview.recipients:
        networks = sorted({measure.network for measure in recipient.measures})
        people.add_row(recipient.name, recipient.email, ", ".join(networks),
                       "\n".join(measure.name for measure in recipient.measures))
    return [rounds, people]


MAIL_WORDS = {"planned": "planlagt", "queued": "venter i utboksen", "sent": "sendt", "failed": "kunne ikke sendes",
              "cancelled": "avbrutt", "bounced": "avvist"}
ROUND_WORDS = {"planned": "planlagt", "due": "forfalt, sendes ved neste kjøring", "queued": "venter i utboksen",
               "sent": "sendt", "failed": "kunne ikke sendes", "cancelled": "avbrutt", "skipped": "hoppet over"}


def _mail_lines(mails: list[MailStatus]) -> str:
    """One line per mail about a measure that is not just planned ("d-14 sendt 4.1. 09:00"), and the next planned."""
    lines = [f"{mail.round or mail.kind} {MAIL_WORDS.get(mail.state, mail.state)} {_when(mail.at)}".strip()
             for mail in mails if mail.state != "planned"]
    planned = [mail for mail in mails if mail.state == "planned"]
    if planned:
        lines.append(f"{planned[0].round} planlagt {_when(planned[0].at)}")
    return "\n".join(lines)


def _mail_summary(counts: dict[str, int]) -> str:
    return ", ".join(f"{counts[state]} {MAIL_WORDS[state]}" for state in MAIL_WORDS if counts.get(state))


def status_tables(status: CampaignStatus) -> tuple[str, list[Table]]:
    from bot.calendar import format_date

    state_names = {"active": "i gang", "paused": "på pause", "stopped": "stoppet", "finished": "avsluttet"}
    counts = status.mail_counts
    head = (f"Årsrapportering {status.year}: {state_names.get(status.status, status.status)}, frist "
            f"{format_date(status.deadline)}. Levert {status.done} av {status.total}; {status.sent} e-poster sendt"
            + "".join(f", {counts[state]} {MAIL_WORDS[state]}" for state in ("queued", "failed", "bounced", "cancelled")
                      if counts.get(state))
            + (f"; neste runde {status.next_round[0]} {_when(status.next_round[1])}" if status.next_round else ""))
    tables: list[Table] = []
    rounds = Table(title="Runder", title_justify="left")
    for column in ("Runde", "Når", "Status"):
        rounds.add_column(column)
    for key, _kind, due, state in status.rounds:
        rounds.add_row(key, _when(due), ROUND_WORDS.get(state, state))
    if status.rounds:
        tables.append(rounds)
    for network, items in status.by_network().items():
        table = Table(title=f"{network}: {sum(1 for item in items if item.state == 'done')} av {len(items)} levert",
                      title_justify="left")
        for column in ("#", "Tiltak", "Ordning", "Kontakt", "Status", "Sendt", "E-poster", "Sist purret", "Svar",
                       "Levert"):
            table.add_column(column)
        for item in items:
            flags = []
            if item.bounced:
                flags.append("adressen virker ikke")
            if item.needs_handover:
                flags.append("trenger ny kontakt" + (f" ({item.handover_to})" if item.handover_to else ""))
            table.add_row(str(item.id), item.measure, item.scheme, f"{item.contact}\n{item.email}",
                          item.state_label + (f"\n{'; '.join(flags)}" if flags and item.state_label not in flags else ""),
                          str(item.sent), _mail_lines(item.mails), _when(item.last_reminder),
                          (item.replied or "") + (f"\n{_when(item.replied_at)}" if item.replied_at else ""),
                          _when(item.done_at) + (f" ({item.done_via})" if item.done_via else ""))
        tables.append(table)
    outstanding = status.outstanding
    if outstanding:
        table = Table(title=f"Ikke levert ennå: {len(outstanding)} kontaktpersoner", title_justify="left")
        for column in ("Kontakt", "Tiltak", "Sendt", "E-poster", "Sist purret", "Svar", "Merknad"):
            table.add_column(column)
        for contact in outstanding:
            notes = []
            if contact.status != "active":
                notes.append({"bounced": "adressen virker ikke", "opted_out": "reservert (STOPP)"}.get(
                    contact.status, contact.status))
            if contact.away_until:
                notes.append(f"borte til {_when(contact.away_until)}")
            if contact.review:
                notes.append(contact.review)
            table.add_row(f"{contact.name}\n{contact.email}", "\n".join(contact.open_measures), str(contact.sent),
                          _mail_summary(contact.mail_counts), _when(contact.last_reminder), contact.replied or "",
                          "\n".join(notes))
        tables.append(table)
    return head, tables


def _print_mark(result: MarkResult) -> int:
    console = output_console()
    for measure in result.done:
        console.print(f"Levert: #{measure.id} {measure.measure}", markup=False)
    for measure in result.already:
        console.print(f"Var allerede levert: #{measure.id} {measure.measure}", markup=False)
    for reference in result.unknown:
        close = result.suggestions.get(reference, [])
        hint = (" Mente du " + " eller ".join(f"#{item.id} {item.measure} ({item.network})" for item in close) + "?"
                if close else "")
        err_console.print(f"Fant ikke tiltaket «{reference}».{hint}", markup=False)
    for reference, found in result.ambiguous.items():
        options = "; ".join(f"#{item.id} {item.measure} ({item.network})" for item in found)
        err_console.print(f"«{reference}» passer på flere tiltak: {options}. Bruk nummeret.", markup=False)
    for name, state in result.refused.items():
        err_console.print(f"«{name}» kan ikke registreres som levert ({state}).", markup=False)
    return 1 if result.unknown or result.ambiguous or result.refused else 0


def tick_line(summary: TickSummary) -> str:
    """What one tick put in the outbox, in words: a contact's first mail is a "første varsel", not a reminder."""
    def count(number: int, one: str, many: str) -> str:
        return f"{number} {one if number == 1 else many}"

    reminders = summary.queued - summary.notices
    parts = [count(summary.notices, "første varsel", "første varsler"), count(reminders, "påminnelse", "påminnelser"),
             count(summary.alerts, "varsel til sekretariatet", "varsler til sekretariatet"),
             count(summary.digests, "oversikt", "oversikter"), count(summary.escalations, "eskalering", "eskaleringer")]
    return ", ".join(parts[:-1]) + f" og {parts[-1]} lagt i utboksen (sendes av «kompetansebot worker»)."


def register(app: typer.Typer) -> None:
    contacts = typer.Typer(help="Kontaktpersoner for årsrapporteringen.", no_args_is_help=True)
    campaign = typer.Typer(help="Purrekampanjer for årsrapportene (15. januar).", no_args_is_help=True)

    @contacts.command("import")
    def contacts_import(
        file: Annotated[Path, typer.Argument(help="CSV eller XLSX: measure, scheme, network, name, email, slack_id")],
        replace: Annotated[bool, typer.Option("--replace", help="Tiltak som ikke står i fila, tas ut av lista")] = False,
    ) -> None:
        """Importer kontaktlisten (alt eller ingenting; feil vises per rad)."""
        from bot.campaigns.contacts import ContactImportError
        from bot.cli import open_app

        data = _read(file)
        with open_app() as bot_app:
            service = _service(bot_app)
            try:
                result = service.import_contacts(data, source=file.name, actor=_actor(), channel="cli",
                                                 replace=replace)
            except ContactImportError as exc:
                err_console.print(f"Feil i {exc.source}; ingenting ble importert:", markup=False)
                for problem in exc.problems:
                    err_console.print(f"  {problem}", markup=False, highlight=False)
                raise typer.Exit(code=2) from None
        console = output_console()
        console.print(f"Importerte {result.measures} tiltak fra {file.name}: {result.added} nye, {result.updated} "
                      f"endret, {result.unchanged} uendret"
                      + (f", {result.deactivated} tatt ut" if result.deactivated else "")
                      + f"; {result.people_added} nye personer.", markup=False)
        for row, earlier in result.merged:
            console.print(f"  rad {row} er lik rad {earlier} og ble slått sammen med den.", markup=False)

    @contacts.command("list")
    def contacts_list(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
        """Vis kontaktlisten."""
        from bot.campaigns.contacts import active_contacts
        from bot.campaigns.planinfo import PlanInfo
        from bot.cli import open_app

        with open_app() as bot_app, bot_app.database.session() as session:
            rows = active_contacts(session)
            info = PlanInfo(bot_app.plan)
        if as_json:
            typer.echo(json.dumps([{"measure": row.measure, "scheme": row.scheme, "network": row.network,
                                    "name": row.name, "email": row.email, "slack_id": row.slack_id} for row in rows],
                                  ensure_ascii=False, indent=2))
            return
        table = Table(title=f"{len(rows)} tiltak")
        for column in ("Nettverk", "Ordning", "Tiltak", "Kontakt", "E-post", "Slack"):
            table.add_column(column)
        for row in rows:
            table.add_row(info.network_name(row.network), info.scheme_name(row.scheme), row.measure, row.name,
                          row.email, row.slack_id or "")
        output_console().print(table)

    @campaign.command("start")
    def campaign_start(
        kind: Annotated[str, typer.Option("--kind", help="Kampanjetype")] = "arsrapport",
        year: YearOption = None,
        deadline: Annotated[str | None, typer.Option("--deadline", help="Frist (ÅÅÅÅ-MM-DD); standard fra planen")] = None,
        link: Annotated[str | None, typer.Option("--link", help="Lenken til rapporteringsskjemaet")] = None,
        yes: Annotated[bool, typer.Option("--yes", help="Bekreft uten å spørre")] = False,
        dry_run: Annotated[bool, typer.Option("--dry-run", help="Vis hva som ville blitt sendt, uten å starte")]
        = False,
    ) -> None:
        """Start en purrekampanje: viser hvem som får hva og når, og spør før start."""
        from bot.campaigns.planinfo import PlanInfoError
        from bot.campaigns.store import CampaignError
        from bot.cli import open_app

        if not link:
            raise _fail("--link mangler: lenken til rapporteringsskjemaet skal stå i e-posten.")
        try:
            wanted = date.fromisoformat(deadline) if deadline else None
        except ValueError:
            raise _fail(f"--deadline {deadline!r} er ikke en dato (ÅÅÅÅ-MM-DD).") from None
        with open_app() as bot_app:
            service = _service(bot_app)
            try:
                target_year = year or bot_app.clock.today().year
                if year is None:
                    from bot.campaigns.planinfo import PlanInfo

                    target_year = PlanInfo(bot_app.plan, kind).season_year(bot_app.clock.today())
                problems = service.setup_problems()
                blocking = [problem for problem in problems if problem.blocking]
                if blocking and not dry_run:
                    err_console.print("Purringen kan ikke nå noen ennå, så den er ikke startet:", markup=False)
                    for problem in blocking:
                        err_console.print(f"  • {problem.text}\n    Slik: {problem.fix}", markup=False,
                                          highlight=False)
                    err_console.print("Se hva som ville blitt sendt med --dry-run.", markup=False)
                    raise typer.Exit(code=2)
                preview = service.preview(kind=kind, year=target_year, deadline=wanted, link=link)
                console = output_console()
                for table in preview_tables(preview):
                    console.print(table)
                for warning in preview.warnings:
                    err_console.print(f"Obs: {warning}", markup=False)
                for problem in problems:
                    err_console.print(f"Obs: {problem.text} {problem.fix}", markup=False)
                if dry_run:
                    console.print("Prøvekjøring: ingenting er startet og ingenting er sendt.")
                    return
                if not yes and not ask_yes_no("Starte purringen?"):
                    console.print("Purringen er ikke startet.")
                    raise typer.Exit(code=1)
                result = service.start(kind=kind, year=target_year, deadline=wanted, link=link, actor=_actor(),
                                       channel="cli")
            except (CampaignError, PlanInfoError) as exc:
                raise _fail(str(exc)) from None
        if result.created:
            console.print(f"Purringen for {target_year} er startet (kampanje {result.campaign.id}).")
        else:
            console.print(f"Purringen for {target_year} fantes allerede (kampanje {result.campaign.id}, status "
                          f"{result.campaign.status}); ingenting nytt ble gjort.")

    @campaign.command("status")
    def campaign_status(
        as_json: Annotated[bool, typer.Option("--json", help="Som JSON")] = False,
        kind: KindOption = None,
        year: YearOption = None,
    ) -> None:
        """Vis status: per nettverk og tiltak, og hvem som ikke har levert."""
        from bot.campaigns.env import CampaignEnv
        from bot.campaigns.status import campaign_status as load_status
        from bot.campaigns.store import CampaignError
        from bot.cli import open_app

        with open_app() as bot_app:
            try:
                status = load_status(CampaignEnv.from_app(bot_app), kind=kind, year=year)
            except CampaignError as exc:
                raise _fail(str(exc)) from None
        if as_json:
            typer.echo(json.dumps(status.to_json(), ensure_ascii=False, indent=2))
            return
        console = output_console()
        head, tables = status_tables(status)
        console.print(head, markup=False)
        for table in tables:
            console.print(table)

    def _simple(action: str, kind: str | None, year: int | None) -> None:
        from bot.campaigns.store import CampaignError
        from bot.cli import open_app

        with open_app() as bot_app:
            service = _service(bot_app)
            try:
                if action == "pause":
                    found, cancelled = service.pause(actor=_actor(), channel="cli", kind=kind, year=year)
                    message = f"Purringen for {found.year} er satt på pause ({cancelled} ventende e-poster holdt tilbake)."
                elif action == "resume":
                    found = service.resume(actor=_actor(), channel="cli", kind=kind, year=year)
                    message = f"Purringen for {found.year} er i gang igjen."
                else:
                    found, cancelled = service.stop(actor=_actor(), channel="cli", kind=kind, year=year)
                    message = f"Purringen for {found.year} er stoppet ({cancelled} ventende e-poster ble ikke sendt)."
            except CampaignError as exc:
                raise _fail(str(exc)) from None
        output_console().print(message, markup=False)

    @campaign.command("pause")
    def campaign_pause(kind: KindOption = None, year: YearOption = None) -> None:
        """Sett purringen på pause (ventende påminnelser holdes tilbake)."""
        _simple("pause", kind, year)

    @campaign.command("resume")
    def campaign_resume(kind: KindOption = None, year: YearOption = None) -> None:
        """Fortsett purringen etter en pause."""
        _simple("resume", kind, year)

    @campaign.command("stop")
    def campaign_stop(kind: KindOption = None, year: YearOption = None) -> None:
        """Stopp purringen for godt."""
        _simple("stop", kind, year)

    @campaign.command("mark-done")
    def campaign_mark_done(
        measures: Annotated[list[str] | None, typer.Argument(help="Tiltak: nummer (#12), navn, eller nettverk/navn")] = None,
        file: Annotated[Path | None, typer.Option("--file", help="CSV/XLSX med kolonnen measure (tiltak), "
                                                                 "eller én linje per tiltak")] = None,
        kind: KindOption = None,
        year: YearOption = None,
    ) -> None:
        """Registrer tiltak som levert (for hånd, eller en liste over leverte tiltak)."""
        from bot.campaigns.contacts import ContactImportError
        from bot.campaigns.store import CampaignError
        from bot.cli import open_app

        if not measures and file is None:
            raise _fail("oppgi tiltak, eller --file med en liste over leverte tiltak.")
        data = _read(file) if file is not None else None
        with open_app() as bot_app:
            service = _service(bot_app)
            try:
                if data is not None and file is not None:
                    result = service.mark_done_file(data, source=file.name, actor=_actor(), channel="cli", kind=kind,
                                                    year=year)
                    if measures:
                        extra = service.mark_done(measures, actor=_actor(), channel="cli", kind=kind, year=year)
                        result.done += extra.done
                        result.already += extra.already
                        result.unknown += extra.unknown
                        result.ambiguous.update(extra.ambiguous)
                        result.suggestions.update(extra.suggestions)
                        result.refused.update(extra.refused)
                else:
                    result = service.mark_done(measures or [], actor=_actor(), channel="cli", kind=kind, year=year)
            except ContactImportError as exc:
                err_console.print(f"Feil i {exc.source}; ingenting ble registrert:", markup=False)
                for problem in exc.problems:
                    err_console.print(f"  {problem}", markup=False)
                raise typer.Exit(code=2) from None
            except CampaignError as exc:
                raise _fail(str(exc)) from None
        raise typer.Exit(code=_print_mark(result))

    @campaign.command("reopen")
    def campaign_reopen(measure: Annotated[str, typer.Argument(help="Tiltaket (nummer eller navn)")],
                        kind: KindOption = None, year: YearOption = None) -> None:
        """Angre «levert» for et tiltak: det purres igjen fra neste runde."""
        from bot.campaigns.store import CampaignError
        from bot.cli import open_app

        with open_app() as bot_app:
            service = _service(bot_app)
            try:
                found = service.reopen(measure, actor=_actor(), channel="cli", kind=kind, year=year)
            except CampaignError as exc:
                raise _fail(str(exc)) from None
        output_console().print(f"#{found.id} {found.measure} er ikke lenger registrert som levert.", markup=False)

    @campaign.command("reassign")
    def campaign_reassign(
        measure: Annotated[str, typer.Argument(help="Tiltaket (nummer eller navn)")],
        email: Annotated[str, typer.Option("--email", help="Ny kontaktperson")],
        name: Annotated[str, typer.Option("--name", help="Navnet til ny kontaktperson")],
        slack_id: Annotated[str | None, typer.Option("--slack-id")] = None,
        kind: KindOption = None,
        year: YearOption = None,
    ) -> None:
        """Gi et tiltak ny kontaktperson (etter «ikke meg» eller en adresse som ikke virker)."""
        from bot.campaigns.store import CampaignError
        from bot.cli import open_app

        with open_app() as bot_app:
            service = _service(bot_app)
            try:
                found = service.reassign(measure, email=email, name=name, slack_id=slack_id, actor=_actor(),
                                         channel="cli", kind=kind, year=year)
            except CampaignError as exc:
                raise _fail(str(exc)) from None
        output_console().print(f"#{found.id} {found.measure} har nå kontaktperson {name} <{email.lower()}>; påminnelsene "
                        "går til den nye fra neste tick.", markup=False)

    @campaign.command("schedule")
    def campaign_schedule(
        set_: Annotated[list[str] | None, typer.Option("--set", help="RUNDE=ÅÅÅÅ-MM-DDTTT:MM: flytt en runde")] = None,
        skip: Annotated[list[str] | None, typer.Option("--skip", help="RUNDE: hopp over en runde")] = None,
        kind: KindOption = None,
        year: YearOption = None,
    ) -> None:
        """Vis (og endre) kampanjens plan: rundene med tidspunkt."""
        from bot.campaigns.env import must
        from bot.campaigns.store import CampaignError
        from bot.cli import open_app
        from bot.clock import parse_instant

        with open_app() as bot_app:
            service = _service(bot_app)
            try:
                for item in set_ or []:
                    key, _, when = item.partition("=")
                    try:
                        instant = parse_instant(when)
                    except ValueError:
                        raise _fail(f"«{when}» er ikke et tidspunkt (ÅÅÅÅ-MM-DDTTT:MM).") from None
                    service.edit_round(key.strip(), when=instant, actor=_actor(), channel="cli", kind=kind, year=year)
                for key in skip or []:
                    service.edit_round(key.strip(), skip=True, actor=_actor(), channel="cli", kind=kind, year=year)
                found, rounds = service.rounds(kind=kind, year=year)
            except CampaignError as exc:
                raise _fail(str(exc)) from None
        table = Table(title=f"Plan for årsrapporteringen {found.year}")
        for column in ("Runde", "Type", "Når", "Status", "Merknad"):
            table.add_column(column)
        for row in rounds:
            table.add_row(row.key, row.kind, _when(must(row.due_at)), row.status, row.note or "")
        output_console().print(table)

    @campaign.command("tick")
    def campaign_tick_command(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
        """Kjør én planleggerrunde nå (legger det som er forfalt i utboksen; sender ikke)."""
        from bot.campaigns.scheduler import run_tick
        from bot.cli import open_app

        with open_app() as bot_app:
            summary = run_tick(bot_app)
        line = {"ran": summary.ran, "reason": summary.reason, "queued": summary.queued, "notices": summary.notices,
                "reminders": summary.queued - summary.notices, "alerts": summary.alerts,
                "digests": summary.digests, "escalations": summary.escalations, "finished": summary.finished}
        if as_json:
            typer.echo(json.dumps(line, ensure_ascii=False))
        elif not summary.ran:
            output_console().print(f"Ingen runde: {summary.reason}.", markup=False)
        else:
            output_console().print(tick_line(summary), markup=False)

    app.add_typer(contacts, name="contacts")
    app.add_typer(campaign, name="campaign")
