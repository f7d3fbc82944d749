"""English and Spanish are complete on the public side: every string, every message."""

from __future__ import annotations

import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
import sqlalchemy as sa
from babel.messages.pofile import read_po

from complaints.config import PROJECT_ROOT
from tests.web.filing import WHAT, errors_on, fill_form, post_step, submit

CATALOGS = PROJECT_ROOT / "complaints" / "translations"
SPANISH = {"Accept-Language": "es-MX,es;q=0.9"}
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%%")
PUBLIC_PAGES = ["/", "/file/who", "/file/what-happened", "/file/person", "/file/detention",
                "/file/documents", "/file/consent", "/file/review", "/follow-up"]  # fmt: skip


def spanish_catalog():
    with (CATALOGS / "es" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle)


def test_the_catalog_template_is_up_to_date(tmp_path: Path) -> None:
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-k", "_l", "-k", "lazy_gettext", "--no-location", "--omit-header", "-o", str(fresh),
         "."],
        cwd=PROJECT_ROOT, check=True, capture_output=True,
    )  # fmt: skip
    with fresh.open("rb") as handle:
        extracted = {message.id for message in read_po(handle) if message.id}
    with (CATALOGS / "messages.pot").open("rb") as handle:
        committed = {message.id for message in read_po(handle) if message.id}
    assert extracted - committed == set(), "run `make translations`: strings missing from .pot"
    assert committed - extracted == set(), "run `make translations`: stale strings in .pot"


def test_spanish_is_complete_with_matching_placeholders() -> None:
    catalog = spanish_catalog()
    untranslated = [m.id for m in catalog if m.id and not m.string]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    mismatched = [
        m.id for m in catalog
        if m.id and sorted(PLACEHOLDER.findall(m.string)) != sorted(PLACEHOLDER.findall(m.id))
    ]  # fmt: skip
    assert (untranslated, fuzzy, mismatched) == ([], [], [])
    with (CATALOGS / "messages.pot").open("rb") as handle:
        assert {m.id for m in read_po(handle) if m.id} == {m.id for m in catalog if m.id}


def visible_text(page: str) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    body = re.sub(r'<nav class="language-switcher".*?</nav>', " ", body, flags=re.S)
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_in_spanish_have_no_english_left(client, path: str) -> None:
    response = client.get(path, headers=SPANISH)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="es" dir="ltr">' in page
    text = visible_text(page)
    leftovers = [
        m.id for m in spanish_catalog()
        if m.id and len(m.id.split()) >= 3 and "%(" not in m.id and m.id in text
        and m.id != m.string
    ]  # fmt: skip
    assert leftovers == []


def test_the_language_choice_is_kept_and_wins_over_the_browser(client) -> None:
    response = client.get("/language/es?next=/file/who")
    assert response.headers["Location"] == "/file/who"
    page = client.get("/file/who", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="es" dir="ltr">' in page
    assert "¿Quién presenta esta queja?" in page


def test_the_switcher_names_each_language_in_itself_and_refuses_other_sites(client) -> None:
    page = client.get("/").get_data(as_text=True)
    assert 'lang="es" hreflang="es">Español</a>' in page
    response = client.get("/language/es?next=https://evil.example/")
    assert response.headers["Location"] == "/"


def test_validation_messages_are_in_spanish(client) -> None:
    client.get("/language/es")
    response = post_step(client, "who", {})
    assert errors_on(response.get_data(as_text=True)) == [
        "Elija quién presenta esta queja.",
        "Elija si quiere presentar la queja en forma anónima.",
    ]
    response = post_step(client, "what-happened", {**WHAT, "incident_date": "ayer"})
    [message] = errors_on(response.get_data(as_text=True))
    assert "2026-05-22" in message and message != "Enter the date like 2026-05-22."


def test_a_spanish_filing_records_its_language_and_gets_a_spanish_receipt(client, db) -> None:
    from complaints.models import Case

    client.get("/language/es")
    fill_form(client)
    reference, code = submit(client)
    page = client.get("/file/receipt").get_data(as_text=True)
    assert '<html lang="es"' in page
    assert reference in page and code in page
    assert db.execute(sa.select(Case.language)).scalar_one() == "es"
