"""The report form as a guard at 02:00 and a caretaker use it from a phone (audit of 2026-12-07):
a second tap or Back and send again, last night's time typed after midnight, a pin from the
phone's position outside the municipality, and what to do about a mistake once it is sent."""

from __future__ import annotations

import re
from datetime import datetime

import time_machine
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from lagesbild.categories.models import Category
from lagesbild.reports import review
from lagesbild.reports.models import Report
from lagesbild.reports.services import SUBMISSION_PREFIX, NewReport, create_report, file_once
from lagesbild.reports.tests.test_reporter_path_audit import in_english
from lagesbild.reports.tests.test_views_reports import form_data
from lagesbild.testing import STOCKHOLM, Cast, client_for

ALREADY_FILED = "Rapporten var redan skickad och registrerades bara en gång. Här är den."
STOCKHOLM_PIN = {"latitude": "59.33", "longitude": "18.06"}  # the phone's position, far away
PIN_OUTSIDE = (
    "Nålen ligger mer än 10 km utanför kommunen. Flytta den till platsen, eller ta bort den och "
    "välj område eller skriv en adress."
)
HOW_TO_CORRECT = (
    "Har något blivit fel? Du kan själv ändra eller återkalla rapporten tills en samordnare har "
    "granskat den. Sedan kan bara en samordnare rätta eller avvisa den."
)


def submission_key(page: str) -> str:
    found = re.search(r'name="submission" value="([0-9a-f]{32})"', page)
    assert found, "the form carries no key"
    return found.group(1)


def shown_form_key(client: Client) -> str:
    return submission_key(client.get(reverse("report-create")).content.decode())


# A sending is filed once.


def test_the_same_sending_twice_files_exactly_one_report(cast: Cast) -> None:
    client = client_for(cast.sara)
    sent = form_data(submission=shown_form_key(client))
    first = client.post(reverse("report-create"), sent)
    second = client.post(reverse("report-create"), sent, follow=True)
    report = Report.objects.get()
    assert first.status_code == 302
    assert first["Location"] == reverse("report-detail", args=[report.pk])
    assert second.redirect_chain == [(reverse("report-detail", args=[report.pk]), 302)]
    # The first answer never reached the phone: both sentences are on the page it shows.
    assert [str(m) for m in get_messages(second.wsgi_request)] == [
        "Tack! Rapporten är registrerad. Personuppgifter i texten ersattes med markören "
        "[personnummer] innan den sparades.",
        ALREADY_FILED,
    ]
    assert report.external_id.startswith(f"{SUBMISSION_PREFIX}{sent['submission']}:")


def test_the_same_form_sent_again_with_a_change_files_a_second_report(cast: Cast) -> None:
    # Back, a place changed, and sent: another incident, not the same sending again.
    client = client_for(cast.sara)
    key = shown_form_key(client)
    client.post(reverse("report-create"), form_data(submission=key))
    client.post(reverse("report-create"), form_data(submission=key, place_text="Vid parken"))
    assert sorted(Report.objects.values_list("place_text", flat=True)) == [
        "Vid parken",
        "Vid skolan",
    ]


def test_two_forms_shown_file_two_reports(cast: Cast) -> None:
    client = client_for(cast.sara)
    for _ in range(2):
        client.post(reverse("report-create"), form_data(submission=shown_form_key(client)))
    assert Report.objects.count() == 2


def test_a_form_refused_keeps_its_key_so_the_corrected_sending_files_once(cast: Cast) -> None:
    client = client_for(cast.sara)
    key = shown_form_key(client)
    refused = client.post(reverse("report-create"), form_data(submission=key, category=""))
    assert refused.status_code == 400 and submission_key(refused.content.decode()) == key
    for _ in range(2):
        client.post(reverse("report-create"), form_data(submission=key))
    assert Report.objects.count() == 1


def test_the_service_files_a_key_once_and_a_report_without_one_each_time(cast: Cast) -> None:
    from lagesbild.reports.views import _new_report

    data = {
        "organisation": cast.bevakning,
        "category": Category.objects.get(code="klotter"),
        "occurred_from": datetime(2024, 9, 11, 22, 15, tzinfo=STOCKHOLM),
        "occurred_to": None,
        "latitude": None,
        "longitude": None,
        "area": cast.norr,
        "place_text": "",
        "description": "",
        "insecurity": 2,
        "count": None,
    }
    keyed = _new_report(data | {"submission": "0" * 32})
    first, created = file_once(keyed, cast.sara)
    again, created_again = file_once(keyed, cast.sara)
    assert (created, created_again, again.pk) == (True, False, first.pk)
    unkeyed = _new_report(data | {"submission": ""})
    assert [file_once(unkeyed, cast.sara)[1] for _ in range(2)] == [True, True]
    assert Report.objects.count() == 3


# Last night's time, typed after midnight over today's date.


