"""Tests for the Brå parsers: the real SOL extract and inline yearly CSVs."""

from __future__ import annotations

import functools
import json
from collections import Counter

import pytest

from lagesbild.core.parsers.bra import (
    DEFAULT_BRA_CATEGORY_MAP,
    PERSON_THEFT_CRIME_TYPES,
    SOL_COLUMNS,
    TOTAL_CRIME_TYPE,
    BraStatistic,
    category_counts,
    municipality_codes,
    name_candidates,
    parse_municipality_csv,
    parse_sol_extract,
    resolve_municipality,
)
from lagesbild.core.parsers.categories import TOP_LEVEL_CATEGORIES
from lagesbild.core.parsers.common import ParseError
from lagesbild.core.tests.samples import sample_path

BOM = "\ufeff"
NBSP = "\u00a0"
EXTRACT = ("bra", "lulea-statistik-BR-brottsstatistik-latest.csv")


@functools.cache
def _codes() -> dict[str, str]:
    path = sample_path("geo", "swedish_municipalities-okfse.geojson")
    return municipality_codes(json.loads(path.read_bytes()))


@functools.cache
def _extract():
    path = sample_path(*EXTRACT)
    return parse_sol_extract(path.read_bytes(), path.name, codes=_codes())


def _cell(municipality: str, crime_type: str) -> BraStatistic:
    (record,) = [
        r
        for r in _extract().records
        if r.municipality_name == municipality and r.crime_type == crime_type
    ]
    return record


def test_the_geojson_gives_290_municipality_codes_with_helsingborg_1283() -> None:
    codes = _codes()
    assert len(codes) == 290
    assert codes["helsingborg"] == "1283"
    assert resolve_municipality("Helsingborg", codes) == "1283"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Arjeplogs kommun", "2506"),
        ("Göteborgs stad", "1480"),
        ("Region Gotland", "0980"),
        ("Gotlands kommun", "0980"),
        ("Borås stad", "1490"),
        ("Falu kommun", "2080"),
        ("Mora kommun", "2062"),
        ("Habo kommun", "0643"),
        ("Håbo kommun", "0305"),
        ("Malå kommun", "2418"),
        ("Ale kommun", "1440"),
        ("Bollnäs kommun", "2183"),
        ("Kils kommun", "1715"),
        ("Grums kommun", "1764"),
        ("Grums", "1764"),
        ("Hofors kommun", "2104"),
        ("Malung\u2013Sälen", "2023"),
        ("Malung-Sälens kommun", "2023"),
        ("Upplands Väsby kommun", "0114"),
        ("Upplands-Bro kommun", "0139"),
        ("Dals-Eds kommun", "1438"),
        ("HELSINGBORGS STAD", "1283"),
    ],
)
def test_tricky_municipality_names_resolve_to_the_geojson_code(name: str, code: str) -> None:
    assert resolve_municipality(name, _codes()) == code


def test_names_are_only_resolved_to_municipalities_that_exist() -> None:
    assert resolve_municipality("Spånga-Tensta", _codes()) is None
    assert resolve_municipality("Skåne län", _codes()) is None
    # "Grums" must be tried before its s is stripped.
    assert name_candidates("Grums kommun")[:2] == ["grums kommun", "grums"]


def test_the_real_extract_parses_all_82_rows_without_errors() -> None:
    result = _extract()
    assert len(result.records) == 82
    assert result.errors == result.skipped == ()
    assert Counter(r.municipality_name for r in result.records) == {"Boden": 41, "Luleå": 41}
    assert {r.municipality_code for r in result.records} == {"2582", "2580"}
    assert {r.period for r in result.records} == {"2026-08"}
    assert all(r.preliminary for r in result.records)


def test_real_cells_match_the_file_exactly() -> None:
    total = _cell("Luleå", "Totalt antal brott")
    assert (total.count, total.per_100k, total.line, total.crime_type_path) == (
        652,
        812.0,
        45,
        ("Totalt antal brott",),
    )
    vandalism = _cell("Luleå", "12 kap. Skadegörelsebrott")
    assert (vandalism.count, vandalism.per_100k) == (72, 90.0)
    assert vandalism.crime_type_path == (
        "Brott mot brottsbalken",
        "8-12 kap. Brott mot förmögenhet",
        "12 kap. Skadegörelsebrott",
    )
    theft = _cell("Luleå", "8 kap. Stöld, rån m.m.")
    assert (theft.count, theft.per_100k) == (207, 258.0)
    robbery = _cell("Luleå", "därav rån, inkl. grovt")
    assert (robbery.count, robbery.crime_type_path[-2]) == (1, "8 kap. Stöld, rån m.m.")
    drugs = _cell("Luleå", "Brott mot narkotikastrafflagen")
    assert (drugs.count, drugs.per_100k) == (38, 47.0)
    assert _cell("Boden", "Totalt antal brott").count == 225
    assert _cell("Boden", "Brott mot bidragsbrottslagen").count == 2


