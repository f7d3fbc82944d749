"""The privacy and consent pages in a real browser: the person withdraws a consent on follow-up,
and the caseworker's case page shows it; axe finds nothing serious on either page."""

from __future__ import annotations

import sqlalchemy as sa
from playwright.sync_api import expect

from complaints.extensions import db as _db
from complaints.models import Case
from complaints.rules.vocabulary import ConsentDestination, Role
from tests.browser.conftest import SCREENSHOTS
from tests.browser.filing import file_complaint
from tests.browser.test_accessibility import serious
from tests.browser.test_public_journeys import follow_up
from tests.browser.test_staff_journeys import add_staff, sign_in


def test_a_consent_withdrawn_on_follow_up_shows_on_the_case_page(live, page, tmp_path) -> None:
    folder = SCREENSHOTS / "en"
    folder.mkdir(parents=True, exist_ok=True)
    reference, code = file_complaint(page, live.url, tmp_path, "en")
    page.locator("#saved").check()
    page.locator('form[action="/file/receipt"] button').click()
    follow_up(page, live.url, reference, code)
    page.get_by_role("link", name="See or change who we may share your complaint with").click()
    page.screenshot(path=str(folder / "follow-up-privacy.png"), full_page=True)
    assert serious(page) == []
    page.get_by_label("You may count my complaint, without names, in public statistics").check()
    page.get_by_role("button", name="Save what we may share").click()
    expect(page.get_by_role("status")).to_contain_text("Thank you")
    with live.app.app_context():
        case = _db.session.execute(sa.select(Case).where(Case.reference == reference)).scalar_one()
        latest = {consent.destination: consent.granted for consent in case.consents}
    assert latest[ConsentDestination.STATISTICS] is True

    page.context.clear_cookies()
    sign_in(page, live, add_staff(live, Role.CASEWORKER))
    page.goto(f"{live.url}/staff/cases/{reference}")
    expect(page.locator(".identity-badge")).to_contain_text("Identity: Confidential")
    row = page.locator("table.consents tr").filter(has_text="Statistics without names")
    expect(row).to_contain_text("On the follow-up page")
    page.screenshot(path=str(folder / "case-safety.png"), full_page=True)
    assert serious(page) == []
