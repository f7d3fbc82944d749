"""Files served to staff: always a download, never shown in the browser, never cached.

A file from the public must never run in our origin, so every response says `attachment`,
carries the type sniffed from its bytes at upload (never text/html), forbids type sniffing and
caching, and names the file in plain ASCII plus its real name in RFC 5987 form (raw UTF-8 in a
header is not valid HTTP, and a WSGI server refuses a name outside Latin-1).
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

import sqlalchemy.orm as so
from flask import Response

from complaints.image_metadata import STRIPPABLE_TYPES, strip_metadata
from complaints.models import Attachment, AttachmentContent
from complaints.storage import ALLOWED_TYPES, DEFAULT_BASE_NAME, Vault

# The query `?strip=metadata` asks for the copy without metadata (same URL, same permission).
STRIP_PARAMETER = "strip"
STRIP_VALUE = "metadata"
FALLBACK_TYPE = "application/octet-stream"
# Allowed unquoted in RFC 6266 filename*= (RFC 5987 attr-char, besides letters and digits).
_ATTR_CHARS = "!#$&+-.^_`|~"
_NOT_PLAIN = re.compile(r"[^A-Za-z0-9 ._()+-]+")


def ascii_filename(name: str) -> str:
    """`name` in printable ASCII for clients that ignore `filename*`: accents folded
    ("José" → "Jose"), any other character (quotes, backslashes, other scripts) as "_", an ASCII
    extension kept; a name with no letter or digit left becomes "document" plus its extension."""
    stem, dot, extension = name.rpartition(".")
    if not (dot and extension.isascii() and extension.isalnum()):
        stem, extension = name, ""
    # Accents come apart from their letters under NFKD and are dropped; anything else not ASCII
    # stays visible as "_".
    folded = "".join(
        char for char in unicodedata.normalize("NFKD", stem) if not unicodedata.combining(char)
    )
    plain = _NOT_PLAIN.sub("_", folded).strip(" ._")
    if not any(char.isalnum() for char in plain):
        plain = DEFAULT_BASE_NAME
    return f"{plain}.{extension}" if extension else plain


def content_disposition(name: str) -> str:
    """`attachment` with an ASCII `filename` and the exact UTF-8 name as `filename*`."""
    exact = quote(name, safe=_ATTR_CHARS)
    return f"attachment; filename=\"{ascii_filename(name)}\"; filename*=UTF-8''{exact}"


def served_type(detected_type: str) -> str:
    """The Content-Type to send: the sniffed type when it is one we accept, else a byte stream."""
    return detected_type if detected_type in ALLOWED_TYPES else FALLBACK_TYPE


def file_response(data: bytes, name: str, detected_type: str) -> Response:
    """A response that makes every browser save `data` as `name` and never render or cache it."""
    response = Response(data, mimetype=served_type(detected_type))
    response.headers["Content-Disposition"] = content_disposition(name)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-store"
    return response


def offers_copy_without_metadata(attachment: Attachment) -> bool:
    """True for the images (JPEG, PNG) whose metadata staff can have removed before download."""
    return attachment.detected_type in STRIPPABLE_TYPES


def attachment_bytes(
    session: so.Session, vault: Vault, attachment: Attachment, *, without_metadata: bool
) -> bytes:
    """The decrypted file, re-encoded without metadata when asked.

    Raises ValueError if the content cannot be decrypted, or metadata is asked for and the file
    is not a JPEG or PNG or cannot be decoded as one.
    """
    if without_metadata and not offers_copy_without_metadata(attachment):
        raise ValueError(f"no copy without metadata of {attachment.detected_type}")
    content = session.get(AttachmentContent, attachment.id)
    if content is None:
        raise ValueError("the attachment has no stored content")
    data = vault.decrypt(content.ciphertext)
    return strip_metadata(data, attachment.detected_type) if without_metadata else data
