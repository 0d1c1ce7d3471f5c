"""The goals dashboard, the goal and indicator forms, entering values, and `lagesbild goals`."""

from __future__ import annotations

import base64
import json
import re
from datetime import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from lagesbild.audit.models import AuditEntry
from lagesbild.categories.models import Category
from lagesbild.core.tests.known import known
from lagesbild.goals.models import Goal, Indicator, IndicatorValue
from lagesbild.organisations.models import Membership, Role
from lagesbild.reports.models import Report
from lagesbild.testing import STOCKHOLM, Cast, client_for, file_report, recount, store_bra

YEAR = 2023
DECREASE, INCREASE = Indicator.Direction.DECREASE, Indicator.Direction.INCREASE


def indicator(goal: Goal, name: str, kind: str, values: dict[int, float] | None = None, **fields):
    fields = {"direction": DECREASE, "baseline_year": 2021} | fields
    made = Indicator.objects.create(goal=goal, name=name, kind=kind, **fields)
    for year, value in (values or {}).items():
        IndicatorValue.objects.create(indicator=made, year=year, value=value)
    return made


@pytest.fixture
def goals(cast: Cast) -> Goal:
    """One goal with an indicator of each kind, each in a different state in 2023."""
    goal = Goal.objects.create(municipality=cast.municipality, title="En trygg kommun")
    graffiti = Category.objects.get(code="skadegorelse")
    for year, n in ((2021, 3), (2023, 2)):
        for _ in range(n):
            file_report(cast.bevakning, "klotter", datetime(year, 5, 2, 12, tzinfo=STOCKHOLM))
    # Rejected reports do not count: with them 2023 would not be below 2021.
    rejected = file_report(cast.bevakning, "klotter", datetime(2023, 5, 3, 12, tzinfo=STOCKHOLM))
    Report.objects.filter(pk=rejected.pk).update(review_status=Report.Review.REJECTED)
    recount(cast.municipality)  # a raw update passes the services: recount by hand
    indicator(goal, "Klotter enligt rapporterna", "report_count", category=graffiti)
    store_bra(cast.municipality.code, "skadegorelse", {2021: 400, 2023: 480})
    indicator(goal, "Anmäld skadegörelse (Brå)", "official", category=graffiti)
    indicator(goal, "Trygghet i enkäten", "survey", {2023: 71}, baseline_year=2023, unit="%")
    indicator(goal, "Beslag", "entered", {2021: 20}, direction=INCREASE)
    return goal


def test_each_kind_of_indicator_gets_its_status_on_the_dashboard(cast: Cast, goals: Goal) -> None:
    response = client_for(cast.rut).get(reverse("goal-dashboard"), {"ar": YEAR})
    assert response.status_code == 200
    rows = {row.indicator.name: row for row in response.context["goals"][0].indicators}
    assert {name: row.status.status for name, row in rows.items()} == {
        # 3 → 2 (rejected one not counted) is chance, not progress.
        "Klotter enligt rapporterna": "no_clear_change",
        "Anmäld skadegörelse (Brå)": "off_track",  # 400 → 480, p = 0,007
        "Trygghet i enkäten": "too_early",  # the baseline year itself
        "Beslag": "no_data",  # nothing entered for 2023
    }
    html = response.content.decode()
    assert (
        '<ul class="status-summary">\n<li class="status-badge on_track">I fas: <strong>0</strong>'
        '</li><li class="status-badge off_track">Inte i fas: <strong>1</strong></li>'
        '<li class="status-badge no_clear_change">Ingen säker förändring: <strong>1</strong></li>'
    ) in html
    for label in ("Ingen säker förändring", "Inte i fas", "För tidigt att säga", "Underlag saknas"):
        assert label in html
    assert "Ändra målet" not in html  # a reader reads, nothing more


def test_each_series_is_drawn_as_an_svg_sparkline_whose_text_gives_the_values(
    cast: Cast, goals: Goal
) -> None:
    html = client_for(cast.cecilia).get(reverse("goal-dashboard"), {"ar": YEAR}).content.decode()
    images = re.findall(
        r'<img class="sparkline" src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)"', html
    )
    assert len(images) == 4  # Beslag has only its 2021 value: still drawn, as one point
    svg = base64.b64decode(images[0][0]).decode()
    assert svg.startswith("<svg")
    alts = [alt for _, alt in images]
    assert "Anmäld skadegörelse (Brå) per år: 2021: 400, 2023: 480." in alts
    assert "Trygghet i enkäten per år: 2023: 71 %." in alts


