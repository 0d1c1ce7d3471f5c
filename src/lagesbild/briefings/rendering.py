"""Documents of the weekly lägesbild and the tertial analysis: HTML, PDF (WeasyPrint) and Excel.

The page, the CLI's HTML and the PDF share one partial per report (``briefings/_week_body.html``,
``briefings/_tertial_body.html``), so the meeting room prints what the screen shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, npgettext

from lagesbild.areas.models import Area, Municipality
from lagesbild.briefings.analysis import WeeklyAnalysis
from lagesbild.briefings.brief import WeeklyBrief
from lagesbild.briefings.exports import caveats
from lagesbild.briefings.geo import SvgProjection, union
from lagesbild.briefings.notes import tertial_review_notes
from lagesbild.briefings.services import WeeklyPicture
from lagesbild.briefings.tertial import LoadRow, TertialAnalysis
from lagesbild.core.exports import WHOLE_PERCENT, Column, Sheet, neutralise_formula, to_xlsx
from lagesbild.core.i18n import format_number
from lagesbild.organisations.access import Viewer
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
class SvgPoint:
    """A report's dot: its insecurity (1–3) drawn by colour and by size, so that the level reads
    in grey print and without telling green, brown and red apart."""

    x: float
    y: float
    level: int
    radius: float


@dataclass(frozen=True)
class PaperBox:
    """The box a layout gives the map on paper (millimetres): type and dots are sized for it."""

    width_mm: float
    height_mm: float


# Keep in step with the documents' CSS: the week's `.static-map svg` (the page's width inside
# 12 mm margins, at most 13 cm high) and the brief's `.brief-map svg` (half the page beside the
# hotspots, at most 70 mm high).
WEEK_MAP_BOX = PaperBox(186, 130)
BRIEF_MAP_BOX = PaperBox(86, 70)
LABEL_PT = 7.5  # district names: no smaller on paper than the brief's captions
DOT_RADIUS_PT = {1: 1.5, 2: 2.2, 3: 3.0}  # insecurity 1, 2, 3: small, medium, large
MAP_MARGIN = 4  # the viewBox's margin around the districts, in map units
PT_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class SvgMap:
    width: float
    height: float
    districts: tuple[SvgShape, ...]
    labels: tuple[tuple[float, float, str], ...]
    hotspots: tuple[SvgShape, ...]
    points: tuple[SvgPoint, ...]
    label_size: float  # in map units, so that names print at LABEL_PT in the layout's box
    unit_pt: float  # one map unit on paper, in points
    description: str  # the text alternative: what the map shows, with the same figures

    @property
    def halo(self) -> float:
        """The white outline that keeps a name readable over a hot cell or a dot."""
        return self.label_size * 0.3

    @property
    def dot_stroke(self) -> float:
        return 0.5 / self.unit_pt


def static_map(
    municipality: Municipality,
    picture: WeeklyPicture,
    analysis: WeeklyAnalysis,
    box: PaperBox = WEEK_MAP_BOX,
) -> SvgMap | None:
    """Project districts, hot cells and the week's report points onto an SVG canvas, with type
    and dots sized for the ``box`` the layout prints the map in."""
    districts = list(Area.objects.filter(municipality=municipality, kind=Area.Kind.DISTRICT))
    if not districts:
        return None
    projection = SvgProjection(union(d.geometry for d in districts).bounds)
    # The SVG keeps its aspect inside the box, so the tighter side sets the scale.
    unit_mm = min(
        box.width_mm / (projection.width + 2 * MAP_MARGIN),
        box.height_mm / (projection.height + 2 * MAP_MARGIN),
    )
    unit_pt = unit_mm * PT_PER_MM
    counts = {row.key: row.comparison.count for row in picture.by_district}
    most = max([1, *counts.values()])
    labels = []
    for d in districts:
        point = union([d.geometry]).representative_point()
        labels.append((*projection.point(point.x, point.y), d.name))
    points = tuple(
        SvgPoint(
            *projection.point(r.longitude, r.latitude),
            r.insecurity,
            DOT_RADIUS_PT.get(r.insecurity, DOT_RADIUS_PT[1]) / unit_pt,
        )
        for r in picture.reports
        if r.longitude is not None and r.latitude is not None
    )
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
            SvgShape(projection.path(h.polygon), h.name or h.district_name or "")
            for h in analysis.hotspots
        ),
        points=points,
        label_size=max(11.0, LABEL_PT / unit_pt),
        unit_pt=unit_pt,
        description=map_description(picture, analysis, len(points)),
    )


def map_description(picture: WeeklyPicture, analysis: WeeklyAnalysis, mapped: int) -> str:
    """Say what the static map shows in figures a reader without the picture can use: the busiest
    districts, how many hotspots, how many reports have a pin."""
    busiest = sorted(
        (row for row in picture.by_district if row.key and row.comparison.count),
        key=lambda row: -row.comparison.count,
    )[:3]
    districts = ", ".join(f"{row.label} {format_number(row.comparison.count)}" for row in busiest)
    most = (
        _("flest i %(districts)s") % {"districts": districts}
        if busiest
        else _("inga rapporter i stadsdelarna")
    )
    hot = len(analysis.hotspots)
    hotspots = npgettext("map", "%(n)s brännpunkt", "%(n)s brännpunkter", hot) % {
        "n": format_number(hot)
    }
    pins = ngettext("%(n)s rapport med kartnål", "%(n)s rapporter med kartnål", mapped) % {
        "n": format_number(mapped)
    }
    return _("Karta över veckans rapporter per stadsdel: %(most)s; %(hotspots)s; %(pins)s.") % {
        "most": most,
        "hotspots": hotspots,
        "pins": pins,
    }


# ---------------------------------------------------------------------------
# Weekly lägesbild
# ---------------------------------------------------------------------------


def week_document(
    municipality: Municipality,
    picture: WeeklyPicture,
    analysis: WeeklyAnalysis,
    viewer: Viewer | None = None,
) -> str:
    """Return the week as one self-contained HTML document (styles and map inline); with the
    ``viewer`` it was made for, it also carries the page's near-repeat warnings and reporting
    effort note, as that viewer sees them."""
    context = {
        "picture": picture,
        "analysis": analysis,
        "svg_map": static_map(municipality, picture, analysis),
        "generated_at": timezone.localtime(),
        "viewer": viewer,
    }
    return render_to_string("briefings/week_document.html", context)


def week_pdf(
    municipality: Municipality,
    picture: WeeklyPicture,
    analysis: WeeklyAnalysis,
    viewer: Viewer | None = None,
) -> bytes:
    return html_to_pdf(week_document(municipality, picture, analysis, viewer))


def brief_document(municipality: Municipality, brief: WeeklyBrief) -> str:
    """Return the two-page brief as one self-contained HTML document."""
    context = {
        "brief": brief,
        "svg_map": static_map(municipality, brief.picture, brief.analysis, BRIEF_MAP_BOX),
        "generated_at": timezone.localtime(),
    }
    return render_to_string("briefings/brief_document.html", context)


def brief_pdf(municipality: Municipality, brief: WeeklyBrief) -> bytes:
    return html_to_pdf(brief_document(municipality, brief))


# ---------------------------------------------------------------------------
# Tertial analysis
# ---------------------------------------------------------------------------


def tertial_document(analysis: TertialAnalysis) -> str:
    context = {"analysis": analysis, "generated_at": timezone.localtime()}
    return render_to_string("briefings/tertial_document.html", context)


def tertial_pdf(analysis: TertialAnalysis) -> bytes:
    return html_to_pdf(tertial_document(analysis))


def _ranking_columns(analysis: TertialAnalysis) -> list[Column]:
    return [
        Column("rank", _("Rang")),
        Column("label", _("Stadsdel")),
        Column("load", _("Belastning")),
        Column("count", _("Rapporter")),
        Column("previous", _("Belastning %(period)s") % {"period": analysis.previous}),
        Column("change_previous", _("Förändring"), WHOLE_PERCENT),
        Column("last_year", _("Belastning %(period)s") % {"period": analysis.last_year}),
        Column("change_last_year", _("Förändring"), WHOLE_PERCENT),
        Column("small_counts", _("Små tal")),
    ]


def _ranking_row(r: LoadRow, in_progress: bool) -> dict[str, Any]:
    """One row of the ranking; "Små tal" is empty while the tertial runs, since then no change
    is given whatever the counts (the "Om" sheet says so)."""
    small_counts = (_("ja") if r.small_counts else _("nej")) if not in_progress else None
    return {
        "rank": r.rank,
        "label": r.label,
        "load": r.load,
        "count": r.count,
        "previous": _no_figures(r.previous),
        "change_previous": r.change_previous,
        "last_year": _no_figures(r.last_year),
        "change_last_year": r.change_last_year,
        "small_counts": small_counts,
    }


def _no_figures(load: int | None) -> int | str:
    """A period before reporting began as the page writes it: "–", not an empty cell or 0."""
    return "–" if load is None else load


def _per_category_row(r: LoadRow) -> dict[str, Any]:
    by_category = {f"category:{code}": load for code, load in r.by_category.items()}
    return {"label": r.label, "load": r.load, **by_category}


def tertial_xlsx(analysis: TertialAnalysis) -> bytes:
    """Return the ranking and the per-category loads as an Excel workbook: headings and no rows
    for a tertial before reporting began (its page has no tables), with the page's note."""
    rows = (*analysis.districts, analysis.outside, analysis.total) if analysis.counted else ()
    per_category = [
        Column("label", _("Stadsdel")),
        *(Column(f"category:{code}", label) for code, label in analysis.categories),
        Column("load", _("Totalt")),
    ]
    about = [Column("what", _("Uppgift")), Column("value", _("Värde"))]
    return to_xlsx(
        [
            Sheet(
                _("Rangordning"),
                _ranking_columns(analysis),
                [_ranking_row(r, analysis.in_progress) for r in rows],
            ),
            Sheet(
                _("Per kategori"),
                per_category,
                [_per_category_row(r) for r in rows],
            ),
            Sheet(_("Om"), about, [{"what": w, "value": v} for w, v in _about(analysis)]),
        ]
    )


