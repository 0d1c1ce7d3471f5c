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
from lagesbild.core import synthetic
from lagesbild.demo.official import create_official_data
from lagesbild.demo.reports import insert_new_reports
from lagesbild.organisations.models import Membership, Organisation, Role

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
    fallback = organisations["kommunledning"]
    return insert_new_reports(municipality, kept, lambda slug: organisations.get(slug, fallback))


def create_region(first: Municipality, password: str, today: date) -> tuple[str, str, str]:
    """Create Exempelby and the county analyst over both municipalities; return their login."""
    second = _second_municipality()
    _second_reports(second, today)
    create_official_data(SECOND_CODE, SECOND_NAME, today, events=False, seed=SECOND_SEED)
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
