"""Read the figures of the statutory lägesbild and write its draft text.

Everything here reads; nothing writes. ``compose`` returns plain, JSON-ready data: the figures
(``Figures``), the generated text per section, the suggested prioritised problems and the plan rows
from the municipality's measures. Rules:

- every generated sentence carries its number and its period, and names its source;
- Brå is the only source of trends: change against a base year (five years back, else the earliest
  year with data) with the E-test, and the quasi-Poisson trend over up to ten years
  (``core.stats`` and ``core.narrative``); a trend is called one only when the test supports it;
- partner reports count when pending or accepted (``Report.objects.counted()``), in the local
  calendar year, read from their rollup (``reports.rollup``). Sensitive categories are left out:
  the document is read by every member of the municipality and becomes a public record when
  decided;
- a district's **load** (belastning) is its reports weighted by the reported insecurity (1–3),
  so a district with fewer but more serious reports can rank above one with many minor ones;
- the tertial rankings come from ``briefings.tertial`` (same load) for the tertials begun;
- what data cannot say (causes, consequences beyond insecurity, the conclusions of the tertial
  meetings) is left as a clearly marked text for the coordinator: ``PLACEHOLDER``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Min, Q, QuerySet, Sum
from django.utils import timezone, translation

from lagesbild.areas.models import Area, Municipality
from lagesbild.areas.services import districts_by_area
from lagesbild.briefings.notes import ended_before_reporting
from lagesbild.briefings.tertial import tertial_analysis
from lagesbild.categories.models import Category
from lagesbild.core.i18n import day_text, month_names, months_text, span_text
from lagesbild.core.narrative import (
    MIN_COUNT,
    MIN_TREND_YEARS,
    comparison_fit,
    comparison_test,
    describe_change,
    format_count,
    format_figure,
    format_p,
    heaviest_with_ties,
    no_trend_reason,
    percent_is_stated,
    preliminary_mark,
    share_is_stated,
    trend_is_stated,
    trend_percent,
    whole_percent,
)
from lagesbild.core.parsers.bra import TOTAL_CRIME_TYPE
from lagesbild.core.periods import Tertial, parse_tertial
from lagesbild.core.stats.change import change_between, rate_per_100k
from lagesbild.core.stats.etest import QUASI_POISSON_TEST, e_test
from lagesbild.core.stats.trend import TrendResult, poisson_trend
from lagesbild.core.weeks import IsoWeek, parse_iso_week
from lagesbild.core.yearly import BASE_YEARS_BACK, SERIES_YEARS
from lagesbild.goals.models import Indicator, IndicatorValue
from lagesbild.measures.models import Measure
from lagesbild.official import queries as official
from lagesbild.official.queries import StoredSpan, YearColumns, police_event_span
from lagesbild.organisations.models import Organisation
from lagesbild.reports.models import Insecurity
from lagesbild.reports.rollup import TOP, first_reporting_week, visible_counts, year_counts
from lagesbild.statutory.access import aggregate_viewer

PLACEHOLDER = "Att komplettera av samordnaren"
BRA_SOURCE = "Brå, anmälda brott"
POLICE_SOURCE = "Polismyndigheten, händelsenotiser på polisen.se"
PARTNER_SOURCE = "Samverkanspartnernas rapporter i Lägesbild"
SURVEY_SOURCE = "Enkätresultat registrerade under samverkansöverenskommelsens mål"
LOAD_RULE = "Belastning = antal rapporter viktade med bedömd otrygghet (1 låg, 2 medel, 3 hög)."
#: Why the tertial section's figures can be lower than the tertial page's of a coordinator.
TERTIAL_SENSITIVE_LEFT_OUT = (
    "Rapporter i känsliga kategorier redovisas inte i dokumentet och ingår inte i tertialens tal "
    "för {year}; tertialanalysen i Lägesbild räknar med dem för den som får se dem och kan därför "
    "visa högre tal."
)
TOP_DISTRICTS = 3
TOP_PROBLEMS = 3
HIGH_INSECURITY = Insecurity.HIGH  # what the rollup's ``high_insecurity`` counts
# Measures in these states were decided, under way or finished, so they belong to a year's plan.
PLAN_STATUSES = (Measure.Status.DECIDED, Measure.Status.ONGOING, Measure.Status.DONE)


#: The language the statutory document is written in.
DOCUMENT_LANGUAGE = "sv"


def placeholder(what: str) -> str:
    """Return a marked gap the coordinator must fill in."""
    return f"[{PLACEHOLDER}: {what}]"


def _n(value: int | float) -> str:
    return format_count(round(value))


def _signed_percent(before: int | None, after: int | None) -> int | None:
    # Held back where the sentence gives only the counts (rules 5 and 6).
    if before is None or after is None or not percent_is_stated(before, after):
        return None
    percent = whole_percent(before, after)
    return -percent if after < before else percent


def _counted(n: int, singular: str, plural: str) -> str:
    """``n`` with its noun in the right number: "1 rapport", "2 rapporter"."""
    return f"{_n(n)} {singular if round(n) == 1 else plural}"


def _reports(n: int) -> str:
    return _counted(n, "rapport", "rapporter")


def _crimes(n: int) -> str:
    return _counted(n, "anmält brott", "anmälda brott")


def percent_of(part: float, whole: float) -> int:
    """Return ``part`` as a whole percent of ``whole``, rounded half up like the narrative."""
    return int(100 * part / whole + 0.5) if whole else 0


def _listing(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " och " + items[-1]


# --- Brå -----------------------------------------------------------------------------------------


def _trend_data(trend: TrendResult) -> dict[str, Any] | None:
    if not trend.estimated:
        return None
    return {
        "annual_change": trend.annual_change,
        "ci_low": trend.ci_low,
        "ci_high": trend.ci_high,
        "p_value": trend.p_value,
        # Called säkerställd only where the narrative rules would state the trend (not a
        # level shift, not from fewer than five years or a handful of events).
        "significant": trend_is_stated(trend),
        "first_year": trend.first_year,
        "last_year": trend.last_year,
    }


def _base_year(counts: dict[int, int], year: int) -> int | None:
    if year - BASE_YEARS_BACK in counts:
        return year - BASE_YEARS_BACK
    earlier = [y for y in counts if y < year]
    return min(earlier) if earlier else None


def _official_row(
    key: str,
    label: str,
    counts: dict[int, int],
    year: int,
    population: dict[int, int],
    preliminary: bool,
) -> dict[str, Any]:
    base_year = _base_year(counts, year)
    shown = {y: n for y, n in counts.items() if y > year - SERIES_YEARS}
    trend = poisson_trend(shown)
    row: dict[str, Any] = {
        "code": key,
        "label": label,
        "year": year,
        "count": counts[year],
        "rate": rate_per_100k(counts[year], population.get(year)),
        "previous_year": year - 1,
        "previous": counts.get(year - 1),
        "base_year": base_year,
        "base": counts.get(base_year) if base_year else None,
        "change_base_percent": None,
        "etest_p": None,
        "etest_significant": False,
        "trend": _trend_data(trend),
        "preliminary": preliminary,
        "trend_reason": no_trend_reason(trend),
    }
    if base_year is None:
        row["sentence"] = (
            f"{label}: {_crimes(counts[year])} år {year}"
            f"{preliminary_mark(preliminary, DOCUMENT_LANGUAGE)}; "
            "inget tidigare år finns att jämföra med."
        )
        return row
    change = change_between(counts, base_year, year, population)
    # The other years' variation widens the test, not the change it judges (rule 9).
    dispersion = comparison_fit(shown, year)
    etest = comparison_test(e_test(change.from_value, change.to_value), dispersion)
    row["etest_method"] = etest.method
    row["change_base_percent"] = _signed_percent(change.from_value, change.to_value)
    row["etest_p"], row["etest_significant"] = etest.p_value, etest.significant
    row["sentence"] = describe_change(
        label,
        change,
        etest,
        trend,
        series=counts,
        preliminary=preliminary,
        dispersion_from=dispersion,
    ).text
    return row


def official_figures(code: str, year: int) -> dict[str, Any]:
    """Return Brå's counts per top-level category (and in all) with change, test and sentence."""
    span = range(min(year - SERIES_YEARS + 1, year - BASE_YEARS_BACK), year + 1)
    population = official.population_series(code, span)
    preliminary = year in official.preliminary_bra_years(code, [year])
    rows = []
    for category in Category.objects.filter(parent__isnull=True):
        counts = official.category_series(code, category.code, span)
        if year in counts:
            rows.append(
                _official_row(
                    category.code, category.name_sv, counts, year, population, preliminary
                )
            )
    totals = {
        y: round(v) for y, v in official.statistic_series(code, TOTAL_CRIME_TYPE, span).items()
    }
    total = (
        _official_row(official.TOTAL, official.TOTAL_LABEL, totals, year, population, preliminary)
        if year in totals
        else None
    )
    return {
        "source": BRA_SOURCE,
        # The whole years stored: what section 1 names when the document's year has none.
        "years": list(official.bra_years(code).whole),
        "preliminary": preliminary,
        "population": population.get(year),
        "total": total,
        "rows": rows,
    }


