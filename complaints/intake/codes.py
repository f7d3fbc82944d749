"""Private follow-up codes: 100 random bits, read aloud in groups, stored only as an HMAC."""

from __future__ import annotations

import hashlib
import hmac

from complaints.rules.identifiers import random_crockford

CODE_CHARACTERS = 20  # 20 Crockford base32 characters carry 100 bits
GROUP = 4
_ALIASES = str.maketrans({"I": "1", "L": "1", "O": "0"})
# Compared against when no case matches, so a wrong reference costs the same time as a wrong code.
_DUMMY_DIGEST = "0" * 64


def new_code() -> str:
    """A fresh code such as `7Q4K-M2XD-3F8H-K9PA-ZT6W`; shown once to the filer, never stored."""
    raw = random_crockford(CODE_CHARACTERS)
    return "-".join(raw[start : start + GROUP] for start in range(0, CODE_CHARACTERS, GROUP))


def normalize_code(typed: str) -> str:
    """The code as typed, without spaces or dashes, upper-case, I/L read as 1 and O as 0."""
    compact = "".join(typed.split()).replace("-", "").upper()
    return compact.translate(_ALIASES)


def code_digest(key: str, code: str) -> str:
    """Keyed hash (HMAC-SHA256, hex) of a code; the only form in which a code is kept."""
    return hmac.new(key.encode(), normalize_code(code).encode(), hashlib.sha256).hexdigest()


def code_matches(key: str, code: str, stored_digest: str | None) -> bool:
    """Constant-time check of a typed code against a stored digest (None: no such case)."""
    expected = stored_digest or _DUMMY_DIGEST
    matches = hmac.compare_digest(code_digest(key, code), expected)
    return matches and stored_digest is not None
