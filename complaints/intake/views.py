"""Filing a complaint: home, the steps, documents, review, submit and the receipt."""

from __future__ import annotations

import logging
import re
from http import HTTPStatus

from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.datastructures import FileStorage
from werkzeug.wrappers import Response

from complaints.casework.notify import critical_case_arrived
from complaints.casework.staff_intake import finish_staff_intake
from complaints.catalog import lazy_gettext as _l
from complaints.extensions import db, limiter
from complaints.intake import authority_file, drafts, followup, forms, step_values
from complaints.intake.answers import check_answers
from complaints.intake.blueprint import bp
from complaints.intake.facility_picker import offer_state_facilities
from complaints.intake.fields import error_summary
from complaints.intake.review import rows_for
from complaints.intake.sending import NotStored, store_complaint
from complaints.intake.session_state import (
    current_draft,
    drop_receipt,
    ensure_draft,
    forget_draft,
    keep_receipt,
    now,
    read_receipt,
    vault,
)
from complaints.intake.steps import BY_SLUG, STEPS, Step, answers_from, bind, is_anonymous
from complaints.locales import SESSION_KEY, available_codes, safe_next
from complaints.mail import receipt_message, send_later
from complaints.models import Draft
from complaints.storage import RejectedFile, check_upload

log = logging.getLogger(__name__)
SAVE_FAILED = _l(
    "We could not save this page just now. Your answers are still here: press the button again."
)
FILES_NOT_SAVED = _l("We could not save your files just now. Please choose them again.")
# "remove-<id>" buttons on the documents page; ASCII digits only, and few (int() refuses 4,300+).
REMOVE_ACTION = re.compile(r"remove-([0-9]{1,18})")
Page = str | tuple[str, int] | Response


@bp.get("/")
def home() -> str:
    return render_template("intake/home.html")


@bp.get("/language/<code>")
def choose_language(code: str) -> Response:
    """Keep the filer's explicit language choice in the session, then go back where they were."""
    if code in available_codes():
        session[SESSION_KEY] = code
    return redirect(safe_next(request.args.get("next")))


@bp.get("/file")
def start() -> Response:
    return redirect(url_for(".step", slug=STEPS[0].slug))


@bp.app_template_global("step_url")
def step_url(step: Step, **values: str) -> str:
    if step.slug == "documents":
        return url_for(".documents", **values)
    return url_for(".step", slug=step.slug, **values)


def next_url(step: Step) -> str:
    """The following step, or back to the review page when the filer came from there."""
    position = STEPS.index(step)
    if request.form.get("return_to") == "review" or position + 1 == len(STEPS):
        return url_for(".review")
    return step_url(STEPS[position + 1])


def render_step(step: Step, form: forms.StepForm, answers: dict, **extra: object) -> str:
    if isinstance(form, forms.WhatForm):
        offer_state_facilities(form)
    return render_template(
        "intake/step.html",
        step=step,
        steps=STEPS,
        position=STEPS.index(step) + 1,
        form=form,
        errors=error_summary(form),
        hidden=forms.PersonForm.IDENTIFYING if is_anonymous(answers) else (),
        return_to=request.values.get("return_to", ""),
        **extra,
    )


