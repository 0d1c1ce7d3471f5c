"""Property tests for what test_parsers_properties.py, test_privacy.py and test_disclosure.py
leave out: the shared parser helpers, the category vocabulary, name matching, and duplicates.

The last test checks that every parser module, the scrubber, disclosure control and duplicate
detection keep at least one Hypothesis test, so a new parser cannot arrive without one.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lagesbild.core import duplicates
from lagesbild.core.duplicates import duplicate_groups, haversine_m, is_candidate_pair
from lagesbild.core.parsers import bra, categories, common, district_population, policeuk
from lagesbild.core.parsers.common import ParseError

TESTS = Path(__file__).resolve().parent
CORE = TESTS.parent

# --- common: decoding, CSV rows, names ----------------------------------------------------------


@settings(max_examples=300)
@given(st.binary(max_size=200))
def test_decoding_any_bytes_gives_text_or_a_parse_error(data: bytes) -> None:
    try:
        text = common.decode_text(data, "x")
    except ParseError:
        return
    assert isinstance(text, str) and not text.startswith("\ufeff")


# Text the rules of core.text allow: no control characters but tab and line breaks.
ALLOWED_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\t\n\r"), max_size=80
)
REFUSED_CHARS = st.sampled_from("\x00\x01\x08\x0b\x0c\x1b\x1f\x7f\x85\x9f")


@given(ALLOWED_TEXT)
def test_utf8_text_decodes_to_itself_with_or_without_a_bom(text: str) -> None:
    text = text.lstrip("\ufeff")
    assert common.decode_text(text.encode(), "x") == text
    assert common.decode_text(b"\xef\xbb\xbf" + text.encode(), "x") == text


@given(ALLOWED_TEXT, REFUSED_CHARS, ALLOWED_TEXT)
def test_a_control_character_is_refused_at_its_line(before: str, char: str, after: str) -> None:
    before = before.lstrip("\ufeff")
    try:
        common.decode_text((before + char + after).encode(), "x.csv")
    except ParseError as error:
        assert error.line == before.count("\n") + 1
        assert f"U+{ord(char):04X}" in error.reason
    else:
        raise AssertionError("a control character was let through")


@given(st.text(max_size=200), st.sampled_from([";", ",", "\t"]))
def test_csv_rows_are_read_or_refused_with_a_parse_error(text: str, delimiter: str) -> None:
    try:
        rows = list(common.iter_csv_rows(text, "x", delimiter))
    except ParseError:
        return
    lines = [line for line, _cells in rows]
    assert lines == sorted(lines) and all(line >= 1 for line in lines)


NAME_PARTS = st.text(alphabet="abcåäöÅÄÖ -–—\u00a0\t", max_size=30)


@given(NAME_PARTS)
def test_normalising_a_name_twice_changes_nothing(name: str) -> None:
    once = common.normalise_text(name)
    assert common.normalise_text(once) == once
    assert once == once.strip() and "  " not in once


@given(NAME_PARTS)
def test_case_dashes_and_spaces_do_not_change_a_normalised_name(name: str) -> None:
    variant = name.upper().replace("-", "–").replace(" ", "\u00a0 ")
    assert common.normalise_text(variant) == common.normalise_text(name)


# --- categories: every source maps onto the shared vocabulary -----------------------------------

SOURCE_MAPS = {"bra": bra.DEFAULT_BRA_CATEGORY_MAP, "policeuk": policeuk.UK_CATEGORY_MAP}


@given(st.sampled_from([(s, k, v) for s, m in SOURCE_MAPS.items() for k, v in m.items()]))
def test_every_source_category_maps_onto_a_top_level_category(entry: tuple[str, str, str]) -> None:
    source, key, code = entry
    assert code in categories.TOP_LEVEL_CATEGORIES, f"{source}: {key!r} → {code!r}"
    assert categories.CATEGORY_LABELS[code]


# --- bra: municipality names --------------------------------------------------------------------

CODES = {"helsingborg": "1283", "ale": "1440", "malung-sälen": "2023"}


@given(st.text(max_size=40))
def test_resolving_any_name_gives_a_known_code_or_none(name: str) -> None:
    assert bra.resolve_municipality(name, CODES) in {None, *CODES.values()}
    assert all(isinstance(c, str) for c in bra.name_candidates(name))


@given(st.sampled_from(sorted(CODES)), st.sampled_from(["", " kommun", " stad"]), st.booleans())
def test_a_known_name_resolves_whatever_its_case_and_suffix(
    name: str, suffix: str, upper: bool
) -> None:
    written = (name + suffix).upper() if upper else (name + suffix).title()
    assert bra.resolve_municipality(written, CODES) == CODES[name]


# --- duplicates ---------------------------------------------------------------------------------

T0 = datetime(2024, 9, 11, 22, 0)
LATITUDES = st.floats(min_value=55.0, max_value=69.0)
LONGITUDES = st.floats(min_value=10.0, max_value=24.0)
POINTS = st.tuples(LATITUDES, LONGITUDES) | st.just((None, None))


@st.composite
def sightings(draw: st.DrawFn, max_size: int = 12) -> list[duplicates.Sighting]:
    """Sightings close in space and time, so that candidates are common."""
    n = draw(st.integers(min_value=0, max_value=max_size))
    found: list[duplicates.Sighting] = []
    for i in range(n):
        lat, lon = draw(
            st.tuples(st.floats(56.0, 56.006), st.floats(13.0, 13.006)) | st.just((None, None))
        )
        found.append(
            (
                i,
                draw(st.sampled_from(["brand", "skadegorelse"])),
                draw(st.sampled_from(["bevakning", "bostad", "polisen"])),
                T0 + timedelta(minutes=draw(st.integers(0, 400))),
                lat,
                lon,
            )
        )
    return found


@given(LATITUDES, LONGITUDES, LATITUDES, LONGITUDES)
def test_the_distance_is_symmetric_non_negative_and_zero_to_itself(
    lat1: float, lon1: float, lat2: float, lon2: float
) -> None:
    d = haversine_m(lat1, lon1, lat2, lon2)
    assert d >= 0 and haversine_m(lat1, lon1, lat1, lon1) == 0
    assert abs(d - haversine_m(lat2, lon2, lat1, lon1)) <= 1e-6 * max(1.0, d)


@given(sightings(max_size=2).filter(lambda s: len(s) == 2))
def test_being_a_candidate_pair_is_symmetric(pair: list[duplicates.Sighting]) -> None:
    a, b = pair
    assert is_candidate_pair(a, b) == is_candidate_pair(b, a)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(sightings())
def test_duplicate_groups_partition_the_sightings_and_keep_every_candidate_pair_together(
    found: list[duplicates.Sighting],
) -> None:
    groups = duplicate_groups(found)
    members = [i for group in groups for i in group]
    assert Counter(members) == Counter(s[0] for s in found)  # every id exactly once
    group_of = {i: n for n, group in enumerate(groups) for i in group}
    at = {s[0]: s[3] for s in found}
    for group in groups:
        assert [at[i] for i in group] == sorted(at[i] for i in group)
    for a in found:
        for b in found:
            if a[0] != b[0] and is_candidate_pair(a, b):
                assert group_of[a[0]] == group_of[b[0]]
    # A group of more than one holds only sightings linked by a chain of candidate pairs: so no
    # sighting without a point, and one category per group.
    by_id = {s[0]: s for s in found}
    for group in (g for g in groups if len(g) > 1):
        assert all(by_id[i][4] is not None for i in group)
        assert len({by_id[i][1] for i in group}) == 1


# --- district population: every row a record or an error at its line ------------------------------

POPULATION_ROW = st.tuples(
    st.sampled_from(["norr", "söder", "centrum", ""]),
    st.one_of(st.integers(1850, 2150).map(str), st.sampled_from(["", "20x5", "²⁰²⁴"])),
    st.one_of(
        st.integers(0, 2_000_000).map(lambda n: f"{n:,}".replace(",", " ")),
        st.sampled_from(["", "-5", "tolv", "1,5"]),
    ),
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(POPULATION_ROW, max_size=12))
def test_every_district_population_row_is_a_record_or_an_error_at_its_line(rows) -> None:
    lines = ["stadsdel;år;folkmängd", *(";".join(row) for row in rows)]
    result = district_population.parse_district_population(
        ("\n".join(lines) + "\n").encode(), "p.csv"
    )
    found = [r.line for r in result.records] + [e.line for e in result.errors]
    # A line of empty fields is a blank line, not a row (common.iter_csv_rows).
    rows_at = [line for line, row in enumerate(rows, start=2) if any(f.strip() for f in row)]
    assert sorted(found) == rows_at
    for record in result.records:
        assert 1900 <= record.year <= 2100 and record.population >= 0 and record.code
    keys = [(r.code, r.year) for r in result.records]
    assert len(keys) == len(set(keys))


# --- the rule: every parser and every privacy guard has a property test --------------------------

GUARDED = [
    *(f"parsers.{p.stem}" for p in sorted((CORE / "parsers").glob("*.py")) if p.stem != "__init__"),
    "privacy",
    "disclosure",
    "duplicates",
]


def _tested_modules() -> set[str]:
    """Return the core modules imported by a test file that holds a Hypothesis ``@given``."""
    found: set[str] = set()
    for path in TESTS.glob("test_*.py"):
        text = path.read_text(encoding="utf-8")
        if "@given" not in text:
            continue
        for match in re.finditer(r"from lagesbild\.core(\.[\w.]+)? import ([\w, ()\n]+)", text):
            package = (match.group(1) or "").lstrip(".")
            for name in re.findall(r"\w+", match.group(2)):
                found.add(f"{package}.{name}" if package else name)
                found.add(package)
    return found


def test_every_parser_and_privacy_guard_has_a_property_test() -> None:
    tested = _tested_modules()
    missing = [module for module in GUARDED if module not in tested]
    assert not missing, f"add a Hypothesis test for: {missing}"
