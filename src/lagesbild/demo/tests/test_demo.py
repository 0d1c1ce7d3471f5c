from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.test import Client

from lagesbild.areas.models import Area
from lagesbild.briefings.analysis import weekly_analysis
from lagesbild.core.tests.known import known
from lagesbild.core.weeks import IsoWeek
from lagesbild.demo.services import DEMO_PASSWORD, USERS, create_demo, demo_municipality
from lagesbild.goals.models import Goal, Indicator, IndicatorValue
from lagesbild.goals.status import NO_DATA, OFF_TRACK, ON_TRACK, TOO_EARLY, indicator_status
from lagesbild.measures.models import Measure, MeasureEvaluation
from lagesbild.meetings.models import Meeting
from lagesbild.organisations.access import viewer_for
from lagesbild.organisations.models import Organisation
from lagesbild.reports.models import Report
from lagesbild.reports.tests import raw_reference as raw
from lagesbild.testing import demo_outside_transactions

TODAY = date(2024, 9, 15)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Build the demo twice for this module (the second run must add nothing), then remove it."""
    with django_db_blocker.unblock(), demo_outside_transactions(TODAY) as summaries:
        summaries.append(create_demo(today=TODAY))
        yield summaries


@pytest.mark.django_db
def test_the_demo_has_districts_partners_and_one_user_per_role(demo) -> None:
    first, _ = demo
    assert (
        8
        <= Area.objects.filter(municipality=first.municipality, kind=Area.Kind.DISTRICT).count()
        <= 12
    )
    kinds = set(
        Organisation.objects.filter(municipality=first.municipality).values_list("kind", flat=True)
    )
    # "other": the county administrative board of the regional user (demo/region.py).
    assert kinds == {"municipal", "police", "rescue", "housing", "security", "other"}
    assert (
        Organisation.objects.filter(municipality=first.municipality, kind="municipal").count() == 3
    )
    for username, *_ in USERS:
        assert authenticate(username=username, password=DEMO_PASSWORD) is not None


@pytest.mark.django_db
def test_the_demos_rollup_equals_a_direct_count_and_its_weeks_the_raw_rows(demo) -> None:
    """The demo's bulk insert refreshes the rollup; the weekly figures match raw counts."""
    first, _ = demo
    assert raw.rollup_cells() == raw.direct_cells()
    User = get_user_model()
    # Everything; a guard's (own sensitive reports only); a reader's (no sensitive category).
    for username in ("samordnare", "vaktare", "lasare"):
        viewer = viewer_for(User.objects.get(username=username))
        for week in (IsoWeek(2024, 37), IsoWeek(2023, 44)):
            raw.assert_week_equals_raw(viewer, first.municipality, week)


@pytest.mark.django_db
def test_the_demos_alerts_use_farrington_from_the_first_day(demo) -> None:
    """The demo's history is long enough for the method the alerts are meant to use: its
    weeks were all judged by the shorter history's EARS C1 with three years to the day."""
    first, _ = demo
    coordinator = viewer_for(get_user_model().objects.get(username="samordnare"))
    week = IsoWeek.containing(TODAY)
    analysis = weekly_analysis(coordinator, first.municipality, week, use_stored=False)
    assert analysis.methods == ("farrington_flexible",)


@pytest.mark.django_db
def test_the_demo_is_idempotent(demo) -> None:
    first, second = demo
    assert first.reports_created > 0 and second.reports_created == 0
    here = Report.objects.filter(municipality=first.municipality).count()
    assert second.reports_total == first.reports_total == here
    assert first.measures_created == 6 and second.measures_created == 0
    assert (Measure.objects.count(), Meeting.objects.count(), Goal.objects.count()) == (6, 3, 4)
    assert Indicator.objects.count() == 9 and MeasureEvaluation.objects.count() == 2


@pytest.mark.django_db
def test_the_agreements_goals_have_indicators_of_every_kind_in_varied_states(demo) -> None:
    municipality = demo[0].municipality
    titles = list(Goal.objects.filter(municipality=municipality).values_list("title", flat=True))
    assert "All narkotikahantering bekämpas aktivt" in titles
    assert titles[-1] == "Särskilt fokus: välfärds- och bidragsbrott"
    indicators = Indicator.objects.filter(goal__municipality=municipality)
    assert set(indicators.values_list("kind", flat=True)) == {
        "report_count",
        "official",
        "survey",
        "entered",
    }
    statuses = {indicator_status(i, TODAY.year - 1).status for i in indicators}
    assert {ON_TRACK, OFF_TRACK, TOO_EARLY} <= statuses
    # The official indicators read the demo's synthetic Brå figures: none is without data.
    for indicator in indicators.filter(kind="official"):
        assert indicator_status(indicator, TODAY.year - 1).status != NO_DATA
    # Invented figures say so, in the name and on every value.
    for indicator in indicators.filter(kind__in=["survey", "entered"]):
        assert "syntetiska demovärden" in indicator.name
    notes = set(IndicatorValue.objects.values_list("note", flat=True))
    assert notes == {"Syntetiskt demovärde, inte verklig statistik."}
    police = IndicatorValue.objects.filter(indicator__name__startswith="Narkotikabeslag")
    assert set(police.values_list("entered_by__username", flat=True)) == {"analytiker"}


