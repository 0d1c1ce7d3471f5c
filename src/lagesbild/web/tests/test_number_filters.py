"""The tables' percentages are rounded as the sentences round, and coloured by what is printed."""

from __future__ import annotations

import pytest

from lagesbild.core.narrative import whole_percent
from lagesbild.web.templatetags.lagesbild import change_class, percent


@pytest.mark.parametrize(
    ("before", "after", "shown", "colour"),
    [
        (40, 45, "+13\u00a0%", "up"),  # was "+12 %" (Python rounds 12.5 to even)
        (200, 201, "+1\u00a0%", "up"),  # was "±0 %" coloured as a rise
        (200, 199, "−1\u00a0%", "down"),
        (1000, 1004, "±0\u00a0%", "flat"),
        (1000, 855, "−15\u00a0%", "down"),  # 0.145 is 14.4999… in binary
    ],
)
def test_a_table_prints_the_sentences_percent_and_colours_by_it(
    before: int, after: int, shown: str, colour: str
) -> None:
    relative = (after - before) / before
    assert percent(relative) == shown and change_class(relative) == colour
    assert shown.endswith(f"{whole_percent(before, after)}\u00a0%")


def test_an_undefined_change_is_a_dash_and_flat() -> None:
    assert (percent(None), change_class(None)) == ("–", "flat")
