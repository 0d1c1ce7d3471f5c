"""A week's alerts against the stored baseline of the weeks before it (``briefings.judging``).

Every judgement served from a stored baseline is compared with the same week judged afresh
(``use_stored=False``: every week read, every series fitted) after the writes that keep or drop
the baseline; and what is stored is shown to be what is used.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import numpy as np
import pytest
from django.utils import timezone

from lagesbild.areas.generations import generation
from lagesbild.areas.services import districts_by_area
from lagesbild.briefings.alerts import History, weekly_series
from lagesbild.briefings.caching import BASELINE_KEEP_DAYS, store_baseline
from lagesbild.briefings.judging import judged_week
from lagesbild.briefings.models import StoredBaseline
from lagesbild.briefings.tests.builders import bulk_weekly, midweek, weeks_back
from lagesbild.categories.models import Category
from lagesbild.core.weeks import IsoWeek
from lagesbild.official.models import Population
from lagesbild.organisations.access import Viewer, viewer_for
from lagesbild.reports.rollup import visible_counts
from lagesbild.testing import STOCKHOLM, BuiltOnce, Cast, built_once, file_report, make_cast

WEEK = IsoWeek(2024, 37)
HISTORY_WEEKS = 200  # Farrington from three years on: the fits are what the baseline keeps


def _history(cast: Any) -> None:
    """Four years of graffiti in Norr (an outbreak in WEEK) and of the police's sensitive
    reports of organised crime in Söder, which the security company's reporter does not see."""
    weeks = weeks_back(WEEK, HISTORY_WEEKS)
    graffiti = [2 + (7 * k) % 5 for k in range(HISTORY_WEEKS)] + [15]
    bulk_weekly(cast.bevakning, "klotter", cast.norr, Cast.NORR_POINT, weeks, graffiti)
    organised = [1 + k % 3 for k in range(HISTORY_WEEKS + 1)]
    bulk_weekly(cast.polisen, "organiserad", cast.soder, Cast.SODER_POINT, weeks, organised)


def _viewer(cast: Any, name: str) -> Viewer:
    return viewer_for(getattr(cast, name)).within(cast.municipality.pk)


def _judged(viewer: Viewer, cast: Any, **options: Any) -> tuple[int, tuple]:
    return judged_week(
        viewer, cast.municipality, WEEK, districts_by_area(cast.municipality), **options
    )


def _afresh(viewer: Viewer, cast: Any) -> tuple[int, tuple]:
    return _judged(viewer, cast, use_stored=False)


def _baselines(cast: Any) -> Any:
    return StoredBaseline.objects.filter(municipality=cast.municipality)


def _town() -> Cast:
    cast = make_cast()
    _history(cast)
    return cast


@pytest.fixture(scope="module")
def built_town(django_db_setup: None, django_db_blocker: Any) -> Iterator[BuiltOnce[Cast]]:
    """The cast and its four years of history, built once for the module (a few seconds)."""
    with built_once(django_db_blocker, _town) as built:
        yield built


@pytest.fixture
def town(built_town: BuiltOnce[Cast], db: None) -> Cast:
    return built_town.copy()


@pytest.mark.django_db
def test_the_first_judgement_stores_the_baseline_and_equals_a_judgement_afresh(town: Any) -> None:
    cecilia = _viewer(town, "cecilia")
    first = _judged(cecilia, town)
    assert _baselines(town).count() == 1
    assert first == _afresh(cecilia, town) == _judged(cecilia, town)
    methods = {a.method for a in first[1]}
    assert "farrington_flexible" in methods
    assert any(a.alarm for a in first[1])
    assert _baselines(town).count() == 1  # served from it, not stored again


@pytest.mark.django_db
def test_a_late_report_in_the_week_keeps_the_baseline_and_is_judged_right(town: Any) -> None:
    cecilia = _viewer(town, "cecilia")
    before = _judged(cecilia, town)
    stored_at = _baselines(town).get().computed_at
    for _ in range(3):
        file_report(town.bevakning, "klotter", midweek(WEEK), Cast.NORR_POINT)
    assert _baselines(town).get().computed_at == stored_at
    after = _judged(cecilia, town)
    assert after == _afresh(cecilia, town)
    assert after != before
    assert _baselines(town).get().computed_at == stored_at


@pytest.mark.django_db
def test_a_report_in_an_earlier_week_drops_the_baseline(town: Any) -> None:
    cecilia = _viewer(town, "cecilia")
    _judged(cecilia, town)
    for weeks_before in (1, 60):
        day = midweek(IsoWeek.containing(WEEK.monday - timedelta(weeks=weeks_before)))
        file_report(town.bevakning, "klotter", day, Cast.NORR_POINT)
        assert not _baselines(town).exists()
        assert _judged(cecilia, town) == _afresh(cecilia, town)
        assert _baselines(town).count() == 1