# --- police events -------------------------------------------------------------------------------


def police_figures(code: str, year: int) -> dict[str, Any] | None:
    """Return police event notices per category this year and last (the yearly report's
    figures, ``official.queries.police_event_year``), or None when there are none."""
    events = official.police_event_year(code, year)
    if events is None:
        return None
    span = police_event_span(code)
    return {
        "source": POLICE_SOURCE,
        # The stored notices' first and last day: a year outside them is not compared.
        "stored_from": span.first.isoformat() if span else None,
        "stored_to": span.last.isoformat() if span else None,
        "total": events.total,
        "previous_total": events.previous_total,
        "excluded_summaries": events.excluded_summaries,
        "rows": [
            {
                "code": r.category,
                "label": r.category_label,
                "count": r.count,
                "previous": r.previous,
            }
            for r in events.rows
        ],
    }


# --- partner reports -----------------------------------------------------------------------------


def partner_counts(municipality: Municipality, year: int) -> QuerySet:
    """Return the rollup's cells of the year's counted partner reports, sensitive categories left
    out for every reader of the document (``rollup.year_counts``, as the yearly report reads)."""
    return year_counts(aggregate_viewer(municipality), municipality, year).annotate(top=TOP)


def _load_rows(counts: QuerySet, *fields: str) -> list[dict[str, Any]]:
    """Sum reports, load (Σ insecurity) and high insecurity (``HIGH_INSECURITY``) per ``fields``."""
    return list(
        counts.values(*fields)
        .annotate(n=Sum("reports"), load=Sum("insecurity"), high=Sum("high_insecurity"))
        .order_by()
    )


