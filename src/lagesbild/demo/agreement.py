"""The demo's collaboration agreement: goals and indicators, meetings, measures, an evaluation.

Modelled on Helsingborg's agreement (three goals and a focus on welfare and benefit fraud).
Everything goes through the apps' services, like a coordinator's clicks would, and is created
only when missing, so a second run creates nothing. Survey results and the police's figures are
invented and say so: "syntetiska demovärden" in their names and on every value. Report-count
targets are set from the demo's own reports at the first run, so statuses vary in any year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from lagesbild.areas.models import Area, Municipality
from lagesbild.categories.models import Category
from lagesbild.core.weeks import IsoWeek
from lagesbild.goals.models import Goal, Indicator
from lagesbild.goals.services import GoalData, IndicatorData, enter_value, save_goal, save_indicator
from lagesbild.goals.status import indicator_series
from lagesbild.measures.evaluation import (
    EvaluationInput,
    Period,
    evaluate_measure,
    set_up_evaluation,
)
from lagesbild.measures.models import Measure, MeasureChange
from lagesbild.measures.services import MeasureData, create_measure, update_measure
from lagesbild.meetings.models import Meeting
from lagesbild.meetings.services import create_meeting, decide_measure
from lagesbild.organisations.models import Organisation

SYNTHETIC = "syntetiska demovärden"
SYNTHETIC_NOTE = "Syntetiskt demovärde, inte verklig statistik."
DECREASE, INCREASE = Indicator.Direction.DECREASE, Indicator.Direction.INCREASE

GOALS = [
    (
        "Exempelstad är och uppfattas som en trygg och attraktiv stad för boende, näringsliv "
        "och besökare",
        "Överenskommelsens första mål. Följs upp med partnernas rapporter, Brås anmälda brott "
        "och medborgarenkäten.",
    ),
    (
        "Den etablerade organiserade brottsligheten minskar och nyetablering förhindras",
        "Polisens kartläggning av lokala nätverk följs upp årligen.",
    ),
    (
        "All narkotikahantering bekämpas aktivt",
        "Polisens arbete mot narkotika: frihetsberövade, beslag och unga i narkotikahandeln.",
    ),
    (
        "Särskilt fokus: välfärds- och bidragsbrott",
        "Brott där företag eller individer missbrukar de offentliga ersättningssystemen för att "
        "få pengar de inte har rätt till. Fokus från och med förra året.",
    ),
]


@dataclass(frozen=True)
class Entered:
    """An indicator whose values are entered: (years before this one, value) pairs."""

    goal: int
    name: str
    kind: str
    direction: str
    unit: str
    values: tuple[tuple[int, float], ...]
    target: tuple[int, float] | None  # (years after this one, value)
    by: str  # the demo user who enters the values


ENTERED = [
    Entered(
        0,
        f"Andel som känner sig trygga i sitt bostadsområde, medborgarenkäten ({SYNTHETIC})",
        Indicator.Kind.SURVEY,
        INCREASE,
        "%",
        ((5, 64), (4, 66), (3, 65), (2, 68), (1, 70)),
        (1, 72),
        "samordnare",
    ),
    Entered(
        1,
        f"Personer i lokala kriminella nätverk enligt polisens kartläggning ({SYNTHETIC})",
        Indicator.Kind.ENTERED,
        DECREASE,
        "personer",
        ((4, 46), (3, 44), (2, 41), (1, 38)),
        (1, 35),
        "analytiker",
    ),
    Entered(
        2,
        f"Frihetsberövade för narkotikabrott ({SYNTHETIC})",
        Indicator.Kind.ENTERED,
        INCREASE,
        "personer",
        ((4, 118), (3, 127), (2, 141), (1, 156)),
        (1, 170),
        "analytiker",
    ),
    Entered(
        2,
        f"Narkotikabeslag ({SYNTHETIC})",
        Indicator.Kind.ENTERED,
        INCREASE,
        "beslag",
        ((4, 210), (3, 226), (2, 238), (1, 240)),
        (1, 290),
        "analytiker",
    ),
    Entered(
        2,
        f"Unga under 18 år i eller nära narkotikahandeln ({SYNTHETIC})",
        Indicator.Kind.ENTERED,
        DECREASE,
        "personer",
        ((4, 14), (3, 16), (2, 19), (1, 23)),
        None,
        "analytiker",
    ),
    Entered(
        3,
        f"Utredda misstänkta felaktiga utbetalningar ({SYNTHETIC})",
        Indicator.Kind.ENTERED,
        INCREASE,
        "ärenden",
        ((1, 12),),
        None,
        "samordnare",
    ),
]


def _users() -> dict[str, Any]:
    names = ("samordnare", "analytiker")
    return {u.username: u for u in get_user_model().objects.filter(username__in=names)}


def _goals(municipality: Municipality) -> list[Goal]:
    goals = []
    for order, (title, description) in enumerate(GOALS, start=1):
        goal = Goal.objects.filter(municipality=municipality, title=title).first()
        goals.append(goal or save_goal(municipality, GoalData(title, description, order)))
    return goals


def _has(goal: Goal, name: str) -> bool:
    return goal.indicators.filter(name=name).exists()


def _report_indicator(goal: Goal, name: str, category: str, area: Area | None, year: int) -> None:
    """A report count whose target is 15 % below its value two years ago."""
    if _has(goal, name):
        return
    data = IndicatorData(
        name=name,
        kind=Indicator.Kind.REPORT_COUNT,
        direction=DECREASE,
        category=Category.objects.get(code=category),
        area=area,
        unit="rapporter",
        baseline_year=year - 2,
        target_year=year + 2,
    )
    indicator = save_indicator(goal, data)
    baseline = indicator_series(indicator, range(year - 2, year - 1)).get(year - 2)
    if baseline:
        indicator.target_value = round(baseline * 0.85)
        indicator.save(update_fields=["target_value"])


def _entered_indicator(goal: Goal, spec: Entered, year: int, users: dict[str, Any]) -> None:
    if _has(goal, spec.name):
        return
    first = year - spec.values[0][0]
    data = IndicatorData(
        name=spec.name,
        kind=spec.kind,
        direction=spec.direction,
        unit=spec.unit,
        baseline_year=first,
        target_year=year + spec.target[0] if spec.target else None,
        target_value=spec.target[1] if spec.target else None,
    )
    indicator = save_indicator(goal, data)
    for back, value in spec.values:
        enter_value(indicator, year - back, value, users.get(spec.by), note=SYNTHETIC_NOTE)


def create_goals(municipality: Municipality, today: date) -> int:
    """Create the agreement's goals and indicators that are missing; return the goal count."""
    year, users = today.year, _users()
    goals = _goals(municipality)
    norrby = Area.objects.get(municipality=municipality, code="norrby")
    _report_indicator(
        goals[0], "Skadegörelse enligt partnernas rapporter", "skadegorelse", None, year
    )
    _report_indicator(goals[0], "Rapporter om otrygg miljö i Norrby", "otrygg_miljo", norrby, year)
    if not _has(goals[0], "Anmäld skadegörelse enligt Brå"):
        data = IndicatorData(
            name="Anmäld skadegörelse enligt Brå",
            kind=Indicator.Kind.OFFICIAL,
            direction=DECREASE,
            official_series="kategori:skadegorelse",
            unit="anmälda brott",
            baseline_year=2020,
        )
        save_indicator(goals[0], data)
    for spec in ENTERED:
        _entered_indicator(goals[spec.goal], spec, year, users)
    return len(goals)


