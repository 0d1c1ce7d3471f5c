"""The coordinator's measure cycle as its users meet it: odd input, done dates, reminders to
people who have left, and the history in the reader's language."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from lagesbild.categories.models import Category
from lagesbild.core.weeks import IsoWeek
from lagesbild.measures.forms import LONG_TEXT
from lagesbild.measures.models import Measure
from lagesbild.measures.reminders import send_due_reminders
from lagesbild.measures.services import MeasureData, update_measure
from lagesbild.measures.tests.helpers import FakeAnalysis, make_measure
from lagesbild.meetings.services import create_meeting, decide_measure
from lagesbild.testing import STOCKHOLM, Cast, client_for, file_report


def test_an_evaluation_period_in_year_1_is_answered_with_a_message_not_a_500(cast: Cast) -> None:
    measure = make_measure(cast, areas=(cast.norr,))
    periods = {
        "before_start": "0001-01-01",
        "before_end": "2023-12-31",
        "after_start": "2024-01-01",
        "after_end": "2024-06-30",
    }
    response = client_for(cast.cecilia).post(
        reverse("measure-evaluation", args=[measure.pk]), {"target_area": cast.norr.pk} | periods
    )
    assert response.status_code == 400
    assert "Ange ett datum mellan år 1900 och 2100." in response.content.decode()
    assert not hasattr(Measure.objects.get(pk=measure.pk), "evaluation")


def test_a_measures_text_has_a_limit_and_the_form_says_so(cast: Cast) -> None:
    response = client_for(cast.cecilia).post(
        reverse("measure-create"),
        {
            "title": "Belysning i gångtunneln",
            "owner": cast.kommunen.pk,
            "status": "proposed",
            "problem": "x" * (LONG_TEXT + 1),
        },
    )
    assert response.status_code == 400
    assert f"högst {LONG_TEXT} tecken" in response.content.decode()
    assert not Measure.objects.exists()


def test_a_done_date_in_the_future_is_refused(cast: Cast) -> None:
    measure = make_measure(cast)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        update_measure(measure, {"status": "done", "done_date": tomorrow}, cast.cecilia)
    assert list(refused.value.message_dict) == ["done_date"]
    assert Measure.objects.get(pk=measure.pk).done_date is None


def test_a_measure_that_is_cancelled_after_being_done_keeps_no_done_date(cast: Cast) -> None:
    measure = make_measure(cast)
    today = timezone.localdate()
    update_measure(measure, {"status": "done"}, cast.cecilia)
    # The edit form sends the done date it showed along with the new status.
    change = update_measure(measure, {"status": "cancelled", "done_date": today}, cast.cecilia)
    measure.refresh_from_db()
    assert (measure.status, measure.done_date) == ("cancelled", None)
    assert change is not None and change.changes["done_date"] == [today.isoformat(), None]
    page = client_for(cast.rut).get(reverse("measure-detail", args=[measure.pk])).content.decode()
    assert "<dt>Genomförd</dt>" not in page


def test_reminders_go_to_the_owners_current_members_not_to_one_who_has_left(cast: Cast) -> None:
    for person, address in ((cast.cecilia, "cecilia@kommunen.se"), (cast.ebba, "ebba@kommunen.se")):
        person.email = address
        person.save()
    today = timezone.localdate()
    make_measure(cast, owner=cast.kommunen, due_date=today + timedelta(days=1))
    run = send_due_reminders(today)
    assert run.reminders[0].emails == ["cecilia@kommunen.se"]  # ebba's membership has ended
    assert [m.to for m in mail.outbox] == [["cecilia@kommunen.se"]]


def test_the_history_names_categories_in_the_readers_language(cast: Cast) -> None:
    vandalism = Category.objects.get(code="skadegorelse")
    measure = make_measure(cast, categories=(vandalism,))
    client = client_for(cast.rut)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("measure-detail", args=[measure.pk])).content.decode()
    history = page[page.index('id="history-heading"') :]
    assert f"Categories: – → {vandalism.name_en}" in history
    assert vandalism.name_sv not in history


def test_a_due_date_before_the_start_is_named_with_the_forms_other_errors_at_once(
    cast: Cast,
) -> None:
    response = client_for(cast.cecilia).post(
        reverse("measure-create"),
        {"title": "", "status": "proposed", "start_date": "2024-09-20", "due_date": "2024-09-01"},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["title"] and errors["owner"]
    assert errors["due_date"] == ["Slutdatum kan inte ligga före startdatum."]


def test_a_partner_is_not_shown_the_number_of_a_source_report_they_may_not_see(
    cast: Cast,
) -> None:
    when = datetime(2024, 9, 10, 22, tzinfo=STOCKHOLM)
    tip = file_report(cast.polisen, "narkotika_forsaljning", when)  # sensitive: police only
    graffiti = file_report(cast.bostad, "klotter", when)
    measure = make_measure(cast, source_reports=(tip, graffiti))
    url = reverse("measure-detail", args=[measure.pk])

    page = client_for(cast.hugo).get(url).content.decode()
    assert f"#{graffiti.pk}" in page
    assert f"#{tip.pk}<" not in page and f"#{tip.pk}," not in page  # neither listed nor in history
    assert client_for(cast.hugo).get(reverse("report-detail", args=[tip.pk])).status_code == 404
    page = client_for(cast.cecilia).get(url).content.decode()
    assert f'href="{reverse("report-detail", args=[tip.pk])}"' in page
    assert f"#{tip.pk}, #{graffiti.pk}" in page or f"#{graffiti.pk}, #{tip.pk}" in page


def test_what_the_app_wrote_in_the_history_is_read_in_the_readers_language(cast: Cast) -> None:
    meeting = create_meeting(
        cast.municipality,
        IsoWeek(2024, 37),
        date(2024, 9, 17),
        cast.cecilia,
        analyse=FakeAnalysis(),
    )
    decided = decide_measure(meeting, MeasureData(title="Extra patrull", owner=cast.polisen))
    with translation.override("en"):  # an English-speaking coordinator creates one
        created = make_measure(cast, "Ny belysning")
    english = client_for(cast.rut)
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = english.get(reverse("measure-detail", args=[decided.pk])).content.decode()
    assert "Decided at the meeting in week 2024-W37" in page and "Beslutad på mötet" not in page
    page = client_for(cast.rut).get(reverse("measure-detail", args=[created.pk])).content.decode()
    assert "Skapad" in page and "Created" not in page
