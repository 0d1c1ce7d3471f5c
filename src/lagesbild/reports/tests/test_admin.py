"""A report edited or removed in the admin locks its municipality before the report's row, as
every writer of reports does (``areas.services.lock_municipality``): the recount that follows
locks the municipality, and an areas import holds it while it waits for the report rows, so the
other order could deadlock."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lagesbild.reports.geocoding import reports_to_move
from lagesbild.reports.models import Report, ReportCount
from lagesbild.testing import Cast, file_report

WHEN = datetime(2024, 9, 11, 22, 15, tzinfo=ZoneInfo("Europe/Stockholm"))


def change_form(client: Client, report: Report, **changes: Any) -> dict[str, Any]:
    form = client.get(f"/admin/reports/report/{report.pk}/change/").context["adminform"].form
    data = {name: form.initial.get(name) for name in form.fields}
    data.update(changes)
    for name in ("reported_at", "occurred_from"):  # the split date and time widgets
        value = data.pop(name)
        data[f"{name}_0"], data[f"{name}_1"] = value.date(), value.time()
    return {k: ("" if v is None else v) for k, v in data.items()}


def first(queries: list[dict[str, str]], *starts: str) -> int:
    return next(i for i, q in enumerate(queries) if q["sql"].startswith(starts))


def locked_before_written(queries: list[dict[str, str]]) -> bool:
    """Whether ``lock_municipality``'s query ran before a report's row was written (on SQLite,
    which has no row locks, the query without its lock clause)."""
    written = first(queries, 'UPDATE "reports_report"', 'DELETE FROM "reports_report"')
    lock = " LIMIT 1 FOR NO KEY UPDATE" if connection.vendor == "postgresql" else " LIMIT 1"
    return any(
        q["sql"].startswith('SELECT "areas_municipality"."id"') and q["sql"].endswith(lock)
        for q in queries[:written]
    )


def test_an_edit_in_the_admin_locks_the_municipality_before_the_report(
    cast: Cast, admin_client: Client
) -> None:
    report = file_report(cast.bevakning, "klotter", WHEN, (56.015, 13.005), "a")
    data = change_form(admin_client, report, insecurity=3)
    with CaptureQueriesContext(connection) as queries:
        answer = admin_client.post(f"/admin/reports/report/{report.pk}/change/", data)
    assert answer.status_code == 302, answer.context["adminform"].form.errors
    assert locked_before_written(queries.captured_queries)
    report.refresh_from_db()
    assert report.insecurity == 3


def test_a_removal_in_the_admin_locks_the_municipality_before_the_report(
    cast: Cast, admin_client: Client
) -> None:
    report = file_report(cast.bevakning, "klotter", WHEN, (56.015, 13.005), "a")
    with CaptureQueriesContext(connection) as queries:
        answer = admin_client.post(f"/admin/reports/report/{report.pk}/delete/", {"post": "yes"})
    assert answer.status_code == 302
    assert locked_before_written(queries.captured_queries)
    assert not Report.objects.exists()


def test_removals_from_the_list_lock_the_municipality_before_the_reports(
    cast: Cast, admin_client: Client
) -> None:
    reports = [
        file_report(cast.bevakning, "klotter", WHEN, (56.015, 13.005), text) for text in "ab"
    ]
    data = {"action": "delete_selected", "post": "yes", "_selected_action": [r.pk for r in reports]}
    with CaptureQueriesContext(connection) as queries:
        answer = admin_client.post("/admin/reports/report/", data)
    assert answer.status_code == 302
    assert locked_before_written(queries.captured_queries)
    assert not Report.objects.exists()


def test_a_point_moved_in_the_admin_puts_the_report_in_the_area_it_now_lies_in(
    cast: Cast, admin_client: Client
) -> None:
    report = file_report(cast.bevakning, "klotter", WHEN, Cast.NORR_POINT, "a")
    assert report.area == cast.norr
    lat, lon = Cast.SODER_POINT
    answer = admin_client.post(
        f"/admin/reports/report/{report.pk}/change/",
        change_form(admin_client, report, latitude=lat, longitude=lon),
    )
    assert answer.status_code == 302, answer.context["adminform"].form.errors
    report.refresh_from_db()
    assert (report.area, report.geocoded) == (cast.soder, False)
    assert not reports_to_move(cast.municipality)
    in_rollup = ReportCount.objects.filter(municipality=cast.municipality, reports__gt=0)
    assert list(in_rollup.values_list("area_id", flat=True)) == [cast.soder.pk]


def test_an_edit_that_leaves_the_point_keeps_the_chosen_area(
    cast: Cast, admin_client: Client
) -> None:
    report = file_report(cast.bevakning, "klotter", WHEN, text="a", area=cast.soder)
    answer = admin_client.post(
        f"/admin/reports/report/{report.pk}/change/", change_form(admin_client, report, count=2)
    )
    assert answer.status_code == 302, answer.context["adminform"].form.errors
    report.refresh_from_db()
    assert (report.area, report.count) == (cast.soder, 2)
