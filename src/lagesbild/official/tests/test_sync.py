"""``lagesbild sync``: one polite call, an idempotent import, an audit entry, one line on failure.

The police answers are the recorded snapshots in shared/realdata/polisen, served by the fake
network as if the server had answered the sync's query. No Kolada or SCB answer was recorded
(shared/realdata/kolada and scb/SOURCES.md), so those documents follow FORMATS.md §3 and §4.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, ManagementUtility, call_command
from django.test import override_settings

from lagesbild.areas.models import Municipality
from lagesbild.audit.models import AuditEntry
from lagesbild.core.parsers import polisen
from lagesbild.core.parsers.scb import POPULATION_URL
from lagesbild.core.tests.samples import sample_path
from lagesbild.official import client as sources
from lagesbild.official import sync
from lagesbild.official.client import HttpResponse, SourceClient
from lagesbild.official.models import FetchLog, OfficialStatistic, PoliceEvent, Population
from lagesbild.official.municipalities import COUNTY_NAMES, code_for_name, county_name
from lagesbild.official.tests.fakes import ClockedTransport

# The one call a sync makes for Helsingborg: the municipality and its county, ";"-separated.
HELSINGBORG_URL = "https://polisen.se/api/events?locationname=Helsingborg;Sk%C3%A5ne%20l%C3%A4n"
KOLADA_URL = "https://api.kolada.se/v3/data/kpi/N07403,N07540/municipality/1283/year/2022,2023"
SNAPSHOT_2025 = "events-dnouri-2025-06-07.json"
SNAPSHOT_2026 = "events-dnouri.json"


def _sample(name: str) -> bytes:
    return sample_path("polisen", name).read_bytes()


@pytest.fixture
def network(monkeypatch: pytest.MonkeyPatch) -> ClockedTransport:
    """Give the command a client on the fake network and clock; answers are set per test."""
    transport = ClockedTransport({})
    clock = transport.clock
    monkeypatch.setattr(
        sources,
        "default_client",
        lambda: SourceClient(transport, clock=clock, sleep=clock.sleep),
    )
    return transport


def _run(*args: str) -> str:
    out = StringIO()
    call_command("sync", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def _answer(*bodies: bytes, status: int = 200) -> list[HttpResponse | Exception]:
    return [HttpResponse(status, body) for body in bodies]


# --- polisen.se ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_2025_and_2026_snapshots_give_helsingborgs_events_whatever_location_name_says(
    network: ClockedTransport,
) -> None:
    network.answers[HELSINGBORG_URL] = _answer(_sample(SNAPSHOT_2025), _sample(SNAPSHOT_2026))
    first = _run("polisen", "--location", "Helsingborg")
    network.clock.sleep(1800)  # cron, half an hour later
    second = _run("polisen", "--location", "1283")
    assert "10 nya" in first and "490 från andra orter ignorerade" in first
    assert "8 nya" in second and "492 från andra orter ignorerade" in second
    events = PoliceEvent.objects.all()
    assert events.count() == 18 and {e.municipality_code for e in events} == {"1283"}
    # The 2026 notices carry only the county; the title still names Helsingborg.
    assert events.filter(location_name="Skåne län").count() == 8
    assert len(network.requests) == 2


@pytest.mark.django_db
def test_a_second_run_against_the_same_answer_adds_nothing(network: ClockedTransport) -> None:
    network.answers[HELSINGBORG_URL] = _answer(_sample(SNAPSHOT_2025))
    _run("polisen", "--location", "Helsingborg")
    network.clock.sleep(1800)
    again = _run("polisen", "--location", "Helsingborg")
    assert "0 nya, 0 uppdaterade, 10 oförändrade" in again
    assert PoliceEvent.objects.count() == 10


@pytest.mark.django_db
def test_an_event_edited_upstream_updates_the_stored_one(network: ClockedTransport) -> None:
    events = json.loads(_sample(SNAPSHOT_2025))
    edited = json.loads(_sample(SNAPSHOT_2025))
    target = next(e for e in edited if e["name"].endswith(", Helsingborg"))
    target["datetime"] = "2025-06-07 23:59:00 +02:00"
    target["summary"] = "Uppdaterad: två personer omhändertogs."
    network.answers[HELSINGBORG_URL] = _answer(
        json.dumps(events).encode(), json.dumps(edited).encode()
    )
    _run("polisen", "--location", "Helsingborg")
    network.clock.sleep(1800)
    line = _run("polisen", "--location", "Helsingborg")
    assert "0 nya, 1 uppdaterade, 9 oförändrade" in line
    stored = PoliceEvent.objects.get(event_id=target["id"])
    assert stored.summary == "Uppdaterad: två personer omhändertogs."


@pytest.mark.django_db
@override_settings(LAGESBILD_CONTACT="brottsforebyggande@example.se")
def test_the_user_agent_names_the_app_and_the_contact(network: ClockedTransport) -> None:
    network.answers[HELSINGBORG_URL] = _answer(_sample(SNAPSHOT_2026))
    _run("polisen", "--location", "Helsingborg")
    agent = network.requests[0].headers["User-Agent"]
    assert agent.startswith("Lagesbild/") and "kontakt: brottsforebyggande@example.se" in agent


@pytest.mark.django_db
def test_two_runs_close_together_keep_ten_seconds_apart(network: ClockedTransport) -> None:
    network.answers[HELSINGBORG_URL] = _answer(_sample(SNAPSHOT_2025))
    _run("polisen", "--location", "Helsingborg")
    network.clock.sleep(3)  # someone runs it again by hand
    _run("polisen", "--location", "Helsingborg")
    assert network.clock.slept == [3, 7.0]
    assert network.times[1] - network.times[0] == timedelta(seconds=10)
    assert FetchLog.objects.filter(source="polisen").count() == 2


@pytest.mark.django_db
def test_a_run_over_the_hourly_limit_is_refused_in_one_line_without_a_call(
    network: ClockedTransport,
) -> None:
    now = network.clock.now
    FetchLog.objects.bulk_create(
        FetchLog(
            source="polisen", url=HELSINGBORG_URL, at=now - timedelta(seconds=30 * i), status=200
        )
        for i in range(1, 61)
    )
    network.answers[HELSINGBORG_URL] = _answer(_sample(SNAPSHOT_2025))
    with pytest.raises(CommandError, match="next call") as refused:
        _run("polisen", "--location", "Helsingborg")
    assert refused.value.returncode == 1 and "\n" not in str(refused.value)
    assert network.requests == []


@pytest.mark.django_db
def test_each_location_is_one_call_and_a_dry_run_writes_nothing(network: ClockedTransport) -> None:
    lund = "https://polisen.se/api/events?locationname=Lund;Sk%C3%A5ne%20l%C3%A4n"
    network.answers[HELSINGBORG_URL] = _answer(_sample(SNAPSHOT_2025))
    network.answers[lund] = _answer(_sample(SNAPSHOT_2025))
    out = _run("polisen", "--location", "Helsingborg", "--location", "Lund", "--dry-run")
    assert [r.url for r in network.requests] == [HELSINGBORG_URL, lund]
    assert out.count("Provkörning") == 2 and not PoliceEvent.objects.exists()


@pytest.mark.django_db
def test_every_sync_is_audited_including_a_failed_one(network: ClockedTransport) -> None:
    network.answers[HELSINGBORG_URL] = _answer(_sample(SNAPSHOT_2025))
    _run("polisen", "--location", "Helsingborg")
    network.answers[HELSINGBORG_URL] = _answer(b"", status=404)
    network.clock.sleep(60)
    with pytest.raises(CommandError):
        _run("polisen", "--location", "Helsingborg")
    entries = AuditEntry.objects.filter(action="lagesbild.sync.polisen").order_by("pk")
    assert [e.detail["ok"] for e in entries] == [True, False]
    assert entries[0].detail["summary"]["created"] == 10 and "404" in entries[1].detail["error"]


@pytest.mark.django_db
def test_a_404_is_one_clear_line_a_non_zero_exit_and_never_retried(
    network: ClockedTransport,
) -> None:
    network.answers[HELSINGBORG_URL] = _answer(b"", status=404)
    with pytest.raises(CommandError, match="404 Not Found") as failed:
        _run("polisen", "--location", "Helsingborg")
    assert failed.value.returncode == 1 and "\n" not in str(failed.value)
    assert len(network.requests) == 1 and network.clock.slept == []
    network.clock.sleep(3600)
    with pytest.raises(CommandError, match="never to call it again"):
        _run("polisen", "--location", "Helsingborg")
    assert len(network.requests) == 1


@pytest.mark.django_db
def test_a_500_is_retried_with_growing_waits_then_ends_in_one_line(
    network: ClockedTransport,
) -> None:
    network.answers[HELSINGBORG_URL] = _answer(b"", status=500)
    with pytest.raises(CommandError, match="HTTP 500") as failed:
        _run("polisen", "--location", "Helsingborg")
    assert failed.value.returncode == 1
    # Backoff 5, 10, 20 s; the first is topped up to polisen.se's 10 s between calls.
    assert len(network.requests) == 4 and network.clock.slept == [5.0, 5.0, 10.0, 20.0]
    assert not PoliceEvent.objects.exists()


@pytest.mark.django_db
def test_an_unknown_place_is_refused_before_any_call(network: ClockedTransport) -> None:
    with pytest.raises(CommandError, match="not a Swedish municipality"):
        _run("polisen", "--location", "Atlantis")
    assert network.requests == []


def test_only_the_titles_place_decides_and_unreadable_events_are_kept() -> None:
    events = [
        {"name": "06 juni 10.52, Trafikolycka, Helsingborg"},
        {"name": "21 augusti 13.13, Trafikolycka, singel, Helsingborg"},
        {"name": "06 juni 10.52, Brand, Lund"},
        {"name": "06 juni 10.52, Sammanfattning natt, Skåne län"},
        {"id": 1},
    ]
    kept, dropped = sync.events_in_municipality(json.dumps(events).encode(), "answer", "1283")
    assert dropped == 2
    assert json.loads(kept) == [events[0], events[1], events[4]]


def test_the_county_table_matches_the_counties_the_police_name_in_2026() -> None:
    result = polisen.parse_events(_sample(SNAPSHOT_2026), SNAPSHOT_2026)
    seen = 0
    for event in result.records:
        code = code_for_name(event.municipality) if event.municipality else None
        if code:
            assert county_name(code) == event.location_name, (event.id, event.municipality)
            seen += 1
    counties = {e.location_name for e in result.records}
    assert seen > 300 and set(COUNTY_NAMES.values()) == counties
    geojson = json.loads(sample_path("geo", "swedish_regions-okfse.geojson").read_text("utf-8"))
    assert {int(code) for code in COUNTY_NAMES} == {
        f["properties"]["l_id"] for f in geojson["features"]
    }


# --- Kolada and SCB -----------------------------------------------------------------------------


def _kolada_page(rows: list[tuple[str, int, float]], next_url: str | None = None) -> bytes:
    values = [
        {
            "kpi": kpi,
            "municipality": "1283",
            "period": year,
            "values": [{"gender": "T", "value": value, "count": 1, "status": ""}],
        }
        for kpi, year, value in rows
    ]
    return json.dumps({"count": len(values), "values": values, "next_url": next_url}).encode()


@pytest.mark.django_db
def test_kolada_follows_next_url_across_two_pages_in_one_paged_request(
    network: ClockedTransport,
) -> None:
    page_2 = KOLADA_URL + "?page=2"
    network.answers[KOLADA_URL] = _answer(
        _kolada_page([("N07403", 2022, 1101.0), ("N07403", 2023, 1180.5)], page_2)
    )
    network.answers[page_2] = _answer(
        _kolada_page([("N07540", 2022, 11800.0), ("N07540", 2023, 12050.0)])
    )
    args = ("kolada", "--municipality", "Helsingborg", "--kpi", "N07403", "N07540")
    first = _run(*args, "--years", "2022-2023")
    again = _run(*args, "--years", "2022-2023")
    assert [r.url for r in network.requests] == [KOLADA_URL, page_2] * 2
    assert "4 nya" in first and "0 nya, 0 uppdaterade, 4 oförändrade" in again
    stored = OfficialStatistic.objects.get(source="kolada", series="N07540", period="2023")
    assert stored.value == 12050.0 and stored.municipality_code == "1283"


def _population(values: dict[str, list[int]], years: list[int]) -> bytes:
    codes = list(values)
    return json.dumps(
        {
            "dataset": {
                "label": "Folkmängd efter region och år",
                "source": "SCB",
                "dimension": {
                    "id": ["Region", "ContentsCode", "Tid"],
                    "size": [len(codes), 1, len(years)],
                    "Region": {"category": {"index": {c: i for i, c in enumerate(codes)}}},
                    "ContentsCode": {"category": {"index": {"BE0101N1": 0}}},
                    "Tid": {"category": {"index": {str(y): i for i, y in enumerate(years)}}},
                },
                "value": [n for code in codes for n in values[code]],
            }
        }
    ).encode()


@pytest.mark.django_db
def test_scb_population_is_one_query_for_the_municipalities_in_the_database(
    network: ClockedTransport,
) -> None:
    Municipality.objects.create(code="1283", name="Helsingborg")
    Municipality.objects.create(code="1280", name="Malmö")
    Municipality.objects.create(code="9001", name="Leicester")  # not Swedish: not asked for
    body = _population({"1280": [357377, 362133], "1283": [149280, 151460]}, [2022, 2023])
    network.answers[POPULATION_URL] = _answer(body)
    out = _run("scb-population", "--years", "2022-2023")
    (request,) = network.requests
    assert request.body is not None
    query = json.loads(request.body)
    assert request.method == "POST" and query["query"][0]["selection"]["values"] == ["1280", "1283"]
    assert (
        "4 nya" in out
        and Population.objects.get(municipality_code="1283", year=2023).population == 151460
    )


@pytest.mark.django_db
def test_a_kolada_404_is_reported_and_not_retried(network: ClockedTransport) -> None:
    with pytest.raises(CommandError, match="404 Not Found") as failed:
        _run(
            "kolada", "--municipality", "1283", "--kpi", "N07403", "N07540", "--years", "2022-2023"
        )
    assert failed.value.returncode == 1 and len(network.requests) == 1


@pytest.mark.django_db
def test_kolada_and_scb_need_a_municipality_when_the_database_has_none(
    network: ClockedTransport,
) -> None:
    with pytest.raises(CommandError, match="--municipality"):
        _run("scb-population")
    assert network.requests == []


# --- options -------------------------------------------------------------------------------------


def test_years_are_read_as_ranges_and_lists() -> None:
    assert sync.parse_years("2015-2024") == list(range(2015, 2025))
    assert sync.parse_years("2019, 2021–2022") == [2019, 2021, 2022]
    for bad in ("2024-2015", "tjugo", "1900-2000"):
        with pytest.raises(sync.SyncError):
            sync.parse_years(bad)


def test_default_years_end_with_the_last_year_whose_figures_are_out() -> None:
    assert sync.default_years(date(2026, 3, 31)) == list(range(2015, 2025))
    assert sync.default_years(date(2026, 4, 1)) == list(range(2016, 2026))


def test_the_kpi_list_comes_from_the_setting_else_the_verified_default() -> None:
    assert sync.configured_kpis() == sync.DEFAULT_KOLADA_KPIS == ("N07403",)
    with override_settings(LAGESBILD_KOLADA_KPIS="N07403, N07540"):
        assert sync.configured_kpis() == ("N07403", "N07540")
    with override_settings(LAGESBILD_KOLADA_KPIS=["N07403", "../kpi"]):
        with pytest.raises(sync.SyncError, match="not Kolada KPI ids"):
            sync.configured_kpis()


@pytest.mark.parametrize(
    "args",
    [
        ["sync", "--help"],
        ["sync", "polisen", "--help"],
        ["sync", "kolada", "--help"],
        ["sync", "scb-population", "--help"],
        ["import", "policeuk", "--help"],
        ["import", "areas", "--help"],
    ],
)
def test_every_new_command_has_help(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """In this process, as the console script runs a command (``lagesbild.cli`` hands it to
    Django's ``execute_from_command_line``); the script itself runs in test_cli_errors.py."""
    with pytest.raises(SystemExit) as ended:
        ManagementUtility(["lagesbild", *args]).execute()
    assert ended.value.code == 0 and "usage: lagesbild" in capsys.readouterr().out
