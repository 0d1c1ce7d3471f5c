"""Importing Kolada KPI values and SCB population, from documents and through the fake network.

No real Kolada or SCB answer was recorded (shared/realdata/kolada and scb/SOURCES.md), so the
documents here follow the documented formats (FORMATS.md §3 and §4).
"""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from lagesbild.core.parsers.scb import POPULATION_URL
from lagesbild.official import client as sources
from lagesbild.official.client import HttpResponse, SourceClient, fetch_kolada, fetch_scb
from lagesbild.official.importing import import_kolada, import_scb, merge_kolada_pages
from lagesbild.official.models import FetchLog, OfficialStatistic, Population
from lagesbild.official.tests.fakes import FakeClock, FakeTransport

pytestmark = pytest.mark.django_db

KOLADA_URL = "https://api.kolada.se/v3/data/kpi/N07403/municipality/1283/year/2023"
KOLADA_PAGE_2 = KOLADA_URL + "?page=2"


def _kolada(period: int, value: float | None, next_url: str | None = None) -> bytes:
    row = {
        "kpi": "N07403",
        "municipality": "1283",
        "period": period,
        "values": [
            {"gender": "T", "value": value, "count": 1, "status": ""},
            {"gender": "K", "value": 700.0, "count": 1, "status": ""},
        ],
    }
    document = {"count": 1, "values": [row], **({"next_url": next_url} if next_url else {})}
    return json.dumps(document).encode()


def _scb(values: list[int]) -> bytes:
    return json.dumps(
        {
            "dataset": {
                "label": "Folkmängd",
                "source": "SCB",
                "dimension": {
                    "id": ["Region", "ContentsCode", "Tid"],
                    "size": [1, 1, len(values)],
                    "Region": {
                        "category": {"index": {"1283": 0}, "label": {"1283": "Helsingborg"}}
                    },
                    "ContentsCode": {"category": {"index": {"BE0101N1": 0}}},
                    "Tid": {"category": {"index": {str(2020 + i): i for i in range(len(values))}}},
                },
                "value": values,
            }
        }
    ).encode()


def test_kolada_values_import_the_total_and_skip_women_and_men() -> None:
    summary = import_kolada(_kolada(2023, 812.5), "kolada.json")
    assert (summary.created, summary.skipped) == (1, 1)
    row = OfficialStatistic.objects.get(source="kolada")
    assert (row.municipality_code, row.series, row.period, row.value) == (
        "1283",
        "N07403",
        "2023",
        812.5,
    )
    again = import_kolada(_kolada(2023, 812.5), "kolada.json")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert import_kolada(_kolada(2023, 820.0), "kolada.json").updated == 1


def test_kolada_pages_are_followed_through_the_fake_network_and_merged() -> None:
    clock = FakeClock()
    transport = FakeTransport(
        {
            KOLADA_URL: [HttpResponse(200, _kolada(2023, 812.5, next_url=KOLADA_PAGE_2))],
            KOLADA_PAGE_2: [HttpResponse(200, _kolada(2022, 790.0))],
        }
    )
    client = SourceClient(transport, clock=clock, sleep=clock.sleep)
    url, pages = fetch_kolada(client, "N07403", "1283", 2023)
    summary = import_kolada(merge_kolada_pages(pages, url), url)
    assert summary.created == 2 and len(transport.requests) == 2
    assert clock.slept == []  # Kolada has no published per-call interval
    assert set(OfficialStatistic.objects.values_list("period", "value")) == {
        ("2023", 812.5),
        ("2022", 790.0),
    }


def test_scb_population_imports_and_re_imports_unchanged() -> None:
    summary = import_scb(_scb([149280, 149906]), "scb.json")
    assert summary.created == 2
    assert dict(Population.objects.values_list("year", "population")) == {
        2020: 149280,
        2021: 149906,
    }
    assert import_scb(_scb([149280, 149906]), "scb.json").unchanged == 2


def test_scb_is_fetched_with_a_post_of_the_pxweb_query() -> None:
    transport = FakeTransport({POPULATION_URL: [HttpResponse(200, _scb([149280]))]})
    clock = FakeClock()
    url, body = fetch_scb(SourceClient(transport, clock=clock, sleep=clock.sleep), "1283", [2020])
    request = transport.requests[0]
    assert request.body is not None
    query = json.loads(request.body)
    assert request.method == "POST" and request.headers["Content-Type"] == "application/json"
    assert query["query"][0]["selection"]["values"] == ["1283"]
    assert import_scb(body, url).created == 1


def test_the_import_command_fetches_kolada_and_scb_through_the_client(monkeypatch) -> None:
    clock = FakeClock()
    transport = FakeTransport(
        {
            KOLADA_URL: [HttpResponse(200, _kolada(2023, 812.5))],
            POPULATION_URL: [HttpResponse(200, _scb([149280, 149906, 151000, 152000]))],
        }
    )
    monkeypatch.setattr(
        sources, "default_client", lambda: SourceClient(transport, clock=clock, sleep=clock.sleep)
    )
    out = StringIO()
    call_command(
        "import",
        "kolada",
        "--fetch",
        "--kpi",
        "N07403",
        "--municipality",
        "Helsingborg",
        "--year",
        "2023",
        stdout=out,
    )
    call_command("import", "scb", "--fetch", "--municipality", "1283", "--year", "2023", stdout=out)
    assert "1 nya" in out.getvalue() and "4 nya" in out.getvalue()
    assert FetchLog.objects.count() == 2


def test_fetching_needs_the_municipality_and_year() -> None:
    with pytest.raises(CommandError, match="--municipality"):
        call_command("import", "scb", "--fetch", "--year", "2023")
    with pytest.raises(CommandError, match="not both"):
        call_command("import", "scb", "x.json", "--fetch")
