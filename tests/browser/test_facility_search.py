"""The jail picker in a real browser: search as you type with the keyboard, and the plain list
by state without JavaScript. Both fill the same answer; axe checks the open suggestions."""

from __future__ import annotations

import sqlalchemy as sa
from axe_playwright_python.sync_playwright import Axe

from complaints.extensions import db as _db
from complaints.facilities import read_facilities
from complaints.facility_import import import_facilities
from complaints.models import Case, Facility
from tests.browser.conftest import SCREENSHOTS, new_page
from tests.web.directory import EL_PASO_JAIL, facility_csv

JAIL_NAME = "EL PASO COUNTY JAIL (TEXAS)"


def load_directory(live) -> int:
    """Import the shared list into the live app's database; the El Paso county jail's id."""
    with live.app.app_context():
        import_facilities(_db.session, read_facilities(facility_csv()))
        _db.session.commit()
        return _db.session.execute(
            sa.select(Facility.id).where(Facility.code == EL_PASO_JAIL)
        ).scalar_one()


def start_what_happened(page, base: str) -> None:
    page.goto(f"{base}/file/what-happened")
    page.fill("#city", "Socorro")
    page.locator('input[name="complaint_types"][value="prolonged_detention"]').check()


def test_typing_suggests_jails_and_the_keyboard_picks_one(live, page) -> None:
    jail_id = load_directory(live)
    start_what_happened(page, live.url)
    search = page.locator("#facility-search")
    assert search.is_visible()
    search.click()
    page.keyboard.type("el paso county", delay=20)
    suggestions = page.locator("#facility-search-results [role=option]")
    suggestions.first.wait_for()
    assert search.get_attribute("aria-expanded") == "true"
    texts = suggestions.all_inner_texts()
    assert f"{JAIL_NAME} (EL PASO, TX)" in texts
    assert "suggestions" in page.locator("#facility-search-status").inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "facility-search.png"), full_page=True)
    violations = [
        violation["id"]
        for violation in Axe().run(page).response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert violations == []
    for _ in range(texts.index(f"{JAIL_NAME} (EL PASO, TX)") + 1):
        page.keyboard.press("ArrowDown")
    assert search.get_attribute("aria-activedescendant")
    page.keyboard.press("Enter")  # chooses; it does not send the form
    assert page.url.endswith("/file/what-happened")
    assert page.locator("#facility-search-results").is_hidden()
    assert page.locator("#facility_id").input_value() == str(jail_id)
    assert page.locator("#facility-search-status").inner_text() == (
        f"Chosen: {JAIL_NAME} (EL PASO, TX)"
    )
    page.locator('form button[type="submit"].button:not(.secondary)').last.click()
    assert page.url.endswith("/file/person"), page.locator(".error-summary").all_inner_texts()
    page.goto(f"{live.url}/file/review")
    assert f"{JAIL_NAME} (EL PASO, TX)" in page.content()


def test_a_click_picks_a_jail_in_another_state_than_the_one_chosen(live, page) -> None:
    jail_id = load_directory(live)
    start_what_happened(page, live.url)
    page.select_option("#state", "NM")
    page.locator('button[name="show_facilities"]').click()
    assert page.locator("#facility_id option").count() > 1  # New Mexico's jails
    page.locator("#facility-search").fill("el paso county jail")
    page.locator("#facility-search-results [role=option]", has_text=JAIL_NAME).click()
    assert page.locator("#facility_id").input_value() == str(jail_id)
    page.locator('form button[type="submit"].button:not(.secondary)').last.click()
    assert page.url.endswith("/file/person"), page.locator(".error-summary").all_inner_texts()


def test_without_javascript_the_states_list_is_offered(live, browser) -> None:
    jail_id = load_directory(live)
    context, page, watched = new_page(browser, javascript=False)
    start_what_happened(page, live.url)
    assert page.locator("#facility-search").is_hidden()
    assert page.locator("select#facility_id").count() == 0
    page.select_option("#state", "TX")
    page.locator('button[name="show_facilities"]').click()
    assert page.locator("#city").input_value() == "Socorro"
    page.select_option("#facility_id", str(jail_id))
    page.locator('form button[type="submit"].button:not(.secondary)').last.click()
    assert page.url.endswith("/file/person"), page.locator(".error-summary").all_inner_texts()
    page.goto(f"{live.url}/file/review")
    assert f"{JAIL_NAME} (EL PASO, TX)" in page.content()
    context.close()
    assert watched.problems == []
    with live.app.app_context():
        assert _db.session.execute(sa.select(sa.func.count()).select_from(Case)).scalar() == 0
