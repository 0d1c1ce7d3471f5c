from __future__ import annotations

import json
from datetime import datetime

import pytest

from lagesbild.annual.services import (
    BRA_SOURCE,
    NoDataForYear,
    UnknownMunicipality,
    build_annual_report,
)
from lagesbild.annual.tests.conftest import (
    DRUGS,
    HELSINGBORG,
    POPULATION,
    VANDALISM,
    population,
)
from lagesbild.organisations.access import viewer_for
from lagesbild.testing import STOCKHOLM, file_report, police_event, store_bra


def report_for(helsingborg, user=None, **kwargs):
    return build_annual_report("1283", 2021, viewer_for(user or helsingborg.helena), **kwargs)


def category(report, code):
    return next(c for c in report.categories if c.code == code)


def test_the_series_and_rates_equal_the_stored_figures(helsingborg) -> None:
    report = report_for(helsingborg)
    vandalism = category(report, "skadegorelse")
    assert [p.year for p in vandalism.series] == list(range(2012, 2022))
    assert {p.year: p.count for p in vandalism.series} == VANDALISM
    assert {p.year: p.population for p in vandalism.series} == POPULATION
    assert vandalism.current.rate == pytest.approx(850 / 148_500 * 100_000)
    assert (report.first_year, report.base_year) == (2012, 2016)
    assert vandalism.previous.change.from_value == 1000 and vandalism.base.change.from_value == 1080
    assert vandalism.source == BRA_SOURCE


def test_vandalism_has_decreased_by_15_percent_compared_with_2020(helsingborg) -> None:
    vandalism = category(report_for(helsingborg), "skadegorelse")
    assert vandalism.previous.percent == 15 and vandalism.previous.direction == "decreased"
    previous = vandalism.statements[0]
    assert previous.kind == "previous_year"
    assert "minskat med 15 procent jämfört med 2020" in previous.text
    assert "från 1 000 till 850" in previous.text


def test_thefts_against_persons_have_more_than_halved_in_five_years(helsingborg) -> None:
    theft = category(report_for(helsingborg), "stold_mot_person")
    assert (theft.level, theft.parent) == (1, "stold")
    assert theft.base.direction == "more_than_halved"
    base = next(s for s in theft.statements if s.kind == "base_year")
    assert "mer än halverats på fem år" in base.text
    assert "från 400 år 2016 till 190 år 2021" in base.text
    assert any(c.kind == "more_than_halved" and c.periods == (2016, 2021) for c in base.claims)


def test_a_flat_noisy_series_claims_no_trend(helsingborg) -> None:
    drugs = category(report_for(helsingborg), "narkotika")
    assert {p.year: p.count for p in drugs.series} == DRUGS
    assert not drugs.trend.significant
    assert not any(c.kind == "trend" for c in drugs.claims)
    assert "ingen statistiskt säkerställd trend" in drugs.statements[-1].text
    assert "minskande trend" not in drugs.statements[-1].text


def test_a_falling_series_has_a_trend_backed_by_the_test(helsingborg) -> None:
    vandalism = category(report_for(helsingborg), "skadegorelse")
    assert vandalism.trend.significant and vandalism.trend.annual_change < 0
    assert "en minskande trend" in vandalism.statements[-1].text


def test_all_crimes_are_brås_total_and_not_a_sum_of_the_categories(helsingborg) -> None:
    report = report_for(helsingborg)
    assert report.total.current.count == 13_400
    assert report.total.previous.change.from_value == 14_100


def test_similar_municipalities_are_those_within_25_percent_of_the_population(helsingborg) -> None:
    peers = category(report_for(helsingborg), "skadegorelse").peers
    assert {p.municipality_code for p in peers.peers} == {"1283", "1281", "0580"}
    lund = next(p for p in peers.peers if p.municipality_code == "1281")
    assert lund.name == "Lund" and lund.rate == pytest.approx(900 / 125_000 * 100_000)
    assert peers.peer_median == pytest.approx((900 / 125_000 + 1100 / 164_000) / 2 * 100_000)
    assert [p.rate for p in peers.peers] == sorted((p.rate for p in peers.peers), reverse=True)


def test_without_similar_municipalities_with_data_the_comparison_says_so(helsingborg) -> None:
    peers = category(report_for(helsingborg), "narkotika").peers
    assert [p.municipality_code for p in peers.peers] == ["1283"]
    assert peers.peer_median is None and "Inga jämförbara kommuner" in peers.note


def test_the_base_year_can_be_chosen(helsingborg) -> None:
    report = report_for(helsingborg, base_year=2018)
    vandalism = category(report, "skadegorelse")
    assert report.base_year == 2018 and vandalism.base.change.from_value == 1040
    assert "jämfört med 2018" in vandalism.statements[1].text


def test_a_year_without_brå_figures_is_refused_with_the_years_there_are(helsingborg) -> None:
    with pytest.raises(NoDataForYear, match="saknas för 2023.*2012–2021"):
        build_annual_report("1283", 2023, viewer_for(helsingborg.helena))


def test_an_unknown_municipality_is_refused_with_how_to_import_data(helsingborg) -> None:
    with pytest.raises(UnknownMunicipality, match="lagesbild import bra"):
        build_annual_report("2584", 2021, viewer_for(helsingborg.helena))


def test_a_municipality_with_statistics_but_no_tenant_gets_the_statistics_only(helsingborg) -> None:
    store_bra("1281", "skadegorelse", {2020: 950})
    population("1281", {2020: 124_000})
    report = build_annual_report("1281", 2021, viewer_for(helsingborg.helena))
    assert report.municipality == "Lund" and report.goals == () and report.partner_reports is None
    assert category(report, "skadegorelse").previous.change.to_value == 900


