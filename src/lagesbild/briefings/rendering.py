"""Documents of the weekly lägesbild and the tertial analysis: HTML, PDF (WeasyPrint) and Excel.

The page, the CLI's HTML and the PDF share one partial per report (``briefings/_week_body.html``,
``briefings/_tertial_body.html``), so the meeting room prints what the screen shows.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from lagesbild.areas.models import Area, Municipality
from lagesbild.briefings.analysis import WeeklyAnalysis
from lagesbild.briefings.geo import SvgProjection, union
from lagesbild.briefings.services import WeeklyPicture
from lagesbild.briefings.tertial import LoadRow, TertialAnalysis
from lagesbild.core.exports import neutralise_formula
from lagesbild.web.pdf import html_to_pdf

WEEK_EXPORTED = "lagesbild.week.exported"
TERTIAL_EXPORTED = "lagesbild.tertial.exported"
# The one neutralisation lives in the core (core/exports.py); the old name stays for callers.
safe_cell = neutralise_formula


# ---------------------------------------------------------------------------
# Static map (SVG, drawn on the server; no browser, no tiles)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SvgShape:
    d: str
    label: str
    opacity: float = 0.0


@dataclass(frozen=True)
class SvgMap:
    width: float
    height: float
    districts: tuple[SvgShape, ...]
    labels: tuple[tuple[float, float, str], ...]
    hotspots: tuple[SvgShape, ...]
    points: tuple[tuple[float, float, int], ...]


def static_map(
    municipality: Municipality, picture: WeeklyPicture, analysis: WeeklyAnalysis
) -> SvgMap | None:
    """Project districts, hot cells and the week's report points onto an SVG canvas."""
    districts = list(Area.objects.filter(municipality=municipality, kind=Area.Kind.DISTRICT))
    if not districts:
        return None
    projection = SvgProjection(union(d.geometry for d in districts).bounds)
    counts = {row.key: row.comparison.count for row in picture.by_district}
    most = max([1, *counts.values()])
    labels = []
    for d in districts:
        point = union([d.geometry]).representative_point()
        labels.append((*projection.point(point.x, point.y), d.name))
    return SvgMap(
        width=projection.width,
        height=projection.height,
        # The same shading as the page's map: 0.05 for none, up to 0.55 for the busiest district.
        districts=tuple(
            SvgShape(projection.path(d.geometry), d.name, 0.05 + 0.5 * counts.get(d.code, 0) / most)
            for d in districts
        ),
        labels=tuple(labels),
        hotspots=tuple(
            SvgShape(projection.path(h.polygon), h.district_name or "") for h in analysis.hotspots
        ),
        points=tuple(
            (*projection.point(r.longitude, r.latitude), r.insecurity)
            for r in picture.reports
            if r.latitude is not None
        ),
    )


# ---------------------------------------------------------------------------
# Weekly lägesbild
# ---------------------------------------------------------------------------


def week_document(
    municipality: Municipality, picture: WeeklyPicture, analysis: WeeklyAnalysis
) -> str:
    """Return the week as one self-contained HTML document (styles and map inline)."""
    context = {
        "picture": picture,
        "analysis": analysis,
        "svg_map": static_map(municipality, picture, analysis),
        "generated_at": timezone.localtime(),
    }
    return render_to_string("briefings/week_document.html", context)


def week_pdf(municipality: Municipality, picture: WeeklyPicture, analysis: WeeklyAnalysis) -> bytes:
    return html_to_pdf(week_document(municipality, picture, analysis))


# ---------------------------------------------------------------------------
# Tertial analysis
# ---------------------------------------------------------------------------


def tertial_document(analysis: TertialAnalysis) -> str:
    context = {"analysis": analysis, "generated_at": timezone.localtime()}
    return render_to_string("briefings/tertial_document.html", context)


def tertial_pdf(analysis: TertialAnalysis) -> bytes:
    return html_to_pdf(tertial_document(analysis))


def _ranking_rows(analysis: TertialAnalysis) -> list[list[Any]]:
    def line(r: LoadRow) -> list[Any]:
        return [
            r.rank,
            r.label,
            r.load,
            r.count,
            r.previous,
            r.change_previous,
            r.last_year,
            r.change_last_year,
            "ja" if r.small_counts else "nej",
        ]

    return [line(r) for r in (*analysis.districts, analysis.outside, analysis.total)]


def tertial_xlsx(analysis: TertialAnalysis) -> bytes:
    """Return the ranking and the per-category loads as an Excel workbook."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    ranking = book.active
    ranking.title = "Rangordning"
    ranking.append(
        [
            "Rang",
            "Stadsdel",
            "Belastning",
            "Rapporter",
            f"Belastning {analysis.previous}",
            "Förändring",
            f"Belastning {analysis.last_year}",
            "Förändring",
            "Små tal",
        ]
    )
    for row in _ranking_rows(analysis):
        ranking.append([neutralise_formula(v) for v in row])
    for column in ("F", "H"):
        for cell in ranking[column][1:]:
            cell.number_format = "0%"
    per_category = book.create_sheet("Per kategori")
    per_category.append(["Stadsdel", *(label for _, label in analysis.categories), "Totalt"])
    for r in (*analysis.districts, analysis.outside, analysis.total):
        per_category.append(
            [
                neutralise_formula(r.label),
                *(r.by_category[c] for c, _ in analysis.categories),
                r.load,
            ]
        )
    about = book.create_sheet("Om")
    for line in _about(analysis):
        about.append([neutralise_formula(v) for v in line])
    for sheet in book.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _about(analysis: TertialAnalysis) -> list[list[Any]]:
    return [
        ["Kommun", f"{analysis.municipality} ({analysis.municipality_code})"],
        ["Period", analysis.tertial.label_sv],
        ["Jämförs med", f"{analysis.previous} och {analysis.last_year}"],
        ["Belastning", "Summan av rapporternas bedömda otrygghet (1–3)"],
        ["Ej granskade rapporter i perioden", analysis.unreviewed],
        ["Små tal", "Förändringar där någon period har färre än 20 rapporter är osäkra"],
    ]
