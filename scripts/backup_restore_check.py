"""Check that a backup of Lägesbild's PostgreSQL database restores to the same data.

    python scripts/backup_restore_check.py postgres://user@host:5432/lagesbild [--dump FILE]

Dumps the database with ``pg_dump --format=custom`` (or takes an existing dump with ``--dump``),
restores it with ``pg_restore`` into a new, empty database beside it on the same server, counts the
rows of every table in both and prints the comparison. Exit code 0 when every table has the same
number of rows, 1 when any differs or is missing, 2 when a step fails. The new database is dropped
afterwards unless ``--keep`` is given. Needs pg_dump, pg_restore and the right to create a
database; docs/operations.md, "Backup and restore".
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

import psycopg
from psycopg import sql

TABLES = """
SELECT table_schema, table_name FROM information_schema.tables
WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
ORDER BY 1, 2
"""


class StepFailed(Exception):
    """pg_dump or pg_restore failed (it has said why on standard error)."""


def without_password(url: str) -> str:
    """``url`` with its password left out, for command lines and messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", "@", 1)).geturl()


def _pg(command: list[str], url: str) -> None:
    """Run pg_dump or pg_restore on ``url``: its password goes in PGPASSWORD, not on the command
    line, where ``ps`` would show it and a failure's message would repeat it."""
    password = urlsplit(url).password
    environment = {**os.environ, **({"PGPASSWORD": unquote(password)} if password else {})}
    try:
        subprocess.run(
            [part.replace(url, without_password(url)) for part in command],
            env=environment,
            check=True,
        )
    except subprocess.CalledProcessError as exc:
        raise StepFailed(f"{command[0]} ended with exit code {exc.returncode}") from None


def dump(url: str, target: Path) -> None:
    """Write the database at ``url`` to ``target`` as pg_dump's custom (compressed) format."""
    _pg(
        ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}", url],
        url,
    )


def restore(dump_file: Path, url: str) -> None:
    """Restore ``dump_file`` into the empty database at ``url``; stop at the first error."""
    _pg(
        ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error"]
        + [f"--dbname={url}", str(dump_file)],
        url,
    )


def row_counts(url: str) -> dict[str, int]:
    """Return ``schema.table`` → number of rows, for every table of the database."""
    counts = {}
    with psycopg.connect(url) as connection:
        for schema, table in connection.execute(TABLES).fetchall():
            query = sql.SQL("SELECT count(*) FROM {}.{}").format(
                sql.Identifier(schema), sql.Identifier(table)
            )
            row = connection.execute(query).fetchone()
            counts[f"{schema}.{table}"] = row[0] if row else 0
    return counts


def differences(original: dict[str, int], restored: dict[str, int]) -> list[str]:
    """Describe every table whose count differs or that one side lacks; empty when equal."""
    found = []
    for table in sorted(original.keys() | restored.keys()):
        before, after = original.get(table), restored.get(table)
        if before != after:
            found.append(
                f"{table}: {before if before is not None else 'missing'} rows before, "
                f"{after if after is not None else 'missing'} after the restore"
            )
    return found


@contextmanager
def fresh_database(url: str, keep: bool = False) -> Iterator[str]:
    """Create an empty database beside the one at ``url``; drop it afterwards unless ``keep``."""
    parts = urlsplit(url)
    name = f"{parts.path.strip('/')}_restore_check_{os.getpid()}"
    maintenance = parts._replace(path="/postgres").geturl()
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(drop)
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield parts._replace(path=f"/{name}").geturl()
    finally:
        if not keep:
            with psycopg.connect(maintenance, autocommit=True) as connection:
                connection.execute(drop)


def check(url: str, dump_file: Path | None = None, keep: bool = False) -> list[str]:
    """Dump (unless given a dump), restore into a fresh database, return the differences."""
    with tempfile.TemporaryDirectory() as folder:
        if dump_file is None:
            dump_file = Path(folder) / "lagesbild.dump"
            dump(url, dump_file)
        original = row_counts(url)
        with fresh_database(url, keep) as restored_url:
            restore(dump_file, restored_url)
            restored = row_counts(restored_url)
            if keep:
                print(f"restored database kept: {without_password(restored_url)}")
    print(f"{len(original)} tables, {sum(original.values())} rows in the original")
    return differences(original, restored)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", help="postgres://user@host:5432/name of the database to check")
    parser.add_argument("--dump", type=Path, help="check this pg_dump custom-format file instead")
    parser.add_argument("--keep", action="store_true", help="keep the restored database")
    args = parser.parse_args(argv)
    if not args.url.startswith(("postgres://", "postgresql://")):
        parser.error("the database must be a postgres:// URL")
    try:
        found = check(args.url, args.dump, args.keep)
    except (StepFailed, psycopg.Error, OSError) as exc:
        print(f"backup check failed: {exc}", file=sys.stderr)
        return 2
    for line in found:
        print(f"DIFFERS {line}")
    print("the restored copy equals the original" if not found else f"{len(found)} tables differ")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
