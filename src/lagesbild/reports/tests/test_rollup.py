"""The rollup of counted reports equals a direct count of the rows, after any sequence of writes.

Every write path keeps it in step (create, update, review decisions, merge, corrections, imports,
batches, deletion in the admin, the text purge), the rebuild command gives the same table, and
every reader of it (weekly page, alert series, tertial, goals, public page, partner volumes) gives
the figures a direct count of the visible raw rows gives, for every member of the test cast.
Runs on SQLite and, with DATABASE_URL, on PostgreSQL.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from io import StringIO
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib import admin
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Sum
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lagesbild.annual.services import _partner_reports
from lagesbild.areas.generations import generation
from lagesbild.areas.models import Municipality
from lagesbild.areas.services import districts_by_area
from lagesbild.briefings.alerts import weekly_series
from lagesbild.briefings.analysis import weekly_analysis
from lagesbild.briefings.tertial import tertial_analysis
from lagesbild.categories.models import Category
from lagesbild.core.periods import Tertial
from lagesbild.core.weeks import IsoWeek
from lagesbild.goals.models import Goal, Indicator
from lagesbild.goals.status import every_readers_viewer, indicator_series
from lagesbild.organisations.access import viewer_for
from lagesbild.privacy.retention import purge_old_text
from lagesbild.public.statistics import _counts, _published_counts
from lagesbild.reports import review
from lagesbild.reports.access import visible_reports
from lagesbild.reports.batch import create_reports
from lagesbild.reports.importing import import_reports
from lagesbild.reports.models import Report, ReportCount, is_counted
from lagesbild.reports.rollup import first_week, rebuild_counts, visible_counts, week_monday
from lagesbild.reports.services import NewReport, create_report, upsert_report
from lagesbild.reports.tests import raw_reference as raw
from lagesbild.statutory.access import aggregate_viewer
from lagesbild.statutory.generation import partner_figures
from lagesbild.testing import STOCKHOLM, Cast

# Local instants where bucketing goes wrong first: the clock changes (2024-03-31, 2024-10-27,
# with the repeated hour on both sides), Sunday night against Monday midnight, a month or a
# year that begins mid-week, and ISO week 1 of 2025 starting in December 2024.
EDGES = [
    datetime(2024, 3, 31, 1, 59),
    datetime(2024, 3, 31, 3, 0),
    datetime(2024, 3, 31, 23, 59),
    datetime(2024, 4, 1, 0, 0),
    datetime(2024, 10, 27, 2, 30),
    datetime(2024, 10, 27, 2, 30, fold=1),
    datetime(2024, 10, 27, 23, 59, 59),
    datetime(2024, 10, 28, 0, 0),
    datetime(2023, 12, 31, 23, 30),
    datetime(2024, 1, 1, 0, 15),
    datetime(2024, 12, 31, 22, 0),
    datetime(2025, 1, 1, 0, 0),
    datetime(2025, 2, 28, 23, 59),
    datetime(2025, 3, 1, 0, 0),
    datetime(2024, 4, 30, 23, 0),
    datetime(2024, 5, 1, 1, 0),
]
CATEGORIES = [
    "klotter",
    "ovrig_skadegorelse",
    "skadegorelse",
    "narkotika_fynd",
    "narkotika_forsaljning",
    "organiserad",
    "hot",
]
CAST_USERS = ("cecilia", "anders", "sara", "hugo", "rut", "olle", "nemo")


def _when(rng: random.Random) -> datetime:
    if rng.random() < 0.5:
        local = rng.choice(EDGES).replace(tzinfo=STOCKHOLM)
    else:
        start = datetime(2023, 1, 2, tzinfo=STOCKHOLM)
        local = start + timedelta(minutes=rng.randrange(3 * 365 * 24 * 60))
    return local.astimezone(UTC).astimezone(STOCKHOLM)  # a time the clock really showed


def _category(rng: random.Random) -> Category:
    return Category.objects.get(code=rng.choice(CATEGORIES))


def _new(cast: Any, rng: random.Random, **fields) -> NewReport:
    organisation = rng.choice([cast.kommunen, cast.polisen, cast.bevakning, cast.bostad])
    point = rng.choice([Cast.NORR_POINT, Cast.SODER_POINT, None])
    values: dict[str, Any] = {
        "organisation": organisation,
        "category": _category(rng),
        "occurred_from": _when(rng),
        "latitude": point[0] if point else None,
        "longitude": point[1] if point else None,
        "area": None if point else rng.choice([cast.norr, cast.soder, None]),
        "insecurity": rng.randint(1, 3),
        "description": "Något hände",
    }
    return NewReport(**(values | fields))


def _pending(cast: Any) -> list[Report]:
    return list(Report.objects.filter(municipality=cast.municipality, review_status="pending"))


def _one(rng: random.Random, reports: list[Report]) -> Report | None:
    return rng.choice(reports) if reports else None


def _step(cast: Any, rng: random.Random, serial: list[int]) -> None:
    """One random write, through the path the application uses for it."""
    action = rng.choice(
        [
            "create",
            "create",
            "public",
            "upsert",
            "upsert",
            "accept",
            "reject",
            "correct",
            "merge",
            "accept_week",
            "batch",
            "import",
            "admin_edit",
            "admin_delete",
            "admin_delete_many",
            "purge",
        ]
    )
    everyone = list(Report.objects.filter(municipality=cast.municipality))
    reviewer = cast.cecilia
    if action == "create":
        create_report(_new(cast, rng))
    elif action == "public":
        create_report(_new(cast, rng, source=Report.Source.PUBLIC, organisation=cast.kommunen))
    elif action == "upsert":
        # Reusing a few external ids: half of these update an existing report, maybe moving it.
        upsert_report(_new(cast, rng, source=Report.Source.API, external_id=f"x{rng.randrange(4)}"))
    elif action == "accept" and (report := _one(rng, everyone)):
        review.accept_report(report, reviewer)
    elif action == "reject" and (report := _one(rng, everyone)):
        if not report.duplicates.exists():
            review.reject_report(report, "Fel kommun", reviewer)
    elif action == "correct" and (report := _one(rng, everyone)):
        correction = rng.choice(
            [
                review.Correction(category=_category(rng)),
                review.Correction(area=rng.choice([cast.norr, cast.soder])),
                review.Correction(point=Cast.SODER_POINT),
            ]
        )
        review.correct_and_accept(report, correction, reviewer)
    elif action == "merge" and (primary := _one(rng, _pending(cast))):
        week = review.week_of(primary)
        same_week = [r for r in _pending(cast) if r.pk != primary.pk and review.week_of(r) == week]
        if same_week:
            review.merge_reports(primary, same_week[:2], reviewer)
    elif action == "accept_week" and (report := _one(rng, _pending(cast))):
        review.accept_remaining(cast.municipality, review.week_of(report), reviewer)
    elif action == "batch":
        create_reports([_new(cast, rng) for _ in range(3)])
    elif action == "import":
        serial[0] += 1
        rows = [
            f"imp{serial[0]}-{i};{_category(rng).code};"
            f"{_when(rng).strftime('%Y-%m-%d %H:%M')};{rng.choice(['Norr', 'Söder', ''])};"
            f"Torget;{rng.randint(1, 3)}"
            for i in range(3)
        ]
        data = "Externt id;Kategori;Från;Stadsdel;Plats;Otrygghet\n" + "\n".join(rows) + "\n"
        summary = import_reports(data.encode(), "partner.csv", cast.bevakning)
        assert not summary.errors, summary.errors
    elif action == "admin_edit" and (report := _one(rng, everyone)):
        report = Report.objects.get(pk=report.pk)
        report.occurred_from = _when(rng)
        report.category = _category(rng)
        model_admin = admin.site._registry[Report]
        edited = SimpleNamespace(changed_data=["occurred_from", "category"])  # the admin's form
        model_admin.save_model(RequestFactory().post("/"), report, edited, True)
    elif action == "admin_delete" and (report := _one(rng, everyone)):
        model_admin = admin.site._registry[Report]
        model_admin.delete_model(RequestFactory().post("/"), Report.objects.get(pk=report.pk))
    elif action == "admin_delete_many" and everyone:
        model_admin = admin.site._registry[Report]
        chosen = [r.pk for r in rng.sample(everyone, min(3, len(everyone)))]
        model_admin.delete_queryset(
            RequestFactory().post("/"), Report.objects.filter(pk__in=chosen)
        )
    elif action == "purge":
        purge_old_text(days=0, now=timezone.now() + timedelta(seconds=1))


def _random_history(cast: Any, seed: int, steps: int, check_each: bool) -> None:
    rng = random.Random(seed)
    serial = [0]
    for _ in range(steps):
        _step(cast, rng, serial)
        if check_each:
            assert raw.rollup_cells() == raw.direct_cells()


@pytest.mark.django_db
@pytest.mark.parametrize(("seed", "counts_unreviewed"), [(1, True), (2, True), (3, False)])
def test_every_write_keeps_the_rollup_equal_to_a_direct_count(
    cast: Any, seed: int, counts_unreviewed: bool
) -> None:
    # The cast's organisations hold this very municipality object, as a request's would.
    cast.municipality.counts_unreviewed = counts_unreviewed
    cast.municipality.save()
    _random_history(cast, seed, steps=40, check_each=True)
    assert Report.objects.filter(municipality=cast.municipality).exists()
    incremental = raw.rollup_cells()
    rebuild_counts(cast.municipality.pk)
    assert raw.rollup_cells() == incremental == raw.direct_cells()
    assert ReportCount.objects.exists()


@pytest.mark.django_db
def test_reports_at_the_clock_changes_are_counted_in_their_local_week_and_month(cast) -> None:
    graffiti = Category.objects.get(code="klotter")
    for local in EDGES:
        create_report(
            NewReport(cast.bevakning, graffiti, local.replace(tzinfo=STOCKHOLM), area=cast.norr)
        )
    cells = {(c.week, c.month): c.reports for c in ReportCount.objects.all()}
    expected: dict[tuple[date, date], int] = {}
    for local in EDGES:
        day = local.date()
        key = (IsoWeek.containing(day).monday, day.replace(day=1))
        expected[key] = expected.get(key, 0) + 1
    assert cells == expected
    # The repeated hour of October is one local week and one month, whichever side of the change.
    assert expected[(date(2024, 10, 21), date(2024, 10, 1))] == 3
    # Week 1 of 2025 begins on Monday 30 December 2024: two cells, December's and January's.
    assert expected[(date(2024, 12, 30), date(2024, 12, 1))] == 1
    assert expected[(date(2024, 12, 30), date(2025, 1, 1))] == 1


@pytest.mark.django_db
def test_the_rebuild_command_is_idempotent_and_repairs_a_damaged_table(cast: Any) -> None:
    _random_history(cast, seed=7, steps=25, check_each=False)
    expected = raw.direct_cells()
    ReportCount.objects.filter(pk__in=ReportCount.objects.values("pk")[:3]).delete()
    ReportCount.objects.update(reports=99)
    out = StringIO()
    call_command("rollup", "rebuild", stdout=out)
    assert "0999 Exempeltorp:" in out.getvalue()
    assert raw.rollup_cells() == expected
    call_command("rollup", "rebuild", "--municipality", "0999", stdout=StringIO())
    assert raw.rollup_cells() == expected


@pytest.mark.django_db
def test_the_rebuild_command_names_the_known_municipalities_for_an_unknown_code(cast) -> None:
    with pytest.raises(CommandError, match="no municipality with code '1234'.*0998, 0999"):
        call_command("rollup", "rebuild", "--municipality", "1234", stdout=StringIO())


@pytest.mark.django_db
def test_visible_counts_apply_the_access_rule_of_the_raw_reports(cast: Any) -> None:
    """Own sensitive reports are visible to their organisation, others' are not."""
    _random_history(cast, seed=11, steps=40, check_each=False)
    for username in CAST_USERS:
        viewer = viewer_for(getattr(cast, username))
        by_rollup = {
            (r["category_id"], r["organisation_id"]): r["n"]
            for r in visible_counts(viewer)
            .values("category_id", "organisation_id")
            .annotate(n=Sum("reports"))
            .order_by()
        }
        by_rows: dict[tuple[int, int], int] = {}
        rows: Any = visible_reports(viewer)
        for r in rows.counted():
            key = (r.category_id, r.organisation_id)
            by_rows[key] = by_rows.get(key, 0) + 1
        assert by_rollup == by_rows, username
        assert first_week(visible_counts(viewer).filter(municipality=cast.municipality)) == (
            raw.first_reporting_week(viewer, cast.municipality)
        )


