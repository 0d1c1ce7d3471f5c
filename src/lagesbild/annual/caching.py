"""The yearly report's page body, computed once per municipality, year, base year, viewer
class, language and day, and kept as the week's is (``briefings.caching.cached_value``).

A view computes ten years of every Brå category with their tests and trends, the peers and
fifteen charts: 0.2 s in a warm process, 2–3 s in a cold one. The key holds the
municipality's generation, which every change of the report's inputs moves in its transaction:
a report write (the partner volumes), a measure, a goal, an indicator or an entered value
(``goals.apps``), an import of Brå, Kolada, SCB or police figures, and such a figure changed in
the admin (``official.admin``, every municipality: the peers are other municipalities). The
viewer's class is in the key because the partner volumes count only what the viewer may see;
the day because the report is dated.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import get_language

from lagesbild.areas.generations import generation
from lagesbild.areas.models import Municipality
from lagesbild.briefings.caching import cached_value, viewer_class_digest
from lagesbild.organisations.access import Viewer, narrowed

# Part of the key: raise it when the body's template or the report's content changes.
# 2: the partner table closes with its total; 3: goal statuses tested; 4: the goals table says
# what the goals card says (units, years, the test), the trend column no signed zero.
CACHE_FORMAT = 4


def report_key(viewer: Viewer, municipality: Municipality, year: int, base_year: int | None) -> str:
    parts = [
        "lagesbild",
        "annual",
        CACHE_FORMAT,
        municipality.pk,
        generation(municipality.pk),
        year,
        base_year or "",
        timezone.localdate().isoformat(),
        viewer_class_digest(viewer, municipality.pk),
        get_language() or "",
    ]
    return ":".join(str(part) for part in parts)


def cached_report_body(
    viewer: Viewer,
    municipality: Municipality,
    year: int,
    base_year: int | None,
    render: Callable[[Viewer], str],
) -> str:
    """Return ``render(viewer narrowed to the municipality)``, from the cache when there; an
    error raised by ``render`` (no figures for the year) is raised again and nothing kept."""
    viewer = narrowed(viewer, municipality.pk)  # what the class describes, exactly
    key = report_key(viewer, municipality, year, base_year)
    return cached_value(key, lambda: render(viewer))
