"""Safety and consent on the case page: the identity badge on every page of a case, identity
changes, consent recorded by staff, the filer's authority, the redress checks, and splitting a
second incident into a linked case."""

from __future__ import annotations

import re
from datetime import date
from http import HTTPStatus

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.models import (
    Attachment,
    AttachmentContent,
    AuditEvent,
    Case,
    Consent,
    Filer,
    RedressAction,
)
from complaints.rules.vocabulary import (
    Answer,
    AuthorityKind,
    AuthorityStatus,
    ComplaintType,
    ConsentDestination,
    ConsentSource,
    FilerRelationship,
    IdentityLevel,
    MessageAuthor,
    RedressKind,
)
from tests.web.filing import errors_on
from tests.web.test_casework_case import detained_case, opened_form, post_on, staff_client

CONFIDENTIAL_MEANING = "Known to us; never disclosed to any agency without the person's consent."


def consent(destination: ConsentDestination, granted: bool = True) -> Consent:
    return Consent(destination=destination, granted=granted, wording="words",
                   wording_key=f"{destination.value}.v1", language="en",
                   source=ConsentSource.WEB)  # fmt: skip


def events(db: so.Session, action: str) -> list[AuditEvent]:
    query = sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)
    return list(db.execute(query).scalars())


def redress_rows(db: so.Session) -> list[RedressAction]:
    return list(db.execute(sa.select(RedressAction)).scalars())


def test_the_identity_badge_is_on_every_page_of_the_case(app, db) -> None:
    case = detained_case(db, identity_level=IdentityLevel.IDENTIFIED)
    client = staff_client(app, db)
    path = f"/staff/cases/{case.reference}"
    for page_path in (path, f"{path}/letters/release", f"{path}/letters/complainant"):
        page = client.get(page_path).get_data(as_text=True)
        assert "Identity: Identified" in page, page_path
        assert "The person agreed to be named in letters and requests made for them." in page
    case.identity_level = IdentityLevel.CONFIDENTIAL
    db.commit()
    page = client.get(path).get_data(as_text=True)
    assert "Identity: Confidential" in page and CONFIDENTIAL_MEANING in page


def test_the_badge_shows_when_staff_record_a_complaint(app, db) -> None:
    from tests.web.filing import WHO, fill_form, submit, token

    client = staff_client(app, db)
    client.post("/staff/intake/", data={"csrf_token": token(client, "/staff/intake/"),
                                        "channel": "phone", "language": "en"})  # fmt: skip
    fill_form(client, who={**WHO, "identity": "anonymous"},
              consent={"contact_allowed": "no"})  # fmt: skip
    submit(client)
    page = client.get("/file/receipt").get_data(as_text=True)
    assert "Identity: Anonymous" in page and "No name or contact details are kept." in page


def test_lowering_the_level_needs_a_reason_and_is_audited(app, db) -> None:
    case = detained_case(db, identity_level=IdentityLevel.IDENTIFIED)
    client = staff_client(app, db)
    response = post_on(client, case, "identity", identity_level="confidential")
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert errors_on(response.get_data(as_text=True)) == [
        "Give a reason for lowering the identity level."
    ]
    assert db.get(Case, case.id).identity_level is IdentityLevel.IDENTIFIED
    assert events(db, "case.identity_changed") == []

    response = post_on(
        client,
        case,
        "identity",
        identity_level="confidential",
        identity_reason="She asked by phone not to be named in letters.",
    )
    assert response.status_code == HTTPStatus.FOUND
    assert db.get(Case, case.id).identity_level is IdentityLevel.CONFIDENTIAL
    [event] = events(db, "case.identity_changed")
    assert (event.details["old"], event.details["new"], event.actor_kind) == (
        "identified", "confidential", "staff",
    )  # fmt: skip
    assert event.details["reason"] == "She asked by phone not to be named in letters."


