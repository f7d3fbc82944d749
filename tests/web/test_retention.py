"""Retention: cases finished longer ago than the period lose their personal data and keep their
statistics; recent, held and open cases are untouched; legal holds are a supervisor's call."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from http import HTTPStatus
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import Flask

from complaints.audit import verify_chain
from complaints.models import (
    Attachment,
    AttachmentContent,
    AuditEvent,
    Case,
    Message,
    Note,
    RedressAction,
)
from complaints.reports.summary import monthly_summary
from complaints.reports.window import Window
from complaints.rules.levels import Level
from complaints.rules.retention import years_before
from complaints.rules.vocabulary import (
    MessageAuthor,
    Outcome,
    RedressKind,
    RedressOutcome,
    Role,
)
from complaints.rules.workflow import Status
from tests.factories import make_case
from tests.web.filing import fill_form, submit, token
from tests.web.snapshot import every_row
from tests.web.staff import make_staff, sign_in

NOW = datetime.now(UTC)
OFFICE = ZoneInfo("America/New_York")
PERSONAL = {
    "given_name": "José", "family_name": "López", "a_number": "012345678",
    "date_of_birth": date(1990, 4, 2), "country_of_birth": "Mexico", "phone": "+1 555 0100",
    "email": "jose@example.org", "mailing_address": "1 Main St, El Paso",
    "safe_contact": "Text only; his employer reads his mail", "race_ethnicity": "Latino",
    "preferred_language": "Spanish", "detained_where": "El Paso County Jail",
}  # fmt: skip


def month_of(years: int) -> date:
    """The first day of a month a little more than `years` years ago, in the office's zone."""
    return (years_before(NOW, years) - timedelta(days=40)).astimezone(OFFICE).date().replace(day=1)


def finished_case(app: Flask, db: so.Session, status: Status, years: int, **values: object) -> Case:
    """A case with every personal part, filed, resolved and closed within one month `years` ago."""
    first = datetime.combine(month_of(years), datetime.min.time(), OFFICE)
    case = make_case(db, status=status, state="TX", county="El Paso", city="El Paso",
                     agency="El Paso County Sheriff's Office", language="es",
                     enforcement_level=Level.NON_CRIMINAL, flag_outside_priorities=True,
                     flag_possible_profiling=True, followup_code_hash="f" * 64,
                     created_at=first + timedelta(days=1), triaged_at=first + timedelta(days=2),
                     **values)  # fmt: skip
    if status in (Status.RESOLVED, Status.CLOSED):
        case.outcome, case.resolved_at = Outcome.RELEASED, first + timedelta(days=6)
    if status in (Status.CLOSED, Status.WITHDRAWN, Status.DUPLICATE):
        case.closed_at = first + timedelta(days=12)
    for name, value in PERSONAL.items():
        setattr(case.person, name, value)
    case.person.name_key = "lopez jose"
    case.person.safe_text = True
    case.notes.append(Note(body="His sister says the jail lost his papers."))
    case.messages.append(Message(author=MessageAuthor.COMPLAINANT, body="I am José, call me."))
    case.redress_actions.append(
        RedressAction(kind=RedressKind.REFER_CRCL, target="CRCL, re: José López",
                      taken_on=first.date() + timedelta(days=3), details="A-number 012345678",
                      outcome=RedressOutcome.ACCEPTED, outcome_on=first.date() + timedelta(days=5))
    )  # fmt: skip
    attachment = Attachment(original_name="jose-lopez-bail.pdf", detected_type="application/pdf",
                            size=4, sha256="0" * 64,
                            uploaded_by=MessageAuthor.COMPLAINANT)  # fmt: skip
    attachment.content = AttachmentContent(ciphertext=app.extensions["vault"].encrypt(b"%PDF"))
    case.attachments.append(attachment)
    db.commit()
    return case


def statistics_of(case: Case) -> dict[str, object]:
    """What the monthly statistics read from a case and its parts."""
    return {
        "dates": (case.created_at, case.triaged_at, case.resolved_at, case.closed_at),
        "place": (case.state, case.county, case.city, case.agency),
        "status": (case.status, case.urgency, case.outcome, case.enforcement_level),
        "flags": case.flags,
        "types": case.types,
        "language": (case.language, case.channel),
        "redress": [(a.kind, a.taken_on, a.outcome, a.outcome_on) for a in case.redress_actions],
        "charges": [(c.severity, c.outcome) for c in case.charges],
        "person": (case.person.is_minor, case.person.detained_now),
        "counts": (len(case.notes), len(case.messages)),
    }


