"""Column mappings, edited by those who import: coordinators for their municipality's
organisations, a partner's filers for their own (``forms_import.importing_organisations``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lagesbild.core.parsers.common import ParseError
from lagesbild.jobs.models import Job
from lagesbild.organisations.access import viewer_for
from lagesbild.reports.forms_import import importing_organisations
from lagesbild.reports.forms_mapping import (
    BLANK_ROWS,
    MAX_HEADINGS,
    MappingForm,
    initial_from,
    initial_from_post,
)
from lagesbild.reports.importing import COLUMN_LABELS
from lagesbild.reports.jobs import IMPORT_KIND
from lagesbild.reports.mapping import (
    Sample,
    delete_mapping,
    example_time,
    format_error,
    read_sample,
    save_mapping,
)
from lagesbild.reports.models import ImportMapping


def _organisations(request: HttpRequest) -> QuerySet:
    organisations = importing_organisations(viewer_for(request.user))
    if not organisations.exists():
        raise PermissionDenied(_("Din roll kan inte importera rapporter."))
    return organisations


def _mapping(organisations: QuerySet, pk: int) -> ImportMapping:
    mapping = (
        ImportMapping.objects.filter(pk=pk, organisation__in=organisations)
        .select_related("organisation", "default_category")
        .first()
    )
    if mapping is None:
        raise Http404(_("Mappningen finns inte."))
    return mapping


@login_required
def mapping_list(request: HttpRequest) -> HttpResponse:
    """The mappings of the organisations the person imports for."""
    organisations = _organisations(request)
    mappings = ImportMapping.objects.filter(organisation__in=organisations).select_related(
        "organisation", "default_category"
    )
    rows = [
        {
            "mapping": m,
            "columns": [(COLUMN_LABELS.get(k, k), v) for k, v in m.columns.items()],
            "values": len(m.category_values),
        }
        for m in mappings
    ]
    return render(request, "reports/mapping_list.html", {"rows": rows})


@login_required
def mapping_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Create (no ``pk``) or change a mapping; "Läs exempelfilen" fills it from a sample."""
    organisations = _organisations(request)
    mapping = _mapping(organisations, pk) if pk is not None else None
    context: dict[str, Any] = {
        "mapping": mapping,
        "headings": _posted_headings(request),
        "sample_error": "",
    }
    if request.method == "POST" and "read" in request.POST:
        sample, context["sample_error"] = _read(request)
        initial, rows = initial_from_post(
            request.POST,
            sample.guessed if sample else {},
            sample.unknown_values if sample else [],
        )
        if sample:
            context |= {"sample": sample, "headings": sample.headings[:MAX_HEADINGS]}
        form = MappingForm(
            initial=initial, organisations=organisations, instance=mapping, rows=rows
        )
    elif request.method == "POST":
        form = MappingForm(
            request.POST,
            organisations=organisations,
            instance=mapping,
            headings=context["headings"],
        )
        if form.is_valid():
            saved = save_mapping(form.mapping(), request.user, request, created=mapping is None)
            messages.success(request, _("Mappningen %(name)s är sparad.") % {"name": saved.name})
            return redirect("report-mappings")
    else:
        initial, rows = initial_from(mapping) if mapping else ({}, BLANK_ROWS)
        form = MappingForm(
            initial=initial, organisations=organisations, instance=mapping, rows=rows
        )
    context |= {"form": form, "example": _example(form)}
    refused = form.is_bound and form.errors or context["sample_error"]
    return render(request, "reports/mapping_form.html", context, status=400 if refused else 200)


def _read(request: HttpRequest) -> tuple[Sample | None, str]:
    upload = request.FILES.get("sample")
    if upload is None:
        return None, _("Välj en exempelfil att läsa.")
    date_format = request.POST.get("date_format", "").strip()
    typed = {name: request.POST.get(f"column_{name}", "").strip() for name in COLUMN_LABELS}
    try:
        sample = read_sample(
            upload.read(),
            upload.name or "",
            {name: heading for name, heading in typed.items() if heading},
            date_format if format_error(date_format) is None else None,
        )
    except ParseError as exc:
        return None, exc.reason
    return sample, ""


def _posted_headings(request: HttpRequest) -> list[str]:
    return [h[:100] for h in request.POST.getlist("heading")[:MAX_HEADINGS] if h.strip()]


def _example(form: MappingForm) -> str:
    """The example time in the form's current date format, when it is a valid one."""
    value = form.data.get("date_format") if form.is_bound else form.initial.get("date_format")
    value = (value or form.fields["date_format"].initial or "").strip()
    return example_time(value) if value and format_error(value) is None else ""


@require_POST
@login_required
def mapping_delete(request: HttpRequest, pk: int) -> HttpResponse:
    mapping = _mapping(_organisations(request), pk)
    waiting = Job.objects.filter(
        kind=IMPORT_KIND, status=Job.Status.QUEUED, params__mapping=mapping.pk
    ).exists()
    delete_mapping(mapping, request.user, request)
    messages.success(request, _("Mappningen %(name)s är borttagen.") % {"name": mapping.name})
    if waiting:  # the job then fails with jobs._mapping's message; say so now, to the one who can
        messages.warning(
            request,
            _(
                "En import som väntar i kön läser sin fil med mappningen; den stoppas med "
                "beskedet att mappningen inte finns längre."
            ),
        )
    return redirect("report-mappings")
