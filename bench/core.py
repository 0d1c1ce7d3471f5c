"""Pure-core benchmarks: the text scrubber and the district lookup, each against a naive way."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bench.common import per_call, report

ROOT = Path(__file__).resolve().parents[1]


def bench_core() -> None:
    bench_scrub()
    bench_locate()


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
