"""The jail picker on "What happened": the state's list without script, search as JSON, and a
picked jail placing the case and its detainer clock."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from http import HTTPStatus

import pytest
import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import Flask
from flask.testing import FlaskClient

from complaints.models import Case, Facility
from complaints.rules.vocabulary import Role
from tests.web.directory import EL_PASO_JAIL, HOUSTON_CENTER, facility, load_directory
from tests.web.filing import WHAT, errors_on, fill_form, post_step, submit, token
from tests.web.staff import make_staff, sign_in

PICK_HELP = "Choose a jail from the list, or choose “Not in the list” and type its name."


@pytest.fixture
def directory(db: so.Session) -> so.Session:
    load_directory(db)
    return db


def options_of(page: str) -> dict[str, str]:
    """The facility list's options on a page: value -> text."""
    select = re.search(r'<select[^>]*name="facility_id".*?</select>', page, re.S)
    assert select, "no facility list on the page"
    found = re.findall(r'<option[^>]*value="([^"]*)"[^>]*>([^<]*)</option>', select.group(0))
    return {value: html.unescape(text) for value, text in found}


def test_without_a_state_the_step_offers_a_button_not_a_list(client, directory) -> None:
    page = client.get("/file/what-happened").get_data(as_text=True)
    assert '<select class="input" id="facility_id"' not in page
    assert '<input type="hidden" name="facility_id" id="facility_id" value="">' in page
    assert 'name="show_facilities"' in page and "Show jails in this state" in page
    assert '<label class="label" for="facility">If it is not in the list' in page


def test_show_jails_keeps_every_answer_and_lists_the_states_jails(
    client: FlaskClient, directory: so.Session
) -> None:
    typed = {"city": "Pasadena", "state": "TX", "county": "Harris"}
    response = post_step(client, "what-happened", {**typed, "show_facilities": "1"})
    assert response.status_code == HTTPStatus.OK
    page = response.get_data(as_text=True)
    assert errors_on(page) == []  # nothing was sent yet: no "choose at least one" here
    assert 'value="Pasadena"' in page and 'value="Harris"' in page
    options = options_of(page)
    texas = directory.execute(sa.select(sa.func.count()).where(Facility.state == "TX")).scalar()
    assert len(options) == texas + 1 == 198
    assert options[""] == "Not in the list, or I don't know"
    jail = facility(directory, EL_PASO_JAIL)
    assert options[str(jail.id)] == "EL PASO COUNTY JAIL (TEXAS) (EL PASO, TX)"
    # Saved in the draft, so leaving and coming back shows the same.
    again = client.get("/file/what-happened").get_data(as_text=True)
    assert 'value="Pasadena"' in again and str(jail.id) in options_of(again)


def test_a_jail_picked_from_the_list_is_kept_and_reviewed(client, directory) -> None:
    jail = facility(directory, EL_PASO_JAIL)
    response = post_step(client, "what-happened", {**WHAT, "facility": "", "facility_id": jail.id})
    assert response.status_code == HTTPStatus.FOUND
    page = client.get("/file/what-happened").get_data(as_text=True)
    assert re.search(rf'<option selected value="{jail.id}">', page)
    review = client.get("/file/review").get_data(as_text=True)
    assert "EL PASO COUNTY JAIL (TEXAS) (EL PASO, TX)" in review


def test_a_picked_jail_places_the_case_and_its_detainer_clock(client, directory) -> None:
    jail = facility(directory, EL_PASO_JAIL)
    # Typed: Harris county (Central time). Picked: the El Paso county jail (Mountain time).
    what = {**WHAT, "county": "Harris", "city": "Houston", "facility": "", "facility_id": jail.id}
    fill_form(client, **{"what-happened": what})
    submit(client)
    case = directory.execute(sa.select(Case)).scalar_one()
    assert (case.facility_id, case.facility_name) == (jail.id, "EL PASO COUNTY JAIL (TEXAS)")
    assert (case.state, case.county, case.city) == ("TX", "EL PASO", "Houston")
    assert case.time_zone == "America/Denver"
    # Eligible Friday 2026-11-20 15:00 at the jail (MST, UTC-7) = 22:00 UTC; 48 business hours
    # end Tuesday 15:00 MST = 22:00 UTC (Houston's clock would have said 21:00 UTC).
    assert case.detention.eligible_for_release_at == datetime(2026, 11, 20, 22, 0, tzinfo=UTC)
    assert case.detainer_deadline == datetime(2026, 11, 24, 22, 0, tzinfo=UTC)


def test_a_picked_jail_fills_an_empty_state_and_county(client, directory) -> None:
    center = facility(directory, HOUSTON_CENTER)
    what = {**WHAT, "state": "", "county": "", "facility": "", "facility_id": center.id}
    fill_form(client, **{"what-happened": what})
    submit(client)
    case = directory.execute(sa.select(Case)).scalar_one()
    assert (case.state, case.county, case.time_zone) == ("TX", "HARRIS", "America/Chicago")
    assert case.facility_name == "HOUSTON CONTRACT DETENTION FACILITY"
    # 15:00 Central (UTC-6) is 21:00 UTC; the deadline is Tuesday 15:00 Central.
    assert case.detention.eligible_for_release_at == datetime(2026, 11, 20, 21, 0, tzinfo=UTC)
    assert case.detainer_deadline == datetime(2026, 11, 24, 21, 0, tzinfo=UTC)


