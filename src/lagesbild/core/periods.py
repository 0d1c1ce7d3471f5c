"""Tertials: the four-month periods EST ranks areas by (T1 Jan–Apr, T2 May–Aug, T3 Sep–Dec)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from lagesbild.core.i18n import gettext as _
from lagesbild.core.i18n import month_names

__all__ = ["Tertial", "TertialError", "parse_tertial"]

_TERTIAL_RE = re.compile(r"^\s*(\d{4})-?T([1-3])\s*$", re.IGNORECASE)


class TertialError(ValueError):
    """A tertial designation that cannot be understood."""


@dataclass(frozen=True, order=True)
class Tertial:
    """One of the three four-month periods of a year, e.g. 2024-T2 (May to August 2024).

    Examples
    --------
    >>> t = Tertial(2024, 2)
    >>> str(t), t.first_day, t.last_day
    ('2024-T2', datetime.date(2024, 5, 1), datetime.date(2024, 8, 31))
    >>> t.label_sv
    'tertial 2 2024 (maj–augusti)'
    >>> str(Tertial(2024, 1).previous()), str(t.same_last_year())
    ('2023-T3', '2023-T2')
    >>> str(Tertial.containing(date(2024, 12, 31)))
    '2024-T3'
    """

    year: int
    number: int

    def __post_init__(self) -> None:
        if self.number not in (1, 2, 3):
            raise TertialError(
                _("ett år har tertialen 1, 2 och 3, inte %(number)s") % {"number": self.number}
            )

    def __str__(self) -> str:
        return f"{self.year}-T{self.number}"

    @classmethod
    def containing(cls, day: date) -> Tertial:
        return cls(day.year, (day.month - 1) // 4 + 1)

    @property
    def first_month(self) -> int:
        return 4 * (self.number - 1) + 1

    @property
    def first_day(self) -> date:
        return date(self.year, self.first_month, 1)

    @property
    def last_day(self) -> date:
        return date.fromordinal(self.next().first_day.toordinal() - 1)

    @property
    def label_sv(self) -> str:
        """The Swedish label, for documents that are Swedish whoever reads them."""
        first, last = self._months("sv")
        return f"tertial {self.number} {self.year} ({first}–{last})"

    @property
    def label(self) -> str:
        """The label in the active language: "tertial 1 2026 (januari–april)"."""
        first, last = self._months()
        return _("tertial %(number)d %(year)d (%(first)s–%(last)s)") % {
            "number": self.number,
            "year": self.year,
            "first": first,
            "last": last,
        }

    def _months(self, lang: str | None = None) -> tuple[str, str]:
        months = month_names(lang)
        return months[self.first_month - 1], months[self.first_month + 2]

    def bounds(self, tz: ZoneInfo) -> tuple[datetime, datetime]:
        """Return [start, end) as aware datetimes from local midnight of the first days."""
        start = datetime.combine(self.first_day, time.min, tzinfo=tz)
        end = datetime.combine(self.next().first_day, time.min, tzinfo=tz)
        return start, end

    def previous(self) -> Tertial:
        return (
            Tertial(self.year - 1, 3) if self.number == 1 else Tertial(self.year, self.number - 1)
        )

    def next(self) -> Tertial:
        return (
            Tertial(self.year + 1, 1) if self.number == 3 else Tertial(self.year, self.number + 1)
        )

    def same_last_year(self) -> Tertial:
        return Tertial(self.year - 1, self.number)


def parse_tertial(text: str) -> Tertial:
    """Parse '2024-T2' (also '2024T2', '2024-t2').

    >>> parse_tertial("2024-T2")
    Tertial(year=2024, number=2)
    >>> parse_tertial("2024-T4")
    Traceback (most recent call last):
    ...
    lagesbild.core.periods.TertialError: '2024-T4' är inget tertial; skriv det som 2024-T2 (T1–T3)
    """
    match = _TERTIAL_RE.match(text)
    if not match:
        raise TertialError(
            _("%(text)r är inget tertial; skriv det som 2024-T2 (T1–T3)") % {"text": text}
        )
    return Tertial(int(match.group(1)), int(match.group(2)))
