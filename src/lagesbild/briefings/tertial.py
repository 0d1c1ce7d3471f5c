"""The tertial analysis: which districts carry the heaviest problem load over four months.

EST ranks areas three times a year (T1 January–April, T2 May–August, T3 September–December) to
choose where longer-term measures are needed. The load of a district is the sum of its reports'
assessed insecurity (1–3), so one frightening gathering weighs as much as three minor scribbles;
the plain count is shown beside it. Each figure is compared with the previous tertial and with the
same tertial last year. A change is given in per cent only when both periods hold at least 20
reports (the narrative's small-count rule), and not while the tertial is still running.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from itertools import count
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lagesbild.areas.models import Area, Municipality
from lagesbild.areas.services import districts_by_area
from lagesbild.briefings.analysis import jsonable
from lagesbild.briefings.notes import ended_before_reporting, tertial_reporting_note
from lagesbild.categories.models import Category
from lagesbild.core.narrative import heaviest_with_ties
from lagesbild.core.periods import Tertial, TertialError, parse_tertial
from lagesbild.core.stats.change import SMALL_COUNT_THRESHOLD, has_small_counts, percent_change
from lagesbild.core.weeks import IsoWeek, parse_iso_week
from lagesbild.organisations.access import Viewer
from lagesbild.reports.access import visible_reports
from lagesbild.reports.exports import YEARS
from lagesbild.reports.rollup import first_reporting_week, first_week, top_counts, visible_counts

OUTSIDE = ""
TERTIAL_ASKED = gettext_lazy("Ange ett tertial som ÅÅÅÅ-Tn (n är 1, 2 eller 3), t.ex. 2024-T2.")
# The running tertial's note, on the page and in its Excel file: why no change is given.
IN_PROGRESS_NOTE = gettext_lazy(
    "Tertialet pågår: siffrorna gäller rapporterna hittills och jämförs inte i procent med hela "
    "tertial."
)
# Beside figures that count sensitive categories: the statutory lägesbild's tertial section,
# which every member of the municipality reads, leaves them out (statutory.generation), so the
# same tertial reads lower there.
SENSITIVE_INCLUDED_NOTE = gettext_lazy(
    "Siffrorna räknar med rapporter i känsliga kategorier; lägesbilden och åtgärdsplanen, som "
    "alla i kommunen läser, gör det inte och kan därför visa andra tal för tertialet."
)


def begun_tertial(text: str) -> Tertial:
    """The tertial ``text`` names, within the years covered (the calendar's edge has no previous
    one) and begun (a future one has nothing to rank); else TertialError with a message."""
    try:
        period: Tertial | None = parse_tertial(text)
    except TertialError:
        period = None
    if period is None or period.year not in YEARS:
        raise TertialError(str(TERTIAL_ASKED))
    if period.first_day > timezone.localdate():
        raise TertialError(_("Tertialet %(tertial)s har inte börjat än.") % {"tertial": period})
    return period


@dataclass(frozen=True)
class Load:
    """Weighted load (sum of insecurity) and number of reports in one period."""

    load: int = 0
    count: int = 0


@dataclass(frozen=True)
class LoadRow:
    """One district (or category, or the whole municipality) over the three periods.

    ``rank`` is None for a district without load (no place among those that carry one);
    ``previous`` and ``last_year`` are None for a period that ended before reporting began:
    it has no figures, and a 0 would read as a quiet period."""

    key: str
    label: str
    rank: int | None
    load: int
    count: int
    previous: int | None
    last_year: int | None
    change_previous: float | None
    change_last_year: float | None
    small_counts: bool
    by_category: dict[str, int]

    @property
    def category_values(self) -> list[int]:
        """The loads per category in the table's column order."""
        return list(self.by_category.values())


