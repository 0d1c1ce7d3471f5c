"""A system check of the folder the worker writes its files to (``LAGESBILD_MEDIA_DIR``).

Every ``lagesbild`` command runs Django's system checks first, ``lagesbild worker`` and
``lagesbild check --deploy`` included. A folder the worker cannot write started cleanly, and then
every PDF and large export failed with "ett oväntat fel (OSError)"; now each start names it.
A warning, not an error: the worker's schedule (the retention purge, reminders) needs no files
and keeps running.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Warning

FOLDER_NOT_WRITABLE = "lagesbild.W001"


def files_folder_problem(folder: Path) -> str | None:
    """Why files cannot be written under ``folder`` (made on first use), or None if they can."""
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        return f"{str(existing)!r} is a file, not a folder"
    # access(2) answers for this process's user, and EROFS on a read-only file system.
    if not os.access(existing, os.W_OK | os.X_OK):
        return f"{str(existing)!r} cannot be written by this user or is on a read-only file system"
    return None


def check_files_folder(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    folder = Path(settings.MEDIA_ROOT)
    problem = files_folder_problem(folder)
    if problem is None:
        return []
    return [
        Warning(
            f"LAGESBILD_MEDIA_DIR {str(folder)!r} cannot be written: {problem}.",
            hint="Background jobs (PDFs, large exports) fail until the worker can write there.",
            id=FOLDER_NOT_WRITABLE,
        )
    ]