@bp.route("/file/<slug>", methods=["GET", "POST"])
def step(slug: str) -> Page:
    step = BY_SLUG.get(slug)
    if step is None or slug == "documents":
        abort(HTTPStatus.NOT_FOUND)
    if request.method == "GET":
        answers = drafts.read_answers(current_draft(), vault())
        return render_step(step, bind(step, answers), answers)
    answers: drafts.Answers = {}
    form: forms.StepForm | None = None
    try:
        answers = drafts.read_answers(current_draft(), vault())
        form = bind(step, answers, request.form)
        valid = form.validate()
        if form.csrf_token.errors:
            # Not saved: without a valid token the request may not come from the filer.
            return render_step(step, form, answers), HTTPStatus.BAD_REQUEST
        typed = answers_from(request.form)
        # A step that passed keeps its check, so Send need not make it again (step_values.py).
        kept = step_values.kept_entry(step, {**answers, slug: typed}, form) if valid else None
        drafts.save_step(ensure_draft(), vault(), slug, typed, now(), kept)
        db.session.commit()
    except SQLAlchemyError as error:
        # Reading the draft or saving it failed: show the page again with what was just typed.
        db.session.rollback()
        log.error("draft not saved: %s", type(error).__name__)
        if form is None:
            form = bind(step, answers, request.form)
        form.form_errors.append(gettext(SAVE_FAILED))
        return render_step(step, form, answers), HTTPStatus.SERVICE_UNAVAILABLE
    if "add_charge" in request.form and isinstance(form, forms.DetentionForm):
        # At the last row the page is simply shown again: WTForms refuses one row more.
        if len(form.charges) < form.charges.max_entries:
            form.charges.append_entry()
        return render_step(step, form, answers)
    if "show_facilities" in request.form and isinstance(form, forms.WhatForm):
        # Saved; shown again with the chosen state's jails, unchecked (nothing was sent yet).
        return render_step(step, bind(step, answers, request.form), answers)
    if not valid:
        return render_step(step, form, answers), HTTPStatus.UNPROCESSABLE_ENTITY
    return redirect(next_url(step))


def render_documents(
    form: forms.DocumentsForm, problems: list[str], status: int = 200, return_to: str = ""
) -> Page:
    draft = current_draft()
    step = BY_SLUG["documents"]
    page = render_template(
        "intake/documents.html",
        step=step,
        steps=STEPS,
        position=STEPS.index(step) + 1,
        form=form,
        files=draft.files if draft else [],
        errors=[("files", message) for message in problems] + error_summary(form),
        return_to=return_to,
        authority=authority_file.question(draft, drafts.read_answers(draft, vault())),
    )
    return page, status


@bp.route("/file/documents", methods=["GET", "POST"])
def documents() -> Page:
    form = forms.DocumentsForm()
    return_to = request.values.get("return_to", "")
    if request.method == "GET":
        return render_documents(form, [], return_to=return_to)
    if not form.validate_on_submit():
        return render_documents(form, [], HTTPStatus.BAD_REQUEST, return_to)
    action = request.form.get("action", "")
    removal = REMOVE_ACTION.fullmatch(action)
    problems = []
    try:
        draft = ensure_draft()
        if removal is not None:
            drafts.remove_file(draft, int(removal.group(1)))
        else:
            problems = _add_uploads(draft, request.files.getlist(form.files.name))
        authority_file.keep_choice(draft, vault(), request.form, now())
        db.session.commit()
    except SQLAlchemyError as error:
        db.session.rollback()
        log.error("draft files not saved: %s", type(error).__name__)
        message = SAVE_FAILED if removal else FILES_NOT_SAVED
        return render_documents(form, [gettext(message)], HTTPStatus.SERVICE_UNAVAILABLE, return_to)
    if problems:
        return render_documents(form, problems, HTTPStatus.UNPROCESSABLE_ENTITY, return_to)
    if action == "continue":
        return redirect(next_url(BY_SLUG["documents"]))
    return redirect(url_for(".documents", return_to=request.form.get("return_to") or None))


def _add_uploads(draft: Draft, uploads: list[FileStorage]) -> list[str]:
    """Check each upload and keep the good ones in the draft; the problems, in words."""
    problems = []
    for upload in uploads:
        if not upload.filename:
            continue  # the browser sends an empty part when no file was chosen
        try:
            checked = check_upload(
                upload.filename, upload.stream, already_attached=len(draft.files)
            )
        except RejectedFile as rejected:
            problems.append(_translated(rejected))
            continue
        drafts.add_file(draft, vault(), checked)
    return problems


def _translated(rejected: RejectedFile) -> str:
    return gettext(rejected.message, **rejected.params)


