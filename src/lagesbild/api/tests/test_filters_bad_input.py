"""A filter value with a NUL or control character is a 400 with a message, on every database
(PostgreSQL refuses NUL in a query parameter: it was a 500 there)."""

from __future__ import annotations

import pytest

from lagesbild.testing import Cast, client_for


@pytest.mark.parametrize("name", ["category", "district", "organisation"])
@pytest.mark.parametrize("path", ["/api/v1/reports/", "/api/v1/reports/export.csv"])
def test_a_filter_with_a_nul_is_answered_400(cast: Cast, name: str, path: str) -> None:
    response = client_for(cast.cecilia).get(path, {name: "klotter\x00x"})
    assert response.status_code == 400
    assert name in response.json()["detail"]
