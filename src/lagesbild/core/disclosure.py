"""Small-count suppression for published tables: plain counts in, a table safe to publish out.

A public table of reports per district, category and month must not let anyone single out the
few incidents behind a small number. :func:`suppress` hides every count below a threshold
(default 5, zero included) as ``"<5"``.

The rule for totals
-------------------
Hiding a cell is not enough if the table also prints the true row and column totals: a row
``7, <5, 9`` with the total ``19`` gives the hidden cell away (19 − 7 − 9 = 3), and so can a
system of such equations spread over several rows and columns. There are two known remedies:
secondary suppression (hide more cells and totals until no equation can be solved) and totals
built from the visible cells only. This module implements the second, because its guarantee is
simple and complete:

* **Every total is the sum of the cells shown in its row or column** (the grand total: of every
  cell shown). Nothing is published that is not already visible, so no hidden cell enters any
  published number and none can be recovered, by any arithmetic, from this table.
* A total whose line holds a hidden cell is **partial**: it is shown as ``"≥ 12"`` (the true
  total is at least that); a line without hidden cells has its true total, shown plainly. A
  line where every cell is hidden has nothing to add up and shows ``"–"``.
* **Zero is hidden too**: a published ``0`` next to ``"<5"`` would tell that the hidden cells
  hold at least one incident each.

The guarantee holds for one table. Publishing a second table that is a true aggregate of this
one (say the whole municipality per month, beside the districts per month) links the two and
reopens the equations; the public page therefore publishes this table only, at one level of
detail, and anything else it shows is again a sum of visible cells.

Totals published elsewhere
--------------------------
Other documents do publish true totals over a row's cells: the statutory lägesbild and the
yearly report give a year's reports per district, category and district × category. Beside a
row of months ``6, 6, <5, 6, …`` such a yearly total gives the hidden month away (68 − 66 = 2).
For that, :func:`suppress` takes **column groups** (the months of each calendar year) and
assumes the true total of every row's group is known: the hidden counts then sum to that total
minus the visible ones, which pins a lone hidden count down. So in every group that shows a
cell, the first shown cell is hidden too, as a **guard** displayed ``"·"`` (a count of at least
the threshold), **whether or not the group hides a small count yet**: a year's months are
published one by one, and a January shown while the year had no small month would, once
February came in at 2, be the only other cell of the group in an archived copy of the page
(yearly total − January = February). Hidden from the start, it was never published. A guard
can take any share of the hidden sum above the threshold, so each small count may still be
anything from 0 to the smaller of ``threshold - 1`` and ``hidden sum - threshold``: none is
known, unless it is 0. The guard is chosen by position, never by value, so where it stands
tells nothing more; and the first shown month of a year stays the guard as the year's later
months come in. The price is one hidden month per row and year even where nothing is small. A
group that shows no cell has no guard to hide: its total pins its counts only when they are all
0, or all just below the threshold (twelve 4s summing to 48), which a yearly figure published
elsewhere must then bear.

Examples
--------
>>> table = suppress({"Norr": {"jan": 7, "feb": 3}, "Söder": {"jan": 12, "feb": 9}})
>>> [[cell.display for cell in row] for row in table.cells]
[['7', '<5'], ['12', '9']]
>>> [total.display for total in table.row_totals]
['≥ 7', '21']
>>> [total.display for total in table.column_totals], table.grand_total.display
(['19', '≥ 9'], '≥ 28')
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["GUARD_MARK", "NO_TOTAL_MARK", "Cell", "SuppressedTable", "Total", "suppress"]

DEFAULT_THRESHOLD = 5
GUARD_MARK = "·"
# The total of a line whose every cell is hidden: there is no shown count to add up.
NO_TOTAL_MARK = "–"


@dataclass(frozen=True)
class Cell:
    """One published count: ``value`` is ``None`` when the count is hidden.

    >>> Cell(None, 5).display, Cell(8, 5).display, Cell(None, 5, guard=True).display
    ('<5', '8', '·')
    """

    value: int | None
    threshold: int
    # Hidden though not small: it keeps a small cell of its group from being worked out.
    guard: bool = False

    @property
    def suppressed(self) -> bool:
        return self.value is None

    @property
    def display(self) -> str:
        if self.value is not None:
            return str(self.value)
        return GUARD_MARK if self.guard else f"<{self.threshold}"


@dataclass(frozen=True)
class Total:
    """The sum of the visible cells of a line; ``complete`` when the line hides nothing.

    >>> Total(12, True).display, Total(12, False).display, Total(0, False).display
    ('12', '≥ 12', '–')
    """

    value: int
    complete: bool

    @property
    def empty(self) -> bool:
        """Every cell of the line is hidden: nothing is shown to add up (not a sum of 0)."""
        return not self.complete and not self.value

    @property
    def display(self) -> str:
        if self.complete:
            return str(self.value)
        return NO_TOTAL_MARK if self.empty else f"≥ {self.value}"


@dataclass(frozen=True)
class SuppressedTable:
    """A table safe to publish: rows × columns of cells, with totals of the visible cells."""

    rows: tuple[Hashable, ...]
    columns: tuple[Hashable, ...]
    cells: tuple[tuple[Cell, ...], ...]
    row_totals: tuple[Total, ...]
    column_totals: tuple[Total, ...]
    grand_total: Total
    threshold: int

    @property
    def suppressed_count(self) -> int:
        """Return how many cells are hidden."""
        return sum(cell.suppressed for row in self.cells for cell in row)

    def row(self, key: Hashable) -> tuple[Cell, ...]:
        """Return the cells of the row named ``key``."""
        return self.cells[self.rows.index(key)]

    def slice_columns(self, start: int, stop: int) -> SuppressedTable:
        """Return the columns from ``start`` up to ``stop``, totalled again from their cells.

        The cells are this table's, guards included; the totals add up the part's visible
        cells, so a part is as safe to publish beside the whole as the whole is.

        >>> t = suppress({"a": {"x": 7, "y": 3, "z": 9}, "b": {"x": 5, "y": 6, "z": 8}})
        >>> part = t.slice_columns(1, 3)
        >>> part.columns, [c.display for c in part.row("a")], part.row_totals[0].display
        (('y', 'z'), ['<5', '9'], '≥ 9')
        >>> [total.display for total in part.column_totals], part.grand_total.display
        (['≥ 6', '17'], '≥ 23')
        """
        grid = tuple(line[start:stop] for line in self.cells)
        return SuppressedTable(
            rows=self.rows,
            columns=self.columns[start:stop],
            cells=grid,
            row_totals=tuple(_total(list(line)) for line in grid),
            column_totals=self.column_totals[start:stop],
            grand_total=_total([cell for line in grid for cell in line]),
            threshold=self.threshold,
        )


def _guards(counts: Mapping[Hashable, int], threshold: int) -> list[Hashable]:
    """The cell of a group to hide as a guard: the first one shown, whether or not the group
    hides a small count yet (see the module notes); by position only."""
    shown = [col for col, n in counts.items() if n >= threshold]
    return shown[:1]


def _total(cells: list[Cell]) -> Total:
    shown = [cell.value for cell in cells if cell.value is not None]
    return Total(sum(shown), complete=len(shown) == len(cells))


def suppress(
    table: Mapping[Any, Mapping[Any, int]],  # any hashable keys (Mapping is invariant in them)
    threshold: int = DEFAULT_THRESHOLD,
    columns: tuple[Hashable, ...] | None = None,
    groups: Sequence[Sequence[Hashable]] = (),
) -> SuppressedTable:
    """Hide every count below ``threshold`` and total only what is shown.

    Parameters
    ----------
    table : mapping of row -> (mapping of column -> count)
        The true counts. Rows keep their order; a missing cell counts as 0.
    threshold : int
        The smallest count that may be published (5 by default).
    columns : tuple, optional
        The columns in order; by default every column named in ``table``, in first-seen order.
    groups : sequence of column sequences, optional
        Columns whose true total per row may be published elsewhere (the months of a year):
        within each, more cells are hidden as guards until no hidden count follows from it.
        A group may name columns that are not shown (a year's months before the window):
        their counts take part, so two windows over the same year hide the same cells.

    Returns
    -------
    SuppressedTable
        Counts below ``threshold`` (0 included) are ``None``; totals add up visible cells only
        (see the module notes for why that makes hidden cells unrecoverable).

    Examples
    --------
    >>> t = suppress({"a": {"x": 0, "y": 5}}, columns=("x", "y", "z"))
    >>> [c.display for c in t.row("a")], t.row_totals[0].display, t.suppressed_count
    (['<5', '5', '<5'], '≥ 5', 2)
    >>> suppress({"a": {"x": 4}}, threshold=3).cells[0][0].display
    '4'
    >>> year = suppress({"a": {"jan": 6, "feb": 2, "mar": 7}}, groups=[("jan", "feb", "mar")])
    >>> [c.display for c in year.row("a")], year.row_totals[0].display
    (['·', '<5', '7'], '≥ 7')
    >>> suppress({"a": {"x": -1}})
    Traceback (most recent call last):
    ...
    ValueError: counts are whole numbers from 0 up; got -1 in a/x
    """
    if threshold < 1:
        raise ValueError("the threshold must be at least 1")
    rows = tuple(table)
    if columns is None:
        columns = tuple(dict.fromkeys(col for row in table.values() for col in row))
    position = {col: j for j, col in enumerate(columns)}
    grid = []
    for row in rows:
        line = []
        for col in columns:
            count = table[row].get(col, 0)
            if not isinstance(count, int) or isinstance(count, bool) or count < 0:
                raise ValueError(
                    f"counts are whole numbers from 0 up; got {count!r} in {row}/{col}"
                )
            line.append(Cell(count if count >= threshold else None, threshold))
        for group in groups:
            counts = {col: table[row].get(col, 0) for col in group}
            for col in _guards(counts, threshold):
                if col in position:
                    line[position[col]] = Cell(None, threshold, guard=True)
        grid.append(tuple(line))
    every = [cell for line in grid for cell in line]
    return SuppressedTable(
        rows=rows,
        columns=columns,
        cells=tuple(grid),
        row_totals=tuple(_total(list(line)) for line in grid),
        column_totals=tuple(_total([line[j] for line in grid]) for j in range(len(columns))),
        grand_total=_total(every),
        threshold=threshold,
    )
