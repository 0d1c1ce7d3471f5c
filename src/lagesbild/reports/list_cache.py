"""The report lists' pages, cached per viewer class, request and data generation; their count,
bounded.

Caching. A page of the report list (web) or of ``/api/v1/reports/`` depends on the reports the
viewer may see and read, which ``organisations.access.viewer_class`` names exactly per
municipality, on the request's parameters and on the data. The key holds, for each of the
viewer's municipalities, its class and its generation (``areas.generations``: every write that
changes a report, its measures, or a name shown on its row announces a change and gets a new
one), the language and the parameters; a filter that depends on the person (``?visa=mina``) or
on the day adds them (``outcomes.filter_key``). So equal keys mean equal pages, and a write
makes the old page unreachable when it commits. The access layer is still asked on every
request (the class is derived from the caller's memberships), and the audit of sensitive reads
is written per request, from the sensitive report ids kept with the page.

The pages are kept in each server process's memory only (``CACHES["lists"]``): a miss costs
one page's queries, less than a round trip to a shared cache would save.

Counting. The page count was a COUNT(*) over every report the viewer may list: its cost grew
with the municipality. ``BoundedPaginator`` counts no further than the page asked for needs
(at least ``COUNT_BOUND`` rows): beyond, the count is a lower bound and says so (``exact``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from functools import cached_property
from typing import Any, TypeVar, cast

from django.core.cache import caches
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.translation import get_language

from lagesbild.areas.generations import generations
from lagesbild.organisations.access import Viewer, viewer_class

T = TypeVar("T")

# Part of every key: raise it when a cached page changes shape.
LIST_FORMAT = 2  # 2: the table's cells carry data-label (rows-on-phone)
# How long a page lives at most (a write makes it unreachable at once).
LIST_SECONDS = 3600
# Pages of more rows than this are computed each time (the API's page_size goes to 500).
LARGEST_CACHED_PAGE = 100
# The count stops here on the first pages: "more than 100 000 reports". Counting as far costs a
# few milliseconds (an index), so most municipalities see their exact number; a city with a
# million reports does not pay for counting them all on every uncached page.
COUNT_BOUND = 100_000


def list_key(viewer: Viewer, part: str, params: Mapping[str, str]) -> str:
    """The key of a page of list ``part`` as ``viewer`` sees it with ``params``, now."""
    ids = sorted(viewer.municipality_ids)
    at = generations(ids)
    sight = ";".join(f"{m}:{at[m]}:{viewer_class(viewer, m)}" for m in ids)
    asked = "&".join(f"{k}={v}" for k, v in sorted(params.items()))
    seen = f"{sight}|{get_language() or ''}|{asked}"
    digest = hashlib.sha256(seen.encode()).hexdigest()[:40]
    return f"lagesbild:list:{LIST_FORMAT}:{part}:{digest}"


def cached_list_page(
    viewer: Viewer, part: str, params: Mapping[str, str], compute: Callable[[], T]
) -> T:
    """Return ``compute()``, kept under ``list_key``. The generations are read before anything
    is computed, so what is stored under a key is at least as new as that generation's data."""
    key = list_key(viewer, part, params)
    local = caches["lists"]
    hit = local.get(key)
    if hit is not None:
        return cast(T, hit)
    computed = compute()
    local.set(key, computed, LIST_SECONDS)
    return computed


# Far beyond any list: a larger number would overflow the count's LIMIT (a 64-bit integer).
MAX_ASKED_PAGE = 10**12


def asked_page(raw: Any) -> int | None:
    """The page number a request asked for, or None when it is no positive whole number that a
    list could have."""
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return None
    return number if 1 <= number <= MAX_ASKED_PAGE else None


class BoundedPaginator(Paginator):
    """A paginator that counts only as far as page ``asked`` needs, and at least COUNT_BOUND.

    When fewer rows are found, the count is exact and every page is where Django's paginator
    puts it. When the bound is reached, ``count`` is the bound (a lower bound of the real
    number, ``exact`` False): the asked page is then a full page with a next one after it, so
    the page, its rows and its "next" link are those of the exact count too.
    ``asked`` None counts everything (for "the last page").
    """

    def __init__(self, object_list: Any, per_page: int, asked: int | None = 1, **kwargs: Any):
        super().__init__(object_list, per_page, **kwargs)
        self.limit = None if asked is None else max(COUNT_BOUND, asked * per_page) + 1

    @cached_property
    def count(self) -> int:
        if self.limit is None:
            return super().count
        # The primary keys only, unordered: the database stops after ``limit`` rows.
        rows = cast(QuerySet, self.object_list)
        return rows.order_by().values("pk")[: self.limit].count()

    @property
    def exact(self) -> bool:
        """Whether ``count`` is the number of rows; otherwise more than ``count - 1`` exist."""
        return self.limit is None or self.count < self.limit

    @property
    def at_least(self) -> int:
        """The number the list can name: the count, or the bound it passed."""
        return self.count if self.exact else self.count - 1
