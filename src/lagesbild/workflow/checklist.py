"""The first-run checklist: what each page still lacks for a municipality, and where to add it.

"Brå saknas för 2025 → ladda upp": every item names the page that needs the data, what is
missing and the place to add it (the import page with the source chosen, or the command line).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.urls import reverse
from django.utils.translation import gettext as _

from lagesbild.annual.queries import bra_years
from lagesbild.areas.models import Area, Municipality
from lagesbild.official.models import PoliceEvent, Population
from lagesbild.places.models import Place
from lagesbild.reports.models import Report

# Police events older than this count as "not kept up to date".
RECENT_EVENT_DAYS = 30


@dataclass(frozen=True)
class ChecklistItem:
    page: str
    ok: bool
    message: str
    link: str = ""  # where to add what is missing ("" when it is done at the command line)
    link_label: str = ""


def _data_link(municipality: Municipality, source: str, year: int | None = None) -> str:
    query = f"?kommun={municipality.code}&kalla={source}"
    return reverse("official-data") + query + (f"&ar={year}" if year else "")


def _bra(municipality: Municipality, year: int) -> ChecklistItem:
    if year in bra_years(municipality.code):
        return ChecklistItem(_("Årsrapport"), True, _("Brå finns för %(year)s.") % {"year": year})
    return ChecklistItem(
        _("Årsrapport"),
        False,
        _("Brå saknas för %(year)s") % {"year": year},
        _data_link(municipality, "bra", year),
        _("ladda upp"),
    )


def _population(municipality: Municipality, year: int) -> ChecklistItem:
    page = _("Årsrapport (per 100 000 invånare)")
    if Population.objects.filter(municipality_code=municipality.code, year=year).exists():
        return ChecklistItem(page, True, _("Folkmängd finns för %(year)s.") % {"year": year})
    return ChecklistItem(
        page,
        False,
        _("Folkmängd (SCB) saknas för %(year)s") % {"year": year},
        _data_link(municipality, "scb"),
        _("ladda upp"),
    )


def _police_events(municipality: Municipality, today: date) -> ChecklistItem:
    page = _("Veckans lägesbild (polisens händelser)")
    since = today - timedelta(days=RECENT_EVENT_DAYS)
    events = PoliceEvent.objects.filter(municipality_code=municipality.code)
    if events.filter(event_time__date__gte=since).exists():
        return ChecklistItem(page, True, _("Polisens händelser är aktuella."))
    return ChecklistItem(
        page,
        False,
        _("Polisens händelser saknas för de senaste %(days)s dagarna")
        % {"days": RECENT_EVENT_DAYS},
        _data_link(municipality, "polisen"),
        _("ladda upp"),
    )


def _districts(municipality: Municipality) -> ChecklistItem:
    page = _("Karta och stadsdelar")
    if Area.objects.filter(municipality=municipality, kind=Area.Kind.DISTRICT).exists():
        return ChecklistItem(page, True, _("Stadsdelar finns."))
    return ChecklistItem(
        page,
        False,
        _("Stadsdelar saknas: ladda upp dem som GeoJSON"),
        _data_link(municipality, "areas"),
        _("ladda upp"),
    )


def _gazetteer(municipality: Municipality) -> ChecklistItem:
    page = _("Rapporter givna med adress eller platsnamn")
    if Place.objects.filter(municipality=municipality).exists():
        return ChecklistItem(page, True, _("Ortnamnsregistret har platser."))
    return ChecklistItem(
        page,
        False,
        _("Ortnamnsregistret är tomt: en rapport utan kartnål får ingen punkt av sin plats"),
        reverse("place-list", kwargs={"code": municipality.code}),
        _("lägg till platser"),
    )


def _reports(municipality: Municipality) -> ChecklistItem:
    page = _("Veckans lägesbild")
    if Report.objects.filter(municipality=municipality).exists():
        return ChecklistItem(page, True, _("Det finns rapporter."))
    return ChecklistItem(
        page, False, _("Inga rapporter än"), reverse("report-import"), _("importera")
    )


def checklist(municipality: Municipality, today: date) -> list[ChecklistItem]:
    """Return what the municipality's pages need, missing items first."""
    last_year = today.year - 1
    items = [
        _reports(municipality),
        _districts(municipality),
        _gazetteer(municipality),
        _bra(municipality, last_year),
        _population(municipality, last_year),
        _police_events(municipality, today),
    ]
    return sorted(items, key=lambda item: item.ok)
