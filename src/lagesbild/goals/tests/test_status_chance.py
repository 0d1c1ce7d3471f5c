"""A status without a target path does not call chance progress: counts of events (partner
reports, Brå's reported crimes) are compared with the baseline by the narrative's two-year test
(the E-test, widened by the dispersion of the series' other years), and a change within chance
is "Ingen säker förändring". Values without a known noise model keep the plain comparison, and
the page says which was made."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from lagesbild.briefings.tests.builders import bulk_weekly
from lagesbild.categories.models import Category
from lagesbild.core.narrative import comparison_fit
from lagesbild.core.stats.etest import e_test
from lagesbild.core.weeks import IsoWeek
from lagesbild.goals.models import Goal, Indicator, IndicatorValue
from lagesbild.goals.status import (
    NO_CLEAR_CHANGE,
    OFF_TRACK,
    ON_TRACK,
    PATH,
    PLAIN,
    TESTED,
    indicator_status,
)
from lagesbild.goals.tests.test_dashboard_figures import card, dashboard
from lagesbild.official.models import OfficialStatistic
from lagesbild.testing import Cast, client_for, store_bra

DECREASE, INCREASE = Indicator.Direction.DECREASE, Indicator.Direction.INCREASE


@pytest.fixture
def goal(cast: Cast) -> Goal:
    return Goal.objects.create(municipality=cast.municipality, title="En trygg kommun")


def official(goal: Goal, code: str, series: Mapping[int, float], **fields) -> Indicator:
    store_bra("0999", code, series)
    fields = {"direction": DECREASE, "baseline_year": min(series)} | fields
    return Indicator.objects.create(
        goal=goal,
        name="Anmälda brott",
        kind=Indicator.Kind.OFFICIAL,
        category=Category.objects.get(code=code),
        **fields,
    )


def reports(cast: Cast, per_year: dict[int, int]) -> None:
    """``per_year`` reports of graffiti in a January week of each year (reporting began in
    January, so no year is a part year)."""
    weeks = [IsoWeek.containing(date(year, 1, 10)) for year in per_year]
    bulk_weekly(cast.bevakning, "klotter", None, None, weeks, list(per_year.values()))


def report_count(goal: Goal, baseline_year: int, **fields) -> Indicator:
    return Indicator.objects.create(
        goal=goal,
        name="Skadegörelse enligt rapporterna",
        kind=Indicator.Kind.REPORT_COUNT,
        category=Category.objects.get(code="skadegorelse"),
        direction=DECREASE,
        baseline_year=baseline_year,
        **fields,
    )


def test_101_reports_then_100_is_no_clear_change(cast: Cast, goal: Goal) -> None:
    # It was "I fas": one report fewer called progress.
    reports(cast, {2024: 101, 2025: 100})
    status = indicator_status(report_count(goal, 2024), 2025)
    assert (status.baseline, status.latest) == (101, 100)
    assert (status.status, status.label, status.comparison) == (
        NO_CLEAR_CHANGE,
        "Ingen säker förändring",
        TESTED,
    )
    assert status.p_value == pytest.approx(0.95, abs=0.005) and status.dispersion is None


def test_a_significant_rise_of_reports_for_a_decrease_goal_is_off_track(
    cast: Cast, goal: Goal
) -> None:
    reports(cast, {2024: 40, 2025: 70})
    status = indicator_status(report_count(goal, 2024), 2025)
    assert (status.status, status.comparison) == (OFF_TRACK, TESTED)
    assert status.p_value == pytest.approx(e_test(40, 70).p_value)
    assert status.p_value == pytest.approx(0.004, abs=0.0005)


def test_250_then_251_reported_crimes_is_no_clear_change_either_way(goal: Goal) -> None:
    # It was "Inte i fas" for a decrease goal; for an increase goal it would have been "I fas".
    falling = official(goal, "skadegorelse", {2024: 250, 2025: 251})
    assert indicator_status(falling, 2025).status == NO_CLEAR_CHANGE
    falling.direction = INCREASE
    assert indicator_status(falling, 2025).status == NO_CLEAR_CHANGE


def test_a_large_significant_fall_is_on_track(goal: Goal) -> None:
    status = indicator_status(official(goal, "skadegorelse", {2024: 1000, 2025: 800}), 2025)
    assert (status.status, status.label, status.comparison) == (ON_TRACK, "I fas", TESTED)
    assert (status.p_value or 1) < 0.001 and status.dispersion is None


def test_for_an_increase_goal_a_significant_fall_is_off_track_and_a_rise_on_track(
    goal: Goal,
) -> None:
    falling = official(goal, "skadegorelse", {2024: 1000, 2025: 800}, direction=INCREASE)
    assert (indicator_status(falling, 2025).status, falling.direction) == (OFF_TRACK, INCREASE)
    OfficialStatistic.objects.filter(year=2024).update(value=800)
    OfficialStatistic.objects.filter(year=2025).update(value=1000)
    status = indicator_status(falling, 2025)
    assert (status.status, status.comparison, status.tested_fall) == (ON_TRACK, TESTED, False)


def test_a_series_varying_beyond_chance_widens_the_test(cast: Cast, goal: Goal) -> None:
    # 1 100 → 1 000 alone is significant (E-test p = 0,03), but the years before swing by
    # ±150: within that variation the fall is no clear change.
    series = {
        2017: 900,
        2018: 1150,
        2019: 950,
        2020: 1120,
        2021: 880,
        2022: 1080,
        2023: 1100,
        2024: 1000,
    }
    assert e_test(1100, 1000).p_value < 0.05
    status = indicator_status(official(goal, "skadegorelse", series, baseline_year=2023), 2024)
    phi = comparison_fit({y: int(v) for y, v in series.items()}, 2024).dispersion
    assert phi == pytest.approx(13.8, abs=0.05) and status.dispersion == pytest.approx(phi)
    assert (status.status, status.comparison, status.p_value) == (
        NO_CLEAR_CHANGE,
        TESTED,
        pytest.approx(0.58, abs=0.005),
    )
    text = card(dashboard(cast.rut, 2024), "Anmälda brott")
    assert text.endswith(
        "Förändringen mot utgångsvärdet ligger inom den normala variationen och är inte "
        "statistiskt säkerställd (test med hänsyn till seriens variation mellan åren, "
        "spridningsfaktor 13,8, p = 0,58). Alla värden"
    )


def test_a_rate_series_keeps_the_plain_comparison_and_says_there_is_no_test(
    cast: Cast, goal: Goal
) -> None:
    # A Kolada KPI is a rate or a share: no count whose chance variation is known.
    for year, value in {2024: 61.0, 2025: 61.1}.items():
        OfficialStatistic.objects.create(
            source=OfficialStatistic.Source.KOLADA,
            municipality_code="0999",
            series="N07403",
            period=str(year),
            year=year,
            value=value,
        )
    indicator = Indicator.objects.create(
        goal=goal,
        name="Våldsbrott per 100 000",
        kind=Indicator.Kind.OFFICIAL,
        official_series="N07403",
        baseline_year=2024,
        direction=INCREASE,
    )
    status = indicator_status(indicator, 2025)
    assert (status.status, status.comparison, status.p_value) == (ON_TRACK, PLAIN, None)
    text = card(dashboard(cast.rut, 2025), "Våldsbrott per 100 000")
    assert text.startswith("Våldsbrott per 100 000 I fas Källa Officiell statistik: N07403")
    assert text.endswith(
        "Jämfört med utgångsvärdet som värdena skrivs ut, utan statistiskt test: hur mycket "
        "värdena varierar av slump är inte känt. Alla värden"
    )


def test_entered_values_keep_the_plain_comparison(goal: Goal) -> None:
    indicator = Indicator.objects.create(
        goal=goal, name="Beslag", kind=Indicator.Kind.ENTERED, direction=INCREASE,
        baseline_year=2024,
    )  # fmt: skip
    for year, value in {2024: 80, 2025: 81}.items():
        IndicatorValue.objects.create(indicator=indicator, year=year, value=value)
    status = indicator_status(indicator, 2025)
    assert (status.status, status.comparison) == (ON_TRACK, PLAIN)
    IndicatorValue.objects.filter(indicator=indicator, year=2025).update(value=80)
    assert indicator_status(indicator, 2025).status == OFF_TRACK  # equal is no progress


def test_a_count_staying_at_zero_is_on_track_and_zero_for_an_increase_goal_is_no_change(
    goal: Goal,
) -> None:
    indicator = official(goal, "skadegorelse", {2024: 0, 2025: 0})
    status = indicator_status(indicator, 2025)
    assert (status.status, status.at_floor, status.comparison, status.p_value) == (
        ON_TRACK,
        True,
        "",
        None,
    )
    indicator.direction = INCREASE
    assert indicator_status(indicator, 2025).status == NO_CLEAR_CHANGE


def test_with_a_target_path_the_count_is_compared_with_the_path_as_before(
    cast: Cast, goal: Goal
) -> None:
    # Baseline 1 000 in 2016, target 800 in 2021: 2019 is expected at 880. 1 000 → 900 is a
    # significant fall, yet the plan asked for more: the plan decides, the test is said beside.
    indicator = official(
        goal,
        "skadegorelse",
        {2016: 1000, 2019: 870},
        target_year=2021,
        target_value=800,
    )
    status = indicator_status(indicator, 2019)
    assert (status.status, status.comparison) == (ON_TRACK, PATH)
    assert status.p_value == pytest.approx(e_test(1000, 870).p_value)
    OfficialStatistic.objects.filter(year=2019).update(value=900)
    assert indicator_status(indicator, 2019).status == OFF_TRACK
    text = card(dashboard(cast.rut, 2019), "Anmälda brott")
    assert text.startswith("Anmälda brott Inte i fas Källa")
    assert text.endswith(
        "Förväntat enligt planen 880 Jämfört med planens raka linje som värdena skrivs ut, utan "
        "statistiskt test. Minskningen mot utgångsvärdet är statistiskt säkerställd (E-test, "
        "p = 0,022). Alla värden"
    )
    # Within chance, the page says so beside the plan's verdict.
    OfficialStatistic.objects.filter(year=2019).update(value=990)
    text = card(dashboard(cast.rut, 2019), "Anmälda brott")
    assert text.startswith("Anmälda brott Inte i fas Källa")
    assert text.endswith(
        "Förändringen mot utgångsvärdet ligger inom den normala variationen och är inte "
        "statistiskt säkerställd (E-test, p = 0,82). Alla värden"
    )


def test_entered_values_on_a_path_say_there_is_no_test(cast: Cast, goal: Goal) -> None:
    indicator = Indicator.objects.create(
        goal=goal, name="Beslag", kind=Indicator.Kind.ENTERED, direction=INCREASE,
        baseline_year=2020, target_year=2025, target_value=300,
    )  # fmt: skip
    for year, value in {2020: 200, 2023: 240}.items():
        IndicatorValue.objects.create(indicator=indicator, year=year, value=value)
    status = indicator_status(indicator, 2023)
    assert (status.status, status.comparison, status.p_value) == (OFF_TRACK, PATH, None)
    assert card(dashboard(cast.rut, 2023), "Beslag").endswith(
        "Förväntat enligt planen 260 Jämfört med planens raka linje som värdena skrivs ut, utan "
        "statistiskt test. Alla värden"
    )


def test_the_dashboard_shows_the_new_status_counts_it_and_says_which_test(
    cast: Cast, goal: Goal
) -> None:
    official(goal, "skadegorelse", {2024: 101, 2025: 100})
    html = dashboard(cast.rut, 2025)
    assert (
        '<li class="status-badge no_clear_change">Ingen säker förändring: <strong>1</strong>'
        in (html)
    )
    text = card(html, "Anmälda brott")
    assert text.startswith(
        "Anmälda brott Ingen säker förändring Källa Brås anmälda brott per år: Skadegörelse"
    )
    assert text.endswith(
        "Förändringen mot utgångsvärdet ligger inom den normala variationen och är inte "
        "statistiskt säkerställd (E-test, p = 0,95). Alla värden"
    )
    client = client_for(cast.rut)
    client.cookies["django_language"] = "en"
    english = client.get(reverse("goal-dashboard"), {"ar": 2025}).content.decode()
    assert '<p class="status-badge no_clear_change">No clear change</p>' in english
    assert (
        "The change from the baseline is within normal variation and not statistically "
        "significant (E-test, p = 0.95)."
    ) in english
    (answer,) = client_for(cast.rut).get("/api/v1/goals/?year=2025").json()
    (indicator,) = answer["indicators"]
    assert (indicator["status"], indicator["status_label"], indicator["comparison"]) == (
        "no_clear_change",
        "Ingen säker förändring",
        "test",
    )
    assert (
        indicator["p_value"] == pytest.approx(0.95, abs=0.005) and indicator["dispersion"] is None
    )
    assert indicator["tested_fall"] is True  # 101 → 100, however far from significant


def test_the_indicators_own_page_gives_the_status_and_its_test(cast: Cast, goal: Goal) -> None:
    last_year = timezone.localdate().year - 1  # the page's year
    indicator = official(goal, "skadegorelse", {last_year - 1: 101, last_year: 100})
    page = client_for(cast.rut).get(reverse("indicator-values", args=[indicator.pk]))
    html = page.content.decode()
    assert (
        '<dd><span class="status-badge no_clear_change">Ingen säker förändring</span> '
        "Förändringen mot utgångsvärdet ligger inom den normala variationen och är inte "
        "statistiskt säkerställd (E-test, p = 0,95).</dd>"
    ) in html
