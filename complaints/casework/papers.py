"""Case papers: attachment downloads (optionally without photo metadata) and letters.

Views on the casework blueprint, kept apart from the case page's workflow views.
"""

from __future__ import annotations

from http import HTTPStatus

from flask import Response, abort, current_app, render_template, request, url_for
from flask_babel import force_locale, gettext
from flask_login import current_user
from markupsafe import Markup

from complaints.audit import record
from complaints.auth.guard import role_required
from complaints.casework import downloads, letters
from complaints.casework.case_page import render_case
from complaints.casework.redress_facts import check_case
from complaints.casework.views import Page, bp, case_or_404, utc_now
from complaints.extensions import db
from complaints.labels import IDENTITY_LEVELS, IDENTITY_MEANINGS, STATUSES
from complaints.locales import BY_CODE, current_locale, html_lang
from complaints.models import Attachment, Case
from complaints.rules.permissions import Permission


@bp.get("/<reference>/attachments/<int:attachment_id>")
@role_required(Permission.WORK_CASES)
def attachment(reference: str, attachment_id: int) -> Response:
    """The file as uploaded; with `?strip=metadata`, a JPEG or PNG re-encoded without metadata."""
    found = case_or_404(reference)
    stored = db.session.get(Attachment, attachment_id)
    if stored is None or stored.case_id != found.id:
        abort(HTTPStatus.NOT_FOUND)
    stripped = request.args.get(downloads.STRIP_PARAMETER) == downloads.STRIP_VALUE
    if stripped and not downloads.offers_copy_without_metadata(stored):
        abort(HTTPStatus.NOT_FOUND)
    try:
        data = downloads.attachment_bytes(db.session, current_app.extensions["vault"], stored,
                                          without_metadata=stripped)  # fmt: skip
    except ValueError:
        abort(HTTPStatus.UNPROCESSABLE_ENTITY)
    extra = {"metadata": "stripped"} if stripped else {}
    record(db.session, "attachment.downloaded", actor=current_user, case=found,
           attachment_id=stored.id, **extra)  # fmt: skip
    db.session.commit()
    return downloads.file_response(data, stored.original_name, stored.detected_type)


@bp.get("/<reference>/letters/<kind>")
@role_required(Permission.WORK_CASES)
def letter(reference: str, kind: str) -> Page:
    found = case_or_404(reference)
    if kind == "complainant":
        return _complainant_letter(found)
    if kind not in letters.LetterKind._value2member_map_:
        abort(HTTPStatus.NOT_FOUND)
    # The same checks as recording the action: no letter the case does not allow.
    verdict = check_case(found, letters.ACTIONS[letters.LetterKind(kind)])
    if not verdict.allowed:
        return render_case(found, errors=[("redress-heading", gettext(verdict.reason))],
                           status=HTTPStatus.UNPROCESSABLE_ENTITY)  # fmt: skip
    facts = letters.letter_facts(found, utc_now())
    text = render_template(letters.TEMPLATES[letters.LetterKind(kind)], facts=facts,
                           sender=current_user.name)  # fmt: skip
    record(db.session, "letter.generated", actor=current_user, case=found, kind=kind)
    db.session.commit()
    if request.args.get("format") == "txt":
        return downloads.file_response(text.encode(), f"{found.reference}-{kind}.txt", "text/plain")
    return render_template("casework/letter.html", case=found, text=text, kind=kind)


def _complainant_letter(found: Case) -> str:
    """Where the case stands, for posting to someone without the web, in their own language."""
    language = BY_CODE[found.language] if found.language in BY_CODE else BY_CODE["en"]
    # The staff-only badge in the caseworker's language; the letter itself in the complainant's.
    identity = (
        gettext("Identity"),
        str(IDENTITY_LEVELS[found.identity_level]),
        str(IDENTITY_MEANINGS[found.identity_level]),
        html_lang(current_locale()),
    )
    # What is safe, in the caseworker's language too: this letter goes to the person's address.
    banner = Markup(render_template("casework/_contact_warning.html", person=found.person))
    record(db.session, "letter.generated", actor=current_user, case=found, kind="complainant")
    db.session.commit()
    with force_locale(language.babel_id):
        return render_template(
            "casework/letters/complainant.html",
            case=found,
            identity=identity,
            contact_banner=banner.strip(),
            staff_lang=html_lang(current_locale()),
            language=language,
            followup_url=url_for("intake.follow_up", _external=True),
            status_text=str(STATUSES[found.status]),
            now_date=lambda: utc_now().date(),
            sender=current_user.name,
        )
