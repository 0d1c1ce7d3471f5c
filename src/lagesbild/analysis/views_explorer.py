"""The statistics explorer's page and its files (the table as CSV/Excel, a chart as SVG/PNG).

Open to the municipality's analysts, coordinators and admins (``Viewer.analyses``), as every
analysis page: Brå's figures are public, but the workbench is theirs.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from lagesbild.analysis import explorer, explorer_output
from lagesbild.analysis.explorer import COUNT, Exploration, ExplorerQuery, YearCell
from lagesbild.analysis.params import ParamError
from lagesbild.analysis.views import analyst_in
from lagesbild.areas.models import Municipality
from lagesbild.core.i18n import format_number
from lagesbild.official.models import Population
from lagesbild.official.municipalities import all_municipalities
from lagesbild.web.downloads import audit_export, file_response

WEB_MEASURES = {COUNT: "antal", explorer.RATE: "per100k"}


def _shown(value: float | None, measure: str) -> str:
    """A count whole, a rate rounded to one decimal as the exports round it (Django's
    ``number_format`` cuts a float's decimals: 2,958 per 100 000 was "2,9" beside the CSV's 3,0)."""
    if value is None:
        return "–"
    if measure == COUNT:
        return number_format(round(value), decimal_pos=0, force_grouping=True)
    return format_number(value, 1)


def _peer_cell(cell: YearCell, measure: str, single: bool) -> str:
    if cell.peers is None:
        return "–"
    shown = _shown(cell.peers.median, measure)
    return shown if single else f"{shown} ({cell.peers.n})"


def _table(e: Exploration) -> list[dict[str, Any]]:
    """Per category the municipality's row and the peers' median row, formatted for the page.
    With one peer municipality in every year its value is shown as such: the median and range
    of one value would dress it up as a summary."""
    measure = e.query.measure
    return [
        {
            "row": row,
            "own": [_shown(cell.value(measure), measure) for cell in row.cells],
            "peer_label": _("värde för 1 jämförbar kommun")
            if row.single_peer
            else _("median jämförbara"),
            "median": [_peer_cell(cell, measure, row.single_peer) for cell in row.cells],
            "range": [
                f"{cell.year}: {_shown(cell.peers.low, measure)}–{_shown(cell.peers.high, measure)}"
                for cell in row.cells
                if cell.peers and cell.peers.n > 1
            ],
            "chart": explorer_output.chart_uri(e, row) if row.has_figures else None,
            "alt": explorer_output.chart_alt(e, row),
        }
        for row in e.rows
    ]


def _single_peer(e: Exploration | None) -> bool:
    """Whether every category's peer row is one municipality's value (the caption says so)."""
    return e is not None and bool(e.rows) and all(row.single_peer for row in e.rows)


def _form(request: HttpRequest, query: ExplorerQuery | None) -> dict[str, Any]:
    """What the form shows: the query understood, or what was sent when it was not."""
    if query is None:
        params = request.GET
        return {
            "keys": params.getlist("kategori"),
            "first": params.get("fran", ""),
            "last": params.get("till", ""),
            "measure": params.get("matt", "antal"),
            "peers": params.get("jamforelse", "storlek"),
            "chosen": params.getlist("jamfor"),
        }
    return {
        "keys": list(query.keys),
        "first": query.first_year,
        "last": query.last_year,
        "measure": WEB_MEASURES[query.measure],
        "peers": "storlek" if query.peer_codes is None else "egna",
        "chosen": list(query.peer_codes or ()),
    }


def _offered_municipalities(own: str) -> list[tuple[str, str]]:
    """Municipalities with a stored population, to choose peers from, by name."""
    names = dict(all_municipalities())
    names.update(Municipality.objects.values_list("code", "name"))
    codes = set(Population.objects.values_list("municipality_code", flat=True)) - {own}
    return sorted(((c, names.get(c) or f"Kommun {c}") for c in codes), key=lambda cn: cn[1])


@login_required
def explorer_page(request: HttpRequest, code: str) -> HttpResponse:
    viewer, municipality = analyst_in(request, code)
    errors: dict[str, str] = {}
    exploration = None
    try:
        query = explorer.parse_query(request.GET, municipality.code)
    except ParamError as exc:
        errors, query = exc.errors, None
    if query is not None:
        exploration = explorer.explore(municipality, query)
    context = {
        "municipality": municipality,
        "exploration": exploration,
        "table": _table(exploration) if exploration else [],
        "single_peer": _single_peer(exploration),
        "errors": errors,
        "form": _form(request, query),
        "choices": explorer.choices(),
        "offered": _offered_municipalities(municipality.code),
        "query": request.GET.urlencode(),
        # Where Brå's figures are imported, offered to those who may (the access layer's rule).
        "may_import": viewer.manages(municipality.pk),
    }
    return render(request, "analysis/explorer.html", context, status=400 if errors else 200)


def _explored(request: HttpRequest, code: str) -> tuple[Municipality, Exploration]:
    _, municipality = analyst_in(request, code)
    query = explorer.parse_query(request.GET, municipality.code)
    return municipality, explorer.explore(municipality, query)


def _bad(request: HttpRequest, error: ParamError) -> HttpResponse:
    return render(request, "error.html", {"message": str(error)}, status=400)


def _detail(e: Exploration) -> dict[str, Any]:
    return {
        "municipality": e.municipality_code,
        "categories": list(e.query.keys),
        "from": e.query.first_year,
        "to": e.query.last_year,
        "measure": e.query.measure,
        "peers": list(e.query.peer_codes) if e.query.peer_codes is not None else "band",
    }


@login_required
def explorer_export(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    if fmt not in explorer_output.TABLE_FORMATS:
        raise Http404
    try:
        municipality, e = _explored(request, code)
    except ParamError as exc:
        return _bad(request, exc)
    audit_export(request, "statistics_explorer", fmt, _detail(e), municipality)
    stem = f"statistik-{municipality.code}-{e.query.first_year}-{e.query.last_year}"
    return file_response(explorer_output.table_file(e, fmt), fmt, stem)


@login_required
def explorer_chart(request: HttpRequest, code: str, category: str, fmt: str) -> HttpResponse:
    if fmt not in explorer_output.CHART_FORMATS:
        raise Http404
    try:
        municipality, e = _explored(request, code)
    except ParamError as exc:
        return _bad(request, exc)
    row = next((r for r in e.rows if r.key == category), None)
    if row is None:
        return _bad(
            request,
            ParamError(
                {"kategori": _("Välj kategorin %(code)s först.") % {"code": repr(category[:50])}}
            ),
        )
    audit_export(request, "statistics_chart", fmt, {**_detail(e), "chart": category}, municipality)
    stem = f"statistik-{municipality.code}-{category}-{e.query.first_year}-{e.query.last_year}"
    return file_response(explorer_output.chart_file(e, row, fmt), fmt, stem)
