"""The weekly meeting's agenda, generated from the lägesbild and stored with the meeting.

Order (the EST cycle): follow up last week first — open measures, then how last week's focus
areas fared (PAI) — then this week's alerts, hotspots and repeat places. The agenda is stored as
plain JSON on ``Meeting.agenda`` so the minutes show what the meeting saw, even when reports are
reviewed or added later.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import Any, Protocol

from lagesbild.areas.models import Municipality
from lagesbild.core.weeks import IsoWeek
from lagesbild.measures.models import Measure
from lagesbild.organisations import access
from lagesbild.organisations.access import Viewer

# Items shown per analysis section: a meeting cannot discuss fifty hexagons.
MAX_ITEMS = 10


class Analysis(Protocol):
    """What the agenda needs of ``lagesbild.briefings.analysis.WeeklyAnalysis``."""

    def as_dict(self) -> dict[str, Any]: ...


Analyse = Callable[[Viewer, Municipality, IsoWeek], Analysis]


def partnership_viewer(municipality: Municipality) -> Viewer:
    """Return the viewer an agenda is computed for: all partners; no sensitive category, no text.

    The agenda is read by all partners at the meeting and stored for all members of the
    municipality, so it shows only what every one of them may see.
    """
    return access.partnership_viewer(municipality.pk)


def _number(value: Any, decimals: int = 1) -> str:
    if isinstance(value, int) or (
        isinstance(value, float) and value.is_integer() and decimals == 0
    ):
        return str(int(value))
    if isinstance(value, float):
        return f"{value:.{decimals}f}".replace(".", ",")
    return str(value)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _first(item: Mapping[str, Any], *keys: str) -> Any:
    """Return the first of ``keys`` that ``item`` has a value for."""
    for key in keys:
        if item.get(key) not in (None, ""):
            return item[key]
    return None


def _share(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)}\u00a0%"


def measure_item(measure: Measure, on: date) -> dict[str, Any]:
    """Return one open measure as an agenda line: status, owner, due date, overdue flag."""
    meeting = measure.decided_at_meeting
    return {
        "id": measure.pk,
        "title": measure.title,
        "status": measure.status,
        "status_label": str(measure.get_status_display()),
        "owner": measure.owner.name if measure.owner else None,
        "due_date": measure.due_date.isoformat() if measure.due_date else None,
        "overdue": bool(measure.due_date and measure.due_date < on),
        "decided_week": meeting.iso_week if meeting else None,
        "follow_up": measure.follow_up,
    }


def _pai_row(
    focus: Mapping[str, Any], focus_pai: Mapping[str, Any] | None
) -> Mapping[str, Any] | None:
    """Find the analysis' row for one focus area (same meeting, so rank and label identify it)."""
    for row in (focus_pai or {}).get("areas") or []:
        if row.get("rank") == focus["rank"] and row.get("label") == focus["label"]:
            return row
    return None


def pai_sentence(
    n_in: int,
    n_total: int,
    share_reports: float | None,
    share_area: float | None,
    pai: float | None,
) -> str:
    """Say how well a focus area held the week's reports, with the numbers behind its PAI."""
    if not n_total:
        return "Inget PAI: inga placerade rapporter denna vecka."
    if pai is None:
        return f"Inget PAI: {n_in} av {n_total} rapporter; platsen har ingen yta inom stadsdelarna."
    return (
        f"{n_in} av {n_total} rapporter ({_share(share_reports)}) på {_share(share_area)} av ytan: "
        f"PAI {_number(float(pai))}."
    )


def focus_item(focus: Mapping[str, Any], focus_pai: Mapping[str, Any] | None) -> dict[str, Any]:
    """Return last week's focus area with how it fared this week (PAI) when the analysis has it."""
    row = _pai_row(focus, focus_pai)
    if row is None:
        return {**focus, "pai": None, "count": None, "sentence": None}
    total = focus_pai.get("reports_total", 0)
    sentence = pai_sentence(
        row["reports_in"], total, row.get("share_reports"), row.get("share_area"), row.get("pai")
    )
    return {**focus, "pai": row.get("pai"), "count": row["reports_in"], "sentence": sentence}


def focus_summary(focus_pai: Mapping[str, Any] | None) -> str | None:
    """Say how all focus areas together fared, when there were more than one."""
    if not focus_pai or len(focus_pai.get("areas") or []) < 2:
        return None
    total = focus_pai.get("reports_total") or 0
    share_area = (
        focus_pai["area_in_m2"] / focus_pai["area_total_m2"]
        if focus_pai.get("area_total_m2")
        else None
    )
    share_reports = focus_pai["reports_in"] / total if total else None
    text = pai_sentence(
        focus_pai["reports_in"], total, share_reports, share_area, focus_pai.get("pai")
    )
    return f"Alla fokusområden tillsammans: {text}"


