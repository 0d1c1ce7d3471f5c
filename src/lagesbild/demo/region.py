"""The demo's region: a small second municipality, Exempelby, and a county analyst over both.

Exempelby has Exempelstad's district shapes, two partners, a year of synthetic reports (every
fourth of a differently seeded history, labelled "demo" like all the others) and synthetic Brå
figures and population. The county administrative board is an organisation in each municipality
and ``lansstyrelsen`` an analyst in both (docs/permissions.md, "Regional roles"): the regional
view shows the two side by side.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from lagesbild.areas.models import Area, Municipality
from lagesbild.areas.services import area_index
from lagesbild.categories.models import Category
from lagesbild.core import synthetic
from lagesbild.core.privacy import scrub_text
from lagesbild.demo.official import create_official_data
from lagesbild.organisations.models import Membership, Organisation, Role
from lagesbild.reports.models import Report
from lagesbild.reports.rollup import refresh_counts, week_monday

SECOND_CODE = "9998"  # no real municipality has this code
SECOND_NAME = "Exempelby"
SECOND_SEED = 2024
KEEP_EVERY = 4  # a small town: a quarter of Exempelstad's volume
REGIONAL_USERNAME = "lansstyrelsen"
REGIONAL_PURPOSE = "länsstyrelsens analytiker: Exempelstad och Exempelby sida vid sida (Regionen)"
COUNTY_BOARD = ("lansstyrelsen", "Länsstyrelsen i Exempellän", Organisation.Kind.OTHER)
# Exempelby's partners: every synthetic report of another organisation is filed by the first.
SECOND_ORGANISATIONS = [
    ("kommunledning", "Exempelby kommun", Organisation.Kind.MUNICIPAL),
    ("polisen", "Lokalpolisområde Exempelby", Organisation.Kind.POLICE),
]


def _second_municipality() -> Municipality:
    municipality, _ = Municipality.objects.update_or_create(
        code=SECOND_CODE, defaults={"name": SECOND_NAME}
    )
    for shape in synthetic.exempelstad_districts():
        Area.objects.update_or_create(
            municipality=municipality,
            code=shape.code,
            defaults={"name": shape.name, "geometry": shape.geometry, "kind": Area.Kind.DISTRICT},
        )
    return municipality


def _organisation(municipality: Municipality, slug: str, name: str, kind: str) -> Organisation:
    organisation, _ = Organisation.objects.update_or_create(
        municipality=municipality, slug=slug, defaults={"name": name, "kind": kind}
    )
    return organisation


def _second_reports(municipality: Municipality, today: date) -> int:
    """Insert Exempelby's synthetic year of reports that are not there yet."""
    organisations = {
        slug: _organisation(municipality, slug, name, kind)
        for slug, name, kind in SECOND_ORGANISATIONS
    }
    now = timezone.now()
    generated = synthetic.generate_reports(today - timedelta(days=365), today, seed=SECOND_SEED)
    kept = [r for i, r in enumerate(generated) if i % KEEP_EVERY == 0 and r.reported_at <= now]
    existing = set(
        Report.objects.filter(municipality=municipality, source=Report.Source.DEMO)
        .order_by()
        .values_list("external_id", flat=True)
    )
    kept = [r for r in kept if r.external_id not in existing]
    categories = {c.code: c for c in Category.objects.all()}
    area_ids = area_index(municipality).locate_many([r.lat for r in kept], [r.lon for r in kept])
    fallback = organisations["kommunledning"]
    new = [
        Report(
            municipality=municipality,
            organisation=organisations.get(r.organisation, fallback),
            category=categories[r.category],
            occurred_from=r.occurred_from,
            occurred_to=r.occurred_to,
            reported_at=r.reported_at,
            latitude=r.lat,
            longitude=r.lon,
            area_id=area_id,
            place_text=scrub_text(r.place),
            description=scrub_text(r.description),
            insecurity=r.insecurity,
            count=r.count,
            source=Report.Source.DEMO,
            external_id=r.external_id,
            review_status=Report.Review.ACCEPTED,
        )
        for r, area_id in zip(kept, area_ids, strict=True)
    ]
    Report.objects.bulk_create(new, batch_size=2000)
    refresh_counts(municipality.pk, {week_monday(r.occurred_from) for r in new})
    return len(new)


def create_region(first: Municipality, password: str, today: date) -> tuple[str, str, str]:
    """Create Exempelby and the county analyst over both municipalities; return their login."""
    second = _second_municipality()
    _second_reports(second, today)
    create_official_data(SECOND_CODE, SECOND_NAME, today, events=False)
    User = get_user_model()
    user = User.objects.filter(username=REGIONAL_USERNAME).first() or User(
        username=REGIONAL_USERNAME
    )
    user.set_password(password)
    user.save()
    for municipality in (first, second):
        board = _organisation(municipality, *COUNTY_BOARD)
        Membership.objects.update_or_create(
            user=user, organisation=board, defaults={"role": Role.ANALYST}
        )
    return (REGIONAL_USERNAME, password, REGIONAL_PURPOSE)
