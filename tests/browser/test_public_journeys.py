"""A frightened relative files, keeps the receipt and follows up: in Spanish, without
JavaScript, and in Arabic from right to left."""

from __future__ import annotations

import sqlalchemy as sa

from complaints.extensions import db as _db
from complaints.models import Attachment, Case, Message
from complaints.rules.triage import Urgency
from complaints.rules.vocabulary import MessageAuthor
from tests.browser.conftest import new_page
from tests.browser.filing import file_complaint


def reply_as_caseworker(live, reference: str, body: str) -> None:
    with live.app.app_context():
        case = _db.session.execute(sa.select(Case).where(Case.reference == reference)).scalar_one()
        case.messages.append(Message(author=MessageAuthor.STAFF, body=body))
        _db.session.commit()


def follow_up(page, base: str, reference: str, code: str) -> str:
    page.goto(f"{base}/follow-up")
    page.fill("#reference", reference)
    page.fill("#code", code)
    page.locator('form[action="/follow-up"] button').click()
    return page.content()


def check_and_follow(live, page, tmp_path, language: str) -> str:
    reference, code = file_complaint(page, live.url, tmp_path, language)
    with live.app.app_context():
        case = _db.session.execute(sa.select(Case).where(Case.reference == reference)).scalar_one()
        assert case.language == language and case.urgency is Urgency.CRITICAL
        attachments = _db.session.execute(sa.select(Attachment.original_name)).scalars().all()
        assert attachments == ["detainer.pdf"]
    page.locator("#saved").check()
    page.locator('form[action="/file/receipt"] button').click()
    reply_as_caseworker(live, reference, "Llamamos a la cárcel hoy.")
    return follow_up(page, live.url, reference, code)


def test_a_spanish_relative_files_and_follows_up(live, page, tmp_path) -> None:
    followed = check_and_follow(live, page, tmp_path, "es")
    assert '<html lang="es" dir="ltr">' in followed
    assert "Llamamos a la cárcel hoy." in followed


def test_the_same_filing_works_without_javascript(live, browser, tmp_path) -> None:
    context, page, watched = new_page(browser, javascript=False)
    followed = check_and_follow(live, page, tmp_path, "es")
    assert "Llamamos a la cárcel hoy." in followed
    context.close()
    assert watched.problems == []


def test_an_arabic_filing_reads_right_to_left(live, page, tmp_path) -> None:
    page.goto(f"{live.url}/language/ar?next=/file/who")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    # Logical CSS: in right-to-left pages the error bar sits on the right of a field group. The
    # refused page is read once it has loaded (its stylesheet applied), not while it parses.
    with page.expect_navigation():
        page.locator("form button.button").last.click()
    group = page.locator(".form-group.has-error").first
    assert (
        page.evaluate("el => getComputedStyle(el).borderRightWidth", group.element_handle())
        != "0px"
    )
    assert (
        page.evaluate("el => getComputedStyle(el).borderLeftWidth", group.element_handle()) == "0px"
    )
    followed = check_and_follow(live, page, tmp_path, "ar")
    assert '<html lang="ar" dir="rtl">' in followed


def test_the_form_can_be_completed_with_the_keyboard_alone(live, page) -> None:
    page.goto(f"{live.url}/file")

    def tab_to(selector: str, limit: int = 60) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(f"document.activeElement.matches({selector!r})"):
                return
        raise AssertionError(f"could not reach {selector} with Tab")

    def submit_with_enter(button: str = "form button.button:not(.secondary)") -> None:
        tab_to(button)
        with page.expect_navigation():
            page.keyboard.press("Enter")

    assert page.url.endswith("/file/story")  # the person's own account comes first
    tab_to("#narrative")
    page.keyboard.type("They held me two days after bail.")
    submit_with_enter()
    assert page.url.endswith("/file/who"), page.locator(".error-summary").all_inner_texts()
    tab_to('input[name="filing_for"]')
    page.keyboard.press("ArrowDown")  # radios move with the arrow keys: "someone else"
    page.keyboard.press("ArrowUp")  # back to "I am the person this happened to"
    tab_to('input[name="identity"]')
    page.keyboard.press("ArrowDown")  # "Yes, and you may name the person..."
    page.keyboard.press("ArrowDown")  # "No, file anonymously"
    submit_with_enter()
    assert page.url.endswith("/file/what-happened"), page.locator(
        ".error-summary"
    ).all_inner_texts()
    tab_to('input[name="complaint_types"]')
    page.keyboard.press("Space")
    submit_with_enter()
    assert page.url.endswith("/file/person"), page.locator(".error-summary").all_inner_texts()
    tab_to('input[name="detained_now"]')
    page.keyboard.press("Space")  # "Yes"
    submit_with_enter()
    assert page.url.endswith("/file/detention")
    submit_with_enter()  # every detention question may be skipped
    assert page.url.endswith("/file/documents")
    submit_with_enter('button[value="continue"]')
    assert page.url.endswith("/file/consent")
    tab_to('input[name="contact_allowed"]')
    page.keyboard.press("ArrowDown")  # "No"
    submit_with_enter()
    assert page.url.endswith("/file/review")
    submit_with_enter('form[action="/file/submit"] button')
    assert page.url.endswith("/file/receipt")
    tab_to("#saved")
    page.keyboard.press("Space")
    submit_with_enter('form[action="/file/receipt"] button')
    assert page.url.endswith("/file/done")