def _about(analysis: TertialAnalysis) -> list[list[Any]]:
    return [
        [_("Kommun"), f"{analysis.municipality} ({analysis.municipality_code})"],
        [_("Period"), analysis.tertial.label],
        [
            _("Jämförs med"),
            _("%(previous)s och %(last_year)s")
            % {"previous": analysis.previous, "last_year": analysis.last_year},
        ],
        [_("Belastning"), _("Summan av rapporternas bedömda otrygghet (1–3)")],
        [_("Ej granskade rapporter i perioden"), analysis.unreviewed],
        *([[_("Observera"), analysis.reporting_note]] if analysis.reporting_note else []),
        [
            _("Små tal"),
            _("Ingen förändring i procent där någon av perioderna har färre än %(n)s rapporter")
            % {"n": analysis.percent_min},
        ],
        # The page's notes: "0" unreviewed beside a page whose reports wait for review read as
        # a contradiction, since the count holds only the reports that are counted already.
        *(
            [_("Observera"), note]
            for note in tertial_review_notes(analysis.unreviewed, analysis.waiting)
        ),
        *(list(c) for c in caveats(analysis.sensitive_included, analysis.in_progress_note)),
        # A file passed on says as the page does that its figures count sensitive categories.
        *([[_("Observera"), analysis.sensitive_note]] if analysis.sensitive_note else []),
    ]
