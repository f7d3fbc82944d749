"""Casework pages: thin views that parse, call the service, commit and render."""

from __future__ import annotations

from datetime import UTC, datetime
from http import HTTPStatus

import sqlalchemy as sa
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy.orm.exc import StaleDataError

from complaints import labels
from complaints.audit import record
from complaints.auth.guard import role_required
from complaints.case_triage import case_zone
from complaints.casework import (
    downloads,
    forms,
    legal_hold,
    queue,
    safety_forms,
    search_seal,
    service,
)
from complaints.casework.case_page import load_by_reference, render_case
from complaints.extensions import db
from complaints.intake.fields import error_summary
from complaints.locales import page_date_formatters
from complaints.models import Case, RedressAction, User
from complaints.rules.identifiers import normalize_reference
from complaints.rules.permissions import Permission
from complaints.rules.triage import Flag, Urgency
from complaints.rules.vocabulary import Answer, Outcome, RedressKind, RedressOutcome
from complaints.rules.workflow import Status, TransitionError

bp = Blueprint("casework", __name__, url_prefix="/staff/cases")
bp.add_app_template_global(downloads.offers_copy_without_metadata)
Page = str | tuple[str, int] | Response


def utc_now() -> datetime:
    return datetime.now(UTC)


def case_or_404(reference: str) -> Case:
    case = service.get_case(db.session, reference)
    if case is None:
        abort(HTTPStatus.NOT_FOUND)
    return case


def _reveal_search(token: str) -> str | None:
    return search_seal.open_search(current_app.extensions["vault"], token, utc_now())


def _sealed_queue(filters: queue.Filters, text: str) -> Response:
    """Back to the queue with `text` as the search, sealed: it never appears in the URL."""
    sealed = search_seal.with_search(filters, text, current_app.extensions["vault"], utc_now())
    return redirect(url_for(".queue_view", **sealed.as_args()))


# One endpoint for both methods: the search form posts here so its text stays out of the URL.
@bp.route("/", methods=["GET", "POST"])
@role_required(Permission.WORK_CASES)
def queue_view() -> Page:
    if request.method == "POST":  # CSRF is checked by CSRFProtect before the view
        return _sealed_queue(queue.parse_filters(request.form), request.form.get("q", ""))
    if "q" in request.args:  # an old bookmark or link: move the text out of the URL
        return _sealed_queue(queue.parse_filters(request.args), request.args["q"])
    filters = queue.parse_filters(request.args, reveal=_reveal_search)
    page = queue.queue_page(
        db.session,
        filters,
        user_id=current_user.id,
        now=utc_now(),
        cursor=request.args.get("after"),
    )
    staff = {user.id: user for user in db.session.execute(sa.select(User)).scalars()}
    expired = bool(request.args.get("qt")) and filters.search is None
    return render_template("casework/queue.html", page=page, filters=filters, staff=staff,
                           bulk_form=forms.BulkForm(), search_expired=expired,
                           **_queue_labels(), **_row_parts(), **page_date_formatters())  # fmt: skip


def _queue_labels() -> dict[str, dict]:
    """The label tables the queue prints on every row, each translated once for this page."""
    return {name: labels.translated(table) for name, table in (
        ("status_names", labels.STATUS_NAMES), ("urgency_labels", labels.URGENCIES),
        ("flag_labels", labels.FLAGS), ("type_labels", labels.COMPLAINT_TYPES))}  # fmt: skip


def _row_parts() -> dict[str, object]:
    """What every queue row repeats, built once for the page. References are URL-safe
    ([0-9A-Z-]), so a row's link is the case path followed by its reference; the label keeps
    gettext's escaping in templates (the translation as markup, the reference escaped)."""
    return {
        "case_path": url_for(".case", reference="-").removesuffix("-"),
        "select_label": Markup(gettext("Select %(reference)s")),
    }


@bp.post("/bulk")
@role_required(Permission.WORK_CASES)
def bulk() -> Page:
    """One assignment or status change for the cases ticked in the queue, each under the rules."""
    form = forms.BulkForm()
    references = request.form.getlist("case")
    action = request.form.get("action", "")
    if not form.validate_on_submit() or not references or ":" not in action:
        flash(gettext("Tick at least one case and choose what to do."))
        return redirect(url_for(".queue_view"))
    kind, _sep, value = action.partition(":")
    options: dict = {}
    if kind == "status" and value in Status._value2member_map_:
        options["to"] = Status(value)
    elif kind == "assign" and value == "none":
        options["unassign"] = True
    elif kind == "assign" and value.isdigit() and db.session.get(User, int(value)):
        options["assignee"] = db.session.get(User, int(value))
    else:
        abort(HTTPStatus.BAD_REQUEST)
    result = service.bulk_apply(
        db.session, references, actor=current_user, now=utc_now(), **options
    )
    db.session.commit()
    refused = [
        (reference, gettext(message, **params)) for reference, message, params in result.refused
    ]
    return render_template("casework/bulk_result.html", done=result.done, refused=refused)


