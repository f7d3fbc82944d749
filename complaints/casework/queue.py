"""The case queue: filters and sorts from the URL, keyset pagination, one query per page.

No COUNT(*) over the table and no per-row queries: a page is one SELECT of the columns a row
shows, joined to the person for names. The next page starts after the last row's sort key
(keyset), so page 1,000 costs what page 1 costs.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.casework import keyset
from complaints.casework.planner import few_rows, most_rows
from complaints.casework.queue_search import Match, matching, search
from complaints.models import Case, CaseComplaintType, Person
from complaints.rules.triage import Flag, Urgency
from complaints.rules.vocabulary import ComplaintType
from complaints.rules.workflow import OPEN_STATUSES, Status

PAGE_SIZE = 50


class Sort(StrEnum):
    URGENCY = "urgency"  # most urgent first, then oldest first
    DEADLINE = "deadline"  # nearest detainer deadline first; cases without one last
    FILED_NEWEST = "filed"  # newest first
    FILED_OLDEST = "filed_oldest"


@dataclass(frozen=True)
class Filters:
    """What the caseworker asked for; every field comes from (and goes back to) the URL.

    Except the search text: `search` holds it in plain for the query, but the URL carries only
    `search_token`, the sealed form of it (see complaints/casework/search_seal.py).
    """

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
    search_token: str | None = None

    def as_args(self) -> dict[str, Any]:
        """The filters as query-string arguments, for links that keep the view.

        The search goes as its opaque token `qt`, never as text: names and A-numbers stay out of
        URLs, browser history and proxy logs.
        """
        args: dict[str, Any] = {
            "status": [s.value for s in self.statuses],
            "urgency": [u.value for u in self.urgencies],
            "flag": [f.value for f in self.flags],
            "type": self.complaint_type.value if self.complaint_type else None,
            "state": self.state, "county": self.county, "language": self.language,
            "assignee": self.assignee,
            "from": self.filed_from.isoformat() if self.filed_from else None,
            "to": self.filed_to.isoformat() if self.filed_to else None,
            "qt": self.search_token if self.search else None,
            "sort": self.sort.value if self.sort is not Sort.URGENCY else None,
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


def parse_filters(
    args: Mapping[str, Any], reveal: Callable[[str], str | None] | None = None
) -> Filters:
    """Filters from request arguments (a MultiDict); anything unreadable is ignored.

    `reveal` opens the sealed search token `qt` (None when it cannot); without it, or when it
    fails, the filters have no search. A plain `q` is never read: search text is not a URL's.
    """
    getlist = args.getlist if hasattr(args, "getlist") else lambda key: args.get(key, [])
    token = args.get("qt") or None
    search = reveal(token) if token and reveal else None
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
        search=search,
        search_token=token if search else None,
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
    flags: tuple[Flag, ...]  # in the order Flag lists them
    person_name: str | None
    now: datetime  # when the page was read, for the two warnings below

    @property
    def place(self) -> str:
        return ", ".join(part for part in (self.county, self.state) if part)

    @property
    def deadline_passed(self) -> bool:
        return self.detainer_deadline is not None and self.detainer_deadline < self.now

    @property
    def triage_overdue(self) -> bool:
        return (
            self.triaged_at is None
            and self.triage_due_at is not None
            and self.triage_due_at < self.now
        )


# The columns of Row up to `flags`, in its order; then one column per Flag, in Flag's order.
_ROW_COLUMNS = (
    Case.id, Case.reference, Case.status, Case.urgency, Case.created_at, Case.state, Case.county,
    Case.language, Case.assigned_to_id, Case.detainer_deadline, Case.triage_due_at,
    Case.triaged_at,
)  # fmt: skip
_FLAG_COLUMNS = tuple(getattr(Case, f"flag_{flag.value}") for flag in Flag)


@dataclass(frozen=True)
class Page:
    rows: list[Row]
    next_cursor: str | None
    filters: Filters = field(default_factory=Filters)


# Sort keys have this many values; a cursor of another length is not one of ours.
_KEY_LENGTH = {Sort.URGENCY: 3, Sort.DEADLINE: 3, Sort.FILED_NEWEST: 2, Sort.FILED_OLDEST: 2}


def _lanes(sort: Sort) -> list[keyset.Lane]:
    """How each order is read off an index; the id breaks ties so the order is total."""
    if sort is Sort.DEADLINE:  # nearest deadline first, then the cases without one
        return [
            keyset.Lane((Case.detainer_deadline, Case.id),
                        (Case.detainer_deadline.is_not(None),), constants=(0,)),
            keyset.Lane((Case.id,), (most_rows(Case.detainer_deadline.is_(None)),),
                        constants=(1, None)),
        ]  # fmt: skip
    return [
        {
            Sort.URGENCY: keyset.Lane((Case.urgency, Case.created_at, Case.id)),
            Sort.FILED_NEWEST: keyset.Lane((Case.created_at, Case.id), descending=True),
            Sort.FILED_OLDEST: keyset.Lane((Case.created_at, Case.id)),
        }[sort]
    ]


def _valid_key(sort: Sort, key: keyset.Key) -> bool:
    """A cursor's key holds what its order's columns hold (anything else is a hand-made URL)."""

    def moment(value: Any) -> bool:
        return isinstance(value, datetime) and value.tzinfo is not None

    def number(value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool)

    if sort is Sort.URGENCY:
        return key[0] in Urgency._value2member_map_ and moment(key[1]) and number(key[2])
    if sort is Sort.DEADLINE:
        return number(key[2]) and (key[:2] == [1, None] or (key[0] == 0 and moment(key[1])))
    return moment(key[0]) and number(key[1])


def _statuses(filters: Filters) -> tuple[Status, ...]:
    if filters.statuses:
        return filters.statuses
    return tuple(sorted(OPEN_STATUSES)) if filters.open_only else ()


def _where(filters: Filters, user_id: int | None) -> list[sa.ColumnElement[bool]]:
    """Every filter but the status (each status is its own lane) and the search."""
    where: list[sa.ColumnElement[bool]] = []
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
    # Someone's own cases are few, but SQLite's statistics count every unassigned case as one
    # person's: told, it reads their index (ix_cases_assigned_lanes) instead of every lane.
    if filters.assignee == "mine":
        where.append(few_rows(Case.assigned_to_id == user_id))
    elif filters.assignee == "unassigned":
        where.append(Case.assigned_to_id.is_(None))
    elif filters.assignee and filters.assignee.isdigit():
        where.append(few_rows(Case.assigned_to_id == int(filters.assignee)))
    if filters.filed_from:
        where.append(Case.created_at >= datetime.combine(filters.filed_from, time(), UTC))
    if filters.filed_to:
        end = datetime.combine(filters.filed_to + timedelta(days=1), time(), UTC)
        where.append(Case.created_at < end)
    return where


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
    after = keyset.decode(cursor, _KEY_LENGTH[filters.sort]) if cursor else None
    if after is not None and not _valid_key(filters.sort, after):
        after = None
    mine = user_id if filters.assignee == "mine" else None
    match, values = search(session, filters.search) if filters.search else (None, {})
    view = dataclasses.replace(filters, search=None, search_token=None)  # no search text kept
    if after is None:
        statement = _first_page(view, mine, limit, match)
    else:
        statement = _page_statement(view, mine, match, after, limit)
    results = session.execute(statement, values).all()
    more = len(results) > limit
    results = results[:limit]
    shown, flagged = len(_ROW_COLUMNS), len(_ROW_COLUMNS) + len(_FLAG_COLUMNS)
    rows = [
        Row(
            *result[:shown],
            flags=tuple(flag for flag, on in zip(Flag, result[shown:flagged], strict=True) if on),
            person_name=" ".join(part for part in result[flagged : flagged + 2] if part) or None,
            now=now,
        )
        for result in results
    ]
    next_cursor = keyset.encode(list(results[-1][flagged + 2 :])) if more and results else None
    return Page(rows, next_cursor, filters)


@functools.lru_cache(maxsize=64)
def _first_page(
    filters: Filters, user_id: int | None, limit: int, match: Match | None
) -> sa.Select:
    """The first page's statement for a view and a kind of search, built once per process.

    A statement used again is neither rebuilt nor keyed again for SQLAlchemy's compiled cache:
    about two thirds of the CPU this module costs a page. `filters` carry no search text here:
    what was searched for is bound when the statement runs, never kept.
    """
    return _page_statement(filters, user_id, match, None, limit)


def _page_statement(
    filters: Filters,
    user_id: int | None,
    match: Match | None,
    after: keyset.Key | None,
    limit: int,
) -> sa.Select:
    lanes = _lanes(filters.sort)
    statuses = _statuses(filters)
    where = _where(filters, user_id)
    if statuses and match is not None and match[0] == "names":
        # The few cases with that name are read once off the name index and sorted.
        where.append(Case.status.in_(statuses))
    elif statuses:
        by_status = [Case.status == status for status in statuses]
        lanes = [part for lane in lanes for part in lane.split(by_status)]
    if match is not None:
        where.append(matching(match))
    ranked, order = keyset.first_rows(Case.id, lanes, where, after=after, limit=limit + 1)
    keys = [column for column in ranked.c if column.key != "id"]
    # Only the columns a row shows: whole Case objects cost the page a third of its time.
    return (
        sa.select(*_ROW_COLUMNS, *_FLAG_COLUMNS, Person.given_name, Person.family_name, *keys)
        .join(ranked, ranked.c.id == Case.id)
        .outerjoin(Person, Person.case_id == Case.id)
        .order_by(*order)
    )
