"""An agenda stored before repeat places kept their H3 cells offers "Gör till fokusområde" for
its repeat places too: the page finds each place's cells in the week's analysis as the agenda
computes it now, when the place reads as its stored line (key, days and count); a place that
reads otherwise now is offered nothing, and refreshing the agenda makes it anew."""

from __future__ import annotations

import re
from datetime import date

import h3
import pytest
from django.urls import reverse

from lagesbild.briefings.tests.builders import midweek
from lagesbild.briefings.tests.test_places_audit import (  # noqa: F401 (the fixture)
    CELL,
    PLACE,
    WEEK,
    _in_the_next_cell,
    _repeat_forms,
    spread_place,
)
from lagesbild.core.stats.hotspots import DEFAULT_RESOLUTION
from lagesbild.meetings.models import Meeting
from lagesbild.meetings.services import create_meeting, stored_place_cells
from lagesbild.testing import Cast, client_for, file_report

pytestmark = pytest.mark.usefixtures("spread_place")  # the tunnel in Öst, 14 reports
LINE = f"{PLACE}: 14 rapporter 2024-09-11 – 2024-09-11 (Klotter)"


def _stored_in_the_old_shape(meeting: Meeting) -> None:
    """The agenda as it was stored before repeat places kept their cells."""
    agenda = [
        {**s, "items": [{k: v for k, v in i.items() if k != "cells"} for i in s["items"]]}
        if s["key"] == "repeat_places"
        else s
        for s in meeting.agenda
    ]
    Meeting.objects.filter(pk=meeting.pk).update(agenda=agenda)


def _page(cast: Cast, meeting: Meeting) -> str:
    return (
        client_for(cast.cecilia).get(reverse("meeting-detail", args=[meeting.pk])).content.decode()
    )


def test_a_stored_agenda_s_repeat_place_becomes_a_focus_area_of_its_cells(cast: Cast) -> None:
    meeting = create_meeting(cast.municipality, WEEK, date(2024, 9, 16), cast.cecilia)
    _stored_in_the_old_shape(meeting)
    meeting.refresh_from_db()
    (section,) = [s for s in meeting.agenda if s["key"] == "repeat_places"]
    assert [(i["text"], "cells" in i) for i in section["items"]] == [(LINE, False)]
    html = _page(cast, meeting)
    (form,) = _repeat_forms(html)
    # Every place's button has the same name; each is described by its own line.
    button = '<button type="submit" class="link" aria-describedby="repeat_places-1">'
    assert f"{button}Gör till fokusområde</button>" in form
    assert f'<span id="repeat_places-1">{LINE}</span>' in html
    fields = dict(re.findall(r'name="(fokus-[a-z0-9_]+)" value="([^"]*)"', form))
    strays = {h3.latlng_to_cell(*_in_the_next_cell(side), DEFAULT_RESOLUTION) for side in (0, 3)}
    cells = set(fields["fokus-h3_cells"].split(","))
    assert (fields["fokus-label"], fields["fokus-area"], cells) == (PLACE, "ost", {CELL} | strays)


def test_a_place_that_reads_otherwise_now_is_not_offered(cast: Cast) -> None:
    meeting = create_meeting(cast.municipality, WEEK, date(2024, 9, 16), cast.cecilia)
    _stored_in_the_old_shape(meeting)
    # A fifteenth report at the tunnel entered since: the place now has 15, the line says 14.
    file_report(cast.bevakning, "klotter", midweek(WEEK, 7), point=h3.cell_to_latlng(CELL))
    assert [key[1:] for key in stored_place_cells(meeting)] == [("2024-09-11", "2024-09-11", 15)]
    html = _page(cast, meeting)
    assert LINE in html and _repeat_forms(html) == []
