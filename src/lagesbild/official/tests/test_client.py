"""The source client: User-Agent, HTTPS only, polisen.se's rate rules, 404 and retries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings

from lagesbild.core.parsers.polisen import EVENTS_URL
from lagesbild.core.tests.samples import sample_path
from lagesbild.official.client import (
    FetchError,
    HttpResponse,
    NotFoundError,
    RateLimitedError,
    SourceClient,
    fetch_polisen,
    user_agent,
)
from lagesbild.official.importing import import_polisen
from lagesbild.official.models import FetchLog, PoliceEvent
from lagesbild.official.tests.fakes import FakeClock, FakeTransport

pytestmark = pytest.mark.django_db

HELSINGBORG_URL = f"{EVENTS_URL}?locationname=Helsingborg"


def _sample(name: str) -> bytes:
    return sample_path("polisen", name).read_bytes()


def _client(transport: FakeTransport, clock: FakeClock, **options) -> SourceClient:
    transport.clock = clock
    return SourceClient(transport, clock=clock, sleep=clock.sleep, **options)


@override_settings(LAGESBILD_CONTACT="brottsforebyggande@helsingborg.se")
def test_every_request_names_the_app_its_version_and_the_contact() -> None:
    clock = FakeClock()
    transport = FakeTransport({EVENTS_URL: [HttpResponse(200, _sample("events-dnouri.json"))]})
    fetch_polisen(_client(transport, clock))
    agent = transport.requests[0].headers["User-Agent"]
    assert agent == user_agent() and agent.startswith("Lagesbild/")
    assert "kontakt: brottsforebyggande@helsingborg.se" in agent


def test_fetched_events_import_like_the_saved_file() -> None:
    clock = FakeClock()
    body = _sample("events-dnouri-2025-06-07.json")
    transport = FakeTransport({HELSINGBORG_URL: [HttpResponse(200, body)]})
    url, data = fetch_polisen(_client(transport, clock), "Helsingborg")
    summary = import_polisen(data, url)
    assert (
        summary.created == 500
        and PoliceEvent.objects.filter(municipality_code="1283").count() == 10
    )
    assert list(FetchLog.objects.values_list("source", "url", "status")) == [("polisen", url, 200)]


def test_calls_to_polisen_are_at_least_ten_seconds_apart() -> None:
    clock = FakeClock()
    transport = FakeTransport({EVENTS_URL: [HttpResponse(200, b"[]")]})
    client = _client(transport, clock)
    for _ in range(3):
        client.get("polisen", EVENTS_URL)
    gaps = [
        later - earlier
        for earlier, later in zip(transport.times, transport.times[1:], strict=False)
    ]
    assert gaps == [timedelta(seconds=10)] * 2 and clock.slept == [10.0, 10.0]


def test_the_hourly_limit_holds_across_clients_because_the_history_is_stored() -> None:
    clock = FakeClock()
    for minute in range(60):
        FetchLog.objects.create(
            source="polisen",
            url=EVENTS_URL,
            at=clock.now - timedelta(minutes=59, seconds=30) + timedelta(seconds=minute),
            status=200,
        )
    transport = FakeTransport({EVENTS_URL: [HttpResponse(200, b"[]")]})
    _client(transport, clock).get("polisen", EVENTS_URL)
    # The oldest of the 60 calls leaves the hour window 30 s from now.
    assert clock.slept == [30.0] and len(transport.requests) == 1


def test_a_call_that_would_wait_too_long_is_refused_without_sleeping() -> None:
    clock = FakeClock()
    for second in range(60):
        FetchLog.objects.create(
            source="polisen",
            url=EVENTS_URL,
            at=clock.now - timedelta(seconds=60 - second),
            status=200,
        )
    transport = FakeTransport({EVENTS_URL: [HttpResponse(200, b"[]")]})
    with pytest.raises(RateLimitedError, match="next call"):
        _client(transport, clock).get("polisen", EVENTS_URL)
    assert transport.requests == [] and clock.slept == []


def test_a_404_is_permanent_and_that_address_is_never_called_again() -> None:
    clock = FakeClock()
    gone = f"{EVENTS_URL}?locationname=Atlantis"
    transport = FakeTransport({gone: [HttpResponse(404, b"")]})
    client = _client(transport, clock)
    with pytest.raises(NotFoundError, match="404"):
        client.get("polisen", gone)
    assert len(transport.requests) == 1
    with pytest.raises(NotFoundError, match="never"):
        _client(transport, FakeClock(now=clock.now + timedelta(days=3))).get("polisen", gone)
    assert len(transport.requests) == 1


def test_server_errors_and_timeouts_are_retried_with_growing_waits() -> None:
    clock = FakeClock()
    body = _sample("events-gob449-2023-04-20.json")
    transport = FakeTransport(
        {EVENTS_URL: [HttpResponse(503, b""), TimeoutError("timed out"), HttpResponse(200, body)]}
    )
    assert _client(transport, clock, backoff=20.0).get("polisen", EVENTS_URL) == body
    assert clock.slept == [20.0, 40.0]
    assert list(FetchLog.objects.order_by("at").values_list("status", flat=True)) == [
        503,
        None,
        200,
    ]


def test_a_source_that_keeps_failing_ends_in_one_clear_error() -> None:
    clock = FakeClock()
    transport = FakeTransport({EVENTS_URL: [HttpResponse(502, b"")]})
    with pytest.raises(FetchError, match="HTTP 502"):
        _client(transport, clock, retries=2).get("polisen", EVENTS_URL)
    assert len(transport.requests) == 3


def test_429_and_403_are_not_retried() -> None:
    clock = FakeClock()
    transport = FakeTransport({EVENTS_URL: [HttpResponse(429, b"")]})
    with pytest.raises(RateLimitedError, match="429"):
        _client(transport, clock).get("polisen", EVENTS_URL)
    transport = FakeTransport({EVENTS_URL: [HttpResponse(403, b"")]})
    with pytest.raises(FetchError, match="User-Agent"):
        _client(transport, clock).get("polisen", EVENTS_URL)
    assert len(transport.requests) == 1


def test_plain_http_is_refused_before_any_request() -> None:
    transport = FakeTransport({})
    with pytest.raises(FetchError, match="HTTPS"):
        _client(transport, FakeClock()).get("polisen", "http://polisen.se/api/events")
    assert transport.requests == []


def test_the_import_command_fetches_polisen_through_the_client(monkeypatch) -> None:
    from io import StringIO

    from django.core.management import call_command

    from lagesbild.official import client as sources

    clock = FakeClock()
    body = _sample("events-dnouri-2025-06-07.json")
    transport = FakeTransport({HELSINGBORG_URL: [HttpResponse(200, body)]}, clock)
    monkeypatch.setattr(
        sources, "default_client", lambda: SourceClient(transport, clock=clock, sleep=clock.sleep)
    )
    out = StringIO()
    call_command("import", "polisen", "--fetch", "--location", "Helsingborg", stdout=out)
    assert "500 nya" in out.getvalue() and transport.requests[0].url == HELSINGBORG_URL