def _touched_weeks() -> list[IsoWeek]:
    mondays = sorted(set(ReportCount.objects.values_list("week", flat=True)))
    return [IsoWeek.containing(m) for m in mondays[:: max(1, len(mondays) // 6)]] + [
        IsoWeek.containing(mondays[-1]),
        IsoWeek.containing(mondays[-1]).next(),
    ]


@pytest.mark.django_db
def test_the_weekly_picture_and_alert_series_equal_raw_counts_for_every_viewer(
    cast: Any,
) -> None:
    _random_history(cast, seed=21, steps=45, check_each=False)
    weeks = _touched_weeks()
    for username in CAST_USERS:
        viewer = viewer_for(getattr(cast, username))
        if not viewer.has_access:
            continue
        municipality = cast.municipality if username != "olle" else cast.other_municipality
        for week in weeks:
            raw.assert_week_equals_raw(viewer, municipality, week)
    # The page's analysis reads the same series.
    analysis = weekly_analysis(viewer_for(cast.sara), cast.municipality, weeks[-2])
    counts = visible_counts(viewer_for(cast.sara)).filter(municipality=cast.municipality)
    series = weekly_series(counts, weeks[-2], districts_by_area(cast.municipality), STOCKHOLM)
    assert analysis.history_weeks == series.t0 > 0


@pytest.mark.django_db
def test_tertial_goals_public_and_partner_figures_equal_raw_counts(cast: Any) -> None:
    _random_history(cast, seed=31, steps=45, check_each=False)
    town = cast.municipality
    viewers: dict[str, Any] = {
        name: viewer_for(getattr(cast, name)) for name in ("cecilia", "sara", "rut")
    }
    viewers["aggregate"] = aggregate_viewer(town)
    for name, viewer in viewers.items():
        for tertial in (Tertial(2024, 1), Tertial(2024, 2), Tertial(2025, 1)):
            analysis = tertial_analysis(viewer, town, tertial)
            expected = raw.tertial_loads(viewer, town, tertial)
            districts: Any = expected["districts"]
            for row in (*analysis.districts, analysis.outside):
                periods = districts.get(row.key, {})
                assert (row.load, row.count) == periods.get("current", (0, 0)), name
                # A period that ended before reporting began has no figure (None, "–"): the
                # raw rows hold nothing for it either.
                assert (row.previous or 0) == periods.get("previous", (0, 0))[0]
                assert (row.last_year or 0) == periods.get("last_year", (0, 0))[0]
            assert analysis.unreviewed == expected["unreviewed"]
        for year in (2023, 2024, 2025):
            volumes = _partner_reports(viewer, town, year)
            assert {(r.organisation_kind, r.category): r.count for r in volumes.rows} == (
                raw.partner_volumes(viewer, town, year)
            )
    for year in (2023, 2024, 2025):
        figures = partner_figures(town, year)
        by_category = raw.statutory_rows(aggregate_viewer(town), town, year)
        assert {r["code"]: (r["count"], r["load"], r["high"]) for r in figures["by_category"]} == (
            by_category
        )
    goal = Goal.objects.create(municipality=town, title="Tryggt")
    graffiti = Category.objects.get(code="skadegorelse")
    for category, area in ((None, None), (graffiti, None), (graffiti, cast.norr)):
        indicator = Indicator.objects.create(
            goal=goal,
            name="Rapporter",
            kind="report_count",
            category=category,
            area=area,
            direction="decrease",
        )
        years = range(2020, 2027)
        area_ids = None if area is None else [area.pk]
        for viewer in (None, viewers["sara"], viewers["cecilia"]):
            # Without a viewer the series is every reader's (no sensitive category).
            reader = viewer or every_readers_viewer(indicator)
            assert indicator_series(indicator, years, viewer) == {
                y: n
                for y, n in raw.yearly_counts(reader, town, category, area_ids).items()
                if y in years
            }
    window = (date(2023, 1, 1), date(2025, 12, 1))
    published = _counts(_published_counts(town, window), districts_by_area(town))
    flat = {k: {t: dict(m) for t, m in v.items()} for k, v in published.items()}
    assert flat == raw.public_counts(town, *window)


@pytest.mark.django_db
def test_is_counted_is_the_counted_rule_for_every_status_source_and_setting(cast: Any) -> None:
    Municipality.objects.filter(pk=cast.other_municipality.pk).update(counts_unreviewed=False)
    for organisation in (cast.bevakning, cast.annan):
        for status in Report.Review.values:
            for source in Report.Source.values:
                new = _new(cast, random.Random(0), organisation=organisation, source=source)
                report = create_report(replace(new, area=None, latitude=None, longitude=None))
                Report.objects.filter(pk=report.pk).update(review_status=status)
    counted = set(Report.objects.counted().values_list("pk", flat=True))
    reports = Report.objects.select_related("municipality")
    assert {report.pk for report in reports if is_counted(report)} == counted
    assert 0 < len(counted) < reports.count()


def _import_pending(cast: Any, name: str) -> None:
    rows = [f"{name}-{i};klotter;2024-05-0{i + 1} 12:00;Norr;Torget;2" for i in range(3)]
    data = "Externt id;Kategori;Från;Stadsdel;Plats;Otrygghet\n" + "\n".join(rows) + "\n"
    assert import_reports(data.encode(), f"{name}.csv", cast.bevakning).created == 3


@pytest.mark.django_db
def test_pending_reports_where_only_reviewed_count_are_announced_not_recounted(cast: Any) -> None:
    cast.municipality.counts_unreviewed = False
    cast.municipality.save()
    before = generation(cast.municipality.pk)
    with CaptureQueriesContext(connection) as queries:
        _import_pending(cast, "vanta")
    assert not [q for q in queries if "reportcount" in q["sql"].lower()]  # no recount
    assert generation(cast.municipality.pk) != before  # the cached weeks are gone all the same
    assert raw.rollup_cells() == raw.direct_cells()
    review.accept_report(Report.objects.filter(external_id="vanta-0").get(), cast.cecilia)
    assert raw.rollup_cells() == raw.direct_cells() != {}


@pytest.mark.django_db
def test_a_setting_switched_on_since_the_writer_read_it_is_recounted(cast: Any) -> None:
    cast.municipality.counts_unreviewed = False
    cast.municipality.save()
    # Switched on by another request while the import held its (stale) municipality.
    Municipality.objects.filter(pk=cast.municipality.pk).update(counts_unreviewed=True)
    _import_pending(cast, "samtidig")
    assert raw.rollup_cells() == raw.direct_cells() != {}


def test_the_monday_of_every_hour_of_two_years_is_its_local_iso_weeks_monday() -> None:
    # Each hour gets its own local day's Monday, both clock changes included.
    start = datetime(2023, 12, 24, tzinfo=UTC)
    for hours in [*range(0, 2 * 366 * 24, 7), *range(0, 2 * 366 * 24, 7)]:
        moment = start + timedelta(hours=hours)
        expected = IsoWeek.containing(moment.astimezone(STOCKHOLM).date()).monday
        assert week_monday(moment) == expected
