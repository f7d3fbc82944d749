"""Drafts of complaints being written: answers and files kept encrypted between steps.

Answers are stored exactly as typed (each step's form data as lists of strings), so a page can
always be shown again with what the person wrote. Services here take the session and never commit.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
import sqlalchemy.orm as so

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


def open_draft(
    session: so.Session, token: str | None, now: datetime, *, with_files: bool = False
) -> Draft | None:
    """The live draft for a session token, or None when there is none or it has expired.

    `with_files`: its files' details read in the same statement (not their contents).
    """
    if not token:
        return None
    query = sa.select(Draft).where(Draft.token_hash == _hash(token), Draft.expires_at > now)
    if with_files:
        query = query.options(so.joinedload(Draft.files))
    return session.execute(query).unique().scalar_one_or_none()


def start_draft(session: so.Session, vault: Vault, now: datetime) -> DraftHandle:
    token = secrets.token_urlsafe(32)
    draft = Draft(
        token_hash=_hash(token), answers=vault.encrypt(b"{}"), expires_at=now + DRAFT_LIFETIME
    )
    session.add(draft)
    return DraftHandle(draft, token)


def read_answers(draft: Draft | None, vault: Vault) -> Answers:
    if draft is None:
        return {}
    return with_story_first(json.loads(vault.decrypt(draft.answers)))


def with_story_first(answers: Answers) -> Answers:
    """Answers saved before the story became its own first step kept the narrative under
    "what-happened": move it to "story", so every reader finds it in one place."""
    what = answers.get("what-happened", {})
    if "narrative" in what and "story" not in answers:
        answers["story"] = {"narrative": what.pop("narrative")}
    return answers


def save_step(
    draft: Draft, vault: Vault, step: str, values: dict[str, list[str]], now: datetime
) -> None:
    """Replace one step's answers and keep the draft alive for another full lifetime."""
    answers = read_answers(draft, vault)
    answers[step] = values
    draft.answers = vault.encrypt(json.dumps(answers, ensure_ascii=False).encode())
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
