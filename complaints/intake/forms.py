"""The public complaint form, one WTForms class per step. Every string is translatable."""

from __future__ import annotations

from wtforms import BooleanField, Field, MultipleFileField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Optional, ValidationError

from complaints import labels
from complaints.catalog import lazy_gettext as _l
from complaints.choice_fields import RadioField, SelectField
from complaints.intake.consent_form import ConsentForm
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
from complaints.models import Facility
from complaints.rules.identifiers import normalize_a_number
from complaints.rules.jurisdictions import STATES
from complaints.rules.vocabulary import Answer, AuthorityStatus

# Answers kept in columns shorter than a usual line (cases.county and city, people.country_of_birth
# and preferred_language): anything longer would only be refused by PostgreSQL on Send.
PLACE_MAX, COUNTRY_MAX, LANGUAGE_MAX = 120, 100, 50
NO_AUTHORITY = "none"

__all__ = [
    "ConfirmForm",
    "ConsentForm",
    "DetentionForm",
    "DocumentsForm",
    "PersonForm",
    "StepForm",
    "StoryForm",
    "WhatForm",
    "WhoForm",
]


def instead_of_typing() -> RadioField:
    """ "I don't know" or "I prefer not to say" for a question answered in words: a real answer,
    kept apart from a blank (used only when nothing is typed)."""
    return RadioField(
        _l("Or choose"),
        choices=labels.choices(labels.ANSWERS, (Answer.UNKNOWN, Answer.DECLINED)),
        validators=[Optional()],
    )


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
            "Confidential: we keep names and contact details and never give them to any agency "
            "unless you agree. Identified: you also agree that we may name the person in letters "
            "and requests we make for them, such as a request for release. Anonymous: we will "
            "not ask for any names or contact details; we cannot contact you, and you can only "
            "follow your complaint with the case number and private code you get at the end. "
            "You can give more about yourself later."
        ),
        choices=labels.options(
            [
                ("confidential", _l("Yes, and keep them confidential")),
                ("identified", _l("Yes, and you may name the person in letters and requests")),
                ("anonymous", _l("No, file anonymously")),
            ]
        ),
        # Drafts begun before the three levels said "named", which meant confidential.
        filters=[lambda value: "confidential" if value == "named" else value],
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
    authority = RadioField(
        _l("If you are filing for someone else: what shows you may act for them?"),
        description=_l(
            "Agencies ask for one of these before they act on a complaint filed for someone "
            "else. You can file without it: a caseworker will tell you what is needed."
        ),
        choices=labels.options(
            [*labels.AUTHORITIES.items(), (NO_AUTHORITY, _l("None yet: I do not have one"))]
        ),
        validators=[Optional()],
    )
    authority_delivery = RadioField(
        _l("How will we get it?"),
        choices=labels.options(
            [
                (AuthorityStatus.UPLOADED.value, _l("I will add it on the Documents step")),
                (AuthorityStatus.TO_FOLLOW.value, _l("I will send it later")),
            ]
        ),
        validators=[Optional()],
    )

    # An anonymous filing keeps none of these (see intake/service.py).
    IDENTIFYING = ("filer_name", "organisation", "bar_number", "filer_phone", "filer_email")

    def check_together(self) -> list[tuple[Field, object]]:
        problems: list[tuple[Field, object]] = []
        if self.filing_for.data == "someone_else":
            if not self.relationship.data:
                problems.append((self.relationship, _l("Choose how you know the person.")))
            if self.identity.data != "anonymous" and not self.filer_name.data:
                message = _l("Enter your full name, or choose to file anonymously.")
                problems.append((self.filer_name, message))
            if self.authority.data not in (None, "", NO_AUTHORITY) and not (
                self.authority_delivery.data
            ):
                message = _l("Choose whether you will add the document now or send it later.")
                problems.append((self.authority_delivery, message))
        return problems

    def validate_filer_email(self, field) -> None:
        valid_email(self, field)


class StoryForm(StepForm):
    """The first step: the person's own account, before any structured question."""

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


class WhatForm(StepForm):
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
    # The directory's facilities: the chosen state's are offered when the step is shown.
    facility_id = SelectField(
        _l("Jail or detention center"),
        choices=labels.options([("", _l("Not in the list, or I don't know"))]),
        validate_choice=False,
        validators=[Optional()],
    )
    facility = line(_l("If it is not in the list, the name of the jail or detention center"))
    stop_reason = RadioField(
        _l("How did it start?"),
        choices=labels.choices(labels.STOP_REASONS),
        validators=[Optional()],
    )

    # Set by `steps.bind`: the directory facility that `facility_id` names, if any.
    picked: Facility | None = None

    def validate_facility_id(self, _field) -> None:
        if self.picked is None:
            raise ValidationError(
                _l("Choose a jail from the list, or choose “Not in the list” and type its name.")
            )

    def check_together(self) -> list[tuple[Field, object]]:
        if self.picked is not None and self.facility.data:
            message = _l(
                "You chose a jail from the list and also typed a name. Keep one: clear the name, "
                "or choose “Not in the list, or I don't know”."
            )
            return [(self.facility, message)]
        return []


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
    country_of_birth_answer = instead_of_typing()
    preferred_language = line(_l("Language the person prefers"), max_length=LANGUAGE_MAX)
    phone = line(_l("Phone number"), max_length=50, filters=IDENTIFIER)
    email = line(_l("Email address"), max_length=254, filters=IDENTIFIER)
    mailing_address = TextAreaField(
        _l("Mailing address"),
        filters=TEXT,
        validators=[Optional(), MaxLength(max=TEXT_MAX)],
    )
    safe_contact = TextAreaField(
        _l("Anything else we should know to contact the person safely?"),
        description=_l(
            "For example: ask for Maria; never say why we are calling to whoever answers. You "
            "choose what is safe, and the best times, on the last step."
        ),
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
    race_ethnicity_answer = instead_of_typing()
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


class ConfirmForm(StepForm):
    """Submit and confirm-saved buttons: a CSRF token, and a honeypot that people never see."""

    # Hidden from people (CSS and aria-hidden); form-filling robots fill it in.
    website = StringField(
        _l("Leave this empty"), render_kw={"autocomplete": "off", "tabindex": "-1"}
    )

    @property
    def is_robot(self) -> bool:
        return bool(self.website.data)
