"""The weekly lägesbild as tables and map layers for CSV, Excel and GeoJSON exports.

Everything comes from the ``WeeklyPicture`` and ``WeeklyAnalysis`` the page shows, computed for
the same viewer, so a file never holds more than the screen: report text is already None where
the viewer may not read it.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from lagesbild.areas.models import Municipality
from lagesbild.briefings.analysis import WeeklyAnalysis
from lagesbild.briefings.notes import (
    first_week_note,
    method_label,
    methods_used,
    sensitive_included_note,
    waiting_note,
    week_in_progress_note,
)
from lagesbild.briefings.services import ReportRow, Row, WeeklyPicture, district_features
from lagesbild.categories.sensitivity import sensitive_left_out_note
from lagesbild.core.exports import (
    COORDINATE,
    DECIMAL,
    EXPECTATION,
    WHOLE_PERCENT,
    Column,
    Sheet,
    report_point,
    to_csv,
    to_geojson,
    to_xlsx,
)
from lagesbild.core.stats.surveillance import printed_expectation
from lagesbild.core.weekly import PERCENT_MIN_COUNT
from lagesbild.reports.models import Report

WEEK_TABLES = ("reports", "categories", "districts")
WEEK_LAYERS = ("reports", "districts")


def comparison_columns(label: str, in_progress: bool = False) -> list[Column]:
    """Return the columns of a category or district table. The change columns' headings say
    when a change is given, so that a CSV file, which has no notes, says why a cell is empty."""
    n = {"n": PERCENT_MIN_COUNT}
    if in_progress:
        previous = _("Förändring mot förra veckan (inte medan veckan pågår)")
        earlier = _("Förändring mot tidigare år (inte medan veckan pågår)")
    else:
        previous = _("Förändring mot förra veckan (bara när båda antalen är minst %(n)s)") % n
        earlier = _("Förändring mot tidigare år (bara när båda antalen är minst %(n)s)") % n
    return [
        Column("key", _("Kod")),
        Column("label", label),
        Column("count", _("Antal")),
        Column("previous", _("Förra veckan")),
        Column("change_previous", previous, WHOLE_PERCENT),
        Column("earlier_mean", _("Samma vecka tidigare år, snitt"), DECIMAL),
        Column("change_earlier", earlier, WHOLE_PERCENT),
        # The years averaged, not reports: "Antal tidigare år" beside "Antal" read as a count.
        Column("earlier_years", _("Antal år i snittet")),
    ]


def comparison_rows(rows: list[Row]) -> list[dict[str, Any]]:
    """Return the rows of a category or district table as plain dicts."""
    return [asdict(r.comparison) | {"key": r.key, "label": r.label} for r in rows]


def week_report_columns() -> list[Column]:
    return [
        Column("id", _("Nr")),
        Column("occurred_from", _("Inträffade (från)")),
        Column("occurred_to", _("Inträffade (till)")),
        Column("category", _("Kategorikod")),
        Column("category_label", _("Kategori")),
        Column("district", _("Stadsdel")),
        Column("organisation", _("Organisation")),
        Column("insecurity", _("Upplevd otrygghet")),
        Column("latitude", _("Latitud"), COORDINATE),
        Column("longitude", _("Longitud"), COORDINATE),
        Column("reviewed", _("Granskad")),
        Column("synthetic", _("Syntetisk")),
        Column("place_text", _("Plats")),
        Column("description", _("Beskrivning")),
    ]


def week_report_rows(picture: WeeklyPicture) -> list[dict[str, Any]]:
    """Return the week's reports as rows: local times, the page's marker where text is hidden."""
    hidden = _("(text visas ej)")
    rows = []
    for r in picture.reports:
        row = asdict(r)
        row["occurred_from"] = timezone.localtime(r.occurred_from)
        row["occurred_to"] = timezone.localtime(r.occurred_to) if r.occurred_to else None
        for key in ("place_text", "description"):
            row[key] = hidden if row[key] is None else row[key]
        rows.append(row)
    return rows


def alert_columns() -> list[Column]:
    return [
        Column("sentence", _("Larm")),
        Column("observed", _("Antal")),
        Column("expected", _("Väntat"), EXPECTATION),
        Column("alarm_level", _("Larmgräns")),
        Column("method", _("Metod")),
    ]


def alert_rows(analysis: WeeklyAnalysis, in_progress: bool = False) -> list[dict[str, Any]]:
    """The alerts as the page gives them: the method by name ("EARS C1", not "ears_c1"). A week
    without an alarm has the page's sentence instead, and the counts held back by the 5-in-4
    rule after it, each as the page lists it (an empty sheet said nothing)."""
    if not analysis.alerts:
        notes = [analysis.no_alarm_note(in_progress), *(a.sentence for a in analysis.held_back)]
        return [{"sentence": note} for note in notes]
    return [
        asdict(a)
        | {
            # The page's figure (an alert always has its expectation; the type allows none).
            "expected": None if a.expected is None else printed_expectation(a.expected)[0],
            "alarm_level": a.alarm_level,
            "method": method_label(a.method),
        }
        for a in analysis.alerts
    ]


def week_table(picture: WeeklyPicture, table: str) -> tuple[list[Column], list[dict[str, Any]]]:
    """Return one of WEEK_TABLES as (columns, rows), for a CSV file."""
    running = picture.in_progress
    if table == "categories":
        return comparison_columns(_("Kategori"), running), comparison_rows(picture.by_category)
    if table == "districts":
        return comparison_columns(_("Stadsdel"), running), comparison_rows(picture.by_district)
    return week_report_columns(), week_report_rows(picture)


def _about(picture: WeeklyPicture, analysis: WeeklyAnalysis) -> list[dict[str, Any]]:
    lines = [
        (_("Kommun"), f"{picture.municipality} ({picture.municipality_code})"),
        (_("Vecka"), str(picture.week)),
        (_("Period"), f"{picture.week.monday} – {picture.week.sunday}"),
        (_("Rapporter"), picture.total.count),
        (_("Ej granskade rapporter"), picture.unreviewed),
        (_("Jämförs med samma vecka åren"), ", ".join(picture.earlier_weeks) or "–"),
        (_("Metod för larm"), _methods(analysis)),
        (_("Skapad"), timezone.localtime()),
        *caveats(picture.sensitive_included, week_in_progress_note(picture.in_progress)),
        *week_caveats(picture, analysis),
    ]
    return [{"what": k, "value": v} for k, v in lines]


def _methods(analysis: WeeklyAnalysis) -> str:
    """The alert methods as the page names them, with their history (not the codes)."""
    if not analysis.methods:
        return "–"
    return methods_used(analysis.methods, analysis.history_weeks, analysis.history_capped)


def week_caveats(picture: WeeklyPicture, analysis: WeeklyAnalysis) -> list[tuple[str, str]]:
    """The week page's other notes on its figures, in its own words (``briefings.notes``): why
    a change column is empty, when reporting began, the reports waiting for review, that the
    figures hold sensitive categories (as the brief says), and a week without an alarm."""
    notes = [
        percent_note(),
        first_week_note(picture),
        waiting_note(picture.waiting),
        sensitive_included_note(picture.sensitive_included),
    ]
    if not analysis.alerts:
        notes.append(analysis.no_alarm_note(picture.in_progress))
    return [(_("Observera"), note) for note in notes if note]


def percent_note() -> str:
    """Why a file's change cell is empty: the page's rule, with its one minimum count."""
    return _(
        "Förändring i procent anges bara när båda antalen är minst %(n)s; annars är cellen tom."
    ) % {"n": PERCENT_MIN_COUNT}


def caveats(sensitive_included: bool, in_progress_note: str = "") -> list[tuple[str, str]]:
    """What the page says about its figures, so that a file passed on says it too: the
    sensitive reports left out, and the period's own note while it runs (the week's or the
    tertial's, which say why no change is given in per cent)."""
    notes = [in_progress_note]
    if not sensitive_included:
        notes.insert(0, sensitive_left_out_note())
    return [(_("Observera"), note) for note in notes if note]


