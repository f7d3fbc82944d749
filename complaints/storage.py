"""Attachments: check an upload by its content, give it a safe name, and encrypt it at rest.

No Flask and no database here: the intake form, the follow-up page and the staff pages call
`check_upload`, then store the `CheckedFile` metadata in `attachments` and `Vault.encrypt(content)`
in `attachment_contents` (DESIGN §4, §9). The type comes from the bytes, never from the name or
the browser, and the name shown to staff is rebuilt to end with the extension of that type.
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from typing import BinaryIO

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

MAX_FILES = 5
MAX_FILE_BYTES = 10 * 1024 * 1024

ALLOWED_TYPES: dict[str, str] = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/heic": ".heic",
    "text/plain": ".txt",
}

MAX_BASE_NAME = 100
DEFAULT_BASE_NAME = "document"


def _(message: str) -> str:
    """Mark a message for Babel extraction; the web layer translates it when showing it."""
    return message


TOO_MANY_MESSAGE = _("You can attach at most %(limit)s files.")
EMPTY_MESSAGE = _("%(name)s is empty.")
TOO_LARGE_MESSAGE = _("%(name)s is larger than %(limit)s MB. Please send a smaller file.")
UNSUPPORTED_MESSAGE = _(
    "%(name)s is not a kind of file we accept. Please send PDF, JPEG, PNG, HEIC or plain text."
)


class RejectReason(StrEnum):
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    UNSUPPORTED_TYPE = "unsupported_type"
    TOO_MANY = "too_many"


class RejectedFile(ValueError):
    """Why a file was refused.

    `reason` is a RejectReason; `message` is the untranslated English message id and `params` its
    placeholders, so the web layer shows `gettext(error.message) % error.params`.
    """

    def __init__(self, reason: RejectReason, message: str, **params: str | int) -> None:
        self.reason = reason
        self.message = message
        self.params = params
        super().__init__(message % params)


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed every check, ready to store."""

    original_name: str  # safe display name, see safe_filename
    detected_type: str  # a key of ALLOWED_TYPES
    size: int
    sha256: str  # hex digest of the plaintext
    content: bytes = field(repr=False)  # plaintext; kept out of repr so it never reaches a log


# --- Content sniffing -------------------------------------------------------------------------

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_HEIC_BRANDS = frozenset({b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"})
_UTF8_BOM = b"\xef\xbb\xbf"
# C0 controls other than tab, LF, form feed and CR. In UTF-8 these bytes never occur inside a
# multi-byte character, so a byte search finds exactly the forbidden characters.
_FORBIDDEN_CONTROLS = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f]")
# Text a browser could render as a page or image: <!doctype, <html, <svg, <?xml, <script, and
# any other tag, comment or processing instruction at the start (<iframe, <body, <!--, ...).
_MARKUP_START = re.compile(r"<[!?/a-zA-Z]")


def _is_heic(data: bytes) -> bool:
    """True when `data` opens with an ISO-BMFF `ftyp` box naming a HEIC/HEIF brand."""
    if len(data) < 16 or data[4:8] != b"ftyp":
        return False
    size = int.from_bytes(data[0:4], "big")
    header = 8
    if size == 1:  # a 64-bit "largesize" follows the box type
        size = int.from_bytes(data[8:16], "big")
        header = 16
    elif size == 0:  # the box runs to the end of the file
        size = len(data)
    # Major brand and minor version must fit; a box claiming more bytes than the file is damaged.
    if size < header + 8 or size > len(data):
        return False
    major = data[header : header + 4]
    compatible = (data[i : i + 4] for i in range(header + 8, size - 3, 4))
    return major in _HEIC_BRANDS or any(brand in _HEIC_BRANDS for brand in compatible)


def _is_plain_text(data: bytes) -> bool:
    """True for UTF-8 text without control characters that does not start like markup."""
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
    if not data or _FORBIDDEN_CONTROLS.search(data):
        return False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not _MARKUP_START.match(text.lstrip())


def sniff_type(data: bytes) -> str | None:
    """Return the MIME type (a key of ALLOWED_TYPES) that the bytes of `data` show, or None.

    Judged by content only, never by name: PDF must start with `%PDF-` (no leading junk), JPEG
    with FF D8 FF, PNG with its 8-byte signature; HEIC is an `ftyp` box with a HEIC/HEIF major or
    compatible brand; plain text is valid UTF-8 (a BOM allowed) with no control characters other
    than tab, LF, CR and form feed, and not starting like HTML, SVG or XML. Empty data is None.
    """
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(_PNG_SIGNATURE):
        return "image/png"
    if _is_heic(data):
        return "image/heic"
    if _is_plain_text(data):
        return "text/plain"
    return None


# --- Names ------------------------------------------------------------------------------------

# Characters Windows refuses in file names; replaced so a download saves under the shown name.
_WINDOWS_RESERVED = str.maketrans(dict.fromkeys('<>:"|?*', "_"))
# A trailing extension: a dot and 1-5 letters or digits, at least one a letter, so "Dr. Smith"
# or "version 1.2" keep their dots.
_EXTENSION = re.compile(r"\.(?=[0-9]*[A-Za-z])[A-Za-z0-9]{1,5}$")
# Cc: controls such as NUL; Cf: format characters such as U+202E, which can make "evil\u202efdp.exe"
# display as "evilexe.pdf"; Cs: lone surrogates, which cannot be stored as UTF-8.
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})


