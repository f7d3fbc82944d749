"""Identity levels: who may move a case between anonymous, confidential and identified.

- The person (through follow-up) may only raise their level: anonymous → confidential →
  identified. Leaving anonymity means giving at least a name, or there is nobody to be known.
- Staff may raise it too (the person asked by phone or letter), and are the only ones who may
  lower it, always with a reason: lowering is a promise to disclose less from now on.
- Lowering to anonymous removes the names and contact details, as an anonymous filing keeps none.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from complaints.rules.vocabulary import IDENTITY_ORDER, IdentityLevel, Role


def _(message: str) -> str:
    """Mark a message for Babel extraction; the web layer translates it when showing it."""
    return message


class IdentityChangeError(ValueError):
    """A change of identity level the rules refuse; `message` is an untranslated message id."""

    def __init__(self, message: str, **params: str) -> None:
        super().__init__(message)
        self.message = message
        self.params = params


@dataclass(frozen=True)
class IdentityChange:
    """What a permitted change means for the stored data."""

    old: IdentityLevel
    new: IdentityLevel
    lowered: bool
    needs_name: bool  # leaving anonymity: the case holds no name yet
    removes_personal_data: bool  # becoming anonymous: names and contacts go
    reason: str | None = field(default=None)


def is_raise(old: IdentityLevel, new: IdentityLevel) -> bool:
    return IDENTITY_ORDER[new] > IDENTITY_ORDER[old]


def levels_above(level: IdentityLevel) -> list[IdentityLevel]:
    """The levels a person may move up to from `level`, lowest first."""
    return [other for other in IdentityLevel if is_raise(level, other)]


def check_identity_change(
    old: IdentityLevel,
    new: IdentityLevel,
    role: Role,
    *,
    reason: str | None = None,
    has_name: bool = False,
) -> IdentityChange:
    """Whether `role` may move a case from `old` to `new`; the change, or IdentityChangeError.

    `has_name`: a name comes with the change (or the case already holds one).
    """
    if old is new:
        raise IdentityChangeError(_("The case is already at that identity level."))
    lowered = not is_raise(old, new)
    reason = (reason or "").strip() or None
    if lowered and role is Role.COMPLAINANT:
        raise IdentityChangeError(
            _("You can only give us more about yourself here. To be less known, write to your "
              "caseworker.")
        )  # fmt: skip
    if lowered and role not in (Role.CASEWORKER, Role.SUPERVISOR):
        raise IdentityChangeError(_("Only a caseworker can lower the identity level."))
    if lowered and reason is None:
        raise IdentityChangeError(_("Give a reason for lowering the identity level."))
    needs_name = old is IdentityLevel.ANONYMOUS
    if needs_name and not has_name:
        raise IdentityChangeError(_("Give at least a first or last name to stop being anonymous."))
    return IdentityChange(
        old=old,
        new=new,
        lowered=lowered,
        needs_name=needs_name,
        removes_personal_data=new is IdentityLevel.ANONYMOUS,
        reason=reason,
    )
