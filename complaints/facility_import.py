"""Loading the ICE facility list into the facility directory. Takes the session; never commits.

Rows are matched on the source's own code (DETLOC), so importing the same list again changes
nothing, and a newer list updates the facilities it changed without touching their ids (cases
point at them). Facilities missing from a newer list are kept: old cases still name them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.facilities import FacilityRecord
from complaints.facility_zones import facility_time_zone
from complaints.models import Facility

# Record fields copied as they are; the time zone is worked out from them.
COPIED = tuple(field.name for field in fields(FacilityRecord))


class FacilityListError(ValueError):
    """The list cannot be imported as it is (a row without a code, a code given twice)."""


@dataclass(frozen=True)
class ImportCounts:
    read: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    without_coordinates: int = 0  # their zone comes from their state and county
    without_time_zone: int = 0  # neither coordinates nor a known state


def _values(record: FacilityRecord) -> dict[str, object]:
    values: dict[str, object] = {name: getattr(record, name) for name in COPIED}
    values["time_zone"] = facility_time_zone(
        record.latitude, record.longitude, record.state, record.county
    )
    return values


def import_facilities(session: so.Session, records: Iterable[FacilityRecord]) -> ImportCounts:
    """Add the facilities not yet in the directory and update those whose details changed.

    Input: records as `complaints.facilities.read_facilities` yields them.
    Result: how many were read, added, updated and left unchanged, and how many have no
    coordinates or no zone at all. Raises FacilityListError, before changing anything, when a
    record has no code or two records share one.
    """
    records = list(records)
    codes = [record.code for record in records]
    if not all(codes):
        raise FacilityListError("a facility in the list has no code (detloc)")
    if len(set(codes)) != len(codes):
        raise FacilityListError("a facility code (detloc) appears twice in the list")
    existing = {
        facility.code: facility for facility in session.execute(sa.select(Facility)).scalars()
    }
    added = updated = unchanged = no_coordinates = no_zone = 0
    for record in records:
        values = _values(record)
        no_coordinates += record.latitude is None or record.longitude is None
        no_zone += values["time_zone"] is None
        facility = existing.get(record.code)
        if facility is None:
            session.add(Facility(**values))
            added += 1
            continue
        changed = {
            name: value for name, value in values.items() if getattr(facility, name) != value
        }
        for name, value in changed.items():
            setattr(facility, name, value)
        updated += bool(changed)
        unchanged += not changed
    session.flush()
    return ImportCounts(len(records), added, updated, unchanged, no_coordinates, no_zone)
