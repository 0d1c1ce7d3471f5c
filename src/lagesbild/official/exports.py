"""Brå trend tables for exports: one summary row per category and one row per category and year.

The figures are ``queries.trend_summary``'s, so a file says what the yearly report says.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lagesbild.core.exports import DECIMAL, P_VALUE, PERCENT, Column, Sheet, to_csv, to_xlsx
from lagesbild.official.queries import TrendSummary

TREND_FORMATS = ("csv", "xlsx")
TREND_TABLES = ("summary", "years")


def _relative(change: Any) -> float | None:
    return None if change is None else change.relative


def summary_columns() -> list[Column]:
    return [
        Column("category_code", _("Kategorikod")),
        Column("category", _("Kategori")),
        Column("first_year", _("Basår")),
        Column("first_count", _("Anmälda brott basåret")),
        Column("last_year", _("År")),
        Column("last_count", _("Anmälda brott")),
        Column("change_base", _("Förändring mot basåret"), PERCENT),
        Column("change_previous", _("Förändring mot föregående år"), PERCENT),
        Column("change_five_years", _("Förändring på fem år"), PERCENT),
        Column("trend_annual_change", _("Trend per år"), PERCENT),
        Column("trend_p_value", _("Trend, p-värde"), P_VALUE),
        Column("trend_significant", _("Trenden säkerställd")),
        Column("etest_p_value", _("E-test, p-värde"), P_VALUE),
        Column("small_counts", _("Små tal")),
        Column("sentence", _("Mening")),
        Column("source", _("Källa")),
    ]


def summary_row(s: TrendSummary) -> dict[str, Any]:
    english = (get_language() or "sv").startswith("en")
    return {
        "category_code": s.category_code,
        "category": s.category_name_en if english else s.category_name_sv,
        "first_year": s.first_year,
        "first_count": s.base_year.from_value,
        "last_year": s.last_year,
        "last_count": s.base_year.to_value,
        "change_base": _relative(s.base_year),
        "change_previous": _relative(s.previous_year),
        "change_five_years": _relative(s.five_years),
        "trend_annual_change": s.trend.annual_change,
        "trend_p_value": s.trend.p_value,
        "trend_significant": s.trend.significant,
        "etest_p_value": s.etest.p_value,
        "small_counts": s.base_year.small_counts,
        "sentence": (s.sentence_en if english else s.sentence_sv).text,
        "source": s.source,
    }


def year_columns() -> list[Column]:
    return [
        Column("category_code", _("Kategorikod")),
        Column("year", _("År")),
        Column("count", _("Anmälda brott")),
        Column("population", _("Folkmängd")),
        Column("rate_per_100k", _("Per 100 000 invånare"), DECIMAL),
        Column("preliminary", _("Preliminär")),
    ]


def year_rows(summaries: list[TrendSummary]) -> list[dict[str, Any]]:
    return [
        {
            "category_code": s.category_code,
            "year": y.year,
            "count": y.count,
            "population": y.population,
            "rate_per_100k": None if y.rate_per_100k is None else round(y.rate_per_100k, 1),
            "preliminary": y.preliminary,
        }
        for s in summaries
        for y in s.years
    ]


def trend_table(summaries: list[TrendSummary], table: str) -> tuple[list[Column], list[dict]]:
    """Return one of TREND_TABLES as (columns, rows), for a CSV file."""
    if table == "years":
        return year_columns(), year_rows(summaries)
    return summary_columns(), [summary_row(s) for s in summaries]


def trend_sheets(summaries: list[TrendSummary]) -> list[Sheet]:
    return [
        Sheet(_("Trender"), summary_columns(), [summary_row(s) for s in summaries]),
        Sheet(_("Per år"), year_columns(), year_rows(summaries)),
    ]


def trend_file(summaries: list[TrendSummary], fmt: str, table: str = "") -> bytes:
    """Return the trend tables as Excel (both) or CSV (``table``)."""
    if fmt == "csv":
        columns, rows = trend_table(summaries, table or TREND_TABLES[0])
        return to_csv(rows, columns)
    return to_xlsx(trend_sheets(summaries))
