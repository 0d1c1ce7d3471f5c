"""Every generated sentence in the viewer's language, through the one catalogue.

Each family of generated text (alerts, agenda lines, goal statuses, the yearly report's numbers,
meeting names, dates) rendered with Swedish and with English active: exact sentences, and numbers
written the language's way (``core.i18n.format_number``, the one place).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from lagesbild.analysis.effort import effort_sentence
from lagesbild.analysis.params import ParamError, parse_window
from lagesbild.annual.templatetags.annual_report import rate, trend_per_year
from lagesbild.core.charts import render_svg
from lagesbild.core.i18n import format_number, language
from lagesbild.core.narrative import format_count, format_figure
from lagesbild.core.stats.surveillance import (
    REASON_ALARM,
    REASON_BELOW_THRESHOLD,
    REASON_FEW_RECENT_CASES,
    REASON_INSUFFICIENT_HISTORY,
    AlertResult,
    explain_sv,
)
from lagesbild.core.stats.trend import poisson_trend
from lagesbild.goals.status import STATUS_LABELS, TOO_EARLY
from lagesbild.meetings import agenda
from lagesbild.meetings.models import Meeting


def alert(observed: float, expected: float, upper: float, reason: str) -> AlertResult:
    return AlertResult(
        observed, expected, upper, 1.9, True, "farrington_flexible", 35, False, 1.0, reason, 311
    )


# --- numbers: one place ----------------------------------------------------------------------


def test_a_number_is_written_the_languages_way() -> None:
    assert format_number(1234.5, 1, "sv") == "1\u00a0234,5"
    assert format_number(1234.5, 1, "en") == "1,234.5"
    assert format_number(-0.04, 1, "sv") == "0,0"  # never "−0,0"
    assert format_number(-12.25, 1, "en") == "\u221212.2"
    with translation.override("en"):
        assert language() == "en"
        assert format_number(1234.5, 1) == "1,234.5"
        assert format_count(12345) == "12,345"
        assert format_figure(2.5) == "2.5"
    with translation.override("sv"):
        assert format_number(1234.5, 1) == "1\u00a0234,5"
        assert format_count(12345) == "12 345"
        assert format_figure(2.5) == "2,5"


# --- alerts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("sv", "Skadegörelse i Norrby: 14 rapporter vecka 37, väntat omkring 6 (larmgräns 11)."),
        ("en", "Vandalism in Norrby: 14 reports in week 37, about 6 expected (alarm level 11)."),
    ],
)
def test_an_alarm_is_told_in_the_viewers_language(lang: str, expected: str) -> None:
    label = {"sv": "skadegörelse", "en": "vandalism"}[lang]
    with translation.override(lang):
        assert explain_sv(alert(14, 6.2, 10.4, REASON_ALARM), "Norrby", label, week=37) == expected


def test_every_kind_of_alert_sentence_has_its_english() -> None:
    with translation.override("en"):
        quiet = explain_sv(alert(1, 0.42, 2.1, REASON_BELOW_THRESHOLD), "Norrby", "fire", week=3)
        few = explain_sv(alert(3, 0.5, 2.0, REASON_FEW_RECENT_CASES), "Hamnen", "fire")
        short = explain_sv(
            alert(2, float("nan"), float("nan"), REASON_INSUFFICIENT_HISTORY), "Hamnen", "fire"
        )
    assert quiet == (
        "Fire in Norrby: 1 report in week 3, within what was expected (about 0.4, alarm level 3)."
    )
    assert few == (
        "Fire in Hamnen: 3 reports this week, about 0.5 expected; reaches the alarm level but too "
        "few reports in recent weeks to raise an alarm."
    )
    assert short == (
        "Fire in Hamnen: 2 reports this week; too short a history to judge whether this is unusual."
    )
    with translation.override("sv"):
        quiet = explain_sv(alert(1, 0.42, 2.1, REASON_BELOW_THRESHOLD), "Norrby", "brand", week=3)
    assert (
        quiet == "Brand i Norrby: 1 rapport vecka 3, inom det väntade (omkring 0,4, larmgräns 3)."
    )


# --- agenda lines ----------------------------------------------------------------------------

HOTSPOT = {"name": "Torget", "district_name": "Norr", "count": 12, "week_count": 3, "z": 4.25}
PLACE = {
    "label": None,
    "district_name": "Norr",
    "count": 5,
    "first": "2024-09-02",
    "last": "2024-09-08",
}


def test_agenda_lines_in_swedish() -> None:
    with translation.override("sv"):
        assert agenda.hotspot_item(HOTSPOT)["text"] == (
            "Torget (Norr): 12 rapporter under perioden, varav 3 denna vecka (Gi* z = 4,2)"
        )
        assert (
            agenda.repeat_place_item(PLACE)["text"]
            == "En plats i Norr: 5 rapporter 2024-09-02 – 2024-09-08"
        )
        assert (
            agenda.pai_sentence(12, 24, 0.5, 0.2, 2.5)
            == "12 av 24 rapporter (50\u00a0%) på 20\u00a0% av ytan: PAI 2,5."
        )
        assert (
            agenda.pai_sentence(3, 6, 0.5, 0.2, 2.5)
            == "3 av 6 rapporter på 20\u00a0% av ytan; med färre än 20 rapporter i veckan anges "
            "inget PAI."
        )
        police = agenda.police_summary(
            {"total": 4, "by_type": [("Rån", 3), ("Brand", 1)], "source": "polisen.se"}
        )
        assert police[0]["text"] == "4 händelser publicerade av polisen.se: Rån 3, Brand 1."
        running = agenda.police_summary(
            {"total": 1, "by_type": [("Brand", 1)], "source": "polisen.se"}, in_progress=True
        )
        assert (
            running[0]["text"]
            == "1 händelse publicerad av polisen.se hittills denna vecka: Brand 1."
        )


def test_agenda_lines_in_english() -> None:
    with translation.override("en"):
        assert agenda.hotspot_item(HOTSPOT)["text"] == (
            "Torget (Norr): 12 reports in the period, 3 of them this week (Gi* z = 4.2)"
        )
        assert (
            agenda.repeat_place_item(PLACE)["text"]
            == "A place in Norr: 5 reports 2024-09-02 – 2024-09-08"
        )
        assert (
            agenda.pai_sentence(12, 24, 0.5, 0.2, 2.5)
            == "12 of 24 reports (50\u00a0%) on 20\u00a0% of the area: PAI 2.5."
        )
        assert (
            agenda.pai_sentence(3, 6, 0.5, 0.2, 2.5)
            == "3 of 6 reports on 20\u00a0% of the area; with fewer than 20 reports in the week "
            "no PAI is given."
        )
        assert agenda.pai_sentence(0, 0, None, None, None) == "No PAI: no placed reports this week."


def test_a_stored_agenda_is_read_in_the_readers_language() -> None:
    """Made in Swedish, stored, then read in English: the lines are written again from their
    figures."""
    with translation.override("sv"):
        sections = agenda.build_agenda(
            datetime(2024, 9, 10).date(),
            [],
            [],
            {
                "alerts": [
                    {
                        "alarm": True,
                        "category": "skadegorelse",
                        "category_label": "Skadegörelse",
                        "district_name": "Norr",
                        "observed": 8,
                        "expected": 2.2,
                        "upper": 5.1,
                        "reason": REASON_ALARM,
                        "method": "farrington_flexible",
                        "sentence": "Skadegörelse i Norr: 8 rapporter vecka 37, väntat omkring 2.",
                    }
                ],
                "hotspots": [HOTSPOT],
                "repeat_places": [PLACE],
                "police_events": {"total": 2, "by_type": [("Rån", 2)], "source": "polisen.se"},
            },
        )
    labels = agenda.Labels(
        statuses={}, categories={"skadegorelse": "Vandalism"}, municipality="Exempelstad", week=37
    )
    with translation.override("en"):
        read = {s["key"]: agenda.localised(s, labels) for s in sections}
    assert read["alerts"]["items"][0]["text"] == (
        "Vandalism in Norr: 8 reports in week 37, about 2 expected (alarm level 6)."
    )
    assert read["hotspots"]["items"][0]["text"].startswith(
        "Torget (Norr): 12 reports in the period"
    )
    assert read["repeat_places"]["items"][0]["text"].startswith("A place in Norr: 5 reports")
    assert read["police"]["items"][0]["text"] == "2 events published by polisen.se: Rån 2."


# --- statuses and names ----------------------------------------------------------------------


def test_goal_status_and_meeting_name_follow_the_language() -> None:
    meeting = Meeting(iso_week="2024-W37")
    with translation.override("sv"):
        assert str(STATUS_LABELS[TOO_EARLY]) == "För tidigt att säga"
        assert str(meeting) == "Lägesbildsmöte 2024-W37"
    with translation.override("en"):
        assert str(STATUS_LABELS[TOO_EARLY]) == "Too early to say"
        assert str(meeting) == "Situation meeting 2024-W37"


# --- the yearly report's numbers -------------------------------------------------------------


def test_the_yearly_reports_rates_and_trends_follow_the_language() -> None:
    trend = poisson_trend({2015 + k: round(10_000 * 0.97**k) for k in range(10)})  # −3 % a year
    with translation.override("sv"):
        assert rate(1234.56) == "1 234,6"
        assert trend_per_year(trend) == "\u22123,0\u00a0% per år"
    with translation.override("en"):
        assert rate(1234.56) == "1,234.6"
        assert trend_per_year(trend) == "\u22123.0\u00a0% per year"


# --- the reporting-effort warning -----------------------------------------------------------


def test_the_reporting_effort_warning_follows_the_language() -> None:
    with translation.override("sv"):
        assert effort_sentence(12, 6, 4, 2, by_people=(9, 5)) == (
            "Rapporterna minskade från 12 till 6 samtidigt som antalet aktiva rapportörer "
            "minskade från 4 till 2: förändringen kan bero på hur många som rapporterade, inte "
            "bara på läget. Rapporter per aktiv rapportör: 2,2 förra veckan, 2,5 denna vecka."
        )
    with translation.override("en"):
        assert effort_sentence(12, 6, 4, 2, by_people=(9, 5)) == (
            "Reports fell from 12 to 6 while the number of active reporters fell from 4 to 2: "
            "the change may come from how many people reported, not only from the situation. "
            "Reports per active reporter: 2.2 last week, 2.5 this week."
        )
        rising = effort_sentence(10, 20, 2, 4)
        assert rising is not None and rising.startswith("Reports rose from 10 to 20 while ")


def test_the_analysis_pages_parameter_errors_follow_the_language() -> None:
    for lang, expected in [
        (
            "sv",
            {
                "till": "Ange en ISO-vecka som 2024-W37.",
                "veckor": "Ange ett antal veckor mellan 1 och 260.",
            },
        ),
        (
            "en",
            {
                "till": "Enter an ISO week such as 2024-W37.",
                "veckor": "Enter a number of weeks between 1 and 260.",
            },
        ),
    ]:
        with translation.override(lang), pytest.raises(ParamError) as raised:
            parse_window({"till": "vecka 37", "veckor": "999"}, 8)
        assert raised.value.errors == expected


# --- dates -----------------------------------------------------------------------------------


def test_short_dates_use_the_languages_month_and_weekday_names() -> None:
    moment = datetime(2026, 12, 2, 14, 5, tzinfo=ZoneInfo("Europe/Stockholm"))
    template = Template(
        '{% load i18n %}{{ moment|date:_("D j b H:i") }} · {{ moment|date:_("b Y") }}'
    )
    with translation.override("sv"):
        assert template.render(Context({"moment": moment})) == "ons 2 dec 14:05 · dec 2026"
    with translation.override("en"):
        assert template.render(Context({"moment": moment})) == "Wed 2 Dec 14:05 · Dec 2026"


def test_charts_write_numbers_the_languages_way() -> None:
    spec = {
        "data": {"values": [{"a": 1234.5}]},
        "mark": "text",
        "encoding": {"text": {"field": "a", "format": ",.1f"}},
    }
    with translation.override("sv"):
        assert ">1\u00a0234,5</text>" in render_svg(spec)
    with translation.override("en"):
        assert ">1,234.5</text>" in render_svg(spec)


def test_form_texts_with_figures_follow_the_language_of_the_request() -> None:
    # Before: "%" on a lazy string translated it once, at import, so English pages showed
    # "30 dagar" and "50–3000 meter; lämna tomt för ingen ring.".
    from lagesbild.api.forms import PersonalTokenForm
    from lagesbild.measures.evaluation_forms import EvaluationForm

    for lang, days, ring in (("sv", "90 dagar", "lämna tomt"), ("en", "90 days", "leave empty")):
        with translation.override(lang):
            assert f">{days}</option>" in str(PersonalTokenForm()["days"])
            assert ring in str(EvaluationForm.base_fields["buffer_metres"].help_text)


@pytest.mark.parametrize(
    ("lang", "week", "tertial"),
    [
        ("sv", "'x' är ingen ISO-vecka", "'y' är inget tertial"),
        ("en", "'x' is not an ISO week", "'y' is not a tertial"),
    ],
)
def test_week_and_tertial_errors_follow_the_language(lang: str, week: str, tertial: str) -> None:
    from lagesbild.core.periods import TertialError, parse_tertial
    from lagesbild.core.weeks import WeekError, parse_iso_week

    with translation.override(lang):
        with pytest.raises(WeekError, match=week):
            parse_iso_week("x")
        with pytest.raises(TertialError, match=tertial):
            parse_tertial("y")


@pytest.mark.django_db
def test_a_query_error_follows_the_language() -> None:
    from datetime import date

    from lagesbild.official.queries import QueryError, police_event_counts

    with translation.override("en"), pytest.raises(QueryError, match="is not a grouping"):
        police_event_counts("0999", date(2024, 1, 1), date(2024, 2, 1), "weekday")
    with translation.override("sv"), pytest.raises(QueryError, match="är ingen gruppering"):
        police_event_counts("0999", date(2024, 1, 1), date(2024, 2, 1), "weekday")


def test_a_running_weeks_police_line_says_so_when_read_again_in_english() -> None:
    section = {
        "key": "police",
        "in_progress": True,
        "items": [{"total": 1, "by_type": [["Brand", 1]], "source": "polisen.se"}],
    }
    labels = agenda.Labels(statuses={}, categories={}, municipality="Exempelstad", week=49)
    with translation.override("en"):
        read = agenda.localised(section, labels)
    assert read["items"][0]["text"] == "1 event published by polisen.se so far this week: Brand 1."
