"""The case page and what caseworkers do there: transitions, conflicts, notes, redress, letters."""

from __future__ import annotations

import re
from datetime import datetime
from http import HTTPStatus
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.models import (
    Attachment,
    AttachmentContent,
    AuditEvent,
    Case,
    Charge,
    Detention,
    Message,
    Note,
    RedressAction,
)
from complaints.rules.triage import Urgency
from complaints.rules.vocabulary import (
    Answer,
    ChargeOutcome,
    ChargeSeverity,
    IdentityLevel,
    MessageAuthor,
    RedressKind,
    RedressOutcome,
    Role,
)
from complaints.rules.workflow import Status
from tests.factories import make_case
from tests.web.filing import errors_on
from tests.web.staff import make_staff, sign_in, token

CHICAGO = ZoneInfo("America/Chicago")


def detained_case(db: so.Session, **values) -> Case:
    """Held in Texas on a detainer since Friday 2026-05-22 17:00 (deadline Wed 27th 17:00)."""
    case = make_case(db, state="TX", county="Harris", time_zone="America/Chicago",
                     facility_name="Harris County Jail", agency="Harris County Sheriff's Office",
                     **values)  # fmt: skip
    case.person.a_number = "012345678"
    case.person.detained_now = Answer.YES
    case.detention = Detention(
        detainer_issued=Answer.YES,
        arrested_at=datetime(2026, 5, 21, 9, 0, tzinfo=CHICAGO),
        booked_at=datetime(2026, 5, 21, 11, 0, tzinfo=CHICAGO),
        eligible_for_release_at=datetime(2026, 5, 22, 17, 0, tzinfo=CHICAGO),
    )
    case.charges.append(Charge(offence="Driving without a license", severity=ChargeSeverity.TRAFFIC,
                               outcome=ChargeOutcome.DISMISSED))  # fmt: skip
    db.commit()
    return case


def staff_client(app, db, role=Role.CASEWORKER, email=None):
    client = app.test_client()
    sign_in(client, make_staff(app, db, role, email=email))
    return client


def opened_form(client, case: Case, **data) -> dict:
    """What a form on the case page sends: its token, the version seen and when it was opened."""
    path = f"/staff/cases/{case.reference}"
    page = client.get(path).get_data(as_text=True)
    return {
        "csrf_token": token(client, path),
        "version": re.search(r'name="version" value="(\d+)"', page).group(1),
        "opened_at": re.search(r'name="opened_at" value="([^"]+)"', page).group(1),
        **data,
    }


def post_on(client, case: Case, action: str, **data):
    return client.post(
        f"/staff/cases/{case.reference}/{action}", data=opened_form(client, case, **data)
    )


def actions(db) -> list[str]:
    return list(db.execute(sa.select(AuditEvent.action).order_by(AuditEvent.seq)).scalars())


def test_the_case_page_shows_the_facts_clock_and_triage(app, db) -> None:
    case = detained_case(db)
    client = staff_client(app, db)
    page = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    assert "They kept me after I paid bail." in page
    assert "Written in English." in page
    assert "2026-05-27 17:00 CDT" in page  # the 48-hour deadline, Memorial Day skipped
    assert "Held past the limit" in page
    assert "A012345678" in page
    assert "Driving without a license" in page
    assert actions(db)[-1] == "case.viewed"


def test_the_timeline_shows_the_latest_view_only(app, db) -> None:
    # Every opening of the page is audited; a case worked for months must not print them all.
    case = detained_case(db)
    client = staff_client(app, db)
    path = f"/staff/cases/{case.reference}"
    for _view in range(5):
        client.get(path)
    page = client.get(path).get_data(as_text=True)
    timeline = re.search(r'<ol class="timeline">(.*?)</ol>', page, re.S).group(1)
    assert timeline.count("case.viewed") == 1
    assert actions(db).count("case.viewed") == 6  # the audit trail keeps every one


