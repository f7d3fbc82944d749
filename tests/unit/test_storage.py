"""Attachment checks by content, safe names, and encryption at rest."""

from __future__ import annotations

import hashlib
import io
import unicodedata

import pytest
from cryptography.fernet import Fernet
from hypothesis import given, settings
from hypothesis import strategies as st

from complaints.storage import (
    ALLOWED_TYPES,
    MAX_FILE_BYTES,
    MAX_FILES,
    CheckedFile,
    RejectedFile,
    RejectReason,
    Vault,
    check_upload,
    safe_filename,
    sniff_type,
)

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + b"\x00" * 32
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 32


def ftyp(major: bytes, *compatible: bytes, minor: int = 0) -> bytes:
    """An ISO-BMFF `ftyp` box followed by the start of another box."""
    body = major + minor.to_bytes(4, "big") + b"".join(compatible)
    return (8 + len(body)).to_bytes(4, "big") + b"ftyp" + body + b"\x00\x00\x00\x08meta"


HEIC = ftyp(b"heic", b"mif1", b"heic")


def upload(data: bytes, filename: str | None = "file", **kwargs: int) -> CheckedFile:
    return check_upload(filename, io.BytesIO(data), **kwargs)


def rejection(data: bytes, filename: str | None = "file", **kwargs: int) -> RejectedFile:
    with pytest.raises(RejectedFile) as caught:
        upload(data, filename, **kwargs)
    return caught.value


# --- sniff_type -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (PDF, "application/pdf"),
        (JPEG, "image/jpeg"),
        (PNG, "image/png"),
        (HEIC, "image/heic"),
        (ftyp(b"mif1", b"heic"), "image/heic"),
        (ftyp(b"msf1"), "image/heic"),
        (ftyp(b"isom", b"mif1"), "image/heic"),  # HEIF named only as a compatible brand
        (b"I was held three days after my charges were dropped.\n", "text/plain"),
        ("احتجزوني ثلاثة أيام بعد إسقاط التهم.".encode(), "text/plain"),
        ("我在指控撤销后被关押了三天。".encode(), "text/plain"),
        ("Tôi bị giữ ba ngày.\r\n\tTrang 2\f".encode(), "text/plain"),
        (b"\xef\xbb\xbfWith a byte order mark", "text/plain"),
        (b"< 5 days in jail, <3 to my lawyer", "text/plain"),  # a "<" that is not a tag
        (b"", None),
        (b"\xef\xbb\xbf", None),
        (b"\x00\x01%PDF-1.7\n", None),  # strict: no junk before the PDF header
        (b" %PDF-1.7\n", "text/plain"),  # not a PDF, though harmless as text
        (b"%PDF", "text/plain"),
        (b"\xff\xd8", None),
        (PNG[:7], None),
        (EXE, None),
        (ZIP, None),
        (ftyp(b"isom", b"iso2", b"avc1", b"mp41"), None),  # an MP4 video
        (ftyp(b"qt  "), None),
        (HEIC[:15], None),
        (b"\x00\x00\x00\x40ftypheic\x00\x00\x00\x00", None),  # box claims more than the file
        (b"\x00\x00\x00\x0cftypheic\x00\x00\x00\x00", None),  # box too small for its brands
        (b"\x00\x00\x00\x14ftypisom\x00\x00\x00\x00mp41heic", None),  # heic just past the box
        (b"plain text with a NUL \x00 inside", None),
        (b"a bell \x07 rings", None),
        (b"a vertical tab \x0b here", None),
        (b"caf\xe9 in Latin-1", None),  # not UTF-8
        (b"\xc3", None),  # truncated UTF-8
        (b"<!DOCTYPE html><html><body>hi</body></html>", None),
        (b"  \n<HTML><script>alert(1)</script>", None),
        (b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", None),
        (b'<?xml version="1.0"?><svg/>', None),
        (b"<script>alert(1)</script>", None),
        (b"\xef\xbb\xbf\n  <iframe src=x>", None),
        (b"<!-- saved from url --><html>", None),
    ],
)
def test_sniff_type(data: bytes, expected: str | None) -> None:
    assert sniff_type(data) == expected


def test_sniff_type_reads_a_64_bit_ftyp_box_size() -> None:
    body = b"isom" + b"\x00" * 4 + b"mif1"
    box = (1).to_bytes(4, "big") + b"ftyp" + (16 + len(body)).to_bytes(8, "big") + body
    assert sniff_type(box) == "image/heic"


# --- check_upload -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "filename", "detected_type", "original_name"),
    [
        (PDF, "complaint.pdf", "application/pdf", "complaint.pdf"),
        (PDF, "scan.jpg", "application/pdf", "scan.pdf"),  # the bytes decide, not the name
        (JPEG, "IMG_0001.JPEG", "image/jpeg", "IMG_0001.jpg"),
        (PNG, "detainer", "image/png", "detainer.png"),
        (HEIC, "IMG_2044.HEIC", "image/heic", "IMG_2044.heic"),
        ("شكوى".encode(), "شكوى.txt", "text/plain", "شكوى.txt"),
        ("投诉".encode(), None, "text/plain", "document.txt"),
    ],
)
def test_accepts_allowed_types_by_content(
    data: bytes, filename: str | None, detected_type: str, original_name: str
) -> None:
    checked = upload(data, filename)
    assert checked.detected_type == detected_type
    assert checked.original_name == original_name
    assert checked.content == data
    assert checked.size == len(data)


