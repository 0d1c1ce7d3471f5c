"""The benchmark's databases: the demo, then synthetic reports by the bulk path up to a size.

A size is the number of reports in the database. ``demo`` is Exempelstad as ``lagesbild demo``
makes it; larger sizes add synthetic reports, a fifth of them in Exempelstad (so the weekly
picture's history grows with the size) and the rest spread over other real municipalities, by
``bare_insert`` (SQLite ``executemany`` in one transaction, PostgreSQL ``COPY``), then rebuild the
rollup of every municipality as ``lagesbild rollup rebuild`` does. A database that already has the
size is reused, so a second run measures at once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np

# "tiny" is the test cast (lagesbild.testing) with a few synthetic reports: the smoke test's size.
SIZES = {"tiny": 2_000, "demo": 0, "100k": 100_000, "1m": 1_000_000, "5m": 5_000_000}
DEMO_SHARE = 0.2  # of the synthetic reports, in Exempelstad
OTHER_MUNICIPALITIES = 60
HISTORY_DAYS = 5 * 365
CHUNK = 50_000


def size_rows(size: str) -> int:
    if size not in SIZES:
        raise SystemExit(f"unknown size {size!r}: choose from {', '.join(SIZES)}")
    return SIZES[size]


def bare_insert(
    table: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    binary_types: Sequence[str] = (),
) -> int:
    """Insert rows the fastest plain way this database has; return how many.

    The baseline of the import benchmarks and the bulk path of the data: PostgreSQL ``COPY``
    (in its binary format with ``binary_types``, the columns' types from
    ``web.bulk.binary_copy_types``, as the imports write rows that allow it), SQLite
    ``executemany`` (the caller holds the transaction).
    """
    from django.db import connection

    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    name = connection.ops.quote_name(table)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            binary = " (FORMAT BINARY)" if binary_types else ""
            with cursor.copy(f"COPY {name} ({quoted}) FROM STDIN{binary}") as copy:
                if binary_types:
                    copy.set_types(list(binary_types))
                for row in rows:
                    copy.write_row(row)
                    count += 1
        else:
            batch = list(rows)
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {name} ({quoted}) VALUES ({marks})", batch)
            count = len(batch)
    return count


def insert_columns(model: Any) -> list[str]:
    """The model's stored columns apart from its id."""
    return [f.column for f in model._meta.concrete_fields if not f.primary_key]


def stored_rows(queryset: Any, columns: Sequence[str]) -> list[tuple]:
    """The rows as stored, column by column, ready for ``bare_insert`` on this database."""
    from django.db import connection

    model = queryset.model
    fields = [next(f for f in model._meta.concrete_fields if f.column == c) for c in columns]
    values = queryset.order_by().values_list(*[f.attname for f in fields])
    adapt = [_adapter(f, connection) for f in fields]
    return [tuple(a(v) for a, v in zip(adapt, row, strict=True)) for row in values]


def _adapter(field: Any, connection: Any) -> Any:
    from django.db import models

    if connection.vendor == "sqlite" and isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.JSONField):
        return lambda v: None if v is None else json.dumps(v)
    return lambda v: v


@dataclass(frozen=True)
class Subject:
    """The municipality measured, its coordinator and the partner whose file is imported."""

    code: str
    coordinator: str
    partner: str


DEMO = Subject("9999", "samordnare", "bevakning")  # Exempelstad (lagesbild.demo)
CAST = Subject("0999", "cecilia", "bevakning")  # Exempeltorp (lagesbild.testing.make_cast)


def subject() -> Subject:
    """Exempelstad when this database has the demo, else the test cast's Exempeltorp."""
    from lagesbild.areas.models import Municipality

    return DEMO if Municipality.objects.filter(code=DEMO.code).exists() else CAST


@dataclass(frozen=True)
class Target:
    municipality_id: int
    organisation_ids: list[int]
    area_ids: list[int | None]


def prepare(size: str, log: Any) -> dict[str, int]:
    """Make the database hold ``size``: migrate, the demo, synthetic reports; return counts."""
    from django.core.management import call_command

    from lagesbild.areas.models import Municipality
    from lagesbild.reports.models import Report

    call_command("migrate", interactive=False, verbosity=0)
    if size == "tiny" and not Municipality.objects.filter(code=CAST.code).exists():
        from lagesbild.testing import make_cast

        log("creating the test cast (Exempeltorp)")
        make_cast()
    elif size != "tiny" and not Report.objects.filter(municipality__code=DEMO.code).exists():
        from lagesbild.demo.services import create_demo

        log("creating the demo (Exempelstad)")
        create_demo()
    _official_figures(subject().code)
    wanted = size_rows(size)
    have = Report.objects.count()
    if wanted > have:
        log(f"adding {wanted - have} synthetic reports by the bulk path")
        _add_synthetic(wanted - have, log)
    _analyze()
    return {"reports": Report.objects.count(), "municipalities": _municipalities_with_reports()}


