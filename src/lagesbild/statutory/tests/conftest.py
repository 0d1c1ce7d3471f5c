"""Exempeltorp (0999) in 2024: Brå figures, police notices, partner reports, a survey and measures.

The inputs are module constants so the tests can compare the document's figures with them:
vandalism falls steadily 2015–2024 (a trend the test supports), thefts go up and down (no trend).
Partner reports in 2024: vandalism in Norr carries the heaviest load, thefts in Söder the next.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest

from lagesbild.testing import STOCKHOLM, Cast, file_report, police_event, recount, store_bra

YEAR = 2024
VANDALISM = dict(
    zip(range(2015, 2025), [980, 940, 905, 870, 830, 800, 770, 735, 700, 665], strict=True)
)
THEFT = dict(
    zip(range(2015, 2025), [300, 322, 290, 312, 297, 318, 295, 309, 301, 311], strict=True)
)
POPULATION = {year: 50_000 + 100 * (year - 2015) for year in range(2015, 2025)}
# (category, district point, insecurity) of the 2024 partner reports.
REPORTS = [
    ("klotter", "norr", 3),
    ("klotter", "norr", 3),
    ("ovrig_skadegorelse", "norr", 2),
    ("klotter", "norr", 2),
    ("fordon_cykel", "soder", 2),
    ("bostadsinbrott", "soder", 3),
    ("otrygg_samling", "soder", 1),
]
SURVEY_VALUES = {2022: 61.0, 2024: 67.5}
DECIDED_ON = date(2025, 2, 10)


@dataclass
class Town:
    cast: Cast
    vandalism_measure: object  # owner, dates, follow-up: complete; matches "Skadegörelse i Norr"
    lighting_measure: object  # no owner, no end date, no follow-up; its category has no problem


def _statistics() -> None:
    from lagesbild.official.models import Population

    store_bra("0999", "skadegorelse", VANDALISM)
    store_bra("0999", "stold", THEFT)
    for year, n in POPULATION.items():
        Population.objects.create(municipality_code="0999", year=year, population=n)
    police_event(1, datetime(2024, 3, 1, 12, tzinfo=STOCKHOLM), "klotter")
    police_event(2, datetime(2024, 5, 1, 22, tzinfo=STOCKHOLM), "misshandel")
    police_event(3, datetime(2024, 6, 1, 22, tzinfo=STOCKHOLM), "misshandel")
    police_event(4, datetime(2023, 6, 1, 22, tzinfo=STOCKHOLM), "misshandel")
    police_event(5, datetime(2024, 6, 2, 6, tzinfo=STOCKHOLM), "ovrigt", summary=True)


def _reports(cast: Cast) -> None:
    points = {"norr": cast.NORR_POINT, "soder": cast.SODER_POINT}
    for i, (code, district, insecurity) in enumerate(REPORTS):
        when = datetime(YEAR, 2 + i, 10, 21, tzinfo=STOCKHOLM)
        file_report(cast.bevakning, code, when, points[district], insecurity=insecurity)
    # Last year's, and one the coordinator rejected: neither counts for 2024.
    file_report(
        cast.bevakning, "klotter", datetime(YEAR - 1, 5, 1, 12, tzinfo=STOCKHOLM), cast.NORR_POINT
    )
    rejected = file_report(
        cast.bostad, "klotter", datetime(YEAR, 5, 1, 12, tzinfo=STOCKHOLM), cast.NORR_POINT
    )
    rejected.review_status = "rejected"
    rejected.save()
    recount(cast.municipality)  # a raw save passes the services: recount by hand


def _survey(cast: Cast) -> None:
    from lagesbild.goals.models import Goal, Indicator, IndicatorValue

    goal = Goal.objects.create(municipality=cast.municipality, title="Exempeltorp ska vara tryggt")
    indicator = Indicator.objects.create(
        goal=goal,
        name="Andel som känner sig trygga utomhus på kvällen",
        kind=Indicator.Kind.SURVEY,
        unit="%",
        direction=Indicator.Direction.INCREASE,
    )
    for year, value in SURVEY_VALUES.items():
        IndicatorValue.objects.create(indicator=indicator, year=year, value=value)


def _measures(cast: Cast) -> tuple[object, object]:
    from lagesbild.categories.models import Category
    from lagesbild.measures.models import Measure

    cleaning = Measure.objects.create(
        municipality=cast.municipality,
        title="Klottersanering inom 24 timmar",
        owner=cast.bostad,
        status=Measure.Status.ONGOING,
        start_date=date(2024, 3, 1),
        due_date=date(2024, 12, 31),
        operational_goal="Klotter borta inom ett dygn",
        follow_up="Antal saneringar per månad",
    )
    cleaning.categories.set([Category.objects.get(code="klotter")])
    cleaning.areas.set([cast.norr])
    lighting = Measure.objects.create(
        municipality=cast.municipality,
        title="Ny belysning i gångtunneln",
        status=Measure.Status.DECIDED,
        start_date=date(2024, 9, 1),
    )
    lighting.categories.set([Category.objects.get(code="trasig_belysning")])
    Measure.objects.create(
        municipality=cast.municipality, title="Bara ett förslag", status=Measure.Status.PROPOSED
    )
    Measure.objects.create(
        municipality=cast.municipality,
        title="Klart 2022",
        status=Measure.Status.DONE,
        start_date=date(2022, 1, 1),
        done_date=date(2022, 6, 1),
    )
    return cleaning, lighting


@pytest.fixture
def town(cast: Cast) -> Town:
    _statistics()
    _reports(cast)
    _survey(cast)
    cleaning, lighting = _measures(cast)
    return Town(cast, cleaning, lighting)


@pytest.fixture
def draft(town: Town):
    from lagesbild.statutory.services import generate_draft

    return generate_draft(town.cast.municipality, YEAR, town.cast.cecilia)