def test_entered_figures_goals_and_measures_of_the_year(helsingborg) -> None:
    report = report_for(helsingborg)
    detained = next(f for f in report.entered_figures if f.name == "Frihetsberövade personer")
    assert (detained.previous_value, detained.value) == (120, 150)
    assert detained.relative_change == pytest.approx(0.25)
    assert report.goal_summary == {
        "indicators": 4,
        "on_track": 3,
        "off_track": 1,
        "no_clear_change": 0,
        "too_early": 0,
        "no_data": 0,
    }
    assert {m.title for m in report.measures_decided} == {
        "Ny belysning i Stadsparken",
        "Trygghetsvandringar på Söder",
    }
    assert [m.title for m in report.measures_done] == ["Ny belysning i Stadsparken"]


def test_partner_reports_are_counted_per_organisation_kind_and_category_in_the_year(
    helsingborg,
) -> None:
    volumes = report_for(helsingborg).partner_reports
    assert volumes.total == 3
    assert {(v.organisation_kind, v.category, v.count) for v in volumes.rows} == {
        ("housing", "skadegorelse", 2),
        ("police", "vald", 1),
    }


def test_the_partner_tables_sums_follow_its_rows_in_one_order_and_add_up(helsingborg) -> None:
    from lagesbild.organisations.models import Organisation

    # Kinds whose codes and labels sort differently: the sums had followed the codes ("other"
    # before "police" before "security"), the rows the labels ("Bevakningsföretag" first).
    for slug, kind in (("vakt", Organisation.Kind.SECURITY), ("ovrig", Organisation.Kind.OTHER)):
        partner = Organisation.objects.create(
            municipality=helsingborg.municipality, slug=slug, name=slug, kind=kind
        )
        file_report(partner, "klotter", datetime(2021, 4, 2, 12, tzinfo=STOCKHOLM))
    file_report(helsingborg.polisen, "klotter", datetime(2021, 4, 3, 12, tzinfo=STOCKHOLM))
    volumes = report_for(helsingborg).partner_reports
    kinds = list(dict.fromkeys(v.organisation_kind for v in volumes.rows))
    assert kinds == ["police", "housing", "security", "other"]  # as Organisation.Kind declares
    assert [v.organisation_kind for v in volumes.by_kind] == kinds
    assert [(v.category, v.count) for v in volumes.rows if v.organisation_kind == "police"] == [
        ("skadegorelse", 1),
        ("vald", 1),
    ]  # the categories in their own order (Category.sort_order)
    for kind_sum in volumes.by_kind:
        rows = [v.count for v in volumes.rows if v.organisation_kind == kind_sum.organisation_kind]
        assert kind_sum.count == sum(rows)
    assert volumes.total == sum(v.count for v in volumes.by_kind) == 6
    exported = report_for(helsingborg).as_dict()["partner_reports"]  # the JSON export's order
    assert [r["organisation_kind"] for r in exported["by_kind"]] == kinds


def test_a_reader_does_not_count_sensitive_reports_of_other_organisations(helsingborg) -> None:
    file_report(
        helsingborg.polisen, "narkotika_forsaljning", datetime(2021, 5, 5, 20, tzinfo=STOCKHOLM)
    )
    assert report_for(helsingborg).partner_reports.total == 4
    assert report_for(helsingborg, helsingborg.lars).partner_reports.total == 3


def test_police_event_notices_are_counted_with_the_police_as_source(helsingborg) -> None:
    def event(event_id: int, when: datetime, type_: str, code: str, summary: bool = False) -> None:
        police_event(event_id, when, code, type_=type_, municipality=HELSINGBORG, summary=summary)

    event(1, datetime(2021, 3, 1, 12, tzinfo=STOCKHOLM), "Skadegörelse", "skadegorelse")
    event(2, datetime(2021, 4, 1, 12, tzinfo=STOCKHOLM), "Misshandel", "misshandel")
    event(3, datetime(2020, 4, 1, 12, tzinfo=STOCKHOLM), "Misshandel", "misshandel")
    event(
        4, datetime(2021, 4, 2, 6, tzinfo=STOCKHOLM), "Sammanfattning natt", "ovrigt", summary=True
    )
    report = report_for(helsingborg)
    events = report.police_events
    assert (events.total, events.previous_total, events.excluded_summaries) == (2, 1, 1)
    assert {(r.category, r.count, r.previous) for r in events.rows} == {
        ("skadegorelse", 1, 0),
        ("vald", 1, 1),
    }
    assert "Polismyndigheten" in events.source and any(
        "Polismyndigheten" in s for s in report.sources
    )


def test_without_police_events_the_section_is_left_out(helsingborg) -> None:
    report = report_for(helsingborg)
    assert report.police_events is None and report.sources == (BRA_SOURCE,)


def test_the_report_is_plain_json_data(helsingborg) -> None:
    data = json.loads(json.dumps(report_for(helsingborg).as_dict()))
    vandalism = next(c for c in data["categories"] if c["code"] == "skadegorelse")
    assert vandalism["previous"]["percent"] == 15
    assert vandalism["previous"]["change"]["relative"] == pytest.approx(-0.15)
    assert vandalism["statements"][0]["claims"][0] == {
        "kind": "count",
        "value": 1000,
        "periods": [2020],
        "category": "skadegörelse",
    }
    goal = next(g for g in data["goals"] if g["title"].startswith("Helsingborg"))
    assert goal["indicators"][0]["status"]["series"][-1] == {"year": 2021, "value": 850.0}
