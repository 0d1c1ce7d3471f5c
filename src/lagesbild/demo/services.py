"""Create the demo municipality Exempelstad, idempotently: same data however often it runs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from lagesbild.areas.models import Area, Municipality
from lagesbild.areas.services import area_index
from lagesbild.categories.models import Category
from lagesbild.core import synthetic
from lagesbild.core.privacy import scrub_text
from lagesbild.demo.agreement import create_goals, create_measures
from lagesbild.demo.gazetteer import load_gazetteer
from lagesbild.demo.official import OfficialSummary, create_official_data, create_peers
from lagesbild.demo.region import create_region
from lagesbild.organisations.models import Membership, Organisation, Role
from lagesbild.reports.models import Report
from lagesbild.reports.rollup import refresh_counts, week_monday
from lagesbild.web.bulk import insert_new

MUNICIPALITY_CODE = "9999"  # no real municipality has this code
MUNICIPALITY_NAME = "Exempelstad"
DEMO_PASSWORD = "exempel-lagesbild"
DEMO_YEARS = 3
SEED = 2023

ORGANISATIONS = [
    ("kommunledning", "Kommunledningsförvaltningen", Organisation.Kind.MUNICIPAL),
    ("stadsbyggnad", "Stadsbyggnadsförvaltningen", Organisation.Kind.MUNICIPAL),
    ("skola_fritid", "Skol- och fritidsförvaltningen", Organisation.Kind.MUNICIPAL),
    ("polisen", "Lokalpolisområde Exempelstad", Organisation.Kind.POLICE),
    ("raddningstjansten", "Räddningstjänsten Exempelstad", Organisation.Kind.RESCUE),
    ("bostadsbolaget", "Exempelstadshem AB", Organisation.Kind.HOUSING),
    ("bevakning", "Trygghetsbevakning Exempel AB", Organisation.Kind.SECURITY),
]

# username, organisation slug, role, what the user is for
USERS = [
    ("samordnare", "kommunledning", Role.COORDINATOR, "brottsförebyggande samordnare: ser allt"),
    ("analytiker", "polisen", Role.ANALYST, "polisens analytiker: ser allt"),
    ("vaktare", "bevakning", Role.REPORTER, "väktare: rapporterar, ser bevakningsbolagets text"),
    ("bovard", "bostadsbolaget", Role.REPORTER, "bovärd: rapporterar, ser bostadsbolagets text"),
    ("lasare", "kommunledning", Role.READER, "läsare (chef, politiker): lägesbilden"),
    ("admin", "kommunledning", Role.ADMIN, "administratör: även /admin/"),
]


@dataclass(frozen=True)
class DemoSummary:
    municipality: Municipality
    districts: int
    reports_created: int
    reports_total: int
    users: list[tuple[str, str, str]]
    goals: int = 0
    measures_created: int = 0
    official: OfficialSummary | None = None


def _municipality() -> Municipality:
    municipality, _ = Municipality.objects.update_or_create(
        code=MUNICIPALITY_CODE, defaults={"name": MUNICIPALITY_NAME}
    )
    return municipality


def _districts(municipality: Municipality) -> int:
    shapes = synthetic.exempelstad_districts()
    for shape in shapes:
        area = Area.objects.filter(municipality=municipality, code=shape.code).first()
        if area is None or area.geometry != shape.geometry or area.name != shape.name:
            area = area or Area(municipality=municipality, code=shape.code)
            area.name, area.geometry, area.kind = shape.name, shape.geometry, Area.Kind.DISTRICT
            area.full_clean()
            area.save()
    return len(shapes)


def _organisations(municipality: Municipality) -> dict[str, Organisation]:
    result = {}
    for slug, name, kind in ORGANISATIONS:
        result[slug], _ = Organisation.objects.update_or_create(
            municipality=municipality, slug=slug, defaults={"name": name, "kind": kind}
        )
    return result


def _users(organisations: dict[str, Organisation]) -> list[tuple[str, str, str]]:
    User = get_user_model()
    printed = []
    for username, slug, role, purpose in USERS:
        user = User.objects.filter(username=username).first() or User(username=username)
        user.is_staff = user.is_superuser = role == Role.ADMIN
        user.set_password(DEMO_PASSWORD)
        user.save()
        Membership.objects.update_or_create(
            user=user, organisation=organisations[slug], defaults={"role": role}
        )
        printed.append((username, DEMO_PASSWORD, purpose))
    return printed


def _reports(
    municipality: Municipality, organisations: dict[str, Organisation], today: date
) -> int:
    """Insert the synthetic reports that are not there yet; existing ones are left alone."""
    start = today - timedelta(days=365 * DEMO_YEARS)
    now = timezone.now()
    generated = [
        r for r in synthetic.generate_reports(start, today, seed=SEED) if r.reported_at <= now
    ]
    existing = set(
        Report.objects.filter(municipality=municipality, source=Report.Source.DEMO)
        .order_by()
        .values_list("external_id", flat=True)
    )
    categories = {c.code: c for c in Category.objects.all()}
    generated = [r for r in generated if r.external_id not in existing]
    area_ids = area_index(municipality).locate_many(
        [r.lat for r in generated], [r.lon for r in generated]
    )
    scrubbed: dict[str, str] = {}  # the generator repeats its texts: each is scrubbed once

    def scrub(text: str) -> str:
        if text not in scrubbed:
            scrubbed[text] = scrub_text(text)
        return scrubbed[text]

    new = [
        Report(
            municipality=municipality,
            organisation=organisations[r.organisation],
            category=categories[r.category],
            occurred_from=r.occurred_from,
            occurred_to=r.occurred_to,
            reported_at=r.reported_at,
            latitude=r.lat,
            longitude=r.lon,
            area_id=area_id,
            place_text=scrub(r.place),
            description=scrub(r.description),
            insecurity=r.insecurity,
            count=r.count,
            source=Report.Source.DEMO,
            external_id=r.external_id,
            review_status=Report.Review.ACCEPTED,
        )
        for r, area_id in zip(generated, area_ids, strict=True)
    ]
    insert_new(Report, new)  # the bulk path of imports: COPY on PostgreSQL
    refresh_counts(municipality.pk, {week_monday(r.occurred_from) for r in new})
    return len(new)


@transaction.atomic
def create_demo(today: date | None = None) -> DemoSummary:
    """Create or refresh Exempelstad: districts, partners, one user per role, three years of
    reports, the agreement's goals, meetings with decided measures and an evaluation, and
    synthetic official data (Brå series, population, police events); then the small second
    municipality Exempelby and a county analyst over both (``demo/region.py``)."""
    today = today or timezone.localdate()
    municipality = _municipality()
    districts = _districts(municipality)
    load_gazetteer(municipality)
    organisations = _organisations(municipality)
    users = _users(organisations)
    created = _reports(municipality, organisations, today)
    total = Report.objects.filter(municipality=municipality).count()
    goals = create_goals(municipality, today)
    measures = create_measures(municipality, organisations, today)
    official = create_official_data(MUNICIPALITY_CODE, MUNICIPALITY_NAME, today)
    create_peers(today)
    users.append(create_region(municipality, DEMO_PASSWORD, today))
    return DemoSummary(municipality, districts, created, total, users, goals, measures, official)