@bp.get("/<reference>")
@role_required(Permission.WORK_CASES)
def case(reference: str) -> Page:
    canonical = normalize_reference(reference)
    found = load_by_reference(db.session, canonical) if canonical else None
    if found is None:
        abort(HTTPStatus.NOT_FOUND)
    page = render_case(found, loaded=True)
    # Recorded once the page is built, so the commit does not expire what the page just read.
    record(db.session, service.CASE_VIEWED, actor=current_user, case=found)
    db.session.commit()
    return page


def _conflict(found: Case, form: forms.VersionedForm) -> Page:
    """The case changed since the page was opened: say what changed; keep what was typed."""
    db.session.rollback()
    found = case_or_404(found.reference)
    try:
        since = datetime.fromisoformat(form.opened_at.data or "")
    except ValueError:
        since = found.created_at
    changes = service.changes_since(db.session, found, since)
    # The caseworker's entry goes back into its own form, ready to send again.
    slot = KEPT_SLOTS.get(type(form))
    kept = {slot: form} if slot else {}
    page = render_case(found, conflict=changes, kept=form, **kept)
    return page[0], HTTPStatus.CONFLICT


def _invalid(found: Case, slot: str, form: forms.FlaskForm) -> Page:
    """The case page again, with the refused form's entry and its errors where it was typed."""
    return render_case(
        found, errors=error_summary(form), status=HTTPStatus.UNPROCESSABLE_ENTITY, **{slot: form}
    )


KEPT_SLOTS = {
    forms.UrgencyForm: "urgency_form",
    forms.FlagsForm: "flags_form",
    forms.FactsForm: "facts_form",
    forms.LegalHoldForm: "legal_hold_form",
    safety_forms.IdentityLevelForm: "identity_form",
    safety_forms.StaffConsentForm: "staff_consent_form",
    safety_forms.SafeContactForm: "safe_contact_form",
    safety_forms.AuthorityForm: "authority_form",
    safety_forms.RemovalProceedingsForm: "removal_form",
    safety_forms.SplitForm: "split_form",
}


def _commit_or_conflict(found: Case, form: forms.VersionedForm) -> Page | None:
    try:
        db.session.commit()
    except StaleDataError:
        return _conflict(found, form)
    return None


@bp.post("/<reference>/transition")
@role_required(Permission.WORK_CASES)
def transition(reference: str) -> Page:
    found = case_or_404(reference)
    form = forms.TransitionForm()
    if not form.validate_on_submit() or form.to.data not in Status._value2member_map_:
        return render_case(
            found,
            errors=[("", gettext("Choose a status."))],
            status=HTTPStatus.UNPROCESSABLE_ENTITY,
        )
    try:
        service.transition(
            db.session, found, Status(form.to.data), actor=current_user,
            expected_version=form.version.data, now=utc_now(), reason=form.reason.data or None,
            outcome=Outcome(form.outcome.data) if form.outcome.data else None,
            duplicate_of=form.duplicate_of.data or None,
        )  # fmt: skip
    except service.StaleCase:
        return _conflict(found, form)
    except (TransitionError, service.CaseworkError) as error:
        db.session.rollback()
        message = (
            gettext(error.message, **error.params)
            if isinstance(error, TransitionError)
            else gettext(error.args[0])
        )
        return render_case(
            found, errors=[("", message)], kept=form, status=HTTPStatus.UNPROCESSABLE_ENTITY
        )
    return _commit_or_conflict(found, form) or redirect(url_for(".case", reference=reference))


@bp.post("/<reference>/assign")
@role_required(Permission.WORK_CASES)
def assign(reference: str) -> Page:
    found = case_or_404(reference)
    form = forms.AssignForm()
    if not form.validate_on_submit():
        abort(HTTPStatus.BAD_REQUEST)
    chosen = form.assignee.data
    assignee = (
        current_user
        if chosen == "me"
        else db.session.get(User, int(chosen))
        if chosen and chosen.isdigit()
        else None
    )
    try:
        service.assign(
            db.session, found, assignee, actor=current_user, expected_version=form.version.data
        )
    except service.StaleCase:
        return _conflict(found, form)
    except service.CaseworkError as error:
        db.session.rollback()
        return render_case(
            found, errors=[("", gettext(error.args[0]))], status=HTTPStatus.FORBIDDEN
        )
    return _commit_or_conflict(found, form) or redirect(url_for(".case", reference=reference))


@bp.post("/<reference>/notes")
@role_required(Permission.WORK_CASES)
def add_note(reference: str) -> Page:
    found = case_or_404(reference)
    form = forms.NoteForm()
    if not form.validate_on_submit():
        return _invalid(found, "note_form", form)
    service.add_note(db.session, found, form.body.data, actor=current_user, now=utc_now())
    db.session.commit()
    return redirect(url_for(".case", reference=reference, _anchor="notes"))


@bp.post("/<reference>/messages")
@role_required(Permission.WORK_CASES)
def send_message(reference: str) -> Page:
    found = case_or_404(reference)
    form = forms.MessageForm()
    if not form.validate_on_submit():
        return _invalid(found, "message_form", form)
    service.send_message(db.session, found, form.body.data, actor=current_user, now=utc_now())
    db.session.commit()
    return redirect(url_for(".case", reference=reference, _anchor="messages"))


