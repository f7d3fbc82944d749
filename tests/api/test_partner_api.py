"""The partner API: keys and scopes, filing through the web form's own checks, idempotency,
each partner's own cases only, messages and documents, the monthly figures, problem details."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from complaints.models import Attachment, AuditEvent, Case, Message, PartnerKey
from complaints.rules.vocabulary import Channel, IdentityLevel, MessageAuthor
from tests.api.partner import auth, complaint_body, new_key

PROBLEM = "application/problem+json"
PDF = b"%PDF-1.4\n%%EOF\n"


def file(client, token: str, body=None, **headers):
    return client.post("/api/v1/complaints", json=body or complaint_body(),
                       headers=auth(token, **headers))  # fmt: skip


def cases(db: so.Session) -> list[Case]:
    return list(db.execute(sa.select(Case).order_by(Case.id)).scalars())


def test_a_partner_files_a_complaint_like_the_web_form_would(app, client, db) -> None:
    token = new_key(app)

    response = file(client, token)

    assert response.status_code == 201, response.get_data(as_text=True)
    answer = response.get_json()
    assert answer["reference"].startswith("SC-") and len(answer["followup_code"]) == 24
    assert response.headers["Location"] == f"/api/v1/complaints/{answer['reference']}"
    [case] = cases(db)
    assert case.reference == answer["reference"] and case.channel is Channel.PARTNER
    assert case.language == "es" and case.identity_level is IdentityLevel.CONFIDENTIAL
    assert case.person.a_number == "012345678" and case.person.name_key == "lopez jose"
    assert [c.offence for c in case.charges] == ["Broken tail light"]
    assert case.detention.detainer_issued.value == "yes"
    assert case.urgency.value == answer["urgency"]  # triaged by the same rules
    assert case.partner_id == db.execute(sa.select(PartnerKey.partner_id)).scalar_one()
    assert "Set-Cookie" not in response.headers


def test_answers_the_form_refuses_are_refused_with_a_pointer_to_each(app, client, db) -> None:
    token = new_key(app)
    body = complaint_body(person={"given_name": "José", "a_number": "A12", "email": "nope"})
    body["detention"]["booked_at"] = "2026-11-19T08:00"  # before the arrest
    body["consent"]["contact_methods"] = []  # contact allowed, but no way to contact

    response = file(client, token, body)
    without_consent = file(client, token, {k: v for k, v in body.items() if k != "consent"})

    assert response.status_code == 422 and response.content_type == PROBLEM
    problem = response.get_json()
    pointers = {error["pointer"] for error in problem["errors"]}
    assert pointers == {
        "/person/a_number", "/person/email", "/detention/booked_at", "/consent/contact_methods"
    }  # fmt: skip
    assert problem["status"] == 422 and problem["type"].endswith("#problem-validation")
    assert without_consent.get_json()["errors"][0]["pointer"] == "/consent"
    assert cases(db) == []


def test_the_story_is_its_own_required_section(app, client, db) -> None:
    token = new_key(app)
    body = complaint_body()
    without_story = file(client, token, {k: v for k, v in body.items() if k != "story"})
    blank_story = file(client, token, complaint_body(story={"narrative": "  "}))

    assert without_story.status_code == blank_story.status_code == 422
    assert without_story.get_json()["errors"][0]["pointer"] == "/story"
    assert blank_story.get_json()["errors"][0]["pointer"] == "/story/narrative"
    assert cases(db) == []
    assert file(client, token, body).status_code == 201
    assert cases(db)[0].narrative == body["story"]["narrative"]


def test_a_body_that_breaks_the_schema_gets_field_errors(app, client, db) -> None:
    token = new_key(app)
    body = complaint_body()
    body["what_happened"]["complaint_types"] = ["made_up"]
    body["surprise"] = 1

    response = file(client, token, body)

    assert response.status_code == 422 and response.content_type == PROBLEM
    pointers = {error["pointer"] for error in response.get_json()["errors"]}
    assert "/surprise" in pointers and "/what_happened/complaint_types/0" in pointers
    assert client.post("/api/v1/complaints", data="{", headers=auth(token, **{
        "Content-Type": "application/json"})).status_code in (400, 422)  # fmt: skip
    assert cases(db) == []


def test_the_same_idempotency_key_twice_files_one_case(app, client, db) -> None:
    token = new_key(app)
    first = file(client, token, **{"Idempotency-Key": "call-2291"})
    again = file(client, token, **{"Idempotency-Key": "call-2291"})

    assert first.status_code == again.status_code == 201
    assert again.get_json() == first.get_json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert len(cases(db)) == 1
    other = file(client, token, complaint_body(language="vi"), **{"Idempotency-Key": "call-2291"})
    assert other.status_code == 422 and "another request" in other.get_json()["detail"]
    assert file(client, token, **{"Idempotency-Key": "call-2292"}).status_code == 201
    assert len(cases(db)) == 2


def test_a_partner_reads_only_the_cases_it_filed(app, client, db) -> None:
    mine, theirs = new_key(app, "Hotline A"), new_key(app, "Legal Aid B")
    reference = file(client, mine).get_json()["reference"]

    own = client.get(f"/api/v1/complaints/{reference}", headers=auth(mine))
    other = client.get(f"/api/v1/complaints/{reference}", headers=auth(theirs))

    assert own.status_code == 200
    assert own.get_json()["reference"] == reference and own.get_json()["status"] == "new"
    assert other.status_code == 404 and other.content_type == PROBLEM
    assert client.get("/api/v1/complaints/SC-0000-0000", headers=auth(mine)).status_code == 404
    assert client.get("/api/v1/complaints/nonsense", headers=auth(mine)).status_code == 404
    message = client.post(f"/api/v1/complaints/{reference}/messages", json={"body": "Hi"},
                          headers=auth(theirs))  # fmt: skip
    assert message.status_code == 404 and db.execute(sa.select(Message)).first() is None


def test_messages_both_ways_and_documents(app, client, db) -> None:
    token = new_key(app)
    reference = file(client, token).get_json()["reference"]

    moved = {"body": "He was moved to another jail today."}
    sent = client.post(f"/api/v1/complaints/{reference}/messages", json=moved, headers=auth(token))
    files = client.post(f"/api/v1/complaints/{reference}/documents", headers=auth(token),
                        data={"files": (io.BytesIO(PDF), "detainer.pdf")},
                        content_type="multipart/form-data")  # fmt: skip
    empty = client.post(f"/api/v1/complaints/{reference}/messages", json={"body": "  "},
                        headers=auth(token))  # fmt: skip
    bad_file = client.post(f"/api/v1/complaints/{reference}/documents", headers=auth(token),
                           data={"files": (io.BytesIO(b"MZ\x90\x00"), "run.exe")},
                           content_type="multipart/form-data")  # fmt: skip

    assert sent.status_code == 201 and sent.get_json()["author"] == "complainant"
    assert files.status_code == 201 and files.get_json()["added"] == 1
    assert empty.status_code == 422 and empty.get_json()["errors"][0]["pointer"] == "/body"
    assert bad_file.status_code == 422 and bad_file.content_type == PROBLEM
    case = cases(db)[0]
    assert [m.author for m in case.messages] == [MessageAuthor.COMPLAINANT]
    assert db.execute(sa.select(sa.func.count()).select_from(Attachment)).scalar_one() == 1
    status = client.get(f"/api/v1/complaints/{reference}", headers=auth(token)).get_json()
    assert [m["body"] for m in status["messages"]] == ["He was moved to another jail today."]


def test_keys_need_their_scope_and_every_use_is_audited(app, client, db) -> None:
    reader = new_key(app, "Oversight Board", scopes=("reports:read",))

    refused = file(client, reader)
    report = client.get("/api/v1/reports/monthly?month=2026-10", headers=auth(reader))

    assert refused.status_code == 403 and refused.content_type == PROBLEM
    assert "complaints:create" in refused.get_json()["detail"]
    assert report.status_code == 200 and report.get_json()["month"] == "2026-10"
    assert {table["key"] for table in report.get_json()["tables"]} >= {"summary", "by_state"}
    used = db.execute(
        sa.select(AuditEvent.details).where(AuditEvent.action == "partner_key.used")
    ).scalars().all()  # fmt: skip
    assert [(u["operation"], u["status"]) for u in used] == [
        ("complaints_api.create", 403), ("reports_api.monthly", 200)]  # fmt: skip
    assert cases(db) == []


def test_the_monthly_figures_suppress_small_counts_like_the_exports(app, client, db) -> None:
    token = new_key(app)
    for _ in range(3):
        assert file(client, token).status_code == 201
    month = datetime.now(UTC).strftime("%Y-%m")

    tables = client.get(f"/api/v1/reports/monthly?month={month}", headers=auth(token)).get_json()

    summary = next(t for t in tables["tables"] if t["key"] == "summary")
    assert summary["rows"][0][1] == "<5"  # three cases received: too few to publish
    bad = client.get("/api/v1/reports/monthly?month=2026-13", headers=auth(token))
    assert bad.status_code == 422 and bad.get_json()["errors"][0]["pointer"] == "/month"


def test_missing_wrong_and_revoked_keys_are_refused(app, client, cli, db) -> None:
    token = new_key(app)
    prefix = token.split(".")[0]

    assert file(client, "").status_code == 401
    no_key = client.post("/api/v1/complaints", json=complaint_body())
    assert no_key.status_code == 401 and no_key.headers["WWW-Authenticate"].startswith("Bearer")
    assert file(client, prefix + ".wrong-secret").status_code == 401
    assert file(client, "pk_short.x").status_code == 401
    result = cli.invoke(args=["partners", "revoke", prefix])
    assert result.exit_code == 0, result.output
    assert file(client, token).status_code == 401
    assert cases(db) == []


def test_the_partners_command_creates_lists_and_shows_a_key_once(app, client, cli, db) -> None:
    made = cli.invoke(args=["partners", "create", "Hotline A", "--scope", "complaints:create",
                            "--scope", "complaints:read-own"])  # fmt: skip
    token = made.output.splitlines()[1]
    listed = cli.invoke(args=["partners", "list"])

    assert made.exit_code == 0 and token.startswith("pk_")
    assert token.split(".")[0] in listed.output and token not in listed.output
    key = db.execute(sa.select(PartnerKey)).scalar_one()
    assert token.split(".")[1] not in key.secret_hash
    assert file(client, token).status_code == 201
    wrong = cli.invoke(args=["partners", "create", "X", "--scope", "everything"])
    assert wrong.exit_code != 0 and "everything" in wrong.output


def test_unknown_paths_and_methods_answer_problems_not_html(client) -> None:
    for response in (client.get("/api/v1/nothing"), client.delete("/api/v1/complaints")):
        assert response.content_type == PROBLEM
        assert response.get_json()["status"] in (404, 405)


def test_the_openapi_document_and_its_reference_page(client) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    page = client.get("/api/v1/docs").get_data(as_text=True)

    assert spec["openapi"].startswith("3.") and "/api/v1/complaints" in spec["paths"]
    body = spec["components"]["schemas"]["ComplaintRequest"]
    assert set(body["required"]) == {"story", "who", "what_happened", "consent"}
    assert list(body["properties"])[:3] == ["language", "story", "who"]
    person = spec["components"]["schemas"]["PersonAnswers"]["properties"]
    assert person["given_name"]["maxLength"] == 200
    assert "POST /api/v1/complaints" in page and "Idempotency-Key" in page
    assert 'src="http' not in page and 'href="http' not in page  # nothing from another site


def test_each_operation_needs_its_own_scope(app, client) -> None:
    creator = new_key(app, "Hotline A", scopes=("complaints:create",))
    reader = new_key(app, "Hotline A", scopes=("complaints:read-own",))
    reference = file(client, creator).get_json()["reference"]
    path = f"/api/v1/complaints/{reference}"

    assert client.get(path, headers=auth(creator)).status_code == 403
    assert client.get(path, headers=auth(reader)).status_code == 200  # same partner, other key
    assert client.post(f"{path}/messages", json={"body": "Hi"},
                       headers=auth(reader)).status_code == 403  # fmt: skip
    assert client.get("/api/v1/reports/monthly?month=2026-10",
                      headers=auth(reader)).status_code == 403  # fmt: skip


def test_each_key_has_its_own_rate_limit(app, client) -> None:
    app.config["API_KEY_LIMIT"] = "2 per minute"
    busy, other = new_key(app, "Hotline A"), new_key(app, "Legal Aid B")
    path = "/api/v1/complaints/SC-0000-0000"

    statuses = [client.get(path, headers=auth(busy)).status_code for _ in range(3)]
    limited = client.get(path, headers=auth(busy))

    assert statuses == [404, 404, 429]
    assert limited.content_type == PROBLEM and "Too many" in limited.get_json()["detail"]
    assert client.get(path, headers=auth(other)).status_code == 404