def run(cli, *options: str) -> str:
    result = cli.invoke(args=["retention", "run", *options])
    assert result.exit_code == 0, result.output
    return result.output


def summary_for(db: so.Session, first: date):
    return monthly_summary(db, Window(first, 1, OFFICE), NOW)


def test_a_case_closed_eight_years_ago_is_redacted_and_still_counted(
    app: Flask, cli, db: so.Session
) -> None:
    case = finished_case(app, db, Status.CLOSED, years=8)
    case_id, before = case.id, statistics_of(case)
    report_before = summary_for(db, month_of(8))
    assert (report_before.received, report_before.closed) == (1, 1)

    output = run(cli)

    assert "Redacted 1 cases" in output
    assert "José" not in output and "López" not in output
    case = db.get(Case, case_id)
    person = case.person
    for name in PERSONAL:
        assert getattr(person, name) is None, name
    assert (person.name_key, case.name_key, person.contact_methods) == (None, None, [])
    assert case.narrative == ""
    assert case.followup_code_hash is None
    assert [note.body for note in case.notes] == [""]
    assert [message.body for message in case.messages] == [""]
    assert [(a.target, a.details) for a in case.redress_actions] == [("", "")]
    assert db.execute(sa.select(sa.func.count()).select_from(Attachment)).scalar_one() == 0
    assert db.execute(sa.select(sa.func.count()).select_from(AttachmentContent)).scalar_one() == 0
    assert case.redacted_at is not None and NOW <= case.redacted_at <= datetime.now(UTC)
    assert statistics_of(case) == before
    assert summary_for(db, month_of(8)) == report_before


def test_the_filer_and_charge_descriptions_go_and_the_follow_up_code_stops_working(
    app: Flask, cli, client, db: so.Session
) -> None:
    fill_form(client)
    reference, code = submit(client)
    case = db.execute(sa.select(Case)).scalar_one()
    assert (case.filer.name, case.charges[0].offence) == ("Ana López", "Broken tail light")
    case.status, case.closed_at = Status.WITHDRAWN, years_before(NOW, 8)
    db.commit()

    def follow_up() -> int:
        visitor = app.test_client()
        data = {"csrf_token": token(visitor, "/follow-up"), "reference": reference, "code": code}
        return visitor.post("/follow-up", data=data).status_code

    assert follow_up() == HTTPStatus.FOUND

    run(cli)

    case = db.execute(sa.select(Case)).scalar_one()
    filer = case.filer
    assert (filer.name, filer.organisation, filer.bar_number, filer.phone, filer.email) == (
        None, None, None, None, None,
    )  # fmt: skip
    assert filer.relationship.value == "family"
    assert [(c.offence, c.severity.value) for c in case.charges] == [("", "traffic")]
    assert follow_up() == HTTPStatus.UNPROCESSABLE_ENTITY


def test_recent_held_and_open_cases_are_untouched(app: Flask, cli, db: so.Session) -> None:
    recent = finished_case(app, db, Status.CLOSED, years=6)
    held = finished_case(app, db, Status.CLOSED, years=8, legal_hold=True,
                         legal_hold_reason="Litigation hold, Doe v. County")  # fmt: skip
    still_open = finished_case(app, db, Status.INVESTIGATING, years=20)
    resolved = finished_case(app, db, Status.RESOLVED, years=8)
    duplicate = finished_case(app, db, Status.DUPLICATE, years=8)
    kept = [recent.id, held.id, still_open.id]
    rows_before = every_row(db.get_bind())

    output = run(cli)

    assert "Redacted 2 cases" in output and "1 are kept under a legal hold" in output
    rows_after = every_row(db.get_bind())
    for table in (
        "people",
        "filers",
        "charges",
        "notes",
        "messages",
        "redress_actions",
        "attachments",
    ):
        kept_before = [row for row in rows_before[table] if row.case_id in kept]
        kept_after = [row for row in rows_after[table] if row.case_id in kept]
        assert kept_after == kept_before, table
    kept_files = {row.id for row in rows_after["attachments"] if row.case_id in kept}
    assert {row.attachment_id for row in rows_after["attachment_contents"]} == kept_files
    assert len(kept_files) == 3
    kept_cases = [row for row in rows_after["cases"] if row.id in kept]
    assert kept_cases == [row for row in rows_before["cases"] if row.id in kept]
    redacted = {row.id for row in rows_after["cases"] if row.redacted_at is not None}
    assert redacted == {resolved.id, duplicate.id}