def test_every_real_crime_type_has_a_consistent_tree_position() -> None:
    depths = Counter(
        len(r.crime_type_path) for r in _extract().records if r.municipality_name == "Luleå"
    )
    assert depths == {1: 3, 2: 14, 3: 16, 4: 8}


def test_mapped_categories_add_up_to_the_total_without_double_counting() -> None:
    counts = category_counts(_extract().records)
    assert sum(counts[("Luleå", "2026-08")].values()) == 652
    assert sum(counts[("Boden", "2026-08")].values()) == 225
    luleå = counts[("Luleå", "2026-08")]
    # Robbery (1) moves from theft (207) to violence.
    assert luleå["stold"] == 206
    assert luleå["skadegorelse"] == 72
    assert luleå["narkotika"] == 38
    assert luleå["valfard"] == 3


def test_the_default_category_map_uses_only_top_level_codes_and_covers_every_leaf() -> None:
    assert set(DEFAULT_BRA_CATEGORY_MAP.values()) <= set(TOP_LEVEL_CATEGORIES)
    labels = {r.crime_type for r in _extract().records}
    parents = {r.crime_type_path[-2] for r in _extract().records if len(r.crime_type_path) > 1}
    # "Totalt antal brott" has no children in the tree but is the sum of
    # both level-1 branches, so it is the one leaf left unmapped.
    leaves = labels - parents - {TOTAL_CRIME_TYPE}
    assert leaves <= set(DEFAULT_BRA_CATEGORY_MAP)


def test_an_unknown_municipality_in_the_extract_is_a_row_error() -> None:
    raw = sample_path(*EXTRACT).read_text(encoding="utf-8")
    header, first = raw.split("\n")[:2]
    broken = first.replace(",Boden,", ",Atlantis,")
    result = parse_sol_extract(f"{header}\n{first}\n{broken}\n".encode(), "x.csv", codes=_codes())
    assert len(result.records) == 1
    assert [(e.line, "Atlantis" in e.reason) for e in result.errors] == [(3, True)]


def test_a_file_that_is_not_a_sol_extract_raises_parse_error() -> None:
    with pytest.raises(ParseError):
        parse_sol_extract(b"Kommun,Antal\nAle,3\n", "x.csv")


def _yearly(text: str) -> bytes:
    return (BOM + text.replace("\n", "\r\n")).encode("utf-8")


def test_the_2023_layout_with_header_bom_crlf_and_nbsp_thousands_parses() -> None:
    data = _yearly(
        "Kommun;Antal;Per 100 000 inv.\n"
        f"Ale;2{NBSP}537;7810\n"
        "Alingsås;4 293;10 100\n"
        f"Helsingborg;13{NBSP}002;8{NBSP}756\n"
        "Hela landet;1 400 000;13 300\n"
    )
    result = parse_municipality_csv(data, "2023.csv", year=2023, codes=_codes())
    assert result.errors == ()
    assert [(r.municipality_code, r.count, r.per_100k, r.line) for r in result.records] == [
        ("1440", 2537, 7810.0, 2),
        ("1489", 4293, 10100.0, 3),
        ("1283", 13002, 8756.0, 4),
    ]
    assert [(s.line, "Hela landet" in s.reason) for s in result.skipped] == [(5, True)]
    first = result.records[0]
    assert (first.period, first.crime_type, first.crime_type_path, first.preliminary) == (
        "2023",
        "Totalt antal brott",
        ("Totalt antal brott",),
        False,
    )


def test_the_2021_layout_without_header_and_with_kommun_suffixes_parses() -> None:
    data = _yearly(
        "Ale kommun;2731;8547\n"
        "Arjeplogs kommun;190;6 390\n"
        "Malung\u2013Sälens kommun;700;7 000\n"
        "Spånga-Tensta;5 000;12 000\n"
        "Falu kommun;5 500;9 500\n"
    )
    result = parse_municipality_csv(data, "2021.csv", year=2021, codes=_codes())
    assert [(r.municipality_name, r.municipality_code, r.count) for r in result.records] == [
        ("Ale kommun", "1440", 2731),
        ("Arjeplogs kommun", "2506", 190),
        ("Malung\u2013Sälens kommun", "2023", 700),
        ("Falu kommun", "2080", 5500),
    ]
    assert [(e.line, "Spånga-Tensta" in e.reason) for e in result.errors] == [(4, True)]


def test_a_yearly_file_without_rate_column_gives_no_rate() -> None:
    result = parse_municipality_csv(
        _yearly("Ale;2537\nLund;..\n"), "x.csv", year=2024, crime_type="Stöld"
    )
    assert [(r.municipality_code, r.count, r.per_100k, r.crime_type) for r in result.records] == [
        (None, 2537, None, "Stöld"),
        (None, None, None, "Stöld"),
    ]


