"""/api/v1/complaints: file a complaint, read its status and messages, add messages and files."""

from __future__ import annotations

from datetime import UTC, datetime
from http import HTTPStatus
from typing import Any

import sqlalchemy as sa
from flask import Response, current_app, jsonify, request, url_for
from flask_smorest import Blueprint
from sqlalchemy.exc import IntegrityError

from complaints.api import replay
from complaints.api.auth import SECURITY, current_key, partner_required, problems
from complaints.api.form_schema import SECTIONS, complaint_schema, pointer, to_answers
from complaints.api.keys import Scope
from complaints.api.problems import problem
from complaints.api.schemas import (
    CaseSchema,
    DocumentsRequestSchema,
    DocumentsSchema,
    FiledSchema,
    MessageRequestSchema,
    MessageSchema,
)
from complaints.casework.notify import complainant_replied
from complaints.extensions import db
from complaints.intake import service
from complaints.intake.answers import Checked
from complaints.intake.fields import clean_text
from complaints.intake.filing import file_answers
from complaints.intake.followup import checked_uploads
from complaints.models import Case
from complaints.rules.identifiers import normalize_reference
from complaints.rules.vocabulary import Channel
from complaints.rules.workflow import Status

IDEMPOTENCY_HEADER = {
    "in": "header",
    "name": "Idempotency-Key",
    "required": False,
    "description": "Any unique text up to 200 characters (a UUID will do). A retry with the "
    "same key and body gets the first answer again and files nothing more; the same key with "
    "another body is refused. Keys are remembered for a day.",
    "schema": {"type": "string", "maxLength": replay.KEY_MAX, "minLength": 1},
}
NOT_FOUND = "No case with this reference was filed by your organisation."


def _now() -> datetime:
    return datetime.now(UTC)


def _refused(checked: Checked) -> Response:
    """422 naming every answer the step forms did not accept, as JSON pointers."""
    errors = []
    for slug_step in checked.missing:
        section = slug_step.slug.replace("-", "_")
        errors.append({"pointer": f"/{section}", "detail": "This part is required."})
    for step in checked.invalid:
        form = checked.forms[step.slug]
        for field in form:
            for message in _messages(field.errors):
                errors.append({"pointer": pointer(step.slug, field.name), "detail": message})
            for entry in getattr(field, "entries", []):
                for inner in getattr(entry, "form", []):
                    for message in _messages(inner.errors):
                        errors.append({"pointer": pointer(step.slug, inner.name),
                                       "detail": message})  # fmt: skip
    return problem(422, "Some answers were not accepted; see errors.", kind="validation",
                   errors=errors or None)  # fmt: skip


def _messages(errors: Any) -> list[str]:
    if isinstance(errors, dict):
        return [str(m) for inner in errors.values() for m in _messages(inner)]
    return [str(message) for message in errors or [] if not isinstance(message, dict | list)]


def _filed_body(filed: service.Filed) -> dict[str, Any]:
    return {"reference": filed.reference, "followup_code": filed.code,
            "status": Status.NEW.value, "urgency": filed.urgency.value,
            "filed_at": filed.filed_at.isoformat()}  # fmt: skip


def _replayed(stored: replay.Stored) -> Response:
    if not stored.same_request:
        return problem(422, "This Idempotency-Key was used with another request.",
                       kind="idempotency-key-reused")  # fmt: skip
    response = jsonify(stored.body)
    response.status_code = stored.status
    response.headers["Idempotent-Replayed"] = "true"
    return response


def _own_case(reference: str) -> Case | None:
    canonical = normalize_reference(reference)
    if canonical is None:
        return None
    return db.session.execute(
        sa.select(Case).where(
            Case.reference == canonical, Case.partner_id == current_key().partner_id
        )
    ).scalar_one_or_none()


