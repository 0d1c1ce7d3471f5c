"""A rejected report its partner sends again, changed, goes back to review.

Before, a re-push or re-import kept the review status whatever changed: the security company
corrected the category the coordinator's reason asked for, sent the report again, and it stayed
rejected, counted nowhere and never seen by a coordinator again. A reviewed report sent again
unchanged, or an accepted one sent changed, keeps its status as before.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from django.test import Client
from django.utils import timezone

from lagesbild.api.models import Scope
from lagesbild.api.services import create_token
from lagesbild.categories.models import Category
from lagesbild.organisations.access import viewer_for
from lagesbild.privacy.retention import purge_old_text
from lagesbild.reports import review
from lagesbild.reports.importing import import_reports
from lagesbild.reports.models import Report
from lagesbild.reports.services import NewReport, create_report, prepare_report, store_reports
from lagesbild.reports.tests import raw_reference as raw
from lagesbild.testing import Cast, client_for

URL = "/api/v1/reports/"
PUSH = {
    "category": "klotter",
    "occurred_from": "2024-09-11T22:15:00+02:00",
    "latitude": 56.015,
    "longitude": 13.005,
    "place_text": "Skolgården",
    "insecurity": 2,
    "external_id": "V-1",
}
CSV = (
    "Externt id;Kategori;Från;Stadsdel;Plats;Otrygghet\n"
    "imp-1;{category};2024-09-11 22:15;Norr;Torget;2\n"
)


def push(secret: str, **changes) -> dict:
    answer = Client().post(
        URL, PUSH | changes, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    assert answer.status_code in (200, 201), answer.content
    return answer.json()


def in_queue(cast: Cast, report: Report) -> bool:
    queue = review.review_queue(viewer_for(cast.cecilia), cast.municipality, review.week_of(report))
    return report.pk in [r.pk for group in queue.groups for r in group]


def test_a_rejected_push_sent_again_changed_is_reviewed_again(cast: Cast) -> None:
    secret = create_token(cast.bevakning, "Partnersystem", [Scope.REPORT_WRITE]).secret
    report = Report.objects.get(pk=push(secret)["id"])
    review.reject_report(report, "Fel kategori: det var skadegörelse", cast.cecilia)
    assert not in_queue(cast, report)

    again = push(secret)  # unchanged: nothing to review again
    assert again["outcome"] == "unchanged" and again["review_status"] == "rejected"

    corrected = push(secret, category="skadegorelse")
    assert corrected["outcome"] == "updated" and corrected["review_status"] == "pending"
    report.refresh_from_db()
    assert report.category.code == "skadegorelse"
    assert (report.reviewed_by, report.reviewed_at, report.rejection_reason) == (None, None, "")
    assert in_queue(cast, report)
    assert raw.rollup_cells() == raw.direct_cells()  # counted again (pending counts here)
    # The reporter's page no longer shows the old reason.
    page = client_for(cast.sara).get(f"/rapporter/{report.pk}/").content.decode()
    assert "det var skadegörelse" not in page


def test_an_accepted_push_sent_again_changed_stays_accepted(cast: Cast) -> None:
    secret = create_token(cast.bevakning, "Partnersystem", [Scope.REPORT_WRITE]).secret
    report = Report.objects.get(pk=push(secret)["id"])
    review.accept_report(report, cast.cecilia)
    assert push(secret, insecurity=3)["review_status"] == "accepted"


def test_a_rejected_row_imported_again_changed_is_reviewed_again(cast: Cast) -> None:
    summary = import_reports(CSV.format(category="klotter").encode(), "export.csv", cast.bevakning)
    assert not summary.errors
    report = Report.objects.get(external_id="imp-1")
    review.reject_report(report, "Fel kategori", cast.cecilia)
    import_reports(CSV.format(category="klotter").encode(), "export.csv", cast.bevakning)
    assert Report.objects.get(pk=report.pk).review_status == Report.Review.REJECTED

    import_reports(CSV.format(category="skadegorelse").encode(), "export.csv", cast.bevakning)
    report.refresh_from_db()
    assert report.review_status == Report.Review.PENDING and report.rejection_reason == ""
    assert report.category == Category.objects.get(code="skadegorelse")
    assert in_queue(cast, report)
    assert raw.rollup_cells() == raw.direct_cells()


def _two_imported(cast: Cast) -> tuple[list[NewReport], Report, Report]:
    when = timezone.make_aware(datetime(2024, 9, 11, 22, 15))
    rows = [
        NewReport(
            organisation=cast.bevakning,
            category=Category.objects.get(code="klotter"),
            occurred_from=when,
            area=cast.norr,
            source=Report.Source.IMPORT,
            external_id=external_id,
        )
        for external_id in ("a", "b")
    ]
    first, second = (create_report(row) for row in rows)
    return rows, first, second


def _read_and_changed(rows: list[NewReport], *reports: Report) -> list:
    """What an import plans: the stored reports as read before it takes the lock, changed."""
    read = {r.external_id: r for r in Report.objects.filter(pk__in=[r.pk for r in reports])}
    return [prepare_report(replace(row, insecurity=3), read[row.external_id]) for row in rows]


def test_a_review_made_while_an_import_checks_its_file_is_not_undone(cast: Cast) -> None:
    """The import reads its stored reports before it takes the municipality's lock: whether a
    changed report goes back to review is decided on what is stored when it writes."""
    rows, first, second = _two_imported(cast)
    review.reject_report(first, "Fel kategori", cast.cecilia)
    planned = _read_and_changed(rows, first, second)  # first read rejected, second pending
    review.accept_report(first, cast.cecilia)  # meanwhile: accepted after all
    review.reject_report(second, "Fel plats", cast.cecilia)  # and the other rejected
    store_reports(planned)
    first.refresh_from_db()
    second.refresh_from_db()
    # The acceptance stands; the rejection was of what the partner has changed since.
    assert (first.review_status, first.insecurity) == (Report.Review.ACCEPTED, 3)
    assert (second.review_status, second.insecurity) == (Report.Review.PENDING, 3)
    assert second.rejection_reason == "" and second.reviewed_by is None
    assert raw.rollup_cells() == raw.direct_cells()


def test_a_rejected_report_whose_text_was_purged_is_not_resubmitted_by_the_old_file(
    cast: Cast,
) -> None:
    data = CSV.format(category="klotter").encode()
    import_reports(data, "export.csv", cast.bevakning)
    report = Report.objects.get(external_id="imp-1")
    review.reject_report(report, "Fel kategori", cast.cecilia)
    purge_old_text(days=1, now=timezone.now() + timedelta(days=2))
    import_reports(data, "export.csv", cast.bevakning)  # the same file, years later
    report.refresh_from_db()
    assert report.review_status == Report.Review.REJECTED
    assert not in_queue(cast, report)
