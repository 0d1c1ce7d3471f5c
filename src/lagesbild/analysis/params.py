"""The analysis pages' parameters (a window of whole ISO weeks, a category, a district), read
the same way for the web pages (Swedish names) and the API (English names)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from lagesbild.areas.models import Area, Municipality
from lagesbild.categories.models import Category
from lagesbild.core.weeks import (
    IsoWeek,
    NoSuchWeek,
    WeekError,
    is_in_progress,
    not_begun,
    parse_iso_week,
)
from lagesbild.reports.exports import parse_day
from lagesbild.reports.rollup import local_tz

MAX_WEEKS = 260  # five years: enough for any analysis, small enough to answer quickly

WEB_NAMES = {"week": "till", "weeks": "veckor", "category": "kategori", "district": "stadsdel"}
API_NAMES = {"week": "week", "weeks": "weeks", "category": "category", "district": "district"}


class ParamError(ValueError):
    """Bad parameters; ``errors`` maps each parameter's name to what is wrong with it.

    As text (the pages' error message) a parameter is named by ``labels``' name for it, the
    form's label in the reader's language, with the name in the address after it ("Number of
    weeks (veckor): …"); without a label, by its name alone."""

    def __init__(self, errors: dict[str, str], labels: Mapping[str, str] | None = None) -> None:
        named = labels or {}
        super().__init__(
            "; ".join(
                f"{named[k]} ({k}): {v}" if k in named else f"{k}: {v}" for k, v in errors.items()
            )
        )
        self.errors = errors


@dataclass(frozen=True)
class Window:
    """The ``weeks`` ISO weeks ending with ``last`` (local time)."""

    last: IsoWeek
    weeks: int

    @property
    def first(self) -> IsoWeek:
        return IsoWeek.containing(self.last.monday - timedelta(weeks=self.weeks - 1))

    @property
    def first_day(self) -> date:
        return self.first.monday

    @property
    def last_day(self) -> date:
        return self.last.sunday

    def bounds(self) -> tuple[datetime, datetime]:
        """Local midnight of the first Monday and of the Monday after the last week."""
        tz = local_tz()
        return self.first.bounds(tz)[0], self.last.bounds(tz)[1]

    def mondays(self) -> list[date]:
        return [self.first_day + timedelta(weeks=k) for k in range(self.weeks)]

    @property
    def in_progress(self) -> bool:
        """Whether the last week is still running (its counts are counts so far)."""
        return is_in_progress(self.last, timezone.localdate())


def last_complete_week(today: date | None = None) -> IsoWeek:
    """The last ISO week that has ended (local time)."""
    return IsoWeek.containing(today or timezone.localdate()).previous()


def window_labels(names: Mapping[str, str] = WEB_NAMES) -> dict[str, str]:
    """The window's parameters named as the pages' forms label them, in the reader's language."""
    return {names["week"]: _("Till och med vecka"), names["weeks"]: _("Antal veckor")}


def parse_window(
    params: Mapping[str, str], default_weeks: int, names: Mapping[str, str] = WEB_NAMES
) -> Window:
    """Read the last week (default: the last complete one) and the number of weeks.

    A window may end with the running week (its counts are counts so far, ``in_progress``) but
    not after it: a week that has not begun has no reports, and its zeros would read as weeks
    without events (the weekly page refuses it too, ``briefings.services.begun_week``)."""
    errors: dict[str, str] = {}
    last = last_complete_week()
    raw_week = params.get(names["week"], "")
    if raw_week:
        try:
            last = parse_iso_week(raw_week)
        except NoSuchWeek as error:  # "2026 har ingen vecka 60", as the week page says it
            errors[names["week"]] = f"{error}."
        except WeekError:
            errors[names["week"]] = _("Ange en ISO-vecka som 2024-W37.")
    weeks = default_weeks
    raw_weeks = params.get(names["weeks"], "")
    if raw_weeks:
        if raw_weeks.isascii() and raw_weeks.isdigit() and 1 <= int(raw_weeks) <= MAX_WEEKS:
            weeks = int(raw_weeks)
        else:
            errors[names["weeks"]] = _("Ange ett antal veckor mellan 1 och %(max)s.") % {
                "max": MAX_WEEKS
            }
    if not errors and not 1901 <= last.year <= 2100:
        errors[names["week"]] = _("Välj ett år mellan 1901 och 2100.")
    if not errors and (message := not_begun(last, timezone.localdate())):
        errors[names["week"]] = message
    if errors:
        raise ParamError(errors, window_labels(names))
    return Window(last, weeks)


def parse_category(
    params: Mapping[str, str],
    allowed: tuple[str, ...] | None = None,
    names: Mapping[str, str] = WEB_NAMES,
    default: str = "",
) -> Category | None:
    """Read a category code (a top level includes its own); None when none is asked for."""
    code = params.get(names["category"], "") or default
    if not code:
        return None
    if allowed is not None and code not in allowed:
        raise ParamError(
            {names["category"]: _("Välj en av: %(choices)s.") % {"choices": ", ".join(allowed)}}
        )
    category = Category.objects.filter(code=code).first() if code.isprintable() else None
    if category is None:
        raise ParamError(
            {names["category"]: _("Okänd kategori: %(code)s.") % {"code": repr(code[:50])}}
        )
    return category


def parse_district(
    params: Mapping[str, str], municipality: Municipality, names: Mapping[str, str] = WEB_NAMES
) -> Area | None:
    """Read a district's code in ``municipality``; None when none is asked for."""
    code = params.get(names["district"], "")
    if not code:
        return None
    area = (
        Area.objects.filter(municipality=municipality, code=code).first()
        if code.isprintable()
        else None
    )
    if area is None:
        raise ParamError(
            {names["district"]: _("Okänd stadsdel: %(code)s.") % {"code": repr(code[:50])}}
        )
    return area


def parse_span(
    params: Mapping[str, str], names: tuple[str, str] = ("fran", "till")
) -> tuple[date, date]:
    """First and last day (inclusive); default the last complete ISO week."""
    week = last_complete_week()
    raw_start, raw_end = params.get(names[0], ""), params.get(names[1], "")
    errors: dict[str, str] = {}
    start, end = week.monday, week.sunday
    for name, raw in zip(names, (raw_start, raw_end), strict=True):
        if not raw:
            continue
        try:
            day = parse_day(raw)
        except ValueError as exc:
            errors[name] = str(exc)
            continue
        if name == names[0]:
            start = day
        else:
            end = day
    if raw_start and not raw_end and not errors:
        end = max(start, end)
    if raw_end and not raw_start and not errors:
        start = min(start, end)
    if not errors and end < start:
        errors[names[1]] = _("Sista dagen ligger före den första.")
    if not errors and (end - start).days > 3 * 366:
        errors[names[1]] = _("Välj högst tre år.")
    if errors:
        raise ParamError(errors)
    return start, end


MAX_QUERY = 100


def parse_search(
    params: Mapping[str, str], names: tuple[str, str] = ("q", "typ")
) -> tuple[str, str]:
    """A search text and an event type, both printable; longer text is cut."""
    query, event_type = params.get(names[0], "")[:MAX_QUERY], params.get(names[1], "")[:200]
    errors = {}
    if not query.isprintable():
        errors[names[0]] = _("Sökordet innehåller otillåtna tecken.")
    if not event_type.isprintable():
        errors[names[1]] = _("Okänd typ.")
    if errors:
        raise ParamError(errors)
    return query, event_type