def alert_item(alert: Mapping[str, Any]) -> dict[str, Any]:
    """Return an alert as an agenda line; the analysis' own sentence carries the numbers."""
    item = _jsonable(alert)
    where = ", ".join(
        str(v) for v in (alert.get("category_label"), alert.get("district_name")) if v
    )
    item["text"] = _first(alert, "sentence") or f"{where}: {alert.get('observed')} rapporter"
    return item


def hotspot_item(hotspot: Mapping[str, Any]) -> dict[str, Any]:
    """Return a hot cell as an agenda line named by its place; the cell id stays in the item's data
    (so it can become a focus area) but never in the text."""
    item = {k: _jsonable(v) for k, v in hotspot.items() if k != "polygon"}  # the map has the shape
    district = hotspot.get("district_name")
    name = hotspot.get("name")
    if name and district:
        where = f"{name} ({district})"
    else:
        where = name or district or "Utanför stadsdelarna"
    text = f"{where}: {hotspot.get('count', 0)} rapporter under perioden"
    if hotspot.get("week_count") is not None:
        text += f", varav {hotspot['week_count']} denna vecka"
    if hotspot.get("z") is not None:
        text += f" (Gi* z = {_number(float(hotspot['z']))})"
    item["text"] = text
    return item


def repeat_place_item(place: Mapping[str, Any]) -> dict[str, Any]:
    """Return a repeat place as an agenda line: its name, else its district."""
    item = {k: _jsonable(v) for k, v in place.items() if k != "dates"}
    where = place.get("label") or (
        f"En plats i {place['district_name']}" if place.get("district_name") else "En plats"
    )
    first, last = _jsonable(place.get("first")), _jsonable(place.get("last"))
    text = f"{where}: {place.get('count', 0)} rapporter {first} – {last}"
    if place.get("categories"):
        text += f" ({', '.join(place['categories'])})"
    item["text"] = text
    return item


def police_summary(events: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """Return the week's police events as one line: how many, of which kinds."""
    if not events:
        return []
    kinds = ", ".join(f"{kind} {n}" for kind, n in (events.get("by_type") or [])[:5])
    text = f"{events.get('total', 0)} händelser publicerade av {events.get('source', 'polisen')}"
    return [{"total": events.get("total", 0), "text": f"{text}: {kinds}." if kinds else f"{text}."}]


def related_measures(measures: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Return the open measures that already touch a flagged district or category."""
    return [{"id": m["id"], "title": m["title"], "owner": m.get("owner")} for m in measures]


def _section(
    key: str, items: list[dict[str, Any]], available: bool = True, **extra: Any
) -> dict[str, Any]:
    return {"key": key, "items": items, "available": available, **extra}


def build_agenda(
    on: date,
    open_measures: Iterable[Measure],
    previous_focus: Iterable[Mapping[str, Any]],
    analysis: Mapping[str, Any] | None,
) -> list[dict[str, Any]]:
    """Return the agenda's sections in meeting order, as plain JSON.

    ``analysis`` is ``WeeklyAnalysis.as_dict()``; None when no analysis could be made, and then
    its sections say so instead of pretending the week was quiet.
    """
    known = analysis is not None
    data = analysis or {}
    # In the analysis' order (level, then how far above the threshold); only alarms are items.
    alerts = [a for a in data.get("alerts") or [] if a.get("alarm", True)]
    period = f"{data['hotspot_from']} – {data['hotspot_to']}" if data.get("hotspot_from") else None
    sections = [
        _section("measures", [measure_item(m, on) for m in open_measures]),
        _section(
            "focus",
            [focus_item(f, data.get("focus_pai")) for f in previous_focus],
            known,
            summary=focus_summary(data.get("focus_pai")),
        ),
        _section(
            "alerts",
            [alert_item(a) for a in alerts[:MAX_ITEMS]],
            known,
            related=related_measures(data.get("measures_in_flagged") or []),
        ),
        _section(
            "hotspots",
            [hotspot_item(h) for h in (data.get("hotspots") or [])[:MAX_ITEMS]],
            known,
            period=period,
        ),
        _section(
            "repeat_places",
            [repeat_place_item(p) for p in (data.get("repeat_places") or [])[:MAX_ITEMS]],
            known,
        ),
    ]
    # No events may mean no import ran, not a quiet week: then the section is left out.
    if (data.get("police_events") or {}).get("total"):
        sections.append(_section("police", police_summary(data["police_events"])))
    return sections
