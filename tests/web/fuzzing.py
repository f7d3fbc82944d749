"""Hostile form posts for the fuzz tests: strategies, encoders, and the "proper page" check.

Bodies are encoded by hand, as bytes, so anything can be sent: lone surrogates go out as the
invalid UTF-8 a broken client would send (`surrogatepass`), names and values may repeat or be
missing, and one value per post may be up to about 1 MB.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import quote_plus

from flask import Flask
from flask.testing import FlaskClient
from hypothesis import strategies as st
from markupsafe import escape
from werkzeug.datastructures import MultiDict
from werkzeug.test import TestResponse
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    Field,
    FieldList,
    FileField,
    Form,
    FormField,
    MultipleFileField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
)

from tests.web.filing import TOKEN, fill_form, submit, token

# Pieces people paste or robots send: controls and NUL, bidi marks and overrides, combining
# marks, a BOM, ligatures that grow under normalisation, right-to-left words, markup, surrogates.
SPECIAL = ("\x00", "\x01", "\x07", "\x1b", "\x7f", "\t", "\r\n", "\r", "\u200b", "\u200e",
           "\u200f", "\u202a", "\u202e", "\u2066", "\u2069", "\u0301", "\u0336", "\ufeff",
           "\ufdfa", "\ufdf2", "\ufffd", "\U0001f600", "ß", "ǅ", "İ", "مرحبا", "שלום", "漢字",
           "\ud800", "\udfff", "<script>alert(1)</script>", "\"'&<>", "%00", "%ZZ", "&amp;",
           "A012345678", "SC-7Q4K-M2XD", " ", "")  # fmt: skip
DATES = ("2026-05-22", "2024-02-29", "2023-02-29", "2024-02-30", "2024-13-01", "2024-00-10",
         "0000-01-01", "0001-01-01", "1899-12-31", "1900-01-01", "9999-12-31", "2024-1-1",
         "20/11/2026", "-1", "1e9", "NaN", "2024-02-29T10:00", "")  # fmt: skip
TIMES = ("2026-05-22T10:00", "2026-05-22 10:00", "2024-02-30T10:00", "2024-01-01T25:00",
         "2024-01-01T10:61", "0001-01-01T00:00", "1899-12-31T23:59", "9999-12-31T23:59",
         "2024-01-01T10:00:00", "2024-01-01T10:00:60", "2024-01-01", "-1", "1e309", "")  # fmt: skip
FLAGS = ("y", "yes", "on", "n", "false", "0", "1", "")
HUGE_CHARS = ("x", "é", "م", "\U0001f600", "\x00", "\u0301", "\u202e", "\ud800", " ", "<")
MEGABYTE = 1_000_000

any_char = st.one_of(
    st.characters(exclude_categories=()), st.characters(categories=["Cs"])
)  # fmt: skip
texts = st.one_of(
    st.text(any_char, max_size=30),
    st.lists(st.sampled_from(SPECIAL), max_size=6).map("".join),
    st.text(max_size=8),
)


def _huge(char: str, size: int) -> str:
    """`char` repeated to about `size` bytes of UTF-8 (the limit is on what is sent)."""
    return char * max(1, size // len(char.encode("utf-8", "surrogatepass")))


huge_texts = st.builds(_huge, st.sampled_from(HUGE_CHARS), st.integers(1, MEGABYTE))


@dataclass(frozen=True)
class FieldSpec:
    """One input of a form: its posted name, the WTForms kind, and the valid options if any."""

    name: str
    kind: str
    options: tuple[str, ...] = ()


def leaves(form: Form) -> Iterator[Field]:
    """Every input of a form, nested ones (a list of charges) included."""
    for item in form:
        if isinstance(item, FieldList):
            for entry in item:
                yield from leaves(entry.form) if isinstance(entry, FormField) else [entry]
        elif isinstance(item, FormField):
            yield from leaves(item.form)
        else:
            yield item


def kind_of(item: Field) -> str:
    if isinstance(item, FileField | MultipleFileField):
        return "file"
    if isinstance(item, BooleanField):
        return "flag"
    if isinstance(item, DateTimeLocalField):
        return "time"
    if isinstance(item, DateField):
        return "date"
    if isinstance(item, RadioField | SelectField | SelectMultipleField):
        return "choice"
    return "text"


def specs_of(app: Flask, form_class: type[Form]) -> tuple[FieldSpec, ...]:
    """The inputs of `form_class` as it renders empty (charge rows 0 and 1, for example)."""
    with app.test_request_context():
        form = form_class(formdata=MultiDict(), meta={"csrf": False})
        return tuple(
            FieldSpec(
                item.name,
                kind_of(item),
                tuple(str(value) for value, *_ in item.iter_choices())
                if kind_of(item) == "choice"
                else (),
            )
            for item in leaves(form)
            if item.name != "csrf_token"
        )


def values_for(spec: FieldSpec) -> st.SearchStrategy[str]:
    known = {"date": DATES, "time": TIMES, "flag": FLAGS}.get(spec.kind, spec.options)
    return st.one_of(st.sampled_from(known), texts) if known else texts


# Names of charge rows a robot might invent: far, negative, not numbers, too many.
ODD_NAMES = st.one_of(
    texts,
    st.sampled_from(("charges-9-offence", "charges-10-offence", "charges-99999999999999999999-"
                     "offence", "charges--1-offence", "charges-x-offence", "charges-1e3-severity",
                     "charges-0-offence-0", "csrf_token", "return_to", "add_charge", "action",
                     "saved", "website")),
)  # fmt: skip


@dataclass
class Post:
    """A hostile submission: (name, value) pairs in order, and what to do with the token."""

    items: list[tuple[str, str]]
    csrf: str  # valid, missing, forged or twice (a valid token, then another value)
    files: list[tuple[str, bytes]] = field(default_factory=list)


@st.composite
def posts(
    draw: st.DrawFn,
    specs: tuple[FieldSpec, ...],
    extras: dict[str, st.SearchStrategy[str]] | None = None,
    files: st.SearchStrategy[list[tuple[str, bytes]]] | None = None,
    more: st.SearchStrategy[list[tuple[str, str]]] | None = None,
) -> Post:
    """Each known input missing, given once or given several times; unknown names added;
    at most one value about a megabyte long; with or without a valid CSRF token."""
    items: list[tuple[str, str]] = []
    for spec in specs:
        items += [(spec.name, value) for value in draw(st.lists(values_for(spec), max_size=3))]
    for name, strategy in (extras or {}).items():
        items += [(name, value) for value in draw(st.lists(strategy, max_size=2))]
    items += draw(st.lists(st.tuples(ODD_NAMES, texts), max_size=3))
    items += draw(more) if more is not None else []
    huge = draw(st.none() | huge_texts)
    if huge is not None:
        names = [spec.name for spec in specs if spec.kind != "file"] or ["unknown"]
        items.append((draw(st.sampled_from(names)), huge))
    items = list(draw(st.permutations(items)))
    csrf = draw(st.sampled_from(("valid", "missing", "forged", "twice")))
    return Post(items, csrf, draw(files) if files is not None else [])


def _bytes(text: str, errors: str = "surrogatepass") -> bytes:
    return text.encode("utf-8", errors)


def urlencoded(items: list[tuple[str, str]]) -> bytes:
    return "&".join(
        f"{quote_plus(_bytes(name))}={quote_plus(_bytes(value))}" for name, value in items
    ).encode("ascii")


def _header_value(text: str, errors: str = "surrogatepass") -> bytes:
    # As browsers do: quotes and line breaks in a name are percent-escaped, the rest sent raw.
    raw = _bytes(text, errors)
    return raw.replace(b'"', b"%22").replace(b"\r", b"%0D").replace(b"\n", b"%0A")


def multipart(
    items: list[tuple[str, str]], files: list[tuple[str, bytes]], file_field: str
) -> tuple[bytes, str]:
    """A multipart/form-data body (and its content type) built byte by byte.

    Files go last, and their names as valid UTF-8 (as every browser sends them): Werkzeug gives
    up on a part header it cannot decode and leaves the files it had already opened unclosed.
    """
    boundary = "fuzz" + secrets.token_hex(16)
    parts = []
    for name, value in items:
        parts.append(
            b'Content-Disposition: form-data; name="%s"\r\n\r\n%s'
            % (_header_value(name), _bytes(value))
        )
    for filename, content in files:
        parts.append(
            b'Content-Disposition: form-data; name="%s"; filename="%s"\r\n'
            b"Content-Type: application/octet-stream\r\n\r\n%s"
            % (_header_value(file_field), _header_value(filename, "replace"), content)
        )
    marker = b"--" + boundary.encode()
    body = b"".join(marker + b"\r\n" + part + b"\r\n" for part in parts) + marker + b"--\r\n"
    return body, f"multipart/form-data; boundary={boundary}"


def page_token(client: FlaskClient, path: str) -> str:
    response = client.get(path)
    match = TOKEN.search(response.get_data(as_text=True))
    assert match, f"no CSRF token on {path} ({response.status_code})"
    return match.group(1)


def with_token(post: Post, token: str) -> list[tuple[str, str]]:
    """The post's items with the CSRF token placed as the case asks."""
    given = {
        "valid": [("csrf_token", token)],
        "missing": [],
        "forged": [("csrf_token", token[::-1])],
        "twice": [("csrf_token", token), ("csrf_token", "not-a-token")],
    }[post.csrf]
    return given + post.items