@bp.post("/<reference>/urgency")
@role_required(Permission.WORK_CASES)
def override_urgency(reference: str) -> Page:
    found = case_or_404(reference)
    form = forms.UrgencyForm()
    if not form.validate_on_submit():
        return _invalid(found, "urgency_form", form)
    urgency = None if form.urgency.data == "rules" else Urgency(form.urgency.data)
    try:
        service.override_urgency(db.session, found, urgency, form.reason.data, actor=current_user,
                                 expected_version=form.version.data, now=utc_now())  # fmt: skip
    except service.StaleCase:
        return _conflict(found, form)
    return _commit_or_conflict(found, form) or redirect(url_for(".case", reference=reference))


@bp.post("/<reference>/flags")
@role_required(Permission.WORK_CASES)
def override_flags(reference: str) -> Page:
    found = case_or_404(reference)
    form = forms.FlagsForm()
    if not form.validate_on_submit():
        return _invalid(found, "flags_form", form)
    try:
        service.override_flags(db.session, found, {Flag(value) for value in form.flags.data},
                               form.reason.data, actor=current_user,
                               expected_version=form.version.data, now=utc_now())  # fmt: skip
    except service.StaleCase:
        return _conflict(found, form)
    return _commit_or_conflict(found, form) or redirect(url_for(".case", reference=reference))


@bp.post("/<reference>/facts")
@role_required(Permission.WORK_CASES)
def update_facts(reference: str) -> Page:
    found = case_or_404(reference)
    form = forms.FactsForm()
    zone = case_zone(found)
    if not form.validate_on_submit():
        return _invalid(found, "facts_form", form)

    def local(value: datetime | None) -> datetime | None:
        return value.replace(tzinfo=zone) if value else None

    facts = service.FactsInput(
        detained_now=Answer(form.detained_now.data or "unknown"),
        detainer_issued=Answer(form.detainer_issued.data or "unknown"),
        eligible_at=local(form.eligible_at.data), released_at=local(form.released_at.data),
        is_minor=form.is_minor.data, medical_emergency=form.medical_emergency.data,
    )  # fmt: skip
    try:
        service.update_facts(db.session, found, facts, actor=current_user,
                             expected_version=form.version.data, now=utc_now())  # fmt: skip
    except service.StaleCase:
        return _conflict(found, form)
    return _commit_or_conflict(found, form) or redirect(url_for(".case", reference=reference))


@bp.post("/<reference>/legal-hold")
@role_required(Permission.SET_LEGAL_HOLD)
def set_legal_hold(reference: str) -> Page:
    found = case_or_404(reference)
    form = forms.LegalHoldForm()
    if not form.validate_on_submit():
        return _invalid(found, "legal_hold_form", form)
    try:
        legal_hold.set_legal_hold(db.session, found, form.hold.data == "place",
                                  form.hold_reason.data, actor=current_user,
                                  expected_version=form.version.data)  # fmt: skip
    except service.StaleCase:
        return _conflict(found, form)
    return _commit_or_conflict(found, form) or redirect(url_for(".case", reference=reference))


@bp.post("/<reference>/redress")
@role_required(Permission.WORK_CASES)
def add_redress(reference: str) -> Page:
    found = case_or_404(reference)
    form = forms.RedressForm()
    if not form.validate_on_submit():
        return _invalid(found, "redress_form", form)
    action = service.RedressInput(RedressKind(form.kind.data), form.target.data or "",
                                  form.taken_on.data, form.details.data or "")  # fmt: skip
    try:
        service.record_redress(db.session, found, action, actor=current_user, now=utc_now())
    except service.CaseworkError as error:  # refused by the checks: nothing was stored
        db.session.rollback()
        message = gettext(error.args[0])
        form.kind.errors = [message]  # what was typed stays in the form
        return render_case(case_or_404(reference), errors=[("redress-heading", message)],
                           status=HTTPStatus.UNPROCESSABLE_ENTITY, redress_form=form)  # fmt: skip
    db.session.commit()
    return redirect(url_for(".case", reference=reference, _anchor="redress"))


@bp.post("/<reference>/redress/<int:redress_id>")
@role_required(Permission.WORK_CASES)
def redress_outcome(reference: str, redress_id: int) -> Page:
    found = case_or_404(reference)
    redress = db.session.get(RedressAction, redress_id)
    form = forms.RedressOutcomeForm()
    if redress is None or redress.case_id != found.id:
        abort(HTTPStatus.NOT_FOUND)
    if not form.validate_on_submit():
        return render_case(found, errors=[("", gettext("Choose an outcome and its date."))],
                           status=HTTPStatus.UNPROCESSABLE_ENTITY)  # fmt: skip
    service.set_redress_outcome(db.session, found, redress, RedressOutcome(form.outcome.data),
                                form.outcome_on.data, actor=current_user)  # fmt: skip
    db.session.commit()
    return redirect(url_for(".case", reference=reference, _anchor="redress"))
