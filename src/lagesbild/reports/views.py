from __future__ import annotations

from dataclasses import dataclass, replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from lagesbild.areas.services import districts_geojson
from lagesbild.core.privacy import added_markers
from lagesbild.organisations.access import (
    Viewer,
    filing_organisations,
    is_regional,
    may_change_own_report,
    own_report_refusal,
    viewer_for,
    viewer_in,
    viewer_municipalities,
)
from lagesbild.places.services import base_layer
from lagesbild.reports.access import (
    log_sensitive_ids,
    log_sensitive_read,
    report_for_reading,
    sensitive_report_ids,
)
from lagesbild.reports.batch import new_report
from lagesbild.reports.exports import listed_reports
from lagesbild.reports.forms import ReportForm
from lagesbild.reports.list_cache import BoundedPaginator, asked_page, cached_list_page
from lagesbild.reports.models import Report, is_counted
from lagesbild.reports.outcomes import LIST_FILTERS, filter_key, filter_reports, report_outcomes
from lagesbild.reports.review import week_of
from lagesbild.reports.services import NewReport, file_once, sending_id
from lagesbild.reports.templatetags.report_rows import report_cards, report_table_rows


def report_map_data(viewer: Viewer) -> dict:
    return {"districts": districts_geojson(viewer.municipality_ids)} | base_layer(
        viewer.municipality_ids
    )


def _place_urls(viewer: Viewer) -> dict:
    """The gazetteer endpoints of the municipality the reporter files for (their first)."""
    organisation = filing_organisations(viewer).select_related("municipality").first()
    if organisation is None:
        return {}
    return place_urls(organisation.municipality.code)


def place_urls(code: str) -> dict:
    """The gazetteer endpoints of municipality ``code`` for the report form's script."""
    return {
        "suggest_url": reverse("place-suggestions", args=[code]),
        "nearest_url": reverse("place-nearest", args=[code]),
    }


ALREADY_FILED = gettext_lazy(
    "Rapporten var redan skickad och registrerades bara en gång. Här är den."
)


def _filed_message(markers: list[str]) -> str:
    return saved_message(_("Tack! Rapporten är registrerad."), markers)


def saved_message(saved: str, markers: list[str]) -> str:
    """``saved``, and the markers scrubbing put in the text, if any."""
    if not markers:
        return saved
    # The reporter reads the stored text on the next page: say why it differs from what they typed.
    replaced = ngettext(
        "Personuppgifter i texten ersattes med markören %(markers)s innan den sparades.",
        "Personuppgifter i texten ersattes med markörerna %(markers)s innan den sparades.",
        len(markers),
    ) % {"markers": ", ".join(markers)}
    return f"{saved} {replaced}"


def _new_report(data: dict) -> NewReport:
    new = new_report(data)
    key = data["submission"]
    return replace(new, external_id=sending_id(key, new)) if key else new


@login_required
def report_create(request: HttpRequest) -> HttpResponse:
    """Show and handle the report form."""
    viewer = viewer_for(request.user)
    if not viewer.can_file_reports:
        raise PermissionDenied(_("Din roll kan inte rapportera händelser."))
    form = ReportForm(request.POST if request.method == "POST" else None, viewer=viewer)
    if request.method == "POST" and form.is_valid():
        try:
            report, created = file_once(_new_report(form.cleaned_data), request.user, request)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if created:
                data = form.cleaned_data
                typed = data["place_text"] + data["description"]
                stored = report.place_text + report.description
                messages.success(request, _filed_message(added_markers(typed, stored)))
            else:
                messages.info(request, ALREADY_FILED)
            return redirect("report-detail", pk=report.pk)
    status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "map_data": report_map_data(viewer) | _place_urls(viewer),
    }
    return render(request, "reports/report_form.html", context, status=status)


# Reports per page of the report list.
PER_PAGE = 50


@dataclass(frozen=True)
class ListedPage:
    """One page of the report list as every viewer of its key sees it (``list_cache``)."""

    number: int
    count: int  # the number of reports, or the bound it passed (``exact`` False)
    exact: bool
    num_pages: int  # likewise at least this many when not ``exact``
    previous_page_number: int | None
    next_page_number: int | None
    rows: str  # the rows' (or cards') HTML, escaped
    cards: bool
    ids: list[int]  # the reports shown, in order
    sensitive: list[int]  # the ids of the sensitive reports shown, for the audit

    @property
    def has_previous(self) -> bool:
        return self.previous_page_number is not None

    @property
    def has_next(self) -> bool:
        return self.next_page_number is not None


