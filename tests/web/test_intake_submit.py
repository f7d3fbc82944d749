"""Review, submission, receipt: the stored case matches what was typed, triaged, and safe."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from http import HTTPStatus

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.extensions import db as _db
from complaints.intake.codes import code_digest
from complaints.mail import flush_mail
from complaints.models import AuditEvent, Case, Draft, Person
from complaints.rules.triage import Flag, Urgency
from complaints.rules.vocabulary import (
    Answer,
    ChargeOutcome,
    ChargeSeverity,
    ComplaintType,
    FilerRelationship,
    IdentityLevel,
    StopReason,
)
from complaints.rules.workflow import Status
from tests.web.filing import (
    CONSENT,
    STORY,
    WHAT,
    WHO,
    errors_on,
    fill_form,
    post_step,
    submit,
    token,
)
from tests.web.test_mail import Inbox, inbox  # noqa: F401  (a real SMTP server fixture)


def count(session: so.Session, model: type) -> int:
    return session.execute(sa.select(sa.func.count()).select_from(model)).scalar_one()


def test_review_shows_every_answer_in_words_with_change_links(client) -> None:
    fill_form(client)
    page = client.get("/file/review").get_data(as_text=True)
    assert "Check your answers before sending" in page
    shown = [
        "Ana López",
        "Family member",
        "They kept my brother four days after he paid bail.",
        "Held too long, or past the 48-hour detainer limit",
        "Texas",
        "El Paso County Jail",
        "A traffic stop",
        "José",
        "A12345678",
        "Broken tail light (Traffic offence; Dropped or dismissed)",
        "The person is still held",
        "Phone: safe to send a text message",
    ]
    assert [answer for answer in shown if answer not in page] == []
    assert 'href="/file/person?return_to=review"' in page
    assert "Send complaint" in page


def test_review_shows_the_story_first(client) -> None:
    fill_form(client)
    page = client.get("/file/review").get_data(as_text=True)
    headings = re.findall(r'<h2 id="review-([a-z-]+)">', page)
    assert headings[:3] == ["story", "who", "what-happened"]
    story = page.index('id="review-story"')
    assert story < page.index(STORY["narrative"]) < page.index('id="review-who"')
    assert 'href="/file/story?return_to=review"' in page


def test_review_lists_unanswered_required_steps_and_offers_no_send_button(client) -> None:
    post_step(client, "who", WHO)
    page = client.get("/file/review").get_data(as_text=True)
    assert errors_on(page) == [
        "What happened, in your own words: This step is not answered yet.",
        "What happened: This step is not answered yet.",
        "Contact and consent: This step is not answered yet.",
    ]
    assert "Send complaint" not in page


def test_changing_an_answer_from_review_returns_to_review(client) -> None:
    fill_form(client)
    response = client.post(
        "/file/who", data={**WHO, "filer_name": "Ana María López", "return_to": "review",
                           "csrf_token": token(client)},
    )  # fmt: skip
    assert response.headers["Location"] == "/file/review"
    assert "Ana María López" in client.get("/file/review").get_data(as_text=True)


def test_submission_stores_what_was_typed(client, db: so.Session) -> None:
    fill_form(client)
    reference, _code = submit(client)
    case = db.execute(sa.select(Case)).scalar_one()
    assert case.reference == reference
    assert case.status is Status.NEW
    assert case.narrative == "They kept my brother four days after he paid bail."
    assert case.types == [ComplaintType.BOND_DENIED, ComplaintType.PROLONGED_DETENTION]
    assert (case.state, case.county, case.city) == ("TX", "El Paso", "El Paso")
    assert case.time_zone == "America/Denver"
    assert case.language == "en"
    assert case.identity_level is IdentityLevel.CONFIDENTIAL
    assert case.consent_contact is True
    # One record per destination, ticked or not, with the words the form showed.
    consents = {consent.destination.value: consent for consent in case.consents}
    assert {dest: consent.granted for dest, consent in consents.items()} == {
        "crcl": True, "oig": False, "oido": False, "local_agency": False, "lawyer": False,
        "statistics": True,
    }  # fmt: skip
    crcl = consents["crcl"]
    assert crcl.wording == (
        "You may share my complaint with the DHS Office for Civil Rights and Civil Liberties"
    )
    assert (crcl.wording_key, crcl.language, crcl.source.value) == ("crcl.v1", "en", "web")
    assert crcl.recorded_at == case.created_at
    person = case.person
    assert (person.given_name, person.family_name, person.a_number) == (
        "José",
        "López",
        "012345678",
    )
    assert person.name_key == case.name_key == "lopez jose"
    assert person.detained_now is Answer.YES
    assert person.contact_methods == ["call", "text"]
    assert case.filer.relationship is FilerRelationship.FAMILY
    assert (case.filer.name, case.filer.email) == ("Ana López", "ana@example.org")
    detention = case.detention
    assert detention.stop_reason is StopReason.TRAFFIC_STOP
    # 15:00 in El Paso (Mountain Standard Time, UTC-7) is 22:00 UTC.
    assert detention.eligible_for_release_at == datetime(2026, 11, 20, 22, 0, tzinfo=UTC)
    assert detention.arrested_at == datetime(2026, 11, 20, 16, 0, tzinfo=UTC)
    assert detention.released_at is None
    assert detention.detainer_issued is Answer.YES
    assert detention.bond_denied_for_detainer is Answer.YES
    assert [(c.offence, c.severity, c.outcome) for c in case.charges] == [
        ("Broken tail light", ChargeSeverity.TRAFFIC, ChargeOutcome.DISMISSED)
    ]
    assert count(db, Draft) == 0  # the draft is gone with the submission


def test_submission_is_triaged_and_audited(client, db: so.Session) -> None:
    fill_form(client)
    submit(client)
    case = db.execute(sa.select(Case)).scalar_one()
    # Eligible Friday 2026-11-20 15:00 MST; 48 business hours end Tuesday 15:00 MST = 22:00 UTC.
    assert case.detainer_deadline == datetime(2026, 11, 24, 22, 0, tzinfo=UTC)
    if datetime.now(UTC) > case.detainer_deadline:
        assert case.urgency is Urgency.CRITICAL  # still held on the detainer past its deadline
    assert case.flags == frozenset(
        {Flag.OUTSIDE_PRIORITIES, Flag.POSSIBLE_PROFILING, Flag.DUE_PROCESS, Flag.PRE_CONVICTION}
    )
    assert case.triage_due_at is not None and case.triage_due_at > case.created_at
    event = db.execute(sa.select(AuditEvent)).scalar_one()
    assert (event.action, event.actor_kind, event.case_id) == (
        "case.created",
        "complainant",
        case.id,
    )
    assert "José" not in str(event.details)


def test_the_code_is_shown_once_and_stored_only_as_an_hmac(app, client, db: so.Session) -> None:
    fill_form(client)
    _reference, code = submit(client)
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}", code)
    case = db.execute(sa.select(Case)).scalar_one()
    assert case.followup_code_hash == code_digest(app.config["COMPLAINTS_CODE_KEY"], code)
    compact = code.replace("-", "")
    with app.app_context():
        dump = "\n".join(
            str(row) for table in _db.metadata.sorted_tables
            for row in db.execute(sa.select(table)).all()
        )  # fmt: skip
    assert code not in dump and compact not in dump
    # Leaving without confirming keeps the receipt; confirming clears it for good.
    response = client.post("/file/receipt", data={"csrf_token": token(client, "/file/receipt")})
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert code in response.get_data(as_text=True)
    assert errors_on(response.get_data(as_text=True)) == [
        "Tick the box to show you have written down, printed or saved your case number and code."
    ]
    response = client.post(
        "/file/receipt", data={"csrf_token": token(client, "/file/receipt"), "saved": "yes"}
    )
    assert response.headers["Location"] == "/file/done"
    assert client.get("/file/receipt").headers["Location"] == "/"


def test_the_receipt_page_prints_and_explains_the_code(client) -> None:
    fill_form(client)
    reference, code = submit(client)
    page = client.get("/file/receipt").get_data(as_text=True)
    assert reference in page and code in page
    assert "This private code is shown only once. Nobody can find it again for you" in page
    stylesheet = client.get("/static/css/site.css")
    assert "@media print" in stylesheet.get_data(as_text=True)
    stylesheet.close()


def test_the_receipts_guidance_is_in_each_filers_own_language(app) -> None:
    # The guidance is rendered once per language and kept: a Spanish receipt after an English
    # one must not show the English text kept from the first (nor the other way round).
    seen = {}
    for language in ("en", "es", "en"):
        client = app.test_client()
        client.get(f"/language/{language}")
        fill_form(client)
        reference, code = submit(client)
        page = client.get("/file/receipt").get_data(as_text=True)
        assert reference in page and code in page
        seen.setdefault(language, page.split('<div class="warning">')[1].split("</form>")[0])
    assert "Anote, imprima o tómele una foto a esta página ahora." in seen["es"]
    assert "Write down, print or take a photo of this page now." not in seen["es"]
    assert "Write down, print or take a photo of this page now." in seen["en"]
    assert "What happens next" in seen["en"] and "What happens next" not in seen["es"]


def test_anonymous_filings_keep_no_names_or_contacts(client, db: so.Session) -> None:
    fill_form(
        client,
        who={"filing_for": "someone_else", "identity": "anonymous", "relationship": "friend",
             "filer_name": "Should Not Be Kept", "filer_phone": "555 0199"},
        person={"given_name": "Secret", "a_number": "A12345678", "detained_now": "yes"},
        consent={"contact_allowed": "no"},
    )  # fmt: skip
    submit(client)
    case = db.execute(sa.select(Case)).scalar_one()
    assert case.identity_level is IdentityLevel.ANONYMOUS
    assert (case.person.given_name, case.person.a_number, case.person.phone) == (None, None, None)
    assert (case.filer.name, case.filer.phone) == (None, None)
    assert case.person.detained_now is Answer.YES
    assert case.consent_contact is False


def test_a_database_failure_stores_nothing_and_keeps_the_answers(
    client, db: so.Session, failing_database
) -> None:
    fill_form(client)
    form_token = token(client, "/file/review")
    with failing_database("INSERT INTO people"):
        response = client.post("/file/submit", data={"csrf_token": form_token})
    page = response.get_data(as_text=True)
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert errors_on(page) == [
        "We could not save your complaint just now. Nothing was lost: your answers are still "
        "here. Please press Send again in a minute."
    ]
    assert "They kept my brother four days after he paid bail." in page
    assert (count(db, Case), count(db, Person), count(db, AuditEvent)) == (0, 0, 0)
    assert count(db, Draft) == 1
    reference, _code = submit(client)  # once the database answers again, the same answers go in
    assert db.execute(sa.select(Case.reference)).scalar_one() == reference


def test_a_draft_filed_twice_at_once_is_stored_once(app, client, db: so.Session) -> None:
    """Two sends of one draft (a double press, two tabs): this send read the draft, then the
    other filed it (and deleted it) before this one wrote. This one must store nothing."""
    fill_form(client)
    form_token = token(client, "/file/review")
    other_filed: list[str] = []

    def other_send_files_it(_conn, _cursor, statement: str, *_args: object) -> None:
        # This send has just read the draft and written nothing yet.
        if statement.startswith("SELECT") and "FROM drafts" in statement and not other_filed:
            other_filed.append(statement)
            db.execute(sa.delete(Draft))  # what the other send's filing does to the draft
            db.commit()

    with app.app_context():
        engine = _db.engine
    sa.event.listen(engine, "after_cursor_execute", other_send_files_it)
    try:
        response = client.post("/file/submit", data={"csrf_token": form_token})
    finally:
        sa.event.remove(engine, "after_cursor_execute", other_send_files_it)
    assert other_filed
    assert response.status_code == HTTPStatus.FOUND and response.location.endswith("/file/review")
    assert (count(db, Case), count(db, Person), count(db, AuditEvent)) == (0, 0, 0)


def test_a_reference_already_taken_is_drawn_again(client, db: so.Session, monkeypatch) -> None:
    """Two complaints never share a reference: a draw that is taken is replaced by a new one,
    and the case holding it is left as it was."""
    fill_form(client)
    first, _code = submit(client)
    draws = iter([first, "SC-0000-0001"])
    monkeypatch.setattr("complaints.intake.case_rows.new_reference", lambda: next(draws))
    fill_form(client, story={"narrative": "A second complaint, about my cousin."})
    second, _code = submit(client)
    assert second == "SC-0000-0001"
    stored = dict(db.execute(sa.select(Case.reference, Case.narrative)).all())
    assert stored == {first: STORY["narrative"], second: "A second complaint, about my cousin."}


def test_an_expired_token_on_send_keeps_the_draft(client, db: so.Session) -> None:
    fill_form(client)
    response = client.post("/file/submit", data={"csrf_token": "stale"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert count(db, Case) == 0 and count(db, Draft) == 1


def test_a_receipt_is_emailed_without_the_code(app, client, inbox: Inbox) -> None:  # noqa: F811
    fill_form(client, consent={**CONSENT, "email_receipt": "y"})
    reference, code = submit(client)
    flush_mail(app)
    [message] = inbox.messages()
    assert message["To"] == "ana@example.org"
    body = message.get_content()
    assert reference in body
    assert "http://localhost/follow-up" in body
    assert code not in body and code.replace("-", "") not in body


def test_no_email_without_opting_in(app, client, inbox: Inbox) -> None:  # noqa: F811
    fill_form(client)
    submit(client)
    flush_mail(app)
    assert inbox.messages() == []


def test_submissions_are_rate_limited_per_address(app, client) -> None:
    app.config["INTAKE_SUBMIT_LIMIT"] = "2 per hour"
    for _ in range(2):
        fill_form(client)
        submit(client)
    fill_form(client)
    response = client.post("/file/submit", data={"csrf_token": token(client, "/file/review")})
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Too many attempts" in response.get_data(as_text=True)


def test_a_filled_honeypot_stores_nothing_but_looks_done(client, db: so.Session) -> None:
    fill_form(client)
    response = client.post(
        "/file/submit",
        data={"csrf_token": token(client, "/file/review"), "website": "http://spam.example"},
    )
    assert response.headers["Location"] == "/file/done"
    assert count(db, Case) == 0


def test_the_honeypot_is_hidden_from_people(client) -> None:
    fill_form(client)
    page = client.get("/file/review").get_data(as_text=True)
    assert '<div class="honeypot" aria-hidden="true">' in page
    assert 'tabindex="-1"' in page


def test_an_anonymous_receipt_says_follow_up_is_the_only_way(client) -> None:
    fill_form(
        client,
        who={"filing_for": "self", "identity": "anonymous"},
        person={"detained_now": "no"},
        consent={"contact_allowed": "no"},
    )
    submit(client)
    page = client.get("/file/receipt").get_data(as_text=True)
    assert "You filed anonymously, so we cannot contact you." in page


def test_a_draft_saved_before_the_story_step_still_submits(app, client, db) -> None:
    """Drafts from before the story was its own step keep it under "what-happened"."""
    fill_form(client)
    draft = db.execute(sa.select(Draft)).scalar_one()
    vault = app.extensions["vault"]
    answers = json.loads(vault.decrypt(draft.answers))
    del answers["story"]
    answers["what-happened"]["narrative"] = [STORY["narrative"]]
    draft.answers = vault.encrypt(json.dumps(answers).encode())
    db.commit()
    page = client.get("/file/review").get_data(as_text=True)
    assert errors_on(page) == [] and STORY["narrative"] in page
    assert STORY["narrative"] in client.get("/file/story").get_data(as_text=True)
    submit(client)
    assert db.execute(sa.select(Case)).scalar_one().narrative == STORY["narrative"]


def test_the_what_happened_step_no_longer_asks_for_the_story(client) -> None:
    page = client.get("/file/what-happened").get_data(as_text=True)
    assert "<textarea" not in page
    assert post_step(client, "what-happened", WHAT).status_code == HTTPStatus.FOUND


def test_the_narrative_box_never_cuts_a_long_paste(client) -> None:
    page = client.get("/file/story").get_data(as_text=True)
    narrative = re.search(r"<textarea[^>]*>", page).group(0)
    assert "maxlength" not in narrative
    assert 'data-counter-max="20000"' in narrative
    assert 'data-counter-left="%(count)s characters left"' in narrative


def test_a_complaint_recorded_by_staff_links_every_row_to_its_case_and_recorder(app, db) -> None:
    # The new case is written table by table (intake/case_rows.py): each row must carry the keys
    # a flush would have set, to the case, and the creation event names the staff member.
    from complaints.models import CaseComplaintType, Charge, Consent, Detention, Filer
    from tests.web.test_casework_case import staff_client

    client = staff_client(app, db)
    client.post("/staff/intake/", data={"csrf_token": token(client, "/staff/intake/"),
                                        "channel": "phone", "language": "es"})  # fmt: skip
    fill_form(client)
    reference, _code = submit(client)

    case = db.execute(sa.select(Case).where(Case.reference == reference)).scalar_one()
    event = db.execute(
        sa.select(AuditEvent).where(AuditEvent.action == "case.created")
    ).scalar_one()
    staff_id = event.actor_user_id
    assert staff_id is not None and (event.actor_kind, event.case_id) == ("staff", case.id)
    assert case.channel.value == "phone" and case.language == "es" and case.version_id == 1
    assert case.name_key == case.person.name_key == "lopez jose"
    for model in (Person, Filer, Detention, Charge, CaseComplaintType, Consent):
        rows = db.execute(sa.select(model.case_id)).scalars().all()
        assert rows and set(rows) == {case.id}, model.__name__
    consents = db.execute(sa.select(Consent)).scalars().all()
    assert {c.destination.value for c in consents} == {
        "crcl", "oig", "oido", "local_agency", "lawyer", "statistics"
    }  # fmt: skip
    # What the person said on the phone is recorded as given to that staff member.
    assert {(c.source.value, c.recorded_by_id) for c in consents} == {("staff", staff_id)}
