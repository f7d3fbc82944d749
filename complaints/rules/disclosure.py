"""Statistical disclosure control for de-identified tables in the supervisors' report.

A count from 1 to 4 can point at a person (the one complaint from a small town), so it is
published as "<5". Hiding a small count is not enough when a total is published beside it: if
only one cell is hidden, total minus the shown cells gives it back. `suppress` therefore also
hides other cells, or the total, until no hidden cell can be worked out exactly.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

THRESHOLD = 5
SUPPRESSED = "<5"
# For a figure hidden only to protect another one: it may be 5 or more, so "<5" would be false.
WITHHELD = "suppressed"


@dataclass(frozen=True)
class Published:
    """A table as it may be published: each cell and the total are a count, "<5" or "suppressed".

    `total` is None when no total is published.
    """

    cells: dict[str, int | str]
    total: int | str | None


def suppress_value(count: int) -> int | str:
    """Return a single figure as it may be published.

    Args:
        count: a count of cases or people.

    Returns:
        0 for 0 (knowing nobody is affected identifies nobody), SUPPRESSED ("<5") for 1 to 4,
        and the count itself from 5 up.

    Raises:
        ValueError: if `count` is negative.
    """
    if count < 0:
        raise ValueError(f"a count cannot be negative, not {count}")
    return SUPPRESSED if 0 < count < THRESHOLD else count


def suppress(counts: Mapping[str, int], total: int | None = None) -> Published:
    """Return a table of counts, and optionally its total, as it may be published.

    The rule:
      1. Primary suppression: every count from 1 to 4 becomes SUPPRESSED ("<5"); 0 and counts of
         5 or more are shown. A total from 1 to 4 also becomes "<5".
      2. Complementary suppression, only when a total is published: a reader who knows this rule
         knows each "<5" cell lies in 1..4, each "suppressed" cell is 5 or more, and that the
         hidden cells add up to the total minus the shown cells. While that pins any hidden cell
         to a single value, hide the smallest shown non-zero cell as WITHHELD ("suppressed";
         ties go to the first in key order); when there is none left, withhold the total instead.

    The usual case of (2) is one "<5" cell beside a shown total: {a: 3, b: 10, c: 0} with total
    13 publishes b as "suppressed" too. It also catches the rarer tables where two or more hidden
    cells are still pinned, such as two cells of 4 whose shown total leaves exactly 8 for them.
    A total that is not the sum of the cells gets the same treatment, and is withheld when the
    cells cannot add up to it, so a mismatched total never weakens the rule.

    Args:
        counts: the cells, in the order they will be published.
        total: the total published with the cells (normally their sum), or None for none.

    Returns:
        A Published with one entry per key of `counts`, in the same order, and the total as it
        may be published (None when `total` is None).

    Raises:
        ValueError: if any count or the total is negative.
    """
    cells = {key: suppress_value(count) for key, count in counts.items()}
    if total is None:
        return Published(cells, None)
    shown_total = suppress_value(total)
    while _pins_a_hidden_cell(cells, shown_total):
        shown = [key for key, cell in cells.items() if isinstance(cell, int) and cell > 0]
        if not shown:
            shown_total = WITHHELD
            break
        # min() keeps the first of equal counts, so ties go to the first key.
        cells[min(shown, key=cells.__getitem__)] = WITHHELD
    return Published(cells, shown_total)


def share(part: int, whole: int) -> float | None:
    """Return `part` as a fraction of `whole` (multiply by 100 for a percentage).

    Beside a published whole, a share gives its part back, so never publish the share of a
    suppressed count.

    Args:
        part: a count within the whole.
        whole: the count it is a share of.

    Returns:
        part / whole, from 0.0 to 1.0; None when `whole` is 0 (no share of nothing).

    Raises:
        ValueError: if `whole` is negative or `part` is outside [0, whole].
    """
    if whole < 0:
        raise ValueError(f"whole cannot be negative, not {whole}")
    if not 0 <= part <= whole:
        raise ValueError(f"part must be between 0 and {whole}, not {part}")
    return None if whole == 0 else part / whole


def _pins_a_hidden_cell(cells: Mapping[str, int | str], total: int | str) -> bool:
    """Whether a reader could work out a hidden cell exactly from the shown cells and total."""
    if total == WITHHELD:
        return False
    hidden = [_range_of(cell) for cell in cells.values() if isinstance(cell, str)]
    shown_sum = sum(cell for cell in cells.values() if isinstance(cell, int))
    total_low, total_high = _range_of(total)
    for index, (low, high) in enumerate(hidden):
        others = hidden[:index] + hidden[index + 1 :]
        # The other hidden cells add up to any whole number between the sum of their lows and the
        # sum of their highs, so this cell can take every value from `least` to `most`.
        least = max(low, total_low - shown_sum - sum(other_high for _, other_high in others))
        most = min(high, total_high - shown_sum - sum(other_low for other_low, _ in others))
        # least > most means the cells cannot add up to the total; hide more rather than trust
        # that a total other than their sum keeps them safe.
        if least >= most:
            return True
    return False


def _range_of(figure: int | str) -> tuple[float, float]:
    """What a reader knows of a published figure: the least and the most it can be."""
    if isinstance(figure, int):
        return figure, figure
    if figure == SUPPRESSED:
        return 1, THRESHOLD - 1
    # WITHHELD: only ever a count of 5 or more that was shown before complementary suppression.
    return THRESHOLD, math.inf
