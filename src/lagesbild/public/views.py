"""The public side: the figures page and its CSV, the citizens' form, the coordinator's switch.

The figures page and the form need no login and answer 404 unless the municipality has
published its page. The work is done in ``statistics.py``, ``antispam.py`` and ``services.py``.
"""

from __future__ import annotations

import time
from datetime import date
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import date as date_filter
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lagesbild.areas.models import Municipality
from lagesbild.areas.services import districts_geojson
from lagesbild.categories.models import Category
from lagesbild.core.disclosure import NO_TOTAL_MARK, Cell, SuppressedTable, Total
from lagesbild.core.exports import to_csv
from lagesbild.core.i18n import format_number, month_names
from lagesbild.public import antispam
from lagesbild.public.forms import PublicPageForm, UnsafePlaceForm
from lagesbild.public.services import set_public_page, submit_unsafe_place
from lagesbild.public.statistics import MONTH_CHOICES, PublicStatistics, public_statistics
from lagesbild.reports.review import reviewed_municipality_ids
from lagesbild.shared_cache import Unavailable


class BadRequest(Exception):
    """A query the page cannot answer; shown as 400 with the message."""


def _published(code: str) -> Municipality:
    """Return the municipality if it has published its page; otherwise 404, as if none existed."""
    return get_object_or_404(Municipality, code=code, public_page_enabled=True)


def _months(request: HttpRequest) -> int:
    text = request.GET.get("manader", "")
    if not text:
        return MONTH_CHOICES[0]
    if text not in {str(m) for m in MONTH_CHOICES}:
        raise BadRequest(
            _("Välj %(choices)s månader.") % {"choices": _(" eller ").join(map(str, MONTH_CHOICES))}
        )
    return int(text)


def _bad_request(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "error.html", {"message": message}, status=400)


# --- the figures ----------------------------------------------------------------------------


# The months in one table: twelve fit a 1280 px laptop and A4; 24 were 1644 px wide in 1120 px.
TABLE_MONTHS = 12


def _district_label(name: str) -> str:
    return name or _("Utanför stadsdelarna eller okänd plats")


def _month_text(month: date | None) -> str:
    """A month as the texts write it: "mars 2026" ("March 2026")."""
    return "" if month is None else f"{month_names()[month.month - 1]} {month.year}"


def _category_labels(statistics: PublicStatistics) -> dict[str, str]:
    return {c.code: c.name for c in Category.objects.filter(code__in=statistics.categories)}


def _rows(
    table: SuppressedTable, labels: dict[str, str]
) -> list[tuple[str, tuple[Cell, ...], Total]]:
    """The table's rows as (category's name, cells, total); its rows are category codes."""
    return [
        (labels.get(str(code), str(code)), cells, total)
        for code, cells, total in zip(table.rows, table.cells, table.row_totals, strict=True)
    ]


def _spans(months: int, size: int = TABLE_MONTHS) -> list[tuple[int, int]]:
    """Split ``months`` columns into tables of at most ``size``, the latest ``size`` last.

    >>> _spans(24), _spans(15), _spans(12), _spans(0)
    ([(0, 12), (12, 24)], [(0, 3), (3, 15)], [(0, 12)], [(0, 0)])
    """
    stops = list(range(months, 0, -size))[::-1] or [0]
    return list(zip([0, *stops[:-1]], stops, strict=True))


def _period(months: tuple[date, ...]) -> str:
    """The months of one table as its caption names them: "dec 2024–nov 2025"."""
    first, last = (date_filter(month, _("b Y")) for month in (months[0], months[-1]))
    return first if first == last else f"{first}–{last}"


