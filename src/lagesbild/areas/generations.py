"""The generation of a municipality's cached pages: part of every key they are cached under.

Every announced change (``signals.announce_change``) gives the municipality a new random
generation in the writing transaction (``briefings.caching.on_change``), so the pages cached
under the old one (the week, the report lists) are unreachable the moment the write commits.
Here, below every app that caches a page, so that any of them may read it.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from lagesbild.areas.models import CacheGeneration


def generation(municipality_id: int) -> int:
    """Return the municipality's generation, starting it (at a random value) the first time.

    A random start: a municipality deleted and made again under the same id can never meet
    cache entries of its predecessor.
    """
    row = CacheGeneration.objects.filter(pk=municipality_id).values_list("value", flat=True)
    for value in row:
        return value
    created, _ = CacheGeneration.objects.get_or_create(
        municipality_id=municipality_id, defaults={"value": secrets.randbits(62)}
    )
    return created.value


def generations(municipality_ids: Iterable[int]) -> dict[int, int]:
    """Return the generation of each municipality, in one query once all have one."""
    wanted = set(municipality_ids)
    found = dict(CacheGeneration.objects.filter(pk__in=wanted).values_list("pk", "value"))
    for missing in wanted - found.keys():
        found[missing] = generation(missing)
    return found
