"""The shared ICE facility list, imported into a test's database for the facility tests."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.facilities import find_csv, read_facilities
from complaints.facility_import import ImportCounts, import_facilities
from complaints.models import Facility

FACILITY_COUNT = 1_532  # rows of /work/shared/data/ice-facilities.csv
EL_PASO_JAIL = "ELPCOTX"  # EL PASO COUNTY JAIL (TEXAS), El Paso county: Mountain time
HOUSTON_CENTER = "HOUICDF"  # HOUSTON CONTRACT DETENTION FACILITY, Harris county: Central time


def facility_csv() -> Path:
    path = find_csv()
    if path is None:
        pytest.skip("the shared ICE facility list (../shared/data/ice-facilities.csv) is missing")
    return path


def load_directory(session: so.Session) -> ImportCounts:
    counts = import_facilities(session, read_facilities(facility_csv()))
    session.commit()
    return counts


def facility(session: so.Session, code: str) -> Facility:
    return session.execute(sa.select(Facility).where(Facility.code == code)).scalar_one()
