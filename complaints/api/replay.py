"""Idempotency-Key: a retried request gets the first answer again, and files nothing twice.

The answer is stored in the same transaction as what the request filed, so either both exist or
neither does. It holds the follow-up code, so it is encrypted and kept for a day only.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.models import ApiReplay
from complaints.storage import Vault

KEPT_FOR = timedelta(days=1)
KEY_MAX = 200


@dataclass(frozen=True)
class Stored:
    status: int
    body: dict[str, Any]
    same_request: bool


def fingerprint(method: str, path: str, body: bytes) -> str:
    return hashlib.sha256(b"\n".join([method.encode(), path.encode(), body])).hexdigest()


def find(
    session: so.Session, partner_id: int, key: str, print_: str, vault: Vault, now: datetime
) -> Stored | None:
    """The answer kept for this partner's key, if any (expired ones are treated as gone)."""
    row = session.execute(
        sa.select(ApiReplay).where(
            ApiReplay.partner_id == partner_id,
            ApiReplay.idempotency_key == key,
            ApiReplay.created_at >= now - KEPT_FOR,
        )
    ).scalar_one_or_none()
    if row is None:
        return None
    body = json.loads(vault.decrypt(row.body_ciphertext))
    return Stored(row.status, body, row.fingerprint == print_)


def keep(
    session: so.Session,
    partner_id: int,
    key: str,
    print_: str,
    status: int,
    body: dict[str, Any],
    vault: Vault,
    now: datetime,
) -> None:
    """Keep an answer (the caller commits it with the work), and forget expired ones."""
    session.execute(
        sa.delete(ApiReplay).where(
            ApiReplay.partner_id == partner_id,
            sa.or_(ApiReplay.created_at < now - KEPT_FOR, ApiReplay.idempotency_key == key),
        )
    )
    session.add(
        ApiReplay(
            partner_id=partner_id,
            idempotency_key=key,
            fingerprint=print_,
            status=status,
            body_ciphertext=vault.encrypt(json.dumps(body).encode()),
            created_at=now,
        )
    )
