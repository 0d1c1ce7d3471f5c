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

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

__all__ = ["Cell", "SuppressedTable", "Total", "suppress"]

DEFAULT_THRESHOLD = 5


@dataclass(frozen=True)
class Cell:
    """One published count: ``value`` is ``None`` when the count is hidden.

    >>> Cell(None, 5).display, Cell(8, 5).display
    ('<5', '8')
    """

    value: int | None
    threshold: int

    @property
    def suppressed(self) -> bool:
        return self.value is None

    @property
    def display(self) -> str:
        return f"<{self.threshold}" if self.value is None else str(self.value)


@dataclass(frozen=True)
class Total:
    """The sum of the visible cells of a line; ``complete`` when the line hides nothing.

    >>> Total(12, True).display, Total(12, False).display, Total(0, False).display
    ('12', '≥ 12', '–')
    """

    value: int
    complete: bool

    @property
    def display(self) -> str:
        if self.complete:
            return str(self.value)
        return f"≥ {self.value}" if self.value else "–"


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


def _total(cells: list[Cell]) -> Total:
    shown = [cell.value for cell in cells if cell.value is not None]
    return Total(sum(shown), complete=len(shown) == len(cells))


def suppress(
    table: Mapping[Hashable, Mapping[Hashable, int]],
    threshold: int = DEFAULT_THRESHOLD,
    columns: tuple[Hashable, ...] | None = None,
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
