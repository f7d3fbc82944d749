"""Disclosure control: small counts are hidden, and never left recoverable from a total."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from complaints.rules.disclosure import (
    SUPPRESSED,
    THRESHOLD,
    WITHHELD,
    Published,
    share,
    suppress,
    suppress_value,
)


def test_the_published_markers():
    assert (SUPPRESSED, WITHHELD, THRESHOLD) == ("<5", "suppressed", 5)


@pytest.mark.parametrize(
    ("count", "expected"), [(0, 0), (1, "<5"), (2, "<5"), (4, "<5"), (5, 5), (12, 12)]
)
def test_suppress_value(count, expected):
    assert suppress_value(count) == expected


def test_suppress_value_refuses_a_negative_count():
    with pytest.raises(ValueError, match="negative"):
        suppress_value(-1)


def test_one_small_cell_beside_a_total_takes_the_next_smallest_with_it():
    # Showing b = 10 with total 13 would give a = 3 back.
    assert suppress({"a": 3, "b": 10, "c": 0}, total=13) == Published(
        cells={"a": "<5", "b": "suppressed", "c": 0}, total=13
    )


def test_the_complementary_cell_is_the_smallest_shown_and_ties_go_to_the_first_key():
    assert suppress({"a": 20, "b": 3, "c": 8, "d": 8}, total=39) == Published(
        cells={"a": 20, "b": "<5", "c": "suppressed", "d": 8}, total=39
    )


def test_two_small_cells_protect_each_other():
    # a + b = 7 with each in 1..4: a could be 3 or 4, so nothing more is hidden.
    assert suppress({"a": 3, "b": 4, "c": 10}, total=17) == Published(
        cells={"a": "<5", "b": "<5", "c": 10}, total=17
    )


def test_two_small_cells_that_the_total_pins_take_another_with_them():
    # a + b = 8 with each at most 4 means both are 4: hiding them both is not enough.
    assert suppress({"a": 4, "b": 4, "c": 10}, total=18) == Published(
        cells={"a": "<5", "b": "<5", "c": "suppressed"}, total=18
    )


def test_a_small_total_is_hidden_too():
    assert suppress({"a": 2}, total=2) == Published(cells={"a": "<5"}, total="<5")


def test_a_small_cell_beside_zeros_and_a_small_total():
    assert suppress({"a": 3, "b": 0}, total=3) == Published(cells={"a": "<5", "b": 0}, total="<5")


def test_small_cells_that_a_small_total_pins_withhold_the_total():
    # Four cells, each at least 1, adding up to at most 4: every one is 1.
    assert suppress({"a": 1, "b": 1, "c": 1, "d": 1}, total=4) == Published(
        cells={"a": "<5", "b": "<5", "c": "<5", "d": "<5"}, total="suppressed"
    )


def test_a_lone_small_cell_beside_a_total_that_is_not_the_sum_withholds_the_total():
    # The total counts 2 cases outside the cells; with nothing else to hide, it goes.
    assert suppress({"a": 3, "b": 0}, total=5) == Published(
        cells={"a": "<5", "b": 0}, total="suppressed"
    )


def test_a_total_the_cells_cannot_reach_is_withheld():
    assert suppress({"a": 3, "b": 10}, total=6) == Published(
        cells={"a": "<5", "b": "suppressed"}, total="suppressed"
    )


def test_a_complementary_cell_the_total_still_pins_withholds_the_total():
    # a in 1..4, b at least 5, a + b = 6: only a = 1, b = 5 fits, so the total must go.
    assert suppress({"a": 1, "b": 5}, total=6) == Published(
        cells={"a": "<5", "b": "suppressed"}, total="suppressed"
    )


def test_large_counts_are_published_unchanged():
    assert suppress({"a": 7, "b": 12}, total=19) == Published(cells={"a": 7, "b": 12}, total=19)


def test_without_a_total_only_small_counts_are_hidden():
    assert suppress({"a": 3, "b": 10, "c": 0}) == Published(
        cells={"a": "<5", "b": 10, "c": 0}, total=None
    )


def test_an_empty_table():
    assert suppress({}, total=0) == Published(cells={}, total=0)


def test_cells_keep_their_order():
    assert list(suppress({"z": 1, "a": 9, "m": 0}, total=10).cells) == ["z", "a", "m"]


@pytest.mark.parametrize(("counts", "total"), [({"a": -1}, None), ({"a": 1}, -1)])
def test_suppress_refuses_negative_counts(counts, total):
    with pytest.raises(ValueError, match="negative"):
        suppress(counts, total)


@pytest.mark.parametrize(("part", "whole", "expected"), [(1, 4, 0.25), (0, 9, 0.0), (3, 3, 1.0)])
def test_share(part, whole, expected):
    assert share(part, whole) == expected


def test_share_of_nothing_is_none():
    assert share(0, 0) is None


@pytest.mark.parametrize(
    ("part", "whole", "message"),
    [(1, -1, "whole cannot be negative"), (-1, 4, "between 0 and 4"), (5, 4, "between 0 and 4")],
)
def test_share_refuses_impossible_parts(part, whole, message):
    with pytest.raises(ValueError, match=message):
        share(part, whole)


tables = st.dictionaries(
    st.text(alphabet="abcdefgh", min_size=1, max_size=2),
    st.integers(0, 50),
    min_size=1,
    max_size=8,
)


@given(tables)
def test_a_single_hidden_cell_never_sits_beside_a_shown_total(counts):
    published = suppress(counts, total=sum(counts.values()))
    hidden = [cell for cell in published.cells.values() if isinstance(cell, str)]
    assert len(hidden) != 1 or isinstance(published.total, str)


@given(tables)
def test_suppression_hides_exactly_the_small_counts_and_only_covers_larger_ones(counts):
    total = sum(counts.values())
    published = suppress(counts, total=total)
    for key, count in counts.items():
        cell = published.cells[key]
        if 1 <= count <= 4:
            assert cell == SUPPRESSED
        else:
            assert cell in (count, WITHHELD)
    assert published.total in (suppress_value(total), WITHHELD)


def _possible_values(published: Published) -> list[set[int]]:
    """Every value each hidden cell could take, found by brute force from the published figures."""
    cap = 4 * len(published.cells) + 60  # above any total the small tables below can have

    def candidates(figure):
        if figure == SUPPRESSED:
            return set(range(1, 5))
        if figure == WITHHELD:
            return set(range(5, cap + 1))
        return {figure}

    # A withheld total says nothing; a withheld cell was shown before, so it is 5 or more.
    totals = set(range(cap + 1)) if published.total == WITHHELD else candidates(published.total)
    cells = [candidates(cell) for cell in published.cells.values()]
    hidden = [i for i, cell in enumerate(published.cells.values()) if isinstance(cell, str)]
    possible = []
    for i in hidden:
        # Every sum the other cells can reach, built one cell at a time.
        others = {0}
        for j, values in enumerate(cells):
            if j != i:
                others = {s + v for s in others for v in values if s + v <= cap}
        possible.append({v for v in cells[i] if any(t - v in others for t in totals)})
    return possible


@given(
    st.dictionaries(
        st.text(alphabet="abcde", min_size=1, max_size=1), st.integers(0, 12), max_size=5
    )
)
def test_no_hidden_cell_can_be_worked_out_from_the_published_table(counts):
    published = suppress(counts, total=sum(counts.values()))
    for values in _possible_values(published):
        assert len(values) >= 2
