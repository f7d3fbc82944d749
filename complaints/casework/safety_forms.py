"""Case-page forms for identity, safe contact, consent, authority, removal proceedings and
splitting a case.

Field names carry their form's prefix: many forms share the case page, and ids must be unique.
"""

from __future__ import annotations

from wtforms import TextAreaField
from wtforms.validators import DataRequired, InputRequired, Optional

from complaints import labels
from complaints.casework.forms import VersionedForm
from complaints.catalog import lazy_gettext as _l
from complaints.choice_fields import RadioField, SelectField
from complaints.intake.fields import (
    MaxLength,
    MultiCheckboxField,
    PlainDateField,
    at_least_one,
    clean_text,
    past_date,
)
from complaints.intake.form_parts import IDENTIFIER, KNOWN_ANSWERS, line
from complaints.rules.contact_safety import BEST_HOURS_MAX, SafeContact

NONE = "none"


class IdentityLevelForm(VersionedForm):
    identity_level = SelectField(
        _l("Identity level"), choices=labels.choices(labels.IDENTITY_LEVELS),
        validators=[DataRequired()],
    )  # fmt: skip
    identity_reason = TextAreaField(
        _l("Why (required to lower the level)"),
        filters=[clean_text],
        validators=[Optional(), MaxLength(2000)],
    )
    # Only when the case is anonymous: who the person says they are, and how to reach them.
    given_name = line(_l("First name"))
    family_name = line(_l("Last name or family name"))
    identity_phone = line(_l("Phone number"), max_length=50, filters=IDENTIFIER)
    identity_email = line(_l("Email address"), max_length=254, filters=IDENTIFIER)

    DETAILS = ("given_name", "family_name", "identity_phone", "identity_email")


class StaffConsentForm(VersionedForm):
    consent_destination = SelectField(
        _l("Share with"), choices=labels.choices(labels.CONSENT_DESTINATIONS),
        validators=[DataRequired()],
    )  # fmt: skip
    consent_granted = RadioField(
        _l("The person"),
        choices=labels.options([("yes", _l("gave consent")), ("no", _l("withdrew or refused it"))]),
        validators=[InputRequired(message=_l("Say whether the person gave or withdrew it."))],
    )
    consent_lawyer = line(_l("Lawyer's name (for a lawyer)"))
    consent_note = TextAreaField(
        _l("How and when (for example: by phone on 3 June, in Spanish)"),
        filters=[clean_text],
        validators=[
            DataRequired(message=_l("Say how and when the person gave or withdrew this consent.")),
            MaxLength(2000),
        ],
    )


class SafeContactForm(VersionedForm):
    safe_methods = MultiCheckboxField(
        _l("What is safe"), choices=labels.options(labels.SAFE_METHODS.items()),
        validators=[Optional()],
    )  # fmt: skip
    safe_shared = MultiCheckboxField(
        _l("Someone else may read or hear"),
        choices=labels.options(labels.SHARED_CHANNELS.items()), validators=[Optional()],
    )  # fmt: skip
    safe_hours = line(_l("Best times to reach them"), max_length=BEST_HOURS_MAX)
    safe_instructions = TextAreaField(
        _l("Other instructions"), filters=[clean_text], validators=[Optional(), MaxLength(2000)]
    )

    def safe_contact(self) -> SafeContact:
        return SafeContact.from_choices(
            self.safe_methods.data or (),
            self.safe_shared.data or (),
            best_hours=self.safe_hours.data or None,
            instructions=self.safe_instructions.data or None,
        )


class AuthorityForm(VersionedForm):
    authority = SelectField(
        _l("Authority to act for the person"),
        choices=labels.options([*labels.AUTHORITIES.items(), (NONE, _l("None on file"))]),
        validators=[DataRequired()],
    )
    authority_status = SelectField(
        _l("Received"),
        choices=labels.options([("", _l("Not applicable")), *labels.AUTHORITY_STATUSES.items()]),
        validators=[Optional()],
    )
    # The case's attachments, set by the page that shows the form.
    authority_file = SelectField(
        _l("The document, among the case's files"), choices=[], validate_choice=False,
        validators=[Optional()],
    )  # fmt: skip


class RemovalProceedingsForm(VersionedForm):
    removal_proceedings = SelectField(
        _l("In removal proceedings"),
        choices=labels.choices(labels.ANSWERS, KNOWN_ANSWERS),
        validators=[DataRequired()],
    )


class SplitForm(VersionedForm):
    split_narrative = TextAreaField(
        _l("What happened in the second incident"),
        filters=[clean_text],
        validators=[
            DataRequired(message=_l("Write what happened in the second incident.")),
            MaxLength(20_000),
        ],
    )
    split_types = MultiCheckboxField(
        _l("What the second incident is about"),
        choices=labels.choices(labels.COMPLAINT_TYPES),
        validators=[
            at_least_one(_l("Choose at least one complaint type for the second incident."))
        ],
    )
    split_date = PlainDateField(_l("When it happened"), validators=[Optional(), past_date])
