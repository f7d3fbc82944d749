"""The staff queue: filters, sorts, keyset pages, and a fixed number of queries per page."""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime, timedelta
from http import HTTPStatus
from urllib.parse import parse_qs, quote, quote_plus, urlsplit

import pytest
import sqlalchemy as sa
import sqlalchemy.orm as so
from cryptography.fernet import Fernet

from complaints.casework.queue import PAGE_SIZE, Filters, Sort, parse_filters, queue_page
from complaints.casework.search_seal import open_search, seal_search
from complaints.models import CaseComplaintType
from complaints.rules.triage import Flag, Urgency
from complaints.rules.vocabulary import ComplaintType, Role
from complaints.rules.workflow import Status
from complaints.storage import Vault
from tests.factories import make_case
from tests.web.staff import make_staff, sign_in, token

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
                      search="garcia", search_token="sealed-1", open_only=False)  # fmt: skip

    class Args(dict):
        def getlist(self, key):
            value = self.get(key, [])
            return value if isinstance(value, list) else [value]

    args = filters.as_args()
    assert args["qt"] == "sealed-1" and "garcia" not in repr(args)
    assert parse_filters(Args(args), reveal={"sealed-1": "garcia"}.get) == filters
    # A token that cannot be opened, or no way to open it, means no search at all.
    assert parse_filters(Args(args), reveal=lambda _token: None).search is None
    assert parse_filters(Args(args)).search is None
    # Search text in plain is never read from a URL.
    assert parse_filters(Args({"q": "garcia"}), reveal=lambda token: token).search is None


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


# --- The search never travels in a URL -------------------------------------------------------

LINK = re.compile(r'\b(?:href|src|action)="([^"]*)"')


def spellings(text: str) -> set[str]:
    """The ways `text` could show up in a URL or a page: as typed, escaped, encoded, folded."""
    forms = {text, text.lower(), text.upper(), html.escape(text)}
    return forms | {quote(form) for form in forms} | {quote_plus(form) for form in forms}


def assert_nowhere_in_urls(response, page: str, text: str) -> None:
    urls = [response.headers.get("Location", ""), *LINK.findall(page)]
    for url in urls:
        assert not any(form in url for form in spellings(text)), url
        assert "q" not in parse_qs(urlsplit(html.unescape(url)).query), url


def search(client, text: str, **filters: str):
    """Post the queue's search form as the page does: its CSRF token, the text, any filters."""
    data = {"csrf_token": token(client, "/staff/cases/"), "q": text, **filters}
    return client.post("/staff/cases/", data=data)


def references(page: str) -> set[str]:
    return set(re.findall(r'href="/staff/cases/(SC-[0-9A-Z]{4}-[0-9A-Z]{4})"', page))


def reference_of(db, case_id: int) -> str:
    from complaints.models import Case

    return db.get(Case, case_id).reference


@pytest.fixture
def worker_client(app, client, db, cases):
    sign_in(client, make_staff(app, db, Role.CASEWORKER, email="searcher@staff.example"))
    return client


@pytest.mark.parametrize(
    ("text", "expected"), [("Nguyễn Mi", "normal"), ("A012345678", "high"), ("012-345-678", "high")]
)
def test_a_search_is_posted_and_comes_back_as_an_opaque_token(
    db, cases, worker_client, text: str, expected: str
) -> None:
    response = search(worker_client, text, state="AZ" if expected == "normal" else "")
    assert response.status_code == HTTPStatus.FOUND
    location = response.headers["Location"]
    query = parse_qs(urlsplit(location).query)
    assert set(query) <= {"qt", "state"} and len(query["qt"]) == 1
    assert_nowhere_in_urls(response, "", text)

    result = worker_client.get(location)
    page = result.get_data(as_text=True)
    assert result.status_code == HTTPStatus.OK
    assert references(page) == {reference_of(db, cases[expected])}
    assert_nowhere_in_urls(result, page, text)
    assert html.escape(text) in page  # still in the search box, in the page body only


