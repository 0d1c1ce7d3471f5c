"""Benchmarks: figures and ratios against a baseline measured in the same run.

    .venv/bin/python bench/run.py            # pure-core benchmarks
    .venv/bin/python bench/run.py --weekly   # also the weekly lägesbild on the demo database

Each line prints the time per operation of the thing measured, of its baseline, and their ratio,
so that a slower or faster machine does not change the verdict.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def per_call(function: Callable[[], object], repeat: int = 5, number: int = 1) -> float:
    """Return the median seconds per call over ``repeat`` rounds of ``number`` calls."""
    rounds = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            function()
        rounds.append((time.perf_counter() - start) / number)
    return statistics.median(rounds)


def report(name: str, measured: float, baseline: float, baseline_name: str) -> None:
    print(
        f"{name:<38} {measured * 1e6:>10.1f} µs   "
        f"{baseline_name:<30} {baseline * 1e6:>10.1f} µs   "
        f"ratio {measured / baseline:6.1f}"
    )


def bench_scrub() -> None:
    from lagesbild.core.privacy import scrub_text

    corpus = ROOT / "src/lagesbild/core/tests/data/scrub_corpus.jsonl"
    texts = [json.loads(line)["text"] for line in corpus.read_text(encoding="utf-8").splitlines()]
    email = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
    measured = per_call(lambda: [scrub_text(t) for t in texts]) / len(texts)
    baseline = per_call(lambda: [email.sub("[e-post]", t) for t in texts]) / len(texts)
    report("scrub_text per sentence", measured, baseline, "one e-mail regex")


def bench_locate() -> None:
    import numpy as np
    import shapely
    from shapely.geometry import shape

    from lagesbild.core.geometry import AreaIndex, IndexedArea
    from lagesbild.core.synthetic import exempelstad_districts

    districts = exempelstad_districts()
    index = AreaIndex(IndexedArea(d.code, d.geometry) for d in districts)
    polygons = [(d.code, shape(d.geometry)) for d in districts]
    rng = np.random.default_rng(1)
    minx, miny, maxx, maxy = shapely.union_all([p for _, p in polygons]).bounds
    points = list(zip(rng.uniform(miny, maxy, 2000), rng.uniform(minx, maxx, 2000), strict=True))

    def naive() -> None:
        for lat, lon in points:
            point = shapely.Point(lon, lat)
            next((code for code, polygon in polygons if polygon.intersects(point)), None)

    measured = per_call(lambda: [index.locate(lat, lon) for lat, lon in points]) / len(points)
    naive_time = per_call(naive) / len(points)
    report("AreaIndex.locate per point", measured, naive_time, "loop over all polygons")
    lats, lons = zip(*points, strict=True)
    bulk = per_call(lambda: index.locate_many(lats, lons)) / len(points)
    report("AreaIndex.locate_many per point", bulk, naive_time, "loop over all polygons")


def bench_weekly() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lagesbild.settings")
    import django

    django.setup()
    from django.utils import timezone

    from lagesbild.areas.models import Municipality
    from lagesbild.briefings.services import weekly_picture
    from lagesbild.core.weeks import IsoWeek
    from lagesbild.demo.services import MUNICIPALITY_CODE, create_demo
    from lagesbild.organisations.access import system_viewer
    from lagesbild.reports.models import Report

    create_demo()
    municipality = Municipality.objects.get(code=MUNICIPALITY_CODE)
    viewer = system_viewer(frozenset({municipality.pk}))
    week = IsoWeek.containing(timezone.localdate()).previous()
    start, end = week.bounds(timezone.get_current_timezone())
    measured = per_call(lambda: weekly_picture(viewer, municipality, week))
    baseline = per_call(
        lambda: list(
            Report.objects.filter(
                municipality=municipality, occurred_from__gte=start, occurred_from__lt=end
            )
        )
    )
    report(f"weekly_picture {week}", measured, baseline, "fetch the week's reports")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--weekly", action="store_true", help="benchmark the weekly page on the demo database"
    )
    args = parser.parse_args()
    print(f"Lägesbild benchmarks, {date.today()}, Python {sys.version.split()[0]}")
    bench_scrub()
    bench_locate()
    if args.weekly:
        bench_weekly()


if __name__ == "__main__":
    main()