def test_the_period_comes_from_the_configuration(app: Flask, cli, db: so.Session) -> None:
    app.config["COMPLAINTS_RETENTION_YEARS"] = 10
    case = finished_case(app, db, Status.CLOSED, years=8)
    assert "Redacted 0 cases" in run(cli)
    assert db.get(Case, case.id).redacted_at is None
    app.config["COMPLAINTS_RETENTION_YEARS"] = 5
    assert "Redacted 1 cases" in run(cli)


def test_a_dry_run_counts_and_changes_nothing(app: Flask, cli, db: so.Session) -> None:
    finished_case(app, db, Status.CLOSED, years=8)
    finished_case(app, db, Status.CLOSED, years=9, legal_hold=True, legal_hold_reason="Subpoena")
    finished_case(app, db, Status.CLOSED, years=6)
    before = every_row(db.get_bind())

    output = run(cli, "--dry-run")

    assert "1 cases finished before" in output and "would be redacted" in output
    assert "1 are kept under a legal hold. Nothing was changed." in output
    assert every_row(db.get_bind()) == before


def test_running_twice_is_harmless_and_every_step_is_audited(
    app: Flask, cli, db: so.Session
) -> None:
    first = finished_case(app, db, Status.CLOSED, years=8)
    second = finished_case(app, db, Status.WITHDRAWN, years=9)
    run(cli)
    after_first = every_row(db.get_bind())

    output = run(cli)

    assert "Redacted 0 cases" in output
    after_second = every_row(db.get_bind())
    assert {t: r for t, r in after_second.items() if not t.startswith("audit")} == {
        t: r for t, r in after_first.items() if not t.startswith("audit")
    }
    events = db.execute(sa.select(AuditEvent).order_by(AuditEvent.seq)).scalars().all()
    redactions = [event for event in events if event.action == "case.redacted"]
    assert sorted(event.case_id for event in redactions) == sorted([first.id, second.id])
    runs = [event.details for event in events if event.action == "retention.run"]
    assert [(d["redacted"], d["held"], d["retention_years"]) for d in runs] == [
        (2, 0, 7),
        (0, 0, 7),
    ]
    written = json.dumps([event.details for event in events], ensure_ascii=False)
    assert not any(str(value) in written for value in PERSONAL.values())
    assert verify_chain(db) == (len(events), None)
    assert cli.invoke(args=["audit", "verify"]).exit_code == 0


def staff(app: Flask, db: so.Session, role: Role):
    client = app.test_client()
    sign_in(client, make_staff(app, db, role, email=f"{role.value}@hold.example"))
    return client


def hold_form(client, case: Case, **data: str) -> dict[str, str]:
    path = f"/staff/cases/{case.reference}"
    page = client.get(path).get_data(as_text=True)
    return {
        "csrf_token": token(client, path),
        "version": re.search(r'name="version" value="(\d+)"', page).group(1),
        "opened_at": re.search(r'name="opened_at" value="([^"]+)"', page).group(1),
        **data,
    }


