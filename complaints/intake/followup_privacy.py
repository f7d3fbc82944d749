"""Follow-up: the person raises their identity level (and, leaving anonymity, gives a name and
ways to reach them), and gives or withdraws consent to share, destination by destination.

Lowering the level is not offered here: a caseworker records it, with the reason. Each change
is audited (complaints/identity.py, complaints/consents.py); nothing typed is lost on an error.
"""

from __future__ import annotations

import logging
from http import HTTPStatus

from flask import redirect, render_template, url_for
from flask_babel import gettext
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response
from wtforms import BooleanField, TextAreaField
from wtforms.validators import InputRequired, Optional

from complaints import labels
from complaints.casework.notify import complainant_replied
from complaints.catalog import lazy_gettext as _l
from complaints.choice_fields import RadioField
from complaints.consents import ConsentChoice, ConsentError, in_force, record_consents
from complaints.extensions import db
from complaints.identity import ContactDetails, change_identity_level
from complaints.intake.blueprint import bp
from complaints.intake.fields import MaxLength, MultiCheckboxField, error_summary
from complaints.intake.followup import NOT_SAVED, signed_in
from complaints.intake.form_parts import IDENTIFIER, TEXT, TEXT_MAX, StepForm, line, valid_email
from complaints.intake.safe_contact_form import SafeContactChangeForm
from complaints.intake.session_state import now
from complaints.locales import current_locale
from complaints.models import Case
from complaints.rules.identity import IdentityChangeError, levels_above
from complaints.rules.vocabulary import ConsentDestination, ConsentSource, IdentityLevel, Role
from complaints.safe_contact import SafeContactError, update_safe_contact

Page = str | tuple[str, int] | Response
FAILED = HTTPStatus.UNPROCESSABLE_ENTITY
log = logging.getLogger(__name__)
# The levels as the person reads them when choosing one.
LEVEL_CHOICES = {
    IdentityLevel.CONFIDENTIAL: _l(
        "Confidential: you know who I am, and you give my name to no agency unless I agree"
    ),
    IdentityLevel.IDENTIFIED: _l(
        "Identified: you may also use my name in letters and requests you make for me"
    ),
}


class RaiseIdentityForm(StepForm):
    identity_level = RadioField(
        _l("How do you want to be known to us now?"),
        choices=[],  # the levels above the case's, set by `for_case`
        validators=[InputRequired(message=_l("Choose how you want to be known."))],
    )
    given_name = line(_l("First name"))
    family_name = line(_l("Last name or family name"))
    phone = line(_l("Phone number"), max_length=50, filters=IDENTIFIER)
    email = line(_l("Email address"), max_length=254, filters=IDENTIFIER)
    mailing_address = TextAreaField(
        _l("Mailing address"), filters=TEXT, validators=[Optional(), MaxLength(max=TEXT_MAX)]
    )
    safe_contact = TextAreaField(
        _l("Anything else we should know to contact the person safely?"),
        description=_l("For example: do not leave a voicemail; only call after 6 pm."),
        filters=TEXT,
        validators=[Optional(), MaxLength(max=TEXT_MAX)],
    )
    contact_methods = MultiCheckboxField(
        _l("How may we contact you?"),
        description=_l("Choose all that are safe. Choose none and we will not contact you."),
        choices=labels.options(labels.SAFE_METHODS.items()),
        validators=[Optional()],
    )

    DETAILS = ("given_name", "family_name", "phone", "email", "mailing_address", "safe_contact",
               "contact_methods")  # fmt: skip
    anonymous: bool = False  # set by `for_case`: only then are the details asked

    @classmethod
    def for_case(cls, case: Case, **kwargs: object) -> RaiseIdentityForm:
        form = cls(**kwargs)
        form.identity_level.choices = labels.options(
            (level.value, LEVEL_CHOICES[level]) for level in levels_above(case.identity_level)
        )
        form.anonymous = case.identity_level is IdentityLevel.ANONYMOUS
        return form

    def check_together(self) -> list:
        if self.anonymous and not (self.given_name.data or self.family_name.data):
            return [(self.given_name, _l("Give at least a first or last name."))]
        return []

    def validate_email(self, field) -> None:
        valid_email(self, field)

    def details(self) -> ContactDetails | None:
        if not self.anonymous:
            return None
        return ContactDetails(
            given_name=self.given_name.data or None, family_name=self.family_name.data or None,
            phone=self.phone.data or None, email=self.email.data or None,
            mailing_address=self.mailing_address.data or None,
            safe_contact=self.safe_contact.data or None,
            contact_methods=tuple(self.contact_methods.data or ()),
        )  # fmt: skip


