"""The analysis tables as files (CSV for Swedish Excel, Excel), built by ``core.exports``."""

from __future__ import annotations

from typing import Any

from lagesbild.analysis.services import Effort, TimeProfile
from lagesbild.core.exports import DECIMAL, Column, Sheet, to_csv, to_xlsx
from lagesbild.core.weeks import IsoWeek

FORMATS = ("csv", "xlsx")


def profile_table(profile: TimeProfile) -> tuple[list[Column], list[dict[str, Any]]]:
    """One row per weekday, one column per hour (aoristic weights, one decimal) and the total;
    the headings and no rows when the window holds no report, as the page shows no grid of
    zeros (and as the other files of nothing are written)."""
    columns = [Column("weekday", "Veckodag")]
    columns += [Column(f"h{h:02d}", f"{h:02d}", DECIMAL) for h in range(24)]
    columns.append(Column("total", "Summa", DECIMAL))
    rows: list[dict[str, Any]] = []
    for weekday, hours, total in profile.rows() if profile.reports else []:
        row: dict[str, Any] = {"weekday": weekday, "total": round(total, 3)}
        row.update({f"h{h:02d}": round(v, 3) for h, v in enumerate(hours)})
        rows.append(row)
    return columns, rows


def profile_file(profile: TimeProfile, fmt: str) -> bytes:
    columns, rows = profile_table(profile)
    if fmt == "csv":
        return to_csv(rows, columns)
    return to_xlsx([Sheet("Tid på dygnet", columns, rows)])


def effort_table(effort: Effort) -> tuple[list[Column], list[dict[str, Any]]]:
    columns = [
        Column("week", "Vecka"),
        Column("organisation", "Organisation"),
        Column("reports", "Rapporter"),
        Column("reporters", "Aktiva rapportörer"),
        Column("unattributed", "Rapporter via system (API, import)"),
        Column("per_reporter", "Rapporter per aktiv rapportör", DECIMAL),
    ]
    rows = [
        {
            "week": str(IsoWeek.containing(row.monday)),
            "organisation": row.organisation,
            "reports": row.reports,
            "reporters": row.reporters,
            "unattributed": row.unattributed,
            "per_reporter": None if row.per_reporter is None else round(row.per_reporter, 2),
        }
        for row in effort.rows
    ]
    return columns, rows


def effort_file(effort: Effort, fmt: str) -> bytes:
    columns, rows = effort_table(effort)
    if fmt == "csv":
        return to_csv(rows, columns)
    return to_xlsx([Sheet("Rapporteringsinsats", columns, rows)])