def test_size_and_sha256_are_exact() -> None:
    checked = upload(b"abc", "note.txt")
    assert checked == CheckedFile(
        original_name="note.txt",
        detected_type="text/plain",
        size=3,
        sha256="ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        content=b"abc",
    )
    assert "abc" not in repr(checked)  # content never reaches a log through repr


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (EXE, "report.pdf"),
        (ZIP, "photos.jpg"),
        (b"<html><body>Click here</body></html>", "letter.txt"),
        (b"<svg onload='alert(1)'/>", "map.png"),
        (b"notes \x00 with a NUL", "notes.txt"),
        (ftyp(b"isom", b"mp41"), "video.heic"),
    ],
)
def test_refuses_content_that_is_not_allowed_whatever_the_name(data: bytes, filename: str) -> None:
    error = rejection(data, filename)
    assert error.reason is RejectReason.UNSUPPORTED_TYPE
    assert error.params == {"name": filename}
    assert str(error) == (
        f"{filename} is not a kind of file we accept. "
        "Please send PDF, JPEG, PNG, HEIC or plain text."
    )


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf"])
def test_refuses_an_empty_file(data: bytes) -> None:
    error = rejection(data, "scan.pdf")
    assert error.reason is RejectReason.EMPTY
    assert str(error) == "scan.pdf is empty."


def test_accepts_a_file_of_exactly_the_limit() -> None:
    data = b"%PDF-" + b"0" * (MAX_FILE_BYTES - 5)
    checked = upload(data, "big.pdf")
    assert checked.size == MAX_FILE_BYTES
    assert checked.sha256 == hashlib.sha256(data).hexdigest()


class CountingStream(io.BytesIO):
    """A stream that records how many bytes were read from it."""

    bytes_read = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk


@pytest.mark.parametrize("size", [MAX_FILE_BYTES + 1, 12 * 1024 * 1024])
def test_refuses_a_file_over_the_limit_without_reading_it_all(size: int) -> None:
    stream = CountingStream(b"%PDF-" + b"0" * (size - 5))
    with pytest.raises(RejectedFile) as caught:
        check_upload("../evidence.pdf", stream)
    assert caught.value.reason is RejectReason.TOO_LARGE
    assert caught.value.params == {"name": "evidence.pdf", "limit": 10}
    assert str(caught.value) == "evidence.pdf is larger than 10 MB. Please send a smaller file."
    assert stream.bytes_read == MAX_FILE_BYTES + 1


