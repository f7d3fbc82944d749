"""Which of the draft's files is the authority to act for the person (signed consent, G-28 or
ICE Form 60-001), asked on the Documents step when the filer said they would upload it there.

The answer is kept in the draft beside the steps' answers (answers.AUTHORITY_FILE), as typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from werkzeug.datastructures import MultiDict

from complaints import labels
from complaints.intake import drafts
from complaints.intake.answers import AUTHORITY_FILE
from complaints.models import Draft, DraftFile
from complaints.rules.vocabulary import AuthorityKind, AuthorityStatus
from complaints.storage import Vault

FIELD = "authority_file"
NOT_YET = "not_yet"


@dataclass(frozen=True)
class AuthorityQuestion:
    kind_label: object  # a lazy string: "Form G-28 (...)"
    files: list[DraftFile]
    chosen: str  # a file id as text, NOT_YET, or ""

    @property
    def chosen_file(self) -> DraftFile | None:
        return next((file for file in self.files if str(file.id) == self.chosen), None)


def question(draft: Draft | None, answers: drafts.Answers) -> AuthorityQuestion | None:
    """The question, when someone filing for another said they would upload the authority."""
    who = answers.get("who", {})
    kind = (who.get("authority") or [""])[0]
    delivery = (who.get("authority_delivery") or [""])[0]
    filing_for = (who.get("filing_for") or [""])[0]
    if filing_for != "someone_else" or delivery != AuthorityStatus.UPLOADED:
        return None
    if kind not in AuthorityKind._value2member_map_:
        return None
    chosen = (answers.get(AUTHORITY_FILE, {}).get("file") or [""])[0]
    files = list(draft.files) if draft else []
    return AuthorityQuestion(labels.AUTHORITIES[AuthorityKind(kind)], files, chosen)


def keep_choice(draft: Draft, vault: Vault, formdata: MultiDict, now: datetime) -> None:
    """Save the choice sent with the Documents page, if the page asked for one."""
    if FIELD in formdata:
        drafts.save_step(draft, vault, AUTHORITY_FILE, {"file": [formdata[FIELD]]}, now)
