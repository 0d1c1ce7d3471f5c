"""Synthetic official data for Exempelstad: Brå series, population (of the town and of each
district) and police events.

Exempelstad is no real municipality, so no real statistics exist for it; without any, the yearly
report and the police-event sections of a fresh demo had nothing to show (menu → Årsrapport was a
404). These figures are made up, deterministic (a fixed seed), labelled synthetic where they are
shown (``official.queries.SYNTHETIC``: the population's source, every event's text), and written
idempotently: a re-run changes nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from lagesbild.areas.models import Area
from lagesbild.categories.models import Category, PoliceEventTypeMapping
from lagesbild.core.parsers.bra import TOTAL_CRIME_TYPE
from lagesbild.core.synthetic import exempelstad_outline
from lagesbild.official.importing import category_series_name
from lagesbild.official.models import (
    DistrictPopulation,
    OfficialStatistic,
    PoliceEvent,
    Population,
)
from lagesbild.official.queries import SYNTHETIC
from lagesbild.web.bulk import insert_new

YEARS = 10  # full years of Brå figures and population before this year
SEED = 2025
BASE_POPULATION = 61_000
# Reported crimes per 100 000 inhabitants and year, by top-level category: Swedish orders of
# magnitude, so the yearly report's rates and tests look like a town's.
RATES = {
    "stold": 4200,
    "skadegorelse": 1500,
    "vald": 1100,
    "narkotika": 900,
    "ordning": 300,
    "brand": 120,
}
TOTAL_RATE = 12_500
# polisen.se event types drawn for the synthetic events (mapped to categories by the taxonomy).
EVENTS_PER_WEEK = 9
# Far above polisen.se's ids, so a synthetic event never collides with an imported one.
FIRST_EVENT_ID = 900_000_000
EVENT_DAYS = 2 * 366


@dataclass(frozen=True)
class OfficialSummary:
    statistics: int
    populations: int
    events: int
    district_populations: int = 0


# Made-up municipalities of Exempelstad's size (codes no real municipality has), so that the
# statistics explorer has peers to compare with: (code, population relative to Exempelstad's).
PEERS = (("9990", 0.85), ("9991", 0.95), ("9992", 1.15), ("9993", 1.3), ("9994", 1.7))


def _population(year: int, first: int, scale: float = 1.0) -> int:
    return round(scale * (BASE_POPULATION + 450 * (year - first)))


def _populations(code: str, years: range, scale: float = 1.0) -> int:
    created = 0
    for year in years:
        _, made = Population.objects.update_or_create(
            municipality_code=code,
            year=year,
            defaults={"population": _population(year, years.start, scale), "source": SYNTHETIC},
        )
        created += made
    return created


def _district_populations(code: str, years: range) -> int:
    """The town's population shared among its districts by fixed synthetic weights (source
    "syntetisk"), so the analysis map has rates per 1 000 inhabitants to show."""
    districts = list(
        Area.objects.filter(municipality__code=code, kind=Area.Kind.DISTRICT).order_by("code")
    )
    rng = random.Random(SEED)
    weights = [rng.uniform(0.5, 1.5) for _ in districts]
    created = 0
    for year in years:
        total = _population(year, years.start)
        for district, weight in zip(districts, weights, strict=True):
            _, made = DistrictPopulation.objects.update_or_create(
                area=district,
                year=year,
                defaults={"population": round(total * weight / sum(weights)), "source": SYNTHETIC},
            )
            created += made
    return created


def _statistic(code: str, series: str, year: int, value: float, category_id: int | None) -> bool:
    _, made = OfficialStatistic.objects.update_or_create(
        source=OfficialStatistic.Source.BRA,
        municipality_code=code,
        series=series,
        period=f"{year:04d}",
        defaults={
            "category_id": category_id,
            "year": year,
            "month": None,
            "value": value,
            "per_100k": None,
            "preliminary": False,
        },
    )
    return made


def _bra(code: str, years: range, scale: float = 1.0, seed: int = SEED) -> int:
    """Yearly totals and per-category aggregates (``kategori:<code>``), as a Brå import stores."""
    rng = random.Random(seed)
    categories = dict(
        Category.objects.filter(parent__isnull=True, code__in=RATES).values_list("code", "pk")
    )
    created = 0
    for year in years:
        per = _population(year, years.start, scale) / 100_000
        trend = 1 - 0.015 * (year - years.start)  # crime falls slowly, as in most towns
        created += _statistic(
            code,
            TOTAL_CRIME_TYPE,
            year,
            round(TOTAL_RATE * per * trend * rng.uniform(0.95, 1.05)),
            None,
        )
        for category, pk in sorted(categories.items()):
            value = round(RATES[category] * per * trend * rng.uniform(0.85, 1.15))
            created += _statistic(code, category_series_name(category), year, value, pk)
    return created


def _event_time(rng: random.Random, day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(rng.randrange(24), rng.randrange(60)), tzinfo=tz)


def _events(code: str, name: str, today: date) -> int:
    """About nine synthetic police events a week over two years, at the town's centre."""
    types = sorted(PoliceEventTypeMapping.objects.values_list("event_type", "category_id"))
    if not types:
        return 0
    rng = random.Random(SEED)
    tz = ZoneInfo(settings.TIME_ZONE)
    lon, lat = _centre()
    existing = set(
        PoliceEvent.objects.filter(municipality_code=code).values_list("event_id", flat=True)
    )
    now = timezone.now()
    new = []
    start = today - timedelta(days=EVENT_DAYS)
    for offset in range(EVENT_DAYS):
        day = start + timedelta(days=offset)
        for k in range(rng.choices((0, 1, 2, 3), (2, 4, 3, 1))[0]):
            event_type, category_id = rng.choice(types)
            event_id = FIRST_EVENT_ID + offset * 10 + k
            at = _event_time(rng, day, tz)
            if event_id in existing or at > now:
                continue
            new.append(
                PoliceEvent(
                    event_id=event_id,
                    published_at=at + timedelta(hours=1),
                    event_time=at,
                    type_raw=event_type,
                    type=event_type,
                    category_id=category_id,
                    municipality_name=name,
                    municipality_code=code,
                    location_name=name,
                    latitude=lat,
                    longitude=lon,
                    summary=f"{SYNTHETIC.capitalize()} händelse (demodata), inte från polisen.se.",
                    url=f"https://example.invalid/syntetisk-polishandelse/{event_id}",
                    first_seen_at=now,
                    updated_at=now,
                )
            )
    insert_new(PoliceEvent, new)  # the bulk path of imports: COPY on PostgreSQL
    return len(new)


def _centre() -> tuple[float, float]:
    ring = exempelstad_outline()["coordinates"][0]
    return (
        sum(p[0] for p in ring) / len(ring),
        sum(p[1] for p in ring) / len(ring),
    )


def create_peers(today: date) -> int:
    """Brå figures and population for the made-up peers (``PEERS``); return the rows made."""
    years = range(today.year - YEARS, today.year)
    made = 0
    for number, (code, scale) in enumerate(PEERS, start=1):
        made += _bra(code, years, scale, seed=SEED + number) + _populations(code, years, scale)
    return made


def create_official_data(
    code: str, name: str, today: date, events: bool = True, seed: int = SEED
) -> OfficialSummary:
    """Write Exempelstad's synthetic Brå series, population and police events (idempotent).

    ``events=False`` leaves the police events out (their ids are one series, for one town).
    Another municipality gives its own ``seed``: with Exempelstad's, its Brå figures were a
    copy of Exempelstad's, so as a peer it made their median Exempelstad's own count.
    """
    years = range(today.year - YEARS, today.year)
    return OfficialSummary(
        statistics=_bra(code, years, seed=seed),
        populations=_populations(code, years),
        events=_events(code, name, today) if events else 0,
        district_populations=_district_populations(code, years),
    )
