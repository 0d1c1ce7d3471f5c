"""The bulk path's quick field checks (``web.bulk.surely_clean``) and cheap construction
(``web.bulk.new_instance``) agree with Django's ``full_clean`` and ``Model(**values)``.

A partner import checks each new report with ``surely_clean`` and calls ``full_clean`` only for a
row it does not pass, so ``surely_clean`` may say "ask Django" for a good row but must never pass
a row Django refuses, nor one whose values Django's cleaning would change.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db.models.signals import post_init
from hypothesis import given, settings
from hypothesis import strategies as st

from lagesbild.categories.models import Category
from lagesbild.reports.models import Report
from lagesbild.reports.services import _ALL_FOREIGN_KEYS
from lagesbild.testing import Cast
from lagesbild.web.bulk import insert_new, new_instance, surely_clean

START = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
GOOD = {
    "municipality_id": 1,
    "organisation_id": 2,
    "category_id": 3,
    "area_id": None,
    "occurred_from": START,
    "occurred_to": None,
    "reported_at": START,
    "latitude": 56.04,
    "longitude": 12.69,
    "geocoded": False,
    "place_text": "Storgatan",
    "description": "Klotter på fasad, ring [telefonnummer]",
    "insecurity": 2,
    "count": None,
    "source": Report.Source.IMPORT,
    "external_id": "rad-1",
    "source_hash": "ab" * 32,
}
# Values Django refuses or converts, field by field, beside good ones.
VARIANTS: dict[str, list[Any]] = {
    "occurred_from": [START, None, "2026-03-01"],
    "occurred_to": [None, START + timedelta(hours=1), START - timedelta(minutes=1)],
    "latitude": [None, 56.04, 90.0, -90.5, 91.0, 56, "56.0"],
    "longitude": [None, 12.69, 180.0, 180.5, -181.0, 12],
    "geocoded": [False, True, None, 1],
    "place_text": ["", "Storgatan", "x" * 200, "x" * 201, "a\x00b", None],
    "description": ["", "text", "a\x00b", "x" * 5000, 7],
    "insecurity": [1, 2, 3, 0, 4, None, True, 2.0, "2"],
    "count": [None, 0, 1, 10_000, -1, 2**31, 3.0],
    "source": [Report.Source.IMPORT, "import", "", "something", None],
    "external_id": ["", "rad-1", "x" * 100, "x" * 101],
    "source_hash": ["", "ab" * 32, "ab" * 33],
    "review_status": [Report.Review.PENDING, "accepted", "nope", ""],
    "rejection_reason": ["", "x" * 301],
}


def _cleaned(report: Report) -> bool:
    try:
        report.full_clean(
            exclude=_ALL_FOREIGN_KEYS, validate_unique=False, validate_constraints=False
        )
    except ValidationError:
        return False
    return True


def _values(report: Report) -> dict:
    return {field.attname: getattr(report, field.attname) for field in Report._meta.fields}


@settings(max_examples=600, deadline=None)
@given(st.fixed_dictionaries({name: st.sampled_from(values) for name, values in VARIANTS.items()}))
def test_a_report_the_quick_check_passes_is_one_full_clean_passes_unchanged(changes: dict) -> None:
    report = new_instance(Report, {**GOOD, **changes})
    if surely_clean(report, _ALL_FOREIGN_KEYS):
        before = _values(report)
        assert _cleaned(report)
        after = _values(report)
        assert after == before
        assert [type(v) for v in after.values()] == [type(v) for v in before.values()]


def test_the_quick_check_passes_an_ordinary_imported_report() -> None:
    assert surely_clean(new_instance(Report, GOOD), _ALL_FOREIGN_KEYS)


def test_the_quick_check_sends_each_kind_of_bad_value_to_full_clean() -> None:
    for name, value in [
        ("place_text", "x" * 201),
        ("insecurity", 4),
        ("latitude", 91.0),
        ("count", -1),
        ("occurred_to", START - timedelta(minutes=1)),
        ("source", "something"),
        ("occurred_from", None),
    ]:
        report = new_instance(Report, {**GOOD, name: value})
        assert not surely_clean(report, _ALL_FOREIGN_KEYS), name
        assert not _cleaned(report), name


def test_a_report_built_cheaply_equals_one_built_by_django() -> None:
    built = new_instance(Report, GOOD)
    usual = Report(**GOOD)
    assert _values(built) == _values(usual)
    assert built._state.adding and built.pk is None
    # Fields not given get their defaults, as Django gives them.
    assert built.review_status == Report.Review.PENDING
    assert built.rejection_reason == "" and built.reviewed_at is None


def test_a_report_built_cheaply_holds_what_django_puts_in_the_object() -> None:
    # Built without Model.__init__: the same attributes, related objects in the same cache.
    category = Category(pk=3, code="klotter")
    given = {**GOOD, "category": category}
    given.pop("category_id"), given.pop("reported_at")
    built, usual = new_instance(Report, given), Report(**given)
    assert set(built.__dict__) == set(usual.__dict__)
    assert built.category is category and built.category_id == 3
    assert built._state.fields_cache == usual._state.fields_cache == {"category": category}
    # A callable default is computed per object, as Django computes it.
    later = new_instance(Report, given)
    assert START < built.reported_at <= later.reported_at
    assert built.reported_at is not later.reported_at


def test_a_model_with_an_init_receiver_is_built_by_django() -> None:
    seen: list[Report] = []

    def receiver(sender: type, instance: Report, **kwargs: Any) -> None:
        seen.append(instance)

    post_init.connect(receiver, sender=Report)
    try:
        built = new_instance(Report, GOOD)
    finally:
        post_init.disconnect(receiver, sender=Report)
    assert seen == [built] and _values(built) == _values(Report(**GOOD))
    assert new_instance(Report, GOOD) not in seen


def storable(cast: Cast) -> dict[str, Any]:
    """GOOD with the references a stored report needs: the security company, a category."""
    organisation: Any = cast.bevakning
    category = Category.objects.filter(active=True).first()
    assert category is not None
    return {
        **GOOD,
        "municipality_id": organisation.municipality_id,
        "organisation_id": organisation.pk,
        "category_id": category.pk,
    }


@pytest.mark.django_db
def test_the_bulk_insert_writes_what_django_writes(cast: Cast) -> None:
    values = {**storable(cast), "occurred_to": START + timedelta(hours=2), "count": 3}
    insert_new(Report, [new_instance(Report, {**values, "external_id": "ours"})])
    Report.objects.bulk_create([Report(**{**values, "external_id": "django"})])
    ours, django = (
        Report.objects.filter(external_id=name).values().get() for name in ("ours", "django")
    )
    for stamp in ("id", "external_id", "created_at", "updated_at"):
        ours.pop(stamp), django.pop(stamp)
    assert ours == django
    assert ours["source"] == "import" and ours["occurred_to"] == START + timedelta(hours=2)


@pytest.mark.django_db
def test_the_bulk_insert_stamps_its_rows_and_objects_with_one_time(cast: Cast) -> None:
    values = storable(cast)
    reports = [new_instance(Report, {**values, "external_id": f"rad-{n}"}) for n in range(3)]
    insert_new(Report, reports)
    # As pre_save sets them on the objects, one time for the one insert.
    [stamp] = {(r.created_at, r.updated_at) for r in reports}
    assert stamp[0] == stamp[1] and stamp[0] is not None
    stored = set(Report.objects.values_list("created_at", "updated_at"))
    assert stored == {stamp}


@pytest.mark.django_db
def test_the_bulk_insert_reads_a_deferred_field_as_django_would(cast: Cast) -> None:
    organisation: Any = cast.bevakning
    category = Category.objects.filter(active=True).first()
    assert category is not None
    values = {
        **GOOD,
        "municipality_id": organisation.municipality_id,
        "organisation_id": organisation.pk,
        "category_id": category.pk,
    }
    insert_new(Report, [new_instance(Report, values)])
    copy = Report.objects.defer("description", "category").get()
    assert "description" not in copy.__dict__ and "category_id" not in copy.__dict__
    copy.external_id = "copy"  # its primary key stays: the deferred fields are loaded by it
    insert_new(Report, [copy])
    original, copied = (
        Report.objects.filter(external_id=name).values().get() for name in ("rad-1", "copy")
    )
    for differs in ("id", "external_id", "created_at", "updated_at"):
        original.pop(differs), copied.pop(differs)
    assert copied == original and copied["description"] == GOOD["description"]