def test_bad_numbers_in_the_yearly_file_are_row_errors_with_lines() -> None:
    result = parse_municipality_csv(
        _yearly("Kommun;Antal\nAle;12,5\nLund;abc\nLomma;-3\nYstad;7\n"), "x.csv", year=2024
    )
    assert [r.municipality_name for r in result.records] == ["Ystad"]
    assert [e.line for e in result.errors] == [2, 3, 4]


def test_an_excel_resaved_cp1252_yearly_file_is_decoded() -> None:
    data = "Kommun;Antal\r\nAlingsås;4293\r\n".encode("cp1252")
    (record,) = parse_municipality_csv(data, "x.csv", year=2023, codes=_codes()).records
    assert (record.municipality_name, record.municipality_code) == ("Alingsås", "1489")


def test_a_comma_separated_file_is_not_taken_for_a_yearly_file() -> None:
    with pytest.raises(ParseError):
        parse_municipality_csv(b"Kommun,Antal\nAle,3\n", "x.csv", year=2023)


def test_person_theft_items_exist_in_the_real_tree_under_chapter_8() -> None:
    items = [r for r in _extract().records if r.crime_type in PERSON_THEFT_CRIME_TYPES]
    assert {r.crime_type_path[-2] for r in items} == {"8 kap. Stöld, rån m.m."}
    assert sum(r.count for r in items if r.municipality_name == "Luleå") == 12 + 1


# --- the yearly and the monthly tree map onto the same categories ------------------------------

_CH8 = ("Brott mot brottsbalken", "8-12 kap. Brott mot förmögenhet", "8 kap. Stöld, rån m.m.")
_CH12 = ("Brott mot brottsbalken", "8-12 kap. Brott mot förmögenhet", "12 kap. Skadegörelsebrott")
_OVRIG = (*_CH8, "Övrig stöld (1, 2, 4 §)")
# Brå's annual crime-type table (Lulea-statistik/BR-brottsstatistik categories_annual.csv):
# no "därav" items; robbery is a child of 8 kap., pickpocketing a child of "Övrig stöld", and
# breakdowns below level 5 are flattened into the label ("Fickstöld, Mot äldre/…").
YEARLY_TREE = [
    (("Totalt antal brott",), 1000),
    (_CH8, 400),
    ((*_CH8, "Rån, inkl. grovt (5, 6 §)"), 15),
    (_OVRIG, 200),
    ((*_OVRIG, "Fickstöld"), 30),
    ((*_OVRIG, "Fickstöld, Mot äldre/funktionsnedsatt"), 4),
    (_CH12, 100),
]
# The monthly municipality tree (FORMATS.md §2D): the same crimes as "därav" items.
MONTHLY_TREE = [
    (("Totalt antal brott",), 1000),
    (_CH8, 400),
    ((*_CH8, "därav rån, inkl. grovt"), 15),
    ((*_CH8, "därav fickstöld"), 30),
    (_CH12, 100),
]


def _sol_extract(tree: list[tuple[tuple[str, ...], int]], month: int | None) -> bytes:
    header = ",".join(SOL_COLUMNS)
    lines = [header]
    for path, count in tree:
        levels = [", ".join(path[: i + 1]) for i in range(len(path))]
        row = {
            "År": "2024",
            "Månad": "" if month is None else f"{month}.0",
            "Periodtyp": "År" if month is None else "Månad",
            "Preliminär": "False",
            "Kommun": "Luleå",
            "Brott": levels[-1],
            "Brottsnivå": str(len(path)),
            **{f"Nivå{i + 1}": levels[i] for i in range(len(levels))},
            "Antal": f"{count}.0",
        }
        lines.append(",".join(f'"{row.get(c, "")}"' for c in SOL_COLUMNS))
    return "\n".join(lines).encode("utf-8")


@pytest.mark.parametrize(("tree", "month", "period"), [
    (YEARLY_TREE, None, "2024"),
    (MONTHLY_TREE, 3, "2024-03"),
])  # fmt: skip
def test_both_trees_move_robbery_to_violence_and_find_thefts_against_persons(
    tree: list[tuple[tuple[str, ...], int]], month: int | None, period: str
) -> None:
    result = parse_sol_extract(_sol_extract(tree, month), "extract.csv")
    assert not result.errors
    counts = category_counts(result.records)[("Luleå", period)]
    assert counts == {"stold": 385, "vald": 15, "skadegorelse": 100}
    person = [r for r in result.records if r.crime_type in PERSON_THEFT_CRIME_TYPES]
    assert sum(r.count or 0 for r in person) == 15 + 30
    # A breakdown of pickpocketing is not a second count of it.
    assert "Fickstöld, Mot äldre/funktionsnedsatt" not in PERSON_THEFT_CRIME_TYPES
