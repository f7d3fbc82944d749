"""Schemas of the API's answers and small requests; they also write the OpenAPI document."""

from __future__ import annotations

import marshmallow as ma

from complaints.intake.service import MESSAGE_MAX
from complaints.rules.triage import Urgency
from complaints.rules.vocabulary import IdentityLevel, MessageAuthor
from complaints.rules.workflow import Status


def _enum(enum, description: str) -> ma.fields.String:
    return ma.fields.String(
        validate=ma.validate.OneOf([member.value for member in enum]),
        metadata={"description": description},
    )


class FieldErrorSchema(ma.Schema):
    pointer = ma.fields.String(
        required=True, metadata={"description": "JSON pointer to the field in the request"}
    )
    detail = ma.fields.String(required=True)


class ProblemSchema(ma.Schema):
    """RFC 9457 problem details."""

    type = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    status = ma.fields.Integer(required=True)
    detail = ma.fields.String(required=True)
    instance = ma.fields.String()
    errors = ma.fields.List(ma.fields.Nested(FieldErrorSchema))


class FiledSchema(ma.Schema):
    reference = ma.fields.String(required=True, metadata={"description": "The case number"})
    followup_code = ma.fields.String(
        required=True,
        metadata={"description": "The private follow-up code: give it to the person; it is "
                  "never shown again (a retry with the same Idempotency-Key repeats it for a day)"},
    )  # fmt: skip
    status = _enum(Status, "Where the case is in its work")
    urgency = _enum(Urgency, "Triage result")
    filed_at = ma.fields.AwareDateTime(required=True)


class MessageSchema(ma.Schema):
    author = _enum(MessageAuthor, "Who wrote it")
    body = ma.fields.String(required=True)
    sent_at = ma.fields.AwareDateTime(required=True)


class CaseSchema(ma.Schema):
    reference = ma.fields.String(required=True)
    status = _enum(Status, "Where the case is in its work")
    urgency = _enum(Urgency, "Triage result")
    identity_level = _enum(IdentityLevel, "What the complainant chose to share")
    filed_at = ma.fields.AwareDateTime(required=True)
    updated_at = ma.fields.AwareDateTime(required=True)
    messages = ma.fields.List(ma.fields.Nested(MessageSchema), required=True)


class MessageRequestSchema(ma.Schema):
    body = ma.fields.String(
        required=True,
        validate=ma.validate.Length(min=1, max=MESSAGE_MAX),
        metadata={"description": "A message from the complainant to the caseworker"},
    )


class DocumentsRequestSchema(ma.Schema):
    files = ma.fields.List(
        ma.fields.Raw(metadata={"type": "string", "format": "binary"}),
        metadata={"description": "Up to 5 files, 10 MB each: PDF, JPEG, PNG, HEIC or text"},
    )


class DocumentsSchema(ma.Schema):
    reference = ma.fields.String(required=True)
    added = ma.fields.Integer(required=True)


class MonthQuerySchema(ma.Schema):
    month = ma.fields.String(
        required=True,
        validate=ma.validate.Regexp(r"^20[0-9]{2}-(0[1-9]|1[0-2])$"),
        metadata={"description": "The month, YYYY-MM (2000 to 2099), in the operator's time zone"},
    )


class TableSchema(ma.Schema):
    key = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    columns = ma.fields.List(ma.fields.String(), required=True)
    rows = ma.fields.List(
        ma.fields.List(ma.fields.Raw(allow_none=True)),
        required=True,
        metadata={"description": "Counts of 1 to 4 read \"<5\"; totals that would reveal "
                  "them are withheld the same way"},
    )  # fmt: skip


class MonthlyReportSchema(ma.Schema):
    month = ma.fields.String(required=True)
    tables = ma.fields.List(ma.fields.Nested(TableSchema), required=True)
