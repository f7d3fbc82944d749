"""The time zone a facility keeps: where its coordinates fall, else its state's and county's.

The zone polygons ship with `timezonefinder` (no network). Building its finder reads them and
takes a quarter of a second, so one finder serves the whole process.
"""

from __future__ import annotations

from functools import cache

from timezonefinder import TimezoneFinder

from complaints.rules.jurisdictions import jurisdiction_time_zone


@cache
def _finder() -> TimezoneFinder:
    return TimezoneFinder()


def coordinates_time_zone(latitude: float, longitude: float) -> str | None:
    """The IANA zone at a point on land or near a coast, or None (open ocean, bad coordinates)."""
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    return _finder().timezone_at(lng=longitude, lat=latitude)


def facility_time_zone(
    latitude: float | None, longitude: float | None, state: str | None, county: str | None
) -> str | None:
    """The zone a facility's clocks keep.

    Inputs: its coordinates (None when not geocoded) and its state code and county as listed.
    Result: the zone its coordinates fall in; without coordinates (or outside every zone) the
    zone of its state and county (`jurisdiction_time_zone`); None when neither is known.
    """
    if latitude is not None and longitude is not None:
        zone = coordinates_time_zone(latitude, longitude)
        if zone:
            return zone
    return jurisdiction_time_zone(state, county)
