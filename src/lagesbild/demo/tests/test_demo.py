from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from lagesbild.areas.models import Area
from lagesbild.demo.services import DEMO_PASSWORD, USERS, create_demo
from lagesbild.organisations.models import Organisation
from lagesbild.reports.models import Report

TODAY = date(2024, 9, 15)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Build the demo once for this module (a few seconds) and remove it afterwards."""
    with django_db_blocker.unblock():
        first = create_demo(today=TODAY)
        second = create_demo(today=TODAY)
        yield first, second
        Report.objects.all().delete()
        first.municipality.organisations.all().delete()
        first.municipality.delete()


@pytest.mark.django_db
def test_the_demo_has_districts_partners_and_one_user_per_role(demo) -> None:
    first, _ = demo
    assert 8 <= Area.objects.filter(municipality=first.municipality, kind=Area.Kind.DISTRICT).count() <= 12
    kinds = set(Organisation.objects.filter(municipality=first.municipality).values_list("kind", flat=True))
    assert kinds == {"municipal", "police", "rescue", "housing", "security"}
    assert Organisation.objects.filter(municipality=first.municipality, kind="municipal").count() == 3
    for username, *_ in USERS:
        assert authenticate(username=username, password=DEMO_PASSWORD) is not None


@pytest.mark.django_db
def test_the_demo_is_idempotent(demo) -> None:
    first, second = demo
    assert first.reports_created > 0 and second.reports_created == 0
    assert second.reports_total == first.reports_total == Report.objects.count()


@pytest.mark.django_db
def test_three_years_of_synthetic_reports_are_labelled_and_placed(demo) -> None:
    reports = Report.objects.filter(municipality=demo[0].municipality)
    first = reports.order_by("occurred_from").first().occurred_from.date()
    assert (TODAY - first).days >= 3 * 365 - 2
    assert reports.exclude(source=Report.Source.DEMO).count() == 0
    assert reports.filter(area__isnull=True).count() == 0
    assert 60 <= reports.count() / (3 * 52) <= 110


def test_the_command_prints_the_logins_without_serving(db) -> None:
    out = StringIO()
    call_command("demo", "--no-serve", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8000/" in text
    for username, *_ in USERS:
        assert f"användarnamn {username}" in text
    assert DEMO_PASSWORD in text
