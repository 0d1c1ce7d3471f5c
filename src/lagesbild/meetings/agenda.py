"""The weekly meeting's agenda, generated from the lägesbild and stored with the meeting.

Order (the EST cycle): follow up last week first — open measures, then how last week's focus
areas fared (PAI) — then this week's alerts, hotspots and repeat places. The agenda is stored as
plain JSON on ``Meeting.agenda`` so the minutes show what the meeting saw, even when reports are
reviewed or added later. The lines are written in the language active when the agenda is made,
and :func:`localised` writes them again from the stored figures in the reader's language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lagesbild.areas.models import Municipality
from lagesbild.briefings.alerts import LEVEL_MUNICIPALITY, POOLED_LABEL
from lagesbild.briefings.formats import share_percent
from lagesbild.briefings.notes import nothing_counted_note, reporting_began_note
from lagesbild.briefings.places import place_share
from lagesbild.core.i18n import format_number
from lagesbild.core.narrative import MIN_COUNT, share_is_stated
from lagesbild.core.stats.surveillance import (
    AlertResult,
    explain_sv,
)
from lagesbild.core.weeks import IsoWeek, parse_iso_week
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
        return format_number(value, decimals)
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
    """A share as the weekly page's focus table prints it: never "0 %" for one above 0."""
    return share_percent(value)


# The fields of a measure that its agenda line shows and that its history (MeasureChange) keeps.
FOLLOWED_FIELDS = ("title", "owner", "status", "due_date", "follow_up")
STATUS_LABELS = dict(Measure.Status.choices)


def followed_values(measure: Measure) -> dict[str, Any]:
    """Return the measure's ``FOLLOWED_FIELDS`` now, written as its history keeps them."""
    return {
        "title": measure.title,
        "owner": measure.owner.name if measure.owner else None,
        "status": measure.status,
        "due_date": measure.due_date.isoformat() if measure.due_date else None,
        "follow_up": measure.follow_up,
    }


