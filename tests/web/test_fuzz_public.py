"""Fuzzing every public form with hostile posts (see tests/web/fuzzing.py for what is sent).

Whatever arrives, the answer is never a server error: it is a redirect within the site or a
whole page with the form shown again and the text the form kept still in it; and after every
post the database holds no half-stored complaint (tests/web/integrity.py).

Each test sets its scene up once (a filed case, a signed-in browser) and replays the browser's
session cookie into a fresh client per example, so examples do not leak into one another.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus

import pytest
import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import event, given, settings
from hypothesis import strategies as st
from wtforms import Form

from complaints.intake import forms
from complaints.intake.fields import clean_line, clean_text
from complaints.intake.followup import ReplyForm, SignInForm, UploadForm, WithdrawForm
from complaints.intake.steps import BY_SLUG
from complaints.models import Case, Draft
from complaints.rules.workflow import Status
from tests.web.filing import REFERENCE, STEPS, errors_on, fill_form, post_step, submit, token
from tests.web.fuzzing import (
    Post,
    assert_proper_page,
    client_with,
    echoed_values,
    filed_and_signed_in,
    multipart,
    page_token,
    posts,
    session_cookie,
    specs_of,
    texts,
    urlencoded,
    with_token,
)
from tests.web.integrity import assert_nothing_partial

EXAMPLES = settings(max_examples=40, deadline=None)
URLENCODED = "application/x-www-form-urlencoded"
PDF = b"%PDF-1.4\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
FILE_CONTENTS = st.one_of(
    st.sampled_from((PDF, PNG, b"", b"\xef\xbb\xbf", b"MZ\x90\x00", b"Hola\n")),
    st.binary(max_size=64),
)
FILES = st.lists(st.tuples(texts, FILE_CONTENTS), max_size=6)
BAD, INVALID, TOO_LARGE = (HTTPStatus.BAD_REQUEST, HTTPStatus.UNPROCESSABLE_ENTITY,
                           HTTPStatus.REQUEST_ENTITY_TOO_LARGE)  # fmt: skip


@dataclass(frozen=True)
class Target:
    """A public form: where it posts, where its token is found, what a refusal looks like."""

    path: str
    page: str
    form: type[Form]
    statuses: set[int]
    echoes: bool = True  # a refused post shows the typed text again
    multipart: bool = False


# Posts that broke the app once (a 500 each), tried before the random ones on every run.
TENTH_ROW = [(f"charges-{row}-offence", "Trespass") for row in range(10)]
KNOWN = {
    # "Add another charge" on the tenth row: WTForms refuses an eleventh.
    "detention": (Post([*TENTH_ROW, ("add_charge", "1")], "valid"),),
    # A "remove" button value that str.isdigit() accepts and int() does not.
    "documents": (
        Post([("action", "remove-²")], "valid"),
        Post([("action", "remove-" + "9" * 5000)], "valid"),
    ),
}


@pytest.fixture
def lenient_limits(app: Flask) -> None:
    # Rate limits are tested elsewhere; here every example must reach the form itself.
    app.config["INTAKE_SUBMIT_LIMIT"] = "100000 per hour"
    app.config["FOLLOWUP_ATTEMPT_LIMIT"] = "100000 per hour"


def send(app: Flask, client: FlaskClient, target: Target, post: Post, *, file_field: str = ""):
    """Post `post` to the target like a (broken) browser and check the answer is a proper page."""
    token = page_token(client, target.page) if post.csrf != "missing" else ""
    items = with_token(post, token)
    if target.multipart:
        body, content_type = multipart(items, post.files, file_field)
    else:
        body, content_type = urlencoded(items), URLENCODED
    response = client.post(target.path, data=body, content_type=content_type)
    shown_again = target.echoes and response.status_code in (HTTPStatus.OK, BAD, INVALID)
    kept = echoed_values(app, target.form, target.path, body, content_type) if shown_again else {}
    assert_proper_page(
        response, statuses=target.statuses, shows=f'action="{target.path}"', kept=kept
    )
    return response


def fuzz(app: Flask, db: so.Session, target: Target, strategy, prepare: Callable[[], FlaskClient],
         *, file_field: str = "", after: Callable[[], None] = lambda: None,
         known: tuple[Post, ...] = ()) -> None:  # fmt: skip
    """Run the target with EXAMPLES posts drawn from `strategy` (and the `known` ones that once
    broke it, always), checking the database after each."""

    def run(post: Post) -> None:
        send(app, prepare(), target, post, file_field=file_field)
        assert_nothing_partial(db)
        after()

    for post in known:
        run(post)
    EXAMPLES(given(post=strategy)(run))()


@pytest.mark.parametrize(
    "slug", ["story", "who", "what-happened", "person", "detention", "consent"]
)
def test_every_step_survives_hostile_posts(app, db: so.Session, slug: str) -> None:
    step = BY_SLUG[slug]
    target = Target(f"/file/{slug}", f"/file/{slug}", step.form, {HTTPStatus.OK, BAD, INVALID})
    extras = {"return_to": st.sampled_from(("review", "")) | texts}
    more = None
    if slug == "detention":
        extras["add_charge"] = st.just("1")
        # Up to 12 charge rows, some past the last one the form keeps (10).
        more = st.lists(st.integers(0, 14), unique=True, max_size=12).map(
            lambda rows: [(f"charges-{row}-offence", "Trespass") for row in rows]
        )
    strategy = posts(specs_of(app, step.form), extras, more=more)
    fuzz(app, db, target, strategy, lambda: client_with(app, None), known=KNOWN.get(slug, ()))


def test_documents_survive_hostile_posts(app, db: so.Session) -> None:
    action = st.sampled_from(("upload", "continue", "remove-1", "remove-x", "remove-²",
                              "remove-" + "9" * 5000, "remove--1")) | texts  # fmt: skip
    strategy = posts(specs_of(app, forms.DocumentsForm), {"action": action, "return_to": texts},
                     FILES)  # fmt: skip
    target = Target("/file/documents", "/file/documents", forms.DocumentsForm,
                    {BAD, INVALID, TOO_LARGE}, echoes=False, multipart=True)  # fmt: skip
    fuzz(app, db, target, strategy, lambda: client_with(app, None), file_field="files",
         known=KNOWN["documents"])  # fmt: skip


def test_submit_survives_hostile_posts(app, db: so.Session, lenient_limits) -> None:
    cookies: list[str] = []

    def with_complete_draft() -> FlaskClient:
        # A submission uses the draft up: fill the form again once it is gone.
        if not cookies or db.execute(sa.select(sa.func.count(Draft.id))).scalar_one() == 0:
            db.rollback()
            filler = client_with(app, None)
            fill_form(filler)
            cookies[:] = [session_cookie(filler)]
        db.rollback()
        return client_with(app, cookies[0])

    target = Target("/file/submit", "/file/review", forms.ConfirmForm, {BAD, INVALID},
                    echoes=False)  # fmt: skip
    strategy = posts(specs_of(app, forms.ConfirmForm))
    fuzz(app, db, target, strategy, with_complete_draft)


def test_receipt_survives_hostile_posts(app, db: so.Session, lenient_limits) -> None:
    filer = client_with(app, None)
    fill_form(filer)
    submit(filer)
    cookie = session_cookie(filer)
    target = Target("/file/receipt", "/file/receipt", forms.ConfirmForm,
                    {HTTPStatus.OK, INVALID}, echoes=False)  # fmt: skip
    strategy = posts(specs_of(app, forms.ConfirmForm), {"saved": st.just("yes") | texts})
    fuzz(app, db, target, strategy, lambda: client_with(app, cookie))


def test_follow_up_sign_in_survives_hostile_posts(app, db: so.Session, lenient_limits) -> None:
    reference, code, _cookie = filed_and_signed_in(app)
    near = st.sampled_from((reference, reference.lower(), f" {reference} ", code, code.lower()))
    strategy = posts(specs_of(app, SignInForm), {"reference": near | texts, "code": near | texts})
    target = Target("/follow-up", "/follow-up", SignInForm, {BAD, INVALID})
    fuzz(app, db, target, strategy, lambda: client_with(app, None))


def test_follow_up_reply_survives_hostile_posts(app, db: so.Session) -> None:
    _reference, _code, cookie = filed_and_signed_in(app)
    target = Target("/follow-up/reply", "/follow-up/case", ReplyForm, {INVALID})
    fuzz(app, db, target, posts(specs_of(app, ReplyForm)), lambda: client_with(app, cookie))


def test_follow_up_documents_survive_hostile_posts(app, db: so.Session) -> None:
    _reference, _code, cookie = filed_and_signed_in(app)
    target = Target("/follow-up/documents", "/follow-up/case", UploadForm, {INVALID, TOO_LARGE},
                    echoes=False, multipart=True)  # fmt: skip
    strategy = posts(specs_of(app, UploadForm), files=FILES)
    fuzz(app, db, target, strategy, lambda: client_with(app, cookie), file_field="files")


def test_follow_up_withdrawal_survives_hostile_posts(app, db: so.Session) -> None:
    _reference, _code, cookie = filed_and_signed_in(app)

    def reopen() -> None:
        # A withdrawal that went through closes the case; open it again for the next example.
        db.execute(sa.update(Case).values(status=Status.NEW, closed_at=None))
        db.commit()

    target = Target("/follow-up/withdraw", "/follow-up/withdraw", WithdrawForm, {INVALID})
    strategy = posts(specs_of(app, WithdrawForm))
    fuzz(app, db, target, strategy, lambda: client_with(app, cookie), after=reopen)


ACCEPTABLE_TEXT = {
    "story": ("narrative",),
    "what-happened": ("county", "city", "agency", "facility"),
    "who": ("filer_name", "organisation"),
    "person": ("given_name", "family_name", "country_of_birth", "preferred_language",
               "race_ethnicity", "detained_where", "mailing_address", "safe_contact"),
    "detention": ("charges-0-offence",),
}  # fmt: skip
LONG_PIECES = ("x", "é", "ﷺ", "ß", "م\u0651", "\U0001f600", "a\u0301", "\u200f")
# Where each answer is stored, and the filter the form applies to it first.
STORED = {
    ("story", "narrative"): (lambda case: case.narrative, clean_text),
    ("what-happened", "county"): (lambda case: case.county, clean_line),
    ("what-happened", "city"): (lambda case: case.city, clean_line),
    ("who", "filer_name"): (lambda case: case.filer.name, clean_line),
    ("person", "given_name"): (lambda case: case.person.given_name, clean_line),
    ("person", "family_name"): (lambda case: case.person.family_name, clean_line),
    ("person", "country_of_birth"): (lambda case: case.person.country_of_birth, clean_line),
    ("person", "preferred_language"): (lambda case: case.person.preferred_language, clean_line),
    ("person", "safe_contact"): (lambda case: case.person.safe_contact, clean_text),
}


def _sendable(text: str) -> str:
    """Lone surrogates cannot pass the test client's encoder: they go as "?" here (the hostile
    posts above send them as raw bytes)."""
    return text.encode("utf-8", "replace").decode("utf-8")


@st.composite
def answers_with_hostile_text(draw: st.DrawFn) -> dict[str, dict[str, object]]:
    """The good answers of tests/web/filing.py with text fields replaced by hostile text,
    some of it as long as the field allows or a little longer."""
    answers: dict[str, dict[str, object]] = {slug: dict(values) for slug, values in STEPS.items()}
    long_text = st.builds(lambda piece, size: piece * size,
                          st.sampled_from(LONG_PIECES), st.integers(1, 260))  # fmt: skip
    for slug, names in ACCEPTABLE_TEXT.items():
        for name in names:
            value = draw(st.none() | texts | long_text)
            if value is not None:
                answers[slug][name] = _sendable(value)
    return answers


def test_whatever_the_steps_accept_is_stored_whole_at_the_first_send(
    app, db: so.Session, lenient_limits
) -> None:
    """A complaint whose answers every step accepted is stored when Send is pressed, with the
    text exactly as the form cleaned it: never a "could not save" for something the database
    refuses (PostgreSQL refuses NUL, and text longer than its column)."""

    @EXAMPLES
    @given(answers=answers_with_hostile_text())
    def example(answers: dict[str, dict[str, object]]) -> None:
        client = client_with(app, None)
        statuses = [post_step(client, slug, values).status_code for slug, values in answers.items()]
        review = client.get("/file/review").get_data(as_text=True)
        event("every step accepted" if set(statuses) == {HTTPStatus.FOUND} else "refused")
        if any(status != HTTPStatus.FOUND for status in statuses):
            assert set(statuses) <= {HTTPStatus.FOUND, INVALID}, statuses
            assert "Send complaint" not in review
            return
        response = client.post("/file/submit", data={"csrf_token": token(client, "/file/review")})
        assert response.status_code == HTTPStatus.FOUND, response.status_code
        reference = REFERENCE.search(client.get("/file/receipt").get_data(as_text=True)).group(0)
        db.rollback()
        case = db.execute(sa.select(Case).where(Case.reference == reference)).scalar_one()
        for (slug, name), (stored, cleaned) in STORED.items():
            assert stored(case) == (cleaned(answers[slug].get(name, "")) or None), name
        assert_nothing_partial(db)

    example()


# --- What fuzzing found, pinned down -----------------------------------------------------------


def test_a_year_one_time_is_refused_on_its_step_not_on_send(client) -> None:
    """0001-01-01 00:00 in American Samoa (whose old local time ran ahead of UTC) cannot be
    stored: it used to pass the step, then fail on every press of Send as "try again"."""
    post_step(client, "what-happened", {**STEPS["what-happened"], "state": "AS"})
    response = post_step(client, "detention", {"arrested_at": "0001-01-01T00:00"})
    page = response.get_data(as_text=True)
    assert response.status_code == INVALID
    assert errors_on(page) == ["Enter the date and time like 2026-05-22 17:00."]
    assert 'value="0001-01-01T00:00"' in page
    response = post_step(client, "person", {"given_name": "Ana", "date_of_birth": "0001-01-01"})
    assert errors_on(response.get_data(as_text=True)) == ["Enter the date like 2026-05-22."]
    assert post_step(client, "person", {"given_name": "Ana", "date_of_birth": "1900-01-01"}
                     ).status_code == HTTPStatus.FOUND  # fmt: skip


@pytest.mark.parametrize(
    ("slug", "name", "limit"),
    [("what-happened", "county", 120), ("what-happened", "city", 120),
     ("person", "country_of_birth", 100), ("person", "preferred_language", 50)],
)  # fmt: skip
def test_answers_longer_than_their_column_are_refused_on_their_step(
    client, slug: str, name: str, limit: int
) -> None:
    """PostgreSQL refuses text longer than the column: the step says so, keeping the text."""
    typed = "Ñ" * (limit + 1)
    response = post_step(client, slug, {**STEPS[slug], name: typed})
    page = response.get_data(as_text=True)
    assert response.status_code == INVALID
    assert errors_on(page) == [f"Use {limit} characters or fewer."]
    assert f'value="{typed}"' in page
    assert post_step(client, slug, {**STEPS[slug], name: typed[1:]}).status_code == 302


def test_a_name_that_grows_when_normalised_is_still_filed(client, db: so.Session) -> None:
    """The search key of 200 "ﷺ" ligatures is 3,600 letters: it is cut to fit its column."""
    fill_form(client, person={**STEPS["person"], "given_name": "ﷺ" * 200})
    submit(client)
    person = db.execute(sa.select(Case)).scalar_one().person
    assert person.given_name == "ﷺ" * 200
    assert len(person.name_key) == 410 and person.name_key.startswith("lopez صلى الله")


def test_follow_up_files_over_the_request_limit_get_the_case_page(app) -> None:
    """They used to get the filing form's documents page, as if starting a new complaint."""
    _reference, _code, cookie = filed_and_signed_in(app)
    client = client_with(app, cookie)
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024
    form_token = page_token(client, "/follow-up/case")
    body, content_type = multipart([("csrf_token", form_token)],
                                   [("big.pdf", PDF + b"0" * (100 * 1024))], "files")  # fmt: skip
    response = client.post("/follow-up/documents", data=body, content_type=content_type)
    page = response.get_data(as_text=True)
    assert response.status_code == TOO_LARGE
    assert errors_on(page) == ["These files add up to more than 50 MB. Add them a few at a time."]
    assert 'action="/follow-up/documents"' in page and "Your complaint" in page
