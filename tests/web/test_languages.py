"""Eight languages on the public side: complete catalogs, the right lang/dir, no English left."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import UTC, datetime
from functools import cache
from html import unescape
from http import HTTPStatus
from pathlib import Path
from urllib.parse import unquote

import pytest
import sqlalchemy as sa
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from complaints.config import PROJECT_ROOT
from complaints.locales import BY_CODE, LANGUAGES
from complaints.models import Case
from tests.web.filing import WHAT, errors_on, fill_form, post_step, submit, token

CATALOGS = PROJECT_ROOT / "complaints" / "translations"
TRANSLATED = [language.code for language in LANGUAGES if language.code != "en"]
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[.\d]*[sdf]|%%")
PUBLIC_PAGES = [
    "/", "/file/story", "/file/who", "/file/what-happened", "/file/person", "/file/detention",
    "/file/documents", "/file/consent", "/file/review", "/follow-up", "/help/",
    "/help/after-you-file", "/help/48-hour-limit", "/help/prosecutorial-discretion",
    "/help/your-information", "/help/contact", "/no-such-page",
]  # fmt: skip
EXPECTED_HTML = {
    "es": '<html lang="es" dir="ltr">', "zh": '<html lang="zh-Hans" dir="ltr">',
    "vi": '<html lang="vi" dir="ltr">', "ko": '<html lang="ko" dir="ltr">',
    "tl": '<html lang="tl" dir="ltr">', "ar": '<html lang="ar" dir="rtl">',
    "ht": '<html lang="ht" dir="ltr">',
}  # fmt: skip


@cache
def catalog(code: str) -> Catalog:
    folder = BY_CODE[code].babel_id  # Tagalog's catalog is "fil", Babel's name for it
    with (CATALOGS / folder / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle)


@cache
def template_ids() -> frozenset[str]:
    with (CATALOGS / "messages.pot").open("rb") as handle:
        return frozenset(message.id for message in read_po(handle) if message.id)


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
    assert extracted - template_ids() == set(), "run `make translations`: strings missing"
    assert template_ids() - extracted == set(), "run `make translations`: stale strings"


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_catalog_is_complete_with_matching_placeholders(code: str) -> None:
    messages = [message for message in catalog(code) if message.id]
    assert {message.id for message in messages} == template_ids()
    untranslated = [m.id for m in messages if not m.string]
    fuzzy = [m.id for m in messages if m.fuzzy]
    mismatched = [
        m.id for m in messages
        if sorted(PLACEHOLDER.findall(m.string)) != sorted(PLACEHOLDER.findall(m.id))
    ]  # fmt: skip
    assert (untranslated, fuzzy, mismatched) == ([], [], [])


def visible_text(page: str) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    body = re.sub(r'<nav class="language-switcher".*?</nav>', " ", body, flags=re.S)
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def english_left(code: str, page: str) -> list[str]:
    """Messages of three words or more that appear in English on a page meant to be translated."""
    text = visible_text(page)
    return [
        m.id for m in catalog(code)
        if m.id and len(m.id.split()) >= 3 and "%(" not in m.id and m.id != m.string
        and m.id in text
    ]  # fmt: skip


@pytest.mark.parametrize("code", TRANSLATED)
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_in_every_language(client, code: str, path: str) -> None:
    response = client.get(path, headers={"Accept-Language": code})
    page = response.get_data(as_text=True)
    assert response.status_code in (HTTPStatus.OK, HTTPStatus.NOT_FOUND)
    assert EXPECTED_HTML[code] in page
    assert english_left(code, page) == []


@pytest.mark.parametrize("code", TRANSLATED)
def test_error_messages_are_translated(client, code: str) -> None:
    client.get(f"/language/{code}")
    page = post_step(client, "who", {"filing_for": "tampered"}).get_data(as_text=True)
    messages = errors_on(page)
    assert len(messages) == 2
    assert english_left(code, page) == []
    assert "Not a valid choice." not in page


@pytest.mark.parametrize(
    ("header", "expected"),
    [("zh-CN,zh;q=0.9", "zh-Hans"), ("ar-EG", "ar"), ("vi-VN", "vi"), ("ko-KR", "ko"),
     ("fil-PH,tl;q=0.8", "tl"), ("ht-HT,fr;q=0.5", "ht"), ("es-MX,es;q=0.9", "es"),
     ("de-DE", "en"), ("", "en")],
)  # fmt: skip
def test_the_browser_language_is_used_when_none_was_chosen(client, header, expected) -> None:
    page = client.get("/", headers={"Accept-Language": header}).get_data(as_text=True)
    assert f'<html lang="{expected}"' in page


def test_the_choice_is_kept_and_wins_over_the_browser(client) -> None:
    response = client.get("/language/ar?next=/file/who")
    assert response.headers["Location"] == "/file/who"
    page = client.get("/file/who", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page


def test_the_switcher_names_every_language_in_itself(client) -> None:
    page = client.get("/").get_data(as_text=True)
    for language in LANGUAGES:
        if language.code != "en":
            assert f'hreflang="{language.html_lang}">{language.native_name}</a>' in page
    assert '<span aria-current="true" lang="en">English</span>' in page


def test_the_switcher_comes_back_to_the_same_page_and_query(client) -> None:
    """Every language's link, followed, shows the page it was on again, query and all."""
    for path in ("/file/who", "/info/48-hour-limit", "/?a=1&b=x y&c=%26"):
        page = client.get(path).get_data(as_text=True)
        links = re.findall(r'<a href="([^"]+)" lang="[^"]+" hreflang="[^"]+">', page)
        assert len(links) == len(LANGUAGES) - 1
        for link in links:
            response = client.get(unescape(link))
            assert unquote(response.headers["Location"]).rstrip("?") == unquote(path)
            client.get("/language/en")


