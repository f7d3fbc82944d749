"""What the case page shows about safety and consent, and which redress actions it offers."""

from __future__ import annotations

from dataclasses import dataclass

from complaints import labels
from complaints.casework.redress_facts import checks_for
from complaints.casework.safety_forms import (
    NONE,
    AuthorityForm,
    IdentityLevelForm,
    RemovalProceedingsForm,
    SafeContactForm,
    SplitForm,
    StaffConsentForm,
)
from complaints.catalog import lazy_gettext as _l
from complaints.consents import in_force
from complaints.models import Case, Consent
from complaints.rules.contact_safety import SafeContact
from complaints.rules.redress_checks import RedressCheck
from complaints.rules.vocabulary import ConsentDestination, FilerRelationship, RedressKind

LETTER_ACTIONS = {
    "discretion": RedressKind.PROSECUTORIAL_DISCRETION,
    "release": RedressKind.RELEASE_DEMAND,
}


@dataclass(frozen=True)
class ConsentRow:
    destination: ConsentDestination
    latest: Consent | None  # None: never asked or recorded


def _safe_contact_form(case: Case) -> SafeContactForm:
    safe = case.person.contact_safety if case.person else SafeContact()
    return SafeContactForm(formdata=None, safe_methods=safe.methods, safe_shared=safe.shared,
                           safe_hours=safe.best_hours,
                           safe_instructions=safe.instructions)  # fmt: skip


def default_forms(case: Case) -> dict[str, object]:
    filer = case.filer
    return {
        "identity_form": IdentityLevelForm(formdata=None, identity_level=case.identity_level.value),
        "staff_consent_form": StaffConsentForm(formdata=None),
        "safe_contact_form": _safe_contact_form(case),
        "authority_form": AuthorityForm(
            formdata=None,
            authority=filer.authority.value if filer and filer.authority else NONE,
            authority_status=filer.authority_status.value
            if filer and filer.authority_status
            else "",
            authority_file=str(filer.authority_attachment_id or "") if filer else "",
        ),
        "removal_form": RemovalProceedingsForm(
            formdata=None, removal_proceedings=case.removal_proceedings.value
        ),
        "split_form": SplitForm(formdata=None),
    }


def safety_context(case: Case, context: dict[str, object]) -> dict[str, object]:
    """The page's safety and redress values; offers only the redress actions the checks allow.

    `context` holds the forms the page will show (a refused entry comes back in its own form).
    """
    checks = checks_for(case)
    allowed = {check.kind for check in checks if check.allowed}
    redress_form = context["redress_form"]
    offered = [kind for kind in labels.REDRESS_KINDS if kind in allowed]
    redress_form.kind.choices = labels.choices(labels.REDRESS_KINDS, only=offered)
    authority_form = context["authority_form"]
    authority_form.authority_file.choices = labels.options(
        [("", _l("Not among the files")), *((str(a.id), a.original_name) for a in case.attachments)]
    )
    current = in_force(case)
    by_kind: dict[RedressKind, RedressCheck] = {check.kind: check for check in checks}
    return {
        "redress_checks": checks,
        "letter_checks": {name: by_kind[kind] for name, kind in LETTER_ACTIONS.items()},
        "consent_rows": [ConsentRow(dest, current.get(dest)) for dest in ConsentDestination],
        "on_behalf": bool(case.filer and case.filer.relationship is not FilerRelationship.SELF),
    }
