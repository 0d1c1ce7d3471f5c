"""The analysis map names its hotspot period as the week page does: a running week's hotspots
are counted over its days so far ("16/11–7/12"), not over "fyra veckor", in the summary above
the map, in the week's JSON that the slider's script prints, and in the key; each count of
the summary has its own plural ("1 rapport med plats", "1 brännpunkt")."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from html import unescape

import time_machine
from django.test import Client
from django.urls import reverse

from lagesbild.analysis.tests.test_pages import CODE, client_of
from lagesbild.briefings.tests.test_places_audit import RUNNING, RUNNING_MONDAY, _tunnel
from lagesbild.testing import Cast

PAGE = reverse("analysis-map", kwargs={"code": CODE})


def _week_json(client: Client, week: str) -> dict:
    url = reverse("analysis-map-week", kwargs={"code": CODE, "week": week})
    return json.loads(client.get(url).content)


def _summary(page: str) -> str:
    """The text of the paragraph above the map."""
    match = re.search(r'<p id="map-summary"[^>]*>(.*?)</p>', page, re.S)
    assert match is not None
    return re.sub(r"\s+", " ", unescape(match.group(1))).strip()


def _english(client: Client) -> Client:
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    return client


def test_a_running_week_s_hotspots_are_labelled_by_their_days(cast: Cast) -> None:
    # Ten reports at the tunnel two weeks ago and two this Monday morning: one hotspot over the
    # 22 days 16/11–7/12 (reporting began long before, so not "since reporting began").
    with time_machine.travel(RUNNING_MONDAY, tick=False):
        times = [RUNNING_MONDAY - timedelta(days=14, hours=i) for i in range(10)]
        _tunnel(cast, times + [RUNNING_MONDAY - timedelta(hours=h) for h in (1, 2)])
        swedish = client_of(cast.anders)
        page = swedish.get(PAGE + f"?till={RUNNING}&veckor=2").content.decode()
        running = _week_json(swedish, str(RUNNING))
        ended = _week_json(swedish, "2026-W48")
        english_client = _english(client_of(cast.anders))
        english = english_client.get(PAGE + f"?till={RUNNING}&veckor=2").content.decode()
        english_running = _week_json(english_client, str(RUNNING))
    sentence = (
        "Vecka 2026-W50 (2026-12-07 – 2026-12-13): 2 rapporter med plats, 1 brännpunkt "
        "(16/11–7/12)."
    )
    assert _summary(page).startswith(sentence + " För få placerade rapporter")
    assert '<span id="analysis-map-hotspot-key">Brännpunkt (Gi*, 16/11–7/12)</span>' in page
    assert "data-template=" not in page.split('id="map-summary"')[1].split(">")[0]
    # The slider's script prints the week's JSON: the same sentence and legend.
    assert (running["summary"], running["hotspot_legend"]) == (
        sentence,
        "Brännpunkt (Gi*, 16/11–7/12)",
    )
    assert (running["in_progress"], running["hotspot_from"], running["hotspot_to"]) == (
        True,
        "2026-11-16",
        "2026-12-07",
    )
    # A week that is over counts its hotspots over four weeks, with its own plurals.
    assert (ended["summary"], ended["hotspot_legend"], ended["in_progress"]) == (
        "Vecka 2026-W48 (2026-11-23 – 2026-11-29): 10 rapporter med plats, 1 brännpunkt "
        "(fyra veckor).",
        "Brännpunkt (Gi*, fyra veckor)",
        False,
    )
    english_sentence = (
        "Week 2026-W50 (2026-12-07 – 2026-12-13): 2 reports with a position, 1 hotspot "
        "(16 Nov–7 Dec)."
    )
    assert _summary(english).startswith(english_sentence + " Too few")
    assert '<span id="analysis-map-hotspot-key">Hotspot (Gi*, 16 Nov–7 Dec)</span>' in english
    assert english_running["summary"] == english_sentence
    assert english_running["hotspot_legend"] == "Hotspot (Gi*, 16 Nov–7 Dec)"


def _legend(page: str) -> str:
    """The hotspots' entry in the week page's map key."""
    match = re.search(
        r'<span class="swatch swatch-hotspot" aria-hidden="true"></span>([^<]*)<', page
    )
    assert match is not None
    return unescape(match.group(1))


def test_the_week_page_s_legend_is_the_analysis_map_s(cast: Cast) -> None:
    # Both maps ask WeeklyAnalysis.hotspot_legend; the week page's template had its own choice.
    with time_machine.travel(RUNNING_MONDAY, tick=False):
        times = [RUNNING_MONDAY - timedelta(days=14, hours=i) for i in range(10)]
        _tunnel(cast, times + [RUNNING_MONDAY - timedelta(hours=h) for h in (1, 2)])
        legends = []
        for client in (client_of(cast.anders), _english(client_of(cast.anders))):
            for week in (str(RUNNING), "2026-W48"):
                page = client.get(reverse("week", args=[week])).content.decode()
                legends.append((_legend(page), _week_json(client, week)["hotspot_legend"]))
    assert legends == [
        ("Brännpunkt (Gi*, 16/11–7/12)",) * 2,
        ("Brännpunkt (Gi*, fyra veckor)",) * 2,
        ("Hotspot (Gi*, 16 Nov–7 Dec)",) * 2,
        ("Hotspot (Gi*, four weeks)",) * 2,
    ]
