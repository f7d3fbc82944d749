"""The case queue: filters and sorts from the URL, keyset pagination, one query per page.

No COUNT(*) over the table and no per-row queries: a page is one SELECT of cases joined to the
person for names, plus one SELECT of the page's complaint types. The next page starts after the
last row's sort key (keyset), so page 1,000 costs what page 1 costs.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.models import Case, CaseComplaintType, Person
from complaints.rules.identifiers import name_key, normalize_a_number, normalize_reference
from complaints.rules.triage import Flag, Urgency
from complaints.rules.vocabulary import ComplaintType
from complaints.rules.workflow import OPEN_STATUSES, Status

PAGE_SIZE = 50
_LOOKS_LIKE_REFERENCE = re.compile(r"^(SC[\s-]*)?[0-9A-Z]{4}[\s-][0-9A-Z]{4}$|^SC")


class Sort(StrEnum):
    URGENCY = "urgency"  # most urgent first, then oldest first
    DEADLINE = "deadline"  # nearest detainer deadline first; cases without one last
    FILED_NEWEST = "filed"  # newest first
    FILED_OLDEST = "filed_oldest"


@dataclass(frozen=True)
class Filters:
    """What the caseworker asked for; every field comes from (and goes back to) the URL."""

    statuses: tuple[Status, ...] = ()
    urgencies: tuple[Urgency, ...] = ()
    flags: tuple[Flag, ...] = ()
    complaint_type: ComplaintType | None = None
    state: str | None = None
    county: str | None = None
    language: str | None = None
    assignee: str | None = None  # "mine", "unassigned" or a user id
    filed_from: date | None = None
    filed_to: date | None = None
    search: str | None = None
    sort: Sort = Sort.URGENCY
    open_only: bool = True

    def as_args(self) -> dict[str, Any]:
        """The filters as query-string arguments, for links that keep the view."""
        args: dict[str, Any] = {
            "status": [s.value for s in self.statuses],
            "urgency": [u.value for u in self.urgencies],
            "flag": [f.value for f in self.flags],
            "type": self.complaint_type.value if self.complaint_type else None,
            "state": self.state, "county": self.county, "language": self.language,
            "assignee": self.assignee,
            "from": self.filed_from.isoformat() if self.filed_from else None,
            "to": self.filed_to.isoformat() if self.filed_to else None,
            "q": self.search, "sort": self.sort.value if self.sort is not Sort.URGENCY else None,
            "closed": "1" if not self.open_only else None,
        }  # fmt: skip
        return {key: value for key, value in args.items() if value not in (None, [], "")}


def _enums(enum: type[StrEnum], values: Sequence[str]) -> tuple:
    return tuple(enum(value) for value in values if value in enum._value2member_map_)


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def parse_filters(args: Mapping[str, Any]) -> Filters:
    """Filters from request arguments (a MultiDict); anything unreadable is ignored."""
    getlist = args.getlist if hasattr(args, "getlist") else lambda key: args.get(key, [])
    complaint_type = args.get("type")
    sort = args.get("sort", Sort.URGENCY.value)
    return Filters(
        statuses=_enums(Status, getlist("status")),
        urgencies=_enums(Urgency, getlist("urgency")),
        flags=_enums(Flag, getlist("flag")),
        complaint_type=ComplaintType(complaint_type)
        if complaint_type in ComplaintType._value2member_map_ else None,
        state=(args.get("state") or "").upper()[:2] or None,
        county=(args.get("county") or "").strip()[:120] or None,
        language=(args.get("language") or "").strip()[:8] or None,
        assignee=(args.get("assignee") or "").strip()[:20] or None,
        filed_from=_date(args.get("from")),
        filed_to=_date(args.get("to")),
        search=(args.get("q") or "").strip()[:200] or None,
        sort=Sort(sort) if sort in Sort._value2member_map_ else Sort.URGENCY,
        open_only=args.get("closed") != "1",
    )  # fmt: skip


@dataclass(frozen=True)
class Row:
    id: int
    reference: str
    status: Status
    urgency: Urgency
    created_at: datetime
    state: str | None
    county: str | None
    language: str
    assigned_to_id: int | None
    detainer_deadline: datetime | None
    triage_due_at: datetime | None
    triaged_at: datetime | None
    flags: frozenset[Flag]
    person_name: str | None
    types: tuple[ComplaintType, ...] = ()

    def deadline_passed(self, now: datetime) -> bool:
        return self.detainer_deadline is not None and self.detainer_deadline < now

    def triage_overdue(self, now: datetime) -> bool:
        return (
            self.triaged_at is None and self.triage_due_at is not None and self.triage_due_at < now
        )


@dataclass(frozen=True)
class Page:
    rows: list[Row]
    next_cursor: str | None
    filters: Filters = field(default_factory=Filters)


def _sort_columns(sort: Sort) -> list[tuple[sa.ColumnElement, bool]]:
    """(column, descending) pairs; the id breaks ties so the order is total."""
    deadline_missing = sa.case((Case.detainer_deadline.is_(None), 1), else_=0)
    return {
        Sort.URGENCY: [(Case.urgency, False), (Case.created_at, False), (Case.id, False)],
        Sort.DEADLINE: [(deadline_missing, False), (Case.detainer_deadline, False),
                        (Case.id, False)],
        Sort.FILED_NEWEST: [(Case.created_at, True), (Case.id, True)],
        Sort.FILED_OLDEST: [(Case.created_at, False), (Case.id, False)],
    }[sort]  # fmt: skip


def _encode(values: list[Any]) -> str:
    plain = [v.isoformat() if isinstance(v, datetime) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps(plain).encode()).decode().rstrip("=")


def _decode(cursor: str, sort: Sort) -> list[Any] | None:
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except ValueError:
        return None
    columns = _sort_columns(sort)
    if not isinstance(raw, list) or len(raw) != len(columns):
        return None
    values: list[Any] = []
    for value, (column, _desc) in zip(raw, columns, strict=True):
        if isinstance(value, str) and column.key in ("created_at", "detainer_deadline"):
            try:
                value = datetime.fromisoformat(value)
            except ValueError:
                return None
        values.append(value)
    return values


def _after(sort: Sort, values: list[Any]) -> sa.ColumnElement[bool]:
    """Rows strictly after `values` in the sort order (a lexicographic keyset condition)."""
    columns = _sort_columns(sort)
    clauses = []
    for position, (column, descending) in enumerate(columns):
        value = values[position]
        equal_before = [
            (col == values[i]) if values[i] is not None else col.is_(None)
            for i, (col, _d) in enumerate(columns[:position])
        ]
        if value is None:
            continue  # nothing sorts after NULL here: NULL deadlines are already placed last
        step = column < value if descending else column > value
        if column.key == "detainer_deadline":
            step = sa.or_(step, column.is_(None))
        clauses.append(sa.and_(*equal_before, step))
    return sa.or_(*clauses)


def _where(filters: Filters, user_id: int) -> list[sa.ColumnElement[bool]]:
    where: list[sa.ColumnElement[bool]] = []
    if filters.statuses:
        where.append(Case.status.in_(filters.statuses))
    elif filters.open_only:
        where.append(Case.status.in_(sorted(OPEN_STATUSES)))
    if filters.urgencies:
        where.append(Case.urgency.in_(filters.urgencies))
    for flag in filters.flags:
        where.append(getattr(Case, f"flag_{flag.value}").is_(True))
    if filters.complaint_type:
        where.append(
            sa.exists().where(
                CaseComplaintType.case_id == Case.id,
                CaseComplaintType.type == filters.complaint_type,
            )
        )
    if filters.state:
        where.append(Case.state == filters.state)
    if filters.county:
        where.append(sa.func.lower(Case.county) == filters.county.lower())
    if filters.language:
        where.append(Case.language == filters.language)
    if filters.assignee == "mine":
        where.append(Case.assigned_to_id == user_id)
    elif filters.assignee == "unassigned":
        where.append(Case.assigned_to_id.is_(None))
    elif filters.assignee and filters.assignee.isdigit():
        where.append(Case.assigned_to_id == int(filters.assignee))
    if filters.filed_from:
        where.append(Case.created_at >= datetime.combine(filters.filed_from, time(), UTC))
    if filters.filed_to:
        end = datetime.combine(filters.filed_to + timedelta(days=1), time(), UTC)
        where.append(Case.created_at < end)
    if filters.search:
        where.append(_search(filters.search))
    return where


def _search(text: str) -> sa.ColumnElement[bool]:
    """A reference, an A-number, or the start of a name (family name first, or given name)."""
    reference = normalize_reference(text)
    # Eight letters alone could be a surname ("MARTINEZ"): a reference needs SC or its dash.
    if reference is not None and _LOOKS_LIKE_REFERENCE.match(text.strip().upper()):
        return Case.reference == reference
    a_number = normalize_a_number(text)
    if a_number is not None:
        return Case.id.in_(sa.select(Person.case_id).where(Person.a_number == a_number))
    key = name_key(None, text) or ""
    escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return Case.id.in_(
        sa.select(Person.case_id).where(Person.name_key.like(f"{escaped}%", escape="\\"))
    )


def queue_page(
    session: so.Session,
    filters: Filters,
    *,
    user_id: int,
    now: datetime,
    cursor: str | None = None,
    limit: int = PAGE_SIZE,
) -> Page:
    """One page of the queue: `limit` rows after `cursor` in the chosen order."""
    columns = _sort_columns(filters.sort)
    query = (
        sa.select(Case, Person.given_name, Person.family_name)
        .outerjoin(Person, Person.case_id == Case.id)
        .where(*_where(filters, user_id))
    )
    if cursor:
        values = _decode(cursor, filters.sort)
        if values is not None:
            query = query.where(_after(filters.sort, values))
    order = [column.desc() if descending else column.asc() for column, descending in columns]
    results = session.execute(query.order_by(*order).limit(limit + 1)).all()
    more = len(results) > limit
    results = results[:limit]
    types: dict[int, list[ComplaintType]] = {}
    if results:
        ids = [case.id for case, _given, _family in results]
        for case_id, kind in session.execute(
            sa.select(CaseComplaintType.case_id, CaseComplaintType.type).where(
                CaseComplaintType.case_id.in_(ids)
            )
        ):
            types.setdefault(case_id, []).append(kind)
    rows = [
        Row(
            id=case.id, reference=case.reference, status=case.status, urgency=case.urgency,
            created_at=case.created_at, state=case.state, county=case.county,
            language=case.language, assigned_to_id=case.assigned_to_id,
            detainer_deadline=case.detainer_deadline, triage_due_at=case.triage_due_at,
            triaged_at=case.triaged_at, flags=case.flags,
            person_name=" ".join(part for part in (given, family) if part) or None,
            types=tuple(sorted(types.get(case.id, []))),
        )
        for case, given, family in results
    ]  # fmt: skip
    next_cursor = None
    if more and results:
        last = results[-1][0]
        next_cursor = _encode([_key_value(last, column) for column, _d in columns])
    return Page(rows, next_cursor, filters)


def _key_value(case: Case, column: sa.ColumnElement) -> Any:
    if column.key == "urgency":
        return case.urgency.value  # bound back through the column type, which stores the rank
    if getattr(column, "key", None) in ("created_at", "detainer_deadline", "id"):
        return getattr(case, column.key)
    return 1 if case.detainer_deadline is None else 0  # the "deadline missing" expression
