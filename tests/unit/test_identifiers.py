"""Case references, A-numbers and name keys."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from complaints.rules.identifiers import (
    CROCKFORD_ALPHABET,
    REFERENCE_PATTERN,
    name_key,
    new_reference,
    normalize_a_number,
    normalize_reference,
    random_crockford,
)


def test_new_references_are_readable_and_random() -> None:
    references = {new_reference() for _ in range(2000)}
    assert len(references) == 2000
    assert all(REFERENCE_PATTERN.match(reference) for reference in references)
    assert not any(char in reference for reference in references for char in "ILOU")


def test_every_character_of_a_random_string_is_drawn_evenly() -> None:
    """Each position takes all 32 characters about equally often: every one of the draw's bits
    is used, none twice (a position reading the same bits as another would copy it)."""
    draws = [random_crockford(8) for _ in range(6400)]  # each character ~200 times a position
    for place in range(8):
        counts = Counter(draw[place] for draw in draws)
        assert set(counts) == set(CROCKFORD_ALPHABET)
        assert all(120 < count < 290 for count in counts.values()), counts
    assert sum(draw[0] == draw[1] for draw in draws) < 400  # independent: ~200 by chance


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("SC-7Q4K-M2XD", "SC-7Q4K-M2XD"),
        ("sc 7q4k m2xd", "SC-7Q4K-M2XD"),
        ("7Q4KM2XD", "SC-7Q4K-M2XD"),
        ("SC-7Q4K-M2X0", "SC-7Q4K-M2X0"),
        ("SC-7Q4K-M2XO", "SC-7Q4K-M2X0"),  # letter O read as zero
        ("SC-IQ4K-M2XD", "SC-1Q4K-M2XD"),  # letter I read as one
        ("sc-lq4k-m2xd", "SC-1Q4K-M2XD"),  # letter L read as one
        ("SC-7Q4K-M2X", None),
        ("SC-7Q4K-M2XUU", None),
        ("SC-7Q4K-M2XU", None),  # U is not in the alphabet
        ("", None),
    ],
)
def test_normalize_reference(typed: str, expected: str | None) -> None:
    assert normalize_reference(typed) == expected


@settings(max_examples=200)
@given(st.text(alphabet=CROCKFORD_ALPHABET, min_size=8, max_size=8))
def test_every_reference_normalizes_to_itself(body: str) -> None:
    reference = f"SC-{body[:4]}-{body[4:]}"
    assert normalize_reference(reference) == reference
    assert normalize_reference(reference.lower().replace("-", " ")) == reference


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("A12345678", "012345678"),
        ("A123456789", "123456789"),
        ("a 123-456-789", "123456789"),
        ("123456789", "123456789"),
        ("12345678", "012345678"),
        ("A1234567", None),
        ("A1234567890", None),
        ("B12345678", None),
        ("", None),
    ],
)
def test_normalize_a_number(typed: str, expected: str | None) -> None:
    assert normalize_a_number(typed) == expected


def test_name_key_is_family_first_casefolded_and_accent_free() -> None:
    assert name_key("José", "Hernández") == "hernandez jose"
    assert name_key("  María  ", None) == "maria"
    assert name_key(None, "Nguyễn") == "nguyen"
    assert name_key(None, " ") is None
