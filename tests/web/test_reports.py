"""Supervisor reports: exact figures for a month built here, the profiling flag, exports."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, date, datetime, timedelta
from http import HTTPStatus
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.models import AuditEvent, Case, Detention
from complaints.reports.profiling import profiling_review
from complaints.reports.summary import monthly_summary
from complaints.reports.window import Window
from complaints.rules.levels import Level
from complaints.rules.vocabulary import Answer, IdentityLevel, Role
from tests.factories import make_case
from tests.web.staff import make_staff, sign_in, token

NEW_YORK = ZoneInfo("America/New_York")
CHICAGO = ZoneInfo("America/Chicago")
OCTOBER = Window(date(2026, 10, 1), 1, NEW_YORK)


def at(day: int, hour: int = 12, month: int = 10) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=NEW_YORK)


@pytest.fixture
def october(db: so.Session) -> None:
    """Six cases filed in October 2026 (New York time), and two just outside it."""
    for day, triage_days, resolve_days in ((1, 1, 10), (2, 2, None), (5, 3, 20), (9, None, None)):
        case = make_case(db, created_at=at(day), state="TX", county="Harris", language="es",
                         enforcement_level=Level.NON_CRIMINAL)  # fmt: skip
        if triage_days:
            case.triaged_at = at(day) + timedelta(days=triage_days)
        if resolve_days:
            case.resolved_at = at(day) + timedelta(days=resolve_days)
    make_case(db, created_at=at(12), state="FL", county="Dade", language="en",
              enforcement_level=Level.LEVEL_1)  # fmt: skip
    held = make_case(db, created_at=at(20), state="TX", county="El Paso", language="es",
                     time_zone="America/Chicago", enforcement_level=Level.LEVEL_3)  # fmt: skip
    held.detention = Detention(
        detainer_issued=Answer.YES,
        eligible_for_release_at=datetime(2026, 10, 16, 17, 0, tzinfo=CHICAGO),  # a Friday
        released_at=datetime(2026, 10, 21, 17, 0, tzinfo=CHICAGO),  # Wednesday: 24 h over
    )
    # Midnight boundaries are New York's: 23:30 on Sept 30 is September; 00:30 Nov 1 is November.
    make_case(db, created_at=datetime(2026, 9, 30, 23, 30, tzinfo=NEW_YORK))
    make_case(db, created_at=datetime(2026, 11, 1, 0, 30, tzinfo=NEW_YORK))
    db.commit()


def test_the_month_s_figures_are_exact(db, october) -> None:
    summary = monthly_summary(db, OCTOBER, datetime(2026, 11, 25, tzinfo=UTC))
    assert summary.received == 6
    assert summary.triaged == 3
    assert summary.days_to_triage.median == 2.0
    assert summary.days_to_triage.p90 == pytest.approx(2.8)
    assert summary.days_to_resolution.median == 15.0
    assert summary.by_state == {"TX": 5, "FL": 1}
    assert summary.by_language == {"es": 5, "en": 1}
    assert summary.by_level == {"non_criminal": 4, "level_1": 1, "level_3": 1}
    assert summary.by_jurisdiction == {"TX / Harris": 4, "FL / Dade": 1, "TX / El Paso": 1}
    assert summary.overstays.count == 1
    assert summary.overstays.median_hours == pytest.approx(24.0)
    assert summary.overstays.max_hours == pytest.approx(24.0)


def test_a_jurisdiction_far_above_the_rate_is_flagged_and_a_tiny_one_is_not(db) -> None:
    for number in range(40):  # Cobb: 12 of 40 with possible profiling
        make_case(db, created_at=at(3), state="GA", county="Cobb",
                  flag_possible_profiling=number < 12)  # fmt: skip
    for _number in range(200):  # elsewhere: none
        make_case(db, created_at=at(4), state="GA", county="Fulton")
    for _number in range(2):  # Tiny: 2 of 2, but too few to tell
        make_case(db, created_at=at(5), state="GA", county="Tiny", flag_possible_profiling=True)
    db.commit()
    review = profiling_review(db, OCTOBER)
    rows = {row.county: row for row in review.rows}
    assert review.cases == 242
    assert review.profiling_rate == pytest.approx(14 / 242)
    assert rows["Cobb"].profiling.far_above is True
    assert rows["Tiny"].profiling.far_above is False and rows["Tiny"].profiling.share == 1.0
    assert rows["Fulton"].profiling.far_above is False
    assert review.rows[0].county == "Cobb"  # flagged jurisdictions first


def supervisor_client(app, db):
    client = app.test_client()
    sign_in(client, make_staff(app, db, Role.SUPERVISOR))
    return client


def test_the_monthly_page_shows_the_figures_and_a_chart(app, db, october) -> None:
    page = (
        supervisor_client(app, db)
        .get("/staff/reports/monthly?month=2026-10")
        .get_data(as_text=True)
    )
    assert "Monthly summary 2026-10" in page
    assert '<svg class="chart"' in page and "<polyline" in page
    assert "Non-criminal" in page


def test_the_csv_export_suppresses_small_counts_and_neutralises_formulas(app, db, october) -> None:
    make_case(db, created_at=at(15), state="NY", agency='=HYPERLINK("http://evil")')
    db.commit()
    response = supervisor_client(app, db).get(
        "/staff/reports/monthly/export?month=2026-10&format=csv"
    )
    assert response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    by_state = list(csv.reader(io.StringIO(archive.read("by_state.csv").decode("utf-8-sig"))))
    assert by_state[0] == ["State", "Cases"]
    # FL 1 and NY 1 are "<5". With TX 5 and the total 7 shown they would have to be 1 each, so
    # TX is withheld; even then the total pins every cell (TX >= 5 leaves 2), so it goes too.
    assert sorted(by_state[1:]) == [
        ["FL", "<5"],
        ["NY", "<5"],
        ["TX", "suppressed"],
        ["Total", "suppressed"],
    ]
    agencies = archive.read("by_agency.csv").decode("utf-8-sig")
    assert "'=HYPERLINK" in agencies and "\n=HYPERLINK" not in agencies
    actions = (
        db.execute(sa.select(AuditEvent.details).where(AuditEvent.action == "report.exported"))
        .scalars()
        .all()
    )
    assert actions == [{"month": "2026-10", "format": "csv", "identified": False}]


def test_the_xlsx_export_opens_with_sheets_headers_and_a_chart(app, db, october) -> None:
    response = supervisor_client(app, db).get(
        "/staff/reports/monthly/export?month=2026-10&format=xlsx"
    )
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert {"summary", "by_state", "by_level", "trend", "chart"} <= set(book.sheetnames)
    summary = book["summary"]
    assert summary["A1"].value == "Monthly summary 2026-10" and summary["A1"].font.bold
    assert [cell.value for cell in summary[2]] == ["Item", "Value"]
    assert summary.freeze_panes == "A3"
    rows = {row[0]: row[1] for row in summary.iter_rows(min_row=3, values_only=True)}
    assert rows["Cases received"] == 6 and rows["Median days to triage"] == 2.0
    assert len(book["chart"]._charts) == 1


def test_identified_export_is_for_supervisors_with_a_reason_and_audited(app, db, october) -> None:
    client = supervisor_client(app, db)
    path = "/staff/reports/cases-export?month=2026-10"
    refused = client.post(path, data={"csrf_token": token(client, path), "reason": " "})
    assert refused.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    response = client.post(path, data={"csrf_token": token(client, path),
                                       "reason": "CRCL asked for the October list"})  # fmt: skip
    body = response.get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0][:3] == ["reference", "created_at", "status"]
    assert len(rows) == 1 + 6
    event = db.execute(
        sa.select(AuditEvent).where(AuditEvent.action == "report.exported")
    ).scalar_one()
    assert (
        event.details["identified"] is True
        and event.details["reason"] == "CRCL asked for the October list"
    )
    caseworker = app.test_client()
    sign_in(caseworker, make_staff(app, db, Role.CASEWORKER))
    assert caseworker.get("/staff/reports/monthly").status_code == HTTPStatus.FORBIDDEN
    admin = app.test_client()
    sign_in(admin, make_staff(app, db, Role.ADMIN))
    assert admin.get("/staff/reports/monthly").status_code == HTTPStatus.OK
    assert admin.get(path).status_code == HTTPStatus.FORBIDDEN


def test_each_identified_row_holds_the_case_s_values(app, db, october) -> None:
    case = db.execute(sa.select(Case).where(Case.county == "Dade")).scalar_one()
    case.person.given_name, case.person.phone = "=HYPERLINK(1)", "+1 555 0100"
    case.person.a_number, case.person.email = "123456789", "maria@example.org"
    db.commit()
    client = supervisor_client(app, db)
    path = "/staff/reports/cases-export?month=2026-10"
    response = client.post(path, data={"csrf_token": token(client, path), "reason": "a check"})
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    row = next(row for row in rows if row[0] == case.reference)
    assert row == [
        case.reference,
        case.created_at.isoformat(),
        "new",
        "normal",
        "FL",
        "Dade",
        "en",
        "web",
        "'=HYPERLINK(1)",
        "López",
        "123456789",
        "'+1 555 0100",
        "maria@example.org",
    ]
    assert case.created_at.isoformat().endswith("+00:00")


def test_the_identified_export_can_cover_three_or_twelve_months(app, db, october) -> None:
    client = supervisor_client(app, db)
    for window, month, expected in (("quarter", "2026-11", 8), ("year", "2026-10", 7)):
        path = f"/staff/reports/cases-export?month={month}&window={window}"
        page = client.get(path).get_data(as_text=True)
        assert ("2026-09 – 2026-11" if window == "quarter" else "2025-11 – 2026-10") in page
        response = client.post(path, data={"csrf_token": token(client, path),
                                           "reason": "the annual report"})  # fmt: skip
        months = 3 if window == "quarter" else 12
        assert f"cases-{month}-{months}-months.csv" in response.headers["Content-Disposition"]
        rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
        assert len(rows) == 1 + expected, window
    events = db.execute(
        sa.select(AuditEvent).where(AuditEvent.action == "report.exported")
    ).scalars()
    assert sorted(event.details["months"] for event in events) == [3, 12]


def test_the_cli_writes_the_summary(app, cli, db, october, tmp_path) -> None:
    output = tmp_path / "october.xlsx"
    result = cli.invoke(args=["reports", "monthly", "--month", "2026-10", "--format", "xlsx",
                              "--output", str(output)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert openpyxl.load_workbook(output)["summary"]["A1"].value == "Monthly summary 2026-10"
    bad = cli.invoke(args=["reports", "monthly", "--month", "October", "--output", str(output)])
    assert bad.exit_code != 0 and "YYYY-MM" in bad.output
    assert db.execute(sa.select(sa.func.count()).select_from(Case)).scalar_one() == 8


def test_redress_actions_are_counted_by_kind_and_outcome(app, db, october) -> None:
    from complaints.models import RedressAction
    from complaints.rules.vocabulary import RedressKind, RedressOutcome

    case = db.execute(sa.select(Case).where(Case.county == "El Paso")).scalar_one()
    for outcome in (RedressOutcome.GRANTED, RedressOutcome.GRANTED, RedressOutcome.PENDING):
        demand = RedressAction(kind=RedressKind.RELEASE_DEMAND, target="jail",
                               taken_on=date(2026, 10, 22), outcome=outcome)  # fmt: skip
        case.redress_actions.append(demand)
    later = RedressAction(kind=RedressKind.REFER_CRCL, target="CRCL", taken_on=date(2026, 11, 2))
    case.redress_actions.append(later)
    db.commit()
    summary = monthly_summary(db, OCTOBER, datetime(2026, 11, 25, tzinfo=UTC))
    assert summary.redress == {"release_demand": {"granted": 2, "pending": 1}}


@pytest.mark.parametrize("code", ["es", "zh", "vi", "ko", "tl", "ar", "ht"])
def test_report_pages_render_in_every_language(app, db, october, code: str) -> None:
    client = supervisor_client(app, db)
    client.get(f"/language/{code}")
    for path in ("/staff/reports/monthly?month=2026-10", "/staff/reports/profiling?month=2026-10",
                 "/staff/reports/cases-export?month=2026-10"):  # fmt: skip
        response = client.get(path)
        assert response.status_code == HTTPStatus.OK, (code, path)
        assert "Monthly summary" not in response.get_data(as_text=True)


def test_dates_in_the_wrong_order_never_break_a_page(app, db) -> None:
    case = make_case(
        db,
        created_at=at(7),
        time_zone="America/Chicago",
        identity_level=IdentityLevel.IDENTIFIED,
        removal_proceedings=Answer.YES,
    )
    case.detention = Detention(
        detainer_issued=Answer.YES,
        eligible_for_release_at=datetime(2026, 10, 9, 17, 0, tzinfo=CHICAGO),
        released_at=datetime(2026, 10, 8, 17, 0, tzinfo=CHICAGO),  # before eligibility
    )
    db.commit()
    client = supervisor_client(app, db)
    assert client.get("/staff/reports/monthly?month=2026-10").status_code == HTTPStatus.OK
    assert client.get(f"/staff/cases/{case.reference}").status_code == HTTPStatus.OK
    # Both letters read the same clock; the release demand is refused (released: no hold).
    letter = client.get(f"/staff/cases/{case.reference}/letters/discretion?format=txt")
    assert letter.status_code == HTTPStatus.OK
    letter = client.get(f"/staff/cases/{case.reference}/letters/release?format=txt")
    assert letter.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
