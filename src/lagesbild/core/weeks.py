"""ISO weeks and tertials: parsing, bounds in local time, and the same week in earlier years."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from lagesbild.core.i18n import gettext as _

__all__ = ["IsoWeek", "WeekError", "parse_iso_week"]

_WEEK_RE = re.compile(r"^\s*(\d{4})-?W(\d{1,2})\s*$", re.IGNORECASE)


class WeekError(ValueError):
    """A week designation that cannot be understood."""


class NoSuchWeek(WeekError):
    """A week written as a week should be that its year does not have (2025-W53)."""

    def __init__(self, message: str, year: int) -> None:
        super().__init__(message)
        self.year = year


def _weeks_in_year(year: int) -> int:
    # 28 December always lies in the last ISO week of its year.
    return date(year, 12, 28).isocalendar().week


@dataclass(frozen=True, order=True)
class IsoWeek:
    """An ISO 8601 week, e.g. 2024-W37 (Monday 9 to Sunday 15 September 2024).

    Examples
    --------
    >>> week = IsoWeek(2024, 37)
    >>> str(week), week.monday, week.sunday
    ('2024-W37', datetime.date(2024, 9, 9), datetime.date(2024, 9, 15))
    >>> str(week.previous()), str(IsoWeek(2025, 1).previous())
    ('2024-W36', '2024-W52')
    >>> [str(w) for w in IsoWeek(2026, 53).same_week_in_earlier_years(7)]
    ['2026-W01', '2025-W01', '2023-W52', '2022-W52', '2021-W52', '2020-W53', '2020-W01']
    """

    year: int
    week: int

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:  # outside the calendar date() knows (year 0 was a 500)
            raise WeekError(_("%(year)s är inget år i kalendern") % {"year": self.year})
        if not 1 <= self.week <= _weeks_in_year(self.year):
            message = _("%(year)s har ingen vecka %(week)s")
            raise NoSuchWeek(message % {"year": self.year, "week": self.week}, self.year)

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"

    @classmethod
    def containing(cls, day: date) -> IsoWeek:
        iso = day.isocalendar()
        return cls(iso.year, iso.week)

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    def bounds(self, tz: ZoneInfo) -> tuple[datetime, datetime]:
        """Return [start, end) as aware datetimes: local Monday 00:00 to the next Monday 00:00.

        Built from local dates rather than start + 7 days so that a week containing a
        daylight-saving change is 167 or 169 hours long, as the clock on the wall says.
        """
        start = datetime.combine(self.monday, time.min, tzinfo=tz)
        end = datetime.combine(self.monday + timedelta(days=7), time.min, tzinfo=tz)
        return start, end

    def previous(self) -> IsoWeek:
        return IsoWeek.containing(self.monday - timedelta(days=7))

    def next(self) -> IsoWeek:
        return IsoWeek.containing(self.monday + timedelta(days=7))

    def same_week_in_earlier_years(self, years: int) -> list[IsoWeek]:
        """Return the same week in up to ``years`` earlier years, newest first.

        The same week number; for week 53 in a year without one, the week that holds the same
        date, New Year's week (2026-W53 against 2025's is 2026-W01, 29 December – 4 January):
        week 53 would otherwise have no earlier year at all in most five-year spans.
        """
        thursday = self.monday + timedelta(days=3)  # the day that decides the ISO year
        return [
            IsoWeek(year, self.week)
            if self.week <= _weeks_in_year(year)
            else IsoWeek.containing(thursday.replace(year=year))
            for year in range(self.year - 1, self.year - years - 1, -1)
        ]


def last_complete_week(today: date) -> IsoWeek:
    """Return the newest week that has ended by ``today``: what the meeting, the review queue and
    the week page open on (the current week is still filling up)."""
    return IsoWeek.containing(today).previous()


def not_begun(week: IsoWeek, today: date) -> str | None:
    """Say that ``week`` has not begun on ``today``, else None: such a week has no reports yet,
    and its zeros would read as a week without events (every page that takes a week refuses it).

    >>> not_begun(IsoWeek(2026, 50), date(2026, 12, 6))
    'Vecka 2026-W50 har inte börjat än.'
    >>> not_begun(IsoWeek(2026, 49), date(2026, 12, 6)) is None
    True
    """
    if week.monday > today:
        return _("Vecka %(week)s har inte börjat än.") % {"week": week}
    return None


def is_in_progress(week: IsoWeek, today: date) -> bool:
    """Tell whether ``week`` has not ended yet on ``today`` (the page marks it "pågår")."""
    return week.sunday >= today


def parse_iso_week(text: str) -> IsoWeek:
    """Parse '2024-W37' (also '2024W37', '2024-w7').

    >>> parse_iso_week("2024-W37")
    IsoWeek(year=2024, week=37)
    >>> parse_iso_week("2024-37")
    Traceback (most recent call last):
    ...
    lagesbild.core.weeks.WeekError: '2024-37' är ingen ISO-vecka; skriv den som 2024-W37
    """
    match = _WEEK_RE.match(text)
    if not match:
        raise WeekError(_("%(text)r är ingen ISO-vecka; skriv den som 2024-W37") % {"text": text})
    return IsoWeek(int(match.group(1)), int(match.group(2)))