@pytest.mark.django_db
def test_a_report_after_the_week_keeps_its_baseline(town: Any) -> None:
    _judged(_viewer(town, "cecilia"), town)
    file_report(town.bevakning, "klotter", midweek(WEEK.next()), Cast.NORR_POINT)
    assert _baselines(town).count() == 1


@pytest.mark.django_db
def test_what_is_stored_is_what_is_used(town: Any) -> None:
    cecilia = _viewer(town, "cecilia")
    _judged(cecilia, town)
    row = _baselines(town).get()
    graffiti = Category.objects.get(code="klotter").top_level.code
    key = f"district_category/norr/{graffiti}"
    assert row.data["predictions"][key] is not None
    row.data["predictions"][key][0] = 123.0  # the fitted expectation
    row.save()
    (alert,) = [
        a
        for a in _judged(cecilia, town)[1]
        if a.level == "district_category" and a.district == "norr" and a.category == graffiti
    ]
    assert alert.expected == 123.0


@pytest.mark.django_db
def test_the_week_alone_is_read_after_a_known_history(town: Any) -> None:
    cecilia = _viewer(town, "cecilia")
    counts = visible_counts(cecilia).filter(municipality=town.municipality)
    district_of = districts_by_area(town.municipality)
    tz = STOCKHOLM
    full = weekly_series(counts, WEEK, district_of, tz)
    history = History.of(full)
    made_up = History(history.first, history.districts, history.categories, history.counts + 999)
    served = weekly_series(counts, WEEK, district_of, tz, known=made_up)
    assert np.array_equal(served.counts[:, :, :-1], history.counts + 999)
    assert np.array_equal(served.counts[:, :, -1], full.counts[:, :, -1])
    # A history of other weeks, districts or categories is not used.
    first, districts, categories = history.first, history.districts, history.categories
    for other in (
        History(first - timedelta(weeks=1), districts, categories, made_up.counts),
        History(first, districts[1:], categories, made_up.counts),
        History(first, districts, categories[1:], made_up.counts),
        History(first, districts, categories, made_up.counts[:, :, 1:]),
    ):
        series = weekly_series(counts, WEEK, district_of, tz, known=other)
        assert np.array_equal(series.counts, full.counts)


@pytest.mark.django_db
def test_baselines_are_kept_per_viewer_class(town: Any) -> None:
    cecilia, sara = _viewer(town, "cecilia"), _viewer(town, "sara")
    for viewer in (cecilia, sara, cecilia, sara):
        assert _judged(viewer, town) == _afresh(viewer, town)
    assert _baselines(town).count() == 2
    assert "organiserad" not in {a.category for a in _judged(sara, town)[1]}
    assert "organiserad" in {a.category for a in _judged(cecilia, town)[1]}
    sensitive_fit = "municipality//organiserad"
    assert sorted(sensitive_fit in row.data["predictions"] for row in _baselines(town)) == [
        False,
        True,
    ]


@pytest.mark.django_db
def test_a_viewer_of_two_municipalities_stores_no_baseline(town: Any) -> None:
    vilma = viewer_for(town.vilma)
    assert len(vilma.municipality_ids) == 2
    assert _judged(vilma, town) == _afresh(vilma, town)
    assert not _baselines(town).exists()


@pytest.mark.django_db
def test_a_changed_population_fits_the_rates_again(town: Any) -> None:
    cecilia = _viewer(town, "cecilia")
    _judged(cecilia, town)
    without = _baselines(town).get().data["population"]
    for year in range(2019, 2025):
        Population.objects.create(
            municipality_code=town.municipality.code, year=year, population=10_000 + 1_000 * year
        )
    assert _judged(cecilia, town) == _afresh(cecilia, town)
    assert _baselines(town).get().data["population"] != without


@pytest.mark.django_db
def test_a_baseline_read_before_a_write_is_not_stored(town: Any) -> None:
    read_at = generation(town.municipality.pk)
    file_report(town.bevakning, "klotter", midweek(WEEK.next()), Cast.NORR_POINT)
    assert not store_baseline(_viewer(town, "rut"), town.municipality, WEEK, {}, read_at)
    assert not _baselines(town).exists()


@pytest.mark.django_db
def test_baselines_not_computed_for_long_are_dropped_when_another_is_stored(town: Any) -> None:
    cecilia = _viewer(town, "cecilia")
    _judged(cecilia, town)
    long_ago = timezone.now() - timedelta(days=BASELINE_KEEP_DAYS + 1)
    _baselines(town).update(computed_at=long_ago)
    _judged(_viewer(town, "sara"), town)
    (kept,) = _baselines(town)
    assert kept.computed_at > long_ago
