"""The packaged municipality table is the GeoJSON's, name for name and code for code."""

from __future__ import annotations

import json

from lagesbild.core.parsers.bra import municipality_codes
from lagesbild.core.tests.samples import sample_path
from lagesbild.official.municipalities import all_municipalities, codes_by_name, resolve


def test_the_packaged_table_equals_the_municipality_geojson() -> None:
    geojson = json.loads(
        sample_path("geo", "swedish_municipalities-okfse.geojson").read_text("utf-8")
    )
    assert len(all_municipalities()) == 290
    assert codes_by_name() == municipality_codes(geojson)


def test_a_municipality_is_found_by_code_or_by_any_spelling_of_its_name() -> None:
    assert (
        resolve("1283")
        == resolve("Helsingborg")
        == resolve("Helsingborgs kommun")
        == ("1283", "Helsingborg")
    )
    assert resolve("Malung-Sälen") == ("2023", "Malung-Sälen")
    assert resolve("9999") is None and resolve("Exempelstad") is None
