"""Building blocks of the public form: the step base class, field makers, text limits."""

from __future__ import annotations

import re

from flask_wtf import FlaskForm
from wtforms import Field, Form, StringField
from wtforms.validators import Optional, ValidationError

from complaints import labels
from complaints.catalog import lazy_gettext as _l
from complaints.choice_fields import RadioField
from complaints.intake.fields import (
    MaxLength,
    clean_identifier,
    clean_line,
    clean_text,
)
from complaints.intake.wtforms_i18n import CATALOG, CatalogTranslations
from complaints.rules.vocabulary import Answer

NARRATIVE_MAX = 20_000
LINE_MAX = 200
TEXT_MAX = 2_000
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
LINE = [clean_line]
TEXT = [clean_text]
IDENTIFIER = [clean_identifier]
KNOWN_ANSWERS = (Answer.YES, Answer.NO, Answer.UNKNOWN)


def line(label, description="", max_length: int = LINE_MAX, filters=LINE) -> StringField:
    too_long = _l("Use %(max)d characters or fewer.", max=max_length)
    return StringField(
        label,
        description=description,
        filters=filters,
        validators=[Optional(), MaxLength(max=max_length, message=too_long)],
    )


def answer(label, description="") -> RadioField:
    """A skippable yes/no question: "I don't know" and "I prefer not to say" are answers too,
    stored apart from a question left blank (Answer.UNKNOWN) and from each other."""
    return RadioField(
        label,
        description=description,
        choices=labels.choices(labels.ANSWERS),
        validators=[Optional()],
    )


def valid_email(_form: Form, field) -> None:
    if field.data and not _EMAIL.match(field.data):
        raise ValidationError(_l("Enter an email address like name@example.com."))


class StepForm(FlaskForm):
    """Base for every step: CSRF token, and filters that clean what people paste.

    Questions that depend on other answers are checked in `check_together`, after every field's
    own validators (an optional field's validators stop at an empty value).
    """

    class Meta:
        # The token lives as long as the session: a slow writer never loses a page to it.
        csrf_time_limit = None

        def get_translations(self, form: Form) -> CatalogTranslations:
            return CATALOG

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field, message in self.check_together():
            field.errors.append(message)
            valid = False
        return valid

    def check_together(self) -> list[tuple[Field, object]]:
        """(field, message) for each answer that does not fit with the others."""
        return []
