"""Which redress actions a case allows now, and why the others are refused.

Consent and identity:
- A referral needs the person's consent for its destination: DHS CRCL, DHS OIG, the detention
  ombudsman (OIDO), the local agency's internal affairs, or a lawyer (pro-bono counsel).
- An anonymous case holds no name or contact detail, so a referral sends only the account and
  the facts; it is allowed without consent, and the page says what goes.
- A confidential or identified case never goes to an agency without that consent.
- The prosecutorial-discretion request and the release demand name the person to ICE or the
  jail, which no consent destination covers: they need the person to be identified (the person
  agreed to be named), and an anonymous case has no name to put in them.
- Filed on someone's behalf: before anything naming the person goes to an agency, an authority
  must be on file (signed consent, G-28 or ICE Form 60-001), uploaded or at least promised
  ("to follow"): a promise is enough to send, so an urgent case never waits on the post, and
  the office is told the document will follow. A lawyer referral needs no authority.

Practice:
- A prosecutorial-discretion request only for a person in removal proceedings (recorded yes).
- A release demand only while a detainer hold is recorded: a detainer, and no release yet.
- No OIDO referral for release or bond: when every complaint type is about release or bond
  (bond denied, held too long), the ombudsman is not the place; a case that also alleges, say,
  mistreatment may still go there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from complaints.rules.vocabulary import (
    Answer,
    AuthorityStatus,
    ComplaintType,
    ConsentDestination,
    IdentityLevel,
    RedressKind,
)


def _(message: str) -> str:
    """Mark a message for Babel extraction; the web layer translates it when showing it."""
    return message


REFERRAL_CONSENT: dict[RedressKind, ConsentDestination] = {
    RedressKind.REFER_CRCL: ConsentDestination.CRCL,
    RedressKind.REFER_OIG: ConsentDestination.OIG,
    RedressKind.REFER_OIDO: ConsentDestination.OIDO,
    RedressKind.REFER_LOCAL_AGENCY: ConsentDestination.LOCAL_AGENCY,
    RedressKind.REFER_PRO_BONO: ConsentDestination.LAWYER,
}
# Letters that put the person's name before ICE or the jail.
NAMING_LETTERS = frozenset({RedressKind.PROSECUTORIAL_DISCRETION, RedressKind.RELEASE_DEMAND})
AGENCY_BOUND = (frozenset(REFERRAL_CONSENT) - {RedressKind.REFER_PRO_BONO}) | NAMING_LETTERS
RELEASE_OR_BOND = frozenset({ComplaintType.BOND_DENIED, ComplaintType.PROLONGED_DETENTION})

CONSENT_MISSING = {
    ConsentDestination.CRCL: _("The person has not consented to sharing with DHS CRCL."),
    ConsentDestination.OIG: _("The person has not consented to sharing with the DHS OIG."),
    ConsentDestination.OIDO: _(
        "The person has not consented to sharing with the detention ombudsman (OIDO)."
    ),
    ConsentDestination.LOCAL_AGENCY: _(
        "The person has not consented to sharing with the local agency."
    ),
    ConsentDestination.LAWYER: _("The person has not consented to sharing with a lawyer."),
}
NOT_IN_PROCEEDINGS = _(
    "A prosecutorial-discretion request is only for a person in removal proceedings. "
    "Record that first, if it is so."
)
NO_HOLD = _(
    "A release demand needs a detainer hold on record: a detainer, and the person not released."
)
OIDO_NOT_FOR_RELEASE = _(
    "The detention ombudsman does not decide release or bond. Use a release demand or a "
    "referral to counsel."
)
ANONYMOUS_LETTER = _("This case is anonymous: there is no name to put in this letter.")
CONFIDENTIAL_LETTER = _(
    "This letter names the person to ICE or the jail, and the case is confidential. Record "
    "first that the person agreed to be identified."
)
NO_AUTHORITY = _(
    "Filed on the person's behalf with no authority on file (signed consent, G-28 or Form "
    "60-001). Record it, or that it is to follow."
)
SENDS_ACCOUNT_ONLY = _(
    "Sends the account and the facts only: the case is anonymous, so there is no name or "
    "contact detail to send."
)
SENDS_AS_CONSENTED = _("Sends the account and the person's details, as the person consented.")
SENDS_NAMED = _("Names the person: they agreed to be identified.")
AUTHORITY_FOLLOWS = _("Say that the authority to act for the person will follow.")


@dataclass(frozen=True)
class RedressFacts:
    """What the checks read from a case, as plain values."""

    identity_level: IdentityLevel
    consents: frozenset[ConsentDestination]  # granted now (the latest record says yes)
    on_behalf: bool = False  # someone else filed for the person
    authority: AuthorityStatus | None = None  # None: no authority on file
    removal_proceedings: Answer = Answer.UNKNOWN
    detainer_hold: bool = False
    complaint_types: frozenset[ComplaintType] = field(default_factory=frozenset)


@dataclass(frozen=True)
class RedressCheck:
    """One action's verdict: allowed (with what goes, as message ids) or refused, and why."""

    kind: RedressKind
    allowed: bool
    reason: str | None = None
    sends: tuple[str, ...] = ()


def _refused(kind: RedressKind, reason: str) -> RedressCheck:
    return RedressCheck(kind, False, reason=reason)


def check_redress(kind: RedressKind, facts: RedressFacts) -> RedressCheck:
    """Whether `kind` may be taken on a case with `facts`; the first reason it may not."""
    if kind is RedressKind.PROSECUTORIAL_DISCRETION and facts.removal_proceedings is not Answer.YES:
        return _refused(kind, NOT_IN_PROCEEDINGS)
    if kind is RedressKind.RELEASE_DEMAND and not facts.detainer_hold:
        return _refused(kind, NO_HOLD)
    if (
        kind is RedressKind.REFER_OIDO
        and facts.complaint_types
        and (facts.complaint_types <= RELEASE_OR_BOND)
    ):
        return _refused(kind, OIDO_NOT_FOR_RELEASE)
    anonymous = facts.identity_level is IdentityLevel.ANONYMOUS
    if kind in NAMING_LETTERS and anonymous:
        return _refused(kind, ANONYMOUS_LETTER)
    if kind in NAMING_LETTERS and facts.identity_level is IdentityLevel.CONFIDENTIAL:
        return _refused(kind, CONFIDENTIAL_LETTER)
    destination = REFERRAL_CONSENT.get(kind)
    if destination is not None and destination not in facts.consents and not anonymous:
        return _refused(kind, CONSENT_MISSING[destination])
    if anonymous:
        return RedressCheck(kind, True, sends=(SENDS_ACCOUNT_ONLY,))
    if facts.on_behalf and kind in AGENCY_BOUND and facts.authority is None:
        return _refused(kind, NO_AUTHORITY)
    sends = [SENDS_NAMED if kind in NAMING_LETTERS else SENDS_AS_CONSENTED]
    if facts.on_behalf and kind in AGENCY_BOUND and facts.authority is AuthorityStatus.TO_FOLLOW:
        sends.append(AUTHORITY_FOLLOWS)
    return RedressCheck(kind, True, sends=tuple(sends))


def check_all(facts: RedressFacts) -> list[RedressCheck]:
    """Every redress action's verdict, in the order the case page lists them."""
    return [check_redress(kind, facts) for kind in RedressKind]
