"""Small-count suppression: hidden cells never show and cannot be recovered from any total."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lagesbild.core import disclosure
from lagesbild.core.disclosure import suppress


def published(table: disclosure.SuppressedTable) -> tuple:
    """Return everything a reader of the table sees: the displayed cells and totals."""
    return (
        [[cell.display for cell in row] for row in table.cells],
        [total.display for total in table.row_totals],
        [total.display for total in table.column_totals],
        table.grand_total.display,
    )


counts = st.integers(min_value=0, max_value=40)
tables = st.integers(min_value=1, max_value=5).flatmap(
    lambda n_cols: st.lists(
        st.lists(counts, min_size=n_cols, max_size=n_cols), min_size=1, max_size=5
    )
)


def as_mapping(grid: list[list[int]]) -> dict[str, dict[str, int]]:
    return {f"r{i}": {f"c{j}": n for j, n in enumerate(row)} for i, row in enumerate(grid)}


def test_the_module_examples_hold() -> None:
    failures, _ = doctest.testmod(disclosure)
    assert failures == 0


def test_counts_below_the_threshold_are_shown_as_less_than_five_never_as_the_number() -> None:
    table = suppress({"Norr": {"jan": 0, "feb": 1, "mar": 4, "apr": 5}})
    assert [cell.display for cell in table.row("Norr")] == ["<5", "<5", "<5", "5"]
    assert [cell.value for cell in table.row("Norr")] == [None, None, None, 5]


def test_a_hidden_cell_cannot_be_derived_from_the_row_total() -> None:
    table = suppress({"Norr": {"jan": 7, "feb": 3, "mar": 9}})
    # The true total 19 would give the hidden 3 away (19 - 7 - 9); only the visible 16 is shown.
    assert table.row_totals[0].display == "≥ 16"
    assert "19" not in str(published(table))


def test_a_hidden_cell_cannot_be_derived_from_column_and_grand_totals() -> None:
    table = suppress({"Norr": {"jan": 2, "feb": 8}, "Söder": {"jan": 6, "feb": 7}})
    assert table.column_totals[0].display == "≥ 6"
    assert table.column_totals[1].display == "15"
    assert table.grand_total.display == "≥ 21"


def test_a_line_without_hidden_cells_has_its_true_total() -> None:
    table = suppress({"Norr": {"jan": 7, "feb": 9}})
    assert (table.row_totals[0].value, table.row_totals[0].complete) == (16, True)
    assert table.row_totals[0].display == "16"


def test_a_line_with_every_cell_hidden_shows_a_dash_for_its_total() -> None:
    table = suppress({"Norr": {"jan": 1, "feb": 0}})
    assert table.row_totals[0].display == "–"


def test_the_columns_can_be_given_and_a_missing_cell_counts_as_zero() -> None:
    table = suppress({"a": {"y": 6}}, columns=("x", "y"))
    assert table.columns == ("x", "y")
    assert [cell.display for cell in table.row("a")] == ["<5", "6"]


@pytest.mark.parametrize("bad", [-1, 2.5, True, "3"])
def test_a_count_that_is_not_a_whole_number_from_zero_is_refused(bad) -> None:
    with pytest.raises(ValueError, match="whole numbers"):
        suppress({"a": {"x": bad}})


def test_a_threshold_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="threshold"):
        suppress({"a": {"x": 1}}, threshold=0)


@settings(max_examples=200, deadline=None)
@given(grid=tables, data=st.data())
def test_changing_any_hidden_cell_to_any_other_small_count_publishes_exactly_the_same_table(
    grid: list[list[int]], data: st.DataObject
) -> None:
    """The guarantee: a reader cannot tell the hidden values apart, so none is recoverable."""
    hidden = [(i, j) for i, row in enumerate(grid) for j, n in enumerate(row) if n < 5]
    if not hidden:
        return
    i, j = data.draw(st.sampled_from(hidden))
    other = [row[:] for row in grid]
    other[i][j] = data.draw(st.integers(min_value=0, max_value=4))
    assert published(suppress(as_mapping(grid))) == published(suppress(as_mapping(other)))


@settings(max_examples=200, deadline=None)
@given(grid=tables)
def test_every_total_is_the_sum_of_the_visible_cells_of_its_line(grid: list[list[int]]) -> None:
    table = suppress(as_mapping(grid))
    for row, total in zip(table.cells, table.row_totals, strict=True):
        assert total.value == sum(c.value for c in row if c.value is not None)
        assert total.complete == all(not c.suppressed for c in row)
    for j, total in enumerate(table.column_totals):
        assert total.value == sum(v for row in table.cells if (v := row[j].value) is not None)
    assert table.grand_total.value == sum(t.value for t in table.row_totals)


@given(grid=tables, data=st.data())
def test_a_slice_of_the_columns_keeps_its_cells_and_totals_only_its_visible_ones(
    grid: list[list[int]], data: st.DataObject
) -> None:
    """The public page's 24 months, twelve to a table: each part as safe as the whole."""
    table = suppress(as_mapping(grid))
    start = data.draw(st.integers(min_value=0, max_value=len(table.columns)))
    stop = data.draw(st.integers(min_value=start, max_value=len(table.columns)))
    part = table.slice_columns(start, stop)
    assert part.columns == table.columns[start:stop]
    assert part.cells == tuple(row[start:stop] for row in table.cells)
    assert part.column_totals == table.column_totals[start:stop]
    for row, total in zip(part.cells, part.row_totals, strict=True):
        assert total.value == sum(c.value for c in row if c.value is not None)
        assert total.complete == all(not c.suppressed for c in row)
    assert part.grand_total.value == sum(t.value for t in part.row_totals)
    # A hidden count moved within what is small publishes the same part.
    hidden = [(i, j) for i, row in enumerate(grid) for j, n in enumerate(row) if n < 5]
    if hidden:
        i, j = data.draw(st.sampled_from(hidden))
        other = [row[:] for row in grid]
        other[i][j] = data.draw(st.integers(min_value=0, max_value=4))
        assert published(part) == published(suppress(as_mapping(other)).slice_columns(start, stop))


