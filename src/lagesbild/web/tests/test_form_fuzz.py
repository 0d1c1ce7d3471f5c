"""Fuzz the web forms: whatever a browser (or anyone with curl) posts, the answer is never a 500.

Hypothesis builds POST bodies from the forms' own field names (and a few stray ones) with values
that are sometimes right, sometimes nearly right (a date at the calendar's edge, a number with a
comma, a category of another municipality) and sometimes garbage. Each form is posted by someone
allowed to use it: hugo (reports, batch), cecilia (measures, meetings, goals), anyone (the public
citizens' form, with a valid anti-spam token now and then).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lagesbild.public import antispam
from lagesbild.testing import PASSWORD, Cast

FUZZ = settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    # The cast is built once per test and shared by its examples: nothing here needs it fresh.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Values a field may get: plausible, at the edges, or nonsense.
VALUES = st.one_of(
    st.just(""),
    st.sampled_from(
        [
            "1", "2", "3", "0", "-1", "5", "50", "51", "99999999999999999999", "1e308", "nan",
            "inf", "56.015", "13.005", "56,015", "-91", "181", "2024-09-11T22:15",
            "2024-09-11 22:15", "0001-01-01T00:00", "9999-12-31T23:59", "2024-02-30T12:00",
            "2024-W37", "9999-W52", "0001-W01", "2024-W53", "2024-T2", "9999-T3", "2024",
            "9999", "0", "klotter", "narkotika_forsaljning", "norr", "mitt", "on", "true",
            "decided", "proposed", "\x00", "<script>", "a" * 5000,
        ]
    ),
    st.text(max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)  # fmt: skip


# Years anywhere, but often at the calendar's edges, where a previous or next period is no date.
YEARS = st.sampled_from([1, 1899, 1900, 2024, 2100, 2101, 9999]) | st.integers(0, 9999)
WEEKS = st.builds("{:04d}-W{:02d}".format, YEARS, st.integers(0, 54))
DAYS = st.dates().map(str) | st.sampled_from(["2024-02-30", "0000-01-01", "2024-13-01"])


def values_for(field: str) -> st.SearchStrategy[str]:
    """Values for a field, with its own kind of edge cases half of the time."""
    name = field.rsplit("-", 1)[-1]
    if name in ("week", "vecka"):
        return WEEKS | VALUES
    if name in ("year", "ar"):
        return YEARS.map(str) | VALUES
    if name.endswith("date") or name.startswith("occurred"):
        return DAYS | DAYS.map(lambda d: d + "T12:00") | VALUES
    return VALUES


@st.composite
def bodies(draw: st.DrawFn, fields: list[str]) -> dict[str, str]:
    """A POST body over ``fields`` (each present or not) plus stray keys."""
    # Each field is there three times out of four, so that forms get past "required".
    body = {f: draw(values_for(f)) for f in fields if draw(st.integers(0, 3))}
    body |= draw(st.dictionaries(st.text(min_size=1, max_size=12), VALUES, max_size=2))
    return body


def client_for(user) -> Client:
    client = Client(raise_request_exception=False)  # a 500 comes back as a response to assert on
    assert client.login(username=user.username, password=PASSWORD)
    return client


def assert_not_a_server_error(response, data: dict[str, str]) -> None:
    assert response.status_code < 500, (response.status_code, data)


REPORT_FIELDS = [
    "organisation", "category", "occurred_from", "occurred_to", "latitude", "longitude", "area",
    "place_text", "description", "insecurity", "count",
]  # fmt: skip


def _ids(cast: Cast) -> Callable[[dict[str, str]], dict[str, str]]:
    """Replace some values with real ids (own and foreign), so the forms get past choice checks."""
    from lagesbild.categories.models import Category

    real = {
        "organisation": [str(cast.bostad.pk), str(cast.annan.pk), str(cast.bevakning.pk)],
        "category": [str(Category.objects.get(code="klotter").pk)],
        "area": [str(cast.norr.pk), str(cast.other_municipality.areas.get().pk)],
    }

    def with_ids(data: dict[str, str]) -> dict[str, str]:
        for name, choices in real.items():
            for key in [k for k in data if k.endswith(name) and data[k] in ("1", "2", "3")]:
                data[key] = choices[int(data[key]) % len(choices)]
        return data

    return with_ids


@pytest.fixture
def hugo(cast: Cast) -> Client:
    return client_for(cast.hugo)


@pytest.fixture
def cecilia(cast: Cast) -> Client:
    return client_for(cast.cecilia)


@FUZZ
@given(data=bodies(REPORT_FIELDS))
def test_no_post_to_the_report_form_is_a_server_error(cast: Cast, hugo: Client, data) -> None:
    response = hugo.post("/rapporter/ny/", _ids(cast)(data))
    assert_not_a_server_error(response, data)


BATCH_FIELDS = [
    "rad-TOTAL_FORMS", "rad-INITIAL_FORMS", "rad-MIN_NUM_FORMS", "rad-MAX_NUM_FORMS", "add_row",
    *(f"rad-{i}-{name}" for i in (0, 1, 49, 50) for name in REPORT_FIELDS),
]  # fmt: skip


@FUZZ
@given(data=bodies(BATCH_FIELDS))
def test_no_post_to_the_batch_form_is_a_server_error(cast: Cast, hugo: Client, data) -> None:
    response = hugo.post("/rapporter/ny/flera/", _ids(cast)(data))
    assert_not_a_server_error(response, data)


PUBLIC_FIELDS = [
    "reason", "latitude", "longitude", "area", "place_text", "insecurity", "description", "token",
    antispam.HONEYPOT_FIELD,
]  # fmt: skip


@FUZZ
@given(data=bodies(PUBLIC_FIELDS), valid_token=st.booleans())
def test_no_post_to_the_citizens_form_is_a_server_error(
    cast: Cast, data: dict[str, str], valid_token: bool
) -> None:
    cast.municipality.public_page_enabled = True
    cast.municipality.save()
    cache.clear()  # the rate limit would answer 429 before the form is read
    if valid_token:
        data["token"] = antispam.issue_token("0999", issued_at=time.time() - 10)
    response = Client(raise_request_exception=False).post("/offentlig/0999/otrygg-plats/", data)
    assert_not_a_server_error(response, data)


# The coordinator's forms, where weeks, years and dates reach date arithmetic.
COORDINATOR_FORMS = {
    "/moten/ny/": ["week", "date", "title"],
    "/atgarder/ny/": [
        "title", "problem", "cause", "operational_goal", "owner", "partners", "areas",
        "categories", "status", "start_date", "due_date", "done_date", "follow_up",
    ],
    "/mal/nytt/": ["title", "description", "sort_order"],
    "/lagesbild-atgardsplan/": ["year"],
    "/granska/sla-ihop/": ["primary", "duplicates", "vecka", "kommun"],
    "/granska/godkann-alla/": ["vecka", "kommun"],
}  # fmt: skip


@pytest.mark.parametrize("url", sorted(COORDINATOR_FORMS))
@settings(FUZZ, max_examples=40)
@given(data=st.data())
def test_no_post_to_a_coordinators_form_is_a_server_error(
    cast: Cast, cecilia: Client, url: str, data: st.DataObject
) -> None:
    body = _ids(cast)(data.draw(bodies(COORDINATOR_FORMS[url])))
    assert_not_a_server_error(cecilia.post(url, body), body)


@FUZZ
@given(
    path=st.sampled_from(["/vecka/{}/", "/vecka/{}.csv", "/tertial/{}/", "/granska/?vecka={}"]),
    period=st.one_of(
        WEEKS,
        st.builds("{:04d}-T{}".format, YEARS, st.integers(0, 4)),
        st.text(max_size=12),
    ),
)
def test_no_week_or_tertial_in_an_address_is_a_server_error(
    cecilia: Client, path: str, period: str
) -> None:
    from urllib.parse import quote

    response = cecilia.get(path.format(quote(period, safe="")))
    assert response.status_code < 500, (path, period, response.status_code)


def _goal(cast: Cast):
    from lagesbild.goals.models import Goal

    return Goal.objects.create(municipality=cast.municipality, title="En trygg kommun")


def _entered_indicator(cast: Cast) -> str:
    from lagesbild.goals.models import Indicator

    indicator = Indicator.objects.create(
        goal=_goal(cast), name="Trygghetsindex", kind=Indicator.Kind.ENTERED, direction="increase"
    )
    return f"/mal/indikatorer/{indicator.pk}/varden/"


def _measure(cast: Cast) -> str:
    from lagesbild.measures.tests.helpers import make_measure

    return f"/atgarder/{make_measure(cast).pk}/andra/"


def _draft(cast: Cast, then: str) -> str:
    from lagesbild.statutory.services import generate_draft

    return (
        f"/lagesbild-atgardsplan/{generate_draft(cast.municipality, 2024, cast.cecilia).pk}/{then}"
    )


def _membership(cast: Cast) -> str:
    from lagesbild.organisations.models import Membership

    return f"/medlemmar/{Membership.objects.get(user=cast.rut, organisation=cast.kommunen).pk}/"


def _second_factor(cast: Cast, settings, confirmed: bool) -> str:
    """The second factor required of the analyst: asked for, or (no app yet) set up."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.LAGESBILD_REQUIRE_2FA = True
    if not confirmed:
        return "/logga-in/tvafaktor/ny/"
    TOTPDevice.objects.create(user=cast.anders, name="app", confirmed=True)
    return "/logga-in/tvafaktor/"


