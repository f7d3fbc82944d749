"""Time-based one-time codes (RFC 6238) for staff sign-in, with reuse refused."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime, timedelta

import pyotp
import segno

ISSUER = "Complaint intake"
STEP = timedelta(seconds=30)
# One step either side: phone clocks drift, and a code typed at :29 arrives at :31.
DRIFT_STEPS = 1


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str, issuer: str = ISSUER) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=issuer)


def qr_svg(uri: str, title: str) -> bytes:
    """The enrolment QR code as a standalone SVG document, drawn on the server."""
    buffer = io.BytesIO()
    segno.make(uri, error="m").save(buffer, kind="svg", scale=5, border=4, title=title)
    return buffer.getvalue()


def readable_secret(secret: str) -> str:
    """The secret in groups of four, for typing into an app by hand."""
    return " ".join(secret[start : start + 4] for start in range(0, len(secret), 4))


@dataclass(frozen=True)
class Accepted:
    step: int  # the time step the code belongs to; store it so the code cannot be used again


def check_code(secret: str, code: str, now: datetime, last_step: int | None) -> Accepted | None:
    """The accepted step when `code` is valid at `now` (± one step) and newer than `last_step`.

    Returns None for a wrong code and for a code already used (same or earlier step).
    """
    digits = "".join(code.split())
    if not (digits.isdigit() and len(digits) == 6):
        return None
    totp = pyotp.TOTP(secret)
    for offset in range(-DRIFT_STEPS, DRIFT_STEPS + 1):
        moment = now + offset * STEP
        if pyotp.utils.strings_equal(totp.at(moment), digits):
            step = totp.timecode(moment)
            if last_step is not None and step <= last_step:
                return None
            return Accepted(step)
    return None