def test_a_supervisor_places_and_lifts_a_legal_hold_and_a_caseworker_cannot(
    app: Flask, db: so.Session
) -> None:
    case = finished_case(app, db, Status.CLOSED, years=8)
    url = f"/staff/cases/{case.reference}/legal-hold"
    caseworker, supervisor = staff(app, db, Role.CASEWORKER), staff(app, db, Role.SUPERVISOR)
    assert "Place legal hold" not in caseworker.get(f"/staff/cases/{case.reference}").get_data(
        as_text=True
    )

    refused = caseworker.post(url, data=hold_form(caseworker, case, hold="place",
                                                  hold_reason="I think so"))  # fmt: skip
    assert refused.status_code == HTTPStatus.FORBIDDEN
    no_reason = supervisor.post(url, data=hold_form(supervisor, case, hold="place",
                                                    hold_reason="  "))  # fmt: skip
    assert no_reason.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert "Give a reason for the legal hold." in no_reason.get_data(as_text=True)
    assert db.get(Case, case.id).legal_hold is False

    placed = supervisor.post(
        url,
        data=hold_form(
            supervisor, case, hold="place", hold_reason="Litigation hold, Doe v. County"
        ),
    )
    assert placed.headers["Location"] == f"/staff/cases/{case.reference}"
    case = db.get(Case, case.id)
    assert (case.legal_hold, case.legal_hold_reason) == (True, "Litigation hold, Doe v. County")
    page = caseworker.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    assert '<strong>Legal hold</strong>: <span dir="auto">Litigation hold, Doe v. County' in page

    lifted = supervisor.post(url, data=hold_form(supervisor, case, hold="lift",
                                                 hold_reason="Case settled"))  # fmt: skip
    assert lifted.status_code == HTTPStatus.FOUND
    case = db.get(Case, case.id)
    assert (case.legal_hold, case.legal_hold_reason) == (False, None)
    held_events = db.execute(
        sa.select(AuditEvent.action, AuditEvent.details)
        .where(AuditEvent.action.like("case.legal_hold%"))
        .order_by(AuditEvent.seq)
    ).all()
    assert [(action, details["reason"]) for action, details in held_events] == [
        ("case.legal_hold_placed", "Litigation hold, Doe v. County"),
        ("case.legal_hold_lifted", "Case settled"),
    ]


def test_a_stale_hold_form_is_refused(app: Flask, db: so.Session) -> None:
    case = finished_case(app, db, Status.CLOSED, years=8)
    supervisor = staff(app, db, Role.SUPERVISOR)
    form = hold_form(supervisor, case, hold="place", hold_reason="Subpoena")
    case.county = "Hudspeth"  # someone else saves the case meanwhile
    db.commit()
    response = supervisor.post(f"/staff/cases/{case.reference}/legal-hold", data=form)
    assert response.status_code == HTTPStatus.CONFLICT
    assert db.get(Case, case.id).legal_hold is False


def test_a_redacted_case_page_says_when_it_was_redacted(app: Flask, cli, db: so.Session) -> None:
    case = finished_case(app, db, Status.CLOSED, years=8)
    run(cli)
    supervisor = staff(app, db, Role.SUPERVISOR)
    response = supervisor.get(f"/staff/cases/{case.reference}")
    page = response.get_data(as_text=True)
    assert response.status_code == HTTPStatus.OK
    redacted_on = db.get(Case, case.id).redacted_at
    assert "Personal data was removed from this case on" in page
    assert f"{redacted_on:%b} {redacted_on.day}, {redacted_on.year}" in page
    assert "José" not in page and "jose-lopez-bail.pdf" not in page


def test_consents_keep_their_answers_and_lose_the_lawyer_and_notes(
    app: Flask, cli, db: so.Session
) -> None:
    from complaints.models import Consent
    from complaints.rules.vocabulary import ConsentDestination, ConsentSource

    case = finished_case(app, db, Status.CLOSED, years=8)
    case.consents += [
        Consent(destination=ConsentDestination.LAWYER, granted=True, wording="with my lawyer",
                wording_key="lawyer.v1", language="es", source=ConsentSource.STAFF,
                lawyer_name="Lic. Ruth Ortega", note="José said so by phone"),
        Consent(destination=ConsentDestination.CRCL, granted=False, wording="with CRCL",
                wording_key="crcl.v1", language="es", source=ConsentSource.WEB),
    ]  # fmt: skip
    db.commit()
    run(cli)
    kept = [(c.destination, c.granted, c.wording_key, c.lawyer_name, c.note)
            for c in db.get(Case, case.id).consents]  # fmt: skip
    assert kept == [
        (ConsentDestination.LAWYER, True, "lawyer.v1", None, None),
        (ConsentDestination.CRCL, False, "crcl.v1", None, None),
    ]
