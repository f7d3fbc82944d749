"""The queue read as one lane per status: pages merge the lanes in exactly the sort's order."""

from __future__ import annotations

import base64
import json
import random
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy.orm as so

from complaints.casework import queue, queue_search
from complaints.casework.queue import Filters, Sort, queue_page
from complaints.rules.identifiers import name_key
from complaints.rules.triage import Urgency
from complaints.rules.workflow import OPEN_STATUSES, Status
from tests.factories import make_case

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
SURNAMES = ["García", "Garcés", "Gómez", "López", "Nguyễn", "Ng", "Zúñiga"]


@pytest.fixture
def mixed(db: so.Session) -> list[dict]:
    """60 cases over every status and urgency, with tied filing times and missing deadlines."""
    rng = random.Random(11)
    facts = []
    for number in range(60):
        created = NOW - timedelta(hours=rng.choice([1, 2, 2, 5, 30, 30, 400]))
        deadline = rng.choice([None, None, NOW + timedelta(hours=rng.randint(-50, 50))])
        case = make_case(db, status=rng.choice(list(Status)), urgency=rng.choice(list(Urgency)),
                         created_at=created, detainer_deadline=deadline)  # fmt: skip
        family = SURNAMES[number % len(SURNAMES)]
        case.person.family_name, case.person.given_name = family, f"Ana{number}"
        case.person.name_key = name_key(f"Ana{number}", family)
        db.flush()
        facts.append({"id": case.id, "status": case.status, "urgency": case.urgency.rank,
                      "created": created, "deadline": deadline,
                      "name_key": case.person.name_key})  # fmt: skip
    db.commit()
    return facts


def expected_order(facts: list[dict], sort: Sort) -> list[int]:
    far = datetime.max.replace(tzinfo=UTC)
    keys = {
        Sort.URGENCY: lambda f: (f["urgency"], f["created"], f["id"]),
        Sort.DEADLINE: lambda f: (f["deadline"] is None, f["deadline"] or far, f["id"]),
        Sort.FILED_OLDEST: lambda f: (f["created"], f["id"]),
        Sort.FILED_NEWEST: lambda f: (-f["created"].timestamp(), -f["id"]),
    }
    return [f["id"] for f in sorted(facts, key=keys[sort])]


def every_page(db: so.Session, filters: Filters, size: int) -> list[int]:
    seen, cursor = [], None
    while True:
        page = queue_page(db, filters, user_id=1, now=NOW, cursor=cursor, limit=size)
        seen += [row.id for row in page.rows]
        cursor = page.next_cursor
        if cursor is None:
            return seen


@pytest.mark.parametrize("sort", list(Sort))
@pytest.mark.parametrize("size", [1, 4, 50])
def test_pages_of_the_open_queue_are_the_sorted_open_cases(db, mixed, sort, size) -> None:
    open_cases = [f for f in mixed if f["status"] in OPEN_STATUSES]
    assert every_page(db, Filters(sort=sort), size) == expected_order(open_cases, sort)


@pytest.mark.parametrize("sort", list(Sort))
def test_chosen_statuses_and_the_whole_table_page_the_same_way(db, mixed, sort) -> None:
    chosen = (Status.CLOSED, Status.NEW, Status.REDRESS)
    some = [f for f in mixed if f["status"] in chosen]
    assert every_page(db, Filters(statuses=chosen, sort=sort), 3) == expected_order(some, sort)
    everything = every_page(db, Filters(sort=sort, open_only=False), 7)
    assert everything == expected_order(mixed, sort)


def forged(values: list) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "not base64 at all!", forged({"a": 1}), forged([1, 2]), forged(["panic", {"at": "x"}, 3]),
        forged(["normal", {"at": "2026-01-01T00:00:00"}, 3]),  # no time zone
        forged(["normal", {"at": "2026-01-01T00:00:00+00:00"}, True]),
        forged([1, {"at": "2026-01-01T00:00:00+00:00"}, 3]), forged([[1], None, 2]),
    ],
)  # fmt: skip
@pytest.mark.parametrize("sort", [Sort.URGENCY, Sort.DEADLINE])
def test_a_hand_made_cursor_starts_from_the_first_page(db, mixed, cursor, sort) -> None:
    first = queue_page(db, Filters(sort=sort), user_id=1, now=NOW, limit=5)
    again = queue_page(db, Filters(sort=sort), user_id=1, now=NOW, cursor=cursor, limit=5)
    assert [row.id for row in again.rows] == [row.id for row in first.rows]


