"""Enforcement-priority levels of the 2010 Morton memo, as the Secure Communities paper quotes them.

- Level 1: an aggravated felony, or two or more crimes each punishable by more than one year;
- Level 2: any felony (punishable by more than one year), or three or more crimes punishable by
  less than a year;
- Level 3: any crime punishable by less than a year;
- otherwise non-criminal.

Only convictions count: a pending, dismissed or acquitted charge is not a crime the person
committed in the eyes of the memo, so callers pass convictions only.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Level(StrEnum):
    LEVEL_1 = "level_1"
    LEVEL_2 = "level_2"
    LEVEL_3 = "level_3"
    NON_CRIMINAL = "non_criminal"


@dataclass(frozen=True, slots=True)
class Conviction:
    """One conviction, reduced to what the memo's levels look at.

    `punishable_over_one_year` is the maximum sentence the law allows (a felony), not the sentence
    imposed; False covers everything punishable by a year or less.
    """

    punishable_over_one_year: bool
    aggravated_felony: bool = False


# Thresholds quoted in the memo; named so the rule below reads like the memo.
_LONG_CRIMES_FOR_LEVEL_1 = 2
_SHORT_CRIMES_FOR_LEVEL_2 = 3


def enforcement_level(convictions: Iterable[Conviction]) -> Level:
    """Return the Morton-memo priority level of a person's conviction record.

    Args:
        convictions: the person's convictions (never charges), in any order; may be empty.

    Returns:
        `Level.LEVEL_1` for any aggravated felony or two or more crimes punishable by more than a
        year; `Level.LEVEL_2` for one such crime or three or more crimes punishable by a year or
        less; `Level.LEVEL_3` for one or two of those; `Level.NON_CRIMINAL` for no conviction.
    """
    record = tuple(convictions)
    long_crimes = sum(1 for conviction in record if conviction.punishable_over_one_year)
    short_crimes = len(record) - long_crimes
    if any(c.aggravated_felony for c in record) or long_crimes >= _LONG_CRIMES_FOR_LEVEL_1:
        return Level.LEVEL_1
    if long_crimes or short_crimes >= _SHORT_CRIMES_FOR_LEVEL_2:
        return Level.LEVEL_2
    if short_crimes:
        return Level.LEVEL_3
    return Level.NON_CRIMINAL
