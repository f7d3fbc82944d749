"""The time zone a jurisdiction keeps: the state's, or the county's where a state spans zones.

Times on the complaint form are wall-clock times read where the person was held, so they must be
read in the zone people there keep. A zone keyed on the state alone is an hour off for El Paso,
the Florida panhandle, western Kentucky, eastern Tennessee and the other split states, which
moves a detainer deadline across a day boundary often enough to matter.
"""

from __future__ import annotations

import re

STATE_TIME_ZONES: dict[str, str] = {
    "AL": "America/Chicago", "AK": "America/Anchorage", "AZ": "America/Phoenix",
    "AR": "America/Chicago", "CA": "America/Los_Angeles", "CO": "America/Denver",
    "CT": "America/New_York", "DE": "America/New_York", "DC": "America/New_York",
    "FL": "America/New_York", "GA": "America/New_York", "HI": "Pacific/Honolulu",
    "ID": "America/Boise", "IL": "America/Chicago", "IN": "America/Indiana/Indianapolis",
    "IA": "America/Chicago", "KS": "America/Chicago", "KY": "America/New_York",
    "LA": "America/Chicago", "ME": "America/New_York", "MD": "America/New_York",
    "MA": "America/New_York", "MI": "America/Detroit", "MN": "America/Chicago",
    "MS": "America/Chicago", "MO": "America/Chicago", "MT": "America/Denver",
    "NE": "America/Chicago", "NV": "America/Los_Angeles", "NH": "America/New_York",
    "NJ": "America/New_York", "NM": "America/Denver", "NY": "America/New_York",
    "NC": "America/New_York", "ND": "America/Chicago", "OH": "America/New_York",
    "OK": "America/Chicago", "OR": "America/Los_Angeles", "PA": "America/New_York",
    "RI": "America/New_York", "SC": "America/New_York", "SD": "America/Chicago",
    "TN": "America/Chicago", "TX": "America/Chicago", "UT": "America/Denver",
    "VT": "America/New_York", "VA": "America/New_York", "WA": "America/Los_Angeles",
    "WV": "America/New_York", "WI": "America/Chicago", "WY": "America/Denver",
    "PR": "America/Puerto_Rico", "VI": "America/St_Thomas", "GU": "Pacific/Guam",
    "MP": "Pacific/Saipan", "AS": "Pacific/Pago_Pago",
}  # fmt: skip
"""Two-letter code -> the IANA zone covering most of the state's people."""

STATES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AS": "American Samoa", "AZ": "Arizona",
    "AR": "Arkansas", "CA": "California", "CO": "Colorado", "CT": "Connecticut",
    "DE": "Delaware", "DC": "District of Columbia", "FL": "Florida", "GA": "Georgia",
    "GU": "Guam", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana",
    "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine",
    "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "MP": "Northern Mariana Islands",
    "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania", "PR": "Puerto Rico",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee",
    "TX": "Texas", "VI": "U.S. Virgin Islands", "UT": "Utah", "VT": "Vermont",
    "VA": "Virginia", "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin",
    "WY": "Wyoming",
}  # fmt: skip
"""Two-letter code -> English name, in name order (for select lists; translated elsewhere)."""

