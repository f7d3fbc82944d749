"""The staff queue: filters, sorts, keyset pages, and a fixed number of queries per page."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.casework.queue import Filters, Sort, parse_filters, queue_page
from complaints.models import CaseComplaintType
from complaints.rules.triage import Flag, Urgency
from complaints.rules.vocabulary import ComplaintType, Role
from complaints.rules.workflow import Status
from tests.factories import make_case
from tests.web.staff import make_staff, sign_in

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.fixture
def cases(app, db: so.Session) -> dict[str, int]:
    """Seven cases with known facts; returns their ids by a short name."""
    worker = make_staff(app, db, Role.CASEWORKER)
    other = make_staff(app, db, Role.SUPERVISOR)
    specs = {
        "critical_old": dict(urgency=Urgency.CRITICAL, created_at=NOW - timedelta(days=9),
                             state="TX", county="El Paso", language="es",
                             detainer_deadline=NOW - timedelta(hours=5)),
        "critical_new": dict(urgency=Urgency.CRITICAL, created_at=NOW - timedelta(days=1),
                             state="TX", county="Harris", language="es",
                             detainer_deadline=NOW + timedelta(hours=20), assigned_to_id=worker.id),
        "high": dict(urgency=Urgency.HIGH, created_at=NOW - timedelta(days=3), state="FL",
                     language="en", detainer_deadline=NOW + timedelta(hours=2),
                     flag_possible_profiling=True),
        "normal": dict(urgency=Urgency.NORMAL, created_at=NOW - timedelta(days=30), state="AZ",
                       language="vi", assigned_to_id=other.id, flag_outside_priorities=True),
        "low": dict(urgency=Urgency.LOW, created_at=NOW - timedelta(days=2), state="TX",
                    language="en", status=Status.TRIAGED),
        "closed": dict(urgency=Urgency.NORMAL, created_at=NOW - timedelta(days=60), state="TX",
                       language="en", status=Status.CLOSED),
        "profiling": dict(urgency=Urgency.NORMAL, created_at=NOW - timedelta(days=5), state="GA",
                          language="ar", flag_possible_profiling=True,
                          flag_outside_priorities=True),
    }  # fmt: skip
    ids = {}
    for name, values in specs.items():
        case = make_case(db, **values)
        ids[name] = case
    db.flush()
    ids["profiling"].complaint_types.append(CaseComplaintType(type=ComplaintType.RACIAL_PROFILING))
    ids["high"].person.a_number = "012345678"
    ids["normal"].person.given_name, ids["normal"].person.family_name = "Minh", "Nguyễn"
    ids["normal"].person.name_key = "nguyen minh"
    db.commit()
    ids = {name: case.id for name, case in ids.items()}
    ids["_worker"] = worker.id  # not a case: names() skips keys starting with "_"
    return ids


def names(cases: dict[str, int], page) -> list[str]:
    by_id = {case_id: name for name, case_id in cases.items() if not name.startswith("_")}
    return [by_id[row.id] for row in page.rows]


def page_of(db, cases, **filters):
    return queue_page(db, Filters(**filters), user_id=cases["_worker"], now=NOW)


def test_default_order_is_most_urgent_then_oldest_open_cases(db, cases) -> None:
    assert names(cases, page_of(db, cases)) == [
        "critical_old",
        "critical_new",
        "high",
        "normal",
        "profiling",
        "low",
    ]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"urgencies": (Urgency.CRITICAL,)}, ["critical_old", "critical_new"]),
        ({"statuses": (Status.CLOSED,)}, ["closed"]),
        ({"open_only": False, "state": "TX"}, ["critical_old", "critical_new", "closed", "low"]),
        ({"flags": (Flag.POSSIBLE_PROFILING,)}, ["high", "profiling"]),
        ({"flags": (Flag.POSSIBLE_PROFILING, Flag.OUTSIDE_PRIORITIES)}, ["profiling"]),
        ({"complaint_type": ComplaintType.RACIAL_PROFILING}, ["profiling"]),
        ({"state": "TX", "county": "el paso"}, ["critical_old"]),
        ({"language": "es"}, ["critical_old", "critical_new"]),
        ({"assignee": "mine"}, ["critical_new"]),
        ({"assignee": "unassigned"}, ["critical_old", "high", "profiling", "low"]),
        ({"filed_from": date(2026, 11, 20), "filed_to": date(2026, 11, 23)},
         ["high", "profiling", "low"]),
        ({"search": "A012345678"}, ["high"]),
        ({"search": "nguyen"}, ["normal"]),
        ({"search": "Nguyễn Mi"}, ["normal"]),
    ],
)  # fmt: skip
def test_filters_return_exactly_the_matching_cases(db, cases, filters, expected) -> None:
    assert sorted(names(cases, page_of(db, cases, **filters))) == sorted(expected)


def test_search_by_reference(db, cases) -> None:
    from complaints.models import Case

    reference = db.get(Case, cases["low"]).reference
    assert names(cases, page_of(db, cases, search=reference.lower())) == ["low"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (Sort.DEADLINE, ["critical_old", "high", "critical_new", "normal", "profiling", "low"]),
        (Sort.FILED_NEWEST, ["critical_new", "low", "high", "profiling", "critical_old", "normal"]),
        (Sort.FILED_OLDEST, ["normal", "critical_old", "profiling", "high", "low", "critical_new"]),
    ],
)
def test_sorts(db, cases, sort: Sort, expected: list[str]) -> None:
    order = names(cases, page_of(db, cases, sort=sort))
    if sort is Sort.DEADLINE:  # cases without a deadline come last, in id order
        assert order[:3] == expected[:3] and sorted(order[3:]) == sorted(expected[3:])
    else:
        assert order == expected


@pytest.mark.parametrize("sort", list(Sort))
def test_keyset_pages_cover_every_case_once_in_order(db, cases, sort: Sort) -> None:
    whole = names(cases, queue_page(db, Filters(sort=sort, open_only=False), user_id=1, now=NOW))
    seen, cursor = [], None
    while True:
        page = queue_page(db, Filters(sort=sort, open_only=False), user_id=1, now=NOW,
                          cursor=cursor, limit=2)  # fmt: skip
        seen += names(cases, page)
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == whole and len(seen) == 7


def test_filters_round_trip_through_the_url(db) -> None:
    filters = Filters(urgencies=(Urgency.HIGH,), flags=(Flag.DUE_PROCESS,), state="TX",
                      assignee="mine", filed_from=date(2026, 1, 1), sort=Sort.DEADLINE,
                      search="garcia", open_only=False)  # fmt: skip

    class Args(dict):
        def getlist(self, key):
            value = self.get(key, [])
            return value if isinstance(value, list) else [value]

    assert parse_filters(Args(filters.as_args())) == filters


def test_unreadable_filters_are_ignored(db) -> None:
    class Args(dict):
        def getlist(self, key):
            return self.get(key, [])

    parsed = parse_filters(Args({"status": ["nonsense"], "sort": "evil", "from": "yesterday",
                                 "type": "x"}))  # fmt: skip
    assert parsed == Filters()


def count_queries(app, client, path: str) -> tuple[int, int]:
    from complaints.extensions import db as _db

    statements: list[str] = []
    with app.app_context():
        engine = _db.engine

    def count(*_args) -> None:
        statements.append(_args[2])

    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        response = client.get(path)
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    return response.status_code, len(statements)


def test_the_queue_page_runs_the_same_few_queries_for_few_or_many_rows(
    app, client, db, cases
) -> None:
    sign_in(client, make_staff(app, db, Role.SUPERVISOR, email="boss@staff.example"))
    status, few = count_queries(app, client, "/staff/cases/")
    assert status == 200
    for _number in range(40):
        case = make_case(db, urgency=Urgency.NORMAL)
        case.complaint_types.append(CaseComplaintType(type=ComplaintType.OTHER))
    db.commit()
    status, many = count_queries(app, client, "/staff/cases/")
    assert status == 200 and many == few and many <= 8


def test_the_case_page_query_count_does_not_grow_with_its_history(app, client, db, cases) -> None:
    from complaints.models import Case, Charge, Message, Note
    from complaints.rules.vocabulary import MessageAuthor

    sign_in(client, make_staff(app, db, Role.SUPERVISOR, email="boss@staff.example"))
    case = db.get(Case, cases["high"])
    path = f"/staff/cases/{case.reference}"
    _status, bare = count_queries(app, client, path)
    for number in range(50):
        case.notes.append(Note(body=f"note {number}"))
    for number in range(20):
        case.messages.append(Message(author=MessageAuthor.COMPLAINANT, body=f"message {number}"))
    for number in range(6):
        case.charges.append(Charge(offence=f"charge {number}"))
    db.commit()
    status, busy = count_queries(app, client, path)
    assert status == 200
    assert busy == bare and busy <= 15


def test_passed_deadlines_and_overdue_triage_stand_out(app, client, db, cases) -> None:
    from complaints.models import Case

    overdue = db.get(Case, cases["profiling"])
    overdue.triage_due_at = datetime.now(UTC) - timedelta(hours=1)
    db.get(Case, cases["critical_old"]).detainer_deadline = datetime.now(UTC) - timedelta(hours=3)
    db.commit()
    sign_in(client, make_staff(app, db, Role.CASEWORKER, email="c2@staff.example"))
    page = client.get("/staff/cases/").get_data(as_text=True)
    assert "deadline-passed" in page and "Passed" in page
    assert "Triage overdue" in page
