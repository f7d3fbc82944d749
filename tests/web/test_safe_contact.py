"""Safe contact: stored per channel, shown to staff as a warning before every contact, changed
by the person on follow-up or by staff (audited), and honoured by the emailed receipt."""

from __future__ import annotations

import html
from http import HTTPStatus

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.mail import flush_mail
from complaints.models import AuditEvent, Case
from complaints.rules.contact_safety import SafeContact
from complaints.rules.vocabulary import IdentityLevel
from tests.web.filing import CONSENT, PERSON, errors_on, fill_form, post_step, submit, token
from tests.web.test_casework_case import post_on, staff_client
from tests.web.test_followup import filed_case, sign_in
from tests.web.test_mail import Inbox, inbox  # noqa: F401  (a real SMTP server fixture)

SELF = {"filing_for": "self", "identity": "confidential"}
EMAIL_PERSON = {**PERSON, "email": "jose@example.org", "mailing_address": "1 Main St"}
BANNER = "Before you contact this person"


def only_case(db: so.Session) -> Case:
    db.expire_all()
    return db.execute(sa.select(Case)).scalar_one()


def events(db: so.Session, action: str) -> list[AuditEvent]:
    query = sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)
    return list(db.execute(query).scalars())


def test_safe_contact_is_stored_per_channel(client, db: so.Session) -> None:
    consent = {**CONSENT, "contact_methods": ["call", "email"], "shared_channels": ["phone"],
               "best_hours": "6–9 pm"}  # fmt: skip
    fill_form(client, person={**EMAIL_PERSON, "safe_contact": "Ask for María"}, consent=consent)
    submit(client)
    safe = only_case(db).person.contact_safety
    assert safe == SafeContact(call=True, email=True, shared_phone=True, best_hours="6–9 pm",
                               instructions="Ask for María")  # fmt: skip


def test_no_contact_allowed_keeps_nothing_safe(client, db: so.Session) -> None:
    consent = {"contact_allowed": "no", "contact_methods": ["call"], "best_hours": "any"}
    fill_form(client, consent=consent)
    submit(client)
    case = only_case(db)
    assert case.person.contact_methods == [] and case.person.best_hours is None
    assert case.consent_contact is False


def test_anonymous_filings_keep_none_of_it(client, db: so.Session) -> None:
    consent = {**CONSENT, "contact_methods": ["text"], "shared_channels": ["phone"],
               "best_hours": "mornings"}  # fmt: skip
    fill_form(client, who={"filing_for": "self", "identity": "anonymous"},
              person={"detained_now": "no", "safe_contact": "only mornings"},
              consent=consent)  # fmt: skip
    submit(client)
    assert only_case(db).person.contact_safety == SafeContact()


def test_the_warning_is_on_every_staff_contact_path(app, db: so.Session) -> None:
    client = app.test_client()
    fill_form(client, person=EMAIL_PERSON,
              consent={**CONSENT, "contact_methods": ["call", "text"], "shared_channels": ["phone"],
                       "best_hours": "6–9 pm <b>"})  # fmt: skip
    submit(client)
    case = only_case(db)
    staff = staff_client(app, db)
    page = staff.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    assert page.count(BANNER) == 2  # by the contact details, and above the message form
    for sentence in ("Do not leave a voicemail.", "Someone else may answer the phone, hear "
                     "voicemail or read texts.", "Do not email.", "Do not send letters.",
                     "Best times: 6–9 pm &lt;b&gt;"):  # fmt: skip
        assert sentence in page, sentence
    assert page.index(BANNER) < page.index("jose@example.org")
    assert page.index("message-contact-warning") < page.index('name="body"')
    letter = staff.get(f"/staff/cases/{case.reference}/letters/complainant")
    assert BANNER in letter.get_data(as_text=True) and "Do not send letters." in letter.get_data(
        as_text=True
    )


def test_nothing_safe_says_do_not_contact(app, db: so.Session) -> None:
    client = app.test_client()
    fill_form(client, consent={"contact_allowed": "no"})
    submit(client)
    page = staff_client(app, db).get(f"/staff/cases/{only_case(db).reference}")
    assert "Do not contact this person" in page.get_data(as_text=True)


def test_staff_record_it_and_it_is_audited(app, db: so.Session) -> None:
    client = app.test_client()
    fill_form(client)
    submit(client)
    case = only_case(db)
    staff = staff_client(app, db)
    response = post_on(staff, case, "safe-contact", safe_methods=["text"], safe_shared=["phone"],
                       safe_hours="after 6 pm", safe_instructions="Ask for Rosa")  # fmt: skip
    assert response.status_code == HTTPStatus.FOUND
    case = only_case(db)
    assert case.person.contact_safety == SafeContact(text=True, shared_phone=True,
                                                     best_hours="after 6 pm",
                                                     instructions="Ask for Rosa")  # fmt: skip
    [event] = events(db, "case.safe_contact_changed")
    assert event.actor_kind == "staff" and event.details["safe"] == ["text"]
    assert "Rosa" not in str(event.details) and "instructions" in event.details["changed"]
    long_hours = post_on(staff, case, "safe-contact", safe_methods=["text"], safe_hours="x" * 201)
    assert long_hours.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert "x" * 201 in long_hours.get_data(as_text=True)  # kept as typed


def test_staff_cannot_record_it_on_an_anonymous_case(app, db: so.Session) -> None:
    client = app.test_client()
    fill_form(client, who={"filing_for": "self", "identity": "anonymous"},
              person={"detained_now": "no"}, consent={"contact_allowed": "no"})  # fmt: skip
    submit(client)
    case = only_case(db)
    staff = staff_client(app, db)
    assert "safe-contact" not in staff.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    response = post_on(staff, case, "safe-contact", safe_methods=["call"])
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert "anonymous case keeps no way to reach" in response.get_data(as_text=True)
    assert only_case(db).person.contact_methods == []


