"""Filling the public form in a real browser, by the labels a person reads."""

from __future__ import annotations

import re
from pathlib import Path

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def choose(page, name: str, value: str) -> None:
    page.locator(f'input[name="{name}"][value="{value}"]').check()


def press_continue(page) -> None:
    page.locator('form button[type="submit"].button:not(.secondary)').last.click()


def file_complaint(page, base: str, tmp_path: Path, language: str = "es") -> tuple[str, str]:
    """A relative files for a detained person held on a detainer, with the detainer attached.

    Returns the case reference and follow-up code from the receipt.
    """
    page.goto(f"{base}/language/{language}?next=/file")
    # The person's own account comes first.
    assert page.url.endswith("/file/story")
    page.fill("#narrative", "Pagó la fianza el viernes y la cárcel no lo dejó salir por ICE.")
    press_continue(page)
    choose(page, "filing_for", "someone_else")
    choose(page, "identity", "confidential")
    choose(page, "relationship", "family")
    page.fill("#filer_name", "Ana López")
    page.fill("#filer_email", "ana@example.org")
    press_continue(page)
    page.locator('input[name="complaint_types"][value="prolonged_detention"]').check()
    page.select_option("#state", "TX")
    page.fill("#county", "Harris")
    page.fill("#facility", "Harris County Jail")
    choose(page, "stop_reason", "traffic_stop")
    press_continue(page)
    page.fill("#given_name", "José")
    page.fill("#family_name", "López")
    page.fill("#a_number", "A12345678")
    choose(page, "detained_now", "yes")
    press_continue(page)
    page.fill("#booked_at", "2026-11-20T11:00")
    choose(page, "detainer_issued", "yes")
    choose(page, "detainer_copy_received", "no")
    page.fill("#eligible_at", "2026-11-20T15:00")
    choose(page, "release_kind", "still_held")
    press_continue(page)
    detainer = tmp_path / "detainer.pdf"
    detainer.write_bytes(PDF)
    page.set_input_files("#files", str(detainer))
    page.locator('button[name="action"][value="continue"]').click()
    choose(page, "contact_allowed", "yes")
    page.locator('input[name="contact_methods"][value="text"]').check()
    press_continue(page)
    assert "/file/review" in page.url
    page.locator('form[action="/file/submit"] button').click()
    page.wait_for_url("**/file/receipt")
    page.wait_for_load_state()
    receipt = page.content()
    reference = re.search(r"SC-[0-9A-Z]{4}-[0-9A-Z]{4}", receipt).group(0)
    code = re.search(r"\b[0-9A-Z]{4}(?:-[0-9A-Z]{4}){4}\b", receipt).group(0)
    return reference, code
