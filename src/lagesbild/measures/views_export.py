"""Download the measures board as CSV or Excel, with the board's filters."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from lagesbild.measures.access import visible_measures
from lagesbild.measures.exports import MEASURE_FORMATS, measure_file, with_relations
from lagesbild.measures.forms import MeasureFilterForm
from lagesbild.organisations.access import viewer_in
from lagesbild.web.downloads import audit_export, file_response


@login_required
def board_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The board's measures (?agare=, ?stadsdel=, ?kategori=) as a file; the export is audited.

    Invalid filters are ignored, as on the board, which then shows every measure.
    """
    if fmt not in MEASURE_FORMATS:
        raise Http404
    viewer, municipality = viewer_in(request.user, request.GET.get("kommun"))
    filters = MeasureFilterForm(request.GET or None, municipality=municipality)
    measures = filters.filter(visible_measures(viewer).filter(municipality=municipality))
    content, count = measure_file(with_relations(measures).order_by("due_date", "title", "pk"), fmt)
    chosen = {k: v for k, v in request.GET.items() if k in filters.fields and v}
    detail = {"municipality": municipality.code, "filters": chosen, "rows": count}
    audit_export(request, "measures", fmt, detail, municipality)
    return file_response(content, fmt, f"atgarder-{municipality.code}")