def test_a_caseworker_triages_and_resolves_through_the_web(app, db) -> None:
    case = detained_case(db)
    client = staff_client(app, db)
    assert post_on(client, case, "transition", to="triaged").status_code == HTTPStatus.FOUND
    assert post_on(client, case, "transition", to="investigating").status_code == HTTPStatus.FOUND
    response = post_on(client, case, "transition", to="resolved")
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert errors_on(response.get_data(as_text=True)) == [
        "An outcome is required to resolve a case."
    ]
    response = post_on(client, case, "transition", to="resolved", outcome="released")
    assert response.status_code == HTTPStatus.FOUND
    stored = db.get(Case, case.id)
    assert (stored.status, stored.outcome.value) == (Status.RESOLVED, "released")
    assert stored.triaged_at is not None and stored.resolved_at is not None
    transitions = db.execute(
        sa.select(AuditEvent.details).where(AuditEvent.action == "case.transition")
        .order_by(AuditEvent.seq)
    ).scalars().all()  # fmt: skip
    assert [t["to_status"] for t in transitions] == ["triaged", "investigating", "resolved"]


def test_refused_transitions_say_why_and_change_nothing(app, db) -> None:
    case = detained_case(db, status=Status.CLOSED)
    client = staff_client(app, db)
    response = post_on(client, case, "transition", to="investigating", reason="new facts")
    assert errors_on(response.get_data(as_text=True)) == [
        "The caseworker role cannot move a case from closed to investigating."
    ]
    assert db.get(Case, case.id).status is Status.CLOSED
    supervisor = staff_client(app, db, Role.SUPERVISOR)
    response = post_on(supervisor, case, "transition", to="investigating")
    assert errors_on(response.get_data(as_text=True)) == [
        "A reason is required to move a case from closed to investigating."
    ]
    response = post_on(supervisor, case, "transition", to="investigating", reason="New facts")
    assert response.status_code == HTTPStatus.FOUND
    assert db.get(Case, case.id).status is Status.INVESTIGATING


def test_marking_a_duplicate_names_the_original(app, db) -> None:
    original = detained_case(db)
    copy = make_case(db)
    db.commit()
    client = staff_client(app, db)
    response = post_on(client, copy, "transition", to="duplicate", duplicate_of="SC-0000-0000")
    assert errors_on(response.get_data(as_text=True)) == [
        "There is no other case with that reference."
    ]
    post_on(client, copy, "transition", to="duplicate", duplicate_of=original.reference.lower())
    stored = db.get(Case, copy.id)
    assert (stored.status, stored.duplicate_of_id) == (Status.DUPLICATE, original.id)


def test_a_stale_form_is_refused_with_what_changed_and_what_was_typed(app, db) -> None:
    case = detained_case(db)
    first = staff_client(app, db)
    second = staff_client(app, db, Role.SUPERVISOR)
    path = f"/staff/cases/{case.reference}"
    stale = opened_form(first, case, to="duplicate", duplicate_of="SC-1111-1111")
    post_on(second, case, "transition", to="triaged")  # someone else moves it on
    response = first.post(f"{path}/transition", data=stale)
    page = response.get_data(as_text=True)
    assert response.status_code == HTTPStatus.CONFLICT
    assert "Someone changed this case while you had it open" in page
    assert "case.transition" in page and "Triaged" in page
    assert (
        db.get(Case, case.id).status is Status.TRIAGED
    )  # their change stands; nothing overwritten


def test_urgency_override_needs_a_reason_and_is_audited(app, db) -> None:
    case = detained_case(db)
    client = staff_client(app, db)
    response = post_on(client, case, "urgency", urgency="low", reason="")
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    post_on(
        client, case, "urgency", urgency="low", reason="Released this morning; confirmed by jail"
    )
    stored = db.get(Case, case.id)
    assert (stored.urgency, stored.urgency_overridden) == (Urgency.LOW, True)
    event = db.execute(
        sa.select(AuditEvent).where(AuditEvent.action == "case.urgency_overridden")
    ).scalar_one()
    assert event.details["new"] == "low"