def _district_rows(
    rows: list[dict[str, Any]], district_of: dict[int, Area]
) -> list[dict[str, Any]]:
    merged: dict[str, dict[str, Any]] = {}
    for row in rows:
        area = district_of.get(row["area_id"])
        code, name = (area.code, area.name) if area else ("", "Utanför stadsdelarna / okänd plats")
        target = merged.setdefault(code, {"code": code, "name": name, "count": 0, "load": 0})
        target["count"] += row["n"]
        target["load"] += row["load"] or 0
    total_load = sum(r["load"] for r in merged.values()) or 1
    for row in merged.values():
        row["share"] = row["load"] / total_load
    return sorted(merged.values(), key=lambda r: (-r["load"], -r["count"], r["name"]))


def _pairs(reports: QuerySet, district_of: dict[int, Area]) -> list[dict[str, Any]]:
    """Return (category, district) pairs by load: the seeds of the prioritised problems."""
    pairs: dict[tuple[str, str], dict[str, Any]] = {}
    for row in _load_rows(reports, "top", "area_id"):
        area = district_of.get(row["area_id"])
        if area is None:
            continue  # a problem needs a place; reports without one still count above
        pair = pairs.setdefault(
            (row["top"], area.code),
            {
                "category": row["top"],
                "district": area.code,
                "district_name": area.name,
                "count": 0,
                "load": 0,
            },
        )
        pair["count"] += row["n"]
        pair["load"] += row["load"] or 0
    return sorted(
        pairs.values(), key=lambda p: (-p["load"], -p["count"], p["category"], p["district"])
    )


def partner_figures(municipality: Municipality, year: int) -> dict[str, Any]:
    """Return the year's partner reports by category, district and kind of organisation."""
    reports = partner_counts(municipality, year)
    labels = dict(Category.objects.filter(parent__isnull=True).values_list("code", "name_sv"))
    previous = Counter(
        dict(
            partner_counts(municipality, year - 1)
            .values_list("top")
            .annotate(n=Sum("reports"))
            .order_by()
        )
    )
    by_category = sorted(
        (
            {
                "code": r["top"],
                "label": labels.get(r["top"], r["top"]),
                "count": r["n"],
                "load": r["load"] or 0,
                "high": r["high"],
                "previous": previous.get(r["top"], 0),
            }
            for r in _load_rows(reports, "top")
        ),
        key=lambda r: (-r["count"], r["label"]),
    )
    district_of = districts_by_area(municipality)
    kinds = dict(Organisation.Kind.choices)
    by_kind = sorted(
        (
            {
                "kind": r["organisation__kind"],
                "label": str(kinds.get(r["organisation__kind"], "")),
                "count": r["n"],
            }
            for r in reports.values("organisation__kind").annotate(n=Sum("reports")).order_by()
        ),
        key=lambda r: (-r["count"], r["label"]),
    )
    first = (
        visible_counts(aggregate_viewer(municipality))
        .filter(municipality=municipality)
        .aggregate(first=Min("month"))["first"]
    )
    total = sum(r["count"] for r in by_category)
    return {
        "source": PARTNER_SOURCE,
        # The first month with a counted report: a year before it is not compared (rule 11).
        "first_month": first.isoformat() if first else None,
        "total": total,
        # Shares of a handful of reports are not given as percentages (rule 5).
        "shares_withheld": not share_is_stated(total),
        "previous_total": sum(previous.values()),
        "high_insecurity": sum(r["high"] for r in by_category),
        "by_category": by_category,
        "by_district": _district_rows(_load_rows(reports, "area_id"), district_of),
        "by_kind": by_kind,
        "pairs": _pairs(reports, district_of),
        "load_rule": LOAD_RULE,
    }


# --- other information ---------------------------------------------------------------------------


def survey_figures(municipality: Municipality, year: int) -> list[dict[str, Any]]:
    """Return each survey indicator's latest value up to ``year`` and the value before it."""
    indicators = Indicator.objects.filter(
        goal__municipality=municipality, kind=Indicator.Kind.SURVEY
    )
    rows = []
    for indicator in indicators.select_related("goal").order_by("goal__sort_order", "name"):
        values = list(
            IndicatorValue.objects.filter(indicator=indicator, year__lte=year).order_by("-year")[:2]
        )
        if not values:
            continue
        latest, earlier = values[0], (values[1] if len(values) > 1 else None)
        rows.append(
            {
                "goal": indicator.goal.title,
                "name": indicator.name,
                "unit": indicator.unit,
                "year": latest.year,
                "value": latest.value,
                "previous_year": earlier.year if earlier else None,
                "previous_value": earlier.value if earlier else None,
            }
        )
    return rows


def tertial_figures(municipality: Municipality, year: int) -> dict[str, Any] | None:
    """Return the year's tertial rankings (briefings.tertial) for the tertials begun by today."""
    today = timezone.localdate()
    viewer = aggregate_viewer(municipality)
    tertials = []
    for tertial in (Tertial(year, n) for n in (1, 2, 3)):
        if tertial.first_day > today:
            break
        analysis = tertial_analysis(viewer, municipality, tertial)
        districts = [
            {"name": r.label, "rank": r.rank, "load": r.load, "count": r.count}
            for r in analysis.districts
            if r.load
        ][:TOP_DISTRICTS]
        tertials.append(
            {
                "tertial": str(tertial),
                "label": tertial.label_sv,
                "ongoing": tertial.last_day >= today,
                "districts": districts,
            }
        )
    if not tertials:
        return None
    first = first_reporting_week(viewer, municipality)
    return {
        "source": "Tertialanalysen i Lägesbild (briefings.tertial)",
        # The week reporting began: a tertial that ended before it has nothing to report.
        "first_week": str(first) if first else None,
        "tertials": tertials,
    }


# --- the draft's text ----------------------------------------------------------------------------


def _value(value: float) -> str:
    return format_figure(value, DOCUMENT_LANGUAGE)