def measure_item(
    measure: Measure, on: date, then: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Return one measure to follow up as an agenda line: status, owner, due date, and whether
    it is overdue (only an open one can be: one done or cancelled is not late).

    ``then``: the measure's ``FOLLOWED_FIELDS`` as they stood on ``on`` (``services.values_at``),
    shown instead of today's, for an agenda of a past meeting.
    """
    values = then or followed_values(measure)
    status, due = values["status"], values["due_date"]
    meeting = measure.decided_at_meeting
    as_then = Measure(status=status, due_date=date.fromisoformat(due) if due else None)
    return {
        "id": measure.pk,
        "title": values["title"],
        "status": status,
        "status_label": str(STATUS_LABELS.get(status, status)),  # as made; shown from "status"
        "owner": values["owner"],
        "due_date": due,
        "overdue": as_then.is_overdue(on),
        "decided_week": meeting.iso_week if meeting else None,
        "follow_up": values["follow_up"],
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
        return _("Inget PAI: inga placerade rapporter denna vecka.")
    if pai is None:
        return ngettext(
            "Inget PAI: %(n_in)s av %(n_total)s rapport; platsen har ingen yta inom stadsdelarna.",
            "Inget PAI: %(n_in)s av %(n_total)s rapporter; platsen har ingen yta inom "
            "stadsdelarna.",
            n_total,
        ) % {"n_in": n_in, "n_total": n_total}
    if not share_is_stated(n_total):
        # A share, and so a PAI, of a handful of reports swings with one report (rule 5).
        return ngettext(
            "%(n_in)s av %(n_total)s rapport på %(share_area)s av ytan; med färre än %(min)s "
            "rapporter i veckan anges inget PAI.",
            "%(n_in)s av %(n_total)s rapporter på %(share_area)s av ytan; med färre än %(min)s "
            "rapporter i veckan anges inget PAI.",
            n_total,
        ) % {
            "n_in": n_in,
            "n_total": n_total,
            "share_area": _share(share_area),
            "min": MIN_COUNT,
        }
    return _(
        "%(n_in)s av %(n_total)s rapporter (%(share_reports)s) på %(share_area)s av ytan: "
        "PAI %(pai)s."
    ) % {
        "n_in": n_in,
        "n_total": n_total,
        "share_reports": _share(share_reports),
        "share_area": _share(share_area),
        "pai": _number(float(pai)),
    }


def focus_item(focus: Mapping[str, Any], focus_pai: Mapping[str, Any] | None) -> dict[str, Any]:
    """Return last week's focus area with how it fared this week (PAI) when the analysis has it."""
    row = _pai_row(focus, focus_pai)
    if row is None or focus_pai is None:  # a row is found only in an analysis
        return {**focus, "pai": None, "count": None, "sentence": None}
    total = focus_pai.get("reports_total", 0)
    figures = [
        row["reports_in"],
        total,
        row.get("share_reports"),
        row.get("share_area"),
        row.get("pai"),
    ]
    return {
        **focus,
        "pai": row.get("pai"),
        "count": row["reports_in"],
        "sentence": pai_sentence(*figures),
        "pai_figures": figures,
    }


def focus_summary(focus_pai: Mapping[str, Any] | None) -> str | None:
    """Say how all focus areas together fared, when there were more than one."""
    figures = summary_figures(focus_pai)
    return _summary_text(figures) if figures else None


def _summary_text(figures: list[Any]) -> str:
    return _("Alla fokusområden tillsammans: %(text)s") % {"text": pai_sentence(*figures)}


def summary_figures(focus_pai: Mapping[str, Any] | None) -> list[Any] | None:
    """The figures behind :func:`focus_summary`, stored so the summary can be written again."""
    if not focus_pai or len(focus_pai.get("areas") or []) < 2:
        return None
    total = focus_pai.get("reports_total") or 0
    share_area = (
        focus_pai["area_in_m2"] / focus_pai["area_total_m2"]
        if focus_pai.get("area_total_m2")
        else None
    )
    share_reports = focus_pai["reports_in"] / total if total else None
    return [focus_pai["reports_in"], total, share_reports, share_area, focus_pai.get("pai")]


def alert_item(alert: Mapping[str, Any]) -> dict[str, Any]:
    """Return an alert as an agenda line; the analysis' own sentence carries the numbers."""
    item = _jsonable(alert)
    where = ", ".join(
        str(v) for v in (alert.get("category_label"), alert.get("district_name")) if v
    )
    item["text"] = _first(alert, "sentence") or _("%(where)s: %(n)s rapporter") % {
        "where": where,
        "n": alert.get("observed"),
    }
    return item


def hotspot_item(hotspot: Mapping[str, Any], in_progress: bool = False) -> dict[str, Any]:
    """Return a hotspot as an agenda line named by its places; its cell ids stay in the item's
    data (so it can become a focus area) but never in the text. In a week in progress its count
    of the week is "hittills"."""
    item = {k: _jsonable(v) for k, v in hotspot.items() if k != "polygon"}  # the map has the shape
    district = hotspot.get("district_name")
    name = hotspot.get("name")
    if name and hotspot.get("also"):
        name = _("%(name)s, även %(places)s") % {
            "name": name,
            "places": "; ".join(hotspot["also"]),
        }
    if name and district:
        where = f"{name} ({district})"
    else:
        where = name or district or _("Utanför stadsdelarna")
    values = {"where": where, "n": hotspot.get("count", 0), "week": hotspot.get("week_count")}
    if hotspot.get("week_count") is not None and in_progress:
        text = (
            _("%(where)s: %(n)s rapporter under perioden, varav %(week)s hittills denna vecka")
            % values
        )
    elif hotspot.get("week_count") is not None:
        text = _("%(where)s: %(n)s rapporter under perioden, varav %(week)s denna vecka") % values
    else:
        text = _("%(where)s: %(n)s rapporter under perioden") % values
    if share := place_share(hotspot):
        text += f"; {share}"
    if hotspot.get("z") is not None:
        text += f" (Gi* z = {_number(float(hotspot['z']))})"
    item["text"] = text
    return item


def repeat_place_item(place: Mapping[str, Any]) -> dict[str, Any]:
    """Return a repeat place as an agenda line: its name, else its district."""
    item = {k: _jsonable(v) for k, v in place.items() if k != "dates"}
    where = place.get("label") or (
        _("En plats i %(district)s") % {"district": place["district_name"]}
        if place.get("district_name")
        else _("En plats")
    )
    first, last = _jsonable(place.get("first")), _jsonable(place.get("last"))
    text = _("%(where)s: %(n)s rapporter %(first)s – %(last)s") % {
        "where": where,
        "n": place.get("count", 0),
        "first": first,
        "last": last,
    }
    if place.get("categories"):
        text += f" ({', '.join(place['categories'])})"
    item["text"] = text
    return item


#: A repeat place's H3 cells by ``place_key``.
PlaceCells = Mapping[tuple[str, str, str, int], tuple[str, ...]]


def place_key(place: Mapping[str, Any]) -> tuple[str, str, str, int]:
    """A repeat place as its agenda line reads it: its key, first and last day, and count."""
    first, last = _jsonable(place.get("first")), _jsonable(place.get("last"))
    return (str(place.get("key") or ""), str(first), str(last), int(place.get("count") or 0))


def lacks_place_cells(sections: Iterable[Mapping[str, Any]]) -> bool:
    """Whether a stored agenda has repeat places stored before they kept their H3 cells."""
    return any(
        "cells" not in item
        for s in sections
        if s.get("key") == "repeat_places"
        for item in s.get("items") or []
    )


def with_place_cells(
    sections: Iterable[Mapping[str, Any]], cells: PlaceCells
) -> list[dict[str, Any]]:
    """The sections with each repeat place stored without its cells given those of
    ``cells`` (``services.stored_place_cells``), so that it can become a focus area."""
    return [
        {
            **s,
            "items": [
                item if "cells" in item else {**item, "cells": list(cells.get(place_key(item), ()))}
                for item in s.get("items") or []
            ],
        }
        if s.get("key") == "repeat_places"
        else dict(s)
        for s in sections
    ]


def police_summary(
    events: Mapping[str, Any] | None, in_progress: bool = False
) -> list[dict[str, Any]]:
    """Return the week's police events as one line: how many, of which kinds."""
    if not events:
        return []
    by_type = [[kind, n] for kind, n in (events.get("by_type") or [])[:5]]
    source = events.get("source") or _("polisen")
    item = {"total": events.get("total", 0), "by_type": by_type, "source": source}
    return [{**item, "text": _police_text(item, in_progress)}]


def _police_text(item: Mapping[str, Any], in_progress: bool = False) -> str:
    """ "4 händelser publicerade av polisen.se: Rån 3, Brand 1."; "hittills denna vecka" while
    the week runs, since more notices will come; types beyond the listed ones as "och 4 av
    andra typer"."""
    n = item.get("total", 0)
    values = {"n": n, "source": item.get("source")}
    if in_progress:
        head = ngettext(
            "%(n)s händelse publicerad av %(source)s hittills denna vecka",
            "%(n)s händelser publicerade av %(source)s hittills denna vecka",
            n,
        )
    else:
        head = ngettext(
            "%(n)s händelse publicerad av %(source)s",
            "%(n)s händelser publicerade av %(source)s",
            n,
        )
    shown = item.get("by_type") or []
    kinds = ", ".join(f"{kind} {count}" for kind, count in shown)
    # Only the commonest types are kept: name how many others there were, or the listed counts
    # fall short of the total (12 events listed as 3 + 2 + 1 + 1 + 1).
    others = n - sum(count for _kind, count in shown)
    if kinds and others > 0:
        kinds += " " + ngettext("och %(n)s av annan typ", "och %(n)s av andra typer", others) % {
            "n": others
        }
    return f"{head % values}: {kinds}." if kinds else f"{head % values}."


def touches(measure: Mapping[str, Any], alert: Mapping[str, Any]) -> bool:
    """Whether an open measure already works on an alert, as the week page's alert table decides
    (``briefings.analysis``): a municipality's alert by its category, the others by district.

    The analysis' ``measures_in_flagged`` holds the measures in a hotspot's district too, which
    are no answer to an alert elsewhere.
    """
    if alert.get("level") == LEVEL_MUNICIPALITY:
        return alert.get("category") in (measure.get("categories") or ())
    return alert.get("district") in (measure.get("districts") or ())


def related_measures(measures: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Return the open measures (already chosen by `touches`) as the agenda lists them."""
    return [{"id": m["id"], "title": m["title"], "owner": m.get("owner")} for m in measures]


def _section(
    key: str, items: list[dict[str, Any]], available: bool = True, **extra: Any
) -> dict[str, Any]:
    return {"key": key, "items": items, "available": available, **extra}


def _method(data: Mapping[str, Any]) -> dict[str, Any]:
    """The alert methods that ran and the history they had, as the weekly page names them."""
    if not data.get("methods") or data.get("history_weeks") is None:
        return {}
    return {
        "methods": list(data["methods"]),
        "history_weeks": data["history_weeks"],
        "history_capped": bool(data.get("history_capped")),
    }


def _reporting_began(data: Mapping[str, Any]) -> dict[str, Any]:
    """The week page's note when reporting began this week or last (or after this week), or
    that nothing is counted yet (``first_week`` None), with the weeks it is written again from;
    nothing when there is none (or the analysis does not name the weeks)."""
    if not data.get("week") or "first_week" not in data:
        return {}
    figures = {"week": data["week"], "first_week": data["first_week"]}
    note = _first_week_note(figures)
    return figures | {"first_week_note": note} if note else {}


def _first_week_note(section: Mapping[str, Any]) -> str:
    if section["first_week"] is None:
        return nothing_counted_note()
    return reporting_began_note(parse_iso_week(section["week"]), section["first_week"])


def build_agenda(
    on: date,
    open_measures: Iterable[Measure],
    previous_focus: Iterable[Mapping[str, Any]],
    analysis: Mapping[str, Any] | None,
    *,
    in_progress: bool = False,
    previous_met: bool | None = None,
    measures_then: Mapping[int, Mapping[str, Any]] | None = None,
    measures_as_of: date | None = None,
    alerts_in_progress: bool | None = None,
    alerts_whole_week: bool = False,
) -> list[dict[str, Any]]:
    """Return the agenda's sections in meeting order, as plain JSON.

    ``analysis`` is ``WeeklyAnalysis.as_dict()``; None when no analysis could be made, and then
    its sections say so instead of pretending the week was quiet. ``in_progress``: the week had
    not ended when the agenda was made, so its figures are "hittills" (stored on the analysis'
    sections, with ``judged`` on the alerts: an agenda stored without them reads as before).
    ``previous_met``: whether the week before had a meeting, so that no focus areas reads as
    "no meeting" rather than "the meeting chose none" (None: not known, as before).
    ``measures_then``: by measure id, the values a measure had on ``on`` (``measure_item``);
    ``measures_as_of``: the day they are read back to, when the agenda is made after it (the
    page says so; an agenda stored without it reads as before), and the day the analysis'
    sections were cut at (``as_of`` on each: reports entered later may still be in them).
    ``alerts_in_progress``: the alerts' own (None: ``in_progress``), since they count the week
    as it is now; ``alerts_whole_week``: they count days after the meeting (``whole_week``).
    The alerts section carries the week page's note when reporting began that week or the week
    before (``first_week_note``).
    """
    known = analysis is not None
    data = analysis or {}
    as_of = measures_as_of.isoformat() if measures_as_of else None
    if alerts_in_progress is None:
        alerts_in_progress = in_progress
    # In the analysis' order (level, then how far above the threshold); only alarms are items.
    alerts = [a for a in data.get("alerts") or [] if a.get("alarm", True)]
    period = f"{data['hotspot_from']} – {data['hotspot_to']}" if data.get("hotspot_from") else None
    sections = [
        _section(
            "measures",
            [measure_item(m, on, (measures_then or {}).get(m.pk)) for m in open_measures],
            as_of=as_of,
        ),
        _section(
            "focus",
            [focus_item(f, data.get("focus_pai")) for f in previous_focus],
            known,
            summary=focus_summary(data.get("focus_pai")),
            summary_figures=summary_figures(data.get("focus_pai")),
            in_progress=in_progress,
            previous_met=previous_met,
            as_of=as_of,
        ),
        _section(
            "alerts",
            [alert_item(a) for a in alerts[:MAX_ITEMS]],
            known,
            related=related_measures(
                m
                for m in data.get("measures_in_flagged") or []
                if any(touches(m, a) for a in alerts[:MAX_ITEMS])
            ),
            in_progress=alerts_in_progress,
            as_of=as_of,
            whole_week=alerts_whole_week,
            judged=data.get("judged"),
            # Counts at their larmgräns without an alarm (the 5-in-4 rule): not "inget antal".
            held_back=data.get("held_back") or 0,
            **_method(data),
            **_reporting_began(data),
        ),
        _section(
            "hotspots",
            [hotspot_item(h, in_progress) for h in (data.get("hotspots") or [])[:MAX_ITEMS]],
            known,
            period=period,
            in_progress=in_progress,
            as_of=as_of,
        ),
        _section(
            "repeat_places",
            [repeat_place_item(p) for p in (data.get("repeat_places") or [])[:MAX_ITEMS]],
            known,
            in_progress=in_progress,
            as_of=as_of,
        ),
    ]
    # No events may mean no import ran, not a quiet week: then the section is left out.
    if (data.get("police_events") or {}).get("total"):
        sections.append(
            _section(
                "police",
                police_summary(data["police_events"], in_progress),
                in_progress=in_progress,
                as_of=as_of,
            )
        )
    return sections


@dataclass(frozen=True)
class Labels:
    """What the lines name, in the active language: statuses, categories, the municipality."""

    statuses: Mapping[str, str]
    categories: Mapping[str, str]
    municipality: str
    week: int
    # Any stored category name (Swedish or English) to the active language's: repeat places
    # keep their categories' names as the agenda was made (``measures.history.category_names``).
    category_names: Mapping[str, str] = field(default_factory=dict)


def _alert_sentence(item: Mapping[str, Any], labels: Labels) -> str | None:
    if item.get("observed") is None or not item.get("reason"):
        return None
    nan = float("nan")
    result = AlertResult(
        observed=float(item["observed"]),
        expected=nan if item.get("expected") is None else float(item["expected"]),
        upper=nan if item.get("upper") is None else float(item["upper"]),
        score=nan,
        alarm=bool(item.get("alarm")),
        method=str(item.get("method") or ""),
        baseline_n=0,
        trend_used=False,
        phi=1.0,
        reason=str(item["reason"]),
        t0=0,
    )
    code = item.get("category")
    label = labels.categories.get(code) or item.get("category_label") if code else None
    place = item.get("district_name") or labels.municipality
    return explain_sv(result, place, label or _(POOLED_LABEL), week=labels.week)


def localised(section: Mapping[str, Any], labels: Labels) -> dict[str, Any]:
    """Write a stored section's lines again, in the active language, from its stored figures.

    Lines stored before their figures were kept keep the text they were stored with.
    """
    key = section.get("key")
    items = [dict(item) for item in section.get("items") or [] if isinstance(item, Mapping)]
    for item in items:
        if key == "measures" and item.get("status") in labels.statuses:
            item["status_label"] = labels.statuses[item["status"]]
        elif key == "alerts":
            item["text"] = _alert_sentence(item, labels) or item.get("text")
        elif key == "focus" and item.get("pai_figures"):
            item["sentence"] = pai_sentence(*item["pai_figures"])
        elif key == "hotspots":
            item["text"] = hotspot_item(item, bool(section.get("in_progress")))["text"]
        elif key == "repeat_places":
            names = labels.category_names
            item["categories"] = [names.get(c, c) for c in item.get("categories") or []]
            item["text"] = repeat_place_item(item)["text"]
        elif key == "police" and "by_type" in item:
            item["text"] = _police_text(item, bool(section.get("in_progress")))
    result = {**section, "items": items}
    if section.get("week") and "first_week" in section:
        result["first_week_note"] = _first_week_note(section)
    if section.get("summary_figures"):
        result["summary"] = _summary_text(section["summary_figures"])
    return result