@dataclass(frozen=True)
class CategoryLeader:
    """The districts with the heaviest load in one category, heaviest first: the three heaviest
    and any tied with the third."""

    category: str
    label: str
    districts: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class TertialAnalysis:
    municipality: str
    municipality_code: str
    tertial: Tertial
    previous: Tertial
    last_year: Tertial
    categories: tuple[tuple[str, str], ...]
    districts: tuple[LoadRow, ...]
    outside: LoadRow
    by_category: tuple[LoadRow, ...]
    total: LoadRow
    leaders: tuple[CategoryLeader, ...]
    unreviewed: int
    # False when other organisations' sensitive reports are left out for this viewer.
    sensitive_included: bool = True
    # The tertial has not ended: its figures so far are not compared in per cent.
    in_progress: bool = False
    # Reports of the tertial waiting for review that do not count until accepted.
    waiting: int = 0
    # The first week with a counted report the viewer sees (the week page's ``first_week``).
    first_week: str | None = None

    @property
    def counted(self) -> bool:
        """Whether reporting had begun by the tertial's end: else it has no figures to rank."""
        return not ended_before_reporting(self.tertial.last_day, self._first)

    @property
    def reporting_note(self) -> str:
        """When reporting began, where the tertial or its comparisons came before it or in it."""
        return tertial_reporting_note(self.tertial, self.previous, self.last_year, self._first)

    @property
    def _first(self) -> IsoWeek | None:
        return parse_iso_week(self.first_week) if self.first_week else None

    @property
    def percent_min(self) -> int:
        """The reports both periods need for a change in per cent (``_stated_change``)."""
        return SMALL_COUNT_THRESHOLD

    @property
    def in_progress_note(self) -> str:
        """Why a running tertial gives no change in per cent ('' once it has ended)."""
        return str(IN_PROGRESS_NOTE) if self.in_progress else ""

    @property
    def sensitive_note(self) -> str:
        """That the figures count sensitive categories, which the statutory document does not
        ('' for a viewer without them, whose page says what is left out)."""
        return str(SENSITIVE_INCLUDED_NOTE) if self.sensitive_included else ""

    @property
    def outside_and_total(self) -> tuple[LoadRow, LoadRow]:
        return self.outside, self.total

    @property
    def leaders_with_totals(self) -> list[tuple[CategoryLeader, LoadRow]]:
        return list(zip(self.leaders, self.by_category, strict=True))

    def as_dict(self) -> dict[str, Any]:
        """Return plain JSON-able data."""
        data = asdict(self)
        data.pop("sensitive_included")
        for key in ("tertial", "previous", "last_year"):
            data[key] = str(getattr(self, key))
        data["label"] = self.tertial.label_sv
        return jsonable(data)


# period → district code → category code → Load
_Buckets = dict[str, dict[str, dict[str, Load]]]


def _bucket(
    rows: list[dict], periods: dict[str, Tertial], district_of: dict[int, Area]
) -> tuple[_Buckets, int]:
    """Sum the rollup rows' load per period, district and top-level category."""
    months = {name: (t.first_day, t.last_day) for name, t in periods.items()}
    buckets: _Buckets = {name: defaultdict(lambda: defaultdict(Load)) for name in periods}
    unreviewed = 0
    for row in rows:
        name = next((n for n, (a, b) in months.items() if a <= row["month"] <= b), None)
        if name is None:
            continue
        district = district_of.get(row["area_id"])
        code = district.code if district and district.kind == Area.Kind.DISTRICT else OUTSIDE
        old = buckets[name][code][row["top"]]
        buckets[name][code][row["top"]] = Load(old.load + row["load"], old.count + row["n"])
        if name == "current":
            unreviewed += row["unreviewed"]
    return buckets, unreviewed


def _sum(by_category: dict[str, Load], codes: list[str] | None = None) -> Load:
    chosen = [v for k, v in by_category.items() if codes is None or k in codes]
    return Load(sum(v.load for v in chosen), sum(v.count for v in chosen))