# Every view that had bound its form with ``request.POST or None``: who may post, and where.
EMPTY_POSTS: dict[str, tuple[str, Callable[..., str]]] = {
    "report": ("hugo", lambda cast, settings: "/rapporter/ny/"),
    "import": ("hugo", lambda cast, settings: "/rapporter/import/"),
    "place": ("cecilia", lambda cast, settings: "/platser/0999/"),
    "official data": ("cecilia", lambda cast, settings: "/data/?kommun=0999"),
    "statutory year": ("cecilia", lambda cast, settings: "/lagesbild-atgardsplan/"),
    "statutory problem": ("cecilia", lambda cast, settings: _draft(cast, "problem/ny/")),
    "statutory plan item": ("cecilia", lambda cast, settings: _draft(cast, "atgard/ny/")),
    "goal": ("cecilia", lambda cast, settings: "/mal/nytt/"),
    "indicator": (
        "cecilia",
        lambda cast, settings: f"/mal/{_goal(cast).pk}/indikatorer/ny/",
    ),
    "indicator value": ("cecilia", lambda cast, settings: _entered_indicator(cast)),
    "new measure": ("cecilia", lambda cast, settings: "/atgarder/ny/"),
    "measure": ("cecilia", lambda cast, settings: _measure(cast)),
    "membership": ("cecilia", lambda cast, settings: _membership(cast)),
    "organisation": (
        "cecilia",
        lambda cast, settings: f"/medlemmar/organisation/{cast.bostad.pk}/",
    ),
    "second factor": (
        "anders",
        lambda cast, settings: _second_factor(cast, settings, True),
    ),
    "second factor set-up": (
        "anders",
        lambda cast, settings: _second_factor(cast, settings, False),
    ),
}


@pytest.mark.parametrize("form", sorted(EMPTY_POSTS))
def test_an_empty_post_gets_the_forms_errors_not_a_blank_form(
    cast: Cast, settings, form: str
) -> None:
    """A POST with no fields at all (curl, a stripped request) once made the form unbound: the
    person got the blank form again, with no word of what was missing."""
    user, url = EMPTY_POSTS[form]
    path = url(cast, settings)
    response = client_for(getattr(cast, user)).post(path, {})
    html = response.content.decode()
    assert response.status_code == 400, (path, response.status_code)
    assert "<title>Fel: " in html, path  # base.html: the form came back with errors
    assert 'class="error' in html, path