def _blocks(statistics: PublicStatistics) -> list[dict[str, Any]]:
    """Arrange each district's tables as rows of (label, cells, total) for the template.

    More than twelve months (``TABLE_MONTHS``) come as two tables, the latest twelve last as on
    the page of 12 months, each totalled over its own months: sums of visible cells again."""
    labels = _category_labels(statistics)
    spans = _spans(len(statistics.months))
    blocks = []
    for block in statistics.districts:
        block_id = f"stadsdel-{block.code or 'okand'}"
        tables = []
        for start, stop in spans:
            part = block.table.slice_columns(start, stop)
            tables.append(
                {
                    # The caption's id: it names the table's frame, a tab stop on a phone.
                    "id": f"{block_id}-{start + 1}",
                    # Only several tables need their months named.
                    "period": _period(statistics.months[start:stop]) if len(spans) > 1 else "",
                    "months": statistics.months[start:stop],
                    "rows": _rows(part, labels),
                    "column_totals": part.column_totals,
                    "grand_total": part.grand_total,
                }
            )
        blocks.append({"id": block_id, "name": _district_label(block.name), "tables": tables})
    return blocks


#: Digg's form for reporting a public body's inaccessible digital service.
DIGG_COMPLAINT_URL = "https://www.digg.se/tdosanmalan"
#: When the statement's list of known barriers was last checked against the pages.
STATEMENT_DATE = date(2026, 12, 7)


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement (tillgänglighetsredogörelse) that the law asks of every public
    body's web service: open to anyone, with the contact the installation's settings give."""
    contact = settings.LAGESBILD_ACCESSIBILITY_CONTACT
    context = {
        "operator": settings.LAGESBILD_OPERATOR,
        "contact": contact,
        "contact_href": contact if "://" in contact else f"mailto:{contact}" if contact else "",
        "digg_url": DIGG_COMPLAINT_URL,
        "statement_date": STATEMENT_DATE,
    }
    return render(request, "public/accessibility.html", context)


@require_GET
def public_page(request: HttpRequest, code: str) -> HttpResponse:
    """Show the monthly counts per district and category, small counts hidden."""
    municipality = _published(code)
    try:
        months = _months(request)
    except BadRequest as exc:
        return _bad_request(request, str(exc))
    statistics = public_statistics(municipality, months)
    context = {
        "municipality": municipality,
        "statistics": statistics,
        "blocks": _blocks(statistics),
        "began": _month_text(statistics.began),
        "months": months,
        "month_choices": MONTH_CHOICES,
    }
    return render(request, "public/page.html", context)


@require_GET
def public_csv(request: HttpRequest, code: str) -> HttpResponse:
    """Download the same suppressed table as CSV (Swedish Excel: BOM, ';')."""
    municipality = _published(code)
    try:
        months = _months(request)
    except BadRequest as exc:
        return _bad_request(request, str(exc))
    statistics = public_statistics(municipality, months)
    month_keys = [m.strftime("%Y-%m") for m in statistics.months]
    columns = [("district", _("Stadsdel")), ("category", _("Kategori"))]
    columns += [(key, key) for key in month_keys]
    columns += [
        ("total", _("Summa av visade celler")),
        ("complete", _("Summan komplett (inga dolda celler)")),
        ("data", _("Data")),
    ]
    data = _("syntetiska demodata") if statistics.synthetic else _("rapporter")
    labels = _category_labels(statistics)
    rows = [
        {
            "district": _district_label(block.name),
            "category": label,
            **{key: cell.display for key, cell in zip(month_keys, cells, strict=True)},
            # The page's "–" where every cell is hidden: 0 read as a sum of nothing reported.
            "total": NO_TOTAL_MARK if total.empty else total.value,
            "complete": _("ja") if total.complete else _("nej"),
            "data": data,
        }
        for block in statistics.districts
        for label, cells, total in _rows(block.table, labels)
    ]
    name = f"lagesbild-{municipality.code}-{months}-manader.csv"
    return HttpResponse(
        to_csv(rows, columns),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


# --- the citizens' form ---------------------------------------------------------------------


def _form_page(
    request: HttpRequest,
    municipality: Municipality,
    form: UnsafePlaceForm,
    status: int = 200,
    rejected: str | None = None,
) -> HttpResponse:
    map_data = {
        "districts": districts_geojson([municipality.pk]),
        "tiles": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
    }
    # The notice tells how long the typed text is kept: the period the retention purge applies
    # (privacy.retention.purge_old_text), so that the page and the purge cannot disagree.
    retention_days = settings.LAGESBILD_TEXT_RETENTION_DAYS
    context = {
        "municipality": municipality,
        "form": form,
        "map_data": map_data,
        "rejected": rejected,
        "retention_days": retention_days,
        "retention_text": format_number(retention_days),
    }
    return render(request, "public/unsafe_place.html", context, status=status)


def _too_many(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """Refuse for this hour, but show the citizen's tip again so that nothing typed is lost."""
    response = _as_typed(request, municipality, 429, str(antispam.TOO_MANY))
    response.headers["Retry-After"] = str(antispam.HOUR - int(time.time()) % antispam.HOUR)
    return response


