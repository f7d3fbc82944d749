"""Documents on the public form: type by content, size and count limits, kept between pages."""

from __future__ import annotations

import io
from http import HTTPStatus

import sqlalchemy as sa
import sqlalchemy.orm as so
from werkzeug.test import EnvironBuilder

from complaints.models import Attachment, AttachmentContent, Case, DraftFile
from tests.web.filing import errors_on, fill_form, submit, token

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def upload(client, *files: tuple[bytes, str], action: str = "upload"):
    """POST files like a browser. The encoded body is closed here: Werkzeug's test client
    spools big bodies to a temporary file that it never closes itself."""
    builder = EnvironBuilder(
        path="/file/documents",
        method="POST",
        data={
            "csrf_token": token(client, "/file/documents"),
            "action": action,
            "files": [(io.BytesIO(content), name) for content, name in files],
        },
        content_type="multipart/form-data",
    )
    environ = builder.get_environ()
    try:
        return client.open(environ)
    finally:
        environ["wsgi.input"].close()
        builder.close()


def draft_files(db: so.Session) -> list[tuple[str, str, int]]:
    rows = db.execute(sa.select(DraftFile).order_by(DraftFile.id)).scalars()
    return [(row.original_name, row.detected_type, row.size) for row in rows]


def test_files_are_checked_by_content_and_kept(client, db: so.Session) -> None:
    response = upload(client, (PDF, "detainer.pdf"), (PNG, "booking photo.jpg"))
    assert response.status_code == HTTPStatus.FOUND
    assert draft_files(db) == [
        ("detainer.pdf", "application/pdf", len(PDF)),
        ("booking photo.png", "image/png", len(PNG)),  # named by what it is, not what it claimed
    ]
    page = client.get("/file/documents").get_data(as_text=True)
    assert "detainer.pdf" in page and "booking photo.png" in page


def test_an_exe_renamed_pdf_is_refused_with_its_name(client, db: so.Session) -> None:
    response = upload(client, (EXE, "report.pdf"), (PDF, "detainer.pdf"))
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert errors_on(response.get_data(as_text=True)) == [
        "report.pdf is not a kind of file we accept. "
        "Please send PDF, JPEG, PNG, HEIC or plain text."
    ]
    assert [name for name, _type, _size in draft_files(db)] == ["detainer.pdf"]


def test_a_12_mb_file_is_refused(client, db: so.Session) -> None:
    big = PDF + b"0" * (12 * 1024 * 1024)
    response = upload(client, (big, "scan.pdf"))
    assert errors_on(response.get_data(as_text=True)) == [
        "scan.pdf is larger than 10 MB. Please send a smaller file."
    ]
    assert draft_files(db) == []


def test_a_sixth_file_is_refused(client, db: so.Session) -> None:
    upload(client, *[(PDF, f"page{n}.pdf") for n in range(1, 6)])
    response = upload(client, (PDF, "page6.pdf"))
    assert errors_on(response.get_data(as_text=True)) == ["You can attach at most 5 files."]
    assert len(draft_files(db)) == 5
    assert "You have added the most files allowed (5)." in client.get("/file/documents").get_data(
        as_text=True
    )


def test_a_request_over_the_size_limit_explains_itself(app, client, db: so.Session) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024
    response = upload(client, (PDF + b"0" * (100 * 1024), "huge.pdf"))
    assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    assert errors_on(response.get_data(as_text=True)) == [
        "These files add up to more than 50 MB. Add them a few at a time."
    ]


def test_a_file_can_be_removed(client, db: so.Session) -> None:
    upload(client, (PDF, "wrong.pdf"), (PDF, "right.pdf"))
    wrong_id = db.execute(
        sa.select(DraftFile.id).where(DraftFile.original_name == "wrong.pdf")
    ).scalar_one()
    response = client.post(
        "/file/documents",
        data={"csrf_token": token(client, "/file/documents"), "action": f"remove-{wrong_id}"},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert [name for name, _type, _size in draft_files(db)] == ["right.pdf"]


def test_files_are_encrypted_at_rest_and_attached_on_submission(
    app, client, db: so.Session
) -> None:
    fill_form(client)
    upload(client, (PDF, "detainer.pdf"))
    stored = db.execute(sa.select(DraftFile.ciphertext)).scalar_one()
    assert b"%PDF" not in stored
    submit(client)
    case = db.execute(sa.select(Case)).scalar_one()
    [attachment] = case.attachments
    assert (attachment.original_name, attachment.detected_type) == (
        "detainer.pdf",
        "application/pdf",
    )
    content = db.execute(sa.select(AttachmentContent.ciphertext)).scalar_one()
    assert app.extensions["vault"].decrypt(content) == PDF
    assert db.execute(sa.select(sa.func.count()).select_from(DraftFile)).scalar_one() == 0
    assert db.execute(sa.select(sa.func.count()).select_from(Attachment)).scalar_one() == 1


def test_continue_with_a_file_goes_to_the_next_step(client, db: so.Session) -> None:
    response = upload(client, (PDF, "detainer.pdf"), action="continue")
    assert response.headers["Location"] == "/file/consent"
    assert len(draft_files(db)) == 1
