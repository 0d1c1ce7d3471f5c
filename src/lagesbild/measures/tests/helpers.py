"""Helpers shared by the measures and meetings tests."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from lagesbild.measures.evaluation import Period
from lagesbild.testing import STOCKHOLM, Cast, square

# The evaluation tests' periods: a calendar year before and one after.
BEFORE = Period(date(2023, 1, 1), date(2023, 12, 31))
AFTER = Period(date(2024, 1, 1), date(2024, 12, 31))


def make_measure(cast: Cast, title: str = "Klottersanering vid skolan", **values: Any):
    """Create a measure through the service, owned by the housing company unless told otherwise."""
    from lagesbild.measures.services import MeasureData, create_measure

    values.setdefault("owner", cast.bostad)
    values.setdefault("status", "decided")
    values.setdefault("due_date", date(2024, 9, 20))
    return create_measure(cast.municipality, MeasureData(title=title, **values), cast.cecilia)


@dataclass
class FakeAnalysis:
    """Stands in for briefings.analysis.WeeklyAnalysis: the same field names, plain data."""

    alerts: list[dict] = field(default_factory=list)
    hotspots: list[dict] = field(default_factory=list)
    repeat_places: list[dict] = field(default_factory=list)
    focus_pai: dict | None = None
    police_events: dict | None = None
    measures_in_flagged: list[dict] = field(default_factory=list)
    hotspot_from: date | None = None
    hotspot_to: date | None = None
    calls: list[tuple] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        data = {k: v for k, v in self.__dict__.items() if k != "calls"}
        return data | {k: v.isoformat() for k, v in data.items() if isinstance(v, date)}

    def __call__(self, viewer, municipality, week) -> FakeAnalysis:
        """Be the analyse function too, remembering what it was asked."""
        self.calls.append((viewer, municipality, week))
        return self


def klotter_alert(**overrides: Any) -> dict[str, Any]:
    alert = {
        "level": "district",
        "district": "norr",  # the keys of briefings.alerts.Alert, as the analysis gives them
        "district_code": "norr",
        "district_name": "Norr",
        "category": "skadegorelse",
        "category_code": "skadegorelse",
        "category_label": "Skadegörelse",
        "observed": 9,
        "expected": 2.1,
        "upper": 5.4,
        "score": 2.3,
        "alarm": True,
        "method": "farrington",
        "sentence": "Skadegörelse i Norr: 9 rapporter vecka 37, väntat omkring 2 (larmgräns 6).",
    }
    return alert | overrides


def png_is_blank(pdf: bytes, tmp_path: Path) -> bool:
    """Render the PDF's first page with pdftoppm and tell whether it is one flat colour."""
    source = tmp_path / "minutes.pdf"
    source.write_bytes(pdf)
    assert shutil.which("pdftoppm"), "pdftoppm (poppler-utils) is needed"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(source), str(tmp_path / "page")],
        check=True,
    )
    page = next(tmp_path.glob("page*.png"))
    from PIL import Image

    with Image.open(page) as image:
        lo, hi = image.convert("L").getextrema()
    return lo == hi


def bulk_reports(cast: Cast, area, n: int, period: Period, **fields: Any) -> None:
    """Insert ``n`` reports spread over ``period`` in one statement (too many for the service);
    the rollup of counted reports is then rebuilt, as after the demo's bulk insert."""
    from lagesbild.categories.models import Category
    from lagesbild.reports.models import Report
    from lagesbild.testing import recount

    category = Category.objects.get(code=fields.pop("category", "klotter"))
    organisation = fields.pop("organisation", cast.bevakning)
    start = datetime.combine(period.start, datetime.min.time(), tzinfo=STOCKHOLM)
    Report.objects.bulk_create(
        Report(
            municipality=cast.municipality,
            organisation=organisation,
            category=category,
            occurred_from=start + timedelta(hours=12, days=i % period.days),
            area=area,
            **fields,
        )
        for i in range(n)
    )
    recount(cast.municipality)


def district(cast: Cast, code: str, lon: float, lat: float):
    """Add a district (a 0.01° square with its south-west corner at lon, lat) to the cast's town."""
    from lagesbild.areas.models import Area

    return Area.objects.create(
        municipality=cast.municipality, code=code, name=code.capitalize(), geometry=square(lon, lat)
    )
