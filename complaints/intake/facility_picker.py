"""The jail picker on "What happened": the list of a state's jails, and search as you type.

Without JavaScript the step shows a plain list of the jails in the chosen state (a button shows
it after the state is chosen); a small script (static/js/facility-search.js) adds a search box
that asks `facility_search` for jails whose name or town matches what is typed.
"""

from __future__ import annotations

import logging
from http import HTTPStatus

from flask import current_app, jsonify, request
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from complaints.extensions import db, limiter
from complaints.facility_directory import (
    SEARCH_LIMIT,
    facilities_in_state,
    facility_by_id,
    search_facilities,
)
from complaints.intake import forms
from complaints.intake.blueprint import bp
from complaints.intake.fields import clean_line
from complaints.models import Facility
from complaints.rules.jurisdictions import STATES

log = logging.getLogger(__name__)
QUERY_MAX = 100  # longer than any name on the list
Answers = dict[str, dict[str, list[str]]]


def option_label(facility: Facility) -> str:
    where = ", ".join(part for part in (facility.city, facility.state) if part)
    return f"{facility.name} ({where})" if where else facility.name


def picked_facility(answers: Answers) -> Facility | None:
    """The directory facility the filer picked on "What happened", if any."""
    values = answers.get("what-happened", {}).get("facility_id") or [""]
    return facility_by_id(db.session, values[0])


def attach_facility(form: forms.WhatForm) -> None:
    """Look up the facility the form's answer names; offer it (and "not listed") as choices.

    When the database fails the answer stays chosen, shown by its number, but is not accepted
    (`picked` stays None): the view says the page was not saved, and nothing typed is lost.
    """
    value = form.facility_id.data
    try:
        form.picked = facility_by_id(db.session, value)
    except SQLAlchemyError as error:
        db.session.rollback()
        log.error("facility not looked up: %s", type(error).__name__)
        form.picked = None
    choices = [form.facility_id.choices[0]]
    if form.picked is not None:
        choices.append(SelectChoice(str(form.picked.id), option_label(form.picked)))
    elif value:
        choices.append(SelectChoice(value, value))
    form.facility_id.choices = choices


def offer_state_facilities(form: forms.WhatForm) -> None:
    """Add the chosen state's facilities to the list (for showing the step, not for checking)."""
    state = form.state.data
    if state not in STATES:
        return
    try:
        listed = facilities_in_state(db.session, state)
    except SQLAlchemyError as error:
        # Only a help to choose: the page is shown without it (the name box still works).
        db.session.rollback()
        log.error("facility list not read: %s", type(error).__name__)
        return
    offered = {choice.value for choice in form.facility_id.choices}
    form.facility_id.choices = form.facility_id.choices + [
        SelectChoice(str(facility.id), option_label(facility))
        for facility in listed
        if str(facility.id) not in offered
    ]


def _as_json(facility: Facility) -> dict[str, object]:
    return {
        "id": facility.id,
        "name": facility.name,
        "city": facility.city,
        "county": facility.county,
        "state": facility.state,
    }


@bp.get("/facilities/search")
@limiter.limit(lambda: current_app.config["FACILITY_SEARCH_LIMIT"])
def facility_search() -> Response | tuple[Response, int]:
    """Up to 20 facilities matching `q` (two letters or more), those in `state` first, as JSON."""
    text = clean_line(request.args.get("q", "")) or ""
    if len(text) > QUERY_MAX:
        return jsonify({"error": f"q is longer than {QUERY_MAX} characters"}), (
            HTTPStatus.BAD_REQUEST
        )
    if len(text.replace(" ", "")) < 2:
        return jsonify([])
    state = request.args.get("state", "").strip().upper()
    found = search_facilities(
        db.session, text, state=state if state in STATES else None, limit=SEARCH_LIMIT
    )
    return jsonify([_as_json(facility) for facility in found])