def echoed_values(
    app: Flask, form_class: type[Form], path: str, body: bytes, content_type: str
) -> dict[str, str]:
    """What the form kept of the typed text (after its filters), by input name.

    The request is parsed by Werkzeug exactly as the app parses it, then bound to the form.
    """
    with app.test_request_context(path, method="POST", data=body, content_type=content_type):
        from flask import request

        form = form_class(formdata=request.form, meta={"csrf": False})
        return {
            item.name: item._value()
            for item in leaves(form)
            if isinstance(item, StringField | DateField)
            and item.name in request.form
            and item.name != "csrf_token"
        }


def assert_proper_page(
    response: TestResponse, *, statuses: set[int], shows: str, kept: dict[str, str]
) -> None:
    """Never a server error: a redirect within the site, or a whole HTML page with the form
    shown again (`shows`) and every value the form kept (`kept`) still in it."""
    status = response.status_code
    assert status < 500, f"server error {status}"
    if 300 <= status < 400:
        location = response.headers["Location"]
        assert location.startswith("/") and not location.startswith("//"), location
        return
    assert status in statuses, f"unexpected {status}"
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert page.rstrip().endswith("</html>")
    assert shows in page, f"{shows!r} missing from the {status} page"
    lost = [name for name, value in kept.items() if str(escape(value)) not in page]
    assert lost == [], f"typed input not shown again: {lost}"


# --- Scenes: a browser in a given state, replayed into a fresh client per example -------------


def client_with(app: Flask, cookie: str | None) -> FlaskClient:
    """A new browser; with `cookie`, one carrying that session (a draft, a receipt, a sign-in)."""
    client = app.test_client()
    if cookie is not None:
        client.set_cookie("session", cookie)
    return client


def session_cookie(client: FlaskClient) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def filed_and_signed_in(app: Flask) -> tuple[str, str, str]:
    """File a complaint, keep the receipt, sign in to follow it: (reference, code, cookie)."""
    client = client_with(app, None)
    fill_form(client)
    reference, code = submit(client)
    client.post(
        "/file/receipt", data={"csrf_token": token(client, "/file/receipt"), "saved": "yes"}
    )
    response = client.post(
        "/follow-up",
        data={"csrf_token": token(client, "/follow-up"), "reference": reference, "code": code},
    )
    assert response.headers["Location"] == "/follow-up/case"
    return reference, code, session_cookie(client)