def _row(
    key: str,
    label: str,
    now: dict[str, Load],
    before: dict[str, Load],
    year_ago: dict[str, Load],
    codes: list[str],
    in_progress: bool,
    compared: tuple[bool, bool],
) -> LoadRow:
    """``compared``: whether the previous tertial and last year's had begun reporting."""
    a, b, c = _sum(now), _sum(before), _sum(year_ago)
    return LoadRow(
        key=key,
        label=label,
        rank=None,
        load=a.load,
        count=a.count,
        previous=b.load if compared[0] else None,
        last_year=c.load if compared[1] else None,
        change_previous=_stated_change(a, b, in_progress),
        change_last_year=_stated_change(a, c, in_progress),
        small_counts=has_small_counts(a.count, b.count, c.count),
        by_category={code: now[code].load if code in now else 0 for code in codes},
    )


def _stated_change(now: Load, then: Load, in_progress: bool) -> float | None:
    """The change in load, or None while the tertial runs or when either period holds fewer
    than 20 reports (a load of 3 against 36 is "+1100 %" and means nothing)."""
    if in_progress or min(now.count, then.count) < SMALL_COUNT_THRESHOLD:
        return None
    return percent_change(then.load, now.load)


def _merge(buckets: dict[str, dict[str, Load]]) -> dict[str, Load]:
    """Sum every district's loads per category."""
    merged: dict[str, Load] = defaultdict(Load)
    for by_category in buckets.values():
        for code, load in by_category.items():
            merged[code] = Load(merged[code].load + load.load, merged[code].count + load.count)
    return merged


def _district_rows(
    buckets: _Buckets,
    districts: list[Area],
    codes: list[str],
    in_progress: bool,
    compared: tuple[bool, bool],
) -> tuple[LoadRow, ...]:
    """The districts, heaviest first; those with a load ranked (a district without one shares
    no place with them: "3 Öster 0" ranked a district where nothing was reported)."""
    rows = [
        _row(
            d.code,
            d.name,
            buckets["current"].get(d.code, {}),
            buckets["previous"].get(d.code, {}),
            buckets["last_year"].get(d.code, {}),
            codes,
            in_progress,
            compared,
        )
        for d in districts
    ]
    rows.sort(key=lambda r: (-r.load, -r.count, r.label))
    ranks = count(1)
    return tuple(LoadRow(**{**asdict(r), "rank": next(ranks) if r.load else None}) for r in rows)


def _category_rows(
    merged: dict[str, dict[str, Load]],
    categories: list[tuple[str, str]],
    in_progress: bool,
    compared: tuple[bool, bool],
) -> tuple[LoadRow, ...]:
    return tuple(
        _row(
            code,
            label,
            _only(merged["current"], code),
            _only(merged["previous"], code),
            _only(merged["last_year"], code),
            [code],
            in_progress,
            compared,
        )
        for code, label in categories
    )


def _only(by_category: dict[str, Load], code: str) -> dict[str, Load]:
    return {code: by_category[code]} if code in by_category else {}


def _load_in(code: str) -> Callable[[LoadRow], int]:
    """A row's load in category ``code``."""
    return lambda row: row.by_category[code]


def category_leaders(
    districts: tuple[LoadRow, ...], categories: list[tuple[str, str]], top: int = 3
) -> tuple[CategoryLeader, ...]:
    """The ``top`` heaviest districts in each category, and every district tied with the last
    of them (docs/statistics.md, narrative rule 17: a ranking names all tied): 11, 9, 6, 6, 6
    are five districts, since which two of the three 6s were "the three" was the alphabet's
    choice."""
    leaders = []
    for code, label in categories:
        ranked = sorted(
            (r for r in districts if r.by_category[code] > 0),
            key=lambda r: (-r.by_category[code], r.label),
        )
        chosen = heaviest_with_ties(ranked, top, _load_in(code))
        leaders.append(
            CategoryLeader(code, label, tuple((r.label, r.by_category[code]) for r in chosen))
        )
    return tuple(leaders)


