"""A facility's zone from its coordinates, and how a picked jail places a complaint."""

from __future__ import annotations

import pytest

from complaints.facility_zones import coordinates_time_zone, facility_time_zone
from complaints.rules.places import FacilityPlace, Place, place_of

EL_PASO_JAIL = FacilityPlace("TX", "EL PASO", "America/Denver")
HOUSTON_CENTER = FacilityPlace("TX", "HARRIS", "America/Chicago")


@pytest.mark.parametrize(
    ("latitude", "longitude", "zone"),
    [
        (31.7950511, -106.3581527, "America/Denver"),  # El Paso County Jail, TX
        (29.9479, -95.3617, "America/Chicago"),  # Houston, TX
        (30.4213, -87.2169, "America/Chicago"),  # Pensacola, in the Florida panhandle
        (25.7617, -80.1918, "America/New_York"),  # Miami
        (47.6062, -122.3321, "America/Los_Angeles"),  # Seattle
        (18.4655, -66.1057, "America/Puerto_Rico"),  # San Juan
    ],
)
def test_coordinates_give_the_zone_kept_there(latitude, longitude, zone) -> None:
    assert coordinates_time_zone(latitude, longitude) == zone
    assert facility_time_zone(latitude, longitude, "XX", None) == zone


def test_without_coordinates_the_state_and_county_decide() -> None:
    assert facility_time_zone(None, None, "TX", "EL PASO") == "America/Denver"
    assert facility_time_zone(None, None, "TX", "HARRIS") == "America/Chicago"
    assert facility_time_zone(None, None, "VA", "SUFFOLK CITY") == "America/New_York"
    assert facility_time_zone(None, -106.0, "TX", None) == "America/Chicago"
    assert facility_time_zone(None, None, None, None) is None


def test_impossible_coordinates_fall_back_to_the_state() -> None:
    assert coordinates_time_zone(95.0, -106.0) is None
    assert facility_time_zone(95.0, -106.0, "NM", None) == "America/Denver"


def test_without_a_facility_the_place_is_what_was_typed() -> None:
    assert place_of("TX", "El Paso") == Place("TX", "El Paso", "America/Denver")
    assert place_of(None, None) == Place(None, None, None)


def test_a_facility_fills_an_empty_state_and_county() -> None:
    assert place_of(None, None, EL_PASO_JAIL) == Place("TX", "EL PASO", "America/Denver")
    assert place_of("TX", None, EL_PASO_JAIL) == Place("TX", "EL PASO", "America/Denver")


def test_the_facility_wins_a_conflict() -> None:
    # Another state: the typed county lies there too, so the facility's replaces it.
    assert place_of("NM", "Doña Ana", EL_PASO_JAIL) == Place("TX", "EL PASO", "America/Denver")
    # Same state, another county: the clock is the jail's.
    assert place_of("TX", "Harris", EL_PASO_JAIL) == Place("TX", "EL PASO", "America/Denver")
    assert place_of("TX", "El Paso", HOUSTON_CENTER) == Place("TX", "HARRIS", "America/Chicago")


def test_the_same_county_in_the_filers_spelling_is_kept() -> None:
    assert place_of("tx", "El Paso County", EL_PASO_JAIL) == Place(
        "tx", "El Paso County", "America/Denver"
    )


def test_a_facility_without_a_place_changes_nothing_but_its_zone() -> None:
    transport = FacilityPlace(None, None, None)
    assert place_of("TX", "El Paso", transport) == Place("TX", "El Paso", "America/Denver")
    located = FacilityPlace(None, None, "America/Phoenix")
    assert place_of("AZ", None, located) == Place("AZ", None, "America/Phoenix")


def test_a_facility_without_a_zone_gets_its_jurisdictions() -> None:
    unzoned = FacilityPlace("TX", "EL PASO", None)
    assert place_of(None, None, unzoned) == Place("TX", "EL PASO", "America/Denver")
