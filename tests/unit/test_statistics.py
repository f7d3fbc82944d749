"""Report statistics: expected values are worked out by hand and written as literals."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from complaints.rules.statistics import (
    RateComparison,
    compare_rate,
    median,
    percentile,
    wilson_interval,
)

# Wilson interval with z = 1.96 (z² = 3.8416), for n = 10: z²/n = 0.38416, scale = 1.38416.
#   0/10:  low 0; high = 2·(z²/2n)/scale = 0.38416 / 1.38416 = 0.27754
#   10/10: low = 1 / 1.38416 = 0.72246; high 1
#   5/10:  centre 0.5; half = 1.96·sqrt(0.25/10 + 3.8416/400) / 1.38416
#                           = 1.96·sqrt(0.034604) / 1.38416 = 0.26341 → 0.23659, 0.76341


@pytest.mark.parametrize(
    ("values", "expected"),
    [([], None), ([5], 5.0), ([1, 3], 2.0), ([3, 1, 2], 2.0), ([4, 1, 3, 2], 2.5)],
)
def test_median(values, expected):
    assert median(values) == expected


def test_median_accepts_any_iterable_and_returns_a_float():
    result = median(day for day in (7, 1, 4))
    assert result == 4.0
    assert isinstance(result, float)


def test_median_refuses_nan():
    with pytest.raises(ValueError, match="NaN"):
        median([1.0, math.nan, 2.0])


def test_percentile_90_of_one_to_ten_interpolates_between_ranks():
    # rank = 0.9 · 9 = 8.1: a tenth of the way from 9 (rank 8) to 10 (rank 9).
    assert percentile(range(1, 11), 90) == pytest.approx(9.1, abs=1e-12)


@pytest.mark.parametrize(("p", "expected"), [(0, 1.0), (50, 5.5), (100, 10.0), (25, 3.25)])
def test_percentile_of_one_to_ten(p, expected):
    assert percentile(range(1, 11), p) == pytest.approx(expected, abs=1e-12)


def test_percentile_does_not_depend_on_input_order():
    assert percentile([10, 0, 5], 75) == 7.5


@pytest.mark.parametrize("p", [0, 37.5, 90, 100])
def test_percentile_of_one_value_is_that_value(p):
    assert percentile([42], p) == 42.0


def test_percentile_of_nothing_is_none():
    assert percentile([], 90) is None


@pytest.mark.parametrize("p", [-0.1, 100.1, math.nan])
def test_percentile_outside_zero_to_hundred_is_refused(p):
    with pytest.raises(ValueError, match="between 0 and 100"):
        percentile([1, 2, 3], p)


@given(
    st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=30),
    st.floats(0, 100),
)
def test_percentile_lies_between_the_neighbouring_values(values, p):
    result = percentile(values, p)
    ordered = sorted(values)
    rank = p * (len(values) - 1) / 100
    assert ordered[math.floor(rank)] <= result <= ordered[math.ceil(rank)]


@pytest.mark.parametrize(
    ("successes", "trials", "low", "high"),
    [(0, 10, 0.0, 0.2775), (5, 10, 0.2366, 0.7634), (10, 10, 0.7225, 1.0)],
)
def test_wilson_interval_known_values(successes, trials, low, high):
    assert wilson_interval(successes, trials) == (
        pytest.approx(low, abs=1e-4),
        pytest.approx(high, abs=1e-4),
    )


def test_wilson_interval_ends_are_exact_at_none_and_all():
    assert wilson_interval(0, 7)[0] == 0.0
    assert wilson_interval(7, 7)[1] == 1.0


def test_wilson_interval_is_narrower_for_a_smaller_z():
    # z = 1.0 (about 68%) sits inside z = 1.96 (95%).
    wide_low, wide_high = wilson_interval(5, 10)
    narrow_low, narrow_high = wilson_interval(5, 10, z=1.0)
    assert wide_low < narrow_low < 0.5 < narrow_high < wide_high


@pytest.mark.parametrize(
    ("successes", "trials", "z", "message"),
    [
        (0, 0, 1.96, "trials must be positive"),
        (0, -1, 1.96, "trials must be positive"),
        (-1, 10, 1.96, "successes must be between 0 and 10"),
        (11, 10, 1.96, "successes must be between 0 and 10"),
        (5, 10, -1.0, "z must not be negative"),
    ],
)
def test_wilson_interval_refuses_impossible_counts(successes, trials, z, message):
    with pytest.raises(ValueError, match=message):
        wilson_interval(successes, trials, z)


@given(st.integers(1, 500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_interval_contains_the_observed_share(counts):
    successes, trials = counts
    low, high = wilson_interval(successes, trials)
    assert 0.0 <= low <= successes / trials <= high <= 1.0


def test_eight_of_ten_against_a_fifth_is_far_above():
    result = compare_rate(8, 10, 0.2)
    assert result == RateComparison(
        successes=8,
        trials=10,
        share=0.8,
        low=pytest.approx(0.4902, abs=1e-4),
        high=pytest.approx(0.9433, abs=1e-4),
        far_above=True,
    )


def test_three_of_three_is_not_evidence_however_high_the_share():
    result = compare_rate(3, 3, 0.2)
    # The interval alone would flag it (its low end, 3/(3 + z²) = 0.4385, is above 0.2): only the
    # minimum count keeps three cases, possibly from one incident, off the list.
    assert result.low == pytest.approx(0.4385, abs=1e-4)
    assert result.share == 1.0
    assert result.far_above is False


def test_the_minimum_count_is_inclusive():
    assert compare_rate(8, 10, 0.2, min_trials=10).far_above is True
    assert compare_rate(8, 10, 0.2, min_trials=11).far_above is False


def test_thirty_of_a_hundred_against_a_quarter_is_within_noise():
    result = compare_rate(30, 100, 0.25)
    assert result.low == pytest.approx(0.2189, abs=1e-4)
    assert result.far_above is False


def test_sixty_of_a_hundred_against_a_quarter_is_far_above():
    result = compare_rate(60, 100, 0.25)
    assert result.low == pytest.approx(0.5020, abs=1e-4)
    assert result.far_above is True


def test_far_below_is_never_far_above():
    assert compare_rate(0, 100, 0.25).far_above is False


def test_a_group_with_no_cases_has_a_zero_share_and_no_flag():
    assert compare_rate(0, 0, 0.3) == RateComparison(
        successes=0, trials=0, share=0.0, low=0.0, high=0.0, far_above=False
    )


@pytest.mark.parametrize(
    ("successes", "trials", "overall", "message"),
    [
        (1, 0, 0.2, "trials must be positive"),
        (0, -3, 0.2, "trials must be positive"),
        (11, 10, 0.2, "successes must be between 0 and 10"),
        (5, 10, 1.2, "overall must be between 0 and 1"),
        (5, 10, -0.1, "overall must be between 0 and 1"),
    ],
)
def test_compare_rate_refuses_impossible_input(successes, trials, overall, message):
    with pytest.raises(ValueError, match=message):
        compare_rate(successes, trials, overall)