def _listed_page(viewer: Viewer, shown: str, raw_page: str | None) -> ListedPage:
    # Newest first; reports of the same minute (a batch, an import) by number, so that every
    # report is on exactly one page: ties in no fixed order could repeat or drop rows.
    reports = filter_reports(listed_reports(viewer), viewer, shown).order_by(
        "-occurred_from", "-pk"
    )
    paginator = BoundedPaginator(reports, PER_PAGE, asked=asked_page(raw_page) or 1)
    page = paginator.get_page(raw_page)
    outcomes = report_outcomes(viewer, page)
    # Phone-first cards for one's own reports and for reporters; the wide table for the others.
    cards = shown == "mina" or not viewer.reads_all_text
    rows = report_cards(outcomes) if cards else report_table_rows(outcomes)
    return ListedPage(
        number=page.number,
        count=paginator.at_least,
        exact=paginator.exact,
        num_pages=paginator.num_pages,
        previous_page_number=page.previous_page_number() if page.has_previous() else None,
        next_page_number=page.next_page_number() if page.has_next() else None,
        rows=str(rows),
        cards=cards,
        ids=[o.report.pk for o in outcomes],
        sensitive=sensitive_report_ids([o.report for o in outcomes]),
    )


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    """List the reports the user may see, newest first; reporters see their organisation's.

    The page comes from ``list_cache`` when a viewer of the same class asked for it since the
    last change; the sensitive reads are logged for this user either way."""
    everywhere = viewer_for(request.user)
    # Someone in several municipalities lists them all, or the one ``?kommun=`` names.
    viewer, municipality = everywhere, None
    if code := request.GET.get("kommun"):
        viewer, municipality = viewer_in(request.user, code)
    shown = request.GET.get("visa", "")
    raw_page = request.GET.get("page")
    params = {"visa": shown, "page": raw_page or "", **filter_key(viewer, shown)}
    page = cached_list_page(viewer, "web", params, lambda: _listed_page(viewer, shown, raw_page))
    context = {
        "municipality": municipality,
        "municipalities": viewer_municipalities(everywhere) if is_regional(everywhere) else [],
        "kommun": municipality.code if municipality else "",
        "page": page,
        "rows": mark_safe(page.rows),  # built escaped by report_rows
        "filters": LIST_FILTERS,
        "shown": shown,
        "cards": page.cards,
    }
    log_sensitive_ids(request.user, page.sensitive, request, "report_list")
    return render(request, "reports/report_list.html", context)


def counting_sentence(report: Report) -> str:
    """What the review status means for the lägesbild, in words a reporter understands."""
    if report.review_status == Report.Review.MERGED:
        return _("Rapporten gäller samma händelse som en annan rapport; händelsen räknas en gång.")
    if report.review_status == Report.Review.REJECTED:
        return _("Rapporten räknas inte i lägesbilden.")
    if report.review_status == Report.Review.WITHDRAWN:
        return _("Den som skickade rapporten har återkallat den; den räknas inte i lägesbilden.")
    if report.review_status == Report.Review.ACCEPTED:
        return _("Rapporten räknas i lägesbilden.")
    if is_counted(report):
        return _("Rapporten räknas redan i lägesbilden; en samordnare granskar den.")
    return _(
        "Rapporten väntar på att en samordnare granskar den och räknas i lägesbilden först när "
        "den är godkänd."
    )


def how_to_correct(viewer: Viewer, report: Report) -> str:
    """What the page tells a reporter about a mistake in their organisation's report: that they
    change or withdraw it themselves until a coordinator reviews it, or else why not and that a
    coordinator corrects or rejects it (``review``). Nothing to a coordinator (who corrects it)."""
    if may_change_own_report(viewer, report):
        return _(
            "Har något blivit fel? Du kan själv ändra eller återkalla rapporten tills en "
            "samordnare har granskat den. Sedan kan bara en samordnare rätta eller avvisa den."
        )
    still_open = report.review_status in (Report.Review.PENDING, Report.Review.ACCEPTED)
    if (
        still_open
        and report.organisation_id in viewer.filing_organisation_ids
        and not viewer.manages(report.municipality_id)
    ):
        return own_report_refusal(viewer, report) or ""
    return ""


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one report. A report the user may not see is answered 404, not 403: no hint it
    exists."""
    viewer = viewer_for(request.user)
    report = report_for_reading(viewer, pk)
    text = report.description if viewer.can_read_text(report) else None
    shown_texts = (report.place_text, text, report.rejection_reason) if text is not None else ()
    context = {
        "report": report,
        "text": text,
        "outcome": report_outcomes(viewer, [report])[0],
        "counting": counting_sentence(report),
        "how_to_correct": how_to_correct(viewer, report),
        "may_change": may_change_own_report(viewer, report),
        "week": week_of(report),
        "markers": added_markers("", " ".join(shown_texts)),
    }
    log_sensitive_read(request.user, [report], request, "report_detail")
    return render(request, "reports/report_detail.html", context)
