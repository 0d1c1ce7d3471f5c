"""What became of my reports: review status and measures on the report list and detail page."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from django.utils import timezone

from lagesbild.core.weeks import IsoWeek
from lagesbild.measures.models import Measure
from lagesbild.reports import review
from lagesbild.testing import STOCKHOLM, Cast, client_for, file_report

WHEN = datetime(2024, 9, 11, 22, 15, tzinfo=STOCKHOLM)


def page(user, name: str, *args, **query) -> str:
    response = client_for(user).get(reverse(name, args=args), query)
    assert response.status_code == 200
    return response.content.decode()


def lighting_measure(cast: Cast, *reports) -> Measure:
    measure = Measure.objects.create(
        municipality=cast.municipality,
        title="Ny belysning i gångtunneln",
        owner=cast.kommunen,
        status=Measure.Status.DECIDED,
    )
    measure.source_reports.add(*reports)
    return measure


def test_a_report_linked_to_a_measure_shows_it_on_the_reporters_detail_page(cast: Cast) -> None:
    report = file_report(cast.bevakning, "trasig_belysning", WHEN, text="Mörkt i tunneln")
    lighting_measure(cast, report)
    detail = page(cast.sara, "report-detail", report.pk)
    assert "Ny belysning i gångtunneln – Beslutad, ansvarig: Kommunledningsförvaltningen" in detail
    # The reporter's list is cards: "Ledde till:" the measure, linked, with its status.
    listed = page(cast.sara, "report-list")
    assert "Ledde till:" in listed and "Ny belysning i gångtunneln</a> (beslutad)" in listed


def test_a_report_without_measures_says_so(cast: Cast) -> None:
    report = file_report(cast.bevakning, "klotter", WHEN)
    assert "Ingen åtgärd är kopplad till rapporten ännu." in page(
        cast.sara, "report-detail", report.pk
    )


def test_the_reporter_sees_each_review_status_on_the_list_and_the_detail_page(cast: Cast) -> None:
    pending = file_report(cast.bevakning, "klotter", WHEN, text="Ett")
    accepted = file_report(cast.bevakning, "klotter", WHEN, text="Två")
    rejected = file_report(cast.bevakning, "klotter", WHEN, text="Tre")
    primary = file_report(cast.polisen, "klotter", WHEN)
    merged = file_report(cast.bevakning, "klotter", WHEN, text="Fyra")
    review.accept_report(accepted, cast.cecilia)
    review.reject_report(rejected, "Utanför kommunens mark, 850709-9805", cast.cecilia)
    review.merge_reports(primary, [merged], cast.cecilia)

    listing = page(cast.sara, "report-list")
    for text in (
        "Ej granskad",
        "Godkänd",
        "Avvisad: Utanför kommunens mark, [personnummer]",
        f"#{primary.pk}",
    ):
        assert text in listing
    assert "850709-9805" not in listing
    assert "Ej granskad" in page(cast.sara, "report-detail", pending.pk)
    assert "Avvisad: Utanför kommunens mark" in page(cast.sara, "report-detail", rejected.pk)
    merged_page = page(cast.sara, "report-detail", merged.pk)
    assert (
        f'Dubblett av <a href="{reverse("report-detail", args=[primary.pk])}">#{primary.pk}</a>'
        in merged_page
    )


def test_the_reason_is_withheld_from_those_who_may_not_read_the_reports_text(cast: Cast) -> None:
    report = file_report(cast.bostad, "klotter", WHEN, text="Hugos rapport")
    review.reject_report(report, "Hemligt skäl", cast.cecilia)
    assert "Hemligt skäl" in page(cast.hugo, "report-detail", report.pk)
    assert "Hemligt skäl" in page(cast.cecilia, "report-detail", report.pk)
    other = page(cast.sara, "report-detail", report.pk)
    assert "Avvisad" in other and "Hemligt skäl" not in other


def test_a_duplicate_of_a_report_the_viewer_may_not_open_does_not_name_it(cast: Cast) -> None:
    tip = file_report(cast.polisen, "narkotika_forsaljning", WHEN)
    mine = file_report(cast.bevakning, "narkotika_forsaljning", WHEN)
    review.merge_reports(tip, [mine], cast.cecilia)
    detail = page(cast.sara, "report-detail", mine.pk)
    assert "Dubblett av en annan rapport" in detail and f"#{tip.pk}" not in detail


def test_the_list_filters_this_weeks_rejected_and_measure_reports(cast: Cast) -> None:
    start, _ = IsoWeek.containing(timezone.localdate()).bounds(STOCKHOLM)
    now = start + (timezone.now() - start) / 2  # this week, in the past, even early on a Monday
    this_week = file_report(cast.bevakning, "klotter", now, text="Denna vecka")
    others_this_week = file_report(cast.bostad, "klotter", now, text="Bostadsbolagets")
    old = file_report(cast.bevakning, "klotter", WHEN, text="Gammal")
    rejected = file_report(cast.bevakning, "klotter", WHEN, text="Avvisad rapport")
    review.reject_report(rejected, "Fel", cast.cecilia)
    lighting_measure(cast, old)

    def shown(user, key: str) -> set[int]:
        response = client_for(user).get(reverse("report-list"), {"visa": key})
        return set(response.context["page"].ids)

    assert shown(cast.sara, "vecka") == {this_week.pk}
    assert shown(cast.sara, "avvisade") == {rejected.pk}
    assert shown(cast.sara, "atgard") == {old.pk}
    assert shown(cast.sara, "") == {this_week.pk, old.pk, rejected.pk}
    assert shown(cast.sara, "okänt") == {this_week.pk, old.pk, rejected.pk}
    # The coordinator's "this week" is their own organisation's too; the list shows all otherwise.
    assert others_this_week.pk not in shown(cast.cecilia, "vecka")
    assert others_this_week.pk in shown(cast.cecilia, "")


def test_the_filter_links_mark_the_current_choice(cast: Cast) -> None:
    listing = page(cast.sara, "report-list", visa="avvisade")
    assert 'href="/rapporter/?visa=avvisade" aria-current="page"' in listing
    assert 'href="/rapporter/" aria-current' not in listing
