"""Typed ORM models, one module per aggregate. Importing this package registers every table."""

from complaints.models.attachment import Attachment, AttachmentContent
from complaints.models.audit import AuditEvent, AuditHead
from complaints.models.case import Case, CaseComplaintType
from complaints.models.consent import Consent
from complaints.models.correspondence import Message, Note
from complaints.models.detention import Charge, Detention
from complaints.models.draft import Draft, DraftFile
from complaints.models.facility import Facility
from complaints.models.health import HealthProbe
from complaints.models.partner import ApiReplay, Partner, PartnerKey
from complaints.models.people import Filer, Person
from complaints.models.redress import RedressAction
from complaints.models.user import User

__all__ = [
    "ApiReplay",
    "Attachment",
    "AttachmentContent",
    "AuditEvent",
    "AuditHead",
    "Case",
    "CaseComplaintType",
    "Charge",
    "Consent",
    "Detention",
    "Draft",
    "DraftFile",
    "Facility",
    "Filer",
    "HealthProbe",
    "Message",
    "Note",
    "Partner",
    "PartnerKey",
    "Person",
    "RedressAction",
    "User",
]
