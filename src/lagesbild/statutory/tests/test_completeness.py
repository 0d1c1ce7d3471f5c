from __future__ import annotations

from datetime import date

from lagesbild.measures.models import Measure
from lagesbild.statutory.models import SECTIONS, PlanItem
from lagesbild.statutory.services import (
    completeness_check,
    delete_problem,
    save_plan_item,
    update_section,
)


def _kinds(document) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for issue in completeness_check(document):
        found.setdefault(issue.kind, []).append(issue.message)
    return found


def test_the_check_finds_problems_without_measures(draft) -> None:
    messages = _kinds(draft)["problem_without_measure"]
    assert messages == [
        "Problem 2 ”Stöld och inbrott i Söder” har ingen åtgärd i planen.",
        "Problem 3 ”Ordningsstörning i Söder” har ingen åtgärd i planen.",
    ]


def test_the_check_finds_measures_tied_to_no_problem(draft) -> None:
    assert _kinds(draft)["measure_without_problem"] == [
        "Åtgärden ”Ny belysning i gångtunneln” är inte kopplad till något prioriterat problem."
    ]


def test_the_check_finds_measures_without_owner_date_or_follow_up(draft) -> None:
    kinds = _kinds(draft)
    assert kinds["missing_owner"] == [
        "Åtgärden ”Ny belysning i gångtunneln” saknar ansvarig organisation (vem)."
    ]
    assert kinds["missing_date"] == [
        "Åtgärden ”Ny belysning i gångtunneln” saknar slutdatum (när)."
    ]
    assert kinds["missing_follow_up"] == [
        "Åtgärden ”Ny belysning i gångtunneln” saknar beskrivning av uppföljningen "
        "och bedömd status "
        "(grön, gul eller röd) (uppföljning)."
    ]


def test_the_check_finds_sections_still_to_complete(draft) -> None:
    sections = {i.section for i in completeness_check(draft) if i.kind == "section_to_complete"}
    assert sections == {"konsekvenser", "tertial", "orsaker"}


def test_the_check_finds_a_measure_of_the_year_missing_from_the_plan(town, draft) -> None:
    Measure.objects.create(
        municipality=town.cast.municipality,
        title="Trygghetsvandring",
        status=Measure.Status.ONGOING,
        start_date=date(2024, 10, 1),
    )
    assert _kinds(draft)["measure_not_in_plan"] == [
        "Åtgärden ”Trygghetsvandring” i åtgärdsregistret (pågående) finns inte i planen."
    ]


def _complete(document, town) -> None:
    actor = town.cast.cecilia
    problems = list(document.problems.order_by("rank"))
    for problem in problems[1:]:
        delete_problem(problem, actor)
    item = document.plan_items.get(measure=town.lighting_measure)
    save_plan_item(
        document,
        {
            "problem": problems[0],
            "who": town.cast.kommunen,
            "end_date": date(2024, 12, 1),
            "follow_up": "Belysningen mätt i december",
            "follow_up_status": "green",
        },
        actor,
        item,
    )
    document.plan_items.exclude(pk=item.pk).update(follow_up_status=PlanItem.FollowUp.YELLOW)
    for section in SECTIONS:
        update_section(document, section.key, f"Ifylld text för {section.heading} 2024.", actor)
    document.refresh_from_db()


def test_a_complete_plan_has_no_gaps(town, draft) -> None:
    _complete(draft, town)
    assert completeness_check(draft) == []


def test_deleting_a_problem_leaves_its_measures_tied_to_no_problem(town, draft) -> None:
    delete_problem(draft.problems.get(rank=1), town.cast.cecilia)
    assert (
        "Åtgärden ”Klottersanering inom 24 timmar” är inte kopplad till något prioriterat problem."
        in (_kinds(draft)["measure_without_problem"])
    )
