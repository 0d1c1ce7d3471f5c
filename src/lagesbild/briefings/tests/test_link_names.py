"""Links and buttons that share a name say which item they act on.

An audit found 28 links 'Besluta åtgärd' on a week page and two links named 'rapporter' (the
CSV's and the GeoJSON's): a screen reader's list of links could not tell them apart.
"""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from lagesbild.briefings.tests.test_brief import WEEK, busy_week
from lagesbild.testing import Cast, client_for


def week_page(client: Client) -> str:
    return client.get(reverse("week", args=[WEEK])).content.decode()


def test_each_decide_link_is_described_by_its_place_and_district(cast: Cast) -> None:
    busy_week(cast)  # five repeat places in Norr and Söder
    html = week_page(client_for(cast.cecilia))
    links = re.findall(r'<a class="finding-action" href="[^"]*" aria-describedby="([^"]*)">', html)
    assert links[:2] == ["place-1 place-1-district", "place-2 place-2-district"]
    assert len(links) == len(set(links)) == html.count(">Besluta åtgärd</a>")
    # An unnamed place is told from another by its district.
    assert '<span id="place-1" class="muted">(namnlös plats)</span>' in html
    assert '<td id="place-1-district">Söder</td>' in html


def test_the_export_links_are_named_by_their_format(cast: Cast) -> None:
    html = week_page(client_for(cast.cecilia))
    for name in ("CSV: rapporter", "GeoJSON: rapporter", "CSV: stadsdelar"):
        assert f'aria-label="{name}"' in html
    client = client_for(cast.cecilia)
    client.cookies["django_language"] = "en"
    english = week_page(client)
    assert 'aria-label="CSV: reports"' in english and 'aria-label="GeoJSON: reports"' in english
