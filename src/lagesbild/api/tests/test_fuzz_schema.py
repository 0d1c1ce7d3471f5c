"""Fuzz the API against its own OpenAPI schema with schemathesis.

Schemathesis takes the schema that /api/schema/ serves (drf-spectacular), calls the Django WSGI
app in-process with requests it generates for every operation (valid and invalid parameters,
bodies, path values) and checks that no answer is a 5xx and every answer matches the schema. The
calls carry a token with every scope of the security company, so they get past authentication to
the code that parses and answers; the world holds reports (one sensitive), a measure, a meeting, a
goal and Brå figures so that lists are not empty.

In-process WSGI calls share the test's database connection, so the plain ``db`` fixture (one
transaction per operation, rolled back) is enough, once the WSGI handler is kept from closing
that connection at the end of each request (as Django's test client does): on PostgreSQL it would
otherwise close the test's transaction after the first call.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import BaseSchema
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from lagesbild.api.docs import api_schema
from lagesbild.testing import STOCKHOLM, Cast, file_report, store_bra

WHEN = datetime(2024, 9, 11, 22, 15, tzinfo=STOCKHOLM)


def _load_schema() -> BaseSchema:
    """Return the schema /api/schema/ serves, made without calling it.

    The endpoint's rate limit counts in the cache, a database table, and the database is closed
    while tests are collected.
    """
    served = json.loads(OpenApiJsonRenderer().render(api_schema()))
    loaded = schemathesis.openapi.from_dict(served)
    loaded.app = get_wsgi_application()
    return loaded


schema = _load_schema()


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """Stop Django's request signals from closing the connection the test transaction lives in."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(cast: Cast) -> Iterator[str]:
    """A token with every scope for the security company, in a town with something to show."""
    from lagesbild.api.models import Scope
    from lagesbild.api.services import create_token
    from lagesbild.goals.models import Goal, Indicator
    from lagesbild.measures.tests.helpers import make_measure
    from lagesbild.meetings.models import Meeting

    file_report(cast.bevakning, "klotter", WHEN, Cast.NORR_POINT, "Tag på gaveln")
    file_report(cast.bostad, "narkotika_forsaljning", WHEN, Cast.SODER_POINT, "Langning")
    make_measure(cast)
    Meeting.objects.create(
        municipality=cast.municipality, date=date(2024, 9, 16), iso_week="2024-W37"
    )
    goal = Goal.objects.create(municipality=cast.municipality, title="En trygg kommun")
    Indicator.objects.create(goal=goal, name="Beslag", kind="entered", direction="increase")
    # Brå figures, so the statistics endpoints have a series
    vandalism = {year: 900 - 10 * (year - 2015) for year in range(2015, 2025)}
    store_bra(cast.municipality.code, "skadegorelse", vandalism)
    scopes = [Scope.READ, Scope.EXPORT, Scope.REPORT_WRITE]
    secret = create_token(cast.bevakning, "Fuzz", scopes).secret
    cache.clear()  # the rate limits count per token in the cache
    yield secret
    cache.clear()


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    # One world per operation, shared by its examples: that is the point of the fixture.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_api_answer_is_a_server_error_or_breaks_the_schema(
    case: schemathesis.Case, token: str
) -> None:
    cache.clear()  # 600 calls a minute is the limit; a fuzzer is faster
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"},
        checks=[not_a_server_error, response_schema_conformance],
    )


# Schemathesis draws path parameters as any string, which rarely spells a period; these do, and
# often at the calendar's edges (9999-T3 and 0001-W01 were 500s before the years were checked).
YEARS = st.sampled_from([1, 1899, 1900, 2024, 2100, 2101, 9999]) | st.integers(0, 9999)
PERIOD_URLS = {
    "week": ("/api/v1/weeks/{}/", "/api/v1/weeks/{}/export.xlsx"),
    "tertial": ("/api/v1/tertials/{}/export.xlsx",),
}


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    week=st.builds("{:04d}-W{:02d}".format, YEARS, st.integers(0, 54)),
    tertial=st.builds("{:04d}-T{}".format, YEARS, st.integers(0, 4)),
)
def test_no_week_or_tertial_at_the_calendars_edge_is_a_server_error(
    token: str, week: str, tertial: str
) -> None:
    cache.clear()
    client = Client(raise_request_exception=False)
    for kind, value in (("week", week), ("tertial", tertial)):
        for url in PERIOD_URLS[kind]:
            response = client.get(url.format(value), headers={"authorization": f"Bearer {token}"})
            assert response.status_code in (200, 400), (url.format(value), response.status_code)