def week_sheets(picture: WeeklyPicture, analysis: WeeklyAnalysis) -> list[Sheet]:
    """Return the week's tables, alerts and reports as worksheets."""
    return [
        Sheet(
            _("Kategorier"),
            comparison_columns(_("Kategori"), picture.in_progress),
            comparison_rows(picture.by_category),
        ),
        Sheet(
            _("Stadsdelar"),
            comparison_columns(_("Stadsdel"), picture.in_progress),
            comparison_rows(picture.by_district),
        ),
        Sheet(_("Larm"), alert_columns(), alert_rows(analysis, picture.in_progress)),
        Sheet(_("Rapporter"), week_report_columns(), week_report_rows(picture)),
        Sheet(
            _("Om"),
            [Column("what", _("Uppgift")), Column("value", _("Värde"))],
            _about(picture, analysis),
        ),
    ]


def week_report_features(picture: WeeklyPicture) -> list[dict[str, Any]]:
    """Return the week's reports with a point as GeoJSON features, text as the viewer sees it."""
    return [
        _report_feature(r, r.longitude, r.latitude)
        for r in picture.reports
        if r.longitude is not None and r.latitude is not None
    ]


def _report_feature(r: ReportRow, longitude: float, latitude: float) -> dict[str, Any]:
    # Only counted reports are in the week: accepted, or still waiting for review.
    values = asdict(r) | {
        "area_name": r.district,
        "organisation_name": r.organisation,
        "review_status": (Report.Review.ACCEPTED if r.reviewed else Report.Review.PENDING).value,
    }
    return report_point(values, longitude, latitude)


def week_district_features(municipality: Municipality, picture: WeeklyPicture) -> list[dict]:
    """Return the districts with this week's count, last week's and the earlier years' mean."""
    rows = {row.key: row.comparison for row in picture.by_district}
    features = district_features(municipality, picture)["features"]
    for feature in features:
        district = feature["properties"]
        comparison = rows.get(district["code"])
        feature["properties"] = {
            "area": district["code"],
            "area_name": district["name"],
            "count": district["count"],
            "previous": comparison.previous if comparison else None,
            "earlier_mean": comparison.earlier_mean if comparison else None,
        }
    return features


def week_file(
    municipality: Municipality,
    picture: WeeklyPicture,
    analysis: WeeklyAnalysis,
    fmt: str,
    part: str = "",
) -> bytes:
    """Return the week as Excel (every table), CSV (table ``part``) or GeoJSON (layer ``part``)."""
    if fmt == "xlsx":
        return to_xlsx(week_sheets(picture, analysis))
    if fmt == "csv":
        columns, rows = week_table(picture, part or WEEK_TABLES[0])
        return to_csv(rows, columns)
    if part == "districts":
        return to_geojson(week_district_features(municipality, picture))
    return to_geojson(week_report_features(picture))
