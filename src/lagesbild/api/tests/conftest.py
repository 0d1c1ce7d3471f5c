from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Start every test with no calls counted: the throttle counts live in the process's cache."""
    cache.clear()
    yield
    cache.clear()
