"""Partner API keys: created by an admin, shown once, stored as a hash, revoked for good.

A key reads `pk_<12 hex>.<secret>`. The first part is public: it finds the key's row and names
the key in lists, audit events and rate limits. Only the SHA-256 of the secret is stored; the
secret has 256 random bits, so a hash without a salt or a slow function is enough.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.audit import record
from complaints.models import Partner, PartnerKey, User

PREFIX_START = "pk_"


class Scope(StrEnum):
    CREATE = "complaints:create"
    READ_OWN = "complaints:read-own"
    REPORTS = "reports:read"


class PartnerKeyError(ValueError):
    """A key cannot be created or revoked as asked; the message says why."""


@dataclass(frozen=True)
class NewKey:
    key: PartnerKey
    token: str  # shown once to the admin, never stored


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def public_prefix(token: str) -> str | None:
    """The public part of a presented key, or None when it is not shaped like one of ours."""
    prefix, dot, secret = token.partition(".")
    if not dot or not prefix.startswith(PREFIX_START) or len(prefix) != 15 or not secret:
        return None
    return prefix


def parse_scopes(values: Iterable[str]) -> list[Scope]:
    """Scopes from their names; raises PartnerKeyError naming the first unknown one."""
    scopes = []
    for value in values:
        if value not in Scope._value2member_map_:
            raise PartnerKeyError(f"unknown scope {value!r}; choose from {', '.join(Scope)}")
        scopes.append(Scope(value))
    if not scopes:
        raise PartnerKeyError("a key needs at least one scope")
    return sorted(set(scopes))


def create_key(
    session: so.Session,
    partner_name: str,
    scopes: Iterable[str],
    *,
    now: datetime,
    actor: User | None = None,
    label: str | None = "",
) -> NewKey:
    """A new key for the partner (created on first use of its name). Audited; never commits."""
    name = " ".join(partner_name.split())
    if not name or len(name) > 200:
        raise PartnerKeyError("give the partner's name (up to 200 characters)")
    chosen = parse_scopes(scopes)
    partner = session.execute(sa.select(Partner).where(Partner.name == name)).scalar_one_or_none()
    if partner is None:
        partner = Partner(name=name, created_at=now)
        session.add(partner)
    prefix, secret = PREFIX_START + secrets.token_hex(6), secrets.token_urlsafe(32)
    key = PartnerKey(
        partner=partner,
        prefix=prefix,
        secret_hash=_digest(secret),
        scopes=[scope.value for scope in chosen],
        label=" ".join((label or "").split())[:200],
        created_at=now,
        created_by_id=actor.id if actor else None,
    )
    session.add(key)
    session.flush()
    record(session, "partner_key.created", actor=actor, actor_kind=None if actor else "system",
           at=now, key=prefix, partner_id=partner.id, scopes=key.scopes)  # fmt: skip
    return NewKey(key, f"{prefix}.{secret}")


def revoke_key(session: so.Session, prefix: str, *, now: datetime, actor: User | None = None):
    """Revoke a key for good (audited); raises PartnerKeyError when there is no such active key."""
    key = session.execute(
        sa.select(PartnerKey).where(PartnerKey.prefix == prefix)
    ).scalar_one_or_none()
    if key is None or key.revoked_at is not None:
        raise PartnerKeyError(f"no active key {prefix!r}")
    key.revoked_at = now
    record(session, "partner_key.revoked", actor=actor, actor_kind=None if actor else "system",
           at=now, key=prefix, partner_id=key.partner_id)  # fmt: skip
    return key


def list_keys(session: so.Session) -> list[PartnerKey]:
    return list(
        session.execute(
            sa.select(PartnerKey)
            .options(so.joinedload(PartnerKey.partner))
            .order_by(PartnerKey.partner_id, PartnerKey.id)
        ).scalars()
    )


def verify(session: so.Session, token: str) -> PartnerKey | None:
    """The active key a presented token belongs to, or None (unknown, wrong secret, revoked)."""
    prefix = public_prefix(token)
    if prefix is None:
        return None
    key = session.execute(
        sa.select(PartnerKey).where(PartnerKey.prefix == prefix)
    ).scalar_one_or_none()
    secret = token.partition(".")[2]
    stored = key.secret_hash if key is not None else _digest("")
    if not hmac.compare_digest(stored, _digest(secret)) or key is None:
        return None
    return key if key.revoked_at is None else None