# --------------------------------------------------------------------------- measures


@dataclass(frozen=True)
class DemoMeasure:
    title: str
    owner: str
    district: str
    categories: tuple[str, ...]
    weeks_ago: int  # decided at the meeting this many weeks back
    status: str
    due_in_days: int  # from the meeting
    problem: str
    evaluation: dict[str, Any] | None = None


MEASURES = [
    DemoMeasure(
        "Belysning och röjning av sly vid gångtunneln vid Kvartsvägen",
        "stadsbyggnad",
        "norrby",
        ("ordning", "otrygg_miljo", "skadegorelse"),
        30,
        "done",
        35,
        "Mörk och igenvuxen gångtunnel; samlingar, skadegörelse och otrygghet kvällstid.",
        {"buffer_metres": 300},
    ),
    DemoMeasure(
        "Ökad tillsyn mot bränder i Björkhaga",
        "raddningstjansten",
        "bjorkhaga",
        ("brand",),
        30,
        "ongoing",
        60,
        "Enstaka anlagda bränder vid förskolan.",
        {"control": "sjovik"},  # too few fires for a verdict: the page says so
    ),
    DemoMeasure(
        "Extra polispatrullering vid Resecentrum helgkvällar",
        "polisen",
        "stationsomradet",
        ("narkotika", "ordning", "vald"),
        10,
        "ongoing",
        90,
        "Narkotikaförsäljning och otrygga samlingar vid Resecentrum fredag–lördag kväll.",
    ),
    DemoMeasure(
        "Trygghetsvandring i Solbacken med boende och bostadsbolaget",
        "bostadsbolaget",
        "solbacken",
        ("ordning",),
        3,
        "decided",
        10,
        "Boende upplever otrygghet vid Solbacketorget kvällstid.",
    ),
    DemoMeasure(
        "Klottersanering inom 24 timmar vid Vallskolan",
        "skola_fritid",
        "vallen",
        ("skadegorelse",),
        3,
        "decided",
        40,
        "Återkommande klotter på skolans fasad.",
    ),
]
PROPOSED = (
    "Kartläggning av välfärdsbrott tillsammans med Försäkringskassan",
    "kommunledning",
    "Misstänkta felaktiga utbetalningar: ta fram en gemensam rutin för anmälan.",
)