def test_notes_and_messages(app, db) -> None:
    case = detained_case(db)
    client = staff_client(app, db)
    path = f"/staff/cases/{case.reference}"
    client.post(
        f"{path}/notes", data={"csrf_token": token(client, path), "body": "Called the jail."}
    )
    client.post(f"{path}/messages", data={"csrf_token": token(client, path),
                                          "body": "We called the jail for you."})  # fmt: skip
    assert db.execute(sa.select(Note.body)).scalar_one() == "Called the jail."
    message = db.execute(sa.select(Message)).scalar_one()
    assert (message.author, message.body) == (MessageAuthor.STAFF, "We called the jail for you.")
    empty = client.post(f"{path}/notes", data={"csrf_token": token(client, path), "body": " "})
    assert errors_on(empty.get_data(as_text=True)) == ["Write the note first."]
    assert {"case.note_added", "case.message_sent"} <= set(actions(db))


def test_assignment_rules(app, db) -> None:
    case = detained_case(db)
    worker = staff_client(app, db, Role.CASEWORKER, email="w1@staff.example")
    response = post_on(worker, case, "assign", assignee="me")
    assert response.status_code == HTTPStatus.FOUND
    assert db.get(Case, case.id).assigned_to is not None
    colleague = staff_client(app, db, Role.CASEWORKER, email="w2@staff.example")
    response = post_on(colleague, case, "assign", assignee="me")
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert errors_on(response.get_data(as_text=True)) == ["Only a supervisor can reassign a case."]


def test_redress_actions_and_outcomes(app, db) -> None:
    # A release demand names the person to the jail: they agreed to be identified.
    case = detained_case(db, identity_level=IdentityLevel.IDENTIFIED)
    client = staff_client(app, db)
    path = f"/staff/cases/{case.reference}"
    action = {"kind": "release_demand", "target": "Harris County Jail", "taken_on": "2026-05-28"}
    client.post(f"{path}/redress", data={"csrf_token": token(client, path), **action})
    redress = db.execute(sa.select(RedressAction)).scalar_one()
    assert (redress.kind, redress.target) == (RedressKind.RELEASE_DEMAND, "Harris County Jail")
    outcome = {"outcome": "granted", "outcome_on": "2026-05-29"}
    client.post(f"{path}/redress/{redress.id}", data={"csrf_token": token(client, path), **outcome})
    redress = db.get(RedressAction, redress.id)
    assert redress.outcome is RedressOutcome.GRANTED and str(redress.outcome_on) == "2026-05-29"


def test_the_release_letter_cites_the_rule_and_the_computed_deadline(app, db) -> None:
    case = detained_case(db, identity_level=IdentityLevel.IDENTIFIED)
    client = staff_client(app, db)
    page = client.get(f"/staff/cases/{case.reference}/letters/release?format=txt").get_data(
        as_text=True
    )
    assert "8 C.F.R. 287.7(d)" in page
    assert "Friday, May 22, 2026 at 05:00 PM CDT" in page
    assert "Wednesday, May 27, 2026 at 05:00 PM CDT" in page
    assert "María López" in page and "A012345678" in page and "Harris County Jail" in page
    assert "We demand that you release María López immediately." in page
    assert actions(db)[-1] == "letter.generated"


def test_the_discretion_letter_lists_the_criminal_history(app, db) -> None:
    case = detained_case(db, identity_level=IdentityLevel.IDENTIFIED,
                         removal_proceedings=Answer.YES)  # fmt: skip
    client = staff_client(app, db)
    page = client.get(f"/staff/cases/{case.reference}/letters/discretion").get_data(as_text=True)
    assert "June 17, 2011" in page
    assert "No criminal convictions." in page
    assert "Charged, not convicted: Driving without a license (dismissed)" in page


