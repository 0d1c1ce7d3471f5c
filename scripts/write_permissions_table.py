"""Write the access matrix's table into docs/permissions.md (the test checks that it is there).

.venv/bin/python scripts/write_permissions_table.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lagesbild.settings")
    import django

    django.setup()
    from lagesbild.web.tests.test_permission_matrix import (
        DOCS,
        TABLE_END,
        TABLE_START,
        matrix_table,
    )

    docs = DOCS.read_text(encoding="utf-8")
    start, end = docs.find(TABLE_START), docs.find(TABLE_END)
    if start < 0 or end < start:
        raise SystemExit(f"{DOCS} lacks the matrix markers")
    DOCS.write_text(docs[:start] + matrix_table() + docs[end + len(TABLE_END) :], encoding="utf-8")
    print(f"wrote the table into {DOCS}")


if __name__ == "__main__":
    main()
