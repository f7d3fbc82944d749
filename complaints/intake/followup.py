"""Following a complaint with its case number and private code: status, messages, documents."""

from __future__ import annotations

import logging
from http import HTTPStatus

from flask import current_app, redirect, render_template, request, url_for
from flask_babel import gettext
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.datastructures import FileStorage
from werkzeug.wrappers import Response
from wtforms import MultipleFileField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Optional

from complaints import labels
from complaints.casework.notify import complainant_replied
from complaints.catalog import lazy_gettext as _l
from complaints.extensions import db, limiter
from complaints.intake import service
from complaints.intake.blueprint import bp
from complaints.intake.fields import MaxLength, clean_identifier, clean_text, error_summary
from complaints.intake.forms import StepForm
from complaints.intake.session_state import (
    followup_case,
    now,
    sign_in_followup,
    sign_out_followup,
    vault,
)
from complaints.models import Case
from complaints.rules.identifiers import normalize_reference
from complaints.rules.workflow import OPEN_STATUSES, TransitionError
from complaints.storage import RejectedFile, check_upload

Page = str | tuple[str, int] | Response
FAILED = HTTPStatus.UNPROCESSABLE_ENTITY
NOT_SAVED = _l("We could not save this just now. Nothing was lost. Please try again.")
log = logging.getLogger(__name__)


class SignInForm(StepForm):
    reference = StringField(
        _l("Case number"),
        description=_l("It looks like SC-7Q4K-M2XD."),
        filters=[clean_identifier],
        validators=[InputRequired(message=_l("Enter your case number."))],
    )
    code = StringField(
        _l("Private code"),
        description=_l(
            "The code you saved or printed when you filed, like 7Q4K-M2XD-3F8H-K9PA-ZT6W."
        ),
        filters=[clean_identifier],
        validators=[InputRequired(message=_l("Enter your private code."))],
    )


class ReplyForm(StepForm):
    body = TextAreaField(
        _l("Write to your caseworker"),
        filters=[clean_text],
        validators=[
            DataRequired(message=_l("Write your message before sending it.")),
            MaxLength(max=service.MESSAGE_MAX, message=_l("Use %(max)d characters or fewer.",
                                                       max=service.MESSAGE_MAX)),
        ],
    )  # fmt: skip


class UploadForm(StepForm):
    files = MultipleFileField(
        _l("Add documents or photos"),
        description=_l("Up to 5 files at a time, 10 MB each: PDF, JPEG, PNG, HEIC or plain text."),
    )


class WithdrawForm(StepForm):
    reason = TextAreaField(
        _l("Why are you withdrawing? (you do not have to say)"),
        filters=[clean_text],
        validators=[Optional(), MaxLength(max=2000)],
    )


def _reference_key() -> str:
    """Rate-limit key for attempts on one case number, however it was typed."""
    return normalize_reference(request.form.get("reference", "")) or "unreadable"


def _failed(response: Response) -> bool:
    return response.status_code == FAILED


@bp.route("/follow-up", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["FOLLOWUP_ATTEMPT_LIMIT"],
    methods=["POST"],
    deduct_when=_failed,
)
@limiter.limit(
    lambda: current_app.config["FOLLOWUP_ATTEMPT_LIMIT"],
    key_func=_reference_key,
    methods=["POST"],
    deduct_when=_failed,
    scope="follow-up-reference",
)
def follow_up() -> Page:
    form = SignInForm()
    if request.method == "GET":
        return render_template("intake/follow_up.html", form=form, errors=[], failed=False)
    if not form.validate_on_submit():
        status = HTTPStatus.BAD_REQUEST if form.csrf_token.errors else FAILED
        page = render_template(
            "intake/follow_up.html", form=form, errors=error_summary(form), failed=False
        )
        return page, status
    case = service.find_for_followup(
        db.session,
        form.reference.data,
        form.code.data,
        code_key=current_app.config["COMPLAINTS_CODE_KEY"],
    )
    if case is None:
        # One answer whether or not the case exists, so a guesser learns nothing.
        page = render_template("intake/follow_up.html", form=form, errors=[], failed=True)
        return page, FAILED
    sign_in_followup(case)
    return redirect(url_for(".follow_up_case"))


def render_case(case: Case, status: int = HTTPStatus.OK, **forms_and_errors: object) -> Page:
    context = {
        "reply_form": ReplyForm(formdata=None),
        "upload_form": UploadForm(formdata=None),
        "errors": [],
    } | forms_and_errors
    page = render_template(
        "intake/follow_up_case.html",
        case=case,
        status_text=labels.STATUSES[case.status],
        is_open=case.status in OPEN_STATUSES,
        **context,
    )
    return page, status


def signed_in() -> Case | Response:
    case = followup_case()
    return case if case is not None else redirect(url_for(".follow_up"))


