"""Staff journeys in a real browser: casework from sign-in to resolution, the monthly export, and
an axe check of the main staff pages (no serious or critical violations)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import sqlalchemy as sa
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from complaints.extensions import db as _db
from complaints.models import Case, Detention, RedressAction
from complaints.rules.triage import Urgency
from complaints.rules.vocabulary import Answer, IdentityLevel, Outcome, RedressKind, Role
from complaints.rules.workflow import Status
from tests.browser.conftest import LiveApp, new_page
from tests.factories import make_case
from tests.web.staff import PASSWORD, current_code, make_staff

NEW_YORK = ZoneInfo("America/New_York")
BLOCKING_IMPACTS = ("serious", "critical")


def october(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 10, day, hour, 0, tzinfo=NEW_YORK)


def seed(live: LiveApp, build: Callable[[], object]) -> object:
    """Run `build` against the live app's database and commit what it added."""
    with live.app.app_context():
        result = build()
        _db.session.commit()
        if isinstance(result, Case):
            return result.reference
        return result


def add_staff(live: LiveApp, role: Role) -> str:
    """A staff account with the known password and authenticator; returns its e-mail address."""
    with live.app.app_context():
        return make_staff(live.app, _db.session, role).email


def seed_queue(live: LiveApp) -> str:
    """Three normal cases filed early in October and one critical case filed later; returns the
    critical case's reference (most urgent first, so it leads the queue despite being newest)."""

    def build() -> Case:
        for day in (1, 2, 3):
            make_case(_db.session, created_at=october(day), urgency=Urgency.NORMAL)
        # Held on a detainer and agreeing to be named: a release demand may be made.
        critical = make_case(
            _db.session,
            created_at=october(20),
            urgency=Urgency.CRITICAL,
            identity_level=IdentityLevel.IDENTIFIED,
        )
        critical.detention = Detention(detainer_issued=Answer.YES)
        return critical

    return seed(live, build)


def enter_password(page: Page, live: LiveApp, email: str) -> None:
    page.goto(f"{live.url}/staff/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(f"{live.url}/staff/two-factor")


def enter_code(page: Page, live: LiveApp) -> None:
    page.get_by_label("Six-digit code from your authenticator app").fill(current_code())
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page).to_have_url(f"{live.url}/staff/")


def sign_in(page: Page, live: LiveApp, email: str) -> None:
    """Password, then the one-time code, through the real pages; ends on the staff home."""
    enter_password(page, live, email)
    enter_code(page, live)


def test_journey_4_a_caseworker_works_the_critical_case_to_resolution(live, page) -> None:
    critical = seed_queue(live)
    sign_in(page, live, add_staff(live, Role.CASEWORKER))

    page.goto(f"{live.url}/staff/cases/")
    first_link = page.locator("table.queue tbody tr").first.get_by_role("link").first
    expect(first_link).to_have_text(critical)
    first_link.click()
    expect(page).to_have_url(f"{live.url}/staff/cases/{critical}")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("New")

    redress = page.locator("#redress form").filter(
        has=page.get_by_role("button", name="Record this action")
    )
    redress.get_by_label("Action").select_option(RedressKind.RELEASE_DEMAND.value)
    redress.get_by_label("Sent to (office, jail, lawyer)").fill("Harris County Jail")
    redress.get_by_label("Date").fill("2026-10-21")
    redress.get_by_role("button", name="Record this action").click()
    expect(page.locator("#redress .redress-item")).to_have_count(1)
    expect(page.locator("#redress .redress-item")).to_contain_text("Harris County Jail")

    for status in ("Triaged", "Investigating"):
        page.get_by_role("button", name=f"Move to: {status}", exact=True).click()
        expect(heading).to_contain_text(status)
    resolve = page.locator("form.transition").filter(
        has=page.get_by_role("button", name="Move to: Resolved", exact=True)
    )
    resolve.get_by_label("Outcome").select_option(Outcome.RELEASED.value)
    resolve.get_by_role("button", name="Move to: Resolved", exact=True).click()
    expect(heading).to_contain_text("Resolved")

    with live.app.app_context():
        case = _db.session.execute(sa.select(Case).where(Case.reference == critical)).scalar_one()
        assert case.status is Status.RESOLVED
        actions = _db.session.execute(sa.select(RedressAction)).scalars().all()
        assert [(action.case_id, action.kind) for action in actions] == [
            (case.id, RedressKind.RELEASE_DEMAND)
        ]


def test_journey_5_a_supervisor_downloads_the_monthly_xlsx(live, page, tmp_path: Path) -> None:
    def build() -> None:
        for day in (1, 4, 9, 15, 22, 31):
            make_case(_db.session, created_at=october(day))
        # Just outside October in New York time: not counted.
        make_case(_db.session, created_at=datetime(2026, 9, 30, 23, 30, tzinfo=NEW_YORK))
        make_case(_db.session, created_at=datetime(2026, 11, 1, 0, 30, tzinfo=NEW_YORK))

    seed(live, build)
    sign_in(page, live, add_staff(live, Role.SUPERVISOR))

    page.goto(f"{live.url}/staff/reports/monthly?month=2026-10")
    expect(page.get_by_role("heading", level=1)).to_have_text("Monthly summary 2026-10")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download XLSX").click()
    download = info.value
    assert download.suggested_filename == "summary-2026-10.xlsx"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)

    summary = openpyxl.load_workbook(saved)["summary"]
    assert summary["A1"].value == "Monthly summary 2026-10"
    rows = {row[0]: row[1] for row in summary.iter_rows(min_row=3, values_only=True)}
    assert rows["Cases received"] == 6


def serious_violations(page: Page) -> list[str]:
    """axe's serious and critical violations on the page, one line each, ready to act on."""
    violations = Axe().run(page).response["violations"]
    return [
        f"{page.url}: {violation['id']} ({violation['impact']}): {violation['help']}; "
        f"first at {violation['nodes'][0]['target']} of {len(violation['nodes'])}"
        for violation in violations
        if violation["impact"] in BLOCKING_IMPACTS
    ]


def check_pages(page: Page, live: LiveApp, paths: list[str]) -> list[str]:
    found: list[str] = []
    for path in paths:
        response = page.goto(f"{live.url}{path}")
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        found += serious_violations(page)
    return found


def test_caseworker_pages_have_no_serious_accessibility_violations(live, page) -> None:
    critical = seed_queue(live)
    email = add_staff(live, Role.CASEWORKER)

    enter_password(page, live, email)
    found = serious_violations(page)  # the two-factor page
    enter_code(page, live)
    found += check_pages(page, live, ["/staff/", "/staff/cases/", f"/staff/cases/{critical}"])

    context, anonymous, watched = new_page(page.context.browser)
    try:
        found += check_pages(anonymous, live, ["/staff/login"])
    finally:
        context.close()
    assert watched.problems == []
    assert found == [], "\n".join(found)


def test_report_pages_have_no_serious_accessibility_violations(live, page) -> None:
    seed(live, lambda: [make_case(_db.session, created_at=october(day)) for day in range(1, 7)])
    sign_in(page, live, add_staff(live, Role.SUPERVISOR))
    found = check_pages(
        page,
        live,
        ["/staff/reports/monthly?month=2026-10", "/staff/reports/profiling?month=2026-10"],
    )
    assert found == [], "\n".join(found)


def test_admin_users_page_has_no_serious_accessibility_violations(live, page) -> None:
    add_staff(live, Role.CASEWORKER)
    sign_in(page, live, add_staff(live, Role.ADMIN))
    found = check_pages(page, live, ["/staff/admin/users"])
    assert found == [], "\n".join(found)
