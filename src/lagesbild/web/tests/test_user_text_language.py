"""Text people wrote is marked as Swedish, so that an English screen reader voice switches.

In the English interface a goal's or indicator's name, a measure's title and a report's text
were read with English pronunciation (WCAG 3.1.2, language of parts).
"""

from __future__ import annotations

from datetime import datetime

from django.test import Client
from django.urls import reverse

from lagesbild.goals.models import Goal, Indicator
from lagesbild.measures.tests.helpers import make_measure
from lagesbild.testing import STOCKHOLM, Cast, client_for, file_report


def english(user) -> Client:
    client = client_for(user)
    client.cookies["django_language"] = "en"
    return client


def test_swedish_text_people_wrote_is_marked_in_the_english_interface(cast: Cast) -> None:
    when = datetime(2024, 9, 10, 21, tzinfo=STOCKHOLM)
    report = file_report(cast.bevakning, "klotter", when, Cast.NORR_POINT, "Tag på busskuren")
    measure = make_measure(cast)
    goal = Goal.objects.create(municipality=cast.municipality, title="Narkotikan bekämpas")
    seizures = Indicator.objects.create(
        goal=goal, name="Beslag", kind="entered", direction="increase", baseline_year=2021
    )
    client = english(cast.cecilia)

    week = client.get(reverse("week", args=["2024-W37"])).content.decode()
    assert 'lang="en"' in week and '<span lang="sv">Tag på busskuren</span>' in week
    shown = client.get(reverse("report-detail", args=[report.pk])).content.decode()
    assert '<dd class="description" lang="sv">Tag på busskuren</dd>' in shown
    detail = client.get(reverse("measure-detail", args=[measure.pk])).content.decode()
    assert '<h1 lang="sv">Klottersanering vid skolan</h1>' in detail
    values = client.get(reverse("indicator-values", args=[seizures.pk])).content.decode()
    assert '<h1 lang="sv">Beslag</h1>' in values
    assert 'Goal: <span lang="sv">Narkotikan bekämpas</span>' in values
    dashboard = client.get(reverse("goal-dashboard")).content.decode()
    assert f'<h2 id="goal-{goal.pk}" lang="sv">Narkotikan bekämpas</h2>' in dashboard
