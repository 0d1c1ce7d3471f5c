"""Pages of the statutory lägesbild and åtgärdsplan: thin views over the services.

Every member of the municipality reads; coordinators and admins write (else 403); another
municipality's document is a 404; an edit of a decided version or invalid input is a 400 with
a message that says what to do.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from lagesbild.audit.services import log_action
from lagesbild.jobs.starting import start_job
from lagesbild.organisations.access import viewer_for, viewer_in
from lagesbild.statutory import services
from lagesbild.statutory.access import document_for, may_edit, visible_documents
from lagesbild.statutory.exports import export_filename
from lagesbild.statutory.forms import (
    DecideForm,
    GenerateForm,
    PlanItemForm,
    ProblemForm,
    SectionForm,
)
from lagesbild.statutory.generation import DOCUMENT_LANGUAGE
from lagesbild.statutory.jobs import DRAFT, EXPORT, draft_title, export_title
from lagesbild.statutory.models import SECTIONS, PlanItem, PrioritisedProblem, StatutoryDocument
from lagesbild.web.chosen_municipality import opens_chosen_municipality

EXPORTED = "lagesbild.statutory.exported"


def _bad_request(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "error.html", {"message": message}, status=400)


def _form_errors(form: BaseForm) -> str:
    return " ".join(
        f"{form.fields[k].label if k in form.fields else ''}: {' '.join(map(str, v))}".lstrip(": ")
        for k, v in form.errors.items()
    )


def _editable(request: HttpRequest, pk: int) -> StatutoryDocument:
    """Return the document if the user may change it: 404 if unseen, 403 if only readable."""
    viewer = viewer_for(request.user)
    document = document_for(viewer, pk)
    if not may_edit(viewer, document.municipality_id):
        raise PermissionDenied("Bara kommunens samordnare och administratörer ändrar lägesbilden.")
    return document


def _refusing(request: HttpRequest, write: Callable[[], Any]) -> HttpResponse | None:
    """Run a write; turn its refusal (decided version, bad value) into a 400 page."""
    try:
        write()
    except services.StatutoryError as exc:
        return _bad_request(request, str(exc))
    except ValidationError as exc:
        return _bad_request(request, " ".join(exc.messages))
    return None


@opens_chosen_municipality
@login_required
def document_list(request: HttpRequest) -> HttpResponse:
    """List the municipality's versions; coordinators generate a new draft here."""
    viewer, municipality = viewer_in(request.user, request.GET.get("kommun"))
    editor = may_edit(viewer, municipality.pk)
    form = GenerateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not editor:
            raise PermissionDenied
        if not form.is_valid():
            return render(
                request,
                "statutory/list.html",
                _list_context(municipality, form, editor),
                status=400,
            )
        # Generating reads a year of figures: a background job, which runs as this person.
        year = form.cleaned_data["year"]
        return start_job(request, DRAFT, municipality, {"year": year}, draft_title(year))
    return render(request, "statutory/list.html", _list_context(municipality, form, editor))


def _list_context(municipality: Any, form: GenerateForm, editor: bool) -> dict[str, Any]:
    documents = StatutoryDocument.objects.filter(municipality=municipality).select_related(
        "decided_by"
    )
    return {"municipality": municipality, "documents": documents, "form": form, "editor": editor}


@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one version: sections, figures, problems, plan and the completeness check."""
    viewer = viewer_for(request.user)
    document = document_for(viewer, pk)
    editor = may_edit(viewer, document.municipality_id)
    content = services.document_content(document)
    siblings = visible_documents(viewer).filter(
        municipality=document.municipality, year=document.year
    )
    context = {
        "document": document,
        "content": content,
        # The document is shown in its own language, its controls in the interface's.
        "document_language": DOCUMENT_LANGUAGE,
        "editor": editor,
        "editable": editor and not document.is_decided,
        "section_forms": {
            s.key: SectionForm(initial={"text": document.sections.get(s.key, "")}, prefix=s.key)
            for s in SECTIONS
        },
        "decide_form": DecideForm(),
        "versions": siblings.exclude(pk=document.pk).order_by("-version"),
    }
    return render(request, "statutory/document.html", context)


@login_required
@require_POST
def section_update(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    """Save one section's text."""
    document = _editable(request, pk)
    form = SectionForm(request.POST, prefix=key)
    if not form.is_valid():
        return _bad_request(request, _form_errors(form))
    refused = _refusing(
        request,
        lambda: services.update_section(
            document, key, form.cleaned_data["text"], request.user, request
        ),
    )
    if refused:
        return refused
    messages.success(request, "Avsnittet har sparats.")
    return redirect(reverse("statutory-document", args=[document.pk]) + f"#avsnitt-{key}")


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the decision and freeze the version."""
    document = _editable(request, pk)
    form = DecideForm(request.POST)
    if not form.is_valid():
        return _bad_request(request, _form_errors(form))
    data = form.cleaned_data
    refused = _refusing(
        request,
        lambda: services.decide(
            document, request.user, data["decided_at"], data["reference"], request
        ),
    )
    if refused:
        return refused
    messages.success(request, f"Version {document.version} är beslutad och låst.")
    return redirect("statutory-document", pk=document.pk)


@login_required
@require_POST
def version_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Copy a version into a new draft."""
    document = _editable(request, pk)
    copy = services.new_version(document, request.user, request)
    messages.success(request, f"Version {copy.version} har skapats som utkast.")
    return redirect("statutory-document", pk=copy.pk)


