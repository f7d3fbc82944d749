"""Identity levels, consent per destination and the authority of third-party filers, as the
person gives them: on the complaint form, then on follow-up."""

from __future__ import annotations

import io
import re
from http import HTTPStatus

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.models import AuditEvent, Case, Consent, DraftFile
from complaints.rules.vocabulary import (
    AuthorityKind,
    AuthorityStatus,
    ConsentDestination,
    ConsentSource,
    IdentityLevel,
)
from tests.web.filing import CONSENT, WHO, errors_on, fill_form, submit, token
from tests.web.test_followup import filed_case, sign_in

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
ANONYMOUS_WHO = {"filing_for": "self", "identity": "anonymous"}
ANONYMOUS_PERSON = {"detained_now": "no"}


def is_checked(page: str, field_id: str) -> bool:
    tag = re.search(rf'<input[^>]*id="{field_id}"[^>]*>', page)
    assert tag, field_id
    return " checked" in tag.group(0)


def only_case(db: so.Session) -> Case:
    return db.execute(sa.select(Case)).scalar_one()


def audit(db: so.Session, action: str) -> list[AuditEvent]:
    query = sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)
    return list(db.execute(query).scalars())


def test_the_filer_chooses_any_of_the_three_levels(client, db: so.Session) -> None:
    fill_form(client, who={**WHO, "identity": "identified"})
    submit(client)
    assert only_case(db).identity_level is IdentityLevel.IDENTIFIED
    page = client.get("/file/who").get_data(as_text=True)
    assert 'value="confidential"' in page and 'value="identified"' in page


def test_an_old_draft_saying_named_means_confidential(client, db: so.Session) -> None:
    fill_form(client, who={**WHO, "identity": "named"})
    submit(client)
    assert only_case(db).identity_level is IdentityLevel.CONFIDENTIAL


def test_anonymous_filings_keep_no_contact_ways_and_review_shows_no_filer_name(
    client, db: so.Session
) -> None:
    who = {"filing_for": "someone_else", "identity": "anonymous", "relationship": "friend",
           "filer_name": "Should Not Show"}  # fmt: skip
    fill_form(client, who=who, person=ANONYMOUS_PERSON,
              consent={"contact_allowed": "yes", "contact_methods": ["text"]})  # fmt: skip
    assert "Should Not Show" not in client.get("/file/review").get_data(as_text=True)
    submit(client)
    case = only_case(db)
    assert case.person.contact_methods == [] and case.consent_contact is False
    assert case.filer.name is None


def test_each_destination_is_recorded_with_the_words_in_the_person_s_language(
    client, db: so.Session
) -> None:
    client.get("/language/es")
    consent = {**CONSENT, "share_lawyer": "y", "lawyer_name": "Lic. Ruth Ortega"}
    fill_form(client, consent=consent)
    submit(client)
    case = only_case(db)
    records = {record.destination: record for record in case.consents}
    assert len(case.consents) == len(ConsentDestination)
    assert records[ConsentDestination.LAWYER].lawyer_name == "Lic. Ruth Ortega"
    crcl = records[ConsentDestination.CRCL]
    assert (crcl.granted, crcl.language, crcl.source) == (True, "es", ConsentSource.WEB)
    assert crcl.wording.startswith("Pueden compartir mi queja")  # as the Spanish form showed it
    assert records[ConsentDestination.OIG].granted is False
    created = audit(db, "case.created")[0]
    assert created.details["consents"] == ["crcl", "lawyer", "statistics"]


def test_a_lawyer_consent_needs_the_lawyer_s_name(client) -> None:
    fill_form(client)
    response = client.post("/file/consent", data={
        **CONSENT, "share_lawyer": "y", "csrf_token": token(client),
    })  # fmt: skip
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    page = response.get_data(as_text=True)
    assert errors_on(page) == ["Give your lawyer's name, or untick sharing with a lawyer."]
    assert is_checked(page, "share_lawyer")


def test_an_uploaded_g28_is_linked_to_its_file(client, db: so.Session) -> None:
    who = {**WHO, "relationship": "other", "authority": "g28", "authority_delivery": "uploaded"}
    fill_form(client, who=who)
    documents = {
        "csrf_token": token(client, "/file/documents"),
        "action": "upload",
        "files": [(io.BytesIO(PDF), "photo.pdf"), (io.BytesIO(PDF), "g28.pdf")],
    }
    client.post("/file/documents", data=documents, content_type="multipart/form-data")
    page = client.get("/file/documents").get_data(as_text=True)
    assert "Which file shows you may act for the person?" in page
    _photo, g28 = db.execute(sa.select(DraftFile.id).order_by(DraftFile.id)).scalars().all()
    client.post(
        "/file/documents",
        data={
            "csrf_token": token(client, "/file/documents"),
            "action": "continue",
            "authority_file": str(g28),
        },
    )
    assert "g28.pdf" in client.get("/file/review").get_data(as_text=True)
    submit(client)
    filer = only_case(db).filer
    assert filer.authority is AuthorityKind.G28
    assert filer.authority_status is AuthorityStatus.UPLOADED
    assert filer.authority_attachment.original_name == "g28.pdf"


