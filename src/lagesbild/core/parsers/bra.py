"""Parsers for Brå's reported-crime statistics (anmälda brott).

Two inputs are supported (``shared/realdata/FORMATS.md`` §2):

* the yearly per-municipality CSV "Anmälda brott i kommunerna YYYY" from
  bra.se: UTF-8 with BOM, ``;``, CRLF, one row per municipality with the
  total count and (usually) the rate per 100 000 inhabitants. The 2021 file
  has no header and names such as "Arjeplogs kommun"; from 2023 the header
  is ``Kommun;Antal;Per 100 000 inv.`` and names are bare. Neither the year
  nor the crime type is in the file, so the caller passes them;
* extracts of Brå's statistics database SOL in the 25-column layout of the
  Lulea-statistik/BR-brottsstatistik repository (``År, Månad, …, Nivå1 …
  Nivå5, Antal, Per100000, …``), which carry the crime-type tree.

Municipality names are mapped to four-digit SCB codes with a table built
from the municipality GeoJSON (:func:`municipality_codes`). A name is only
ever resolved to a name that exists in that table, so the forgiving name
rules (" kommun", genitive s, …) cannot invent a municipality.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from lagesbild.core.i18n import gettext as _

from .common import (
    ParseError,
    ParseResult,
    RowProblem,
    collect_rows,
    decode_text,
    iter_csv_rows,
    normalise_text,
    parse_swedish_int,
    parse_swedish_number,
    skip_row,
)

__all__ = [
    "DEFAULT_BRA_CATEGORY_MAP",
    "NAME_ALIASES",
    "PERSON_THEFT_CRIME_TYPES",
    "SOL_COLUMNS",
    "TOTAL_CRIME_TYPE",
    "BraStatistic",
    "category_counts",
    "municipality_codes",
    "name_candidates",
    "parse_municipality_csv",
    "parse_sol_extract",
    "resolve_municipality",
]

#: Label of the root of Brå's crime-type tree, used for the yearly totals.
TOTAL_CRIME_TYPE = "Totalt antal brott"

#: Column header of the SOL extract layout, in file order.
SOL_COLUMNS: tuple[str, ...] = (
    "År",
    "Månad",
    "Kvartal",
    "Periodtyp",
    "Periodetikett",
    "Periodnyckel",
    "Period_start",
    "Period_slut",
    "Preliminär",
    "Kommun",
    "Region_ID",
    "Brott",
    "Brott_ID",
    "Brottsnivå",
    "Förälder_ID",
    "Förälder",
    "Nivå1",
    "Nivå2",
    "Nivå3",
    "Nivå4",
    "Nivå5",
    "Antal",
    "Per100000",
    "Status_Antal",
    "Status_Per100000",
)
_LEVEL_COLUMNS = ("Nivå1", "Nivå2", "Nivå3", "Nivå4", "Nivå5")

#: Irregular genitive forms that the generic rules cannot undo
#: ("Falu kommun" is Falun). Keys and values are normalised names.
NAME_ALIASES: Mapping[str, str] = {"falu": "falun"}

# Rows of the yearly CSV that are totals, not municipalities.
_COUNTRY_ROWS = frozenset({"hela landet", "riket", "sverige", "totalt", "samtliga kommuner"})
_PREFIXES = ("region ",)
_SUFFIXES = (" kommun", " stad")
_PRELIMINARY = {"true": True, "false": False, "1": True, "0": False}

#: Brå crime types (the last element of the crime-type path) mapped onto
#: the top-level categories of :mod:`lagesbild.core.parsers.categories`.
#:
#: Aggregate nodes ("Totalt antal brott", "Brott mot brottsbalken",
#: "3-7 kap. Brott mot person", …) are deliberately absent: every crime is
#: counted through exactly one mapped node, so the categories of one
#: municipality and period add up to "Totalt antal brott".
#:
#: "därav …" items (monthly tree) and children of a mapped node (yearly
#: tree) are subsets of their nearest mapped ancestor, not siblings. One mapped
#: to its ancestor's category adds nothing (it is already in the ancestor);
#: one mapped elsewhere is moved: robbery is violence, so "därav rån, inkl.
#: grovt" and "Rån, inkl. grovt (5, 6 §)" are added to ``vald`` and taken
#: out of ``stold``.
#: See :func:`category_counts`.
#:
#: Judgement calls, all overridable: 13 kap. (mordbrand, allmänfarlig
#: ödeläggelse) → brand; 17 kap. (mostly våld eller hot mot tjänsteman) and
#: Vapenlagen → vald, matching the police.uk mapping of weapons; Alkohollagen
#: → ordning. No SOL node measures organised crime or unsafe environments;
#: ``organiserad`` and ``otrygg_miljo`` are fed by other sources.
DEFAULT_BRA_CATEGORY_MAP: dict[str, str] = {
    "3 kap. Brott mot liv och hälsa": "vald",
    "därav misshandel inkl. grov": "vald",
    "4 kap. Brott mot frihet och frid": "vald",
    "5 kap. Ärekränkningsbrott": "ovrigt",
    "6 kap. Sexualbrott": "vald",
    "7 kap. Brott mot familj": "ovrigt",
    "8 kap. Stöld, rån m.m.": "stold",
    "därav biltillgrepp": "stold",
    "därav cykeltillgrepp": "stold",
    "därav fickstöld": "stold",
    "därav inbrottsstöld i bostad": "stold",
    "därav stöld och snatteri i butik, varuhus o.d.": "stold",
    "därav stöld ur och från motordrivet fordon": "stold",
    "därav rån, inkl. grovt": "vald",
    # The yearly tree has no "därav" items: robbery is a child of 8 kap. and pickpocketing a
    # child of "Övrig stöld (1, 2, 4 §)" (Brå's annual crime-type table).
    "Rån, inkl. grovt (5, 6 §)": "vald",
    "Fickstöld": "stold",
    "9 kap. Bedrägeri och annan oredlighet": "ovrigt",
    "10 kap. Förskingring och annan trolöshet": "ovrigt",
    "11 kap. Brott mot borgenärer m.m.": "ovrigt",
    "12 kap. Skadegörelsebrott": "skadegorelse",
    "13 kap. Allmänfarliga brott": "brand",
    "14 kap. Förfalskningsbrott": "ovrigt",
    "15 kap. Mened, falskt åtal m.m.": "ovrigt",
    "16 kap. Brott mot allmän ordning": "ordning",
    "17 kap. Brott mot allmän verksamhet": "vald",
    "18-20 kap. Högmålsbrott, brott mot rikets säkerhet, tjänstefel m.m.": "ovrigt",
    "22 kap. Om landsförräderi m.m.": "ovrigt",
    "Alkohollagen": "ordning",
    "Brott mot bidragsbrottslagen": "valfard",
    "Brott mot miljöbalken": "ovrigt",
    "Brott mot narkotikastrafflagen": "narkotika",
    "Brott mot skattebrottslagen m.m.": "ovrigt",
    "Brott mot trafikbrottslagen": "ovrigt",
    "Lag om straff för smuggling": "ovrigt",
    "Vapenlagen": "vald",
    "Övriga specialstraffrättsliga författningar": "ovrigt",
}

#: "Thefts against persons" is not one SOL node. In the monthly municipality tree
#: the items that are thefts from a person are two "därav" items of "8 kap. Stöld,
#: rån m.m." (FORMATS.md §2D); in the yearly tree they are "Rån, inkl. grovt (5, 6 §)",
#: a child of 8 kap., and "Fickstöld", a child of "Övrig stöld (1, 2, 4 §)". Within
#: one tree they are disjoint, so their counts may be added.
PERSON_THEFT_CRIME_TYPES: tuple[str, ...] = (
    "därav fickstöld",
    "därav rån, inkl. grovt",
    "Fickstöld",
    "Rån, inkl. grovt (5, 6 §)",
)


@dataclass(frozen=True, slots=True)
class BraStatistic:
    """One cell of Brå's reported-crime statistics.

    Attributes
    ----------
    municipality_name : str
        The name as written in the file.
    municipality_code : str or None
        Four-digit SCB code, None when no code table was given.
    crime_type : str
        The crime type's own label, e.g. "12 kap. Skadegörelsebrott".
    crime_type_path : tuple of str
        Labels from the root of Brå's tree down to this crime type.
    period : str
        "2026" for a year, "2026-08" for a month, "2026-Q3" for a quarter.
    count : int or None
        Number of reported crimes; None when not published.
    per_100k : float or None
        Reported crimes per 100 000 inhabitants; None when not published.
    preliminary : bool
        True for preliminary figures (frozen as final each February).
    line : int
        1-based line in the source file.
    """

    municipality_name: str
    municipality_code: str | None
    crime_type: str
    crime_type_path: tuple[str, ...]
    period: str
    count: int | None
    per_100k: float | None
    preliminary: bool
    line: int


def municipality_codes(geojson: Mapping[str, Any]) -> dict[str, str]:
    """Build the normalised-name → SCB code table from the municipality GeoJSON.

    Parameters
    ----------
    geojson : Mapping
        The decoded ``swedish_municipalities-okfse.geojson``
        FeatureCollection; each feature has ``properties.kom_namn``
        ("Helsingborg") and ``properties.id`` ("1283").

    Returns
    -------
    dict of str to str
        Keys normalised with :func:`~lagesbild.core.parsers.common.normalise_text`.

    Raises
    ------
    ValueError
        If a feature lacks a name or a four-digit code, or two features
        share a name.
    """
    features = geojson.get("features")
    if not isinstance(features, list):
        raise ValueError("GeoJSON has no features list")
    table: dict[str, str] = {}
    for feature in features:
        name, code = _feature_name_and_code(feature)
        key = normalise_text(name)
        if key in table:
            raise ValueError(f"municipality name {name!r} occurs twice")
        table[key] = code
    return table


def _feature_name_and_code(feature: Any) -> tuple[str, str]:
    properties = feature.get("properties") if isinstance(feature, Mapping) else None
    if not isinstance(properties, Mapping):
        raise ValueError("GeoJSON feature without properties")
    name, code = properties.get("kom_namn"), properties.get("id")
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"feature {code!r} has no kom_namn")
    if not isinstance(code, str) or len(code) != 4 or not code.isascii() or not code.isdigit():
        raise ValueError(f"feature {name!r} has no four-digit id")
    return name, code


def name_candidates(name: str) -> list[str]:
    """List the normalised spellings a municipality name may stand for.

    The order matters: the name as given comes first, so "Grums", "Hofors"
    and "Borås" (which end in s) are found before the genitive rule would
    strip their s. Then "Region " and " kommun"/" stad" are removed, then a
    genitive s, then :data:`NAME_ALIASES`, and finally hyphen/space variants
    ("Upplands-Väsby").

    Parameters
    ----------
    name : str
        A name such as "Arjeplogs kommun", "Region Gotland", "Malung–Sälen".

    Returns
    -------
    list of str
        Distinct normalised candidates, most literal first.
    """
    base = normalise_text(name)
    stems = [base, *_without_affixes(base)]
    stems += [stem[:-1] for stem in stems if stem.endswith("s") and len(stem) > 2]
    stems += [NAME_ALIASES[stem] for stem in stems if stem in NAME_ALIASES]
    stems += [stem.replace("-", " ") for stem in stems] + [stem.replace(" ", "-") for stem in stems]
    return list(dict.fromkeys(stem for stem in stems if stem))


def _without_affixes(name: str) -> list[str]:
    stripped = name
    for prefix in _PREFIXES:
        stripped = stripped.removeprefix(prefix)
    for suffix in _SUFFIXES:
        stripped = stripped.removesuffix(suffix)
    return [stripped] if stripped != name else []


def resolve_municipality(name: str, codes: Mapping[str, str]) -> str | None:
    """Return the SCB code for a municipality name, or None if unknown.

    Parameters
    ----------
    name : str
        Name in any of Brå's spellings.
    codes : Mapping
        Table from :func:`municipality_codes`.

    Returns
    -------
    str or None
        The four-digit code of the first candidate that exists in ``codes``.
    """
    for candidate in name_candidates(name):
        if candidate in codes:
            return codes[candidate]
    return None


def _code_for(name: str, codes: Mapping[str, str] | None) -> str | None:
    if codes is None:
        return None
    code = resolve_municipality(name, codes)
    if code is None:
        raise RowProblem(_("okänd kommun %(name)r") % {"name": name})
    return code


def _count(text: str, what: str) -> int | None:
    try:
        value = parse_swedish_int(text)
    except ValueError as exc:
        raise RowProblem(f"{what}: {exc}") from None
    if value is not None and value < 0:
        raise RowProblem(_negative(what, text))
    return value


def _negative(what: str, text: str) -> str:
    return _("%(what)s %(value)r är negativt") % {"what": what, "value": text}


def _rate(text: str, what: str) -> float | None:
    try:
        value = parse_swedish_number(text)
    except ValueError as exc:
        raise RowProblem(f"{what}: {exc}") from None
    if value is not None and value < 0:
        raise RowProblem(_negative(what, text))
    return value


# --- yearly per-municipality CSV -------------------------------------------


def parse_municipality_csv(
    data: bytes,
    source: str,
    *,
    year: int,
    crime_type: str = TOTAL_CRIME_TYPE,
    codes: Mapping[str, str] | None = None,
    preliminary: bool = False,
) -> ParseResult[BraStatistic]:
    """Parse Brå's yearly "Anmälda brott i kommunerna" CSV.

    Both layouts are accepted: with the header ``Kommun;Antal;Per 100 000
    inv.`` (2023 on) or without a header (2021). The rate column may be
    absent. Thousands may be separated by spaces or NBSP. "Hela landet" /
    "Riket" rows are skipped, not errors.

    Parameters
    ----------
    data : bytes
        The file (UTF-8 with or without BOM; cp1252 if re-saved by Excel).
    source : str
        File name, used in errors.
    year : int
        The year the file covers (it is not in the file).
    crime_type : str, optional
        The crime type the file counts; defaults to all reported crimes.
    codes : Mapping, optional
        Name → code table from :func:`municipality_codes`. When given, an
        unknown name is a row error (Stockholm's stadsdelar in the 2021 file
        end up there, since they are not municipalities).
    preliminary : bool, optional
        Mark the figures as preliminary (default False: the file holds final
        figures).

    Returns
    -------
    ParseResult of BraStatistic
        One record per municipality row.

    Raises
    ------
    ParseError
        If the file is empty or not ``;``-separated.
    """
    rows = list(iter_csv_rows(decode_text(data, source), source, ";"))
    if not rows:
        raise ParseError(source, _("filen är tom"))
    if len(rows[0][1]) < 2:
        raise ParseError(source, _("ingen semikolonseparerad kommunfil från Brå"))
    if normalise_text(rows[0][1][0]) == "kommun":
        rows = rows[1:]
    period = f"{year:04d}"

    def parse_row(fields: list[str], line: int) -> BraStatistic:
        return _yearly_row(fields, line, period, crime_type, codes, preliminary)

    records, errors, skipped = collect_rows(rows, source, parse_row)
    return ParseResult(tuple(records), tuple(errors), tuple(skipped))


def _yearly_row(
    fields: list[str],
    line: int,
    period: str,
    crime_type: str,
    codes: Mapping[str, str] | None,
    preliminary: bool,
) -> BraStatistic:
    values = [field.strip() for field in fields]
    while len(values) > 3 and not values[-1]:
        values.pop()  # trailing ";" written by spreadsheets
    if len(values) not in (2, 3):
        raise RowProblem(_("väntade 2 eller 3 fält, fann %(found)d") % {"found": len(values)})
    name = values[0]
    if not name:
        raise RowProblem(_("kommunnamnet är tomt"))
    if normalise_text(name) in _COUNTRY_ROWS:
        raise skip_row(_("%(name)r är en siffra för hela landet") % {"name": name})
    return BraStatistic(
        municipality_name=name,
        municipality_code=_code_for(name, codes),
        crime_type=crime_type,
        crime_type_path=(crime_type,),
        period=period,
        count=_count(values[1], "Antal"),
        per_100k=_rate(values[2], "Per 100 000 inv.") if len(values) == 3 else None,
        preliminary=preliminary,
        line=line,
    )


# --- SOL extract -------------------------------------------------------------


def parse_sol_extract(
    data: bytes, source: str, *, codes: Mapping[str, str] | None = None
) -> ParseResult[BraStatistic]:
    """Parse an extract of Brå's SOL database in the 25-column layout.

    Parameters
    ----------
    data : bytes
        Comma-separated UTF-8 text with the header :data:`SOL_COLUMNS`
        (extra columns are ignored, missing ones are fatal).
    source : str
        File name, used in errors.
    codes : Mapping, optional
        Name → code table from :func:`municipality_codes`; when given,
        unknown municipality names are row errors.

    Returns
    -------
    ParseResult of BraStatistic
        One record per row, with the crime-type path from the Nivå columns.

    Raises
    ------
    ParseError
        If the header lacks a required column.
    """
    rows = iter_csv_rows(decode_text(data, source), source, ",")
    first = next(rows, None)
    if first is None:
        raise ParseError(source, _("filen är tom"))
    header = [name.strip() for name in first[1]]
    missing = [column for column in SOL_COLUMNS if column not in header]
    if missing:
        raise ParseError(
            source,
            _("inget uttag ur Brås statistikdatabas: kolumner saknas: %(missing)s")
            % {"missing": ", ".join(missing)},
        )

    def parse_row(fields: list[str], line: int) -> BraStatistic:
        if len(fields) != len(header):
            raise RowProblem(
                _("väntade %(expected)d fält, fann %(found)d")
                % {"expected": len(header), "found": len(fields)}
            )
        return _sol_row(
            dict(zip(header, (field.strip() for field in fields), strict=True)), line, codes
        )

    records, errors, skipped = collect_rows(rows, source, parse_row)
    return ParseResult(tuple(records), tuple(errors), tuple(skipped))


def _sol_row(row: Mapping[str, str], line: int, codes: Mapping[str, str] | None) -> BraStatistic:
    name = row["Kommun"]
    if not name:
        raise RowProblem(_("%(column)s är tom") % {"column": "Kommun"})
    path = _crime_type_path(row)
    return BraStatistic(
        municipality_name=name,
        municipality_code=_code_for(name, codes),
        crime_type=path[-1],
        crime_type_path=path,
        period=_sol_period(row),
        count=_count(row["Antal"], "Antal"),
        per_100k=_rate(row["Per100000"], "Per100000"),
        preliminary=_preliminary(row["Preliminär"]),
        line=line,
    )


def _crime_type_path(row: Mapping[str, str]) -> tuple[str, ...]:
    # Each NivåN holds the full path joined with ", " (as does Brott), and
    # labels contain commas themselves ("8 kap. Stöld, rån m.m."), so a
    # level's own label is NivåN minus the NivåN-1 prefix, not a split.
    levels = [row[column] for column in _LEVEL_COLUMNS]
    if not levels[0]:
        raise RowProblem(_("%(column)s är tom") % {"column": "Nivå1"})
    path = [levels[0]]
    for previous, current in zip(levels, levels[1:], strict=False):
        if not current:
            break
        if not current.startswith(previous + ", "):
            raise RowProblem(
                _("brottsnivån %(current)r fortsätter inte %(previous)r")
                % {"current": current, "previous": previous}
            )
        path.append(current[len(previous) + 2 :])
    deepest = levels[len(path) - 1]
    if row["Brott"] != deepest:
        raise RowProblem(
            _("Brott %(crime)r stämmer inte med radens Nivå-kolumner") % {"crime": row["Brott"]}
        )
    if row["Brottsnivå"] != str(len(path)):
        raise RowProblem(
            _("Brottsnivå %(level)r men Nivå-kolumnerna har %(levels)d nivåer")
            % {"level": row["Brottsnivå"], "levels": len(path)}
        )
    return tuple(path)


def _sol_period(row: Mapping[str, str]) -> str:
    year = _whole(row["År"], "År")
    kind = row["Periodtyp"]
    if kind == "År":
        return f"{year:04d}"
    if kind == "Månad":
        return f"{year:04d}-{_in_range(row['Månad'], 'Månad', 12):02d}"
    if kind == "Kvartal":
        return f"{year:04d}-Q{_in_range(row['Kvartal'], 'Kvartal', 4)}"
    raise RowProblem(_("okänd Periodtyp %(kind)r") % {"kind": kind})


def _whole(text: str, what: str) -> int:
    value = _count(text, what)
    if value is None:
        raise RowProblem(_("%(column)s är tom") % {"column": what})
    return value


def _in_range(text: str, what: str, highest: int) -> int:
    value = _whole(text, what)
    if not 1 <= value <= highest:
        raise RowProblem(
            _("%(column)s %(value)r ligger inte mellan 1 och %(highest)d")
            % {"column": what, "value": text, "highest": highest}
        )
    return value


def _preliminary(text: str) -> bool:
    flag = _PRELIMINARY.get(text.casefold())
    if flag is None:
        raise RowProblem(_("Preliminär %(value)r är varken True eller False") % {"value": text})
    return flag


# --- categories ----------------------------------------------------------------


def category_counts(
    statistics: Iterable[BraStatistic],
    mapping: Mapping[str, str] = DEFAULT_BRA_CATEGORY_MAP,
) -> dict[tuple[str, str], dict[str, int]]:
    """Sum counts per top-level category, per municipality and period.

    Parameters
    ----------
    statistics : iterable of BraStatistic
        Records from one or more files.
    mapping : Mapping, optional
        Crime type label → category code; see
        :data:`DEFAULT_BRA_CATEGORY_MAP` for the rules on "därav" items.

    Returns
    -------
    dict
        ``{(municipality_name, period): {category: count}}``. Records with
        unmapped crime types or a missing count are left out.
    """
    totals: dict[tuple[str, str], dict[str, int]] = {}
    for record in statistics:
        if record.count is None or record.crime_type not in mapping:
            continue
        bucket = totals.setdefault((record.municipality_name, record.period), {})
        for category, delta in _contributions(record, mapping):
            bucket[category] = bucket.get(category, 0) + delta
    return totals


def _contributions(record: BraStatistic, mapping: Mapping[str, str]) -> Sequence[tuple[str, int]]:
    category = mapping[record.crime_type]
    count = record.count or 0
    # A mapped crime type below a mapped one is part of it: a "därav" item of the monthly
    # tree, or a child of the yearly tree ("Rån, inkl. grovt (5, 6 §)" under "8 kap.").
    ancestors = (mapping.get(label) for label in reversed(record.crime_type_path[:-1]))
    parent = next((code for code in ancestors if code is not None), None)
    if parent == category:
        return []  # already counted in the parent
    if parent is None:
        return [(category, count)]
    return [(category, count), (parent, -count)]