def _top_list(rows: list[dict[str, Any]], key: str = "label", limit: int = 3) -> str:
    return _listing(
        [f"{r[key].lower() if key == 'label' else r[key]} ({_n(r['count'])})" for r in rows[:limit]]
    )


def kartlaggning_text(f: dict[str, Any]) -> str:
    """Return the mapping's text: Brå per category, police notices, partner reports, districts."""
    year, name = f["year"], f["municipality"]
    parts = [
        f"Kartläggningen avser {name} år {year}. Den bygger på Brås statistik över anmälda brott, "
        "Polismyndighetens händelsenotiser på polisen.se och samverkanspartnernas rapporter "
        "i Lägesbild."
    ]
    rows = ([f["official"]["total"]] if f["official"]["total"] else []) + f["official"]["rows"]
    if rows:
        parts += [f"{r['sentence']} (Källa: Brå.)" for r in rows]
    else:
        parts.append(missing_bra_text(f))
    if f["police_events"]:
        parts.append(_police_text(f["police_events"], name, year))
    partners = f["partner_reports"]
    if partners["total"]:
        parts.append(_partner_text(partners, year, f.get("generated_on")))
        districts = [d for d in partners["by_district"] if d["code"]][:TOP_DISTRICTS]
        if districts:
            listed = _listing(
                [
                    f"{d['name']} ({_reports(d['count'])}, belastning {_n(d['load'])})"
                    for d in districts
                ]
            )
            parts.append(f"Mest belastade stadsdelar {partner_when(f)}: {listed}. {LOAD_RULE}")
    else:
        parts.append(f"Inga rapporter från samverkanspartnerna finns för {year}.")
    return "\n\n".join(parts)


def missing_bra_text(f: dict[str, Any]) -> str:
    """Section 1's sentence on a year without Brå figures: a year not yet ended cannot have them
    (Brå publishes a year's figures the year after), and the whole years stored are named. How
    to import them is the page's (``document.html``), not the document's, which the council reads.
    """
    year, years = f["year"], f["official"].get("years")
    generated = date.fromisoformat(f["generated_on"]) if f.get("generated_on") else None
    if generated is not None and year >= generated.year:
        said = (
            f"Brås statistik över anmälda brott för {year} publiceras först under {year + 1} "
            "och ingår inte."
        )
    else:
        said = f"Brås statistik över anmälda brott för {year} ingår inte i underlaget."
    if years is None:  # figures gathered before the stored years were kept
        return said
    if not years:
        return f"{said} Underlaget har ännu inga av Brås siffror för kommunen."
    return f"{said} Underlaget har Brås siffror för {span_text_years(years)}."


def span_text_years(years: list[int]) -> str:
    """The stored years as written: "2025", "2016–2025", "2019, 2021 och 2022"."""
    if len(years) > 2 and years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]}"
    return _listing([str(y) for y in years])


def partner_when(f: dict[str, Any]) -> str:
    """The period the partner reports cover, as every sentence on them names it: "år 2025" for
    a whole year, "under november–december 2026" for the part of it that was reported (a year
    reporting began in, or one still running; section 1 gives its last day)."""
    year = f["year"]
    period = _partner_period(f["partner_reports"], year, f.get("generated_on"))
    return f"år {year}" if period.whole else f"under {period.months} {year}"


def _flest(rows: list[dict[str, Any]]) -> str:
    # "flest gällde …" only of categories with any: never "(0) och (0)".
    counted = [r for r in rows if r["count"]]
    return f"; flest gällde {_top_list(counted)}" if counted else ""


def _stored_span(police: dict[str, Any]) -> StoredSpan | None:
    if not (police or {}).get("stored_from"):  # none, or stored before the span was kept
        return None
    return StoredSpan(
        date.fromisoformat(police["stored_from"]), date.fromisoformat(police["stored_to"])
    )


def police_columns(f: dict[str, Any]) -> YearColumns:
    """The columns of the police notices' table in section 1.2 (as ``_police_text``)."""
    return official.police_columns(_stored_span(f["police_events"]), f["year"], "sv")


def partner_columns(f: dict[str, Any]) -> YearColumns:
    """The columns of the partner reports' table in section 1.3 (as ``_partner_text``)."""
    year = f["year"]
    period = _partner_period(f["partner_reports"], year, f.get("generated_on"))
    if period.whole:
        return YearColumns(str(year), str(year - 1) if period.compared else None)
    until = f" (t.o.m. {day_text(period.running, 'sv', year=False)})" if period.running else ""
    return YearColumns(f"{period.months} {year}{until}", None)


@dataclass(frozen=True)
class _PartnerPeriod:
    """The part of a year the partner reports cover: reporting may have begun in it and the
    year may still be running; the year before is compared only when both are whole."""

    months: str  # "januari–december", "maj–december"
    whole: bool
    running: date | None  # the day the figures were gathered, in a running year
    compared: bool
    began: date | None  # when reporting began, where it explains a missing comparison


def _partner_period(
    partners: dict[str, Any], year: int, generated_on: str | None
) -> _PartnerPeriod:
    first = date.fromisoformat(partners["first_month"]) if partners.get("first_month") else None
    today = date.fromisoformat(generated_on) if generated_on else None
    start = first.month if first and first.year == year else 1
    running = today if today is not None and today.year == year else None
    whole = start == 1 and running is None
    full_before = first is None or (first.year, first.month) <= (year - 1, 1)
    began = first if first is not None and (first.year == year or not full_before) else None
    months = months_text(start, running.month if running else 12, "sv")
    return _PartnerPeriod(months, whole, running, full_before and whole, began)