def file_complaint(body: dict[str, Any]) -> Response:
    key = current_key()
    vault = current_app.extensions["vault"]
    idempotency = request.headers.get("Idempotency-Key", "").strip()
    if len(idempotency) > replay.KEY_MAX:
        return problem(400, "The Idempotency-Key is longer than 200 characters.")
    now = _now()
    print_ = replay.fingerprint(request.method, request.path, request.get_data())
    if idempotency:
        stored = replay.find(db.session, key.partner_id, idempotency, print_, vault, now)
        if stored is not None:
            return _replayed(stored)
    filed = file_answers(
        db.session,
        to_answers(body),
        language=body.get("language") or "en",
        channel=Channel.PARTNER,
        now=now,
        code_key=current_app.config["COMPLAINTS_CODE_KEY"],
        partner_id=key.partner_id,
    )
    if isinstance(filed, Checked):
        return _refused(filed)
    answer = _filed_body(filed)
    if idempotency:
        replay.keep(db.session, key.partner_id, idempotency, print_, 201, answer, vault, now)
    try:
        db.session.commit()
    except IntegrityError:  # the same key, sent again while the first was being stored
        db.session.rollback()
        stored = replay.find(db.session, key.partner_id, idempotency, print_, vault, now)
        if stored is None:
            return problem(409, "A request with this Idempotency-Key is still being stored.")
        return _replayed(stored)
    response = jsonify(answer)
    response.status_code = HTTPStatus.CREATED
    response.headers["Location"] = url_for("complaints_api.case", reference=answer["reference"])
    return response


def build() -> Blueprint:
    """The blueprint, with the complaint schema read off the step forms (needs a request)."""
    bp = Blueprint(
        "complaints_api",
        __name__,
        url_prefix="/api/v1/complaints",
        description="File complaints and follow the cases your organisation filed.",
    )
    request_schema = complaint_schema()

    @bp.post("")
    @partner_required(Scope.CREATE)
    @bp.doc(security=SECURITY, parameters=[IDEMPOTENCY_HEADER],
            summary="File a complaint",
            description="The same questions, checks, triage, consent and identity levels as "
                        "the public form. Sections: " + ", ".join(SECTIONS) + ".")  # fmt: skip
    @bp.arguments(request_schema)
    @bp.response(201, FiledSchema)
    @problems(bp, 400, 401, 403, 409, 429)
    def create(body: dict[str, Any]):
        return file_complaint(body)

    @bp.get("/<reference>")
    @partner_required(Scope.READ_OWN)
    @bp.doc(security=SECURITY, summary="A case your organisation filed")
    @bp.response(200, CaseSchema)
    @problems(bp, 401, 403, 404, 429)
    def case(reference: str):
        found = _own_case(reference)
        if found is None:
            return problem(404, NOT_FOUND)
        messages = [{"author": m.author.value, "body": m.body, "sent_at": m.created_at}
                    for m in found.messages]  # fmt: skip
        return {"reference": found.reference, "status": found.status.value,
                "urgency": found.urgency.value, "identity_level": found.identity_level.value,
                "filed_at": found.created_at, "updated_at": found.updated_at,
                "messages": messages}  # fmt: skip

    @bp.post("/<reference>/messages")
    @partner_required(Scope.CREATE)
    @bp.doc(security=SECURITY, summary="Send a message from the complainant")
    @bp.arguments(MessageRequestSchema)
    @bp.response(201, MessageSchema)
    @problems(bp, 401, 403, 404, 429)
    def message(body: dict[str, Any], reference: str):
        found = _own_case(reference)
        if found is None:
            return problem(404, NOT_FOUND)
        text = clean_text(body["body"]) or ""
        if not text:
            return problem(422, "Write a message.", kind="validation",
                           errors=[{"pointer": "/body", "detail": "Write a message."}])  # fmt: skip
        sent = service.add_reply(db.session, found, text, _now())
        db.session.commit()
        complainant_replied(found)
        return {"author": sent.author.value, "body": sent.body, "sent_at": sent.created_at}, 201

    @bp.post("/<reference>/documents")
    @partner_required(Scope.CREATE)
    @bp.doc(security=SECURITY, summary="Add documents or photos")
    @bp.arguments(DocumentsRequestSchema, location="files")
    @bp.response(201, DocumentsSchema)
    @problems(bp, 401, 403, 404, 413, 429)
    def documents(_files: dict[str, Any], reference: str):
        found = _own_case(reference)
        if found is None:
            return problem(404, NOT_FOUND)
        accepted, refused = checked_uploads(request.files.getlist("files"))
        if refused or not accepted:
            details = [message for _field, message in refused] or ["Send at least one file."]
            errors = [{"pointer": "/files", "detail": detail} for detail in details]
            return problem(
                422, "Some files were not accepted; see errors.", kind="validation", errors=errors
            )
        service.add_documents(db.session, found, accepted, _now())
        db.session.commit()
        return {"reference": found.reference, "added": len(accepted)}, 201

    return bp
