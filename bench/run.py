"""Benchmarks: every figure beside a baseline measured in the same run (``make bench``).

    .venv/bin/python bench/run.py                                  # demo size, SQLite + PostgreSQL
    .venv/bin/python bench/run.py --sizes demo,1m --databases postgres \\
        --connections 64 --duration 180                            # the issue's load target
    .venv/bin/python bench/run.py --parts core                     # pure-core benchmarks only

For each database and size a database is made (SQLite file under --workdir, PostgreSQL database
<--db-prefix>_<size>) or reused, filled by the bulk path (bench/data.py), and measured in a
process of its own: imports (bench/imports.py), the week's computation against DuckDB
(bench/weekly.py), pages and the API under wrk against a trivial view (bench/load.py) and
documents against plain WeasyPrint/python-docx output (bench/documents.py).
Each line reads: [database size] figure value unit | baseline value unit | ratio (figure/baseline).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
for folder in (ROOT, ROOT / "src"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

PARTS = ("imports", "weekly", "load", "documents")
DATABASES = ("sqlite", "postgres")


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="demo", help="comma-separated: demo,100k,1m,5m")
    parser.add_argument("--databases", default="sqlite,postgres", help="sqlite,postgres")
    parser.add_argument(
        "--parts",
        default=",".join(PARTS),
        help=f"comma-separated: {','.join(PARTS)}, core (pure-core), data (only build the data)",
    )
    parser.add_argument("--import-rows", type=int, default=2000, help="rows per import file")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections")
    parser.add_argument("--duration", type=int, default=10, help="wrk seconds per endpoint")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--repeat", type=int, default=3, help="rounds per timed figure")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/lagesbild-bench"))
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--db-prefix", default="lb_bench")
    parser.add_argument("--rebuild", action="store_true", help="make the databases anew")
    parser.add_argument("--child", help=argparse.SUPPRESS)  # database:size, in its own process
    args = parser.parse_args(argv)
    args.parts = _choices(args.parts, (*PARTS, "core", "data"), "part")
    args.databases = _choices(args.databases, DATABASES, "database")
    from bench.data import size_rows

    args.sizes = [s for s in args.sizes.split(",") if s]
    for size in args.sizes:
        size_rows(size)
    return args


def _choices(text: str, allowed: tuple[str, ...], what: str) -> list[str]:
    chosen = [item for item in text.split(",") if item]
    unknown = [item for item in chosen if item not in allowed]
    if unknown:
        raise SystemExit(f"unknown {what} {', '.join(unknown)}: choose from {', '.join(allowed)}")
    return chosen


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    if args.child:
        return run_child(args)
    print(
        f"Lägesbild benchmarks, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, "
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs",
        flush=True,
    )
    print("command: bench/run.py " + " ".join(sys.argv[1:] if argv is None else argv), flush=True)
    if "core" in args.parts:
        from bench.core import bench_core

        bench_core()
    measured = [p for p in args.parts if p != "core"]
    if not measured:
        return 0
    args.workdir.mkdir(parents=True, exist_ok=True)
    failures = 0
    for database in args.databases:
        for size in args.sizes:
            failures += _run_one(args, database, size)
    return 1 if failures else 0


def _run_one(args: argparse.Namespace, database: str, size: str) -> int:
    """Measure one database at one size in a process of its own (Django's settings are global)."""
    url = _database_url(args, database, size)
    environment = {
        **{k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DJANGO_SETTINGS_MODULE"}},
        "DATABASE_URL": url,
        "LAGESBILD_DATA_DIR": str(args.workdir / f"{database}-{size}"),
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-not-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "false",
        "LAGESBILD_REQUIRE_2FA": "false",
        "LAGESBILD_API_RATE": "100000000/second",
        "LOG_LEVEL": "ERROR",
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "src")]),
    }
    argv = [sys.executable, str(Path(__file__).resolve()), "--child", f"{database}:{size}"]
    for flag in ("parts", "sizes", "databases"):
        argv += [f"--{flag}", ",".join(getattr(args, flag))]
    for flag in ("import_rows", "connections", "duration", "workers", "repeat", "workdir"):
        argv += [f"--{flag.replace('_', '-')}", str(getattr(args, flag))]
    started = time.monotonic()
    result = subprocess.run(argv, env=environment, check=False)
    print(
        f"[{database} {size}] finished in {time.monotonic() - started:.0f} s "
        f"(exit {result.returncode})",
        flush=True,
    )
    return 1 if result.returncode else 0


def _database_url(args: argparse.Namespace, database: str, size: str) -> str:
    if database == "sqlite":
        path = args.workdir / f"{args.db_prefix}_{size}.sqlite3"
        if args.rebuild:
            path.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg
    from psycopg import sql

    name = f"{args.db_prefix}_{size}"
    with psycopg.connect(args.postgres_url, autocommit=True) as connection:
        if args.rebuild:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return urlsplit(args.postgres_url)._replace(path=f"/{name}").geturl()


def run_child(args: argparse.Namespace) -> int:
    database, size = args.child.split(":")
    label = f"{database} {size}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lagesbild.settings")
    import django

    django.setup()
    from bench.common import note, section
    from bench.data import prepare

    section(f"{database}, size {size}")
    started = time.monotonic()
    counts = prepare(size, lambda text: note(label, text))
    note(
        label,
        f"{counts['reports']} reports in {counts['municipalities']} municipalities "
        f"(data ready in {time.monotonic() - started:.0f} s)",
    )
    if "imports" in args.parts:
        from bench.imports import bench_imports

        bench_imports(label, args.import_rows)
    if "weekly" in args.parts:
        from bench.weekly import bench_weekly

        bench_weekly(label, args.repeat)
    if "load" in args.parts:
        from bench.load import bench_load

        log = args.workdir / f"gunicorn-{database}-{size}.log"
        bench_load(label, args.connections, args.duration, args.workers, log)
    if "documents" in args.parts:
        from bench.documents import bench_documents

        bench_documents(label)
    return 0


if __name__ == "__main__":
    sys.exit(main())
