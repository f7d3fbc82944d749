"""Figures for the supervisors' monthly report: medians, percentiles and a fair "far above" test.

Pure Python on purpose (no numpy, no scipy): the report needs a handful of figures over a few
thousand cases, and every formula here is short enough to check by hand.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass


def median(values: Iterable[float]) -> float | None:
    """Return the median of `values`.

    Args:
        values: numbers in any order, e.g. days from filing to triage.

    Returns:
        The middle value, or the mean of the two middle values when there is an even number of
        them; None when `values` is empty (a month with no cases has no median, not a median of 0).

    Raises:
        ValueError: if any value is NaN.
    """
    ordered = _sorted_numbers(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    # The mean of the two middle values, not an interpolation, so the median of 1 and 3 is 2.0.
    return (ordered[middle - 1] + ordered[middle]) / 2


def percentile(values: Iterable[float], p: float) -> float | None:
    """Return the `p`th percentile of `values`, interpolating linearly between closest ranks.

    The method is numpy's default ("linear", Hyndman and Fan type 7): the sorted values sit at
    ranks 0 to n-1, the percentile sits at rank p/100 * (n-1), and a rank between two values takes
    the straight-line value between them. So the 90th percentile of 1..10 is 9.1, the 0th is the
    minimum and the 100th is the maximum.

    Args:
        values: numbers in any order.
        p: the percentile, from 0 to 100 inclusive.

    Returns:
        The percentile as a float; None when `values` is empty.

    Raises:
        ValueError: if `p` is outside [0, 100] (or NaN), or any value is NaN.
    """
    if not 0 <= p <= 100:
        raise ValueError(f"percentile must be between 0 and 100, not {p}")
    ordered = _sorted_numbers(values)
    if not ordered:
        return None
    # p * (n-1) / 100 rather than p / 100 * (n-1): one rounding fewer, so 90 of ten values is 8.1.
    rank = p * (len(ordered) - 1) / 100
    below = math.floor(rank)
    fraction = rank - below
    if fraction == 0:
        return float(ordered[below])
    lower, upper = ordered[below], ordered[below + 1]
    return lower + (upper - lower) * fraction


def wilson_interval(successes: int, trials: int, z: float = 1.96) -> tuple[float, float]:
    """Return the Wilson score interval for a proportion of `successes` out of `trials`.

    Unlike the textbook "p ± z·sqrt(p(1-p)/n)" interval, Wilson's stays inside [0, 1] and does not
    shrink to a single point at 0 or n successes, so it stays honest for small counts.

    Args:
        successes: how many of the trials had the property (e.g. cases flagged possible_profiling).
        trials: how many trials there were (e.g. all cases from the jurisdiction).
        z: the standard normal quantile; 1.96 gives a 95% two-sided interval.

    Returns:
        (low, high), with 0 <= low <= successes/trials <= high <= 1. The low end is exactly 0.0
        when there are no successes and the high end exactly 1.0 when every trial is a success.

    Raises:
        ValueError: if `trials` is not positive, `successes` is outside [0, trials], or `z` is
            negative.
    """
    if trials <= 0:
        raise ValueError(f"trials must be positive, not {trials}")
    if not 0 <= successes <= trials:
        raise ValueError(f"successes must be between 0 and {trials}, not {successes}")
    if z < 0:
        raise ValueError(f"z must not be negative, not {z}")
    proportion = successes / trials
    z_squared = z * z
    scale = 1 + z_squared / trials
    centre = (proportion + z_squared / (2 * trials)) / scale
    half_width = (
        z
        * math.sqrt(proportion * (1 - proportion) / trials + z_squared / (4 * trials * trials))
        / scale
    )
    # At 0 or n successes the formula gives 0 or 1 exactly in theory; pin them so rounding error
    # cannot leave a low end of 1e-17 or a high end a hair under 1.
    low = 0.0 if successes == 0 else max(0.0, centre - half_width)
    high = 1.0 if successes == trials else min(1.0, centre + half_width)
    return low, high


@dataclass(frozen=True)
class RateComparison:
    """One group's rate set against an overall rate (see `compare_rate`)."""

    successes: int
    trials: int
    share: float
    low: float
    high: float
    far_above: bool


def compare_rate(
    successes: int, trials: int, overall: float, *, min_trials: int = 10, z: float = 1.96
) -> RateComparison:
    """Compare one group's rate (e.g. one jurisdiction's share of possible_profiling cases) with
    the overall rate, and say whether it is far enough above to be worth a supervisor's review.

    A raw share is not evidence: a jurisdiction with 3 cases, all flagged, has a share of 100%
    while the overall share is 20%, yet three cases can come from one incident or one officer, and
    a handful of independent cases lands on "all flagged" by chance more often than intuition
    expects. So a group is flagged `far_above` only when both
      * it has at least `min_trials` cases, because the binomial model behind the interval assumes
        independent cases, which small counts driven by a single event break; and
      * the low end of its Wilson interval is above `overall`: even the smallest rate consistent
        with its counts (at 97.5% one-sided confidence for z = 1.96) exceeds the overall rate, so
        the excess is unlikely to be noise.
    The overall rate usually includes the group itself, which only makes the test more cautious.
    With many groups some will still be flagged by chance (about 1 in 40 of groups at exactly the
    overall rate), so the flag selects cases for review; it is not a finding.

    Args:
        successes: the group's cases with the property.
        trials: all the group's cases.
        overall: the all-groups share, from 0 to 1.
        min_trials: the fewest cases for which a group may be flagged.
        z: the standard normal quantile for the interval.

    Returns:
        A RateComparison carrying the counts, the share (successes/trials), the Wilson interval
        and the flag. A group with no cases has share, low and high all 0.0 and is never flagged.

    Raises:
        ValueError: if `trials` is negative, `successes` is outside [0, trials], `overall` is
            outside [0, 1], or `z` is negative.
    """
    if not 0 <= overall <= 1:
        raise ValueError(f"overall must be between 0 and 1, not {overall}")
    if trials == 0 and successes == 0:
        return RateComparison(successes, trials, share=0.0, low=0.0, high=0.0, far_above=False)
    low, high = wilson_interval(successes, trials, z)
    return RateComparison(
        successes,
        trials,
        share=successes / trials,
        low=low,
        high=high,
        far_above=trials >= min_trials and low > overall,
    )


def _sorted_numbers(values: Iterable[float]) -> list[float]:
    ordered = sorted(values)
    # NaN compares false with everything, so sorted() would leave it anywhere and the result
    # would depend on input order; refuse it instead.
    if any(math.isnan(value) for value in ordered):
        raise ValueError("values must not contain NaN")
    return ordered
