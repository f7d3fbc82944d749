"""axe-core on every public page in every language: no serious or critical violations.

Each page is also photographed into SCREENSHOT_DIR (default build/screenshots) for a person to
look at, one folder per language.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from complaints.locales import LANGUAGES
from tests.browser.conftest import SCREENSHOTS

PAGES = {
    "home": "/", "story": "/file/story", "who": "/file/who",
    "what-happened": "/file/what-happened",
    "person": "/file/person", "detention": "/file/detention", "documents": "/file/documents",
    "consent": "/file/consent", "review": "/file/review", "follow-up": "/follow-up",
    "help": "/help/", "after-you-file": "/help/after-you-file",
    "48-hour-limit": "/help/48-hour-limit",
    "prosecutorial-discretion": "/help/prosecutorial-discretion",
    "your-information": "/help/your-information", "contact": "/help/contact",
    "not-found": "/no-such-page",
}  # fmt: skip
AXE = Axe()


def serious(page) -> list[str]:
    """The serious and critical violations on the page, described well enough to fix."""
    results = AXE.run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        f"{violation['nodes'][0]['target']}"
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("code", [language.code for language in LANGUAGES])
def test_every_public_page_in_every_language(live, page, code: str) -> None:
    folder = SCREENSHOTS / code
    folder.mkdir(parents=True, exist_ok=True)
    page.goto(f"{live.url}/language/{code}?next=/")
    found: dict[str, list[str]] = {}
    for name, path in PAGES.items():
        page.goto(live.url + path)
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
        problems = serious(page)
        if problems:
            found[name] = problems
    # A page showing its errors is checked too: the summary, messages and invalid fields.
    page.goto(live.url + "/file/who")
    page.locator("form button.button").last.click()
    page.screenshot(path=str(folder / "who-with-errors.png"), full_page=True)
    if problems := serious(page):
        found["who-with-errors"] = problems
    assert found == {}
