"""The case aggregate root: one complaint, its status, triage result and where it happened."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, ClassVar

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.extensions import db
from complaints.models.types import UrgencyRank, UTCDateTime, enum_type, utcnow
from complaints.rules.levels import Level
from complaints.rules.triage import Flag, Urgency
from complaints.rules.vocabulary import Answer, Channel, ComplaintType, IdentityLevel, Outcome
from complaints.rules.workflow import Status

if TYPE_CHECKING:
    from complaints.models.attachment import Attachment
    from complaints.models.consent import Consent
    from complaints.models.correspondence import Message, Note
    from complaints.models.detention import Charge, Detention
    from complaints.models.facility import Facility
    from complaints.models.people import Filer, Person
    from complaints.models.redress import RedressAction
    from complaints.models.user import User


class Case(db.Model):
    __tablename__ = "cases"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    # Random, unguessable and easy to read aloud (see complaints.references); never sequential.
    reference: so.Mapped[str] = so.mapped_column(sa.String(12), unique=True)
    status: so.Mapped[Status] = so.mapped_column(enum_type(Status), default=Status.NEW)
    urgency: so.Mapped[Urgency] = so.mapped_column(UrgencyRank(), default=Urgency.NORMAL)
    urgency_overridden: so.Mapped[bool] = so.mapped_column(default=False)
    enforcement_level: so.Mapped[Level | None] = so.mapped_column(enum_type(Level))

    # Triage flags as columns: the queue filters on them and reports count them.
    flag_outside_priorities: so.Mapped[bool] = so.mapped_column(default=False)
    flag_possible_profiling: so.Mapped[bool] = so.mapped_column(default=False)
    flag_due_process: so.Mapped[bool] = so.mapped_column(default=False)
    flag_pre_conviction: so.Mapped[bool] = so.mapped_column(default=False)
    # A caseworker's decisions that outlast re-triage: {"possible_profiling": true, ...}.
    flag_overrides: so.Mapped[dict[str, bool]] = so.mapped_column(sa.JSON, default=dict)

    # Where it happened.
    state: so.Mapped[str | None] = so.mapped_column(sa.String(2))
    county: so.Mapped[str | None] = so.mapped_column(sa.String(120))
    city: so.Mapped[str | None] = so.mapped_column(sa.String(120))
    agency: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    facility_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("facilities.id"))
    facility_name: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    # IANA zone of the jurisdiction; the detainer clock counts business days in it.
    time_zone: so.Mapped[str | None] = so.mapped_column(sa.String(64))
    incident_date: so.Mapped[date | None]

    narrative: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    language: so.Mapped[str] = so.mapped_column(sa.String(8), default="en")
    channel: so.Mapped[Channel] = so.mapped_column(enum_type(Channel), default=Channel.WEB)
    identity_level: so.Mapped[IdentityLevel] = so.mapped_column(
        enum_type(IdentityLevel), default=IdentityLevel.CONFIDENTIAL
    )
    consent_contact: so.Mapped[bool] = so.mapped_column(default=False)
    # Consent to share, per destination, is kept with its wording in `consents` (models/consent.py).
    # A staff-recorded fact: a prosecutorial-discretion request is only for removal proceedings.
    removal_proceedings: so.Mapped[Answer] = so.mapped_column(
        enum_type(Answer), default=Answer.UNKNOWN, server_default=Answer.UNKNOWN.value
    )

    assigned_to_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    duplicate_of_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("cases.id"))
    # One incident per complaint: a second incident split off names the case it came from.
    linked_to_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("cases.id"), index=True)
    outcome: so.Mapped[Outcome | None] = so.mapped_column(enum_type(Outcome))
    # The person's name key (Person.name_key), copied here on every flush (models/people.py) so
    # the queue's lane indexes end with it: a common name prefix is checked inside the index.
    name_key: so.Mapped[str | None] = so.mapped_column(
        sa.String(410).with_variant(sa.String(410, collation="C"), "postgresql")
    )
    # Keyed hash of the private follow-up code; the code itself is shown once and never stored.
    followup_code_hash: so.Mapped[str | None] = so.mapped_column(sa.String(128))
    # The partner that filed it through the API (complaints/api/); only that partner may read it.
    partner_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("partners.id"), index=True)

    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow
    )
    triaged_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    resolved_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    closed_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    # Derived from the facts by triage and stored so the queue can sort and filter on an index.
    detainer_deadline: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    triage_due_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())

    # Retention (complaints/retention.py): a held case keeps its personal data past the period;
    # a redacted one has lost it for good and keeps only what the statistics count.
    legal_hold: so.Mapped[bool] = so.mapped_column(default=False, server_default=sa.false())
    legal_hold_reason: so.Mapped[str | None] = so.mapped_column(sa.Text)
    redacted_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())

    version_id: so.Mapped[int] = so.mapped_column(default=1)
    __mapper_args__: ClassVar[dict[str, object]] = {"version_id_col": version_id}

    complaint_types: so.Mapped[list[CaseComplaintType]] = so.relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseComplaintType.type"
    )
    person: so.Mapped[Person | None] = so.relationship(
        back_populates="case", cascade="all, delete-orphan"
    )
    filer: so.Mapped[Filer | None] = so.relationship(
        back_populates="case", cascade="all, delete-orphan"
    )
    detention: so.Mapped[Detention | None] = so.relationship(
        back_populates="case", cascade="all, delete-orphan"
    )
    charges: so.Mapped[list[Charge]] = so.relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Charge.id"
    )
    attachments: so.Mapped[list[Attachment]] = so.relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Attachment.id"
    )
    notes: so.Mapped[list[Note]] = so.relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Note.id"
    )
    messages: so.Mapped[list[Message]] = so.relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Message.id"
    )
    redress_actions: so.Mapped[list[RedressAction]] = so.relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="RedressAction.id"
    )
    consents: so.Mapped[list[Consent]] = so.relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Consent.id"
    )
    assigned_to: so.Mapped[User | None] = so.relationship(foreign_keys=[assigned_to_id])
    facility: so.Mapped[Facility | None] = so.relationship()
    duplicate_of: so.Mapped[Case | None] = so.relationship(
        remote_side=[id], foreign_keys=[duplicate_of_id]
    )
    linked_to: so.Mapped[Case | None] = so.relationship(
        remote_side=[id], foreign_keys=[linked_to_id], back_populates="split_off"
    )
    split_off: so.Mapped[list[Case]] = so.relationship(
        foreign_keys=[linked_to_id], back_populates="linked_to", order_by="Case.id"
    )

    __table_args__ = (
        # The queue reads each status as a lane in the sort's order (casework/keyset.py): one
        # index per sort within a status, and one without it for the view that includes closed.
        # Each ends with the name key, so a name search walks the lane without reading the table.
        sa.Index(
            "ix_cases_status_urgency_created", "status", "urgency", "created_at", "id", "name_key"
        ),
        sa.Index("ix_cases_status_created", "status", "created_at", "id", "name_key"),
        sa.Index("ix_cases_status_deadline", "status", "detainer_deadline", "id", "name_key"),
        sa.Index("ix_cases_urgency_created", "urgency", "created_at", "id"),
        # A name search for a prefix few people share reads just their cases here, with every
        # lane's sort key, and sorts those few (casework/queue_search.py).
        sa.Index(
            "ix_cases_name_lanes",
            *("name_key", "status", "urgency", "created_at", "detainer_deadline", "id"),
        ),
        # Reports: each month's figures from index range scans that never read the table.
        sa.Index(
            "ix_cases_created_flags",
            "created_at",
            "flag_possible_profiling",
            "flag_outside_priorities",
        ),
        sa.Index("ix_cases_triaged_at", "triaged_at", "created_at"),
        sa.Index("ix_cases_resolved_at", "resolved_at", "created_at"),
        sa.Index("ix_cases_closed_at", "closed_at", "resolved_at", "created_at"),
        sa.Index("ix_cases_detainer_deadline", "detainer_deadline"),
        # Someone's own cases, each status read in urgency order or their few cases sorted.
        sa.Index(
            "ix_cases_assigned_lanes",
            *("assigned_to_id", "status", "urgency", "created_at", "detainer_deadline", "id"),
        ),
        sa.Index("ix_cases_state_county", "state", "county"),
        # The queue filtered by a state: each status of it read in urgency order, or its few
        # cases sorted (a small state's cases met one in a thousand by walking the lanes).
        sa.Index(
            "ix_cases_state_lanes",
            *("state", "status", "urgency", "created_at", "detainer_deadline", "id"),
        ),
        sa.Index("ix_cases_language", "language"),
        sa.Index("ix_cases_triage_due_at", "triage_due_at"),
    )

    @property
    def flags(self) -> frozenset[Flag]:
        """The triage flags set on this case."""
        return frozenset(flag for flag in Flag if getattr(self, f"flag_{flag.value}"))

    @flags.setter
    def flags(self, flags: frozenset[Flag] | set[Flag]) -> None:
        for flag in Flag:
            setattr(self, f"flag_{flag.value}", flag in flags)

    @property
    def types(self) -> list[ComplaintType]:
        return [row.type for row in self.complaint_types]

    def __repr__(self) -> str:
        return f"<Case {self.reference} {self.status}>"


# The queue filtered by a county (as typed, any case; with or without its state): its cases
# read off this index and sorted, every lane's sort key in it.
sa.Index(
    "ix_cases_county_lanes",
    sa.func.lower(Case.county),
    *(Case.state, Case.status, Case.urgency, Case.created_at, Case.detainer_deadline, Case.id),
)


class CaseComplaintType(db.Model):
    """One complaint type alleged in a case (a case may allege several)."""

    __tablename__ = "case_complaint_types"

    case_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    type: so.Mapped[ComplaintType] = so.mapped_column(enum_type(ComplaintType), primary_key=True)

    case: so.Mapped[Case] = so.relationship(back_populates="complaint_types")

    __table_args__ = (sa.Index("ix_case_complaint_types_type_case", "type", "case_id"),)
