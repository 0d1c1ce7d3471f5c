"""The public page's figures: counted reports per district, category and month, suppressed.

What is published, and why (see also ``core/disclosure.py``):

* only reports the lägesbild counts (``Report.objects.counted()``, read from their rollup
  ``ReportCount``, whose months are local calendar months): a citizen's tip waits for a
  coordinator, rejected reports and merged duplicates never count;
* no sensitive category, and no report whose subcategory is sensitive (drug-dealing tips);
* top-level categories only, per district, per whole calendar month: the current month is left
  out until it is over, so a published cell never changes merely because time passed;
* no month before reporting began: the table starts at the first month with a published report
  (``began``), since "<5" for a month nobody reported in reads as a quiet month; the page names
  that month, which may have begun mid-month;
* every count below 5 (zero included) is shown as "<5" and every total adds up visible cells
  only, so no hidden count can be worked out from the totals;
* the statutory lägesbild and the yearly report publish true yearly totals per district and
  category, so within each calendar year of a row more cells are hidden as guards ("·") until
  no hidden count follows from such a total (``core.disclosure``, "Totals published
  elsewhere"); the guards are chosen over the whole year from the month reporting began, months
  before the window included, so the 12- and 24-month tables hide the same cells;
* one table at one level of detail: no municipality-wide figure beside the districts' (it would
  be a true total of them and give hidden cells away);
* no free text, no points, no report ids.

The result is cached (Django's cache, one hour): the page is public and may be hit hard. A cache
that does not answer (Redis down) costs speed, never the page (``lagesbild.shared_cache``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Min, QuerySet, Sum
from django.utils import timezone

from lagesbild import shared_cache
from lagesbild.areas.models import Area, Municipality
from lagesbild.areas.services import districts_by_area
from lagesbild.categories.models import Category
from lagesbild.core.disclosure import SuppressedTable, suppress
from lagesbild.reports.models import ReportCount
from lagesbild.reports.rollup import TOP

MONTH_CHOICES = (12, 24)
THRESHOLD = 5
CACHE_SECONDS = 60 * 60
# 2: the months start when reporting began (``began``); 3: a year's first shown month is always
# its guard (core.disclosure).
CACHE_FORMAT = 3
OUTSIDE = ""  # the district key of reports outside every district or without a place


@dataclass(frozen=True)
class DistrictTable:
    """One district's block: categories (rows) × months (columns)."""

    code: str
    name: str
    table: SuppressedTable


@dataclass(frozen=True)
class PublicStatistics:
    municipality_code: str
    months: tuple[date, ...]  # the months shown: those asked for from the month reporting began
    categories: tuple[str, ...]
    districts: tuple[DistrictTable, ...]
    synthetic: bool
    computed_at: datetime
    threshold: int
    # The first month with a published report (None: none yet); the months asked for.
    began: date | None = None
    asked: int = 0

    @property
    def shortened(self) -> bool:
        """Whether reporting began after the first month asked for: fewer months are shown."""
        return len(self.months) < self.asked

    @property
    def from_start(self) -> bool:
        """Whether the first month shown is the one reporting began in, which may not be whole
        (so too when it is exactly the first month asked for, and no month is left out)."""
        return bool(self.months) and self.months[0] == self.began