# ---------------------------------------------------------------------------
# Totals published elsewhere: a row's yearly total beside its months
# ---------------------------------------------------------------------------

MONTHS = tuple(f"m{k:02d}" for k in range(1, 13))


def test_a_lone_hidden_month_is_guarded_so_a_published_yearly_total_does_not_give_it_away() -> None:
    """The audit's case: klotter in Norr, 6 a month but 2 in March, and the statutory document's
    "68 rapporter år 2025" beside the page: 68 − 66 gave March away."""
    row = dict.fromkeys(MONTHS, 6) | {"m03": 2}
    table = suppress({"Norr": row}, columns=MONTHS, groups=[MONTHS])
    shown = [cell.display for cell in table.row("Norr")]
    assert shown == ["·", "6", "<5", *["6"] * 9]
    # What a reader can do with the total: the two hidden months hold 68 − 60 = 8 between them,
    # a count of at least 5 and one below 5 — March could be anything from 0 to 3.
    assert sum(row.values()) - table.row_totals[0].value == 8


def test_a_group_without_a_shown_cell_has_no_guard_and_one_without_a_small_count_has_one() -> None:
    busy = suppress({"r": dict.fromkeys(MONTHS, 9)}, columns=MONTHS, groups=[MONTHS])
    quiet = suppress({"r": dict.fromkeys(MONTHS, 1)}, columns=MONTHS, groups=[MONTHS])
    assert [c.display for c in busy.row("r")] == ["·", *["9"] * 11]
    assert [c.display for c in quiet.row("r")] == ["<5"] * 12


def test_a_month_shown_before_its_year_had_a_small_one_never_becomes_the_guard() -> None:
    """The public page on 15 February showed January 2026 (6); on 15 March February was 2 and
    January became the guard, so an archived February page and the yearly total gave February
    away (total − 6). The guard is hidden from the year's first month on, on every page."""
    february_page = suppress({"r": {"m01": 6}}, columns=MONTHS[:1], groups=[MONTHS[:1]])
    march_page = suppress({"r": {"m01": 6, "m02": 2}}, columns=MONTHS[:2], groups=[MONTHS[:2]])
    assert [c.display for c in february_page.row("r")] == ["·"]
    assert [c.display for c in march_page.row("r")] == ["·", "<5"]
    # Across every page of the year, the small month is never the only unknown of its year.
    april_page = suppress(
        {"r": {"m01": 6, "m02": 2, "m03": 8}}, columns=MONTHS[:3], groups=[MONTHS[:3]]
    )
    assert [c.display for c in april_page.row("r")] == ["·", "<5", "8"]


def test_a_group_may_reach_before_the_shown_columns_and_two_windows_hide_the_same_cells() -> None:
    row = {"m01": 7, "m02": 3, **{m: 8 for m in MONTHS[2:]}}
    whole = suppress({"r": row}, columns=MONTHS, groups=[MONTHS])
    late = suppress({"r": row}, columns=MONTHS[6:], groups=[MONTHS])
    assert [c.display for c in whole.row("r")][6:] == [c.display for c in late.row("r")]
    assert whole.row("r")[0].guard and not any(c.suppressed for c in late.row("r"))


groups_of_counts = st.lists(counts, min_size=2, max_size=12)


@settings(max_examples=300, deadline=None)
@given(row=groups_of_counts, data=st.data())
def test_with_the_groups_total_known_a_small_count_moved_into_the_guard_publishes_the_same(
    row: list[int], data: st.DataObject
) -> None:
    """The guarantee: the published row and its true total are the same whether a hidden small
    count is what it is or 0 (its share moved into the guard), so no small count is known."""
    columns = tuple(f"c{j}" for j in range(len(row)))
    table = suppress({"r": dict(zip(columns, row, strict=True))}, columns=columns, groups=[columns])
    small = [j for j, n in enumerate(row) if 0 < n < 5]
    guards = [j for j, cell in enumerate(table.row("r")) if cell.guard]
    if not small or not guards:
        # Nothing to protect, or every count is small (no equation pins one of several down
        # unless all are 0 or all 4: the table hides them all and no total is shown).
        assert not small or all(n < 5 for n in row)
        return
    j, (g,) = data.draw(st.sampled_from(small)), guards
    other = row[:]
    other[g], other[j] = row[g] + row[j], 0
    moved = suppress(
        {"r": dict(zip(columns, other, strict=True))}, columns=columns, groups=[columns]
    )
    assert published(moved) == published(table) and sum(other) == sum(row)