def _meeting(municipality: Municipality, today: date, weeks_ago: int, actor: Any) -> Meeting:
    week = IsoWeek.containing(today - timedelta(weeks=weeks_ago))
    meeting = Meeting.objects.filter(municipality=municipality, iso_week=str(week)).first()
    if meeting is not None:
        return meeting
    on = week.monday + timedelta(days=1)  # the partners meet on Tuesdays
    return create_meeting(municipality, week, on, actor)  # untitled: named in the reader's language


def _decide(
    municipality: Municipality,
    spec: DemoMeasure,
    organisations: dict[str, Organisation],
    today: date,
    actor: Any,
) -> Measure:
    meeting = _meeting(municipality, today, spec.weeks_ago, actor)
    area = Area.objects.get(municipality=municipality, code=spec.district)
    data = MeasureData(
        title=spec.title,
        owner=organisations[spec.owner],
        problem=spec.problem,
        start_date=meeting.date + timedelta(days=7),
        due_date=meeting.date + timedelta(days=spec.due_in_days),
        areas=(area,),
        categories=tuple(Category.objects.filter(code__in=spec.categories)),
    )
    measure = decide_measure(meeting, data, actor)
    _dated_last_change(measure, meeting.date)
    _follow_up(measure, spec.status, actor)
    return measure


def _dated_last_change(measure: Measure, day: date) -> None:
    """Date the measure's newest history entry on ``day`` (noon), when it happened in the demo's
    story: written now, a decision of May and its work begun in June read as today's changes,
    so a later meeting's agenda read the measure back as merely decided (a measure done in June
    was "Beslutad … försenad" in November) and every agenda called it closed this week."""
    noon = timezone.make_aware(datetime.combine(day, time(12)))
    change = MeasureChange.objects.filter(measure=measure).order_by("-at", "-pk").first()
    if change is not None:
        MeasureChange.objects.filter(pk=change.pk).update(at=noon)


def _follow_up(measure: Measure, status: str, actor: Any) -> None:
    start = measure.start_date
    if start is None:  # every demo decision has one (``_decide``)
        return
    if status in ("ongoing", "done"):
        update_measure(measure, {"status": "ongoing"}, actor, "Arbetet har påbörjats.")
        _dated_last_change(measure, start)
    if status == "done":
        done = start + timedelta(days=21)
        update_measure(
            measure, {"status": "done", "done_date": done}, actor, "Utfört enligt beslutet."
        )
        _dated_last_change(measure, done)


def _evaluate(measure: Measure, setup: dict[str, Any], today: date, actor: Any) -> None:
    # As long before the start as the measure has run: counts of equal periods compare directly
    # (the form's default, the year before, suits measures that have run a year).
    start = measure.start_date
    if start is None:  # every demo decision has one (``_decide``)
        raise ValueError(f"demo measure {measure.pk} has no start date to evaluate from")
    after = Period(start, today)
    before = Period(start - timedelta(days=after.days), start - timedelta(days=1))
    control = setup.get("control")
    data = EvaluationInput(
        target_area=measure.areas.get(),
        before=before,
        after=after,
        control_area=Area.objects.get(municipality=measure.municipality, code=control)
        if control
        else None,
        buffer_metres=setup.get("buffer_metres"),
        categories=tuple(measure.categories.all()),
    )
    try:
        set_up_evaluation(measure, data, actor)
    except ValidationError:
        return  # e.g. no comparison area to suggest in a very quiet demo: no evaluation then
    evaluate_measure(measure, actor)


def create_measures(
    municipality: Municipality, organisations: dict[str, Organisation], today: date
) -> int:
    """Create the demo's meetings, decided measures and evaluations that are missing."""
    actor = _users().get("samordnare")
    existing = set(
        Measure.objects.filter(municipality=municipality).values_list("title", flat=True)
    )
    created = 0
    for spec in MEASURES:
        if spec.title in existing:
            continue
        measure = _decide(municipality, spec, organisations, today, actor)
        if spec.evaluation is not None:
            _evaluate(measure, spec.evaluation, today, actor)
        created += 1
    title, owner, problem = PROPOSED
    if title not in existing:
        data = MeasureData(title=title, owner=organisations[owner], problem=problem)
        create_measure(municipality, data, actor)
        created += 1
    return created