def _police_text(police: dict[str, Any], name: str, year: int) -> str:
    """The year's police notices, compared with the year before only where the stored notices
    cover both years (rule 11); otherwise the stored span and the part of the year it covers."""
    total, previous = police["total"], _n(police["previous_total"])
    source = " Notiserna är pressmeddelanden, inte brottsstatistik (källa: Polismyndigheten)."
    about = f"om händelser i {name}"
    published = (
        f"Polismyndigheten publicerade {_counted(total, 'händelsenotis', 'händelsenotiser')} "
        f"{about} år {year}"
    )
    span = _stored_span(police)
    if span is None:
        return f"{published} (år {year - 1}: {previous}){_flest(police['rows'])}.{source}"
    stored = (
        f"Systemet har Polismyndighetens händelsenotiser {about} från "
        f"{day_text(span.first, 'sv')} till {day_text(span.last, 'sv')}"
    )
    if span.covers(year):
        if span.covers(year - 1):
            return f"{published} (år {year - 1}: {previous}){_flest(police['rows'])}.{source}"
        return (
            f"{published}{_flest(police['rows'])}. Systemets notiser börjar "
            f"{day_text(span.first, 'sv')}, så året före täcks inte helt och jämförs inte."
            f"{source}"
        )
    part = span.within(year)
    if part is None:
        return f"{stored}; år {year} täcks inte, så inga notiser för året redovisas.{source}"
    return (
        f"{stored}, så år {year} täcks bara delvis: "
        f"{_counted(total, 'notis', 'notiser')} {span_text(*part, 'sv')}"
        f"{_flest(police['rows'])}. De jämförs inte med hela år.{source}"
    )


def _partner_text(partners: dict[str, Any], year: int, generated_on: str | None) -> str:
    """The year's partner reports, named by the months they cover when the year is running or
    reporting began in it, and compared only with a year reported in full (rule 11)."""
    period = _partner_period(partners, year, generated_on)
    reported = _counted(
        partners["total"], "händelse eller iakttagelse", "händelser och iakttagelser"
    )
    head = f"Samverkanspartnerna rapporterade {reported}"
    if period.whole:
        when = f"år {year}"
    else:
        when = f"under {period.months} {year}"
        if period.running:
            when += f" (till och med den {day_text(period.running, 'sv', year=False)})"
    compared = f" (år {year - 1}: {_n(partners['previous_total'])})" if period.compared else ""
    note = ""
    if period.began:
        began = f"{month_names('sv')[period.began.month - 1]} {period.began.year}"
        tail = "" if period.began.year == year else ", så året före jämförs inte"
        note = f" Rapporteringen i Lägesbild började i {began}{tail}."
    return (
        f"{head} {when}{compared}{_flest(partners['by_category'])}.{note} "
        "Antalet speglar hur mycket partnerna rapporterar, inte hela brottsligheten."
    )


def konsekvenser_text(f: dict[str, Any]) -> str:
    """Return what the data says about consequences (reported insecurity) and the gap to fill."""
    partners, parts = f["partner_reports"], []
    if partners["total"]:
        # A share of a handful of reports is the count, not a percentage (rule 5).
        share = (
            f" ({percent_of(partners['high_insecurity'], partners['total'])} %)"
            if share_is_stated(partners["total"])
            else ""
        )
        parts.append(
            f"Av partnernas {_reports(partners['total'])} {partner_when(f)} bedömdes "
            f"{_n(partners['high_insecurity'])}{share} ge hög upplevd otrygghet "
            "(3 på skalan 1–3)."
        )
    parts.append(
        placeholder(
            "brottslighetens konsekvenser för invånare, näringsliv och kommunens verksamheter, "
            "t.ex. kostnader för skadegörelse och resultat från trygghetsmätningar"
        )
    )
    return "\n\n".join(parts)


def annan_information_text(f: dict[str, Any]) -> str:
    """Return survey results and who reported how much."""
    year, parts = f["year"], []
    for s in f["surveys"]:
        unit = f" {s['unit']}" if s["unit"] else ""
        before = (
            f" (år {s['previous_year']}: {_value(s['previous_value'])}{unit})"
            if s["previous_year"]
            else ""
        )
        parts.append(
            f"{s['name']}: {_value(s['value'])}{unit} år {s['year']}{before}. (Källa: enkät, "
            f"registrerad under målet ”{s['goal']}”.)"
        )
    if not f["surveys"]:
        parts.append(
            placeholder(
                f"resultat från trygghetsmätningar eller andra enkäter för {year}; "
                "inga finns registrerade i systemet"
            )
        )
    kinds = f["partner_reports"]["by_kind"]
    if kinds:
        listed = _listing([f"{k['label'].lower()} ({_n(k['count'])})" for k in kinds])
        parts.append(f"Partnernas iakttagelser {partner_when(f)} kom från {listed}.")
    return "\n\n".join(parts)


def tertial_text(f: dict[str, Any]) -> str:
    """Return each tertial's heaviest districts, without sensitive categories (said, since the
    tertial page counts them for a coordinator); the conclusions are left to the coordinator."""
    parts = []
    first = (f.get("tertial") or {}).get("first_week")
    began = parse_iso_week(first) if first else None
    for t in (f.get("tertial") or {}).get("tertials", []):
        label = t["label"][0].upper() + t["label"][1:] + (" (pågående)" if t["ongoing"] else "")
        if t["districts"]:
            listed = _listing(
                [
                    f"{d['name']} (belastning {_n(d['load'])}, {_reports(d['count'])})"
                    for d in t["districts"]
                ]
            )
            parts.append(f"{label}: störst belastning i {listed}.{_began_in_text(t, began)}")
        else:
            parts.append(f"{label}: {_empty_tertial_text(t, began)}")
    if parts:
        parts.append(TERTIAL_SENSITIVE_LEFT_OUT.format(year=f["year"]))
    parts.append(
        placeholder(
            f"slutsatserna från årets tertialanalyser ({f['year']}) om vilka områden som "
            "mest behöver långsiktiga åtgärder"
        )
    )
    return "\n\n".join(parts)


