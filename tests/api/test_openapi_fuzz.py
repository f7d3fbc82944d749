"""Schemathesis against /api/v1/openapi.json: every operation, with a valid key, with none and
with a wrong one. No answer may be a 5xx or break what the document promises (status codes,
content types, response schemas, headers)."""

from __future__ import annotations

from collections import Counter

import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.api.partner import auth, new_key

FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
OPERATIONS = 5  # file, read, message, documents, monthly figures
# A body the schema allows may still be refused by the form's rules that join answers (a booking
# before the arrest, contact allowed with no way to contact): 422 there is right, not a failure.
# Every other check runs: no 5xx, documented statuses, content types, headers, response schemas.
ALLOWED_TO_REFUSE = [positive_data_acceptance]


def fuzz_every_operation(app: Flask, headers: dict[str, str]) -> Counter:
    """Run generated requests against each operation; the statuses seen, for the caller."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    seen: Counter = Counter()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == OPERATIONS

    for operation in operations:

        @FUZZ
        @given(case=operation.as_strategy())
        def check(case) -> None:
            response = case.call_and_validate(headers=headers, excluded_checks=ALLOWED_TO_REFUSE)
            seen[response.status_code] += 1

        check()
    return seen


def test_with_a_valid_key_nothing_fails_or_breaks_the_document(app) -> None:
    seen = fuzz_every_operation(app, auth(new_key(app)))
    assert all(status < 500 for status in seen)
    assert seen[200] > 0 and seen[422] > 0  # figures read, bodies refused with field errors


def test_without_a_key_nothing_fails_or_breaks_the_document(app) -> None:
    seen = fuzz_every_operation(app, {})
    assert set(seen) <= {401, 404, 405}


def test_with_a_wrong_key_nothing_fails_or_breaks_the_document(app) -> None:
    seen = fuzz_every_operation(app, auth("pk_0123456789ab.not-the-secret"))
    assert set(seen) <= {401, 404, 405}
