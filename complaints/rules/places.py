"""Where a complaint happened, once the filer has picked the jail from the facility directory.

The jail's place decides the detainer clock: its zone says which days are business days and
when the 48 hours end. So where the filer left the state or county empty, or gave ones that
disagree with the jail's, the jail's are used; a county that names the same place in the filer's
own spelling ("El Paso County" for EL PASO) is kept as typed.
"""

from __future__ import annotations

from dataclasses import dataclass

from complaints.rules.jurisdictions import county_key, jurisdiction_time_zone


@dataclass(frozen=True)
class Place:
    state: str | None
    county: str | None
    time_zone: str | None  # None when neither the jail's nor the state's zone is known


@dataclass(frozen=True)
class FacilityPlace:
    """The parts of a directory facility that place a complaint."""

    state: str | None
    county: str | None
    time_zone: str | None


def place_of(state: str | None, county: str | None, facility: FacilityPlace | None = None) -> Place:
    """The state, county and zone a complaint is recorded under.

    Inputs: the state code and county the filer gave (None when left empty) and the facility
    they picked, if any. Result: without a facility (or one with no state), what they gave and
    its jurisdiction's zone; with one, the facility's state when theirs is empty or different
    (with the facility's county, since theirs lies in another state), the facility's county when
    theirs is empty or another county, and the facility's zone (else its jurisdiction's).
    """
    if facility is not None and facility.state:
        if not state or state.strip().upper() != facility.state.upper():
            state, county = facility.state, facility.county
        elif facility.county and (not county or county_key(county) != county_key(facility.county)):
            county = facility.county
        zone = facility.time_zone or jurisdiction_time_zone(state, county)
        return Place(state, county, zone)
    zone = facility.time_zone if facility is not None else None
    return Place(state, county, zone or jurisdiction_time_zone(state, county))
