"""Every write of the statutory lägesbild and åtgärdsplan goes through here.

Each function is atomic, validates with ``full_clean``, scrubs free text and is audited. A decided
version is frozen: every write below refuses it (``DocumentFrozen``); ``new_version`` copies it
into a new draft instead. What a document shows (page, PDF, DOCX, JSON) is ``document_content``:
the live rows of a draft, or the snapshot taken at the decision.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone, translation

from lagesbild.areas.models import Area, Municipality
from lagesbild.areas.services import districts_by_area
from lagesbild.audit.services import log_action
from lagesbild.categories.models import Category
from lagesbild.core.privacy import scrub_text
from lagesbild.statutory.generation import (
    DOCUMENT_LANGUAGE,
    PLACEHOLDER,
    Composition,
    compose,
    plan_measures,
)
from lagesbild.statutory.models import (
    SECTION_KEYS,
    SECTIONS,
    PlanItem,
    PrioritisedProblem,
    StatutoryDocument,
)

LAW = "Lag (2023:196) om kommuners ansvar för brottsförebyggande arbete, 4–5 §§"
FIRST_YEAR = 2000
MAX_SECTION_CHARS = 20_000
PROBLEM_TEXT_FIELDS = ("title", "description", "cause", "consequences")
PLAN_TEXT_FIELDS = ("title", "operational_goal", "follow_up")


class StatutoryError(ValueError):
    """A write that cannot be done; the message says why, in words for the coordinator."""


class DocumentFrozen(StatutoryError):
    """The version is decided and may not change."""


@dataclass(frozen=True)
class Issue:
    """A gap in the plan found by the completeness check."""

    kind: str
    message: str
    problem: int | None = None  # the problem's id (stored) or rank (generated, unsaved)
    plan_item: int | None = None
    section: str | None = None


# --- helpers -------------------------------------------------------------------------------------


def frozen_message(document: StatutoryDocument) -> str:
    """Return why a decided version cannot change, and what to do instead."""
    return (
        f"Version {document.version} är beslutad ({document.decision_reference}) och kan inte "
        "ändras. Skapa en ny version för att göra ändringar."
    )


def _require_draft(document: StatutoryDocument) -> None:
    if document.is_decided:
        raise DocumentFrozen(frozen_message(document))


def _lock(document: StatutoryDocument) -> StatutoryDocument:
    """Re-read the caller's document under a row lock, so a decision cannot race an edit."""
    document.refresh_from_db(from_queryset=StatutoryDocument.objects.select_for_update())
    _require_draft(document)
    return document


