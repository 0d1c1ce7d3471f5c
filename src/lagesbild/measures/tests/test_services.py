from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lagesbild.audit.models import AuditEntry
from lagesbild.categories.models import Category
from lagesbild.core.tests.known import known
from lagesbild.measures.models import Measure, MeasureChange
from lagesbild.measures.services import MeasureData, create_measure, update_measure
from lagesbild.measures.tests.helpers import make_measure
from lagesbild.organisations.models import Membership, Role
from lagesbild.testing import Cast


def test_creating_a_measure_scrubs_its_text_records_its_first_values_and_is_audited(
    cast: Cast,
) -> None:
    measure = make_measure(
        cast,
        problem="Anna Svensson ringer 070-123 45 67 om klottret",
        areas=[cast.norr],
        categories=[Category.objects.get(code="skadegorelse")],
        partners=[cast.polisen],
    )
    assert "070-123 45 67" not in measure.problem
    change = measure.changes.get()
    assert change.changed_by == cast.cecilia
    assert change.changes["title"] == [None, "Klottersanering vid skolan"]
    assert change.changes["owner"] == [None, "Exempeltorpshem"]
    assert change.changes["areas"] == [[], ["Norr"]]
    assert change.changes["categories"] == [[], ["Skadegörelse"]]
    assert AuditEntry.objects.filter(
        action="lagesbild.measure.created", object_id=str(measure.pk)
    ).exists()


def test_a_change_is_recorded_with_before_after_and_who_made_it(cast: Cast) -> None:
    measure = make_measure(cast, areas=[cast.norr])
    change = known(
        update_measure(
            measure,
            {"status": "ongoing", "due_date": date(2024, 9, 27), "areas": [cast.norr, cast.soder]},
            cast.cecilia,
            "Väntar på ställning",
        )
    )
    assert change.changed_by == cast.cecilia
    assert change.comment == "Väntar på ställning"
    assert change.changes == {
        "status": ["decided", "ongoing"],
        "due_date": ["2024-09-20", "2024-09-27"],
        "areas": [["Norr"], ["Norr", "Söder"]],
    }
    measure.refresh_from_db()
    assert measure.status == "ongoing" and set(measure.areas.all()) == {cast.norr, cast.soder}
    entry = AuditEntry.objects.get(action="lagesbild.measure.updated", object_id=str(measure.pk))
    assert entry.actor == cast.cecilia and entry.detail["changes"]["status"] == [
        "decided",
        "ongoing",
    ]


def test_an_update_that_changes_nothing_writes_nothing(cast: Cast) -> None:
    measure = make_measure(cast)
    assert (
        update_measure(
            measure, {"status": "decided", "title": " Klottersanering vid skolan "}, cast.cecilia
        )
        is None
    )
    assert measure.changes.count() == 1  # the creation only
    assert not AuditEntry.objects.filter(action="lagesbild.measure.updated").exists()


def test_reporting_a_measure_done_without_a_date_dates_it_today(cast: Cast) -> None:
    measure = make_measure(cast)
    change = known(update_measure(measure, {"status": "done"}, cast.cecilia))
    assert change.changes["done_date"][0] is None and change.changes["done_date"][1]
    measure.refresh_from_db()
    assert measure.done_date is not None


def test_the_owner_organisations_analyst_may_update_status_and_follow_up_but_not_the_decision(
    cast: Cast,
) -> None:
    measure = make_measure(cast, owner=cast.polisen)  # anders is a police analyst
    change = known(
        update_measure(
            measure, {"status": "ongoing", "follow_up": "Patrull två kvällar"}, cast.anders
        )
    )
    assert change.changed_by == cast.anders
    with pytest.raises(PermissionDenied):
        update_measure(measure, {"due_date": date(2025, 1, 1)}, cast.anders)
    with pytest.raises(PermissionDenied):
        update_measure(measure, {"status": "done"}, cast.sara)  # not her organisation's measure


def test_a_reporter_of_the_owner_organisation_may_not_update_it(cast: Cast) -> None:
    measure = make_measure(cast, owner=cast.bostad)  # hugo reports for the housing company
    with pytest.raises(PermissionDenied):
        update_measure(measure, {"status": "ongoing"}, cast.hugo)
    Membership.objects.filter(user=cast.hugo).update(role=Role.ANALYST)
    cast.hugo = type(cast.hugo).objects.get(pk=cast.hugo.pk)  # drop the cached viewer
    assert update_measure(measure, {"status": "ongoing"}, cast.hugo) is not None


def test_organisations_and_areas_of_another_municipality_are_refused(cast: Cast) -> None:
    with pytest.raises(ValidationError) as caught:
        create_measure(
            cast.municipality, MeasureData(title="Fel kommun", owner=cast.annan), cast.cecilia
        )
    assert "owner" in caught.value.error_dict
    measure = make_measure(cast)
    with pytest.raises(ValidationError):
        update_measure(measure, {"partners": [cast.annan]}, cast.cecilia)
    assert not Measure.objects.filter(title="Fel kommun").exists()


def test_a_due_date_before_the_start_date_is_refused_and_nothing_is_recorded(cast: Cast) -> None:
    measure = make_measure(cast, start_date=date(2024, 9, 10))
    with pytest.raises(ValidationError):
        update_measure(measure, {"due_date": date(2024, 9, 1)}, cast.cecilia)
    assert MeasureChange.objects.filter(measure=measure).count() == 1
    measure.refresh_from_db()
    assert measure.due_date == date(2024, 9, 20)
