"""A tqdm progress bar as the ``progress(done, total)`` callback the import services take."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from tqdm import tqdm

from lagesbild.official.importing import Progress


@contextmanager
def progress_bar(description: str) -> Iterator[Progress]:
    """Yield a callback that draws a bar on standard error (only on a terminal)."""
    # disable=None: tqdm turns itself off when stderr is not a terminal (cron, tests, pipes).
    bar = tqdm(desc=description, unit=" rader", file=sys.stderr, disable=None, leave=False)

    def update(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    try:
        yield update
    finally:
        bar.close()