def month_window(today: date, months: int) -> tuple[date, ...]:
    """Return the first days of the ``months`` whole months before ``today``'s, oldest first.

    >>> [str(m) for m in month_window(date(2024, 3, 15), 3)]
    ['2023-12-01', '2024-01-01', '2024-02-01']
    """
    index = today.year * 12 + today.month - 1
    return tuple(date(i // 12, i % 12 + 1, 1) for i in range(index - months, index))


def _published(municipality: Municipality) -> QuerySet:
    """The rollup's cells of the municipality without sensitive (sub)categories."""
    return ReportCount.objects.filter(municipality=municipality).exclude(category__sensitive=True)


def _published_counts(municipality: Municipality, window: tuple[date, date]) -> QuerySet:
    """The rollup's cells from the first to the last month of ``window``, without sensitive
    (sub)categories."""
    return _published(municipality).filter(month__gte=window[0], month__lte=window[-1])


def reporting_began(municipality: Municipality) -> date | None:
    """The first month with a published report (as ``goals.status.reporting_began``: no
    sensitive category), or None when there is none."""
    return _published(municipality).aggregate(first=Min("month"))["first"]


def _counts(counts: QuerySet, district_of: dict[int, Area]) -> dict:
    """Return {district code: {category code: {month: count}}} of the rollup's ``counts``."""
    rows = counts.annotate(top=TOP).values("area_id", "top", "month").annotate(n=Sum("reports"))
    result: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    for row in rows.order_by():
        district = district_of.get(row["area_id"])
        key = district.code if district and district.kind == Area.Kind.DISTRICT else OUTSIDE
        result[key][row["top"]][row["month"]] += row["n"]
    return result


def year_groups(window: tuple[date, ...]) -> list[tuple[date, ...]]:
    """The months of each calendar year the window touches, from January up to the window's
    last month: the groups whose yearly totals other documents publish.

    >>> [(g[0].isoformat(), len(g)) for g in year_groups(month_window(date(2024, 3, 15), 3))]
    [('2023-01-01', 12), ('2024-01-01', 2)]
    """
    last = window[-1]
    return [
        tuple(date(year, month, 1) for month in range(1, 13) if date(year, month, 1) <= last)
        for year in range(window[0].year, last.year + 1)
    ]


def compute_statistics(municipality: Municipality, months: int = 12) -> PublicStatistics:
    """Compute the suppressed table of the last ``months`` whole months (uncached), from the
    month reporting began: a month before it has no figure, not "<5"."""
    began = reporting_began(municipality)
    window = month_window(timezone.localdate(), months)
    if began is not None:
        window = tuple(m for m in window if m >= began)
    if began is None or not window:
        return PublicStatistics(
            municipality_code=municipality.code,
            months=(),
            categories=(),
            districts=(),
            synthetic=False,
            computed_at=timezone.now(),
            threshold=THRESHOLD,
            began=began,
            asked=months,
        )
    # A month before reporting began holds no report anyone could know of: it takes no part in
    # the yearly totals published elsewhere, and guards nothing.
    groups = [tuple(m for m in group if m >= began) for group in year_groups(window)]
    published = _published_counts(municipality, (groups[0][0], window[-1]))
    counts = _counts(published, districts_by_area(municipality))
    categories = tuple(
        Category.objects.filter(parent__isnull=True, sensitive=False).values_list("code", flat=True)
    )
    districts = Area.objects.filter(municipality=municipality, kind=Area.Kind.DISTRICT).order_by(
        "name"
    )
    blocks = [(d.code, d.name) for d in districts] + [(OUTSIDE, "")]
    return PublicStatistics(
        municipality_code=municipality.code,
        months=window,
        categories=categories,
        districts=tuple(
            DistrictTable(
                code, name, suppress(_block(counts[code], categories), THRESHOLD, window, groups)
            )
            for code, name in blocks
        ),
        synthetic=published.filter(month__gte=window[0], synthetic__gt=0).exists(),
        computed_at=timezone.now(),
        threshold=THRESHOLD,
        began=began,
        asked=months,
    )


def _block(by_category: dict, categories: tuple[str, ...]) -> dict[str, dict[date, int]]:
    return {code: dict(by_category.get(code, {})) for code in categories}


def public_statistics(municipality: Municipality, months: int = 12) -> PublicStatistics:
    """Return the public table, computed at most once an hour per municipality and span."""
    key = (
        f"lagesbild.public.statistics:{CACHE_FORMAT}:{municipality.pk}:{months}"
        f":{timezone.localdate():%Y-%m}"
    )
    statistics = shared_cache.get(key)
    if statistics is None:
        statistics = compute_statistics(municipality, months)
        shared_cache.set(key, statistics, CACHE_SECONDS)
    return statistics