def test_becoming_anonymous_removes_names_and_contacts(app, db) -> None:
    case = detained_case(db)
    case.person.phone = "+1 555 0100"
    case.filer = Filer(relationship=FilerRelationship.FAMILY, name="Ana López", phone="555 0101")
    case.consent_contact = True
    db.commit()
    client = staff_client(app, db, email="c2@staff.example")
    response = post_on(
        client,
        case,
        "identity",
        identity_level="anonymous",
        identity_reason="Fears retaliation; asked us to forget her name.",
    )
    assert response.status_code == HTTPStatus.FOUND
    stored = db.get(Case, case.id)
    person, filer = stored.person, stored.filer
    assert (person.given_name, person.family_name, person.a_number, person.phone) == (
        None, None, None, None,
    )  # fmt: skip
    assert (filer.name, filer.phone, stored.consent_contact) == (None, None, False)
    assert stored.name_key is None
    [event] = events(db, "case.identity_changed")
    assert "person.given_name" in event.details["removed"] and "María" not in str(event.details)
    page = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    assert "María" not in page and "Identity: Anonymous" in page


def test_staff_record_a_consent_given_by_phone_with_a_note(app, db) -> None:
    case = detained_case(db, language="es")
    client = staff_client(app, db)
    response = post_on(client, case, "consents", consent_destination="crcl", consent_granted="yes")
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert errors_on(response.get_data(as_text=True)) == [
        "Say how and when the person gave or withdrew this consent."
    ]
    response = post_on(
        client,
        case,
        "consents",
        consent_destination="lawyer",
        consent_granted="yes",
        consent_note="By phone, 3 June.",
    )
    assert errors_on(response.get_data(as_text=True)) == [
        "Give the lawyer's name to consent to sharing with a lawyer."
    ]
    assert db.execute(sa.select(sa.func.count()).select_from(Consent)).scalar_one() == 0
    response = post_on(
        client,
        case,
        "consents",
        consent_destination="crcl",
        consent_granted="yes",
        consent_note="By phone on 3 June, in Spanish.",
    )
    assert response.status_code == HTTPStatus.FOUND
    [record] = db.get(Case, case.id).consents
    assert (record.destination, record.granted, record.source) == (
        ConsentDestination.CRCL, True, ConsentSource.STAFF,
    )  # fmt: skip
    assert record.note == "By phone on 3 June, in Spanish." and record.recorded_by_id is not None
    assert record.language == "es" and record.wording.startswith("Pueden compartir mi queja")
    [event] = events(db, "case.consent_recorded")
    assert event.details | {"wording_key": None} == {
        "destination": "crcl",
        "old": None,
        "new": True,
        "source": "staff",
        "wording_key": None,
    }
    page = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    assert "Pueden compartir mi queja" in page and "By phone on 3 June, in Spanish." in page


def test_a_referral_without_consent_is_refused_and_nothing_is_stored(app, db) -> None:
    case = detained_case(db)
    client = staff_client(app, db)
    path = f"/staff/cases/{case.reference}"
    page = client.get(path).get_data(as_text=True)
    assert '<option value="refer_crcl">' not in page
    assert "The person has not consented to sharing with DHS CRCL." in page
    action = {"kind": "refer_crcl", "target": "CRCL", "taken_on": "2026-05-28",
              "details": "Held four days past the limit."}  # fmt: skip
    response = client.post(f"{path}/redress", data={**opened_form(client, case), **action})
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    page = response.get_data(as_text=True)
    assert errors_on(page) == ["The person has not consented to sharing with DHS CRCL."]
    assert "Held four days past the limit." in page  # what was typed is kept
    assert redress_rows(db) == []

    case.consents.append(consent(ConsentDestination.CRCL))
    db.commit()
    assert '<option value="refer_crcl">' in client.get(path).get_data(as_text=True)
    response = client.post(f"{path}/redress", data={**opened_form(client, case), **action})
    assert response.status_code == HTTPStatus.FOUND
    assert [row.kind for row in redress_rows(db)] == [RedressKind.REFER_CRCL]


def test_a_withdrawn_consent_refuses_again(app, db) -> None:
    case = detained_case(db)
    case.consents += [consent(ConsentDestination.OIG), consent(ConsentDestination.OIG, False)]
    db.commit()
    client = staff_client(app, db)
    action = {"kind": "refer_oig", "target": "OIG", "taken_on": "2026-05-28"}
    response = client.post(f"/staff/cases/{case.reference}/redress",
                           data={**opened_form(client, case), **action})  # fmt: skip
    assert errors_on(response.get_data(as_text=True)) == [
        "The person has not consented to sharing with the DHS OIG."
    ]