def _as_typed(
    request: HttpRequest, municipality: Municipality, status: int, message: str
) -> HttpResponse:
    """The form again as the citizen sent it, under ``message``, with its own token: a refused
    submission has not spent it, so it is valid again later."""
    form = UnsafePlaceForm(request.POST, municipality=municipality)
    form = _with_token(form, request.POST.get("token", ""))
    return _form_page(request, municipality, form, status, message)


def _with_token(form: UnsafePlaceForm, token: str) -> UnsafePlaceForm:
    """Shown again with ``token`` and without the honeypot's value."""
    # Always bound to request.POST, a QueryDict: its copy is mutable and keeps repeated keys.
    data = cast(QueryDict, form.data).copy()
    data["token"] = token
    data[antispam.HONEYPOT_FIELD] = ""
    form.data = data
    return form


def _new_form(municipality: Municipality) -> UnsafePlaceForm:
    initial = {"token": antispam.issue_token(municipality.code)}
    return UnsafePlaceForm(municipality=municipality, initial=initial)


def _refused(
    request: HttpRequest, municipality: Municipality, form: UnsafePlaceForm, exc: antispam.Rejected
) -> HttpResponse:
    """Show the form again under the refusal, keeping what was typed, with a valid token.

    After a tip already sent (a double tap, a replay) the form is empty: shown filled with a
    fresh token, pressing Send again would store the same tip twice.
    """
    if isinstance(exc, antispam.AlreadySent):
        return _form_page(request, municipality, _new_form(municipality), 400, exc.message)
    token = (
        antispam.issue_token(municipality.code) if exc.fresh_token else form.data.get("token", "")
    )
    return _form_page(request, municipality, _with_token(form, token), 400, exc.message)


@require_http_methods(["GET", "POST"])
def unsafe_place(request: HttpRequest, code: str) -> HttpResponse:
    """Let anyone mark a place that feels unsafe, anonymously, for a coordinator to review."""
    municipality = _published(code)
    if request.method == "GET":
        return _form_page(request, municipality, _new_form(municipality))
    try:
        return _submitted(request, municipality)
    except Unavailable:
        # The limits and the spent tokens cannot be checked: no tip is stored (antispam).
        return _as_typed(request, municipality, 503, str(antispam.UNAVAILABLE))