def test_every_page_link_carries_the_token_and_never_the_text(app, db, cases, worker_client):
    for number in range(PAGE_SIZE + 1):
        case = make_case(db, urgency=Urgency.NORMAL)
        case.person.given_name, case.person.family_name = f"An {number}", "Phạm"
        case.person.name_key = f"pham an {number}"
    db.commit()
    first = worker_client.get(search(worker_client, "Phạm", sort="filed").headers["Location"])
    page = first.get_data(as_text=True)
    assert len(references(page)) == PAGE_SIZE
    assert_nowhere_in_urls(first, page, "Phạm")
    [next_link] = re.findall(r'href="([^"]*)">Next page<', page)
    next_args = parse_qs(urlsplit(html.unescape(next_link)).query)
    assert set(next_args) == {"after", "qt", "sort"}

    second = worker_client.get(html.unescape(next_link))
    rest = second.get_data(as_text=True)
    assert len(references(rest)) == 1 and not references(rest) & references(page)
    assert_nowhere_in_urls(second, rest, "Phạm")
    [first_link] = re.findall(r'href="([^"]*)">First page<', rest)
    assert set(parse_qs(urlsplit(html.unescape(first_link)).query)) == {"qt", "sort"}


def test_an_old_search_link_is_moved_out_of_the_url(db, cases, worker_client) -> None:
    response = worker_client.get("/staff/cases/?q=nguyen&language=vi")
    assert response.status_code == HTTPStatus.FOUND
    assert_nowhere_in_urls(response, "", "nguyen")
    assert set(parse_qs(urlsplit(response.headers["Location"]).query)) == {"qt", "language"}
    page = worker_client.get(response.headers["Location"]).get_data(as_text=True)
    assert references(page) == {reference_of(db, cases["normal"])}


def test_clearing_the_search_box_drops_the_token(db, cases, worker_client) -> None:
    response = search(worker_client, "   ")
    assert response.headers["Location"] == "/staff/cases/"


def test_the_search_form_needs_its_csrf_token(db, cases, worker_client) -> None:
    response = worker_client.post("/staff/cases/", data={"q": "nguyen"})
    assert response.status_code == HTTPStatus.BAD_REQUEST


@pytest.mark.parametrize("kind", ["garbage", "tampered", "expired", "other_purpose"])
def test_an_unusable_token_is_ignored_with_a_notice(app, db, cases, worker_client, kind) -> None:
    vault = app.extensions["vault"]
    good = seal_search(vault, "nguyen", datetime.now(UTC))
    bad = {
        "garbage": "not-a-token",
        "tampered": good[:-6] + ("AAAAAA" if not good.endswith("AAAAAA") else "BBBBBB"),
        "expired": seal_search(vault, "nguyen", datetime.now(UTC) - timedelta(hours=13)),
        # Another Vault token (an authenticator secret, say) must not be shown as a search.
        "other_purpose": vault.encrypt(b"JBSWY3DPEHPK3PXP").decode(),
    }[kind]
    response = worker_client.get("/staff/cases/", query_string={"qt": bad})
    page = response.get_data(as_text=True)
    assert response.status_code == HTTPStatus.OK
    assert "That search has expired. Please search again." in page
    assert "JBSWY3DPEHPK3PXP" not in page and 'value="nguyen"' not in page
    open_cases = {"critical_old", "critical_new", "high", "normal", "profiling", "low"}
    assert references(page) == {reference_of(db, cases[name]) for name in open_cases}


def test_a_good_token_shows_no_notice(app, db, cases, worker_client) -> None:
    good = seal_search(app.extensions["vault"], "nguyen", datetime.now(UTC))
    page = worker_client.get("/staff/cases/", query_string={"qt": good}).get_data(as_text=True)
    assert "That search has expired." not in page
    assert references(page) == {reference_of(db, cases["normal"])}


def test_sealed_searches_open_only_with_the_right_key_purpose_and_age() -> None:
    vault = Vault(Fernet.generate_key().decode())
    token = seal_search(vault, "García A012345678", NOW)
    assert "García" not in token and "012345678" not in token
    assert open_search(vault, token, NOW + timedelta(hours=11)) == "García A012345678"
    assert open_search(vault, token, NOW + timedelta(hours=12, seconds=1)) is None
    assert open_search(vault, token, NOW - timedelta(minutes=5)) is None  # issued in the future
    assert open_search(Vault(Fernet.generate_key().decode()), token, NOW) is None
    assert open_search(vault, "x" * 5000, NOW) is None
