"""Finding facilities in the directory: by id, by state, by words of their name or town.

Takes the session and plain values; never commits. Names in the list are upper case, so every
match ignores case (ILIKE on PostgreSQL, lower() on SQLite).
"""

from __future__ import annotations

import re

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.models import Facility
from complaints.rules.places import FacilityPlace

SEARCH_LIMIT = 20
# Ids are ASCII digits and fit an INTEGER column; anything else names no facility.
_ID = re.compile(r"[0-9]{1,9}")
_MAX_WORDS = 6
_LIKE_SPECIALS = re.compile(r"([\\%_])")


def facility_by_id(session: so.Session, value: str | int | None) -> Facility | None:
    """The facility with this id (as posted: text, possibly anything), or None."""
    text = str(value).strip() if value is not None else ""
    if not _ID.fullmatch(text):
        return None
    return session.get(Facility, int(text))


def facility_place(facility: Facility | None) -> FacilityPlace | None:
    if facility is None:
        return None
    return FacilityPlace(facility.state, facility.county, facility.time_zone)


def facilities_in_state(session: so.Session, state: str) -> list[Facility]:
    """Every facility in a state (two-letter code), by name."""
    return list(
        session.execute(
            sa.select(Facility).where(Facility.state == state.upper()).order_by(Facility.name)
        ).scalars()
    )


def _contains(word: str) -> str:
    """A LIKE pattern matching `word` anywhere, its % _ and \\ taken literally."""
    escaped = _LIKE_SPECIALS.sub(r"\\\1", word)
    return f"%{escaped}%"


def search_facilities(
    session: so.Session, text: str, *, state: str | None = None, limit: int = SEARCH_LIMIT
) -> list[Facility]:
    """Facilities whose name or city contains every word of `text`, best first.

    Best first: those in `state` (the state the filer chose, when given), then names starting
    with the first word, then by name. At most `limit`; none when `text` has no word.
    """
    words = text.split()[:_MAX_WORDS]
    if not words:
        return []
    matches = [
        sa.or_(
            Facility.name.ilike(_contains(word), escape="\\"),
            Facility.city.ilike(_contains(word), escape="\\"),
        )
        for word in words
    ]
    starts = Facility.name.ilike(_contains(words[0])[1:], escape="\\")
    order = [sa.case((starts, 0), else_=1), Facility.name, Facility.id]
    if state:
        order.insert(0, sa.case((Facility.state == state.upper(), 0), else_=1))
    query = sa.select(Facility).where(*matches).order_by(*order).limit(limit)
    return list(session.execute(query).scalars())