# Split counties go with the zone of their seat and most of their people, noted where it applies.
# Counties with their own tzdata zone whose clock has matched the zone written here since 2007,
# before Secure Communities began, use the plain zone: America/Indiana/Vincennes, .../Petersburg,
# America/Kentucky/Monticello and North Dakota's Center and New_Salem are left out as their
# state's; Indiana's Knox (Starke) and Tell_City (Perry) are written as America/Chicago.
COUNTY_TIME_ZONES: dict[str, dict[str, str]] = {
    # Adak and Atka keep Hawaii-Aleutian time, but Unalaska, where most of the Aleutians West
    # census area lives, keeps Alaska time, so no whole borough leaves the state's zone.
    "AK": {},
    # Officially all Central, but Phenix City (Russell's seat, most of its people, part of the
    # Columbus GA metro) keeps Eastern, so clocks read there are Eastern. Lanett and Valley do
    # too; Chambers County stays Central with its seat, LaFayette.
    "AL": {"RUSSELL": "America/New_York"},
    # The Navajo Nation (in Apache, Coconino and Navajo counties) keeps daylight saving time
    # (America/Denver); no county lies wholly inside it and every county seat keeps Phoenix time.
    "AZ": {},
    # The panhandle west of the Apalachicola keeps Central. Gulf County is split; its seat,
    # Port St. Joe, keeps Eastern.
    "FL": dict.fromkeys((
        "BAY", "CALHOUN", "ESCAMBIA", "HOLMES", "JACKSON", "OKALOOSA", "SANTA ROSA", "WALTON",
        "WASHINGTON",
    ), "America/Chicago"),
    # The north keeps Pacific time. Idaho County is split at the Salmon River; Grangeville, its
    # seat, is on the Pacific side.
    "ID": dict.fromkeys((
        "BENEWAH", "BONNER", "BOUNDARY", "CLEARWATER", "IDAHO", "KOOTENAI", "LATAH", "LEWIS",
        "NEZ PERCE", "SHOSHONE",
    ), "America/Los_Angeles"),
    # The Chicago suburbs (north-west) and the Evansville area (south-west) keep Central.
    "IN": dict.fromkeys((
        "JASPER", "LAKE", "LAPORTE", "NEWTON", "PORTER", "STARKE",
        "GIBSON", "PERRY", "POSEY", "SPENCER", "VANDERBURGH", "WARRICK",
    ), "America/Chicago"),
    "KS": dict.fromkeys(("GREELEY", "HAMILTON", "SHERMAN", "WALLACE"), "America/Denver"),
    # Western Kentucky keeps Central; Louisville and Lexington (most people) keep Eastern.
    "KY": dict.fromkeys((
        "ADAIR", "ALLEN", "BALLARD", "BARREN", "BRECKINRIDGE", "BUTLER", "CALDWELL", "CALLOWAY",
        "CARLISLE", "CHRISTIAN", "CLINTON", "CRITTENDEN", "CUMBERLAND", "DAVIESS", "EDMONSON",
        "FULTON", "GRAVES", "GRAYSON", "GREEN", "HANCOCK", "HART", "HENDERSON", "HICKMAN",
        "HOPKINS", "LIVINGSTON", "LOGAN", "LYON", "MARSHALL", "MCCRACKEN", "MCLEAN", "METCALFE",
        "MONROE", "MUHLENBERG", "OHIO", "RUSSELL", "SIMPSON", "TODD", "TRIGG", "UNION",
        "WARREN", "WEBSTER",
    ), "America/Chicago"),
    # The four Upper Peninsula counties bordering Wisconsin keep Central.
    "MI": dict.fromkeys(("DICKINSON", "GOGEBIC", "IRON", "MENOMINEE"), "America/Menominee"),
    # ND: Dunn is split; Manning (seat) and Killdeer keep Mountain. McKenzie is split too, but
    # Watford City (seat) keeps Central, so it stays with the state. Mercer kept Mountain until
    # November 2010, inside the years complaints cover; tzdata's Beulah zone holds that change.
    "ND": dict.fromkeys((
        "ADAMS", "BILLINGS", "BOWMAN", "DUNN", "GOLDEN VALLEY", "GRANT", "HETTINGER", "SLOPE",
        "STARK",
    ), "America/Denver") | {"MERCER": "America/North_Dakota/Beulah"},
    # NE: Cherry is split; Valentine (seat) keeps Central, so it stays with the state.
    "NE": dict.fromkeys((
        "ARTHUR", "BANNER", "BOX BUTTE", "CHASE", "CHEYENNE", "DAWES", "DEUEL", "DUNDY", "GARDEN",
        "GRANT", "HOOKER", "KEITH", "KIMBALL", "MORRILL", "PERKINS", "SCOTTS BLUFF", "SHERIDAN",
        "SIOUX",
    ), "America/Denver"),
    # West Wendover keeps Mountain time, but Elko County's seat and most people keep Pacific.
    "NV": {},
    # Malheur keeps Mountain (Ontario and Vale look to Boise), all but its far-south corner.
    "OR": {"MALHEUR": "America/Boise"},
    # West of the Missouri keeps Mountain. Shannon is Oglala Lakota's name before 2015, which
    # older lists still use. Stanley is officially split, but Fort Pierre (seat) keeps Central.
    "SD": dict.fromkeys((
        "BENNETT", "BUTTE", "CORSON", "CUSTER", "DEWEY", "FALL RIVER", "HAAKON", "HARDING",
        "JACKSON", "LAWRENCE", "MEADE", "OGLALA LAKOTA", "PENNINGTON", "PERKINS", "SHANNON",
        "ZIEBACH",
    ), "America/Denver"),
    # East Tennessee keeps Eastern, except Bledsoe, Cumberland, Fentress, Marion, Pickett,
    # Sequatchie and Van Buren, which keep the state's Central.
    "TN": dict.fromkeys((
        "ANDERSON", "BLOUNT", "BRADLEY", "CAMPBELL", "CARTER", "CLAIBORNE", "COCKE", "GRAINGER",
        "GREENE", "HAMBLEN", "HAMILTON", "HANCOCK", "HAWKINS", "JEFFERSON", "JOHNSON", "KNOX",
        "LOUDON", "MCMINN", "MEIGS", "MONROE", "MORGAN", "POLK", "RHEA", "ROANE", "SCOTT",
        "SEVIER", "SULLIVAN", "UNICOI", "UNION", "WASHINGTON",
    ), "America/New_York"),
    # Only El Paso and Hudspeth keep Mountain. Culberson is Central: the zone line on I-10 is
    # its border with Hudspeth, and Van Horn (seat, and its jail on the ICE list) keeps Central;
    # only Guadalupe Mountains National Park in its far north-west keeps Mountain by custom.
    "TX": {"EL PASO": "America/Denver", "HUDSPETH": "America/Denver"},
}  # fmt: skip
"""State code -> {county as the ICE facility list writes it -> zone}, for counties whose zone
differs from STATE_TIME_ZONES. Every state that spans zones has an entry; an empty entry means
the split runs inside counties and every county keeps the state's zone."""

