"""The demo generator's shortcuts give exactly what the slow, obvious code gives."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from complaints.audit import GENESIS, event_hash
from complaints.demo.creation_events import creation_hash
from complaints.demo.generator import DemoGenerator
from complaints.rules.identifiers import CROCKFORD_ALPHABET, name_key

HASHES = st.one_of(st.just(GENESIS), st.text("0123456789abcdef", min_size=64, max_size=64))


def generator(seed: int) -> DemoGenerator:
    return DemoGenerator(
        rng=random.Random(seed), jurisdictions=[], staff_ids=[], now=datetime.now(UTC),
        next_ids={}, taken=set(), audit_head=(0, GENESIS),
    )  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(
    prev=HASHES,
    seq=st.integers(min_value=1, max_value=10**12),
    case_id=st.integers(min_value=1, max_value=10**12),
    moment=st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 12, 31)),
    zone=st.sampled_from(("UTC", "America/Chicago", "Asia/Kolkata", "Pacific/Honolulu")),
)
def test_creation_hash_is_the_audit_trails_hash(prev, seq, case_id, moment, zone) -> None:
    at = moment.replace(tzinfo=ZoneInfo(zone))
    expected = event_hash(
        prev, seq=seq, at=at, actor_user_id=None, actor_kind="complainant",
        action="case.created", case_id=case_id, details={"channel": "demo"},
    )  # fmt: skip
    assert creation_hash(prev, seq, at, case_id) == expected


@settings(max_examples=50, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=2**32),
    weights=st.lists(st.integers(min_value=0, max_value=1000), min_size=1, max_size=12).filter(
        lambda weights: sum(weights) > 0
    ),
)
def test_pick_draws_what_random_choices_draws(seed, weights) -> None:
    population = [f"choice {n}" for n in range(len(weights))]
    fast, reference = generator(seed), random.Random(seed)
    for _ in range(200):
        assert fast._pick(population, weights) == reference.choices(population, weights)[0]
    assert fast.rng.getstate() == reference.getstate()  # no draw more, no draw less


def test_name_keys_are_worked_out_as_name_key_does() -> None:
    fast = generator(1)
    for given_name, family_name in [("José", "López"), ("Ｊｏｓｅ", "ŁÓPEZ"), ("José", "López")]:
        assert fast._name_key(given_name, family_name) == name_key(given_name, family_name)


def test_generators_sharing_the_work_never_make_the_same_reference() -> None:
    """Side by side (bench/load.py), each draws only references whose first letter is in its
    share of the alphabet, so two of them can never clash, however many they make."""
    shares = [generator(0), generator(0)]
    for index, one in enumerate(shares):
        one.share(index, 2, random.Random(11))  # the same draws: only the share keeps them apart
    made = [{one._reference() for _ in range(3000)} for one in shares]
    assert not made[0] & made[1]
    assert all(len(references) == 3000 for references in made)
    for index, references in enumerate(made):
        assert {CROCKFORD_ALPHABET.index(ref[3]) % 2 for ref in references} == {index}


def test_a_share_must_split_the_alphabet_evenly() -> None:
    with pytest.raises(ValueError, match="cannot share"):
        generator(0).share(0, 3, random.Random(1))
    with pytest.raises(ValueError, match="cannot share"):
        generator(0).share(2, 2, random.Random(1))
