"""The meeting most tests of the app read: week 37 of 2024 with one alert (klotter in Norr)."""

from __future__ import annotations

from datetime import date

import pytest

from lagesbild.core.weeks import IsoWeek
from lagesbild.measures.tests.helpers import FakeAnalysis, klotter_alert
from lagesbild.meetings.models import Meeting
from lagesbild.meetings.services import create_meeting
from lagesbild.testing import Cast


@pytest.fixture
def meeting(cast: Cast) -> Meeting:
    return create_meeting(
        cast.municipality,
        IsoWeek(2024, 37),
        date(2024, 9, 16),
        cast.cecilia,
        analyse=FakeAnalysis(alerts=[klotter_alert()]),
    )
