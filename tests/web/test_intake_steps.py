"""Each step of the public form: what it accepts and refuses; nothing typed is ever lost."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta
from http import HTTPStatus

import pytest
import sqlalchemy as sa

from complaints.models import Draft
from tests.web.filing import DETENTION, PERSON, STORY, WHAT, WHO, errors_on, post_step, token


def test_the_first_step_is_the_person_s_own_account(client) -> None:
    page = client.get("/file/story").get_data(as_text=True)
    assert "Step 1 of 7" in page
    assert "<h1>What happened, in your own words</h1>" in page
    assert 'for="narrative">What happened? Tell us in your own words.</label>' in page
    assert 'aria-current="step"' in page
    # Only the story: the questions that sort it come later.
    assert 'name="complaint_types"' not in page and 'name="filing_for"' not in page


def test_start_leads_to_the_story(client) -> None:
    response = client.get("/file")
    assert response.status_code == HTTPStatus.FOUND
    assert response.headers["Location"] == "/file/story"


def test_the_story_leads_to_who_is_filing(client) -> None:
    response = post_step(client, "story", STORY)
    assert response.headers["Location"] == "/file/who"


def test_who_is_step_2_with_labels(client) -> None:
    page = client.get("/file/who").get_data(as_text=True)
    assert "Step 2 of 7" in page
    assert '<legend class="legend">Who is filing this complaint?</legend>' in page


def test_unknown_step_is_404(client) -> None:
    assert client.get("/file/nothing").status_code == HTTPStatus.NOT_FOUND


def test_who_requires_a_choice_and_links_the_error_to_it(client) -> None:
    response = post_step(client, "who", {})
    page = response.get_data(as_text=True)
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert errors_on(page) == [
        "Choose who is filing this complaint.",
        "Choose whether to file anonymously.",
    ]
    assert 'href="#filing_for-0"' in page
    assert "<title>Error:" in page


def test_filing_for_someone_else_needs_the_relationship_and_a_name(client) -> None:
    response = post_step(client, "who", {"filing_for": "someone_else", "identity": "named"})
    assert errors_on(response.get_data(as_text=True)) == [
        "Choose how you know the person.",
        "Enter your full name, or choose to file anonymously.",
    ]


def test_anonymous_filing_for_someone_else_needs_no_name(client) -> None:
    values = {"filing_for": "someone_else", "identity": "anonymous", "relationship": "friend"}
    response = post_step(client, "who", values)
    assert response.status_code == HTTPStatus.FOUND
    assert response.headers["Location"] == "/file/what-happened"


def test_a_malformed_email_is_refused_and_kept(client) -> None:
    response = post_step(client, "who", {**WHO, "filer_email": "ana at example"})
    page = response.get_data(as_text=True)
    assert errors_on(page) == ["Enter an email address like name@example.com."]
    assert 'value="ana at example"' in page
    assert 'value="Ana López"' in page


def test_the_narrative_is_required(client) -> None:
    response = post_step(client, "story", {"narrative": "   "})
    assert errors_on(response.get_data(as_text=True)) == [
        "Tell us what happened, in a few words or many."
    ]


def test_a_complaint_type_is_required(client) -> None:
    response = post_step(client, "what-happened", {"state": "TX"})
    assert errors_on(response.get_data(as_text=True)) == [
        "Choose at least one, or choose Something else."
    ]


def test_a_21000_character_narrative_is_refused_but_kept_whole(client) -> None:
    story = "Me detuvieron. " * 1400  # 21,000 characters
    response = post_step(client, "story", {"narrative": story})
    page = response.get_data(as_text=True)
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert errors_on(page) == ["Use 20000 characters or fewer."]
    assert html.escape(story.strip()) in page


def test_exactly_20000_characters_is_accepted(client) -> None:
    response = post_step(client, "story", {"narrative": "x" * 20_000})
    assert response.status_code == HTTPStatus.FOUND


def test_hostile_text_is_cleaned_and_escaped(client) -> None:
    narrative = "Hola\x00 <script>alert('x')</script> \u202eevil\u202c مرحبا\u200f"
    assert post_step(client, "story", {"narrative": narrative}).status_code == HTTPStatus.FOUND
    response = post_step(client, "what-happened", {**WHAT, "city": "El\x00 Paso"})
    assert response.status_code == HTTPStatus.FOUND
    page = client.get("/file/story").get_data(as_text=True)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "\x00" not in page and "\u202e" not in page
    assert "مرحبا\u200f" in page  # a right-to-left mark is kept: Arabic text needs it
    assert 'value="El Paso"' in client.get("/file/what-happened").get_data(as_text=True)


def test_a_future_incident_date_is_refused(client) -> None:
    response = post_step(client, "what-happened", {**WHAT, "incident_date": "2099-01-01"})
    assert errors_on(response.get_data(as_text=True)) == [
        "This date is in the future. Check the date."
    ]


def test_a_malformed_date_is_refused_and_kept(client) -> None:
    response = post_step(client, "what-happened", {**WHAT, "incident_date": "20/11/2026"})
    page = response.get_data(as_text=True)
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert errors_on(page) == ["Enter the date like 2026-05-22."]
    assert 'value="20/11/2026"' in page


def test_a_malformed_time_shows_an_example(client) -> None:
    response = post_step(client, "detention", {**DETENTION, "arrested_at": "yesterday noon"})
    assert errors_on(response.get_data(as_text=True)) == [
        "Enter the date and time like 2026-05-22 17:00."
    ]


@pytest.mark.parametrize(
    "typed", ["A12345678", "a123456789", "A 123-456-789", "123456789", "\u200eA12345678"]
)
def test_a_number_variants_are_accepted(client, typed: str) -> None:
    response = post_step(client, "person", {**PERSON, "a_number": typed})
    assert response.status_code == HTTPStatus.FOUND


@pytest.mark.parametrize("typed", ["A1234567", "A1234567890", "B12345678", "A12345678X"])
def test_malformed_a_numbers_are_refused(client, typed: str) -> None:
    response = post_step(client, "person", {**PERSON, "a_number": typed})
    assert errors_on(response.get_data(as_text=True)) == [
        "An A-number is the letter A and 8 or 9 numbers, like A012345678."
    ]


def test_the_person_needs_a_name_unless_anonymous(client) -> None:
    response = post_step(client, "person", {"detained_now": "yes"})
    assert errors_on(response.get_data(as_text=True)) == [
        "Enter the person's name, or go back and choose to file anonymously."
    ]
    post_step(client, "who", {"filing_for": "self", "identity": "anonymous"})
    response = post_step(client, "person", {"detained_now": "yes"})
    assert response.status_code == HTTPStatus.FOUND


def test_anonymous_filers_are_not_asked_for_names(client) -> None:
    post_step(client, "who", {"filing_for": "self", "identity": "anonymous"})
    page = client.get("/file/person").get_data(as_text=True)
    assert 'name="given_name"' not in page
    assert 'name="a_number"' not in page
    assert 'name="detained_now"' in page


def test_detention_times_cannot_be_in_the_future(client) -> None:
    response = post_step(client, "detention", {**DETENTION, "booked_at": "2099-11-20T11:30"})
    assert "This time is in the future. Check the date and time." in errors_on(
        response.get_data(as_text=True)
    )


def test_release_before_eligibility_is_refused(client) -> None:
    values = {**DETENTION, "release_kind": "released", "released_at": "2026-11-20T14:00"}
    response = post_step(client, "detention", values)
    page = response.get_data(as_text=True)
    assert errors_on(page) == [
        "Release cannot be before the time the person should have been free to go. "
        "Check both times."
    ]
    assert 'value="2026-11-20T14:00"' in page


def test_booking_before_arrest_is_refused(client) -> None:
    response = post_step(client, "detention", {**DETENTION, "booked_at": "2026-11-20T08:00"})
    assert errors_on(response.get_data(as_text=True)) == [
        "Booking cannot be before the arrest. Check both times."
    ]


def test_detention_times_are_read_in_the_place_s_local_time(client) -> None:
    post_step(client, "what-happened", WHAT)  # El Paso, Texas: Mountain time, not Central
    response = post_step(client, "detention", {**DETENTION, "eligible_at": "2026-11-20T15:00"})
    assert response.status_code == HTTPStatus.FOUND


def test_another_charge_row_can_be_added_without_javascript(client) -> None:
    response = post_step(client, "detention", {**DETENTION, "add_charge": "1"})
    page = response.get_data(as_text=True)
    assert response.status_code == HTTPStatus.OK
    assert "Charge 3" in page
    assert 'value="Broken tail light"' in page


def test_contact_allowed_needs_a_way_to_contact(client) -> None:
    response = post_step(client, "consent", {"contact_allowed": "yes"})
    assert errors_on(response.get_data(as_text=True)) == [
        "Choose at least one safe way to contact you."
    ]


def test_an_emailed_receipt_needs_an_email_address(client) -> None:
    response = post_step(client, "consent", {"contact_allowed": "no", "email_receipt": "y"})
    assert errors_on(response.get_data(as_text=True)) == [
        "To get a receipt by email, first give an email address, or untick this box."
    ]


def test_an_expired_token_keeps_everything_typed(client) -> None:
    story = "Lo que pasó, escrito con cuidado durante una hora."
    response = client.post("/file/story", data={"narrative": story, "csrf_token": "expired"})
    page = response.get_data(as_text=True)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert errors_on(page) == [
        "This page was open a long time or your session ended, so we could not accept it "
        "safely. Your answers are still here: check them and press the button again."
    ]
    assert story in page
    response = client.post("/file/who", data={**WHO, "csrf_token": "expired"})
    assert 'value="Ana López"' in response.get_data(as_text=True)
    # The fresh token on the page lets the same answers through on the next press.
    response = post_step(client, "story", {"narrative": story})
    assert response.status_code == HTTPStatus.FOUND


def test_answers_survive_going_back_to_a_step(client) -> None:
    post_step(client, "story", STORY)
    post_step(client, "what-happened", WHAT)
    assert STORY["narrative"] in client.get("/file/story").get_data(as_text=True)
    page = client.get("/file/what-happened").get_data(as_text=True)
    assert re.search(r'<input checked [^>]*value="prolonged_detention"', page)
    assert not re.search(r'<input checked [^>]*value="wrongful_arrest"', page)


def test_an_invalid_answer_is_saved_so_leaving_the_page_loses_nothing(client) -> None:
    post_step(client, "person", {**PERSON, "a_number": "A12"})
    page = client.get("/file/person").get_data(as_text=True)
    assert 'value="A12"' in page
    assert 'value="José"' in page


def test_a_database_failure_while_saving_a_step_keeps_what_was_typed(
    client, db, failing_database
) -> None:
    form_token = token(client)
    with failing_database("INSERT INTO drafts"):
        response = client.post("/file/what-happened", data={**WHAT, "csrf_token": form_token})
    page = response.get_data(as_text=True)
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert errors_on(page) == [
        "We could not save this page just now. Your answers are still here: press the button again."
    ]
    assert 'value="El Paso County Jail"' in page
    assert db.execute(sa.select(sa.func.count()).select_from(Draft)).scalar_one() == 0
    assert post_step(client, "what-happened", WHAT).status_code == HTTPStatus.FOUND


def test_expired_drafts_are_purged_and_cannot_be_opened(client, cli, db) -> None:

    post_step(client, "story", STORY)
    draft = db.execute(sa.select(Draft)).scalar_one()
    draft.expires_at = datetime.now(UTC) - timedelta(minutes=1)
    db.commit()
    assert STORY["narrative"] not in client.get("/file/story").get_data(as_text=True)
    result = cli.invoke(args=["drafts", "purge"])
    assert "Deleted 1 expired drafts." in result.output
    assert db.execute(sa.select(sa.func.count()).select_from(Draft)).scalar_one() == 0
