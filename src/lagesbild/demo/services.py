"""Create the demo municipality Exempelstad, idempotently: same data however often it runs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from lagesbild.areas.models import Area, Municipality
from lagesbild.core import synthetic
from lagesbild.core.stats.surveillance import farrington_history_weeks
from lagesbild.demo.agreement import create_goals, create_measures
from lagesbild.demo.gazetteer import load_gazetteer
from lagesbild.demo.official import OfficialSummary, create_official_data, create_peers
from lagesbild.demo.region import create_region
from lagesbild.demo.reports import insert_new_reports
from lagesbild.organisations.models import Membership, Organisation, Role
from lagesbild.reports.models import ImportMapping, Report

MUNICIPALITY_CODE = "9999"  # no real municipality has this code
MUNICIPALITY_NAME = "Exempelstad"
DEMO_PASSWORD = "exempel-lagesbild"
# Three years and the weeks around the same week three years back: the weekly alerts then use
# Farrington, the method they are meant to use, not the shorter history's EARS C1.
DEMO_HISTORY = timedelta(weeks=farrington_history_weeks() + 1)
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


def demo_municipality() -> Municipality:
    # The public page is published when the demo is first made, so that it can be tried without
    # the admin; a coordinator who withdraws it keeps it withdrawn when the demo is run again.
    municipality, _ = Municipality.objects.update_or_create(
        code=MUNICIPALITY_CODE,
        defaults={"name": MUNICIPALITY_NAME},
        create_defaults={"name": MUNICIPALITY_NAME, "public_page_enabled": True},
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


def _import_mapping(organisations: dict[str, Organisation]) -> None:
    """The security company's own export, read through a column mapping (the import page and
    /rapporter/import/mappningar/ show it)."""
    ImportMapping.objects.update_or_create(
        organisation=organisations["bevakning"],
        name="Larmcentralens export",
        defaults={
            "columns": {
                "external_id": "Ärendenr",
                "category": "Händelsetyp",
                "occurred_from": "Tidpunkt",
                "district": "Område",
                "place_text": "Plats",
                "description": "Notering",
            },
            "date_format": "%d.%m.%Y %H:%M",
            "category_values": {
                "Klotter/Tag": "klotter",
                "Skadegörelse övrigt": "ovrig_skadegorelse",
                "Ungdomsgäng": "otrygg_samling",
                "Påverkad person": "berusning",
            },
        },
    )


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
    start = today - DEMO_HISTORY
    now = timezone.now()
    generated = [
        r for r in synthetic.generate_reports(start, today, seed=SEED) if r.reported_at <= now
    ]
    return insert_new_reports(municipality, generated, organisations.__getitem__)


@transaction.atomic
def create_demo(today: date | None = None) -> DemoSummary:
    """Create or refresh Exempelstad: districts, partners, one user per role, three years
    and a month of reports, the agreement's goals, meetings with decided measures and an
    evaluation, and synthetic official data (Brå series, population, police events); then the
    small second municipality Exempelby and a county analyst over both (``demo/region.py``)."""
    today = today or timezone.localdate()
    municipality = demo_municipality()
    districts = _districts(municipality)
    load_gazetteer(municipality)
    organisations = _organisations(municipality)
    users = _users(organisations)
    _import_mapping(organisations)
    created = _reports(municipality, organisations, today)
    total = Report.objects.filter(municipality=municipality).count()
    goals = create_goals(municipality, today)
    measures = create_measures(municipality, organisations, today)
    official = create_official_data(MUNICIPALITY_CODE, MUNICIPALITY_NAME, today)
    create_peers(today)
    users.append(create_region(municipality, DEMO_PASSWORD, today))
    return DemoSummary(municipality, districts, created, total, users, goals, measures, official)
