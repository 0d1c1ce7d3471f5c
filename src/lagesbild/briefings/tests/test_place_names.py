"""Hotspots and repeat places are named; no page, agenda or PDF shows a raw H3 cell id."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any
from typing import cast as typed

import h3
import pytest
from django.urls import reverse

from lagesbild.areas.models import Area, Municipality
from lagesbild.briefings.analysis import weekly_analysis
from lagesbild.briefings.rendering import week_document
from lagesbild.briefings.services import weekly_picture
from lagesbild.briefings.tests.builders import midweek
from lagesbild.core.stats.hotspots import DEFAULT_RESOLUTION
from lagesbild.core.weeks import IsoWeek
from lagesbild.meetings.models import Meeting
from lagesbild.organisations.access import viewer_for
from lagesbild.places.importing import import_gazetteer
from lagesbild.testing import Cast, client_for, file_report, square

WEEK = IsoWeek(2024, 37)
TUNNEL = (56.015, 13.035)
# An H3 cell id: 15 hex digits, starting with 8 (resolution 0–15 cells of mode 1).
H3_ID = re.compile(r"\b8[0-9a-f]{14}\b")


def town(cast: Cast) -> Municipality:
    return typed(Municipality, cast.municipality)


def analysis_for(user: object, cast: Cast) -> Any:
    return weekly_analysis(viewer_for(typed(Any, user)), town(cast), WEEK)


@pytest.fixture
def hot_tunnel(cast: Cast) -> None:
    """A hot place in a big district: twelve reports at the tunnel, half without place text."""
    Area.objects.create(
        municipality=town(cast), code="ost", name="Öst", geometry=square(13.02, 56.0, 0.03)
    )
    import_gazetteer(
        "name,latitude,longitude\nGångtunneln vid Kvartsvägen,56.015,13.035\n".encode(),
        "ortnamn.csv",
        town(cast),
    )
    for i in range(12):
        file_report(
            cast.bevakning,
            "klotter",
            midweek(WEEK, 8 + i),
            point=(TUNNEL[0] + i * 1e-5, TUNNEL[1]),
            place_text="Gångtunneln vid Kvartsvägen" if i % 2 else "",
        )


@pytest.mark.filterwarnings("ignore::UserWarning", "ignore::RuntimeWarning")
def test_the_hot_place_is_named_for_every_viewer(cast: Cast, hot_tunnel: None) -> None:
    for user in (cast.cecilia, cast.rut):
        analysis = analysis_for(user, cast)
        assert [h.name for h in analysis.hotspots] == ["Gångtunneln vid Kvartsvägen"]
        assert [p.label for p in analysis.repeat_places] == ["Gångtunneln vid Kvartsvägen"]


@pytest.mark.filterwarnings("ignore::UserWarning", "ignore::RuntimeWarning")
def test_no_raw_cell_id_on_the_week_page_the_pdf_or_the_agenda(
    cast: Cast, hot_tunnel: None
) -> None:
    client = client_for(cast.cecilia)
    page = client.get(reverse("week", args=[str(WEEK)])).content.decode()
    assert "Gångtunneln vid Kvartsvägen" in page
    viewer = viewer_for(typed(Any, cast.cecilia))
    document = week_document(
        town(cast), weekly_picture(viewer, town(cast), WEEK), analysis_for(cast.cecilia, cast)
    )
    assert "Gångtunneln vid Kvartsvägen" in document
    client.post(reverse("meeting-create"), {"week": str(WEEK), "date": "2024-09-16", "title": ""})
    agenda = client.get(Meeting.objects.get().get_absolute_url()).content.decode()
    assert "Gångtunneln vid Kvartsvägen" in agenda
    # Scripts (the map's data) and hidden form fields (the agenda's "Gör till fokusområde" posts
    # the cell it names) are not shown.
    for html in (page, document, agenda):
        visible = re.sub(r"<script.*?</script>", "", html, flags=re.S)
        visible = re.sub(r'<input type="hidden"[^>]*>', "", visible)
        assert not H3_ID.findall(visible)
        assert "(H3-cell" not in visible


def test_repeats_group_pins_and_text_together_and_are_named(cast: Cast) -> None:
    """The issue's week: the tunnel four times, pinned a little apart and once without a pin,
    was no repeat place when pins were grouped in 29 m cells and text ignored beside a pin."""
    import_gazetteer(
        "name,latitude,longitude\nGångtunneln vid Kvartsvägen,56.0150,13.0050\n".encode(),
        "ortnamn.csv",
        town(cast),
    )
    start = midweek(WEEK)
    points = [(56.0150, 13.0050), (56.0154, 13.0046), (56.0147, 13.0056), None]
    for days, point in enumerate(points):
        file_report(
            cast.bevakning,
            "klotter",
            start - timedelta(days=days),
            point=point,
            place_text="Gångtunneln vid Kvartsvägen" if days % 2 else "gångtunneln, Kvartsvägen",
        )
    # Three pins close together, no text at all: named after the nearest gazetteer place.
    for days in range(3):
        file_report(
            cast.bostad, "nedskrapning", start - timedelta(days=days), point=(56.0151, 13.0051)
        )
    places = analysis_for(cast.rut, cast).repeat_places
    assert [(p.count, p.label) for p in places] == [(7, "Gångtunneln vid Kvartsvägen")]
    assert all(h.name for h in analysis_for(cast.cecilia, cast).hotspots)


def test_a_viewer_without_sensitive_categories_is_told_what_the_lists_leave_out(
    cast: Cast,
) -> None:
    for_rut = client_for(cast.rut).get(reverse("week", args=[str(WEEK)])).content.decode()
    assert "utom de känsliga" in for_rut
    for_cecilia = client_for(cast.cecilia).get(reverse("week", args=[str(WEEK)])).content.decode()
    assert "utom de känsliga" not in for_cecilia


@pytest.mark.filterwarnings("ignore::UserWarning", "ignore::RuntimeWarning")
def test_a_square_whose_pins_fall_in_touching_cells_is_one_hotspot(cast: Cast) -> None:
    """The demo listed "Resecentrum" three times: its pins fell in three touching hot cells."""
    Area.objects.create(
        municipality=town(cast), code="ost", name="Öst", geometry=square(13.02, 56.0, 0.03)
    )
    square_cell = h3.latlng_to_cell(*TUNNEL, DEFAULT_RESOLUTION)
    beside = h3.cell_to_latlng(h3.grid_ring(square_cell, 1)[0])
    texts = {TUNNEL: ["Stortorget"] * 6, beside: ["Busstorget"] * 4 + ["Stortorget"] * 2}
    for point, names in texts.items():
        for i, name in enumerate(names):
            file_report(
                cast.bevakning,
                "klotter",
                midweek(WEEK if i < 2 else WEEK.previous(), 8 + i),
                point=(point[0] + i * 1e-5, point[1]),
                place_text=name,
            )
    (hotspot,) = analysis_for(cast.cecilia, cast).hotspots
    assert (hotspot.name, hotspot.also) == ("Stortorget", ("Busstorget",))
    assert (hotspot.count, hotspot.week_count, hotspot.district) == (12, 4, "ost")
    assert set(hotspot.cells) == {square_cell, h3.latlng_to_cell(*beside, DEFAULT_RESOLUTION)}
    assert hotspot.polygon["type"] == "Polygon" and len(hotspot.polygon["coordinates"]) == 1

    page = client_for(cast.cecilia).get(reverse("week", args=[str(WEEK)])).content.decode()
    assert "1 brännpunkt</caption>" in page and "även Busstorget" in page
    client_for(cast.cecilia).post(
        reverse("meeting-create"), {"week": str(WEEK), "date": "2024-09-16", "title": ""}
    )
    # The agenda is for every partner: no place texts (free text), so the district names it.
    meeting = Meeting.objects.get()
    (section,) = [s for s in meeting.agenda if s["key"] == "hotspots"]
    (item,) = section["items"]
    assert item["text"] == "Öst: 12 rapporter under perioden, varav 4 denna vecka (Gi* z = 4,9)"
    agenda = client_for(cast.cecilia).get(meeting.get_absolute_url()).content.decode()
    posted = re.search(r'name="fokus-h3_cells" value="([^"]*)"', agenda)
    assert posted and set(posted.group(1).split(",")) == set(hotspot.cells)