def test_the_parts_every_page_shares_follow_the_language_and_the_path_prefix(client) -> None:
    """Header and footer are rendered once per language and prefix (complaints/page_chrome.py):
    each language gets its own, and an app served under a prefix links under it."""
    contact = "Contact us"
    spanish = catalog("es")[contact].string
    for code, expected, absent in (("en", contact, spanish), ("es", spanish, contact),
                                   ("en", contact, spanish)):  # fmt: skip
        client.get(f"/language/{code}")
        page = client.get("/file/done").get_data(as_text=True)
        assert f">{expected}</a>" in page and f">{absent}</a>" not in page
    prefixed = client.get("/file/done", base_url="http://localhost/aid").get_data(as_text=True)
    assert 'href="/aid/help/contact"' in prefixed and 'href="/aid/static/css/site.css' in prefixed
    plain = client.get("/file/done").get_data(as_text=True)
    assert 'href="/help/contact"' in plain and "/aid/" not in plain


def test_the_switcher_never_sends_people_to_another_site(client) -> None:
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = client.get("/language/es", query_string={"next": target})
        assert response.headers["Location"] == "/"


def test_an_unknown_language_is_ignored(client) -> None:
    client.get("/language/xx")
    assert '<html lang="en"' in client.get("/").get_data(as_text=True)


def test_spanish_validation_and_date_messages(client) -> None:
    client.get("/language/es")
    response = post_step(client, "who", {})
    assert errors_on(response.get_data(as_text=True)) == [
        "Elija quién presenta esta queja.",
        "Elija si quiere presentar la queja en forma anónima.",
    ]
    response = post_step(client, "what-happened", {**WHAT, "incident_date": "ayer"})
    [message] = errors_on(response.get_data(as_text=True))
    assert "2026-05-22" in message and message != "Enter the date like 2026-05-22."


def test_an_arabic_filing_goes_through_and_keeps_its_language(client, db) -> None:
    client.get("/language/ar")
    fill_form(client)
    reference, code = submit(client)
    page = client.get("/file/receipt").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    assert reference in page and code in page
    assert english_left("ar", page) == []
    assert db.execute(sa.select(Case.language)).scalar_one() == "ar"


def test_dates_are_written_the_way_the_reader_writes_them(client, db) -> None:
    fill_form(client)
    reference, code = submit(client)
    case = db.execute(sa.select(Case)).scalar_one()
    case.created_at = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
    db.commit()
    client.get("/language/es")
    client.post("/follow-up/sign-out")
    client.post(
        "/follow-up",
        data={"csrf_token": token(client, "/follow-up"), "reference": reference, "code": code},
    )
    page = client.get("/follow-up/case").get_data(as_text=True)
    assert "25 de noviembre de 2026" in page