def test_the_person_updates_it_on_follow_up(client, db: so.Session) -> None:
    reference, code = filed_case(client)
    sign_in(client, reference, code)
    page = client.get("/follow-up/privacy").get_data(as_text=True)
    assert "How to reach you safely" in page and BANNER not in page
    form = {"csrf_token": token(client, "/follow-up/privacy"), "contact_methods": ["mail"],
            "shared_channels": ["mail"], "best_hours": "weekends",
            "instructions": "Use my sister's name"}  # fmt: skip
    response = client.post("/follow-up/safe-contact", data=form)
    assert response.headers["Location"] == "/follow-up/case?sent=1"
    case = only_case(db)
    expected = SafeContact(mail=True, shared_mail=True, best_hours="weekends",
                           instructions="Use my sister's name")  # fmt: skip
    assert case.person.contact_safety == expected
    [event] = events(db, "case.safe_contact_changed")
    assert event.actor_kind == "complainant" and "sister" not in str(event.details)
    response = client.post("/follow-up/safe-contact", data={**form, "best_hours": "w" * 201})
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert "w" * 201 in response.get_data(as_text=True)


def test_a_receipt_goes_to_the_person_only_where_safe_and_private(
    app,
    client,
    db: so.Session,
    inbox: Inbox,  # noqa: F811
) -> None:
    fill_form(client, who=SELF, person=EMAIL_PERSON)
    shared = {**CONSENT, "contact_methods": ["email"], "shared_channels": ["email"],
              "email_receipt": "y"}  # fmt: skip
    response = post_step(client, "consent", shared)
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    [message] = errors_on(response.get_data(as_text=True))
    assert "nobody else reads" in message
    not_safe = {**CONSENT, "contact_methods": ["call"], "email_receipt": "y"}
    assert post_step(client, "consent", not_safe).status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    safe = {**CONSENT, "contact_methods": ["email"], "email_receipt": "y"}
    assert post_step(client, "consent", safe).status_code == HTTPStatus.FOUND
    submit(client)
    flush_mail(app)
    [receipt] = inbox.messages()
    assert receipt["To"] == "jose@example.org"


def test_the_receipt_rule_is_applied_at_send_time_too() -> None:
    from complaints.intake.inputs import ComplaintInput, PersonInput

    def complaint(safe: SafeContact) -> ComplaintInput:
        return ComplaintInput(narrative="x", complaint_types=(), language="en",
                              identity_level=IdentityLevel.CONFIDENTIAL,
                              person=PersonInput(email="p@example.org", contact=safe))  # fmt: skip

    assert complaint(SafeContact(email=True)).receipt_email == "p@example.org"
    assert complaint(SafeContact(email=True, shared_email=True)).receipt_email is None
    assert complaint(SafeContact(call=True)).receipt_email is None


def test_i_prefer_not_to_say_is_an_answer_of_its_own(app, client, db: so.Session) -> None:
    from complaints.rules.vocabulary import Answer
    from tests.web.filing import DETENTION

    fill_form(client, person={**PERSON, "detained_now": "declined"},
              detention={**DETENTION, "detainer_issued": "unknown",
                         "bond_denied_for_detainer": "declined"})  # fmt: skip
    review = client.get("/file/review").get_data(as_text=True)
    assert "I prefer not to say" in review
    submit(client)
    case = only_case(db)
    assert case.detention.detainer_issued is Answer.UNKNOWN
    assert case.detention.bond_denied_for_detainer is Answer.DECLINED
    page = staff_client(app, db).get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    assert "I prefer not to say" in page


def test_how_it_started_and_what_happened_next_may_be_declined_too(app, client, db) -> None:
    from complaints.rules.vocabulary import Answer, ReleaseBasis, StopReason
    from tests.web.filing import DETENTION, WHAT

    fill_form(client, **{"what-happened": {**WHAT, "stop_reason": "declined"},
                         "detention": {**DETENTION, "release_kind": "declined",
                                       "release_basis": "unknown"}})  # fmt: skip
    submit(client)
    case = only_case(db)
    assert case.detention.stop_reason is StopReason.DECLINED
    assert case.detention.release_basis is ReleaseBasis.UNKNOWN
    assert case.detention.transferred_to_ice is Answer.DECLINED
    page = staff_client(app, db).get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    assert page.count("I prefer not to say") >= 2


def test_questions_answered_in_words_may_be_declined_instead(app, client, db) -> None:
    from complaints.rules.vocabulary import Answer

    fill_form(client, person={**PERSON, "country_of_birth": "", "country_of_birth_answer":
                              "unknown", "race_ethnicity_answer": "declined"})  # fmt: skip
    review = html.unescape(client.get("/file/review").get_data(as_text=True))
    submit(client)
    person = only_case(db).person

    assert 'Country of birth</dt>\n      <dd><span class="answer">I don\'t know' in review
    assert "I prefer not to say" in review and "Or choose" not in review
    assert (person.country_of_birth, person.country_of_birth_answer) == (None, Answer.UNKNOWN)
    assert (person.race_ethnicity, person.race_ethnicity_answer) == (None, Answer.DECLINED)
    page = staff_client(app, db).get(f"/staff/cases/{only_case(db).reference}").get_data(True)
    assert "I don't know" in html.unescape(page)


def test_what_was_typed_wins_over_a_choice_made_instead(app, client, db) -> None:
    fill_form(client, person={**PERSON, "country_of_birth": "Honduras",
                              "country_of_birth_answer": "declined"})  # fmt: skip
    submit(client)
    person = only_case(db).person
    assert (person.country_of_birth, person.country_of_birth_answer) == ("Honduras", None)