def test_an_anonymous_case_may_be_referred_and_the_page_says_what_goes(app, db) -> None:
    case = detained_case(db, identity_level=IdentityLevel.ANONYMOUS)
    client = staff_client(app, db)
    page = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    assert "Sends the account and the facts only: the case is anonymous" in page
    action = {"kind": "refer_oig", "target": "OIG", "taken_on": "2026-05-28"}
    response = client.post(f"/staff/cases/{case.reference}/redress",
                           data={**opened_form(client, case), **action})  # fmt: skip
    assert response.status_code == HTTPStatus.FOUND


def test_on_behalf_filings_need_an_authority_before_an_agency_referral(app, db) -> None:
    case = detained_case(db)
    case.consents.append(consent(ConsentDestination.LOCAL_AGENCY))
    case.filer = Filer(relationship=FilerRelationship.FAMILY, name="Ana López")
    attachment = Attachment(
        original_name="consent-signed.pdf",
        detected_type="application/pdf",
        size=3,
        sha256="0" * 64,
        uploaded_by=MessageAuthor.COMPLAINANT,
    )
    attachment.content = AttachmentContent(ciphertext=app.extensions["vault"].encrypt(b"pdf"))
    case.attachments.append(attachment)
    db.commit()
    client = staff_client(app, db)
    action = {"kind": "refer_local_agency", "target": "Harris County IA", "taken_on": "2026-05-28"}
    path = f"/staff/cases/{case.reference}"
    response = client.post(f"{path}/redress", data={**opened_form(client, case), **action})
    assert errors_on(response.get_data(as_text=True))[0].startswith(
        "Filed on the person's behalf with no authority on file"
    )
    response = post_on(
        client, case, "authority", authority="written_consent", authority_status="uploaded"
    )
    assert errors_on(response.get_data(as_text=True)) == [
        "Choose the document among the case's files, or record it as to follow."
    ]
    response = post_on(
        client,
        case,
        "authority",
        authority="written_consent",
        authority_status="uploaded",
        authority_file=str(attachment.id),
    )
    assert response.status_code == HTTPStatus.FOUND
    filer = db.get(Case, case.id).filer
    assert (filer.authority, filer.authority_status, filer.authority_attachment_id) == (
        AuthorityKind.WRITTEN_CONSENT, AuthorityStatus.UPLOADED, attachment.id,
    )  # fmt: skip
    [event] = events(db, "case.authority_updated")
    assert event.details["old"]["authority"] is None
    assert event.details["new"] == {"authority": "written_consent", "status": "uploaded",
                                    "attachment_id": attachment.id}  # fmt: skip
    page = client.get(path).get_data(as_text=True)
    assert "A consent signed by the person" in page and "consent-signed.pdf" in page
    response = client.post(f"{path}/redress", data={**opened_form(client, case), **action})
    assert response.status_code == HTTPStatus.FOUND


def test_the_discretion_letter_only_in_removal_proceedings(app, db) -> None:
    case = detained_case(db, identity_level=IdentityLevel.IDENTIFIED)
    client = staff_client(app, db)
    path = f"/staff/cases/{case.reference}"
    response = client.get(f"{path}/letters/discretion")
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert errors_on(response.get_data(as_text=True)) == [
        "A prosecutorial-discretion request is only for a person in removal proceedings. "
        "Record that first, if it is so."
    ]
    assert events(db, "letter.generated") == []
    assert post_on(client, case, "removal-proceedings",
                   removal_proceedings="yes").status_code == HTTPStatus.FOUND  # fmt: skip
    assert db.get(Case, case.id).removal_proceedings is Answer.YES
    [event] = events(db, "case.removal_proceedings")
    assert (event.details["old"], event.details["new"]) == ("unknown", "yes")
    assert client.get(f"{path}/letters/discretion").status_code == HTTPStatus.OK
    page = client.get(path).get_data(as_text=True)
    assert f'href="{path}/letters/discretion"' in page