def render_review(status: int = 200, problem: str | None = None) -> Page:
    draft = current_draft()
    answers = drafts.read_answers(draft, vault())
    checked = check_answers(answers)
    anonymous = is_anonymous(answers)
    sections = [
        (step, rows_for(step, checked.forms[step.slug], anonymous=anonymous)) for step in STEPS
    ]
    page = render_template(
        "intake/review.html",
        sections=sections,
        checked=checked,
        files=draft.files if draft else [],
        authority=authority_file.question(draft, answers),
        started=draft is not None,
        form=forms.ConfirmForm(),
        problem=problem,
    )
    return page, status


@bp.get("/file/review")
def review() -> Page:
    return render_review()


@bp.post("/file/submit")
@limiter.limit(lambda: current_app.config["INTAKE_SUBMIT_LIMIT"])
def submit() -> Page:
    try:
        stored = store_complaint(forms.ConfirmForm())
    except SQLAlchemyError as error:
        db.session.rollback()
        log.error("complaint not saved: %s", type(error).__name__)
        return render_review(HTTPStatus.SERVICE_UNAVAILABLE, "database")
    if isinstance(stored, NotStored):
        return _not_stored(stored)
    # Committed: nothing from here on may keep the filer from their receipt and code.
    forget_draft()
    keep_receipt(stored.reference, stored.code, anonymous=stored.anonymous,
                 identity=stored.identity)  # fmt: skip
    if stored.receipt_to:
        send_later(
            receipt_message(
                to=stored.receipt_to,
                reference=stored.reference,
                followup_url=url_for(".follow_up", _external=True),
                locale=stored.language,
            )
        )
    critical_case_arrived(stored.reference, stored.urgency)  # mail is queued; never raises
    return redirect(url_for(".receipt"))


def _not_stored(why: NotStored) -> Page:
    if why is NotStored.BAD_TOKEN:
        return render_review(HTTPStatus.BAD_REQUEST, "csrf")
    if why is NotStored.INCOMPLETE:
        return render_review(HTTPStatus.UNPROCESSABLE_ENTITY)
    if why is NotStored.ROBOT:
        return redirect(url_for(".done"))  # looks done to a robot
    return redirect(url_for(".review"))


@bp.route("/file/receipt", methods=["GET", "POST"])
def receipt() -> Page:
    kept = read_receipt()
    if kept is None:
        return redirect(url_for(".home"))
    missing_confirmation = False
    errors: list[tuple[str, str]] = []
    # Shown, the page needs only the CSRF token, whose field the template writes: no form is
    # built for it (every complaint sent ends on this page).
    if request.method == "POST":
        form = forms.ConfirmForm()
        if form.validate_on_submit():
            if request.form.get("saved") == "yes":
                drop_receipt()
                finish_staff_intake()
                return redirect(url_for(".done"))
            missing_confirmation = True
        errors = error_summary(form)
    status = HTTPStatus.UNPROCESSABLE_ENTITY if missing_confirmation else HTTPStatus.OK
    page = render_template(
        "intake/receipt.html",
        reference=kept["reference"],
        code=kept["code"],
        anonymous=kept.get("anonymous", False),
        identity=kept.get("identity"),
        missing_confirmation=missing_confirmation,
        errors=errors,
    )
    return page, status


@bp.errorhandler(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
def too_large(_error: Exception) -> Page:
    """Files adding up past the request limit: say so on the documents page; answers are safe."""
    message = gettext("These files add up to more than 50 MB. Add them a few at a time.")
    if request.endpoint == "intake.follow_up_documents":
        return followup.uploads_too_large(message)
    # The body was refused unread, so nothing from it (not even return_to) can be used.
    empty = forms.DocumentsForm(formdata=None)
    return render_documents(empty, [message], HTTPStatus.REQUEST_ENTITY_TOO_LARGE)


@bp.get("/file/done")
def done() -> str:
    return render_template("intake/done.html")
