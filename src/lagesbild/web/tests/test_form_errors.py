"""Forms refused on a phone open on one error summary (templates/form_errors.html).

An audit found a refused goal value shown only beside its field, 1 500 px down a 375 px wide
page, with focus at the page's start, and the citizens' tip form summing up every error as
'Tipset är inte skickat: rätta det som är markerat nedan.' The report form's summary, which
lists each error with a link to its field and takes focus, is now the one include all three use.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from lagesbild.goals.models import Goal, Indicator
from lagesbild.public.tests.conftest import form_data, published  # noqa: F401 (a fixture)
from lagesbild.testing import Cast, client_for


def summary(html: str) -> str:
    start = html.index('<div class="error" role="alert" id="form-errors" tabindex="-1" autofocus>')
    return html[start : html.index("</div>", start)]


def test_a_refused_goal_value_opens_on_a_summary_that_links_to_the_field(cast: Cast) -> None:
    goal = Goal.objects.create(municipality=cast.municipality, title="Narkotikan bekämpas")
    seizures = Indicator.objects.create(
        goal=goal, name="Beslag", kind="entered", direction="increase", baseline_year=2021
    )
    url = reverse("indicator-values", args=[seizures.pk])
    response = client_for(cast.anders).post(url, {"year": "2023", "value": ""})
    assert response.status_code == 400
    box = summary(response.content.decode())
    assert "<p>Värdet är inte sparat. Rätta det som är markerat:</p>" in box
    assert '<li><a href="#id_value">Värde</a> Det här fältet är obligatoriskt.</li>' in box


@pytest.mark.usefixtures("published")
def test_a_refused_tip_lists_each_error_with_a_link_to_its_field() -> None:
    data = form_data(reason="", latitude="", longitude="", area="", insecurity="9")
    response = Client().post(reverse("public-unsafe-place", args=["0999"]), data)
    box = summary(response.content.decode())
    assert "<p>Tipset är inte skickat. Rätta det som är markerat:</p>" in box
    links = [
        '<li><a href="#id_reason_0">Varför känns platsen otrygg?</a> '
        "Välj varför platsen känns otrygg.</li>",
        '<a href="#id_insecurity_0">Hur otryggt känns det?</a>',
    ]
    assert all(link in box for link in links), box
