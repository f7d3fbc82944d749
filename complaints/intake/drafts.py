"""Drafts of complaints being written: answers and files kept encrypted between steps.

Answers are stored exactly as typed (each step's form data as lists of strings), so a page can
always be shown again with what the person wrote. Services here take the session and never commit.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.intake.service import NewAttachment
from complaints.models import Draft, DraftFile
from complaints.storage import CheckedFile, Vault

DRAFT_LIFETIME = timedelta(hours=24)
Answers = dict[str, dict[str, list[str]]]


@dataclass(frozen=True)
class DraftHandle:
    draft: Draft
    token: str  # kept in the filer's session; only its hash is stored


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_draft(session: so.Session, token: str | None, now: datetime) -> Draft | None:
    """The live draft for a session token, or None when there is none or it has expired."""
    if not token:
        return None
    query = sa.select(Draft).where(Draft.token_hash == _hash(token), Draft.expires_at > now)
    return session.execute(query).scalar_one_or_none()


@dataclass(frozen=True)
class DraftFileToFile:
    """One of a draft's files, as read for filing: its id and the attachment it becomes."""

    id: int
    file: NewAttachment


@dataclass(frozen=True)
class DraftToFile:
    """A draft as read for filing: plain values, no ORM object to build or track."""

    id: int
    answers: bytes  # encrypted, as stored
    files: tuple[DraftFileToFile, ...]


_DRAFTS: sa.Table = Draft.__table__  # type: ignore[assignment]
_FILES: sa.Table = DraftFile.__table__  # type: ignore[assignment]
# A draft file's columns that become the attachment, by NewAttachment's own field names.
_ATTACHMENT_FIELDS = tuple(field.name for field in dataclasses.fields(NewAttachment))
# Filing's two statements, built once (SQLAlchemy reuses their compiled form as they are): the
# draft with its files' contents, and its deletion (its files go with it: ON DELETE CASCADE).
_FOR_FILING = (
    sa.select(
        _DRAFTS.c.id,
        _DRAFTS.c.answers,
        _FILES.c.id.label("file_id"),
        *(_FILES.c[name] for name in _ATTACHMENT_FIELDS),
    )
    .outerjoin(_FILES, _FILES.c.draft_id == _DRAFTS.c.id)
    .where(
        _DRAFTS.c.token_hash == sa.bindparam("token_hash"),
        _DRAFTS.c.expires_at > sa.bindparam("now"),
    )
    .order_by(_FILES.c.id)
)
_DISCARD = sa.delete(_DRAFTS).where(_DRAFTS.c.id == sa.bindparam("draft_id"))


def open_for_filing(
    connection: sa.Connection, token: str | None, now: datetime
) -> DraftToFile | None:
    """The live draft for a session token with its files' contents, in one statement; None when
    there is none or it has expired. Filing reads each draft once and then deletes it
    (`discard`, or in the statement that files it), so the unit of work has nothing to track."""
    if not token:
        return None
    found = connection.execute(_FOR_FILING, {"token_hash": _hash(token), "now": now})
    rows = found.all()
    if not rows:
        return None
    files = tuple(
        DraftFileToFile(
            row.file_id, NewAttachment(**{name: row._mapping[name] for name in _ATTACHMENT_FIELDS})
        )
        for row in rows
        if row.file_id is not None
    )
    return DraftToFile(rows[0].id, rows[0].answers, files)


def discard(session: so.Session, draft_id: int) -> bool:
    """Delete a draft, its files with it (ON DELETE CASCADE); False when it was already gone
    (the same draft sent twice at once: the other send filed it first)."""
    return session.connection().execute(_DISCARD, {"draft_id": draft_id}).rowcount == 1


def start_draft(session: so.Session, vault: Vault, now: datetime) -> DraftHandle:
    token = secrets.token_urlsafe(32)
    draft = Draft(
        token_hash=_hash(token), answers=vault.encrypt(b"{}"), expires_at=now + DRAFT_LIFETIME
    )
    session.add(draft)
    return DraftHandle(draft, token)


class HasAnswers(Protocol):
    @property
    def answers(self) -> bytes: ...


# Beside the steps' answers, under a key no step has: each step's kept check (step_values.py).
KEPT = "$checked"


def read_draft(draft: HasAnswers | None, vault: Vault) -> tuple[Answers, dict]:
    """The draft's answers, and the checks kept for its steps."""
    if draft is None:
        return {}, {}
    answers = json.loads(vault.decrypt(draft.answers))
    kept = answers.pop(KEPT, {})
    return with_story_first(answers), kept


def read_answers(draft: HasAnswers | None, vault: Vault) -> Answers:
    return read_draft(draft, vault)[0]


def with_story_first(answers: Answers) -> Answers:
    """Answers saved before the story became its own first step kept the narrative under
    "what-happened": move it to "story", so every reader finds it in one place."""
    what = answers.get("what-happened", {})
    if "narrative" in what and "story" not in answers:
        answers["story"] = {"narrative": what.pop("narrative")}
    return answers


def save_step(
    draft: Draft,
    vault: Vault,
    step: str,
    values: dict[str, list[str]],
    now: datetime,
    kept: dict | None = None,
) -> None:
    """Replace one step's answers, and its kept check with `kept` (none: it was not checked or
    did not pass), and keep the draft alive for another full lifetime."""
    answers, checks = read_draft(draft, vault)
    answers[step] = values
    checks.pop(step, None)
    if kept is not None:
        checks[step] = kept
    stored = {**answers, KEPT: checks} if checks else answers
    draft.answers = vault.encrypt(json.dumps(stored, ensure_ascii=False).encode())
    draft.expires_at = now + DRAFT_LIFETIME


def add_file(draft: Draft, vault: Vault, checked: CheckedFile) -> DraftFile:
    draft_file = DraftFile(
        original_name=checked.original_name,
        detected_type=checked.detected_type,
        size=checked.size,
        sha256=checked.sha256,
        ciphertext=vault.encrypt(checked.content),
    )
    draft.files.append(draft_file)
    return draft_file


def remove_file(draft: Draft, file_id: int) -> bool:
    """Remove one of the draft's files; False when the draft has no such file."""
    for draft_file in draft.files:
        if draft_file.id == file_id:
            draft.files.remove(draft_file)
            return True
    return False


def purge_expired(session: so.Session, now: datetime) -> int:
    """Delete drafts past their expiry (files go with them). Returns how many."""
    expired = session.execute(sa.select(Draft).where(Draft.expires_at <= now)).scalars().all()
    for draft in expired:
        session.delete(draft)
    return len(expired)