def test_a_jail_not_in_the_list_is_typed_as_before(client, directory) -> None:
    fill_form(client)  # WHAT types "El Paso County Jail" and picks nothing
    submit(client)
    case = directory.execute(sa.select(Case)).scalar_one()
    assert (case.facility_id, case.facility_name) == (None, "El Paso County Jail")
    assert (case.state, case.county, case.time_zone) == ("TX", "El Paso", "America/Denver")
    assert case.detainer_deadline == datetime(2026, 11, 24, 22, 0, tzinfo=UTC)


def test_picking_and_typing_a_name_asks_to_keep_one(client, directory) -> None:
    jail = facility(directory, EL_PASO_JAIL)
    response = post_step(client, "what-happened", {**WHAT, "facility_id": jail.id})
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    page = response.get_data(as_text=True)
    assert errors_on(page) == [
        "You chose a jail from the list and also typed a name. Keep one: clear the name, "
        "or choose “Not in the list, or I don't know”."
    ]
    assert 'value="El Paso County Jail"' in page  # both answers kept


@pytest.mark.parametrize("value", ["abc", "0", "999999", "1" * 40, "-1", "1.5", "٣"])
def test_an_unknown_facility_is_refused_in_words(client, directory, value: str) -> None:
    response = post_step(client, "what-happened", {**WHAT, "facility": "", "facility_id": value})
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert errors_on(response.get_data(as_text=True)) == [PICK_HELP]


def test_the_staff_case_page_names_the_facility_and_its_place(app: Flask, client, directory):
    jail = facility(directory, EL_PASO_JAIL)
    fill_form(client, **{"what-happened": {**WHAT, "facility": "", "facility_id": jail.id}})
    reference, _code = submit(client)
    staff = app.test_client()
    sign_in(staff, make_staff(app, directory, Role.CASEWORKER))
    page = staff.get(f"/staff/cases/{reference}").get_data(as_text=True)
    assert "EL PASO COUNTY JAIL (TEXAS) (EL PASO, TX)" in page


def search(client: FlaskClient, **params: str):
    return client.get("/facilities/search", query_string=params)


def test_search_matches_every_word_of_name_or_town(client, directory) -> None:
    response = search(client, q="el paso jail")
    assert response.status_code == HTTPStatus.OK
    assert response.mimetype == "application/json"
    found = response.json
    assert found[0] == {
        "id": facility(directory, EL_PASO_JAIL).id,
        "name": "EL PASO COUNTY JAIL (TEXAS)",
        "city": "EL PASO",
        "county": "EL PASO",
        "state": "TX",
    }
    assert all("JAIL" in item["name"] for item in found)
    by_town = search(client, q="houston contract").json
    assert [item["name"] for item in by_town] == ["HOUSTON CONTRACT DETENTION FACILITY"]
    assert search(client, q="Houston Contract").json == by_town  # case does not matter


def test_search_returns_at_most_twenty_the_chosen_state_first(client, directory) -> None:
    found = search(client, q="county jail", state="wa").json
    assert len(found) == 20
    states = [item["state"] for item in found]
    in_washington = states.count("WA")
    assert in_washington >= 5 and states[:in_washington] == ["WA"] * in_washington
    names = [item["name"] for item in found[:in_washington]]
    assert names == sorted(names)
    assert len(search(client, q="county jail").json) == 20


@pytest.mark.parametrize(
    "query",
    ["", "x", "+e+", "%25%25", "__", "%5C", "%00%00", "'+OR+1=1+--", "%D8%AC" * 5, "%ED%A0%80",
     "%FF%FE", "a" * 100, "q=1&q=2", "%E2%80%AE%E2%80%AEpaso"],
)  # fmt: skip
def test_odd_searches_give_a_list_never_an_error(client, directory, query: str) -> None:
    response = client.get(f"/facilities/search?q={query}&state=%00")
    assert response.status_code == HTTPStatus.OK
    assert isinstance(response.json, list) and len(response.json) <= 20
    assert search(client, q="%_").json == []  # LIKE's wildcards are taken literally


def test_a_query_longer_than_any_name_is_a_bad_request(client, directory) -> None:
    response = search(client, q="a" * 101)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json == {"error": "q is longer than 100 characters"}


def test_an_unknown_state_is_ignored(client, directory) -> None:
    assert search(client, q="el paso", state="ZZ").json == search(client, q="el paso").json


def test_search_is_rate_limited_per_address(app: Flask, client, directory) -> None:
    app.config["FACILITY_SEARCH_LIMIT"] = "3 per minute"
    statuses = [search(client, q="el paso").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, HTTPStatus.TOO_MANY_REQUESTS]


def test_the_step_loads_the_search_script_and_carries_its_messages(client, directory) -> None:
    page = client.get("/file/what-happened").get_data(as_text=True)
    assert '<script src="/static/js/facility-search.js" defer></script>' in page
    assert 'data-url="/facilities/search"' in page
    assert 'role="combobox"' in page and 'role="listbox"' in page
    with client.get("/static/js/facility-search.js") as script:
        assert script.status_code == HTTPStatus.OK
    assert token(client, "/file/what-happened")


def test_a_failing_directory_never_loses_an_answer(client, directory, failing_database) -> None:
    jail = facility(directory, EL_PASO_JAIL)
    picked = {**WHAT, "facility": "", "facility_id": jail.id}
    with failing_database("SELECT facilities"):
        response = post_step(client, "what-happened", picked)
    # Not accepted unchecked, but shown again with everything, the choice still made.
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    page = response.get_data(as_text=True)
    assert errors_on(page) == [PICK_HELP]
    assert f'<option selected value="{jail.id}">{jail.id}</option>' in page
    assert 'value="El Paso"' in page and 'value="prolonged_detention"' in page
    assert post_step(client, "what-happened", picked).status_code == HTTPStatus.FOUND