def test_attachments_download_never_inline_and_are_audited(app, db) -> None:
    case = detained_case(db)
    attachment = Attachment(original_name="detainer.pdf", detected_type="application/pdf", size=9,
                            sha256="0" * 64, uploaded_by=MessageAuthor.COMPLAINANT)  # fmt: skip
    attachment.content = AttachmentContent(
        ciphertext=app.extensions["vault"].encrypt(b"%PDF-1.4\n")
    )
    case.attachments.append(attachment)
    db.commit()
    client = staff_client(app, db)
    response = client.get(f"/staff/cases/{case.reference}/attachments/{attachment.id}")
    assert response.data == b"%PDF-1.4\n"
    assert response.mimetype == "application/pdf"  # the type sniffed at upload
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=\"detainer.pdf\"; filename*=UTF-8''detainer.pdf"
    )
    assert actions(db)[-1] == "attachment.downloaded"


def test_likely_duplicates_are_linked(app, db) -> None:
    case = detained_case(db)
    other = make_case(db)
    other.person.a_number = "012345678"
    db.commit()
    client = staff_client(app, db)
    page = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    assert "Possible duplicates" in page and other.reference in page


def test_unknown_cases_are_404(app, db) -> None:
    client = staff_client(app, db)
    assert client.get("/staff/cases/SC-0000-0000").status_code == HTTPStatus.NOT_FOUND


def test_bulk_actions_follow_each_case_s_rules(app, db) -> None:
    fresh = make_case(db)
    closed = make_case(db, status=Status.CLOSED)
    db.commit()
    client = staff_client(app, db)
    response = client.post(
        "/staff/cases/bulk",
        data={"csrf_token": token(client, "/staff/cases/"), "action": "status:triaged",
              "case": [fresh.reference, closed.reference, "SC-0000-0000"]},
    )  # fmt: skip
    page = response.get_data(as_text=True)
    assert "Done for 1 cases." in page
    assert f"{closed.reference}</a>: A case cannot move from closed to triaged." in page
    assert "SC-0000-0000</a>: There is no case with that reference." in page
    assert db.get(Case, fresh.id).status is Status.TRIAGED
    assert db.get(Case, closed.id).status is Status.CLOSED


def test_bulk_assignment_needs_a_supervisor_to_give_cases_to_others(app, db) -> None:
    first, second = make_case(db), make_case(db)
    db.commit()
    colleague = make_staff(app, db, Role.CASEWORKER, email="other@staff.example")
    client = staff_client(app, db)
    response = client.post(
        "/staff/cases/bulk",
        data={"csrf_token": token(client, "/staff/cases/"), "action": f"assign:{colleague.id}",
              "case": [first.reference, second.reference]},
    )  # fmt: skip
    assert "Only a supervisor can reassign a case." in response.get_data(as_text=True)
    supervisor = staff_client(app, db, Role.SUPERVISOR)
    supervisor.post(
        "/staff/cases/bulk",
        data={"csrf_token": token(supervisor, "/staff/cases/"), "action": f"assign:{colleague.id}",
              "case": [first.reference, second.reference]},
    )  # fmt: skip
    assert {db.get(Case, first.id).assigned_to_id, db.get(Case, second.id).assigned_to_id} == {
        colleague.id
    }


def test_correcting_the_facts_triages_again_and_records_what_changed(app, db) -> None:
    case = make_case(db, state="TX", time_zone="America/Chicago")
    db.commit()
    client = staff_client(app, db)
    response = post_on(client, case, "facts", detained_now="yes", detainer_issued="yes",
                       eligible_at="2026-05-22T17:00")  # fmt: skip
    assert response.status_code == HTTPStatus.FOUND
    stored = db.get(Case, case.id)
    assert stored.detention.eligible_for_release_at == datetime(
        2026, 5, 22, 22, 0, tzinfo=ZoneInfo("UTC")
    )
    assert stored.detainer_deadline == datetime(2026, 5, 27, 22, 0, tzinfo=ZoneInfo("UTC"))
    assert stored.urgency is Urgency.CRITICAL  # still held, long past the deadline
    event = db.execute(
        sa.select(AuditEvent).where(AuditEvent.action == "case.facts_edited")
    ).scalar_one()
    assert event.details["changes"]["detainer_issued"] == ["unknown", "yes"]
    assert event.details["urgency"] == "critical"


