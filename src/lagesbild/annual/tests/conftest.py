"""Helsingborg (1283) with ten years of Brå figures, population, peers, goals and measures.

The figures follow the news item: vandalism 1 000 → 850 from 2020 to 2021 (−15 %), thefts
against persons 400 → 190 over 2016–2021 (more than halved), drug crimes flat and noisy.
Who is who: helena coordinates for the city, petra is a police analyst, lars a reader in the
city, bo reports for the housing company; the shared cast's cecilia works in Exempeltorp.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import pytest

from lagesbild.testing import (
    PASSWORD,
    STOCKHOLM,
    BuiltOnce,
    Cast,
    built_once,
    file_report,
    make_cast,
    store_bra,
)

if TYPE_CHECKING:  # the models are imported inside the functions: Django is set up after this
    from django.contrib.auth.models import User

    from lagesbild.areas.models import Municipality
    from lagesbild.organisations.models import Organisation

#: Helsingborg's code and name, for what is stored by municipality code (police events).
HELSINGBORG = ("1283", "Helsingborg")
YEARS = range(2012, 2022)
VANDALISM = dict(
    zip(YEARS, [1180, 1150, 1120, 1100, 1080, 1060, 1040, 1020, 1000, 850], strict=True)
)
# Theft's 2021 fall (3 900 -> 3 700) is within the years' variation (p = 0,12), so vandalism's
# is the only significant fall; 3 600 was, once 2021 no longer widened its own test (p = 0,03).
THEFT = dict(zip(YEARS, [5200, 5100, 5000, 4900, 4700, 4500, 4300, 4100, 3900, 3700], strict=True))
PERSON_THEFT = dict(zip(YEARS, [430, 420, 410, 405, 400, 350, 300, 260, 220, 190], strict=True))
DRUGS = dict(zip(YEARS, [300, 322, 290, 312, 297, 318, 295, 309, 301, 311], strict=True))
TOTAL = dict(
    zip(YEARS, [16100, 15900, 15600, 15500, 15200, 14900, 14700, 14300, 14100, 13400], strict=True)
)
POPULATION = {y: 135_000 + 1_500 * (y - 2012) for y in YEARS}
# Population 2021 and vandalism 2021 of other municipalities: Lund and Linköping are within
# ±25 % of Helsingborg's 148 500, Malmö and Stockholm are not.
PEERS = {
    "1281": (125_000, 900),
    "0580": (164_000, 1_100),
    "1280": (350_000, 3_000),
    "0180": (975_000, 9_000),
}


@dataclass
class Helsingborg:
    municipality: Municipality
    stad: Organisation
    polisen: Organisation
    bostad: Organisation
    helena: User
    petra: User
    lars: User
    bo: User


def population(code: str, series: dict[int, int]) -> None:
    from lagesbild.official.models import Population

    for year, n in series.items():
        Population.objects.create(municipality_code=code, year=year, population=n)


def statistics() -> None:
    store_bra("1283", "skadegorelse", VANDALISM)
    store_bra("1283", "stold", THEFT)
    store_bra("1283", "stold_mot_person", PERSON_THEFT)
    store_bra("1283", "narkotika", DRUGS)
    store_bra("1283", None, TOTAL)
    population("1283", POPULATION)
    for code, (inhabitants, vandalism) in PEERS.items():
        population(code, {2021: inhabitants})
        store_bra(code, "skadegorelse", {2021: vandalism})


def goals_and_measures(h: Helsingborg) -> None:
    from lagesbild.categories.models import Category
    from lagesbild.goals.models import Goal, Indicator, IndicatorValue
    from lagesbild.measures.models import Measure
    from lagesbild.meetings.models import Meeting

    safe = Goal.objects.create(
        municipality=h.municipality,
        title="Helsingborg är och uppfattas som en trygg stad",
        sort_order=1,
    )
    Indicator.objects.create(
        goal=safe,
        name="Anmäld skadegörelse",
        kind=Indicator.Kind.OFFICIAL,
        category=Category.objects.get(code="skadegorelse"),
        baseline_year=2016,
        target_year=2022,
        target_value=900,
        direction=Indicator.Direction.DECREASE,
    )
    drugs = Goal.objects.create(
        municipality=h.municipality, title="All narkotikahantering bekämpas aktivt", sort_order=2
    )
    for name, direction, before, now in [
        ("Frihetsberövade personer", Indicator.Direction.INCREASE, 120, 150),
        ("Beslag av narkotika", Indicator.Direction.INCREASE, 80, 95),
        ("Unga involverade i narkotikahandeln", Indicator.Direction.DECREASE, 30, 41),
    ]:
        indicator = Indicator.objects.create(
            goal=drugs,
            name=name,
            kind=Indicator.Kind.ENTERED,
            baseline_year=2020,
            direction=direction,
        )
        IndicatorValue.objects.create(indicator=indicator, year=2020, value=before)
        IndicatorValue.objects.create(indicator=indicator, year=2021, value=now)
    meeting = Meeting.objects.create(
        municipality=h.municipality, date=date(2021, 3, 10), iso_week="2021-W10"
    )
    Measure.objects.create(
        municipality=h.municipality,
        title="Ny belysning i Stadsparken",
        owner=h.stad,
        status=Measure.Status.DONE,
        decided_at_meeting=meeting,
        done_date=date(2021, 9, 1),
    )
    Measure.objects.create(
        municipality=h.municipality,
        title="Trygghetsvandringar på Söder",
        owner=h.polisen,
        status=Measure.Status.ONGOING,
        start_date=date(2021, 5, 1),
    )
    Measure.objects.create(
        municipality=h.municipality, title="Kameror vid stationen", status=Measure.Status.PROPOSED
    )
    Measure.objects.create(
        municipality=h.municipality,
        title="Klotterplank 2020",
        owner=h.stad,
        status=Measure.Status.DONE,
        start_date=date(2020, 4, 1),
        done_date=date(2020, 10, 1),
    )


def partner_reports(h: Helsingborg) -> None:
    file_report(h.bostad, "klotter", datetime(2021, 6, 3, 22, tzinfo=STOCKHOLM))
    file_report(h.bostad, "klotter", datetime(2021, 6, 9, 21, tzinfo=STOCKHOLM))
    file_report(h.polisen, "misshandel", datetime(2021, 8, 1, 2, tzinfo=STOCKHOLM))
    file_report(h.bostad, "klotter", datetime(2020, 6, 3, 22, tzinfo=STOCKHOLM))


def build_helsingborg() -> Helsingborg:
    """Helsingborg, its members, figures, goals, measures and reports (the cast must exist)."""
    from django.contrib.auth import get_user_model

    from lagesbild.areas.models import Municipality
    from lagesbild.organisations.models import Membership, Organisation, Role

    town = Municipality.objects.create(code="1283", name="Helsingborg", counts_unreviewed=True)

    def org(slug: str, name: str, kind: str):
        return Organisation.objects.create(municipality=town, slug=slug, name=name, kind=kind)

    def user(username: str, organisation, role: str):
        person = get_user_model().objects.create_user(username=username, password=PASSWORD)
        Membership.objects.create(user=person, organisation=organisation, role=role)
        return person

    stad = org("stad", "Helsingborgs stad", Organisation.Kind.MUNICIPAL)
    polisen = org("polisen", "Lokalpolisområde Helsingborg", Organisation.Kind.POLICE)
    bostad = org("bostad", "Helsingborgshem", Organisation.Kind.HOUSING)
    h = Helsingborg(
        town,
        stad,
        polisen,
        bostad,
        helena=user("helena", stad, Role.COORDINATOR),
        petra=user("petra", polisen, Role.ANALYST),
        lars=user("lars", stad, Role.READER),
        bo=user("bo", bostad, Role.REPORTER),
    )
    statistics()
    goals_and_measures(h)
    partner_reports(h)
    return h


@dataclass
class World:
    """The shared cast and Helsingborg, built together and copied together: a test that reads
    both gets one set of objects (``cast.cecilia`` is the same person in either)."""

    cast: Cast
    helsingborg: Helsingborg


def build_world() -> World:
    return World(make_cast(), build_helsingborg())


@pytest.fixture(scope="module")
def built_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[BuiltOnce[World]]:
    """The cast and Helsingborg, built once per module (lagesbild.testing.built_once): every
    test of a module that reads Helsingborg built them anew (about a quarter of a second of
    processor time each, over 112 tests). Each test writes in a savepoint that is rolled back;
    modules of three such tests or more are one xdist group each (src/conftest.py).

    Every test of this package that uses the database reads Helsingborg. A new test in a module
    whose world is built must read it too (ask for ``helsingborg``): the module's transaction
    already holds the cast, so one of its own (``make_cast``) would not fit beside it."""
    with built_once(django_db_blocker, build_world) as built:
        yield built


@pytest.fixture
def helsingborg_world(built_world: BuiltOnce[World], db: None) -> World:
    return built_world.copy()


@pytest.fixture
def helsingborg(helsingborg_world: World) -> Helsingborg:
    return helsingborg_world.helsingborg


@pytest.fixture
def cast(request: pytest.FixtureRequest, db: None) -> Cast:
    """The shared cast; Helsingborg's world's when the test reads Helsingborg too."""
    if "helsingborg" in request.fixturenames:
        return request.getfixturevalue("helsingborg_world").cast
    return make_cast()