@pytest.mark.django_db
def test_measures_are_decided_at_meetings_and_one_is_evaluated_on_the_demos_reports(demo) -> None:
    measures = Measure.objects.filter(municipality=demo[0].municipality)
    statuses = set(measures.values_list("status", flat=True))
    assert statuses == {"proposed", "decided", "ongoing", "done"}
    decided = measures.exclude(status="proposed")
    assert all(m.decided_at_meeting and m.owner and m.due_date for m in decided)
    lighting = measures.get(title__startswith="Belysning och röjning av sly")
    setup = lighting.evaluation
    assert setup.target_area.code == "norrby" and setup.control_suggested
    assert setup.control_area.code not in ("norrby", "centrum", "vallen", "ekhagen", "bjorkhaga")
    assert setup.is_frozen and setup.buffer_metres == 300
    result = setup.result
    assert result["evaluation"]["counts"]["target_before"] > 20
    assert result["text_sv"].startswith("I målområdet")
    fires = measures.get(title__startswith="Ökad tillsyn mot bränder").evaluation
    assert fires.result["evaluation"]["verdict"] == "too_few_events"


@pytest.mark.django_db
def test_three_years_of_synthetic_reports_are_labelled_and_placed(demo) -> None:
    reports = Report.objects.filter(municipality=demo[0].municipality)
    first = known(reports.order_by("occurred_from").first()).occurred_from.date()
    assert (TODAY - first).days >= 3 * 365 - 2
    assert reports.exclude(source=Report.Source.DEMO).count() == 0
    assert reports.filter(area__isnull=True).count() == 0
    assert 60 <= reports.count() / (3 * 52) <= 110


@pytest.mark.django_db
def test_the_county_analyst_sees_exempelstad_and_exempelby_side_by_side(demo) -> None:
    from lagesbild.demo.region import REGIONAL_USERNAME, SECOND_CODE
    from lagesbild.regional.services import regional_view

    first, _ = demo
    user = get_user_model().objects.get(username=REGIONAL_USERNAME)
    assert authenticate(username=REGIONAL_USERNAME, password=DEMO_PASSWORD) is not None
    view = regional_view(viewer_for(user), TODAY)
    assert [c.municipality.code for c in view.columns] == [SECOND_CODE, first.municipality.code]
    assert all(c.total.count > 0 and c.bra_rate for c in view.columns)
    small = Report.objects.filter(municipality__code=SECOND_CODE).count()
    assert 0 < small < Report.objects.filter(municipality=first.municipality).count() / 6


def test_the_command_prints_the_logins_without_serving(db) -> None:
    out = StringIO()
    call_command("demo", "--no-serve", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8000/" in text
    for username, *_ in [*USERS, ("lansstyrelsen",)]:
        assert f"användarnamn {username}" in text
    assert DEMO_PASSWORD in text
    # The public page is published and answers without a login.
    assert "Den publika sidan, utan inloggning: http://127.0.0.1:8000/offentlig/9999/" in text
    assert Client().get("/offentlig/9999/").status_code == 200


@pytest.mark.django_db
def test_a_withdrawn_public_page_stays_withdrawn_when_the_demo_is_made_again() -> None:
    municipality = demo_municipality()
    assert municipality.public_page_enabled
    municipality.public_page_enabled = False
    municipality.save()
    assert not demo_municipality().public_page_enabled


@pytest.mark.django_db
def test_the_statistics_explorer_compares_exempelstad_with_peers_of_its_size(demo) -> None:
    from lagesbild.analysis.explorer import explore, parse_query
    from lagesbild.demo.official import PEERS
    from lagesbild.demo.region import SECOND_CODE

    first, _ = demo
    exploration = explore(first.municipality, parse_query({}, first.municipality.code))
    # Exempelby has Exempelstad's population; 9994 (1.7 times) lies in the next band.
    assert {p.code for p in exploration.peers} == {SECOND_CODE} | {
        code for code, scale in PEERS if scale < 1.5
    }
    assert exploration.band is not None and all(row.has_figures for row in exploration.rows)


@pytest.mark.django_db
def test_exempelbys_bra_figures_are_its_own_not_a_copy_of_exempelstads(demo) -> None:
    # With Exempelstad's seed they were the same counts year by year, so the explorer's median
    # of the peers (Exempelby among them) was Exempelstad's own count in 8 of 10 years.
    from lagesbild.analysis.explorer import explore, parse_query
    from lagesbild.demo.region import SECOND_CODE
    from lagesbild.official.models import OfficialStatistic

    first, _ = demo
    code = first.municipality.code
    rows = OfficialStatistic.objects.filter(month=None, municipality_code__in=[code, SECOND_CODE])
    figures = {
        c: {
            (s, y): v
            for s, y, v in rows.filter(municipality_code=c).values_list("series", "year", "value")
        }
        for c in (code, SECOND_CODE)
    }
    assert figures[code].keys() == figures[SECOND_CODE].keys() and figures[code]
    assert (
        sum(figures[code][s] != figures[SECOND_CODE][s] for s in figures[code])
        > len(figures[code]) / 2
    )
    total = explore(first.municipality, parse_query({}, code)).rows[0]
    assert sum(cell.count == cell.peers.median for cell in total.cells if cell.peers) <= 2


@pytest.mark.django_db
def test_the_security_companys_mapping_reads_its_own_export(demo) -> None:
    from lagesbild.reports.importing import import_reports
    from lagesbild.reports.models import ImportMapping

    mapping = ImportMapping.objects.get(name="Larmcentralens export")
    export = (
        "Ärendenr;Händelsetyp;Tidpunkt;Område;Plats;Notering\n"
        "LC-1;Klotter/Tag;11.09.2024 22:15;Centrum;Stortorget;Taggar\n"
        "LC-2;Ungdomsgäng;12.09.2024 23:40;Norrby;Norrbytorget;\n"
    ).encode()
    summary = import_reports(export, "larm.csv", mapping.organisation, mapping, dry_run=True)
    assert summary.created == 2 and not summary.errors