def _scrubbed(values: dict[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    return {
        k: scrub_text(str(v).strip()) if k in fields and v is not None else v
        for k, v in values.items()
    }


def _validated(obj: Any) -> Any:
    obj.full_clean()
    return obj


def _next_version(municipality: Municipality, year: int) -> int:
    latest = StatutoryDocument.objects.filter(municipality=municipality, year=year).aggregate(
        v=Max("version")
    )
    return (latest["v"] or 0) + 1


def _check_year(year: int) -> None:
    last = timezone.localdate().year
    if not FIRST_YEAR <= year <= last:
        raise StatutoryError(f"Året måste ligga mellan {FIRST_YEAR} och {last}, inte {year}.")


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def _save_new(document: StatutoryDocument) -> StatutoryDocument:
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:
        raise StatutoryError("En annan version skapades samtidigt; försök igen.") from None
    return document


# --- generate and copy ---------------------------------------------------------------------------


def _store_problems(
    document: StatutoryDocument, problems: list[dict[str, Any]]
) -> dict[int, PrioritisedProblem]:
    by_rank: dict[int, PrioritisedProblem] = {}
    for p in problems:
        stored = PrioritisedProblem.objects.create(
            document=document,
            rank=p["rank"],
            title=p["title"][:200],
            description=p["description"],
            cause=p["cause"],
            consequences=p["consequences"],
        )
        stored.categories.set(Category.objects.filter(code__in=p["category_codes"]))
        stored.areas.set(
            Area.objects.filter(municipality=document.municipality, code__in=p["area_codes"])
        )
        by_rank.setdefault(p["rank"], stored)
    return by_rank


def _store_plan(
    document: StatutoryDocument, plan: list[dict[str, Any]], by_rank: dict[int, PrioritisedProblem]
) -> None:
    for row in plan:
        PlanItem.objects.create(
            document=document,
            problem=by_rank.get(row["problem_rank"]),
            measure_id=row["measure_id"],
            title=row["title"][:200],
            operational_goal=row["operational_goal"],
            who_id=row["who_id"],
            start_date=row["start_date"],
            end_date=row["end_date"],
            follow_up=row["follow_up"],
            follow_up_status=row["follow_up_status"],
        )


@transaction.atomic
def generate_draft(
    municipality: Municipality, year: int, actor: Any, request: HttpRequest | None = None
) -> StatutoryDocument:
    """Generate a new draft version from the figures, measures and reports of ``year``."""
    _check_year(year)
    composition = compose(municipality, year)
    document = _validated(
        StatutoryDocument(
            municipality=municipality,
            year=year,
            version=_next_version(municipality, year),
            sections=composition.sections,
            figures=_jsonable(composition.figures),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
    )
    _save_new(document)
    _store_plan(document, composition.plan, _store_problems(document, composition.problems))
    log_action(
        actor,
        "lagesbild.statutory.generated",
        document,
        {"year": year, "version": document.version},
        request,
    )
    return document


def _copy_problems(
    source: StatutoryDocument, target: StatutoryDocument
) -> dict[int, PrioritisedProblem]:
    copies = {}
    for problem in source.problems.prefetch_related("categories", "areas"):
        # A fresh instance: the prefetched relations of the old one would fool ``set()``.
        copy = PrioritisedProblem.objects.create(
            document=target,
            rank=problem.rank,
            title=problem.title,
            description=problem.description,
            cause=problem.cause,
            consequences=problem.consequences,
        )
        copy.categories.set(problem.categories.all())
        copy.areas.set(problem.areas.all())
        copies[problem.pk] = copy
    return copies


@transaction.atomic
def new_version(
    document: StatutoryDocument, actor: Any, request: HttpRequest | None = None
) -> StatutoryDocument:
    """Copy a version (typically a decided one) into a new draft; the original never changes."""
    copy = StatutoryDocument(
        municipality=document.municipality,
        year=document.year,
        version=_next_version(document.municipality, document.year),
        sections=dict(document.sections),
        figures=document.figures,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _save_new(_validated(copy))
    problems = _copy_problems(document, copy)
    for item in document.plan_items.all():
        item.pk, item.id, item.document = None, None, copy
        item.problem = problems.get(item.problem_id) if item.problem_id else None
        item.save()
    log_action(
        actor,
        "lagesbild.statutory.version_created",
        copy,
        {"year": copy.year, "version": copy.version, "from_version": document.version},
        request,
    )
    return copy


# --- edits ---------------------------------------------------------------------------------------


@transaction.atomic
def update_section(
    document: StatutoryDocument, key: str, text: str, actor: Any, request: HttpRequest | None = None
) -> StatutoryDocument:
    """Replace one section's text (scrubbed of personal data)."""
    if key not in SECTION_KEYS:
        raise StatutoryError(f"Okänt avsnitt {key!r}.")
    document = _lock(document)
    if len(text) > MAX_SECTION_CHARS:
        raise StatutoryError(
            f"Texten får vara högst {MAX_SECTION_CHARS} tecken (den har {len(text)})."
        )
    document.sections = {**document.sections, key: scrub_text(text.strip())}
    _validated(document).save(update_fields=["sections", "updated_at"])
    log_action(
        actor,
        "lagesbild.statutory.section_updated",
        document,
        {"section": key, "characters": len(document.sections[key])},
        request,
    )
    return document


@transaction.atomic
def save_problem(
    document: StatutoryDocument,
    values: dict[str, Any],
    actor: Any,
    problem: PrioritisedProblem | None = None,
    request: HttpRequest | None = None,
) -> PrioritisedProblem:
    """Create or change a prioritised problem (rank, title, categories, areas, cause…)."""
    document = _lock(document)
    if problem is not None and problem.document_id != document.pk:
        raise StatutoryError("Problemet hör till en annan version.")
    values = _scrubbed(dict(values), PROBLEM_TEXT_FIELDS)
    categories, areas = values.pop("categories", None), values.pop("areas", None)
    if areas is not None and any(a.municipality_id != document.municipality_id for a in areas):
        raise StatutoryError("Ett av områdena hör till en annan kommun.")
    problem = problem or PrioritisedProblem(document=document)
    for name, value in values.items():
        setattr(problem, name, value)
    _validated(problem).save()
    if categories is not None:
        problem.categories.set(categories)
    if areas is not None:
        problem.areas.set(areas)
    log_action(
        actor, "lagesbild.statutory.problem_saved", problem, {"document": document.pk}, request
    )
    return problem


@transaction.atomic
def delete_problem(
    problem: PrioritisedProblem, actor: Any, request: HttpRequest | None = None
) -> None:
    """Remove a problem; its plan rows stay, tied to no problem (the check will say so)."""
    document = _lock(problem.document)
    log_action(
        actor, "lagesbild.statutory.problem_deleted", document, {"problem": problem.title}, request
    )
    problem.delete()


def _defaults_from_measure(item: PlanItem) -> None:
    # Brå's "who" and "when" come from the register when the coordinator leaves them empty.
    measure = item.measure
    if measure is None:
        return
    item.title = item.title or measure.title
    item.operational_goal = item.operational_goal or measure.operational_goal
    item.who_id = item.who_id or measure.owner_id
    item.start_date = item.start_date or measure.start_date
    item.end_date = item.end_date or measure.done_date or measure.due_date
    item.follow_up = item.follow_up or measure.follow_up


@transaction.atomic
def save_plan_item(
    document: StatutoryDocument,
    values: dict[str, Any],
    actor: Any,
    item: PlanItem | None = None,
    request: HttpRequest | None = None,
) -> PlanItem:
    """Create or change a plan row; empty who/when/goal/follow-up come from its measure."""
    document = _lock(document)
    if item is not None and item.document_id != document.pk:
        raise StatutoryError("Raden hör till en annan version.")
    item = item or PlanItem(document=document)
    for name, value in _scrubbed(dict(values), PLAN_TEXT_FIELDS).items():
        setattr(item, name, value)
    _defaults_from_measure(item)
    if not item.title:
        raise ValidationError({"title": "Ange åtgärden eller välj en i åtgärdsregistret."})
    _validated(item).save()
    log_action(
        actor, "lagesbild.statutory.plan_item_saved", item, {"document": document.pk}, request
    )
    return item


@transaction.atomic
def delete_plan_item(item: PlanItem, actor: Any, request: HttpRequest | None = None) -> None:
    """Remove a row from the plan."""
    document = _lock(item.document)
    log_action(
        actor, "lagesbild.statutory.plan_item_deleted", document, {"plan_item": item.title}, request
    )
    item.delete()


@transaction.atomic
def decide(
    document: StatutoryDocument,
    actor: Any,
    decided_at: date,
    reference: str,
    request: HttpRequest | None = None,
) -> StatutoryDocument:
    """Record the decision: freeze everything the version shows into its snapshot."""
    document = _lock(document)
    # Typed like any free text, and kept in the frozen snapshot and the audit log.
    reference = scrub_text(reference.strip())
    if not reference:
        raise StatutoryError("Ange beslutsparagrafen, t.ex. ”KF § 123”.")
    if decided_at > timezone.localdate():
        raise StatutoryError("Beslutsdatumet kan inte ligga i framtiden.")
    document.status = StatutoryDocument.Status.DECIDED
    document.decided_at, document.decision_reference = decided_at, reference[:100]
    document.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    document.snapshot = _live_content(document)
    _validated(document).save()
    log_action(
        actor,
        "lagesbild.statutory.decided",
        document,
        {"year": document.year, "version": document.version, "reference": reference},
        request,
    )
    return document


# --- reading: content and completeness -----------------------------------------------------------


def _problem_data(problem: PrioritisedProblem) -> dict[str, Any]:
    categories = sorted(problem.categories.all(), key=lambda c: (c.sort_order, c.code))
    areas = sorted(problem.areas.all(), key=lambda a: a.name)
    return {
        "ref": problem.pk,
        "rank": problem.rank,
        "title": problem.title,
        "description": problem.description,
        "categories": [c.name_sv for c in categories],
        "category_codes": [c.code for c in categories],
        "areas": [a.name for a in areas],
        "area_codes": [a.code for a in areas],
        "cause": problem.cause,
        "consequences": problem.consequences,
    }


def _plan_data(item: PlanItem) -> dict[str, Any]:
    return {
        "ref": item.pk,
        "problem_ref": item.problem_id,
        "measure_id": item.measure_id,
        "title": item.title,
        "operational_goal": item.operational_goal,
        "who_id": item.who_id,
        "who": item.who.name if item.who else "",
        "start_date": item.start_date,
        "end_date": item.end_date,
        "follow_up": item.follow_up,
        "follow_up_status": item.follow_up_status,
    }


def _follow_up_label(status: str) -> str:
    return str(dict(PlanItem.FollowUp.choices).get(status, status))


def _plan_with_problems(
    plan: list[dict[str, Any]], problems: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Return the plan in Brå's order, each row carrying its problem's rank, title and cause."""
    by_ref = {p["ref"]: p for p in problems}
    rows = []
    for row in plan:
        problem = by_ref.get(row["problem_ref"])
        rows.append(
            {
                **row,
                "problem_rank": problem["rank"] if problem else None,
                "problem": problem["title"] if problem else "",
                "cause": problem["cause"] if problem else "",
                "follow_up_label": _follow_up_label(row["follow_up_status"]),
            }
        )
    return sorted(
        rows, key=lambda r: (r["problem_rank"] is None, r["problem_rank"] or 0, r["title"])
    )


def find_gaps(
    problems: list[dict[str, Any]], plan: list[dict[str, Any]], sections: dict[str, str]
) -> list[Issue]:
    """Return the gaps of a plan given as content data (stored or generated)."""
    issues: list[Issue] = []
    if not problems:
        issues.append(Issue("no_problems", "Planen har inga prioriterade problem."))
    linked = {row["problem_ref"] for row in plan}
    for p in problems:
        if p["ref"] not in linked:
            issues.append(
                Issue(
                    "problem_without_measure",
                    f"Problem {p['rank']} ”{p['title']}” har ingen åtgärd i planen.",
                    problem=p["ref"],
                )
            )
    for row in plan:
        issues += _row_gaps(row, {p["ref"] for p in problems})
    for section in SECTIONS:
        if PLACEHOLDER in sections.get(section.key, ""):
            issues.append(
                Issue(
                    "section_to_complete",
                    f"Avsnitt {section.number} {section.heading} innehåller "
                    f"text som ska kompletteras av samordnaren.",
                    section=section.key,
                )
            )
    return issues


def _row_gaps(row: dict[str, Any], problem_refs: set[Any]) -> list[Issue]:
    title, ref = row["title"], row["ref"]
    gaps = []
    if row["problem_ref"] not in problem_refs:
        gaps.append(
            Issue(
                "measure_without_problem",
                f"Åtgärden ”{title}” är inte kopplad till något prioriterat problem.",
                plan_item=ref,
            )
        )
    if not row["who_id"]:
        gaps.append(
            Issue(
                "missing_owner",
                f"Åtgärden ”{title}” saknar ansvarig organisation (vem).",
                plan_item=ref,
            )
        )
    missing_dates = [
        w for w, v in (("startdatum", row["start_date"]), ("slutdatum", row["end_date"])) if not v
    ]
    if missing_dates:
        gaps.append(
            Issue(
                "missing_date",
                f"Åtgärden ”{title}” saknar {' och '.join(missing_dates)} (när).",
                plan_item=ref,
            )
        )
    missing = []
    if not str(row["follow_up"]).strip():
        missing.append("beskrivning av uppföljningen")
    if row["follow_up_status"] == PlanItem.FollowUp.NONE:
        missing.append("bedömd status (grön, gul eller röd)")
    if missing:
        gaps.append(
            Issue(
                "missing_follow_up",
                f"Åtgärden ”{title}” saknar {' och '.join(missing)} (uppföljning).",
                plan_item=ref,
            )
        )
    return gaps


def _rows(document: StatutoryDocument) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    problems = [_problem_data(p) for p in document.problems.prefetch_related("categories", "areas")]
    plan = [_plan_data(i) for i in document.plan_items.select_related("who")]
    return problems, plan


def _unplanned_measures(document: StatutoryDocument) -> list[Issue]:
    """Return the register's measures of the year that no row of the plan carries."""
    planned = set(document.plan_items.exclude(measure=None).values_list("measure_id", flat=True))
    return [
        Issue(
            "measure_not_in_plan",
            f"Åtgärden ”{m.title}” i åtgärdsregistret ({m.get_status_display().lower()}) "
            f"finns inte i planen.",
        )
        for m in plan_measures(document.municipality, document.year)
        if m.pk not in planned
    ]


def completeness_check(document: StatutoryDocument) -> list[Issue]:
    """Return the plan's gaps: problems without measures; measures without problem, owner,
    date or follow-up; texts still to complete; the year's measures missing from the plan."""
    if document.is_decided:
        return [Issue(**issue) for issue in document.snapshot.get("issues", [])]
    problems, plan = _rows(document)
    return find_gaps(problems, plan, document.sections) + _unplanned_measures(document)


def _content(
    meta: dict[str, Any],
    figures: dict[str, Any],
    sections: dict[str, str],
    problems: list[dict[str, Any]],
    plan: list[dict[str, Any]],
    issues: list[Issue],
) -> dict[str, Any]:
    return _jsonable(
        {
            **meta,
            "law": LAW,
            "title": f"Lägesbild och åtgärdsplan {meta['year']} – {meta['municipality']}",
            "sections": {s.key: sections.get(s.key, "") for s in SECTIONS},
            "section_headings": [
                {"key": s.key, "number": s.number, "heading": s.heading} for s in SECTIONS
            ],
            "figures": figures,
            "problems": sorted(problems, key=lambda p: (p["rank"], p["title"])),
            "plan": _plan_with_problems(plan, problems),
            "issues": [asdict(i) for i in issues],
        }
    )


def _meta(document: StatutoryDocument) -> dict[str, Any]:
    """The version's facts as the document prints them: its status label in the document's
    language, whoever orders the page or file (an English reader's PDF had read "Status: Draft",
    and a decision taken in English froze "Decided" into the snapshot)."""
    with translation.override(DOCUMENT_LANGUAGE):
        status_label = str(StatutoryDocument.Status(document.status).label)
    return {
        "municipality": document.municipality.name,
        "municipality_code": document.municipality.code,
        "year": document.year,
        "version": document.version,
        "status": document.status,
        "status_label": status_label,
        "decided_at": document.decided_at,
        "decision_reference": document.decision_reference,
        "decided_by": document.decided_by.get_username() if document.decided_by else "",
    }


def _live_content(document: StatutoryDocument) -> dict[str, Any]:
    problems, plan = _rows(document)
    issues = find_gaps(problems, plan, document.sections) + _unplanned_measures(document)
    return _content(_meta(document), document.figures, document.sections, problems, plan, issues)


def document_content(document: StatutoryDocument) -> dict[str, Any]:
    """Return what the document shows: the snapshot if decided, else its live rows."""
    return document.snapshot if document.is_decided else _live_content(document)


def composition_content(
    municipality: Municipality, year: int, composition: Composition
) -> dict[str, Any]:
    """Return a generated, unsaved draft as document content (the CLI, when nothing is decided)."""
    problems = [
        {
            **p,
            "ref": p["rank"],
            "categories": _labels(p["category_codes"]),
            "areas": _area_names(municipality, p["area_codes"]),
        }
        for p in composition.problems
    ]
    plan = [{**row, "ref": None, "problem_ref": row["problem_rank"]} for row in composition.plan]
    meta = {
        "municipality": municipality.name,
        "municipality_code": municipality.code,
        "year": year,
        "version": None,
        "status": "generated",
        "status_label": "Genererat utkast (ej sparat)",
        "decided_at": None,
        "decision_reference": "",
        "decided_by": "",
    }
    issues = find_gaps(problems, plan, composition.sections)
    return _content(meta, composition.figures, composition.sections, problems, plan, issues)


def _labels(codes: list[str]) -> list[str]:
    names = dict(Category.objects.filter(code__in=codes).values_list("code", "name_sv"))
    return [names.get(c, c) for c in codes]


def _area_names(municipality: Municipality, codes: list[str]) -> list[str]:
    names = {a.code: a.name for a in districts_by_area(municipality).values()}
    return [names.get(c, c) for c in codes]


def latest_decided(municipality: Municipality, year: int) -> StatutoryDocument | None:
    """Return the latest decided version for the year, if any."""
    return (
        StatutoryDocument.objects.filter(
            municipality=municipality, year=year, status=StatutoryDocument.Status.DECIDED
        )
        .order_by("-version")
        .first()
    )