_SUFFIX = re.compile(r"\s+(COUNTY|PARISH|BOROUGH)$")
_SAINT = re.compile(r"\bST\b\.?")
_SAINTE = re.compile(r"\bSTE\b\.?")


def county_key(county: str) -> str:
    """The form of a county name used for matching.

    Input: a county name as people and lists write it ("St. Joseph County", " la porte ").
    Result: upper case, without a trailing County/Parish/Borough, "ST."/"STE." spelt out, and
    without spaces or punctuation, so "LA PORTE", "LaPorte" and "LAPORTE COUNTY" match.
    """
    name = _SUFFIX.sub("", " ".join(county.upper().split()))
    name = _SAINTE.sub("SAINTE", _SAINT.sub("SAINT", name))
    return "".join(character for character in name if character.isalnum())


# Built once so a lookup is a dict access, whatever spelling the caller uses.
_COUNTY_INDEX: dict[str, dict[str, str]] = {
    state: {county_key(county): zone for county, zone in counties.items()}
    for state, counties in COUNTY_TIME_ZONES.items()
}


def _state_code(state: str | None) -> str:
    return (state or "").strip().upper()


def state_time_zone(state: str | None) -> str | None:
    """The IANA zone covering most of a state.

    Input: a two-letter code in any case, or None. Result: the zone name, or None when unknown.
    """
    return STATE_TIME_ZONES.get(_state_code(state))


def jurisdiction_time_zone(state: str | None, county: str | None = None) -> str | None:
    """The IANA zone in which times from a state and county are read.

    Inputs: a two-letter state code (any case) and optionally a county name, matched
    case-insensitively and ignoring a trailing County/Parish/Borough and "ST." vs "SAINT".
    Result: the county's zone when it differs from its state's, else the state's zone, else None
    when the state is unknown. An unlisted or misspelt county falls back to the state's zone.
    """
    code = _state_code(state)
    zone = STATE_TIME_ZONES.get(code)
    if zone is None or not county:
        return zone
    return _COUNTY_INDEX.get(code, {}).get(county_key(county), zone)


def spans_zones(state: str | None) -> bool:
    """Whether people in a state keep more than one clock, so the county must be asked for.

    Input: a two-letter state code (any case) or None. Result: True for split states.
    """
    return _state_code(state) in COUNTY_TIME_ZONES
