"""The meeting's minutes: one HTML partial for the page and the PDF (WeasyPrint, no browser)."""

from __future__ import annotations

from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from lagesbild.categories.models import Category
from lagesbild.core.weeks import parse_iso_week
from lagesbild.measures.history import category_names
from lagesbild.measures.models import Measure
from lagesbild.meetings.agenda import Labels, localised
from lagesbild.meetings.models import Meeting
from lagesbild.web.pdf import html_to_pdf

DOCUMENT_CSS = "meetings/document.css"
SECTION_TITLES = {
    "measures": _("Uppföljning av åtgärder"),
    "focus": _("Förra veckans fokusområden"),
    "alerts": _("Larm: ovanligt många rapporter"),
    "hotspots": _("Brännpunkter"),  # as the week page and the brief name them
    "repeat_places": _("Upprepade platser"),
    "police": _("Polisens händelser"),
}


def _section_title(key: object) -> object:
    """The title of a stored section's key; a key without one is shown as it is."""
    return SECTION_TITLES.get(key, key) if isinstance(key, str) else key


def agenda_sections(meeting: Meeting) -> list[dict[str, Any]]:
    """Return the stored agenda's sections, in stored order, with their titles and lines in the
    active language."""
    labels = Labels(
        statuses={value: str(label) for value, label in Measure.Status.choices},
        categories={c.code: c.name for c in Category.objects.filter(parent__isnull=True)},
        municipality=meeting.municipality.name,
        week=parse_iso_week(meeting.iso_week).week,
        category_names=category_names(),
    )
    return [
        {
            **localised(section, labels),
            "title": _section_title(section.get("key")),
        }
        for section in meeting.agenda or []
        if isinstance(section, dict)
    ]


def minutes_context(meeting: Meeting) -> dict[str, Any]:
    """Return what the meeting page and the minutes document show."""
    return {
        "meeting": meeting,
        "sections": agenda_sections(meeting),
        "participants": list(meeting.participants.order_by("name")),
        "focus_areas": list(
            meeting.focus_areas.select_related("area", "organisation").order_by("rank")
        ),
        "decisions": list(
            meeting.decisions.select_related("owner")
            .prefetch_related("areas", "categories", "partners")
            .order_by("pk")
        ),
    }


def document_css() -> str:
    """Return the minutes' print stylesheet from the app's static files."""
    path = finders.find(DOCUMENT_CSS)
    if path is None:
        raise FileNotFoundError(f"static file {DOCUMENT_CSS} not found")
    with open(path, encoding="utf-8") as f:
        return f.read()


def render_document(meeting: Meeting) -> str:
    """Return the minutes as one self-contained HTML document."""
    return render_to_string(
        "meetings/minutes_document.html", minutes_context(meeting) | {"css": document_css()}
    )


def render_pdf(meeting: Meeting) -> bytes:
    """Return the minutes as PDF, rendered from the same HTML partial as the page."""
    return html_to_pdf(render_document(meeting))
