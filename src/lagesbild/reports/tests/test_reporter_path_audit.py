"""The reporter's side of the partner's path (audit of 2026-12-06): what the thanks and the
report's page say about the stored text and about whether the report counts, in both languages.
The helpers here serve the audit's other files (form, list, review queue) too."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from lagesbild.reports import review
from lagesbild.reports.models import Report
from lagesbild.reports.tests.test_views_reports import form_data
from lagesbild.testing import STOCKHOLM, Cast, client_for, file_report

WHEN = datetime(2024, 9, 11, 22, 15, tzinfo=STOCKHOLM)


def in_english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def only_reviewed_reports_count(cast: Cast) -> None:
    cast.municipality.counts_unreviewed = False
    cast.municipality.save(update_fields=["counts_unreviewed"])


# The reporter is told what became of the text and of the report.


def test_the_reporter_is_told_which_markers_replaced_personal_data(cast: Cast) -> None:
    client = client_for(cast.sara)
    typed = form_data(description="Kalle Anka ringde från 070-123 45 67.")
    response = client.post(reverse("report-create"), typed, follow=True)
    report = Report.objects.get()
    assert report.description == "[namn] ringde från [telefonnummer]."
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "[namn], [telefonnummer]" in message and message.startswith("Tack!")
    page = response.content.decode()
    assert "Markörer som [namn], [telefonnummer] står där personuppgifter togs bort" in page


def test_a_text_without_personal_data_is_thanked_without_a_word_on_markers(cast: Cast) -> None:
    client = client_for(cast.sara)
    response = client.post(
        reverse("report-create"), form_data(description="Klotter på väggen."), follow=True
    )
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message == "Tack! Rapporten är registrerad."
    assert "Markörer som" not in response.content.decode()


def test_the_english_thanks_names_the_markers_in_english(cast: Cast) -> None:
    client = in_english(client_for(cast.sara))
    typed = form_data(description="Ring 070-123 45 67.")
    response = client.post(reverse("report-create"), typed, follow=True)
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message == (
        "Thank you! The report has been filed. Personal data in the text was replaced by the "
        "marker [telefonnummer] before it was stored."
    )
    assert "Markers such as [telefonnummer] stand where personal data" in (
        response.content.decode()
    )


def _detail(client: Client, report: Report) -> str:
    return client.get(reverse("report-detail", args=[report.pk])).content.decode()


def test_the_report_page_says_whether_the_report_counts(cast: Cast) -> None:
    client = client_for(cast.sara)
    report = file_report(cast.bevakning, "klotter", WHEN, point=Cast.NORR_POINT)
    assert "Rapporten räknas redan i lägesbilden; en samordnare granskar den." in _detail(
        client, report
    )
    only_reviewed_reports_count(cast)
    report.refresh_from_db()
    waiting = "räknas i lägesbilden först när den är godkänd"
    assert waiting in _detail(client, report)
    assert "is counted in the situation picture only once it is accepted" in _detail(
        in_english(client_for(cast.sara)), report
    )
    review.accept_report(report, cast.cecilia)
    assert "Rapporten räknas i lägesbilden." in _detail(client, report)
    review.reject_report(report, "Fel kommun", cast.cecilia)
    assert "Rapporten räknas inte i lägesbilden." in _detail(client, report)


def test_a_merged_report_says_the_incident_counts_once(cast: Cast) -> None:
    first = file_report(cast.bevakning, "klotter", WHEN, point=Cast.NORR_POINT)
    second = file_report(cast.bevakning, "klotter", WHEN, point=Cast.NORR_POINT)
    review.merge_reports(first, [second], cast.cecilia)
    assert "händelsen räknas en gång" in _detail(client_for(cast.sara), second)


def test_the_report_page_says_when_the_text_was_removed_by_retention(cast: Cast) -> None:
    report = file_report(cast.bevakning, "klotter", WHEN, point=Cast.NORR_POINT, text="Klotter")
    purged = datetime(2025, 9, 12, 3, 15, tzinfo=STOCKHOLM)
    Report.objects.filter(pk=report.pk).update(description="", place_text="", text_purged_at=purged)
    page = _detail(client_for(cast.sara), report)
    assert "Rapportens fritext (plats, beskrivning och skäl) togs bort 2025-09-12" in page
    english = _detail(in_english(client_for(cast.sara)), report)
    assert "The report's free text (place, description and reason) was removed on 2025-09-12" in (
        english
    )
