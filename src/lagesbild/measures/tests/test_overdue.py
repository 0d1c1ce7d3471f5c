"""When a measure is late: one rule (Measure.is_overdue, MeasureQuerySet.overdue) for every page,
export, agenda, brief, reminder and the regional view, which each wrote it out before."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from lagesbild.measures.models import Measure
from lagesbild.measures.tests.helpers import make_measure
from lagesbild.testing import Cast, client_for

pytestmark = pytest.mark.django_db

DUE = date(2024, 9, 20)


@pytest.mark.parametrize(
    ("status", "on", "late"),
    [
        ("decided", DUE + timedelta(days=1), True),
        ("ongoing", DUE + timedelta(days=1), True),
        ("proposed", DUE + timedelta(days=1), True),
        ("decided", DUE, False),  # due today: not late yet
        ("done", DUE + timedelta(days=1), False),
        ("cancelled", DUE + timedelta(days=1), False),
    ],
)
def test_a_measure_is_late_only_while_open_after_its_due_date(
    cast: Cast, status: str, on: date, late: bool
) -> None:
    measure = make_measure(cast, status=status, due_date=DUE)
    assert measure.is_overdue(on) is late
    assert Measure.objects.overdue(on).filter(pk=measure.pk).exists() is late


def test_a_measure_without_a_due_date_is_never_late(cast: Cast) -> None:
    measure = make_measure(cast, due_date=None)
    assert not measure.is_overdue(date(2100, 1, 1))
    assert not Measure.objects.overdue(date(2100, 1, 1)).exists()


def test_the_board_and_the_page_mark_only_the_late_one(cast: Cast) -> None:
    past = date.today() - timedelta(days=3)
    late = make_measure(cast, "Sen åtgärd", due_date=past)
    make_measure(cast, "Inställd åtgärd", due_date=past, status="cancelled")
    client = client_for(cast.cecilia)
    board = client.get(reverse("measure-board")).content.decode()
    assert board.count('class="badge overdue"') == 1
    page = client.get(reverse("measure-detail", args=[late.pk])).content.decode()
    assert 'class="badge overdue"' in page