def _empty_tertial_text(tertial: dict[str, Any], began: IsoWeek | None) -> str:
    """A tertial without ranked districts: one that ended before reporting began had nothing to
    report (the tertial page's rule, ``briefings.notes.ended_before_reporting``)."""
    last_day = parse_tertial(tertial["tertial"]).last_day
    if began is not None and ended_before_reporting(last_day, began):
        return f"rapporteringen i Lägesbild började vecka {began}, efter tertialet."
    return "inga rapporter med plats i någon stadsdel."


def _began_in_text(tertial: dict[str, Any], began: IsoWeek | None) -> str:
    """A tertial reporting began in holds only the weeks since: said after its figures."""
    period = parse_tertial(tertial["tertial"])
    if began is None or not period.first_day < began.monday <= period.last_day:
        return ""
    return (
        f" Rapporteringen i Lägesbild började vecka {began}, inne i tertialet: siffrorna gäller "
        "veckorna sedan dess."
    )


def _p(value: float) -> str:
    # The sentences' own p format (rule 15), so section 3 prints what section 1 prints.
    return format_p(value, DOCUMENT_LANGUAGE)


def _test_name(row: dict[str, Any]) -> str:
    if row.get("etest_method") == QUASI_POISSON_TEST:
        return "test med hänsyn till variationen mellan åren"
    return "E-test"


def _supported(row: dict[str, Any]) -> str | None:
    """Return a sentence for a change a test supports: the trend first, else the E-test."""
    trend = row["trend"]
    pre = preliminary_mark(bool(row.get("preliminary")), DOCUMENT_LANGUAGE)
    if trend and trend["significant"]:
        word = "minskande" if trend["annual_change"] < 0 else "ökande"
        pct = trend_percent(trend["annual_change"], DOCUMENT_LANGUAGE)
        pct = f"+{pct}" if trend["annual_change"] > 0 else pct
        return (
            f"{row['label']}: en {word} trend {trend['first_year']}–{trend['last_year']}{pre}, "
            "i genomsnitt "
            f"{pct} procent per år ({_p(trend['p_value'])}; Brå, anmälda brott)."
        )
    if row["etest_significant"]:
        return (
            f"{row['label']}: från {_n(row['base'])} år {row['base_year']} till "
            f"{_n(row['count'])} år {row['year']}{pre}, en statistiskt säkerställd förändring "
            f"({_test_name(row)}, {_p(row['etest_p'])}; Brå), "
            "men ingen säkerställd trend över hela perioden."
        )
    return None


def analys_text(f: dict[str, Any]) -> str:
    """Return the trends the tests support, the heaviest districts, what data cannot say."""
    year, parts = f["year"], []
    rows = f["official"]["rows"]
    supported = {r["code"]: s for r in rows if (s := _supported(r))}
    if supported:
        parts.append(
            "Förändringar som de statistiska testerna stöder: " + " ".join(supported.values())
        )
    others = [r for r in rows if r["code"] not in supported]
    if others:
        parts.append(_unsupported_text(others, year))
    partners = f["partner_reports"]
    districts = [d for d in partners["by_district"] if d["code"]]
    if districts:
        parts.append(_most_loaded_text(f, districts))
    return (
        "\n\n".join(parts)
        if parts
        else placeholder(f"analys; underlag för {year} saknas i systemet")
    )


def _most_loaded_text(f: dict[str, Any], districts: list[dict[str, Any]]) -> str:
    """The district with the highest load, or the districts that share it: a tie has no "most"."""
    partners = f["partner_reports"]
    top = districts[0]
    if share_is_stated(partners["total"]):
        share = f"{percent_of(top['share'], 1)} % av belastningen"
    else:  # a handful of reports: the load itself, not a percentage (rule 5)
        whole = sum(d["load"] for d in partners["by_district"])
        share = f"belastning {_n(top['load'])} av {_n(whole)}"
    tied = [d for d in districts if d["load"] == top["load"]]
    if len(tied) > 1:
        names = _listing([d["name"] for d in tied])
        counts = _listing([_reports(d["count"]) for d in tied])
        return (
            f"Lika belastade {partner_when(f)} var {names}, med {share} vardera i partnernas "
            f"rapporter ({counts})."
        )
    return (
        f"Mest belastad {partner_when(f)} var {top['name']} med {share} i partnernas rapporter "
        f"({_reports(top['count'])}).{_leading_category_text(f, top)}"
    )


def _leading_category_text(f: dict[str, Any], district: dict[str, Any]) -> str:
    """The category that carries most of ``district``'s load: "dominerade" only for more than
    half of it, and none named where two carry the same load."""
    pairs = [p for p in f["partner_reports"]["pairs"] if p["district"] == district["code"]]
    if not pairs or (len(pairs) > 1 and pairs[1]["load"] == pairs[0]["load"]):
        return ""
    first = pairs[0]
    label = _category_label(f, first["category"]).lower()
    if 2 * first["load"] > district["load"]:
        return f" Där dominerade {label} ({_reports(first['count'])})."
    return (
        f" Där var {label} den mest belastade kategorin ({_reports(first['count'])}, "
        f"belastning {_n(first['load'])} av {_n(district['load'])})."
    )


