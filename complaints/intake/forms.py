"""The public complaint form, one WTForms class per step. Every string is translatable."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    Field,
    MultipleFileField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Optional, ValidationError

from complaints import labels
from complaints.intake.detention_form import DetentionForm
from complaints.intake.fields import (
    MaxLength,
    MultiCheckboxField,
    PlainDateField,
    at_least_one,
    past_date,
)
from complaints.intake.form_parts import (
    IDENTIFIER,
    NARRATIVE_MAX,
    TEXT,
    TEXT_MAX,
    StepForm,
    answer,
    line,
    valid_email,
)
from complaints.rules.identifiers import normalize_a_number
from complaints.rules.jurisdictions import STATES

# Answers kept in columns shorter than a usual line (cases.county and city, people.country_of_birth
# and preferred_language): anything longer would only be refused by PostgreSQL on Send.
PLACE_MAX, COUNTRY_MAX, LANGUAGE_MAX = 120, 100, 50

__all__ = [
    "ConfirmForm",
    "ConsentForm",
    "DetentionForm",
    "DocumentsForm",
    "PersonForm",
    "StepForm",
    "WhatForm",
    "WhoForm",
]


class WhoForm(StepForm):
    filing_for = RadioField(
        _l("Who is filing this complaint?"),
        choices=labels.options(
            [
                ("self", _l("I am the person this happened to")),
                ("someone_else", _l("I am filing for someone else")),
            ]
        ),
        validators=[InputRequired(message=_l("Choose who is filing this complaint."))],
    )
    identity = RadioField(
        _l("Do you want to give names and contact details?"),
        description=_l(
            "If you file anonymously we will not ask for any names or contact details. "
            "We will not be able to contact you, and you can only follow your complaint "
            "with the case number and private code you get at the end."
        ),
        choices=labels.options(
            [
                ("named", _l("Yes, give names and contact details")),
                ("anonymous", _l("No, file anonymously")),
            ]
        ),
        validators=[InputRequired(message=_l("Choose whether to file anonymously."))],
    )
    relationship = RadioField(
        _l("How do you know the person?"),
        choices=labels.choices(labels.RELATIONSHIPS),
        validators=[Optional()],
    )
    filer_name = line(_l("Your full name"))
    organisation = line(_l("Your organisation (if any)"))
    bar_number = line(
        _l("Bar number (attorneys only)"), _l("Your state bar number."), 50, IDENTIFIER
    )
    filer_phone = line(_l("Your phone number"), max_length=50, filters=IDENTIFIER)
    filer_email = line(_l("Your email address"), max_length=254, filters=IDENTIFIER)

    def check_together(self) -> list[tuple[Field, object]]:
        problems: list[tuple[Field, object]] = []
        if self.filing_for.data == "someone_else":
            if not self.relationship.data:
                problems.append((self.relationship, _l("Choose how you know the person.")))
            if self.identity.data == "named" and not self.filer_name.data:
                message = _l("Enter your full name, or choose to file anonymously.")
                problems.append((self.filer_name, message))
        return problems

    def validate_filer_email(self, field) -> None:
        valid_email(self, field)


class WhatForm(StepForm):
    narrative = TextAreaField(
        _l("What happened? Tell us in your own words."),
        description=_l(
            "Write in any language. Say what happened, when and where, who was there, and what "
            "the police or jail said. You can write as much as you need."
        ),
        filters=TEXT,
        validators=[
            DataRequired(message=_l("Tell us what happened, in a few words or many.")),
            MaxLength(
                max=NARRATIVE_MAX,
                message=_l("Use %(max)d characters or fewer.", max=NARRATIVE_MAX),
            ),
        ],
    )
    complaint_types = MultiCheckboxField(
        _l("What is the complaint about?"),
        description=_l("Choose all that apply."),
        choices=labels.choices(labels.COMPLAINT_TYPES),
        validators=[at_least_one(_l("Choose at least one, or choose Something else."))],
    )
    incident_date = PlainDateField(
        _l("When did it happen?"),
        description=_l("Leave it empty if you do not know."),
        validators=[Optional(), past_date],
        render_kw={"autocomplete": "off"},
    )
    state = SelectField(
        _l("State or territory"),
        choices=labels.options([("", _l("I don't know")), *STATES.items()]),
        validators=[Optional()],
    )
    county = line(
        _l("County"), _l("For example: Harris. Leave it empty if you do not know."), PLACE_MAX
    )
    city = line(_l("City or town"), max_length=PLACE_MAX)
    agency = line(
        _l("Police or sheriff's office"), _l("For example: Harris County Sheriff's Office.")
    )
    facility = line(_l("Jail or detention center"))
    stop_reason = RadioField(
        _l("How did it start?"),
        choices=labels.choices(labels.STOP_REASONS),
        validators=[Optional()],
    )


class PersonForm(StepForm):
    """The affected person. Names and contact details are skipped when filing anonymously."""

    given_name = line(_l("First name"))
    family_name = line(_l("Last name or family name"))
    date_of_birth = PlainDateField(
        _l("Date of birth"), validators=[Optional(), past_date], render_kw={"autocomplete": "off"}
    )
    is_minor = BooleanField(_l("The person is under 18"))
    a_number = line(
        _l("A-number (if known)"),
        _l("The immigration number: the letter A and 8 or 9 numbers, like A012345678."),
        20,
        IDENTIFIER,
    )
    country_of_birth = line(_l("Country of birth"), max_length=COUNTRY_MAX)
    preferred_language = line(_l("Language the person prefers"), max_length=LANGUAGE_MAX)
    phone = line(_l("Phone number"), max_length=50, filters=IDENTIFIER)
    email = line(_l("Email address"), max_length=254, filters=IDENTIFIER)
    mailing_address = TextAreaField(
        _l("Mailing address"),
        filters=TEXT,
        validators=[Optional(), MaxLength(max=TEXT_MAX)],
    )
    safe_contact = TextAreaField(
        _l("Is it safe to contact the person? Tell us how."),
        description=_l("For example: do not leave a voicemail; only call after 6 pm."),
        filters=TEXT,
        validators=[Optional(), MaxLength(max=TEXT_MAX)],
    )
    race_ethnicity = line(
        _l("Race or ethnicity, in your own words (you can skip this)"),
        _l(
            "We ask so we can see whether police in a place stop some groups more than others. "
            "It is never used against anyone."
        ),
    )
    detained_now = answer(_l("Is the person in a jail or detention center now?"))
    detained_where = line(_l("Where is the person held?"))
    medical_emergency = BooleanField(_l("The person needs urgent medical care"))

    # Set by the view: an anonymous filing asks for no name or contact details.
    anonymous: bool = False
    IDENTIFYING = ("given_name", "family_name", "a_number", "phone", "email", "mailing_address",
                   "safe_contact")  # fmt: skip

    def check_together(self) -> list[tuple[Field, object]]:
        if self.anonymous or self.given_name.data or self.family_name.data:
            return []
        message = _l("Enter the person's name, or go back and choose to file anonymously.")
        return [(self.given_name, message)]

    def validate_a_number(self, field) -> None:
        if field.data and not self.anonymous and normalize_a_number(field.data) is None:
            raise ValidationError(
                _l("An A-number is the letter A and 8 or 9 numbers, like A012345678.")
            )

    def validate_email(self, field) -> None:
        if not self.anonymous:
            valid_email(self, field)


class DocumentsForm(StepForm):
    files = MultipleFileField(
        _l("Add documents or photos"),
        description=_l(
            "Up to 5 files, 10 MB each: PDF, JPEG, PNG, HEIC or plain text. For example the "
            "detainer, booking papers, a bail receipt or court papers."
        ),
    )


class ConsentForm(StepForm):
    contact_allowed = RadioField(
        _l("May a caseworker contact you about this complaint?"),
        choices=labels.options([("yes", _l("Yes")), ("no", _l("No"))]),
        validators=[InputRequired(message=_l("Choose whether we may contact you."))],
    )
    contact_methods = MultiCheckboxField(
        _l("How may we contact you?"),
        description=_l("Choose all that are safe."),
        choices=labels.options(
            [
                ("call", _l("Phone call")),
                ("text", _l("Text message")),
                ("voicemail", _l("Voicemail")),
                ("email", _l("Email")),
                ("mail", _l("Letter by post")),
            ]
        ),
        validators=[Optional()],
    )
    share_crcl = BooleanField(
        _l("You may share my complaint with the DHS Office for Civil Rights and Civil Liberties")
    )
    share_oig = BooleanField(
        _l("You may share my complaint with the DHS Office of Inspector General")
    )
    share_statistics = BooleanField(
        _l("You may count my complaint, without names, in public statistics")
    )
    email_receipt = BooleanField(_l("Email me a receipt with the case number"))

    # Set by the view: whether an email address was given on an earlier step.
    has_email: bool = False

    def validate_email_receipt(self, field) -> None:
        if field.data and not self.has_email:
            raise ValidationError(
                _l("To get a receipt by email, first give an email address, or untick this box.")
            )

    def check_together(self) -> list[tuple[Field, object]]:
        if self.contact_allowed.data == "yes" and not self.contact_methods.data:
            return [(self.contact_methods, _l("Choose at least one safe way to contact you."))]
        return []


class ConfirmForm(StepForm):
    """Submit and confirm-saved buttons: a CSRF token, and a honeypot that people never see."""

    # Hidden from people (CSS and aria-hidden); form-filling robots fill it in.
    website = StringField(
        _l("Leave this empty"), render_kw={"autocomplete": "off", "tabindex": "-1"}
    )

    @property
    def is_robot(self) -> bool:
        return bool(self.website.data)
