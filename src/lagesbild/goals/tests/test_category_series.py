"""A Brå series stored under a category's code ("kategori:skadegorelse") is read back to that code
by ``official.importing.category_code_of_series``, the one reverse of ``category_series_name``
(the goals' source text read it by hand)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lagesbild.goals.dashboard import source_text
from lagesbild.goals.models import Indicator
from lagesbild.official.importing import category_code_of_series, category_series_name


@pytest.mark.parametrize("code", ["skadegorelse", "narkotika_fynd", "våld"])
def test_a_category_series_name_gives_its_code_back(code: str) -> None:
    assert category_series_name(code) == f"kategori:{code}"
    assert category_code_of_series(category_series_name(code)) == code


@pytest.mark.parametrize(
    "series",
    [
        # A Brå crime type, a Kolada KPI, Brå's total, nothing, another case, a leading space.
        "Brott mot brottsbalken, 8-12 kap. Brott mot förmögenhet, 12 kap. Skadegörelsebrott",
        "N07403",
        "Totalt antal brott",
        "",
        "Kategori:stold",
        " kategori:stold",
    ],
)
def test_a_series_not_named_after_a_category_has_no_code(series: str) -> None:
    assert category_code_of_series(series) is None


def test_the_bare_prefix_names_no_category() -> None:
    assert category_code_of_series("kategori:") is None


@pytest.mark.django_db
def test_a_source_typed_as_the_bare_prefix_is_shown_as_typed_without_a_query() -> None:
    # It looked up the category with the code '' (none) before saying so.
    indicator = Indicator(kind=Indicator.Kind.OFFICIAL, official_series="kategori:")
    with CaptureQueriesContext(connection) as queries:
        assert source_text(indicator) == "Officiell statistik: kategori:"
    assert len(queries) == 0
