"""The cached week: one class, one sight; every write that changes a week makes it recomputed.

Each test compares what the cache serves with the week computed afresh (``fresh``): a cached
week that differs from a fresh computation is a stale or a leaked one.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lagesbild.areas.models import Municipality
from lagesbild.briefings.analysis import hotspot_start, weekly_analysis
from lagesbild.briefings.caching import (
    STORED_METHOD,
    cached_week,
    generation,
    store_result,
    week_key,
)
from lagesbild.briefings.models import StoredWeekResult
from lagesbild.briefings.services import sensitive_ids, weekly_picture
from lagesbild.briefings.tests.builders import bulk_weekly, midweek, weeks_back
from lagesbild.categories.models import Category
from lagesbild.core.weeks import IsoWeek
from lagesbild.measures.models import Measure
from lagesbild.meetings.models import FocusArea, Meeting
from lagesbild.official.models import DistrictPopulation, Population
from lagesbild.organisations.access import (
    Viewer,
    partnership_viewer,
    system_viewer,
    viewer_class,
    viewer_for,
)
from lagesbild.organisations.models import Membership, Role
from lagesbild.reports.access import sensitive_report_ids
from lagesbild.reports.models import Report
from lagesbild.reports.review import accept_report, merge_reports, reject_report
from lagesbild.testing import STOCKHOLM, Cast, clear_caches, file_report

WEEK = IsoWeek(2024, 37)
CAST = ("cecilia", "anders", "sara", "hugo", "rut", "olle", "nemo", "vilma", "ebba")


def _at(week: IsoWeek, hour: int = 10) -> datetime:
    return datetime.combine(week.monday + timedelta(days=1), datetime.min.time()).replace(
        hour=hour, tzinfo=STOCKHOLM
    )


def _week_of_reports(cast: Any) -> None:
    """Every organisation files plain and sensitive reports with text, this week and before."""
    for k, organisation in enumerate((cast.kommunen, cast.polisen, cast.bevakning, cast.bostad)):
        for week in (WEEK, WEEK.previous()):
            file_report(organisation, "klotter", _at(week, 8 + k), Cast.NORR_POINT, text="Klotter")
            file_report(
                organisation, "organiserad", _at(week, 12 + k), Cast.SODER_POINT, text="Hemligt"
            )
    file_report(
        cast.bevakning, "narkotika_forsaljning", _at(WEEK, 20), Cast.NORR_POINT, text="Tips"
    )


def fresh(viewer: Viewer, municipality: Any, week: IsoWeek = WEEK) -> dict[str, Any]:
    """The week computed now, past every cache and stored result, as plain data."""
    return {
        "picture": weekly_picture(viewer, municipality, week).as_dict(),
        "analysis": weekly_analysis(viewer, municipality, week, use_stored=False).as_dict(),
    }


def served(viewer: Viewer, municipality: Any, week: IsoWeek = WEEK) -> dict[str, Any]:
    picture, analysis = cached_week(viewer, municipality, week)
    return {"picture": picture.as_dict(), "analysis": analysis.as_dict()}


def _viewer(cast: Any, name: str) -> Viewer:
    return viewer_for(getattr(cast, name)).within(cast.municipality.pk)


def _in_town(cast: Any) -> dict[str, Viewer]:
    """Everyone of the cast who sees Exempeltorp, and the viewers made without a person."""
    viewers = {name: _viewer(cast, name) for name in CAST}
    viewers["partners"] = partnership_viewer(cast.municipality.pk)
    viewers["system"] = system_viewer(frozenset({cast.municipality.pk}))
    return {name: v for name, v in viewers.items() if v.has_access}


# --- the viewer class ------------------------------------------------------------------------


@pytest.mark.django_db
def test_viewers_of_one_class_see_exactly_the_same_week_and_other_classes_differ(
    cast: Any,
) -> None:
    _week_of_reports(cast)
    weeks: dict[str, dict[str, Any]] = {}
    for name, viewer in _in_town(cast).items():
        klass = viewer_class(viewer, cast.municipality.pk)
        week = fresh(viewer, cast.municipality)
        if klass in weeks:
            assert week == weeks[klass], (name, klass)
        weeks[klass] = week
    classes = {name: viewer_class(v, cast.municipality.pk) for name, v in _in_town(cast).items()}
    # The coordinator, the police analyst and the system share one class; each reporter's
    # company is its own; the reader is the municipality organisation's class.
    assert classes["cecilia"] == classes["anders"] == classes["system"]
    assert len({classes["cecilia"], classes["sara"], classes["hugo"], classes["rut"]}) == 4
    assert classes["sara"] == classes["vilma"]  # both report for the security company here
    # Different classes here do see different weeks (else the class would be finer than need be).
    assert len({repr(w) for w in weeks.values()}) == len(weeks)


@pytest.mark.django_db
def test_the_weeks_sensitive_reports_by_category_code_are_those_the_database_names(
    cast: Any,
) -> None:
    _week_of_reports(cast)
    for name, viewer in _in_town(cast).items():
        picture = weekly_picture(viewer, cast.municipality, WEEK)
        assert sensitive_ids(picture) == sensitive_report_ids(picture.reports), name
    coordinators = weekly_picture(_viewer(cast, "cecilia"), cast.municipality, WEEK)
    assert len(sensitive_ids(coordinators)) == 5  # four organisations' and the drug tip


@pytest.mark.django_db
def test_a_reader_is_never_served_the_coordinators_cached_week(cast: Any) -> None:
    _week_of_reports(cast)
    cecilia, rut = _viewer(cast, "cecilia"), _viewer(cast, "rut")
    coordinators = served(cecilia, cast.municipality)  # cached first
    assert week_key(cecilia, cast.municipality, WEEK) != week_key(rut, cast.municipality, WEEK)
    readers = served(rut, cast.municipality)
    assert readers == fresh(rut, cast.municipality)
    assert readers != coordinators
    # Of the sensitive reports the reader sees only her own organisation's; their category's
    # row counts those alone, so that the rows add up to the total.
    sensitive = [r for r in readers["picture"]["reports"] if r["category"] == "organiserad"]
    assert {r["organisation"] for r in sensitive} == {cast.kommunen.name}
    rows = {row["key"]: row["comparison"]["count"] for row in readers["picture"]["by_category"]}
    assert rows["organiserad"] == len(sensitive) > 0
    assert sum(rows.values()) == readers["picture"]["total"]["count"]


@pytest.mark.django_db
def test_every_member_of_the_cast_is_served_their_own_week_after_the_others(cast: Any) -> None:
    _week_of_reports(cast)
    viewers = _in_town(cast)
    for viewer in viewers.values():
        served(viewer, cast.municipality)
    for name, viewer in viewers.items():
        assert served(viewer, cast.municipality) == fresh(viewer, cast.municipality), name


def _page(client: Client) -> str:
    """The week page as served, without its CSRF tokens (new on every response)."""
    response = client.get(reverse("week", kwargs={"week": str(WEEK)}))
    assert response.status_code == 200
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


@pytest.mark.django_db
def test_every_member_of_the_cast_is_served_their_own_week_page_after_the_others(
    cast: Any,
) -> None:
    """The cached body of the page (per class, and per deciding measures and opening the
    analysis pages) is never another viewer's: each page served after everyone else's equals
    the page rendered with an empty cache."""
    _week_of_reports(cast)
    clients = {}
    for name in CAST:
        if _viewer(cast, name).has_access:
            clients[name] = Client()
            clients[name].force_login(getattr(cast, name))
    for client in clients.values():
        _page(client)
    pages = {}
    for name, client in clients.items():
        pages[name] = _page(client)
        clear_caches()
        assert pages[name] == _page(client), name
    # Both read every organisation's text, sensitive reports included; the reader reads only
    # her own organisation's.
    assert "Hemligt" in pages["cecilia"] and "Hemligt" in pages["anders"]
    assert pages["rut"].count("Hemligt") < pages["cecilia"].count("Hemligt")


# --- hits -----------------------------------------------------------------------------------------


def _page_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("week", kwargs={"week": str(WEEK)}))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_the_second_render_of_the_week_is_served_from_the_cache(cast: Any) -> None:
    _week_of_reports(cast)
    client = Client()
    client.force_login(cast.rut)
    first = _page_queries(client)
    second = _page_queries(client)
    assert second <= first - 15, (first, second)
    # Another reader of the same class gets the same cached week.
    other = get_user_model().objects.create_user("rakel")
    Membership.objects.create(user=other, organisation=cast.kommunen, role=Role.READER)
    client.force_login(other)
    assert _page_queries(client) <= second + 1


# --- invalidation -----------------------------------------------------------------------------


def _changes_and_stays_right(cast: Any, name: str, write) -> None:
    """Cache the week for ``name``, write, and check the cache serves the new week."""
    viewer = _viewer(cast, name)
    before = served(viewer, cast.municipality)
    write()
    viewer = _viewer(cast, name)  # memberships may have changed
    after = served(viewer, cast.municipality)
    assert after == fresh(viewer, cast.municipality)
    assert after != before


@pytest.mark.django_db
def test_a_new_report_is_in_the_next_render(cast: Any) -> None:
    _week_of_reports(cast)
    _changes_and_stays_right(
        cast, "rut", lambda: file_report(cast.bostad, "klotter", _at(WEEK, 9), text="Ny")
    )


@pytest.mark.django_db
def test_a_report_filed_in_an_earlier_week_changes_the_comparison(cast: Any) -> None:
    _week_of_reports(cast)
    _changes_and_stays_right(
        cast, "cecilia", lambda: file_report(cast.bostad, "klotter", _at(WEEK.previous(), 9))
    )


@pytest.mark.django_db
def test_a_review_decision_is_in_the_next_render(cast: Any) -> None:
    _week_of_reports(cast)
    report = Report.objects.filter(organisation=cast.bostad, category__code="klotter").first()
    assert report is not None
    _changes_and_stays_right(
        cast, "cecilia", lambda: reject_report(report, "Dubblett", cast.cecilia)
    )
    _changes_and_stays_right(cast, "cecilia", lambda: accept_report(report, cast.cecilia))


@pytest.mark.django_db
def test_a_merge_is_in_the_next_render(cast: Any) -> None:
    _week_of_reports(cast)
    primary, duplicate = Report.objects.filter(
        category__code="klotter", occurred_from__gte=_at(WEEK, 0)
    ).order_by("pk")[:2]
    _changes_and_stays_right(
        cast, "cecilia", lambda: merge_reports(primary, [duplicate], cast.cecilia)
    )


@pytest.mark.django_db
def test_a_category_made_sensitive_leaves_the_readers_next_render(cast: Any) -> None:
    _week_of_reports(cast)

    def make_sensitive() -> None:
        graffiti = Category.objects.get(code="klotter")
        graffiti.sensitive = True
        graffiti.save()

    _changes_and_stays_right(cast, "rut", make_sensitive)
    codes = {
        row["key"]
        for row in served(_viewer(cast, "rut"), cast.municipality)["picture"]["by_category"]
    }
    assert "klotter" not in codes


@pytest.mark.django_db
def test_a_changed_membership_changes_what_is_served(cast: Any) -> None:
    _week_of_reports(cast)

    def promote() -> None:
        Membership.objects.filter(user=cast.rut).update(role=Role.COORDINATOR)
        cast.rut = get_user_model().objects.get(pk=cast.rut.pk)  # a new request's user

    _changes_and_stays_right(cast, "rut", promote)
    assert served(_viewer(cast, "rut"), cast.municipality) == served(
        _viewer(cast, "cecilia"), cast.municipality
    )


@pytest.mark.django_db
def test_a_new_measure_in_a_flagged_district_is_in_the_next_render(cast: Any) -> None:
    bulk_weekly(
        cast.bevakning, "klotter", cast.norr, Cast.NORR_POINT, weeks_back(WEEK, 20), [2] * 20 + [15]
    )

    def add_measure() -> None:
        measure = Measure.objects.create(
            municipality=cast.municipality, title="Mer belysning", status=Measure.OPEN_STATUSES[0]
        )
        measure.areas.set([cast.norr])

    _changes_and_stays_right(cast, "cecilia", add_measure)


@pytest.mark.django_db
def test_a_renamed_district_is_in_the_next_render(cast: Any) -> None:
    _week_of_reports(cast)

    def rename() -> None:
        cast.norr.name = "Norra staden"
        cast.norr.save()

    _changes_and_stays_right(cast, "rut", rename)


# --- stored results of past weeks ------------------------------------------------------------


def _reviewed_history(cast: Any) -> None:
    """Twenty quiet weeks of accepted graffiti in Norr, then an outbreak in WEEK."""
    bulk_weekly(
        cast.bevakning, "klotter", cast.norr, Cast.NORR_POINT, weeks_back(WEEK, 20), [2] * 20 + [15]
    )


def _stored(cast: Any) -> Any:
    return StoredWeekResult.objects.filter(municipality=cast.municipality, week=WEEK.monday)


@pytest.mark.django_db
def test_a_complete_reviewed_weeks_alerts_hotspots_and_repeat_places_are_computed_once_and_stored(
    cast: Any,
) -> None:
    _reviewed_history(cast)
    cecilia = _viewer(cast, "cecilia")
    first = weekly_analysis(cecilia, cast.municipality, WEEK)
    assert first.alerts and first.repeat_places
    assert _stored(cast).count() == 1
    with CaptureQueriesContext(connection) as stored_read:
        again = weekly_analysis(cecilia, cast.municipality, WEEK)
    with CaptureQueriesContext(connection) as computed:
        weekly_analysis(cecilia, cast.municipality, WEEK, use_stored=False)
    assert again.as_dict() == first.as_dict() == fresh(cecilia, cast.municipality)["analysis"]
    assert again.repeat_places == first.repeat_places  # dates and tuples again, not JSON's
    assert len(stored_read) < len(computed)
    # What is stored is what is served: the stored row is read, not recomputed.
    row = _stored(cast).get()
    row.data["checked"][0]["sentence"] = "ur lagret"
    row.data["repeat_places"][0]["label"] = "ur lagret"
    row.save()
    served = weekly_analysis(cecilia, cast.municipality, WEEK)
    assert served.checked[0].sentence == served.repeat_places[0].label == "ur lagret"


@pytest.mark.django_db
def test_a_stored_week_near_the_start_of_reporting_names_the_period_analysed(cast: Any) -> None:
    # Reporting began the week before WEEK: the hotspot period starts on that week's Monday (it
    # began on the Monday three weeks before WEEK's, naming two weeks in which nothing could be
    # reported). The same reports are analysed either way; the stored row keeps no period, so
    # a row stored before the period was clamped is served with the clamped one too.
    bulk_weekly(cast.bevakning, "klotter", cast.norr, Cast.NORR_POINT, weeks_back(WEEK, 1), [3, 4])
    cecilia = _viewer(cast, "cecilia")
    began = WEEK.previous()
    computed = weekly_analysis(cecilia, cast.municipality, WEEK)
    assert (computed.hotspot_from, computed.first_week) == (began.monday, str(began))
    row = _stored(cast).get()
    assert "hotspot_from" not in row.data and "first_week" not in row.data
    served = weekly_analysis(cecilia, cast.municipality, WEEK)
    assert (served.hotspot_from, served.first_week) == (began.monday, str(began))
    assert served.as_dict() == fresh(cecilia, cast.municipality)["analysis"]
    # A report filed later in an earlier week moves the start back, stored row or not.
    earlier = IsoWeek.containing(WEEK.monday - timedelta(weeks=2))
    accept_report(file_report(cast.bevakning, "klotter", midweek(earlier)), cast.cecilia)
    again = weekly_analysis(cecilia, cast.municipality, WEEK)
    assert (again.hotspot_from, again.first_week) == (earlier.monday, str(earlier))
    # Reporting that began four weeks back or more leaves the four weeks whole.
    assert hotspot_start(WEEK, IsoWeek.containing(WEEK.monday - timedelta(weeks=9))) == (
        WEEK.monday - timedelta(weeks=3)
    )


@pytest.mark.django_db
def test_a_stored_weeks_focus_pai_is_counted_on_its_reports_when_served_from_the_store(
    cast: Any,
) -> None:
    _reviewed_history(cast)
    meeting = Meeting.objects.create(
        municipality=cast.municipality, date=WEEK.previous().monday, iso_week=str(WEEK.previous())
    )
    FocusArea.objects.create(meeting=meeting, rank=1, label="Norr", area=cast.norr)
    cecilia = _viewer(cast, "cecilia")
    weekly_analysis(cecilia, cast.municipality, WEEK)
    assert _stored(cast).exists()
    focus = weekly_analysis(cecilia, cast.municipality, WEEK).focus_pai
    assert focus is not None and focus.reports_in == focus.reports_total == 15
    assert focus == weekly_analysis(cecilia, cast.municipality, WEEK, use_stored=False).focus_pai


@pytest.mark.django_db
def test_a_week_with_unreviewed_reports_or_not_yet_over_is_not_stored(cast: Any) -> None:
    _reviewed_history(cast)
    file_report(cast.bostad, "klotter", midweek(WEEK.previous()))  # pending
    weekly_analysis(_viewer(cast, "cecilia"), cast.municipality, WEEK)
    assert not _stored(cast).exists()
    this_week = IsoWeek.containing(datetime.now(STOCKHOLM).date())
    weekly_analysis(_viewer(cast, "cecilia"), cast.municipality, this_week)
    assert not StoredWeekResult.objects.exists()


@pytest.mark.django_db
def test_a_late_report_for_a_stored_week_or_before_it_drops_the_stored_results(cast: Any) -> None:
    _reviewed_history(cast)
    cecilia = _viewer(cast, "cecilia")
    for late in (WEEK, IsoWeek.containing(WEEK.monday - timedelta(weeks=10))):
        weekly_analysis(cecilia, cast.municipality, WEEK)
        assert _stored(cast).exists()
        report = file_report(cast.bevakning, "klotter", midweek(late), Cast.NORR_POINT)
        assert not _stored(cast).exists()
        accept_report(report, cast.cecilia)
        assert (
            weekly_analysis(cecilia, cast.municipality, WEEK).as_dict()
            == fresh(cecilia, cast.municipality)["analysis"]
        )


@pytest.mark.django_db
def test_a_report_after_a_stored_week_keeps_its_results(cast: Any) -> None:
    _reviewed_history(cast)
    weekly_analysis(_viewer(cast, "cecilia"), cast.municipality, WEEK)
    file_report(cast.bevakning, "klotter", midweek(WEEK.next()), Cast.NORR_POINT)
    assert _stored(cast).exists()


@pytest.mark.django_db
def test_stored_results_are_kept_per_viewer_class_and_method(cast: Any) -> None:
    _reviewed_history(cast)
    file_report(cast.polisen, "organiserad", midweek(WEEK.next()), Cast.NORR_POINT)
    for name in ("cecilia", "rut"):
        viewer = _viewer(cast, name)
        assert (
            weekly_analysis(viewer, cast.municipality, WEEK).as_dict()
            == fresh(viewer, cast.municipality)["analysis"]
        )
    assert _stored(cast).count() == 2
    _stored(cast).update(method=STORED_METHOD - 1)  # an older method: recomputed, replaced
    rut = _viewer(cast, "rut")
    assert (
        weekly_analysis(rut, cast.municipality, WEEK).as_dict()
        == fresh(rut, cast.municipality)["analysis"]
    )
    assert _stored(cast).filter(method=STORED_METHOD).count() == 1


@pytest.mark.django_db
def test_a_store_from_data_older_than_a_write_is_refused(cast: Any) -> None:
    _reviewed_history(cast)
    read_at = generation(cast.municipality.pk)
    file_report(cast.bevakning, "klotter", midweek(WEEK.next()), Cast.NORR_POINT)
    assert not store_result(_viewer(cast, "rut"), cast.municipality, WEEK, {}, read_at)
    assert not _stored(cast).exists()


@pytest.mark.django_db
def test_a_renamed_municipality_drops_the_stored_results(cast: Any) -> None:
    _reviewed_history(cast)
    weekly_analysis(_viewer(cast, "cecilia"), cast.municipality, WEEK)
    town = Municipality.objects.get(pk=cast.municipality.pk)
    town.name = "Nytorp"
    town.save()
    assert not _stored(cast).exists()


@pytest.mark.django_db
def test_a_population_entered_by_hand_drops_the_stored_results_and_the_cached_week(
    cast: Any,
) -> None:
    """As the admin writes populations (the SCB import announces its own change)."""
    _reviewed_history(cast)
    cecilia = _viewer(cast, "cecilia")
    served(cecilia, cast.municipality)
    assert _stored(cast).exists()
    before = generation(cast.municipality.pk)
    Population.objects.create(
        municipality_code=cast.municipality.code, year=WEEK.monday.year - 1, population=20_000
    )
    assert generation(cast.municipality.pk) != before
    assert not _stored(cast).exists()
    assert served(cecilia, cast.municipality) == fresh(cecilia, cast.municipality)


@pytest.mark.django_db
def test_a_district_population_entered_by_hand_is_on_the_next_analysis_map(cast: Any) -> None:
    before = generation(cast.municipality.pk)
    DistrictPopulation.objects.create(area=cast.norr, year=WEEK.monday.year, population=5_000)
    assert generation(cast.municipality.pk) != before


# --- Redis --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_week_is_cached_in_redis_when_redis_is_the_cache(
    cast: Any, settings: Any, redis_url: str
) -> None:
    from django.core.cache import cache

    # The session's own Redis; a prefix per test, as other tests of the session use it too.
    settings.CACHES = {
        "default": {
            **settings.REDIS_CACHE,
            "LOCATION": redis_url,
            "KEY_PREFIX": f"lagesbild-test-{uuid.uuid4().hex}",
        },
        "local": settings.CACHES["local"],
    }
    _week_of_reports(cast)
    rut = _viewer(cast, "rut")
    key = week_key(rut, cast.municipality, WEEK)
    try:
        assert cache.get(key) is None
        first = served(rut, cast.municipality)
        assert cache.get(key) is not None
        assert served(rut, cast.municipality) == first == fresh(rut, cast.municipality)
        file_report(cast.bostad, "klotter", _at(WEEK, 9))
        assert served(rut, cast.municipality) == fresh(rut, cast.municipality) != first
    finally:
        cache.delete(key)
        cache.delete(week_key(rut, cast.municipality, WEEK))


@pytest.mark.django_db
def test_purged_text_is_gone_from_the_next_render(cast: Any) -> None:
    from lagesbild.privacy.retention import purge_old_text

    _week_of_reports(cast)
    later = datetime.now(STOCKHOLM) + timedelta(days=400)
    _changes_and_stays_right(cast, "cecilia", lambda: purge_old_text(days=30, now=later))
    reports = served(_viewer(cast, "cecilia"), cast.municipality)["picture"]["reports"]
    assert reports and all(not r["description"] for r in reports)


@pytest.mark.django_db
def test_a_viewer_of_two_municipalities_is_served_the_week_of_this_one(cast: Any) -> None:
    _week_of_reports(cast)
    vilma = viewer_for(cast.vilma)  # a reporter here, a police analyst in Annanstad
    assert len(vilma.municipality_ids) == 2
    served(_viewer(cast, "sara"), cast.municipality)  # her class's week, cached first
    here = vilma.within(cast.municipality.pk)
    assert served(vilma, cast.municipality) == fresh(here, cast.municipality)
    assert served(vilma, cast.municipality) == served(_viewer(cast, "sara"), cast.municipality)