def test_a_coordinator_defines_a_goal_and_an_indicator_and_others_may_not(cast: Cast) -> None:
    coordinator = client_for(cast.cecilia)
    response = coordinator.post(
        reverse("goal-create"), {"title": "Narkotikan bekämpas", "sort_order": "3"}
    )
    assert response.status_code == 302
    goal = Goal.objects.get()
    assert (goal.municipality, goal.sort_order) == (cast.municipality, 3)
    data = {
        "name": "Frihetsberövade för narkotikabrott",
        "kind": "entered",
        "direction": "increase",
        "unit": "personer",
        "baseline_year": "2021",
        "target_year": "2026",
        "target_value": "200",
    }
    assert coordinator.post(reverse("indicator-create", args=[goal.pk]), data).status_code == 302
    made = Indicator.objects.get()
    assert (made.kind, made.target_value, made.goal) == ("entered", 200, goal)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"lagesbild.goal.created", "lagesbild.indicator.created"} <= actions

    edit = reverse("indicator-edit", args=[made.pk])
    for user in (cast.sara, cast.anders, cast.rut):
        client = client_for(user)
        assert client.get(reverse("goal-create")).status_code == 403
        assert client.post(reverse("goal-edit", args=[goal.pk]), {"title": "x"}).status_code == 403
        assert client.post(edit, data | {"name": "x"}).status_code == 403
    assert client_for(cast.olle).get(edit).status_code == 404
    assert client_for(cast.olle).get(reverse("goal-edit", args=[goal.pk])).status_code == 404
    for url in (reverse("goal-dashboard"), edit):
        response = Client().get(url)
        assert response.status_code == 302 and "/logga-in/" in response["Location"]
    assert Indicator.objects.get().name == "Frihetsberövade för narkotikabrott"


def test_the_police_enter_their_figures_and_a_reporter_may_not(cast: Cast) -> None:
    goal = Goal.objects.create(municipality=cast.municipality, title="Narkotikan bekämpas")
    seizures = indicator(goal, "Beslag", "entered", direction=INCREASE)
    survey = indicator(goal, "Trygghet", "survey", direction=INCREASE)
    url = reverse("indicator-values", args=[seizures.pk])

    response = client_for(cast.anders).post(url, {"year": "2023", "value": "251", "note": "LPO"})
    assert response.status_code == 302
    value = IndicatorValue.objects.get(indicator=seizures)
    assert (value.year, value.value, value.entered_by) == (2023, 251, cast.anders)
    # Any role in a police organisation: a police reader enters the figures too.
    Membership.objects.create(user=cast.nemo, organisation=cast.polisen, role=Role.READER)
    assert client_for(cast.nemo).post(url, {"year": "2023", "value": "252"}).status_code == 302
    assert IndicatorValue.objects.get(indicator=seizures).value == 252
    entry = known(
        AuditEntry.objects.filter(action="lagesbild.indicator.value_entered").order_by("pk").last()
    )
    assert entry.detail == {"year": 2023, "value": 252.0, "previous": 251.0}

    for user in (cast.sara, cast.hugo, cast.rut):
        assert client_for(user).post(url, {"year": "2023", "value": "1"}).status_code == 403
    # Survey results are the coordinators' to enter, not the police's.
    survey_url = reverse("indicator-values", args=[survey.pk])
    assert (
        client_for(cast.anders).post(survey_url, {"year": "2023", "value": "70"}).status_code == 403
    )
    assert (
        client_for(cast.cecilia).post(survey_url, {"year": "2023", "value": "70"}).status_code
        == 302
    )
    assert client_for(cast.olle).get(url).status_code == 404
    assert IndicatorValue.objects.get(indicator=seizures).value == 252