#: Why a category has neither a stated trend nor a significant change, worded honestly: only
#: where both tests ran on enough data is the difference "within the normal variation".
_UNSUPPORTED = {
    "not_significant": "stöder testerna varken en trend eller en säkerställd förändring fram till "
    "{year}; skillnaderna ligger inom den normala variationen",
    "level_shift": "beskrivs serien bättre av ett nivåskifte än av en jämn trend, och "
    "förändringen mot basåret är inte statistiskt säkerställd",
    "few_years": "finns för få år med Brås siffror för att bedöma en trend (minst {m} behövs), "
    "och förändringen mot basåret är inte statistiskt säkerställd",
    "small_counts": "är antalen för små (i genomsnitt under {n} per år) för att bedöma en trend, "
    "och förändringen mot basåret är inte statistiskt säkerställd",
    "not_estimable": "ligger alla anmälda brott i ett enda år, så ingen trend kan bedömas, och "
    "förändringen mot basåret är inte statistiskt säkerställd",
    "not_fitted": "går serien inte att beskriva med en trend (för ojämna värden), och "
    "förändringen mot basåret är inte statistiskt säkerställd",
    "no_test": "finns Brås siffror bara för år {year}, så ingen förändring har kunnat prövas",
}


def _unsupported_text(rows: list[dict[str, Any]], year: int) -> str:
    """One sentence per reason, each naming its categories."""
    by_reason: dict[str, list[str]] = {}
    for r in rows:
        reason = "no_test" if r.get("base_year") is None else r.get("trend_reason")
        by_reason.setdefault(reason or "not_significant", []).append(r["label"].lower())
    sentences = []
    for reason, template in _UNSUPPORTED.items():
        if reason in by_reason:
            said = template.format(year=year, m=MIN_TREND_YEARS, n=MIN_COUNT)
            sentences.append(f"För {_listing(by_reason[reason])} {said}.")
    return " ".join(sentences)


def orsaker_text(f: dict[str, Any]) -> str:
    """Return the marked gap for the causes: the data says where and how often, not why."""
    return placeholder(
        "orsakerna bakom de prioriterade problemen. Uppgifterna i systemet visar var och "
        "hur ofta något rapporteras, inte varför"
    )


def atgardsplan_text(f: dict[str, Any], problems: int, items: int) -> str:
    """Return the plan's introduction with its counts, in number ("inga åtgärder", "en åtgärd",
    "ett prioriterat problem"; it had read "0 åtgärder" and "1 åtgärder")."""
    measures = _in_number(items, "inga åtgärder", "en åtgärd", "åtgärder")
    prioritised = _in_number(
        problems, "inga prioriterade problem", "ett prioriterat problem", "prioriterade problem"
    )
    return (
        f"Åtgärdsplanen för {f['year']} har {measures} som beslutats eller pågått under "
        f"året och {prioritised}. Problemen föreslogs utifrån de kategorier och "
        "stadsdelar som var mest belastade i partnernas rapporter (eller, utan rapporter, de "
        "största kategorierna i "
        "Brås statistik) och ska prövas av samordnaren."
    )


def ranking_text(f: dict[str, Any], problems: list[dict[str, Any]]) -> str:
    """What the suggested order of the problems from partner reports rests on: each problem's
    reports, and where any is below the small-count limit (rule 5) that they are too few to rank
    by; problems of equal load are named as tied (rule 17). '' for problems from Brå."""
    counted = [p for p in problems if "count" in p]
    if not counted:
        return ""
    counts = (
        _reports(counted[0]["count"])
        if len(counted) == 1
        else f"{_listing([_n(p['count']) for p in counted])} rapporter"
    )
    said = [f"De föreslagna problemen bygger på {counts} {partner_when(f)}."]
    if any(p["count"] < MIN_COUNT for p in counted):
        said.append(
            f"Det är för få (under {MIN_COUNT} per problem) för att rangordna problemen efter "
            "belastning; ordningen är bara ett förslag att pröva."
        )
    loads = Counter(p["load"] for p in counted)
    for load, n in loads.items():
        if n > 1:
            ranks = _listing([str(p["rank"]) for p in counted if p["load"] == load])
            said.append(f"Prio {ranks} har samma belastning ({_n(load)}).")
    return " ".join(said)


def _in_number(n: int, none: str, one: str, many: str) -> str:
    return none if n == 0 else one if n == 1 else f"{format_count(n)} {many}"


def _category_label(f: dict[str, Any], code: str) -> str:
    for row in f["partner_reports"]["by_category"] + f["official"]["rows"]:
        if row["code"] == code:
            return row["label"]
    return code


# --- problems and plan ---------------------------------------------------------------------------


