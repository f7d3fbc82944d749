"""Case-page views for complainant safety and consent: identity level, consent recorded by
staff, the authority of someone filing for the person, removal proceedings, and splitting a
second incident into a linked case. Thin: parse, call the service, commit, respond.
"""

from __future__ import annotations

from http import HTTPStatus

from flask import redirect, url_for
from flask_babel import gettext
from flask_login import current_user

from complaints.auth.guard import role_required
from complaints.casework import safety, safety_forms, service, split
from complaints.casework.case_page import render_case
from complaints.casework.forms import VersionedForm
from complaints.casework.views import (
    Page,
    _commit_or_conflict,
    _conflict,
    _invalid,
    bp,
    case_or_404,
    utc_now,
)
from complaints.consents import ConsentChoice, ConsentError
from complaints.extensions import db
from complaints.identity import ContactDetails
from complaints.models import Case
from complaints.rules.identity import IdentityChangeError
from complaints.rules.permissions import Permission
from complaints.rules.vocabulary import (
    Answer,
    AuthorityKind,
    AuthorityStatus,
    ComplaintType,
    ConsentDestination,
    IdentityLevel,
)
from complaints.safe_contact import SafeContactError


def _refused(found: Case, slot: str, form: VersionedForm, message: str) -> Page:
    """The rules said no: nothing is stored; the page again with the reason and what was typed."""
    db.session.rollback()
    found = case_or_404(found.reference)
    return render_case(found, errors=[("", message)], status=HTTPStatus.UNPROCESSABLE_ENTITY,
                       **{slot: form})  # fmt: skip


def _back(found: Case, anchor: str) -> Page:
    return redirect(url_for(".case", reference=found.reference, _anchor=anchor))


@bp.post("/<reference>/identity")
@role_required(Permission.WORK_CASES)
def change_identity(reference: str) -> Page:
    found = case_or_404(reference)
    form = safety_forms.IdentityLevelForm()
    if not form.validate_on_submit():
        return _invalid(found, "identity_form", form)
    details = ContactDetails(
        given_name=form.given_name.data or None, family_name=form.family_name.data or None,
        phone=form.identity_phone.data or None, email=form.identity_email.data or None,
    )  # fmt: skip
    try:
        safety.change_identity(db.session, found, IdentityLevel(form.identity_level.data),
                               actor=current_user, expected_version=form.version.data,
                               now=utc_now(), reason=form.identity_reason.data,
                               details=details)  # fmt: skip
    except service.StaleCase:
        return _conflict(found, form)
    except IdentityChangeError as error:
        return _refused(found, "identity_form", form, gettext(error.message, **error.params))
    return _commit_or_conflict(found, form) or _back(found, "safety")


@bp.post("/<reference>/safe-contact")
@role_required(Permission.WORK_CASES)
def update_safe_contact(reference: str) -> Page:
    found = case_or_404(reference)
    form = safety_forms.SafeContactForm()
    if not form.validate_on_submit():
        return _invalid(found, "safe_contact_form", form)
    try:
        safety.update_safe_contact(db.session, found, form.safe_contact(), actor=current_user,
                                   expected_version=form.version.data, now=utc_now())  # fmt: skip
    except service.StaleCase:
        return _conflict(found, form)
    except SafeContactError as error:
        return _refused(found, "safe_contact_form", form, gettext(error.args[0]))
    return _commit_or_conflict(found, form) or _back(found, "person-heading")


@bp.post("/<reference>/consents")
@role_required(Permission.WORK_CASES)
def record_consent(reference: str) -> Page:
    found = case_or_404(reference)
    form = safety_forms.StaffConsentForm()
    if not form.validate_on_submit():
        return _invalid(found, "staff_consent_form", form)
    choice = ConsentChoice(ConsentDestination(form.consent_destination.data),
                           form.consent_granted.data == "yes",
                           form.consent_lawyer.data or None)  # fmt: skip
    try:
        safety.record_staff_consent(db.session, found, choice, form.consent_note.data,
                                    actor=current_user, expected_version=form.version.data,
                                    now=utc_now())  # fmt: skip
    except service.StaleCase:
        return _conflict(found, form)
    except (ConsentError, service.CaseworkError) as error:
        return _refused(found, "staff_consent_form", form, gettext(error.args[0]))
    return _commit_or_conflict(found, form) or _back(found, "safety")


@bp.post("/<reference>/authority")
@role_required(Permission.WORK_CASES)
def update_authority(reference: str) -> Page:
    found = case_or_404(reference)
    form = safety_forms.AuthorityForm()
    if not form.validate_on_submit():
        return _invalid(found, "authority_form", form)
    kind = form.authority.data
    chosen = form.authority_file.data or ""
    change = safety.AuthorityInput(
        AuthorityKind(kind) if kind in AuthorityKind._value2member_map_ else None,
        AuthorityStatus(form.authority_status.data) if form.authority_status.data else None,
        int(chosen) if chosen.isdigit() and len(chosen) < 19 else None,
    )
    try:
        safety.update_authority(db.session, found, change, actor=current_user,
                                expected_version=form.version.data, now=utc_now())  # fmt: skip
    except service.StaleCase:
        return _conflict(found, form)
    except service.CaseworkError as error:
        return _refused(found, "authority_form", form, gettext(error.args[0]))
    return _commit_or_conflict(found, form) or _back(found, "safety")


@bp.post("/<reference>/removal-proceedings")
@role_required(Permission.WORK_CASES)
def set_removal_proceedings(reference: str) -> Page:
    found = case_or_404(reference)
    form = safety_forms.RemovalProceedingsForm()
    if not form.validate_on_submit():
        return _invalid(found, "removal_form", form)
    try:
        safety.set_removal_proceedings(db.session, found, Answer(form.removal_proceedings.data),
                                       actor=current_user, expected_version=form.version.data,
                                       now=utc_now())  # fmt: skip
    except service.StaleCase:
        return _conflict(found, form)
    return _commit_or_conflict(found, form) or _back(found, "redress")


@bp.post("/<reference>/split")
@role_required(Permission.WORK_CASES)
def split_case(reference: str) -> Page:
    found = case_or_404(reference)
    form = safety_forms.SplitForm()
    if not form.validate_on_submit():
        return _invalid(found, "split_form", form)
    request = split.SplitInput(form.split_narrative.data,
                               tuple(ComplaintType(value) for value in form.split_types.data),
                               form.split_date.data)  # fmt: skip
    try:
        new = split.split_incident(db.session, found, request, actor=current_user,
                                   expected_version=form.version.data, now=utc_now())  # fmt: skip
    except service.StaleCase:
        return _conflict(found, form)
    except service.CaseworkError as error:
        return _refused(found, "split_form", form, gettext(error.args[0]))
    new_reference = new.reference
    return _commit_or_conflict(found, form) or redirect(url_for(".case", reference=new_reference))
