"""A stored case's facts, read into the pure redress checks (complaints/rules/redress_checks.py).

Used by `service.record_redress`, by the letters and by the case page, so all three refuse the
same actions for the same reasons.
"""

from __future__ import annotations

from complaints.consents import granted
from complaints.models import Case
from complaints.rules.redress_checks import RedressCheck, RedressFacts, check_all, check_redress
from complaints.rules.vocabulary import Answer, FilerRelationship, RedressKind


def redress_facts_for(case: Case) -> RedressFacts:
    filer, detention = case.filer, case.detention
    on_behalf = filer is not None and filer.relationship is not FilerRelationship.SELF
    return RedressFacts(
        identity_level=case.identity_level,
        consents=granted(case),
        on_behalf=on_behalf,
        authority=filer.authority_status if on_behalf and filer.authority else None,
        removal_proceedings=case.removal_proceedings,
        # A hold is on record while a detainer is and no release or hand-over is.
        detainer_hold=bool(
            detention and detention.detainer_issued is Answer.YES and detention.released_at is None
        ),
        complaint_types=frozenset(case.types),
    )


def check_case(case: Case, kind: RedressKind) -> RedressCheck:
    return check_redress(kind, redress_facts_for(case))


def checks_for(case: Case) -> list[RedressCheck]:
    return check_all(redress_facts_for(case))
