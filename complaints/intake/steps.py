"""The steps of the complaint form, in order, and how each is bound to saved answers."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from werkzeug.datastructures import MultiDict

from complaints.case_triage import FALLBACK_TIME_ZONE
from complaints.catalog import lazy_gettext as _l
from complaints.facility_directory import facility_place
from complaints.intake import forms
from complaints.intake.facility_picker import attach_facility, picked_facility
from complaints.rules.places import place_of

# Buttons and tokens are not answers: they are never saved into a draft.
NOT_ANSWERS = frozenset({"csrf_token", "add_charge", "show_facilities", "return_to", "action"})


@dataclass(frozen=True)
class Step:
    slug: str
    title: object  # a lazy string, translated when shown
    form: type[forms.StepForm]
    required: bool  # a step with required questions must be answered before review


# The person's own account comes first, before any question that sorts it (issue 12).
STEPS: tuple[Step, ...] = (
    Step("story", _l("What happened, in your own words"), forms.StoryForm, True),
    Step("who", _l("Who is filing"), forms.WhoForm, True),
    Step("what-happened", _l("What happened"), forms.WhatForm, True),
    Step("person", _l("About the person"), forms.PersonForm, False),
    Step("detention", _l("Arrest and detention"), forms.DetentionForm, False),
    Step("documents", _l("Documents"), forms.DocumentsForm, False),
    Step("consent", _l("Contact and consent"), forms.ConsentForm, True),
)
BY_SLUG = {step.slug: step for step in STEPS}
Answers = dict[str, dict[str, list[str]]]


def answers_from(formdata: MultiDict) -> dict[str, list[str]]:
    """A step's submitted values, as typed, ready to save in the draft."""
    return {key: formdata.getlist(key) for key in formdata if key not in NOT_ANSWERS}


def zone_of(answers: Answers) -> ZoneInfo:
    """The zone detention times are read in: the jail's picked on "What happened", else the
    place given there, else the office's."""
    place = answers.get("what-happened", {})
    state = (place.get("state") or [""])[0] or None
    county = (place.get("county") or [""])[0] or None
    facility = facility_place(picked_facility(answers))
    return ZoneInfo(place_of(state, county, facility).time_zone or FALLBACK_TIME_ZONE)


def is_anonymous(answers: Answers) -> bool:
    return (answers.get("who", {}).get("identity") or [""])[0] == "anonymous"


def has_email(answers: Answers) -> bool:
    who, person = answers.get("who", {}), answers.get("person", {})
    emails = (who.get("filer_email") or [""]) + (person.get("email") or [""])
    return not is_anonymous(answers) and any(email.strip() for email in emails)


def receipt_to_filer(answers: Answers) -> bool:
    """Whether a receipt would go to someone filing for the person, at their own address."""
    who = answers.get("who", {})
    filing_for = (who.get("filing_for") or [""])[0]
    return filing_for == "someone_else" and any(e.strip() for e in who.get("filer_email") or [""])


def depends_on(step: Step, answers: Answers) -> tuple[object, ...]:
    """What `bind` gives a step's form from outside its own answers, as plain values. A step's
    check and its values depend on these, its own answers and the code, and on nothing else;
    `step_values` relies on that to reuse a check. Change both together."""
    form = step.form
    if form is forms.DetentionForm:
        return (zone_of(answers).key,)
    if form is forms.WhatForm:
        picked = picked_facility(answers)
        return (picked.id if picked is not None else None,)
    if form is forms.PersonForm:
        return (is_anonymous(answers),)
    if form is forms.ConsentForm:
        return (has_email(answers), not receipt_to_filer(answers))
    return ()


def bind(
    step: Step, answers: Answers, formdata: MultiDict | None = None, *, csrf: bool = True
) -> forms.StepForm:
    """The step's form filled with `formdata` (a POST) or else the saved answers.

    Cross-step facts the form needs (the jurisdiction's zone, anonymity, whether an email was
    given) are set from the other steps' answers.
    """
    data = (
        formdata
        if formdata is not None
        else MultiDict(
            [(key, value) for key, values in answers.get(step.slug, {}).items() for value in values]
        )
    )
    form = step.form(formdata=data, meta={"csrf": csrf})
    if isinstance(form, forms.DetentionForm):
        form.zone = zone_of(answers)
    elif isinstance(form, forms.WhatForm):
        attach_facility(form)
    elif isinstance(form, forms.PersonForm):
        form.anonymous = is_anonymous(answers)
    elif isinstance(form, forms.ConsentForm):
        form.has_email = has_email(answers)
        form.receipt_to_person = not receipt_to_filer(answers)
    return form