def _clean_name(name: str | None) -> str:
    """Last path component of `name`, without invisible characters and extra whitespace."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    # Tabs and newlines are controls too, but they separate words: keep them as spaces.
    name = "".join(
        " " if c.isspace() else c
        for c in name
        if c.isspace() or unicodedata.category(c) not in _DROPPED_CATEGORIES
    )
    name = unicodedata.normalize("NFC", name).translate(_WINDOWS_RESERVED)
    return " ".join(name.split())


def safe_filename(name: str, detected_type: str) -> str:
    """Return a display and download name for an upload of `detected_type` called `name`.

    Keeps the last path component (of / or \\ paths), normalised to NFC, without control or format
    characters (NUL, bidi overrides), with whitespace collapsed, leading dots stripped and the base
    cut to 100 characters; an empty base becomes "document". The person's extension, if any, is
    replaced by the detected type's (`scan.jpg` holding a PDF becomes `scan.pdf`). Any script
    survives. Raises ValueError if `detected_type` is not in ALLOWED_TYPES.
    """
    try:
        extension = ALLOWED_TYPES[detected_type]
    except KeyError:
        raise ValueError(f"not an allowed attachment type: {detected_type!r}") from None
    base = _EXTENSION.sub("", _clean_name(name))
    # Leading dots would hide the file on Unix; trailing dots and spaces are dropped by Windows.
    base = base.lstrip(". ")[:MAX_BASE_NAME].rstrip(". ")
    return (base or DEFAULT_BASE_NAME) + extension


# --- Upload checks ----------------------------------------------------------------------------


def _read_at_most(stream: BinaryIO, limit: int) -> bytes:
    """Read up to `limit` bytes; loops because a raw stream may return short reads before EOF."""
    chunks: list[bytes] = []
    remaining = limit
    while remaining > 0:
        chunk = stream.read(min(remaining, 1024 * 1024))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def check_upload(
    filename: str | None, stream: BinaryIO, *, already_attached: int = 0
) -> CheckedFile:
    """Check one uploaded file and return it with its safe name, detected type, size and hash.

    `filename` is the name the browser sent (untrusted, may be None); `stream` is read for at most
    MAX_FILE_BYTES + 1 bytes, so an oversized upload is never read whole; `already_attached` is
    how many files the case or submission holds already.

    Raises RejectedFile with reason TOO_MANY (already MAX_FILES files; checked before reading),
    EMPTY (no bytes), TOO_LARGE (over MAX_FILE_BYTES) or UNSUPPORTED_TYPE (content is none of
    ALLOWED_TYPES, whatever the name says).
    """
    if already_attached >= MAX_FILES:
        raise RejectedFile(RejectReason.TOO_MANY, TOO_MANY_MESSAGE, limit=MAX_FILES)
    # Messages name the file as the person called it, extension included, so they recognise it.
    shown_name = _clean_name(filename) or DEFAULT_BASE_NAME
    data = _read_at_most(stream, MAX_FILE_BYTES + 1)
    if not data or data == _UTF8_BOM:
        raise RejectedFile(RejectReason.EMPTY, EMPTY_MESSAGE, name=shown_name)
    if len(data) > MAX_FILE_BYTES:
        raise RejectedFile(
            RejectReason.TOO_LARGE,
            TOO_LARGE_MESSAGE,
            name=shown_name,
            limit=MAX_FILE_BYTES // (1024 * 1024),
        )
    detected_type = sniff_type(data)
    if detected_type is None:
        raise RejectedFile(RejectReason.UNSUPPORTED_TYPE, UNSUPPORTED_MESSAGE, name=shown_name)
    return CheckedFile(
        original_name=safe_filename(filename or "", detected_type),
        detected_type=detected_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        content=data,
    )


# --- Encryption at rest -----------------------------------------------------------------------


class Vault:
    """Encrypts data at rest (attachments, drafts, authenticator secrets) with Fernet
    (AES-128-CBC and HMAC-SHA256).

    Several keys, newest first, let keys be rotated: new content is encrypted with the first key,
    content under any listed key can be read, and `rotate` moves old content to the newest key.
    """

    def __init__(self, keys: str) -> None:
        """Build from comma-separated Fernet keys, newest first, e.g. "new-key,old-key".

        Raises ValueError naming the position (never the value) of an invalid key, or when no key
        is given.
        """
        parts = [part.strip() for part in keys.split(",") if part.strip()]
        if not parts:
            raise ValueError(
                "no attachment encryption key given; generate one with "
                "cryptography.fernet.Fernet.generate_key()"
            )
        fernets = []
        for position, key in enumerate(parts, start=1):
            try:
                fernets.append(Fernet(key))
            except ValueError:  # includes binascii.Error for bad base64
                # `from None`: the original traceback is not needed and must not carry the key.
                raise ValueError(
                    f"attachment encryption key {position} of {len(parts)} is not a valid Fernet "
                    "key (32 url-safe base64-encoded bytes)"
                ) from None
        self._newest = fernets[0]
        self._fernet = MultiFernet(fernets)

    def encrypt(self, data: bytes) -> bytes:
        """Return `data` encrypted under the newest key (a Fernet token, also authenticated)."""
        return self._fernet.encrypt(data)

    def decrypt(self, token: bytes) -> bytes:
        """Return the plaintext of `token`; raises ValueError if no key opens it or it changed."""
        try:
            return self._fernet.decrypt(token)
        except InvalidToken:
            raise ValueError("cannot decrypt attachment: wrong key or damaged data") from None

    def rotate(self, token: bytes) -> bytes:
        """Return `token` re-encrypted under the newest key; raises ValueError like `decrypt`."""
        try:
            return self._fernet.rotate(token)
        except InvalidToken:
            raise ValueError("cannot decrypt attachment: wrong key or damaged data") from None

    def is_current(self, token: bytes) -> bool:
        """True when the newest key opens `token`, so rotating it would change nothing."""
        try:
            self._newest.decrypt(token)
        except InvalidToken:
            return False
        return True
