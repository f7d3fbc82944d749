"""Time zones by state and county: expected zones are written as literals, then every facility on
the shared ICE list is checked against the zone its own coordinates fall in."""

import csv
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from timezonefinder import TimezoneFinder

from complaints.facilities import find_csv
from complaints.rules.jurisdictions import (
    COUNTY_TIME_ZONES,
    STATE_TIME_ZONES,
    STATES,
    county_key,
    jurisdiction_time_zone,
    spans_zones,
    state_time_zone,
)

# A winter and a summer instant: two zones are the same for our purpose when both offsets agree
# (America/Indiana/Indianapolis and America/New_York, say).
INSTANTS = (datetime(2026, 1, 15, 12, tzinfo=UTC), datetime(2026, 7, 15, 12, tzinfo=UTC))

# Facilities (detloc -> why) whose listed state and county give another zone than their
# coordinates. None today: every split county on the list lies wholly in its seat's zone and no
# geocode lands across a zone line. Add an entry only with the reason it is not our error.
KNOWN_EXCEPTIONS: dict[str, str] = {}


def offsets(zone: str | None) -> tuple[timedelta | None, ...] | None:
    if zone is None:
        return None
    return tuple(instant.astimezone(ZoneInfo(zone)).utcoffset() for instant in INSTANTS)


@pytest.mark.parametrize(
    ("state", "county", "zone"),
    [
        ("TX", "EL PASO", "America/Denver"),
        ("TX", "HUDSPETH", "America/Denver"),
        ("TX", "CULBERSON", "America/Chicago"),
        ("TX", "HARRIS", "America/Chicago"),
        ("FL", "ESCAMBIA", "America/Chicago"),
        ("FL", "GULF", "America/New_York"),
        ("FL", "MIAMI-DADE", "America/New_York"),
        ("ID", "KOOTENAI", "America/Los_Angeles"),
        ("ID", "IDAHO", "America/Los_Angeles"),
        ("ID", "ADA", "America/Boise"),
        ("IN", "LAKE", "America/Chicago"),
        ("IN", "VANDERBURGH", "America/Chicago"),
        ("IN", "MARION", "America/Indiana/Indianapolis"),
        ("TN", "KNOX", "America/New_York"),
        ("TN", "HAMILTON", "America/New_York"),
        ("TN", "DAVIDSON", "America/Chicago"),
        ("KY", "JEFFERSON", "America/New_York"),
        ("KY", "DAVIESS", "America/Chicago"),
        ("MI", "GOGEBIC", "America/Menominee"),
        ("MI", "WAYNE", "America/Detroit"),
        ("OR", "MALHEUR", "America/Boise"),
        ("OR", "MULTNOMAH", "America/Los_Angeles"),
        ("SD", "PENNINGTON", "America/Denver"),
        ("SD", "SHANNON", "America/Denver"),
        ("SD", "MINNEHAHA", "America/Chicago"),
        ("NE", "SCOTTS BLUFF", "America/Denver"),
        ("NE", "CHERRY", "America/Chicago"),
        ("ND", "STARK", "America/Denver"),
        ("ND", "MCKENZIE", "America/Chicago"),
        ("ND", "MERCER", "America/North_Dakota/Beulah"),
        ("KS", "GREELEY", "America/Denver"),
        ("KS", "SEDGWICK", "America/Chicago"),
        ("AL", "RUSSELL", "America/New_York"),
        ("AL", "MONTGOMERY", "America/Chicago"),
        ("AK", "ALEUTIANS WEST", "America/Anchorage"),
        ("AZ", "APACHE", "America/Phoenix"),
        ("NV", "ELKO", "America/Los_Angeles"),
        # Spellings as people and lists write them.
        ("TX", "El Paso", "America/Denver"),
        ("TX", "  el paso county ", "America/Denver"),
        ("tx", "EL PASO COUNTY", "America/Denver"),
        ("FL", "Escambia  County", "America/Chicago"),
        ("IN", "La Porte", "America/Chicago"),
        ("IN", "LaPorte County", "America/Chicago"),
        ("KY", "McCracken", "America/Chicago"),
        ("KY", "Mc Cracken County", "America/Chicago"),
        ("ND", "Golden Valley", "America/Denver"),
        # No county, or one we do not list, falls back to the state.
        ("TX", None, "America/Chicago"),
        ("TX", "", "America/Chicago"),
        ("TX", "NOT A COUNTY", "America/Chicago"),
        ("CA", "EL PASO", "America/Los_Angeles"),
        # Unknown states have no zone, whatever the county.
        ("ZZ", None, None),
        ("NA", "EL PASO", None),
        ("", "EL PASO", None),
        (None, "EL PASO", None),
    ],
)
def test_jurisdiction_time_zone(state, county, zone):
    assert jurisdiction_time_zone(state, county) == zone