class ConsentChangeForm(StepForm):
    """One box per destination, ticked as the consent stands; the same words as the form."""

    share_crcl = BooleanField(labels.CONSENT_WORDING[ConsentDestination.CRCL][1])
    share_oig = BooleanField(labels.CONSENT_WORDING[ConsentDestination.OIG][1])
    share_oido = BooleanField(labels.CONSENT_WORDING[ConsentDestination.OIDO][1])
    share_local_agency = BooleanField(labels.CONSENT_WORDING[ConsentDestination.LOCAL_AGENCY][1])
    share_lawyer = BooleanField(labels.CONSENT_WORDING[ConsentDestination.LAWYER][1])
    lawyer_name = line(_l("Your lawyer's name"), max_length=200)
    share_statistics = BooleanField(labels.CONSENT_WORDING[ConsentDestination.STATISTICS][1])

    @classmethod
    def for_case(cls, case: Case, **kwargs: object) -> ConsentChangeForm:
        current = in_force(case)
        lawyer = current.get(ConsentDestination.LAWYER)
        values = {f"share_{dest.value}": bool(current.get(dest) and current[dest].granted)
                  for dest in ConsentDestination}  # fmt: skip
        values["lawyer_name"] = lawyer.lawyer_name if lawyer and lawyer.granted else None
        return cls(data=values, **kwargs)

    def check_together(self) -> list:
        if self.share_lawyer.data and not self.lawyer_name.data:
            message = _l("Give your lawyer's name, or untick sharing with a lawyer.")
            return [(self.lawyer_name, message)]
        return []

    def choices(self) -> list[ConsentChoice]:
        lawyer = self.lawyer_name.data or None if self.share_lawyer.data else None
        return [
            ConsentChoice(dest, bool(getattr(self, f"share_{dest.value}").data),
                          lawyer if dest is ConsentDestination.LAWYER else None)
            for dest in ConsentDestination
        ]  # fmt: skip


def render_privacy(case: Case, status: int = HTTPStatus.OK, **kept: object) -> Page:
    identity_form = kept.pop("identity_form", None) or RaiseIdentityForm.for_case(
        case, formdata=None
    )
    consent_form = kept.pop("consent_form", None) or ConsentChangeForm.for_case(case, formdata=None)
    contact_form = kept.pop("contact_form", None) or SafeContactChangeForm.for_case(
        case, formdata=None
    )
    errors = kept.pop("errors", [])
    page = render_template(
        "intake/follow_up_privacy.html",
        case=case,
        identity_form=identity_form,
        consent_form=consent_form,
        contact_form=contact_form,
        errors=errors,
    )
    return page, status


@bp.get("/follow-up/privacy")
def follow_up_privacy() -> Page:
    case = signed_in()
    if isinstance(case, Response):
        return case
    return render_privacy(case)


def _not_saved(error: SQLAlchemyError, **kept: object) -> Page:
    """Nothing was stored: the page again, with what was typed."""
    db.session.rollback()
    log.error("follow-up privacy change not saved: %s", type(error).__name__)
    case = signed_in()
    if isinstance(case, Response):
        return case
    return render_privacy(case, HTTPStatus.SERVICE_UNAVAILABLE,
                          errors=[("", gettext(NOT_SAVED))], **kept)  # fmt: skip


def _saved(case: Case) -> Response:
    """Saved: tell the caseworker (a failure here must not undo the person's change)."""
    try:
        complainant_replied(case)
    except SQLAlchemyError as error:
        db.session.rollback()
        log.error("caseworker not told of a privacy change: %s", type(error).__name__)
    return redirect(url_for(".follow_up_case", sent=1))


@bp.post("/follow-up/identity")
def follow_up_identity() -> Page:
    form: RaiseIdentityForm | None = None
    try:
        case = signed_in()
        if isinstance(case, Response):
            return case
        form = RaiseIdentityForm.for_case(case)
        if not form.validate_on_submit():
            return render_privacy(case, FAILED, identity_form=form, errors=error_summary(form))
        try:
            change_identity_level(db.session, case, IdentityLevel(form.identity_level.data),
                                  role=Role.COMPLAINANT, now=now(),
                                  details=form.details())  # fmt: skip
        except IdentityChangeError as error:
            db.session.rollback()
            message = gettext(error.message, **error.params)
            return render_privacy(case, FAILED, identity_form=form, errors=[("", message)])
        db.session.commit()
    except SQLAlchemyError as error:
        return _not_saved(error, identity_form=form)
    return _saved(case)


@bp.post("/follow-up/consents")
def follow_up_consents() -> Page:
    form = ConsentChangeForm()
    try:
        case = signed_in()
        if isinstance(case, Response):
            return case
        if not form.validate_on_submit():
            return render_privacy(case, FAILED, consent_form=form, errors=error_summary(form))
        try:
            record_consents(db.session, case, form.choices(), source=ConsentSource.FOLLOW_UP,
                            language=current_locale(), now=now())  # fmt: skip
        except ConsentError as error:
            db.session.rollback()
            return render_privacy(case, FAILED, consent_form=form,
                                  errors=[("", gettext(error.args[0]))])  # fmt: skip
        db.session.commit()
    except SQLAlchemyError as error:
        return _not_saved(error, consent_form=form)
    return _saved(case)


@bp.post("/follow-up/safe-contact")
def follow_up_safe_contact() -> Page:
    form = SafeContactChangeForm()
    try:
        case = signed_in()
        if isinstance(case, Response):
            return case
        if not form.validate_on_submit():
            return render_privacy(case, FAILED, contact_form=form, errors=error_summary(form))
        try:
            update_safe_contact(db.session, case, form.safe_contact(), now=now())
        except SafeContactError as error:
            db.session.rollback()
            return render_privacy(case, FAILED, contact_form=form,
                                  errors=[("", gettext(error.args[0]))])  # fmt: skip
        db.session.commit()
    except SQLAlchemyError as error:
        return _not_saved(error, contact_form=form)
    return _saved(case)
