"""A week that has not begun has no lägesbild, so no meeting: the form, the service and the
agenda's refresh refuse it as the weekly page does (docs/statistics.md, "The weekly page",
rule 4)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from lagesbild.core.weeks import IsoWeek
from lagesbild.meetings.models import Meeting
from lagesbild.meetings.services import create_meeting
from lagesbild.testing import STOCKHOLM, Cast, client_for

SUNDAY = datetime(2026, 12, 6, 12, tzinfo=STOCKHOLM)  # 2026-W49 still runs
NOT_BEGUN = "Vecka 2027-W10 har inte börjat än."


def test_a_meeting_for_a_week_that_has_not_begun_is_refused_by_the_form_and_the_service(
    cast: Cast,
) -> None:
    client = client_for(cast.cecilia)
    with time_machine.travel(SUNDAY, tick=False):
        page = client.get(reverse("meeting-create"), {"vecka": "2027-W10"})
        assert page.status_code == 400 and NOT_BEGUN in page.content.decode()
        response = client.post(
            reverse("meeting-create"), {"week": "2027-W10", "date": "2027-03-09", "title": ""}
        )
        assert response.status_code == 400
        assert response.context["form"].errors == {"week": [NOT_BEGUN]}
        assert NOT_BEGUN in response.content.decode()
        with pytest.raises(ValidationError) as refused:
            create_meeting(cast.municipality, IsoWeek(2027, 10), date(2027, 3, 9), cast.cecilia)
        assert refused.value.message_dict == {"iso_week": [NOT_BEGUN]}
        assert not Meeting.objects.exists()
        # The week that runs has begun: its meeting is made, with its reports so far.
        response = client.post(
            reverse("meeting-create"), {"week": "2026-W49", "date": "2026-12-06", "title": ""}
        )
        assert response.status_code == 302
        # A meeting stored for a future week before this check is not given an agenda again.
        future = Meeting.objects.create(
            municipality=cast.municipality, iso_week="2027-W10", date=date(2027, 3, 9)
        )
        response = client.post(reverse("meeting-agenda", args=[future.pk]), follow=True)
        assert NOT_BEGUN in response.content.decode()
        future.refresh_from_db()
        assert future.agenda_generated_at is None
    with translation.override("en"), time_machine.travel(SUNDAY, tick=False):
        with pytest.raises(ValidationError) as refused:
            create_meeting(cast.municipality, IsoWeek(2027, 10), date(2027, 3, 9))
    assert refused.value.message_dict == {"iso_week": ["Week 2027-W10 has not begun yet."]}
