"""Working a case: transitions, assignment, notes, messages, triage overrides, redress.

Every change checks the version the caseworker saw (optimistic locking), is audited, and is left
for the view to commit. Nothing here reads the request or commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.audit import record
from complaints.case_triage import apply_triage, facts_for
from complaints.casework.redress_facts import check_case
from complaints.models import (
    AuditEvent,
    Case,
    Detention,
    Message,
    Note,
    Person,
    RedressAction,
    User,
)
from complaints.rules.identifiers import normalize_reference
from complaints.rules.permissions import Permission, can
from complaints.rules.triage import Flag, Urgency, triage
from complaints.rules.vocabulary import (
    Answer,
    MessageAuthor,
    Outcome,
    RedressKind,
    RedressOutcome,
)
from complaints.rules.workflow import Status, TransitionError, check_transition

NOTE_MAX = 20_000

CASE_VIEWED = "case.viewed"  # the audit action of opening a case page


def _(message: str) -> str:
    return message


class StaleCase(Exception):
    """Someone changed the case after this form was opened; nothing was saved."""


class CaseworkError(ValueError):
    """A change the rules refuse; `args[0]` is an untranslated message id."""


def get_case(session: so.Session, reference: str) -> Case | None:
    canonical = normalize_reference(reference)
    if canonical is None:
        return None
    return session.execute(sa.select(Case).where(Case.reference == canonical)).scalar_one_or_none()


def check_version(case: Case, expected_version: int | None) -> None:
    """Refuse a change made from a page showing an older version of the case."""
    if expected_version is None or case.version_id != expected_version:
        raise StaleCase


def changes_since(session: so.Session, case: Case, since: datetime) -> list[AuditEvent]:
    """What others did to the case after `since`: shown on the conflict page."""
    return list(
        session.execute(
            sa.select(AuditEvent)
            .where(AuditEvent.case_id == case.id, AuditEvent.at > since)
            .where(AuditEvent.action != CASE_VIEWED)
            .order_by(AuditEvent.seq)
        ).scalars()
    )


def transition(
    session: so.Session,
    case: Case,
    to: Status,
    *,
    actor: User,
    expected_version: int | None,
    now: datetime,
    reason: str | None = None,
    outcome: Outcome | None = None,
    duplicate_of: str | None = None,
) -> None:
    """Move the case to `to` as the workflow table allows for the actor's role.

    Raises StaleCase, workflow.TransitionError, or CaseworkError for an unknown original case.
    """
    check_version(case, expected_version)
    original = None
    if duplicate_of:
        original = get_case(session, duplicate_of)
        if original is None or original.id == case.id:
            raise CaseworkError(_("There is no other case with that reference."))
    check_transition(
        case.status, to, actor.role, reason=reason, outcome=outcome,
        duplicate_of=original.reference if original else None,
    )  # fmt: skip
    previous = case.status
    case.status = to
    if to is Status.TRIAGED and case.triaged_at is None:
        case.triaged_at = now
    if to is Status.RESOLVED:
        case.outcome, case.resolved_at = Outcome(outcome), now
    if to in (Status.CLOSED, Status.DUPLICATE, Status.WITHDRAWN):
        case.closed_at = now
    if to is Status.DUPLICATE and original is not None:
        case.duplicate_of_id = original.id
    if previous in (Status.RESOLVED, Status.CLOSED):  # reopened
        case.closed_at = case.resolved_at = case.outcome = None
    details = {"from_status": previous.value, "to_status": to.value}
    if reason:
        details["reason"] = reason
    if outcome:
        details["outcome"] = Outcome(outcome).value
    if original is not None:
        details["duplicate_of"] = original.reference
    record(session, "case.transition", actor=actor, case=case, **details)


def assign(
    session: so.Session,
    case: Case,
    assignee: User | None,
    *,
    actor: User,
    expected_version: int | None,
) -> None:
    """Give the case to `assignee` (None: nobody).

    Caseworkers may take an unassigned case or give back their own; supervisors may reassign.
    """
    check_version(case, expected_version)
    supervisor = can(actor.role, Permission.SUPERVISE)
    taking = assignee is not None and assignee.id == actor.id and case.assigned_to_id is None
    giving_back = assignee is None and case.assigned_to_id == actor.id
    if not (supervisor or taking or giving_back):
        raise CaseworkError(_("Only a supervisor can reassign a case."))
    if assignee is not None and not (assignee.active and can(assignee.role, Permission.WORK_CASES)):
        raise CaseworkError(_("Cases can only be assigned to active caseworkers and supervisors."))
    previous = case.assigned_to_id
    case.assigned_to = assignee
    record(session, "case.assigned", actor=actor, case=case,
           from_user=previous, to_user=assignee.id if assignee else None)  # fmt: skip


def add_note(session: so.Session, case: Case, body: str, *, actor: User, now: datetime) -> Note:
    note = Note(author=actor, body=body, created_at=now)
    case.notes.append(note)
    record(session, "case.note_added", actor=actor, case=case)
    return note


def send_message(
    session: so.Session, case: Case, body: str, *, actor: User, now: datetime
) -> Message:
    """A message the complainant reads on the follow-up page."""
    message = Message(author=MessageAuthor.STAFF, author_user=actor, body=body, created_at=now)
    case.messages.append(message)
    case.updated_at = now
    record(session, "case.message_sent", actor=actor, case=case)
    return message


def override_urgency(
    session: so.Session,
    case: Case,
    urgency: Urgency | None,
    reason: str,
    *,
    actor: User,
    expected_version: int | None,
    now: datetime,
) -> None:
    """Set urgency by hand (with a reason), or hand it back to the rules (urgency None)."""
    check_version(case, expected_version)
    if not reason.strip():
        raise CaseworkError(_("Give a reason for changing the urgency."))
    previous = case.urgency
    if urgency is None:
        case.urgency_overridden = False
        apply_triage(case, now)
    else:
        case.urgency, case.urgency_overridden = urgency, True
    record(session, "case.urgency_overridden", actor=actor, case=case, reason=reason,
           old=previous.value, new=case.urgency.value)  # fmt: skip


@dataclass(frozen=True)
class RedressInput:
    kind: RedressKind
    target: str
    taken_on: date
    details: str = ""


def record_redress(
    session: so.Session, case: Case, action: RedressInput, *, actor: User, now: datetime
) -> RedressAction:
    """Record an action the case allows now (rules/redress_checks.py).

    Raises CaseworkError with the reason when the checks refuse it; then nothing is stored.
    """
    verdict = check_case(case, action.kind)
    if not verdict.allowed:
        raise CaseworkError(verdict.reason)
    redress = RedressAction(
        kind=action.kind, target=action.target, taken_on=action.taken_on,
        details=action.details, created_by=actor, created_at=now,
    )  # fmt: skip
    case.redress_actions.append(redress)
    record(session, "case.redress_recorded", actor=actor, case=case, kind=action.kind.value)
    return redress


def set_redress_outcome(
    session: so.Session,
    case: Case,
    redress: RedressAction,
    outcome: RedressOutcome,
    on: date,
    *,
    actor: User,
) -> None:
    if redress.case_id != case.id:
        raise CaseworkError(_("That action belongs to another case."))
    previous = redress.outcome
    redress.outcome, redress.outcome_on = outcome, on
    record(session, "case.redress_outcome", actor=actor, case=case, redress_id=redress.id,
           old=previous.value, new=outcome.value)  # fmt: skip


def likely_duplicates(session: so.Session, case: Case, limit: int = 10) -> list[Case]:
    """Other cases about the same person: the same A-number, or the same name and birth date."""
    person = case.person
    if person is None:
        return []
    same = []
    if person.a_number:
        same.append(Person.a_number == person.a_number)
    if person.name_key and person.date_of_birth:
        same.append(sa.and_(Person.name_key == person.name_key,
                            Person.date_of_birth == person.date_of_birth))  # fmt: skip
    if not same:
        return []
    return list(
        session.execute(
            sa.select(Case).join(Person, Person.case_id == Case.id)
            .where(sa.or_(*same), Case.id != case.id)
            .order_by(Case.created_at).limit(limit)
        ).scalars()
    )  # fmt: skip


@dataclass(frozen=True)
class BulkResult:
    done: list[str]
    refused: list[tuple[str, str, dict[str, str]]]  # (reference, message id, its values)


def bulk_apply(
    session: so.Session,
    references: list[str],
    *,
    actor: User,
    now: datetime,
    to: Status | None = None,
    assignee: User | None = None,
    unassign: bool = False,
) -> BulkResult:
    """Apply one transition or assignment to many cases, each under the same rules as one case.

    A case the rules refuse is reported and left as it was; the others go ahead.
    """
    done: list[str] = []
    refused: list[tuple[str, str, dict[str, str]]] = []
    for reference in dict.fromkeys(references):
        case = get_case(session, reference)
        if case is None:
            refused.append((reference, _("There is no case with that reference."), {}))
            continue
        try:
            with session.begin_nested():
                if to is not None:
                    transition(session, case, to, actor=actor, expected_version=case.version_id,
                               now=now)  # fmt: skip
                if assignee is not None or unassign:
                    assign(session, case, assignee, actor=actor, expected_version=case.version_id)
                session.flush()
        except TransitionError as error:
            refused.append((case.reference, error.message, error.params))
        except CaseworkError as error:
            refused.append((case.reference, error.args[0], {}))
        else:
            done.append(case.reference)
    return BulkResult(done, refused)


@dataclass(frozen=True)
class FactsInput:
    """The facts that decide triage, as a caseworker corrects them (times aware)."""

    detained_now: Answer
    detainer_issued: Answer
    eligible_at: datetime | None
    released_at: datetime | None
    is_minor: bool
    medical_emergency: bool


def update_facts(
    session: so.Session,
    case: Case,
    facts: FactsInput,
    *,
    actor: User,
    expected_version: int | None,
    now: datetime,
) -> list[str]:
    """Correct the triage facts, recompute triage, and audit which fields changed (old -> new).

    Returns the names of the fields that changed. Raises StaleCase for an outdated form.
    """
    check_version(case, expected_version)
    # Facts never given start as "unknown", as they would on the form.
    person = case.person or Person(detained_now=Answer.UNKNOWN, is_minor=False,
                                   medical_emergency=False)  # fmt: skip
    case.person = person
    detention = case.detention or Detention(detainer_issued=Answer.UNKNOWN)
    case.detention = detention
    targets = {
        "detained_now": person, "is_minor": person, "medical_emergency": person,
        "detainer_issued": detention, "eligible_at": detention, "released_at": detention,
    }  # fmt: skip
    columns = {"eligible_at": "eligible_for_release_at"}
    changes: dict[str, list[str | None]] = {}
    for name, target in targets.items():
        attribute = columns.get(name, name)
        old, new = getattr(target, attribute), getattr(facts, name)
        if old != new:
            changes[name] = [_plain(old), _plain(new)]
            setattr(target, attribute, new)
    if not changes:
        return []
    result = apply_triage(case, now)
    case.updated_at = now
    record(session, "case.facts_edited", actor=actor, case=case, changes=changes,
           urgency=result.urgency.value)  # fmt: skip
    return list(changes)


def _plain(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value.value if hasattr(value, "value") else value)


def override_flags(
    session: so.Session,
    case: Case,
    flags: set[Flag],
    reason: str,
    *,
    actor: User,
    expected_version: int | None,
    now: datetime,
) -> None:
    """Set the flags by hand, with a reason; a flag set against the rules stays so on re-triage."""
    check_version(case, expected_version)
    if not reason.strip():
        raise CaseworkError(_("Give a reason for changing the flags."))
    by_rules = triage(facts_for(case), now).flags
    old = sorted(flag.value for flag in case.flags)
    case.flag_overrides = {
        flag.value: flag in flags for flag in Flag if (flag in flags) != (flag in by_rules)
    }
    case.flags = frozenset(flags)
    record(session, "case.flags_overridden", actor=actor, case=case, reason=reason, old=old,
           new=sorted(flag.value for flag in flags))  # fmt: skip