def _analyze() -> None:
    """Do what autovacuum does on a live PostgreSQL server (this machine's runs without it).

    Without the statistics the planner takes the reports table for a dozen rows and sorts the
    whole municipality to show the report list's 50; without the visibility map a count of a
    municipality's million reports reads every row (330 ms instead of 47 ms at 5 M).
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def _official_figures(code: str) -> None:
    """Synthetic Brå figures and population for the subject, so that the yearly report is made."""
    from django.utils import timezone

    from lagesbild.categories.models import Category
    from lagesbild.core.parsers.bra import TOTAL_CRIME_TYPE
    from lagesbild.official.importing import category_series_name
    from lagesbild.official.models import OfficialStatistic, Population

    if OfficialStatistic.objects.filter(municipality_code=code).exists():
        return
    years = range(timezone.localdate().year - 10, timezone.localdate().year)
    series = [(None, TOTAL_CRIME_TYPE, 9000)] + [
        (c, category_series_name(c.code), 400)
        for c in Category.objects.filter(parent__isnull=True, active=True)
    ]
    OfficialStatistic.objects.bulk_create(
        OfficialStatistic(
            source=OfficialStatistic.Source.BRA,
            municipality_code=code,
            series=name,
            category=category,
            period=str(year),
            year=year,
            value=level + 37 * (year % 7),
        )
        for category, name, level in series
        for year in years
    )
    Population.objects.bulk_create(
        Population(municipality_code=code, year=year, population=80_000 + 500 * (year % 10))
        for year in years
    )


def _municipalities_with_reports() -> int:
    from lagesbild.reports.models import Report

    return Report.objects.order_by().values("municipality_id").distinct().count()


def _targets(other_municipalities: int) -> tuple[Target, list[Target]]:
    """The subject and the other municipalities, each with organisations (and districts)."""
    from lagesbild.areas.models import Area, Municipality
    from lagesbild.official.municipalities import all_municipalities
    from lagesbild.organisations.models import Organisation

    demo = Municipality.objects.get(code=subject().code)
    others = []
    names = [(c, n) for c, n in all_municipalities().items() if c not in {DEMO.code, CAST.code}]
    for code, name in names[:other_municipalities]:
        municipality, _ = Municipality.objects.get_or_create(code=code, defaults={"name": name})
        organisation, _ = Organisation.objects.get_or_create(
            municipality=municipality, slug="bench", defaults={"name": f"Benchpartner {name}"}
        )
        others.append(Target(municipality.pk, [organisation.pk], [None]))
    areas = list(Area.objects.filter(municipality=demo).values_list("pk", flat=True))
    organisations = list(
        Organisation.objects.filter(municipality=demo).values_list("pk", flat=True)
    )
    return Target(demo.pk, organisations, [*areas, None]), others


def _add_synthetic(count: int, log: Any) -> None:
    from django.db import transaction

    from lagesbild.categories.models import Category
    from lagesbild.reports.models import Report
    from lagesbild.reports.rollup import rebuild_counts

    demo, others = _targets(min(OTHER_MUNICIPALITIES, 2 + count // 10_000))
    categories = list(Category.objects.filter(active=True).values_list("pk", flat=True))
    columns = insert_columns(Report)
    in_demo = int(count * DEMO_SHARE)
    plan = [(demo, in_demo)] + [
        (target, share)
        for target, share in zip(others, _split(count - in_demo, len(others)), strict=True)
    ]
    drawn = _draw(plan, categories, np.random.default_rng(20261203))
    for number, start in enumerate(range(0, count, CHUNK)):
        with transaction.atomic():
            bare_insert(Report._meta.db_table, columns, _rows(drawn, start, CHUNK, columns))
        if number % 10 == 9 or start + CHUNK >= count:
            log(f"  {min(start + CHUNK, count)}/{count} rows")
    _analyze()
    for target, _ in plan:
        rebuild_counts(target.municipality_id)
    log("  rollup rebuilt")


def _draw(
    plan: list[tuple[Target, int]], categories: list[int], rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """Every synthetic report's values, oldest first over all municipalities.

    In the order a live system receives them: a week's reports then lie near each other on disk,
    among other municipalities' reports of the same days, as in a real database that grew over
    the years (the first benchmarks wrote them in random order, a page for every report read).
    """
    parts = []
    for target, n in plan:
        areas = np.array([-1 if a is None else a for a in target.area_ids])
        parts.append(
            {
                "minutes_ago": rng.integers(0, HISTORY_DAYS * 24 * 60, n),
                "municipality": np.full(n, target.municipality_id),
                "organisation": rng.choice(target.organisation_ids, n),
                "area": areas[rng.integers(0, len(areas), n)],
                "category": rng.choice(categories, n),
                "insecurity": rng.integers(1, 4, n),
            }
        )
    drawn = {key: np.concatenate([p[key] for p in parts]) for key in parts[0]}
    oldest_first = np.argsort(-drawn["minutes_ago"], kind="stable")
    return {key: values[oldest_first] for key, values in drawn.items()}


def _split(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def _rows(drawn: dict[str, np.ndarray], start: int, n: int, columns: list[str]) -> Iterator[tuple]:
    """The synthetic reports ``start`` to ``start + n`` of ``drawn``, as stored rows."""
    from django.db import connection

    from lagesbild.reports.models import Report

    now = datetime.now(UTC).replace(microsecond=0)
    adapt = (
        connection.ops.adapt_datetimefield_value if connection.vendor == "sqlite" else lambda v: v
    )
    stamp = adapt(now)
    defaults: dict[str, Any] = {
        f.column: f.get_default() for f in Report._meta.concrete_fields if not f.primary_key
    }
    defaults.update(
        {
            "created_at": stamp,
            "updated_at": stamp,
            "source": Report.Source.IMPORT,
            "review_status": Report.Review.ACCEPTED,
            "description": "Syntetisk rapport för prestandamätning.",
        }
    )
    values = zip(*(drawn[key][start : start + n].tolist() for key in drawn), strict=True)
    for minutes_ago, municipality, organisation, area, category, insecurity in values:
        occurred = now - timedelta(minutes=minutes_ago)
        row = dict(defaults)
        row.update(
            municipality_id=municipality,
            organisation_id=organisation,
            area_id=None if area < 0 else area,
            category_id=category,
            insecurity=insecurity,
            occurred_from=adapt(occurred),
            reported_at=adapt(occurred + timedelta(hours=1)),
        )
        yield tuple(row[c] for c in columns)