def _edit_row(
    request: HttpRequest,
    document: StatutoryDocument,
    form: BaseForm,
    template: str,
    save: Callable[[dict[str, Any]], Any],
    anchor: str,
) -> HttpResponse:
    """Show a row's form; on POST save it through ``save`` or answer 400 with the errors."""
    context = {"document": document, "form": form}
    if document.is_decided:
        return _bad_request(request, services.frozen_message(document))
    if request.method != "POST":
        return render(request, template, context)
    if form.is_valid():
        try:
            save(form.cleaned_data)
        except services.StatutoryError as exc:
            return _bad_request(request, str(exc))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Ändringen har sparats.")
            return redirect(reverse("statutory-document", args=[document.pk]) + anchor)
    return render(request, template, context, status=400)


@login_required
def problem_edit(request: HttpRequest, pk: int, problem_id: int | None = None) -> HttpResponse:
    """Add or change a prioritised problem."""
    document = _editable(request, pk)
    problem = get_object_or_404(document.problems, pk=problem_id) if problem_id else None
    instance = problem or PrioritisedProblem(document=document)
    form = ProblemForm(
        request.POST if request.method == "POST" else None,
        instance=instance,
        municipality=document.municipality,
    )
    return _edit_row(
        request,
        document,
        form,
        "statutory/problem_form.html",
        lambda data: services.save_problem(document, data, request.user, problem, request),
        "#problem",
    )


@login_required
def plan_item_edit(request: HttpRequest, pk: int, item_id: int | None = None) -> HttpResponse:
    """Add or change a row of the plan."""
    document = _editable(request, pk)
    item = get_object_or_404(document.plan_items, pk=item_id) if item_id else None
    form = PlanItemForm(
        request.POST if request.method == "POST" else None,
        instance=item or PlanItem(document=document),
        document=document,
    )
    return _edit_row(
        request,
        document,
        form,
        "statutory/plan_item_form.html",
        lambda data: services.save_plan_item(document, data, request.user, item, request),
        "#atgarder",
    )


@login_required
@require_POST
def problem_delete(request: HttpRequest, pk: int, problem_id: int) -> HttpResponse:
    """Remove a prioritised problem."""
    document = _editable(request, pk)
    problem = get_object_or_404(document.problems, pk=problem_id)
    refused = _refusing(request, lambda: services.delete_problem(problem, request.user, request))
    return refused or redirect(reverse("statutory-document", args=[document.pk]) + "#problem")


@login_required
@require_POST
def plan_item_delete(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    """Remove a row of the plan."""
    document = _editable(request, pk)
    item = get_object_or_404(document.plan_items, pk=item_id)
    refused = _refusing(request, lambda: services.delete_plan_item(item, request.user, request))
    return refused or redirect(reverse("statutory-document", args=[document.pk]) + "#atgarder")


@login_required
def export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """Download the version as JSON at once, or as PDF or DOCX made in the background (GET: the
    button; POST: the job); every export is audited."""
    if fmt == "json" and request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    document = document_for(viewer_for(request.user), int(pk))
    if fmt != "json":
        params = {"document": document.pk, "fmt": fmt}
        title = export_title(document, fmt)
        return start_job(request, EXPORT, document.municipality, params, title)
    content = services.document_content(document)
    body = json.dumps(content, ensure_ascii=False, indent=2).encode("utf-8")
    log_action(
        request.user,
        EXPORTED,
        document,
        {"year": document.year, "version": document.version, "format": fmt, "via": "web"},
        request,
    )
    response = HttpResponse(body, content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{export_filename(content, fmt)}"'
    return response
