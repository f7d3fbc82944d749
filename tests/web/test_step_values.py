"""Each step's check kept in the draft (intake/step_values.py): Send files from the kept values
while what they were checked against holds, and checks a step again as soon as it does not."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from http import HTTPStatus

import pytest
import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import Flask
from flask.testing import FlaskClient

from complaints.intake import drafts, step_values
from complaints.intake.answers import check_answers
from complaints.intake.steps import BY_SLUG
from complaints.models import Case, Draft, Facility
from tests.web.directory import EL_PASO_JAIL, facility, load_directory
from tests.web.filing import (
    CONSENT,
    DETENTION,
    PERSON,
    STEPS,
    WHAT,
    WHO,
    errors_on,
    fill_form,
    post_step,
    submit,
    token,
)

ANSWERED = ("story", "who", "what-happened", "person", "detention", "consent")
ANONYMOUS_WHO = {"filing_for": "self", "identity": "anonymous"}
NAMELESS_PERSON = {"detained_now": "yes", "date_of_birth": "1990-04-02"}


def stored_draft(app: Flask, db: so.Session) -> dict:
    """The draft as stored: answers and kept checks, decrypted."""
    draft = db.execute(sa.select(Draft)).scalar_one()
    return json.loads(app.extensions["vault"].decrypt(draft.answers))


def store_draft(app: Flask, db: so.Session, content: dict) -> None:
    draft = db.execute(sa.select(Draft)).scalar_one()
    draft.answers = app.extensions["vault"].encrypt(json.dumps(content).encode())
    db.commit()


def send(client: FlaskClient):
    """Press Send (with the session's token: a review page with a problem offers no button)."""
    return client.post("/file/submit", data={"csrf_token": token(client)})


def refused(response, db: so.Session, step_title: str) -> None:
    """Send was refused: nothing filed, and the review page names the step to fix."""
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    problem = f"{step_title}: Some answers in this step need to be fixed."
    assert errors_on(response.get_data(as_text=True)) == [problem]
    assert db.execute(sa.select(Case)).first() is None


def the_case(db: so.Session) -> Case:
    db.expire_all()
    return db.execute(sa.select(Case)).scalar_one()


VARIANTS = {
    "for someone else, with charges": {},
    "anonymous, by the person": {"who": ANONYMOUS_WHO, "person": NAMELESS_PERSON},
    "released, receipt by email": {
        "person": {**PERSON, "email": "jose@example.org"},
        "detention": {
            **DETENTION,
            "release_kind": "released",
            "released_at": "2026-11-22T10:15",
            "charges-1-offence": "Trespass",
        },
        "consent": {
            **CONSENT,
            "contact_methods": ["email"],
            "email_receipt": "y",
            "share_lawyer": "y",
            "lawyer_name": "Ana Ruiz",
        },
    },
}


@pytest.mark.parametrize("variant", VARIANTS)
def test_kept_values_are_the_values_a_new_check_gives(app, client, db, variant) -> None:
    fill_form(client, **VARIANTS[variant])
    with app.test_request_context():
        answers, kept = drafts.read_draft(db.execute(sa.select(Draft)).scalar_one(),
                                          app.extensions["vault"])  # fmt: skip
        assert sorted(kept) == sorted(ANSWERED)
        checked = check_answers(answers)
        assert checked.complete
        from_kept = step_values.checked_values(answers, kept)
        assert from_kept == checked.values
    # Dates and times come back as dates and times, not as their text.
    assert from_kept["person"]["date_of_birth"] == date(1990, 4, 2)
    assert from_kept["detention"]["arrested_at"] == datetime(2026, 11, 20, 9, 0)


def test_steps_left_unanswered_give_the_values_a_new_check_gives(app, client, db) -> None:
    for slug in ("story", "who", "what-happened", "consent"):  # the required steps only
        assert post_step(client, slug, STEPS[slug]).status_code == HTTPStatus.FOUND
    with app.test_request_context():
        answers, kept = drafts.read_draft(db.execute(sa.select(Draft)).scalar_one(),
                                          app.extensions["vault"])  # fmt: skip
        expected = check_answers(answers).values
        assert step_values.checked_values(answers, kept) == expected
        assert step_values.checked_values(answers, kept) == expected  # worked out once, kept
    submit(client)
    case = the_case(db)
    assert case.person.given_name is None and case.detention.arrested_at is None


def test_send_files_the_kept_values(app, client, db) -> None:
    """Send reads a step's kept values rather than checking its answers again: a kept value
    that differs from the answers (only a test can make one) is what gets filed."""
    fill_form(client)
    content = stored_draft(app, db)
    content[drafts.KEPT]["story"]["values"]["narrative"] = "Words from the kept check."
    store_draft(app, db, content)
    submit(client)
    assert the_case(db).narrative == "Words from the kept check."


def test_a_kept_check_from_other_code_is_not_used(app, client, db, monkeypatch) -> None:
    fill_form(client)
    content = stored_draft(app, db)
    content[drafts.KEPT]["story"]["values"]["narrative"] = "Words from the kept check."
    store_draft(app, db, content)
    monkeypatch.setattr(step_values, "CODE_VERSION", "another release")
    submit(client)
    assert the_case(db).narrative == STEPS["story"]["narrative"]


def test_a_step_that_fails_keeps_no_check(app, client, db) -> None:
    fill_form(client)
    response = post_step(client, "person", {**PERSON, "a_number": "12"})
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert "person" not in stored_draft(app, db)[drafts.KEPT]
    refused(send(client), db, "About the person")
    assert post_step(client, "person", PERSON).status_code == HTTPStatus.FOUND
    assert "person" in stored_draft(app, db)[drafts.KEPT]


def test_a_draft_without_kept_checks_is_checked_and_filed(app, client, db) -> None:
    """Drafts saved before checks were kept (or after a failed save) are checked in full."""
    fill_form(client)
    content = stored_draft(app, db)
    del content[drafts.KEPT]
    store_draft(app, db, content)
    submit(client)
    assert the_case(db).narrative == STEPS["story"]["narrative"]


def test_leaving_anonymity_checks_the_person_again(app, client, db) -> None:
    """The person step passed without a name while the filing was anonymous; once the filer
    chooses to give names, Send must ask for the name instead of filing a nameless person."""
    fill_form(client, who=ANONYMOUS_WHO, person=NAMELESS_PERSON)
    assert post_step(client, "who", WHO).status_code == HTTPStatus.FOUND
    refused(send(client), db, "About the person")
    # The step itself says why.
    page = post_step(client, "person", NAMELESS_PERSON).get_data(as_text=True)
    assert "Enter the person's name, or go back and choose to file anonymously." in errors_on(page)


def test_a_changed_place_reads_the_times_in_its_zone(app, client, db) -> None:
    """Detention times are read in the place's zone: El Paso (Mountain time), then New York."""
    fill_form(client)
    new_york = {**WHAT, "state": "NY", "county": "Queens", "city": "New York"}
    assert post_step(client, "what-happened", new_york).status_code == HTTPStatus.FOUND
    submit(client)
    case = the_case(db)
    assert case.time_zone == "America/New_York"
    # 09:00 in New York (EST, UTC-5) is 14:00 UTC; read in El Paso it would be 16:00 UTC.
    assert case.detention.arrested_at == datetime(2026, 11, 20, 14, 0, tzinfo=UTC)


def test_removing_the_only_email_checks_the_receipt_again(app, client, db) -> None:
    fill_form(client, consent={**CONSENT, "email_receipt": "y"})
    assert post_step(client, "who", {**WHO, "filer_email": ""}).status_code == HTTPStatus.FOUND
    refused(send(client), db, "Contact and consent")


def test_a_jail_gone_from_the_directory_is_checked_again(app, client, db) -> None:
    load_directory(db)
    jail = facility(db, EL_PASO_JAIL)
    fill_form(client, **{"what-happened": {**WHAT, "facility": "", "facility_id": jail.id}})
    db.execute(sa.delete(Facility).where(Facility.id == jail.id))
    db.commit()
    refused(send(client), db, "What happened")


def test_every_dependency_of_a_step_is_in_its_fingerprint(app, db) -> None:
    """Each thing `steps.bind` gives a form from other steps changes that step's fingerprint."""
    base = {slug: {key: v if isinstance(v, list) else [v] for key, v in values.items()}
            for slug, values in STEPS.items()}  # fmt: skip
    by_self = {**base, "who": {"filing_for": ["self"], "identity": ["confidential"]}}
    # (step, answers before, answers after), each changing one thing the step's form is given;
    # the jail picked from the directory: test_a_jail_gone_from_the_directory_is_checked_again.
    changes = [
        ("person", base, {**base, "who": {**base["who"], "identity": ["anonymous"]}}),
        ("detention", base, {**base, "what-happened": {**base["what-happened"], "state": ["NY"]}}),
        # An email is given (the person's own; the receipt would go to the person either way).
        ("consent", by_self, {**by_self, "person": {**base["person"], "email": ["j@example.org"]}}),
        # The filer's email stays, but a receipt would now go to the person's own address.
        ("consent", base, {**base, "who": {**base["who"], "filing_for": ["self"]}}),
    ]
    with app.test_request_context():
        for slug, before, after in changes:
            step = BY_SLUG[slug]
            fingerprint = step_values.fingerprint(step, before)
            assert step_values.fingerprint(step, after) != fingerprint, slug
            # The step's own answers count too; another step's unrelated answer does not.
            own = {**before, slug: {**before[slug], "extra": ["x"]}}
            assert step_values.fingerprint(step, own) != fingerprint
            unrelated = {**before, "story": {"narrative": ["Other words."]}}
            assert step_values.fingerprint(step, unrelated) == fingerprint
