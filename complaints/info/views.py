"""Help pages: what happens after filing, the 48-hour limit, discretion, privacy, contact."""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus

from flask import Blueprint, abort, render_template

from complaints.catalog import lazy_gettext as _l

bp = Blueprint("info", __name__, url_prefix="/help")


@dataclass(frozen=True)
class Page:
    slug: str
    title: object  # a lazy string


PAGES: tuple[Page, ...] = (
    Page("after-you-file", _l("What happens after you file")),
    Page("48-hour-limit", _l("The 48-hour limit on immigration detainers")),
    Page("prosecutorial-discretion", _l("How to ask ICE not to pursue a case")),
    Page("your-information", _l("How your information is used")),
    Page("contact", _l("Contact us")),
)
BY_SLUG = {page.slug: page for page in PAGES}


@bp.get("/")
def index() -> str:
    return render_template("info/index.html", pages=PAGES)


@bp.get("/<slug>")
def page(slug: str) -> str:
    found = BY_SLUG.get(slug)
    if found is None:
        abort(HTTPStatus.NOT_FOUND)
    return render_template(f"info/{slug}.html", page=found, pages=PAGES)