def test_invalid_input_is_answered_with_400_and_a_message(cast: Cast, goals: Goal) -> None:
    coordinator = client_for(cast.cecilia)
    response = coordinator.post(reverse("goal-create"), {"title": ""})
    assert (
        response.status_code == 400
        and "Det här fältet är obligatoriskt." in response.content.decode()
    )

    base = {
        "name": "Rapporter",
        "kind": "report_count",
        "direction": "decrease",
        "baseline_year": "2022",
    }
    cases = [
        (base, "Välj vilken kategori som räknas."),
        (base | {"kind": "entered", "target_year": "2020"}, "Målåret måste komma efter basåret."),
        (base | {"kind": "entered", "baseline_year": ""}, "Ange ett basår eller ett utgångsvärde."),
        (base | {"kind": "official"}, "Ange serien"),
        (base | {"kind": "spådom"}, "Välj ett giltigt alternativ"),
    ]
    for data, message in cases:
        response = coordinator.post(reverse("indicator-create", args=[goals.pk]), data)
        assert response.status_code == 400, data
        assert message in response.content.decode(), message

    entered = Indicator.objects.get(name="Beslag")
    response = coordinator.post(
        reverse("indicator-values", args=[entered.pk]), {"year": "2023", "value": "många"}
    )
    assert response.status_code == 400 and "Fyll i ett tal." in response.content.decode()
    counted = Indicator.objects.get(kind="report_count")
    response = coordinator.post(
        reverse("indicator-values", args=[counted.pk]), {"year": "2023", "value": "3"}
    )
    assert response.status_code == 400
    assert "räknas fram ur underlaget" in response.content.decode()
    response = coordinator.get(reverse("goal-dashboard"), {"ar": "förra året"})
    assert response.status_code == 400


def test_the_goals_command_prints_each_indicators_status_as_json(cast: Cast, goals: Goal) -> None:
    out = StringIO()
    call_command(
        "goals", "--municipality", cast.municipality.code, "--year", str(YEAR), "--json", stdout=out
    )
    data = json.loads(out.getvalue())
    assert data["municipality"] == {"code": "0999", "name": "Exempeltorp"}
    assert data["year"] == YEAR
    assert data["summary"] == {
        "on_track": 0,
        "off_track": 1,
        "no_clear_change": 1,
        "too_early": 1,
        "no_data": 1,
    }
    first = data["goals"][0]["indicators"][0]
    assert first["name"] == "Anmäld skadegörelse (Brå)"
    assert first["series"] == {"2021": 400.0, "2023": 480.0}
    assert (first["baseline"], first["latest"], first["status_label"]) == (
        400.0,
        480.0,
        "Inte i fas",
    )
    assert (first["comparison"], round(first["p_value"], 4), first["dispersion"]) == (
        "test",
        0.007,
        None,
    )

    out = StringIO()
    call_command("goals", "--year", str(YEAR), stdout=out)
    assert (
        "[Ingen säker förändring] Klotter enligt rapporterna – 2023: 2, utgångsvärde 3, mål –"
    ) in out.getvalue()
    with pytest.raises(CommandError):
        call_command("goals", "--municipality", "0000")


def test_a_bra_series_named_by_its_categorys_code_is_read_by_the_categorys_name(
    cast: Cast, goals: Goal
) -> None:
    """The form's hint suggests "kategori:narkotika"; the demo's indicator has
    "kategori:skadegorelse". Its source had been shown as stored."""
    typed = indicator(
        goals, "Skadegörelse enligt Brå", "official", official_series="kategori:skadegorelse"
    )
    unknown = indicator(goals, "Okänd", "official", official_series="kategori:finns-inte")
    client = client_for(cast.rut)
    page = client.get(reverse("goal-dashboard"), {"ar": YEAR}).content.decode()
    assert "Brås anmälda brott per år: Skadegörelse" in page
    assert "kategori:skadegorelse" not in page
    assert "Officiell statistik: kategori:finns-inte" in page  # no such category: as typed
    values = client.get(reverse("indicator-values", args=[typed.pk])).content.decode()
    assert "Brås anmälda brott per år: Skadegörelse" in values
    values = client.get(reverse("indicator-values", args=[unknown.pk])).content.decode()
    assert "Officiell statistik: kategori:finns-inte" in values
