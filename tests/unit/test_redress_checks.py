"""Which redress actions a case allows: consent per destination, identity, authority, practice."""

from __future__ import annotations

from dataclasses import replace

from complaints.rules import redress_checks as rules
from complaints.rules.redress_checks import RedressFacts, check_all, check_redress
from complaints.rules.vocabulary import (
    Answer,
    AuthorityStatus,
    ComplaintType,
    ConsentDestination,
    IdentityLevel,
    RedressKind,
)

Kind, Dest = RedressKind, ConsentDestination
CONFIDENTIAL = RedressFacts(
    identity_level=IdentityLevel.CONFIDENTIAL,
    consents=frozenset(),
    complaint_types=frozenset({ComplaintType.MISTREATMENT}),
)
REFERRALS = {
    Kind.REFER_CRCL: Dest.CRCL, Kind.REFER_OIG: Dest.OIG, Kind.REFER_OIDO: Dest.OIDO,
    Kind.REFER_LOCAL_AGENCY: Dest.LOCAL_AGENCY, Kind.REFER_PRO_BONO: Dest.LAWYER,
}  # fmt: skip


def test_each_referral_needs_its_own_consent() -> None:
    for kind, destination in REFERRALS.items():
        refused = check_redress(kind, CONFIDENTIAL)
        assert not refused.allowed and refused.reason == rules.CONSENT_MISSING[destination]
        others = frozenset(Dest) - {destination}
        assert not check_redress(kind, replace(CONFIDENTIAL, consents=others)).allowed
        allowed = check_redress(kind, replace(CONFIDENTIAL, consents=frozenset({destination})))
        assert allowed.allowed and allowed.sends == (rules.SENDS_AS_CONSENTED,)


def test_an_identified_case_still_needs_consent_to_refer() -> None:
    identified = replace(CONFIDENTIAL, identity_level=IdentityLevel.IDENTIFIED)
    assert check_redress(Kind.REFER_CRCL, identified).reason == rules.CONSENT_MISSING[Dest.CRCL]


def test_an_anonymous_case_may_be_referred_and_says_what_goes() -> None:
    anonymous = replace(CONFIDENTIAL, identity_level=IdentityLevel.ANONYMOUS, on_behalf=True)
    for kind in REFERRALS:
        verdict = check_redress(kind, anonymous)
        assert verdict.allowed and verdict.sends == (rules.SENDS_ACCOUNT_ONLY,)


def test_letters_naming_the_person_need_them_identified() -> None:
    ready = replace(CONFIDENTIAL, removal_proceedings=Answer.YES, detainer_hold=True)
    for kind in (Kind.PROSECUTORIAL_DISCRETION, Kind.RELEASE_DEMAND):
        assert check_redress(kind, ready).reason == rules.CONFIDENTIAL_LETTER
        anonymous = replace(ready, identity_level=IdentityLevel.ANONYMOUS)
        assert check_redress(kind, anonymous).reason == rules.ANONYMOUS_LETTER
        identified = replace(ready, identity_level=IdentityLevel.IDENTIFIED)
        assert check_redress(kind, identified).sends == (rules.SENDS_NAMED,)


def test_discretion_only_in_removal_proceedings() -> None:
    identified = replace(CONFIDENTIAL, identity_level=IdentityLevel.IDENTIFIED)
    for answer in (Answer.NO, Answer.UNKNOWN, Answer.DECLINED):
        facts = replace(identified, removal_proceedings=answer)
        verdict = check_redress(Kind.PROSECUTORIAL_DISCRETION, facts)
        assert verdict.reason == rules.NOT_IN_PROCEEDINGS
    facts = replace(identified, removal_proceedings=Answer.YES)
    assert check_redress(Kind.PROSECUTORIAL_DISCRETION, facts).allowed


def test_a_release_demand_only_while_a_hold_is_recorded() -> None:
    identified = replace(CONFIDENTIAL, identity_level=IdentityLevel.IDENTIFIED)
    assert check_redress(Kind.RELEASE_DEMAND, identified).reason == rules.NO_HOLD
    held = replace(identified, detainer_hold=True)
    assert check_redress(Kind.RELEASE_DEMAND, held).allowed


def test_no_oido_referral_for_release_or_bond() -> None:
    consenting = replace(CONFIDENTIAL, consents=frozenset({Dest.OIDO}))
    for types in ({ComplaintType.BOND_DENIED},
                  {ComplaintType.BOND_DENIED, ComplaintType.PROLONGED_DETENTION}):  # fmt: skip
        facts = replace(consenting, complaint_types=frozenset(types))
        assert check_redress(Kind.REFER_OIDO, facts).reason == rules.OIDO_NOT_FOR_RELEASE
    # Mistreatment alleged too: the ombudsman may take that part.
    mixed = replace(
        consenting,
        complaint_types=frozenset({ComplaintType.BOND_DENIED, ComplaintType.MISTREATMENT}),
    )
    assert check_redress(Kind.REFER_OIDO, mixed).allowed


def test_on_behalf_filings_need_an_authority_before_an_agency() -> None:
    facts = replace(CONFIDENTIAL, consents=frozenset(Dest), on_behalf=True)
    assert check_redress(Kind.REFER_CRCL, facts).reason == rules.NO_AUTHORITY
    assert check_redress(Kind.REFER_PRO_BONO, facts).allowed  # a lawyer is not an agency
    promised = replace(facts, authority=AuthorityStatus.TO_FOLLOW)
    assert check_redress(Kind.REFER_CRCL, promised).sends == (
        rules.SENDS_AS_CONSENTED, rules.AUTHORITY_FOLLOWS,
    )  # fmt: skip
    uploaded = replace(facts, authority=AuthorityStatus.UPLOADED)
    assert check_redress(Kind.REFER_CRCL, uploaded).sends == (rules.SENDS_AS_CONSENTED,)


def test_check_all_covers_every_action_in_order() -> None:
    assert [check.kind for check in check_all(CONFIDENTIAL)] == list(RedressKind)
