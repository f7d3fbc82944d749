"""The "Contact and consent" step: whether and how we may contact the person, and consent to
share the complaint, one box per destination, worded as the consent record keeps it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wtforms import BooleanField, Field
from wtforms.validators import InputRequired, Optional, ValidationError

from complaints import labels
from complaints.catalog import lazy_gettext as _l
from complaints.choice_fields import RadioField
from complaints.intake.fields import MultiCheckboxField
from complaints.intake.form_parts import StepForm, line
from complaints.rules.contact_safety import BEST_HOURS_MAX, SafeContact, may_email
from complaints.rules.vocabulary import ConsentDestination


def safe_contact(values: Mapping[str, Any], instructions: str | None) -> SafeContact:
    """What the step's values (`ConsentForm`'s data) say is safe, with the other instructions
    given on "About the person". Nothing is safe when contact was refused."""
    if values["contact_allowed"] != "yes":
        return SafeContact()
    return SafeContact.from_choices(values["contact_methods"] or (),
                                    values["shared_channels"] or (),
                                    best_hours=values["best_hours"] or None,
                                    instructions=instructions)  # fmt: skip


def destinations(values: Mapping[str, Any]) -> dict[ConsentDestination, bool]:
    """Each destination's box in the step's values, ticked or not."""
    return {destination: bool(values[f"share_{destination.value}"])
            for destination in ConsentDestination}  # fmt: skip


class ConsentForm(StepForm):
    contact_allowed = RadioField(
        _l("May a caseworker contact you about this complaint?"),
        choices=labels.options([("yes", _l("Yes")), ("no", _l("No"))]),
        validators=[InputRequired(message=_l("Choose whether we may contact you."))],
    )
    contact_methods = MultiCheckboxField(
        _l("What is safe?"),
        description=_l("Choose all that are safe. What you do not choose, we will not do."),
        choices=labels.options(labels.SAFE_METHODS.items()),
        validators=[Optional()],
    )
    shared_channels = MultiCheckboxField(
        _l("Could someone else read or hear what we send?"),
        description=_l(
            "Choose each one that someone else may answer, open or read: for example a shared "
            "phone, or an email account a family member uses."
        ),
        choices=labels.options(labels.SHARED_CHANNELS.items()),
        validators=[Optional()],
    )
    best_hours = line(
        _l("Best times to reach you"),
        _l("For example: weekdays 6 to 9 pm. Leave it empty if any time is fine."),
        BEST_HOURS_MAX,
    )
    # One box per destination, worded exactly as the consent record keeps it (labels.py).
    share_crcl = BooleanField(labels.CONSENT_WORDING[ConsentDestination.CRCL][1])
    share_oig = BooleanField(labels.CONSENT_WORDING[ConsentDestination.OIG][1])
    share_oido = BooleanField(labels.CONSENT_WORDING[ConsentDestination.OIDO][1])
    share_local_agency = BooleanField(labels.CONSENT_WORDING[ConsentDestination.LOCAL_AGENCY][1])
    share_lawyer = BooleanField(labels.CONSENT_WORDING[ConsentDestination.LAWYER][1])
    lawyer_name = line(_l("Your lawyer's name"), max_length=200)
    share_statistics = BooleanField(labels.CONSENT_WORDING[ConsentDestination.STATISTICS][1])
    email_receipt = BooleanField(_l("Email me a receipt with the case number"))

    # Set by the view: whether an email address was given on an earlier step, and whether the
    # receipt would go to the person's own address (not to someone filing for them).
    has_email: bool = False
    receipt_to_person: bool = True

    def validate_email_receipt(self, field) -> None:
        if field.data and not self.has_email:
            raise ValidationError(
                _l("To get a receipt by email, first give an email address, or untick this box.")
            )
        if field.data and self.receipt_to_person and not may_email(safe_contact(self.data, None)):
            raise ValidationError(
                _l(
                    "We only email a receipt to an address marked safe to email that nobody else "
                    "reads. Change your answers above, or untick this box."
                )
            )

    def check_together(self) -> list[tuple[Field, object]]:
        problems: list[tuple[Field, object]] = []
        if self.contact_allowed.data == "yes" and not self.contact_methods.data:
            problems.append(
                (self.contact_methods, _l("Choose at least one safe way to contact you."))
            )
        if self.share_lawyer.data and not self.lawyer_name.data:
            problems.append(
                (self.lawyer_name, _l("Give your lawyer's name, or untick sharing with a lawyer."))
            )
        return problems
