"""A complaint filed as plain rows (intake/new_case.py, intake/case_rows.py) is the case that
casework reads back: triage on filing agrees with triage of the stored case, and every row says
what the complaint said."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.case_triage import facts_for, triaged, zone_named
from complaints.consents import ConsentChoice
from complaints.intake.inputs import (
    ChargeInput,
    ComplaintInput,
    DetentionInput,
    FilerInput,
    NewAttachment,
    PersonInput,
)
from complaints.intake.service import submit_complaint
from complaints.models import Attachment, AttachmentContent, Case, Consent
from complaints.rules.contact_safety import SafeContact
from complaints.rules.triage import Flag, Urgency
from complaints.rules.vocabulary import (
    Answer,
    AuthorityKind,
    AuthorityStatus,
    ChargeOutcome,
    ChargeSeverity,
    ComplaintType,
    ConsentDestination,
    FilerRelationship,
    IdentityLevel,
    StopReason,
)

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
TEXAS = ZoneInfo("America/Chicago")
HELD = ComplaintInput(
    narrative="Held two days after bail was paid.",
    complaint_types=(ComplaintType.PROLONGED_DETENTION, ComplaintType.BOND_DENIED),
    language="es",
    identity_level=IdentityLevel.CONFIDENTIAL,
    state="TX",
    county="El Paso",
    time_zone="America/Chicago",
    consent_contact=True,
    person=PersonInput(
        given_name="José",
        family_name="López",
        a_number="123456789",
        phone="+1 555 0100",
        detained_now=Answer.YES,
        contact=SafeContact(call=True, best_hours="after 6pm"),
    ),
    detention=DetentionInput(
        stop_reason=StopReason.TRAFFIC_STOP,
        arrested_at=datetime(2026, 11, 20, 9, 0, tzinfo=TEXAS),
        booked_at=datetime(2026, 11, 20, 11, 30, tzinfo=TEXAS),
        detainer_issued=Answer.YES,
        eligible_at=datetime(2026, 11, 20, 15, 0, tzinfo=TEXAS),
        bond_denied_for_detainer=Answer.YES,
        still_held=True,
    ),
    charges=(ChargeInput("Broken tail light", ChargeSeverity.TRAFFIC, ChargeOutcome.CONVICTED),),
    consents=(
        ConsentChoice(ConsentDestination.CRCL, True),
        ConsentChoice(ConsentDestination.LAWYER, True, "  Ana Ruiz "),
        ConsentChoice(ConsentDestination.STATISTICS, False),
    ),
)
VARIANTS = {
    "held, the detainer's hold running": HELD,
    "a minor, released": replace(
        HELD,
        person=replace(HELD.person, is_minor=True, detained_now=Answer.NO),
        detention=replace(
            HELD.detention,
            still_held=False,
            detainer_issued=Answer.NO,
            released_at=datetime(2026, 11, 21, 8, 0, tzinfo=TEXAS),
        ),
    ),
    # Held now and a minor: critical, with its own flag (only the minor mapping sets it).
    "a minor, held now": replace(HELD, person=replace(HELD.person, is_minor=True)),
    "a felony conviction, no zone given": replace(
        HELD,
        time_zone=None,
        charges=(ChargeInput("Burglary", ChargeSeverity.FELONY, ChargeOutcome.CONVICTED),),
    ),
    "a medical emergency, anonymous": replace(
        HELD,
        identity_level=IdentityLevel.ANONYMOUS,
        person=replace(HELD.person, medical_emergency=True),
    ),
    "nothing known": ComplaintInput(
        narrative="Something happened.",
        complaint_types=(ComplaintType.OTHER,),
        language="en",
        identity_level=IdentityLevel.CONFIDENTIAL,
    ),
}


def stored(db: so.Session, case_id: int) -> Case:
    db.expire_all()
    return db.execute(sa.select(Case).where(Case.id == case_id)).scalar_one()


@pytest.mark.parametrize("name", list(VARIANTS))
def test_triage_on_filing_is_triage_of_the_stored_case(app, db, name) -> None:
    filed = submit_complaint(db, VARIANTS[name], [], now=NOW, code_key="k")
    db.commit()
    case = stored(db, filed.case_id)
    again = triaged(facts_for(case), zone=zone_named(case.time_zone), filed_at=case.created_at,
                    now=NOW)  # fmt: skip
    assert (case.reference, case.urgency) == (filed.reference, filed.urgency)
    assert case.urgency == again.urgency
    assert case.flags == again.flags
    assert case.enforcement_level == again.result.level
    assert case.detainer_deadline == again.detainer_deadline
    assert case.triage_due_at == again.triage_due_at
    assert case.created_at == case.updated_at == NOW


def test_the_rows_hold_what_the_complaint_says(app, db) -> None:
    filed = submit_complaint(db, HELD, [], now=NOW, code_key="k")
    db.commit()
    case = stored(db, filed.case_id)
    # Eligible at 15:00 on a Friday in El Paso: the 48 hours skip the weekend (rules/detainer.py)
    # and end six hours after NOW; bond was denied for the detainer.
    assert case.detainer_deadline == datetime(2026, 11, 24, 21, 0, tzinfo=UTC)
    assert case.urgency is Urgency.HIGH and Flag.DUE_PROCESS in case.flags
    assert case.name_key == case.person.name_key == "lopez jose"
    assert (case.person.a_number, case.person.detained_now) == ("123456789", Answer.YES)
    assert case.person.contact_safety == SafeContact(call=True, best_hours="after 6pm")
    assert case.detention.eligible_for_release_at == datetime(2026, 11, 20, 21, 0, tzinfo=UTC)
    assert [(c.offence, c.severity, c.aggravated_felony) for c in case.charges] == [
        ("Broken tail light", ChargeSeverity.TRAFFIC, False)
    ]
    assert sorted(case.types) == sorted(HELD.complaint_types)
    consents = {c.destination: c for c in case.consents}
    assert consents[ConsentDestination.LAWYER].lawyer_name == "Ana Ruiz"
    assert consents[ConsentDestination.STATISTICS].granted is False
    assert {c.language for c in consents.values()} == {"es"}
    assert all(c.wording and c.recorded_at == NOW for c in consents.values())


def test_an_anonymous_case_keeps_no_name_contact_or_way_to_reach_anyone(app, db) -> None:
    anonymous = replace(
        HELD,
        identity_level=IdentityLevel.ANONYMOUS,
        filer=FilerInput(FilerRelationship.FAMILY, name="Ana", email="ana@example.org"),
    )
    case = stored(db, submit_complaint(db, anonymous, [], now=NOW, code_key="k").case_id)
    person, filer = case.person, case.filer
    assert (person.given_name, person.family_name, person.a_number, person.phone) == (None,) * 4
    assert case.name_key is None and person.name_key is None
    assert person.contact_safety == SafeContact()
    assert (filer.name, filer.email, filer.relationship) == (None, None, FilerRelationship.FAMILY)
    assert case.consent_contact is False


@pytest.mark.parametrize("with_file", [True, False])
def test_a_filers_authority_is_linked_to_its_file_or_still_to_follow(app, db, with_file) -> None:
    filer = FilerInput(FilerRelationship.ATTORNEY, name="Ana Ruiz", authority=AuthorityKind.G28,
                       authority_status=AuthorityStatus.UPLOADED, authority_file=1)  # fmt: skip
    files = [
        NewAttachment(f"{name}.pdf", "application/pdf", 4, "0" * 64, b"sealed")
        for name in ("letter", "g-28")
    ]
    filed = submit_complaint(db, replace(HELD, filer=filer), files if with_file else [],
                             now=NOW, code_key="k")  # fmt: skip
    case = stored(db, filed.case_id)
    if with_file:
        authority = db.get(Attachment, case.filer.authority_attachment_id)
        assert authority is not None and authority.original_name == "g-28.pdf"
        content = db.get(AttachmentContent, authority.id)
        assert authority.case_id == case.id and content.ciphertext == b"sealed"
        assert case.filer.authority_status is AuthorityStatus.UPLOADED
    else:
        assert case.filer.authority_attachment_id is None
        assert case.filer.authority_status is AuthorityStatus.TO_FOLLOW
    assert len(case.attachments) == (2 if with_file else 0)


def test_a_lawyer_consent_without_a_name_stores_nothing(app, db) -> None:
    from complaints.consents import ConsentError

    nameless = replace(HELD, consents=(ConsentChoice(ConsentDestination.LAWYER, True, " "),))
    with pytest.raises(ConsentError):
        submit_complaint(db, nameless, [], now=NOW, code_key="k")
    db.rollback()
    assert db.execute(sa.select(sa.func.count()).select_from(Case)).scalar_one() == 0
    assert db.execute(sa.select(sa.func.count()).select_from(Consent)).scalar_one() == 0