def test_a_release_demand_only_while_a_detainer_hold_is_recorded(app, db) -> None:
    case = detained_case(db, identity_level=IdentityLevel.IDENTIFIED)
    case.detention.detainer_issued = Answer.NO
    db.commit()
    client = staff_client(app, db)
    path = f"/staff/cases/{case.reference}"
    assert client.get(f"{path}/letters/release").status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    action = {"kind": "release_demand", "target": "Harris County Jail", "taken_on": "2026-05-28"}
    response = client.post(f"{path}/redress", data={**opened_form(client, case), **action})
    assert errors_on(response.get_data(as_text=True)) == [
        "A release demand needs a detainer hold on record: a detainer, and the person not released."
    ]
    assert redress_rows(db) == []


def test_no_oido_referral_for_a_bond_complaint(app, db) -> None:
    case = detained_case(db)
    case.complaint_types[0].type = ComplaintType.BOND_DENIED
    case.consents.append(consent(ConsentDestination.OIDO))
    db.commit()
    client = staff_client(app, db)
    action = {"kind": "refer_oido", "target": "OIDO", "taken_on": "2026-05-28"}
    response = client.post(f"/staff/cases/{case.reference}/redress",
                           data={**opened_form(client, case), **action})  # fmt: skip
    assert errors_on(response.get_data(as_text=True)) == [
        "The detention ombudsman does not decide release or bond. Use a release demand or a "
        "referral to counsel."
    ]


def test_a_second_incident_is_split_into_a_linked_case(app, db) -> None:
    case = detained_case(db, identity_level=IdentityLevel.IDENTIFIED)
    case.consents.append(consent(ConsentDestination.CRCL))
    case.filer = Filer(
        relationship=FilerRelationship.ATTORNEY,
        name="Lic. Ortega",
        authority=AuthorityKind.G28,
        authority_status=AuthorityStatus.TO_FOLLOW,
    )
    db.commit()
    client = staff_client(app, db)
    response = post_on(client, case, "split", split_narrative="")
    assert errors_on(response.get_data(as_text=True)) == [
        "Write what happened in the second incident.",
        "Choose at least one complaint type for the second incident.",
    ]
    assert db.execute(sa.select(sa.func.count()).select_from(Case)).scalar_one() == 1
    response = post_on(
        client,
        case,
        "split",
        split_narrative="A month later, a checkpoint stop.",
        split_types=["pretextual_stop"],
        split_date="2026-05-01",
    )
    assert response.status_code == HTTPStatus.FOUND
    new = db.execute(sa.select(Case).where(Case.id != case.id)).scalar_one()
    assert response.headers["Location"] == f"/staff/cases/{new.reference}"
    original = db.get(Case, case.id)
    assert new.linked_to_id == original.id and new.reference != original.reference
    assert (new.narrative, new.types, new.incident_date) == (
        "A month later, a checkpoint stop.", [ComplaintType.PRETEXTUAL_STOP], date(2026, 5, 1),
    )  # fmt: skip
    assert (new.person.given_name, new.person.a_number) == ("María", "012345678")
    assert new.identity_level is IdentityLevel.IDENTIFIED
    assert (new.filer.name, new.filer.authority) == ("Lic. Ortega", AuthorityKind.G28)
    assert [(c.destination, c.granted) for c in new.consents] == [(ConsentDestination.CRCL, True)]
    assert new.followup_code_hash == original.followup_code_hash
    assert new.detention is None and new.redress_actions == []
    [split] = events(db, "case.split")
    assert (split.case_id, split.details["new_case"]) == (original.id, new.reference)
    created = events(db, "case.created")[-1]
    assert (created.case_id, created.details["split_from"]) == (new.id, original.reference)
    page = client.get(f"/staff/cases/{original.reference}").get_data(as_text=True)
    link = rf'Other incidents, split into:\s*<a href="/staff/cases/{new.reference}"'
    assert re.search(link, page)
    page = client.get(f"/staff/cases/{new.reference}").get_data(as_text=True)
    assert re.search(rf'Split from <a href="/staff/cases/{original.reference}"', page)
