"""The yearly report names a municipality set up under a code SCB does not list by its name.

The demo's Exempelstad (9999) was "Kommun 9999" on its own bar in every comparison chart, under
a report titled "Samverkansrapport 2025 – Exempelstad".
"""

from __future__ import annotations

from lagesbild.annual import queries
from lagesbild.testing import Cast


def test_a_stored_municipality_is_named_and_an_unknown_code_is_kommun_code(cast: Cast) -> None:
    assert cast.municipality.code == "0999"
    assert queries.municipality_name("0999") == "Exempeltorp"
    assert queries.municipality_name("1283") == "Helsingborg"  # SCB's list
    assert queries.municipality_name("0001") == "Kommun 0001"


def test_the_names_of_many_codes_cost_one_query(cast: Cast, django_assert_num_queries) -> None:
    with django_assert_num_queries(1):
        names = queries.municipality_names(["0999", "0998", "1283", "0001"])
    assert names == {
        "0999": "Exempeltorp",
        "0998": "Annanstad",
        "1283": "Helsingborg",
        "0001": "Kommun 0001",
    }
