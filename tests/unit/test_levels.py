"""Morton-memo enforcement levels: every boundary of the memo's counts."""

from dataclasses import FrozenInstanceError

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from complaints.rules.levels import Conviction, Level, enforcement_level

LONG = Conviction(punishable_over_one_year=True)
SHORT = Conviction(punishable_over_one_year=False)
AGGRAVATED = Conviction(punishable_over_one_year=True, aggravated_felony=True)
# Some aggravated felonies under the INA carry a year or less; the label alone decides Level 1.
SHORT_AGGRAVATED = Conviction(punishable_over_one_year=False, aggravated_felony=True)


@pytest.mark.parametrize(
    ("convictions", "expected"),
    [
        pytest.param((), Level.NON_CRIMINAL, id="no conviction"),
        pytest.param((SHORT,), Level.LEVEL_3, id="one short"),
        pytest.param((SHORT, SHORT), Level.LEVEL_3, id="two short"),
        pytest.param((SHORT, SHORT, SHORT), Level.LEVEL_2, id="three short"),
        pytest.param((SHORT,) * 4, Level.LEVEL_2, id="four short"),
        pytest.param((LONG,), Level.LEVEL_2, id="one long"),
        pytest.param((LONG, SHORT), Level.LEVEL_2, id="one long, one short"),
        pytest.param((SHORT, LONG, SHORT, SHORT), Level.LEVEL_2, id="one long, three short"),
        pytest.param((LONG, LONG), Level.LEVEL_1, id="two long"),
        pytest.param((LONG, LONG, LONG), Level.LEVEL_1, id="three long"),
        pytest.param((SHORT, LONG, SHORT, LONG), Level.LEVEL_1, id="two long among short"),
        pytest.param((AGGRAVATED,), Level.LEVEL_1, id="aggravated felony alone"),
        pytest.param((SHORT_AGGRAVATED,), Level.LEVEL_1, id="aggravated felony, short"),
        pytest.param((SHORT, SHORT, AGGRAVATED), Level.LEVEL_1, id="aggravated among short"),
    ],
)
def test_enforcement_level(convictions: tuple[Conviction, ...], expected: Level) -> None:
    assert enforcement_level(convictions) is expected


def test_enforcement_level_accepts_a_one_shot_iterable() -> None:
    assert enforcement_level(c for c in (LONG, LONG)) is Level.LEVEL_1


def test_conviction_is_frozen_and_hashable() -> None:
    with pytest.raises(FrozenInstanceError):
        LONG.aggravated_felony = True  # type: ignore[misc]
    assert {SHORT, Conviction(punishable_over_one_year=False)} == {SHORT}


# Most serious first, as the memo ranks them.
SEVERITY = [Level.LEVEL_1, Level.LEVEL_2, Level.LEVEL_3, Level.NON_CRIMINAL]
convictions = st.builds(Conviction, st.booleans(), st.booleans())


@settings(max_examples=200, deadline=None)
@given(st.lists(convictions, max_size=6), convictions)
def test_another_conviction_never_lowers_the_level(
    record: list[Conviction], extra: Conviction
) -> None:
    before = SEVERITY.index(enforcement_level(record))
    after = SEVERITY.index(enforcement_level([*record, extra]))
    assert after <= before


@settings(max_examples=200, deadline=None)
@given(st.lists(convictions, max_size=6))
def test_order_of_convictions_does_not_matter(record: list[Conviction]) -> None:
    assert enforcement_level(record) is enforcement_level(reversed(record))