class ShortReads(io.RawIOBase):
    """A raw stream that returns at most 1000 bytes per read, as sockets and pipes may."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        return self._data.read(min(size, 1000) if size >= 0 else 1000)


def test_reads_a_stream_that_returns_short_reads() -> None:
    data = PDF * 100
    checked = check_upload("scan.pdf", ShortReads(data))  # type: ignore[arg-type]
    assert checked.content == data


@pytest.mark.parametrize(("already_attached", "allowed"), [(0, True), (4, True), (5, False)])
def test_at_most_five_files(already_attached: int, allowed: bool) -> None:
    stream = CountingStream(PDF)
    if allowed:
        assert check_upload("f.pdf", stream, already_attached=already_attached).size == len(PDF)
        return
    with pytest.raises(RejectedFile) as caught:
        check_upload("f.pdf", stream, already_attached=already_attached)
    assert caught.value.reason is RejectReason.TOO_MANY
    assert str(caught.value) == "You can attach at most 5 files."
    assert stream.bytes_read == 0  # counted before anything is read


def test_too_many_is_checked_before_the_content() -> None:
    assert rejection(b"", already_attached=MAX_FILES).reason is RejectReason.TOO_MANY


@settings(max_examples=300)
@given(
    data=st.one_of(
        st.binary(max_size=256),
        st.sampled_from([PDF, JPEG, PNG, HEIC, b"%PDF-", b"\xff\xd8\xff", b"<svg"]).flatmap(
            lambda head: st.binary(max_size=64).map(lambda tail: head + tail)
        ),
        st.text(max_size=100).map(str.encode),
    ),
    filename=st.one_of(st.none(), st.text(max_size=50)),
)
def test_any_upload_is_checked_or_rejected(data: bytes, filename: str | None) -> None:
    try:
        checked = check_upload(filename, io.BytesIO(data))
    except RejectedFile as error:
        assert error.reason in set(RejectReason)
        assert error.message % error.params == str(error)
    else:
        assert checked.detected_type in ALLOWED_TYPES
        assert checked.original_name.endswith(ALLOWED_TYPES[checked.detected_type])


# --- safe_filename ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "detected_type", "expected"),
    [
        ("../../etc/passwd", "text/plain", "passwd.txt"),
        ("C:\\Users\\x\\scan.pdf", "application/pdf", "scan.pdf"),
        ("..\\..\\windows\\system32\\cmd.exe", "image/png", "cmd.png"),
        ("evil\u202efdp.exe", "application/pdf", "evilfdp.pdf"),  # shows as "evilexe.pdf"
        ("scan\x00.exe.pdf", "application/pdf", "scan.exe.pdf"),
        ("zero\u200bwidth.png", "image/png", "zerowidth.png"),
        (".htaccess", "text/plain", "htaccess.txt"),
        ("...hidden.pdf", "application/pdf", "hidden.pdf"),
        ("..pdf", "application/pdf", "document.pdf"),
        ("a" * 300 + ".pdf", "application/pdf", "a" * 100 + ".pdf"),
        ("", "image/jpeg", "document.jpg"),
        ("   \t\n ", "image/jpeg", "document.jpg"),
        ("/", "image/jpeg", "document.jpg"),
        ("\u202e\x00", "image/jpeg", "document.jpg"),
        ("  my   detainer\tletter .pdf", "application/pdf", "my detainer letter.pdf"),
        ("Dr. Smith letter", "application/pdf", "Dr. Smith letter.pdf"),
        ("version 1.2", "text/plain", "version 1.2.txt"),
        ("photo.JPEG", "image/jpeg", "photo.jpg"),
        ("report: draft?.txt", "text/plain", "report_ draft_.txt"),
        ("شكوى الاحتجاز.pdf", "application/pdf", "شكوى الاحتجاز.pdf"),
        ("拘留通知.jpg", "image/jpeg", "拘留通知.jpg"),
        ("Nguye\u0302\u0303n.png", "image/png", "Nguyễn.png"),  # decomposed -> NFC
    ],
)
def test_safe_filename(name: str, detected_type: str, expected: str) -> None:
    assert safe_filename(name, detected_type) == expected


def test_safe_filename_refuses_an_unknown_type() -> None:
    with pytest.raises(ValueError, match="not an allowed attachment type"):
        safe_filename("x.exe", "application/x-msdownload")


@settings(max_examples=500)
@given(name=st.text(max_size=400), detected_type=st.sampled_from(sorted(ALLOWED_TYPES)))
def test_safe_filename_is_always_safe(name: str, detected_type: str) -> None:
    safe = safe_filename(name, detected_type)
    base = safe.removesuffix(ALLOWED_TYPES[detected_type])
    assert base
    assert not base.startswith(".")
    assert len(base) <= 100
    assert not {"/", "\\", "\x00"} & set(safe)
    assert not any(unicodedata.category(char) in {"Cc", "Cf"} for char in safe)
    assert safe == unicodedata.normalize("NFC", safe)


# --- Vault ------------------------------------------------------------------------------------

OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()


def test_vault_round_trip() -> None:
    vault = Vault(NEW_KEY)
    token = vault.encrypt(PDF)
    assert PDF not in token
    assert vault.decrypt(token) == PDF


def test_vault_refuses_a_token_from_another_key() -> None:
    token = Vault(OLD_KEY).encrypt(b"secret")
    with pytest.raises(ValueError, match=r"^cannot decrypt") as caught:
        Vault(NEW_KEY).decrypt(token)
    assert NEW_KEY not in str(caught.value)


def test_vault_refuses_a_damaged_token() -> None:
    vault = Vault(NEW_KEY)
    token = bytearray(vault.encrypt(b"secret"))
    token[40] ^= 1
    with pytest.raises(ValueError, match=r"^cannot decrypt"):
        vault.decrypt(bytes(token))


def test_vault_rotates_to_the_newest_key() -> None:
    old_token = Vault(OLD_KEY).encrypt(b"scan")
    both = Vault(f"{NEW_KEY}, {OLD_KEY}")
    assert both.decrypt(old_token) == b"scan"
    rotated = both.rotate(old_token)
    assert Vault(NEW_KEY).decrypt(rotated) == b"scan"
    with pytest.raises(ValueError, match=r"^cannot decrypt"):
        Vault(OLD_KEY).decrypt(rotated)


def test_vault_encrypts_under_the_newest_key() -> None:
    token = Vault(f"{NEW_KEY},{OLD_KEY}").encrypt(b"scan")
    assert Vault(NEW_KEY).decrypt(token) == b"scan"


def test_vault_rotate_refuses_a_foreign_token() -> None:
    with pytest.raises(ValueError, match=r"^cannot decrypt"):
        Vault(NEW_KEY).rotate(Vault(OLD_KEY).encrypt(b"scan"))


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        ("", "no attachment encryption key given"),
        (" , ", "no attachment encryption key given"),
        ("not-a-key", "key 1 of 1 is not a valid Fernet key"),
        (f"{NEW_KEY},too-short-but-secret", "key 2 of 2 is not a valid Fernet key"),
        ("!!!!" * 11, "key 1 of 1 is not a valid Fernet key"),
    ],
)
def test_vault_refuses_an_invalid_key(keys: str, message: str) -> None:
    with pytest.raises(ValueError, match=message) as caught:
        Vault(keys)
    assert "too-short-but-secret" not in str(caught.value)
    assert caught.value.__cause__ is None
