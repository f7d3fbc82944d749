"""The benchmark's own verdict on a submission run's correctness (not its speed): CI's smoke
run fails on it."""

from __future__ import annotations

import pytest

from bench.submit_load import failures

CORRECT = {
    "complaints sent": 192,
    "errors": 0,
    "every acknowledged complaint stored once": True,
    "nothing stored that was not acknowledged": True,
}


def test_a_correct_run_has_no_failures() -> None:
    assert failures(CORRECT) == []


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"errors": 3}, "3 of 192 sends failed"),
        ({"every acknowledged complaint stored once": False}, "not stored exactly once"),
        ({"nothing stored that was not acknowledged": False}, "no filer was told of"),
    ],
)
def test_each_way_of_going_wrong_is_named(change: dict, said: str) -> None:
    found = failures({**CORRECT, **change})
    assert len(found) == 1
    assert said in found[0]


def test_every_failure_is_named_at_once() -> None:
    found = failures(
        {
            **CORRECT,
            "errors": 1,
            "every acknowledged complaint stored once": False,
            "nothing stored that was not acknowledged": False,
        }
    )
    assert len(found) == 3
