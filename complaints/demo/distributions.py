"""How often each fact occurs in the demo data: the weights and rates the generator draws from."""

from __future__ import annotations

from complaints.rules.contact_safety import CHANNELS, METHODS
from complaints.rules.vocabulary import (
    Channel,
    ConsentDestination,
    ReleaseBasis,
    StopReason,
)
from complaints.rules.workflow import Status

STATUS_WEIGHTS = {
    Status.NEW: 14, Status.TRIAGED: 10, Status.INVESTIGATING: 24, Status.AWAITING_INFORMATION: 8,
    Status.REDRESS: 9, Status.RESOLVED: 13, Status.CLOSED: 17, Status.DUPLICATE: 2,
    Status.WITHDRAWN: 3,
}  # fmt: skip
STOP_WEIGHTS = {
    StopReason.TRAFFIC_STOP: 40, StopReason.CHECKPOINT: 8, StopReason.CALL_FOR_SERVICE: 15,
    StopReason.WARRANT: 10, StopReason.WORKPLACE: 7, StopReason.HOME: 8, StopReason.OTHER: 5,
    StopReason.UNKNOWN: 7,
}  # fmt: skip
# Demo detentions say why the person was free to go; "I don't know" is asked, not generated.
KNOWN_RELEASE_BASES = [
    basis for basis in ReleaseBasis if basis not in (ReleaseBasis.UNKNOWN, ReleaseBasis.DECLINED)
]
CHANNEL_WEIGHTS = {
    Channel.WEB: 78, Channel.PHONE: 12, Channel.PAPER: 3, Channel.IN_PERSON: 2, Channel.PARTNER: 5,
}  # fmt: skip
TABLES = (
    "cases", "case_complaint_types", "people", "filers", "detentions", "charges", "notes",
    "messages", "audit_events", "consents",
)  # fmt: skip
# Consent per destination: the share of people who give each (only given ones are recorded).
CONSENT_RATES = {
    ConsentDestination.CRCL: 0.5, ConsentDestination.OIG: 0.4, ConsentDestination.OIDO: 0.25,
    ConsentDestination.LOCAL_AGENCY: 0.3, ConsentDestination.LAWYER: 0.15,
    ConsentDestination.STATISTICS: 0.7,
}  # fmt: skip
# An anonymous case keeps no name or contact detail (complaints/identity.py).
ANONYMOUS_BLANKS = ("given_name", "family_name", "name_key", "a_number", "phone", "email",
                    "mailing_address", "safe_contact", "best_hours")  # fmt: skip
NOTHING_SAFE = {f"safe_{method}": False for method in METHODS} | {
    f"shared_{channel}": False for channel in CHANNELS
}


def safe_flags(methods: list[str]) -> dict[str, bool]:
    """The people row's safe-contact flags for the ways chosen (nothing shared in demo data)."""
    return NOTHING_SAFE | {f"safe_{method}": True for method in methods}