def _submitted(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    limits = antispam.limits_for(request, municipality.pk)
    if antispam.over_limit(limits):
        return _too_many(request, municipality)
    form = UnsafePlaceForm(request.POST, municipality=municipality)
    token = request.POST.get("token", "")
    try:
        antispam.check_honeypot(request.POST.get(antispam.HONEYPOT_FIELD))
        antispam.check_token(token, municipality.code)
    except antispam.Rejected as exc:
        # A robot's marks count against the hour, so that it cannot probe the checks for free.
        antispam.count_attempt(limits)
        return _refused(request, municipality, form, exc)
    if not form.is_valid():
        # A citizen who corrects a missing field is not held back by the refused tip; a link is
        # spam's mark and counts.
        if form.refused_a_link():
            antispam.count_attempt(limits)
        return _form_page(request, municipality, form, 400)
    return _store(request, municipality, form, limits)


def _store(
    request: HttpRequest,
    municipality: Municipality,
    form: UnsafePlaceForm,
    limits: antispam.Limits,
) -> HttpResponse:
    try:
        antispam.spend_token(form.cleaned_data["token"])
        submit_unsafe_place(municipality, form.unsafe_place())
    except antispam.Rejected as exc:
        antispam.count_attempt(limits)  # a replayed form
        return _refused(request, municipality, form, exc)
    except ValidationError as exc:
        # The text as stored (scrubbed) broke a rule: the citizen's to correct, not counted.
        # The token is spent by now: the form shown again needs a new one.
        form = _with_token(form, antispam.issue_token(municipality.code))
        form.add_error(None, _in_citizens_terms(exc, form))
        return _form_page(request, municipality, form, 400)
    try:
        antispam.count_attempt(limits)
        antispam.count_stored(limits)
    except Unavailable:
        pass  # the cache failed after the tip was stored: it is received all the same (logged)
    return redirect("public-unsafe-place-thanks", code=municipality.code)


def _in_citizens_terms(exc: ValidationError, form: UnsafePlaceForm) -> ValidationError:
    """Say why a text too long once scrubbed is refused: the citizen kept to the form's limit,
    and "at most 200 characters (it has 203)" named a length they never typed. An error of a
    report field the form lacks goes above the form (``add_error`` would raise: a 500)."""
    if not hasattr(exc, "error_dict"):
        return exc
    errors: dict[str, list[ValidationError]] = {}
    for name, field_errors in exc.error_dict.items():
        key = name if name in form.fields else NON_FIELD_ERRORS
        errors.setdefault(key, []).extend(map(_scrubbed_too_long, field_errors))
    return ValidationError(errors)


def _scrubbed_too_long(error: ValidationError) -> ValidationError:
    if error.code != "max_length" or not error.params:
        return error
    message = _(
        "När personuppgifter byts mot markeringar som [personnummer] blir texten "
        "%(length)s tecken lång, och högst %(limit)s tecken får plats. Korta texten och "
        "skicka igen."
    )
    length, limit = error.params["show_value"], error.params["limit_value"]
    values = {"length": format_number(length), "limit": format_number(limit)}
    return ValidationError(message % values, code="max_length")


@require_GET
def unsafe_place_thanks(request: HttpRequest, code: str) -> HttpResponse:
    """Thank the citizen and tell what happens next."""
    return render(request, "public/thanks.html", {"municipality": _published(code)})


# --- the coordinator's switch ---------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def public_settings(request: HttpRequest) -> HttpResponse:
    """Let a coordinator publish or withdraw the public page of their municipalities."""
    allowed = reviewed_municipality_ids(request.user)
    if not allowed:
        raise PermissionDenied(_("Bara samordnare ändrar den publika sidan."))
    if request.method == "POST":
        form = PublicPageForm(request.POST)
        if not form.is_valid():
            return _bad_request(request, _("Ange kommunen och om sidan ska vara publicerad."))
        municipality = Municipality.objects.filter(
            pk__in=allowed, code=form.cleaned_data["kommun"]
        ).first()
        if municipality is None:
            raise Http404
        municipality = set_public_page(
            municipality, form.cleaned_data["enabled"], request.user, request
        )
        messages.success(request, _published_message(municipality))
        return redirect("public-settings")
    municipalities = Municipality.objects.filter(pk__in=allowed).order_by("name")
    return render(request, "public/settings.html", {"municipalities": municipalities})


def _published_message(municipality: Municipality) -> str:
    if municipality.public_page_enabled:
        return _("Den publika sidan för %(name)s är publicerad.") % {"name": municipality.name}
    return _("Den publika sidan för %(name)s är stängd.") % {"name": municipality.name}