def test_an_authority_to_follow_and_one_not_yet_chosen(client, db: so.Session) -> None:
    response = client.post("/file/who", data={
        **WHO, "authority": "ice_60_001", "csrf_token": token(client),
    })  # fmt: skip
    assert errors_on(response.get_data(as_text=True)) == [
        "Choose whether you will add the document now or send it later."
    ]
    fill_form(client, who={**WHO, "authority": "ice_60_001", "authority_delivery": "to_follow"})
    submit(client)
    filer = only_case(db).filer
    assert (filer.authority, filer.authority_status) == (
        AuthorityKind.ICE_60_001, AuthorityStatus.TO_FOLLOW,
    )  # fmt: skip
    assert filer.authority_attachment_id is None


def test_the_person_leaves_anonymity_on_follow_up_with_a_name(client, db: so.Session) -> None:
    fill_form(client, who=ANONYMOUS_WHO, person=ANONYMOUS_PERSON, consent={"contact_allowed": "no"})
    reference, code = submit(client)
    client.post("/file/receipt", data={"csrf_token": token(client, "/file/receipt"),
                                       "saved": "yes"})  # fmt: skip
    sign_in(client, reference, code)
    page = client.get("/follow-up/privacy").get_data(as_text=True)
    assert "You filed anonymously" in page
    form = {"csrf_token": token(client, "/follow-up/privacy"), "identity_level": "confidential",
            "phone": "+1 555 0142", "contact_methods": ["text"]}  # fmt: skip
    response = client.post("/follow-up/identity", data=form)
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    page = response.get_data(as_text=True)
    assert errors_on(page) == ["Give at least a first or last name."]
    assert "+1 555 0142" in page  # kept as typed
    assert only_case(db).identity_level is IdentityLevel.ANONYMOUS

    response = client.post("/follow-up/identity", data={**form, "given_name": "Rosa"})
    assert response.headers["Location"] == "/follow-up/case?sent=1"
    case = only_case(db)
    assert case.identity_level is IdentityLevel.CONFIDENTIAL
    assert (case.person.given_name, case.person.phone) == ("Rosa", "+1 555 0142")
    assert case.person.contact_methods == ["text"] and case.consent_contact is True
    [event] = audit(db, "case.identity_changed")
    assert event.actor_kind == "complainant"
    assert (event.details["old"], event.details["new"]) == ("anonymous", "confidential")
    assert "Rosa" not in str(event.details) and "given_name" in event.details["given"]


def test_follow_up_never_lowers_the_level(client, db: so.Session) -> None:
    reference, code = filed_case(client)
    sign_in(client, reference, code)
    page = client.get("/follow-up/privacy").get_data(as_text=True)
    assert 'value="anonymous"' not in page
    response = client.post("/follow-up/identity", data={
        "csrf_token": token(client, "/follow-up/privacy"), "identity_level": "anonymous",
    })  # fmt: skip
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert len(errors_on(response.get_data(as_text=True))) == 1
    case = only_case(db)
    assert case.identity_level is IdentityLevel.CONFIDENTIAL and case.person.given_name == "José"
    assert audit(db, "case.identity_changed") == []


def test_consent_is_withdrawn_and_given_on_follow_up_and_audited(client, db: so.Session) -> None:
    reference, code = filed_case(client)  # consented to CRCL and statistics
    sign_in(client, reference, code)
    page = client.get("/follow-up/privacy").get_data(as_text=True)
    assert is_checked(page, "share_crcl") and not is_checked(page, "share_oig")
    response = client.post("/follow-up/consents", data={
        "csrf_token": token(client, "/follow-up/privacy"), "share_oido": "y",
        "share_statistics": "y",
    })  # fmt: skip
    assert response.headers["Location"] == "/follow-up/case?sent=1"
    case = only_case(db)
    latest = {}
    for record in case.consents:
        latest[record.destination] = record
    assert latest[ConsentDestination.CRCL].granted is False
    assert latest[ConsentDestination.OIDO].granted is True
    assert latest[ConsentDestination.OIDO].source is ConsentSource.FOLLOW_UP
    assert len(case.consents) == len(ConsentDestination) + 2  # only the two changes are new
    events = {(e.details["destination"], e.details["old"], e.details["new"])
              for e in audit(db, "case.consent_recorded")}  # fmt: skip
    assert events == {("crcl", True, False), ("oido", False, True)}
    count = db.execute(sa.select(sa.func.count()).select_from(Consent)).scalar_one()
    assert count == len(ConsentDestination) + 2