@bp.get("/follow-up/case")
def follow_up_case() -> Page:
    case = signed_in()
    if isinstance(case, Response):
        return case
    return render_case(case)


@bp.post("/follow-up/reply")
def follow_up_reply() -> Page:
    form = ReplyForm()
    try:
        case = signed_in()
        if isinstance(case, Response):
            return case
        if not form.validate_on_submit():
            return render_case(case, FAILED, reply_form=form, errors=error_summary(form))
        service.add_reply(db.session, case, form.body.data, now())
        db.session.commit()
    except SQLAlchemyError as error:
        return _not_saved(error, reply_form=form)
    return _sent(case)


@bp.post("/follow-up/documents")
def follow_up_documents() -> Page:
    form = UploadForm()
    try:
        case = signed_in()
        if isinstance(case, Response):
            return case
        if not form.validate_on_submit():
            return render_case(case, FAILED, upload_form=form, errors=error_summary(form))
        accepted, problems = checked_uploads(request.files.getlist(form.files.name))
        if problems or not accepted:
            problems = problems or [("files", gettext("Choose at least one file to add."))]
            return render_case(case, FAILED, upload_form=form, errors=problems)
        service.add_documents(db.session, case, accepted, now())
        db.session.commit()
    except SQLAlchemyError as error:
        return _not_saved(error, upload_form=form)
    return _sent(case)


def checked_uploads(
    uploads: list[FileStorage],
) -> tuple[list[service.NewAttachment], list[tuple[str, str]]]:
    """The uploads that pass the checks, encrypted; and (field, message) for each refused."""
    accepted, problems = [], []
    for upload in uploads:
        if not upload.filename:
            continue
        try:
            checked = check_upload(upload.filename, upload.stream, already_attached=len(accepted))
        except RejectedFile as rejected:
            problems.append(("files", gettext(rejected.message, **rejected.params)))
            continue
        accepted.append(
            service.NewAttachment(
                checked.original_name,
                checked.detected_type,
                checked.size,
                checked.sha256,
                vault().encrypt(checked.content),
            )
        )
    return accepted, problems


def uploads_too_large(message: str) -> Page:
    """The case page, when the files sent add up to more than a request may carry."""
    case = signed_in()
    if isinstance(case, Response):
        return case
    upload_form = UploadForm(formdata=None)
    return render_case(case, HTTPStatus.REQUEST_ENTITY_TOO_LARGE, upload_form=upload_form,
                       errors=[("files", message)])  # fmt: skip


def _sent(case: Case) -> Response:
    """Saved: tell the caseworker (a failure here must not undo the person's success)."""
    try:
        complainant_replied(case)
    except SQLAlchemyError as error:
        db.session.rollback()
        log.error("caseworker not told of a reply: %s", type(error).__name__)
    return redirect(url_for(".follow_up_case", sent=1))


def _not_saved(error: SQLAlchemyError, **forms_kept: object) -> Page:
    """After a database failure: nothing was stored; show the case again with what was typed.

    Reading the case again may fail too; the error page then says the service is busy.
    """
    db.session.rollback()
    log.error("follow-up not saved: %s", type(error).__name__)
    case = signed_in()
    if isinstance(case, Response):
        return case
    return render_case(case, HTTPStatus.SERVICE_UNAVAILABLE, errors=[("", gettext(NOT_SAVED))],
                       **forms_kept)  # fmt: skip


@bp.route("/follow-up/withdraw", methods=["GET", "POST"])
def follow_up_withdraw() -> Page:
    form = WithdrawForm()
    try:
        case = signed_in()
        if isinstance(case, Response):
            return case
        if request.method == "POST" and form.validate_on_submit():
            try:
                service.withdraw(db.session, case, form.reason.data or None, now())
            except TransitionError:
                return redirect(url_for(".follow_up_case"))
            db.session.commit()
            return redirect(url_for(".follow_up_case", sent=1))
    except SQLAlchemyError as error:
        if request.method != "POST":
            raise  # nothing was typed: the error page says the service is busy
        db.session.rollback()
        log.error("withdrawal not saved: %s", type(error).__name__)
        case = signed_in()
        if isinstance(case, Response):
            return case
        # The withdrawal page again, with the reason as typed: the case page has no place for it.
        form.form_errors.append(gettext(NOT_SAVED))
        return render_withdraw(case, form, HTTPStatus.SERVICE_UNAVAILABLE)
    return render_withdraw(case, form, FAILED if request.method == "POST" else HTTPStatus.OK)


def render_withdraw(case: Case, form: WithdrawForm, status: int) -> Page:
    page = render_template("intake/withdraw.html", case=case, form=form, errors=error_summary(form))
    return page, status


@bp.post("/follow-up/sign-out")
def follow_up_sign_out() -> Response:
    # No token check: signing someone out is harmless, and it must always work.
    sign_out_followup()
    return redirect(url_for(".follow_up"))