@pytest.mark.parametrize("open_only", [False, True])
@pytest.mark.parametrize("sort", [Sort.URGENCY, Sort.DEADLINE])
@pytest.mark.parametrize("text", ["garc", "G", "ng", "zuniga ana", "nobody"])
def test_a_name_prefix_finds_the_same_cases_by_either_route(
    db, mixed, monkeypatch, text, sort, open_only
) -> None:
    """Few matches are read off the name index and sorted; many are found lane by lane (on
    PostgreSQL the planner picks, within the lanes' statements). Same pages either way."""
    filters = Filters(search=text, sort=sort, open_only=open_only)
    routes = {}
    for route in ("names", "lanes"):
        monkeypatch.setattr(queue_search, "name_route", lambda *_args, route=route: route)
        routes[route] = every_page(db, filters, 4)
    key = name_key(None, text)
    wanted = [f for f in mixed if f["name_key"].startswith(key)]
    if open_only:
        wanted = [f for f in wanted if f["status"] in OPEN_STATUSES]
    assert wanted or text == "nobody"
    assert routes["names"] == routes["lanes"] == expected_order(wanted, sort)


def test_on_sqlite_few_matches_are_read_by_name_and_many_lane_by_lane(db, mixed, monkeypatch):
    """SQLite has no histogram of names: the matches are counted, up to a limit, to choose."""
    if db.get_bind().dialect.name != "sqlite":
        pytest.skip("PostgreSQL's planner chooses by its statistics")
    garc = name_key(None, "garc")
    many = sum(f["name_key"].startswith(garc) for f in mixed)
    monkeypatch.setattr(queue_search, "FEW_NAMES", many)
    assert queue_search.search(db, "garc")[0] == ("names", True)
    monkeypatch.setattr(queue_search, "FEW_NAMES", many - 1)
    assert queue_search.search(db, "garc")[0] == ("lanes", True)


def test_searches_share_one_kept_statement_that_holds_no_search_text(db, mixed) -> None:
    """First pages are built once per view and kind of search; the text is bound at each run."""
    queue._first_page.cache_clear()
    garc = queue_page(db, Filters(search="garc", open_only=False), user_id=1, now=NOW)
    gome = queue_page(db, Filters(search="gome", open_only=False), user_id=1, now=NOW)
    assert queue._first_page.cache_info().currsize == 1
    wanted = {key: [f for f in mixed if f["name_key"].startswith(key)] for key in ("garc", "gome")}
    assert [row.id for row in garc.rows] == expected_order(wanted["garc"], Sort.URGENCY)
    assert [row.id for row in gome.rows] == expected_order(wanted["gome"], Sort.URGENCY)
    kept = queue._first_page(Filters(open_only=False), None, queue.PAGE_SIZE, ("lanes", True))
    bound = [value for value in kept.compile().params.values() if isinstance(value, str)]
    assert not [value for value in bound if value.startswith(("garc", "gome", "garcia"))]


def test_each_case_keeps_its_persons_name_key_through_every_change(db) -> None:
    """The walk reads the case's copy of the name key: filing, renaming and redaction keep it."""
    case = make_case(db)
    case.person.family_name, case.person.name_key = "Ortiz", name_key("Lucía", "Ortiz")
    db.commit()
    assert case.name_key == "ortiz lucia"
    db.expire_all()
    person = db.get(type(case.person), case.person.id)
    person.name_key = name_key("Lucía", "Ortega")
    db.commit()
    db.expire_all()
    assert db.get(type(case), case.id).name_key == "ortega lucia"
    db.get(type(case.person), case.person.id).name_key = None
    db.commit()
    db.expire_all()
    assert db.get(type(case), case.id).name_key is None
