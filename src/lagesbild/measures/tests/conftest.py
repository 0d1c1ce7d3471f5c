"""Fixtures of the evaluation tests: a buffer district and METHODS.md's worked counts."""

from __future__ import annotations

import pytest

from lagesbild.areas.models import Area
from lagesbild.measures.tests.helpers import AFTER, BEFORE, bulk_reports, district
from lagesbild.testing import Cast


@pytest.fixture
def mellan(cast: Cast) -> Area:
    """A district bordering Norr to the north: the buffer zone."""
    return district(cast, "mellan", 13.0, 56.02)


@pytest.fixture
def worked(cast: Cast, mellan: Area) -> Area:
    """Reports giving METHODS.md's worked counts (target 207 → 110, control 308 → 318,
    buffer 178 → 157); returns the buffer district."""
    for area, before, after in ((cast.norr, 207, 110), (cast.soder, 308, 318), (mellan, 178, 157)):
        bulk_reports(cast, area, before, BEFORE)
        bulk_reports(cast, area, after, AFTER)
    return mellan
