from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lagesbild.audit.models import AuditEntry
from lagesbild.core.tests.known import known
from lagesbild.statutory.models import StatutoryDocument
from lagesbild.statutory.services import (
    DocumentFrozen,
    StatutoryError,
    completeness_check,
    decide,
    delete_plan_item,
    delete_problem,
    document_content,
    new_version,
    save_plan_item,
    save_problem,
    update_section,
)
from lagesbild.statutory.tests.conftest import DECIDED_ON


@pytest.fixture
def decided(draft, town):
    return decide(draft, town.cast.cecilia, DECIDED_ON, "KF § 123")


def test_deciding_freezes_the_snapshot_and_is_audited(decided, town) -> None:
    decided.refresh_from_db()
    assert decided.status == StatutoryDocument.Status.DECIDED
    assert (decided.decided_at, decided.decision_reference, decided.decided_by) == (
        DECIDED_ON,
        "KF § 123",
        town.cast.cecilia,
    )
    snapshot = decided.snapshot
    assert snapshot["decision_reference"] == "KF § 123" and snapshot["status"] == "decided"
    assert snapshot["sections"] == decided.sections
    assert [p["title"] for p in snapshot["problems"]][0] == "Skadegörelse i Norr"
    assert {r["title"] for r in snapshot["plan"]} == {
        "Klottersanering inom 24 timmar",
        "Ny belysning i gångtunneln",
    }
    entry = AuditEntry.objects.get(action="lagesbild.statutory.decided")
    assert entry.object_id == str(decided.pk) and entry.detail["reference"] == "KF § 123"


def test_the_decision_reference_is_scrubbed_like_free_text(draft, town) -> None:
    # It is typed by hand and kept in the frozen snapshot and the append-only audit log.
    typed = "KF § 123, ordf. Anna Svensson 070-123 45 67"
    decided = decide(draft, town.cast.cecilia, DECIDED_ON, typed)
    decided.refresh_from_db()
    kept = "KF § 123, ordf. [namn] [telefonnummer]"
    assert decided.decision_reference == kept
    assert decided.snapshot["decision_reference"] == kept
    entry = AuditEntry.objects.get(action="lagesbild.statutory.decided")
    assert entry.detail["reference"] == kept


def test_a_decided_version_cannot_be_edited_in_any_way(decided, town) -> None:
    actor = town.cast.cecilia
    problem, item = decided.problems.first(), decided.plan_items.first()
    before = (
        dict(decided.sections),
        decided.problems.count(),
        decided.plan_items.count(),
        problem.title,
    )
    attempts = [
        lambda: update_section(decided, "orsaker", "Ny text", actor),
        lambda: save_problem(decided, {"title": "Ändrad"}, actor, problem),
        lambda: save_problem(decided, {"title": "Nytt", "rank": 9}, actor),
        lambda: delete_problem(problem, actor),
        lambda: save_plan_item(decided, {"title": "Ändrad"}, actor, item),
        lambda: delete_plan_item(item, actor),
        lambda: decide(decided, actor, DECIDED_ON, "KF § 124"),
    ]
    for attempt in attempts:
        with pytest.raises(DocumentFrozen, match="är beslutad"):
            attempt()
    decided.refresh_from_db()
    problem.refresh_from_db()
    after = (
        dict(decided.sections),
        decided.problems.count(),
        decided.plan_items.count(),
        problem.title,
    )
    assert after == before and decided.decision_reference == "KF § 123"


def test_a_decided_version_shows_its_snapshot_even_when_the_measures_change_later(
    decided, town
) -> None:
    town.vandalism_measure.title = "Omdöpt efter beslutet"
    town.vandalism_measure.save()
    # Even a row changed behind the services' back does not change what the decided version shows.
    decided.plan_items.update(title="Ändrad i databasen")
    content = document_content(decided)
    assert "Klottersanering inom 24 timmar" in {r["title"] for r in content["plan"]}
    assert [i.kind for i in completeness_check(decided)] == [
        i["kind"] for i in decided.snapshot["issues"]
    ]


def test_a_new_version_is_an_editable_copy_and_the_decided_one_stays(decided, town) -> None:
    copy = new_version(decided, town.cast.cecilia)
    assert (copy.version, copy.status, copy.year) == (
        2,
        StatutoryDocument.Status.DRAFT,
        decided.year,
    )
    assert copy.sections == decided.sections and copy.figures == decided.figures
    assert [p.title for p in copy.problems.all()] == [p.title for p in decided.problems.all()]
    copied = copy.plan_items.get(measure=town.vandalism_measure)
    problem = known(copied.problem)
    assert problem.document_id == copy.pk and problem.title == "Skadegörelse i Norr"
    first = copy.problems.get(rank=1)
    assert [a.code for a in first.areas.all()] == ["norr"]
    assert [c.code for c in first.categories.all()] == ["skadegorelse"]

    update_section(copy, "orsaker", "Orsaken är belysningen.", town.cast.cecilia)
    save_problem(
        copy, {"title": "Skadegörelse i centrum"}, town.cast.cecilia, copy.problems.get(rank=1)
    )
    copy.refresh_from_db()
    decided.refresh_from_db()
    assert copy.sections["orsaker"] == "Orsaken är belysningen."
    assert decided.sections["orsaker"] != "Orsaken är belysningen."
    assert decided.problems.get(rank=1).title == "Skadegörelse i Norr"
    assert AuditEntry.objects.filter(
        action="lagesbild.statutory.version_created", object_id=str(copy.pk)
    ).exists()


def test_a_decision_needs_a_reference_and_a_date_not_in_the_future(draft, town) -> None:
    with pytest.raises(StatutoryError, match="beslutsparagrafen"):
        decide(draft, town.cast.cecilia, DECIDED_ON, "  ")
    with pytest.raises(StatutoryError, match="framtiden"):
        decide(draft, town.cast.cecilia, timezone.localdate() + timedelta(days=1), "KF § 1")
    draft.refresh_from_db()
    assert draft.status == StatutoryDocument.Status.DRAFT


def test_section_text_is_scrubbed_of_personal_data_and_audited(draft, town) -> None:
    update_section(
        draft, "orsaker", "Ring 070-123 45 67 eller mejla kalle@example.se.", town.cast.cecilia
    )
    draft.refresh_from_db()
    assert (
        "070" not in draft.sections["orsaker"]
        and "kalle@example.se" not in draft.sections["orsaker"]
    )
    assert AuditEntry.objects.filter(action="lagesbild.statutory.section_updated").exists()


def test_an_unknown_section_or_a_text_too_long_is_refused(draft, town) -> None:
    with pytest.raises(StatutoryError, match="Okänt avsnitt"):
        update_section(draft, "hemligt", "x", town.cast.cecilia)
    with pytest.raises(StatutoryError, match="högst"):
        update_section(draft, "orsaker", "x" * 20_001, town.cast.cecilia)


def test_a_plan_row_takes_who_and_when_from_its_measure_and_refuses_other_municipalities(
    draft, town
) -> None:
    item = save_plan_item(draft, {"measure": town.vandalism_measure}, town.cast.cecilia)
    assert (item.title, item.who, str(item.end_date)) == (
        "Klottersanering inom 24 timmar",
        town.cast.bostad,
        "2024-12-31",
    )
    with pytest.raises(ValidationError):
        save_plan_item(draft, {"title": "Fel kommun", "who": town.cast.annan}, town.cast.cecilia)
    with pytest.raises(ValidationError):
        save_plan_item(
            draft,
            {"title": "Baklänges", "start_date": date(2024, 5, 1), "end_date": date(2024, 4, 1)},
            town.cast.cecilia,
        )
