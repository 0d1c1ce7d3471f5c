"""The reporting-effort note says nothing the weekly page does not (docs/statistics.md, the
weekly page's rules 4-5), on the audit's own case. Today is Sunday 6 December 2026: 2026-W49
runs, and reporting began on the Sunday of 2026-W47."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from lagesbild.analysis.effort import effort_sentence
from lagesbild.analysis.params import Window
from lagesbild.analysis.services import effort_change, reporting_effort
from lagesbild.analysis.tests.test_pages import CODE, _file_as, client_of, url
from lagesbild.core.weeks import IsoWeek
from lagesbild.organisations.access import viewer_in
from lagesbild.organisations.models import Membership
from lagesbild.testing import STOCKHOLM, file_report

SUNDAY_NOON = datetime(2026, 12, 6, 12, tzinfo=STOCKHOLM)  # 2026-W49 runs
W47, W48, W49 = IsoWeek(2026, 47), IsoWeek(2026, 48), IsoWeek(2026, 49)
IN_PROGRESS = (
    "Vecka 2026-W49 pågår: siffrorna gäller rapporterna hittills och jämförs inte med hela veckor."
)
BEGAN = (
    "Rapporteringen började vecka 2026-W47, som kan ha börjat mitt i veckan; ingen förändring "
    "mot förra veckan anges."
)


def _at(week: IsoWeek, day: int, hour: int) -> datetime:
    return datetime.combine(week.monday + timedelta(days=day), datetime.min.time()).replace(
        hour=hour, tzinfo=STOCKHOLM
    )


def _audit_cast(cast: Any) -> None:
    """Reporting begins on the Sunday of W47 (3 reports); W48 has 40 from 4 people; the
    running W49 has 10 from 1 so far."""
    for i in range(3):
        _file_as(cast.sara, cast.bevakning, _at(W47, 6, 8 + i))
    for k, person in enumerate((cast.sara, cast.vilma, cast.hugo, cast.cecilia)):
        organisation = cast.bostad if person is cast.hugo else cast.bevakning
        for i in range(10):
            _file_as(person, organisation, _at(W48, i % 7, 8 + k))
    for i in range(10):
        _file_as(cast.sara, cast.bevakning, _at(W49, i % 6, 9))


def _effort_page(query: str, user: Any) -> str:
    return client_of(user).get(url("analysis-effort") + "?" + query).content.decode()


def _week_page(week: IsoWeek, user: Any) -> str:
    return client_of(user).get(reverse("week", kwargs={"week": str(week)})).content.decode()


@pytest.mark.django_db
def test_no_effort_comparison_for_a_running_week_or_against_the_first_reporting_week(
    cast: Any,
) -> None:
    _audit_cast(cast)
    with time_machine.travel(SUNDAY_NOON, tick=False):
        viewer, town = viewer_in(cast.anders, CODE)
        assert effort_change(viewer, town, W49) is None
        assert effort_change(viewer, town, W48) is None
        running = reporting_effort(viewer, town, Window(W49, 3))
        assert running.sentence is None and running.notes == [IN_PROGRESS]
        first = reporting_effort(viewer, town, Window(W48, 2))
        assert first.sentence is None and first.notes == [BEGAN]

        page = _effort_page("till=2026-W49&veckor=3", cast.anders)
        assert "Rapporterna minskade" not in page
        assert f'<p class="hint effort-not-compared">{IN_PROGRESS}</p>' in page
        assert '<th scope="row">2026-W49 (pågår)</th><td>10</td><td>1</td>' in page
        # The comparison per active reporter gives this week so far, not last week's or the
        # earlier years' figure beside it.
        comparison = page[page.index('id="effort-comparison"') :]
        assert re.search(r"Förra veckan</th><td>–</td>", comparison)
        # The running week's silent organisations and its alarm verdict are "so far", and the
        # expected count beside its count so far is said to be a whole week's.
        row = re.search(r"2026-W49 \(pågår\)</th>.*?</tr>", page)
        assert row is not None
        # (The police, who filed nothing here, are no reporting partner: not listed.)
        assert row.group(0).endswith("Exempeltorpshem (hittills)</td></tr>")
        alerts = page[page.index('id="effort-alerts"') : page.index('id="effort-alert-count"')]
        # Two weeks of history give no alarm level: no verdict, neither "Nej" nor "Inte hittills".
        assert '<td class="text">ingen larmgräns (för kort historik)</td>' in alerts
        assert ">Nej<" not in alerts and "Inte hittills" not in alerts
        assert (
            "Veckan pågår: Väntat och Larmgräns gäller hela veckan, Rapporter veckan hittills."
        ) in alerts

        page = _effort_page("till=2026-W48&veckor=2", cast.anders)
        assert "Rapporterna ökade" not in page
        assert f'<p class="hint effort-not-compared">{BEGAN}</p>' in page

        for week in (W49, W48):
            html = _week_page(week, cast.anders)
            assert "Rapporteringsinsats:" not in html, week
            assert "Rapporterna minskade" not in html and "Rapporterna ökade" not in html
        assert "Veckan pågår" in _week_page(W49, cast.anders)

    # A week later W49 is whole and W48 a whole reporting week before it: compared.
    with time_machine.travel(SUNDAY_NOON + timedelta(weeks=1), tick=False):
        viewer, town = viewer_in(cast.anders, CODE)
        expected = (
            "Rapporterna minskade från 40 till 10 samtidigt som antalet aktiva rapportörer "
            "minskade från 4 till 1: förändringen kan bero på hur många som rapporterade, inte "
            "bara på läget. Rapporter per aktiv rapportör: 10 förra veckan, 10 denna vecka."
        )
        assert effort_change(viewer, town, W49) == expected
        assert reporting_effort(viewer, town, Window(W49, 2)).sentence == expected
        assert reporting_effort(viewer, town, Window(W49, 2)).notes == []
        assert f"<strong>Rapporteringsinsats:</strong> {expected}" in _week_page(W49, cast.anders)
    assert effort_sentence(3, 40, 1, 4) is not None  # what the first week alone would have said


@pytest.mark.django_db
def test_the_earlier_years_row_says_how_many_years_and_none(cast: Any) -> None:
    """It had read "medel av 0 år" ("mean of 0 years") beside a dash, and "1 years" in English."""
    _audit_cast(cast)
    label = re.compile(r'<th scope="row">(Samma vecka tidigare år[^<]*|Same week[^<]*)</th>')
    with time_machine.travel(SUNDAY_NOON + timedelta(weeks=1), tick=False):
        page = _effort_page("till=2026-W49&veckor=2", cast.anders)
        assert label.findall(page) == [
            "Samma vecka tidigare år (inget tidigare år med rapportörer)"
        ]
        # Reporting began earlier (the first reporting week is never compared: it may have
        # begun mid-week), then the same week a year and two years before.
        _file_as(cast.sara, cast.bevakning, _at(IsoWeek(2024, 10), 1, 9))
        _file_as(cast.sara, cast.bevakning, _at(IsoWeek(2025, 49), 1, 9))
        page = _effort_page("till=2026-W49&veckor=2", cast.anders)
        assert label.findall(page) == ["Samma vecka tidigare år (ett år)"]
        _file_as(cast.sara, cast.bevakning, _at(IsoWeek(2024, 49), 1, 9))
        page = _effort_page("till=2026-W49&veckor=2", cast.anders)
        assert label.findall(page) == ["Samma vecka tidigare år (medel av 2 år)"]
        client = client_of(cast.anders)
        client.cookies["django_language"] = "en"
        page = client.get(url("analysis-effort") + "?till=2026-W49&veckor=2").content.decode()
        assert label.findall(page) == ["Same week in earlier years (mean of 2 years)"]


@pytest.mark.django_db
def test_no_partner_is_blamed_for_weeks_before_reporting_began_or_before_it_joined(
    cast: Any,
) -> None:
    """Third audit, finding 3: reporting began in W47 and the housing company and its member
    came on 7 December; W38–W46 had listed both as "did not report"."""
    Membership.objects.filter(user=cast.sara).update(since=date(2026, 9, 1))
    Membership.objects.filter(user=cast.hugo).update(since=date(2026, 12, 7))
    for i in range(3):
        _file_as(cast.sara, cast.bevakning, _at(W47, 6, 8 + i))
    _file_as(cast.sara, cast.bevakning, _at(W49, 1, 9))
    file_report(cast.bostad, "klotter", _at(W49, 2, 9))  # its import: no person
    with time_machine.travel(SUNDAY_NOON, tick=False):
        viewer, town = viewer_in(cast.anders, CODE)
        effort = reporting_effort(viewer, town, Window(W49, 12))
        silent = {str(week.week): week.silent for week in effort.weeks}
        assert silent == {f"2026-W{n}": [] for n in range(38, 48)} | {
            "2026-W48": ["Bevakning AB"],  # a reporter since September filed nothing
            "2026-W49": [],
        }
        page = _effort_page("till=2026-W49&veckor=12", cast.anders)
    assert (
        '<th scope="row">2026-W40</th><td>0</td><td>0</td><td>–</td><td class="text">–</td>'
    ) in page
    assert (
        '<th scope="row">2026-W48</th><td>0</td><td>0</td><td>–</td>'
        '<td class="text">Bevakning AB</td>'
    ) in page
