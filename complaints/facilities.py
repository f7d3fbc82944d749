"""Reading the ICE facility list (UWCHR/ice-facilities; kept beside the project, not in it)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from complaints.config import PROJECT_ROOT

# Where the shared data lives beside a checkout, or on the workplace's machines.
CANDIDATE_PATHS = (
    PROJECT_ROOT.parent / "shared" / "data" / "ice-facilities.csv",
    Path("/work/shared/data/ice-facilities.csv"),
)


@dataclass(frozen=True)
class FacilityRecord:
    code: str
    name: str
    address: str | None
    city: str | None
    county: str | None
    state: str | None
    zip: str | None
    area_of_responsibility: str | None
    type: str | None
    latitude: float | None
    longitude: float | None
    first_used: date | None
    last_used: date | None


def find_csv(configured: str | None = None) -> Path | None:
    """The configured path when given, else the first candidate that exists, else None."""
    if configured:
        return Path(configured)
    return next((path for path in CANDIDATE_PATHS if path.exists()), None)


def _text(value: str) -> str | None:
    value = value.strip()
    return None if value in ("", "NA") else value


def _date(value: str) -> date | None:
    text = _text(value)
    return datetime.strptime(text, "%m/%d/%Y").date() if text else None


def _float(value: str) -> float | None:
    text = _text(value)
    return float(text) if text else None


def read_facilities(path: Path) -> Iterator[FacilityRecord]:
    """Yield one record per row; 'NA' and blanks become None."""
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            yield FacilityRecord(
                code=row["detloc"].strip(),
                name=row["name"].strip(),
                address=_text(row["address"]),
                city=_text(row["city"]),
                county=_text(row["county"]),
                state=_text(row["state"]),
                zip=_text(row["zip"]),
                area_of_responsibility=_text(row["aor"]),
                type=_text(row["type"]),
                latitude=_float(row["lat"]),
                longitude=_float(row["long"]),
                first_used=_date(row["date_of_first_use"]),
                last_used=_date(row["date_of_last_use"]),
            )
