"""What the demo generator draws from (places) and what it fills (rows per table)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from complaints.demo.distributions import TABLES


@dataclass(frozen=True)
class Jurisdiction:
    state: str
    county: str | None
    city: str | None
    facility_name: str | None
    time_zone: str
    facility_id: int | None = None  # the facility in the directory, once it is imported


@dataclass
class Batch:
    """Rows per table name, ready for `table.insert()` executemany."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {t: [] for t in TABLES})
