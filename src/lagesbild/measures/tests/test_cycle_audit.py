"""The coordinator's measure cycle as its users meet it: odd input, done dates, reminders to
people who have left, and the history in the reader's language."""

from __future__ import annotations

from django.urls import reverse

from lagesbild.measures.forms import LONG_TEXT
from lagesbild.measures.models import Measure
from lagesbild.measures.tests.helpers import make_measure
from lagesbild.testing import Cast, client_for


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