def test_a_caseworker_records_a_phone_complaint_through_the_public_form(app, db) -> None:
    from tests.web.filing import fill_form, submit

    client = staff_client(app, db)
    choice = {"channel": "phone", "language": "es"}
    response = client.post(
        "/staff/intake/", data={"csrf_token": token(client, "/staff/intake/"), **choice}
    )
    assert response.headers["Location"] == "/file"
    page = client.get("/file/who").get_data(as_text=True)
    assert "(By phone; their language: Español)" in page
    fill_form(client)
    reference, code = submit(client)
    stored = db.execute(sa.select(Case).where(Case.reference == reference)).scalar_one()
    assert (stored.channel.value, stored.language) == ("phone", "es")
    created = db.execute(
        sa.select(AuditEvent).where(AuditEvent.action == "case.created")
    ).scalar_one()
    assert created.actor_kind == "staff" and created.actor_user_id is not None
    assert code in client.get("/file/receipt").get_data(as_text=True)


def test_a_flag_set_by_hand_survives_triage_again(app, db) -> None:
    from complaints.rules.triage import Flag

    case = detained_case(db)
    client = staff_client(app, db)
    facts = {"detained_now": "yes", "detainer_issued": "yes", "eligible_at": "2026-05-22T17:00"}
    post_on(client, case, "facts", **facts, is_minor="y")  # triage runs on the facts
    before = db.get(Case, case.id).flags
    assert Flag.POSSIBLE_PROFILING not in before
    wanted = sorted(flag.value for flag in before | {Flag.POSSIBLE_PROFILING})
    response = post_on(
        client, case, "flags", flags=wanted, reason="Stopped for a tail light; ask more"
    )
    assert response.status_code == HTTPStatus.FOUND
    assert Flag.POSSIBLE_PROFILING in db.get(Case, case.id).flags
    post_on(client, case, "facts", **facts)  # triage runs again
    stored = db.get(Case, case.id)
    assert Flag.POSSIBLE_PROFILING in stored.flags  # the caseworker's decision outlasts re-triage
    assert stored.flag_overrides == {"possible_profiling": True}
    event = db.execute(
        sa.select(AuditEvent).where(AuditEvent.action == "case.flags_overridden")
    ).scalar_one()
    assert "possible_profiling" in event.details["new"]
    refused = post_on(client, case, "flags", flags=wanted, reason="")
    assert errors_on(refused.get_data(as_text=True)) == ["Give a reason for changing the flags."]


def test_the_letter_to_the_complainant_is_in_their_language(app, db) -> None:
    case = detained_case(db, language="es", status=Status.REDRESS)
    action = RedressAction(kind=RedressKind.RELEASE_DEMAND, target="Harris County Jail",
                           taken_on=datetime(2026, 5, 28).date())  # fmt: skip
    case.redress_actions.append(action)
    db.commit()
    client = staff_client(app, db)
    page = client.get(f"/staff/cases/{case.reference}/letters/complainant").get_data(as_text=True)
    assert '<html lang="es" dir="ltr">' in page
    assert f"Le escribimos sobre su queja, número de caso {case.reference}." in page
    assert "Estamos tomando medidas" in page  # the status, in plain Spanish
    assert "28 de mayo de 2026" in page


def test_a_conflict_keeps_the_typed_reason_in_its_form(app, db) -> None:
    case = detained_case(db)
    first = staff_client(app, db)
    second = staff_client(app, db, Role.SUPERVISOR)
    path = f"/staff/cases/{case.reference}"
    stale = opened_form(first, case, urgency="low", reason="Confirmed released by phone at 10am")
    post_on(second, case, "transition", to="triaged")
    response = first.post(f"{path}/urgency", data=stale)
    assert response.status_code == HTTPStatus.CONFLICT
    assert "Confirmed released by phone at 10am" in response.get_data(as_text=True)
    assert db.get(Case, case.id).urgency_overridden is False