@time_machine.travel(datetime(2024, 9, 12, 2, 0, tzinfo=STOCKHOLM))
def test_last_nights_time_on_todays_date_asks_whether_yesterday_was_meant(cast: Cast) -> None:
    response = client_for(cast.sara).post(
        reverse("report-create"), form_data(occurred_from="2024-09-12T23:30")
    )
    assert response.status_code == 400
    assert response.context["form"].errors["occurred_from"] == [
        "Tidpunkten ligger i framtiden (2024-09-12 23:30). Menade du i går, 2024-09-11 23:30? "
        "Ändra i så fall datumet."
    ]
    english = in_english(client_for(cast.sara)).post(
        reverse("report-create"), form_data(occurred_from="2024-09-12T23:30")
    )
    assert english.context["form"].errors["occurred_from"] == [
        "The time is in the future (2024-09-12 23:30). Did you mean yesterday, 2024-09-11 23:30? "
        "If so, change the date."
    ]
    assert not Report.objects.exists()


@time_machine.travel(datetime(2024, 9, 12, 2, 0, tzinfo=STOCKHOLM))
def test_a_time_more_than_a_day_or_less_than_an_hour_ahead_is_not_taken_for_yesterday(
    cast: Cast,
) -> None:
    client = client_for(cast.sara)
    for typed in ("2024-09-13T23:30", "2024-09-12T02:40"):
        response = client.post(reverse("report-create"), form_data(occurred_from=typed))
        assert response.context["form"].errors["occurred_from"] == [
            f"Tidpunkten ligger i framtiden ({typed.replace('T', ' ')})."
        ]


# A pin outside the municipality.


def test_a_pin_far_outside_is_refused_in_words_about_the_pin_next_to_the_map(cast: Cast) -> None:
    response = client_for(cast.sara).post(reverse("report-create"), form_data(**STOCKHOLM_PIN))
    assert response.status_code == 400
    assert response.context["form"].errors["latitude"] == [PIN_OUTSIDE]
    page = response.content.decode()
    where = page[page.index("<legend>Var?</legend>") : page.index('name="place_text"')]
    assert f'<div class="error" id="pin-error"><p>{PIN_OUTSIDE}</p></div>' in where
    assert "bytt plats" not in page
    assert not Report.objects.exists()


def test_the_pin_outside_is_explained_in_english_too(cast: Cast) -> None:
    client = in_english(client_for(cast.sara))
    response = client.post(reverse("report-create"), form_data(**STOCKHOLM_PIN))
    assert response.context["form"].errors["latitude"] == [
        "The pin lies more than 10 km outside the municipality. Move it to the place, or remove "
        "it and choose an area or type an address."
    ]


# A mistake once the report is sent.


def test_the_reporter_is_told_how_a_mistake_in_a_sent_report_is_put_right(cast: Cast) -> None:
    when = datetime(2024, 9, 11, 22, 15, tzinfo=STOCKHOLM)
    klotter = Category.objects.get(code="klotter")
    report = create_report(NewReport(cast.bevakning, klotter, when, area=cast.norr), cast.sara)
    url = reverse("report-detail", args=[report.pk])
    assert HOW_TO_CORRECT in client_for(cast.sara).get(url).content.decode()
    # Not to a coordinator (who corrects it), to another organisation's reporter, nor to a
    # colleague (only the one who filed it changes it; test_own_report_changes.py).
    for other in (cast.cecilia, cast.hugo, cast.vilma):
        page = client_for(other).get(url)
        assert page.status_code == 200 and HOW_TO_CORRECT not in page.content.decode()
    review.reject_report(report, "Dubblett", cast.cecilia)
    assert HOW_TO_CORRECT not in client_for(cast.sara).get(url).content.decode()


# The batch form, sent twice.


@time_machine.travel(datetime(2024, 9, 16, 12, 0, tzinfo=STOCKHOLM))  # the rows' next week
def test_the_same_batch_sent_twice_files_its_rows_once(cast: Cast) -> None:
    from lagesbild.reports.tests.test_batch import batch_data, row

    client = client_for(cast.sara)
    page = client.get(reverse("report-batch")).content.decode()
    key = re.search(r'name="submission" value="([0-9a-f]{32})"', page)
    assert key, "the batch carries no key"
    sent = batch_data([row(cast), row(cast, day=10)], submission=key.group(1))
    client.post(reverse("report-batch"), sent)
    again = client.post(reverse("report-batch"), sent, follow=True)
    assert Report.objects.count() == 2
    assert again.redirect_chain == [(reverse("report-list"), 302)]
    assert [str(m) for m in get_messages(again.wsgi_request)][-1] == (
        "Rapporterna var redan skickade och registrerades bara en gång. Här är de."
    )
    # Sent again with a row changed (Back, a correction): that row is a new report.
    changed = batch_data([row(cast), row(cast, day=11)], submission=key.group(1))
    client.post(reverse("report-batch"), changed)
    assert Report.objects.count() == 3
