"""The home page, the municipality's settings and the official-data page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lagesbild.audit.services import log_action
from lagesbild.jobs.services import enqueue
from lagesbild.jobs.uploads import upload_token
from lagesbild.official.importing import ImportFailed
from lagesbild.organisations.access import (
    is_regional,
    managed_municipality,
    viewer_for,
    viewer_in,
    viewer_municipalities,
)
from lagesbild.reports.rollup import rebuild_counts
from lagesbild.web.chosen_municipality import opens_chosen_municipality
from lagesbild.workflow.checklist import checklist
from lagesbild.workflow.forms import (
    ConfirmImportForm,
    MunicipalitySettingsForm,
    OfficialFileForm,
)
from lagesbild.workflow.home import home_page
from lagesbild.workflow.imports import (
    IMPORT_KIND,
    SHOWN_ERRORS,
    OfficialUpload,
    import_title,
    read_upload,
    run_import,
    store_upload,
)


def _user_id(request: HttpRequest) -> int:
    """The signed-in person's id (the views below require a login)."""
    return int(request.user.pk or 0)


@opens_chosen_municipality
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The signed-in person's start: what needs them this week, by role."""
    if not viewer_for(request.user).has_access:
        return render(request, "workflow/home.html", {"page": None})
    viewer, municipality = viewer_in(request.user, request.GET.get("kommun"))
    page = home_page(viewer, municipality, timezone.localdate())
    # Someone with roles in several municipalities chooses here which one the page is about.
    everywhere = viewer_for(request.user)
    municipalities = viewer_municipalities(everywhere) if is_regional(everywhere) else []
    return render(request, "workflow/home.html", {"page": page, "municipalities": municipalities})


@login_required
def municipality_settings(request: HttpRequest) -> HttpResponse:
    """A coordinator's choices for the municipality: whether unreviewed reports count."""
    _viewer, municipality = managed_municipality(request.user, request.GET.get("kommun"))
    before = municipality.counts_unreviewed
    posted = request.POST if request.method == "POST" else None
    form = MunicipalitySettingsForm(posted, instance=municipality)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            if municipality.counts_unreviewed != before:
                # The rollup holds what counts: recount every week under the new rule.
                rebuild_counts(municipality.pk)
            log_action(
                request.user,
                "lagesbild.municipality.settings",
                municipality,
                {"counts_unreviewed": municipality.counts_unreviewed},
                request,
            )
        messages.success(request, _("Inställningarna är sparade."))
        return redirect(f"{request.path}?kommun={municipality.code}")
    context = {"form": form, "municipality": municipality}
    return render(request, "workflow/settings.html", context, status=400 if form.errors else 200)


def _initial(request: HttpRequest) -> dict[str, str]:
    """Preselect what the checklist's link asks for (?kalla=bra&ar=2025)."""
    initial = {}
    if request.GET.get("kalla"):
        initial["source"] = request.GET["kalla"]
    if request.GET.get("ar", "").isdigit():
        initial["year"] = request.GET["ar"]
    return initial


@login_required
def official_data(request: HttpRequest) -> HttpResponse:
    """Preview an official data file, then import it in the background (coordinators only)."""
    _viewer, municipality = managed_municipality(request.user, request.GET.get("kommun"))
    if request.method == "POST" and "import" in request.POST:
        return _start_import(request, municipality)
    form = OfficialFileForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        initial=_initial(request),
    )
    context = {"form": form, "municipality": municipality}
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            status = _preview(request, form, municipality, context)
    context["checklist"] = checklist(municipality, timezone.localdate())
    return render(request, "workflow/official_data.html", context, status=status)


def _preview(request: HttpRequest, form: OfficialFileForm, municipality, context: dict) -> int:
    """Dry-run the import; on success offer the button that imports it. Return the status."""
    data = form.cleaned_data
    content = data["file"].read()
    upload = OfficialUpload.from_params(
        {**data, "upload": upload_token(content), "name": data["file"].name[:200]}
    )
    try:
        summary = run_import(upload, content, municipality.code, dry_run=True, actor=request.user)
    except ImportFailed as exc:
        form.add_error("file", str(exc))
        return 400
    context["summary"] = summary
    context["shown_errors"] = summary.errors[:SHOWN_ERRORS]
    if summary.ok:  # only a file that can be imported is kept, for the job
        store_upload(_user_id(request), content)
        context["confirm"] = ConfirmImportForm(initial=upload.params())
    return 200


def _start_import(request: HttpRequest, municipality) -> HttpResponse:
    form = ConfirmImportForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "error.html",
            {"message": _("Importen saknar uppgifter; förhandsgranska filen igen.")},
            status=400,
        )
    upload = OfficialUpload.from_params(form.cleaned_data)
    try:
        read_upload(_user_id(request), upload.token)
    except ImportFailed as exc:
        return render(request, "error.html", {"message": str(exc)}, status=400)
    job = enqueue(
        IMPORT_KIND, request.user, municipality, upload.params(), import_title(upload), request
    )
    return redirect("job-detail", pk=job.pk)