def _waiting(viewer: Viewer, municipality: Municipality, tertial: Tertial) -> int:
    """The tertial's reports that wait for review and do not count until accepted."""
    start, end = tertial.bounds(ZoneInfo(settings.TIME_ZONE))
    reports = visible_reports(viewer).filter(municipality=municipality)
    return reports.filter(occurred_from__gte=start, occurred_from__lt=end).waiting().count()


def tertial_analysis(
    viewer: Viewer, municipality: Municipality, tertial: Tertial
) -> TertialAnalysis:
    """Rank the districts by weighted load over ``tertial``, as ``viewer`` may see it."""
    periods = {
        "current": tertial,
        "previous": tertial.previous(),
        "last_year": tertial.same_last_year(),
    }
    # One query of the rollup's months from the same tertial last year up to this one's end: it
    # holds all three periods (tertials are whole months in local time, as the rollup's months).
    counts = visible_counts(viewer).filter(municipality=municipality)
    first = first_week(counts)
    compared = (
        not ended_before_reporting(periods["previous"].last_day, first),
        not ended_before_reporting(periods["last_year"].last_day, first),
    )
    rows = list(
        top_counts(
            counts.filter(
                month__gte=periods["last_year"].first_day,
                month__lte=tertial.last_day,
            ),
            "month",
            "area_id",
            "top",
        ).annotate(unreviewed=Sum("pending"))
    )
    district_of = districts_by_area(municipality)
    buckets, unreviewed = _bucket(rows, periods, district_of)
    merged = {name: _merge(b) for name, b in buckets.items()}
    # A viewer kept from other organisations' sensitive reports still counts their own: the
    # category shows when it holds any, so that the rows add up to the total.
    own = {code for by_category in merged.values() for code, n in by_category.items() if n.count}
    categories = [
        (c.code, c.name)
        for c in Category.objects.filter(parent__isnull=True)
        if viewer.sees_sensitive or not c.sensitive or c.code in own
    ]
    codes = [c for c, _ in categories]
    districts = sorted(
        {a for a in district_of.values() if a.kind == Area.Kind.DISTRICT}, key=lambda a: a.name
    )
    running = tertial.last_day >= timezone.localdate()
    ranked = _district_rows(buckets, districts, codes, running, compared)
    return TertialAnalysis(
        sensitive_included=viewer.sees_sensitive,
        in_progress=running,
        municipality=municipality.name,
        municipality_code=municipality.code,
        tertial=tertial,
        previous=periods["previous"],
        last_year=periods["last_year"],
        categories=tuple(categories),
        districts=ranked,
        outside=_row(
            OUTSIDE,
            _("Utanför områdena / okänt"),
            buckets["current"].get(OUTSIDE, {}),
            buckets["previous"].get(OUTSIDE, {}),
            buckets["last_year"].get(OUTSIDE, {}),
            codes,
            running,
            compared,
        ),
        by_category=_category_rows(merged, categories, running, compared),
        total=_row(
            "all",
            _("Hela kommunen"),
            merged["current"],
            merged["previous"],
            merged["last_year"],
            codes,
            running,
            compared,
        ),
        leaders=category_leaders(ranked, categories),
        unreviewed=unreviewed,
        waiting=_waiting(viewer, municipality, tertial),
        first_week=str(first) if first else None,
    )


def opening_tertial(viewer: Viewer, municipality: Municipality, today: date) -> Tertial:
    """The tertial ``/tertial/`` opens: the last one that has ended, when reporting had begun by
    its end; else the running one, whose figures so far are all there are (reporting began in
    it, or nothing is counted yet and its page says so). An ended tertial before reporting
    began has nothing to rank."""
    running = Tertial.containing(today)
    ended = running.previous()
    first = first_reporting_week(viewer, municipality)
    return running if ended_before_reporting(ended.last_day, first) else ended
