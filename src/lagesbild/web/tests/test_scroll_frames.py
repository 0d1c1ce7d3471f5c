"""A table's frame (.table-wrap) is a tab stop exactly when its table can scroll sideways.

A frame that scrolls must take focus, or a keyboard cannot scroll it (axe's
scrollable-region-focusable), and a tab stop must say what it is: the one ``scroll_frame`` tag
writes both. A frame whose table fits every screen is no tab stop. Which frames scroll was
measured in Chromium at 320, 390 and 1280 px on the demo (the layout tests keep the tables that
fit); here only the markup is checked, with the test client.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.template import Context, Template

from lagesbild.testing import Cast, client_for

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
FRAME = re.compile(r'<div class="table-wrap[^"]*"[^>]*>')


def render(source: str, **context: object) -> str:
    return Template("{% load lagesbild %}" + source).render(Context(context))


def frames(html: str) -> list[dict[str, str]]:
    """Each table frame's attributes, in the page's order."""
    return [dict(re.findall(r'([\w-]+)="([^"]*)"', tag)) for tag in FRAME.findall(html)]


def assert_tab_stops_are_named(html: str) -> list[str]:
    """Check that every focusable frame is a group named by one element of the page, and give
    the names' ids."""
    labels = []
    for frame in frames(html):
        if "tabindex" not in frame:
            continue
        assert frame["tabindex"] == "0" and frame["role"] == "group", frame
        label = frame["aria-labelledby"]
        assert html.count(f'id="{label}"') == 1, f"{label} names no single element"
        labels.append(label)
    return labels


def test_the_tag_writes_a_named_tab_stop_or_only_the_frame() -> None:
    assert render('<div {% scroll_frame "agenda-" key %}>', key="measures") == (
        '<div class="table-wrap" tabindex="0" role="group" aria-labelledby="agenda-measures">'
    )
    assert render('<div {% scroll_frame "x" extra_class="values-table" %}>') == (
        '<div class="table-wrap values-table" tabindex="0" role="group" aria-labelledby="x">'
    )
    # On paper (the PDF's and Word's renderings) and without a name it is only the frame.
    assert render('<div {% scroll_frame "x" focusable=web %}>', web=False) == (
        '<div class="table-wrap">'
    )
    assert render("<div {% scroll_frame label %}>", label="") == '<div class="table-wrap">'
    assert 'aria-labelledby="a&quot;b"' in render("<div {% scroll_frame label %}>", label='a"b')


def test_no_template_makes_a_tab_stop_by_hand() -> None:
    """The rule lives in one place: a frame that is a tab stop comes from scroll_frame."""
    by_hand = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if 'tabindex="0"' in path.read_text(encoding="utf-8")
    ]
    assert by_hand == []


def test_a_table_that_fits_every_screen_is_no_tab_stop(cast: Cast) -> None:
    """The members are a block each on a phone (table.rows-on-phone): they never scroll."""
    html = client_for(cast.cecilia).get("/medlemmar/").content.decode()
    assert frames(html) and not assert_tab_stops_are_named(html)


def test_the_weeks_scrolling_frames_are_named_tab_stops(cast: Cast) -> None:
    html = client_for(cast.cecilia).get("/vecka/", follow=True).content.decode()
    assert {"by-category", "by-district"} <= set(assert_tab_stops_are_named(html))


def make_scrolling_lists(cast: Cast) -> None:
    """A meeting, a statutory document's version and an import mapping: one row in each of the
    lists that scroll sideways on a phone."""
    from django.utils import timezone

    from lagesbild.core.weeks import IsoWeek
    from lagesbild.meetings.services import create_meeting
    from lagesbild.reports.models import ImportMapping
    from lagesbild.statutory.models import StatutoryDocument

    week = IsoWeek.containing(timezone.localdate()).previous()
    create_meeting(cast.municipality, week, week.sunday)
    StatutoryDocument.objects.create(municipality=cast.municipality, year=2025, version=1)
    ImportMapping.objects.create(
        organisation=cast.bevakning,
        name="Vaktsystemet",
        columns={"category": "Händelsetyp", "occurred_from": "Tidpunkt"},
        date_format="%d/%m/%Y %H.%M",
    )


def test_the_lists_that_scroll_on_a_320_px_phone_are_named_tab_stops(cast: Cast) -> None:
    """Measured in Chromium on the demo: the meetings (345 px in a 288 px frame at 320 px), the
    statutory document's versions (357 in 288) and the import mappings (784 in 288, and in 358
    at 390 px) scroll sideways on a phone; each frame is named by its page's heading or its
    table's caption."""
    make_scrolling_lists(cast)
    client = client_for(cast.cecilia)
    for path, label, name in (
        ("/moten/", "meetings-heading", "Lägesbildsmöten – Exempeltorp"),
        ("/lagesbild-atgardsplan/", "versions-caption", "Versioner"),
        ("/rapporter/import/mappningar/", "mappings-caption", "1 kolumnmappning"),
    ):
        html = client.get(path).content.decode()
        assert assert_tab_stops_are_named(html) == [label], path
        assert re.search(rf'id="{label}">{name}<', html), path


def test_the_regional_overview_is_a_named_tab_stop(cast: Cast) -> None:
    """Measured in Chromium: eight columns, 769 px in a 288 px frame at 320 px and in 358 at
    390 px; it fits a 1280 px laptop."""
    html = client_for(cast.vilma).get("/region/").content.decode()  # in two municipalities
    assert assert_tab_stops_are_named(html) == ["region-caption"]