def test_mercer_kept_mountain_time_until_november_2010():
    zone = ZoneInfo(jurisdiction_time_zone("ND", "Mercer"))
    assert datetime(2009, 7, 1, 12, tzinfo=zone).utcoffset() == timedelta(hours=-6)
    assert datetime(2010, 12, 1, 12, tzinfo=zone).utcoffset() == timedelta(hours=-6)
    assert datetime(2011, 7, 1, 12, tzinfo=zone).utcoffset() == timedelta(hours=-5)


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("St. Joseph", "SAINTJOSEPH"),
        ("ST JOSEPH", "SAINTJOSEPH"),
        ("Saint Joseph County", "SAINTJOSEPH"),
        ("Ste. Genevieve", "SAINTEGENEVIEVE"),
        ("Orleans Parish", "ORLEANS"),
        ("Kodiak Island Borough", "KODIAKISLAND"),
        ("DEKALB COUNTY", "DEKALB"),
        ("De Kalb", "DEKALB"),
        ("Miami-Dade", "MIAMIDADE"),
        ("COUNTY", "COUNTY"),
        ("Stevens", "STEVENS"),
    ],
)
def test_county_key(written, key):
    assert county_key(written) == key


listed_counties = st.sampled_from(
    [
        (state, county, zone)
        for state, counties in COUNTY_TIME_ZONES.items()
        for county, zone in counties.items()
    ]
)


@given(
    listed_counties,
    st.sampled_from([str.upper, str.lower, str.title]),
    st.sampled_from(["", " County", " COUNTY", " county"]),
    st.text(alphabet=" \t", max_size=3),
)
def test_any_spelling_of_a_listed_county_finds_its_zone(entry, case, suffix, padding):
    state, county, zone = entry
    written = f"{padding}{case(county)}{suffix}{padding}"
    assert jurisdiction_time_zone(state.lower(), written) == zone


def test_state_time_zone():
    assert state_time_zone("TX") == "America/Chicago"
    assert state_time_zone(" ky ") == "America/New_York"
    assert state_time_zone("ID") == "America/Boise"
    assert state_time_zone("ZZ") is None
    assert state_time_zone(None) is None


def test_every_zone_is_a_real_zone():
    zones = set(STATE_TIME_ZONES.values())
    zones |= {zone for counties in COUNTY_TIME_ZONES.values() for zone in counties.values()}
    for zone in zones:
        ZoneInfo(zone)


def test_county_tables_hold_only_differences_in_known_states():
    assert set(COUNTY_TIME_ZONES) <= set(STATE_TIME_ZONES)
    for state, counties in COUNTY_TIME_ZONES.items():
        for county, zone in counties.items():
            assert zone != STATE_TIME_ZONES[state], (state, county)
            # Written as the facility list writes counties, with no suffix to strip.
            assert county == county.strip().upper()
            assert not county.endswith((" COUNTY", " PARISH", " BOROUGH")), (state, county)
        # Two spellings of one county would make the table ambiguous.
        assert len({county_key(county) for county in counties}) == len(counties), state


def test_spans_zones():
    split = {"AK", "AL", "AZ", "FL", "ID", "IN", "KS", "KY", "MI", "ND", "NE", "NV", "OR", "SD"}
    split |= {"TN", "TX"}
    assert {state for state in STATE_TIME_ZONES if spans_zones(state)} == split
    assert spans_zones("tx")
    assert not spans_zones("CA")
    assert not spans_zones("ZZ")
    assert not spans_zones(None)


def test_states_name_every_state_in_name_order():
    assert set(STATES) == set(STATE_TIME_ZONES)
    assert list(STATES.values()) == sorted(STATES.values())
    assert STATES["DC"] == "District of Columbia"
    assert STATES["MP"] == "Northern Mariana Islands"
    assert STATES["TX"] == "Texas"


def known(value: str) -> str | None:
    value = value.strip()
    return None if value in ("", "NA") else value


@pytest.fixture(scope="module")
def located_facilities() -> list[tuple[dict[str, str], str | None]]:
    """Each facility with coordinates, paired with the zone its coordinates fall in."""
    path = find_csv()
    if path is None:
        pytest.skip("the shared ICE facility list (../shared/data/ice-facilities.csv) is missing")
    finder = TimezoneFinder()
    with path.open(newline="", encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if known(row["lat"]) and known(row["long"])]
    return [
        (row, finder.timezone_at(lng=float(row["long"]), lat=float(row["lat"]))) for row in rows
    ]


def test_every_facility_keeps_the_zone_of_its_coordinates(located_facilities):
    assert len(located_facilities) > 1_400
    mismatches = {}
    for row, found in located_facilities:
        ours = jurisdiction_time_zone(known(row["state"]), known(row["county"]))
        if found is None or ours is None or offsets(ours) != offsets(found):
            mismatches[row["detloc"]] = (row["state"], row["county"], row["name"], ours, found)
    unexplained = {code: why for code, why in mismatches.items() if code not in KNOWN_EXCEPTIONS}
    assert unexplained == {}
    # An exception that no longer mismatches should leave the list.
    assert set(KNOWN_EXCEPTIONS) <= set(mismatches)


def test_states_with_facilities_in_two_zones_are_split_states(located_facilities):
    zones_by_state = defaultdict(set)
    for row, found in located_facilities:
        zones_by_state[known(row["state"])].add(offsets(found))
    seen_split = {state for state, zones in zones_by_state.items() if len(zones) > 1}
    # The states DESIGN names, so an empty set cannot pass for a subset.
    assert {"TX", "FL", "KY", "TN"} <= seen_split
    assert seen_split <= {state for state in STATE_TIME_ZONES if spans_zones(state)}
