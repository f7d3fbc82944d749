"""What a queue search matches: a case reference, an A-number, or the start of a name.

A search is a kind of match and its values. The kind shapes the statement (casework/queue.py
builds one per view and kind, once per process); the values are bound when it runs, so no
statement holds what anyone searched for.
"""

from __future__ import annotations

import re
import sys

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.models import Case, Person
from complaints.rules.identifiers import name_key, normalize_a_number, normalize_reference

_LOOKS_LIKE_REFERENCE = re.compile(r"^(SC[\s-]*)?[0-9A-Z]{4}[\s-][0-9A-Z]{4}$|^SC")

# On SQLite, a name prefix matching more cases than this is searched lane by lane, reading each
# lane in order and checking each case's name; fewer are read off the name index, then sorted.
# A lane costs about (page size x lanes / share of cases matching) index entries, the names
# about as many as match: at a million cases the two meet near 10,000 (200,000: near 5,000).
FEW_NAMES = 8000

# The kind ("reference", "a_number", "nothing", "lanes" or "names") and whether a name range
# has an upper end.
Match = tuple[str, bool]


def search(session: so.Session, text: str) -> tuple[Match, dict[str, str]]:
    """A reference, an A-number, or the start of a name (family name first, or given name)."""
    reference = normalize_reference(text)
    # Eight letters alone could be a surname ("MARTINEZ"): a reference needs SC or its dash.
    if reference is not None and _LOOKS_LIKE_REFERENCE.match(text.strip().upper()):
        return ("reference", True), {"reference": reference}
    a_number = normalize_a_number(text)
    if a_number is not None:
        return ("a_number", True), {"a_number": a_number}
    key = name_key(None, text)
    if not key:
        return ("nothing", True), {}
    low, high = _name_range(key)
    values = {"name_from": low} | ({"name_to": high} if high is not None else {})
    bounded = high is not None
    return (name_route(session, bounded, values), bounded), values


def name_route(session: so.Session, bounded: bool, values: dict[str, str]) -> str:
    """How to find the cases whose name starts as `values` say: "lanes" (each lane's own
    statement; the lanes' indexes end with the case's copy of the name key) or "names" (every
    match read off the name index, then sorted).

    PostgreSQL keeps a histogram of the names and, given the lanes' statements, reads the name
    index itself when few match (at a million cases every prefix tried took 1-6 ms). SQLite
    keeps none, so the matches are counted first, up to a limit, off the name index alone.
    """
    if session.get_bind().dialect.name == "postgresql":
        return "lanes"
    first = sa.select(Case.name_key).where(matching(("names", bounded))).limit(FEW_NAMES + 1)
    many = session.execute(
        sa.select(sa.func.count()).select_from(first.subquery()), values
    ).scalar_one()
    return "lanes" if many > FEW_NAMES else "names"


def matching(match: Match) -> sa.ColumnElement[bool]:
    """The condition of a search kind, its values left as bound parameters."""
    kind, bounded = match
    if kind == "reference":
        return Case.reference == sa.bindparam("reference")
    if kind == "a_number":
        return Case.id.in_(
            sa.select(Person.case_id).where(Person.a_number == sa.bindparam("a_number"))
        )
    if kind == "nothing":
        return sa.false()
    # The case's copy of its person's name key (models/people.py keeps it the same), which the
    # lanes' indexes and the name index hold. It sorts by code point on both databases, so the
    # range holds exactly the names with that prefix.
    column = Case.name_key
    starts = column >= sa.bindparam("name_from", type_=column.type)
    if bounded:
        starts = sa.and_(starts, column < sa.bindparam("name_to", type_=column.type))
    return starts


def _name_range(key: str) -> tuple[str, str | None]:
    """The code-point range of names starting with `key`; no upper end when there is none."""
    stem = key.rstrip(chr(sys.maxunicode))
    return (key, stem[:-1] + chr(ord(stem[-1]) + 1)) if stem else (key, None)
