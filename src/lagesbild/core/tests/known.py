"""Figures a test case must have: ``known`` fails the test on None and gives the value its type.

The core returns ``None`` for a figure it cannot compute (a change from zero, a rate without a
population); a test that expects a figure says so with ``known(...)`` before comparing it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

T = TypeVar("T")


def known(value: T | None) -> T:
    """Return ``value``; fail when it is None.

    >>> known(0.25)
    0.25
    """
    assert value is not None, "a figure was expected, not None"
    return value


def all_known(values: Iterable[T | None]) -> list[T]:
    """Return ``values`` as a list; fail when one of them is None.

    >>> all_known([1.0, 2.0])
    [1.0, 2.0]
    """
    return [known(value) for value in values]
