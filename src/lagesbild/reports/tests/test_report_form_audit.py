"""The report form on odd input (audit of 2026-12-06): the night the clocks change, a pin the
map could not give."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine
from django.conf import settings
from django.urls import reverse

from lagesbild.reports.models import Report
from lagesbild.reports.tests.test_views_reports import form_data
from lagesbild.testing import Cast, client_for

# The form.


@time_machine.travel(datetime(2024, 11, 1, 12, 0, tzinfo=UTC))
def test_a_time_in_the_hour_the_clocks_go_back_is_taken_as_summer_time(cast: Cast) -> None:
    response = client_for(cast.sara).post(
        reverse("report-create"), form_data(occurred_from="2024-10-27T02:30")
    )
    assert response.status_code == 302
    assert Report.objects.get().occurred_from == datetime(2024, 10, 27, 0, 30, tzinfo=UTC)


def test_a_time_the_clocks_skipped_is_refused_in_words(cast: Cast) -> None:
    response = client_for(cast.sara).post(
        reverse("report-create"), form_data(occurred_from="2024-03-31T02:30")
    )
    assert response.status_code == 400
    assert response.context["form"].errors["occurred_from"] == [
        "Klockslaget 02:30 fanns inte den dagen: klockan ställdes fram en timme till sommartid."
    ]
    assert not Report.objects.exists()


def test_an_unreadable_map_pin_is_said_once_in_words_in_the_error_box(cast: Cast) -> None:
    response = client_for(cast.sara).post(
        reverse("report-create"), form_data(latitude="91", longitude="north")
    )
    assert response.status_code == 400
    page = response.content.decode()
    summary = page[page.index('id="form-errors"') : page.index('name="category"')]
    assert "<p>Kartnålens position gick inte att läsa; sätt nålen igen.</p>" in summary
    assert page.count("Kartnålens position gick inte att läsa") == 2  # the box and the map
    assert "Kartnålens latitud" not in page


def test_every_error_is_listed_at_the_top_with_a_link_to_its_field(cast: Cast) -> None:
    response = client_for(cast.sara).post(
        reverse("report-create"), form_data(occurred_from="2999-01-01T10:00", count="0")
    )
    page = response.content.decode()
    summary = page[page.index('id="form-errors"') : page.index('name="category"')]
    assert "Rapporten är inte skickad än." in summary
    assert (
        '<a href="#id_occurred_from">När?</a> Tidpunkten ligger i framtiden (2999-01-01 10:00).'
        in summary
    )
    assert '<a href="#id_count">Antal personer eller föremål</a>' in summary
    english = client_for(cast.sara)
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = english.post(reverse("report-create"), form_data(count="0")).content.decode()
    assert "The report has not been sent yet. Correct what is marked:" in page


def test_a_sensitive_category_says_so_and_who_sees_it(cast: Cast) -> None:
    page = client_for(cast.sara).get(reverse("report-create")).content.decode()
    assert ">Misstänkt narkotikaförsäljning (känslig)</option>" in page
    assert ">Organiserad brottslighet (känslig)</option>" in page
    assert ">Narkotikapåverkade personer</option>" in page  # not sensitive: no mark
    assert 'aria-describedby="id_category_helptext"' in page
    assert (
        '<p class="hint" id="id_category_helptext">Kategorier märkta ”känslig” ser bara polisen, '
        "kommunens samordnare och din egen organisation. Andra samverkanspartner ser dem inte, "
        "inte heller som antal.</p>"
    ) in page
    english = client_for(cast.sara)
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = english.get(reverse("report-create")).content.decode()
    assert "Suspected drug dealing (sensitive)</option>" in page
    assert "Other partners do not see them, not even as counts." in page
