"""Staff downloads of attachments: never rendered, never cached, and photos without metadata."""

from __future__ import annotations

import io
import re
from http import HTTPStatus

import pytest
import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import Flask
from PIL import Image
from PIL.ExifTags import IFD

from complaints.casework.downloads import ascii_filename, content_disposition
from complaints.models import Attachment, AttachmentContent, AuditEvent, Case, Detention
from complaints.rules.vocabulary import Answer, IdentityLevel, MessageAuthor, Role
from tests.factories import make_case
from tests.photos import jpeg_with_metadata, png_with_metadata

PDF = b"%PDF-1.4\n%%EOF\n"
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 16
STRIP_LINK = re.compile(r'href="(/staff/cases/[^"]+/attachments/(\d+)\?strip=metadata)"')


def attach(app: Flask, case: Case, name: str, detected_type: str, data: bytes) -> Attachment:
    attachment = Attachment(original_name=name, detected_type=detected_type, size=len(data),
                            sha256="0" * 64, uploaded_by=MessageAuthor.COMPLAINANT)  # fmt: skip
    attachment.content = AttachmentContent(ciphertext=app.extensions["vault"].encrypt(data))
    case.attachments.append(attachment)
    return attachment


def last_event(db: so.Session) -> AuditEvent:
    return db.execute(sa.select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)).scalar_one()


def url(case: Case, attachment: Attachment, query: str = "") -> str:
    return f"/staff/cases/{case.reference}/attachments/{attachment.id}{query}"


@pytest.fixture
def caseworker(signed_in) -> None:
    signed_in(Role.CASEWORKER)


def test_a_download_is_an_attachment_of_its_sniffed_type_never_cached(
    app: Flask, client, db: so.Session, caseworker
) -> None:
    case = make_case(db)
    pdf = attach(app, case, "Aviso de detención — José.pdf", "application/pdf", PDF)
    db.commit()
    response = client.get(url(case, pdf))
    assert response.status_code == HTTPStatus.OK
    assert response.data == PDF
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="Aviso de detencion _ Jose.pdf"; '
        "filename*=UTF-8''Aviso%20de%20detenci%C3%B3n%20%E2%80%94%20Jos%C3%A9.pdf"
    )
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
    event = last_event(db)
    assert (event.action, event.details) == ("attachment.downloaded", {"attachment_id": pdf.id})


def test_a_name_in_another_script_still_downloads(
    app: Flask, client, db: so.Session, caseworker
) -> None:
    case = make_case(db)
    note = attach(app, case, "拘留通知.txt", "text/plain", "他被拘留了".encode())
    db.commit()
    response = client.get(url(case, note))
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    disposition = response.headers["Content-Disposition"]
    assert disposition.isascii()  # raw UTF-8 is not valid in an HTTP header
    assert disposition == (
        'attachment; filename="document.txt"; '
        "filename*=UTF-8''%E6%8B%98%E7%95%99%E9%80%9A%E7%9F%A5.txt"
    )


def test_a_stored_type_we_never_accept_is_sent_as_bytes(
    app: Flask, client, db: so.Session, caseworker
) -> None:
    case = make_case(db)
    forged = attach(app, case, "page.html", "text/html", b"<script>alert(1)</script>")
    db.commit()
    response = client.get(url(case, forged))
    assert response.headers["Content-Type"] == "application/octet-stream"
    assert response.headers["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("scan.pdf", "scan.pdf"),
        ('a"b\\c;d.txt', "a_b_c_d.txt"),
        ("Dr. Smith", "Dr. Smith"),
        ("نموذج.png", "document.png"),
        ("Ñandú (2).jpg", "Nandu (2).jpg"),
    ],
)
def test_ascii_filenames_are_plain_and_keep_the_extension(name: str, expected: str) -> None:
    assert ascii_filename(name) == expected
    assert f'filename="{expected}"' in content_disposition(name)


def test_only_jpeg_and_png_get_a_link_without_metadata(
    app: Flask, client, db: so.Session, caseworker
) -> None:
    case = make_case(db)
    jpeg = attach(app, case, "arrest.jpg", "image/jpeg", jpeg_with_metadata())
    png = attach(app, case, "cell.png", "image/png", png_with_metadata())
    attach(app, case, "notice.pdf", "application/pdf", PDF)
    attach(app, case, "photo.heic", "image/heic", HEIC)
    db.commit()
    page = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    linked = {int(found) for _href, found in STRIP_LINK.findall(page)}
    assert linked == {jpeg.id, png.id}
    assert page.count('without metadata<span class="visually-hidden">: arrest.jpg</span>') == 1


def test_a_jpeg_without_metadata_has_no_gps_and_is_audited(
    app: Flask, client, db: so.Session, caseworker
) -> None:
    case = make_case(db)
    original = jpeg_with_metadata(orientation=6)
    jpeg = attach(app, case, "arrest.jpg", "image/jpeg", original)
    db.commit()
    response = client.get(url(case, jpeg, "?strip=metadata"))
    assert response.status_code == HTTPStatus.OK
    assert response.headers["Content-Type"] == "image/jpeg"
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=\"arrest.jpg\"; filename*=UTF-8''arrest.jpg"
    )
    assert response.headers["Cache-Control"] == "no-store"
    assert b"Exif" not in response.data and b"iPhone" not in response.data
    with Image.open(io.BytesIO(response.data)) as image:
        assert image.getexif().get_ifd(IFD.GPSInfo) == {}
        assert image.size == (32, 64)  # the 64x32 photo, turned upright
    event = last_event(db)
    assert (event.action, event.details) == (
        "attachment.downloaded",
        {"attachment_id": jpeg.id, "metadata": "stripped"},
    )
    # The original is untouched and still available as uploaded.
    assert client.get(url(case, jpeg)).data == original


def test_a_png_without_metadata_has_no_text_chunks(
    app: Flask, client, db: so.Session, caseworker
) -> None:
    case = make_case(db)
    png = attach(app, case, "cell.png", "image/png", png_with_metadata())
    db.commit()
    response = client.get(url(case, png, "?strip=metadata"))
    assert response.headers["Content-Type"] == "image/png"
    assert b"tEXt" not in response.data and b"29.76N" not in response.data
    with Image.open(io.BytesIO(response.data)) as image:
        assert image.text == {} and image.size == (64, 32)


def test_no_copy_without_metadata_of_a_pdf_or_a_broken_image(
    app: Flask, client, db: so.Session, caseworker
) -> None:
    case = make_case(db)
    pdf = attach(app, case, "notice.pdf", "application/pdf", PDF)
    broken = attach(app, case, "cut.jpg", "image/jpeg", jpeg_with_metadata()[:300])
    db.commit()
    before = last_event(db).seq
    assert client.get(url(case, pdf, "?strip=metadata")).status_code == HTTPStatus.NOT_FOUND
    response = client.get(url(case, broken, "?strip=metadata"))
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert last_event(db).seq == before  # nothing was handed out, so nothing is recorded


def test_a_letter_saved_as_text_is_served_the_same_way(app: Flask, client, db, caseworker) -> None:
    # Held on a detainer and agreeing to be named: the release demand is allowed.
    case = make_case(db, identity_level=IdentityLevel.IDENTIFIED)
    case.detention = Detention(detainer_issued=Answer.YES)
    db.commit()
    response = client.get(f"/staff/cases/{case.reference}/letters/release?format=txt")
    assert response.status_code == HTTPStatus.OK
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    name = f"{case.reference}-release.txt"
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=\"{name}\"; filename*=UTF-8''{name}"
    )
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
