"""A system check that the maps' library is there to be collected.

Leaflet comes from npm (``node_modules``, ``LAGESBILD_NODE_MODULES``). Where settings do not find
it, ``collectstatic`` collected everything else without a word, and with DEBUG off the weekly
page, the report form and the public form answered 500 (their templates name Leaflet's files).
That happens after ``pip install .`` into a virtual environment (the default folder is then
looked for inside it) or before ``npm ci``. Every ``lagesbild`` command, ``collectstatic`` and
``check --deploy`` included, now names it; ``/readyz`` refuses a server whose collected files
lack them (web/health.py).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.checks import CheckMessage, Warning

VENDOR_NOT_FOUND = "lagesbild.W002"
# The files of npm packages that templates name with {% static %}.
PAGE_VENDOR_FILES = ("vendor/leaflet/leaflet.css", "vendor/leaflet/leaflet.js")


def check_vendor_files(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    missing = [name for name in PAGE_VENDOR_FILES if finders.find(name) is None]
    if not missing:
        return []
    return [
        Warning(
            f"Leaflet is not found where LAGESBILD_NODE_MODULES points "
            f"({settings.NODE_MODULES_DIR}): {', '.join(missing)} cannot be collected, and the "
            "weekly page and the report forms answer 500 without them.",
            hint="Run 'npm ci' in the repository, or set LAGESBILD_NODE_MODULES to the folder "
            "that holds leaflet/; then 'lagesbild collectstatic --noinput'.",
            id=VENDOR_NOT_FOUND,
        )
    ]
