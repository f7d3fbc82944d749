"""Follow-up: how the person may safely be reached, per channel, as the contact step asks it."""

from __future__ import annotations

from wtforms import TextAreaField
from wtforms.validators import Optional

from complaints import labels
from complaints.catalog import lazy_gettext as _l
from complaints.intake.fields import MaxLength, MultiCheckboxField
from complaints.intake.form_parts import TEXT, TEXT_MAX, StepForm, line
from complaints.models import Case
from complaints.rules.contact_safety import BEST_HOURS_MAX, SafeContact


class SafeContactChangeForm(StepForm):
    contact_methods = MultiCheckboxField(
        _l("What is safe?"),
        description=_l("Choose all that are safe. Choose none and we will not contact you."),
        choices=labels.options(labels.SAFE_METHODS.items()),
        validators=[Optional()],
    )
    shared_channels = MultiCheckboxField(
        _l("Could someone else read or hear what we send?"),
        choices=labels.options(labels.SHARED_CHANNELS.items()),
        validators=[Optional()],
    )
    best_hours = line(
        _l("Best times to reach you"),
        _l("For example: weekdays 6 to 9 pm. Leave it empty if any time is fine."),
        BEST_HOURS_MAX,
    )
    instructions = TextAreaField(
        _l("Anything else we should know to contact you safely?"),
        filters=TEXT,
        validators=[Optional(), MaxLength(max=TEXT_MAX)],
    )

    @classmethod
    def for_case(cls, case: Case, **kwargs: object) -> SafeContactChangeForm:
        safe = case.person.contact_safety if case.person else SafeContact()
        values = {"contact_methods": safe.methods, "shared_channels": safe.shared,
                  "best_hours": safe.best_hours, "instructions": safe.instructions}  # fmt: skip
        return cls(data=values, **kwargs)

    def safe_contact(self) -> SafeContact:
        return SafeContact.from_choices(self.contact_methods.data or (),
                                        self.shared_channels.data or (),
                                        best_hours=self.best_hours.data or None,
                                        instructions=self.instructions.data or None)  # fmt: skip
