"""Today's demo, built once for the modules of this package that read it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from lagesbild.testing import demo_outside_transactions


@pytest.fixture(scope="package")
def todays_demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[Any]:
    """The demo as ``lagesbild demo`` makes it today, shared by test_demo_history and test_menu
    (they only read it: each test's writes are rolled back) and removed after the package.

    The demo takes seconds to build (tens on PostgreSQL): built once, not once per module. The
    three modules of the package are one xdist group (src/conftest.py GROUPED_MODULES), run in
    their order on one worker, so test_demo.py, which builds its own demo of 2024, runs before
    this one is built.
    """
    with django_db_blocker.unblock(), demo_outside_transactions(timezone.localdate()) as built:
        yield built[0]
