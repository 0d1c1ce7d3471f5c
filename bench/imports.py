"""Imports through the app's own entry points against a bare bulk insert of the same rows.

The partner CSV goes through ``reports.importing.import_reports`` and the police events through
``official.importing.import_polisen``, as the web page and the command call them. The baseline
inserts the rows those imports stored (read back column by column, under new keys) with
``bare_insert`` in one transaction that is committed, as the import commits its rows (until
2026-12-06 it was rolled back, which left the commit out of the baseline alone: on SQLite 18–24
µs a partner row); the copies are deleted afterwards, outside the timing, so the database is
left as the import left it. Re-importing the unchanged file is measured against the fresh import.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from bench.common import figure, note, timed
from bench.data import bare_insert, insert_columns, stored_rows
from lagesbild.core.parsers.polisen import SWEDISH_MONTHS

TYPES = ("Brand", "Stöld", "Misshandel", "Inbrott", "Skadegörelse", "Trafikolycka")
MONTHS = tuple(SWEDISH_MONTHS)  # januari … december, as the titles write them


def bench_imports(label: str, rows: int) -> None:
    _partner_csv(label, rows)
    _police_events(label, rows)


def _baseline(model: Any, queryset: Any, rekey: str) -> float:
    """Seconds to insert the rows of ``queryset`` again under new keys in one committed
    transaction; the copies are deleted afterwards, untimed."""
    from django.db import connection, transaction
    from django.db.models import Max

    from lagesbild.web.bulk import binary_copy_types

    columns = insert_columns(model)
    rows = stored_rows(queryset, columns)
    key = columns.index(rekey)
    rows = [(*r[:key], _rekeyed(r[key]), *r[key + 1 :]) for r in rows]

    # The binary COPY where the rows allow it, as the imports use it (text COPY otherwise).
    by_column = {field.column: field for field in model._meta.concrete_fields}
    fields = [by_column[c] for c in columns]
    types = binary_copy_types(fields, rows) if connection.vendor == "postgresql" else []

    def insert_and_commit() -> None:
        with transaction.atomic():
            bare_insert(model._meta.db_table, columns, rows, types)

    last = model.objects.aggregate(last=Max("pk"))["last"] or 0
    _, seconds = timed(insert_and_commit)
    _delete_after(model._meta.db_table, last)
    return seconds


def _delete_after(table: str, last: int) -> None:
    """Delete the baseline's copies: the rows after ``last`` (plain SQL, as they came in)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)} WHERE id > %s", [last])


def _rekeyed(key: Any) -> Any:
    return key + 1_000_000_000 if isinstance(key, int) else f"{key}-bare"


def _partner_csv(label: str, rows: int) -> None:
    from django.utils import timezone

    from bench.data import subject
    from lagesbild.areas.models import Area
    from lagesbild.categories.models import Category
    from lagesbild.organisations.models import Organisation
    from lagesbild.reports.importing import import_reports
    from lagesbild.reports.models import Report

    measured = subject()
    organisation = Organisation.objects.get(municipality__code=measured.code, slug=measured.partner)
    categories = list(
        Category.objects.filter(active=True, sensitive=False).values_list("code", flat=True)
    )
    districts = list(
        Area.objects.filter(municipality__code=measured.code).values_list("code", flat=True)
    )
    run = timezone.now().strftime("%Y%m%d%H%M%S")
    start = timezone.localtime() - timedelta(days=300)
    # 97 minutes apart, closer for a file that would otherwise reach into the future (refused).
    step = min(timedelta(minutes=97), timedelta(days=299) / max(rows, 1))
    lines = ["Externt id;Kategori;Från;Stadsdel;Plats;Beskrivning;Otrygghet"]
    for i in range(rows):
        when = start + step * i
        lines.append(
            f"bench-{run}-{i};{categories[i % len(categories)]};{when:%Y-%m-%d %H:%M};"
            f"{districts[i % len(districts)]};Gata {i % 50};"
            f"Klotter på fasad nummer {i}, ring 070-123 45 67;{1 + i % 3}"
        )
    data = ("\r\n".join(lines) + "\r\n").encode("utf-8")
    name = f"bench-{run}.csv"
    summary, fresh = timed(lambda: import_reports(data, name, organisation))
    if summary.errors:
        note(label, f"partner CSV import refused: {summary.errors[:3]}")
        return
    imported = Report.objects.filter(
        organisation=organisation, external_id__startswith=f"bench-{run}-"
    )
    baseline = _baseline(Report, imported, "external_id")
    figure(
        label,
        f"partner CSV import ({rows} rows)",
        rows / fresh,
        "rows/s",
        "bare insert of the same rows",
        rows / baseline,
    )
    _, again = timed(lambda: import_reports(data, name, organisation))
    figure(label, "partner CSV re-import, unchanged", again, "s", "fresh import", fresh)


def _police_events(label: str, rows: int) -> None:
    from django.db.models import Max
    from django.utils import timezone

    from lagesbild.official.importing import import_polisen
    from lagesbild.official.models import PoliceEvent
    from lagesbild.official.municipalities import all_municipalities

    names = list(all_municipalities().values())
    first = (PoliceEvent.objects.aggregate(last=Max("event_id"))["last"] or 0) + 1
    now = timezone.localtime().replace(second=0, microsecond=0)
    events = []
    for i in range(rows):
        when = now - timedelta(minutes=11 * i)
        kind, town = TYPES[i % len(TYPES)], names[i % len(names)]
        title = f"{when.day} {MONTHS[when.month - 1]} {when:%H.%M}, {kind}, {town}"
        events.append(
            {
                "id": first + i,
                "datetime": when.strftime("%Y-%m-%d %H:%M:%S %z")[:-2]
                + ":"
                + when.strftime("%z")[-2:],
                "name": title,
                "summary": f"{kind} vid en adress i {town}.",
                "url": f"/aktuellt/handelser/bench/{first + i}/",
                "type": kind,
                "location": {"name": town, "gps": "59.3293,18.0686"},
            }
        )
    data = json.dumps(events, ensure_ascii=False).encode("utf-8")
    summary, fresh = timed(lambda: import_polisen(data, "bench-events.json"))
    if summary.errors:
        note(label, f"police event import refused: {summary.errors[:3]}")
        return
    imported = PoliceEvent.objects.filter(event_id__gte=first, event_id__lt=first + rows)
    baseline = _baseline(PoliceEvent, imported, "event_id")
    figure(
        label,
        f"police event import ({rows} events)",
        rows / fresh,
        "rows/s",
        "bare insert of the same rows",
        rows / baseline,
    )
    _, again = timed(lambda: import_polisen(data, "bench-events.json"))
    figure(label, "police event re-import, unchanged", again, "s", "fresh import", fresh)