def suggested_problems(f: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the top (category, district) pairs by load and any tied with the last of them
    (rule 17), else the largest Brå categories; a pair tied with another says so."""
    year, problems = f["year"], []
    pairs = heaviest_with_ties(f["partner_reports"]["pairs"], TOP_PROBLEMS, lambda p: p["load"])
    for rank, p in enumerate(pairs, start=1):
        label = _category_label(f, p["category"])
        tied = [
            str(r) for r, o in enumerate(pairs, start=1) if r != rank and o["load"] == p["load"]
        ]
        tie = f", lika med prio {_listing(tied)}" if tied else ""
        problems.append(
            {
                "rank": rank,
                "title": f"{label} i {p['district_name']}",
                "description": f"{_reports(p['count'])} från samverkanspartnerna "
                f"{partner_when(f)} (belastning {_n(p['load'])}{tie}).",
                "category_codes": [p["category"]],
                "area_codes": [p["district"]],
                "cause": "",
                "consequences": "",
                "count": p["count"],
                "load": p["load"],
            }
        )
    if problems:
        return problems
    largest = sorted(f["official"]["rows"], key=lambda r: -r["count"])[:TOP_PROBLEMS]
    return [
        {
            "rank": rank,
            "title": r["label"],
            "description": f"{_crimes(r['count'])} år {year}"
            f"{preliminary_mark(bool(r.get('preliminary')), DOCUMENT_LANGUAGE)} (Brå).",
            "category_codes": [r["code"]],
            "area_codes": [],
            "cause": "",
            "consequences": "",
        }
        for rank, r in enumerate(largest, start=1)
    ]


def plan_measures(municipality: Municipality, year: int) -> QuerySet:
    """Return the measures decided, under way or done during ``year``."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    begun = (
        Q(start_date__lte=end)
        | Q(start_date__isnull=True, decided_at_meeting__date__lte=end)
        | Q(start_date__isnull=True, decided_at_meeting__isnull=True, created_at__date__lte=end)
    )
    not_finished_before = ~Q(status=Measure.Status.DONE, done_date__lt=start)
    return (
        Measure.objects.filter(municipality=municipality, status__in=PLAN_STATUSES)
        .filter(begun, not_finished_before)
        .select_related("owner", "decided_at_meeting")
        .prefetch_related("categories__parent", "areas")
        .order_by("title", "pk")
    )


def _suggested_status(measure: Measure, today: date) -> str:
    # Only what is plain fact: done is green, past its date and not done is red; the rest is judged.
    if measure.status == Measure.Status.DONE:
        return "green"
    if measure.due_date and measure.due_date < today:
        return "red"
    return "none"


def match_problem(
    categories: set[str], districts: set[str], problems: list[dict[str, Any]]
) -> int | None:
    """Return the rank of the problem a measure belongs to: same category, same (or no) district."""
    best: tuple[int, int] | None = None
    for p in problems:
        if not categories & set(p["category_codes"]):
            continue
        wanted = set(p["area_codes"])
        if wanted and districts and not wanted & districts:
            continue
        score = 2 if wanted & districts else 1
        if best is None or (-score, p["rank"]) < (-best[0], best[1]):
            best = (score, p["rank"])
    return best[1] if best else None


def measure_keys(measure: Measure, district_of: dict[int, Area]) -> tuple[set[str], set[str]]:
    """Return the top-level category codes and district codes a measure is about."""
    categories = {c.top_level.code for c in measure.categories.all()}
    districts = {district_of[a.pk].code for a in measure.areas.all() if a.pk in district_of}
    return categories, districts


def plan_rows(
    municipality: Municipality, year: int, problems: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Return one plan row per measure of the year, linked to a problem where one matches."""
    district_of, today = districts_by_area(municipality), timezone.localdate()
    rows = []
    for m in plan_measures(municipality, year):
        categories, districts = measure_keys(m, district_of)
        started = m.start_date or (m.decided_at_meeting.date if m.decided_at_meeting else None)
        rows.append(
            {
                "measure_id": m.pk,
                "title": m.title,
                "operational_goal": m.operational_goal,
                "who_id": m.owner_id,
                "who": m.owner.name if m.owner else "",
                "start_date": started,
                "end_date": m.done_date or m.due_date,
                "follow_up": m.follow_up,
                "follow_up_status": _suggested_status(m, today),
                "problem_rank": match_problem(categories, districts, problems),
            }
        )
    return rows


# --- everything ----------------------------------------------------------------------------------


@dataclass
class Composition:
    """A generated draft, not yet stored."""

    figures: dict[str, Any]
    sections: dict[str, str]
    problems: list[dict[str, Any]] = field(default_factory=list)
    plan: list[dict[str, Any]] = field(default_factory=list)


def gather_figures(municipality: Municipality, year: int) -> dict[str, Any]:
    """Return every figure of the mapping and other information, JSON-ready."""
    return {
        "municipality": municipality.name,
        "municipality_code": municipality.code,
        "year": year,
        "generated_on": timezone.localdate().isoformat(),
        "official": official_figures(municipality.code, year),
        "police_events": police_figures(municipality.code, year),
        "partner_reports": partner_figures(municipality, year),
        "surveys": survey_figures(municipality, year),
        "tertial": tertial_figures(municipality, year),
    }


def compose(municipality: Municipality, year: int) -> Composition:
    """Generate the figures, texts, suggested problems and plan rows for a municipality and year.

    The document is the municipality's and is written in Swedish whoever asks: its sentences
    and numbers are made with Swedish active, also for a viewer who reads the pages in English.
    """
    with translation.override(DOCUMENT_LANGUAGE):
        return _compose(municipality, year)


def _compose(municipality: Municipality, year: int) -> Composition:
    figures = gather_figures(municipality, year)
    problems = suggested_problems(figures)
    plan = plan_rows(municipality, year, problems)
    sections = {
        "kartlaggning": kartlaggning_text(figures),
        "konsekvenser": konsekvenser_text(figures),
        "annan_information": annan_information_text(figures),
        "tertial": tertial_text(figures),
        "analys": analys_text(figures),
        "orsaker": orsaker_text(figures),
        "atgardsplan": "\n\n".join(
            t
            for t in (
                atgardsplan_text(figures, len(problems), len(plan)),
                ranking_text(figures, problems),
            )
            if t
        ),
    }
    return Composition(figures, sections, problems, plan)
